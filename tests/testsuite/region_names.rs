//! A region's `name:` as a map of locale to name: each page shows the
//! name in its own locale, and `check` says which names are missing or
//! never shown.

use crate::support::{Project, text};

/// The minimal project (en-US, es-US) with one region, `north`, whose
/// file is `region`.
fn with_region(region: &str) -> Project {
    let project = Project::minimal();
    project.write("regions/north.yaml", region);
    project
}

const NAMED: &str = "\
locales: [en-US, es-US]
name:
  en-US: Northern Isles
  es-US: Islas del Norte
";

#[test]
fn region_name_map_shows_each_locales_name() {
    let project = with_region(NAMED);
    project.build();
    let es = project.page("north/es-US/index.html");
    assert_eq!(text(&es, "main h1"), "Islas del Norte");
    assert!(text(&es, "title").starts_with("Islas del Norte"));
    let en = project.page("north/en-US/index.html");
    assert_eq!(text(&en, "main h1"), "Northern Isles");
    let doc = project.read_out("north/es-US/privacy/index.html");
    assert!(doc.contains("Islas del Norte"), "{doc}");
    assert!(!doc.contains("Northern Isles"), "{doc}");
    let (code, report) = project.check_json(&[]);
    assert_eq!((code, report.warnings), (0, 0), "{report:#?}");
}

#[test]
fn region_name_variable_is_the_name_in_the_pages_locale() {
    let project = with_region(NAMED);
    project.write(
        "policies/privacy/es-US.md",
        "---\ntitle: Privacidad\n---\n\nPara {{ region_name }}.\n\n## Datos {#keep}\n\nNombres.\n\n## Derechos {#rights}\n\nPregunte.\n",
    );
    project.build();
    let doc = project.read_out("north/es-US/privacy/index.html");
    assert!(doc.contains("Para Islas del Norte."), "{doc}");
}

#[test]
fn region_name_map_without_the_default_locale_is_an_error() {
    let project = with_region("locales: [en-US, es-US]\nname: {es-US: Islas del Norte}\n");
    let report = project.check_fails();
    let d = report.find("no name for `en-US`");
    d.assert_at("regions/north.yaml", Some(2), Some(1));
    assert!(d.help().contains("en-US"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn published_locale_without_a_name_is_a_warning_naming_the_one_shown() {
    let project = with_region("locales: [en-US, es-US]\nname: {en-US: Northern Isles}\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    let d = report.find("no name for `es-US`");
    assert_eq!(d.severity, "warning");
    d.assert_at("regions/north.yaml", Some(2), Some(1));
    assert!(d.message.contains("Northern Isles"), "{d:#?}");
    project.build();
    let es = project.page("north/es-US/index.html");
    assert_eq!(text(&es, "main h1"), "Northern Isles");
}

#[test]
fn name_for_a_locale_the_region_does_not_publish_is_a_warning() {
    let project =
        with_region("locales: [en-US]\nname:\n  en-US: Northern Isles\n  es-US: Islas del Norte\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    let d = report.find("never shown");
    assert_eq!(d.severity, "warning");
    d.assert_at("regions/north.yaml", Some(4), Some(3));
}

#[test]
fn region_name_map_with_an_unknown_locale_is_an_error() {
    let project = with_region("name: {en-US: Northern Isles, fr-FR: Îles du Nord}\n");
    let report = project.check_fails();
    report
        .find("not listed in policyc.yaml")
        .assert_at("regions/north.yaml", Some(1), Some(31));
}

#[test]
fn region_name_that_is_neither_a_name_nor_a_map_is_an_error() {
    let project = with_region("name: [Northern Isles]\n");
    let report = project.check_fails();
    report
        .find("map of locale to name")
        .assert_at("regions/north.yaml", Some(1), Some(1));
}

#[test]
fn child_region_inherits_no_name_from_its_parent() {
    let project = with_region(NAMED);
    project.write("regions/north-west.yaml", "name: Westmark\nparent: north\n");
    project.build();
    let es = project.page("north-west/es-US/index.html");
    assert_eq!(text(&es, "main h1"), "Westmark");
}

#[test]
fn example_names_the_eu_in_german_on_its_german_pages() {
    let project = Project::example();
    project.build();
    let de = project.page("eu/de-DE/index.html");
    assert_eq!(text(&de, "main h1"), "Europäische Union");
    let en = project.page("eu/en-US/index.html");
    assert_eq!(text(&en, "main h1"), "European Union");
}
