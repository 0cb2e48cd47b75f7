//! The semantic diff: what a reader would notice between two versions of a
//! policy, section by section, with formatting noise folded away.

mod compare;
pub mod format;
mod projects;
pub mod report;

pub use crate::markdown::visible::{self, VisibleDoc, visible};
pub use compare::{
    BlockChange, Change, Class, DocDiff, InlineOp, LinkChange, SectionChange, TitleChange, compare,
    inline_ops,
};
pub use projects::{BrokenProject, diff_projects};
pub use report::{DocumentReport, Report, SectionReport, VariantRef};

/// What a reader sees of a variant's Markdown, titled `title`.
pub fn visible_with_title(markdown: &str, title: &str) -> VisibleDoc {
    let mut doc = visible(markdown);
    doc.title = Some(crate::markdown::visible::normalise(title));
    doc
}

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
