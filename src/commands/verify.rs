//! `policyc verify`: `history/` is intact, record by record and text by text.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use crate::history::{self, verify::Checked};

/// What a verification found.
#[derive(Debug)]
pub struct Verified {
    /// What is wrong, if anything.
    pub diagnostics: Vec<Diagnostic>,
    /// The record files, for quoting in messages.
    pub sources: SourceFiles,
    /// What was looked at.
    pub checked: Checked,
}

impl Verified {
    /// Whether the history was altered or could not be read.
    pub fn failed(&self) -> bool {
        self.errors() > 0
    }

    /// Whether every error is a part of the history that could not be
    /// read: nothing seen was altered, but not everything was seen.
    pub fn only_unreadable(&self) -> bool {
        self.failed() && self.errors() == self.checked.unreadable
    }

    fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .count()
    }
}

/// Checks the history of the project at `root`.
pub fn run(root: &Path) -> Verified {
    let diags = Diagnostics::default();
    let history = history::load(root, &diags);
    let checked = history::verify::verify(&history, &diags);
    Verified {
        diagnostics: diags.sorted(),
        sources: history.sources,
        checked,
    }
}
