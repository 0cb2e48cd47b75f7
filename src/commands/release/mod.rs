//! `policyc release`: compare every variant with its last released version
//! and record a new version for those whose text (or links) changed.
//!
//! `rebase.rs` is `--rebase` (a branch's releases read from git and
//! recorded again on top of the base's history), `lock.rs` the lock on
//! `history/` that two releases take in turn, and `json.rs` the summary
//! `--format json` prints.

mod json;
pub(crate) mod lock;
mod messages;
mod rebase;

pub use json::{Summary, SummaryFact, SummaryRelease, SummaryVariant, SummaryWithdrawal};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles, display_path, shell_word};
use crate::diff::format::change_summary;
use crate::diff::report::Report;
use crate::history::facts::FactComparison;
use crate::history::record::{Entry, Record};
use crate::history::store::{confined_folder, write_atomically};
use crate::history::{self, Comparison, Day, History, Releases, timeline};
use crate::resolve::Resolver;
use crate::source::{Project, layout, load};

use lock::{LockError, lock, remove_leftovers};
use rebase::{Branch, missing_objects, read_branch, rebase_options, resolved};

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
    /// A YAML file of the message per locale (`--message-file`); its
    /// default-locale entry stands for `message`.
    pub message_file: Option<PathBuf>,
    /// The message in other locales than the default, by locale: what
    /// `--rebase` carries over from the branch's records (`message_file`
    /// adds to it).
    pub messages: BTreeMap<String, String>,
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
    /// Record the release even though it takes effect before an earlier
    /// release still to take effect that changes some of the same pages:
    /// that release's changes to them then apply from this one's day.
    /// Without it, that is an error (see [`before_pending`]).
    pub bring_forward: bool,
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
    /// A wrong use of the command's options (exit 2), found only once the
    /// project is read: `-m` with a default-locale message in the file.
    pub usage: Option<String>,
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
        usage: None,
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
    if let Some((n, c)) = options.message.as_deref().and_then(messages::first_control) {
        outcome.usage = Some(format!(
            "-m: the release message holds a control character (U+{:04X}) at character {n}: remove it (a message is plain text; tabs and line breaks are fine)",
            u32::from(c)
        ));
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
    // The options as given, for advice that runs when pasted.
    let given = options;
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
    let Some(fact_comparisons) =
        releases.compare_facts(history::facts::current_views(&resolver), diags)
    else {
        return;
    };
    let changed: Vec<&Comparison> = compared.iter().filter(|c| c.needs_release()).collect();
    let changed_facts: Vec<&FactComparison> = fact_comparisons
        .iter()
        .filter(|c| c.needs_release())
        .collect();
    let default = &project.config.default_locale;
    let mut report = timeline::report(&compared, &gone, default)
        .with_facts(history::facts::report(&fact_comparisons, default));
    // The summary is the one `policyc diff` prints.
    report.translations = crate::translations::pending_report(project, &resolver, &compared, diags);
    outcome.report = Some(report);
    if changed.is_empty() && gone.is_empty() && changed_facts.is_empty() {
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
    let mut messages = options.messages.clone();
    if let Some(file) = &options.message_file {
        let Some(read) = messages::read_messages(file, project, diags) else {
            return;
        };
        messages.extend(read);
    }
    let default = &project.config.default_locale;
    let with_file;
    let options = match messages.remove(default) {
        Some(_) if options.message.is_some() => {
            outcome.usage = Some(format!(
                "the release message for {default} is given twice, with -m and in --message-file: give it once (drop -m, or the file's `{default}:` line)"
            ));
            return;
        }
        Some(message) => {
            with_file = Options {
                message: Some(message),
                message_file: None,
                ..options.clone()
            };
            &with_file
        }
        None => options,
    };
    if !has_a_message(options, diags) {
        return;
    }
    // Decided before anything is written, in a dry run too.
    if !before_pending(&history, &changed, effective.unwrap_or(date), given, diags) {
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
        messages,
        previous: history.records.last().map(|s| s.hash.clone()),
        region_names: region_names(project, &entries),
        variants: entries,
        facts: changed_facts.iter().map(|c| c.entry(c.id())).collect(),
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
        for c in &changed_facts {
            if let Err(e) = history.store.put(c.json.as_bytes()) {
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
        if let Some(report) = &mut outcome.report {
            report.released = true;
        }
    }
    outcome.record = Some(record);
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

/// Whether the release may take effect on `takes_effect`, said otherwise:
/// an earlier release still to take effect then changes some of the same
/// pages. The history allows it (on each day a page shows the newest
/// version then in force), but those pages' new versions are compared with,
/// and so hold, the earlier release's text: its changes to them would take
/// effect on this release's day, not on their own. That is an error unless
/// the user says it is meant (`--bring-forward`), then a warning; its
/// advice is the command as given (`given`), with what to add.
fn before_pending(
    history: &History,
    changed: &[&Comparison],
    takes_effect: Day,
    given: &Options,
    diags: &Diagnostics,
) -> bool {
    let overlaps: Vec<(&Record, Vec<String>)> = history
        .records
        .iter()
        .map(|r| &r.record)
        .filter(|r| r.in_force_from() > takes_effect)
        .filter_map(|earlier| {
            let both: Vec<String> = changed
                .iter()
                .filter(|c| earlier.variants.iter().any(|e| e.key == c.key))
                .map(|c| c.key.to_string())
                .collect();
            (!both.is_empty()).then_some((earlier, both))
        })
        .collect();
    // Waiting for the last of them keeps every one of them waiting.
    let Some(wait_until) = overlaps.iter().map(|(r, _)| r.in_force_from()).max() else {
        return true;
    };
    for (earlier, both) in &overlaps {
        let number = earlier.release;
        let pending = earlier.in_force_from();
        let pages = pages_named(both);
        let these = if both.len() == 1 {
            "this page"
        } else {
            "these pages"
        };
        if given.bring_forward {
            diags.push(Diagnostic::warning(format!(
                "release {number}'s changes to {pages} take effect on {takes_effect} with this release, not on {pending} (--bring-forward)"
            )));
            continue;
        }
        let then = if wait_until == pending {
            "then too".to_string()
        } else {
            format!("on {wait_until}, when the last release it overlaps takes effect")
        };
        diags.push(
            Diagnostic::error(format!(
                "this release takes effect on {takes_effect}, before release {number} (which takes effect on {pending}), and both change {pages}: the new versions would hold release {number}'s changes too, so those would apply to {these} from {takes_effect}, not {pending}"
            ))
            .help(format!(
                "to keep release {number}'s changes waiting, record this release to take effect {then}: `{}`; to bring them into force on {takes_effect} on purpose, say so: `{}`",
                command_again(given, Some(wait_until), false),
                command_again(given, None, true),
            )),
        );
    }
    given.bring_forward
}

/// Pages named in a message: the first few, then how many more.
fn pages_named(pages: &[String]) -> String {
    const SHOWN: usize = 4;
    let mut named = pages
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    match pages.len().saturating_sub(SHOWN) {
        0 => {}
        1 => named.push_str(" and 1 more page"),
        n => named.push_str(&format!(" and {n} more pages")),
    }
    named
}

/// The release command as the user gave it (`--root`, `-m`, `--date`,
/// `--effective`, `--today`, `--dry-run`, `--rebase --onto`), taking effect
/// on `effective` instead when given, or with `--bring-forward`: advice
/// that does what it says when pasted.
fn command_again(given: &Options, effective: Option<Day>, bring_forward: bool) -> String {
    let mut command = format!("{} release", history::git::policyc_command(&given.root));
    if given.rebase {
        command.push_str(" --rebase");
        if let Some(onto) = &given.onto {
            command.push_str(&format!(" --onto {}", shell_word(onto)));
        }
    }
    if let Some(message) = &given.message {
        command.push_str(&format!(" -m {}", shell_word(message)));
    }
    let effective = effective.map(|e| e.to_string());
    let flags = [
        ("--date", given.date.as_ref()),
        (
            "--effective",
            effective.as_ref().or(given.effective.as_ref()),
        ),
        ("--today", given.today.as_ref()),
    ];
    for (flag, value) in flags {
        if let Some(value) = value {
            command.push_str(&format!(" {flag} {}", shell_word(value)));
        }
    }
    if bring_forward {
        command.push_str(" --bring-forward");
    }
    if given.dry_run {
        command.push_str(" --dry-run");
    }
    command
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
        .help("say what changed and why with -m, for example: policyc release -m \"Say how long we keep support tickets\", or in the default locale's line of --message-file (a dry run, --dry-run, needs none)"),
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

/// The names of the regions `entries` record, in each of their locales,
/// as their pages show them: kept in the record so that the pages a region
/// leaves behind when it is removed are still named by it.
fn region_names(
    project: &Project,
    entries: &[Entry],
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut names: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for e in entries {
        if let Some(region) = project.regions.get(&e.key.region) {
            names.entry(e.key.region.clone()).or_default().insert(
                e.key.locale.clone(),
                region.name_in(&e.key.locale).to_string(),
            );
        }
    }
    names
}
