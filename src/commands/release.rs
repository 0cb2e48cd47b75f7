//! `policyc release`: compare every variant with its last released version
//! and record a new version for those whose text (or links) changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles, display_path};
use crate::diff::format::change_summary;
use crate::diff::report::Report;
use crate::history::record::{Entry, Record, StoredRecord};
use crate::history::store::{confined_folder, write_atomically};
use crate::history::{self, Comparison, Day, History, Releases, timeline};
use crate::resolve::Resolver;
use crate::source::{Project, layout, load};

/// Options for [`release`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The project directory.
    pub root: PathBuf,
    /// The release date (default: today).
    pub date: Option<String>,
    /// A later day from which the release takes effect.
    pub effective: Option<String>,
    /// What the release is about: required, except for a dry run.
    pub message: Option<String>,
    /// Compute and print, write nothing.
    pub dry_run: bool,
    /// What "today" is (default: SOURCE_DATE_EPOCH or the clock).
    pub today: Option<String>,
    /// Re-record a branch's releases that the base's history (in
    /// `history/`) lacks, read from git: see [`history::git::sides`].
    pub rebase: bool,
    /// With `rebase`: the base's revision (default: the merge or rebase in
    /// progress).
    pub onto: Option<String>,
    /// Called at each [`Step`]: `main.rs` says when a release waits for
    /// another ([`Step::Waiting`]), and tests pause a release there to
    /// force an interleaving with another. Does nothing by default.
    pub pause: Pause,
}

/// A point in a release, in order, where [`Options::pause`] is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// About to take `history/.lock`: nothing read yet.
    Locking,
    /// Another release holds `history/.lock`; this one waits for it
    /// (`main.rs` says so).
    Waiting,
    /// The lock is held (unless a dry run); the sources and history are
    /// about to be read.
    Locked,
    /// The sources were compared with the history, and a record is about
    /// to be written.
    Compared,
}

/// A callback run at each [`Step`] of a release; none by default.
#[derive(Clone, Default)]
pub struct Pause(Option<Arc<dyn Fn(Step) + Send + Sync>>);

impl Pause {
    /// Runs `f` at each step.
    pub fn new(f: impl Fn(Step) + Send + Sync + 'static) -> Pause {
        Pause(Some(Arc::new(f)))
    }

    fn at(&self, step: Step) {
        if let Some(f) = &self.0 {
            f(step);
        }
    }
}

impl std::fmt::Debug for Pause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Pause(..)"
        } else {
            "Pause(none)"
        })
    }
}

/// What a release did.
#[derive(Debug)]
pub struct Outcome {
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Source texts, for messages.
    pub sources: SourceFiles,
    /// The changes since the last release (empty when nothing changed).
    pub report: Option<Report>,
    /// The record written (or that would be, with `--dry-run`).
    pub record: Option<Record>,
    /// Where it was written, relative to the project root.
    pub path: Option<PathBuf>,
    /// With `--rebase`: the branch's releases re-recorded.
    pub rebased: Option<Rebased>,
}

/// What `release --rebase` found to re-record.
#[derive(Debug, Clone)]
pub struct Rebased {
    /// The revision whose releases were read (`HEAD`, `REBASE_HEAD`).
    pub branch: String,
    /// Its releases that the base lacks, by their number and date on the
    /// branch; empty when there was nothing to rebase.
    pub releases: Vec<(u32, Day)>,
}

/// A branch's releases to re-record, read from git before the lock.
struct Branch {
    sides: history::git::Sides,
    /// The branch's records that the excluded revision lacks.
    records: Vec<StoredRecord>,
    /// The base's records, which `history/` must hold.
    base: Vec<StoredRecord>,
}

/// Runs a release.
pub fn release(options: &Options) -> Outcome {
    let diags = Diagnostics::default();
    let mut outcome = Outcome {
        diagnostics: Vec::new(),
        sources: SourceFiles::default(),
        report: None,
        record: None,
        path: None,
        rebased: None,
    };
    run(options, &diags, &mut outcome);
    outcome.diagnostics = diags.sorted();
    outcome
}

fn run(options: &Options, diags: &Diagnostics, outcome: &mut Outcome) {
    let root = &options.root;
    let dir = layout::history(root);
    // Dates given on the command line are checked before anything is
    // touched; their order against the last release is checked under the lock.
    if !dates_are_dates(options, diags) {
        return;
    }
    let branch = match options
        .rebase
        .then(|| read_branch(root, options.onto.as_deref()))
    {
        None => None,
        Some(Ok(branch)) => Some(branch),
        Some(Err(d)) => {
            diags.push(d);
            return;
        }
    };
    if let Some(branch) = &branch
        && !resolved(root, branch, diags)
    {
        return;
    }
    let created_dir = !dir.exists();
    options.pause.at(Step::Locking);
    // The lock is taken before the sources and the history are read, and
    // held until the record is written: two releases at once take turns,
    // and the second compares the sources as they are when its turn comes
    // with the history the first wrote, so it never records older sources
    // over a newer release.
    let lock = if options.dry_run {
        None
    } else {
        match lock(root, || options.pause.at(Step::Waiting)) {
            Ok(lock) => Some(lock),
            Err(LockError::Link) => {
                let shown = display_path(&layout::lock(Path::new("")));
                diags.push(
                    Diagnostic::error(
                        "this is a symbolic link, where a release keeps its lock file",
                    )
                    .in_file(layout::lock(Path::new("")))
                    .help(format!(
                        "policyc never writes through a link here: remove `{shown}` (a release makes it again)"
                    )),
                );
                return;
            }
            Err(LockError::Io(e)) => {
                diags.push(Diagnostic::error(format!("could not lock history/: {e}")));
                return;
            }
        }
    };
    if lock.is_some() {
        remove_leftovers(&dir);
    }
    options.pause.at(Step::Locked);
    let project = load(root, diags);
    if !diags.has_errors() {
        write_release(&project, options, branch.as_ref(), diags, outcome);
    }
    drop(lock);
    if created_dir && outcome.path.is_none() {
        // A first release that recorded nothing leaves no history/ behind.
        let _ = std::fs::remove_file(layout::lock(root));
        let _ = std::fs::remove_dir(&dir);
    }
    // The history's record files, set by `write_release`, join the sources.
    let records = std::mem::take(&mut outcome.sources);
    outcome.sources = project.sources;
    outcome.sources.extend(&records);
}

fn write_release(
    project: &Project,
    options: &Options,
    branch: Option<&Branch>,
    diags: &Diagnostics,
    outcome: &mut Outcome,
) {
    let history = history::load(&options.root, diags);
    outcome.sources.extend(&history.sources);
    if !diags.has_errors() {
        // Nothing is recorded on top of an altered history.
        crate::history::verify::verify(&history, diags);
    }
    if diags.has_errors() {
        if let Some(branch) = branch {
            let root = &options.root;
            diags.push(
                Diagnostic::error("history/ must hold the base's history before --rebase records the branch's releases on top of it")
                    .help(format!(
                        "take the base's history: {}, then run `{} release --rebase` again",
                        branch.sides.restore(root, missing_objects(root, &branch.base)),
                        history::git::policyc_command(root)
                    )),
            );
        }
        return;
    }
    let rebased;
    // With --rebase, what is wrong with the branch's dates is said only
    // when there is something to record.
    let mut late = None;
    let options = match branch {
        None => options,
        Some(branch) => match rebase_options(options, branch, &history, diags, outcome) {
            Some((o, error)) => {
                rebased = o;
                late = Some(error);
                &rebased
            }
            None => return,
        },
    };
    let mut dates = None;
    if late.is_none() {
        let Some(checked) = check_dates(options, &history, diags) else {
            return;
        };
        dates = Some(checked);
    }
    let resolver = Resolver::new(project, diags);
    let releases = Releases::new(&history);
    let Some((compared, gone)) = releases
        .compare_all(&resolver, diags)
        .zip(releases.gone(&resolver, diags))
    else {
        return;
    };
    let changed: Vec<&Comparison> = compared.iter().filter(|c| c.needs_release()).collect();
    outcome.report = Some(timeline::report(&compared, &gone));
    if changed.is_empty() && gone.is_empty() {
        return;
    }
    if let Some(Some(error)) = late {
        diags.push(error);
        return;
    }
    let (date, effective) = match dates {
        Some(dates) => dates,
        None => match check_dates(options, &history, diags) {
            Some(dates) => dates,
            None => return,
        },
    };
    // Asked only now, so that "Nothing to release" is not an error about a
    // message; still before anything is written.
    if !has_a_message(options, diags) {
        return;
    }
    options.pause.at(Step::Compared);
    let entries: Vec<Entry> = changed
        .iter()
        .map(|c| Entry {
            key: c.key.clone(),
            version: c.version.map_or(1, |v| v + 1),
            class: c.class(),
            snapshot: c.current.id().to_string(),
            changes: match c.version {
                Some(_) if c.restored => vec!["restored after its withdrawal".into()],
                Some(_) => change_summary(&c.diff),
                None => vec!["first version".into()],
            },
        })
        .collect();
    let number = history.records.len() as u32 + 1;
    let record = Record {
        release: number,
        date,
        effective: effective.filter(|e| *e != date),
        message: options.message.clone(),
        previous: history.records.last().map(|s| s.hash.clone()),
        variants: entries,
        withdrawn: gone.iter().map(|g| g.withdrawal()).collect(),
    };
    if !options.dry_run {
        for c in &changed {
            if let Err(e) = c.current.store(&history.store) {
                diags.push(Diagnostic::error(format!(
                    "could not write history/objects: {e}"
                )));
                return;
            }
        }
        let text = match record.to_text() {
            Ok(text) => text,
            Err(e) => {
                diags.push(Diagnostic::error(format!(
                    "could not write release {number}: {e}"
                )));
                return;
            }
        };
        let path = layout::record(&options.root, number);
        let written = confined_folder(&options.root, &layout::releases(&options.root))
            .and_then(|()| write_atomically(&path, text.as_bytes()));
        let shown = path
            .strip_prefix(&options.root)
            .map_or_else(|_| path.clone(), Path::to_path_buf);
        if let Err(e) = written {
            diags.push(Diagnostic::error(format!(
                "could not write {}: {e}",
                display_path(&shown)
            )));
            return;
        }
        outcome.path = Some(shown);
    }
    outcome.record = Some(record);
}

/// Reads the branch's releases and the base's from git.
fn read_branch(root: &Path, onto: Option<&str>) -> Result<Branch, Diagnostic> {
    let sides = history::git::sides(root, onto)?;
    let excluded: BTreeSet<String> = history::git::records_at(root, &sides.exclude)?
        .into_iter()
        .map(|r| r.hash)
        .collect();
    let records = history::git::records_at(root, &sides.branch)?
        .into_iter()
        .filter(|r| !excluded.contains(&r.hash))
        .collect();
    let base = history::git::records_at(root, &sides.base)?;
    Ok(Branch {
        sides,
        records,
        base,
    })
}

/// The options of a release that re-records the branch's releases on top
/// of `history`, which must hold the base's: their date and effective date
/// (those of the last, unless `--date` or `--effective` say otherwise) and
/// their messages, with an error to report only if there is something to
/// record (a date before the base's last release, releases that take
/// effect on different days). `None` when there is nothing to rebase
/// (said in `outcome.rebased`) or after an error.
fn rebase_options(
    options: &Options,
    branch: &Branch,
    history: &History,
    diags: &Diagnostics,
    outcome: &mut Outcome,
) -> Option<(Options, Option<Diagnostic>)> {
    let root = &options.root;
    let policyc = history::git::policyc_command(root);
    let git = history::git::git_command(root);
    let here: BTreeSet<&str> = history.records.iter().map(|r| r.hash.as_str()).collect();
    let sides = &branch.sides;
    if let Some(missing) = branch.base.iter().find(|r| !here.contains(r.hash.as_str())) {
        diags.push(
            Diagnostic::error(format!(
                "history/ does not hold the history of {}: its release {} ({}) is not here",
                sides.base, missing.record.release, missing.record.date
            ))
            .help(format!(
                "take the base's history first: {}, then run `{policyc} release --rebase` again",
                sides.restore(root, missing_objects(root, &branch.base))
            )),
        );
        return None;
    }
    let records: Vec<&StoredRecord> = branch
        .records
        .iter()
        .filter(|r| !here.contains(r.hash.as_str()))
        .collect();
    outcome.rebased = Some(Rebased {
        branch: sides.branch.clone(),
        releases: records
            .iter()
            .map(|r| (r.record.release, r.record.date))
            .collect(),
    });
    let last = records.last()?;
    let mut late = None;
    let date = match options.date.as_deref().map(Day::parse) {
        Some(Ok(date)) => date,
        _ => last.record.date,
    };
    if let Some(newest) = history.last_date().filter(|newest| date < *newest)
        && options.date.is_none()
    {
        late = Some(
            Diagnostic::error(format!(
                "release {} of {} is dated {date}, before the last release of history/ ({newest}): releases are recorded in date order",
                last.record.release, sides.branch
            ))
            .help(format!(
                "record it again on a later day: `{policyc} release --rebase --date {newest}` (or a day after it)"
            )),
        );
    }
    // Recorded as one, the releases take effect on one day: refused when
    // they were to take effect on different days, unless the user says which.
    let takes_effect = |r: &StoredRecord| r.record.effective.filter(|e| *e > r.record.date);
    if options.effective.is_none()
        && late.is_none()
        && records
            .iter()
            .any(|r| takes_effect(r) != takes_effect(last))
    {
        let days: Vec<String> = records
            .iter()
            .map(|r| match takes_effect(r) {
                Some(e) => format!("release {} on {e}", r.record.release),
                None => format!(
                    "release {} on its date, {}",
                    r.record.release, r.record.date
                ),
            })
            .collect();
        let suggested = records
            .iter()
            .filter_map(|r| takes_effect(r))
            .max()
            .map_or_else(|| date.to_string(), |e| e.to_string());
        late = Some(
            Diagnostic::error(format!(
                "the releases of {} that history/ lacks take effect on different days ({}); recorded again as one release, they would all take effect on one day",
                sides.branch,
                days.join(", ")
            ))
            .help(format!(
                "say when the changes take effect: `{policyc} release --rebase --effective {suggested}` (add --date to set the release date); or, to keep each release, {}rebase the branch onto the base instead (`{git} rebase BASE`), which records each release again in its own commit",
                if sides.base == "MERGE_HEAD" {
                    format!("abort the merge (`{git} merge --abort`) and ")
                } else {
                    String::new()
                }
            )),
        );
    }
    let effective = match &options.effective {
        Some(e) => Some(e.clone()),
        None => last
            .record
            .effective
            .filter(|e| *e > date)
            .map(|e| e.to_string()),
    };
    let messages: Vec<&str> = records
        .iter()
        .filter_map(|r| r.record.message.as_deref())
        .collect();
    Some((
        Options {
            date: Some(date.to_string()),
            effective,
            message: (!messages.is_empty()).then(|| messages.join("; ")),
            ..options.clone()
        },
        late,
    ))
}

/// Whether a text the base released is missing from `history/objects/`.
fn missing_objects(root: &Path, base: &[StoredRecord]) -> bool {
    let store = history::store::Store::of_project(root);
    base.iter()
        .flat_map(|r| &r.record.variants)
        .filter_map(|e| store.path_of(&e.snapshot))
        .any(|path| std::fs::symlink_metadata(path).is_err())
}

/// Whether git reports no conflict left in the project, said otherwise:
/// a source in conflict holds git's markers, which a release would record
/// as policy text; `history/` in conflict is resolved by taking the base's.
fn resolved(root: &Path, branch: &Branch, diags: &Diagnostics) -> bool {
    let unmerged = match history::git::unmerged(root) {
        Ok(paths) => paths,
        Err(d) => {
            diags.push(d);
            return false;
        }
    };
    if unmerged.is_empty() {
        return true;
    }
    let history_dir = format!("{}/", display_path(&layout::history(Path::new(""))));
    let (in_history, sources): (Vec<&String>, Vec<&String>) =
        unmerged.iter().partition(|p| p.starts_with(&history_dir));
    let git = history::git::git_command(root);
    let policyc = history::git::policyc_command(root);
    let restore = branch
        .sides
        .restore(root, missing_objects(root, &branch.base));
    let named = |paths: &[&String]| {
        paths
            .iter()
            .map(|p| format!("`{}`", display_path(Path::new(p.as_str()))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !sources.is_empty() {
        let history_too = if in_history.is_empty() {
            String::new()
        } else {
            format!("; take the base's history too: {restore}")
        };
        diags.push(
            Diagnostic::error(format!(
                "git reports conflicts not yet resolved in {}: a release would record git's conflict markers as policy text",
                named(&sources)
            ))
            .help(format!(
                "resolve each file (keep the right text, remove the lines `<<<<<<<`, `=======` and `>>>>>>>`) and mark it resolved with `{git} add FILE`{history_too}; then run `{policyc} release --rebase` again"
            )),
        );
    } else {
        diags.push(
            Diagnostic::error(format!(
                "git reports a conflict in {}: both branches released",
                named(&in_history)
            ))
            .help(format!(
                "take the base's history, which resolves it: {restore}; then run `{policyc} release --rebase` again"
            )),
        );
    }
    false
}

/// The release's day and the day it takes effect, checked against each
/// other and against the last release.
fn check_dates(
    options: &Options,
    history: &History,
    diags: &Diagnostics,
) -> Option<(Day, Option<Day>)> {
    let today = match Day::today(options.today.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(e));
            return None;
        }
    };
    let date = match options.date.as_deref().map(Day::parse) {
        None => today,
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            diags.push(Diagnostic::error(format!("--date: {e}")));
            return None;
        }
    };
    if let Some(last) = history.last_date().filter(|last| date < *last) {
        diags.push(
            Diagnostic::error(format!(
                "the release date {date} is earlier than the last release, {last}"
            ))
            .help("releases are recorded in date order; pass a --date on or after it"),
        );
        return None;
    }
    let effective = match options.effective.as_deref().map(Day::parse) {
        None => None,
        Some(Ok(e)) if e < date => {
            diags.push(Diagnostic::error(format!(
                "the effective date {e} is before the release date {date}"
            )));
            return None;
        }
        Some(Ok(e)) => Some(e),
        Some(Err(e)) => {
            diags.push(Diagnostic::error(format!("--effective: {e}")));
            return None;
        }
    };
    Some((date, effective))
}

/// Whether a release that writes says what it is about: every version's
/// change history shows its release's message. A dry run needs none.
fn has_a_message(options: &Options, diags: &Diagnostics) -> bool {
    let blank = options
        .message
        .as_deref()
        .is_none_or(|m| m.trim().is_empty());
    if options.dry_run || !blank {
        return true;
    }
    let what = match options.message {
        None => "a release needs a message",
        Some(_) => "the release message is empty",
    };
    diags.push(
        Diagnostic::error(format!(
            "{what}: the change history of every page it updates shows it"
        ))
        .help("say what changed and why with -m, for example: policyc release -m \"Say how long we keep support tickets\" (a dry run, --dry-run, needs none)"),
    );
    false
}

/// Whether `--date`, `--effective` and `--today` are dates at all.
fn dates_are_dates(options: &Options, diags: &Diagnostics) -> bool {
    let given = [
        ("--date", &options.date),
        ("--effective", &options.effective),
        ("--today", &options.today),
    ];
    let mut ok = true;
    for (flag, value) in given {
        if let Some(Err(e)) = value.as_deref().map(Day::parse) {
            diags.push(Diagnostic::error(format!("{flag}: {e}")));
            ok = false;
        }
    }
    ok
}

/// Temporary files of a release that was killed before it finished: they
/// were never part of the history, and must not be committed with it.
fn remove_leftovers(dir: &Path) {
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
enum LockError {
    /// It is a symbolic link: never followed.
    Link,
    /// What the system said (a link on the way to it, too).
    Io(std::io::Error),
}

/// An exclusive lock on `history/.lock`, released when dropped; `waiting`
/// is called once when another process holds it, before waiting for it.
/// The history folder is made inside the project, and the lock file is
/// opened without following a link.
fn lock(root: &Path, waiting: impl FnOnce()) -> Result<std::fs::File, LockError> {
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

/// What a release recorded (or, with `--dry-run`, would record), as the
/// stable JSON of `policyc release --format json` (`docs/release-json.md`).
#[derive(Debug, serde::Serialize)]
pub struct Summary<'a> {
    /// The schema version: 1.
    pub schema: u32,
    /// Whether this was a dry run, which writes nothing.
    pub dry_run: bool,
    /// The record file written, relative to the project; `None` for a dry
    /// run or when nothing was released.
    pub path: Option<String>,
    /// The release, when there is something to release.
    pub release: Option<SummaryRelease<'a>>,
    /// The changes since the last release, as `policyc diff --format json`
    /// prints them (`docs/diff-json.md`).
    pub diff: Option<&'a Report>,
}

/// The release of a [`Summary`].
#[derive(Debug, serde::Serialize)]
pub struct SummaryRelease<'a> {
    /// Its number.
    pub number: u32,
    /// Its date.
    pub date: Day,
    /// The day it takes effect, when later than `date`.
    pub effective: Option<Day>,
    /// Its message (none in a dry run without `-m`).
    pub message: Option<&'a str>,
    /// Each variant that gets a new version.
    pub variants: Vec<SummaryVariant<'a>>,
    /// Each variant withdrawn.
    pub withdrawn: Vec<SummaryWithdrawal<'a>>,
}

/// A new version in a [`SummaryRelease`].
#[derive(Debug, serde::Serialize)]
pub struct SummaryVariant<'a> {
    /// The document id.
    pub doc: &'a str,
    /// The region id.
    pub region: &'a str,
    /// The locale.
    pub locale: &'a str,
    /// The version before (`None` for a first version).
    pub old_version: Option<u32>,
    /// The new version.
    pub new_version: u32,
    /// `text` (the date moves) or `links` (it does not).
    pub class: crate::diff::Class,
    /// One line per changed section, as the record lists them.
    pub changes: &'a [String],
}

/// A withdrawal in a [`SummaryRelease`].
#[derive(Debug, serde::Serialize)]
pub struct SummaryWithdrawal<'a> {
    /// The document id.
    pub doc: &'a str,
    /// The region id.
    pub region: &'a str,
    /// The locale.
    pub locale: &'a str,
    /// The last version, the one withdrawn.
    pub version: u32,
}

impl Outcome {
    /// What the release recorded, or would record, as plain data for
    /// `--format json`.
    pub fn summary(&self, dry_run: bool) -> Summary<'_> {
        let release = self.record.as_ref().map(|r| SummaryRelease {
            number: r.release,
            date: r.date,
            effective: r.effective,
            message: r.message.as_deref(),
            variants: r
                .variants
                .iter()
                .map(|e| SummaryVariant {
                    doc: &e.key.doc,
                    region: &e.key.region,
                    locale: &e.key.locale,
                    old_version: (e.version > 1).then(|| e.version - 1),
                    new_version: e.version,
                    class: e.class,
                    changes: &e.changes,
                })
                .collect(),
            withdrawn: r
                .withdrawn
                .iter()
                .map(|w| SummaryWithdrawal {
                    doc: &w.key.doc,
                    region: &w.key.region,
                    locale: &w.key.locale,
                    version: w.version,
                })
                .collect(),
        });
        Summary {
            schema: 1,
            dry_run,
            path: self
                .path
                .as_deref()
                .map(|p| p.to_string_lossy().replace('\\', "/")),
            release,
            diff: self.report.as_ref(),
        }
    }
}
