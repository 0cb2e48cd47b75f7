//! The revision's files written into the temporary folder: contents read
//! through `git cat-file --batch`, links written as links.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::git::Batch;
use crate::source::read::MAX_SOURCE_BYTES;

use super::GitError;
use super::tree::{Entry, LINK_MODE, Reader, path_from_bytes};

impl Reader<'_> {
    /// Writes every entry under `dir`, reading the files' contents through
    /// one `git cat-file --batch` per repository. A file larger than
    /// policyc reads is written as a sparse file of its size, so that
    /// loading refuses it as it would in the working tree, without its
    /// bytes passing through.
    pub(super) fn write_entries(&self, dir: &Path, entries: &[Entry]) -> Result<(), GitError> {
        let io = |e: std::io::Error| GitError(format!("could not write the revision's files: {e}"));
        let doing = "read the revision's files";
        let mut batches: BTreeMap<usize, Batch> = BTreeMap::new();
        for entry in entries {
            let path = dir.join(&entry.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            match entry.kind.as_str() {
                // A submodule: its files are entries of their own.
                "commit" => std::fs::create_dir_all(&path).map_err(io)?,
                "blob"
                    if entry.size.is_some_and(|s| s > MAX_SOURCE_BYTES)
                        && entry.mode != LINK_MODE =>
                {
                    let file = std::fs::File::create(&path).map_err(io)?;
                    file.set_len(entry.size.unwrap_or_default()).map_err(io)?;
                }
                "blob" => {
                    let batch = match batches.entry(entry.repo) {
                        std::collections::btree_map::Entry::Occupied(b) => b.into_mut(),
                        std::collections::btree_map::Entry::Vacant(v) => {
                            let git = self.git(entry.repo);
                            v.insert(git.batch().map_err(|e| GitError(git.message(e, doing)))?)
                        }
                    };
                    let bytes = batch.read(&entry.object).ok_or_else(|| {
                        GitError("git stopped while reading the revision's files".to_string())
                    })?;
                    match (&entry.retarget, entry.mode == LINK_MODE) {
                        (Some(target), true) => {
                            write_link_to(&entry.path, target, &path).map_err(io)?
                        }
                        (None, true) => write_link(&bytes, &path).map_err(io)?,
                        _ => std::fs::write(&path, bytes).map_err(io)?,
                    }
                }
                _ => {}
            }
        }
        for (repo, batch) in batches {
            let git = self.git(repo);
            batch
                .finish()
                .map_err(|e| GitError(git.message(e, doing)))?;
        }
        Ok(())
    }
}

/// Writes the link `rel` (at `path`) to lead to `target`, both relative to
/// the project's root, with a relative target.
fn write_link_to(rel: &Path, target: &Path, path: &Path) -> std::io::Result<()> {
    let depth = rel.components().count().saturating_sub(1);
    let mut relative = PathBuf::new();
    for _ in 0..depth {
        relative.push("..");
    }
    relative.push(target);
    if relative.as_os_str().is_empty() {
        relative.push(".");
    }
    write_link(relative.as_os_str().as_encoded_bytes(), path)
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
