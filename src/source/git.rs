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

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::display_path;
use crate::git::{Batch, Failure, Git};

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

/// The mode git gives a symbolic link.
const LINK_MODE: &str = "120000";

/// One file (or link, or submodule) of the revision.
struct Entry {
    mode: String,
    kind: String,
    object: String,
    size: Option<u64>,
    /// Relative to the project's root.
    path: PathBuf,
    /// The repository it is read from: an index into `Reader::repos`.
    repo: usize,
    /// For a link whose target, as written, leads out of the project's
    /// folder and back in (an absolute path into the working tree, say):
    /// where it leads, relative to the project's root, so that the link is
    /// written to lead there in the temporary folder too.
    retarget: Option<PathBuf>,
}

/// A repository whose tree is a part of the project at the revision: the
/// project's own, and each submodule the sources are in.
struct Repo {
    /// Its working tree, where git runs.
    root: PathBuf,
    /// The tree (object name) that is the project's `at` folder.
    tree: String,
    /// Where its tree is in the project (`""`: the project's root).
    at: PathBuf,
}

/// How many rounds of links to other paths of the project are followed,
/// as the system bounds a chain of links; and how many submodules are
/// read at most.
const MAX_LINK_ROUNDS: usize = 40;
const MAX_SUBMODULES: usize = 64;

/// Reads a revision's files from the project's repository and the
/// submodules its sources are in.
struct Reader<'r> {
    /// The project's root in the working tree, as given and resolved:
    /// absolute links leading into it are read as links inside.
    roots: Vec<PathBuf>,
    /// How the user named the revision, for messages.
    revision: &'r str,
    repos: Vec<Repo>,
}

impl<'r> Reader<'r> {
    fn new(root: &Path, tree: String, revision: &'r str) -> Self {
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

    fn git(&self, repo: usize) -> Git<'_> {
        Git::new(&self.repos[repo].root, PURPOSE, INSTEAD)
    }

    /// The revision's files under the project's source paths, and under the
    /// paths of the project their symbolic links lead to (a source may be a
    /// link to a file kept elsewhere in the project, or reached through a
    /// linked folder, as in the working tree).
    fn list_linked(&mut self) -> Result<Vec<Entry>, GitError> {
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

    /// The repository whose tree holds `path`: the submodule deepest on
    /// its way, else the project's own.
    fn repo_of(&self, path: &Path) -> usize {
        (0..self.repos.len())
            .filter(|i| path.starts_with(&self.repos[*i].at))
            .max_by_key(|i| self.repos[*i].at.components().count())
            .unwrap_or(0)
    }

    /// The revision's files under `paths`, each listed from the repository
    /// that holds it; a submodule met on the way is read from its own
    /// repository, whole.
    fn list(&mut self, paths: &BTreeSet<PathBuf>) -> Result<Vec<Entry>, GitError> {
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

    /// The repository of the submodule `entry` (its folder in the working
    /// tree, read at the commit the revision records), added to those
    /// read; or why it cannot be read.
    fn submodule(&mut self, entry: &Entry) -> Result<usize, GitError> {
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

    /// `git ls-tree` of `repo`'s tree at `paths` (paths of the project
    /// under its folder): with `recursive`, every file under them, else the
    /// entries themselves (a folder as a tree).
    fn ls_tree(
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

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

impl Reader<'_> {
    /// Writes every entry under `dir`, reading the files' contents through
    /// one `git cat-file --batch` per repository. A file larger than
    /// policyc reads is written as a sparse file of its size, so that
    /// loading refuses it as it would in the working tree, without its
    /// bytes passing through.
    fn write_entries(&self, dir: &Path, entries: &[Entry]) -> Result<(), GitError> {
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
