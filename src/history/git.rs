//! The release records of a git revision, read with the `git` binary: what
//! `policyc release --rebase` needs to find a branch's releases that the
//! base's history lacks. Nothing here writes to the repository.

use std::path::{Path, PathBuf};

use super::record::{self, StoredRecord};
use crate::diagnostics::Diagnostic;
use crate::git::Git;
use crate::source::layout;

/// Which releases a rebase re-records, and where the history it builds on
/// comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    /// The revision whose releases are re-recorded (`HEAD`, or the commit
    /// a stopped rebase is applying, `REBASE_HEAD`).
    pub branch: String,
    /// Its releases that this revision also has are not re-recorded.
    pub exclude: String,
    /// The revision whose history `history/` must hold before a rebase:
    /// the base.
    pub base: String,
    /// How `history/` is made to hold the base's history, for messages.
    pub restore: String,
}

/// The sides of a rebase: with `onto`, `HEAD`'s releases that `onto`
/// lacks; otherwise, during a merge, `HEAD`'s that `MERGE_HEAD` lacks, and
/// during a stopped rebase, those the commit being applied added.
pub fn sides(root: &Path, onto: Option<&str>) -> Result<Sides, Diagnostic> {
    in_a_repository(root)?;
    let restore = |base: &str| {
        format!(
            "git restore --source={base} --staged --worktree -- {}",
            layout::releases(Path::new("")).display()
        )
    };
    if let Some(onto) = onto {
        commit(root, onto)?;
        return Ok(Sides {
            branch: "HEAD".into(),
            exclude: onto.into(),
            base: onto.into(),
            restore: restore(onto),
        });
    }
    if is_commit(root, "MERGE_HEAD") {
        return Ok(Sides {
            branch: "HEAD".into(),
            exclude: "MERGE_HEAD".into(),
            base: "MERGE_HEAD".into(),
            restore: restore("MERGE_HEAD"),
        });
    }
    if is_commit(root, "REBASE_HEAD") {
        return Ok(Sides {
            branch: "REBASE_HEAD".into(),
            exclude: "REBASE_HEAD^".into(),
            base: "HEAD".into(),
            restore: restore("HEAD"),
        });
    }
    Err(Diagnostic::error(
        "no merge or rebase is in progress, so there is no base to rebase the releases onto",
    )
    .help(
        "name the base's revision: policyc release --rebase --onto origin/main (see \"When two branches both released\" in the README)",
    ))
}

/// The release records `rev` holds in `history/releases/`, by number. A
/// record that was edited on that revision is an error.
pub fn records_at(root: &Path, rev: &str) -> Result<Vec<StoredRecord>, Diagnostic> {
    let releases = layout::releases(Path::new(""));
    let listing = run(
        root,
        &[
            "ls-tree",
            "--name-only",
            rev,
            "--",
            &format!("{}/", releases.display()),
        ],
    )?;
    let mut records = Vec::new();
    for path in listing.lines().map(PathBuf::from) {
        let Some(name) = layout::record_name_for(&path) else {
            continue;
        };
        if path.file_name().and_then(|n| n.to_str()) != Some(name.as_str()) {
            continue;
        }
        let text = run(root, &["show", &format!("{rev}:./{}", path.display())])?;
        let shown = PathBuf::from(format!("{rev}:{}", path.display()));
        records.push(record::parse(&shown, &text)?);
    }
    records.sort_by_key(|r| r.record.release);
    Ok(records)
}

/// git in the project's folder, for `release --rebase`.
fn git(root: &Path) -> Git<'_> {
    Git::new(
        root,
        "release --rebase reads the branch's releases with it",
        "",
    )
}

/// An error unless `root` is inside a git repository and git can be run.
fn in_a_repository(root: &Path) -> Result<(), Diagnostic> {
    git(root).prefix().map(|_| ()).map_err(Diagnostic::error)
}

/// An error unless `rev` names a commit, saying why git does not know it.
fn commit(root: &Path, rev: &str) -> Result<(), Diagnostic> {
    git(root).commit(rev).map(|_| ()).map_err(Diagnostic::error)
}

fn is_commit(root: &Path, rev: &str) -> bool {
    git(root).is_commit(rev)
}

/// Runs `git -C root ARGS` and returns what it printed; an error says what
/// git said.
fn run(root: &Path, args: &[&str]) -> Result<String, Diagnostic> {
    let git = git(root);
    let doing = format!("run `git {}`", args.first().copied().unwrap_or_default());
    let out = git
        .run(args)
        .map_err(|e| Diagnostic::error(git.message(e, &doing)))?;
    String::from_utf8(out)
        .map_err(|_| Diagnostic::error(format!("{doing} printed text that is not UTF-8")))
}
