//! `policyc diff --base REF` on repositories shaped as real ones are: a
//! project added at the repository's top, a single-branch shallow clone
//! following the advice policyc gives, sources in a git submodule, and
//! sources reached through linked folders or absolute links. Whatever
//! `check` reads in the working tree, `--base` reads the same way.

use std::process::Output;

use serde_json::Value;

use crate::support::git::{self, Repo};

const TERMS: &str = "policies/terms/en-US.md";
const TRIAL_OLD: &str = "we send a reminder a few days before it runs out";
const TRIAL_NEW: &str = "we send a reminder three days before it runs out";

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `diff --base REF --format json` in `folder`: the exit code, the report
/// and what policyc said on stderr.
fn diff_json(repo: &Repo, folder: &str, revision: &str) -> (i32, Value, String) {
    let output = repo
        .policyc(folder)
        .args([
            "diff",
            "--exit-code",
            "--format",
            "json",
            "--base",
            revision,
        ])
        .output()
        .expect("run policyc diff");
    let err = stderr(&output);
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}):\n{}\nstderr:\n{err}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code().expect("exited"), json, err)
}

/// The (document, section id, change) of every section the report lists.
fn changed_sections(json: &Value) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for doc in json["documents"].as_array().expect("documents") {
        for section in doc["sections"].as_array().expect("sections") {
            found.push((
                doc["document"].as_str().unwrap_or_default().to_string(),
                section["id"].as_str().unwrap_or_default().to_string(),
                section["change"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    found
}

/// Each document of the report, and whether all its sections are added.
fn documents_all_added(json: &Value) -> Vec<(String, bool)> {
    json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            let sections = d["sections"].as_array().expect("sections");
            (
                d["document"].as_str().unwrap_or_default().to_string(),
                !sections.is_empty() && sections.iter().all(|s| s["change"] == "added"),
            )
        })
        .collect()
}

fn trials_modified() -> Vec<(String, String, String)> {
    vec![(
        "terms".to_string(),
        "subscriptions-trials".to_string(),
        "modified".to_string(),
    )]
}

fn edit_trials(repo: &Repo, rel: &str) {
    let text = repo.read(rel);
    assert!(text.contains(TRIAL_OLD), "the example's terms changed");
    repo.write(rel, text.replace(TRIAL_OLD, TRIAL_NEW));
}

/// No message names the temporary folder the revision is written into.
#[track_caller]
fn no_temporary_path(err: &str) {
    assert!(!err.contains("policyc-base-"), "{err}");
}

#[test]
fn base_without_policyc_yaml_at_the_top_shows_every_page_as_added() {
    if !git::available() {
        return;
    }
    // The first pull request of a repository adopting policyc at its top:
    // the folder exists at the base (it holds a README), the project not.
    let repo = Repo::new();
    repo.write("README.md", "Our policies will live here.\n");
    repo.commit_all("A repository for the policies");
    repo.git(&["checkout", "--quiet", "-b", "pr"]);
    git::copy_example(repo.path());
    repo.commit_all("The policies");
    let (code, json, err) = diff_json(&repo, "", "main");
    assert_eq!(code, 1, "{err}");
    no_temporary_path(&err);
    assert_eq!(
        documents_all_added(&json),
        [
            ("notice-at-collection".to_string(), true),
            ("privacy".to_string(), true),
            ("terms".to_string(), true)
        ],
        "{json:#}"
    );
}

/// The `git fetch …` command a message advises, as written there.
fn advised_fetch(err: &str) -> Vec<String> {
    let start = err.find("`git fetch ").expect("a fetch advised") + 1;
    let end = start + err[start..].find('`').expect("the command's end");
    err[start..end]
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn base_in_a_single_branch_shallow_clone_works_after_the_advised_fetch() {
    if !git::available() {
        return;
    }
    let origin = Repo::new();
    git::copy_example(origin.path());
    origin.commit_all("The released example");
    origin.git(&["checkout", "--quiet", "-b", "feature"]);
    edit_trials(&origin, TERMS);
    origin.commit_all("Trial reminder");
    // As CI clones a pull request's branch: that branch only, one commit.
    let clone = Repo::empty();
    let url = format!("file://{}", origin.path().display());
    clone.git(&[
        "clone", "--quiet", "--depth", "1", "--branch", "feature", &url, ".",
    ]);
    let output = clone
        .policyc("")
        .args(["diff", "--base", "origin/main"])
        .output()
        .expect("run policyc diff");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("this clone is shallow"), "{err}");
    let fetch = advised_fetch(&err);
    assert_eq!(fetch[..3], ["git", "fetch", "origin"], "{err}");
    // Followed literally, the advice makes `origin/main` known.
    let args: Vec<&str> = fetch[1..].iter().map(String::as_str).collect();
    clone.git(&args);
    let (code, json, err) = diff_json(&clone, "", "origin/main");
    assert_eq!(code, 1, "{err}");
    assert_eq!(changed_sections(&json), trials_modified(), "{json:#}");
}
