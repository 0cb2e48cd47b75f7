//! What a reader sees of a Markdown document: sections holding blocks of
//! normalised text, with everything invisible (wrapping, markers, comments,
//! numbering, heading levels) folded away.

use pulldown_cmark::{BrokenLink, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use serde::Serialize;

use super::html_text::{self, InlineTag, Piece};
use super::{References, options as markdown_options, slugify, split_front_matter};

/// The kind of a block, so that a paragraph never pairs with a table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// One item of a list (its own text, not its nested items').
    ListItem,
    /// One row of a table, cells joined by ` | `.
    TableRow,
    /// A paragraph inside a block quote.
    Quote,
    /// A code block.
    Code,
    /// A footnote's text.
    Footnote,
}

/// A link as a reader meets it: its text and where it goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Link {
    /// The visible text of the link.
    pub text: String,
    /// The target URL.
    pub target: String,
}

/// One block of visible text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What kind of block.
    pub kind: BlockKind,
    /// The text, white space folded, quotes straightened.
    pub text: String,
    /// Links in the block, in order.
    pub links: Vec<Link>,
    /// A paragraph whose whole text is strong emphasis (`**Your rights**`):
    /// a bold line, which some documents use as a heading.
    pub strong: bool,
    /// Where in `text` a bold first line ends, when the block (a paragraph,
    /// or a list item's first paragraph) opens with a line that is bold end
    /// to end and goes on after a line break (`**Fees**  \nWe charge.`):
    /// a bold line some documents use as a heading, followed by its text.
    pub bold_line: Option<usize>,
}

/// A section: a heading and its own blocks (subsections are separate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibleSection {
    /// The `{#id}`, or one derived from the heading.
    pub id: String,
    /// Whether the id was written in the source.
    pub explicit_id: bool,
    /// The heading's visible text.
    pub heading: String,
    /// Links and images in the heading (an image's source is where it
    /// points, its alternative text is the heading's text).
    pub heading_links: Vec<Link>,
    /// Headings of the enclosing sections, outermost first.
    pub path: Vec<String>,
    /// Depth among the document's headings (0 for the shallowest level).
    pub depth: usize,
    /// The blocks up to the next heading.
    pub blocks: Vec<Block>,
    /// The section's Markdown source, trailing white space trimmed, to tell
    /// formatting changes from no change at all.
    pub raw: String,
}

/// A whole document as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VisibleDoc {
    /// `title` from the front matter.
    pub title: Option<String>,
    /// Text before the first heading, as a section with the id `""`.
    pub sections: Vec<VisibleSection>,
}

/// Folds white space, typographic quotes and dashes into their plain
/// forms, and drops the characters that take no room: a byte order mark
/// (U+FEFF), a zero-width space (U+200B), a word joiner (U+2060) and a soft
/// hyphen (U+00AD). Zero-width joiners and non-joiners stay: they change
/// how letters of some scripts are drawn. Every run of hyphens and dashes
/// becomes one `-`: an editor's smart punctuation turns `-` into an en dash
/// and `--` into an em dash, and the reader reads the same sentence.
pub fn normalise(text: &str) -> String {
    let text = crate::text::collapse_whitespace(text, |c| {
        Some(match c {
            c if takes_no_room(c) => return None,
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            '\u{00A0}' | '\u{2009}' | '\u{202F}' => ' ',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        })
    });
    if !text.contains("--") {
        return text;
    }
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == '-' && folded.ends_with('-')) {
            folded.push(c);
        }
    }
    folded
}

/// The characters [`normalise`] drops: a reader cannot see them.
pub fn takes_no_room(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{2060}' | '\u{00AD}')
}

/// What a reader is shown of an image: its alternative text, marked as an
/// image, or `[image]` when it has none (an image is seen all the same).
pub fn image_text(alt: &str) -> String {
    let alt = normalise(alt);
    if alt.is_empty() {
        "[image]".to_string()
    } else {
        format!("[image: {alt}]")
    }
}

/// Splits off YAML front matter (as `policyc build` reads it) and returns
/// its `title` and the body.
fn front_matter(text: &str) -> (Option<String>, &str) {
    match split_front_matter(text) {
        Ok((Some((yaml, _)), body)) => {
            let title = yaml_serde::from_str::<yaml_serde::Value>(yaml)
                .ok()
                .and_then(|v| v.get("title").and_then(|t| t.as_str()).map(normalise));
            (title, &text[body..])
        }
        Ok((None, body)) => (None, &text[body..]),
        // Not closed: not front matter, so all of it is text.
        Err(_) => (None, text),
    }
}

/// What one heading's stretch of a text holds: the heading's visible text
/// (empty for the text before the first heading) and its blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    /// The heading, normalised.
    pub heading: String,
    /// The heading's links and images.
    pub heading_links: Vec<Link>,
    /// The blocks up to the next heading.
    pub blocks: Vec<Block>,
}

/// Reads what a reader sees from the events of one Markdown parse: blocks
/// of normalised text, in parts that each start at a heading. The source
/// model feeds it the events of its one parse of each file; [`visible`]
/// feeds it a whole document.
#[derive(Debug)]
pub struct Reader {
    parts: Vec<Part>,
    text: String,
    links: Vec<Link>,
    /// Open links: target, where their text starts, and whether raw HTML
    /// (`<a href>`) opened them.
    link_stack: Vec<(String, usize, bool)>,
    /// Open `<a>` tags of inline HTML: whether each opened a link.
    anchors: Vec<bool>,
    /// Open images: source and where their alternative text starts.
    images: Vec<(String, usize)>,
    kind_stack: Vec<BlockKind>,
    in_heading: bool,
    row: Vec<String>,
    html: String,
    /// Strong emphasis open, and whether the block so far has had text
    /// inside it and outside it (for [`Block::strong`]).
    strong_depth: usize,
    strong_text: bool,
    plain_text: bool,
    /// Where the block's first line ended in `text` (at its first line
    /// break, or at the end of a list item's first paragraph), and whether
    /// it was bold end to end with no link (for [`Block::bold_line`]).
    first_line: Option<(usize, bool)>,
}

impl Default for Reader {
    fn default() -> Self {
        Reader::new()
    }
}

impl Reader {
    /// A reader with one empty part, for the text before the first heading
    /// (always there, so that adding a comment before the first heading
    /// pairs with nothing rather than appearing as a new section).
    pub fn new() -> Reader {
        Reader {
            parts: vec![Part::default()],
            text: String::new(),
            links: Vec::new(),
            link_stack: Vec::new(),
            anchors: Vec::new(),
            images: Vec::new(),
            kind_stack: Vec::new(),
            in_heading: false,
            row: Vec::new(),
            html: String::new(),
            strong_depth: 0,
            strong_text: false,
            plain_text: false,
            first_line: None,
        }
    }

    /// An `<a>` of inline HTML left open ends with its block.
    fn close_inline_html(&mut self) {
        self.anchors.clear();
        self.link_stack.retain(|(_, _, html)| !html);
    }

    /// The block's first line ends here.
    fn end_first_line(&mut self) {
        if self.first_line.is_none() {
            let bold = self.strong_text
                && !self.plain_text
                && self.links.is_empty()
                && self.link_stack.is_empty()
                && self.images.is_empty();
            self.first_line = Some((self.text.len(), bold));
        }
    }

    fn flush(&mut self, kind: BlockKind) {
        self.close_inline_html();
        let text = normalise(&self.text);
        let bold_line = match self.first_line.take() {
            Some((end, true)) if matches!(kind, BlockKind::Paragraph | BlockKind::ListItem) => {
                let line = normalise(self.text.get(..end).unwrap_or_default());
                (!line.is_empty()
                    && text.starts_with(&line)
                    && text[line.len()..].starts_with(' ')
                    && text.len() > line.len() + 1)
                    .then_some(line.len())
            }
            _ => None,
        };
        self.text.clear();
        let links = std::mem::take(&mut self.links);
        let (strong_text, plain_text) = (
            std::mem::take(&mut self.strong_text),
            std::mem::take(&mut self.plain_text),
        );
        let strong = kind == BlockKind::Paragraph && strong_text && !plain_text;
        if text.is_empty() && links.is_empty() {
            return;
        }
        if let Some(part) = self.parts.last_mut() {
            part.blocks.push(Block {
                kind,
                text,
                links,
                strong,
                bold_line,
            });
        }
    }

    fn block_kind(&self) -> BlockKind {
        self.kind_stack
            .last()
            .copied()
            .unwrap_or(BlockKind::Paragraph)
    }

    /// Takes the next event of the parse.
    pub fn event(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.flush(self.block_kind());
                self.in_heading = true;
                // A heading that opens a list item (`1. ## Terms`) starts a
                // section: what follows it in the item is that section's
                // text, block by block, not one item's.
                if let Some(kind @ BlockKind::ListItem) = self.kind_stack.last_mut() {
                    *kind = BlockKind::Paragraph;
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if !std::mem::take(&mut self.in_heading) {
                    return;
                }
                self.close_inline_html();
                let heading = normalise(&self.text);
                self.text.clear();
                let heading_links = std::mem::take(&mut self.links);
                (self.strong_text, self.plain_text) = (false, false);
                self.first_line = None;
                self.parts.push(Part {
                    heading,
                    heading_links,
                    blocks: Vec::new(),
                });
            }
            Event::Start(Tag::Item) => {
                self.flush(self.block_kind());
                self.kind_stack.push(BlockKind::ListItem);
            }
            Event::End(TagEnd::Item) => {
                self.flush(self.block_kind());
                self.kind_stack.pop();
            }
            Event::Start(Tag::BlockQuote(_)) => self.kind_stack.push(BlockKind::Quote),
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush(BlockKind::Quote);
                self.kind_stack.pop();
            }
            Event::Start(Tag::FootnoteDefinition(_)) => self.kind_stack.push(BlockKind::Footnote),
            Event::End(TagEnd::FootnoteDefinition) => {
                self.flush(BlockKind::Footnote);
                self.kind_stack.pop();
            }
            Event::Start(Tag::List(_)) => self.flush(self.block_kind()),
            Event::End(TagEnd::Paragraph) => {
                // Paragraphs inside an item stay part of the item's block.
                if !matches!(self.block_kind(), BlockKind::ListItem) {
                    self.flush(self.block_kind());
                } else {
                    self.end_first_line();
                    self.text.push(' ');
                }
            }
            Event::Start(Tag::CodeBlock(_)) => self.flush(self.block_kind()),
            Event::End(TagEnd::CodeBlock) => self.flush(BlockKind::Code),
            Event::End(TagEnd::TableCell) => {
                self.row.push(normalise(&self.text));
                self.text.clear();
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                self.text = self.row.join(" | ");
                self.row.clear();
                self.flush(BlockKind::TableRow);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let start = self.text.len();
                // `<a@b.c>` points where `[a@b.c](mailto:a@b.c)` does.
                let target = if *link_type == LinkType::Email && !dest_url.starts_with("mailto:") {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                self.link_stack.push((target, start, false));
            }
            Event::End(TagEnd::Link) => {
                // Links opened by inline HTML inside it end with it.
                while let Some((target, start, html)) = self.link_stack.pop() {
                    if !html {
                        self.end_link(target, start);
                        break;
                    }
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.images.push((dest_url.to_string(), self.text.len()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, start)) = self.images.pop() {
                    // An image holds no block, so its alt text is still
                    // there; an offset that is not is read as no alt text.
                    let start = if self.text.is_char_boundary(start) {
                        start
                    } else {
                        self.text.len()
                    };
                    let alt = self.text.split_off(start);
                    self.image(&alt, src);
                }
            }
            Event::Start(Tag::Strong) => self.strong_depth += 1,
            Event::End(TagEnd::Strong) => self.strong_depth = self.strong_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                if !t.trim().is_empty() {
                    match self.strong_depth {
                        0 => self.plain_text = true,
                        _ => self.strong_text = true,
                    }
                }
                self.text.push_str(t);
            }
            // Inline tags are markup around text that arrives as Text
            // events; links, images and line breaks are read from them.
            Event::InlineHtml(tag) => match html_text::inline_tag(tag) {
                InlineTag::Anchor(href) => {
                    if let Some(href) = &href {
                        self.link_stack.push((href.clone(), self.text.len(), true));
                    }
                    self.anchors.push(href.is_some());
                }
                InlineTag::AnchorEnd => {
                    if self.anchors.pop() == Some(true) {
                        self.piece(Piece::LinkEnd);
                    }
                }
                InlineTag::Piece(piece) => self.piece(piece),
                InlineTag::Nothing => {}
            },
            Event::Html(html) => self.html.push_str(html),
            Event::End(TagEnd::HtmlBlock) => {
                for piece in html_text::block_pieces(&std::mem::take(&mut self.html)) {
                    self.piece(piece);
                }
                self.flush(self.block_kind());
            }
            Event::SoftBreak | Event::HardBreak => {
                self.end_first_line();
                self.text.push(' ');
            }
            Event::FootnoteReference(name) => {
                self.text.push_str("[^");
                self.text.push_str(name);
                self.text.push(']');
            }
            Event::TaskListMarker(done) => self.text.push_str(if *done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn end_link(&mut self, target: String, start: usize) {
        let text = normalise(self.text.get(start..).unwrap_or_default());
        self.links.push(Link { text, target });
    }

    /// An image is seen as its alternative text (see [`image_text`]) and
    /// points to its source as a link does, so that a changed source is a
    /// link change. In a heading only its alternative text is text, so
    /// that an id made from the heading stays as it was; its source is one
    /// of the heading's links.
    fn image(&mut self, alt: &str, src: String) {
        if self.in_heading {
            self.text.push_str(alt);
            self.links.push(Link {
                text: image_text(alt),
                target: src,
            });
            return;
        }
        let text = image_text(alt);
        self.text.push_str(&text);
        self.links.push(Link { text, target: src });
    }

    /// Takes one piece of raw HTML.
    fn piece(&mut self, piece: Piece) {
        match piece {
            Piece::Text(text) => self.text.push_str(&text),
            Piece::Space => self.text.push(' '),
            Piece::LinkStart(target) => self.link_stack.push((target, self.text.len(), true)),
            Piece::LinkEnd => {
                if self.link_stack.last().is_some_and(|(_, _, html)| *html)
                    && let Some((target, start, _)) = self.link_stack.pop()
                {
                    self.end_link(target, start);
                }
            }
            Piece::Image { alt, src } => self.image(&alt, src),
            Piece::RowStart => self.flush(self.block_kind()),
            Piece::CellEnd => {
                self.row.push(normalise(&self.text));
                self.text.clear();
            }
            Piece::RowEnd => {
                self.text = self.row.join(" | ");
                self.row.clear();
                self.flush(BlockKind::TableRow);
            }
        }
    }

    /// The parts read: the text before the first heading, then one part
    /// for each heading.
    pub fn finish(mut self) -> Vec<Part> {
        self.flush(self.block_kind());
        self.parts
    }
}

/// What a reader sees of a document's Markdown (no front matter: a
/// variant's text or a released one), titled `title`.
pub fn visible_with_title(markdown: &str, title: &str) -> VisibleDoc {
    let mut doc = visible_body(markdown);
    doc.title = Some(normalise(title));
    doc
}

/// Parses Markdown (with or without front matter) into what a reader sees.
pub fn visible(markdown: &str) -> VisibleDoc {
    let (title, body) = front_matter(markdown);
    let mut doc = visible_body(body);
    doc.title = title;
    doc
}

/// Parses Markdown that has no front matter into what a reader sees.
pub fn visible_body(body: &str) -> VisibleDoc {
    let mut reader = Reader::new();
    // Each heading's level, id, and where it starts in `body`.
    let mut headings: Vec<(HeadingLevel, Option<String>, usize)> = Vec::new();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &event {
            // A section starts with its heading's line: the list marker of
            // a heading that opens a list item (`1. ## Terms`) is its own.
            let start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
            headings.push((*level, id.as_ref().map(|s| s.to_string()), start));
        }
        reader.event(&event);
    }
    let mut parts = reader.finish().into_iter();
    let preamble = parts.next().unwrap_or_default();
    let first_heading = headings.first().map_or(body.len(), |h| h.2);
    let mut sections = vec![VisibleSection {
        id: String::new(),
        explicit_id: true,
        heading: String::new(),
        heading_links: Vec::new(),
        path: Vec::new(),
        depth: 0,
        blocks: preamble.blocks,
        raw: body[..first_heading].trim_end().to_string(),
    }];
    let mut outline = Outline::default();
    for (k, ((level, id, start), part)) in headings.iter().zip(parts).enumerate() {
        let end = headings.get(k + 1).map_or(body.len(), |h| h.2);
        let (path, depth) = outline.enter(*level as u8, &part.heading);
        sections.push(VisibleSection {
            explicit_id: id.is_some(),
            id: id.clone().unwrap_or_else(|| slugify(&part.heading)),
            heading: part.heading,
            heading_links: part.heading_links,
            path,
            depth,
            blocks: part.blocks,
            raw: body[*start..end].trim_end().to_string(),
        });
    }
    VisibleDoc {
        title: None,
        sections,
    }
}

/// The headings open at a point of a document, for the path and depth of
/// the next section.
#[derive(Debug, Default)]
pub struct Outline {
    open: Vec<(u8, String)>,
}

impl Outline {
    /// Enters a heading of `level`: the headings of the sections enclosing
    /// it, outermost first, and its depth among the document's headings.
    pub fn enter(&mut self, level: u8, heading: &str) -> (Vec<String>, usize) {
        while self.open.last().is_some_and(|(l, _)| *l >= level) {
            self.open.pop();
        }
        let path = self.open.iter().map(|(_, h)| h.clone()).collect();
        self.open.push((level, heading.to_string()));
        (path, self.open.len() - 1)
    }
}

/// The visible text of one heading line (`## Your rights {#rights}`).
pub fn heading_text(line: &str) -> String {
    heading_part(line).heading
}

/// The links and images of one heading line.
pub fn heading_links(line: &str) -> Vec<Link> {
    heading_part(line).heading_links
}

fn heading_part(line: &str) -> Part {
    let mut reader = Reader::new();
    for event in Parser::new_ext(line, markdown_options()) {
        reader.event(&event);
    }
    reader.finish().into_iter().nth(1).unwrap_or_default()
}

/// The blocks of a stretch of Markdown read on its own (a section's body
/// after its variables were substituted), reference links resolved with
/// `references` when the text does not define them itself.
pub fn blocks_of(markdown: &str, references: &[&References]) -> Vec<Block> {
    let mut callback = |link: BrokenLink| {
        references
            .iter()
            .find_map(|r| r.get(&link.reference))
            .map(|(url, title)| (url.to_string().into(), title.to_string().into()))
    };
    let parser =
        Parser::new_with_broken_link_callback(markdown, markdown_options(), Some(&mut callback));
    let mut reader = Reader::new();
    for event in parser {
        reader.event(&event);
    }
    reader.finish().into_iter().flat_map(|p| p.blocks).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<(String, Vec<String>)> {
        visible(md)
            .sections
            .into_iter()
            .map(|s| (s.id, s.blocks.into_iter().map(|b| b.text).collect()))
            .collect()
    }

    #[test]
    fn wrapping_bullets_emphasis_and_comments_are_invisible() {
        let a = "## A {#a}\nOne *two*\nthree.\n\n- x\n- y\n";
        let b = "## A {#a}\n<!-- note -->\nOne _two_ three.\n\n* x\n* y\n";
        assert_eq!(texts(a), texts(b));
    }

    #[test]
    fn heading_levels_and_setext_do_not_matter() {
        let a = visible("A\n===\n\ntext\n");
        let b = visible("## A\n\ntext\n");
        assert_eq!(a.sections[1].heading, "A");
        assert_eq!(a.sections[1].heading, b.sections[1].heading);
        assert_eq!(a.sections[1].blocks, b.sections[1].blocks);
    }

    #[test]
    fn a_heading_that_opens_a_list_item_starts_a_section_of_paragraphs() {
        let doc =
            visible("1. ## A {#a}\n\n   One.\n\n   Two.\n\n   - x\n\n2. ## B {#b}\n   Three.\n");
        let a = &doc.sections[1];
        assert_eq!((a.id.as_str(), a.heading.as_str()), ("a", "A"));
        let blocks: Vec<_> = a.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            blocks,
            [
                (BlockKind::Paragraph, "One."),
                (BlockKind::Paragraph, "Two."),
                (BlockKind::ListItem, "x")
            ]
        );
        assert!(
            a.raw.starts_with("1. ## A") && !a.raw.contains("2."),
            "{}",
            a.raw
        );
        assert_eq!(doc.sections[2].blocks[0].kind, BlockKind::Paragraph);
    }

    #[test]
    fn curly_quotes_fold_to_straight_ones() {
        assert_eq!(
            normalise("we\u{2019}re \u{201C}here\u{201D}"),
            "we're \"here\""
        );
    }

    #[test]
    fn every_run_of_hyphens_and_dashes_folds_to_one_hyphen() {
        assert_eq!(
            normalise(
                "Monday\u{2013}Thursday \u{2014} never \u{2212}1, a\u{2010}b\u{2011}c\u{2012}d\u{2015}e"
            ),
            "Monday-Thursday - never -1, a-b-c-d-e"
        );
        assert_eq!(normalise("a -- b --- c - - d"), "a - b - c - - d");
        assert_eq!(normalise("e-mail"), "e-mail");
    }

    #[test]
    fn title_from_front_matter_and_paths_of_subsections() {
        let doc = visible("---\ntitle: Privacy\nowner: legal\n---\n## A {#a}\n### B {#b}\ntext\n");
        assert_eq!(doc.title.as_deref(), Some("Privacy"));
        let b = doc.sections.iter().find(|s| s.id == "b").unwrap();
        assert_eq!(b.path, ["A"]);
        assert_eq!(b.depth, 1);
    }

    #[test]
    fn only_a_paragraph_bold_from_end_to_end_is_a_bold_line() {
        let strong = |md: &str| -> Vec<bool> {
            visible(md).sections[0]
                .blocks
                .iter()
                .map(|b| b.strong)
                .collect()
        };
        assert_eq!(strong("**Fees**\n\n__Fees__\n"), [true, true]);
        assert_eq!(strong("**Fees**: monthly.\n\n*Fees*\n"), [false, false]);
        assert_eq!(strong("- **Fees**\n\n> **Fees**\n"), [false, false]);
    }

    #[test]
    fn a_bold_first_line_followed_by_text_is_a_bold_line() {
        let lines = |md: &str| -> Vec<Option<String>> {
            visible(md).sections[0]
                .blocks
                .iter()
                .map(|b| b.bold_line.map(|n| b.text[..n].to_string()))
                .collect()
        };
        assert_eq!(
            lines("**Fees**  \nWe charge.\n\n1. **One:**\n\n   Text one.\n"),
            [Some("Fees".into()), Some("One:".into())]
        );
        assert_eq!(
            lines("**Fees** are\ncharged.\n\n**Fees**\n\n- **[Fees](f.md)**\n  Text.\n"),
            [None, None, None]
        );
    }

    #[test]
    fn an_image_reads_as_its_alt_text_and_links_to_its_source() {
        let doc = visible(
            "## Otter ![logo](o.png) {#a}\n\n[![Map](map.png)](https://e.com) ![](x.png)\n",
        );
        assert_eq!(doc.sections[1].heading, "Otter logo");
        let block = &doc.sections[1].blocks[0];
        assert_eq!(block.text, "[image: Map] [image]");
        let links: Vec<(&str, &str)> = block
            .links
            .iter()
            .map(|l| (l.text.as_str(), l.target.as_str()))
            .collect();
        assert_eq!(
            links,
            [
                ("[image: Map]", "map.png"),
                ("[image: Map]", "https://e.com"),
                ("[image]", "x.png")
            ]
        );
    }

    #[test]
    fn reference_and_inline_links_are_the_same_link() {
        let a = visible("[here](https://e.com/x)\n");
        let b = visible("[here][r]\n\n[r]: https://e.com/x\n");
        assert_eq!(a.sections[0].blocks, b.sections[0].blocks);
    }
}
