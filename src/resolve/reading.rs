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

use super::variant::Variant;
use crate::markdown::visible::{
    Block, Outline, VisibleDoc, VisibleSection, blocks_of, heading_links, heading_text, normalise,
};
use crate::markdown::{References, leaves_open};
use crate::source::document::{Section, SectionReferences, SourceDoc};

impl Variant {
    /// What a reader sees of the variant, assembled from what the sources'
    /// parse saw without reading the variant again; `None` when the pieces
    /// cannot stand for reading it whole.
    pub fn assembled(&self) -> Option<VisibleDoc> {
        assemble(self)
    }
}

fn assemble(variant: &Variant) -> Option<VisibleDoc> {
    let preambles = &variant.preamble_parts;
    let pieces: Vec<(&str, Parsed)> = preambles
        .iter()
        .map(|(part, text)| (text.as_str(), Parsed::preamble(part)))
        .chain(variant.sections.iter().map(|s| {
            let origin = &s.origin;
            (
                s.body.as_str(),
                Parsed::body(origin.section(), &origin.source),
            )
        }))
        .collect();
    let reading = Reading::of(&pieces);
    if !reading.exact || leaves_a_block_open(variant) || reads_apart_from_its_list(variant) {
        return None;
    }
    let preamble_blocks = match preambles[..] {
        [] => Arc::from(Vec::new()),
        [(ref part, ref text)] => reading.blocks(text, Some(Parsed::preamble(part))),
        // Preambles of several files joined: read as one text.
        _ => reading.blocks(&variant.preamble, None),
    };
    let mut sections = Vec::with_capacity(variant.sections.len() + 1);
    sections.push(VisibleSection {
        id: String::new(),
        explicit_id: true,
        heading: String::new(),
        heading_links: Vec::new(),
        path: Vec::new(),
        depth: 0,
        blocks: preamble_blocks.to_vec(),
        raw: variant.preamble.trim_end().to_string(),
    });
    let mut outline = Outline::default();
    for s in &variant.sections {
        let parsed = s.origin.section();
        // As `Variant::section_markdown` writes the line, id included: a
        // `{…}` a value ends with must not read as attributes.
        let line = || Variant::heading_line(s);
        let heading = reading.heading(
            line,
            &s.heading,
            (&parsed.heading.text, &parsed.heading_text),
        );
        let (path, depth) = outline.enter(s.level, &heading);
        sections.push(VisibleSection {
            id: s.id.clone(),
            explicit_id: true,
            heading,
            // Only a heading that may hold a link or an image is read again.
            heading_links: match s.heading.contains(['[', '<']) {
                true => heading_links(&line()),
                false => Vec::new(),
            },
            path,
            depth,
            blocks: match item_width(&parsed.lead) {
                Some(width) if s.body != parsed.body.text => {
                    blocks_of(&outdented(&s.body, width), &[&reading.defined])
                }
                _ => reading
                    .blocks(&s.body, Some(Parsed::body(parsed, &s.origin.source)))
                    .to_vec(),
            },
            raw: Variant::section_markdown(s).trim_end().to_string(),
        });
    }
    Some(VisibleDoc {
        title: Some(normalise(&variant.title)),
        sections,
    })
}

/// Whether a piece other than the last leaves a code fence or comment open,
/// which takes in what follows it when the variant is read whole. Only a
/// file's last piece, or one a variable changed, can.
fn leaves_a_block_open(variant: &Variant) -> bool {
    let preamble_open = !variant.sections.is_empty()
        && variant.preamble_parts.iter().any(|(part, text)| {
            (part.sections.is_empty() || *text != part.preamble.text) && leaves_open(text)
        });
    let last = variant.sections.len().saturating_sub(1);
    preamble_open
        || variant.sections[..last].iter().any(|s| {
            (s.origin.is_last_in_file() || s.body != s.origin.section().body.text)
                && leaves_open(&s.body)
        })
}

/// Whether a variable changed the body of a section whose heading's line
/// holds more than a list marker before it (`> ## Terms`, or indentation
/// that may be a list item's or not): read on its own, the body would not
/// be in the container it is in when the variant is read whole.
fn reads_apart_from_its_list(variant: &Variant) -> bool {
    variant.sections.iter().any(|s| {
        let parsed = s.origin.section();
        !parsed.lead.is_empty() && item_width(&parsed.lead).is_none() && s.body != parsed.body.text
    })
}

/// The width of the list markers a heading's line starts with (`1. ` in
/// `1. ## Terms`, `- 1.  ` in a list in a list): the indentation under
/// which the item's text goes on. `None` if the line holds anything else
/// before the heading.
fn item_width(lead: &str) -> Option<usize> {
    let mut markers = 0;
    for word in lead.split(' ').filter(|w| !w.is_empty()) {
        let number = word
            .strip_suffix(['.', ')'])
            .is_some_and(|n| (1..=9).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
        if !(number || matches!(word, "-" | "*" | "+")) {
            return None;
        }
        markers += 1;
    }
    (markers > 0 && !lead.contains(['\t', '\n'])).then(|| lead.chars().count())
}

/// A list item's text, changed by a variable, as it reads on its own: the
/// item's indentation taken off each line, so that its paragraphs are not
/// read as code.
fn outdented(body: &str, width: usize) -> String {
    body.split_inclusive('\n')
        .map(|line| {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            &line[spaces.min(width)..]
        })
        .collect()
}

/// The link reference definitions of one variant's text, and whether its
/// pieces' parses can stand for reading it whole.
struct Reading {
    defined: References,
    exact: bool,
}

/// A piece of a source as its parse read it.
#[derive(Clone, Copy)]
struct Parsed<'a> {
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
