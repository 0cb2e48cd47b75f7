//! A date-looking line the importer leaves in the text, and why: what
//! [`super::date_lines`] finds and [`super::split`] carries to the report.

use serde::Serialize;

use super::dates::{DateKind, DateLine};

/// A date-looking line left in the text, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftDate {
    /// The line as the page wrote it.
    pub line: String,
    /// What its label says.
    pub kind: DateKind,
    /// What the line says, when its day exists.
    pub date: Option<DateLine>,
    /// Why it is not the document's date.
    pub reason: LeftReason,
}

impl LeftDate {
    pub(super) fn of(date: DateLine, reason: LeftReason) -> LeftDate {
        LeftDate {
            line: date.line.clone(),
            kind: date.kind,
            date: Some(date),
            reason,
        }
    }

    pub(super) fn no_such_day(line: &str, kind: DateKind) -> LeftDate {
        LeftDate {
            line: line.trim().to_string(),
            kind,
            date: None,
            reason: LeftReason::NoSuchDay,
        }
    }
}

/// Why a date-looking line stays in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum LeftReason {
    /// It is one line of a paragraph (or one item of a list) with other
    /// text: part of it.
    InParagraph,
    /// It is under a heading that reads like a change log: an earlier
    /// version's date.
    ChangeLog {
        /// The change log's heading, as the reader sees it.
        heading: String,
    },
    /// It is inside the document, neither at its top nor at its end.
    InsideText,
    /// It looks like a date line, but its day does not exist ("September
    /// 31, 2024", "2024-13-01").
    NoSuchDay,
    /// It is a review date ("Last reviewed: …"): a review that changed
    /// nothing is no new version.
    Reviewed,
    /// A date alone, with no label saying what it is.
    NoLabel,
}

impl LeftReason {
    /// Why, for the report.
    pub fn describe(&self) -> String {
        match self {
            LeftReason::InParagraph => {
                "it is one line of a paragraph or list, so part of its text".to_string()
            }
            LeftReason::ChangeLog { heading } => format!(
                "it is under “{heading}”, which reads like a change log, so it dates an earlier version"
            ),
            LeftReason::InsideText => {
                "it is inside the text, neither at the top of the document nor at its end"
                    .to_string()
            }
            LeftReason::NoSuchDay => "it looks like a date line, but the date does not exist: correct it on the page and import again, or import with --no-release and give the day with `policyc release --date YYYY-MM-DD`".to_string(),
            LeftReason::NoLabel => "it is a date with no label saying what it is (last updated, effective), so it is not taken as the release date; if it dates the page, write a label before it (\"Last updated: …\") and import again, or import with --no-release and give the day with `policyc release --date YYYY-MM-DD`".to_string(),
            LeftReason::Reviewed => "it is a review date, and a review that changed nothing is no new version, so it is not the release date; if the text changed that day, record it with `policyc release --date`".to_string(),
        }
    }
}
