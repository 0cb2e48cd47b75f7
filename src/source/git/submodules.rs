//! Submodules of the revision: each read from its own clone, at the
//! commit the revision records, or an error naming it and what to do; and
//! the listing of paths across the repositories that hold them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostics::display_path;
use crate::git::{Failure, Git};

use super::tree::{Entry, Reader, Repo, path_from_bytes};
use super::{GitError, INSTEAD, PURPOSE};

/// How many submodules are read at most.
const MAX_SUBMODULES: usize = 64;

impl Reader<'_> {
    /// The revision's files under `paths`, each listed from the repository
    /// that holds it; a submodule met on the way is read from its own
    /// repository, whole.
    pub(super) fn list(&mut self, paths: &BTreeSet<PathBuf>) -> Result<Vec<Entry>, GitError> {
        let mut by_repo: BTreeMap<usize, Vec<PathBuf>> = BTreeMap::new();
        for path in paths {
            by_repo
                .entry(self.repo_of(path))
                .or_default()
                .push(path.clone());
        }
        let mut entries = Vec::new();
        let mut queue: Vec<(usize, Vec<PathBuf>)> = by_repo.into_iter().collect();
        while let Some((repo, paths)) = queue.pop() {
            for entry in self.ls_tree(repo, &paths, true)? {
                if entry.kind == "commit" {
                    let sub = self.submodule(&entry)?;
                    queue.push((sub, vec![entry.path.clone()]));
                }
                entries.push(entry);
            }
        }
        Ok(entries)
    }

    /// The repository of the submodule `entry` (its folder in the working
    /// tree, read at the commit the revision records), added to those
    /// read; or why it cannot be read.
    pub(super) fn submodule(&mut self, entry: &Entry) -> Result<usize, GitError> {
        if let Some(known) = self.repos.iter().position(|r| r.at == entry.path) {
            return Ok(known);
        }
        let shown = display_path(&entry.path);
        let short = &entry.object[..entry.object.len().min(12)];
        let project = &self.repos[0].root;
        let folder = project.join(&entry.path);
        // git in a folder of a submodule not checked out would read the
        // repository above it: the submodule must be its own top.
        let own = Git::new(&folder, PURPOSE, INSTEAD)
            .run(["rev-parse", "--show-toplevel"])
            .ok()
            .map(|out| path_from_bytes(out.trim_ascii_end()))
            .and_then(|top| top.canonicalize().ok())
            .zip(folder.canonicalize().ok())
            .is_some_and(|(top, folder)| top == folder);
        let inside = self
            .roots
            .last()
            .zip(folder.canonicalize().ok())
            .is_some_and(|(root, folder)| folder.starts_with(root));
        if !inside && own {
            return Err(GitError(format!(
                "at {}, `{shown}` is a git submodule, and its folder here is a symbolic link \
                 that leads outside the project; policyc reads only files inside the project: \
                 make `{shown}` the submodule's folder{INSTEAD}",
                self.revision
            )));
        }
        if !own || self.repos.len() > MAX_SUBMODULES {
            return Err(GitError(format!(
                "at {}, `{shown}` is a git submodule, which this clone has not checked out, \
                 so its sources cannot be read; run `git submodule update --init --recursive`, \
                 then compare again{INSTEAD}",
                self.revision
            )));
        }
        let git = Git::new(&folder, PURPOSE, INSTEAD);
        let tree = match git.run([
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{}^{{tree}}", entry.object),
        ]) {
            Ok(out) => String::from_utf8_lossy(out.trim_ascii_end()).into_owned(),
            Err(Failure::Status(_)) => {
                return Err(GitError(format!(
                    "at {}, the git submodule `{shown}` is at commit {short}, which its clone \
                     does not have; fetch it (`git -C {shown} fetch origin`), then compare \
                     again{INSTEAD}",
                    self.revision
                )));
            }
            Err(e) => return Err(GitError(git.message(e, "read a submodule's files"))),
        };
        self.repos.push(Repo {
            root: folder,
            tree,
            at: entry.path.clone(),
        });
        Ok(self.repos.len() - 1)
    }
}
