//! The ids raw HTML gives a page (`<a id="…">` in a table cell, say): link
//! targets as much as the sections' ids, and clashes with them.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path, location_at};
use crate::source::document::SourceDoc;

use super::supplement::SectionRef;

/// An id raw HTML gives the page: the file it is written in, its byte
/// offset there, and the id.
pub(super) type Anchor<'a> = (&'a SourceDoc, usize, &'a str);

/// The anchors of the page made of `preambles` (the parts whose preamble it
/// shows) and `sections`, in the page's order.
pub(super) fn on_page<'a>(
    preambles: impl IntoIterator<Item = &'a Arc<SourceDoc>>,
    sections: impl IntoIterator<Item = &'a SectionRef>,
) -> Vec<Anchor<'a>> {
    let spans = preambles
        .into_iter()
        .map(|part| {
            let p = &part.preamble;
            (part.as_ref(), p.offset..p.offset + p.text.len())
        })
        .chain(sections.into_iter().map(|r| {
            let s = r.section();
            (
                r.source.as_ref(),
                s.heading_range.start..s.body.offset + s.body.text.len(),
            )
        }));
    let mut found = Vec::new();
    for (source, span) in spans {
        if source.anchors.is_empty() {
            continue;
        }
        found.extend(
            source
                .anchors
                .iter()
                .filter(|(at, _)| span.contains(at))
                .map(|(at, id)| (source, *at, id.as_str())),
        );
    }
    found
}

/// Warns at each anchor whose id a section of the page, or an anchor
/// before it, already has: a link to it would lead to whichever comes
/// first, and the page's HTML would be invalid.
pub(super) fn check_clashes(anchors: &[Anchor], sections: &[SectionRef], diags: &Diagnostics) {
    let headings: BTreeMap<&str, &SectionRef> = sections
        .iter()
        .map(|r| (r.section().id.as_str(), r))
        .collect();
    let mut seen: BTreeMap<&str, (&SourceDoc, usize)> = BTreeMap::new();
    for &(source, at, id) in anchors {
        let here = location_at(&source.text, at, id.len());
        let warning = if let Some(r) = headings.get(id) {
            let line = location_at(&r.source.text, r.section().heading_range.start, 0).line;
            Diagnostic::warning(format!(
                "the HTML id `{id}` is also the id of the section on line {line} of `{}`, on the same page",
                display_path(&r.source.path)
            ))
            .help(format!(
                "a link to `#{id}` already leads to that section's heading: remove this id, or give it another one"
            ))
        } else if let Some((first, first_at)) = seen.get(id) {
            let line = location_at(&first.text, *first_at, 0).line;
            Diagnostic::warning(format!(
                "the HTML id `{id}` is given twice on the same page (first on line {line} of `{}`)",
                display_path(&first.path)
            ))
            .help(format!(
                "give each element its own id; a link to `#{id}` leads to the first"
            ))
        } else {
            seen.insert(id, (source, at));
            continue;
        };
        diags.push(warning.in_file(&source.path).at(here));
    }
}
