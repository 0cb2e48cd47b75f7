//! The word-level redline of two texts: runs of equal, inserted and
//! deleted words; a long text compared sentence by sentence first.

use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffTag, TextDiff};

use super::align;

/// What a run of a redline does to the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InlineEdit {
    /// Unchanged words.
    Equal,
    /// Words only in the new version.
    Insert,
    /// Words only in the old version.
    Delete,
}

/// One run of a word-level redline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct InlineOp {
    /// Equal, inserted or deleted.
    pub op: InlineEdit,
    /// The words, with their spacing.
    pub text: String,
}

/// Texts longer than this (in bytes, old and new together) are redlined
/// sentence by sentence first, and word by word only inside the runs of
/// changed sentences that are shorter: a word diff costs up to the product
/// of the two lengths.
const INLINE_BYTES: usize = 8_000;

/// Word-level redline of two texts.
pub fn inline_ops(old: &str, new: &str) -> Vec<InlineOp> {
    let mut ops: Vec<InlineOp> = Vec::new();
    if old.len() + new.len() <= INLINE_BYTES {
        word_ops(old, new, &mut ops);
        return ops;
    }
    let (a, b) = (align::sentences(old), align::sentences(new));
    for op in similar::capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (tag, x, y) = op.as_tag_tuple();
        let (x, y) = (a[x].concat(), b[y].concat());
        match tag {
            DiffTag::Equal => push_op(&mut ops, InlineEdit::Equal, &x),
            DiffTag::Delete => push_op(&mut ops, InlineEdit::Delete, &x),
            DiffTag::Insert => push_op(&mut ops, InlineEdit::Insert, &y),
            DiffTag::Replace if x.len() + y.len() <= INLINE_BYTES => word_ops(&x, &y, &mut ops),
            DiffTag::Replace => {
                push_op(&mut ops, InlineEdit::Delete, &x);
                push_op(&mut ops, InlineEdit::Insert, &y);
            }
        }
    }
    ops
}

/// Appends the word-level redline of two texts to `ops`.
fn word_ops(old: &str, new: &str, ops: &mut Vec<InlineOp>) {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_unicode_words(old, new);
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => InlineEdit::Equal,
            ChangeTag::Insert => InlineEdit::Insert,
            ChangeTag::Delete => InlineEdit::Delete,
        };
        push_op(ops, op, change.value());
    }
}

/// Appends a run to a redline, joined to the last one if it does the same.
fn push_op(ops: &mut Vec<InlineOp>, op: InlineEdit, text: &str) {
    if text.is_empty() {
        return;
    }
    match ops.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => ops.push(InlineOp {
            op,
            text: text.to_string(),
        }),
    }
}
