//! The terminal format: one block per document, a line per section, and a
//! word-level redline under each modified block.

use std::fmt::Write as _;

use super::{
    RESTORED_NOTE, WITHDRAWN_NOTE, change_word, counts, elide, formatting_note, restored_pages,
    shown, withdrawn_pages,
};
use crate::diagnostics::escape_controls;
use crate::diff::compare::{BlockChange, BlockEdit, Change, InlineEdit, InlineOp};
use crate::diff::facts::RowChangeKind;
use crate::diff::report::{Report, applies_to};

struct Style {
    color: bool,
}

impl Style {
    /// Every text that comes from the sources goes through here (or
    /// [`Style::redline`]): its control characters are escaped, so that a
    /// heading or link cannot drive the terminal (see `escape_controls`).
    fn paint(&self, code: &str, text: &str) -> String {
        let text = escape_controls(text);
        if self.color {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.into_owned()
        }
    }

    fn deleted(&self, text: &str) -> String {
        if self.color {
            self.paint("31;9", text)
        } else {
            format!("[-{}-]", escape_controls(text))
        }
    }

    fn inserted(&self, text: &str) -> String {
        if self.color {
            self.paint("32;4", text)
        } else {
            format!("{{+{}+}}", escape_controls(text))
        }
    }

    fn redline(&self, ops: &[InlineOp]) -> String {
        ops.iter()
            .map(|op| match op.op {
                InlineEdit::Insert => self.inserted(&op.text),
                InlineEdit::Delete => self.deleted(&op.text),
                _ => escape_controls(&op.text).into_owned(),
            })
            .collect()
    }
}

fn block_line(style: &Style, b: &BlockChange) -> String {
    match b.change {
        BlockEdit::Added => format!("+ {}", style.inserted(b.new.as_deref().unwrap_or_default())),
        BlockEdit::Removed => format!("- {}", style.deleted(b.old.as_deref().unwrap_or_default())),
        BlockEdit::Moved if b.inline.is_empty() => format!(
            "↕ moved here: {}",
            escape_controls(b.new.as_deref().unwrap_or_default())
        ),
        BlockEdit::Moved => format!("↕ moved here: {}", style.redline(&elide(&b.inline))),
        _ => format!("~ {}", style.redline(&elide(&b.inline))),
    }
}

/// Renders the report for a terminal.
pub fn render(report: &Report, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    if report.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    for doc in &report.documents {
        let _ = write!(
            out,
            "{}",
            style.paint("1", &format!("{} ({})", doc.title, doc.document))
        );
        if !doc.applies_to.is_empty() {
            let _ = write!(
                out,
                "  {}",
                style.paint("2", &format!("applies to {}", doc.applies_to))
            );
        }
        out.push('\n');
        let scope = |applies: &str| {
            if applies != doc.applies_to {
                style.paint("2", &format!("  [{applies}]"))
            } else {
                String::new()
            }
        };
        for t in &doc.titles {
            let _ = writeln!(
                out,
                "  title: {} → {}{}",
                style.deleted(t.change.old.as_deref().unwrap_or("(none)")),
                style.inserted(t.change.new.as_deref().unwrap_or("(none)")),
                scope(&t.applies_to)
            );
        }
        if !doc.withdrawn.is_empty() {
            let _ = writeln!(
                out,
                "  {:<16} {}{}",
                style.paint("31", "withdrawn"),
                WITHDRAWN_NOTE,
                scope(&doc.withdrawn_from)
            );
        }
        if !doc.restored.is_empty() {
            let _ = writeln!(
                out,
                "  {:<16} {}{}",
                style.paint("32", "restored"),
                RESTORED_NOTE,
                scope(&doc.restored_in)
            );
        }
        for report in shown(doc) {
            let s = &report.change;
            let mut line = format!(
                "  {:<16} {}",
                change_word(s),
                escape_controls(&s.heading_path())
            );
            if !s.id.is_empty() {
                let _ = write!(line, "  #{}", escape_controls(&s.id));
            }
            if let Some(old) = &s.old_heading {
                let _ = write!(line, "  (was “{}”)", escape_controls(old));
            }
            if s.moved && s.change != Change::Moved {
                line.push_str("  (moved)");
            }
            line.push_str(&scope(&report.applies_to));
            out.push_str(&line);
            out.push('\n');
            if matches!(
                s.change,
                Change::Modified | Change::Rewritten | Change::Added | Change::Removed
            ) {
                for b in &s.blocks {
                    let _ = writeln!(out, "      {}", block_line(&style, b));
                }
            }
            for l in &s.links {
                let _ = writeln!(
                    out,
                    "      link “{}”: {} → {}",
                    escape_controls(&l.text),
                    escape_controls(l.old.as_deref().unwrap_or("(none)")),
                    escape_controls(l.new.as_deref().unwrap_or("(none)"))
                );
            }
        }
        if let Some(note) = formatting_note(doc) {
            let _ = writeln!(out, "  {}", style.paint("2", &note));
        }
        out.push('\n');
    }
    if !report.facts.is_empty() {
        let _ = writeln!(out, "{}", style.paint("1", "Tables"));
        for fact in &report.facts {
            let painted = match fact.change.change {
                RowChangeKind::Added => style.paint("32", &fact.change.sentence),
                RowChangeKind::Removed => style.paint("31", &fact.change.sentence),
                _ => escape_controls(&fact.change.sentence).into_owned(),
            };
            let _ = writeln!(
                out,
                "  {painted}{}",
                style.paint("2", &format!("  [{}]", applies_to(&fact.applies_to)))
            );
        }
        out.push('\n');
    }
    let c = counts(
        report
            .documents
            .iter()
            .flat_map(|d| d.sections.iter().map(|s| &s.change)),
    );
    let mut withdrawn = match withdrawn_pages(report) {
        0 => String::new(),
        n => format!("; {n} page{} withdrawn", if n == 1 { "" } else { "s" }),
    };
    if let n @ 1.. = restored_pages(report) {
        withdrawn.push_str(&format!(
            "; {n} page{} restored",
            if n == 1 { "" } else { "s" }
        ));
    }
    // A title is words a reader sees too: a change of the title alone must
    // not read as nothing changed.
    let titles = report
        .documents
        .iter()
        .filter(|d| !d.titles.is_empty())
        .count();
    let titles = match titles {
        0 => String::new(),
        n => format!("{n} title{} and ", if n == 1 { "" } else { "s" }),
    };
    if let n @ 1.. = report.facts.len() {
        withdrawn.push_str(&format!(
            "; {n} table change{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    let _ = writeln!(
        out,
        "{}: {titles}{} section{} changed in text, {} in links only, {} in formatting only{withdrawn}",
        if report.changed {
            "Changed"
        } else {
            "No text changes"
        },
        c.text,
        if c.text == 1 { "" } else { "s" },
        c.links,
        c.formatting
    );
    if !report.translations.is_empty() {
        let _ = writeln!(out, "\n{}:", super::lag_heading(report.released));
        for lag in &report.translations {
            let at = lag.line.map(|l| format!(":{l}")).unwrap_or_default();
            let name = match lag.section.is_empty() {
                true => "the introduction".to_string(),
                false => format!("`{}` {}", lag.section, escape_controls(&lag.heading)),
            };
            let _ = writeln!(out, "  {}{at}  {name}", escape_controls(&lag.file));
        }
    }
    out
}
