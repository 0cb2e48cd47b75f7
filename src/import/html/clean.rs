//! The policy's part of a page, as plain HTML for the Markdown converter:
//! chrome left out (and listed), wrappers unwrapped, links made absolute,
//! headings freed from lists and permalink anchors.

use std::collections::BTreeSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Node};
use url::Url;

use super::chrome::classify;
use super::content::Survey;
use super::lists::{self, Numbering};
use super::nesting::MAX_DEPTH;
use super::tables::{self, Cells};
use super::text::{
    ANCHOR_SIGN, TABLE_SIGN, ZERO_SIGN, collapse, first_words, preformatted_text, push_escaped,
    visible_text,
};
use crate::import::dropped::{DropKind, Dropped};

/// Where text is being written: blocks, or inside a heading, a table cell
/// or a term, where only inline markup may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Block,
    Heading,
    Inline,
}

/// Walks a page: the policy's part written as clean HTML, the rest listed
/// as dropped.
pub(super) struct Cleaner<'u> {
    base: Option<&'u Url>,
    survey: &'u Survey,
    /// The policy's part as first found, when it was widened to take in
    /// its title: elements of the part outside it are judged as outside
    /// the policy.
    core: Option<NodeId>,
    /// The blocks left out, in page order.
    pub dropped: Vec<Dropped>,
    /// The policy's part, as HTML the converter takes in.
    pub html: String,
    /// Raw HTML kept aside (tables Markdown cannot hold, the comment
    /// that parts two lists), each standing in `html` as a placeholder.
    pub raw_blocks: Vec<String>,
    /// The anchors of headings (`id`, or an empty `<a name>` before or
    /// inside), each standing at its heading's end as a placeholder.
    pub anchors: Vec<String>,
    /// An empty element's anchor met since the last text: the next
    /// heading's, when one comes first.
    pending_anchor: Option<String>,
    /// The anchors links of the page lead to (`href="#x"`).
    linked: BTreeSet<String>,
    /// "3. ", for the next heading: the number of the list item (now
    /// unwrapped) that the heading was in.
    pending_number: Option<String>,
    /// Whether a `<br>` was just written: the line after it starts at its
    /// first word, as the page shows it.
    after_break: bool,
    /// "b. ", for the item of a lettered list being written: put before
    /// its first text.
    pending_marker: Option<String>,
}

impl<'u> Cleaner<'u> {
    pub(super) fn new(base: Option<&'u Url>, survey: &'u Survey, core: Option<ElementRef>) -> Self {
        Cleaner {
            base,
            survey,
            core: core.map(|c| c.id()),
            dropped: Vec::new(),
            html: String::new(),
            raw_blocks: Vec::new(),
            anchors: Vec::new(),
            pending_anchor: None,
            linked: BTreeSet::new(),
            pending_number: None,
            after_break: false,
            pending_marker: None,
        }
    }

    /// Walks `body`: `content` is written, everything else dropped.
    pub(super) fn page(&mut self, body: ElementRef, content: ElementRef) {
        self.linked = body
            .descendent_elements()
            .filter(|e| e.value().name() == "a")
            .filter_map(|a| a.value().attr("href")?.trim().strip_prefix('#'))
            .map(decode_fragment)
            .collect();
        if body.id() == content.id() {
            self.children(content, Mode::Block, 0);
        } else {
            self.outside(body, content, 0);
        }
    }

    /// The part of the page around `content`: chrome and any other text
    /// dropped, `content` written where it is met.
    fn outside(&mut self, el: ElementRef, content: ElementRef, depth: usize) {
        let survey = self.survey;
        for child in el.children() {
            match child.value() {
                Node::Text(t) if !collapse(t).is_empty() => self.drop_text(DropKind::Other, t),
                Node::Element(_) => {
                    let Some(c) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if c.id() == content.id() {
                        self.children(c, Mode::Block, depth + 1);
                    } else if depth < MAX_DEPTH && content.ancestors().any(|a| a.id() == c.id()) {
                        self.outside(c, content, depth + 1);
                    } else if let Some(kind) = survey.chrome(c) {
                        self.drop(kind, c);
                    } else if depth < MAX_DEPTH && survey.has_chrome_inside(c) {
                        self.outside(c, content, depth + 1);
                    } else {
                        let text = visible_text(c);
                        if !collapse(&text).is_empty() {
                            self.drop_text(DropKind::Other, &text);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Records `el` as dropped.
    fn drop(&mut self, kind: DropKind, el: ElementRef) {
        let text = match kind {
            DropKind::Script => String::new(),
            DropKind::ImageLink => image_label(el),
            _ => visible_text(el),
        };
        self.drop_text(kind, &text);
    }

    fn drop_text(&mut self, kind: DropKind, text: &str) {
        let first_words = first_words(text);
        // A run of scripts is one block to a reader of the report.
        if kind == DropKind::Script
            && self
                .dropped
                .last()
                .is_some_and(|d| d.kind == DropKind::Script && d.first_words.is_empty())
        {
            return;
        }
        self.dropped.push(Dropped { kind, first_words });
    }

    /// Writes the children of `el`.
    fn children(&mut self, el: ElementRef, mode: Mode, depth: usize) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t),
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        self.element(c, mode, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    /// Writes `text`, escaped, no-break spaces made spaces.
    fn text(&mut self, text: &str) {
        let text = if self.after_break {
            text.trim_start()
        } else {
            text
        };
        if !text.is_empty() {
            self.after_break = false;
        }
        let mut text = text;
        if !collapse(text).is_empty() {
            self.pending_anchor = None;
            if self.pending_marker.is_some() {
                self.put_marker();
                text = text.trim_start();
            }
        }
        push_escaped(&mut self.html, text);
    }

    /// The marker of the lettered item being written ("b. "), before its
    /// first text.
    fn put_marker(&mut self) {
        if let Some(marker) = self.pending_marker.take() {
            push_escaped(&mut self.html, &marker);
        }
    }

    fn element(&mut self, el: ElementRef, mode: Mode, depth: usize) {
        if depth > MAX_DEPTH {
            self.html.push(' ');
            self.text(&visible_text(el));
            self.html.push(' ');
            return;
        }
        let name = el.value().name();
        if mode == Mode::Heading && name == "a" && is_permalink(el) {
            // A permalink sign ("¶", an icon) beside the heading's text:
            // its target is the heading's anchor, the sign no text.
            return;
        }
        if let Some(kind) = self.chrome(el) {
            self.drop(kind, el);
            return;
        }
        let block = mode == Mode::Block;
        if block && self.pending_marker.is_some() {
            self.before_item_content(name);
        }
        if block && let Some(anchor) = empty_anchor(el).or_else(|| self.linked_wrapper(el, name)) {
            self.pending_anchor = Some(anchor);
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if block => self.heading(el, name, depth),
            "ul" | "ol" if block && list_holds_headings(el) => self.unwrap_list(el, depth),
            "ol" if block && let Some(numbering) = lists::numbering(el) => {
                self.lettered(el, numbering, depth)
            }
            "p" | "ul" | "ol" | "li" | "blockquote" if block => self.wrap(el, name, mode, depth),
            "dl" if block => self.definitions(el, depth),
            "dt" if block => {
                self.html.push_str("<p><strong>");
                self.children(el, Mode::Inline, depth);
                self.html.push_str("</strong></p>");
            }
            "table" => tables::table(self, el, depth),
            // Inline markup around blocks (a link around a heading) cannot
            // be Markdown: the blocks are kept, the markup goes.
            "a" | "strong" | "b" | "em" | "i" | "code" | "kbd" | "samp" | "tt"
                if holds_blocks(el) =>
            {
                self.children(el, mode, depth)
            }
            "a" => self.link(el, mode, depth),
            "strong" | "b" => self.wrap(el, "strong", mode, depth),
            "em" | "i" => self.wrap(el, "em", mode, depth),
            "code" | "kbd" | "samp" | "tt" => self.wrap(el, "code", mode, depth),
            "pre" if block => {
                // A code block: the converter fences it, and it keeps its
                // lines and indentation as the page showed them.
                let text = preformatted_text(el);
                if !text.trim().is_empty() {
                    self.after_break = false;
                    self.pending_anchor = None;
                    self.html.push_str("<pre><code>");
                    push_escaped(&mut self.html, &text);
                    self.html.push_str("</code></pre>");
                }
            }
            "br" if block => {
                self.html.push_str("<br>");
                self.after_break = true;
            }
            "hr" if block => self.html.push_str("<hr>"),
            "img" => self.image(el),
            _ if block && is_block(name) => self.wrap(el, "div", mode, depth),
            _ if is_block(name) || name == "br" => {
                self.html.push(' ');
                self.children(el, mode, depth);
                self.html.push(' ');
            }
            _ => self.children(el, mode, depth),
        }
    }

    /// The anchor of a wrapper that links lead to (`<section id="rights">`
    /// over its heading), for the heading it starts with; a layout's
    /// wrapper (`<div id="content">`) no link names is no section's.
    fn linked_wrapper(&self, el: ElementRef, name: &str) -> Option<String> {
        if !matches!(name, "section" | "article" | "div") {
            return None;
        }
        anchor_of(el).filter(|id| self.linked.contains(id))
    }

    /// Whether `el`, inside the policy's part, is chrome.
    fn chrome(&self, el: ElementRef) -> Option<DropKind> {
        let outside_core = self
            .core
            .is_some_and(|core| el.id() != core && !el.ancestors().any(|a| a.id() == core));
        classify(el, true, &self.survey.facts(el)).or_else(|| {
            if outside_core {
                self.survey.chrome(el)
            } else {
                None
            }
        })
    }

    /// `<name>` children `</name>`; a start number kept on a list, and a
    /// list kept apart from one of its kind just before it.
    fn wrap(&mut self, el: ElementRef, name: &str, mode: Mode, depth: usize) {
        if matches!(name, "ol" | "ul") && lists::follows_list(&self.html, name) {
            // Markdown joins two lists in a row into one (the second's
            // numbers lost); a comment between them, which no reader
            // sees, keeps them two.
            let n = self.keep_raw("<!-- -->".to_string());
            self.html
                .push_str(&format!("<p>{TABLE_SIGN}{n}{TABLE_SIGN}</p>"));
        }
        if name == "ol" {
            let numbers = lists::item_numbers(el);
            if numbers.iter().all(|n| (0..=lists::MAX_START).contains(n)) {
                self.numbered(el, &numbers, mode, depth);
                return;
            }
        }
        self.html.push('<');
        self.html.push_str(name);
        self.html.push('>');
        if name == "p" {
            self.put_marker();
        }
        self.children(el, mode, depth);
        self.html.push_str("</");
        self.html.push_str(name);
        self.html.push('>');
    }

    /// A numbered list whose items show `numbers`: Markdown numbers a
    /// list on from its start only, so where the numbers jump (`value`)
    /// or count down (`reversed`) the list is parted into runs that each
    /// count on from their own start, kept apart as two lists in a row
    /// are, so that every item keeps the number readers saw.
    fn numbered(&mut self, el: ElementRef, numbers: &[i64], mode: Mode, depth: usize) {
        let mut items = numbers.iter();
        let mut next = None;
        let mut from_zero = false;
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t),
                Node::Element(e) => {
                    let Some(c) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if e.name() == "li"
                        && let Some(&number) = items.next()
                        && next != Some(number)
                    {
                        if next.is_some() {
                            self.html.push_str("</ol>");
                            let n = self.keep_raw("<!-- -->".to_string());
                            self.html
                                .push_str(&format!("<p>{TABLE_SIGN}{n}{TABLE_SIGN}</p>"));
                        }
                        self.html.push_str(&format!("<ol start=\"{number}\">"));
                        next = Some(number + 1);
                        from_zero = number == 0;
                    } else if e.name() == "li" {
                        next = next.map(|n| n + 1);
                    } else if next.is_none() {
                        let first = numbers.first().copied().unwrap_or(1);
                        self.html.push_str(&format!("<ol start=\"{first}\">"));
                        next = Some(first);
                    }
                    if e.name() == "li" && from_zero {
                        // The converter numbers from 1 at the least: each
                        // marker of a run from 0 is set back by one.
                        self.html.push_str(&format!("<li>{ZERO_SIGN}"));
                        self.children(c, mode, depth + 1);
                        self.html.push_str("</li>");
                    } else {
                        self.element(c, mode, depth + 1);
                    }
                }
                _ => {}
            }
        }
        if next.is_none() {
            self.html.push_str("<ol>");
        }
        self.html.push_str("</ol>");
    }

    /// Before a block or inline markup that starts a lettered item: the
    /// item's marker goes in front of an inline element's text, or alone
    /// on its line before a list, table or code block (never into them).
    fn before_item_content(&mut self, name: &str) {
        match name {
            "a" | "strong" | "b" | "em" | "i" | "code" | "kbd" | "samp" | "tt" | "img" => {
                self.put_marker()
            }
            "ul" | "ol" | "dl" | "table" | "pre" | "blockquote" | "hr" | "h1" | "h2" | "h3"
            | "h4" | "h5" | "h6" => {
                if let Some(marker) = self.pending_marker.take() {
                    self.html.push_str("<p>");
                    push_escaped(&mut self.html, marker.trim_end());
                    self.html.push_str("</p>");
                }
            }
            _ => {}
        }
    }

    /// A list numbered in letters or roman numerals (or not at all),
    /// which Markdown has no list for: each item a block that starts with
    /// the marker the page showed ("b. "), so that "clause 3(b)" still
    /// finds its (b).
    fn lettered(&mut self, el: ElementRef, numbering: Numbering, depth: usize) {
        let mut number = lists::start(el);
        self.html.push_str("<div>");
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t),
                Node::Element(e) => {
                    let Some(c) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if e.name() != "li" {
                        self.element(c, Mode::Block, depth + 1);
                        continue;
                    }
                    let marker = lists::item_marker(numbering, c, &mut number);
                    self.html.push_str("<div>");
                    self.pending_marker = Some(marker).filter(|m| !m.is_empty());
                    self.lettered_item(c, depth + 1);
                    self.pending_marker = None;
                    self.html.push_str("</div>");
                }
                _ => {}
            }
        }
        self.html.push_str("</div>");
    }

    /// One item of a lettered list: its first block starts with the
    /// marker; the blocks after it (a sub-list, more paragraphs) are
    /// quoted, so that readers see them indented under their item rather
    /// than as the document's own: Markdown nests blocks only in its own
    /// lists, which cannot show letters.
    fn lettered_item(&mut self, li: ElementRef, depth: usize) {
        let start = self.html.len();
        let mut quoted = false;
        for child in li.children() {
            match child.value() {
                Node::Text(t) => self.text(t),
                Node::Element(e) => {
                    let Some(c) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if !quoted && lists::is_block(e.name()) {
                        // A list first in the item: its marker on a line
                        // of its own, then the list under it.
                        self.before_item_content(e.name());
                        if self.pending_marker.is_none() && !self.html[start..].trim().is_empty() {
                            self.html.push_str("<blockquote>");
                            quoted = true;
                        }
                    }
                    self.element(c, Mode::Block, depth + 1);
                }
                _ => {}
            }
        }
        if quoted {
            self.html.push_str("</blockquote>");
        }
    }

    /// A heading, its permalink anchors left out; numbered when it was
    /// the first heading of an item of a numbered list.
    fn heading(&mut self, el: ElementRef, name: &str, depth: usize) {
        let anchor = heading_anchor(el).or_else(|| self.pending_anchor.take());
        self.pending_anchor = None;
        let start = self.html.len();
        self.html.push('<');
        self.html.push_str(name);
        self.html.push('>');
        let text_start = self.html.len();
        let number = self.pending_number.take();
        if let Some(number) = number.filter(|_| !starts_with_digit(el)) {
            self.html.push_str(&number);
        }
        self.children(el, Mode::Heading, depth);
        if collapse(&self.html[text_start..]).is_empty() {
            self.html.truncate(start);
            return;
        }
        if let Some(anchor) = anchor {
            self.html
                .push_str(&format!("{ANCHOR_SIGN}{}{ANCHOR_SIGN}", self.anchors.len()));
            self.anchors.push(anchor);
        }
        self.html.push_str("</");
        self.html.push_str(name);
        self.html.push('>');
    }

    /// A glossary: each term and its definitions one item of a list, the
    /// term in bold, so that no term is read as a section's heading.
    fn definitions(&mut self, el: ElementRef, depth: usize) {
        self.html.push_str("<ul>");
        let mut item = false;
        let mut defined = false;
        // `<div>` may group a term with its definitions.
        let entries = el.child_elements().flat_map(|c| {
            let group = c.value().name() == "div";
            let inner: Vec<_> = if group {
                c.child_elements().collect()
            } else {
                vec![c]
            };
            inner
        });
        for entry in entries {
            match entry.value().name() {
                "dt" => {
                    if item {
                        self.html.push_str("</li>");
                    }
                    self.html.push_str("<li><strong>");
                    self.children(entry, Mode::Inline, depth + 1);
                    self.html.push_str("</strong>");
                    item = true;
                    defined = false;
                }
                "dd" => {
                    if !item {
                        self.html.push_str("<li>");
                        item = true;
                    } else {
                        self.html
                            .push_str(if defined { "<br><br>" } else { "<br>" });
                    }
                    self.after_break = true;
                    self.children(entry, Mode::Block, depth + 1);
                    defined = true;
                }
                _ => self.element(entry, Mode::Block, depth + 1),
            }
        }
        if item {
            self.html.push_str("</li>");
        }
        self.html.push_str("</ul>");
    }

    /// A list whose items hold headings: the headings are the document's
    /// structure, so the items become plain blocks (a numbered list's
    /// numbers kept in the headings).
    fn unwrap_list(&mut self, el: ElementRef, depth: usize) {
        let numbered = el.value().name() == "ol";
        let numbering = lists::numbering(el);
        let mut number = lists::start(el);
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t),
                Node::Element(e) => {
                    let Some(c) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if e.name() != "li" {
                        self.element(c, Mode::Block, depth + 1);
                        continue;
                    }
                    let mut shown = None;
                    if numbered {
                        if let Some(value) = lists::value(c) {
                            number = value;
                        }
                        shown = Some(match numbering {
                            Some(numbering) => numbering.marker(number),
                            None => format!("{number}. "),
                        })
                        .filter(|m| !m.is_empty());
                        number = number.saturating_add(1);
                    }
                    self.html.push_str("<div>");
                    // An item without a heading keeps its number as text.
                    let heading = c.descendent_elements().any(|d| {
                        matches!(d.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                    });
                    match shown {
                        Some(n) if !heading && !starts_with_digit(c) => self.html.push_str(&n),
                        n => self.pending_number = n,
                    }
                    self.children(c, Mode::Block, depth + 1);
                    self.html.push_str("</div>");
                    self.pending_number = None;
                }
                _ => {}
            }
        }
    }

    /// A link, its address made absolute; in a heading, an anchor to the
    /// heading itself is unwrapped, a permalink sign left out.
    fn link(&mut self, el: ElementRef, mode: Mode, depth: usize) {
        let href = el.value().attr("href").map(str::trim).unwrap_or_default();
        let text = collapse(&visible_text(el));
        let in_page = href.starts_with('#');
        if in_page && !text.chars().any(char::is_alphanumeric) {
            // A permalink sign ("#", "¶", "§") beside a heading.
            return;
        }
        let scheme = href
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if href.is_empty() || scheme == "javascript" || (mode == Mode::Heading && in_page) {
            self.children(el, mode, depth);
            return;
        }
        let target = self.resolve(href);
        self.html.push_str("<a href=\"");
        push_escaped(&mut self.html, &target);
        self.html.push_str("\">");
        self.children(el, mode, depth);
        self.html.push_str("</a>");
    }

    /// `href` made absolute against the page's address, when known and
    /// `href` is relative; a link within the page stays as it is.
    fn resolve(&self, href: &str) -> String {
        if let Some(fragment) = href.strip_prefix('#') {
            return format!("#{}", decode_fragment(fragment));
        }
        match self.base.map(|base| base.join(href)) {
            Some(Ok(url)) => url.to_string(),
            _ => href.to_string(),
        }
    }

    fn image(&mut self, el: ElementRef) {
        let Some(src) = el
            .value()
            .attr("src")
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            return;
        };
        let src = self.resolve(src);
        self.html.push_str("<img src=\"");
        push_escaped(&mut self.html, &src);
        self.html.push_str("\" alt=\"");
        push_escaped(&mut self.html, el.value().attr("alt").unwrap_or_default());
        self.html.push_str("\">");
    }
}

impl Cells for Cleaner<'_> {
    fn html(&mut self) -> &mut String {
        &mut self.html
    }

    fn inline(&mut self, el: ElementRef, depth: usize) {
        self.children(el, Mode::Inline, depth);
    }

    fn blocks(&mut self, el: ElementRef, depth: usize) {
        self.children(el, Mode::Block, depth);
    }

    fn keep_raw(&mut self, raw: String) -> usize {
        self.raw_blocks.push(raw);
        self.raw_blocks.len() - 1
    }

    fn resolve(&self, href: &str) -> String {
        Cleaner::resolve(self, href)
    }

    fn drop_chrome(&mut self, el: ElementRef) -> bool {
        match self.chrome(el) {
            Some(kind) => {
                self.drop(kind, el);
                true
            }
            None => false,
        }
    }
}

/// Elements that are blocks: unwrapped into a `<div>` (or spaces inline).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "figure"
            | "figcaption"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "p"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "hr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "caption"
            | "hgroup"
    )
}

/// An anchor given in the page's markup, kept only when it can stand in a
/// heading's `{#…}`: no spaces or braces.
fn anchor_of(el: ElementRef) -> Option<String> {
    let e = el.value();
    // `name` is an anchor's only on `<a>` (elsewhere it names a field).
    let name = || e.attr("name").filter(|_| e.name() == "a");
    let id = e.attr("id").or_else(name)?.trim();
    let usable = !id.is_empty()
        && id.chars().count() <= 100
        && !id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '{' | '}' | '#'));
    usable.then(|| id.to_string())
}

/// The anchor of an element with no text (`<a name="x"></a>`,
/// `<span id="x"></span>`): a target for the heading after it.
fn empty_anchor(el: ElementRef) -> Option<String> {
    let empty = el.children().all(|c| match c.value() {
        Node::Text(t) => collapse(t).is_empty(),
        Node::Element(_) => false,
        _ => true,
    });
    if !empty || matches!(el.value().name(), "img" | "br" | "hr") {
        return None;
    }
    anchor_of(el)
}

/// The anchor a heading is known by: its `id`, an anchor inside it
/// (`<a id="x"></a>`), or the one its permalink leads to (`<a
/// href="#x">¶</a>`).
fn heading_anchor(el: ElementRef) -> Option<String> {
    if let Some(id) = anchor_of(el) {
        return Some(id);
    }
    let inside = || el.descendent_elements().skip(1);
    if let Some(id) = inside().find_map(anchor_of) {
        return Some(id);
    }
    inside()
        .filter(|d| d.value().name() == "a")
        .filter(|a| {
            !collapse(&visible_text(*a))
                .chars()
                .any(char::is_alphanumeric)
        })
        .find_map(|a| {
            let href = a.value().attr("href")?.trim().strip_prefix('#')?;
            let fragment = decode_fragment(href);
            (!fragment.is_empty()
                && !fragment
                    .chars()
                    .any(|c| c.is_whitespace() || matches!(c, '{' | '}' | '#')))
            .then_some(fragment)
        })
}

/// Whether the link `el` is a permalink: it leads within the page and
/// shows no words (a "¶", "#", an icon).
fn is_permalink(el: ElementRef) -> bool {
    el.value()
        .attr("href")
        .is_some_and(|h| h.trim().starts_with('#'))
        && !collapse(&visible_text(el))
            .chars()
            .any(char::is_alphanumeric)
}

/// A link's `#fragment` as the anchor it names: percent-decoded
/// (`caf%C3%A9` is `café`), unless that gives no text an anchor can be
/// (invalid UTF-8, spaces, braces), when it stays as written.
fn decode_fragment(fragment: &str) -> String {
    match percent_encoding::percent_decode_str(fragment).decode_utf8() {
        Ok(decoded)
            if !decoded.chars().any(|c| {
                c.is_whitespace() || c.is_control() || matches!(c, '{' | '}' | '#' | '<' | '>')
            }) =>
        {
            decoded.into_owned()
        }
        _ => fragment.to_string(),
    }
}

/// Whether `el` holds a block element.
fn holds_blocks(el: ElementRef) -> bool {
    el.descendent_elements()
        .skip(1)
        .any(|d| is_block(d.value().name()) || d.value().name() == "table")
}

/// Whether an item of the list `el` holds a heading.
fn list_holds_headings(el: ElementRef) -> bool {
    el.child_elements()
        .filter(|c| c.value().name() == "li")
        .any(|li| {
            li.descendent_elements()
                .any(|d| matches!(d.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        })
}

/// Whether the text of `el` begins with a digit ("12. Governing Law").
fn starts_with_digit(el: ElementRef) -> bool {
    collapse(&visible_text(el))
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
}

/// What an image-only link says of itself: its label, or its image's
/// alternative text.
fn image_label(el: ElementRef) -> String {
    let e = el.value();
    if let Some(label) = e.attr("aria-label").or(e.attr("title")) {
        return label.to_string();
    }
    el.descendent_elements()
        .find_map(|d| d.value().attr("alt"))
        .unwrap_or_default()
        .to_string()
}
