//! The site index: every region in each of its languages, in that
//! language's own words, complete without its script, which is a file of
//! its own (the browser test runs it).

use crate::support::{Project, attrs, select, text_of};

#[test]
fn index_names_each_region_in_each_of_its_languages_own_words() {
    let project = Project::example();
    project.build();
    let index = project.page("index.html");
    let entries: Vec<(String, String, String, String)> = select(&index, ".chooser li[data-locale]")
        .into_iter()
        .map(|li| {
            let a = select_in(li, "a");
            (
                li.value().attr("lang").unwrap_or_default().to_string(),
                a.value().attr("hreflang").unwrap_or_default().to_string(),
                a.value().attr("href").unwrap_or_default().to_string(),
                text_of(a),
            )
        })
        .collect();
    let eu: Vec<_> = entries.iter().filter(|e| e.2.starts_with("eu/")).collect();
    assert_eq!(
        eu,
        [
            &(
                "en-US".to_string(),
                "en-US".to_string(),
                "eu/en-US/index.html".to_string(),
                "European Union · English".to_string()
            ),
            &(
                "de-DE".to_string(),
                "de-DE".to_string(),
                "eu/de-DE/index.html".to_string(),
                "Europäische Union · Deutsch".to_string()
            ),
        ]
    );
    let us_es = entries
        .iter()
        .find(|e| e.2 == "us/es-US/index.html")
        .expect("us in Spanish");
    assert_eq!(us_es.3, "Estados Unidos · Español");
    // Every region in every locale it publishes: 2 + 3 + 2 + 2.
    assert_eq!(entries.len(), 9);
    // Each entry carries the script's note in its own language.
    assert_eq!(
        attrs(
            &index,
            ".chooser li[data-locale=de-DE]",
            "data-browser-language"
        ),
        ["Sprache Ihres Browsers", "Sprache Ihres Browsers"]
    );
}

#[test]
fn index_script_is_a_file_of_its_own() {
    let project = Project::example();
    project.build();
    let index = project.page("index.html");
    assert_eq!(
        attrs(&index, "script", "src"),
        ["assets/chooser.js"],
        "one script, no inline one"
    );
    assert!(select(&index, "script:not([src])").is_empty());
    let script = project.read_out("assets/chooser.js");
    assert!(script.contains("navigator.languages"), "{script}");
    // Document pages have no script.
    let page = project.page("eu/de-DE/privacy/index.html");
    assert!(select(&page, "script").is_empty());
}

fn select_in<'a>(el: scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    let selector = scraper::Selector::parse(css).expect("a selector");
    el.select(&selector).next().expect("an element")
}
