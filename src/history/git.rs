//! The release records of a git revision, read with the `git` binary: what
//! `policyc release --rebase` needs to find a branch's releases that the
//! base's history lacks. Nothing here writes to the repository.

use std::path::{Path, PathBuf};

use super::record::{self, StoredRecord};
use crate::diagnostics::{Diagnostic, display_path};
use crate::git::{Git, Purpose};
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
}

impl Sides {
    /// The commands that make `history/` hold the base's history, for
    /// messages, each in backticks, to run where `policyc` was run (`root`
    /// as given). `objects`: the base's stored texts are missing too, and
    /// are taken as well (they are named by their content, so adding the
    /// base's to the branch's loses nothing).
    pub fn restore(&self, root: &Path, objects: bool) -> String {
        let git = git_command(root);
        let base = &self.base;
        let mut commands = format!(
            "`{git} restore --source={base} --staged --worktree -- {}`",
            display_path(&layout::releases(Path::new("")))
        );
        if objects {
            commands.push_str(&format!(
                " and `{git} checkout {base} -- {}`",
                display_path(&layout::objects(Path::new("")))
            ));
        }
        commands
    }
}

/// `git`, run in the project's folder from where `policyc` was run: `git -C
/// legal` for `--root legal`, so that the paths after it are the project's.
pub fn git_command(root: &Path) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        "git".into()
    } else {
        format!("git -C {}", shell_word(root))
    }
}

/// `policyc`, with the `--root` it was run with, for advice.
pub fn policyc_command(root: &Path) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        "policyc".into()
    } else {
        format!("policyc --root {}", shell_word(root))
    }
}

/// A path as one word of a shell command.
fn shell_word(path: &Path) -> String {
    let text = display_path(path);
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-/+:@%,=".contains(c));
    if plain && !text.is_empty() {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The sides of a rebase: with `onto`, `HEAD`'s releases that `onto`
/// lacks; otherwise, during a merge, `HEAD`'s that `MERGE_HEAD` lacks, and
/// during a stopped rebase, those the commit being applied added.
pub fn sides(root: &Path, onto: Option<&str>) -> Result<Sides, Diagnostic> {
    in_a_repository(root)?;
    if let Some(onto) = onto {
        commit(root, onto)?;
        merged(root, onto)?;
        return Ok(Sides {
            branch: "HEAD".into(),
            exclude: onto.into(),
            base: onto.into(),
        });
    }
    if is_commit(root, "MERGE_HEAD") {
        return Ok(Sides {
            branch: "HEAD".into(),
            exclude: "MERGE_HEAD".into(),
            base: "MERGE_HEAD".into(),
        });
    }
    if is_commit(root, "REBASE_HEAD") {
        return Ok(Sides {
            branch: "REBASE_HEAD".into(),
            exclude: "REBASE_HEAD^".into(),
            base: "HEAD".into(),
        });
    }
    Err(Diagnostic::error(
        "no merge or rebase is in progress, so there is no base to rebase the releases onto",
    )
    .help(format!(
        "name the base's revision: `{} release --rebase --onto origin/main` (see \"When two branches both released\" in the README)",
        policyc_command(root)
    )))
}

/// An error unless the sources of `onto` are in the working tree: `onto`
/// is an ancestor of `HEAD`, or of the commit a merge in progress merges.
/// Otherwise the base's history would be compared with sources that lack
/// the base's changes, and the release would undo them.
fn merged(root: &Path, onto: &str) -> Result<(), Diagnostic> {
    let mut heads = vec!["HEAD"];
    if is_commit(root, "MERGE_HEAD") {
        heads.push("MERGE_HEAD");
    }
    for head in heads {
        let status = git(root)
            .command(["merge-base", "--is-ancestor", onto, head])
            .output();
        match status.map(|o| o.status.code()) {
            Ok(Some(0)) => return Ok(()),
            Ok(Some(1)) => {}
            Ok(_) => {
                return Err(Diagnostic::error(format!(
                    "git could not tell whether `{onto}` is merged into this branch (`git merge-base --is-ancestor` failed)"
                )));
            }
            Err(e) => {
                let g = git(root);
                return Err(Diagnostic::error(g.message(
                    crate::git::Failure::Spawn(e),
                    "tell whether the base is merged",
                )));
            }
        }
    }
    let git = git_command(root);
    Err(Diagnostic::error(format!(
        "`{onto}` is not merged into this branch: the working tree lacks its changes to the sources, so releasing on top of its history would record them as undone"
    ))
    .help(format!(
        "merge or rebase it first (`{git} merge {onto}`, or `{git} rebase {onto}`), then follow \"When two branches both released\" in the README"
    )))
}

/// The paths git reports as unmerged (in conflict) in the project's
/// folder, relative to it, in order.
pub fn unmerged(root: &Path) -> Result<Vec<String>, Diagnostic> {
    let listing = run(root, &["ls-files", "--unmerged", "-z"])?;
    let mut paths: Vec<String> = listing
        .split('\0')
        .filter_map(|entry| entry.split_once('\t').map(|(_, path)| path.to_string()))
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// The release records `rev` holds in `history/releases/`, by number. A
/// record that was edited on that revision is an error.
pub fn records_at(root: &Path, rev: &str) -> Result<Vec<StoredRecord>, Diagnostic> {
    records_with(&git(root), rev)
}

/// The hash of the newest release record the project had at `rev` (a base
/// branch), for `verify --base`: `None` when it had none. Only that record
/// is read, and only its hash line: the base's older records, and its
/// YAML, are none of this check's business (a branch may repair them). An
/// unknown revision, a folder outside a repository, or a newest record
/// that is damaged at `rev` is an error saying what to do.
pub fn newest_hash_at(root: &Path, rev: &str) -> Result<Option<String>, Diagnostic> {
    let git = Git::new(
        root,
        "verify --base reads the base's history with it",
        ", or pass the hash itself with --head",
    )
    .serving(Purpose::CheckAgainst);
    git.prefix().map_err(Diagnostic::error)?;
    git.commit(rev).map_err(Diagnostic::error)?;
    let Some(path) = record_paths(&git, rev)?.pop() else {
        return Ok(None);
    };
    let shown = display_path(&path);
    let damaged = |what: &str| {
        Diagnostic::error(format!(
            "the newest release record of `{rev}`, `{shown}`, {what}, so it gives no hash to check this history against"
        ))
        .help(format!(
            "the record needs repair on `{rev}` itself (restored from the commit that released it); meanwhile pass the hash of the base's newest good release with --head HASH, or --head-from with the manifest of the site published from it"
        ))
    };
    let text = git
        .run(["show", &format!("{rev}:./{}", path.display())])
        .map_err(|e| damaged(&format!("cannot be read ({})", git.message(e, "read it"))))?;
    let text = String::from_utf8(text).map_err(|_| damaged("is not text (not UTF-8)"))?;
    match record::intact_hash(&text) {
        Ok(hash) => Ok(Some(hash)),
        Err(record::Damage::NoTrailer) => Err(damaged(
            "has no `# record-hash:` line (it was not written by policyc, or was cut short)",
        )),
        Err(record::Damage::Changed) => Err(damaged(
            "was changed after it was written (its content no longer matches its record hash)",
        )),
    }
}

/// The record files `rev` holds in `history/releases/`, relative to the
/// project, by number; files named otherwise are not records.
fn record_paths(git: &Git<'_>, rev: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let releases = layout::releases(Path::new(""));
    let listing = run_with(
        git,
        &[
            "ls-tree",
            "--name-only",
            rev,
            "--",
            &format!("{}/", releases.display()),
        ],
    )?;
    let mut paths: Vec<(u32, PathBuf)> = listing
        .lines()
        .map(PathBuf::from)
        .filter_map(|path| {
            let name = layout::record_name_for(&path)?;
            let number = name.split('.').next()?.parse().ok()?;
            (path.file_name().and_then(|n| n.to_str()) == Some(name.as_str()))
                .then_some((number, path))
        })
        .collect();
    paths.sort();
    Ok(paths.into_iter().map(|(_, path)| path).collect())
}

fn records_with(git: &Git<'_>, rev: &str) -> Result<Vec<StoredRecord>, Diagnostic> {
    let mut records = Vec::new();
    for path in record_paths(git, rev)? {
        let text = run_with(git, &["show", &format!("{rev}:./{}", path.display())])?;
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
    .serving(Purpose::RebaseOnto)
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
    run_with(&git(root), args)
}

fn run_with(git: &Git<'_>, args: &[&str]) -> Result<String, Diagnostic> {
    let doing = format!("run `git {}`", args.first().copied().unwrap_or_default());
    let out = git
        .run(args)
        .map_err(|e| Diagnostic::error(git.message(e, &doing)))?;
    String::from_utf8(out)
        .map_err(|_| Diagnostic::error(format!("{doing} printed text that is not UTF-8")))
}
