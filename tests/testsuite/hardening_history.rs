//! The history has an anchor outside itself: a built site's manifest.json
//! records the newest record's hash, and `verify --head` / `--head-from`
//! fail when that record was deleted or rewritten. A file under
//! `history/releases/` that is not named as a record is an error.

use crate::support::Project;
use crate::support::release::{
    edit, fails, ok, record_text, release, stderr_of, write_record_with_valid_hash,
};

const PRIVACY: &str = "policies/privacy/en-US.md";

/// A minimal project released twice.
fn released_twice() -> Project {
    let p = Project::minimal();
    release(&p, "2025-03-01", "First release");
    edit(&p, PRIVACY, "Names.", "Names and emails.");
    release(&p, "2025-04-01", "Say we keep emails");
    p
}

/// The hash the last line of record `n` states.
fn record_hash(p: &Project, n: usize) -> String {
    let text = record_text(p, n);
    let last = text.lines().last().unwrap();
    last.strip_prefix("# record-hash: ").unwrap().to_string()
}

/// The `history_head` of the site `build` writes.
fn built_head(p: &Project) -> serde_json::Value {
    ok(p, &["build", "--quiet", "--today", "2025-05-01"]);
    p.manifest()["history_head"].clone()
}

/// Copies the built site's manifest out of the project, as CI fetches the
/// published one; returns its path.
fn publish_manifest(p: &Project, dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("published-manifest.json");
    std::fs::copy(p.out().join("manifest.json"), &path).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn manifest_records_the_history_head() {
    let p = Project::minimal();
    assert_eq!(built_head(&p), serde_json::Value::Null);
    release(&p, "2025-03-01", "First release");
    assert_eq!(built_head(&p), record_hash(&p, 1));
}

#[test]
fn verify_head_fails_when_the_newest_record_was_deleted() {
    let p = released_twice();
    let head = record_hash(&p, 2);
    p.remove("history/releases/0002.yaml");
    // The chain alone cannot tell: what it lost was its end.
    ok(&p, &["verify"]);
    let stderr = fails(&p, &["verify", "--head", &head]);
    assert!(
        stderr.contains(&format!("no longer holds the release record {head}")),
        "{stderr}"
    );
    assert!(stderr.contains("it now ends at release 1"), "{stderr}");
    assert!(stderr.contains("git checkout -- history/"), "{stderr}");
}

#[test]
fn verify_head_fails_when_the_newest_record_was_rewritten_with_its_hash_recomputed() {
    let p = released_twice();
    let head = record_hash(&p, 2);
    let text = record_text(&p, 2);
    let body = &text[..text.rfind("# record-hash: ").unwrap()];
    write_record_with_valid_hash(&p, 2, &body.replace("Say we keep emails", "Nothing to see"));
    ok(&p, &["verify"]);
    let stderr = fails(&p, &["verify", "--head", &head]);
    assert!(
        stderr.contains("rewritten with its hash computed again"),
        "{stderr}"
    );
}

#[test]
fn verify_head_from_a_published_manifest_passes_after_a_later_release_and_fails_after_a_loss() {
    let p = released_twice();
    let tmp = tempfile::tempdir().unwrap();
    built_head(&p);
    let published = publish_manifest(&p, &tmp);
    // A pull request adds a release: the published head is still in the chain.
    edit(&p, PRIVACY, "Ask us.", "Write to us.");
    release(&p, "2025-05-01", "Say how to ask");
    ok(&p, &["verify", "--head-from", &published]);
    ok(&p, &["verify", "--head", &record_hash(&p, 2)]);
    // Then loses the published head, and the release after it.
    p.remove("history/releases/0003.yaml");
    p.remove("history/releases/0002.yaml");
    ok(&p, &["verify"]);
    let stderr = fails(&p, &["verify", "--head-from", &published]);
    assert!(
        stderr.contains("no longer holds the release record"),
        "{stderr}"
    );
}

#[test]
fn verify_head_from_a_site_built_before_the_first_release_passes() {
    let p = Project::minimal();
    let tmp = tempfile::tempdir().unwrap();
    built_head(&p);
    let published = publish_manifest(&p, &tmp);
    release(&p, "2025-03-01", "First release");
    ok(&p, &["verify", "--head-from", &published]);
}

#[test]
fn verify_head_from_refuses_what_is_not_a_policyc_manifest_without_quoting_it() {
    let p = released_twice();
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        (
            "{\"name\":\"SECRET-app\"}",
            "not a manifest.json policyc wrote",
        ),
        ("SECRET not json", "it is not JSON"),
        (
            "{\"generator\":\"policyc\",\"pages\":[]}",
            "it has no `history_head`",
        ),
        (
            "{\"generator\":\"policyc\",\"history_head\":\"SECRET\"}",
            "is not a record hash",
        ),
    ];
    for (text, says) in cases {
        let path = tmp.path().join("manifest.json");
        std::fs::write(&path, text).unwrap();
        let stderr = fails(&p, &["verify", "--head-from", path.to_str().unwrap()]);
        assert!(stderr.contains(says), "{text}: {stderr}");
        assert!(!stderr.contains("SECRET"), "{text}: {stderr}");
    }
}

#[test]
fn verify_head_that_is_not_a_hash_is_wrong_usage() {
    let p = released_twice();
    let output = p.cmd().args(["verify", "--head", "0002"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("sha256:"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn a_file_in_history_releases_that_is_not_a_record_is_reported() {
    for name in ["0003.yml", "0003.YAML", "notes.txt"] {
        let p = released_twice();
        p.write(&format!("history/releases/{name}"), "release: 3\n");
        let rel = format!("history/releases/{name}");
        for args in [
            &["verify"][..],
            &["build", "--quiet"][..],
            &["release", "--date", "2025-06-01", "-m", "x"][..],
        ] {
            let stderr = fails(&p, args);
            assert!(stderr.contains(&rel), "{name} {args:?}: {stderr}");
            assert!(
                stderr.contains("is not a release record"),
                "{name} {args:?}: {stderr}"
            );
        }
        let stderr = fails(&p, &["verify"]);
        if name.starts_with("0003") {
            assert!(stderr.contains("give it its name, `0003.yaml`"), "{stderr}");
        }
    }
}
