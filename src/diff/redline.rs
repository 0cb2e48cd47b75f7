//! The redline in HTML: insertions and deletions marked by `<ins>` and
//! `<del>`, and announced to screen readers in the page's language. One
//! module for every page that shows changes: the `diff --format html` page,
//! a document's change history and the preview's draft view.

use std::fmt::Write as _;

use super::compare::{BlockChange, BlockEdit, Class, DocDiff, InlineEdit, InlineOp};

pub use crate::text::escape_html;

/// The words a screen reader says before a change, in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Before inserted text.
    pub inserted: &'a str,
    /// Before deleted text.
    pub deleted: &'a str,
}

/// The English words, for the `diff` command's own page.
pub const ENGLISH: Labels<'static> = Labels {
    inserted: "inserted",
    deleted: "deleted",
};

/// `text` in an `<ins>` or `<del>` (`tag`), with `label` said before it to
/// screen readers.
pub fn marked(tag: &str, label: &str, text: &str) -> String {
    format!(
        "<{tag}><span class=\"sr\">[{}: </span>{}<span class=\"sr\">]</span></{tag}>",
        escape_html(label),
        escape_html(text)
    )
}

/// One changed block: an insertion, a deletion, its word-level redline, or
/// a block moved within its section (marked ↕ where it now is).
pub fn block(b: &BlockChange, labels: Labels) -> String {
    let ins = |t: &str| marked("ins", labels.inserted, t);
    let del = |t: &str| marked("del", labels.deleted, t);
    match b.change {
        BlockEdit::Added => ins(b.new.as_deref().unwrap_or_default()),
        BlockEdit::Removed => del(b.old.as_deref().unwrap_or_default()),
        // Shown where it now is, marked by a sign that needs no
        // translation; its words as inserted here (or their redline).
        BlockEdit::Moved if b.inline.is_empty() => {
            format!("{MOVED_MARK}{}", ins(b.new.as_deref().unwrap_or_default()))
        }
        BlockEdit::Moved => format!("{MOVED_MARK}{}", inline(&b.inline, labels)),
        _ => inline(&b.inline, labels),
    }
}

/// The mark before a block moved within its section.
const MOVED_MARK: &str = "<span class=\"moved\" title=\"moved\" aria-hidden=\"true\">↕</span> ";

/// A word-level redline.
fn inline(ops: &[InlineOp], labels: Labels) -> String {
    ops.iter()
        .map(|op| match op.op {
            InlineEdit::Insert => marked("ins", labels.inserted, &op.text),
            InlineEdit::Delete => marked("del", labels.deleted, &op.text),
            _ => escape_html(&op.text),
        })
        .collect()
}

/// The redline of one document's text changes as an HTML fragment, for a
/// page's change history: one `<h3>` per changed section (its headings, in
/// the document's language) and its changed blocks.
pub fn redline_fragment(diff: &DocDiff, labels: Labels) -> String {
    let mut out = String::new();
    for s in diff.sections.iter().filter(|s| s.class == Class::Text) {
        let _ = writeln!(out, "<h3>{}</h3>", escape_html(&s.heading_path()));
        if let Some(old) = &s.old_heading {
            let _ = writeln!(
                out,
                "<p class=\"block\">{} {}</p>",
                marked("del", labels.deleted, old),
                marked("ins", labels.inserted, &s.heading)
            );
        }
        for b in &s.blocks {
            let _ = writeln!(out, "<p class=\"block\">{}</p>", block(b, labels));
        }
    }
    out
}
