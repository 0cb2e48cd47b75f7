//! `policyc verify --base REF`: the branch keeps every release the base
//! branch has, read with git, also for a project in a subfolder.

use crate::support::git::{self, Repo};

/// A repository whose `main` holds the example (with its releases) in
/// `dir`, and a branch `pr` checked out from it.
fn repo_with_example_in(dir: &str) -> Option<Repo> {
    if !git::available() {
        return None;
    }
    let repo = Repo::new();
    git::copy_example(&repo.join(dir));
    repo.commit_all("The policies");
    repo.git(&["checkout", "--quiet", "-b", "pr"]);
    Some(repo)
}

fn newest_record(repo: &Repo, dir: &str) -> String {
    let releases = repo.join(dir).join("history/releases");
    let mut names: Vec<String> = std::fs::read_dir(&releases)
        .expect("history/releases")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let newest = names.last().expect("a release").clone();
    format!("{dir}/history/releases/{newest}")
}

#[test]
fn a_branch_that_deleted_the_bases_newest_release_fails_also_in_a_subfolder() {
    for dir in [".", "legal"] {
        let Some(repo) = repo_with_example_in(dir) else {
            return;
        };
        repo.policyc(dir)
            .args(["verify", "--base", "main"])
            .assert()
            .success();
        let newest = newest_record(&repo, dir);
        std::fs::remove_file(repo.join(&newest)).expect("delete the newest record");
        repo.commit_all("Drop a release");
        let out = repo
            .policyc(dir)
            .args(["verify", "--base", "main"])
            .output()
            .expect("run policyc");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{dir}: {stderr}");
        assert!(
            stderr.contains("no longer holds the release record sha256:"),
            "{dir}: {stderr}"
        );
    }
}

#[test]
fn a_base_without_releases_is_said_and_passes() {
    let Some(repo) = repo_with_example_in("legal") else {
        return;
    };
    repo.git(&["checkout", "--quiet", "--orphan", "empty"]);
    repo.git(&["rm", "-r", "--quiet", "--cached", "."]);
    repo.write("README.md", "Nothing yet\n");
    repo.git(&["add", "README.md"]);
    repo.git(&["commit", "--quiet", "-m", "Empty"]);
    repo.git(&["checkout", "--quiet", "--force", "pr"]);
    let out = repo
        .policyc("legal")
        .args(["verify", "--base", "empty"])
        .output()
        .expect("run policyc");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("`empty` holds no release of this project"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_base_is_an_error_naming_it() {
    let Some(repo) = repo_with_example_in(".") else {
        return;
    };
    let out = repo
        .policyc(".")
        .args(["verify", "--base", "origin/nothing"])
        .output()
        .expect("run policyc");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("origin/nothing"), "{stderr}");
    assert!(stderr.contains("history/ was not checked"), "{stderr}");
}
