//! The text of parts of a page as a reader sees it: without scripts and
//! styles, whitespace collapsed; and the few first words a report quotes.

use scraper::{ElementRef, Node};

pub(super) use crate::markdown::html_text::{is_inline, is_non_text};

/// The text a reader sees in `el`, whitespace as in the page. Iterative, so
/// that no nesting depth can exhaust the stack.
pub(super) fn visible_text(el: ElementRef) -> String {
    visible_text_upto(el, usize::MAX)
}

/// The text a reader sees in `el`, up to where it holds at least `limit`
/// characters other than white space: enough to tell whether it is shorter
/// than `limit`, without reading a whole page for it.
pub(super) fn visible_text_upto(el: ElementRef, limit: usize) -> String {
    let mut text = String::new();
    let mut seen = 0usize;
    // `None`: the end of a block, where a space parts its words from the
    // next ones.
    let mut stack: Vec<_> = el.children().map(Some).collect();
    stack.reverse();
    while let Some(entry) = stack.pop() {
        if seen >= limit {
            break;
        }
        let Some(node) = entry else {
            text.push(' ');
            continue;
        };
        match node.value() {
            Node::Text(t) => {
                text.push_str(t);
                if limit != usize::MAX {
                    seen += t
                        .chars()
                        .filter(|&c| !c.is_whitespace() && !c.is_control() && !is_invisible(c))
                        .count();
                }
            }
            Node::Element(e) if !is_non_text(e.name()) => {
                // Blocks and controls are apart on the page: so are their words.
                let block = !is_inline(e.name());
                if block {
                    text.push(' ');
                    stack.push(None);
                }
                let start = stack.len();
                stack.extend(node.children().map(Some));
                stack[start..].reverse();
            }
            _ => {}
        }
    }
    text
}

/// The text of a `<pre>` as the page shows it: its lines and spaces as
/// written, a `<br>` a new line.
pub(super) fn preformatted_text(el: ElementRef) -> String {
    let mut text = String::new();
    let mut stack: Vec<_> = el.children().collect();
    stack.reverse();
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if e.name() == "br" => text.push('\n'),
            Node::Element(e) if !is_non_text(e.name()) => {
                let start = stack.len();
                stack.extend(node.children());
                stack[start..].reverse();
            }
            _ => {}
        }
    }
    text
}

/// `text` with every run of whitespace (and the invisible characters pages
/// sprinkle) one space, trimmed, control characters dropped.
pub fn collapse(text: &str) -> String {
    crate::text::collapse_whitespace(text, |c| match c {
        c if is_invisible(c) => None,
        c if c.is_control() => Some(' '),
        c => Some(c),
    })
}

/// Characters that take no room: zero-width spaces and joiners, a BOM.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

/// Marks the place of a raw table in the converter's input (around its
/// number); the converter passes private-use characters through untouched.
pub(super) const TABLE_SIGN: char = '\u{F8FF}';

/// Marks a heading's anchor in the converter's input (around its number).
pub(super) const ANCHOR_SIGN: char = '\u{F8FE}';

/// Marks the first item of a list numbered from 0, which the converter
/// numbers from 1: its marker is set back to `0.` after conversion.
pub(super) const ZERO_SIGN: char = '\u{F8FD}';

/// `text` escaped for the converter's HTML: no-break spaces become
/// spaces; invisible characters, and the signs above when the page itself
/// holds them, go.
pub(super) fn push_escaped(out: &mut String, text: &str) {
    let chars = text.chars().filter_map(|c| match c {
        '\u{A0}' | '\u{202F}' => Some(' '),
        TABLE_SIGN | ANCHOR_SIGN | ZERO_SIGN => None,
        c if is_invisible(c) => None,
        c => Some(c),
    });
    crate::text::push_escaped_html(out, chars);
}

/// How many words of a dropped block the report quotes.
const FIRST_WORDS: usize = 8;
/// Past this many characters the quote stops, however few its words.
const FIRST_WORDS_CHARS: usize = 80;

/// The first few words of `text`, as a report quotes a dropped block.
pub(super) fn first_words(text: &str) -> String {
    let collapsed = collapse(text);
    let mut out = String::new();
    for word in collapsed.split(' ').take(FIRST_WORDS) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    match out.char_indices().nth(FIRST_WORDS_CHARS) {
        Some((cut, _)) => out[..cut].to_string(),
        None => out,
    }
}

/// Whether `el` has an element named in `names` inside it (not itself).
pub(super) fn contains_any(el: ElementRef, names: &[&str]) -> bool {
    el.descendent_elements()
        .skip(1)
        .any(|d| names.contains(&d.value().name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_after_a_block_are_apart_from_it() {
        let page = scraper::Html::parse_fragment("<div><p>visit.</p><a>Accept</a></div>");
        assert_eq!(
            collapse(&visible_text(page.root_element())),
            "visit. Accept"
        );
    }

    #[test]
    fn first_words_stops_after_eight_words() {
        assert_eq!(
            first_words("  one two\nthree\tfour five six seven eight nine ten"),
            "one two three four five six seven eight"
        );
    }

    #[test]
    fn collapse_drops_invisible_and_control_characters() {
        assert_eq!(collapse("a\u{200B}b \u{1b}[31m c"), "ab [31m c");
    }
}
