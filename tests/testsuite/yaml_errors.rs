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
