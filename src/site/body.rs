//! Markdown to HTML for one variant: the body, its table of contents and a
//! hash of the text a reader sees. Raw HTML never reaches a page unsanitised.

use std::sync::{Arc, OnceLock};

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::locale::direction;
use crate::markdown::links::LinkTo;
use crate::markdown::options as markdown_options;
use crate::markdown::visible::takes_no_room;
use crate::memo::Memo;
use crate::site::urls::TextLinks;

/// An entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The section id (the anchor).
    pub id: String,
    /// The heading as plain text.
    pub text: String,
    /// The language of a section shown in another language than the
    /// page's (a partial fallback), as the body marks it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Subsections one level down.
    pub children: Vec<TocEntry>,
}

/// A variant's body rendered to HTML.
#[derive(Debug, Clone)]
pub struct RenderedBody {
    /// Safe HTML for the page's article.
    pub html: String,
    /// The table of contents, two levels deep.
    pub toc: Arc<Vec<TocEntry>>,
    /// The visible text, whitespace folded, one block per line.
    pub text: String,
    /// The hash of `text`, worked out once: a body the render cache shares
    /// between a page and its archived version is hashed once.
    text_hash: OnceLock<String>,
}

impl RenderedBody {
    /// `sha256:` and the hex digest of the visible text.
    pub fn text_hash(&self) -> String {
        self.text_hash
            .get_or_init(|| crate::digest::sha256_id(self.text.as_bytes()))
            .clone()
    }
}

/// Link schemes that are safe to keep without sanitising the page.
fn is_safe_url(url: &str) -> bool {
    match url.split_once(':') {
        None => true,
        Some((scheme, _)) if scheme.contains(['/', '?', '#']) => true,
        Some((scheme, _)) => matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto" | "tel"
        ),
    }
}

/// Renders Markdown to HTML. The HTML pulldown-cmark writes for plain
/// Markdown is safe by construction (text is escaped); when the source has raw
/// HTML or a link with another scheme, the whole body goes through ammonia.
/// Sections listed in `langs` (id, language) are wrapped in an element with
/// that `lang`, for text shown in another language than the page's. Links to
/// other documents (`doc:privacy#retention`) and relative links become
/// links from the page the text is on, as `links` makes them.
pub fn render_markdown(
    markdown: &str,
    langs: &[(String, String)],
    links: &TextLinks,
) -> RenderedBody {
    let part = render_part(markdown, Outline::default(), langs, links);
    let html = match part.needs_sanitising {
        true => sanitise(&part.html),
        false => part.html,
    };
    RenderedBody {
        html,
        toc: Arc::new(build_toc(part.headings, langs)),
        text: part.text.trim_end().to_string(),
        text_hash: OnceLock::new(),
    }
}

/// A text, or a part of one, rendered: its HTML as pulldown-cmark writes
/// it (not sanitised yet), its headings (level, id, text), its visible
/// text (not trimmed) and the headings open at its end.
struct RenderedPart {
    html: String,
    headings: Vec<(u8, String, String)>,
    text: String,
    needs_sanitising: bool,
    /// Whether its last block is a fenced code block running to its end,
    /// which in the whole text could go on over what follows.
    open_at_end: bool,
    outline: Outline,
}

/// Renders `markdown` with the headings of `outline` open before it.
fn render_part(
    markdown: &str,
    mut outline: Outline,
    langs: &[(String, String)],
    links: &TextLinks,
) -> RenderedPart {
    let mut needs_sanitising = false;
    let mut open_at_end = false;
    let mut headings: Vec<(u8, String, String)> = Vec::new();
    let mut current_heading: Option<(u8, String, String)> = None;
    let mut text = String::with_capacity(markdown.len());
    let body_end = markdown.trim_end().len();

    let events = Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .map(|(event, range)| {
            if let Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_))) = &event {
                open_at_end |= range.end >= body_end;
            }
            event
        })
        .map(|event| link_from_page(event, links))
        .map(|event| outline.level(event));
    let events = events.inspect(|event| match event {
        Event::Start(Tag::Heading { level, id, .. }) => {
            current_heading = Some((
                *level as u8,
                id.as_deref().unwrap_or_default().to_string(),
                String::new(),
            ));
        }
        Event::End(TagEnd::Heading(_)) => {
            if let Some(h) = current_heading.take() {
                headings.push(h);
            }
            end_block(&mut text);
        }
        Event::Text(t) | Event::Code(t) => {
            if let Some((_, _, heading)) = current_heading.as_mut() {
                heading.push_str(t);
            }
            push_words(&mut text, t);
        }
        Event::SoftBreak | Event::HardBreak => push_words(&mut text, " "),
        Event::Html(_) | Event::InlineHtml(_) => needs_sanitising = true,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
            if !is_safe_url(dest_url) =>
        {
            needs_sanitising = true;
        }
        Event::End(
            TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::CodeBlock
            | TagEnd::FootnoteDefinition,
        ) => end_block(&mut text),
        _ => {}
    });
    // Footnote anchors get a prefix: a footnote labelled like a section
    // (`[^retention]`) must not take over that section's id.
    let events = events.map(|event| match event {
        Event::FootnoteReference(label) => Event::FootnoteReference(format!("fn-{label}").into()),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Start(Tag::FootnoteDefinition(format!("fn-{label}").into()))
        }
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    if langs.is_empty() {
        html::push_html(&mut html, events);
    } else {
        html::push_html(&mut html, wrap_sections(events, langs).into_iter());
    }
    RenderedPart {
        html,
        headings,
        text,
        needs_sanitising,
        open_at_end,
        outline,
    }
}

/// Whether a text made of `parts` (a preamble, then sections each opening
/// with its heading line) renders as its parts rendered one by one, each
/// from the headings the ones before it left open: no part but the first
/// starts anywhere but at a heading of its own (a heading inside a list
/// item keeps its list going over the next section), and nothing one part
/// says reaches into another: no footnotes (numbered across the page) and
/// no link reference definitions (`[name]: …`, found from anywhere).
fn renders_by_part(parts: &[&str]) -> bool {
    parts.iter().skip(1).all(|p| p.starts_with('#'))
        && !parts.iter().any(|p| p.contains("[^") || p.contains("]:"))
}

/// A link of the text made into a link from the page it is on: a `doc:`
/// link to that document, a relative link from the document's own page.
fn link_from_page<'a>(event: Event<'a>, links: &TextLinks) -> Event<'a> {
    let Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    }) = event
    else {
        return event;
    };
    // An e-mail autolink's destination is an address, not a URL.
    let dest_url = match LinkTo::of(&dest_url).filter(|_| link_type != LinkType::Email) {
        Some(LinkTo::Document { doc, section }) => links.document(&doc, section.as_deref()).into(),
        // A path from the server's root is an error; archived text keeps it.
        Some(LinkTo::Relative(href)) if !href.starts_with('/') => links.relative(&href).into(),
        _ => dest_url,
    };
    Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    })
}

/// The level a section's heading of `depth` is rendered at (0 for the
/// document's shallowest headings): the page's title is its `h1`, so its
/// sections start at `h2`.
fn rendered_level(depth: usize) -> HeadingLevel {
    match depth {
        0 => HeadingLevel::H2,
        1 => HeadingLevel::H3,
        2 => HeadingLevel::H4,
        3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The headings open at a point of the body, so that each heading is
/// rendered at its depth in the section tree, whatever level the author
/// typed: `## A` then `#### B` are `h2` and `h3`, and a document written
/// with `####` headings only has `h2` sections. The outline of the page
/// never skips a level.
#[derive(Default, Clone)]
struct Outline {
    open: Vec<HeadingLevel>,
    current: Option<HeadingLevel>,
}

impl Outline {
    fn level<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                while self.open.last().is_some_and(|open| *open >= level) {
                    self.open.pop();
                }
                let rendered = rendered_level(self.open.len());
                self.open.push(level);
                self.current = Some(rendered);
                Event::Start(Tag::Heading {
                    level: rendered,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                Event::End(TagEnd::Heading(self.current.take().unwrap_or(level)))
            }
            other => other,
        }
    }
}

/// Appends text with every run of white space folded into one space.
/// Wraps each listed section (its heading up to the next heading of the same
/// or a higher level) in `<div lang="…" dir="…">`: the direction is the
/// section's own, so English text on an Arabic page reads left to right.
fn wrap_sections<'a>(
    events: impl Iterator<Item = Event<'a>>,
    langs: &[(String, String)],
) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    // The open wrapper's heading level and the number of containers (list
    // items, quotes…) around its heading: a section whose heading opens a
    // list item (`1. ## Terms`) ends with its item at the latest, so that
    // the wrapper closes inside the element it opened in.
    let mut open: Option<(HeadingLevel, usize)> = None;
    let mut depth = 0;
    for event in events {
        match &event {
            Event::Start(tag) if is_container(tag) => depth += 1,
            Event::End(tag) if is_container_end(tag) => {
                if open.is_some_and(|(_, d)| d == depth) {
                    out.push(Event::Html("</div>\n".into()));
                    open = None;
                }
                depth -= 1;
            }
            _ => {}
        }
        if let Event::Start(Tag::Heading { level, id, .. }) = &event {
            if open.is_some_and(|(l, d)| *level <= l && d == depth) {
                out.push(Event::Html("</div>\n".into()));
                open = None;
            }
            let lang = id
                .as_deref()
                .and_then(|id| langs.iter().find(|(s, _)| s == id));
            if let (None, Some((_, lang))) = (open, lang) {
                let dir = direction(lang).as_str();
                out.push(Event::Html(
                    format!("<div lang=\"{lang}\" dir=\"{dir}\">\n").into(),
                ));
                open = Some((*level, depth));
            }
        }
        out.push(event);
    }
    if open.is_some() {
        out.push(Event::Html("</div>\n".into()));
    }
    out
}

/// The block elements that can hold a heading.
fn is_container(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)
    )
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition
    )
}

fn push_words(text: &mut String, words: &str) {
    // Word by word rather than character by character: this runs over
    // every page's whole text.
    fn push(text: &mut String, piece: &str, pending_space: &mut bool) {
        if piece.is_empty() {
            return;
        }
        if *pending_space && !text.is_empty() && !text.ends_with([' ', '\n']) {
            text.push(' ');
        }
        *pending_space = false;
        text.push_str(piece);
    }
    let mut pending_space = false;
    for (i, word) in words.split(char::is_whitespace).enumerate() {
        pending_space |= i > 0;
        // What takes no room is never ASCII.
        match word.is_ascii() {
            true => push(text, word, &mut pending_space),
            false => {
                for piece in word.split(takes_no_room) {
                    push(text, piece, &mut pending_space);
                }
            }
        }
    }
    if pending_space && !text.is_empty() && !text.ends_with([' ', '\n']) {
        text.push(' ');
    }
}

fn end_block(text: &mut String) {
    while text.ends_with(' ') {
        text.pop();
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class"])
        // `<a name="…">`, an anchor older pages use: browsers lead to it.
        .add_tag_attributes("a", ["name"])
        // A table of facts names its table and each row, for scripts and
        // styles (`resolve::placements`).
        .add_tag_attributes("table", ["data-facts"])
        .add_tag_attributes("tr", ["data-row"])
        .link_rel(None)
        .clean(html)
        .to_string()
}

/// The table of contents of `headings` (level, id, text), each entry with
/// the language of the section it is in when `langs` lists it, as
/// [`wrap_sections`] marks the body: a listed section and its subsections.
fn build_toc(headings: Vec<(u8, String, String)>, langs: &[(String, String)]) -> Vec<TocEntry> {
    let Some(top) = headings.iter().map(|h| h.0).min() else {
        return Vec::new();
    };
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut open: Option<(u8, &str)> = None;
    for (level, id, text) in headings {
        if open.is_some_and(|(l, _)| level <= l) {
            open = None;
        }
        if open.is_none()
            && let Some((_, lang)) = langs.iter().find(|(s, _)| *s == id)
        {
            open = Some((level, lang));
        }
        let entry = TocEntry {
            id,
            text: text.trim().to_string(),
            lang: open.map(|(_, l)| l.to_string()),
            children: Vec::new(),
        };
        match (level - top, toc.last_mut()) {
            (0, _) | (1, None) => toc.push(entry),
            (1, Some(parent)) => parent.children.push(entry),
            _ => {}
        }
    }
    toc
}

/// Renders each distinct Markdown text once, and each distinct part of a
/// text (a section) once. Variants of a document often differ only in
/// region or locale metadata, not in text, and share the rendered body;
/// those whose texts differ (a region's supplement, a variable with the
/// region's own value) still share most of their sections.
///
/// A body put together from its sections is not kept (a site's bodies are
/// most of a build's memory), only the hash of what it shows, which is
/// the costly part of putting it together again.
#[derive(Default)]
pub struct RenderCache {
    bodies: Memo<u128, RenderedBody>,
    parts: Memo<u128, RenderedPart>,
    text_hashes: Memo<u128, String>,
}

/// A key for text rendered with `links` from the headings of `outline`:
/// a 128-bit hash of them all, which two distinct inputs will not share.
fn cache_key<'t>(
    links: &TextLinks,
    outline: Option<&Outline>,
    texts: impl IntoIterator<Item = &'t str>,
) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(links.key().as_bytes());
    hasher.update(&[0]);
    if let Some(outline) = outline {
        for level in &outline.open {
            hasher.update(&[*level as u8]);
        }
    }
    for text in texts {
        hasher.update(&[0]);
        hasher.update(text.as_bytes());
    }
    hasher.digest128()
}

impl RenderCache {
    /// The rendered body of `markdown`, from the cache when it was seen before.
    pub fn render(
        &self,
        markdown: &str,
        langs: &[(String, String)],
        links: &TextLinks,
    ) -> Arc<RenderedBody> {
        let key = cache_key(links, None, body_texts(markdown, langs));
        self.bodies
            .get_or(&key, || render_markdown(markdown, langs, links))
    }

    /// The rendered body of `markdown`, the text made of `parts` (its
    /// preamble, then its sections, as [`crate::resolve::Variant::join`]
    /// joins them): rendered a part at a time, each part once, when that
    /// gives what rendering it whole gives; else whole.
    pub fn render_parts(
        &self,
        markdown: &str,
        parts: &[&str],
        langs: &[(String, String)],
        links: &TextLinks,
    ) -> Arc<RenderedBody> {
        let key = cache_key(links, None, body_texts(markdown, langs));
        // A text that had to be rendered whole is not tried by parts again.
        if let Some(whole) = self.bodies.get(&key) {
            return whole;
        }
        let joined = match langs.is_empty() && renders_by_part(parts) {
            true => self.join_parts(parts, links),
            false => None,
        };
        match joined {
            Some(body) => {
                let hash = self.text_hashes.get_or(&key, || body.text_hash());
                let _ = body.text_hash.set(String::clone(&hash));
                Arc::new(body)
            }
            None => self
                .bodies
                .get_or(&key, || render_markdown(markdown, langs, links)),
        }
    }

    /// The parts rendered one by one and put together; `None` when one of
    /// them needs the whole text (raw HTML, which is sanitised as a whole,
    /// or a code block that may not end with its part).
    fn join_parts(&self, parts: &[&str], links: &TextLinks) -> Option<RenderedBody> {
        let mut outline = Outline::default();
        let mut rendered = Vec::with_capacity(parts.len());
        for part in parts {
            let key = cache_key(links, Some(&outline), [*part]);
            let done = self
                .parts
                .get_or(&key, || render_part(part, outline.clone(), &[], links));
            // Each part must close what it opens, as it would in the whole.
            let clean = !done.needs_sanitising
                && !done.open_at_end
                && (done.html.is_empty() || done.html.ends_with('\n'))
                && (done.text.is_empty() || done.text.ends_with('\n'));
            if !clean {
                return None;
            }
            outline = done.outline.clone();
            rendered.push(done);
        }
        let mut html = String::with_capacity(rendered.iter().map(|p| p.html.len()).sum());
        let mut text = String::with_capacity(rendered.iter().map(|p| p.text.len()).sum());
        let mut headings = Vec::new();
        for part in &rendered {
            html.push_str(&part.html);
            text.push_str(&part.text);
            headings.extend(part.headings.iter().cloned());
        }
        Some(RenderedBody {
            html,
            toc: Arc::new(build_toc(headings, &[])),
            text: text.trim_end().to_string(),
            text_hash: OnceLock::new(),
        })
    }
}

/// What a body's key is made of: its text, then each section shown in
/// another language, with that language.
fn body_texts<'t>(
    markdown: &'t str,
    langs: &'t [(String, String)],
) -> impl Iterator<Item = &'t str> {
    std::iter::once(markdown).chain(
        langs
            .iter()
            .flat_map(|(id, lang)| [id.as_str(), lang.as_str()]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::VariantKey;
    use crate::site::urls;

    fn key() -> VariantKey {
        VariantKey {
            doc: "privacy".into(),
            region: "us".into(),
            locale: "en-US".into(),
        }
    }

    /// The links of a text on its document's own page.
    fn page_links() -> TextLinks {
        TextLinks::new(&urls::document(&key()), &key())
    }

    /// `push_words` as it was written first, a character at a time.
    fn push_words_by_character(text: &mut String, words: &str) {
        let mut pending_space = false;
        for c in words.chars() {
            if c.is_whitespace() {
                pending_space = true;
                continue;
            }
            if takes_no_room(c) {
                continue;
            }
            if pending_space && !text.is_empty() && !text.ends_with([' ', '\n']) {
                text.push(' ');
            }
            pending_space = false;
            text.push(c);
        }
        if pending_space && !text.is_empty() && !text.ends_with([' ', '\n']) {
            text.push(' ');
        }
    }

    #[test]
    fn words_are_pushed_as_they_were_a_character_at_a_time() {
        let pieces = [
            "",
            " ",
            "  ",
            "\t",
            "\n",
            "a",
            "word",
            "Wörter",
            "\u{AD}",
            "\u{200B}",
            "\u{FEFF}",
            "\u{2060}",
            "co\u{AD}op",
            "\u{00A0}",
            "\u{3000}",
            "語",
            ".",
        ];
        let starts = ["", "x", "x ", "x\n"];
        // Every sequence of up to three pieces, after every kind of start.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for start in starts {
                        let words = format!("{a}{b}{c}");
                        let (mut fast, mut slow) = (start.to_string(), start.to_string());
                        push_words(&mut fast, &words);
                        push_words_by_character(&mut slow, &words);
                        assert_eq!(fast, slow, "{start:?} + {words:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn raw_script_and_event_handlers_are_removed() {
        let body = render_markdown(
            "Hi <script>alert(1)</script> <b onclick=\"x()\">bold</b>\n",
            &[],
            &page_links(),
        );
        assert!(!body.html.contains("<script"), "{}", body.html);
        assert!(!body.html.contains("onclick"), "{}", body.html);
        assert!(body.html.contains("<b>bold</b>"), "{}", body.html);
    }

    #[test]
    fn a_table_of_facts_keeps_its_caption_scopes_and_data_attributes() {
        let table = "<table class=\"facts\" data-facts=\"cookies\">\n<caption>Cookies</caption>\n<thead><tr><th scope=\"col\">Name</th></tr></thead>\n<tbody>\n<tr data-row=\"session\"><th scope=\"row\">session</th></tr>\n</tbody>\n</table>\n";
        let body = render_markdown(table, &[], &page_links());
        for kept in [
            "<table class=\"facts\" data-facts=\"cookies\">",
            "<caption>Cookies</caption>",
            "<th scope=\"col\">Name</th>",
            "<tr data-row=\"session\"><th scope=\"row\">session</th></tr>",
        ] {
            assert!(body.html.contains(kept), "{kept} in {}", body.html);
        }
    }

    #[test]
    fn footnote_ids_never_take_a_section_id() {
        let body = render_markdown(
            "## Deposit {#deposit}\nPaid[^deposit].\n\n[^deposit]: Refundable.\n",
            &[],
            &page_links(),
        );
        assert_eq!(
            body.html.matches("id=\"deposit\"").count(),
            1,
            "{}",
            body.html
        );
        assert!(body.html.contains("id=\"fn-deposit\""), "{}", body.html);
        assert!(body.html.contains("href=\"#fn-deposit\""), "{}", body.html);
    }

    #[test]
    fn document_links_lead_to_the_document_from_the_page() {
        let body = render_markdown(
            "See [terms](doc:terms#law), [privacy][p] and [old](../terms/).\n\n[p]: doc:privacy\n",
            &[],
            &TextLinks::new(&urls::version(&key(), 1), &key()),
        );
        assert!(
            body.html
                .contains("<a href=\"../../../terms/index.html#law\">terms</a>"),
            "{}",
            body.html
        );
        assert!(
            body.html
                .contains("<a href=\"../../../privacy/index.html\">privacy</a>"),
            "{}",
            body.html
        );
        assert!(
            body.html
                .contains("<a href=\"../../../terms/index.html\">old</a>"),
            "{}",
            body.html
        );
    }

    #[test]
    fn email_autolinks_stay_addresses_on_every_page() {
        let body = render_markdown(
            "Write to <privacy@otter.example>.\n",
            &[],
            &TextLinks::new(&urls::version(&key(), 1), &key()),
        );
        assert!(
            body.html.contains("href=\"mailto:privacy@otter.example\""),
            "{}",
            body.html
        );
    }

    #[test]
    fn javascript_links_are_removed() {
        let body = render_markdown("[x](javascript:alert(1))\n", &[], &page_links());
        assert!(!body.html.contains("javascript:"), "{}", body.html);
    }

    #[test]
    fn headings_keep_their_ids_and_feed_the_toc() {
        let body = render_markdown(
            "## A {#a}\ntext\n### A1 {#a1}\n## B *b* {#b}\n",
            &[],
            &page_links(),
        );
        assert!(body.html.contains("<h2 id=\"a\">A</h2>"), "{}", body.html);
        assert_eq!(body.toc.len(), 2);
        assert_eq!(body.toc[0].children[0].id, "a1");
        assert_eq!(body.toc[1].text, "B b");
    }

    #[test]
    fn heading_levels_follow_the_section_tree_and_never_skip() {
        let body = render_markdown(
            "#### A {#a}\ntext\n###### A1 {#a1}\n#### B {#b}\n## C {#c}\n#### C1 {#c1}\n",
            &[],
            &page_links(),
        );
        for expected in [
            "<h2 id=\"a\">A</h2>",
            "<h3 id=\"a1\">A1</h3>",
            "<h2 id=\"b\">B</h2>",
            "<h2 id=\"c\">C</h2>",
            "<h3 id=\"c1\">C1</h3>",
        ] {
            assert!(body.html.contains(expected), "{expected}: {}", body.html);
        }
        assert_eq!(body.toc.len(), 3);
        assert_eq!(body.toc[0].children[0].id, "a1");
    }

    #[test]
    fn headings_that_open_list_items_stay_in_their_items() {
        let body = render_markdown(
            "1. #### One {#one}\n\n    Text of one.\n\n2. #### Two {#two}\n\n   Text of two.\n",
            &[],
            &page_links(),
        );
        assert!(
            body.html.contains(
                "<ol>\n<li>\n<h2 id=\"one\">One</h2>\n<p>Text of one.</p>\n</li>\n<li>\n<h2 id=\"two\">Two</h2>"
            ),
            "{}",
            body.html
        );
        assert!(!body.html.contains("<pre>"), "{}", body.html);
    }

    #[test]
    fn a_section_in_another_language_in_a_list_item_closes_in_its_item() {
        let langs = [("one".to_string(), "en-US".to_string())];
        let body = render_markdown(
            "1. ## One {#one}\n\n   uno\n\n2. ## Two {#two}\n\n   dos\n",
            &langs,
            &page_links(),
        );
        assert!(
            body.html
                .contains("<li><div lang=\"en-US\" dir=\"ltr\">\n<h2 id=\"one\">One</h2>\n<p>uno</p>\n</div>\n</li>"),
            "{}",
            body.html
        );
    }

    #[test]
    fn a_section_shown_in_another_direction_carries_its_own() {
        let langs = [("b".to_string(), "ar-EG".to_string())];
        let body = render_markdown("## A {#a}\none\n## B {#b}\nتحت\n", &langs, &page_links());
        assert!(
            body.html.contains("<div lang=\"ar-EG\" dir=\"rtl\">"),
            "{}",
            body.html
        );
    }

    #[test]
    fn sections_in_another_language_are_marked() {
        let langs = [("b".to_string(), "en-US".to_string())];
        let body = render_markdown(
            "## A {#a}\nuno\n## B {#b}\ntwo\n### B1 {#b1}\nthree\n## C {#c}\ncuatro\n",
            &langs,
            &page_links(),
        );
        let start = body.html.find("<div lang=\"en-US\" dir=\"ltr\">").unwrap();
        let end = body.html.find("</div>").unwrap();
        let inside = &body.html[start..end];
        assert!(
            inside.contains("id=\"b\"") && inside.contains("id=\"b1\""),
            "{}",
            body.html
        );
        assert!(
            !inside.contains("id=\"c\"") && !inside.contains("id=\"a\""),
            "{}",
            body.html
        );
    }

    #[test]
    fn visible_text_ignores_wrapping_and_markup() {
        let a = render_markdown(
            "Some *words*\nwrapped   here.\n\n- one\n- two\n",
            &[],
            &page_links(),
        );
        let b = render_markdown(
            "Some _words_ wrapped here.\n\n* one\n* two\n",
            &[],
            &page_links(),
        );
        assert_eq!(a.text, "Some words wrapped here.\none\ntwo");
        assert_eq!(a.text_hash(), b.text_hash());
        let hidden = render_markdown(
            "\u{FEFF}Some words wrap\u{AD}ped here.\n\n- one\n- t\u{200B}wo\n",
            &[],
            &page_links(),
        );
        assert_eq!(a.text_hash(), hidden.text_hash());
    }

    /// Blocks real sections are written with, a few of which reach past
    /// their section (an unclosed fence, raw HTML, footnotes, reference
    /// definitions, a heading in a list item): the cache must then render
    /// the text whole.
    const BLOCKS: [&str; 26] = [
        "Plain words and [a link](doc:terms#s2) and [another](#s1).\n",
        "- one\n- two\n\n  still two\n",
        "1. first\n2. second\n",
        "> quoted\nlazy line\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "```\ncode\n```\n",
        "```\nnever closed\n",
        "    indented code\n",
        "<div>raw *html*</div>\n",
        "Inline <b>html</b> here.\n",
        "A note[^n].\n\n[^n]: The note.\n",
        "See [the terms][t].\n\n[t]: https://example.test/t\n",
        "![a picture](pic.png)\n",
        "***\n",
        "Title\n=====\n",
        "**Bold line**\n",
        "Hard  \nbreak\n",
        "[unsafe](javascript:alert(1))\n",
        "Text with `code` and ~~struck~~ words.\n",
        "- item\n\n      code in item\n",
        "",
        "\u{200b}Invisible\u{feff} joins.\n",
        "Another note[^m] and the first[^n].\n",
        "[^m]: The second note.\n",
        "A reference to [t] defined elsewhere.\n",
        "[t]: https://example.test/elsewhere\n",
    ];

    /// A section's opening line: a heading at some level, or one inside a
    /// list item.
    fn heading(n: usize, level: usize, in_list: bool) -> String {
        let hashes = "#".repeat(level);
        match in_list {
            true => format!("{}. {hashes} Heading {n} {{#h{n}}}\n", n + 1),
            false => format!("{hashes} Heading {n} {{#h{n}}}\n"),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(600))]
        /// A text rendered a section at a time (through the cache, which
        /// shares sections between texts) is the text rendered whole:
        /// the same HTML, table of contents and visible text.
        #[test]
        fn a_text_rendered_by_sections_is_the_text_rendered_whole(
            preamble in proptest::collection::vec(0..BLOCKS.len(), 0..3),
            sections in proptest::collection::vec(
                (1usize..5, proptest::bool::weighted(0.1), proptest::collection::vec(0..BLOCKS.len(), 0..4)),
                0..6,
            ),
        ) {
            let cache = RenderCache::default();
            let links = page_links();
            let mut parts: Vec<String> = vec![preamble.iter().map(|b| BLOCKS[*b]).collect::<Vec<_>>().join("\n")];
            for (n, (level, in_list, blocks)) in sections.iter().enumerate() {
                let mut part = heading(n, *level, *in_list);
                for b in blocks {
                    part.push('\n');
                    // A heading's list item holds the blocks indented
                    // under it.
                    for line in BLOCKS[*b].lines() {
                        if *in_list {
                            part.push_str("   ");
                        }
                        part.push_str(line);
                        part.push('\n');
                    }
                }
                parts.push(part);
            }
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let markdown = crate::resolve::Variant::join(parts.iter().copied());
            // Twice: the first renders the sections, the second finds
            // them (and the text's hash) in the cache.
            let whole = render_markdown(&markdown, &[], &links);
            for _ in 0..2 {
                let by_parts = cache.render_parts(&markdown, &parts, &[], &links);
                proptest::prop_assert_eq!(&by_parts.html, &whole.html);
                proptest::prop_assert_eq!(&by_parts.text, &whole.text);
                proptest::prop_assert_eq!(&by_parts.toc, &whole.toc);
                proptest::prop_assert_eq!(by_parts.text_hash(), whole.text_hash());
            }
        }
    }

    #[test]
    fn a_text_rendered_whole_is_kept_and_not_tried_by_parts_again() {
        let cache = RenderCache::default();
        let links = page_links();
        // Raw HTML is sanitised with the whole text.
        let parts = ["Intro.\n", "## One {#one}\n\n<b>Raw</b> words.\n"];
        let markdown = crate::resolve::Variant::join(parts);
        let first = cache.render_parts(&markdown, &parts, &[], &links);
        let tried = cache.parts.kept_count();
        let again = cache.render_parts(&markdown, &parts, &[], &links);
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(cache.bodies.kept_count(), 1);
        assert_eq!(cache.parts.kept_count(), tried);
        assert_eq!(first.html, render_markdown(&markdown, &[], &links).html);
    }

    #[test]
    fn sections_seen_before_are_not_rendered_again() {
        let cache = RenderCache::default();
        let links = page_links();
        let a = [
            "Intro.\n",
            "## One {#one}\n\nFirst.\n",
            "## Two {#two}\n\nSecond.\n",
        ];
        let b = [
            "Intro.\n",
            "## One {#one}\n\nFirst.\n",
            "## Two {#two}\n\nChanged.\n",
        ];
        for parts in [a, b] {
            let markdown = crate::resolve::Variant::join(parts);
            cache.render_parts(&markdown, &parts, &[], &links);
        }
        // Three parts, then the one that changed; each text's hash is
        // kept, not the text.
        assert_eq!(cache.parts.kept_count(), 4);
        assert_eq!(cache.text_hashes.kept_count(), 2);
        assert_eq!(cache.bodies.kept_count(), 0);
    }
}
