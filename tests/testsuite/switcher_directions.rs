//! Text in another language or direction than its page says so: the
//! switchers' entries, a region's name shown in another locale's words,
//! and the site chooser's region headings carry `lang`, and `dir` when
//! the direction differs.

use scraper::Html;

use crate::support::{Project, select};

/// English (the default), Arabic and German: `gulf` publishes Arabic and
/// English with a name in each, `north` English and German with an
/// English name only, and `cairo` Arabic alone.
fn project() -> Project {
    let project = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Sandpiper Legal\ndefault_locale: en-US\nlocales: [en-US, ar-EG, de-DE]\n",
        ),
        (
            "policies/privacy/en-US.md",
            "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\nOrders.\n",
        ),
        (
            "policies/privacy/ar-EG.md",
            "---\ntitle: الخصوصية\n---\n\n## البيانات {#keep}\n\nالطلبات.\n",
        ),
        (
            "policies/privacy/de-DE.md",
            "---\ntitle: Datenschutz\n---\n\n## Daten {#keep}\n\nBestellungen.\n",
        ),
        (
            "regions/gulf.yaml",
            "locales: [en-US, ar-EG]\nname: {en-US: Gulf Coast, ar-EG: ساحل الخليج}\n",
        ),
        (
            "regions/north.yaml",
            "locales: [en-US, de-DE]\nname: {en-US: Northern Isles}\n",
        ),
        (
            "regions/cairo.yaml",
            "locales: [ar-EG]\nname: {ar-EG: القاهرة}\n",
        ),
    ]);
    project.build();
    project
}

/// `(text, lang, dir)` of each element `css` selects.
fn marked(page: &Html, css: &str) -> Vec<(String, Option<String>, Option<String>)> {
    select(page, css)
        .into_iter()
        .map(|e| {
            let attr = |name: &str| e.value().attr(name).map(str::to_string);
            (crate::support::text_of(e), attr("lang"), attr("dir"))
        })
        .collect()
}

fn find<'a>(
    list: &'a [(String, Option<String>, Option<String>)],
    text: &str,
) -> &'a (String, Option<String>, Option<String>) {
    list.iter()
        .find(|(t, ..)| t.contains(text))
        .unwrap_or_else(|| panic!("no {text:?} in {list:?}"))
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn language_switcher_entries_in_another_direction_carry_it() {
    let project = project();
    let ar = project.page("gulf/ar-EG/privacy/index.html");
    let languages = marked(&ar, ".language-switcher a");
    let (_, lang, dir) = find(&languages, "English");
    assert_eq!((lang, dir), (&some("en-US"), &some("ltr")));
    let en = project.page("gulf/en-US/privacy/index.html");
    let languages = marked(&en, ".language-switcher a");
    let arabic = languages
        .iter()
        .find(|(_, lang, _)| lang.as_deref() == Some("ar-EG"))
        .expect("an Arabic entry");
    assert_eq!(arabic.2, some("rtl"), "{languages:?}");
}

#[test]
fn a_region_name_shown_in_another_locales_words_is_marked() {
    let project = project();
    // North has no Arabic name and publishes no Arabic: its English
    // name shows on Arabic pages, left to right.
    let ar = project.page("gulf/ar-EG/privacy/index.html");
    let regions = marked(&ar, ".region-switcher a");
    let (_, lang, dir) = find(&regions, "Northern Isles");
    assert_eq!((lang, dir), (&some("en-US"), &some("ltr")));
    let (_, lang, dir) = find(&regions, "ساحل الخليج");
    assert_eq!((lang, dir), (&None, &None));
    // On German pages, its English name is marked English, same direction.
    let de = project.page("north/de-DE/privacy/index.html");
    let regions = marked(&de, ".region-switcher a");
    let (_, lang, dir) = find(&regions, "Northern Isles");
    assert_eq!((lang, dir), (&some("en-US"), &None));
    let (_, lang, _) = find(&regions, "Gulf Coast");
    assert_eq!(lang, &some("en-US"));
}

#[test]
fn the_chooser_marks_region_names_in_another_language() {
    let project = project();
    let index = project.page("index.html");
    let headings = marked(&index, "h3.region-name");
    let (_, lang, dir) = find(&headings, "القاهرة");
    assert_eq!((lang, dir), (&some("ar-EG"), &some("rtl")));
    let (_, lang, dir) = find(&headings, "Gulf Coast");
    assert_eq!((lang, dir), (&None, &None));
    // North's entry in German shows its English name, marked.
    let names = marked(&index, "li[lang=de-DE] .region-in-locale");
    let (_, lang, _) = find(&names, "Northern Isles");
    assert_eq!(lang, &some("en-US"));
}

#[test]
fn the_choosers_note_in_a_fallback_language_says_which() {
    // The theme has no Swahili words: the note the index's script adds to
    // the Swahili entry is in English, and must not pass for Swahili.
    let project = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Sandpiper Legal\ndefault_locale: en-US\nlocales: [en-US, sw-KE]\naccept_fallbacks:\n  privacy: [sw-KE]\n",
        ),
        (
            "policies/privacy/en-US.md",
            "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\nOrders.\n",
        ),
    ]);
    project.build();
    let index = project.page("index.html");
    let swahili = crate::support::attrs(
        &index,
        "li[data-locale=sw-KE]",
        "data-browser-language-lang",
    );
    assert_eq!(swahili.len(), 1, "{swahili:?}");
    assert!(swahili[0].starts_with("en"), "{swahili:?}");
    let english = crate::support::attrs(
        &index,
        "li[data-locale=en-US]",
        "data-browser-language-lang",
    );
    assert!(english.is_empty(), "{english:?}");
}
