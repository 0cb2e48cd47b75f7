//! `policyc verify`: `history/` is intact, record by record and text by text.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles, display_path};
use crate::history::{self, verify::Checked};
use crate::site::manifest::{GENERATOR, GENERATOR_FIELD, HEAD_FIELD, MANIFEST};

/// The largest `manifest.json` [`head_from`] reads: a site of many
/// thousand pages stays well below it.
const MANIFEST_LIMIT: u64 = 256 * 1024 * 1024;

/// The history head a published site's `manifest.json` (`path`, as the
/// user gave it) records: `None` for a site built before the first
/// release. Its content is never quoted: it may come from anywhere.
pub fn head_from(path: &Path) -> Result<Option<String>, Diagnostic> {
    let shown = display_path(path);
    let problem = |what: String| {
        Diagnostic::error(format!("--head-from `{shown}`: {what}")).help(format!(
            "pass the {MANIFEST} of the site policyc built and published (e.g. `curl -fsS https://legal.example.com/{MANIFEST} -o published.json`), or the head itself with --head"
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| problem(format!("cannot read it: {e}")))?;
    if !meta.is_file() {
        return Err(problem("it is not a regular file".into()));
    }
    if meta.len() > MANIFEST_LIMIT {
        return Err(problem(format!(
            "it is larger than {} MiB, more than any {MANIFEST} policyc writes",
            MANIFEST_LIMIT / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| problem(format!("cannot read it: {e}")))?;
    let doc: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|_| problem(format!("it is not JSON, so not a {MANIFEST} policyc wrote")))?;
    if doc.get(GENERATOR_FIELD).and_then(|g| g.as_str()) != Some(GENERATOR) {
        return Err(problem(format!(
            "it does not say `\"{GENERATOR_FIELD}\": \"{GENERATOR}\"`, so it is not a {MANIFEST} policyc wrote"
        )));
    }
    match doc.get(HEAD_FIELD) {
        None => Err(problem(format!(
            "it has no `{HEAD_FIELD}`: the site was built by a policyc version before it was recorded; publish a build of this version once, or pass --head"
        ))),
        Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(h)) if history::verify::is_record_hash(h) => {
            Ok(Some(h.clone()))
        }
        Some(_) => Err(problem(format!(
            "its `{HEAD_FIELD}` is not a record hash (`sha256:` and 64 hex digits)"
        ))),
    }
}

/// The hash of the newest release record the project had at the git
/// revision `rev` (a pull request's base branch): the head `history/` must
/// still hold. Only that record's hash line is read at the base. `None`
/// when the base had no release, so there is nothing of it to keep.
pub fn head_at(root: &Path, rev: &str) -> Result<Option<String>, Diagnostic> {
    history::git::newest_hash_at(root, rev)
}

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

    /// Whether every error is in `history/acks.yaml`: the releases are
    /// intact, a reviewer's acknowledgement is wrong.
    pub fn only_acks(&self) -> bool {
        let acks = crate::source::layout::acks(Path::new(""));
        self.failed()
            && self
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::diagnostics::Severity::Error)
                .all(|d| d.file.as_deref() == Some(acks.as_path()))
    }

    fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .count()
    }
}

/// Checks the history of the project at `root`; with a `head` (a record
/// hash: [`head_from`] reads one from a published site), also that the
/// history still holds that record, unchanged.
pub fn run(root: &Path, head: Option<&str>) -> Verified {
    let diags = Diagnostics::default();
    let history = history::load(root, &diags);
    let checked = history::verify::verify(&history, &diags);
    history::ack_checks::check_releases(&history, &diags);
    if let Some(head) = head {
        history::verify::check_head(&history, head, &diags);
    }
    Verified {
        diagnostics: diags.sorted(),
        sources: history.sources,
        checked,
    }
}
