//! `policyc release --rebase`: two branches that both released conflict on
//! `history/releases/NNNN.yaml`; the branch's release is recorded again on
//! top of the base's history, in a real git repository (the `git` binary,
//! a fixed identity and fixed dates, no user or system configuration).

use std::process::{Command, Output};

use crate::support::release::{stderr_of, stdout_of};
use crate::support::{Project, bin, skip};

/// `policyc`, with colours off.
fn policyc() -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("NO_COLOR", "1");
    cmd
}

const CONFIG: &str = "\
name: Quillfern Legal
default_locale: en-US
locales: [en-US]
";

const PRIVACY: &str = "\
---
title: Privacy
---

Quillfern makes garden planners.

## What we keep {#keep}

Your name.

## Your rights {#rights}

Write to us.
";

const TERMS: &str = "\
---
title: Terms
---

## Using the planner {#use}

Be reasonable.
";

const COOKIES: &str = "\
---
title: Cookies
---

## Cookies we set {#set}

One, to keep you signed in.
";

/// The environment of every git and policyc run: no configuration of the
/// user or the system, a fixed identity and fixed dates.
fn hermetic(cmd: &mut Command, home: &std::path::Path) {
    cmd.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@quillfern.example")
        .env("GIT_COMMITTER_NAME", "Test Author")
        .env("GIT_COMMITTER_EMAIL", "author@quillfern.example")
        .env("GIT_AUTHOR_DATE", "2026-01-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T12:00:00Z")
        .env("GIT_EDITOR", "true")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
}

/// A policy project in a git repository: `main` holds its first release.
struct Repo {
    project: Project,
    home: tempfile::TempDir,
}

impl Repo {
    /// `None` (the test skips; in CI it fails) when git cannot be run.
    fn new() -> Option<Repo> {
        if Command::new("git").arg("--version").output().is_err() {
            skip("git is not installed", "install git (apt-get install git)");
            return None;
        }
        let repo = Repo {
            project: Project::from_files(&[
                ("policyc.yaml", CONFIG),
                ("policies/privacy/en-US.md", PRIVACY),
                ("policies/terms/en-US.md", TERMS),
                ("policies/cookies/en-US.md", COOKIES),
                (".gitignore", "out/\nhistory/.lock\n"),
            ]),
            home: tempfile::tempdir().expect("a home folder"),
        };
        repo.git(&["init", "-q", "-b", "main", "."]);
        repo.release("2026-01-10", "First release");
        repo.commit("First release");
        Some(repo)
    }

    /// Runs git in the project; returns its output, whatever the exit code.
    fn run_git(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(self.project.root()).args(args);
        hermetic(&mut cmd, self.home.path());
        cmd.output().expect("run git")
    }

    /// Runs git, which must succeed.
    fn git(&self, args: &[&str]) -> String {
        let output = self.run_git(args);
        assert!(
            output.status.success(),
            "git {args:?} failed:\n{}{}",
            stdout_of(&output),
            stderr_of(&output)
        );
        stdout_of(&output)
    }

    /// Runs `policyc`; returns its output, whatever the exit code.
    fn policyc(&self, args: &[&str]) -> Output {
        let mut cmd = policyc();
        cmd.arg("--root").arg(self.project.root()).args(args);
        hermetic(&mut cmd, self.home.path());
        cmd.output().expect("run policyc")
    }

    /// Runs `policyc`, which must succeed; returns its stderr.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.policyc(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "policyc {args:?} failed:\n{}",
            stderr_of(&output)
        );
        stderr_of(&output)
    }

    /// Runs `policyc`, which must fail with exit 1; returns its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let output = self.policyc(args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "policyc {args:?} should fail:\n{}",
            stderr_of(&output)
        );
        stderr_of(&output)
    }

    fn release(&self, date: &str, message: &str) {
        self.ok(&["release", "--date", date, "--today", date, "-m", message]);
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.project.read(rel);
        assert!(text.contains(from), "{rel} lacks {from:?}");
        self.project.write(rel, text.replacen(from, to, 1));
    }

    /// `main` releases a change to "What we keep" and to the cookies
    /// policy on `main_date`; the
    /// branch `rights`, made before it, releases changes to "Your rights"
    /// and to the terms on `branch_date`.
    fn two_branches_that_released(&self, main_date: &str, branch_date: &str) {
        self.git(&["checkout", "-q", "-b", "rights"]);
        self.edit(
            "policies/privacy/en-US.md",
            "Write to us.",
            "Write to us, and we answer within a month.",
        );
        self.edit("policies/terms/en-US.md", "Be reasonable.", "Be kind.");
        self.release(branch_date, "Say when we answer; ask users to be kind");
        self.commit("Release: when we answer");
        self.git(&["checkout", "-q", "main"]);
        self.edit(
            "policies/privacy/en-US.md",
            "Your name.",
            "Your name and your email address.",
        );
        self.edit(
            "policies/cookies/en-US.md",
            "One, to keep",
            "Two: one to keep",
        );
        self.release(main_date, "Say that we keep email addresses");
        self.commit("Release: email addresses");
        self.git(&["checkout", "-q", "rights"]);
    }

    /// The record of release `n`, parsed.
    fn record(&self, n: u32) -> serde_yaml_like::Record {
        serde_yaml_like::parse(&self.project.read(&format!("history/releases/{n:04}.yaml")))
    }

    /// Checks that history/ has the base's release 2 and the branch's as
    /// release 3, that it verifies and builds frozen, and that each page
    /// shows the date of the release that last changed it.
    fn assert_both_releases(&self, main_date: &str, branch_date: &str) {
        let second = self.record(2);
        assert_eq!(second.message, "Say that we keep email addresses");
        assert_eq!(second.date, main_date);
        let third = self.record(3);
        assert_eq!(third.message, "Say when we answer; ask users to be kind");
        assert_eq!(third.date, branch_date);
        // Compared with the base's release: the privacy policy's new
        // version changes only "Your rights", since "What we keep" was
        // released on main already.
        assert_eq!(
            third.changes,
            vec![
                (
                    "privacy".to_string(),
                    3,
                    vec!["modified: Your rights (#rights)".to_string()]
                ),
                (
                    "terms".to_string(),
                    2,
                    vec!["modified: Using the planner (#use)".to_string()]
                ),
            ]
        );
        assert!(
            !self
                .project
                .root()
                .join("history/releases/0004.yaml")
                .exists(),
            "one release recorded again, not more"
        );
        self.ok(&["verify"]);
        self.ok(&["build", "--frozen", "--today", "2026-06-01", "--quiet"]);
        let manifest = self.project.manifest();
        let dates: std::collections::BTreeMap<String, (String, u64)> = manifest["pages"]
            .as_array()
            .expect("pages")
            .iter()
            .map(|p| {
                (
                    p["doc"].as_str().unwrap().to_string(),
                    (
                        p["last_updated"].as_str().unwrap().to_string(),
                        p["version"].as_u64().unwrap(),
                    ),
                )
            })
            .collect();
        let expected = [
            ("cookies", (main_date, 2)),
            ("privacy", (branch_date, 3)),
            ("terms", (branch_date, 2)),
        ];
        let expected = expected
            .iter()
            .map(|(doc, (date, v))| (doc.to_string(), (date.to_string(), *v)))
            .collect();
        assert_eq!(dates, expected);
    }
}

/// Just enough of a release record for these tests: its date, message,
/// and each variant's document, version and changes.
mod serde_yaml_like {
    #[derive(Debug, serde::Deserialize)]
    struct Raw {
        date: String,
        message: String,
        variants: Vec<RawEntry>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct RawEntry {
        doc: String,
        version: u32,
        #[serde(default)]
        changes: Vec<String>,
    }

    pub struct Record {
        pub date: String,
        pub message: String,
        pub changes: Vec<(String, u32, Vec<String>)>,
    }

    pub fn parse(text: &str) -> Record {
        let raw: Raw = yaml_serde::from_str(text).expect("a release record");
        let mut changes: Vec<_> = raw
            .variants
            .into_iter()
            .map(|e| (e.doc, e.version, e.changes))
            .collect();
        changes.sort();
        Record {
            date: raw.date,
            message: raw.message,
            changes,
        }
    }
}

#[test]
fn after_a_merge_conflict_in_history_the_branch_release_is_recorded_again_on_top_of_main() {
    let Some(repo) = Repo::new() else { return };
    repo.two_branches_that_released("2026-03-01", "2026-03-02");
    let merge = repo.run_git(&["merge", "main"]);
    assert!(!merge.status.success(), "the merge should conflict");
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.contains("AA history/releases/0002.yaml"), "{status}");
    // Unresolved, history/ cannot be built on: the error says how to resolve.
    let stderr = repo.fails(&["release", "--rebase"]);
    assert!(
        stderr.contains("git restore --source=MERGE_HEAD --staged --worktree -- history/releases"),
        "{stderr}"
    );
    // The documented resolution.
    repo.git(&[
        "restore",
        "--source=MERGE_HEAD",
        "--staged",
        "--worktree",
        "--",
        "history/releases",
    ]);
    let stderr = repo.ok(&["release", "--rebase"]);
    assert!(
        stderr.contains("Rebasing release 2 (2026-03-02) of HEAD onto history/"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Recorded release 3 (2026-03-02)"),
        "{stderr}"
    );
    repo.git(&["add", "history"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    repo.assert_both_releases("2026-03-01", "2026-03-02");
    // Done: nothing left to rebase onto main.
    let stderr = repo.ok(&["release", "--rebase", "--onto", "main"]);
    assert!(
        stderr.contains("Nothing to rebase: history/ holds every release of HEAD already."),
        "{stderr}"
    );
}

#[test]
fn after_a_rebase_conflict_in_history_the_branch_release_is_recorded_again_on_top_of_main() {
    let Some(repo) = Repo::new() else { return };
    repo.two_branches_that_released("2026-03-01", "2026-03-02");
    let rebase = repo.run_git(&["rebase", "main"]);
    assert!(!rebase.status.success(), "the rebase should conflict");
    repo.git(&[
        "restore",
        "--source=HEAD",
        "--staged",
        "--worktree",
        "--",
        "history/releases",
    ]);
    let stderr = repo.ok(&["release", "--rebase"]);
    assert!(
        stderr.contains("Rebasing release 2 (2026-03-02) of REBASE_HEAD onto history/"),
        "{stderr}"
    );
    repo.git(&["add", "history"]);
    repo.git(&["rebase", "--continue"]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    repo.assert_both_releases("2026-03-01", "2026-03-02");
}

#[test]
fn a_branch_release_dated_before_the_base_release_needs_a_later_date() {
    let Some(repo) = Repo::new() else { return };
    repo.two_branches_that_released("2026-03-01", "2026-02-20");
    assert!(!repo.run_git(&["merge", "main"]).status.success());
    repo.git(&[
        "restore",
        "--source=MERGE_HEAD",
        "--staged",
        "--worktree",
        "--",
        "history/releases",
    ]);
    let stderr = repo.fails(&["release", "--rebase"]);
    assert!(
        stderr.contains("release 2 of HEAD is dated 2026-02-20, before the last release of history/ (2026-03-01)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("policyc release --rebase --date 2026-03-01"),
        "{stderr}"
    );
    assert!(
        !repo
            .project
            .root()
            .join("history/releases/0003.yaml")
            .exists()
    );
    repo.ok(&["release", "--rebase", "--date", "2026-03-01"]);
    repo.git(&["add", "history"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    repo.assert_both_releases("2026-03-01", "2026-03-01");
}

#[test]
fn rebase_without_a_base_or_with_a_bad_ref_is_an_error() {
    let Some(repo) = Repo::new() else { return };
    // No merge or rebase in progress, and no --onto.
    let stderr = repo.fails(&["release", "--rebase"]);
    assert!(
        stderr.contains("no merge or rebase is in progress")
            && stderr.contains("--onto origin/main"),
        "{stderr}"
    );
    let stderr = repo.fails(&["release", "--rebase", "--onto", "no-such-branch"]);
    assert!(
        stderr.contains("git does not know the revision `no-such-branch`"),
        "{stderr}"
    );
    // A branch with no release of its own: nothing to rebase, nothing written.
    repo.git(&["checkout", "-q", "-b", "idle"]);
    let stderr = repo.ok(&["release", "--rebase", "--onto", "main"]);
    assert!(stderr.contains("Nothing to rebase"), "{stderr}");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    // Outside a git repository.
    let plain = Project::from_files(&[
        ("policyc.yaml", CONFIG),
        ("policies/privacy/en-US.md", PRIVACY),
    ]);
    let mut cmd = policyc();
    cmd.arg("--root")
        .arg(plain.root())
        .args(["release", "--rebase", "--onto", "main"]);
    hermetic(&mut cmd, repo.home.path());
    let output = cmd.output().expect("run policyc");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output).contains(
            "is not in a git repository, and release --rebase reads the branch's releases with it"
        ),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn several_branch_releases_after_a_merge_are_recorded_again_as_one() {
    let Some(repo) = Repo::new() else { return };
    repo.two_branches_that_released("2026-03-01", "2026-03-02");
    // A second release on the branch, in its own record (0003.yaml, which
    // main lacks: no conflict there, but it chains to the branch's 0002).
    repo.edit(
        "policies/terms/en-US.md",
        "Be kind.",
        "Be kind to other gardeners.",
    );
    repo.release("2026-03-04", "Name the gardeners");
    repo.commit("Release: gardeners");
    assert!(!repo.run_git(&["merge", "main"]).status.success());
    repo.git(&[
        "restore",
        "--source=MERGE_HEAD",
        "--staged",
        "--worktree",
        "--",
        "history/releases",
    ]);
    assert!(
        !repo
            .project
            .root()
            .join("history/releases/0003.yaml")
            .exists(),
        "git restore leaves only the base's records"
    );
    let stderr = repo.ok(&["release", "--rebase"]);
    assert!(
        stderr.contains(
            "Rebasing release 2 (2026-03-02), release 3 (2026-03-04) of HEAD onto history/"
        ),
        "{stderr}"
    );
    let third = repo.record(3);
    assert_eq!(third.date, "2026-03-04");
    assert_eq!(
        third.message,
        "Say when we answer; ask users to be kind; Name the gardeners"
    );
    assert!(
        !repo
            .project
            .root()
            .join("history/releases/0004.yaml")
            .exists()
    );
    repo.git(&["add", "history"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    repo.ok(&["verify"]);
    repo.ok(&["build", "--frozen", "--today", "2026-06-01", "--quiet"]);
}
