//! Writing a diff report for its readers: a terminal, a pull request
//! (Markdown), a browser (an HTML redline page) or a program (JSON).

pub mod html;
mod markdown;
mod text;

use super::compare::{Change, Class, InlineEdit, InlineOp, SectionChange};
use super::report::{DocumentReport, Report, SectionReport};

/// The output formats of `policyc diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a terminal; `color` adds ANSI colours.
    Text {
        /// Use ANSI colours.
        color: bool,
    },
    /// For a pull-request comment.
    Markdown,
    /// A standalone redline page.
    Html,
    /// The stable JSON schema (see `docs/diff-json.md`).
    Json,
}

/// Renders a report in a format.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text { color } => text::render(report, color),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// The size a Markdown report is kept within by default: below a GitHub
/// comment's limit (65,536 characters; a byte is at most one character),
/// with 1,536 bytes to spare for what a workflow adds to the report (the
/// sticky-comment action's marker, a heading of its own).
pub const MARKDOWN_MAX_BYTES: usize = 64_000;

/// How a Markdown report is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// The size to keep within, in bytes (`None`: the whole report).
    pub max_bytes: Option<usize>,
    /// The command that writes the whole report as an HTML redline, which
    /// a report cut to fit names as where the rest is: the comparison as
    /// it was asked for (`policyc diff --base origin/main --format html >
    /// redline.html`).
    pub redline_command: String,
}

/// Renders a report as Markdown within `options.max_bytes`: the summary
/// table always, then each change whole while it fits, then a line
/// counting what was left out and naming the HTML redline's command.
pub fn render_markdown(report: &Report, options: &MarkdownOptions) -> String {
    match options.max_bytes {
        Some(max) => markdown::render_within(report, max, &options.redline_command),
        None => markdown::render(report),
    }
}

/// The heading of the translations a report's changes leave behind: they
/// will lag once released, or, once `released`, lag now.
fn lag_heading(released: bool) -> &'static str {
    match released {
        false => {
            "Translations these changes leave behind (they will lag behind their source once released)"
        }
        true => {
            "These translations now lag behind their source (update them, or run `policyc translations ack DOC LOCALE` for one that needs no change)"
        }
    }
}

/// The word for a section's change, as reviewers read it.
fn change_word(s: &SectionChange) -> &'static str {
    match s.change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Modified if s.class == Class::Links => "links changed",
        Change::Modified if s.class == Class::Formatting => "formatting only",
        Change::Modified => "modified",
        Change::Renamed => "renamed",
        Change::Moved => "moved",
        Change::Rewritten => "rewritten",
    }
}

/// One line per changed section, as a release record lists them:
/// "modified: Information we collect › Information you give us (#collect-given)".
pub fn change_summary(diff: &super::DocDiff) -> Vec<String> {
    let mut lines: Vec<String> = diff
        .title
        .iter()
        .map(|t| format!("title: {}", t.new.as_deref().unwrap_or_default()))
        .collect();
    for s in diff
        .sections
        .iter()
        .filter(|s| s.class != Class::Formatting)
    {
        let mut line = format!("{}: {}", change_word(s), s.heading_path());
        if !s.id.is_empty() {
            line.push_str(&format!(" (#{})", s.id));
        }
        lines.push(line);
    }
    lines
}

/// Equal text longer than this is shortened around the changes.
const CONTEXT_CHARS: usize = 60;

/// The redline with long unchanged stretches cut down to the words next to
/// a change, so a one-word edit in a long paragraph reads at a glance.
fn elide(ops: &[InlineOp]) -> Vec<InlineOp> {
    let last = ops.len().saturating_sub(1);
    ops.iter()
        .enumerate()
        .map(|(k, op)| {
            if op.op != InlineEdit::Equal || op.text.chars().count() <= 2 * CONTEXT_CHARS + 5 {
                return op.clone();
            }
            let head = || cut_words(&op.text, CONTEXT_CHARS, true);
            let tail = || cut_words(&op.text, CONTEXT_CHARS, false);
            let text = match (k == 0, k == last) {
                (true, true) => op.text.clone(),
                (true, false) => format!("…{}", tail()),
                (false, true) => format!("{}…", head()),
                (false, false) => format!("{} … {}", head(), tail()),
            };
            InlineOp { op: op.op, text }
        })
        .collect()
}

/// About `max` characters from the start (or end) of `text`, on a word boundary.
fn cut_words(text: &str, max: usize, from_start: bool) -> &str {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if from_start {
        let end = chars.get(max).map_or(text.len(), |c| c.0);
        let cut = text[..end].rfind(' ').filter(|&i| i > 0).unwrap_or(end);
        &text[..cut]
    } else {
        let start = chars
            .get(chars.len().saturating_sub(max))
            .map_or(0, |c| c.0);
        let cut = text[start..].find(' ').map_or(start, |i| start + i);
        &text[cut..]
    }
}

/// Sections to show one by one: formatting-only changes are only counted,
/// so that a re-wrapped document does not bury its one real change.
fn shown(doc: &DocumentReport) -> impl Iterator<Item = &SectionReport> {
    doc.sections
        .iter()
        .filter(|s| s.change.class != Class::Formatting)
}

/// "3 more sections changed only in formatting (wrapping, list markers, …)."
fn formatting_note(doc: &DocumentReport) -> Option<String> {
    let n = doc.sections.len() - shown(doc).count();
    (n > 0).then(|| {
        format!(
            "{n} more section{} changed only in formatting (wrapping, list markers, emphasis markers, comments); readers see no difference.",
            if n == 1 { "" } else { "s" }
        )
    })
}

/// What a restore means, after "Restored in {variants}".
const RESTORED_NOTE: &str = "the document's sources are back after its withdrawal; the next release records them as a new version, compared here with the version withdrawn";
/// What a withdrawal means for its readers, after "Withdrawn from {variants}".
const WITHDRAWN_NOTE: &str = "the document's sources are gone; its pages will say it was withdrawn, and its change history and versions stay online";

/// How many pages the report withdraws.
fn withdrawn_pages(report: &Report) -> usize {
    report.documents.iter().map(|d| d.withdrawn.len()).sum()
}

/// How many pages the report restores.
fn restored_pages(report: &Report) -> usize {
    report.documents.iter().map(|d| d.restored.len()).sum()
}

/// Counts of changed sections by class, for summaries.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    text: usize,
    links: usize,
    formatting: usize,
}

fn counts<'a>(sections: impl IntoIterator<Item = &'a SectionChange>) -> Counts {
    let mut c = Counts::default();
    for s in sections {
        match s.class {
            Class::Text => c.text += 1,
            Class::Links => c.links += 1,
            Class::Formatting => c.formatting += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::facts::{compare, group};
    use crate::facts::{CellView, ColumnKind, ColumnView, FactKey, RowView, TableView};

    /// A report of one table in two regions: a row added in both, a row
    /// changed in one.
    fn report() -> Report {
        let row = |id: &str, name: &str, location: &str| RowView {
            id: id.into(),
            cells: [("name", name), ("location", location)]
                .into_iter()
                .map(|(c, t)| {
                    (
                        c.to_string(),
                        CellView {
                            value: t.into(),
                            text: t.into(),
                        },
                    )
                })
                .collect(),
        };
        let view = |region: &str, rows: Vec<RowView>| TableView {
            key: FactKey {
                table: "subprocessors".into(),
                region: region.into(),
                locale: "en-US".into(),
            },
            caption: "Subprocessors".into(),
            noun: "subprocessor".into(),
            columns: vec![
                ColumnView {
                    id: "name".into(),
                    label: "Name".into(),
                    kind: ColumnKind::Text,
                },
                ColumnView {
                    id: "location".into(),
                    label: "Location".into(),
                    kind: ColumnKind::Country,
                },
            ],
            rows,
        };
        let harbor = |l: &str| row("harbor", "Harbor <Pay>", l);
        let mut changes = Vec::new();
        for (region, before, after) in [
            ("eu", "Ireland", "Netherlands"),
            ("us", "Ireland", "Ireland"),
        ] {
            let old = view(
                region,
                vec![harbor(before), row("gone", "Old Mail Co.", "France")],
            );
            let new = view(
                region,
                vec![harbor(after), row("acme", "Acme Ltd.", "Ireland")],
            );
            changes.push((new.key.clone(), compare(Some(&old), Some(&new))));
        }
        Report::grouped(Vec::new(), Some("en-US")).with_facts(group(&changes, "en-US"))
    }

    #[test]
    fn table_changes_are_said_in_every_format_with_where_they_apply() {
        let report = report();
        assert!(report.changed);
        let text = render(&report, Format::Text { color: false });
        assert!(
            text.contains("Tables\n  Changed location of Harbor <Pay>: Ireland → Netherlands  [eu · en-US]\n  Added subprocessor Acme Ltd. (Ireland)  [eu, us · en-US]\n  Removed subprocessor Old Mail Co. (France)  [eu, us · en-US]\n"),
            "{text}"
        );
        assert!(
            text.ends_with("0 in formatting only; 3 table changes\n"),
            "{text}"
        );
        let markdown = render(&report, Format::Markdown);
        assert!(
            markdown.contains("3 changes to 1 table (`subprocessors`): rows compared by id."),
            "{markdown}"
        );
        assert!(
            markdown.contains("### Tables\n\n- Changed location of Harbor &lt;Pay&gt;: Ireland → Netherlands — *eu · en-US*\n- <ins>Added subprocessor Acme Ltd. (Ireland)</ins> — *eu, us · en-US*\n- <del>Removed"),
            "{markdown}"
        );
        let html = render(&report, Format::Html);
        assert!(html.contains("<h2>Tables</h2>"), "{html}");
        assert!(
            html.contains("<li data-table=\"subprocessors\"><ins><span class=\"sr\">[inserted: </span>Added subprocessor Acme Ltd. (Ireland)<span class=\"sr\">]</span></ins> <span class=\"applies\">(applies to eu, us · en-US)</span></li>"),
            "{html}"
        );
        assert!(html.contains("Harbor &lt;Pay&gt;"), "{html}");
        assert!(
            html.contains("<del><span class=\"sr\">[deleted: </span>Removed"),
            "{html}"
        );
        let json: serde_json::Value = serde_json::from_str(&render(&report, Format::Json)).unwrap();
        assert_eq!(json["facts"].as_array().unwrap().len(), 3);
        assert_eq!(
            json["facts"][0],
            serde_json::json!({
                "table": "subprocessors",
                "row": "harbor",
                "change": "changed",
                "name": "Harbor <Pay>",
                "cells": { "location": { "old": "Ireland", "new": "Netherlands" } },
                "sentence": "Changed location of Harbor <Pay>: Ireland → Netherlands",
                "applies_to": [{ "region": "eu", "locale": "en-US" }]
            })
        );
    }

    #[test]
    fn a_markdown_report_cut_to_fit_counts_the_table_changes_left_out() {
        let report = report();
        let whole = render(&report, Format::Markdown);
        let cut = render_markdown(
            &report,
            &MarkdownOptions {
                max_bytes: Some(whole.len() - 20),
                redline_command: "policyc diff --format html > redline.html".into(),
            },
        );
        assert!(cut.contains("more change"), "{cut}");
        assert!(!cut.contains("Removed subprocessor"), "{cut}");
    }
}
