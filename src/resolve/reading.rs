//! What a reader sees of a variant, taken from its sources' one parse: each
//! section's heading and blocks stand as the parse read them unless a
//! variable changed the piece's text; only then is that piece read again.
//!
//! This gives what reading the variant's text whole gives only when
//! reference links resolve in the variant as in their files. [`Reading`]
//! checks that; where it does not hold (a label defined by two files, a
//! definition a variable writes, a section holding definitions replaced),
//! the variant is read whole instead.

use std::sync::Arc;

use crate::markdown::References;
use crate::markdown::visible::{Block, blocks_of, heading_text};
use crate::source::document::{Section, SectionReferences, SourceDoc};

/// The link reference definitions of one variant's text, and whether its
/// pieces' parses can stand for reading it whole.
pub(super) struct Reading {
    defined: References,
    exact: bool,
}

/// A piece of a source as its parse read it.
#[derive(Clone, Copy)]
pub(super) struct Parsed<'a> {
    /// The text as the file has it.
    pub text: &'a str,
    /// The blocks the parse read.
    pub blocks: &'a Arc<[Block]>,
    /// The reference links it uses and the definitions it holds.
    pub references: &'a SectionReferences,
    /// The file, whose definitions the parse resolved them with.
    pub source: &'a SourceDoc,
}

impl<'a> Parsed<'a> {
    /// A section's body as the file's parse read it.
    pub fn body(section: &'a Section, source: &'a SourceDoc) -> Parsed<'a> {
        Parsed {
            text: &section.body.text,
            blocks: &section.blocks,
            references: &section.references,
            source,
        }
    }

    /// A file's preamble as its parse read it.
    pub fn preamble(source: &'a SourceDoc) -> Parsed<'a> {
        Parsed {
            text: &source.preamble.text,
            blocks: &source.preamble_blocks,
            references: &source.preamble_references,
            source,
        }
    }
}

impl Reading {
    /// The definitions of a variant's pieces in reading order (the parts'
    /// preambles, then the sections), each piece its text in the variant
    /// with what its file's parse found in it. The parses stand for reading
    /// the variant whole when no label is defined twice over, the texts
    /// variables changed hold the definitions their files' parse saw, and
    /// every reference link resolves as it did in its file.
    pub fn of<'a>(pieces: &[(&'a str, Parsed<'a>)]) -> Reading {
        let mut defined = References::default();
        let mut exact = true;
        for (text, parsed) in pieces {
            let own = &parsed.references.defined;
            exact &= !parsed.source.may_redefine && !defined.conflicts_with(own);
            exact &= *text == parsed.text || References::written_in(text) == *own;
            defined.extend_with(own);
        }
        let reading = Reading { defined, exact };
        let exact = exact
            && pieces
                .iter()
                .all(|(_, p)| reading.resolves_alike(p.references, p.source));
        Reading { exact, ..reading }
    }

    /// Whether the pieces' parses stand for reading the variant whole.
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// What a reader sees of `text`, which stands in the variant for
    /// `parsed` (or for nothing the parse saw as it is: `None`).
    pub fn blocks(&self, text: &str, parsed: Option<Parsed>) -> Arc<[Block]> {
        match parsed {
            Some(p) if p.text == text => p.blocks.clone(),
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
