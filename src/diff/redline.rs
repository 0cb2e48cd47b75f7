//! The redline in HTML: insertions and deletions marked by `<ins>` and
//! `<del>`, moved blocks by ↕ and a `moved-block` span, each announced to
//! screen readers in the page's language. One
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
    /// Before a block moved within its section, where it now is; also the
    /// tooltip of its ↕ sign.
    pub moved: &'a str,
}

/// The English words, for the `diff` command's own page.
pub const ENGLISH: Labels<'static> = Labels {
    inserted: "inserted",
    deleted: "deleted",
    moved: "moved",
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
/// a block moved within its section, shown where it now is: the ↕ sign
/// (its tooltip the `moved` label), then its words (or their redline) in a
/// `moved-block`, announced as moved.
pub fn block(b: &BlockChange, labels: Labels) -> String {
    let ins = |t: &str| marked("ins", labels.inserted, t);
    let del = |t: &str| marked("del", labels.deleted, t);
    match b.change {
        BlockEdit::Added => ins(b.new.as_deref().unwrap_or_default()),
        BlockEdit::Removed => del(b.old.as_deref().unwrap_or_default()),
        BlockEdit::Moved if b.inline.is_empty() => moved(
            labels.moved,
            &escape_html(b.new.as_deref().unwrap_or_default()),
        ),
        BlockEdit::Moved => moved(labels.moved, &inline(&b.inline, labels)),
        _ => inline(&b.inline, labels),
    }
}

/// A moved block's `html` (its escaped words or their redline) after the ↕
/// sign, which screen readers skip: they hear `label` before the words.
fn moved(label: &str, html: &str) -> String {
    let label = escape_html(label);
    format!(
        "<span class=\"moved\" title=\"{label}\" aria-hidden=\"true\">↕</span> \
         <span class=\"moved-block\"><span class=\"sr\">[{label}: </span>{html}\
         <span class=\"sr\">]</span></span>"
    )
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::visible::BlockKind;

    const GERMAN: Labels<'static> = Labels {
        inserted: "eingefügt",
        deleted: "gelöscht",
        moved: "verschoben",
    };

    fn moved_block(inline: Vec<InlineOp>) -> BlockChange {
        BlockChange {
            change: BlockEdit::Moved,
            kind: BlockKind::Paragraph,
            old: Some("Wir teilen nichts.".to_string()),
            new: Some("Wir verkaufen nichts.".to_string()),
            inline,
        }
    }

    #[test]
    fn a_pure_move_is_announced_as_moved_not_inserted() {
        let mut b = moved_block(Vec::new());
        b.old = b.new.clone();
        let html = block(&b, GERMAN);
        assert_eq!(
            html,
            "<span class=\"moved\" title=\"verschoben\" aria-hidden=\"true\">↕</span> \
             <span class=\"moved-block\"><span class=\"sr\">[verschoben: </span>\
             Wir verkaufen nichts.<span class=\"sr\">]</span></span>"
        );
    }

    #[test]
    fn a_moved_block_whose_words_changed_keeps_its_redline_after_the_label() {
        let op = |op, text: &str| InlineOp {
            op,
            text: text.to_string(),
        };
        let b = moved_block(vec![
            op(InlineEdit::Equal, "Wir "),
            op(InlineEdit::Delete, "teilen"),
            op(InlineEdit::Insert, "verkaufen"),
            op(InlineEdit::Equal, " nichts."),
        ]);
        let html = block(&b, GERMAN);
        let label = "<span class=\"moved-block\"><span class=\"sr\">[verschoben: </span>Wir ";
        assert!(html.contains(label), "{html}");
        let del = html.find("<del>").expect("the deleted word");
        assert!(html.find(label).unwrap() < del, "{html}");
        assert!(html.contains("[gelöscht: </span>teilen"), "{html}");
        assert!(html.contains("[eingefügt: </span>verkaufen"), "{html}");
        assert!(
            html.ends_with(" nichts.<span class=\"sr\">]</span></span>"),
            "{html}"
        );
    }
}
