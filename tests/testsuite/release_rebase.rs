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
    /// The project's folder in the repository ("" at its top), which
    /// `policyc` is given as `--root`, run from the repository's top.
    sub: &'static str,
}

impl Repo {
    /// `None` (the test skips; in CI it fails) when git cannot be run.
    fn new() -> Option<Repo> {
        Repo::in_folder("")
    }

    /// [`Repo::new`], with the project in the folder `sub` of the
    /// repository.
    fn in_folder(sub: &'static str) -> Option<Repo> {
        if Command::new("git").arg("--version").output().is_err() {
            skip("git is not installed", "install git (apt-get install git)");
            return None;
        }
        let files = [
            ("policyc.yaml", CONFIG),
            ("policies/privacy/en-US.md", PRIVACY),
            ("policies/terms/en-US.md", TERMS),
            ("policies/cookies/en-US.md", COOKIES),
            (".gitignore", "out/\nhistory/.lock\n"),
        ];
        let files: Vec<(String, &str)> = files
            .iter()
            .map(|(path, text)| (in_sub(sub, path), *text))
            .collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        let repo = Repo {
            project: Project::from_files(&files),
            home: tempfile::tempdir().expect("a home folder"),
            sub,
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

    /// Runs `policyc` in the project's folder, as an editor does; returns
    /// its output, whatever the exit code.
    fn policyc(&self, args: &[&str]) -> Output {
        let mut cmd = policyc();
        cmd.current_dir(self.project.root());
        if !self.sub.is_empty() {
            cmd.args(["--root", self.sub]);
        }
        cmd.args(args);
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
        let rel = &self.at(rel);
        let text = self.project.read(rel);
        assert!(text.contains(from), "{rel} lacks {from:?}");
        self.project.write(rel, text.replacen(from, to, 1));
    }

    /// A path of the project, from the repository's top.
    fn at(&self, rel: &str) -> String {
        in_sub(self.sub, rel)
    }

    /// Whether the project holds release `n`.
    fn has_record(&self, n: u32) -> bool {
        self.project
            .root()
            .join(self.at(&format!("history/releases/{n:04}.yaml")))
            .exists()
    }

    /// Runs each git command the advice in `stderr` gives (in backticks),
    /// literally, where `policyc` ran; returns how many.
    fn follow_git_advice(&self, stderr: &str) -> usize {
        let commands: Vec<&str> = stderr
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|c| c.starts_with("git ") && !c.contains("FILE"))
            .collect();
        for command in &commands {
            let mut cmd = Command::new("sh");
            cmd.current_dir(self.project.root()).args(["-c", command]);
            hermetic(&mut cmd, self.home.path());
            let output = cmd.output().expect("run sh");
            assert!(
                output.status.success(),
                "the advice `{command}` failed:\n{}",
                stderr_of(&output)
            );
        }
        commands.len()
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
        serde_yaml_like::parse(
            &self
                .project
                .read(&self.at(&format!("history/releases/{n:04}.yaml"))),
        )
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

/// `rel` in the folder `sub` of the repository.
fn in_sub(sub: &str, rel: &str) -> String {
    if sub.is_empty() {
        rel.to_string()
    } else {
        format!("{sub}/{rel}")
    }
}

/// Just enough of a release record for these tests: its date, message,
/// and each variant's document, version and changes.
mod serde_yaml_like {
    #[derive(Debug, serde::Deserialize)]
    struct Raw {
        date: String,
        #[serde(default)]
        effective: Option<String>,
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
        pub effective: Option<String>,
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
            effective: raw.effective,
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

/// Takes the base's records after a merge stopped on them, as the README
/// says.
fn take_the_base_records(repo: &Repo, base: &str) {
    repo.git(&[
        "restore",
        &format!("--source={base}"),
        "--staged",
        "--worktree",
        "--",
        "history/releases",
    ]);
}

#[test]
fn onto_a_base_not_merged_into_the_branch_is_refused_rather_than_undoing_its_changes() {
    let Some(repo) = Repo::new() else { return };
    repo.two_branches_that_released("2026-03-01", "2026-03-02");
    // The base's records only (its texts are missing), then all of its
    // history: either way the branch's sources lack main's changes.
    take_the_base_records(&repo, "main");
    let stderr = repo.fails(&["release", "--rebase", "--onto", "main"]);
    assert!(
        stderr.contains("`main` is not merged into this branch")
            && stderr.contains("`git merge main`, or `git rebase main`"),
        "{stderr}"
    );
    repo.git(&[
        "restore",
        "--source=main",
        "--staged",
        "--worktree",
        "--",
        "history",
    ]);
    let stderr = repo.fails(&["release", "--rebase", "--onto", "main"]);
    assert!(
        stderr.contains("`main` is not merged into this branch"),
        "{stderr}"
    );
    assert!(!repo.has_record(3), "nothing recorded");
}

#[test]
fn onto_after_a_committed_merge_records_the_branch_release_again_as_the_readme_says() {
    let Some(repo) = Repo::new() else { return };
    repo.two_branches_that_released("2026-03-01", "2026-03-02");
    // The merge was committed with the branch's record kept.
    assert!(!repo.run_git(&["merge", "main"]).status.success());
    repo.git(&["checkout", "--ours", "--", "history/releases/0002.yaml"]);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    // The README's commands, as written there.
    take_the_base_records(&repo, "main");
    let stderr = repo.ok(&["release", "--rebase", "--onto", "main"]);
    assert!(
        stderr.contains("Recorded release 3 (2026-03-02)"),
        "{stderr}"
    );
    repo.git(&["add", "history"]);
    repo.git(&["commit", "-q", "-m", "Record the branch's release again"]);
    repo.assert_both_releases("2026-03-01", "2026-03-02");
}

#[test]
fn the_advice_to_take_the_base_history_works_when_its_texts_were_dropped_too() {
    let Some(repo) = Repo::new() else { return };
    repo.two_branches_that_released("2026-03-01", "2026-03-02");
    assert!(!repo.run_git(&["merge", "main"]).status.success());
    // The conflict resolved the wrong way: all of history/ taken from the
    // branch, which drops the base's stored texts as well as its records.
    repo.git(&[
        "restore",
        "--source=HEAD",
        "--staged",
        "--worktree",
        "--",
        "history",
    ]);
    let stderr = repo.fails(&["release", "--rebase"]);
    assert!(
        stderr.contains("`git checkout MERGE_HEAD -- history/objects`"),
        "{stderr}"
    );
    assert_eq!(repo.follow_git_advice(&stderr), 2, "{stderr}");
    let stderr = repo.ok(&["release", "--rebase"]);
    assert!(
        stderr.contains("Recorded release 3 (2026-03-02)"),
        "{stderr}"
    );
    repo.git(&["add", "history"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    repo.assert_both_releases("2026-03-01", "2026-03-02");
}

#[test]
fn a_source_still_in_conflict_is_named_and_never_released_with_its_markers() {
    let Some(repo) = Repo::new() else { return };
    repo.two_branches_that_released("2026-03-01", "2026-03-02");
    // The branch also changes the line main changed: a conflict there.
    repo.edit("policies/privacy/en-US.md", "Your name.", "Your nickname.");
    repo.release("2026-03-03", "Keep nicknames only");
    repo.commit("Release: nicknames");
    assert!(!repo.run_git(&["merge", "main"]).status.success());
    let stderr = repo.fails(&["release", "--rebase"]);
    assert!(
        stderr.contains("git reports conflicts not yet resolved in `policies/privacy/en-US.md`")
            && stderr.contains("take the base's history too: `git restore --source=MERGE_HEAD"),
        "{stderr}"
    );
    assert!(!stderr.contains("0002.yaml`, "), "{stderr}");
    // history/ taken, the source still in conflict: still refused.
    take_the_base_records(&repo, "MERGE_HEAD");
    let stderr = repo.fails(&["release", "--rebase"]);
    assert!(
        stderr.contains("not yet resolved in `policies/privacy/en-US.md`")
            && stderr.contains("`git add FILE`")
            && !stderr.contains("history too"),
        "{stderr}"
    );
    assert!(!repo.has_record(3), "nothing recorded");
    // Resolved: released, without a marker.
    let merged = repo.project.read("policies/privacy/en-US.md");
    let start = merged.find("<<<<<<<").expect("a conflict");
    let end = merged.find(">>>>>>> main\n").expect("its end") + ">>>>>>> main\n".len();
    let resolved = format!(
        "{}Your nickname and your email address.\n{}",
        &merged[..start],
        &merged[end..]
    );
    repo.project.write("policies/privacy/en-US.md", resolved);
    repo.git(&["add", "policies/privacy/en-US.md"]);
    repo.ok(&["release", "--rebase"]);
    let record = repo.project.read("history/releases/0003.yaml");
    assert!(
        record.contains("modified: What we keep (#keep)"),
        "{record}"
    );
    repo.git(&["add", "history"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    repo.ok(&["verify"]);
    let shown = repo.policyc(&[
        "show",
        "privacy",
        "--region",
        "global",
        "--locale",
        "en-US",
        "--at",
        "2026-06-01",
    ]);
    let text = stdout_of(&shown);
    assert!(
        text.contains("Your nickname and your email address.") && !text.contains("<<<<<<<"),
        "{text}"
    );
}

#[test]
fn branch_releases_that_take_effect_on_different_days_are_not_merged_silently() {
    let Some(repo) = Repo::new() else { return };
    repo.two_branches_that_released("2026-03-01", "2026-03-02");
    repo.edit(
        "policies/terms/en-US.md",
        "Be kind.",
        "Be kind to other gardeners.",
    );
    repo.ok(&[
        "release",
        "--date",
        "2026-03-04",
        "--effective",
        "2026-05-01",
        "--today",
        "2026-03-04",
        "-m",
        "Name the gardeners",
    ]);
    repo.commit("Release: gardeners, from May");
    assert!(!repo.run_git(&["merge", "main"]).status.success());
    take_the_base_records(&repo, "MERGE_HEAD");
    let stderr = repo.fails(&["release", "--rebase"]);
    // Why they cannot each keep their day, and the two ways on.
    assert!(
        stderr.contains("take effect on different days (release 2 on its date, 2026-03-02, release 3 on 2026-05-01), but they can be recorded again only as one release, with one day")
            && stderr.contains("not the text each earlier release would have had on top of the base's")
            && stderr.contains("`policyc release --rebase --effective 2026-05-01`")
            && stderr.contains("`git merge --abort`")
            && stderr.contains("so that each release is recorded again in its own commit"),
        "{stderr}"
    );
    assert!(!repo.has_record(3), "nothing recorded");
    repo.ok(&["release", "--rebase", "--effective", "2026-05-01"]);
    let third = repo.record(3);
    assert_eq!(
        (third.date.as_str(), third.effective.as_deref()),
        ("2026-03-04", Some("2026-05-01"))
    );
}

#[test]
fn with_root_the_advice_runs_as_written_from_where_policyc_ran() {
    let Some(repo) = Repo::in_folder("legal") else {
        return;
    };
    repo.two_branches_that_released("2026-03-01", "2026-03-02");
    assert!(!repo.run_git(&["merge", "main"]).status.success());
    let stderr = repo.fails(&["release", "--rebase"]);
    assert!(
        stderr.contains(
            "`git -C legal restore --source=MERGE_HEAD --staged --worktree -- history/releases`"
        ) && stderr.contains("`policyc --root legal release --rebase`"),
        "{stderr}"
    );
    assert_eq!(repo.follow_git_advice(&stderr), 1, "{stderr}");
    let stderr = repo.ok(&["release", "--rebase"]);
    assert!(
        stderr.contains("Recorded release 3 (2026-03-02)"),
        "{stderr}"
    );
    assert_eq!(
        repo.record(3).message,
        "Say when we answer; ask users to be kind"
    );
}

#[test]
fn nothing_to_record_when_the_base_made_the_same_change_even_if_dated_before_it() {
    let Some(repo) = Repo::new() else { return };
    repo.git(&["checkout", "-q", "-b", "same"]);
    repo.edit("policies/terms/en-US.md", "Be reasonable.", "Be kind.");
    repo.release("2026-02-20", "Ask users to be kind");
    repo.commit("Release: kind");
    repo.git(&["checkout", "-q", "main"]);
    repo.edit("policies/terms/en-US.md", "Be reasonable.", "Be kind.");
    repo.release("2026-03-01", "Ask for kindness");
    repo.commit("Release: kindness");
    repo.git(&["checkout", "-q", "same"]);
    assert!(!repo.run_git(&["merge", "main"]).status.success());
    take_the_base_records(&repo, "MERGE_HEAD");
    let stderr = repo.ok(&["release", "--rebase"]);
    assert!(
        stderr.contains("Nothing to release") && !stderr.contains("--date"),
        "{stderr}"
    );
    assert!(!repo.has_record(3), "nothing recorded");
}

/// The base's release takes effect later (`--effective 2026-05-01`) than
/// the branch's, which takes effect on its date: the pages both changed
/// would get new versions that bring the base's changes forward, so it is
/// refused, naming them, unless `--bring-forward` says so; then the
/// branch's release is recorded again with its own dates.
#[test]
fn a_branch_release_taking_effect_before_the_base_release_is_refused_unless_brought_forward() {
    let Some(repo) = Repo::new() else { return };
    repo.git(&["checkout", "-q", "-b", "rights"]);
    repo.edit(
        "policies/privacy/en-US.md",
        "Write to us.",
        "Write to us, and we answer within a month.",
    );
    repo.edit("policies/terms/en-US.md", "Be reasonable.", "Be kind.");
    repo.release("2026-03-02", "Say when we answer");
    repo.commit("Release: when we answer");
    repo.git(&["checkout", "-q", "main"]);
    repo.edit(
        "policies/privacy/en-US.md",
        "Your name.",
        "Your name and your email address.",
    );
    repo.edit(
        "policies/cookies/en-US.md",
        "One, to keep",
        "Two: one to keep",
    );
    repo.ok(&[
        "release",
        "--date",
        "2026-03-01",
        "--effective",
        "2026-05-01",
        "--today",
        "2026-03-01",
        "-m",
        "Keep email addresses, from May",
    ]);
    repo.commit("Release: email addresses, from May");
    repo.git(&["checkout", "-q", "rights"]);
    assert!(!repo.run_git(&["merge", "main"]).status.success());
    take_the_base_records(&repo, "MERGE_HEAD");
    let stderr = repo.fails(&["release", "--rebase"]);
    assert!(
        stderr.contains(
            "this release takes effect on 2026-03-02, before release 2 (which takes effect on 2026-05-01), and both change privacy · global · en-US:"
        ) && stderr.contains("`policyc release --rebase --effective 2026-05-01`")
            && stderr.contains("`policyc release --rebase --bring-forward`"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("terms ·") && !stderr.contains("cookies ·"),
        "only the page both releases changed is named: {stderr}"
    );
    assert!(!repo.has_record(3), "nothing recorded");
    let stderr = repo.ok(&["release", "--rebase", "--bring-forward"]);
    assert!(
        stderr.contains("release 2's changes to privacy · global · en-US take effect on 2026-03-02 with this release, not on 2026-05-01"),
        "{stderr}"
    );
    let third = repo.record(3);
    assert_eq!(
        (third.date.as_str(), third.effective.as_deref()),
        ("2026-03-02", None),
        "the branch's own dates"
    );
    repo.git(&["add", "history"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    repo.ok(&["verify"]);
    // In March, the branch's pages are in force; the cookies policy, which
    // only the base changed, waits for May.
    repo.ok(&["build", "--frozen", "--today", "2026-03-15", "--quiet"]);
    let manifest = repo.project.manifest();
    let updated: std::collections::BTreeMap<String, String> = manifest["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| {
            (
                p["doc"].as_str().unwrap().to_string(),
                p["last_updated"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(updated["terms"], "2026-03-02");
    assert_eq!(updated["privacy"], "2026-03-02");
    assert_eq!(updated["cookies"], "2026-01-10");
}

#[test]
fn a_rebased_release_keeps_its_messages_per_locale() {
    let Some(repo) = Repo::new() else { return };
    // The project publishes in Spanish too, in English for now.
    repo.edit(
        "policyc.yaml",
        "locales: [en-US]\n",
        "locales: [en-US, es-US]\naccept_fallbacks:\n  privacy: [es-US]\n  terms: [es-US]\n  cookies: [es-US]\n",
    );
    repo.release("2026-01-20", "Publish in Spanish");
    repo.commit("Release: Spanish");
    repo.git(&["checkout", "-q", "-b", "rights"]);
    repo.edit(
        "policies/privacy/en-US.md",
        "Write to us.",
        "Write to us any time.",
    );
    let file = repo.home.path().join("messages.yaml");
    std::fs::write(&file, "es-US: Escríbanos cuando quiera\n").expect("write the message file");
    let file = file.display().to_string();
    repo.ok(&[
        "release",
        "--date",
        "2026-03-02",
        "--today",
        "2026-03-02",
        "-m",
        "Write any time",
        "--message-file",
        &file,
    ]);
    repo.commit("Release: any time");
    repo.git(&["checkout", "-q", "main"]);
    repo.edit("policies/terms/en-US.md", "Be reasonable.", "Be kind.");
    repo.release("2026-03-01", "Ask users to be kind");
    repo.commit("Release: kind");
    repo.git(&["checkout", "-q", "rights"]);
    let merge = repo.run_git(&["merge", "main"]);
    assert!(!merge.status.success(), "the merge should conflict");
    repo.git(&[
        "restore",
        "--source=MERGE_HEAD",
        "--staged",
        "--worktree",
        "--",
        "history/releases",
    ]);
    repo.ok(&["release", "--rebase"]);
    let record = repo.project.read("history/releases/0004.yaml");
    assert!(record.contains("message: Write any time"), "{record}");
    assert!(
        record.contains("messages:\n  es-US: Escríbanos cuando quiera"),
        "{record}"
    );
}
