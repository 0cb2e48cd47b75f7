//! A source file as the units an exchange carries: its title, summary,
//! preamble and sections, each with its blocks and where it lies in the file.

use std::ops::Range;

use super::extract::{Block, blocks, split_tags};
use super::model::{BlockKind, PREAMBLE_UNIT, SUMMARY_UNIT, TITLE_UNIT};
use crate::markdown::split_front_matter;
use crate::source::document::{Chunk, SourceDoc};

/// A unit of a source file.
#[derive(Debug, Clone)]
pub struct SourceUnit {
    /// The section id, or a reserved unit id.
    pub id: String,
    /// The heading as a reader sees it; empty for the other units.
    pub context: String,
    /// Its blocks (one for a title or summary: the value).
    pub blocks: Vec<Block>,
    /// The bytes it takes in the file: a section's heading line (list
    /// marker included) to the next heading's line, a front matter value.
    pub range: Range<usize>,
    /// Whether it is a section (its id written by the user).
    pub section: bool,
}

impl SourceUnit {
    /// The kinds of its blocks, in order: its structure.
    pub fn kinds(&self) -> Vec<BlockKind> {
        self.blocks.iter().map(|b| b.kind).collect()
    }
}

/// The units of `doc`, in file order. Units with no text are left out.
pub fn units(doc: &SourceDoc) -> Vec<SourceUnit> {
    let text: &str = &doc.text;
    let mut out = Vec::new();
    for (id, chunk, key) in [
        (TITLE_UNIT, &doc.title, "title"),
        (SUMMARY_UNIT, &doc.summary, "summary"),
    ] {
        if let (Some(chunk), Some(range)) = (chunk, value_range(text, key)) {
            out.push(meta_unit(id, chunk, range));
        }
    }
    let body = split_front_matter(text).map_or(0, |(_, body)| body);
    let all = blocks(text, body);
    let preamble = doc.preamble.offset..doc.preamble.offset + doc.preamble.text.len();
    let within = |r: &Range<usize>| -> Vec<Block> {
        all.iter()
            .filter(|b| b.range.start >= r.start && b.range.start < r.end)
            .cloned()
            .collect()
    };
    let preamble_blocks = within(&preamble);
    if !preamble_blocks.is_empty() {
        out.push(SourceUnit {
            id: PREAMBLE_UNIT.to_string(),
            context: String::new(),
            blocks: preamble_blocks,
            range: preamble,
            section: false,
        });
    }
    for section in &doc.sections {
        // From the start of the heading's line: a heading that opens a list
        // item (`1. ## Terms`) takes its marker with it when its unit is
        // copied into a new translation or removed.
        let start = section.heading_range.start - section.lead.len();
        let range = start..section.body.offset + section.body.text.len();
        out.push(SourceUnit {
            id: section.id.clone(),
            context: section.heading_text.clone(),
            blocks: within(&range),
            range,
            section: true,
        });
    }
    out
}

fn meta_unit(id: &str, chunk: &Chunk, range: Range<usize>) -> SourceUnit {
    let mut inlines = Vec::new();
    split_tags(&chunk.text, &mut inlines);
    SourceUnit {
        id: id.to_string(),
        context: String::new(),
        blocks: vec![Block {
            range: range.clone(),
            kind: BlockKind::Meta,
            inlines,
        }],
        range,
        section: false,
    }
}

/// Where the value of a front matter key is written: after `key:` to the
/// end of its line, with the indented lines that continue it.
pub fn value_range(text: &str, key: &str) -> Option<Range<usize>> {
    let (front, _) = split_front_matter(text).ok()?;
    let (front, offset) = front?;
    let mut at = 0;
    let mut lines = front.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let start = offset + at;
        at += line.len();
        let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
            continue;
        };
        let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let value_start = start + key.len() + 1 + lead;
        let mut end = start + line.trim_end_matches(['\n', '\r']).len();
        for next in lines {
            if !next.starts_with([' ', '\t']) || next.trim().is_empty() {
                break;
            }
            end = offset + at + next.trim_end_matches(['\n', '\r']).len();
            at += next.len();
        }
        return Some(value_start..end.max(value_start));
    }
    None
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::source::document::{SourceKind, parse_source};

    #[test]
    fn a_section_whose_heading_opens_a_list_item_is_one_unit_with_its_text() {
        let text = "---\ntitle: T\n---\n1. ## One {#one}\n\n   Text one.\n\n2. ## Two {#two}\n\n   Text two.\n";
        let diags = Diagnostics::default();
        let doc = parse_source(
            Path::new("p/en-US.md"),
            Arc::from(text),
            SourceKind::Base,
            &diags,
        )
        .unwrap();
        let units = units(&doc);
        let whole: Vec<&str> = units.iter().map(|u| &text[u.range.clone()]).collect();
        assert_eq!(
            whole[1..],
            [
                "1. ## One {#one}\n\n   Text one.\n\n",
                "2. ## Two {#two}\n\n   Text two.\n"
            ]
        );
        let sections: Vec<_> = units
            .iter()
            .filter(|u| u.section)
            .map(|u| {
                let blocks: Vec<&str> = u.blocks.iter().map(|b| &text[b.range.clone()]).collect();
                (u.id.as_str(), blocks)
            })
            .collect();
        assert_eq!(
            sections,
            [
                ("one", vec!["One", "Text one."]),
                ("two", vec!["Two", "Text two."])
            ]
        );
    }
}
