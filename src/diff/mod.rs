//! The semantic diff: what a reader would notice between two versions of a
//! policy, section by section, with formatting noise folded away.

mod align;
mod applies;
mod compare;
pub mod facts;
pub mod format;
pub mod redline;
pub mod report;
mod rows;
mod words;

pub use crate::markdown::visible::{self, VisibleDoc, visible, visible_with_title};
pub use compare::{
    BlockChange, BlockEdit, Change, Class, DocDiff, InlineEdit, InlineOp, LinkChange,
    SectionChange, TitleChange, compare, inline_ops,
};
pub use report::{DocumentReport, Report, SectionReport, VariantRef};

/// Compares two Markdown texts (with or without front matter and ids).
pub fn diff_markdown(old: &str, new: &str) -> DocDiff {
    compare(&visible(old), &visible(new))
}

/// Compares two Markdown files' texts and reports them under `name`.
pub fn report_files(name: &str, old: &str, new: &str) -> Report {
    let (old, new) = (visible(old), visible(new));
    let title = new.title.clone().or_else(|| old.title.clone());
    Report::of_files(name, title, compare(&old, &new))
}
