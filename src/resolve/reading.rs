//! What a reader sees of a variant, taken from its sources' one parse: each
//! section's heading and blocks stand as the parse read them unless the
//! variant's text differs from the file's (variables substituted, pieces of
//! several files joined) or a reference link resolves otherwise in it (its
//! definition is in a section a supplement replaced, or another file
//! defines it first); only then is that piece read again.

use std::sync::Arc;

use super::supplement::SectionRef;
use crate::markdown::References;
use crate::markdown::visible::{Block, blocks_of, heading_text};
use crate::source::document::{SectionReferences, SourceDoc};

/// The link reference definitions of one variant's text.
pub(super) struct Reading {
    defined: References,
}

/// A piece of a source as its parse read it.
pub(super) struct Parsed<'a> {
    /// The text as the file has it.
    pub text: &'a str,
    /// The blocks the parse read.
    pub blocks: &'a Arc<[Block]>,
    /// The reference links it uses.
    pub references: &'a SectionReferences,
    /// The file, whose definitions the parse resolved them with.
    pub source: &'a SourceDoc,
}

impl Reading {
    /// The definitions that reading the variant whole finds: the parts'
    /// preambles, then the sections in reading order, the first definition
    /// of a label counting.
    pub fn of(parts: &[&Arc<SourceDoc>], sections: &[SectionRef]) -> Reading {
        let mut defined = References::default();
        for part in parts {
            defined.extend_with(&part.preamble_references.defined);
        }
        for r in sections {
            defined.extend_with(&r.section().references.defined);
        }
        Reading { defined }
    }

    /// What a reader sees of `text`, which stands in the variant for
    /// `parsed` (or for nothing the parse saw as it is: `None`).
    pub fn blocks(&self, text: &str, parsed: Option<Parsed>) -> Arc<[Block]> {
        match parsed {
            Some(p) if p.text == text && self.resolves_alike(p.references, p.source) => {
                p.blocks.clone()
            }
            _ => Arc::from(blocks_of(text, &[&self.defined])),
        }
    }

    /// The visible text of a section's heading: as parsed unless its text
    /// changed, then read from the line the variant's text holds.
    pub fn heading(
        &self,
        line: impl FnOnce() -> String,
        text: &str,
        parsed: (&str, &str),
    ) -> String {
        let (parsed_text, parsed_heading) = parsed;
        if text == parsed_text {
            parsed_heading.to_string()
        } else {
            heading_text(&line())
        }
    }

    /// Whether every reference link of a piece points where the file's
    /// parse found it pointing.
    fn resolves_alike(&self, references: &SectionReferences, source: &SourceDoc) -> bool {
        references
            .used
            .iter()
            .all(|label| self.defined.get(label) == source.references.get(label))
    }
}
