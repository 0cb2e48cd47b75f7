//! What a reader sees of the raw HTML in a Markdown text: its words spaced
//! as a browser lays them out, its links, images and table rows.

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

/// Elements whose content is never text a reader sees.
pub fn is_non_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "head"
            | "title"
            | "meta"
            | "link"
    )
}

/// Elements that sit within a line of text: their edges part no words.
pub fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
            | "tt"
            | "label"
    )
}

/// One step of what a reader meets in raw HTML, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Words, as written (white space not yet folded).
    Text(String),
    /// The edge of a block or a line break: words on either side are apart.
    Space,
    /// A link to this target starts.
    LinkStart(String),
    /// The link last started ends.
    LinkEnd,
    /// An image, with its alternative text and its source.
    Image {
        /// The `alt` text (empty if none).
        alt: String,
        /// The `src`.
        src: String,
    },
    /// A row of a table starts.
    RowStart,
    /// A cell of the row ends.
    CellEnd,
    /// The row ends.
    RowEnd,
}

/// What a raw HTML tag written inside a paragraph does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineTag {
    /// `<a …>`: a link starts if it has an `href`.
    Anchor(Option<String>),
    /// `</a>`.
    AnchorEnd,
    /// A line break, an image, or a block's edge.
    Piece(Piece),
    /// Nothing a reader sees (an inline element's edge, a comment).
    Nothing,
}

/// Reads one tag of inline HTML (`<a href="…">`, `</a>`, `<br>`, `<img …>`).
pub fn inline_tag(tag: &str) -> InlineTag {
    let Some((end, name)) = tag_name(tag) else {
        return InlineTag::Nothing;
    };
    match (end, name.as_str()) {
        (true, "a") => InlineTag::AnchorEnd,
        (false, "a") => InlineTag::Anchor(element_of(tag, &name, |e| attr(e, "href")).flatten()),
        (false, "img") => {
            element_of(tag, &name, image).map_or(InlineTag::Nothing, InlineTag::Piece)
        }
        (_, "br") => InlineTag::Piece(Piece::Space),
        (_, name) if is_inline(name) || is_non_text(name) => InlineTag::Nothing,
        _ => InlineTag::Piece(Piece::Space),
    }
}

/// Reads an HTML block as a browser shows it: the words, block edges as
/// spaces, links, images, and the rows of a table (not of one nested in a
/// cell, whose words stay in their cell).
pub fn block_pieces(html: &str) -> Vec<Piece> {
    enum Step<'a> {
        Enter(ego_tree::NodeRef<'a, Node>),
        Emit(Piece),
        LeaveTable,
    }
    let fragment = Html::parse_fragment(html);
    let mut pieces = Vec::new();
    let mut tables = 0usize;
    // Iterative, so that no nesting depth can exhaust the stack.
    let mut stack: Vec<Step> = fragment
        .root_element()
        .children()
        .map(Step::Enter)
        .collect();
    stack.reverse();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Enter(node) => node,
            Step::Emit(piece) => {
                pieces.push(piece);
                continue;
            }
            Step::LeaveTable => {
                tables -= 1;
                continue;
            }
        };
        let element = match node.value() {
            Node::Text(text) => {
                pieces.push(Piece::Text(text.to_string()));
                continue;
            }
            Node::Element(element) => element,
            _ => continue,
        };
        let name = element.name();
        let (open, close) = match name {
            _ if is_non_text(name) => continue,
            "br" => (Some(Piece::Space), None),
            "img" => (Some(image(element)), None),
            "a" => match attr(element, "href") {
                Some(href) => (Some(Piece::LinkStart(href)), Some(Piece::LinkEnd)),
                None => (None, None),
            },
            "table" => {
                tables += 1;
                stack.push(Step::LeaveTable);
                (Some(Piece::Space), Some(Piece::Space))
            }
            "tr" if tables == 1 => (Some(Piece::RowStart), Some(Piece::RowEnd)),
            "td" | "th" if tables == 1 => (None, Some(Piece::CellEnd)),
            _ if is_inline(name) => (None, None),
            _ => (Some(Piece::Space), Some(Piece::Space)),
        };
        pieces.extend(open);
        stack.extend(close.map(Step::Emit));
        let start = stack.len();
        stack.extend(node.children().map(Step::Enter));
        stack[start..].reverse();
    }
    pieces
}

/// Whether `tag` is an end tag, and its name in lower case; `None` for a
/// comment, a declaration or a processing instruction.
fn tag_name(tag: &str) -> Option<(bool, String)> {
    let rest = tag.strip_prefix('<')?;
    let (end, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        .then(|| (end, name.to_ascii_lowercase()))
}

/// Reads the element a lone start tag makes, with a real parser, so that
/// quoting and character references in its attributes read as a browser
/// reads them.
fn element_of<T>(tag: &str, name: &str, read: impl Fn(&Element) -> T) -> Option<T> {
    let fragment = Html::parse_fragment(tag);
    let root = fragment.root_element();
    root.children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == name)
        .map(|e| read(e.value()))
}

fn attr(element: &Element, name: &str) -> Option<String> {
    element.attr(name).map(|v| v.trim().to_string())
}

fn image(element: &Element) -> Piece {
    Piece::Image {
        alt: element.attr("alt").unwrap_or_default().to_string(),
        src: attr(element, "src").unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pieces: &[Piece]) -> String {
        let text: String = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.as_str(),
                Piece::Space => " ",
                Piece::CellEnd => "|",
                Piece::RowStart => "<",
                Piece::RowEnd => ">",
                _ => "",
            })
            .collect();
        crate::text::collapse_whitespace(&text, Some)
    }

    #[test]
    fn inline_elements_part_no_words_and_blocks_do() {
        let pieces = block_pieces("<div><a href=\"x\">OHTTP</a>.<br>Next<p>Para</p></div>");
        assert_eq!(text(&pieces), "OHTTP. Next Para");
        assert!(pieces.contains(&Piece::LinkStart("x".into())));
    }

    #[test]
    fn rows_of_a_nested_table_stay_in_their_cell() {
        let html = "<table><tr><td>A<table><tr><td>B</td></tr></table></td><td>C</td></tr></table>";
        assert_eq!(text(&block_pieces(html)), "<A B |C|>");
    }

    #[test]
    fn scripts_and_comments_are_not_read() {
        let html = "<div><!-- note --><script>var x = 1;</script>Kept</div>";
        assert_eq!(text(&block_pieces(html)), "Kept");
    }

    #[test]
    fn inline_tags() {
        assert_eq!(
            inline_tag("<a href=\"https://e.com/?a=1&amp;b=2\">"),
            InlineTag::Anchor(Some("https://e.com/?a=1&b=2".into()))
        );
        assert_eq!(inline_tag("<a name=\"top\">"), InlineTag::Anchor(None));
        assert_eq!(inline_tag("</A >"), InlineTag::AnchorEnd);
        assert_eq!(inline_tag("<br/>"), InlineTag::Piece(Piece::Space));
        assert_eq!(inline_tag("<span class=\"x\">"), InlineTag::Nothing);
        assert_eq!(inline_tag("<!-- note -->"), InlineTag::Nothing);
        assert_eq!(inline_tag("</p>"), InlineTag::Piece(Piece::Space));
        assert_eq!(
            inline_tag("<img src=\"logo.png\" alt=\"Otter\">"),
            InlineTag::Piece(Piece::Image {
                alt: "Otter".into(),
                src: "logo.png".into()
            })
        );
    }
}
