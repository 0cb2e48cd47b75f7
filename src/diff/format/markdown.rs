//! The pull-request format: a summary table, then each changed section as a
//! compact redline; long parts folded in `<details>`.

use std::fmt::Write as _;

use super::{RESTORED_NOTE, WITHDRAWN_NOTE, change_word, counts, elide, formatting_note, shown};
use crate::diff::compare::{BlockChange, BlockEdit, Class, InlineEdit, InlineOp};
use crate::diff::report::Report;

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
/// then one line counting the changes left out and saying where to read
/// them. Never cut inside a change or a Markdown construct.
pub fn render_within(report: &Report, max_bytes: usize) -> String {
    let (head, documents) = parts(report);
    let whole = head.len()
        + documents
            .iter()
            .map(|d| d.head.len() + d.items.iter().map(|i| i.text.len()).sum::<usize>())
            .sum::<usize>();
    if whole <= max_bytes {
        return render(report);
    }
    let total: usize = documents
        .iter()
        .flat_map(|d| &d.items)
        .filter(|i| i.counted)
        .count();
    // Room kept for the closing line, however many changes it counts.
    let reserve = omitted_note(total.max(1), max_bytes).len();
    let mut out = head;
    let mut shown = 0;
    'documents: for doc in &documents {
        let mut head = Some(doc.head.as_str());
        for item in &doc.items {
            let length = head.map_or(0, str::len) + item.text.len();
            if out.len() + length + reserve > max_bytes {
                break 'documents;
            }
            out.push_str(head.take().unwrap_or_default());
            out.push_str(&item.text);
            shown += usize::from(item.counted);
        }
    }
    out.push_str(&omitted_note(total - shown, max_bytes));
    out
}

/// The line that ends a report cut to fit: how many changes were left out,
/// and where the whole redline is.
fn omitted_note(omitted: usize, max_bytes: usize) -> String {
    format!(
        "\n**{omitted} more change{} not shown here**, to keep this comment within {} bytes: the full redline is in the HTML report (`policyc diff --format html > redline.html`), attached to this job as an artifact.\n",
        if omitted == 1 { " is" } else { "s are" },
        thousands(max_bytes)
    )
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
    /// Whether it is a change (the formatting note of a document with
    /// nothing else to show is not).
    counted: bool,
}

/// The report's heading and summary table, and each document's part.
fn parts(report: &Report) -> (String, Vec<DocumentPart>) {
    let mut out = String::from("## Policy changes\n\n");
    if report.documents.is_empty() {
        out.push_str("No changes.\n");
        return (out, Vec::new());
    }
    if !report.changed {
        out.push_str("No text changes: only links or formatting changed, so no \"Last Updated\" date moves.\n\n");
    }
    out.push_str(
        "| Document | Applies to | Sections changed in text | Links only | Formatting only |\n|---|---|---|---:|---:|\n",
    );
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
                counted: true,
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
            match items.last_mut() {
                Some(last) => last.text.push_str(&note),
                None => items.push(Item {
                    text: note,
                    counted: false,
                }),
            }
        }
        documents.push(DocumentPart { head, items });
    }
    (out, documents)
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
