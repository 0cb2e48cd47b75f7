//! A region's `name:` that would publish a blank name is an error, and
//! a name is "never shown" only when no region publishes its locale.

use crate::support::{Project, select, text_of};

/// The minimal project (en-US, es-US) with one region, `north`, whose
/// file is `region`.
fn with_region(region: &str) -> Project {
    let project = Project::minimal();
    project.write("regions/north.yaml", region);
    project
}

#[test]
fn empty_region_name_is_an_error_at_name() {
    for region in ["name: \"\"\n", "locales: [en-US]\nname: '   '\n"] {
        let project = with_region(region);
        let report = project.check_fails();
        let d = report.find("`name:` is empty");
        let line = region.lines().position(|l| l.starts_with("name")).unwrap() + 1;
        d.assert_at("regions/north.yaml", Some(line), Some(1));
        project.assert_build_fails_without_output();
    }
}

#[test]
fn empty_region_name_map_is_an_error_at_name() {
    let project = with_region("locales: [en-US]\nname: {}\n");
    let report = project.check_fails();
    let d = report.find("empty map");
    d.assert_at("regions/north.yaml", Some(2), Some(1));
    assert!(d.help().contains("name: California"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn blank_name_in_a_region_name_map_is_an_error_at_its_locale() {
    let project = with_region("locales: [en-US]\nname:\n  en-US: \"\"\n");
    let report = project.check_fails();
    report
        .find("name for `en-US` is empty")
        .assert_at("regions/north.yaml", Some(3), Some(3));
}

#[test]
fn region_name_map_key_in_the_wrong_case_suggests_the_locale() {
    let project = with_region("locales: [en-US]\nname:\n  en-us: Northern Isles\n");
    let report = project.check_fails();
    let d = report.find("`en-us` in `name:` is not a valid locale");
    d.assert_at("regions/north.yaml", Some(3), Some(3));
    assert!(d.help().contains("did you mean `en-US`?"), "{d:#?}");
}

#[test]
fn name_for_a_locale_another_region_publishes_is_shown_and_not_warned_about() {
    let project =
        with_region("locales: [en-US]\nname: {en-US: Northern Isles, es-US: Islas del Norte}\n");
    project.write(
        "regions/south.yaml",
        "locales: [en-US, es-US]\nname: {en-US: Southern Reach, es-US: Confín del Sur}\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    assert!(report.matching("never shown").is_empty(), "{report:#?}");
    project.build();
    let es = project.page("south/es-US/index.html");
    let names: Vec<String> = select(&es, ".region-switcher a")
        .into_iter()
        .map(text_of)
        .collect();
    assert!(
        names.iter().any(|n| n.contains("Islas del Norte")),
        "{names:?}"
    );
}
