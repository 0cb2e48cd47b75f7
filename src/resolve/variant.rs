//! A resolved variant: one document in one region and locale, its
//! sections in reading order with variables substituted, and what a reader
//! sees of it, carried from the sources' one parse.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::supplement::SectionRef;
use crate::markdown::visible::{VisibleDoc, visible_with_title};
use crate::source::document::{InternalLink, SourceDoc};

/// Names one variant: a document, a region and a locale.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct VariantKey {
    /// Document id.
    pub doc: String,
    /// Region id.
    pub region: String,
    /// Locale code.
    pub locale: String,
}

impl std::fmt::Display for VariantKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {} · {}", self.doc, self.region, self.locale)
    }
}

/// Whether a variant is shown in its own locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Fallback {
    /// Every part exists in the variant's locale.
    None,
    /// The document has no translation; it is shown in `shown`.
    Whole {
        /// The locale the text is in.
        shown: String,
    },
    /// Some supplement sections have no translation and are shown in `shown`.
    Partial {
        /// The locale those sections are in.
        shown: String,
    },
}

/// A section of a resolved variant, variables substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedSection {
    /// Stable id.
    pub id: String,
    /// Heading level.
    pub level: u8,
    /// Heading, inline Markdown.
    pub heading: String,
    /// Body Markdown.
    pub body: String,
    /// The file the section came from.
    pub source: PathBuf,
    /// The section's language when it differs from the page's (a supplement
    /// shown in the default locale on a translated page).
    pub lang: Option<String>,
    /// The parsed section it was resolved from.
    pub(crate) origin: SectionRef,
}

/// One document in one region and locale, ready to render.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Which variant this is.
    pub key: VariantKey,
    /// The title, variables substituted.
    pub title: String,
    /// The summary from front matter, if any.
    pub summary: Option<String>,
    /// Markdown before the first section.
    pub preamble: String,
    /// The files whose preambles make it up, each with its text here.
    pub(crate) preamble_parts: Vec<(Arc<SourceDoc>, String)>,
    /// The sections in reading order.
    pub sections: Vec<ResolvedSection>,
    /// Whether it falls back to the default locale.
    pub fallback: Fallback,
}

impl Variant {
    /// The links of its text that lead into the site (`#id`, `doc:`,
    /// relative), each with the source it is written in.
    pub fn links(&self) -> impl Iterator<Item = (&Arc<SourceDoc>, &InternalLink)> {
        let preambles = self
            .preamble_parts
            .iter()
            .flat_map(|(part, _)| part.preamble_links.iter().map(move |l| (part, l)));
        let sections = self.sections.iter().flat_map(|s| {
            let source = &s.origin.source;
            s.origin.section().links.iter().map(move |l| (source, l))
        });
        preambles.chain(sections)
    }

    /// Every id a link can lead to on its page: the sections' ids, then the
    /// ids its raw HTML gives (`<a id="…">`).
    pub fn link_targets(&self) -> impl Iterator<Item = &str> {
        let anchors = super::anchors::on_page(
            self.preamble_parts.iter().map(|(part, _)| part),
            self.sections.iter().map(|s| &s.origin),
        );
        self.sections
            .iter()
            .map(|s| s.id.as_str())
            .chain(anchors.into_iter().map(|(_, _, id)| id))
    }

    /// Ids of sections whose language differs from the page's, with it.
    pub fn section_langs(&self) -> Vec<(String, String)> {
        self.sections
            .iter()
            .filter_map(|s| s.lang.clone().map(|l| (s.id.clone(), l)))
            .collect()
    }

    /// What a reader sees of the variant, for comparing it with another
    /// version: the same as reading [`Variant::markdown`] whole, assembled
    /// from the sources' parse where it can be ([`Variant::assembled`]).
    pub fn visible(&self) -> VisibleDoc {
        self.assembled()
            .unwrap_or_else(|| visible_with_title(&self.markdown(), &self.title))
    }

    /// The whole variant as one Markdown text, headings with their ids.
    pub fn markdown(&self) -> String {
        self.markdown_by_parts().0
    }

    /// [`Variant::markdown`], and where each of the parts it joins lies in
    /// it: the preamble, then each section as
    /// [`Variant::section_markdown`] writes it. Written in one go: a page
    /// renders its text by these parts.
    pub fn markdown_by_parts(&self) -> (String, Vec<std::ops::Range<usize>>) {
        let size = self.preamble.len()
            + self
                .sections
                .iter()
                .map(|s| s.body.len() + s.heading.len() + s.id.len() + 24)
                .sum::<usize>();
        let mut md = String::with_capacity(size);
        let mut parts = Vec::with_capacity(self.sections.len() + 1);
        Variant::join_part(&mut md, &self.preamble);
        parts.push(md.len() - self.preamble.len()..md.len());
        for s in &self.sections {
            let heading = Variant::heading_line(s);
            Variant::join_part(&mut md, &heading);
            let start = md.len() - heading.len();
            md.push_str(&s.body);
            parts.push(start..md.len());
        }
        (md, parts)
    }

    /// One section as Markdown: its heading line with the id, then its body.
    pub fn section_markdown(s: &ResolvedSection) -> String {
        let mut md = Variant::heading_line(s);
        md.push_str(&s.body);
        md
    }

    /// A section's heading as one `## Heading {#id}` line. A heading
    /// written over several lines (underlined with `---` or `===`) has its
    /// lines joined by a space, as a reader sees them: a `#` heading ends
    /// at the end of its line. What the line holds before the heading in
    /// its file (`1. ` of a heading that opens a list item) comes first,
    /// so that the section stays in its list.
    pub fn heading_line(s: &ResolvedSection) -> String {
        let lead = &s.origin.section().lead;
        let mut md = String::with_capacity(lead.len() + s.heading.len() + s.id.len() + 16);
        md.push_str(lead);
        for _ in 0..s.level {
            md.push('#');
        }
        md.push(' ');
        let heading = s.heading.trim();
        if heading.contains('\n') {
            let lines: Vec<&str> = heading.lines().map(str::trim).collect();
            md.push_str(&lines.join(" "));
        } else {
            md.push_str(heading);
        }
        md.push_str(" {#");
        md.push_str(&s.id);
        md.push_str("}\n");
        md
    }

    /// Joins the preamble and section texts, each starting a new block.
    pub fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
        let parts: Vec<&str> = parts.into_iter().collect();
        // Each part, and at most a blank line before it.
        let mut md = String::with_capacity(parts.iter().map(|p| p.len() + 2).sum());
        for part in parts {
            Variant::join_part(&mut md, part);
        }
        md
    }

    /// Appends `part` to `md` as [`Variant::join`] does: a new block.
    fn join_part(md: &mut String, part: &str) {
        if !md.is_empty() && !md.ends_with("\n\n") {
            md.push_str(if md.ends_with('\n') { "\n" } else { "\n\n" });
        }
        md.push_str(part);
    }
}
