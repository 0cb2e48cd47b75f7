//! YAML sources (`policyc.yaml`, region files, front matter): one mistake
//! gives one message, at the mistake, in words an editor can act on.

use crate::support::{MINIMAL_PRIVACY, Project, Report};

/// Runs `check --format json`, asserts it fails with exactly one error and
/// returns the report.
fn one_error(project: &Project) -> Report {
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "one mistake, one error: {report:#?}");
    assert_eq!(report.warnings, 0, "{report:#?}");
    project.assert_build_fails_without_output();
    report
}

/// Replaces the first `from` in a file of the project.
fn edit(project: &Project, rel: &str, from: &str, to: &str) {
    let text = project.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    project.write(rel, text.replacen(from, to, 1));
}

// ---- One mistake, one message ---------------------------------------------

#[test]
fn a_broken_policyc_yaml_gives_one_error_not_a_cascade() {
    let project = Project::example();
    // A colon forgotten: none of the settings or variables can be read.
    edit(&project, "policyc.yaml", "variables:", "variables");
    let report = one_error(&project);
    report
        .find("invalid YAML")
        .assert_at("policyc.yaml", None, None);
}

#[test]
fn a_broken_front_matter_gives_one_error_not_a_missing_default_locale() {
    let project = Project::example();
    // An unclosed quote in the default locale's front matter; the
    // document's translations are fine.
    edit(
        &project,
        "policies/privacy/en-US.md",
        "title: ",
        "title: \"",
    );
    let report = one_error(&project);
    report
        .find("invalid YAML")
        .assert_at("policies/privacy/en-US.md", None, None);
}

#[test]
fn a_broken_front_matter_does_not_turn_the_document_region_only() {
    let project = Project::minimal();
    project.write("regions/global.yaml", "name: Everywhere\n");
    project.write(
        "regions/global/privacy.en-US.md",
        "## Extra {#extra after=rights}\n\nMore.\n",
    );
    project.write(
        "policies/privacy/en-US.md",
        MINIMAL_PRIVACY.replacen("title: ", "title: [", 1),
    );
    let report = one_error(&project);
    report
        .find("invalid YAML")
        .assert_at("policies/privacy/en-US.md", None, None);
}

#[test]
fn a_broken_region_file_gives_one_error_not_a_missing_parent() {
    let project = Project::example();
    // `us-ca` names `us` as its parent.
    let us = project.read("regions/us.yaml");
    project.write("regions/us.yaml", format!("{us}  stray: [\n"));
    let report = one_error(&project);
    report
        .find("invalid YAML")
        .assert_at("regions/us.yaml", None, None);
}

#[test]
fn a_broken_root_region_file_gives_one_error_not_undefined_variables_below_it() {
    let project = Project::example();
    // Every other region descends from `global`: none of them resolves,
    // and the variables their documents use are not reported undefined.
    let global = project.read("regions/global.yaml");
    project.write("regions/global.yaml", format!("{global}bad: [\n"));
    let report = one_error(&project);
    report
        .find("invalid YAML")
        .assert_at("regions/global.yaml", None, None);
}

// ---- What is wrong, in an editor's words ----------------------------------

#[test]
fn a_byte_order_mark_is_accepted_in_policyc_yaml_and_region_files() {
    let project = Project::minimal();
    let bom = |text: &str| format!("\u{feff}{text}");
    project.write("policyc.yaml", bom(&project.read("policyc.yaml")));
    project.write(
        "regions/global.yaml",
        bom("name: Everywhere\nlocales: [en-US]\n"),
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    assert!(report.diagnostics.is_empty(), "{report:#?}");
    project.build();
    assert!(
        project
            .read_out("global/en-US/privacy/index.html")
            .contains("Everywhere"),
        "the region's name is read"
    );
}

#[test]
fn a_tab_used_for_indentation_is_named_and_marked() {
    let project = Project::minimal();
    edit(&project, "policyc.yaml", "  company:", "\tcompany:");
    let line = 1 + project
        .read("policyc.yaml")
        .lines()
        .position(|l| l.starts_with("\tcompany:"))
        .expect("the tab line");
    let report = one_error(&project);
    let d = report.find("a tab is used for indentation here; YAML indents with spaces");
    d.assert_at("policyc.yaml", Some(line), Some(1));
    assert!(d.help().contains("spaces"), "{d:#?}");
    assert!(report.matching("invalid YAML").is_empty(), "{report:#?}");
    // The snippet marks the tab itself: the underline starts where the
    // line's text does, under the tab.
    let (_, human) = project.check_human(&[]);
    assert!(
        human.contains(&format!("[policyc.yaml:{line}:1]")),
        "{human}"
    );
    let lines: Vec<&str> = human.lines().collect();
    let quoted = lines
        .iter()
        .position(|l| l.contains("company: Pebblebrook Tinkers"))
        .unwrap_or_else(|| panic!("the line is quoted: {human}"));
    let column_after =
        |line: &str, gutter: char| line.chars().position(|c| c == gutter).expect("a gutter") + 2;
    let marker = lines[quoted + 1];
    let text_starts = column_after(lines[quoted], '│');
    let mark_starts = column_after(marker, '·');
    assert_eq!(text_starts, mark_starts, "{human}");
    assert!(
        marker
            .chars()
            .nth(mark_starts)
            .is_some_and(|c| c == '─' || c == '┬'),
        "the marker is under the tab:\n{human}"
    );
}

#[test]
fn a_tab_in_a_region_file_or_front_matter_is_named_where_it_is() {
    let project = Project::minimal();
    project.write(
        "regions/global.yaml",
        "name: Everywhere\nvariables:\n  hotline: 555 0100\n \tdesk: 555 0101\n",
    );
    project.write(
        "policies/privacy/es-US.md",
        "---\ntitle: Privacidad\nextra:\n\tnote: x\n---\n\n## Datos {#keep}\n\nNombres.\n\n## Derechos {#rights}\n\nPregunte.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 2, "{report:#?}");
    let tabs = report.matching("a tab is used for indentation");
    assert_eq!(tabs.len(), 2, "{report:#?}");
    tabs[0].assert_at("policies/privacy/es-US.md", Some(4), Some(1));
    tabs[1].assert_at("regions/global.yaml", Some(4), Some(2));
}

#[test]
fn missing_keys_are_all_listed_at_once_with_an_example() {
    let project = Project::minimal();
    project.write("policyc.yaml", "# Settings\nlocales: [en-US]\n");
    let report = one_error(&project);
    let d = report.find("missing keys `name` and `default_locale`");
    d.assert_at("policyc.yaml", Some(1), Some(1));
    assert!(!d.message.contains("invalid YAML"), "{d:#?}");
    assert!(d.help().contains("\nname: "), "{d:#?}");
    assert!(d.help().contains("\ndefault_locale: en-US"), "{d:#?}");
}

#[test]
fn a_region_file_without_a_name_says_missing_key() {
    let project = Project::minimal();
    project.write("regions/global.yaml", "locales: [en-US]\n");
    let report = one_error(&project);
    let d = report.find("missing key `name`");
    d.assert_at("regions/global.yaml", Some(1), Some(1));
    assert!(!d.message.contains("invalid YAML"), "{d:#?}");
    assert!(d.help().contains("name: "), "{d:#?}");
}

#[test]
fn a_title_that_is_not_text_gives_one_error_not_a_missing_title() {
    let project = Project::minimal();
    edit(
        &project,
        "policies/privacy/en-US.md",
        "title: Privacy",
        "title: [Privacy]",
    );
    let report = one_error(&project);
    let d = report.find("`title` must be text");
    d.assert_at("policies/privacy/en-US.md", Some(2), Some(1));
    assert!(d.help().contains("title: "), "{d:#?}");
}
