//! A project as it was at a git revision, for `policyc diff --base REF`:
//! its sources written into a temporary folder, to be loaded like any project.
//!
//! Only `diff --base` calls it: builds, checks and releases read the working
//! tree and `history/`, never git's history (git itself is run by
//! [`crate::git`]). The revision's files are listed with `git ls-tree` and read
//! with `git cat-file --batch` (not `git archive`, which leaves out what
//! `.gitattributes` marks `export-ignore`); symbolic links are written as
//! links, so the project's read rules (`source::read`) apply to them as to
//! the working tree's. What a link leads to is listed too, through linked
//! folders; an absolute link into the project is re-pointed into the
//! temporary folder; a submodule's files are read from its own clone at the
//! commit the revision records. Whatever `check` reads in the working
//! tree, the revision is read the same way, and no message names the
//! temporary folder.
//!
//! The parts, each using only those before it: `tree.rs` lists a
//! repository's objects (`git ls-tree`), `submodules.rs` lists paths from
//! the repository that holds each, reading a submodule from its own clone,
//! `links.rs` follows symbolic links through linked folders, and
//! `write.rs` writes the files into the temporary folder.

mod links;
mod submodules;
mod tree;
mod write;

use std::path::Path;

use crate::git::{Failure, Git};

use super::layout;
use tree::Reader;

/// The sources of a project at a revision, in a temporary folder removed
/// when this is dropped.
#[derive(Debug)]
pub struct Revision {
    dir: tempfile::TempDir,
    /// The commit it names (40 or 64 hex digits).
    pub commit: String,
}

impl Revision {
    /// The project's root at the revision: load it with `source::load`.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// Why the project at a revision could not be read. Each message says what
/// is wrong and what to do.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GitError(String);

/// What `--base` says it needs git for, and what to do without it.
const PURPOSE: &str = "--base reads the revision with it";
const INSTEAD: &str = ", or check the other version out into a folder and compare with --from DIR";

/// Writes the sources of the project in `root` (a folder of a git working
/// tree, its top or below) as they are at `revision` into a temporary
/// folder: `policyc.yaml`, `policies/`, `regions/` and `templates/`, the
/// files a reader's text is made of (`history/` is not needed to compare
/// what readers see). `None` when the project's folder, or its
/// `policyc.yaml`, did not exist at the revision (the branch creates the
/// project).
pub fn checkout(root: &Path, revision: &str) -> Result<Option<Revision>, GitError> {
    let git = Git::new(root, PURPOSE, INSTEAD);
    let prefix = git.prefix().map_err(GitError)?;
    let commit = git.commit(revision).map_err(GitError)?;
    let tree_name = format!("{commit}:{prefix}");
    let tree = match git.run(["rev-parse", "--verify", "--quiet", &tree_name]) {
        Ok(out) => String::from_utf8_lossy(out.trim_ascii_end()).into_owned(),
        Err(Failure::Status(_)) => return Ok(None),
        Err(e) => return Err(GitError(git.message(e, "read the revision's files"))),
    };
    // A folder without `policyc.yaml` is not the project yet either (the
    // branch adds it at the repository's top, say): every page is new.
    let config = format!("{commit}:{prefix}{}", layout::config().to_string_lossy());
    match git.run(["cat-file", "-e", &config]) {
        Ok(_) => {}
        Err(Failure::Status(_)) => return Ok(None),
        Err(e) => return Err(GitError(git.message(e, "read the revision's files"))),
    }
    let dir = tempfile::Builder::new()
        .prefix("policyc-base-")
        .tempdir()
        .map_err(|e| GitError(format!("could not make a temporary folder: {e}")))?;
    let mut reader = Reader::new(root, tree, revision);
    let entries = reader.list_linked()?;
    reader.write_entries(dir.path(), &entries)?;
    Ok(Some(Revision { dir, commit }))
}
