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

/// `policyc check` in the working tree: it must pass.
#[track_caller]
fn check_passes(repo: &Repo) {
    let output = repo
        .policyc("")
        .arg("check")
        .output()
        .expect("run policyc check");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// A repository whose `main` holds the released example at its top, with
/// `pr` checked out.
fn repo_with_example() -> Repo {
    let repo = Repo::new();
    git::copy_example(repo.path());
    repo.commit_all("The released example");
    repo.git(&["checkout", "--quiet", "-b", "pr"]);
    repo
}

#[cfg(unix)]
fn link(target: impl AsRef<std::path::Path>, repo: &Repo, rel: &str) {
    let path = repo.join(rel);
    if path.exists() {
        std::fs::remove_file(&path).expect("remove the file");
    }
    std::os::unix::fs::symlink(target, path).expect("make a link");
}

#[cfg(unix)]
#[test]
fn base_follows_links_through_a_linked_folder_as_check_does() {
    if !git::available() {
        return;
    }
    let repo = repo_with_example();
    // The terms kept in texts/, reached through the linked folder shared2.
    repo.write("texts/terms-en.md", repo.read(TERMS));
    link("texts", &repo, "shared2");
    link("../../shared2/terms-en.md", &repo, TERMS);
    repo.commit_all("The terms, through a linked folder");
    check_passes(&repo);
    let (code, json, err) = diff_json(&repo, "", "HEAD");
    assert_eq!(
        (code, json["changed"].as_bool()),
        (0, Some(false)),
        "{err}{json:#}"
    );
    edit_trials(&repo, "texts/terms-en.md");
    let (code, json, err) = diff_json(&repo, "", "HEAD");
    assert_eq!(code, 1, "{err}");
    assert_eq!(changed_sections(&json), trials_modified(), "{json:#}");
}

#[cfg(unix)]
#[test]
fn base_reads_an_absolute_link_into_the_project_as_check_does() {
    if !git::available() {
        return;
    }
    let repo = repo_with_example();
    repo.write("texts/terms-en.md", repo.read(TERMS));
    link(repo.join("texts/terms-en.md"), &repo, TERMS);
    repo.commit_all("The terms, by an absolute link");
    check_passes(&repo);
    let (code, json, err) = diff_json(&repo, "", "HEAD");
    assert_eq!(
        (code, json["changed"].as_bool()),
        (0, Some(false)),
        "{err}{json:#}"
    );
    no_temporary_path(&err);
    edit_trials(&repo, "texts/terms-en.md");
    let (code, json, err) = diff_json(&repo, "", "HEAD");
    assert_eq!(code, 1, "{err}");
    assert_eq!(changed_sections(&json), trials_modified(), "{json:#}");
}

/// A repository whose `policies/` is a git submodule holding the example's
/// documents (the rest of the example around it), on `main`, with `pr`
/// checked out; and the submodule's own repository.
fn repo_with_policies_in_a_submodule() -> (Repo, Repo) {
    repo_with_policies_in_submodule("policies")
}

/// [`repo_with_policies_in_a_submodule`], the submodule at `folder`
/// (`policies/` gone when it is elsewhere).
fn repo_with_policies_in_submodule(folder: &str) -> (Repo, Repo) {
    let texts = Repo::new();
    let example = Repo::new();
    git::copy_example(example.path());
    let from = example.join("policies");
    for entry in walk(&from) {
        let rel = entry.strip_prefix(&from).expect("under policies/");
        texts.write(
            &rel.to_string_lossy(),
            std::fs::read(&entry).expect("read a policy"),
        );
    }
    texts.commit_all("The policies");
    let repo = Repo::new();
    git::copy_example(repo.path());
    std::fs::remove_dir_all(repo.join("policies")).expect("remove policies/");
    let url = format!("file://{}", texts.path().display());
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "--quiet",
        &url,
        folder,
    ]);
    repo.commit_all("The example, its policies in a submodule");
    repo.git(&["checkout", "--quiet", "-b", "pr"]);
    (repo, texts)
}

/// Every file under `dir`, in order.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read a folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn base_reads_sources_in_a_git_submodule_at_the_recorded_commit() {
    if !git::available() {
        return;
    }
    let (repo, _texts) = repo_with_policies_in_a_submodule();
    check_passes(&repo);
    let (code, json, err) = diff_json(&repo, "", "main");
    assert_eq!(
        (code, json["changed"].as_bool()),
        (0, Some(false)),
        "{err}{json:#}"
    );
    // An edit in the submodule's working tree is compared with the commit
    // `main` records.
    edit_trials(&repo, TERMS);
    let (code, json, err) = diff_json(&repo, "", "main");
    assert_eq!(code, 1, "{err}");
    assert_eq!(changed_sections(&json), trials_modified(), "{json:#}");
}

#[test]
fn base_refuses_a_submodule_the_clone_has_not_checked_out() {
    if !git::available() {
        return;
    }
    let (origin, _texts) = repo_with_policies_in_a_submodule();
    let clone = Repo::clone_of(&origin);
    let output = clone
        .policyc("")
        .args(["diff", "--base", "origin/main"])
        .output()
        .expect("run policyc diff");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("`policies` is a git submodule, which this clone has not checked out"),
        "{err}"
    );
    assert!(err.contains("git submodule update --init"), "{err}");
    no_temporary_path(&err);
}

#[cfg(unix)]
#[test]
fn base_follows_a_link_into_a_git_submodule() {
    if !git::available() {
        return;
    }
    let (repo, _texts) = repo_with_policies_in_submodule("vendor/texts");
    // The documents copied back into policies/, but for the terms, linked.
    let texts = repo.join("vendor/texts");
    for file in walk(&texts) {
        let rel = file.strip_prefix(&texts).expect("in the submodule");
        if rel.starts_with(".git") || rel == std::path::Path::new("terms/en-US.md") {
            continue;
        }
        let to = format!("policies/{}", rel.to_string_lossy());
        repo.write(&to, std::fs::read(&file).expect("read a document"));
    }
    std::fs::create_dir_all(repo.join("policies/terms")).expect("a folder");
    link("../../vendor/texts/terms/en-US.md", &repo, TERMS);
    repo.commit_all("The terms, linked into the submodule");
    check_passes(&repo);
    let (code, json, err) = diff_json(&repo, "", "HEAD");
    assert_eq!(
        (code, json["changed"].as_bool()),
        (0, Some(false)),
        "{err}{json:#}"
    );
    edit_trials(&repo, "vendor/texts/terms/en-US.md");
    let (code, json, err) = diff_json(&repo, "", "HEAD");
    assert_eq!(code, 1, "{err}");
    assert_eq!(changed_sections(&json), trials_modified(), "{json:#}");
}
