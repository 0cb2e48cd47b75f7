//! The revision's objects: `git ls-tree` of the project's repository and of
//! the submodules its sources are in, read into [`Entry`]s.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::display_path;
use crate::git::Git;

use super::{GitError, INSTEAD, PURPOSE};

/// The mode git gives a symbolic link.
pub(super) const LINK_MODE: &str = "120000";

/// One file (or link, or submodule) of the revision.
pub(super) struct Entry {
    pub(super) mode: String,
    pub(super) kind: String,
    pub(super) object: String,
    pub(super) size: Option<u64>,
    /// Relative to the project's root.
    pub(super) path: PathBuf,
    /// The repository it is read from: an index into `Reader::repos`.
    pub(super) repo: usize,
    /// For a link whose target, as written, leads out of the project's
    /// folder and back in (an absolute path into the working tree, say):
    /// where it leads, relative to the project's root, so that the link is
    /// written to lead there in the temporary folder too.
    pub(super) retarget: Option<PathBuf>,
}

/// A repository whose tree is a part of the project at the revision: the
/// project's own, and each submodule the sources are in.
pub(super) struct Repo {
    /// Its working tree, where git runs.
    pub(super) root: PathBuf,
    /// The tree (object name) that is the project's `at` folder.
    pub(super) tree: String,
    /// Where its tree is in the project (`""`: the project's root).
    pub(super) at: PathBuf,
}

/// Reads a revision's files from the project's repository and the
/// submodules its sources are in.
pub(super) struct Reader<'r> {
    /// The project's root in the working tree, as given and resolved:
    /// absolute links leading into it are read as links inside.
    pub(super) roots: Vec<PathBuf>,
    /// How the user named the revision, for messages.
    pub(super) revision: &'r str,
    pub(super) repos: Vec<Repo>,
}

impl<'r> Reader<'r> {
    pub(super) fn new(root: &Path, tree: String, revision: &'r str) -> Self {
        let mut roots: Vec<PathBuf> = [std::path::absolute(root), root.canonicalize()]
            .into_iter()
            .flatten()
            .collect();
        roots.dedup();
        Reader {
            roots,
            revision,
            repos: vec![Repo {
                root: root.to_path_buf(),
                tree,
                at: PathBuf::new(),
            }],
        }
    }

    pub(super) fn git(&self, repo: usize) -> Git<'_> {
        Git::new(&self.repos[repo].root, PURPOSE, INSTEAD)
    }

    /// The repository whose tree holds `path`: the submodule deepest on
    /// its way, else the project's own.
    pub(super) fn repo_of(&self, path: &Path) -> usize {
        (0..self.repos.len())
            .filter(|i| path.starts_with(&self.repos[*i].at))
            .max_by_key(|i| self.repos[*i].at.components().count())
            .unwrap_or(0)
    }

    /// `git ls-tree` of `repo`'s tree at `paths` (paths of the project
    /// under its folder): with `recursive`, every file under them, else the
    /// entries themselves (a folder as a tree).
    pub(super) fn ls_tree(
        &self,
        repo: usize,
        paths: &[PathBuf],
        recursive: bool,
    ) -> Result<Vec<Entry>, GitError> {
        let git = self.git(repo);
        let Repo { tree, at, .. } = &self.repos[repo];
        let mut args: Vec<OsString> = vec!["ls-tree".into()];
        if recursive {
            args.push("-r".into());
        }
        args.extend(["-z", "-l", "--full-tree", tree.as_str(), "--"].map(OsString::from));
        let rels: Vec<&Path> = paths
            .iter()
            .map(|p| p.strip_prefix(at).unwrap_or(p))
            .collect();
        // The submodule's folder itself: all of it.
        if !rels.iter().any(|r| r.as_os_str().is_empty()) {
            args.extend(rels.into_iter().map(OsString::from));
        }
        let out = git
            .run(&args)
            .map_err(|e| GitError(git.message(e, "list the revision's files")))?;
        let mut entries = Vec::new();
        for line in out.split(|b| *b == 0).filter(|l| !l.is_empty()) {
            let malformed = || {
                GitError("git listed the revision's files in a form policyc does not know".into())
            };
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
                path: at.join(path),
                repo,
                retarget: None,
            });
        }
        Ok(entries)
    }
}

/// A path from the bytes git prints.
#[cfg(unix)]
pub(super) fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
pub(super) fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}
