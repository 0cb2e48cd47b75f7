//! `history/`: the record of every released version, the only memory a
//! build needs (no git history). Records chain by hash; texts are stored once.

pub mod ack_checks;
pub mod acks;
pub mod day;
pub mod facts;
pub mod git;
pub mod record;
pub mod snapshot;
pub mod store;
pub mod timeline;
pub mod verify;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles, display_path};
use crate::diff::Class;
use crate::facts::FactKey;
use crate::resolve::VariantKey;
use crate::source::{layout, read};
pub use day::Day;
pub use facts::FactVersion;
use record::{Entry, FactEntry, Record, StoredRecord, Withdrawal};
pub use snapshot::Captured;
use store::Store;
pub use timeline::{Comparison, Gone, Releases, Stale, Timeline};

/// A project's released versions.
#[derive(Debug, Clone)]
pub struct History {
    /// The releases, in order.
    pub records: Vec<StoredRecord>,
    /// The stored texts.
    pub store: Store,
    /// The record files' texts, for quoting in messages.
    pub sources: SourceFiles,
    /// For each variant, its entries as (record, entry) indexes, oldest first.
    index: HashMap<VariantKey, Vec<(usize, usize)>>,
    /// For each variant, its withdrawals as (record, withdrawal) indexes,
    /// oldest first.
    withdrawals: HashMap<VariantKey, Vec<(usize, usize)>>,
    /// For each table in a region and locale, its versions as (record,
    /// fact entry) indexes, oldest first.
    facts: HashMap<FactKey, Vec<(usize, usize)>>,
    /// How many parts of `history/` could not be read (each reported).
    pub unreadable: usize,
    /// Whether `history/objects/` itself could not be read (reported
    /// once): no stored text can be, and none is reported again.
    pub objects_unreadable: bool,
    /// The translations reviewers checked without changing them
    /// (`history/acks.yaml`).
    pub acks: acks::Acks,
}

/// Reads `history/` (an absent one is an empty history). Problems (a
/// malformed or edited record, a broken chain) go to `diags`.
pub fn load(root: &Path, diags: &Diagnostics) -> History {
    let mut history = History {
        store: Store::of_project(root),
        records: Vec::new(),
        index: HashMap::new(),
        withdrawals: HashMap::new(),
        facts: HashMap::new(),
        sources: SourceFiles::default(),
        unreadable: 0,
        objects_unreadable: false,
        acks: acks::Acks::default(),
    };
    let (acks, acks_text) = acks::load(root, diags);
    history.acks = acks;
    if let Some(text) = acks_text {
        history
            .sources
            .insert(layout::acks(Path::new("")), std::sync::Arc::from(text));
    }
    let files = layout::record_files(root).unwrap_or_else(|unreadable| {
        // Not an empty history: every page would read "Not yet released".
        report_unreadable(&unreadable, diags);
        history.unreadable += 1;
        layout::ReleaseFiles::default()
    });
    for other in &files.others {
        report_not_a_record(root, other, diags);
    }
    let paths = files.records;
    let mut files = Vec::new();
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        files.push(rel.clone());
        let unreadable = |e: std::io::Error| read::Unreadable::new(root, &path, e);
        let read = read::project_file(root, &rel).and_then(|bytes| {
            let bytes = bytes.ok_or_else(|| unreadable(std::io::ErrorKind::NotFound.into()))?;
            String::from_utf8(bytes).map_err(|_| {
                let e =
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not valid UTF-8");
                unreadable(e)
            })
        });
        let text = match read {
            Ok(t) => t,
            Err(e) => {
                diags.push(e.diagnostic());
                history.unreadable += 1;
                continue;
            }
        };
        history
            .sources
            .insert(rel.clone(), std::sync::Arc::from(text.as_str()));
        match record::parse(&rel, &text) {
            Ok(stored) => history.records.push(stored),
            Err(d) => diags.push(d),
        }
    }
    check_chain(&history, &files, diags);
    check_links(root, &mut history, diags);
    check_objects(root, &mut history, diags);
    for (r, stored) in history.records.iter().enumerate() {
        for (e, entry) in stored.record.variants.iter().enumerate() {
            history
                .index
                .entry(entry.key.clone())
                .or_default()
                .push((r, e));
        }
        for (w, withdrawal) in stored.record.withdrawn.iter().enumerate() {
            history
                .withdrawals
                .entry(withdrawal.key.clone())
                .or_default()
                .push((r, w));
        }
        for (f, fact) in stored.record.facts.iter().enumerate() {
            history
                .facts
                .entry(fact.key.clone())
                .or_default()
                .push((r, f));
        }
    }
    history
}

/// A file in `history/releases/` whose name is not a record's: never
/// skipped, since a record kept under another name would escape `verify`.
fn report_not_a_record(root: &Path, path: &Path, diags: &Diagnostics) {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let what = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => "folder",
        _ => "file",
    };
    let help = match layout::record_name_for(path) {
        Some(name) => format!(
            "if this is a release record, give it its name, `{name}`; if not, move it out of {}/",
            display_path(&layout::releases(Path::new("")))
        ),
        None => format!(
            "move it out of {}/, which holds only release records",
            display_path(&layout::releases(Path::new("")))
        ),
    };
    diags.push(
        Diagnostic::error(format!(
            "this {what} is not a release record: records are named with their number and `.yaml` (`{}`), and nothing else belongs here",
            layout::record_name(1)
        ))
        .in_file(rel)
        .help(help),
    );
}

/// Checks once that the stored texts can be read, rather than once per
/// text: an unreadable `history/objects/` is one error.
fn check_objects(root: &Path, history: &mut History, diags: &Diagnostics) {
    // A link that leads outside was reported by `check_links`.
    if history.records.is_empty() || history.objects_unreadable {
        return;
    }
    let dir = layout::objects(root);
    match std::fs::read_dir(&dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            report_unreadable(&read::Unreadable::new(root, &dir, e), diags);
            history.unreadable += 1;
            history.objects_unreadable = true;
        }
        _ => {}
    }
}

/// Checks every symbolic link under `history/` (`history/` itself and
/// `history/releases/` are checked by `layout::record_files`, and the
/// records by reading them): one that leads outside the project, or to
/// nothing, is an error naming it, whether or not anything reads through
/// it, since `release` would write through it.
fn check_links(root: &Path, history: &mut History, diags: &Diagnostics) {
    let dir = layout::history(root);
    if std::fs::symlink_metadata(&dir).is_err() || read::confine(root, &dir).is_err() {
        return;
    }
    let releases = layout::releases(root);
    let objects = layout::objects(root);
    let walk = walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.path() != releases);
    for entry in walk.filter_map(Result::ok) {
        if !entry.path_is_symlink() {
            continue;
        }
        if let Err(unreadable) = read::confine(root, entry.path()) {
            // Outside the project: the one outside-link help (copy the
            // folder in, or point the link inside). Otherwise (a loop, a
            // link to nothing) version control has what the link replaced.
            let diagnostic = unreadable.diagnostic();
            diags.push(match unreadable.refusal {
                Some(_) => diagnostic,
                None => diagnostic.help(format!(
                    "remove the link `{}`, or {}",
                    display_path(&unreadable.rel),
                    restore_history()
                )),
            });
            history.unreadable += 1;
            if entry.path() == objects {
                history.objects_unreadable = true;
            }
        }
    }
}

/// Help for a file of `history/` that is missing or altered (`it`), or for
/// the whole folder: get it back from version control.
fn restore(what: &str) -> String {
    format!(
        "restore {what} from version control (git checkout -- {}/)",
        layout::HISTORY
    )
}

/// A part of `history/` that could not be read: an error, never an empty
/// history.
fn report_unreadable(unreadable: &read::Unreadable, diags: &Diagnostics) {
    // A part refused (a link outside, a device, a huge file) is not fixed
    // by a permission or a checkout: its own help says what is.
    if unreadable.refusal.is_some() {
        diags.push(unreadable.diagnostic());
        return;
    }
    let help = format!(
        "make `{}` readable by the user running policyc, or {}",
        display_path(&unreadable.rel),
        restore_history()
    );
    diags.push(unreadable.diagnostic().help(help));
}

/// [`restore`] for the whole of `history/`.
fn restore_history() -> String {
    restore(&format!("{}/", layout::HISTORY))
}

/// The release number a record file's name gives it (`0002.yaml`: 2).
fn number_in_name(path: &Path) -> Option<u32> {
    let name = path.file_name()?.to_str()?;
    let number: u32 = name.split('.').next()?.parse().ok()?;
    (layout::record_name(number) == name).then_some(number)
}

/// Checks the records against each other: every number from 1 to the last
/// has its file, each file holds the release its name says, and each record
/// names the hash of the one before it and is not dated before it. A record
/// that is missing or could not be read (`files` lists every record file,
/// read or not) is reported once, by its own name: the records after it are
/// not reported for it.
fn check_chain(history: &History, files: &[PathBuf], diags: &Diagnostics) {
    let restore = format!(
        "{}; records are only written by `policyc release`",
        restore_history()
    );
    // The releases there are: those the records read hold, and those the
    // names of the files that could not be read say (each reported already).
    let read: BTreeSet<&Path> = history.records.iter().map(|s| s.path.as_path()).collect();
    let present: BTreeSet<u32> = history
        .records
        .iter()
        .map(|s| s.record.release)
        .chain(
            files
                .iter()
                .filter(|f| !read.contains(f.as_path()))
                .filter_map(|f| number_in_name(f)),
        )
        .collect();
    // Each gap in the numbers is one error, however long.
    let releases = layout::releases(Path::new(""));
    let mut next = 1;
    for &n in present.iter().filter(|&&n| n > 0) {
        let message = match n - next {
            0 => None,
            1 => Some(format!(
                "release {next} is missing: its record file was deleted or renamed"
            )),
            gap => Some(format!(
                "releases {next} {} {} are missing: their record files were deleted or renamed",
                if gap == 2 { "and" } else { "to" },
                n - 1
            )),
        };
        if let Some(message) = message {
            diags.push(
                Diagnostic::error(message)
                    .in_file(releases.join(layout::record_name(next)))
                    .help(&restore),
            );
        }
        next = n + 1;
    }
    // The records that are where their number says, by number.
    let mut placed: BTreeMap<u32, &StoredRecord> = BTreeMap::new();
    for stored in &history.records {
        let release = stored.record.release;
        match number_in_name(&stored.path) {
            _ if release == 0 => diags.push(
                Diagnostic::error("this record is release 0: releases count from 1")
                    .in_file(&stored.path)
                    .help(&restore),
            ),
            Some(n) if n == release => {
                placed.insert(release, stored);
            }
            _ => diags.push(
                Diagnostic::error(format!(
                    "this file holds release {release}, so its name should be {}",
                    layout::record_name(release)
                ))
                .in_file(&stored.path)
                .help(&restore),
            ),
        }
    }
    for (&release, stored) in &placed {
        let r = &stored.record;
        if release == 1 {
            if r.previous.is_some() {
                diags.push(
                    Diagnostic::error(
                        "the hash chain is broken: release 1 names a record before it",
                    )
                    .in_file(&stored.path)
                    .help(&restore),
                );
            }
            continue;
        }
        // A release before it that is missing or unreadable is reported
        // by itself; this one is not blamed for it.
        let Some(before) = placed.get(&(release - 1)) else {
            continue;
        };
        if r.previous.as_ref() != Some(&before.hash) {
            diags.push(
                Diagnostic::error(format!(
                    "the hash chain is broken: release {release} does not follow release {} as it was recorded ({}); one of the two was edited",
                    release - 1,
                    display_path(&before.path)
                ))
                .in_file(&stored.path)
                .help(&restore),
            );
        }
        if r.date < before.record.date {
            diags.push(
                Diagnostic::error(format!(
                    "release {release} is dated before the release before it"
                ))
                .in_file(&stored.path)
                .help(&restore),
            );
        }
    }
}

impl History {
    /// Every entry for a variant, oldest first, with its record.
    pub fn entries(&self, key: &VariantKey) -> impl Iterator<Item = (&Record, &Entry)> + '_ {
        self.index.get(key).into_iter().flatten().map(|&(r, e)| {
            let record = &self.records[r].record;
            (record, &record.variants[e])
        })
    }

    /// The variant's latest recorded version, in force or not.
    pub fn latest(&self, key: &VariantKey) -> Option<(&Record, &Entry)> {
        self.entries(key).last()
    }

    /// The version in force on `day`.
    pub fn in_force(&self, key: &VariantKey, day: Day) -> Option<(&Record, &Entry)> {
        self.entries(key)
            .filter(|(r, _)| r.in_force_from() <= day)
            .last()
    }

    /// The "Last Updated" date on `day`: when the text in force last
    /// changed. Link-only versions move it only when `links_move_date`.
    pub fn last_updated(&self, key: &VariantKey, day: Day, links_move_date: bool) -> Option<Day> {
        self.entries(key)
            .filter(|(r, e)| {
                r.in_force_from() <= day && (e.class == Class::Text || links_move_date)
            })
            .last()
            .map(|(r, _)| r.in_force_from())
    }

    /// Every withdrawal of a variant, oldest first, with its record.
    pub fn withdrawals_of(
        &self,
        key: &VariantKey,
    ) -> impl Iterator<Item = (&Record, &Withdrawal)> + '_ {
        self.withdrawals
            .get(key)
            .into_iter()
            .flatten()
            .map(|&(r, w)| {
                let record = &self.records[r].record;
                (record, &record.withdrawn[w])
            })
    }

    /// Every variant ever released, withdrawn or not, sorted.
    pub fn keys(&self) -> BTreeSet<&VariantKey> {
        self.index.keys().collect()
    }

    /// Every version of a table in a region and locale, oldest first, with
    /// its record.
    pub fn fact_entries(&self, key: &FactKey) -> impl Iterator<Item = (&Record, &FactEntry)> + '_ {
        self.facts.get(key).into_iter().flatten().map(|&(r, f)| {
            let record = &self.records[r].record;
            (record, &record.facts[f])
        })
    }

    /// Every table, region and locale ever released, sorted.
    pub fn fact_keys(&self) -> BTreeSet<&FactKey> {
        self.facts.keys().collect()
    }

    /// The variant's withdrawal when it is the latest thing recorded for it
    /// among the releases in force on `day` (every release, with `None`):
    /// it was withdrawn, and not released again since.
    pub fn withdrawn(&self, key: &VariantKey, day: Option<Day>) -> Option<(&Record, &Withdrawal)> {
        let counts = |r: usize| day.is_none_or(|day| self.records[r].record.in_force_from() <= day);
        let last_version = self
            .index
            .get(key)
            .into_iter()
            .flatten()
            .rev()
            .map(|(r, _)| *r)
            .find(|r| counts(*r));
        let &(r, w) = self
            .withdrawals
            .get(key)
            .into_iter()
            .flatten()
            .rev()
            .find(|(r, _)| counts(*r))?;
        (Some(r) > last_version).then(|| {
            let record = &self.records[r].record;
            (record, &record.withdrawn[w])
        })
    }

    /// The hash of the newest release record: what a published site
    /// anchors the history to (`policyc verify --head`).
    pub fn head(&self) -> Option<&str> {
        self.records.last().map(|s| s.hash.as_str())
    }

    /// The date of the last release.
    pub fn last_date(&self) -> Option<Day> {
        self.records.last().map(|s| s.record.date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restore_help_names_the_history_folder() {
        assert_eq!(
            restore_history(),
            "restore history/ from version control (git checkout -- history/)"
        );
        assert_eq!(
            restore("it"),
            "restore it from version control (git checkout -- history/)"
        );
    }
}
