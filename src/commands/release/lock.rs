//! The lock on `history/` that two releases take in turn, and what a
//! release killed before it finished left behind.

use std::path::Path;

use crate::history::store::confined_folder;
use crate::source::layout;

/// Temporary files of a release that was killed before it finished: they
/// were never part of the history, and must not be committed with it.
pub(super) fn remove_leftovers(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let is_tmp = entry
            .file_name()
            .to_string_lossy()
            .starts_with(layout::TEMPORARY_PREFIX);
        if is_tmp && entry.file_type().is_file() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Why `history/.lock` could not be taken.
pub(crate) enum LockError {
    /// It is a symbolic link: never followed.
    Link,
    /// What the system said (a link on the way to it, too).
    Io(std::io::Error),
}

/// An exclusive lock on `history/.lock`, released when dropped; `waiting`
/// is called once when another process holds it, before waiting for it.
/// The history folder is made inside the project, and the lock file is
/// opened without following a link.
pub(crate) fn lock(root: &Path, waiting: impl FnOnce()) -> Result<std::fs::File, LockError> {
    confined_folder(root, &layout::history(root)).map_err(LockError::Io)?;
    let path = layout::lock(root);
    let mut open = std::fs::OpenOptions::new();
    open.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    let file = match open.open(&path) {
        Ok(file) => file,
        Err(_) if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) => {
            return Err(LockError::Link);
        }
        Err(e) => return Err(LockError::Io(e)),
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock().map_err(LockError::Io)?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
    }
    Ok(file)
}
