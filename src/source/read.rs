//! The one place that opens a project's files: every source, template and
//! history file is read here, confined to the project and bounded in size.
//!
//! A path is followed through symbolic links (at any depth, chains
//! included) only while where it ends up is inside the project's root; a
//! link that leads outside is refused, and nothing of what it points to is
//! read. Only regular files are read (never a pipe, socket or device), and
//! none larger than [`MAX_SOURCE_BYTES`].

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path};

/// The largest file policyc reads as a source, a template or a part of
/// `history/`: 10 MiB, far above any policy (a long one is under 200 KiB).
pub const MAX_SOURCE_BYTES: u64 = 10 * 1024 * 1024;

/// The limit as messages name it.
pub const MAX_SOURCE_SIZE: &str = "10 MiB";

/// Why a file that exists is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It is, or passes through, a symbolic link that leads outside the
    /// project; `target` is where the link itself points.
    Outside {
        /// The link's target as written in the link (in `through`, when
        /// the link points to another link of the project).
        target: Option<PathBuf>,
        /// The last link of the project on the way out, relative to the
        /// project root, when the link leads there through other links.
        through: Option<Box<Path>>,
        /// Whether the link leads to a folder (else to a file).
        folder: bool,
    },
    /// It is not a regular file: a named pipe, a socket or a device.
    NotRegular {
        /// What it is, as messages name it.
        what: &'static str,
    },
    /// It is larger than [`MAX_SOURCE_BYTES`].
    TooLarge,
}

impl Refusal {
    /// The sentence saying what is wrong, for a path given on the command
    /// line (project files get a [`Unreadable::diagnostic`] instead).
    pub fn describe(&self, shown: &str) -> String {
        match self {
            Refusal::Outside { .. } => {
                format!("`{shown}` is a symbolic link that points outside the project")
            }
            Refusal::NotRegular { what } => format!(
                "`{shown}` is a {what}, not a regular file; policyc reads only regular files"
            ),
            Refusal::TooLarge => format!(
                "`{shown}` is larger than {MAX_SOURCE_SIZE}, the largest file policyc reads"
            ),
        }
    }
}

/// The canonical root of the project, every link resolved.
fn real_root(root: &Path) -> std::io::Result<PathBuf> {
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    root.canonicalize()
}

/// Where `path` (a path under `root`) really is, every symbolic link on
/// the way resolved; refused if that is outside the project. A link to
/// nothing, or one that loops, is unreadable.
pub fn confine(root: &Path, path: &Path) -> Result<PathBuf, Unreadable> {
    let unreadable = |e| Unreadable::new(root, path, e);
    let real_root = real_root(root).map_err(unreadable)?;
    let real = path.canonicalize().map_err(unreadable)?;
    if real.starts_with(&real_root) {
        Ok(real)
    } else {
        let (target, through) = outward_link(root, path).unzip();
        Err(Unreadable::refused(
            root,
            path,
            Refusal::Outside {
                target,
                through: through.flatten(),
                folder: real.is_dir(),
            },
        ))
    }
}

/// The target of the link on `path` (the path itself or a folder on the
/// way, the deepest first) that leads outside the project, as written;
/// when it points to another link of the project, followed to the last
/// one (returned too, relative to the root), whose target leaves.
fn outward_link(root: &Path, path: &Path) -> Option<(PathBuf, Option<Box<Path>>)> {
    let real_root = real_root(root).ok()?;
    let mut link = path
        .ancestors()
        .take_while(|p| p.starts_with(root) && *p != root)
        .filter(|p| p.is_symlink())
        .find(|p| {
            p.canonicalize()
                .is_ok_and(|real| !real.starts_with(&real_root))
        })?
        .to_path_buf();
    let mut through = None;
    // Bounded as the system bounds a chain of links.
    for _ in 0..40 {
        let target = std::fs::read_link(&link).ok()?;
        let next = link.parent()?.join(&target);
        let next = next
            .parent()
            .and_then(|folder| folder.canonicalize().ok())
            .zip(next.file_name())
            .map(|(folder, name)| folder.join(name));
        match next {
            Some(next) if next.starts_with(&real_root) && next.is_symlink() => {
                through = next.strip_prefix(&real_root).ok().map(Box::from);
                link = next;
            }
            _ => return Some((target, through)),
        }
    }
    None
}

/// Reads the file `rel` of the project in `root`: `Ok(None)` if there is
/// nothing at that path (a symbolic link to nothing is there, and is an
/// error); refused if it leads outside the project, is not a regular file,
/// or is too large.
pub fn project_file(root: &Path, rel: &Path) -> Result<Option<Vec<u8>>, Unreadable> {
    let path = root.join(rel);
    match std::fs::symlink_metadata(&path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Unreadable::new(root, &path, e)),
    }
    let real = confine(root, &path)?;
    bounded(&real).map(Some).map_err(|e| match e {
        ReadError::Io(e) => Unreadable::new(root, &path, e),
        ReadError::Refused(refusal) => Unreadable::refused(root, &path, refusal),
    })
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The system could not read it.
    Io(std::io::Error),
    /// policyc does not read it.
    Refused(Refusal),
}

/// Reads a regular file of at most [`MAX_SOURCE_BYTES`], wherever it is (a
/// file named on the command line): what it is is checked before it is
/// opened, so that a pipe or a device is never read, and the read stops
/// past the limit, so that a file growing meanwhile cannot pass it.
pub fn bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    regular(&meta)?;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // What was opened may not be what was looked at.
    regular(&file.metadata().map_err(ReadError::Io)?)?;
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_SOURCE_BYTES) as usize);
    file.take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(ReadError::Refused(Refusal::TooLarge));
    }
    Ok(bytes)
}

fn regular(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    let kind = meta.file_type();
    if kind.is_file() {
        return if meta.len() > MAX_SOURCE_BYTES {
            Err(ReadError::Refused(Refusal::TooLarge))
        } else {
            Ok(())
        };
    }
    let what = if kind.is_dir() {
        "folder"
    } else {
        special_kind(&kind)
    };
    Err(ReadError::Refused(Refusal::NotRegular { what }))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "named pipe (FIFO)"
    } else if kind.is_socket() {
        "socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "special file"
}

/// Text as policyc reads it: NUL characters, which no policy means and
/// which HTML must not carry, become U+FFFD as CommonMark says. Both are
/// one character, so every column stays where it was.
pub fn replace_nul(text: String) -> String {
    if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text
    }
}

/// A file or folder of the project that could not be read, and why.
#[derive(Debug)]
pub struct Unreadable {
    /// The path, relative to the project root.
    pub rel: PathBuf,
    /// What the system said.
    pub error: std::io::Error,
    /// What the path is, as messages name it: folder, file or symbolic link.
    pub what: &'static str,
    /// Where it points, when it is a symbolic link.
    pub target: Option<PathBuf>,
    /// Why policyc would not read it, when it could have.
    pub refusal: Option<Refusal>,
}

impl Unreadable {
    /// `path` (under `root`) could not be read.
    pub fn new(root: &Path, path: &Path, error: std::io::Error) -> Unreadable {
        let what = match std::fs::symlink_metadata(path) {
            Ok(m) if m.is_symlink() => "symbolic link",
            Ok(m) if m.is_dir() => "folder",
            _ => "file",
        };
        Unreadable {
            rel: path.strip_prefix(root).unwrap_or(path).to_path_buf(),
            error,
            what,
            target: std::fs::read_link(path).ok(),
            refusal: None,
        }
    }

    /// `path` (under `root`) is there, but policyc does not read it.
    pub fn refused(root: &Path, path: &Path, refusal: Refusal) -> Unreadable {
        let error = std::io::Error::other("refused");
        Unreadable {
            refusal: Some(refusal),
            ..Unreadable::new(root, path, error)
        }
    }

    /// The error a user sees: the path, what went wrong and what to do. A
    /// part of the project left unread would be a page silently missing.
    pub fn diagnostic(&self) -> Diagnostic {
        let path = display_path(&self.rel);
        if let Some(refusal) = &self.refusal {
            return self.refusal_diagnostic(refusal, &path);
        }
        let (reason, help) = match self.error.kind() {
            std::io::ErrorKind::PermissionDenied => (
                "permission denied".to_string(),
                format!(
                    "policyc reads every part of the project: let the user running it read `{path}` (e.g. `chmod -R u+rX {path}`)"
                ),
            ),
            std::io::ErrorKind::NotADirectory => {
                return Diagnostic::error(format!(
                    "this is a {}, where policyc reads a folder of sources",
                    self.what
                ))
                .in_file(&self.rel)
                .help(format!(
                    "make `{path}` a folder, and move this {} elsewhere",
                    self.what
                ));
            }
            std::io::ErrorKind::NotFound if self.target.is_some() => (
                format!(
                    "it points to `{}`, which does not exist",
                    self.target.as_deref().map(display_path).unwrap_or_default()
                ),
                format!(
                    "policyc reads every part of the project: point `{path}` at a file that exists, or remove it"
                ),
            ),
            _ if loops(&self.error) => (
                "a symbolic link loops".to_string(),
                format!(
                    "policyc reads every part of the project: point `{path}` at a file or folder that is not a link back along its own chain (or a folder holding it), or remove it"
                ),
            ),
            _ => (
                self.error.to_string(),
                format!(
                    "policyc reads every part of the project: make `{path}` a file or folder it can read (not a broken or looping symbolic link), or remove it"
                ),
            ),
        };
        Diagnostic::error(format!("this {} cannot be read: {reason}", self.what))
            .in_file(&self.rel)
            .help(help)
    }
}

/// Whether `error` is the system's "too many levels of symbolic links",
/// which messages call a loop, as the folder walk does.
pub fn loops(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// The error a looping chain of links gives.
pub fn loop_error() -> std::io::Error {
    #[cfg(unix)]
    {
        std::io::Error::from_raw_os_error(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        std::io::Error::other("a symbolic link loops")
    }
}

impl Unreadable {
    /// A file or folder policyc does not read: it names the path (and,
    /// for a link, where it points), never what is there.
    fn refusal_diagnostic(&self, refusal: &Refusal, path: &str) -> Diagnostic {
        let (message, help) = match refusal {
            Refusal::Outside {
                target,
                through,
                folder,
            } => (
                match (self.what, target, through) {
                    ("symbolic link", Some(target), Some(through)) => format!(
                        "this symbolic link points outside the project through `{}`, a symbolic link to `{}`",
                        display_path(through),
                        display_path(target)
                    ),
                    ("symbolic link", Some(target), None) => format!(
                        "this symbolic link points outside the project, to `{}`",
                        display_path(target)
                    ),
                    _ => format!(
                        "this {} is reached through a symbolic link that points outside the project",
                        self.what
                    ),
                },
                format!(
                    "policyc reads only files inside the project: copy the {what} into the project in place of `{path}`, or point the link at a {what} inside the project",
                    what = if *folder { "folder" } else { "file" }
                ),
            ),
            Refusal::NotRegular { what } => (
                format!("this is a {what}, not a regular file; policyc reads only regular files"),
                format!("replace `{path}` with a regular file, or remove it"),
            ),
            Refusal::TooLarge => (
                format!(
                    "this file is larger than {}, the largest file policyc reads",
                    MAX_SOURCE_SIZE
                ),
                format!(
                    "a policy source is far smaller: check that `{path}` is the file you meant, split it, or remove it"
                ),
            ),
        };
        Diagnostic::error(message).in_file(&self.rel).help(help)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_inside_is_followed_and_one_outside_refused() {
        let outside = tempfile::tempdir().expect("a folder");
        let secret = outside.path().join("secret");
        std::fs::write(&secret, "SECRET").expect("write");
        let project = tempfile::tempdir().expect("a folder");
        let root = project.path();
        std::fs::write(root.join("a.md"), "inside").expect("write");
        std::os::unix::fs::symlink("a.md", root.join("b.md")).expect("link");
        std::os::unix::fs::symlink(&secret, root.join("c.md")).expect("link");
        std::os::unix::fs::symlink("c.md", root.join("d.md")).expect("link");
        assert_eq!(
            project_file(root, Path::new("b.md")).expect("read"),
            Some(b"inside".to_vec())
        );
        for link in ["c.md", "d.md"] {
            let refused = project_file(root, Path::new(link)).expect_err("refused");
            assert!(
                matches!(refused.refusal, Some(Refusal::Outside { .. })),
                "{refused:?}"
            );
        }
        assert_eq!(
            project_file(root, Path::new("none.md")).expect("read"),
            None
        );
    }

    #[test]
    fn devices_are_never_read_and_large_files_are_refused() {
        assert!(matches!(
            bounded(Path::new("/dev/zero")),
            Err(ReadError::Refused(Refusal::NotRegular { what: "device" }))
        ));
        let dir = tempfile::tempdir().expect("a folder");
        let big = dir.path().join("big.md");
        let file = std::fs::File::create(&big).expect("create");
        file.set_len(MAX_SOURCE_BYTES + 1).expect("grow");
        assert!(matches!(
            bounded(&big),
            Err(ReadError::Refused(Refusal::TooLarge))
        ));
        file.set_len(MAX_SOURCE_BYTES).expect("shrink");
        assert_eq!(bounded(&big).expect("read").len() as u64, MAX_SOURCE_BYTES);
    }

    #[test]
    fn nul_becomes_one_replacement_character() {
        assert_eq!(replace_nul("a\0b".to_string()), "a\u{FFFD}b");
        assert_eq!(replace_nul("ab".to_string()), "ab");
    }
}
