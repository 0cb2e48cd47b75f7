//! `policyc verify`: the record chain is intact and every stored text a
//! record refers to still has the content it was released with.

use std::collections::BTreeSet;

use super::{Captured, History};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a verification looked at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checked {
    /// Release records.
    pub releases: usize,
    /// Distinct snapshots read (each with its section texts).
    pub snapshots: usize,
}

/// Checks every snapshot of every record (the chain itself is checked when
/// the history is loaded). Problems name the file and the release.
pub fn verify(history: &History, diags: &Diagnostics) -> Checked {
    let mut seen = BTreeSet::new();
    for stored in &history.records {
        for entry in &stored.record.variants {
            if !seen.insert(entry.snapshot.clone()) {
                continue;
            }
            if let Err(e) = Captured::load(&history.store, &entry.snapshot) {
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
    }
    Checked {
        releases: history.records.len(),
        snapshots: seen.len(),
    }
}
