//! `policyc diff` as users run it: the JSON schema, `--exit-code`, bad
//! input, and comparing two projects, where a change shared by several
//! variants is reported once with the variants it applies to.

use std::path::Path;

use serde_json::Value;

use crate::support::diff::case_dir;
use crate::support::{Project, policyc};

// ---------------------------------------------------------------------------
// Two files: JSON schema, exit codes, bad input.

fn diff_cmd(case: &str, extra: &[&str]) -> std::process::Output {
    let dir = case_dir(case);
    policyc()
        .arg("diff")
        .arg(dir.join("old.md"))
        .arg(dir.join("new.md"))
        .args(extra)
        .output()
        .expect("run policyc diff")
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "diff --format json did not print JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[track_caller]
fn assert_fields(value: &Value, fields: &[&str]) {
    for field in fields {
        assert!(value.get(field).is_some(), "missing `{field}` in {value:#}");
    }
}

#[test]
fn json_output_has_the_documented_fields() {
    let output = diff_cmd("mixed", &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json = json_of(&output);
    assert_fields(&json, &["schema", "changed", "documents"]);
    assert_eq!(json["schema"], 1);
    assert_eq!(json["changed"], true);
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_fields(
        doc,
        &[
            "document",
            "title",
            "variants",
            "applies_to",
            "changed",
            "class",
            "titles",
            "sections",
        ],
    );
    assert_eq!(doc["document"], "new.md");
    assert_eq!(doc["title"], "Privacy Policy");
    assert_eq!(doc["changed"], true);
    assert_eq!(doc["class"], "text");
    assert_eq!(doc["variants"], Value::Array(vec![]));
    let sections = doc["sections"].as_array().unwrap();
    for s in sections {
        assert_fields(
            s,
            &[
                "id",
                "heading",
                "path",
                "change",
                "class",
                "renamed",
                "moved",
                "blocks",
                "links",
                "variants",
                "applies_to",
            ],
        );
        // Documented as present only when the heading's wording changed.
        assert!(s.get("old_heading").is_none(), "{s:#}");
    }
    let by_id = |id: &str| {
        sections
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no section {id}"))
    };
    let summary: Vec<(&str, &str, &str)> = sections
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap(),
                s["change"].as_str().unwrap(),
                s["class"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("about", "modified", "formatting"),
            ("collect", "modified", "formatting"),
            ("rights", "moved", "text"),
            ("use", "modified", "text"),
            ("sharing", "modified", "links"),
        ]
    );
    assert_eq!(by_id("rights")["moved"], true);
    let block = &by_id("use")["blocks"][0];
    assert_fields(block, &["change", "kind", "old", "new", "inline"]);
    assert_eq!(block["change"], "modified");
    assert_eq!(block["kind"], "paragraph");
    let ops: Vec<(&str, &str)> = block["inline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| (op["op"].as_str().unwrap(), op["text"].as_str().unwrap()))
        .filter(|(op, _)| *op != "equal")
        .collect();
    assert_eq!(ops, [("delete", "fraud"), ("insert", "abuse")]);
    assert_inline_rebuilds_old_and_new(block);
    let link = &by_id("sharing")["links"][0];
    assert_eq!(link["text"], "list of service providers");
    assert_eq!(link["old"], "https://fernhollow.example/legal/providers");
    assert_eq!(
        link["new"],
        "https://fernhollow.example/privacy/service-providers"
    );
}

/// The documented invariant of `inline`: `equal` + `delete` runs give
/// `old`, `equal` + `insert` runs give `new`.
#[track_caller]
fn assert_inline_rebuilds_old_and_new(block: &Value) {
    let join = |skip: &str| -> String {
        block["inline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|op| op["op"] != skip)
            .map(|op| op["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!(block["old"], join("insert"), "{block:#}");
    assert_eq!(block["new"], join("delete"), "{block:#}");
}

#[test]
fn json_blocks_of_added_and_removed_text_carry_only_their_side() {
    let json = json_of(&diff_cmd("section-added", &["--format", "json"]));
    let s = &json["documents"][0]["sections"][0];
    assert_eq!(s["change"], "added");
    let block = &s["blocks"][0];
    assert_eq!(block["change"], "added");
    assert!(block.get("old").is_none(), "{block:#}");
    assert!(
        block["new"]
            .as_str()
            .unwrap()
            .starts_with("Our web store uses")
    );
    assert!(
        block
            .get("inline")
            .is_none_or(|ops| ops == &Value::Array(vec![]))
    );
}

#[test]
fn json_title_change_gives_old_and_new_title() {
    let json = json_of(&diff_cmd("front-matter-title", &["--format", "json"]));
    assert_eq!(json["changed"], true);
    let doc = &json["documents"][0];
    assert_eq!(doc["title"], "Privacy Notice");
    assert_eq!(doc["sections"], Value::Array(vec![]));
    assert_eq!(doc["titles"][0]["old"], "Privacy Policy");
    assert_eq!(doc["titles"][0]["new"], "Privacy Notice");
}

#[test]
fn json_output_gives_the_old_heading_of_a_renamed_section() {
    let json = json_of(&diff_cmd("heading-reworded", &["--format", "json"]));
    let s = &json["documents"][0]["sections"][0];
    assert_eq!(s["id"], "sharing");
    assert_eq!(s["change"], "renamed");
    assert_eq!(s["renamed"], true);
    assert_eq!(s["heading"], "Who we share information with");
    assert_eq!(s["old_heading"], "Sharing");
}

#[test]
fn json_output_of_a_formatting_only_change_is_not_changed() {
    let json = json_of(&diff_cmd("rewrap", &["--format", "json"]));
    assert_eq!(json["changed"], false);
    assert_eq!(json["documents"][0]["changed"], false);
    assert_eq!(json["documents"][0]["class"], "formatting");
}

#[test]
fn exit_code_flag_gives_1_when_the_text_changed() {
    let output = diff_cmd("one-word", &["--exit-code"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("[-accounts-]{+profiles+}"));
}

#[test]
fn exit_code_flag_gives_0_when_only_formatting_or_links_changed() {
    for case in [
        "rewrap",
        "bullets",
        "emphasis",
        "setext-atx",
        "link-target",
        "mailto",
    ] {
        let output = diff_cmd(case, &["--exit-code"]);
        assert_eq!(output.status.code(), Some(0), "{case}");
    }
}

#[test]
fn without_exit_code_flag_a_text_change_still_exits_0() {
    assert_eq!(diff_cmd("one-word", &[]).status.code(), Some(0));
}

fn assert_bad_input(args: &[&Path], message: &str) {
    let output = policyc()
        .arg("diff")
        .args(args)
        .output()
        .expect("run policyc diff");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.starts_with("error: "), "stderr: {stderr}");
    assert!(stderr.contains(message), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_missing_file_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("old-privacy.md");
    let new = case_dir("rewrap").join("new.md");
    assert_bad_input(&[&missing, &new], "could not read");
    assert_bad_input(&[&missing, &new], "old-privacy.md");
}

#[test]
fn a_directory_given_as_a_file_exits_1_and_suggests_from() {
    let dir = tempfile::tempdir().unwrap();
    let old = case_dir("rewrap").join("old.md");
    assert_bad_input(&[&old, dir.path()], "is a directory");
    assert_bad_input(&[&old, dir.path()], "--from");
}

#[test]
fn a_file_that_is_not_utf8_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.md");
    std::fs::write(&latin1, b"## Caf\xe9 {#cafe}\n\nText.\n").unwrap();
    let old = case_dir("rewrap").join("old.md");
    assert_bad_input(&[&old, &latin1], "latin1.md` is not valid UTF-8");
}

#[test]
fn diff_without_arguments_outside_a_project_exits_1_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let output = policyc()
        .arg("--root")
        .arg(dir.path())
        .arg("diff")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no policyc.yaml"));
}

#[test]
fn diff_with_one_file_is_a_usage_error() {
    let old = case_dir("rewrap").join("old.md");
    let output = policyc().arg("diff").arg(old).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

// ---------------------------------------------------------------------------
// Projects: every variant compared, identical changes reported once.

fn edit(project: &Project, rel: &str, from: &str, to: &str) {
    let path = project.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {rel}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

fn project_json(old: &Project, new: &Project) -> Value {
    let output = policyc()
        .arg("diff")
        .arg("--from")
        .arg(old.root())
        .arg("--to")
        .arg(new.root())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    json_of(&output)
}

/// (document, section id, change, class, applies_to) of every reported section.
fn project_summary(json: &Value) -> Vec<(String, String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap().to_string();
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|doc| {
            doc["sections"].as_array().unwrap().iter().map(move |sec| {
                (
                    s(&doc["document"]),
                    s(&sec["id"]),
                    s(&sec["change"]),
                    s(&sec["class"]),
                    s(&sec["applies_to"]),
                )
            })
        })
        .collect()
}

#[test]
fn a_word_changed_in_a_regional_supplement_applies_to_that_variant_only() {
    let (old, new) = (Project::example(), Project::example());
    edit(
        &new,
        "regions/us-ca/privacy.en-US.md",
        "Most details can also be corrected",
        "Many details can also be corrected",
    );
    let json = project_json(&old, &new);
    assert_eq!(json["changed"], true);
    assert_eq!(
        project_summary(&json),
        [(
            "privacy".to_string(),
            "ca-right-correct".to_string(),
            "modified".to_string(),
            "text".to_string(),
            "us-ca · en-US".to_string()
        )]
    );
    let section = &json["documents"][0]["sections"][0];
    assert_eq!(
        section["variants"],
        serde_json::json!([{ "region": "us-ca", "locale": "en-US" }])
    );
    let ops: Vec<&str> = section["blocks"][0]["inline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|op| op["op"] != "equal")
        .map(|op| op["text"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["Most", "Many"]);
    assert_inline_rebuilds_old_and_new(&section["blocks"][0]);
}

#[test]
fn a_shared_base_sentence_changed_is_reported_once_for_every_region_publishing_it() {
    let (old, new) = (Project::example(), Project::example());
    edit(
        &new,
        "policies/privacy/en-US.md",
        "Every new version will be published on this page.",
        "Every new version will be posted on this page.",
    );
    let json = project_json(&old, &new);
    assert_eq!(json["changed"], true);
    assert_eq!(
        project_summary(&json),
        [(
            "privacy".to_string(),
            "changes".to_string(),
            "modified".to_string(),
            "text".to_string(),
            "eu, global, us, us-ca · en-US".to_string()
        )]
    );
    let doc = &json["documents"][0];
    assert_eq!(doc["applies_to"], "eu, global, us, us-ca · en-US");
    assert_eq!(doc["sections"][0]["variants"].as_array().unwrap().len(), 4);
}

#[test]
fn to_defaults_to_the_root_project() {
    let (old, new) = (Project::example(), Project::example());
    edit(
        &new,
        "regions/us-ca/privacy.en-US.md",
        "Most details can also be corrected",
        "Many details can also be corrected",
    );
    let output = new
        .cmd()
        .arg("diff")
        .arg("--from")
        .arg(old.root())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_of(&output), project_json(&old, &new));
}

#[test]
fn identical_projects_have_no_changes_and_exit_0_with_exit_code() {
    let (old, new) = (Project::example(), Project::example());
    let output = policyc()
        .arg("diff")
        .arg("--from")
        .arg(old.root())
        .arg("--to")
        .arg(new.root())
        .arg("--exit-code")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "No changes.\n");
}

#[test]
fn a_from_directory_that_is_not_a_project_exits_1() {
    let empty = Project::empty();
    let example = Project::example();
    let output = policyc()
        .arg("diff")
        .arg("--from")
        .arg(empty.root())
        .arg("--to")
        .arg(example.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the --from project"), "{stderr}");
    assert!(stderr.contains("has no policyc.yaml"), "{stderr}");
}
