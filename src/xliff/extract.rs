//! A Markdown source cut into the blocks an exchange translates: each
//! heading, paragraph, list item's text and table cell, with its byte range
//! in the file and its inline content, markup turned into codes.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::model::{BlockKind, Inline};
use crate::markdown::options as markdown_options;

/// One translatable block of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its inline Markdown's byte range in the file.
    pub range: Range<usize>,
    /// What it is.
    pub kind: BlockKind,
    /// Its content; code ids are empty until [`number_codes`] gives them.
    pub inlines: Vec<Inline>,
}

/// A paired code being read: where its Markdown starts and ends, and what
/// it holds so far.
struct Open {
    range: Range<usize>,
    /// Autolinks and e-mail links are one code: their text is the address.
    whole: bool,
    first_child: Option<usize>,
    last_child: usize,
    content: Vec<Inline>,
}

/// The blocks of `text[body..]` (the part after the front matter), in
/// file order. Code blocks and raw HTML blocks are not translated.
pub fn blocks(text: &str, body: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut containers: Vec<BlockKind> = Vec::new();
    let mut in_code_block = false;
    // The block being read: its start, end and content.
    let mut current: Option<(usize, usize, Vec<Inline>)> = None;
    let mut open: Vec<Open> = Vec::new();
    let mut pending = String::new();
    let parser = Parser::new_ext(&text[body..], markdown_options());
    for (event, range) in parser.into_offset_iter() {
        let range = range.start + body..range.end + body;
        let inline = match &event {
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_) => true,
            Event::Start(tag) => matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::Superscript
                    | Tag::Subscript
            ),
            Event::End(tag) => matches!(
                tag,
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Link
                    | TagEnd::Image
                    | TagEnd::Superscript
                    | TagEnd::Subscript
            ),
            _ => false,
        };
        if !inline || in_code_block {
            // A block starts or ends: the text read so far is one block.
            if let Some(block) = close(&mut current, &mut open, &mut pending, &containers) {
                out.push(block);
            }
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Start(Tag::Heading { .. }) => containers.push(BlockKind::Heading),
                Event::Start(Tag::Paragraph) => containers.push(BlockKind::Paragraph),
                Event::Start(Tag::Item) => containers.push(BlockKind::Item),
                Event::Start(Tag::TableCell) => containers.push(BlockKind::Cell),
                Event::End(
                    TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell,
                ) => {
                    containers.pop();
                }
                _ => {}
            }
            continue;
        }
        let (_, end, content) = current.get_or_insert_with(|| (range.start, range.end, Vec::new()));
        *end = (*end).max(range.end);
        if !matches!(event, Event::Text(_) | Event::SoftBreak) {
            flush(&mut pending, target(&mut open, content));
        }
        if let Event::End(_) = event {
            let Some(o) = open.pop() else { continue };
            let whole = o.range.clone();
            let code = finish(text, o);
            if let Some(parent) = open.last_mut() {
                parent.first_child.get_or_insert(whole.start);
                parent.last_child = parent.last_child.max(whole.end);
            }
            target(&mut open, content).push(code);
            continue;
        }
        if let Some(o) = open.last_mut() {
            o.first_child.get_or_insert(range.start);
            o.last_child = o.last_child.max(range.end);
        }
        match event {
            Event::Text(t) => pending.push_str(&t),
            Event::SoftBreak => pending.push(' '),
            Event::Code(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => {
                target(&mut open, content).push(ph(&text[range]));
            }
            // A line break keeps the next line's indentation, so that the
            // line stays inside its list item when the text is written back.
            Event::HardBreak => {
                let indent = text[range.end..].len()
                    - text[range.end..].trim_start_matches([' ', '\t']).len();
                target(&mut open, content).push(ph(&text[range.start..range.end + indent]));
            }
            Event::Start(tag) => {
                let whole = matches!(
                    tag,
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    }
                );
                open.push(Open {
                    range: range.clone(),
                    whole,
                    first_child: None,
                    last_child: range.start,
                    content: Vec::new(),
                });
            }
            _ => {}
        }
    }
    if let Some(block) = close(&mut current, &mut open, &mut pending, &containers) {
        out.push(block);
    }
    out
}

/// Where content goes: the innermost open paired code, else the block.
fn target<'a>(open: &'a mut [Open], block: &'a mut Vec<Inline>) -> &'a mut Vec<Inline> {
    match open.last_mut() {
        Some(o) => &mut o.content,
        None => block,
    }
}

fn ph(data: &str) -> Inline {
    Inline::Ph {
        id: String::new(),
        data: data.to_string(),
    }
}

/// A paired code read whole: its Markdown around its content.
fn finish(text: &str, o: Open) -> Inline {
    match o.first_child {
        Some(first) if !o.whole => Inline::Pc {
            id: String::new(),
            start: text[o.range.start..first].to_string(),
            end: text[o.last_child.max(first)..o.range.end].to_string(),
            content: o.content,
        },
        _ => ph(&text[o.range]),
    }
}

/// Ends the block being read, if any.
fn close(
    current: &mut Option<(usize, usize, Vec<Inline>)>,
    open: &mut Vec<Open>,
    pending: &mut String,
    containers: &[BlockKind],
) -> Option<Block> {
    let (start, end, mut content) = current.take()?;
    // A paired code left open (never, from a parser's events) keeps its text.
    while let Some(o) = open.pop() {
        flush(pending, &mut content);
        content.extend(o.content);
    }
    flush(pending, &mut content);
    Some(Block {
        range: start..end,
        kind: containers.last().copied().unwrap_or(BlockKind::Paragraph),
        inlines: content,
    })
}

/// Moves the text read into `out`, template tags (`{{ name }}`, `{% if %}`)
/// made codes: a translator must keep them as they are.
pub fn flush(pending: &mut String, out: &mut Vec<Inline>) {
    if pending.is_empty() {
        return;
    }
    let text = std::mem::take(pending);
    split_tags(&text, out);
}

/// `text` as words and template tags.
pub fn split_tags(text: &str, out: &mut Vec<Inline>) {
    let mut rest = text;
    loop {
        let found = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|open| rest.find(open).map(|at| (at, *open)))
            .min();
        let Some((at, open)) = found else { break };
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let Some(len) = rest[at + 2..].find(close) else {
            break;
        };
        let end = at + 2 + len + 2;
        push_text(out, &rest[..at]);
        out.push(ph(&rest[at..end]));
        rest = &rest[end..];
    }
    push_text(out, rest);
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text(text.to_string()));
    }
}

/// Gives the codes of a unit's blocks their ids, `c1`, `c2`… in order.
pub fn number_codes(inlines: &mut [Inline], next: &mut usize) {
    for inline in inlines {
        match inline {
            Inline::Text(_) => {}
            Inline::Ph { id, .. } => {
                *next += 1;
                *id = format!("c{next}");
            }
            Inline::Pc { id, content, .. } => {
                *next += 1;
                *id = format!("c{next}");
                number_codes(content, next);
            }
        }
    }
}

/// Gives a translation's codes the ids of the source's codes with the same
/// Markdown, each used once; `false` when a code of either has no
/// counterpart (a link re-pointed, an emphasis dropped): the translation's
/// block cannot be a target then.
pub fn match_codes(source: &[Inline], translation: &mut [Inline]) -> bool {
    let mut available = Vec::new();
    super::model::codes(source, &mut available);
    let mut used = vec![false; available.len()];
    if !assign(translation, &available, &mut used) {
        return false;
    }
    used.iter().all(|u| *u)
}

fn assign(inlines: &mut [Inline], available: &[&Inline], used: &mut [bool]) -> bool {
    for inline in inlines {
        let found = available
            .iter()
            .enumerate()
            .position(|(i, code)| !used[i] && inline.same_code(code));
        match inline {
            Inline::Text(_) => continue,
            Inline::Ph { id, .. } | Inline::Pc { id, .. } => {
                let Some(i) = found else { return false };
                used[i] = true;
                if let Inline::Ph { id: given, .. } | Inline::Pc { id: given, .. } = available[i] {
                    id.clone_from(given);
                }
            }
        }
        if let Inline::Pc { content, .. } = inline
            && !assign(content, available, used)
        {
            return false;
        }
    }
    true
}
