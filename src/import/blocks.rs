//! A page's Markdown cut into blocks (paragraphs, headings, lists, code),
//! the unit the importer's rules work on, and put back together.

/// One block of the page: its lines, without the blank lines around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's lines, as written.
    pub lines: Vec<String>,
    /// What kind of block it is.
    pub kind: BlockKind,
}

/// What a block is, as far as the importer cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading: its level (1-6), text and the id the page gave it.
    Heading {
        /// 1 to 6.
        level: usize,
        /// The heading's text, without `#` and id.
        text: String,
        /// `{#id}` as written, if any.
        id: Option<String>,
    },
    /// A fenced code block: left as it is.
    Code,
    /// Anything else: paragraphs, lists, tables, quotes.
    Text,
}

impl Block {
    /// A block of text lines.
    pub fn text(lines: Vec<String>) -> Block {
        Block {
            lines,
            kind: BlockKind::Text,
        }
    }

    /// A heading block.
    pub fn heading(level: usize, text: String, id: Option<String>) -> Block {
        Block {
            lines: Vec::new(),
            kind: BlockKind::Heading { level, text, id },
        }
    }

    /// The block as one line of text (its lines joined by spaces).
    pub fn joined(&self) -> String {
        match &self.kind {
            BlockKind::Heading { text, .. } => text.clone(),
            _ => self.lines.join(" "),
        }
    }

    /// Whether this is a heading.
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }
}

/// Cuts `markdown` into blocks. Blank lines end blocks (not inside a code
/// fence); an ATX heading is always a block of its own; a paragraph
/// underlined with `===` or `---` is a heading. With `lines_are_paragraphs`
/// (a text export without blank lines), each line is a block, except runs
/// of list items.
pub fn split(markdown: &str, lines_are_paragraphs: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    // The indentation of the item a heading was in (`1. ## Scope`): its
    // lines below are the section's text.
    let mut item_indent: Option<usize> = None;
    let flush = |current: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !current.is_empty() {
            blocks.push(text_or_setext(std::mem::take(current)));
        }
    };
    for line in markdown.lines() {
        if let Some(marker) = &fence {
            current.push(line.to_string());
            if line.trim_start().starts_with(marker.as_str()) {
                fence = None;
                blocks.push(Block {
                    lines: std::mem::take(&mut current),
                    kind: BlockKind::Code,
                });
            }
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(marker) = fence_marker(trimmed) {
            flush(&mut current, &mut blocks);
            fence = Some(marker);
            current.push(line.to_string());
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut current, &mut blocks);
            continue;
        }
        if let Some(heading) = atx_heading(line).or_else(|| empty_heading(line)) {
            flush(&mut current, &mut blocks);
            blocks.push(heading);
            item_indent = None;
            continue;
        }
        if let Some((heading, indent)) = heading_in_item(line) {
            flush(&mut current, &mut blocks);
            blocks.push(heading);
            item_indent = Some(indent);
            continue;
        }
        if let Some(indent) = item_indent {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if spaces >= indent {
                current.push(line[indent..].trim_end().to_string());
                continue;
            }
            item_indent = None;
        }
        // "for indirect damages." under a line: the same sentence, never
        // a paragraph (or a title's text) of its own.
        if lines_are_paragraphs && (current.is_empty() || !continues(trimmed)) {
            let item = list_class(trimmed);
            let previous_item = current.last().and_then(|l| list_class(l.trim_start()));
            if item.is_none() || item != previous_item {
                flush(&mut current, &mut blocks);
            }
        }
        current.push(line.trim_end().to_string());
    }
    if fence.is_some() && !current.is_empty() {
        blocks.push(Block {
            lines: current,
            kind: BlockKind::Code,
        });
    } else {
        flush(&mut current, &mut blocks);
    }
    blocks
}

fn fence_marker(trimmed: &str) -> Option<String> {
    for c in ['`', '~'] {
        let n = trimmed.chars().take_while(|&x| x == c).count();
        if n >= 3 {
            return Some(c.to_string().repeat(n));
        }
    }
    None
}

/// A paragraph underlined with `===` (level 1) or `---` (level 2) is a
/// heading; any other group of lines is text.
fn text_or_setext(lines: Vec<String>) -> Block {
    if lines.len() >= 2 {
        let last = lines[lines.len() - 1].trim();
        let level = if !last.is_empty() && last.chars().all(|c| c == '=') {
            Some(1)
        } else if last.len() >= 2 && last.chars().all(|c| c == '-') {
            Some(2)
        } else {
            None
        };
        let body = &lines[..lines.len() - 1];
        let plain = body.iter().all(|l| {
            let t = l.trim_start();
            !is_list_item(t) && !t.starts_with('>') && !t.starts_with('|')
        });
        if let Some(level) = level.filter(|_| plain) {
            let text = body.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
            let (text, id) = split_id(&text);
            return Block::heading(level, text, id);
        }
    }
    Block::text(lines)
}

/// A list item that is a heading (`1. ## Scope`, what a page with
/// headings in a list becomes): the heading, numbered as the item was, and
/// the indentation of the item's text.
fn heading_in_item(line: &str) -> Option<(Block, usize)> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    let marker = list_marker_len(trimmed).filter(|_| indent <= 3)?;
    let mut heading = atx_heading(&trimmed[marker..])?;
    if let BlockKind::Heading { text, .. } = &mut heading.kind
        && trimmed.starts_with(|c: char| c.is_ascii_digit())
    {
        let number = trimmed[..marker].trim_end().replace(')', ".");
        *text = format!("{number} {text}");
    }
    Some((heading, indent + marker))
}

/// `## Text {#id}` as a heading block.
pub fn atx_heading(line: &str) -> Option<Block> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = &rest[level..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let mut text = after.trim().to_string();
    // A closing run of `#` is not part of the text.
    let without = text.trim_end_matches('#');
    if without.len() < text.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        text = without.trim_end().to_string();
    }
    let (text, id) = split_id(&unescape_start(&text));
    // `## **Your choices**`: a heading is bold already.
    let text = ["**", "__"]
        .iter()
        .find_map(|m| text.strip_prefix(m)?.strip_suffix(m))
        .filter(|inner| !inner.contains("**") && !inner.contains("__") && !inner.trim().is_empty())
        .map_or(text.clone(), |inner| inner.trim().to_string());
    if text.is_empty() {
        return None;
    }
    Some(Block::heading(level, text, id))
}

/// `#`, `## {#id}`: a heading with no text, as a block whose text is
/// empty, for the importer to leave out and report (it is no section).
fn empty_heading(line: &str) -> Option<Block> {
    let rest = line.trim();
    let level = rest.chars().take_while(|&c| c == '#').count();
    let after = &rest[level..];
    let empty = (1..=6).contains(&level)
        && line.len() - line.trim_start_matches(' ').len() <= 3
        && (after.is_empty() || after.starts_with([' ', '\t']))
        && split_id(after.trim().trim_end_matches('#'))
            .0
            .trim()
            .is_empty();
    empty.then(|| Block::heading(level, String::new(), None))
}

/// Whether a line goes on the sentence of the line above: it starts in
/// lower case ("for indirect damages.", "and to…") or with a comma,
/// semicolon or closing bracket.
pub fn continues(trimmed: &str) -> bool {
    trimmed.starts_with(|c: char| c.is_lowercase() || ",;)]".contains(c))
}

/// Units a decimal number counts ("3.5 GB per user"): a quantity, not
/// section 3.5.
const UNITS: [&str; 24] = [
    "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "Kbps", "Mbps", "Gbps", "Hz", "kHz",
    "MHz", "GHz", "EUR", "USD", "GBP", "CHF", "JPY", "kg", "km", "cm",
];

/// The section number a title line starts with, its depth and the text
/// after it: `3.`, `3)`, `3.1`, `3.1.` before a space ("4.2 Retention" is
/// depth 2). Not a bare number before a word (an address "12 Oven Lane",
/// a postcode "80331 München", a date "1 January 2024"), a long number
/// ("2024."), a date ("26.09.2024") or a decimal quantity ("3.5 GB").
/// The one rule for every import path.
pub fn section_number(line: &str) -> Option<(usize, &str)> {
    let len = line
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(line.len());
    let number = &line[..len];
    if number.is_empty() || number.starts_with('.') || number.contains("..") {
        return None;
    }
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    if parts.len() > 4 || parts.iter().any(|p| p.len() > 3) {
        return None;
    }
    let after = &line[len..];
    let (closed, rest) = match after.strip_prefix(')') {
        Some(rest) => (true, rest),
        None => (number.contains('.'), after),
    };
    if !closed {
        return None;
    }
    let rest = rest.strip_prefix([' ', '\t'])?.trim_start();
    if parts.len() == 2 && !number.ends_with('.') && !after.starts_with(')') {
        let word = rest
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(|c: char| !c.is_alphanumeric());
        if UNITS.iter().any(|u| word.eq_ignore_ascii_case(u)) || rest.starts_with('%') {
            return None;
        }
    }
    Some((parts.len(), rest))
}

/// Splits `Text {#id .class}` into the text and the id.
fn split_id(text: &str) -> (String, Option<String>) {
    let trimmed = text.trim_end();
    if trimmed.ends_with('}')
        && let Some(open) = trimmed.rfind('{')
    {
        let attrs = &trimmed[open + 1..trimmed.len() - 1];
        let id = attrs
            .split_whitespace()
            .find_map(|a| a.strip_prefix('#'))
            .map(str::to_string);
        if attrs.trim_start().starts_with(['#', '.']) {
            return (trimmed[..open].trim_end().to_string(), id);
        }
    }
    (trimmed.to_string(), None)
}

/// Whether a line (without its indentation) starts a list item: `-`, `*`,
/// `+`, `•` or `1.` / `1)` and a space.
pub fn is_list_item(trimmed: &str) -> bool {
    list_marker_len(trimmed).is_some()
}

/// Whether a line is a bulleted (`Some(false)`) or numbered (`Some(true)`)
/// list item: a text export's run of one kind is one list.
fn list_class(trimmed: &str) -> Option<bool> {
    list_marker_len(trimmed).map(|_| trimmed.starts_with(|c: char| c.is_ascii_digit()))
}

/// The length in bytes of the list marker and the space after it.
pub fn list_marker_len(trimmed: &str) -> Option<usize> {
    for marker in ["- ", "* ", "+ ", "• ", "· "] {
        if trimmed.starts_with(marker) {
            return Some(marker.len());
        }
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &trimmed[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(digits + 2);
        }
    }
    None
}

/// `line` with the escapes an HTML converter puts at its start resolved
/// (`12\\. Governing Law`, `\\# 1`, `\\- a`, `**3\\. Law**`): the
/// characters a reader sees there, for the rules that read a line as a
/// title or a date, and for a heading made of it (where none of them is
/// structure). Never for a line kept as a paragraph.
pub fn unescape_start(line: &str) -> String {
    let trimmed = line.trim();
    let lead = if trimmed.starts_with("**") || trimmed.starts_with("__") {
        2
    } else {
        0
    };
    let (head, rest) = trimmed.split_at(lead);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let mut chars = rest[digits..].chars();
    let escaped = match (chars.next(), chars.next()) {
        (Some('\\'), Some(c)) if digits > 0 => matches!(c, '.' | ')'),
        (Some('\\'), Some(c)) => matches!(c, '#' | '>' | '-' | '+' | '=' | '~'),
        _ => false,
    };
    if !escaped {
        return trimmed.to_string();
    }
    format!("{head}{}{}", &rest[..digits], &rest[digits + 1..])
}

/// Inline Markdown as a reader sees it: escapes resolved, emphasis and
/// links reduced to their text (what the report shows of a heading).
pub fn rendered(inline: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    // As a heading's text, so "12. Law" is not read as a list.
    let source = format!("# {}", inline.replace(['\r', '\n'], " "));
    let mut out = String::new();
    for event in Parser::new(&source) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The blocks as Markdown: blank lines between blocks, headings with their
/// ids.
pub fn join(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match &block.kind {
            BlockKind::Heading { level, text, id } => {
                out.push_str(&"#".repeat(*level));
                out.push(' ');
                out.push_str(text);
                if let Some(id) = id {
                    out.push_str(" {#");
                    out.push_str(id);
                    out.push('}');
                }
                out.push('\n');
            }
            _ => {
                for line in &block.lines {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_number_has_a_section_numbers_shape() {
        assert_eq!(section_number("3. Fees"), Some((1, "Fees")));
        assert_eq!(section_number("3) Fees"), Some((1, "Fees")));
        assert_eq!(section_number("3.1 Fees"), Some((2, "Fees")));
        assert_eq!(section_number("3.1. Fees"), Some((2, "Fees")));
        for line in [
            "12 Oven Lane",
            "80331 München",
            "10115 Berlin",
            "500 Harbor Blvd",
            "1 January 2024",
            "3.5 GB per user on Teams",
            "26.09.2024 Update",
        ] {
            assert_eq!(section_number(line), None, "{line}");
        }
    }

    #[test]
    fn an_empty_heading_is_a_block_without_text() {
        for line in ["#", "## ", "### {#x}", "## ##"] {
            let blocks = split(line, false);
            assert!(
                matches!(&blocks[..], [b] if b.is_heading() && b.joined().is_empty()),
                "{line}: {blocks:?}"
            );
        }
    }

    #[test]
    fn a_lower_case_line_goes_on_the_line_above_in_a_line_a_paragraph_export() {
        let blocks = split(
            "IN NO EVENT SHALL WE BE LIABLE\nfor indirect damages.\nNext.\n",
            true,
        );
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert_eq!(blocks[0].lines.len(), 2);
    }

    #[test]
    fn headings_are_blocks_of_their_own() {
        let blocks = split(
            "# Title\nIntro text\n\nSub\n---\n\n```\na\n\nb\n```\n",
            false,
        );
        assert_eq!(blocks.len(), 4);
        assert!(
            matches!(&blocks[0].kind, BlockKind::Heading { level: 1, text, .. } if text == "Title")
        );
        assert_eq!(blocks[1].lines, vec!["Intro text"]);
        assert!(matches!(
            &blocks[2].kind,
            BlockKind::Heading { level: 2, .. }
        ));
        assert_eq!(blocks[3].kind, BlockKind::Code);
    }

    #[test]
    fn escapes_at_the_start_are_read_as_the_reader_sees_them() {
        assert_eq!(unescape_start("12\\. Governing Law"), "12. Governing Law");
        assert_eq!(unescape_start("**3\\) Law**"), "**3) Law**");
        assert_eq!(unescape_start("\\# 1 fan"), "# 1 fan");
        assert_eq!(unescape_start("a\\. b \\*"), "a\\. b \\*");
        assert_eq!(
            rendered("1\\. Information *We* [Collect](/x)"),
            "1. Information We Collect"
        );
    }

    #[test]
    fn headings_in_list_items_are_numbered_headings_over_their_text() {
        let blocks = split(
            "1. ## Scope\n   We sell kayaks.\n\n   More.\n2. ## Data\n   Names.\n\nAfter.\n",
            false,
        );
        let shown: Vec<String> = blocks.iter().map(Block::joined).collect();
        assert_eq!(
            shown,
            [
                "1. Scope",
                "We sell kayaks.",
                "More.",
                "2. Data",
                "Names.",
                "After."
            ]
        );
    }

    #[test]
    fn heading_ids_are_read() {
        let bold = atx_heading("## **Your choices**").unwrap();
        assert_eq!(bold.joined(), "Your choices");
        let b = atx_heading("## Data we keep {#keep}").unwrap();
        assert_eq!(
            b.kind,
            BlockKind::Heading {
                level: 2,
                text: "Data we keep".into(),
                id: Some("keep".into())
            }
        );
    }
}
