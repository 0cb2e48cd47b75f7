//! Symbolic links of the revision: the paths they lead to listed too,
//! through linked folders and into submodules, and where an absolute link
//! into the project leads from the temporary folder.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::source::layout;

use super::GitError;
use super::tree::{Entry, LINK_MODE, Reader, path_from_bytes};

/// How many rounds of links to other paths of the project are followed,
/// as the system bounds a chain of links.
const MAX_LINK_ROUNDS: usize = 40;

impl Reader<'_> {
    /// The revision's files under the project's source paths, and under the
    /// paths of the project their symbolic links lead to (a source may be a
    /// link to a file kept elsewhere in the project, or reached through a
    /// linked folder, as in the working tree).
    pub(super) fn list_linked(&mut self) -> Result<Vec<Entry>, GitError> {
        let mut entries = Vec::new();
        let mut known = BTreeSet::new();
        let mut listed: BTreeSet<PathBuf> = layout::reading_paths().collect();
        let mut wanted: BTreeSet<PathBuf> = listed.clone();
        // Links passed through on the way to a target: their folders are
        // not listed whole, only the paths wanted through them.
        let mut passed: BTreeSet<PathBuf> = BTreeSet::new();
        for _ in 0..MAX_LINK_ROUNDS {
            if wanted.is_empty() {
                break;
            }
            let mut found = self.list(&wanted)?;
            // A path not found may lie through a linked folder or in a
            // submodule: followed there, to be listed next round.
            let mut next = BTreeSet::new();
            let mut again = BTreeSet::new();
            for target in &wanted {
                if found.iter().any(|e| e.path.starts_with(target)) {
                    continue;
                }
                if let Some((links, path)) = self.through(target)? {
                    passed.extend(links.iter().map(|l| l.path.clone()));
                    if links.iter().any(|l| l.kind == "commit") {
                        // Listed again, from the submodule now read.
                        again.insert(path);
                    } else {
                        next.insert(path);
                    }
                    found.extend(links);
                }
            }
            for mut entry in found {
                if !known.insert(entry.path.clone()) {
                    continue;
                }
                if entry.mode == LINK_MODE
                    && let Some((target, retarget)) = self.link_target(&entry)
                {
                    if retarget {
                        entry.retarget = Some(target.clone());
                    }
                    if !passed.contains(&entry.path) {
                        next.insert(target);
                    }
                }
                entries.push(entry);
            }
            next.retain(|t| !listed.iter().any(|l| t.starts_with(l)));
            listed.extend(next.iter().cloned());
            next.extend(again);
            wanted = next;
        }
        Ok(entries)
    }

    /// `target` followed through the linked folders and submodules on its
    /// way: the links passed, and the path it leads to; `None` when
    /// nothing is on its way (the revision does not have it).
    fn through(&mut self, target: &Path) -> Result<Option<(Vec<Entry>, PathBuf)>, GitError> {
        let mut links = Vec::new();
        let mut path = target.to_path_buf();
        for _ in 0..MAX_LINK_ROUNDS {
            let repo = self.repo_of(&path);
            let at = self.repos[repo].at.clone();
            let folders: Vec<PathBuf> = path
                .ancestors()
                .skip(1)
                .filter(|a| a.starts_with(&at) && *a != at)
                .map(Path::to_path_buf)
                .collect();
            if folders.is_empty() {
                break;
            }
            let on_way = self.ls_tree(repo, &folders, false)?;
            // The outermost link or submodule on the way.
            let Some(entry) = on_way
                .into_iter()
                .filter(|e| e.mode == LINK_MODE || e.kind == "commit")
                .min_by_key(|e| e.path.components().count())
            else {
                break;
            };
            if entry.kind == "commit" {
                // The path is in the submodule: looked for there next.
                self.submodule(&entry)?;
                links.push(entry);
                continue;
            }
            let Some((folder, _)) = self.link_target(&entry) else {
                // A link leading outside: the read rules refuse it.
                links.push(entry);
                break;
            };
            let rest = path.strip_prefix(&entry.path).unwrap_or(Path::new(""));
            path = folder.join(rest);
            links.push(entry);
        }
        if links.is_empty() {
            Ok(None)
        } else {
            Ok(Some((links, path)))
        }
    }

    /// Where the link `entry` leads, relative to the project's root, when
    /// that is inside the project (the read rules refuse the others), and
    /// whether its target, as written, would not lead there from the
    /// temporary folder (it leaves the project's folder by name or as an
    /// absolute path, and comes back into it).
    fn link_target(&self, entry: &Entry) -> Option<(PathBuf, bool)> {
        let bytes = self
            .git(entry.repo)
            .run(["cat-file", "blob", &entry.object])
            .ok()?;
        let target = path_from_bytes(&bytes);
        let parent = entry.path.parent()?;
        if let Some(inside) = normalize(Path::new(""), &parent.join(&target)) {
            return Some((inside, false));
        }
        self.roots.iter().find_map(|root| {
            let absolute = normalize(root, &root.join(parent).join(&target))?;
            Some((absolute.strip_prefix(root).ok()?.to_path_buf(), true))
        })
    }
}

/// `path` with `.` and `..` worked out, when it stays under `base` (`..`
/// never climbs above it); relative paths stay relative.
fn normalize(base: &Path, path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => out.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                if base.as_os_str().is_empty() {
                    return None;
                }
                out.push(component);
            }
        }
    }
    out.starts_with(base).then_some(out)
}
