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

/// Renders the report as Markdown for a pull-request comment.
pub fn render(report: &Report) -> String {
    let mut out = String::from("## Policy changes\n\n");
    if report.documents.is_empty() {
        out.push_str("No changes.\n");
        return out;
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
    for doc in &report.documents {
        let _ = write!(out, "\n### {}\n\n", escape(&doc.title));
        if !doc.applies_to.is_empty() {
            let _ = writeln!(out, "Applies to {}\n", escape(&doc.applies_to));
        }
        let scope = |applies: &str| {
            if applies != doc.applies_to {
                format!(" — *{}*", escape(applies))
            } else {
                String::new()
            }
        };
        for t in &doc.titles {
            let _ = writeln!(
                out,
                "- **Title** <del>{}</del> <ins>{}</ins>{}",
                escape(t.change.old.as_deref().unwrap_or_default()),
                escape(t.change.new.as_deref().unwrap_or_default()),
                scope(&t.applies_to)
            );
        }
        if !doc.withdrawn.is_empty() {
            let _ = writeln!(
                out,
                "- **Withdrawn**: {WITHDRAWN_NOTE}{}",
                scope(&doc.withdrawn_from)
            );
        }
        if !doc.restored.is_empty() {
            let _ = writeln!(
                out,
                "- **Restored**: {RESTORED_NOTE}{}",
                scope(&doc.restored_in)
            );
        }
        for report in shown(doc) {
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
        }
        if let Some(note) = formatting_note(doc) {
            let _ = writeln!(out, "\n_{note}_");
        }
    }
    out
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
