//! A project as it was at a git revision, for `policyc diff --base REF`:
//! its sources written into a temporary folder, to be loaded like any project.
//!
//! Only `diff --base` calls it: builds, checks and releases read the working
//! tree and `history/`, never git's history (git itself is run by
//! [`crate::git`]). The revision's files are listed with `git ls-tree` and read
//! with `git cat-file --batch` (not `git archive`, which leaves out what
//! `.gitattributes` marks `export-ignore`); symbolic links are written as
//! links, so the project's read rules (`source::read`) apply to them as to
//! the working tree's.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::display_path;
use crate::git::{Failure, Git};

use super::layout;
use super::read::MAX_SOURCE_BYTES;

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

/// Writes the sources of the project in `root` (a folder of a git working
/// tree, its top or below) as they are at `revision` into a temporary
/// folder: `policyc.yaml`, `policies/`, `regions/` and `templates/`, the
/// files a reader's text is made of (`history/` is not needed to compare
/// what readers see). `None` when the project's folder, or its
/// `policyc.yaml`, did not exist at the revision (the branch creates the
/// project).
pub fn checkout(root: &Path, revision: &str) -> Result<Option<Revision>, GitError> {
    let git = Git::new(
        root,
        "--base reads the revision with it",
        ", or check the other version out into a folder and compare with --from DIR",
    );
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
    let entries = list_linked(&git, &tree)?;
    write_entries(&git, dir.path(), &entries)?;
    Ok(Some(Revision { dir, commit }))
}

/// The mode git gives a symbolic link.
const LINK_MODE: &str = "120000";

/// One file (or link, or submodule) of the revision.
struct Entry {
    mode: String,
    kind: String,
    object: String,
    size: Option<u64>,
    path: PathBuf,
}

/// How many rounds of links to other paths of the project are followed,
/// as the system bounds a chain of links.
const MAX_LINK_ROUNDS: usize = 40;

/// The revision's files under the project's source paths, and under the
/// paths of the project their symbolic links lead to (a source may be a
/// link to a file kept elsewhere in the project, as in the working tree).
fn list_linked(git: &Git, tree: &str) -> Result<Vec<Entry>, GitError> {
    let mut entries = list(git, tree, layout::reading_paths().collect())?;
    let mut listed: BTreeSet<PathBuf> = layout::reading_paths().collect();
    for _ in 0..MAX_LINK_ROUNDS {
        let wanted: BTreeSet<PathBuf> = entries
            .iter()
            .filter(|e| e.mode == LINK_MODE)
            .filter_map(|e| link_target(git, e))
            .filter(|target| !listed.iter().any(|l| target.starts_with(l)))
            .collect();
        if wanted.is_empty() {
            break;
        }
        listed.extend(wanted.iter().cloned());
        let known: BTreeSet<PathBuf> = entries.iter().map(|e| e.path.clone()).collect();
        entries.extend(
            list(git, tree, wanted.into_iter().collect())?
                .into_iter()
                .filter(|e| !known.contains(&e.path)),
        );
    }
    Ok(entries)
}

/// Where the link `entry` leads, relative to the project's root, when
/// that is inside the project (the read rules refuse the others).
fn link_target(git: &Git, entry: &Entry) -> Option<PathBuf> {
    let target = path_from_bytes(&git.run(["cat-file", "blob", &entry.object]).ok()?);
    let mut path = PathBuf::new();
    for component in entry.path.parent()?.join(target).components() {
        match component {
            Component::Normal(name) => path.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                if !path.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(path)
}

/// The revision's files under `paths`, from `git ls-tree` of the
/// project's tree.
fn list(git: &Git, tree: &str, paths: Vec<PathBuf>) -> Result<Vec<Entry>, GitError> {
    let mut args: Vec<OsString> = ["ls-tree", "-r", "-z", "-l", "--full-tree", tree, "--"]
        .into_iter()
        .map(OsString::from)
        .collect();
    args.extend(paths.into_iter().map(OsString::from));
    let out = git
        .run(&args)
        .map_err(|e| GitError(git.message(e, "list the revision's files")))?;
    let mut entries = Vec::new();
    for line in out.split(|b| *b == 0).filter(|l| !l.is_empty()) {
        let malformed =
            || GitError("git listed the revision's files in a form policyc does not know".into());
        // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`
        let tab = line
            .iter()
            .position(|b| *b == b'\t')
            .ok_or_else(malformed)?;
        let head = std::str::from_utf8(&line[..tab]).map_err(|_| malformed())?;
        let mut fields = head.split_ascii_whitespace();
        let (Some(mode), Some(kind), Some(object), Some(size)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(malformed());
        };
        let path = path_from_bytes(&line[tab + 1..]);
        if !path.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(GitError(format!(
                "the revision holds a file named `{}`, which is not a path inside the project; \
                 compare with a folder holding the other version instead: --from DIR",
                display_path(&path)
            )));
        }
        entries.push(Entry {
            mode: mode.to_string(),
            kind: kind.to_string(),
            object: object.to_string(),
            size: size.parse().ok(),
            path,
        });
    }
    Ok(entries)
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// Writes every entry under `dir`, reading the files' contents through one
/// `git cat-file --batch`. A file larger than policyc reads is written as a
/// sparse file of its size, so that loading refuses it as it would in the
/// working tree, without its bytes passing through.
fn write_entries(git: &Git, dir: &Path, entries: &[Entry]) -> Result<(), GitError> {
    let io = |e: std::io::Error| GitError(format!("could not write the revision's files: {e}"));
    let doing = "read the revision's files";
    let mut batch = git.batch().map_err(|e| GitError(git.message(e, doing)))?;
    for entry in entries {
        let path = dir.join(&entry.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        match entry.kind.as_str() {
            // A submodule: an empty folder, as in a clone that did not
            // initialise it.
            "commit" => std::fs::create_dir_all(&path).map_err(io)?,
            "blob"
                if entry.size.is_some_and(|s| s > MAX_SOURCE_BYTES) && entry.mode != LINK_MODE =>
            {
                let file = std::fs::File::create(&path).map_err(io)?;
                file.set_len(entry.size.unwrap_or_default()).map_err(io)?;
            }
            "blob" => {
                let bytes = batch.read(&entry.object).ok_or_else(|| {
                    GitError("git stopped while reading the revision's files".to_string())
                })?;
                if entry.mode == LINK_MODE {
                    write_link(&bytes, &path).map_err(io)?;
                } else {
                    std::fs::write(&path, bytes).map_err(io)?;
                }
            }
            _ => {}
        }
    }
    batch.finish().map_err(|e| GitError(git.message(e, doing)))
}

#[cfg(unix)]
fn write_link(target: &[u8], path: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(path_from_bytes(target), path)
}

/// Where links are not made, git checks a link out as a file holding its
/// target; so does this.
#[cfg(not(unix))]
fn write_link(target: &[u8], path: &Path) -> std::io::Result<()> {
    std::fs::write(path, target)
}
