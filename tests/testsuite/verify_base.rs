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

/// `main` releases a second time, then a commit damages its first record;
/// the branch `fix`, made from it, restores that record. Only `main`'s
/// newest record, 0002, is read for its hash, so the repair can pass.
fn main_with_a_damaged_old_record() -> Option<Repo> {
    let repo = repo_with_example_in(".")?;
    repo.git(&["checkout", "--quiet", "main"]);
    let privacy = "policies/privacy/en-US.md";
    let text = repo.read(privacy);
    repo.write(
        privacy,
        format!("{text}\nWe answer every letter within a month.\n"),
    );
    repo.policyc(".")
        .args(["release", "-m", "Say when we answer"])
        .args(["--date", "2026-12-01", "--today", "2026-12-01"])
        .assert()
        .success();
    repo.commit_all("Second release");
    let first = "history/releases/0001.yaml";
    let good = repo.read(first);
    repo.write(first, good.replacen("release: 1", "release: 01", 1));
    repo.commit_all("Damage the first record");
    repo.git(&["checkout", "--quiet", "-b", "fix"]);
    repo.write(first, good);
    repo.commit_all("Restore the first record");
    Some(repo)
}

#[test]
fn a_base_whose_older_record_is_damaged_is_read_only_for_its_newest_hash() {
    let Some(repo) = main_with_a_damaged_old_record() else {
        return;
    };
    let out = repo
        .policyc(".")
        .args(["verify", "--base", "main"])
        .output()
        .expect("run policyc");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("history/ is intact: 2 releases"),
        "{stderr}"
    );
}

#[test]
fn a_base_whose_newest_record_is_damaged_is_named_with_what_to_do() {
    let Some(repo) = repo_with_example_in(".") else {
        return;
    };
    repo.git(&["checkout", "--quiet", "main"]);
    let newest = "history/releases/0001.yaml";
    let good = repo.read(newest);
    let hash = good
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("# record-hash: "))
        .expect("a hash line")
        .to_string();
    repo.write(newest, good.replacen("release: 1", "release: 01", 1));
    repo.commit_all("Damage the newest record");
    repo.git(&["checkout", "--quiet", "-b", "fix"]);
    repo.write(newest, &good);
    repo.commit_all("Restore it");
    let out = repo
        .policyc(".")
        .args(["verify", "--base", "main"])
        .output()
        .expect("run policyc");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the newest release record of `main`, `history/releases/0001.yaml`, was changed after it was written")
            && stderr.contains("--head HASH")
            && stderr.contains("history/ was not checked"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("git checkout --"),
        "the working tree is not at fault: {stderr}"
    );
    // Its good hash, given instead, checks the repaired history.
    repo.policyc(".")
        .args(["verify", "--head", &hash])
        .assert()
        .success();
    // Cut short (no hash line) is said as such.
    repo.git(&["checkout", "--quiet", "main"]);
    let body = &good[..good.rfind("# record-hash:").expect("a hash line")];
    repo.write(newest, body);
    repo.commit_all("Cut the newest record short");
    repo.git(&["checkout", "--quiet", "fix"]);
    let out = repo
        .policyc(".")
        .args(["verify", "--base", "main"])
        .output()
        .expect("run policyc");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`history/releases/0001.yaml`, has no `# record-hash:` line"),
        "{stderr}"
    );
}
