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
    /// Whether the history was altered.
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
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
