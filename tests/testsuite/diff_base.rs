//! `policyc diff --base REF`: the project at a git revision against the
//! working tree's, as two projects are compared, also when the branch
//! already holds its release; and what it says when the revision cannot be
//! read (a typo, a shallow clone, no repository, no git).

use std::process::Output;

use serde_json::Value;

use crate::support::git::{self, Repo};

/// The sentence of the terms' "Free trials" section the pull requests edit.
const TRIAL_OLD: &str = "we send a reminder a few days before it runs out";
const TRIAL_NEW: &str = "we send a reminder three days before it runs out";
const TERMS: &str = "policies/terms/en-US.md";

/// A repository whose `main` holds the released example project in
/// `folder` (`""` for the top), and a branch `pr` checked out.
fn repo_with_example(folder: &str) -> Repo {
    let repo = Repo::new();
    git::copy_example(&repo.join(folder));
    repo.commit_all("The released example");
    repo.git(&["checkout", "--quiet", "-b", "pr"]);
    repo
}

/// Edits the "Free trials" section of the terms in `folder`.
fn edit_trials(repo: &Repo, folder: &str) {
    let rel = format!("{folder}{TERMS}");
    let text = repo.read(&rel);
    assert!(text.contains(TRIAL_OLD), "the example's terms changed");
    repo.write(&rel, text.replace(TRIAL_OLD, TRIAL_NEW));
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `diff --base REF --format json` in `folder`: the exit code and report.
fn diff_json(repo: &Repo, folder: &str, revision: &str) -> (i32, Value) {
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
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}):\n{}\nstderr:\n{}",
            stdout(&output),
            stderr(&output)
        )
    });
    (output.status.code().expect("exited"), json)
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

fn trials_modified() -> Vec<(String, String, String)> {
    vec![(
        "terms".to_string(),
        "subscriptions-trials".to_string(),
        "modified".to_string(),
    )]
}

/// Runs policyc and expects exit 1 with an error; returns stderr.
fn fails(mut cmd: assert_cmd::Command) -> String {
    let output = cmd.output().expect("run policyc");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    let err = stderr(&output);
    assert!(err.starts_with("error: "), "{err}");
    err
}

#[test]
fn base_compares_the_revision_with_the_working_tree() {
    if !git::available() {
        return;
    }
    let repo = repo_with_example("");
    let (code, json) = diff_json(&repo, "", "main");
    assert_eq!(
        (code, json["changed"].as_bool()),
        (0, Some(false)),
        "{json:#}"
    );

    // An edit not yet committed counts: the working tree is compared.
    edit_trials(&repo, "");
    let (code, json) = diff_json(&repo, "", "main");
    assert_eq!(code, 1, "--exit-code: the texts differ");
    assert_eq!(changed_sections(&json), trials_modified(), "{json:#}");

    let markdown = repo
        .policyc("")
        .args(["diff", "--base", "main", "--format", "markdown"])
        .output()
        .expect("run policyc diff");
    assert_eq!(markdown.status.code(), Some(0), "{}", stderr(&markdown));
    let text = stdout(&markdown);
    assert!(text.contains("Free trials"), "{text}");
    assert!(text.contains("three"), "{text}");

    let html = repo
        .policyc("")
        .args(["diff", "--base", "main", "--format", "html"])
        .output()
        .expect("run policyc diff");
    assert!(stdout(&html).contains("<del"), "{}", stdout(&html));
}

#[test]
fn base_sees_the_change_when_the_branch_holds_its_release() {
    if !git::available() {
        return;
    }
    let repo = repo_with_example("");
    edit_trials(&repo, "");
    let release = repo
        .policyc("")
        .args(["release", "-m", "Say when the trial reminder comes"])
        .args(["--date", "2026-12-01", "--today", "2026-12-01"])
        .output()
        .expect("run policyc release");
    assert_eq!(release.status.code(), Some(0), "{}", stderr(&release));
    repo.commit_all("Trial reminder, released");

    // Against its own last release the branch has nothing new ...
    let since = repo
        .policyc("")
        .args(["diff", "--exit-code"])
        .output()
        .expect("run policyc diff");
    assert_eq!(since.status.code(), Some(0), "{}", stdout(&since));
    // ... but against the base a reviewer sees what readers will see.
    let (code, json) = diff_json(&repo, "", "main");
    assert_eq!(code, 1);
    assert_eq!(changed_sections(&json), trials_modified(), "{json:#}");
}

#[test]
fn base_reads_a_project_in_a_subfolder() {
    if !git::available() {
        return;
    }
    let repo = repo_with_example("legal/");
    repo.write("README.md", "The policies live in legal/.\n");
    edit_trials(&repo, "legal/");
    repo.commit_all("Trial reminder");
    let (code, json) = diff_json(&repo, "legal", "main");
    assert_eq!(code, 1);
    assert_eq!(changed_sections(&json), trials_modified(), "{json:#}");
    // A commit hash names a revision as well as a branch does.
    let main = repo.git(&["rev-parse", "main"]);
    let (_, by_hash) = diff_json(&repo, "legal", main.trim());
    assert_eq!(by_hash, json);
}

#[test]
fn base_names_an_unknown_revision_and_the_nearest_branch() {
    if !git::available() {
        return;
    }
    let repo = repo_with_example("");
    let mut cmd = repo.policyc("");
    cmd.args(["diff", "--base", "mian"]);
    let err = fails(cmd);
    assert!(
        err.contains("git does not know the revision `mian`: did you mean `main`?"),
        "{err}"
    );
    assert!(err.contains("git fetch origin mian"), "{err}");
}

#[test]
fn base_in_a_shallow_clone_advises_fetching_the_history() {
    if !git::available() {
        return;
    }
    let origin = repo_with_example("");
    edit_trials(&origin, "");
    origin.commit_all("Trial reminder");
    let clone = Repo::new();
    let url = format!("file://{}", origin.path().display());
    clone.git(&["fetch", "--quiet", "--depth=1", &url, "pr"]);
    clone.git(&["checkout", "--quiet", "FETCH_HEAD"]);
    let mut cmd = clone.policyc("");
    cmd.args(["diff", "--base", "origin/main"]);
    let err = fails(cmd);
    assert!(err.contains("this clone is shallow"), "{err}");
    assert!(err.contains("git fetch origin main"), "{err}");
    assert!(err.contains("fetch-depth: 0"), "{err}");
}

#[test]
fn base_outside_a_repository_says_to_use_a_clone_or_from() {
    if !git::available() {
        return;
    }
    let project = crate::support::Project::minimal();
    let home = tempfile::tempdir().expect("a home");
    let mut cmd = crate::support::policyc();
    cmd.envs(git::env(home.path()))
        // git must not find a repository above the temporary folder.
        .env(
            "GIT_CEILING_DIRECTORIES",
            project.root().parent().expect("a parent"),
        )
        .arg("--root")
        .arg(project.root())
        .args(["diff", "--base", "main"]);
    let err = fails(cmd);
    assert!(err.contains("is not in a git repository"), "{err}");
    assert!(err.contains("--from DIR"), "{err}");
}

#[test]
fn base_without_git_says_to_install_it() {
    let project = crate::support::Project::minimal();
    let empty = tempfile::tempdir().expect("an empty folder");
    let mut cmd = crate::support::policyc();
    cmd.env("PATH", empty.path())
        .arg("--root")
        .arg(project.root())
        .args(["diff", "--base", "main"]);
    let err = fails(cmd);
    assert!(err.contains("git is not installed"), "{err}");
}

#[test]
fn base_follows_links_inside_the_project_and_refuses_others() {
    if !git::available() {
        return;
    }
    let repo = repo_with_example("legal/");
    // The terms kept outside the source folders, linked from policies/.
    let terms = repo.read(&format!("legal/{TERMS}"));
    repo.write("legal/shared/terms.md", &terms);
    std::fs::remove_file(repo.join(&format!("legal/{TERMS}"))).expect("remove");
    std::os::unix::fs::symlink(
        "../../shared/terms.md",
        repo.join(&format!("legal/{TERMS}")),
    )
    .expect("make a link");
    repo.commit_all("The terms, linked");
    let (code, json) = diff_json(&repo, "legal", "main");
    assert_eq!(
        (code, json["changed"].as_bool()),
        (0, Some(false)),
        "{json:#}"
    );
    repo.write("legal/shared/terms.md", terms.replace(TRIAL_OLD, TRIAL_NEW));
    let (code, json) = diff_json(&repo, "legal", "pr");
    assert_eq!(code, 1);
    assert_eq!(changed_sections(&json), trials_modified(), "{json:#}");

    // A link leading out of the project is not followed at the revision,
    // as it is not in the working tree.
    repo.write("secret.md", "Not part of the project.\n");
    std::os::unix::fs::symlink(
        "../../../secret.md",
        repo.join("legal/policies/terms/es-US.md"),
    )
    .expect("make a link");
    repo.commit_all("A link leading out of the project");
    let mut cmd = repo.policyc("legal");
    cmd.args(["diff", "--base", "pr"]);
    let err = fails(cmd);
    assert!(err.contains("the --base project (pr) has errors"), "{err}");
    assert!(
        err.contains("policies/terms/es-US.md: this symbolic link cannot be read"),
        "{err}"
    );
    assert!(!err.contains("Not part of the project"), "{err}");
}

#[test]
fn base_refuses_a_revision_that_git_would_read_as_an_option() {
    if !git::available() {
        return;
    }
    let repo = repo_with_example("");
    let mut cmd = repo.policyc("");
    cmd.args(["diff", "--base=--output=x"]);
    let err = fails(cmd);
    assert!(err.contains("`--output=x` is not a git revision"), "{err}");
    assert!(!repo.join("x").exists());
}

#[test]
fn base_without_the_project_shows_every_page_as_added() {
    if !git::available() {
        return;
    }
    let repo = Repo::new();
    repo.write("README.md", "Policies to come.\n");
    repo.commit_all("An empty repository");
    repo.git(&["checkout", "--quiet", "-b", "pr"]);
    git::copy_example(&repo.join("legal"));
    repo.commit_all("The policies");
    let (code, json) = diff_json(&repo, "legal", "main");
    assert_eq!(code, 1);
    let documents: Vec<(&str, bool)> = json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            let sections = d["sections"].as_array().expect("sections");
            (
                d["document"].as_str().unwrap_or_default(),
                !sections.is_empty() && sections.iter().all(|s| s["change"] == "added"),
            )
        })
        .collect();
    assert_eq!(
        documents,
        [
            ("notice-at-collection", true),
            ("privacy", true),
            ("terms", true)
        ],
        "{json:#}"
    );
}

#[test]
fn base_refuses_a_file_over_the_size_limit_without_reading_it() {
    if !git::available() {
        return;
    }
    let repo = repo_with_example("");
    let big = format!(
        "---\ntitle: Terms\n---\n\n{}\n",
        "a ".repeat(5 * 1024 * 1024 + 8)
    );
    repo.write(TERMS, big);
    repo.commit_all("Terms too long to read");
    let mut cmd = repo.policyc("");
    cmd.args(["diff", "--base", "pr"]);
    let err = fails(cmd);
    assert!(err.contains("the --base project (pr) has errors"), "{err}");
    assert!(err.contains("policies/terms/en-US.md"), "{err}");
    assert!(err.contains("10 MiB"), "{err}");
}

#[test]
fn base_conflicts_with_from_and_with_two_files() {
    for args in [
        &["diff", "--base", "main", "--from", "old"][..],
        &["diff", "--base", "main", "old.md", "new.md"][..],
    ] {
        let output = crate::support::policyc()
            .args(args)
            .output()
            .expect("run policyc");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("cannot be used with"),
            "{}",
            stderr(&output)
        );
    }
}
