//! A project as it was at a git revision, for `policyc diff --base REF`:
//! its sources written into a temporary folder, to be loaded like any project.
//!
//! This is the only code that runs git, and only `diff --base` calls it:
//! builds, checks and releases read the working tree and `history/`, never
//! git's history. The revision's files are listed with `git ls-tree` and read
//! with `git cat-file --batch` (not `git archive`, which leaves out what
//! `.gitattributes` marks `export-ignore`); symbolic links are written as
//! links, so the project's read rules (`source::read`) apply to them as to
//! the working tree's.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diagnostics::{closest, display_path};

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
/// what readers see). `None` when the project's folder did not exist at
/// the revision (the branch creates the project).
pub fn checkout(root: &Path, revision: &str) -> Result<Option<Revision>, GitError> {
    let shown_root = display_path(root);
    // Never an option to git: the revisions below are given without `--`.
    if revision.is_empty() || revision.starts_with('-') {
        return Err(GitError(format!(
            "`{revision}` is not a git revision; give a branch, tag or commit, such as `origin/main`"
        )));
    }
    let git = Git { root };
    let prefix = match git.run(["rev-parse", "--show-prefix"]) {
        Ok(out) => String::from_utf8_lossy(out.trim_ascii_end()).into_owned(),
        Err(Failure::Status(message)) if message.contains("not a git repository") => {
            return Err(GitError(format!(
                "`{shown_root}` is not in a git repository, so --base has no revision to read; \
                 run it in a clone of the policy repository, or compare with a folder holding \
                 the other version: --from DIR"
            )));
        }
        Err(Failure::Status(message)) if message.contains("dubious ownership") => {
            return Err(GitError(format!(
                "git refuses to read the repository of `{shown_root}`, which another user owns \
                 ({message}); if you trust it, allow it with `git config --global --add \
                 safe.directory <its path>` (in a CI container, the checkout's path)"
            )));
        }
        Err(e) => return Err(e.into_error(&format!("read the git repository of `{shown_root}`"))),
    };
    let commit = resolve(&git, revision)?;
    let tree_name = format!("{commit}:{prefix}");
    let tree = match git.run(["rev-parse", "--verify", "--quiet", &tree_name]) {
        Ok(out) => String::from_utf8_lossy(out.trim_ascii_end()).into_owned(),
        Err(Failure::Status(_)) => return Ok(None),
        Err(e) => return Err(e.into_error("read the revision's files")),
    };
    let dir = tempfile::Builder::new()
        .prefix("policyc-base-")
        .tempdir()
        .map_err(|e| GitError(format!("could not make a temporary folder: {e}")))?;
    let entries = list_linked(&git, &tree)?;
    write_entries(&git, dir.path(), &entries)?;
    Ok(Some(Revision { dir, commit }))
}

/// The commit `revision` names, or a message saying why git does not know
/// it: a typo (with the nearest branch or tag), or a clone that lacks it.
fn resolve(git: &Git, revision: &str) -> Result<String, GitError> {
    let spec = format!("{revision}^{{commit}}");
    match git.run(["rev-parse", "--verify", "--quiet", &spec]) {
        Ok(out) => return Ok(String::from_utf8_lossy(out.trim_ascii_end()).into_owned()),
        Err(Failure::Status(_)) => {}
        Err(e) => return Err(e.into_error("read the revision")),
    }
    let refs = git
        .run(["for-each-ref", "--format=%(refname:short)"])
        .map(|out| String::from_utf8_lossy(&out).into_owned())
        .unwrap_or_default();
    let nearest = closest(revision, refs.lines().filter(|r| !r.is_empty()));
    let shallow = git
        .run(["rev-parse", "--is-shallow-repository"])
        .is_ok_and(|out| out.trim_ascii() == b"true");
    let branch = revision.strip_prefix("origin/").unwrap_or(revision);
    let mut message = format!("git does not know the revision `{revision}`: ");
    if let Some(nearest) = nearest {
        message.push_str(&format!("did you mean `{nearest}`? "));
    }
    if shallow {
        message.push_str(&format!(
            "this clone is shallow (it holds only the newest commits) and may lack it; \
             fetch it with `git fetch origin {branch}`, or clone with the whole history \
             (`fetch-depth: 0` in GitHub Actions' checkout, `GIT_DEPTH: 0` in GitLab CI)"
        ));
    } else {
        message.push_str(&format!(
            "give a branch, tag or commit this clone has (`git branch --all` lists the \
             branches); a branch of the server needs `git fetch origin {branch}` first"
        ));
    }
    Err(GitError(message))
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
    let target = path_from_bytes(&git.show(&entry.object).ok()?);
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
        .map_err(|e| e.into_error("list the revision's files"))?;
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
    let mut batch = git.batch()?;
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
                let bytes = batch.read(&entry.object)?;
                if entry.mode == LINK_MODE {
                    write_link(&bytes, &path).map_err(io)?;
                } else {
                    std::fs::write(&path, bytes).map_err(io)?;
                }
            }
            _ => {}
        }
    }
    batch.finish()
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

/// Runs git in a project's folder.
struct Git<'r> {
    root: &'r Path,
}

/// How a git command failed.
enum Failure {
    /// git is not there.
    Missing,
    /// It could not be run for another reason.
    Spawn(std::io::Error),
    /// It ran and failed: the first line of what it said.
    Status(String),
}

impl Failure {
    fn into_error(self, doing: &str) -> GitError {
        GitError(match self {
            Failure::Missing => "git is not installed (no `git` on PATH), and --base reads the \
                                 revision with it; install git, or check the other version out \
                                 into a folder and compare with --from DIR"
                .to_string(),
            Failure::Spawn(e) => format!("could not run git to {doing}: {e}"),
            Failure::Status(message) => format!("git could not {doing}: {message}"),
        })
    }
}

impl Git<'_> {
    fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::new("git");
        cmd.arg("-C")
            .arg(self.root)
            .args(args)
            // Messages in English, which `checkout` tells apart.
            .env("LC_ALL", "C")
            .env("LANGUAGE", "C")
            .env("GIT_PAGER", "cat")
            // Paths are paths, never patterns.
            .env("GIT_LITERAL_PATHSPECS", "1")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `git -C root ARGS`; its standard output, or how it failed.
    fn run<I, S>(&self, args: I) -> Result<Vec<u8>, Failure>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let output = self.command(args).output().map_err(spawn_failure)?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(Failure::Status(first_line(&output.stderr)))
        }
    }

    /// The contents of one object (a link's target).
    fn show(&self, object: &str) -> Result<Vec<u8>, Failure> {
        self.run(["cat-file", "blob", object])
    }

    /// `git cat-file --batch`, to read blobs one after the other.
    fn batch(&self) -> Result<Batch, GitError> {
        let mut child = self
            .command(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| spawn_failure(e).into_error("read the revision's files"))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().map(BufReader::new);
        Ok(Batch {
            child,
            stdin,
            stdout,
        })
    }
}

fn spawn_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::NotFound {
        Failure::Missing
    } else {
        Failure::Spawn(e)
    }
}

/// The first line git wrote on stderr, for a message.
fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.is_empty() {
        "git gave no reason".to_string()
    } else {
        line.to_string()
    }
}

/// A running `git cat-file --batch`, which answers each object name written
/// to it with `<object> <type> <size>`, the contents and a newline (and
/// flushes after each).
struct Batch {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: Option<BufReader<std::process::ChildStdout>>,
}

impl Batch {
    fn read(&mut self, object: &str) -> Result<Vec<u8>, GitError> {
        let failed = || GitError("git stopped while reading the revision's files".to_string());
        let (Some(stdin), Some(stdout)) = (self.stdin.as_mut(), self.stdout.as_mut()) else {
            return Err(failed());
        };
        writeln!(stdin, "{object}")
            .and_then(|()| stdin.flush())
            .map_err(|_| failed())?;
        let mut header = String::new();
        stdout.read_line(&mut header).map_err(|_| failed())?;
        let size: usize = header
            .split_ascii_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(failed)?;
        let mut bytes = vec![0; size];
        stdout.read_exact(&mut bytes).map_err(|_| failed())?;
        let mut newline = [0; 1];
        stdout.read_exact(&mut newline).map_err(|_| failed())?;
        Ok(bytes)
    }

    fn finish(mut self) -> Result<(), GitError> {
        drop(self.stdin.take());
        drop(self.stdout.take());
        let output = self.child.wait_with_output();
        match output {
            Ok(out) if out.status.success() => Ok(()),
            Ok(out) => {
                Err(Failure::Status(first_line(&out.stderr))
                    .into_error("read the revision's files"))
            }
            Err(e) => Err(Failure::Spawn(e).into_error("read the revision's files")),
        }
    }
}
