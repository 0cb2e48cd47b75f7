//! Writing the site: every file goes into a temporary directory beside the
//! output, which replaces it whole only once the build has succeeded, and
//! the folders interrupted builds left there are removed.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use tempfile::TempDir;

use super::manifest::{GENERATOR, GENERATOR_FIELD, MANIFEST};
use crate::source::layout;

/// An output directory being written. Dropped without [`Staging::commit`],
/// it removes itself and the previous output stays as it was.
pub struct Staging {
    dir: TempDir,
    target: PathBuf,
    /// The folders made so far, relative to the staging folder: each is
    /// made once, with one system call (a build writes thousands of files
    /// into a few thousand folders).
    made: Mutex<HashSet<PathBuf>>,
}

/// Why the output cannot be written where it was asked to go.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output would replace the sources.
    #[error("the output directory `{0}` holds the project itself; choose another with --out")]
    ContainsProject(PathBuf),
    /// The output would go into a folder of sources (`history/`, say),
    /// which a later build would replace: `.1` is that folder, relative
    /// to the project root.
    #[error(
        "the output directory `{0}` is the project's `{1}` or inside it, where sources are kept; a build replaces its output whole, so it would delete them: choose another directory with --out (the default is `out/`)"
    )]
    InSources(PathBuf, String),
    /// The output exists and is not a previous build: it has no
    /// `manifest.json`, or one policyc did not write.
    #[error(
        "`{0}` exists and was not written by policyc ({1}); policyc replaces only a folder it wrote, so it leaves this one alone: move it away or choose another directory with --out"
    )]
    NotOurs(PathBuf, &'static str),
    /// The new output could not be swapped in, nor the previous one back.
    #[error(
        "could not put the new site in `{target}` ({source}), nor the previous one back: it is now in `{old}`; rename it to `{target}`"
    )]
    Displaced {
        /// The output directory.
        target: PathBuf,
        /// Where the previous output is.
        old: PathBuf,
        /// Why the new output could not be put in place.
        source: io::Error,
    },
    /// A file system error.
    #[error("could not write `{path}`: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Staging {
    /// Prepares to replace `target`, refusing a directory that policyc did not
    /// write or one that contains `project_root`.
    pub fn new(target: &Path, project_root: &Path) -> Result<Staging, OutputError> {
        let target = absolute(target);
        let root = absolute(project_root);
        if root.starts_with(&target) {
            return Err(OutputError::ContainsProject(target));
        }
        // Links resolved on both sides: `--out` through a link to
        // `history/`, or a source folder that is itself a link, is caught.
        if let Some(shown) = inside_sources(&target, project_root, false) {
            return Err(OutputError::InSources(target, shown));
        }
        if target.exists() {
            let is_empty_dir = std::fs::read_dir(&target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !is_empty_dir {
                ours(&target)?;
            }
        }
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        remove_stale(parent, SystemTime::now());
        let dir = tempfile::Builder::new()
            .prefix(&format!(
                "{}{}-",
                layout::OUTPUT_STAGING_PREFIX,
                std::process::id()
            ))
            .tempdir_in(parent)
            .map_err(io_err(parent))?;
        Ok(Staging {
            dir,
            target,
            made: Mutex::default(),
        })
    }

    /// Writes one file, `rel` being relative to the output root. A file
    /// whose bytes are the same as in the previous output is hard-linked
    /// from it: creating files is most of a build's time on some disks, and
    /// the previous output is removed once the new one is in place.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.path().join(rel);
        if let Some(folder) = Path::new(rel).parent() {
            self.make_folder(folder)?;
        }
        let previous = self.target.join(rel);
        if unchanged(&previous, bytes) && std::fs::hard_link(&previous, &path).is_ok() {
            return Ok(());
        }
        std::fs::write(&path, bytes).map_err(io_err(&path))
    }

    /// Makes the folder `rel` of the staging folder and those it is in,
    /// those not made before only.
    fn make_folder(&self, rel: &Path) -> Result<(), OutputError> {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let mut missing: Vec<&Path> = rel
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !made.contains(*a))
            .collect();
        while let Some(folder) = missing.pop() {
            let path = self.dir.path().join(folder);
            match std::fs::create_dir(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => {}
                Err(e) => return Err(io_err(&path)(e)),
            }
            made.insert(folder.to_path_buf());
        }
        Ok(())
    }

    /// Swaps the finished directory in place of the old output, and
    /// removes the old one.
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        self.commit_with(&|_| Ok(()))
    }

    /// Swaps the finished directory in place of the old output, and leaves
    /// the old one beside it, named as a previous output of this process,
    /// for the caller to remove ([`remove_previous`]) without making anyone
    /// wait: removing a site of thousands of files takes as long as writing
    /// it. Returns the output and, if there was one, where the previous
    /// output is. Left there (the process ended first), the next build
    /// removes it.
    pub fn commit_leaving_previous(self) -> Result<(PathBuf, Option<PathBuf>), OutputError> {
        self.swap(&|_| Ok(()))
    }

    /// [`Staging::commit`], calling `before` ahead of each filesystem
    /// operation of the swap: an error it returns is taken as that
    /// operation's failure (tests inject faults at every step this way).
    ///
    /// Where the system can exchange two folders in one operation (Linux's
    /// `renameat2(RENAME_EXCHANGE)`), `target` holds the whole previous site
    /// or the whole new one at every instant, and the previous one, now in
    /// the staging folder's place, is removed after. Elsewhere (or on a file
    /// system that cannot exchange), the previous site is moved aside and
    /// the new one moved in: two renames, between which there is no
    /// `target`. Either way a failure puts the previous site back.
    fn commit_with(self, before: Faults<'_>) -> Result<PathBuf, OutputError> {
        let (target, previous) = self.swap(before)?;
        if let Some(previous) = previous {
            // A failure only leaves the previous site in a folder the next
            // build removes.
            let _ = before(Step::RemoveOld).and_then(|()| std::fs::remove_dir_all(&previous));
        }
        Ok(target)
    }

    /// The swap of [`Staging::commit_with`], leaving the previous site
    /// beside the output: returns the output and where the previous one is.
    fn swap(self, before: Faults<'_>) -> Result<(PathBuf, Option<PathBuf>), OutputError> {
        let target = self.target.clone();
        let staged = self.dir.keep();
        let step = |step: Step, op: &dyn Fn() -> io::Result<()>| before(step).and_then(|()| op());
        let fail = |e: io::Error| {
            let _ = std::fs::remove_dir_all(&staged);
            io_err(&target)(e)
        };
        if std::fs::symlink_metadata(&target).is_err() {
            // The first build: nothing to replace.
            step(Step::MoveIn, &|| std::fs::rename(&staged, &target)).map_err(fail)?;
            return Ok((target, None));
        }
        match step(Step::Exchange, &|| exchange(&staged, &target)) {
            Ok(()) => {
                // The previous site is where the staging folder was: named
                // as a previous output, it is not taken for a build's
                // staging folder, whatever happens to this process.
                let old = old_name(&target);
                let previous = match std::fs::rename(&staged, &old) {
                    Ok(()) => old,
                    Err(_) => staged,
                };
                return Ok((target, Some(previous)));
            }
            Err(e) if !cannot_exchange(&e) => return Err(fail(e)),
            Err(_) => {}
        }
        let old = old_name(&target);
        step(Step::MoveOldAside, &|| std::fs::rename(&target, &old)).map_err(fail)?;
        if let Err(e) = step(Step::MoveNewIn, &|| std::fs::rename(&staged, &target)) {
            let _ = std::fs::remove_dir_all(&staged);
            if step(Step::MoveOldBack, &|| std::fs::rename(&old, &target)).is_err() {
                return Err(OutputError::Displaced {
                    target,
                    old,
                    source: e,
                });
            }
            return Err(io_err(&target)(e));
        }
        Ok((target, Some(old)))
    }
}

/// One filesystem operation of [`Staging::commit`], in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The first build: the staging folder becomes the output.
    MoveIn,
    /// The staging folder and the output exchange places.
    Exchange,
    /// Without an exchange: the output is moved aside,
    MoveOldAside,
    /// then the staging folder takes its place,
    MoveNewIn,
    /// or, if that failed, the output is put back.
    MoveOldBack,
    /// The previous site, now beside the output, is removed.
    RemoveOld,
}

/// Called before each [`Step`]; an error is that step's failure.
type Faults<'a> = &'a dyn Fn(Step) -> io::Result<()>;

/// Exchanges the folders `a` and `b` in one operation.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Exchanges the folders `a` and `b` in one operation: not on this system.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether an exchange failed because the system or the file system does
/// not offer it (so two renames must do), rather than for a reason that
/// two renames would meet as well.
fn cannot_exchange(e: &io::Error) -> bool {
    const EINVAL: i32 = 22;
    const ENOSYS: i32 = 38;
    const EOPNOTSUPP: i32 = 95;
    e.kind() == io::ErrorKind::Unsupported
        || (cfg!(target_os = "linux")
            && matches!(e.raw_os_error(), Some(EINVAL | ENOSYS | EOPNOTSUPP)))
}

/// Where the previous output waits while the new one is moved in, when the
/// two cannot be exchanged: beside it, named with this process's id.
fn old_name(target: &Path) -> PathBuf {
    target.with_file_name(format!(
        "{}{}-{}",
        layout::OUTPUT_OLD_PREFIX,
        std::process::id(),
        target
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
    ))
}

/// Removes a previous output that [`Staging::commit_leaving_previous`] left
/// beside the output, in a process of its own (`policyc` starts one, so
/// that a build returns as soon as its site is in place). Only a folder
/// named as a build's, holding a site policyc wrote (or nothing), is
/// removed; it is first renamed as this process's, so that a build
/// starting meanwhile leaves it to this one.
pub fn remove_previous(previous: &Path) -> Result<(), OutputError> {
    let refuse = |why: &'static str| OutputError::NotOurs(previous.to_path_buf(), why);
    let name = previous
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| refuse("it is not named as a previous output"))?;
    let rest = name
        .strip_prefix(layout::OUTPUT_OLD_PREFIX)
        .or_else(|| name.strip_prefix(layout::OUTPUT_STAGING_PREFIX))
        .ok_or_else(|| refuse("it is not named as a previous output"))?;
    let is_dir = std::fs::symlink_metadata(previous).is_ok_and(|m| m.is_dir());
    if !is_dir {
        return Err(refuse("it is not a folder"));
    }
    let empty = std::fs::read_dir(previous).is_ok_and(|mut d| d.next().is_none());
    if !empty {
        ours(previous)?;
    }
    let after_pid = rest.split_once('-').map_or(rest, |(_, after)| after);
    let mine = previous.with_file_name(format!(
        "{}{}-{after_pid}",
        layout::OUTPUT_OLD_PREFIX,
        std::process::id()
    ));
    let path = match std::fs::rename(previous, &mine) {
        Ok(()) => mine,
        Err(_) => previous.to_path_buf(),
    };
    std::fs::remove_dir_all(&path).map_err(io_err(&path))
}

/// How long a folder of a build whose process id is in use again is kept:
/// no build takes this long.
const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Removes, from the folder `parent`, the staging folders and previous
/// outputs that builds left when they were interrupted (killed, or the
/// machine stopped): those of a process that no longer runs, or that were
/// last changed more than [`STALE_AFTER`] before `now` (the process id was
/// reused). A running build's folders are never removed; this process's
/// are its own business.
fn remove_stale(parent: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| {
            n.strip_prefix(layout::OUTPUT_STAGING_PREFIX)
                .or_else(|| n.strip_prefix(layout::OUTPUT_OLD_PREFIX))
        }) else {
            continue;
        };
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        let aged = now
            .duration_since(last_changed(&meta))
            .is_ok_and(|age| age > STALE_AFTER);
        let stale = match owner(rest) {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) => aged || !running(pid),
            None => aged,
        };
        if stale {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The id of the process that made a folder, from what follows its prefix:
/// `<pid>-…`, or `…-<pid>` as versions before wrote a previous output's.
fn owner(rest: &str) -> Option<u32> {
    let leading = rest.split('-').next().and_then(|p| p.parse().ok());
    leading.or_else(|| rest.rsplit('-').next().and_then(|p| p.parse().ok()))
}

/// When a folder last changed: renaming it counts (its status changes), so
/// a previous output just moved aside is young however old its files.
fn last_changed(meta: &std::fs::Metadata) -> SystemTime {
    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let changed = u64::try_from(meta.ctime())
            .map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s))
            .unwrap_or(SystemTime::UNIX_EPOCH);
        modified.max(changed)
    }
    #[cfg(not(unix))]
    modified
}

/// Whether process `pid` runs (as `kill(pid, 0)` tells: one that runs as
/// another user does too).
#[cfg(unix)]
fn running(pid: u32) -> bool {
    use rustix::process::{Pid, test_kill_process};
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return true;
    };
    test_kill_process(pid) != Err(rustix::io::Errno::SRCH)
}

/// Whether process `pid` runs: unknown here, so it is taken to.
#[cfg(not(unix))]
fn running(_: u32) -> bool {
    true
}

/// Whether the folder `target` holds a site policyc wrote: its
/// `manifest.json` is a regular file whose `generator` is `policyc` (as
/// every policyc version wrote it). A web app's `manifest.json` is not.
fn ours(target: &Path) -> Result<(), OutputError> {
    let manifest = target.join(MANIFEST);
    let regular = std::fs::symlink_metadata(&manifest).is_ok_and(|m| m.file_type().is_file());
    if !regular {
        return Err(OutputError::NotOurs(
            target.to_path_buf(),
            "it has no manifest.json",
        ));
    }
    let generator = std::fs::read(&manifest)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .is_some_and(|doc| doc.get(GENERATOR_FIELD).and_then(|g| g.as_str()) == Some(GENERATOR));
    if !generator {
        return Err(OutputError::NotOurs(
            target.to_path_buf(),
            "its manifest.json does not say `\"generator\": \"policyc\"`",
        ));
    }
    Ok(())
}

/// Whether `path` is a regular file holding exactly `bytes`.
#[cfg(unix)]
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    use rustix::fs::{Mode, OFlags, open};
    use std::cell::RefCell;
    use std::io::Read;
    // A link is not followed, and a pipe not waited on: opened as they
    // are, then told apart from a file by the open file's status, which
    // asks the system once for what took it three times (status, open,
    // then status again to size the buffer).
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let Ok(file) = open(path, flags, Mode::empty()).map(std::fs::File::from) else {
        return false;
    };
    let same_size = file
        .metadata()
        .is_ok_and(|m| m.file_type().is_file() && m.len() == bytes.len() as u64);
    if !same_size {
        return false;
    }
    // A buffer per thread, kept: a build reads back every page it writes.
    thread_local! {
        static OLD: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    OLD.with_borrow_mut(|old| {
        old.clear();
        let longest = bytes.len() as u64 + 1;
        (&file).take(longest).read_to_end(old).is_ok() && old.as_slice() == bytes
    })
}

/// Whether `path` is a regular file holding exactly `bytes`.
#[cfg(not(unix))]
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    let same_size = std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_file() && m.len() == bytes.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// The project's folder of sources (relative, as shown) that `target` is
/// or is inside of, or with `with_output`, its default output folder
/// `out/`; links resolved on both sides.
pub fn inside_sources(target: &Path, project_root: &Path, with_output: bool) -> Option<String> {
    let target = absolute(target);
    let output = with_output.then(|| PathBuf::from(layout::OUT));
    layout::source_paths()
        .chain(output)
        .find(|rel| target.starts_with(absolute(&project_root.join(rel))))
        .map(|rel| crate::diagnostics::display_path(&rel))
}

fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Resolve symlinks where the path exists (its deepest part that does,
    // so that a new folder under a link is where the link leads), and
    // `..` everywhere, so that containment checks hold.
    let mut normal = PathBuf::new();
    for part in abs.components() {
        match part {
            std::path::Component::ParentDir => {
                normal = normal
                    .canonicalize()
                    .unwrap_or(normal)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    let mut rest = Vec::new();
    let mut base = normal.as_path();
    loop {
        if let Ok(real) = base.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return normal,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// A manifest as policyc writes it.
    const OURS: &str = "{\"generator\": \"policyc\", \"pages\": []}";

    #[test]
    fn dropped_staging_leaves_previous_output_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MANIFEST), OURS).unwrap();
        let staging = Staging::new(&out, &tmp.path().join("project")).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), OURS);
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn commit_replaces_the_whole_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MANIFEST), OURS).unwrap();
        std::fs::write(out.join("stale.html"), "x").unwrap();
        let staging = Staging::new(&out, &tmp.path().join("project")).unwrap();
        staging.write(MANIFEST, b"new").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), "new");
        assert!(!out.join("stale.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn unchanged_files_are_shared_with_the_previous_output_and_survive_its_removal() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = Staging::new(&out, &tmp.path().join("project")).unwrap();
        first.write(MANIFEST, OURS.as_bytes()).unwrap();
        first.write("a/index.html", b"same").unwrap();
        first.write("b/index.html", b"old").unwrap();
        first.commit().unwrap();
        let inode = std::fs::metadata(out.join("a/index.html")).unwrap().ino();

        let second = Staging::new(&out, &tmp.path().join("project")).unwrap();
        second.write(MANIFEST, OURS.as_bytes()).unwrap();
        second.write("a/index.html", b"same").unwrap();
        second.write("b/index.html", b"new").unwrap();
        second.commit().unwrap();
        assert_eq!(
            std::fs::metadata(out.join("a/index.html")).unwrap().ino(),
            inode
        );
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"new");
        assert_eq!(
            std::fs::metadata(out.join("b/index.html")).unwrap().nlink(),
            1
        );
    }

    #[test]
    fn only_regular_files_of_the_previous_output_are_shared() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MANIFEST), OURS).unwrap();
        std::fs::write(tmp.path().join("elsewhere"), "same").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("elsewhere"), out.join("link.html")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            out.join("pipe.html"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        std::fs::write(out.join("longer.html"), "same and more").unwrap();
        let staging = Staging::new(&out, &tmp.path().join("project")).unwrap();
        staging.write(MANIFEST, OURS.as_bytes()).unwrap();
        // A pipe is not opened to wait for a writer, nor a link followed.
        for name in ["link.html", "pipe.html", "longer.html"] {
            staging.write(name, b"same").unwrap();
        }
        staging.commit().unwrap();
        for name in ["link.html", "pipe.html", "longer.html"] {
            let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
            assert!(meta.file_type().is_file(), "{name}");
            assert_eq!(std::fs::read(out.join(name)).unwrap(), b"same", "{name}");
        }
    }

    #[test]
    fn commit_leaving_previous_leaves_the_whole_previous_site_for_remove_previous() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, staging) = old_and_new(tmp.path());
        let (target, previous) = staging.commit_leaving_previous().unwrap();
        assert_eq!(target, out);
        assert_eq!(site_in(&out), "new");
        let previous = previous.expect("a previous site");
        assert_eq!(site_in(&previous), "old");
        let name = previous.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name, format!(".policyc-old-{}-out", std::process::id()));
        remove_previous(&previous).unwrap();
        assert_eq!(beside(tmp.path()), ["out"]);
        assert_eq!(site_in(&out), "new");
    }

    #[test]
    fn remove_previous_removes_only_a_previous_output_policyc_wrote() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = |name: &str, files: &[(&str, &str)]| {
            let dir = tmp.path().join(name);
            std::fs::create_dir(&dir).unwrap();
            for (rel, text) in files {
                std::fs::write(dir.join(rel), text).unwrap();
            }
            dir
        };
        let notes = folder(".policyc-old-7-notes", &[("notes.txt", "mine")]);
        let app = folder(".policyc-staging-7-app", &[(MANIFEST, r#"{"name":"app"}"#)]);
        let named_otherwise = folder("old-site", &[(MANIFEST, OURS)]);
        for dir in [&notes, &app, &named_otherwise] {
            let err = remove_previous(dir).err();
            assert!(
                matches!(err, Some(OutputError::NotOurs(..))),
                "{dir:?}: {err:?}"
            );
            assert!(dir.exists(), "{dir:?}");
        }
        let empty = folder(".policyc-old-7-out", &[]);
        remove_previous(&empty).unwrap();
        assert!(!tmp.path().join(".policyc-old-7-out").exists());
        assert_eq!(
            beside(tmp.path()),
            [".policyc-old-7-notes", ".policyc-staging-7-app", "old-site"]
        );
    }

    #[test]
    fn files_in_many_folders_are_written_and_a_folder_made_once() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let staging = Staging::new(&out, &tmp.path().join("project")).unwrap();
        for rel in [
            "a/b/c/index.html",
            "a/b/index.html",
            "a/b/d/index.html",
            "e/index.html",
        ] {
            staging.write(rel, rel.as_bytes()).unwrap();
        }
        staging.write(MANIFEST, OURS.as_bytes()).unwrap();
        let made = staging.made.lock().unwrap().len();
        assert_eq!(made, 5, "a, a/b, a/b/c, a/b/d, e");
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read(out.join("a/b/d/index.html")).unwrap(),
            b"a/b/d/index.html"
        );
    }

    #[test]
    fn refuses_to_replace_a_directory_policyc_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let err = Staging::new(tmp.path(), &tmp.path().join("..").join("elsewhere"))
            .err()
            .unwrap();
        assert!(matches!(err, OutputError::NotOurs(..)));
    }

    #[test]
    fn refuses_a_folder_whose_manifest_policyc_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let public = tmp.path().join("public");
        std::fs::create_dir(&public).unwrap();
        std::fs::write(public.join(MANIFEST), r#"{"name":"app"}"#).unwrap();
        std::fs::write(public.join("app.js"), "x").unwrap();
        let err = Staging::new(&public, &tmp.path().join("project"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("does not say"), "{err}");
        assert_eq!(std::fs::read_to_string(public.join("app.js")).unwrap(), "x");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    /// A previous site in `out/` and a new one staged beside it, sharing a
    /// file as a build shares unchanged ones.
    fn old_and_new(tmp: &Path) -> (PathBuf, Staging) {
        let out = tmp.join("out");
        let first = Staging::new(&out, &tmp.join("project")).unwrap();
        for (rel, bytes) in OLD {
            first.write(rel, bytes.as_bytes()).unwrap();
        }
        first.commit().unwrap();
        let second = Staging::new(&out, &tmp.join("project")).unwrap();
        for (rel, bytes) in NEW {
            second.write(rel, bytes.as_bytes()).unwrap();
        }
        (out, second)
    }

    const OLD: [(&str, &str); 3] = [
        (MANIFEST, OURS),
        ("a/index.html", "old a"),
        ("same.html", "same"),
    ];
    const NEW: [(&str, &str); 3] = [
        (MANIFEST, OURS),
        ("b/index.html", "new b"),
        ("same.html", "same"),
    ];

    /// Which site `out` holds, whole: "old", "new", "none" or "mixed".
    fn site_in(out: &Path) -> &'static str {
        if !out.exists() {
            return "none";
        }
        let files: BTreeSet<(String, String)> = walkdir::WalkDir::new(out)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(out).unwrap();
                let text = std::fs::read_to_string(e.path()).unwrap();
                (rel.to_string_lossy().into_owned(), text)
            })
            .collect();
        let as_set = |site: &[(&str, &str)]| -> BTreeSet<(String, String)> {
            site.iter()
                .map(|(r, t)| (r.to_string(), t.to_string()))
                .collect()
        };
        if files == as_set(&OLD) {
            "old"
        } else if files == as_set(&NEW) {
            "new"
        } else {
            "mixed"
        }
    }

    /// The folders beside `out`, by name.
    fn beside(tmp: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(tmp)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Commits with a hook that notes each step and which site `out/` holds
    /// then (what a kill at that step would leave), and fails the steps
    /// `fail` names with their error.
    fn commit_noting(
        out: &Path,
        staging: Staging,
        fail: &[Fault],
    ) -> (Result<PathBuf, OutputError>, Vec<(Step, &'static str)>) {
        let seen = std::cell::RefCell::new(Vec::new());
        let result = staging.commit_with(&|step| {
            seen.borrow_mut().push((step, site_in(out)));
            match fail.iter().find(|(s, _)| *s == step) {
                Some((_, error)) => Err(error()),
                None => Ok(()),
            }
        });
        (result, seen.into_inner())
    }

    /// A step to fail, and the error it fails with.
    type Fault = (Step, fn() -> io::Error);

    fn injected() -> io::Error {
        io::Error::other("injected fault")
    }

    fn unsupported() -> io::Error {
        io::Error::from_raw_os_error(22)
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn every_step_of_an_exchange_leaves_the_whole_old_or_the_whole_new_site() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, staging) = old_and_new(tmp.path());
        let (result, seen) = commit_noting(&out, staging, &[]);
        result.unwrap();
        assert_eq!(
            seen,
            [(Step::Exchange, "old"), (Step::RemoveOld, "new")],
            "this file system cannot exchange folders (renameat2 RENAME_EXCHANGE)"
        );
        assert_eq!(site_in(&out), "new");
        assert_eq!(beside(tmp.path()), ["out"]);
    }

    #[test]
    fn without_an_exchange_two_renames_replace_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, staging) = old_and_new(tmp.path());
        let (result, seen) = commit_noting(&out, staging, &[(Step::Exchange, unsupported)]);
        result.unwrap();
        // Between the two renames there is no out/: why the exchange is
        // used where there is one.
        assert_eq!(
            seen,
            [
                (Step::Exchange, "old"),
                (Step::MoveOldAside, "old"),
                (Step::MoveNewIn, "none"),
                (Step::RemoveOld, "new"),
            ]
        );
        assert_eq!(site_in(&out), "new");
        assert_eq!(beside(tmp.path()), ["out"]);
    }

    #[test]
    fn a_failure_at_any_step_of_a_swap_leaves_the_old_site_or_the_new_one_whole() {
        let exchange_steps = [Step::Exchange, Step::RemoveOld];
        let rename_steps = [Step::MoveOldAside, Step::MoveNewIn, Step::RemoveOld];
        let cases = exchange_steps
            .iter()
            .map(|&s| (false, s))
            .chain(rename_steps.iter().map(|&s| (true, s)));
        for (renames, failing) in cases {
            let tmp = tempfile::tempdir().unwrap();
            let (out, staging) = old_and_new(tmp.path());
            let mut faults: Vec<Fault> = vec![(failing, injected)];
            if renames {
                faults.push((Step::Exchange, unsupported));
            }
            let (result, _) = commit_noting(&out, staging, &faults);
            let case = format!("renames: {renames}, failing: {failing:?}");
            if failing == Step::RemoveOld {
                // The new site is in place; the old one waits beside it
                // for the next build to remove.
                assert!(result.is_ok(), "{case}");
                assert_eq!(site_in(&out), "new", "{case}");
                assert_eq!(beside(tmp.path()).len(), 2, "{case}");
            } else {
                let err = result.err().unwrap().to_string();
                assert!(err.contains("injected fault"), "{case}: {err}");
                assert_eq!(site_in(&out), "old", "{case}");
                assert_eq!(beside(tmp.path()), ["out"], "{case}");
            }
        }
    }

    #[test]
    fn a_site_that_cannot_be_put_back_is_named_where_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, staging) = old_and_new(tmp.path());
        let faults: [Fault; 3] = [
            (Step::Exchange, unsupported),
            (Step::MoveNewIn, injected),
            (Step::MoveOldBack, injected),
        ];
        let (result, _) = commit_noting(&out, staging, &faults);
        let Err(OutputError::Displaced { old, .. }) = result else {
            panic!("expected the previous site to be displaced: {result:?}");
        };
        assert_eq!(site_in(&old), "old");
        assert!(!out.exists());
    }

    #[test]
    fn a_failed_first_build_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let staging = Staging::new(&out, &tmp.path().join("project")).unwrap();
        staging.write(MANIFEST, OURS.as_bytes()).unwrap();
        let (result, seen) = commit_noting(&out, staging, &[(Step::MoveIn, injected)]);
        assert!(result.is_err());
        assert_eq!(seen, [(Step::MoveIn, "none")]);
        assert!(beside(tmp.path()).is_empty());
    }

    /// The id of a process that ran and is gone.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn folders_of_interrupted_builds_are_removed_and_those_of_running_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = dead_pid();
        let me = std::process::id();
        // Process 1 runs in every process namespace.
        let folders = [
            (format!(".policyc-staging-{dead}-a1B2c3"), false),
            (format!(".policyc-old-{dead}-out"), false),
            (format!(".policyc-old-out-{dead}"), false),
            (".policyc-staging-1-x9Y8z7".to_string(), true),
            (".policyc-old-1-out".to_string(), true),
            (format!(".policyc-staging-{me}-q1W2e3"), true),
            ("policyc-staging-elsewhere".to_string(), true),
        ];
        for (name, _) in &folders {
            std::fs::create_dir(tmp.path().join(name)).unwrap();
            std::fs::write(tmp.path().join(name).join("index.html"), "x").unwrap();
        }
        std::fs::write(tmp.path().join(format!(".policyc-staging-{dead}-file")), "").unwrap();
        remove_stale(tmp.path(), SystemTime::now());
        for (name, kept) in &folders {
            assert_eq!(tmp.path().join(name).exists(), *kept, "{name}");
        }
        assert!(
            tmp.path()
                .join(format!(".policyc-staging-{dead}-file"))
                .exists()
        );

        // A running build's folder is kept for most of a day (no build
        // takes that long), whatever its age within it,
        let hours = |h: u64| Duration::from_secs(h * 60 * 60);
        remove_stale(tmp.path(), SystemTime::now() + hours(23));
        assert!(tmp.path().join(".policyc-staging-1-x9Y8z7").exists());
        assert!(tmp.path().join(".policyc-old-1-out").exists());
        // A folder's age counts from when it was last renamed too: a previous
        // output just moved aside is young, however old its files.
        let moved = tmp.path().join(".policyc-old-1-moved");
        std::fs::create_dir(&moved).unwrap();
        let two_days_ago = SystemTime::now() - hours(48);
        std::fs::File::open(&moved)
            .unwrap()
            .set_modified(two_days_ago)
            .unwrap();
        remove_stale(tmp.path(), SystemTime::now() + hours(23));
        assert!(moved.exists(), "a folder renamed just now is young");
        // But a process id in use again keeps a folder only for a day.
        let later = SystemTime::now() + hours(24) + Duration::from_secs(60);
        remove_stale(tmp.path(), later);
        assert!(!tmp.path().join(".policyc-staging-1-x9Y8z7").exists());
        assert!(!tmp.path().join(".policyc-old-1-out").exists());
        assert!(
            tmp.path()
                .join(format!(".policyc-staging-{me}-q1W2e3"))
                .exists()
        );
        assert!(tmp.path().join("policyc-staging-elsewhere").exists());
    }

    #[test]
    fn refuses_an_output_in_a_folder_of_sources() {
        let tmp = tempfile::tempdir().unwrap();
        let project = tmp.path().join("project");
        std::fs::create_dir_all(project.join("history")).unwrap();
        for out in ["history", "history/site", "policies/new", "policyc.yaml"] {
            let err = Staging::new(&project.join(out), &project).err();
            assert!(
                matches!(err, Some(OutputError::InSources(..))),
                "{out}: {err:?}"
            );
        }
        assert!(Staging::new(&project.join("out"), &project).is_ok());
    }

    #[test]
    fn refuses_to_replace_the_project() {
        let tmp = tempfile::tempdir().unwrap();
        let err = Staging::new(tmp.path(), tmp.path()).err().unwrap();
        assert!(matches!(err, OutputError::ContainsProject(_)));
    }
}
