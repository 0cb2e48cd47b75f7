//! `history/`: the record of every released version, the only memory a
//! build needs (no git history). Records chain by hash; texts are stored once.

pub mod day;
pub mod record;
pub mod snapshot;
pub mod store;
pub mod timeline;
pub mod verify;

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use crate::diff::Class;
use crate::resolve::VariantKey;
use crate::source::layout;
pub use day::Day;
use record::{Entry, Record, StoredRecord};
pub use snapshot::Captured;
use store::Store;
pub use timeline::{Comparison, Releases, Stale, Timeline};

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
}

/// Reads `history/` (an absent one is an empty history). Problems (a
/// malformed or edited record, a broken chain) go to `diags`.
pub fn load(root: &Path, diags: &Diagnostics) -> History {
    let mut history = History {
        store: Store::new(layout::objects(root)),
        records: Vec::new(),
        index: HashMap::new(),
        sources: SourceFiles::default(),
    };
    let files = layout::record_files(root).unwrap_or_else(|unreadable| {
        // Not an empty history: every page would read "Not yet released".
        let help = format!(
            "make `{}` readable by the user running policyc, or {}",
            crate::diagnostics::display_path(&unreadable.rel),
            restore_history()
        );
        diags.push(unreadable.diagnostic().help(help));
        Vec::new()
    });
    for path in files {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(layout::Unreadable::new(root, &path, e).diagnostic());
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
    check_chain(&history, diags);
    for (r, stored) in history.records.iter().enumerate() {
        for (e, entry) in stored.record.variants.iter().enumerate() {
            history
                .index
                .entry(entry.key.clone())
                .or_default()
                .push((r, e));
        }
    }
    history
}

/// Help for a file of `history/` that is missing or altered (`it`), or for
/// the whole folder: get it back from version control.
fn restore(what: &str) -> String {
    format!(
        "restore {what} from version control (git checkout -- {}/)",
        layout::HISTORY
    )
}

/// [`restore`] for the whole of `history/`.
fn restore_history() -> String {
    restore(&format!("{}/", layout::HISTORY))
}

fn check_chain(history: &History, diags: &Diagnostics) {
    let restore = format!(
        "{}; records are only written by `policyc release`",
        restore_history()
    );
    for (k, stored) in history.records.iter().enumerate() {
        let expected_number = k as u32 + 1;
        let r = &stored.record;
        if r.release != expected_number
            || stored
                .path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                != Some(layout::record_name(r.release))
        {
            diags.push(
                Diagnostic::error(format!(
                    "expected release {expected_number} here, but this record is release {}",
                    r.release
                ))
                .in_file(&stored.path)
                .help(&restore),
            );
            continue;
        }
        let previous = k.checked_sub(1).map(|p| history.records[p].hash.clone());
        if r.previous != previous {
            diags.push(
                Diagnostic::error(format!(
                    "the hash chain is broken: release {} does not follow the record before it",
                    r.release
                ))
                .in_file(&stored.path)
                .help(&restore),
            );
        }
        if k > 0 && r.date < history.records[k - 1].record.date {
            diags.push(
                Diagnostic::error(format!(
                    "release {} is dated before the release before it",
                    r.release
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
