//! What a release recorded, as the stable JSON of
//! `policyc release --format json` (`docs/release-json.md`).

use crate::diff::report::Report;
use crate::history::Day;

use super::Outcome;

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
    /// Its message in the default locale (none in a dry run without `-m`).
    pub message: Option<&'a str>,
    /// Its message in other locales, by locale (`--message-file`).
    pub messages: &'a std::collections::BTreeMap<String, String>,
    /// Each variant that gets a new version.
    pub variants: Vec<SummaryVariant<'a>>,
    /// Each variant withdrawn.
    pub withdrawn: Vec<SummaryWithdrawal<'a>>,
    /// Each table (in a region and locale) that gets a new version; left
    /// out when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<SummaryFact<'a>>,
}

/// A table's new version in a [`SummaryRelease`].
#[derive(Debug, serde::Serialize)]
pub struct SummaryFact<'a> {
    /// The table id.
    pub table: &'a str,
    /// The region id.
    pub region: &'a str,
    /// The locale.
    pub locale: &'a str,
    /// The version before (`None` for a first version).
    pub old_version: Option<u32>,
    /// The new version.
    pub new_version: u32,
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
            messages: &r.messages,
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
            facts: r
                .facts
                .iter()
                .map(|f| SummaryFact {
                    table: &f.key.table,
                    region: &f.key.region,
                    locale: &f.key.locale,
                    old_version: (f.version > 1).then(|| f.version - 1),
                    new_version: f.version,
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
