//! Watching the sources: `policyc.yaml`, `policies/`, `regions/`,
//! `templates/` and `history/`, debounced by notify-debouncer-full so that
//! an editor's save (write, or write a temporary file and rename it) comes
//! as one change.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use notify::event::{EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::source::layout;

/// How long a file must be quiet before its change is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// Changed source paths (absolute), or what went wrong with watching.
pub type Batch = Result<Vec<PathBuf>, Trouble>;

/// What can go wrong with watching.
#[derive(Debug)]
pub enum Trouble {
    /// Events were lost (the system's queue overflowed, or the watcher
    /// failed): which files changed is unknown.
    Missed(String),
    /// The project folder itself was removed or renamed.
    RootGone,
}

/// Watches a project and sends each debounced batch of changed paths.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    root_watched: bool,
    watched: BTreeSet<PathBuf>,
    /// Folders seen created, removed or renamed: their watch is renewed.
    stale: BTreeSet<PathBuf>,
    /// Source folders that could not be watched (one that cannot be read,
    /// say): tried again, and a rebuild is due once they can be.
    unwatched: BTreeSet<PathBuf>,
    /// Set whenever a batch is sent.
    news: Arc<AtomicBool>,
}

impl Watcher {
    /// Starts watching `root` (an absolute path).
    pub fn new(root: &Path, tx: Sender<Batch>) -> notify::Result<Watcher> {
        let project = root.to_path_buf();
        let news = Arc::new(AtomicBool::new(false));
        let sent = news.clone();
        let handler = move |result: DebounceEventResult| {
            let batch = match result {
                // The system dropped events (its queue overflowed): which
                // files changed is unknown.
                Ok(events) if events.iter().any(|e| e.event.need_rescan()) => Err(Trouble::Missed(
                    "some changes were missed (the event queue overflowed)".to_string(),
                )),
                Ok(events)
                    if events.iter().any(|e| {
                        matches!(
                            e.event.kind,
                            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
                        ) && e.event.paths.contains(&project)
                    }) =>
                {
                    Err(Trouble::RootGone)
                }
                Ok(events) => Ok(events
                    .into_iter()
                    .filter(|e| counts(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    // Only sources: an editor's swap files, out/ or .git/
                    // never cause a rebuild, nor delay one.
                    .filter(|p| {
                        p.strip_prefix(&project)
                            .is_ok_and(|rel| layout::affects(rel).is_some())
                    })
                    .collect::<Vec<_>>()),
                Err(errors) => Err(Trouble::Missed(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                )),
            };
            if !matches!(&batch, Ok(paths) if paths.is_empty()) {
                sent.store(true, Ordering::Relaxed);
                let _ = tx.send(batch);
            }
        };
        let mut debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE / 4), handler)?;
        // The root alone: policyc.yaml and the folders appearing or going.
        // Not recursively, so that out/, target/ and .git/ cost nothing.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            debouncer,
            news,
            root: root.to_path_buf(),
            root_watched: true,
            watched: BTreeSet::new(),
            stale: BTreeSet::new(),
            unwatched: BTreeSet::new(),
        };
        watcher.refresh();
        Ok(watcher)
    }

    /// A flag set whenever a batch is sent, which the rebuild loop clears:
    /// a rebuild still rendering asks it whether a newer save came.
    pub fn news(&self) -> Arc<AtomicBool> {
        self.news.clone()
    }

    /// Whether the project folder is watched (it is, unless it was removed
    /// or renamed).
    pub fn root_watched(&self) -> bool {
        self.root_watched
    }

    /// Notes that the project folder went away: every watch went with it.
    pub fn root_gone(&mut self) {
        let _ = self.debouncer.unwatch(&self.root);
        for dir in std::mem::take(&mut self.watched) {
            let _ = self.debouncer.unwatch(&dir);
        }
        self.root_watched = false;
    }

    /// Watches the project folder again if it is back; whether it is.
    pub fn rewatch_root(&mut self) -> bool {
        if !self.root.is_dir() {
            return false;
        }
        if self
            .debouncer
            .watch(&self.root, RecursiveMode::NonRecursive)
            .is_ok()
        {
            self.root_watched = true;
            self.refresh();
        }
        self.root_watched
    }

    /// Notes a changed path; a source folder itself changing means its
    /// watch must be renewed.
    pub fn saw(&mut self, path: &Path) {
        if path.parent() == Some(&self.root) && self.watched.contains(path) {
            self.stale.insert(path.to_path_buf());
        }
    }

    /// Whether a source folder could not be watched: the caller tries
    /// again now and then.
    pub fn has_unwatched(&self) -> bool {
        !self.unwatched.is_empty()
    }

    /// Watches the source folders that exist and are not watched yet (a
    /// folder can be created, or replaced by a checkout, while serving).
    /// Whether a folder that could not be watched before now is: what
    /// changed in it meanwhile gave no event, so everything is rebuilt.
    pub fn refresh(&mut self) -> bool {
        let mut recovered = false;
        // The folders below the root that hold sources, besides the root.
        for name in layout::SOURCE_FOLDERS {
            let dir = self.root.join(name);
            let stale = self.stale.remove(&dir);
            if (stale || !dir.is_dir()) && self.watched.remove(&dir) {
                let _ = self.debouncer.unwatch(&dir);
            }
            if !dir.is_dir() {
                recovered |= self.unwatched.remove(&dir);
            } else if !self.watched.contains(&dir) {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        recovered |= self.unwatched.remove(&dir);
                        self.watched.insert(dir);
                    }
                    Err(e) => {
                        // A half-made recursive watch is dropped whole.
                        let _ = self.debouncer.unwatch(&dir);
                        if !self.unwatched.contains(&dir) {
                            eprintln!(
                                "warning: cannot watch {} for changes ({}); trying again every second",
                                crate::diagnostics::display_path(&dir),
                                crate::diagnostics::escape_controls(&e.to_string())
                            );
                            self.unwatched.insert(dir);
                        }
                    }
                }
            }
        }
        recovered
    }
}

/// What a folder holds: each file's path, size and modification time.
#[derive(Debug, PartialEq, Eq)]
pub struct Fingerprint(Vec<(PathBuf, u64, Option<SystemTime>)>);

impl Fingerprint {
    /// Reads `dir` now.
    pub fn of(dir: &Path) -> Fingerprint {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((e.into_path(), meta.len(), meta.modified().ok()))
            })
            .collect();
        files.sort();
        Fingerprint(files)
    }
}

/// Whether an event can change what the site shows. Reading a file (which
/// every rebuild does) and metadata changes do not.
fn counts(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}
