//! `policyc verify`: the record chain is intact and every stored text a
//! record refers to still has the content it was released with.

use std::collections::{BTreeMap, BTreeSet};

use super::store::StoreError;
use super::{Captured, History};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a verification looked at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checked {
    /// Release records.
    pub releases: usize,
    /// Distinct snapshots read (each with its section texts), tables'
    /// included.
    pub snapshots: usize,
    /// Parts of `history/` that could not be read, each an error: the
    /// other errors are alterations.
    pub unreadable: usize,
}

/// Checks every snapshot of every record (the chain itself is checked when
/// the history is loaded). Problems name the file and the release.
pub fn verify(history: &History, diags: &Diagnostics) -> Checked {
    let mut seen = BTreeSet::new();
    let mut unreadable = history.unreadable;
    // With `history/objects/` unreadable (reported), no text can be checked.
    let records = if history.objects_unreadable {
        &[][..]
    } else {
        &history.records[..]
    };
    for stored in records {
        for entry in &stored.record.variants {
            if !seen.insert(entry.snapshot.clone()) {
                continue;
            }
            if let Err(e) = Captured::load(&history.store, &entry.snapshot) {
                unreadable += usize::from(matches!(e, StoreError::Unreadable(..)));
                diags.push(
                    Diagnostic::error(e.to_string())
                        .in_file(&stored.path)
                        .help(format!(
                            "release {} recorded this text for {}; {}",
                            stored.record.release,
                            entry.key,
                            super::restore_history()
                        )),
                );
            }
        }
        for entry in &stored.record.facts {
            if !seen.insert(entry.snapshot.clone()) {
                continue;
            }
            if let Err(e) = super::facts::load_view(&history.store, &entry.snapshot) {
                unreadable += usize::from(matches!(e, StoreError::Unreadable(..)));
                diags.push(
                    Diagnostic::error(e.to_string())
                        .in_file(&stored.path)
                        .help(format!(
                            "release {} recorded this table for {}; {}",
                            stored.record.release,
                            entry.key,
                            super::restore_history()
                        )),
                );
            }
        }
    }
    check_withdrawals(history, diags);
    Checked {
        releases: history.records.len(),
        snapshots: seen.len(),
        unreadable,
    }
}

/// Whether `text` is a record hash as policyc writes them: `sha256:` and 64
/// lower-case hex digits.
pub fn is_record_hash(text: &str) -> bool {
    text.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// Checks the history against an anchor outside it: `head`, the hash of
/// the newest record when the site was published (or the base branch
/// read), must still be a record of the chain, unchanged. Records after it
/// are fine (a pull request adds some); a record deleted, or rewritten
/// with its hash computed again, is not, though the chain alone would not
/// show it.
pub fn check_head(history: &History, head: &str, diags: &Diagnostics) {
    if history.records.iter().any(|s| s.hash == head) {
        return;
    }
    let now = match history.records.last() {
        Some(last) => format!(
            "it now ends at release {}, {}",
            last.record.release, last.hash
        ),
        None => "it now has no release".to_string(),
    };
    diags.push(
        Diagnostic::error(format!(
            "history/ no longer holds the release record {head}, the head it was checked against: that record was deleted, or rewritten with its hash computed again; {now}"
        ))
        .help(format!(
            "a release is never removed or rewritten, only followed by new ones; {}",
            super::restore_history()
        )),
    );
}

/// Every withdrawal names the last version of a variant that was released
/// and not withdrawn already. After a record that is missing, could not be
/// read or was altered (each reported already), what it held is unknown:
/// a variant it may have changed is not checked until a later record
/// releases it again, so one broken record is one error, not a cascade.
fn check_withdrawals(history: &History, diags: &Diagnostics) {
    // Each variant's last version, and whether it stands withdrawn, as of
    // the last intact stretch of records.
    let mut state = BTreeMap::new();
    // Whether a broken record came before, making `state` partial.
    let mut broken = false;
    let mut before: Option<&super::record::StoredRecord> = None;
    for stored in &history.records {
        let record = &stored.record;
        let follows = match before {
            None => record.release == 1,
            Some(b) => {
                record.release == b.record.release + 1 && record.previous.as_ref() == Some(&b.hash)
            }
        };
        if !follows {
            broken = true;
            state.clear();
        }
        before = Some(stored);
        for w in &record.withdrawn {
            let problem = match state.get(&w.key) {
                None if broken => None,
                None => Some("it was never released".to_string()),
                Some(&(_, true)) => Some("it was already withdrawn".to_string()),
                Some(&(last, false)) if last != w.version => {
                    Some(format!("its last version is {last}"))
                }
                Some(_) => None,
            };
            if let Some(problem) = problem {
                diags.push(
                    Diagnostic::error(format!(
                        "release {} withdraws version {} of {}, but {problem}",
                        record.release, w.version, w.key
                    ))
                    .in_file(&stored.path)
                    .help(format!(
                        "records are only written by `policyc release`; {}",
                        super::restore_history()
                    )),
                );
            }
        }
        for w in &record.withdrawn {
            if let Some(s) = state.get_mut(&w.key) {
                s.1 = true;
            }
        }
        for entry in &record.variants {
            state.insert(entry.key.clone(), (entry.version, false));
        }
    }
}
