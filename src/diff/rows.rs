//! The redline of a table row, cell by cell: cells are compared whole
//! first, so that swapped columns show whole cells moving, not words
//! paired across cells ("Six years" read as having become "Tax law").

use similar::{Algorithm, DiffOp, TextDiff, capture_diff_slices};

use super::words::{InlineEdit, InlineOp, inline_ops};

/// How a row's visible text joins its cells (see `markdown::visible`).
const CELL_SEPARATOR: &str = " | ";

/// Share of words two cells at the same place must have in common for
/// their redline to be word by word; below it the old cell is shown
/// deleted and the new one inserted.
const CELL_SIMILARITY: f32 = 0.5;

/// Word-level redline of two table rows (cells joined by ` | `): equal
/// cells stay equal; a cell only in one row is deleted or inserted whole;
/// a changed cell is compared word by word only when it takes the place of
/// a similar one, else shown deleted and its replacement inserted. As with
/// [`inline_ops`], the equal and deleted runs spell the old row and the
/// equal and inserted runs the new one.
pub fn row_ops(old: &str, new: &str) -> Vec<InlineOp> {
    let old_cells: Vec<&str> = old.split(CELL_SEPARATOR).collect();
    let new_cells: Vec<&str> = new.split(CELL_SEPARATOR).collect();
    let mut redline = Redline::default();
    for op in capture_diff_slices(Algorithm::Myers, &old_cells, &new_cells) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                for cell in &old_cells[old_index..old_index + len] {
                    redline.equal(cell);
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for cell in &old_cells[old_index..old_index + old_len] {
                    redline.delete(cell);
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for cell in &new_cells[new_index..new_index + new_len] {
                    redline.insert(cell);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for k in 0..old_len.max(new_len) {
                    let old_cell = (k < old_len).then(|| old_cells[old_index + k]);
                    let new_cell = (k < new_len).then(|| new_cells[new_index + k]);
                    match (old_cell, new_cell) {
                        (Some(a), Some(b)) if similar_cells(a, b) => redline.modify(a, b),
                        (Some(a), Some(b)) => redline.replace(a, b),
                        (Some(a), None) => redline.delete(a),
                        (None, Some(b)) => redline.insert(b),
                        (None, None) => {}
                    }
                }
            }
        }
    }
    redline.ops
}

fn similar_cells(old: &str, new: &str) -> bool {
    TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_unicode_words(old, new)
        .ratio()
        >= CELL_SIMILARITY
}

/// The runs of a row's redline, built cell by cell: each side's separator
/// goes before every cell of that side but its first.
#[derive(Default)]
struct Redline {
    ops: Vec<InlineOp>,
    /// Whether a cell of the old row, of the new row, was written.
    old_started: bool,
    new_started: bool,
}

impl Redline {
    fn push(&mut self, op: InlineEdit, text: &str) {
        match self.ops.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ if text.is_empty() => {}
            _ => self.ops.push(InlineOp {
                op,
                text: text.to_string(),
            }),
        }
    }

    /// The separator before a cell in both rows. When only one row has a
    /// cell before, everything before was only in that row (deleted or
    /// inserted): the separator joins that run.
    fn separator_for_both(&mut self) {
        match (self.old_started, self.new_started) {
            (true, true) => self.push(InlineEdit::Equal, CELL_SEPARATOR),
            (true, false) => self.push(InlineEdit::Delete, CELL_SEPARATOR),
            (false, true) => self.push(InlineEdit::Insert, CELL_SEPARATOR),
            (false, false) => {}
        }
        self.old_started = true;
        self.new_started = true;
    }

    fn equal(&mut self, cell: &str) {
        self.separator_for_both();
        self.push(InlineEdit::Equal, cell);
    }

    fn modify(&mut self, old: &str, new: &str) {
        self.separator_for_both();
        for op in inline_ops(old, new) {
            self.push(op.op, &op.text);
        }
    }

    /// A cell in place of another unlike it: the old one deleted whole,
    /// the new one inserted whole.
    fn replace(&mut self, old: &str, new: &str) {
        self.separator_for_both();
        self.push(InlineEdit::Delete, old);
        self.push(InlineEdit::Insert, new);
    }

    fn delete(&mut self, cell: &str) {
        if self.old_started {
            self.push(InlineEdit::Delete, CELL_SEPARATOR);
        }
        self.old_started = true;
        self.push(InlineEdit::Delete, cell);
    }

    fn insert(&mut self, cell: &str) {
        if self.new_started {
            self.push(InlineEdit::Insert, CELL_SEPARATOR);
        }
        self.new_started = true;
        self.push(InlineEdit::Insert, cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(ops: &[InlineOp], skip: InlineEdit) -> String {
        ops.iter()
            .filter(|op| op.op != skip)
            .map(|op| op.text.as_str())
            .collect()
    }

    fn marked(ops: &[InlineOp]) -> String {
        ops.iter()
            .map(|op| match op.op {
                InlineEdit::Equal => op.text.clone(),
                InlineEdit::Delete => format!("[-{}-]", op.text),
                InlineEdit::Insert => format!("{{+{}+}}", op.text),
            })
            .collect()
    }

    #[test]
    fn swapped_columns_move_whole_cells() {
        let ops = row_ops(
            "Order records | Six years | Tax law",
            "Order records | Tax law | Six years",
        );
        assert_eq!(
            marked(&ops),
            "Order records{+ | Tax law+} | Six years[- | Tax law-]"
        );
    }

    #[test]
    fn a_similar_cell_in_place_is_compared_word_by_word() {
        let ops = row_ops("Orders | Six years | Tax", "Orders | Seven years | Tax");
        assert_eq!(marked(&ops), "Orders | [-Six-]{+Seven+} years | Tax");
        let ops = row_ops("Orders | Yes", "Orders | Not at all");
        assert_eq!(marked(&ops), "Orders | [-Yes-]{+Not at all+}");
    }

    #[test]
    fn the_runs_spell_both_rows_whatever_changed() {
        for (old, new) in [
            ("a | b | c", "b | c"),
            ("a | b", "x | y | b"),
            ("a", "x | y | z"),
            ("a b | c", "c | a b"),
            ("one two | three", "one two four | five"),
            ("", "a | b"),
        ] {
            let ops = row_ops(old, new);
            assert_eq!(spelled(&ops, InlineEdit::Insert), old, "{ops:?}");
            assert_eq!(spelled(&ops, InlineEdit::Delete), new, "{ops:?}");
        }
    }
}
