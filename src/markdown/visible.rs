//! What a reader sees of a Markdown document: sections holding blocks of
//! normalised text, with everything invisible (wrapping, markers, comments,
//! numbering, heading levels) folded away.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use serde::Serialize;

use super::{options as markdown_options, slugify, split_front_matter};

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

/// Folds white space and typographic quotes into their plain forms.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            '\u{00A0}' | '\u{2009}' | '\u{202F}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
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

struct Builder {
    sections: Vec<VisibleSection>,
    /// (level, heading) of the open headings, for paths.
    open: Vec<(HeadingLevel, String)>,
    text: String,
    links: Vec<Link>,
    link_stack: Vec<(String, usize)>,
    kind_stack: Vec<BlockKind>,
    in_heading: Option<(HeadingLevel, Option<String>)>,
    row: Vec<String>,
    html: String,
}

impl Builder {
    fn current(&mut self) -> &mut VisibleSection {
        if self.sections.is_empty() {
            self.sections.push(VisibleSection {
                id: String::new(),
                explicit_id: true,
                heading: String::new(),
                path: Vec::new(),
                depth: 0,
                blocks: Vec::new(),
                raw: String::new(),
            });
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn flush(&mut self, kind: BlockKind) {
        let text = normalise(&self.text);
        self.text.clear();
        let links = std::mem::take(&mut self.links);
        if text.is_empty() && links.is_empty() {
            return;
        }
        self.current().blocks.push(Block { kind, text, links });
    }

    fn block_kind(&self) -> BlockKind {
        self.kind_stack
            .last()
            .copied()
            .unwrap_or(BlockKind::Paragraph)
    }
}

/// What a reader sees of a document's Markdown, titled `title`.
pub fn visible_with_title(markdown: &str, title: &str) -> VisibleDoc {
    let mut doc = visible(markdown);
    doc.title = Some(normalise(title));
    doc
}

/// Parses Markdown (with or without front matter) into what a reader sees.
pub fn visible(markdown: &str) -> VisibleDoc {
    let (title, body) = front_matter(markdown);
    let mut b = Builder {
        sections: Vec::new(),
        open: Vec::new(),
        text: String::new(),
        links: Vec::new(),
        link_stack: Vec::new(),
        kind_stack: Vec::new(),
        in_heading: None,
        row: Vec::new(),
        html: String::new(),
    };
    // Where each section starts in `body`; the preamble starts at 0.
    // The text before the first heading is always a section, even an empty
    // one, so that adding a comment there pairs with nothing rather than
    // appearing as a new section.
    b.current();
    let mut starts: Vec<usize> = vec![0];
    let mut heading_start = 0;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                b.flush(b.block_kind());
                heading_start = range.start;
                b.in_heading = Some((level, id.map(|s| s.to_string())));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, id)) = b.in_heading.take() else {
                    continue;
                };
                let heading = normalise(&b.text);
                b.text.clear();
                b.links.clear();
                while b.open.last().is_some_and(|(l, _)| *l >= level) {
                    b.open.pop();
                }
                let path = b.open.iter().map(|(_, h)| h.clone()).collect();
                let explicit_id = id.is_some();
                let id = id.unwrap_or_else(|| slugify(&heading));
                b.open.push((level, heading.clone()));
                b.sections.push(VisibleSection {
                    id,
                    explicit_id,
                    heading,
                    path,
                    depth: b.open.len() - 1,
                    blocks: Vec::new(),
                    raw: String::new(),
                });
                starts.push(heading_start);
            }
            Event::Start(Tag::Item) => {
                b.flush(b.block_kind());
                b.kind_stack.push(BlockKind::ListItem);
            }
            Event::End(TagEnd::Item) => {
                b.flush(BlockKind::ListItem);
                b.kind_stack.pop();
            }
            Event::Start(Tag::BlockQuote(_)) => b.kind_stack.push(BlockKind::Quote),
            Event::End(TagEnd::BlockQuote(_)) => {
                b.flush(BlockKind::Quote);
                b.kind_stack.pop();
            }
            Event::Start(Tag::FootnoteDefinition(_)) => b.kind_stack.push(BlockKind::Footnote),
            Event::End(TagEnd::FootnoteDefinition) => {
                b.flush(BlockKind::Footnote);
                b.kind_stack.pop();
            }
            Event::Start(Tag::List(_)) => b.flush(b.block_kind()),
            Event::End(TagEnd::Paragraph) => {
                // Paragraphs inside an item stay part of the item's block.
                if !matches!(b.block_kind(), BlockKind::ListItem) {
                    b.flush(b.block_kind());
                } else {
                    b.text.push(' ');
                }
            }
            Event::Start(Tag::CodeBlock(_)) => b.flush(b.block_kind()),
            Event::End(TagEnd::CodeBlock) => b.flush(BlockKind::Code),
            Event::End(TagEnd::TableCell) => {
                b.row.push(normalise(&b.text));
                b.text.clear();
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                b.text = b.row.join(" | ");
                b.row.clear();
                b.flush(BlockKind::TableRow);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let start = b.text.len();
                // `<a@b.c>` points where `[a@b.c](mailto:a@b.c)` does.
                let target = if link_type == LinkType::Email && !dest_url.starts_with("mailto:") {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                b.link_stack.push((target, start));
            }
            Event::End(TagEnd::Link) => {
                if let Some((target, start)) = b.link_stack.pop() {
                    let text = normalise(b.text.get(start..).unwrap_or_default());
                    b.links.push(Link { text, target });
                }
            }
            Event::Text(t) | Event::Code(t) => b.text.push_str(&t),
            // Inline tags are markup around text that arrives as Text events.
            Event::InlineHtml(_) => {}
            Event::Html(html) => b.html.push_str(&html),
            Event::End(TagEnd::HtmlBlock) => {
                let text = strip_tags(&std::mem::take(&mut b.html));
                b.text.push_str(&text);
                b.flush(b.block_kind());
            }
            Event::SoftBreak | Event::HardBreak => b.text.push(' '),
            Event::FootnoteReference(name) => {
                b.text.push_str("[^");
                b.text.push_str(&name);
                b.text.push(']');
            }
            Event::TaskListMarker(done) => b.text.push_str(if done { "[x] " } else { "[ ] " }),
            Event::Rule => {}
            _ => {}
        }
    }
    b.flush(b.block_kind());
    let mut sections = b.sections;
    for (k, section) in sections.iter_mut().enumerate() {
        let start = starts.get(k).copied().unwrap_or(body.len());
        let end = starts.get(k + 1).copied().unwrap_or(body.len());
        section.raw = body[start..end].trim_end().to_string();
    }
    VisibleDoc { title, sections }
}

/// The text of an HTML block: comments and tags removed.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
        } else if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
            out.push(' ');
        } else {
            let next = rest.find('<').unwrap_or(rest.len());
            out.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    out
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
    fn curly_quotes_fold_to_straight_ones() {
        assert_eq!(
            normalise("we\u{2019}re \u{201C}here\u{201D}"),
            "we're \"here\""
        );
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
    fn reference_and_inline_links_are_the_same_link() {
        let a = visible("[here](https://e.com/x)\n");
        let b = visible("[here][r]\n\n[r]: https://e.com/x\n");
        assert_eq!(a.sections[0].blocks, b.sections[0].blocks);
    }
}
