//! Locales on built pages: translations, the fallback notice in the reader's
//! language, `lang` attributes, the theme's own words and hreflang links.

use std::collections::BTreeSet;

use crate::support::{
    BASE_PRIVACY_IDS, MINIMAL_CONFIG, Project, attrs, heading_text, section_ids, section_text,
    select, strings, text, text_of, valid_site,
};

#[test]
fn missing_translation_shows_fallback_notice_in_spanish() {
    let site = valid_site();
    let page = site.page("world/es-US/terms/index.html");
    assert_eq!(
        text(&page, "p.notice"),
        "Este documento todavía no está disponible en español. Se muestra en inglés."
    );
    assert_eq!(attrs(&page, "p.notice", "lang"), strings(&["es-US"]));
    assert_eq!(attrs(&page, "html", "lang"), strings(&["es-US"]));
    // The text itself is English, and says so.
    assert_eq!(attrs(&page, "article", "lang"), strings(&["en-US"]));
    assert_eq!(text(&page, "h1"), "Rental Terms");
    assert_eq!(
        section_text(&page, "renting"),
        "Bring a photo ID and a card for the deposit."
    );
    let manifest = site.manifest();
    let entry = manifest["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == "world/es-US/terms/index.html")
        .unwrap();
    assert_eq!(entry["fallback"]["kind"], "whole");
}

#[test]
fn translated_page_has_no_notice_and_is_in_its_language() {
    let site = valid_site();
    let page = site.page("world/es-US/privacy/index.html");
    assert!(select(&page, "p.notice").is_empty());
    assert_eq!(attrs(&page, "html", "lang"), strings(&["es-US"]));
    assert!(attrs(&page, "article", "lang").is_empty());
    assert_eq!(
        text(&page, "h1"),
        "Aviso de privacidad de Kestrel Ridge Outfitters"
    );
    assert_eq!(text(&page, "#toc-heading"), "Contenido");
    assert_eq!(section_ids(&page), strings(&BASE_PRIVACY_IDS));
}

#[test]
fn untranslated_supplement_shows_partial_notice() {
    let site = valid_site();
    let page = site.page("na/es-US/privacy/index.html");
    assert_eq!(
        text(&page, "p.notice"),
        "Algunas secciones de este documento todavía no están disponibles en español y se muestran en inglés."
    );
    assert_eq!(heading_text(&page, "about"), "Quiénes somos");
    assert_eq!(heading_text(&page, "us-rights"), "Your state rights");
    assert_eq!(
        section_ids(&page),
        strings(&[
            "about",
            "collect",
            "collect-given",
            "collect-counter",
            "use",
            "sharing",
            "rights",
            "us-rights",
            "contact",
        ])
    );
}

#[test]
fn untranslated_region_only_document_falls_back_whole() {
    let site = valid_site();
    let page = site.page("na/es-US/trail-safety/index.html");
    // Nothing of this document exists in Spanish: the whole page is English.
    assert_eq!(
        text(&page, "p.notice"),
        "Este documento todavía no está disponible en español. Se muestra en inglés."
    );
    assert_eq!(attrs(&page, "article", "lang"), strings(&["en-US"]));
}

#[test]
fn german_and_french_readers_get_notice_and_theme_words_in_their_language() {
    let site = Project::fixture("multilingual");
    site.build();
    let de = site.page("eu/de-DE/terms/index.html");
    assert_eq!(
        text(&de, "p.notice"),
        "Dieses Dokument ist noch nicht auf Deutsch verfügbar. Es wird auf Englisch angezeigt."
    );
    assert_eq!(attrs(&de, "html", "lang"), strings(&["de-DE"]));
    assert_eq!(attrs(&de, "article", "lang"), strings(&["en-US"]));
    assert_eq!(
        text(&de, "p.last-updated"),
        "Zuletzt aktualisiert: noch nicht veröffentlicht"
    );
    assert_eq!(text(&de, "#toc-heading"), "Inhalt");
    assert_eq!(text(&de, "#other-languages-heading"), "Weitere Sprachen");

    let fr = site.page("global/fr-FR/privacy/index.html");
    assert_eq!(
        text(&fr, "p.notice"),
        "Ce document n’est pas encore disponible en français. Il est affiché en anglais."
    );
    assert_eq!(attrs(&fr, "html", "lang"), strings(&["fr-FR"]));
    assert_eq!(text(&fr, "h1"), "Passenger Privacy Policy");

    let translated = site.page("global/de-DE/privacy/index.html");
    assert!(select(&translated, "p.notice").is_empty());
    assert_eq!(
        text(&translated, "h1"),
        "Datenschutzrichtlinie für Fahrgäste"
    );
}

#[test]
fn hreflang_links_point_to_the_regions_other_locales() {
    let site = valid_site();
    let page = site.page("na/en-US/privacy/index.html");
    // Each language version lists itself and the others, then x-default.
    assert_eq!(
        attrs(&page, "link[rel=alternate]", "hreflang"),
        strings(&["en-US", "es-US", "x-default"])
    );
    assert_eq!(
        attrs(&page, "link[rel=alternate]", "href"),
        strings(&[
            "https://legal.kestrel.example/na/en-US/privacy/",
            "https://legal.kestrel.example/na/es-US/privacy/",
            "https://legal.kestrel.example/na/en-US/privacy/"
        ])
    );
    let visible = select(&page, "nav.other-languages a");
    assert_eq!(visible.len(), 1);
    assert_eq!(visible[0].value().attr("hreflang"), Some("es-US"));
    assert_eq!(
        visible[0].value().attr("href"),
        Some("../../es-US/privacy/index.html")
    );
    assert_eq!(text_of(visible[0]), "Español");
}

#[test]
fn hreflang_links_follow_each_regions_own_locales() {
    let site = Project::fixture("multilingual");
    site.build();
    let eu = site.page("eu/de-DE/privacy/index.html");
    let eu_langs: BTreeSet<String> = attrs(&eu, "link[rel=alternate]", "hreflang")
        .into_iter()
        .collect();
    // fr-FR shows the English text: no translation to advertise.
    assert_eq!(
        eu_langs,
        ["de-DE", "en-US", "x-default"].map(String::from).into()
    );
    let visible: BTreeSet<String> = attrs(&eu, "nav.other-languages a", "lang")
        .into_iter()
        .collect();
    assert_eq!(visible, ["en-US", "fr-FR"].map(String::from).into());
    // The French page shows the English text: its link has no hreflang.
    let advertised: BTreeSet<String> = attrs(&eu, "nav.other-languages a", "hreflang")
        .into_iter()
        .collect();
    assert_eq!(advertised, ["en-US"].map(String::from).into());

    let global = site.page("global/de-DE/privacy/index.html");
    let global_langs: BTreeSet<String> = attrs(&global, "link[rel=alternate]", "hreflang")
        .into_iter()
        .collect();
    assert_eq!(
        global_langs,
        ["de-DE", "en-US", "es-US", "x-default"]
            .map(String::from)
            .into()
    );
    assert!(!site.out().join("eu/es-US").exists());
}

// ---- Bugs -------------------------------------------------------------------

#[test]
fn locale_listed_twice_is_reported_or_listed_once() {
    let project = Project::minimal();
    project.write(
        "policyc.yaml",
        MINIMAL_CONFIG.replace("[en-US, es-US]", "[en-US, es-US, en-US]"),
    );
    let output = project.run_build();
    if output.status.code() == Some(1) {
        let (_, report) = project.check_json(&[]);
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.file.as_deref() == Some("policyc.yaml") && d.message.contains("en-US")),
            "{report:#?}"
        );
        return;
    }
    let manifest = project.manifest();
    let paths: Vec<&str> = manifest["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&&str> = paths.iter().collect();
    assert_eq!(unique.len(), paths.len(), "{paths:?}");
    let page = project.page("global/es-US/privacy/index.html");
    assert_eq!(
        attrs(&page, "link[rel=alternate]", "hreflang"),
        strings(&["en-US"])
    );
}

#[test]
fn untranslated_sections_on_a_translated_page_are_marked_with_their_language() {
    let site = valid_site();
    let page = site.page("na/es-US/privacy/index.html");
    // `us-rights` comes from the English supplement; screen readers need
    // lang="en-US" on it (WCAG 3.1.2), as whole-page fallbacks have.
    let heading = select(&page, ".doc-body #us-rights")[0];
    let marked = std::iter::once(*heading)
        .chain(heading.ancestors())
        .filter_map(scraper::ElementRef::wrap)
        .find_map(|el| el.value().attr("lang"));
    assert_eq!(marked, Some("en-US"));
}
