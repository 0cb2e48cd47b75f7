//! The language and region switchers at the top of every page: plain
//! links in the header, named in the reader's words, the current one
//! marked, each leading to a page the build makes.

use crate::support::release::{FIRST, build_at, release, released_example};
use crate::support::{Project, attrs, select, text_of};

/// The language switcher's entries: (hreflang, label, href, current).
fn entries(page: &scraper::Html, nav: &str) -> Vec<(String, String, String, bool)> {
    select(page, &format!("header {nav} a"))
        .into_iter()
        .map(|a| {
            let v = a.value();
            (
                v.attr("hreflang").unwrap_or_default().to_string(),
                text_of(a),
                v.attr("href").unwrap_or_default().to_string(),
                v.attr("aria-current") == Some("page"),
            )
        })
        .collect()
}

fn owned(list: &[(&str, &str, &str, bool)]) -> Vec<(String, String, String, bool)> {
    list.iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), *d))
        .collect()
}

#[test]
fn document_page_has_language_and_region_switchers_in_its_header() {
    let p = Project::example();
    p.build();
    let page = p.page("eu/de-DE/privacy/index.html");
    assert_eq!(
        attrs(&page, "header nav.switcher", "aria-label"),
        ["Sprache", "Region"]
    );
    assert_eq!(
        entries(&page, "nav.language-switcher"),
        owned(&[
            ("en-US", "English", "../../en-US/privacy/index.html", false),
            ("de-DE", "Deutsch", "index.html", true),
        ])
    );
    assert_eq!(
        attrs(&page, "header nav.language-switcher a", "lang"),
        ["en-US", "de-DE"]
    );
    // Region names in the page's language; a region without German pages
    // leads to its default locale's, and says so with hreflang.
    assert_eq!(
        entries(&page, "nav.region-switcher"),
        owned(&[
            ("", "Europäische Union", "index.html", true),
            (
                "",
                "Weltweit",
                "../../../global/de-DE/privacy/index.html",
                false
            ),
            (
                "en-US",
                "United States",
                "../../../us/en-US/privacy/index.html",
                false
            ),
            (
                "en-US",
                "California",
                "../../../us-ca/en-US/privacy/index.html",
                false
            ),
        ])
    );
}

#[test]
fn region_switcher_lists_only_regions_that_publish_the_document() {
    let p = Project::example();
    p.build();
    // The California notice is published in us-ca only.
    let page = p.page("us-ca/en-US/notice-at-collection/index.html");
    assert!(select(&page, "nav.region-switcher").is_empty());
    // Its Spanish page shows the English text: no `hreflang` says otherwise.
    assert_eq!(
        entries(&page, "nav.language-switcher")
            .into_iter()
            .map(|e| e.0)
            .collect::<Vec<_>>(),
        ["en-US", ""]
    );
    assert_eq!(
        crate::support::attrs(&page, "header nav.language-switcher a", "lang"),
        ["en-US", "es-US"]
    );
}

#[test]
fn every_kind_of_page_has_the_switchers() {
    let p = released_example();
    build_at(&p, FIRST);
    for rel in [
        "us/es-US/index.html",
        "us/es-US/privacy/index.html",
        "us/es-US/privacy/changes/index.html",
        "us/es-US/privacy/v/1/index.html",
    ] {
        let page = p.page(rel);
        assert_eq!(
            attrs(&page, "header nav.switcher", "aria-label"),
            ["Idioma", "Región"],
            "{rel}"
        );
        let current = select(&page, "header nav.region-switcher a[aria-current=page]");
        assert_eq!(current.len(), 1, "{rel}");
        assert_eq!(text_of(current[0]), "Estados Unidos", "{rel}");
    }
    // The change history's switcher leads to the change histories.
    let changes = p.page("us/es-US/privacy/changes/index.html");
    assert!(
        attrs(&changes, "header nav.language-switcher a", "href")
            .contains(&"../../../en-US/privacy/changes/index.html".to_string())
    );
    let region = p.page("us/es-US/index.html");
    assert!(
        attrs(&region, "header nav.region-switcher a", "href")
            .contains(&"../../global/es-US/index.html".to_string())
    );
}

#[test]
fn withdrawn_page_has_the_switchers() {
    let p = Project::example();
    p.unlink("terms").unlink("notice-at-collection");
    release(&p, FIRST, "First release");
    std::fs::remove_dir_all(p.root().join("policies/terms")).expect("remove policies/terms");
    release(&p, "2026-02-01", "Terms withdrawn");
    build_at(&p, "2026-02-02");
    let page = p.page("us/es-US/terms/index.html");
    assert_eq!(
        entries(&page, "nav.language-switcher"),
        owned(&[
            ("en-US", "English", "../../en-US/terms/index.html", false),
            ("es-US", "Español", "index.html", true),
        ])
    );
    assert!(
        attrs(&page, "header nav.region-switcher a", "href")
            .contains(&"../../../global/es-US/terms/index.html".to_string())
    );
    crate::support::links::assert_no_broken_links(&p.out());
}

/// Ottermoss Labs' regions: the world, Europe under it, and eleven
/// countries under Europe (13 in all, more than a switcher lists).
fn ottermoss_with_many_regions() -> Project {
    let p = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Ottermoss Labs Legal\ndefault_locale: en-US\nlocales: [en-US]\n",
        ),
        (
            "policies/privacy/en-US.md",
            "---\ntitle: Privacy at Ottermoss Labs\n---\n\nOttermoss Labs keeps your sensor readings for a year.\n",
        ),
        ("regions/world.yaml", "name: Worldwide\n"),
        ("regions/europe.yaml", "name: Europe\nparent: world\n"),
    ]);
    for c in [
        "at", "be", "cz", "de", "dk", "es", "fi", "fr", "ie", "it", "nl",
    ] {
        p.write(
            &format!("regions/{c}.yaml"),
            format!("name: Country {}\nparent: europe\n", c.to_uppercase()),
        );
    }
    p
}

#[test]
fn region_switcher_of_a_site_with_many_regions_lists_those_near_the_page_and_links_to_the_rest() {
    let p = ottermoss_with_many_regions();
    p.build();
    let labels = |rel: &str| -> Vec<String> {
        select(&p.page(rel), "header nav.region-switcher a")
            .into_iter()
            .map(text_of)
            .collect()
    };
    // A country: the regions above it, itself, and the front page, which
    // lists every region.
    let page = p.page("fr/en-US/privacy/index.html");
    assert_eq!(
        entries(&page, "nav.region-switcher"),
        owned(&[
            (
                "",
                "Europe",
                "../../../europe/en-US/privacy/index.html",
                false
            ),
            ("", "Country FR", "index.html", true),
            (
                "",
                "Worldwide",
                "../../../world/en-US/privacy/index.html",
                false
            ),
            (
                "",
                "Choose your region and language",
                "../../../index.html",
                false
            ),
        ])
    );
    assert_eq!(
        attrs(&page, "header nav.region-switcher li", "class"),
        ["all-regions"]
    );
    // Europe: the world above it and as many of its countries as there is
    // room for (10 in all), the rest on the front page; in the order of
    // region ids, as every switcher lists them.
    assert_eq!(
        labels("europe/en-US/index.html"),
        [
            "Country AT",
            "Country BE",
            "Country CZ",
            "Country DE",
            "Country DK",
            "Country ES",
            "Europe",
            "Country FI",
            "Country FR",
            "Worldwide",
            "Choose your region and language",
        ]
    );
    assert_eq!(
        labels("world/en-US/privacy/index.html"),
        ["Europe", "Worldwide", "Choose your region and language"]
    );
    // The front page the switcher leads to lists every region.
    assert_eq!(select(&p.page("index.html"), "h3.region-name").len(), 13);
    crate::support::links::assert_no_broken_links(&p.out());
}
