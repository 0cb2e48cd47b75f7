//! `policyc show`: the text of a page as released and in force on a day.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use crate::history::{self, Captured, Day};
use crate::resolve::VariantKey;

/// A released text, as `show` prints it.
#[derive(Debug)]
pub struct Shown {
    /// Its version number.
    pub version: u32,
    /// The day it took effect.
    pub in_force_from: Day,
    /// The day asked about.
    pub day: Day,
    /// The text, with its title as front matter.
    pub markdown: String,
}

/// Why nothing can be shown.
#[derive(Debug)]
pub enum ShowError {
    /// `history/` has errors.
    History {
        /// The errors.
        diagnostics: Vec<Diagnostic>,
        /// The record files, for quoting in messages.
        sources: SourceFiles,
    },
    /// Something else, said in one line.
    Message(String),
}

/// The text of `key` in force on `at` (default: today).
pub fn run(root: &Path, key: &VariantKey, at: Option<&str>) -> Result<Shown, ShowError> {
    let diags = Diagnostics::default();
    let history = history::load(root, &diags);
    if diags.has_errors() {
        return Err(ShowError::History {
            diagnostics: diags.sorted(),
            sources: history.sources,
        });
    }
    let day = match at {
        Some(at) => Day::parse(at).map_err(|e| ShowError::Message(format!("--at: {e}")))?,
        None => Day::today(None).map_err(|e| ShowError::Message(format!("--at: {e}")))?,
    };
    if let Some((withdrawal, _)) = history.withdrawn(key, Some(day)) {
        let last = history
            .in_force(key, day)
            .map(|(r, e)| {
                format!(
                    "; version {} was in force from {}",
                    e.version,
                    r.in_force_from()
                )
            })
            .unwrap_or_default();
        return Err(ShowError::Message(format!(
            "{key} was withdrawn on {}{last}; pass an earlier --at to see it",
            withdrawal.in_force_from()
        )));
    }
    let Some((record, entry)) = history.in_force(key, day) else {
        return Err(ShowError::Message(format!(
            "{key} had no released version in force on {day}"
        )));
    };
    let released = Captured::load(&history.store, &entry.snapshot)
        .map_err(|e| ShowError::Message(format!("{e}; run `policyc verify`")))?;
    let markdown = released
        .markdown()
        .map_err(|e| ShowError::Message(format!("could not write the text out: {e}")))?;
    Ok(Shown {
        version: entry.version,
        in_force_from: record.in_force_from(),
        day,
        markdown,
    })
}
