//! A revision git does not know, given to `diff --base`, `verify --base`
//! or `release --rebase --onto`: the advice to fetch it is given only for
//! what could be a branch of the server, worded for the command; anything
//! else is said to be unknown, with the forms that are accepted.

use crate::support::git::{self, Repo};

/// A repository whose one commit, on `main`, holds the example.
fn one_commit() -> Option<Repo> {
    if !git::available() {
        return None;
    }
    let repo = Repo::new();
    git::copy_example(repo.path());
    repo.commit_all("The policies");
    Some(repo)
}

/// What policyc says on stderr, which must exit 1.
fn fails(repo: &Repo, args: &[&str]) -> String {
    let out = repo.policyc(".").args(args).output().expect("run policyc");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    stderr
}

#[test]
fn what_is_not_a_branch_name_gets_no_fetch_advice_but_the_forms_accepted() {
    let Some(repo) = one_commit() else { return };
    let hash = "0123456789abcdef0123456789abcdef01234567";
    for revision in ["HEAD~1", "main..del", "a b", hash] {
        for args in [["diff", "--base", revision], ["verify", "--base", revision]] {
            let stderr = fails(&repo, &args);
            assert!(
                (stderr.contains(&format!("git does not know the revision `{revision}`"))
                    || revision == "main..del")
                    && stderr.contains("give one branch, tag or commit this clone has, such as `origin/main`, a commit hash, or `main~1`")
                    && !stderr.contains("git fetch"),
                "{args:?}: {stderr}"
            );
        }
        let stderr = fails(&repo, &["release", "--rebase", "--onto", revision]);
        assert!(
            stderr.contains("give one branch, tag or commit") && !stderr.contains("git fetch"),
            "--onto {revision}: {stderr}"
        );
    }
    let stderr = fails(&repo, &["diff", "--base", "main..del"]);
    assert!(
        stderr.contains(
            "`main..del` is a range of commits, but one revision is needed: give one branch"
        ),
        "{stderr}"
    );
}

#[test]
fn a_branch_name_gets_the_fetch_advice_worded_for_its_command() {
    let Some(repo) = one_commit() else { return };
    let fetch = "`git fetch origin rights:refs/remotes/origin/rights` first";
    for (args, then) in [
        (
            &["diff", "--base", "rights"][..],
            "then compare with it: `--base origin/rights`",
        ),
        (
            &["verify", "--base", "rights"][..],
            "then check against it: `--base origin/rights`",
        ),
        (
            &["release", "--rebase", "--onto", "rights"][..],
            "then rebase onto it: `--onto origin/rights`",
        ),
    ] {
        let stderr = fails(&repo, args);
        assert!(
            stderr.contains("git does not know the revision `rights`")
                && stderr.contains(&format!("{fetch}, {then}")),
            "{args:?}: {stderr}"
        );
    }
}
