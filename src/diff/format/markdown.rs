//! The pull-request format: a summary table, then each changed section as a
//! compact redline; long parts folded in `<details>`.

use std::fmt::Write as _;

use super::{RESTORED_NOTE, WITHDRAWN_NOTE, change_word, counts, elide, formatting_note, shown};
use crate::diff::compare::{BlockChange, BlockEdit, Class, InlineEdit, InlineOp};
use crate::diff::facts::RowChangeKind;
use crate::diff::report::{Report, applies_to};

/// Redlines longer than this are folded away.
const FOLD_CHARS: usize = 600;

/// Escapes text so that Markdown and HTML show it as written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn redline(ops: &[InlineOp]) -> String {
    ops.iter()
        .map(|op| match op.op {
            InlineEdit::Insert => format!("<ins>{}</ins>", escape(&op.text)),
            InlineEdit::Delete => format!("<del>{}</del>", escape(&op.text)),
            _ => escape(&op.text),
        })
        .collect()
}

fn block(b: &BlockChange) -> String {
    match b.change {
        BlockEdit::Added => format!(
            "<ins>{}</ins>",
            escape(b.new.as_deref().unwrap_or_default())
        ),
        BlockEdit::Removed => format!(
            "<del>{}</del>",
            escape(b.old.as_deref().unwrap_or_default())
        ),
        BlockEdit::Moved if b.inline.is_empty() => format!(
            "↕ _moved here:_ {}",
            escape(b.new.as_deref().unwrap_or_default())
        ),
        BlockEdit::Moved => format!("↕ _moved here:_ {}", redline(&elide(&b.inline))),
        _ => redline(&elide(&b.inline)),
    }
}

/// Renders the report as Markdown for a pull-request comment, whole.
pub fn render(report: &Report) -> String {
    let (head, documents) = parts(report);
    let mut out = head;
    for doc in documents {
        out.push_str(&doc.head);
        for item in doc.items {
            out.push_str(&item.text);
        }
    }
    out
}

/// Renders the report within `max_bytes`: the whole report when it fits;
/// otherwise the heading and the summary table always (even past the
/// budget), then the changes in order as long as they fit, each whole,
/// then one line counting what was left out and giving `redline_command`,
/// which writes the whole report as HTML. Never cut inside a change or a
/// Markdown construct.
pub fn render_within(report: &Report, max_bytes: usize, redline_command: &str) -> String {
    let (head, documents) = parts(report);
    let whole = head.len()
        + documents
            .iter()
            .map(|d| d.head.len() + d.items.iter().map(|i| i.text.len()).sum::<usize>())
            .sum::<usize>();
    if whole <= max_bytes {
        return render(report);
    }
    let total = documents
        .iter()
        .flat_map(|d| &d.items)
        .fold(Left::default(), |sum, item| sum.add(item.left));
    let note = |left: Left| omitted_note(left, max_bytes, redline_command);
    // Room kept for the closing line, whatever it counts: none is longer
    // than one of these (plurals forced, every count at its total).
    let most = Left {
        changes: total.changes.max(2),
        formatting: total.formatting.max(2),
    };
    let reserve = [
        Left::default(),
        Left {
            formatting: 0,
            ..most
        },
        Left { changes: 0, ..most },
        most,
    ]
    .into_iter()
    .map(|left| note(left).len())
    .max()
    .unwrap_or_default();
    let mut out = head;
    let mut left = total;
    'documents: for doc in &documents {
        let mut head = Some(doc.head.as_str());
        for item in &doc.items {
            let length = head.map_or(0, str::len) + item.text.len();
            if out.len() + length + reserve > max_bytes {
                break 'documents;
            }
            out.push_str(head.take().unwrap_or_default());
            out.push_str(&item.text);
            left = left.sub(item.left);
        }
    }
    out.push_str(&note(left));
    out
}

/// What a part of the report stands for, or what was left out of it:
/// changes listed one by one, and sections changed only in formatting,
/// which a note counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Left {
    changes: usize,
    formatting: usize,
}

impl Left {
    fn add(self, other: Left) -> Left {
        Left {
            changes: self.changes + other.changes,
            formatting: self.formatting + other.formatting,
        }
    }

    fn sub(self, other: Left) -> Left {
        Left {
            changes: self.changes.saturating_sub(other.changes),
            formatting: self.formatting.saturating_sub(other.formatting),
        }
    }
}

/// The line that ends a report cut to fit: what was left out, and how to
/// write the whole redline.
fn omitted_note(left: Left, max_bytes: usize, redline_command: &str) -> String {
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one} is")
        } else {
            format!("{n} {many} are")
        }
    };
    let formatting = |n: usize| {
        format!(
            "{n} section{} changed only in formatting",
            if n == 1 { "" } else { "s" }
        )
    };
    let what = match (left.changes, left.formatting) {
        (0, 0) => "**The rest of this report is not shown here**".to_string(),
        (0, f) => format!(
            "**{} not shown here**",
            count(
                f,
                "more section changed only in formatting",
                "more sections changed only in formatting"
            )
        ),
        (c, 0) => format!(
            "**{} not shown here**",
            count(c, "more change", "more changes")
        ),
        (c, f) => format!(
            "**{} not shown here** (and {})",
            count(c, "more change", "more changes"),
            formatting(f)
        ),
    };
    format!(
        "\n{what}, to keep this comment within {} bytes: the full redline is in the HTML report ({}), attached to this job as an artifact.\n",
        thousands(max_bytes),
        code_span(redline_command)
    )
}

/// `text` as a Markdown code span, shown as written whatever backticks it
/// holds (its fence is longer than any run of them inside).
fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `65536` as `65,536`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One document's part of the report: its heading, then its changes.
struct DocumentPart {
    head: String,
    items: Vec<Item>,
}

/// One change as Markdown (a title, a withdrawal, a restore, a section),
/// whole: a budget keeps or leaves out each as a unit.
struct Item {
    text: String,
    /// What it stands for: a change, and the sections changed only in
    /// formatting that a note at its end counts (the note of a document
    /// with nothing else to show is an item of its own, of no change).
    left: Left,
}

/// The report's heading and summary table, and each document's part.
fn parts(report: &Report) -> (String, Vec<DocumentPart>) {
    let mut out = String::from("## Policy changes\n\n");
    if report.is_empty() {
        out.push_str("No changes.\n");
        return (out, Vec::new());
    }
    if !report.changed {
        out.push_str("No text changes: only links or formatting changed, so no \"Last Updated\" date moves.\n\n");
    }
    if !report.documents.is_empty() {
        out.push_str(
            "| Document | Applies to | Sections changed in text | Links only | Formatting only |\n|---|---|---|---:|---:|\n",
        );
    }
    for doc in &report.documents {
        let c = counts(doc.sections.iter().map(|s| &s.change));
        let title_change = doc.titles.len();
        let applies = if doc.applies_to.is_empty() {
            "—".to_string()
        } else {
            escape(&doc.applies_to)
        };
        let mut kinds: Vec<String> = Vec::new();
        if title_change > 0 {
            kinds.push("title".into());
        }
        for kind in [
            "added",
            "removed",
            "modified",
            "renamed",
            "moved",
            "rewritten",
        ] {
            let n = doc
                .sections
                .iter()
                .filter(|s| s.change.class == Class::Text && change_word(&s.change) == kind)
                .count();
            if n > 0 {
                kinds.push(format!("{n} {kind}"));
            }
        }
        let mut text = if kinds.is_empty() {
            "0".to_string()
        } else {
            format!("{} ({})", c.text + title_change, kinds.join(", "))
        };
        if !doc.withdrawn.is_empty() {
            text = match kinds.is_empty() {
                true => format!("withdrawn in {}", escape(&doc.withdrawn_from)),
                false => format!("{text}; withdrawn in {}", escape(&doc.withdrawn_from)),
            };
        }
        if !doc.restored.is_empty() {
            text = format!("{text}; restored in {}", escape(&doc.restored_in));
        }
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} | {} |",
            escape(&doc.title),
            doc.document,
            applies,
            text,
            c.links,
            c.formatting
        );
    }
    if let n @ 1.. = report.facts.len() {
        let tables: std::collections::BTreeSet<&str> = report
            .facts
            .iter()
            .map(|f| f.change.table.as_str())
            .collect();
        let _ = writeln!(
            out,
            "{}{n} change{} to {} table{} (`{}`): rows compared by id.",
            if report.documents.is_empty() {
                ""
            } else {
                "\n"
            },
            if n == 1 { "" } else { "s" },
            tables.len(),
            if tables.len() == 1 { "" } else { "s" },
            tables.into_iter().collect::<Vec<_>>().join("`, `")
        );
    }
    if !report.translations.is_empty() {
        let _ = writeln!(out, "\n{}:\n", super::lag_heading(report.released));
        for lag in &report.translations {
            let at = lag.line.map(|l| format!(":{l}")).unwrap_or_default();
            let name = match lag.section.is_empty() {
                true => "the introduction".to_string(),
                false => format!("{} {}", code_span(&lag.section), escape(&lag.heading)),
            };
            let _ = writeln!(out, "- {}: {name}", code_span(&format!("{}{at}", lag.file)));
        }
    }
    let mut documents = Vec::new();
    for doc in &report.documents {
        let mut head = format!("\n### {}\n\n", escape(&doc.title));
        if !doc.applies_to.is_empty() {
            let _ = writeln!(head, "Applies to {}\n", escape(&doc.applies_to));
        }
        let scope = |applies: &str| {
            if applies != doc.applies_to {
                format!(" — *{}*", escape(applies))
            } else {
                String::new()
            }
        };
        let mut items: Vec<Item> = Vec::new();
        let mut item = |text: String| {
            items.push(Item {
                text,
                left: Left {
                    changes: 1,
                    formatting: 0,
                },
            })
        };
        for t in &doc.titles {
            item(format!(
                "- **Title** <del>{}</del> <ins>{}</ins>{}\n",
                escape(t.change.old.as_deref().unwrap_or_default()),
                escape(t.change.new.as_deref().unwrap_or_default()),
                scope(&t.applies_to)
            ));
        }
        if !doc.withdrawn.is_empty() {
            item(format!(
                "- **Withdrawn**: {WITHDRAWN_NOTE}{}\n",
                scope(&doc.withdrawn_from)
            ));
        }
        if !doc.restored.is_empty() {
            item(format!(
                "- **Restored**: {RESTORED_NOTE}{}\n",
                scope(&doc.restored_in)
            ));
        }
        for report in shown(doc) {
            let mut out = String::new();
            let s = &report.change;
            let mut line = format!(
                "- **{}** · {}",
                capitalise(change_word(s)),
                escape(&s.heading_path())
            );
            if !s.id.is_empty() {
                let _ = write!(line, " `#{}`", s.id);
            }
            if let Some(old) = &s.old_heading {
                let _ = write!(line, " (was “{}”)", escape(old));
            }
            if s.moved && s.change != crate::diff::Change::Moved {
                line.push_str(" (moved)");
            }
            line.push_str(&scope(&report.applies_to));
            out.push_str(&line);
            out.push('\n');
            let body: Vec<String> = s.blocks.iter().map(block).collect();
            let length: usize = body.iter().map(String::len).sum();
            if length > FOLD_CHARS {
                let _ = writeln!(
                    out,
                    "  <details><summary>Show the changes ({} blocks)</summary>\n",
                    body.len()
                );
                for b in &body {
                    let _ = writeln!(out, "  > {b}\n");
                }
                out.push_str("  </details>\n");
            } else {
                for b in &body {
                    let _ = writeln!(out, "  > {b}");
                }
            }
            for l in &s.links {
                let _ = writeln!(
                    out,
                    "  - link “{}”: `{}` → `{}`",
                    escape(&l.text),
                    l.old.as_deref().unwrap_or("(none)"),
                    l.new.as_deref().unwrap_or("(none)")
                );
            }
            item(out);
        }
        if let Some(note) = formatting_note(doc) {
            let note = format!("\n_{note}_\n");
            let formatting = doc.sections.len() - shown(doc).count();
            match items.last_mut() {
                Some(last) => {
                    last.text.push_str(&note);
                    last.left.formatting += formatting;
                }
                None => items.push(Item {
                    text: note,
                    left: Left {
                        changes: 0,
                        formatting,
                    },
                }),
            }
        }
        documents.push(DocumentPart { head, items });
    }
    if !report.facts.is_empty() {
        let items = report
            .facts
            .iter()
            .map(|fact| {
                let sentence = escape(&fact.change.sentence);
                let said = match fact.change.change {
                    RowChangeKind::Added => format!("<ins>{sentence}</ins>"),
                    RowChangeKind::Removed => format!("<del>{sentence}</del>"),
                    _ => sentence,
                };
                Item {
                    text: format!("- {said} — *{}*\n", escape(&applies_to(&fact.applies_to))),
                    left: Left {
                        changes: 1,
                        formatting: 0,
                    },
                }
            })
            .collect();
        documents.push(DocumentPart {
            head: "\n### Tables\n\n".to_string(),
            items,
        });
    }
    (out, documents)
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_with_backticks_is_one_code_span() {
        assert_eq!(code_span("policyc diff"), "`policyc diff`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a``"), "``` `a`` ```");
    }

    #[test]
    fn the_closing_line_never_counts_zero() {
        let note = |changes, formatting| {
            omitted_note(
                Left {
                    changes,
                    formatting,
                },
                1000,
                "x",
            )
        };
        assert!(
            note(0, 2)
                .starts_with("\n**2 more sections changed only in formatting are not shown here**")
        );
        assert!(note(1, 1).starts_with(
            "\n**1 more change is not shown here** (and 1 section changed only in formatting)"
        ));
        assert!(note(0, 0).starts_with("\n**The rest of this report is not shown here**"));
    }
}
