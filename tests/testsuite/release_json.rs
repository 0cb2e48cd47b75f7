//! `policyc release --format json`: what a release records (or, with
//! `--dry-run`, would record) as the JSON documented in
//! `docs/release-json.md`, for bots.

use serde_json::Value;

use crate::support::release::{
    FIRST, SECOND, history, ok, record, released_example, released_with_a_pending_change,
};

fn json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "release --format json did not print JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

#[test]
fn a_dry_run_prints_what_would_be_recorded_as_json_and_writes_nothing() {
    let p = released_with_a_pending_change();
    let before = history(&p);
    let output = ok(
        &p,
        &[
            "release",
            "--dry-run",
            "--format",
            "json",
            "--date",
            SECOND,
            "--effective",
            "2026-04-01",
            "--today",
            SECOND,
        ],
    );
    assert_eq!(history(&p), before, "a dry run wrote to history/");
    let j = json(&output);
    assert_eq!(j["schema"], 1);
    assert_eq!(j["dry_run"], true);
    assert_eq!(j["path"], Value::Null);
    let release = &j["release"];
    assert_eq!(release["number"], 2);
    assert_eq!(release["date"], SECOND);
    assert_eq!(release["effective"], "2026-04-01");
    assert_eq!(release["message"], Value::Null);
    // The one page whose words changed: California's privacy policy in English.
    let variants = release["variants"].as_array().expect("variants");
    assert_eq!(variants.len(), 1, "{variants:#?}");
    let v = &variants[0];
    assert_eq!(
        (&v["doc"], &v["region"], &v["locale"]),
        (&"privacy".into(), &"us-ca".into(), &"en-US".into())
    );
    assert_eq!(v["old_version"], 1);
    assert_eq!(v["new_version"], 2);
    assert_eq!(v["class"], "text");
    let changes = v["changes"].as_array().expect("changes");
    assert!(
        changes
            .iter()
            .any(|c| c.as_str().is_some_and(|c| c.starts_with("modified: "))),
        "{changes:?}"
    );
    assert_eq!(release["withdrawn"], Value::Array(Vec::new()));
    // The changes as `policyc diff --format json` gives them.
    assert_eq!(j["diff"]["schema"], 1);
    assert_eq!(j["diff"]["changed"], true);
    assert_eq!(j["diff"]["documents"][0]["document"], "privacy");
}

#[test]
fn without_dry_run_the_json_says_what_was_recorded_and_where() {
    let p = released_with_a_pending_change();
    let output = ok(
        &p,
        &[
            "release",
            "--format",
            "json",
            "-m",
            "Say the format is readable",
            "--date",
            SECOND,
            "--today",
            SECOND,
        ],
    );
    let j = json(&output);
    assert_eq!(j["dry_run"], false);
    assert_eq!(j["path"], "history/releases/0002.yaml");
    assert_eq!(j["release"]["message"], "Say the format is readable");
    let written = record(&p, 2);
    assert_eq!(written.release, 2);
    assert_eq!(
        j["release"]["variants"].as_array().map(Vec::len),
        Some(written.variants.len())
    );
    assert_eq!(j["release"]["effective"], Value::Null);
}

#[test]
fn nothing_to_release_is_a_null_release() {
    let p = released_example();
    let output = ok(
        &p,
        &["release", "--dry-run", "--format", "json", "--today", FIRST],
    );
    let j = json(&output);
    assert_eq!(j["release"], Value::Null);
    assert_eq!(j["path"], Value::Null);
    assert_eq!(j["diff"]["changed"], false);
}
