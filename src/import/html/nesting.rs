//! How deep a page is walked. html5ever builds a tree of any depth, and its
//! work grows with the square of it (each start tag looks through the open
//! elements), so before the page is parsed, one linear pass (no recursion)
//! takes out the wrappers nested past [`UNWRAP_DEPTH`] (a policy inside
//! thousands of `<div>`s keeps its headings) and any tag nested past
//! [`MAX_NESTING`] (its text kept, as the cleaner keeps text past
//! [`MAX_DEPTH`]).

use std::borrow::Cow;
use std::collections::HashMap;

use super::text::{is_inline, is_non_text};

/// How deep elements nest before the cleaner keeps the rest as plain
/// text: far beyond any page, and shallow enough for the converter's
/// recursion.
pub(super) const MAX_DEPTH: usize = 64;

/// How deep elements may nest in what html5ever parses: twice the
/// cleaner's depth, so nothing the cleaner writes as structure changes.
pub(super) const MAX_NESTING: usize = 128;

/// Past this depth (where chrome is no longer looked for), plain wrappers
/// (`<div>`, `<span>`, `<font>`, `<center>`) are taken out, and do not
/// count towards the depth: a `<div>`'s tags become `<p>`, which parts
/// blocks as the `<div>` did without nesting, a `<span>`'s nothing.
pub(super) const UNWRAP_DEPTH: usize = 48;

/// Elements without content or end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame",
];

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "div",
    "dl",
    "dd",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// `html` with wrappers nested deeper than [`UNWRAP_DEPTH`] and every tag
/// nested deeper than [`MAX_NESTING`] taken out (a space for a block,
/// nothing for inline markup; scripts and the like with their content), as
/// the cleaner would read that part: text. A page nested less deeply is
/// returned as it is.
pub(super) fn flatten(html: &str) -> Cow<'_, str> {
    let mut walk = Walk::new(html);
    walk.run();
    match walk.out {
        Some(mut out) => {
            out.push_str(&html[walk.copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(html),
    }
}

/// What becomes of an element's tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tags {
    /// Left as they are.
    Kept,
    /// A wrapper's: a `<p>` for a block, nothing for inline markup.
    Unwrapped,
    /// Taken out, past the depth or inside an element taken out.
    Dropped,
}

/// Whether `name` is a wrapper with no meaning of its own.
fn is_wrapper(name: &str) -> bool {
    matches!(name, "div" | "span" | "font" | "center")
}

/// What stands for a tag of `name` taken out as `tags` says.
fn stand_in(name: &str, tags: Tags) -> &'static str {
    match tags {
        Tags::Kept => "",
        Tags::Unwrapped if matches!(name, "div" | "center") => "<p>",
        _ if is_inline(name) || is_non_text(name) => "",
        _ => " ",
    }
}

/// One tag as the lexer read it.
enum Token {
    /// Not a tag: a `<` of the text.
    Text,
    /// A comment, a doctype, a processing instruction.
    Other,
    Start {
        name: String,
        self_closing: bool,
    },
    End {
        name: String,
    },
}

struct Walk<'a> {
    html: &'a str,
    /// The edited page, made at the first edit.
    out: Option<String>,
    /// How much of `html` is in `out` (or edited away).
    copied: usize,
    /// The open elements: name, and what became of their tags.
    stack: Vec<(String, Tags)>,
    /// How many open elements kept their tags.
    depth: usize,
    /// How many of each name are open.
    open: HashMap<String, usize>,
    /// How many `<svg>` and `<math>` are open (where `/>` closes).
    foreign: usize,
    /// While set, everything is taken out until the stack is this short
    /// again: a script, an image or the like past the depth.
    skip_to: Option<usize>,
}

impl<'a> Walk<'a> {
    fn new(html: &'a str) -> Self {
        Walk {
            html,
            out: None,
            copied: 0,
            stack: Vec::new(),
            depth: 0,
            open: HashMap::new(),
            foreign: 0,
            skip_to: None,
        }
    }

    /// Replaces `html[start..end]` with `with`; a `<p>` right after
    /// another one (thousands of `<div>`s end in a row) is left out.
    fn edit(&mut self, start: usize, end: usize, with: &str) {
        if start >= end && with.is_empty() {
            return;
        }
        let parted = |out: &String| {
            out.trim_end().ends_with("<p>") && self.html[self.copied..start].trim().is_empty()
        };
        let with = if with == "<p>" && self.out.as_ref().is_some_and(parted) {
            ""
        } else {
            with
        };
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.html.len()));
        out.push_str(&self.html[self.copied..start]);
        out.push_str(with);
        self.copied = end;
    }

    fn run(&mut self) {
        let html = self.html;
        let mut at = 0;
        while at < html.len() {
            let lt = html[at..].find('<').map_or(html.len(), |i| at + i);
            if self.skip_to.is_some() {
                self.edit(at, lt, "");
            }
            if lt >= html.len() {
                break;
            }
            let (token, end) = lex(html, lt);
            at = end;
            match token {
                Token::Text | Token::Other => {
                    if self.skip_to.is_some() {
                        self.edit(lt, end, "");
                    }
                }
                Token::Start { name, self_closing } => {
                    if name == "plaintext" {
                        // The rest of the page is its text.
                        break;
                    }
                    if RAW_TEXT.contains(&name.as_str()) {
                        at = raw_text_end(html, end, &name);
                        if self.skip_to.is_some() || self.depth >= MAX_NESTING {
                            let with = if is_non_text(&name) { "" } else { " " };
                            self.edit(lt, at, with);
                        }
                        continue;
                    }
                    self.start(&name, self_closing, lt, end);
                }
                Token::End { name } => self.end(&name, lt, end),
            }
        }
    }

    fn start(&mut self, name: &str, self_closing: bool, lt: usize, end: usize) {
        self.implied_ends(name);
        let tags = if self.skip_to.is_some() || self.depth >= MAX_NESTING {
            Tags::Dropped
        } else if self.depth >= UNWRAP_DEPTH && is_wrapper(name) {
            Tags::Unwrapped
        } else {
            Tags::Kept
        };
        if tags != Tags::Kept {
            self.edit(lt, end, stand_in(name, tags));
        }
        if VOID.contains(&name) || (self_closing && self.foreign > 0) {
            return;
        }
        if tags == Tags::Dropped && self.skip_to.is_none() && is_non_text(name) {
            self.skip_to = Some(self.stack.len());
        }
        self.push(name, tags);
    }

    fn end(&mut self, name: &str, lt: usize, end: usize) {
        if self.open.get(name).copied().unwrap_or(0) == 0 {
            // A stray end tag: html5ever opens nothing for it.
            if self.skip_to.is_some() {
                self.edit(lt, end, "");
            }
            return;
        }
        while let Some((top, tags)) = self.pop() {
            if top == name {
                if tags != Tags::Kept {
                    self.edit(lt, end, stand_in(name, tags));
                }
                break;
            }
        }
        if self.skip_to.is_some_and(|to| self.stack.len() <= to) {
            self.skip_to = None;
        }
    }

    /// The end tags a start tag implies (`<li>` closes the item before):
    /// enough that lists, paragraphs and tables written without end tags
    /// do not look deep.
    fn implied_ends(&mut self, name: &str) {
        let closes: &[&str] = match name {
            "li" => &["li", "p"],
            "dt" | "dd" => &["dt", "dd", "p"],
            "td" | "th" => &["td", "th"],
            "tr" => &["td", "th", "tr"],
            "thead" | "tbody" | "tfoot" => &["td", "th", "tr", "thead", "tbody", "tfoot"],
            "option" => &["option"],
            "optgroup" => &["option", "optgroup"],
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => &["h1", "h2", "h3", "h4", "h5", "h6", "p"],
            _ if CLOSES_P.contains(&name) => &["p"],
            _ => &[],
        };
        // An element closed this way goes with the inline elements still
        // open in it (`<li><font>a<li>`): a few at most, looked for.
        loop {
            let inline_run = self
                .stack
                .iter()
                .rev()
                .take(16)
                .take_while(|(n, _)| is_inline(n))
                .count();
            let below = self.stack.len() - inline_run;
            if below == 0 || !closes.contains(&self.stack[below - 1].0.as_str()) {
                break;
            }
            for _ in 0..=inline_run {
                self.pop();
            }
        }
    }

    fn push(&mut self, name: &str, tags: Tags) {
        if matches!(name, "svg" | "math") {
            self.foreign += 1;
        }
        if tags == Tags::Kept {
            self.depth += 1;
        }
        *self.open.entry(name.to_string()).or_insert(0) += 1;
        self.stack.push((name.to_string(), tags));
    }

    fn pop(&mut self) -> Option<(String, Tags)> {
        let (name, tags) = self.stack.pop()?;
        if tags == Tags::Kept {
            self.depth -= 1;
        }
        if matches!(name.as_str(), "svg" | "math") {
            self.foreign = self.foreign.saturating_sub(1);
        }
        if let Some(n) = self.open.get_mut(&name) {
            *n = n.saturating_sub(1);
        }
        Some((name, tags))
    }
}

/// The token at `lt` (a `<`) and where it ends.
fn lex(html: &str, lt: usize) -> (Token, usize) {
    let bytes = html.as_bytes();
    let rest = &html[lt..];
    let to_gt = |from: usize| html[from..].find('>').map_or(html.len(), |i| from + i + 1);
    if rest.starts_with("<!--") {
        let end = html[lt + 4..]
            .find("-->")
            .map_or(html.len(), |i| lt + 4 + i + 3);
        return (Token::Other, end);
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        return (Token::Other, to_gt(lt + 2));
    }
    let (closing, name_at) = if rest.starts_with("</") {
        (true, lt + 2)
    } else {
        (false, lt + 1)
    };
    if !bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
        return if closing {
            // `</>` or `</ 3`: a bogus comment.
            (Token::Other, to_gt(name_at))
        } else {
            (Token::Text, lt + 1)
        };
    }
    let name_end = html[name_at..]
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .map_or(html.len(), |i| name_at + i);
    let name = html[name_at..name_end].to_ascii_lowercase();
    if closing {
        return (Token::End { name }, to_gt(name_end));
    }
    // Attributes: a quoted value may hold `>`.
    let mut i = name_end;
    let mut quote = None;
    let mut after_equals = false;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'>' => {
                let self_closing = i > name_end && bytes[i - 1] == b'/';
                return (Token::Start { name, self_closing }, i + 1);
            }
            None if after_equals && (b == b'"' || b == b'\'') => quote = Some(b),
            None => {}
        }
        if quote.is_none() && !b.is_ascii_whitespace() {
            after_equals = b == b'=';
        }
        i += 1;
    }
    (
        Token::Start {
            name,
            self_closing: false,
        },
        html.len(),
    )
}

/// Where the raw text of `name`, starting at `from`, ends: past its end
/// tag, or at the end of the page.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = html[at..].find("</") {
        let start = at + i + 2;
        let end = start + name.len();
        if end <= html.len()
            && html.is_char_boundary(end)
            && html[start..end].eq_ignore_ascii_case(name)
            && bytes
                .get(end)
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
        {
            return html[end..].find('>').map_or(html.len(), |j| end + j + 1);
        }
        at = start;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How deep elements nest in `html` once html5ever has parsed it.
    fn parsed_depth(html: &str) -> usize {
        let page = scraper::Html::parse_document(html);
        page.root_element()
            .descendent_elements()
            .map(|e| e.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn items_and_paragraphs_left_open_do_not_add_up_to_depth() {
        let items = "<li><font size=2>An item, its font left open".repeat(2_000);
        let html = format!("<body><ul>{items}</ul>{}</body>", "<p><b>x".repeat(2_000));
        assert!(matches!(flatten(&html), Cow::Borrowed(_)));
    }

    #[test]
    fn a_page_of_ordinary_depth_is_left_as_it_is() {
        let html = "<html><body><ul><li>a<li>b</ul><p>x<p>y<table><tr><td>1<td>2<tr><td>3</table>\
            <script>if (a < b) { document.write('<div>') }</script><svg><path/><path/></svg></body></html>";
        assert!(matches!(flatten(html), Cow::Borrowed(_)));
        let many_paragraphs = "<p>x".repeat(5_000);
        assert!(matches!(flatten(&many_paragraphs), Cow::Borrowed(_)));
    }

    #[test]
    fn wrappers_past_the_depth_go_and_what_they_hold_stays() {
        let depth = 20_000;
        let html = format!(
            "<body>{}<h2>Deep</h2><p><b>deep</b> text</p><script>hidden()</script><img src=x>{}</body>",
            "<div class=w>".repeat(depth),
            "</div>".repeat(depth)
        );
        let flat = flatten(&html);
        assert!(
            parsed_depth(&flat) <= UNWRAP_DEPTH + 4,
            "{}",
            parsed_depth(&flat)
        );
        let page = scraper::Html::parse_document(&flat);
        let names: Vec<_> = page
            .root_element()
            .descendent_elements()
            .map(|e| e.value().name().to_string())
            .filter(|n| !matches!(n.as_str(), "div" | "p" | "html" | "head" | "body"))
            .collect();
        assert_eq!(names, ["h2", "b", "script", "img"]);
    }

    #[test]
    fn any_tag_past_the_limit_goes_and_its_text_stays() {
        let depth = 20_000;
        let html = format!(
            "<body>{}<b>deep</b> text<script>hidden()</script><img src=x><svg><text>no</text></svg>{}</body>",
            "<blockquote>".repeat(depth),
            "</blockquote>".repeat(depth)
        );
        let flat = flatten(&html);
        assert!(
            parsed_depth(&flat) <= MAX_NESTING + 4,
            "{}",
            parsed_depth(&flat)
        );
        let page = scraper::Html::parse_document(&flat);
        let text =
            super::super::text::collapse(&super::super::text::visible_text(page.root_element()));
        assert_eq!(text, "deep text");
    }
}
