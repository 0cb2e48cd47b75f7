//! Facts tables in releases and in `policyc diff`: rows compared by id and
//! said as a reviewer reads them, grouped across regions and locales, in
//! every format; `release` records each table's view that changed, `build
//! --frozen` refuses one that was not released, `verify` checks them.

use std::process::Output;

use serde_json::{Value, json};

use crate::support::git::{self, Repo};
use crate::support::{MINIMAL_PRIVACY, Project};

const CONFIG: &str = "\
name: Ottermoss Labs Legal
default_locale: en-US
locales: [en-US, de-DE]
accept_fallbacks:
  privacy: [de-DE]
variables:
  company: Ottermoss Labs
";

/// Ottermoss Labs' subprocessors: the river-map payments and hosting.
const SUBPROCESSORS: &str = "\
caption: { en-US: Subprocessors, de-DE: Unterauftragsverarbeiter }
noun: { en-US: subprocessor, de-DE: Unterauftragsverarbeiter }
columns:
  - id: name
    label: { en-US: Name, de-DE: Name }
  - id: purpose
    label: { en-US: Purpose, de-DE: Zweck }
    type: translated
  - id: location
    label: { en-US: Location, de-DE: Standort }
    type: country
rows:
  - id: harbor_pay
    name: Harbor Pay Ltd.
    purpose: { en-US: Card payments for map prints, de-DE: Kartenzahlungen für Kartendrucke }
    location: IE
  - id: cloudy_mail
    name: Cloudy Mail Inc.
    purpose: { en-US: Newsletter delivery, de-DE: Versand des Newsletters }
    location: US
";

/// The project in two regions, `eu` and `us`, each in English and German.
fn project() -> Project {
    Project::from_files(&[
        ("policyc.yaml", CONFIG),
        ("policies/privacy/en-US.md", MINIMAL_PRIVACY),
        ("regions/eu.yaml", "name: Europe\n"),
        ("regions/us.yaml", "name: United States\n"),
        ("facts/subprocessors.yaml", SUBPROCESSORS),
    ])
}

/// A project of one region and one locale, for exact output.
fn small() -> Project {
    Project::from_files(&[
        (
            "policyc.yaml",
            "name: Ottermoss Labs Legal\ndefault_locale: en-US\nlocales: [en-US]\nvariables:\n  company: Ottermoss Labs\n",
        ),
        ("policies/privacy/en-US.md", MINIMAL_PRIVACY),
        ("regions/eu.yaml", "name: Europe\n"),
        (
            "facts/subprocessors.yaml",
            "caption: Subprocessors\nnoun: subprocessor\ncolumns:\n  - id: name\n    label: Name\n  - id: location\n    label: Location\n    type: country\nrows:\n  - id: harbor_pay\n    name: Harbor Pay Ltd.\n    location: IE\n",
        ),
    ])
}

fn run(project: &Project, args: &[&str]) -> Output {
    project.cmd().args(args).output().expect("run policyc")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Releases the project as it is, which must succeed.
fn release(project: &Project, date: &str) -> Output {
    let output = run(project, &["release", "-m", "Release", "--date", date]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    output
}

/// `diff` against the last release in `format`: exit code and output.
fn diff(project: &Project, format: &str) -> (Option<i32>, String) {
    let output = run(project, &["diff", "--exit-code", "--format", format]);
    (output.status.code(), stdout(&output))
}

/// The released project with Harbor Pay moved to the Netherlands, Cloudy
/// Mail removed, and a Swedish host added in the EU only.
fn changed() -> Project {
    let project = project();
    release(&project, "2026-01-10");
    let edited = SUBPROCESSORS.replace("location: IE", "location: NL");
    let kept = &edited[..edited.find("  - id: cloudy_mail").unwrap()];
    project.write("facts/subprocessors.yaml", kept);
    project.write(
        "regions/eu/facts/subprocessors.yaml",
        "add:\n  - id: eu_host\n    name: Bluefjord Hosting AB\n    purpose: { en-US: Hosting, de-DE: Hosting }\n    location: SE\n",
    );
    project
}

#[test]
fn diff_says_each_added_removed_and_changed_row_grouped_across_regions_and_locales() {
    let project = changed();
    let (code, text) = diff(&project, "text");
    assert_eq!(code, Some(1), "a table change is a change: {text}");
    assert!(
        text.contains(
            "Tables\n  Changed location of Harbor Pay Ltd.: Ireland → Netherlands  [eu, us · de-DE, en-US]\n  Added subprocessor Bluefjord Hosting AB (Hosting, Sweden)  [eu · de-DE, en-US]\n  Removed subprocessor Cloudy Mail Inc. (Newsletter delivery, United States)  [eu, us · de-DE, en-US]\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("; 3 table changes\n"), "{text}");

    let (code, markdown) = diff(&project, "markdown");
    assert_eq!(code, Some(1));
    assert!(
        markdown.contains("3 changes to 1 table (`subprocessors`): rows compared by id."),
        "{markdown}"
    );
    assert!(
        markdown.contains("- <ins>Added subprocessor Bluefjord Hosting AB (Hosting, Sweden)</ins> — *eu · de-DE, en-US*\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- <del>Removed subprocessor Cloudy Mail Inc."),
        "{markdown}"
    );

    let (code, html) = diff(&project, "html");
    assert_eq!(code, Some(1));
    assert!(html.contains("<h2>Tables</h2>"), "{html}");
    assert!(
        html.contains("<ins><span class=\"sr\">[inserted: </span>Added subprocessor Bluefjord Hosting AB (Hosting, Sweden)<span class=\"sr\">]</span></ins>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<del><span class=\"sr\">[deleted: </span>Removed subprocessor Cloudy Mail Inc."
        ),
        "{html}"
    );
    assert!(
        html.contains("Changed location of Harbor Pay Ltd.: Ireland → Netherlands <span class=\"applies\">(applies to eu, us · de-DE, en-US)</span>"),
        "{html}"
    );

    let (code, json) = diff(&project, "json");
    assert_eq!(code, Some(1));
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["changed"], true);
    let facts = json["facts"].as_array().unwrap();
    let summary: Vec<(&str, &str, usize)> = facts
        .iter()
        .map(|f| {
            (
                f["row"].as_str().unwrap(),
                f["change"].as_str().unwrap(),
                f["applies_to"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("harbor_pay", "changed", 4),
            ("eu_host", "added", 2),
            ("cloudy_mail", "removed", 4)
        ]
    );
}

#[test]
fn diff_json_of_a_changed_row_is_exactly_the_documented_shape() {
    let project = small();
    release(&project, "2026-01-10");
    let text = project.read("facts/subprocessors.yaml");
    project.write(
        "facts/subprocessors.yaml",
        text.replace("location: IE", "location: NL"),
    );
    let (code, json) = diff(&project, "json");
    assert_eq!(code, Some(1));
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json,
        json!({
            "schema": 1,
            "changed": true,
            "documents": [],
            "facts": [{
                "table": "subprocessors",
                "row": "harbor_pay",
                "change": "changed",
                "name": "Harbor Pay Ltd.",
                "cells": { "location": { "old": "Ireland", "new": "Netherlands" } },
                "sentence": "Changed location of Harbor Pay Ltd.: Ireland → Netherlands",
                "applies_to": [{ "region": "eu", "locale": "en-US" }]
            }]
        })
    );
    // The same sources give the same bytes.
    assert_eq!(diff(&project, "json"), diff(&project, "json"));
}

#[test]
fn rows_that_only_moved_are_no_change_in_the_diff() {
    let project = small();
    let text = project.read("facts/subprocessors.yaml");
    let two = format!("{text}  - id: acme\n    name: Acme Ltd.\n    location: FR\n");
    project.write("facts/subprocessors.yaml", &two);
    release(&project, "2026-01-10");
    let swapped = format!(
        "{}  - id: acme\n    name: Acme Ltd.\n    location: FR\n  - id: harbor_pay\n    name: Harbor Pay Ltd.\n    location: IE\n",
        &text[..text.find("  - id: harbor_pay").unwrap()]
    );
    project.write("facts/subprocessors.yaml", swapped);
    let (code, json) = diff(&project, "json");
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!((code, json.get("facts")), (Some(0), None), "{json}");
}

#[test]
fn release_records_each_changed_table_once_and_a_release_without_change_records_none() {
    let project = project();
    let output = release(&project, "2026-01-10");
    assert!(
        stderr(&output).contains("4 table versions in history/releases/0001.yaml"),
        "{}",
        stderr(&output)
    );
    let record = project.read("history/releases/0001.yaml");
    assert!(
        record.contains(
            "facts:\n- table: subprocessors\n  region: eu\n  locale: de-DE\n  version: 1\n  snapshot: sha256:"
        ),
        "{record}"
    );
    // Nothing changed: nothing to release.
    let again = run(
        &project,
        &["release", "-m", "Again", "--date", "2026-01-11"],
    );
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stderr(&again).contains("Nothing to release"),
        "{}",
        stderr(&again)
    );
    assert!(!project.root().join("history/releases/0002.yaml").exists());

    // A change in one region: that region's views only, as version 2.
    project.write(
        "regions/eu/facts/subprocessors.yaml",
        "replace:\n  harbor_pay:\n    location: NL\n",
    );
    let output = run(
        &project,
        &[
            "release",
            "-m",
            "Harbor Pay moves",
            "--date",
            "2026-02-01",
            "--effective",
            "2026-03-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["release"]["facts"],
        json!([
            { "table": "subprocessors", "region": "eu", "locale": "de-DE", "old_version": 1, "new_version": 2 },
            { "table": "subprocessors", "region": "eu", "locale": "en-US", "old_version": 1, "new_version": 2 }
        ])
    );
    assert_eq!(json["release"]["effective"], "2026-03-01");
    let record = project.read("history/releases/0002.yaml");
    assert!(record.contains("effective: 2026-03-01"), "{record}");
    assert!(!record.contains("region: us"), "{record}");

    // The stored text is the view's JSON, and `verify` reads it.
    let verify = run(&project, &["verify"]);
    assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
    let snapshot = record
        .lines()
        .find_map(|l| l.trim().strip_prefix("snapshot: sha256:"))
        .unwrap();
    let object = format!("history/objects/{}/{}", &snapshot[..2], &snapshot[2..]);
    let stored: Value = serde_json::from_str(&project.read(&object)).unwrap();
    assert_eq!(stored["table"], "subprocessors");
    assert_eq!(stored["rows"][0]["cells"]["location"]["value"], "NL");
    project.write(&object, "{}\n");
    let verify = run(&project, &["verify"]);
    assert_eq!(verify.status.code(), Some(1));
    assert!(
        stderr(&verify).contains("was changed after it was released"),
        "{}",
        stderr(&verify)
    );
    assert!(
        stderr(&verify).contains("release 2 recorded this table for subprocessors · eu"),
        "{}",
        stderr(&verify)
    );
}

#[test]
fn records_written_before_facts_still_verify_and_read_byte_for_byte() {
    let project = Project::example_released();
    let before = project.read("history/releases/0001.yaml");
    assert!(!before.contains("facts"), "the example's record");
    let verify = run(&project, &["verify"]);
    assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
    // A table added on top: the next release records it, chained to the
    // old record, which is left as it was.
    project.write("facts/subprocessors.yaml", SUBPROCESSORS);
    let output = run(
        &project,
        &["release", "-m", "Subprocessors", "--date", "2099-01-01"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(project.read("history/releases/0001.yaml"), before);
    assert!(
        project
            .read("history/releases/0002.yaml")
            .contains("facts:")
    );
    let verify = run(&project, &["verify"]);
    assert_eq!(verify.status.code(), Some(0), "{}", stderr(&verify));
}

#[test]
fn build_frozen_fails_on_a_table_change_not_released() {
    let project = project();
    release(&project, "2026-01-10");
    let frozen = run(&project, &["build", "--frozen"]);
    assert_eq!(frozen.status.code(), Some(0), "{}", stderr(&frozen));
    project.write(
        "regions/us/facts/subprocessors.yaml",
        "remove: [cloudy_mail]\n",
    );
    let frozen = run(&project, &["build", "--frozen"]);
    assert_eq!(frozen.status.code(), Some(1));
    let err = stderr(&frozen);
    assert!(
        err.contains("2 tables have changes that were not released (--frozen): subprocessors · us · de-DE, subprocessors · us · en-US"),
        "{err}"
    );
    assert!(err.contains("policyc release"), "{err}");
    // A table removed is a change too, until released.
    release(&project, "2026-01-11");
    project.remove("regions/us/facts/subprocessors.yaml");
    project.remove("facts/subprocessors.yaml");
    let frozen = run(&project, &["build", "--frozen"]);
    assert_eq!(frozen.status.code(), Some(1));
    assert!(
        stderr(&frozen).contains("subprocessors · eu · de-DE (no longer published)"),
        "{}",
        stderr(&frozen)
    );
    let (_, text) = diff(&project, "text");
    assert!(
        text.contains("Removed subprocessor Harbor Pay Ltd."),
        "{text}"
    );
    release(&project, "2026-01-12");
    let frozen = run(&project, &["build", "--frozen"]);
    assert_eq!(frozen.status.code(), Some(0), "{}", stderr(&frozen));
}

#[test]
fn diff_of_two_projects_compares_their_tables() {
    let old = small();
    let new = small();
    let text = new.read("facts/subprocessors.yaml");
    new.write(
        "facts/subprocessors.yaml",
        format!("{text}  - id: acme\n    name: Acme Analytics Ltd.\n    location: DE\n"),
    );
    let output = crate::support::policyc()
        .arg("diff")
        .arg("--exit-code")
        .arg("--from")
        .arg(old.root())
        .arg("--to")
        .arg(new.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Added subprocessor Acme Analytics Ltd. (Germany)  [eu · en-US]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn diff_base_reports_the_branchs_table_changes() {
    if !git::available() {
        return;
    }
    let repo = Repo::new();
    let project = small();
    for rel in [
        "policyc.yaml",
        "policies/privacy/en-US.md",
        "regions/eu.yaml",
        "facts/subprocessors.yaml",
    ] {
        repo.write(rel, project.read(rel));
    }
    repo.commit_all("Ottermoss Labs' subprocessors");
    repo.git(&["checkout", "--quiet", "-b", "pr"]);
    let text = repo.read("facts/subprocessors.yaml");
    repo.write(
        "facts/subprocessors.yaml",
        text.replace("location: IE", "location: NL"),
    );
    let output = repo
        .policyc("")
        .args(["diff", "--exit-code", "--format", "json", "--base", "main"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["facts"][0]["sentence"],
        "Changed location of Harbor Pay Ltd.: Ireland → Netherlands"
    );
    assert_eq!(
        json["facts"][0]["applies_to"],
        json!([{ "region": "eu", "locale": "en-US" }])
    );
}
