//! The object store under `history/objects/`: released texts kept once each,
//! named by the SHA-256 of their bytes, written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::display_path;
pub use crate::digest::sha256_id as hash_of;
use crate::source::{layout, read};

/// The content-addressed store of one project's history.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    /// The project root, which messages leave out of the paths they name.
    root: PathBuf,
}

impl Store {
    /// The store in `dir` (a project's is `layout::objects`).
    pub fn new(dir: PathBuf) -> Store {
        Store {
            dir,
            root: PathBuf::new(),
        }
    }

    /// The store of the project in `root`, whose messages name its objects
    /// relative to the root, as other messages name files.
    pub fn of_project(root: &Path) -> Store {
        Store {
            dir: layout::objects(root),
            root: root.to_path_buf(),
        }
    }

    /// Where the object with this id lives, as messages show it: relative
    /// to the project root.
    pub fn shown_path_of(&self, id: &str) -> PathBuf {
        let path = self.path_of(id).unwrap_or_default();
        path.strip_prefix(&self.root)
            .map_or_else(|_| path.clone(), Path::to_path_buf)
    }

    /// Where the object with this id lives: `objects/ab/cdef…`.
    pub fn path_of(&self, id: &str) -> Option<PathBuf> {
        let hex = id.strip_prefix("sha256:")?;
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(self.dir.join(&hex[..2]).join(&hex[2..]))
    }

    /// Stores `bytes` unless an object with the same content exists, and
    /// returns its id. The file appears whole or not at all.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let id = hash_of(bytes);
        let Some(path) = self.path_of(&id) else {
            return Err(std::io::Error::other("malformed object id"));
        };
        let parent = path.parent().unwrap_or(&self.dir);
        if self.root.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        } else {
            confined_folder(&self.root, parent)?;
        }
        if path.is_file() {
            return Ok(id);
        }
        write_atomically(&path, bytes)?;
        Ok(id)
    }

    /// Reads an object and checks that its content still has its id.
    pub fn get(&self, id: &str) -> Result<Vec<u8>, StoreError> {
        let path = self
            .path_of(id)
            .ok_or_else(|| StoreError::BadId(id.to_string()))?;
        let shown = || self.shown_path_of(id);
        let missing = || StoreError::Missing(id.to_string(), shown());
        let bytes = if self.root.as_os_str().is_empty() {
            read::bounded(&path).map_err(|e| match e {
                read::ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => missing(),
                read::ReadError::Io(e) => {
                    StoreError::Unreadable(id.to_string(), shown(), e.to_string())
                }
                read::ReadError::Refused(r) => {
                    StoreError::Unreadable(id.to_string(), shown(), r.describe("it"))
                }
            })?
        } else {
            let rel = path.strip_prefix(&self.root).unwrap_or(&path);
            read::project_file(&self.root, rel)
                .map_err(|u| {
                    let why = u.diagnostic().message;
                    StoreError::Unreadable(id.to_string(), shown(), why)
                })?
                .ok_or_else(missing)?
        };
        if hash_of(&bytes) != id {
            return Err(StoreError::Altered(id.to_string(), shown()));
        }
        Ok(bytes)
    }
}

/// A stored object that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// Not of the form `sha256:<64 hex digits>`.
    #[error("`{0}` is not an object id (sha256:<64 hex digits>)")]
    BadId(String),
    /// The object file does not exist.
    #[error("the stored text {0} is missing (expected at {1})")]
    Missing(String, PathBuf),
    /// The object file is there but cannot be read (permissions, say).
    #[error("the stored text {0} cannot be read at {1}: {2}")]
    Unreadable(String, PathBuf, String),
    /// The object's bytes no longer hash to its name.
    #[error(
        "the stored text {1} was changed after it was released (its content no longer matches {0})"
    )]
    Altered(String, PathBuf),
}

/// Makes `dir` (a folder under `root`) and every folder between them that
/// is missing, one at a time, having checked each that is there: a
/// symbolic link on the way that leads outside the project (or to
/// nothing) is an error naming it, and nothing is written through it.
pub fn confined_folder(root: &Path, dir: &Path) -> std::io::Result<()> {
    let rel = dir.strip_prefix(root).map_err(|_| {
        std::io::Error::other(format!("`{}` is not inside the project", dir.display()))
    })?;
    let mut path = root.to_path_buf();
    for part in rel.components() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) => {
                if let Err(unreadable) = read::confine(root, &path) {
                    return Err(std::io::Error::other(outside_message(&unreadable)));
                }
                if !meta.is_symlink() && !meta.is_dir() {
                    let shown = display_path(path.strip_prefix(root).unwrap_or(&path));
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::NotADirectory,
                        format!("`{shown}` is a file where policyc keeps a folder: move it away"),
                    ));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match std::fs::create_dir(&path) {
                    Ok(()) => {}
                    // Made meanwhile: checked as if it had been there.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        read::confine(root, &path)
                            .map_err(|u| std::io::Error::other(outside_message(&u)))?;
                    }
                    Err(e) => return Err(e),
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// What is wrong with a folder on a write path, naming it (never what is
/// behind it) and saying what to do.
fn outside_message(unreadable: &read::Unreadable) -> String {
    let shown = display_path(&unreadable.rel);
    let what = match (&unreadable.refusal, unreadable.what) {
        (Some(_), "symbolic link") => "is a symbolic link that points outside the project",
        (Some(_), _) => "is reached through a symbolic link that points outside the project",
        (None, _) => "cannot be followed (a symbolic link to nothing, or one that loops)",
    };
    format!(
        "`{shown}` {what}; policyc writes history only inside the project: remove the link (a release makes the folders it needs)"
    )
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// synced and renamed into place: readers see the old file or the new one.
/// The file gets the mode a plain create gives (0666 less the umask, 0644
/// usually), not a temporary file's 0600: records, documents and manual
/// pages are read by other users (a reviewer's checkout, `man`).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(layout::TEMPORARY_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The system takes the umask off, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself is durable once the directory is synced.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_text_is_stored_once() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("objects"));
        let a = store.put(b"same text").unwrap();
        let b = store.put(b"same text").unwrap();
        assert_eq!(a, b);
        let files = walkdir::WalkDir::new(tmp.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        assert_eq!(files, 1);
        assert_eq!(store.get(&a).unwrap(), b"same text");
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_stored_through_a_link_that_leads_outside() {
        let outside = tempfile::tempdir().unwrap();
        let project = tempfile::tempdir().unwrap();
        let root = project.path();
        let store = Store::of_project(root);
        let bytes = b"released";
        let id = hash_of(bytes);
        let folder = store.path_of(&id).unwrap().parent().unwrap().to_path_buf();
        std::fs::create_dir_all(folder.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(outside.path(), &folder).unwrap();
        let err = store.put(bytes).unwrap_err().to_string();
        let shown = display_path(folder.strip_prefix(root).unwrap());
        assert!(
            err.contains(&format!(
                "`{shown}` is a symbolic link that points outside the project"
            )),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        // A link inside the project is followed.
        std::fs::remove_file(&folder).unwrap();
        std::fs::create_dir(root.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(root.join("elsewhere"), &folder).unwrap();
        assert_eq!(store.put(bytes).unwrap(), id);
        assert_eq!(store.get(&id).unwrap(), bytes);
    }

    #[test]
    fn an_edited_object_is_named_as_altered() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("objects"));
        let id = store.put(b"released").unwrap();
        std::fs::write(store.path_of(&id).unwrap(), b"edited").unwrap();
        assert!(matches!(store.get(&id), Err(StoreError::Altered(..))));
    }

    #[test]
    fn an_object_that_cannot_be_read_is_not_called_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("objects"));
        let id = store.put(b"released").unwrap();
        let path = store.path_of(&id).unwrap();
        // A folder in its place fails to read for every user, root too.
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        assert!(matches!(store.get(&id), Err(StoreError::Unreadable(..))));
        std::fs::remove_dir(&path).unwrap();
        assert!(matches!(store.get(&id), Err(StoreError::Missing(..))));
    }
}
