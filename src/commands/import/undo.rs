//! All or nothing: what an import creates or changes, noted before it
//! writes, so that a failure later (a release refused) takes back exactly
//! that and nothing that was there before.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::history::store::write_atomically;
use crate::source::layout;

/// What an import wrote so far, to take back if a later step fails.
#[derive(Debug, Default)]
pub(super) struct Undo {
    root: PathBuf,
    /// Files that were not there, in the order noted.
    files: Vec<PathBuf>,
    /// Folders that were not there, parents first.
    folders: Vec<PathBuf>,
    /// Files that were there, and their bytes then.
    changed: Vec<(PathBuf, Vec<u8>)>,
    /// Every path under `history/` before the first release (`None`: no
    /// release has started).
    history: Option<BTreeSet<PathBuf>>,
}

impl Undo {
    /// Nothing noted yet, for an import into `root`.
    pub fn new(root: &Path) -> Undo {
        Undo {
            root: root.to_path_buf(),
            ..Undo::default()
        }
    }

    /// Notes that `rel` is about to be written: made (with its missing
    /// folders) if it is not there, else changed.
    pub fn will_write(&mut self, rel: &Path) {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            self.will_make_folder(parent);
        }
        if self.files.contains(&path) || self.changed.iter().any(|(p, _)| *p == path) {
            return;
        }
        match std::fs::read(&path) {
            Ok(bytes) if exists(&path) => self.changed.push((path, bytes)),
            _ if !exists(&path) => self.files.push(path),
            // There and unreadable: never written over, so never restored.
            _ => {}
        }
    }

    /// Notes the folders up to `dir` (itself included) that are not there
    /// (the project's own folder, and its parents, too).
    fn will_make_folder(&mut self, dir: &Path) {
        let mut missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !exists(d))
            .map(Path::to_path_buf)
            .collect();
        missing.reverse();
        for dir in missing {
            if !self.folders.contains(&dir) {
                self.folders.push(dir);
            }
        }
    }

    /// Notes what `history/` holds before a release writes into it.
    pub fn before_release(&mut self) {
        if self.history.is_some() {
            return;
        }
        let history = layout::history(&self.root);
        self.will_make_folder(&history);
        self.history = Some(walk(&history));
    }

    /// Takes back what was noted: the files and folders under `history/`
    /// that a release made, the files made, the changed files' old bytes,
    /// and the folders made, once empty. Returns what could not be taken
    /// back (the paths, relative to the project).
    pub fn undo(self) -> Vec<PathBuf> {
        let mut left = Vec::new();
        let rel = |path: &Path| path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
        if let Some(before) = &self.history {
            let history = layout::history(&self.root);
            let mut made: Vec<PathBuf> = walk(&history)
                .into_iter()
                .filter(|p| !before.contains(p))
                .collect();
            // Deepest first, so folders are empty when their turn comes.
            made.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
            for path in made {
                let removed = if is_dir(&path) {
                    std::fs::remove_dir(&path)
                } else {
                    std::fs::remove_file(&path)
                };
                if removed.is_err() {
                    left.push(rel(&path));
                }
            }
        }
        for path in self.files.iter().rev() {
            if exists(path) && std::fs::remove_file(path).is_err() {
                left.push(rel(path));
            }
        }
        for (path, bytes) in &self.changed {
            // A file the import did not get to change is left as it is.
            if std::fs::read(path).is_ok_and(|now| now == *bytes) {
                continue;
            }
            if write_atomically(path, bytes).is_err() {
                left.push(rel(path));
            }
        }
        for dir in self.folders.iter().rev() {
            // Only an empty folder goes: anything else in it is not ours.
            if exists(dir) && std::fs::remove_dir(dir).is_err() {
                left.push(rel(dir));
            }
        }
        left
    }
}

/// Whether `path` is there (a link to nothing is).
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

fn is_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Every path under `dir`, links not followed.
fn walk(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_takes_back_what_was_made_and_keeps_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        std::fs::create_dir_all(root.join("policies/old")).unwrap();
        std::fs::write(root.join("policies/old/en-US.md"), "old").unwrap();
        std::fs::write(root.join("policyc.yaml"), "before").unwrap();
        std::fs::create_dir_all(root.join("history/releases")).unwrap();
        std::fs::write(root.join("history/releases/0001.yaml"), "one").unwrap();
        let mut undo = Undo::new(&root);
        for rel in ["policyc.yaml", "policies/new/en-US.md", "policies/old/x.md"] {
            undo.will_write(Path::new(rel));
            std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
            std::fs::write(root.join(rel), "new").unwrap();
        }
        undo.before_release();
        std::fs::create_dir_all(root.join("history/objects/ab")).unwrap();
        std::fs::write(root.join("history/objects/ab/cd"), "text").unwrap();
        std::fs::write(root.join("history/releases/0002.yaml"), "two").unwrap();
        // Someone else's file in a folder the import made stays, and so
        // does the folder.
        std::fs::write(root.join("policies/new/notes.txt"), "mine").unwrap();
        let left = undo.undo();
        assert_eq!(left, [PathBuf::from("policies/new")]);
        let mut after: Vec<String> = walk(&root)
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        after.sort();
        assert_eq!(
            after,
            [
                "history",
                "history/releases",
                "history/releases/0001.yaml",
                "policies",
                "policies/new",
                "policies/new/notes.txt",
                "policies/old",
                "policies/old/en-US.md",
                "policyc.yaml"
            ]
        );
        assert_eq!(
            std::fs::read_to_string(root.join("policyc.yaml")).unwrap(),
            "before"
        );
    }
}
