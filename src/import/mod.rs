//! `import`: a policy published today as a web page (saved HTML, or a
//! Markdown or text export of it) becomes a policy document: the site
//! around it left out and reported, headings made sections with ids, the
//! "Last Updated" line made a release date.

pub mod blocks;
pub mod chrome;
mod countries;
pub mod date_lines;
mod date_words;
pub mod dates;
pub mod decode;
pub mod dropped;
pub mod first_release;
pub mod html;
pub mod left_dates;
pub mod links;
pub mod outline;
mod permalinks;
mod references;
mod split;
mod targets;
mod text_lines;
pub mod translation;
pub mod vocabulary;

use std::collections::BTreeSet;

use serde::Serialize;

use self::blocks::BlockKind;
use self::date_lines::take_dates;
use self::dates::DateLine;
use self::dropped::{DropKind, Dropped};
use self::first_release::FirstRelease;
use self::left_dates::LeftDate;
use self::links::Notice;
use self::split::{
    Item, dated_title, document_starts, first_title, is_header_chrome, split_documents,
};
use self::targets::{decide, find_notices, retarget_raw};
use crate::history::Day;

/// What kind of file the page was saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A saved HTML page.
    Html,
    /// A Markdown export (what a scraper writes).
    Markdown,
    /// A plain text export ("save as text").
    Text,
}

/// One section heading of an imported document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// 2 to 6.
    pub level: usize,
    /// Its id.
    pub id: String,
    /// Its text.
    pub heading: String,
}

/// One document found on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its title, for the front matter.
    pub title: String,
    /// Whether the page gave the title (else it was made from the id).
    pub title_found: bool,
    /// Its sections, in order.
    pub sections: Vec<Section>,
    /// The date lines recognised in it (and removed from its text).
    pub dates: Vec<DateLine>,
    /// The date-looking lines left in its text, and why.
    pub left_dates: Vec<LeftDate>,
    /// Its text as Markdown, without front matter.
    pub body: String,
    /// What the report should tell of it (ids made of a heading's place,
    /// sections matched with a translation's source).
    pub notes: Vec<String>,
    /// Its blocks, which `body` joins.
    pub blocks: Vec<blocks::Block>,
    /// When it is a translation: how its sections were matched with the
    /// version it translates ([`translation::follow`]).
    pub translation: Option<translation::Matching>,
}

impl Document {
    /// Its first release, on `today`, from its date lines: see
    /// [`first_release::plan`].
    pub fn first_release(&self, today: Day) -> Option<FirstRelease> {
        first_release::plan(&self.dates, today)
    }

    /// The document's source: front matter with its title, then its text.
    pub fn source(&self) -> String {
        let title: String = escape_tera(&self.title)
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let title = title.replace('\\', "\\\\").replace('"', "\\\"");
        format!("---\ntitle: \"{title}\"\n---\n\n{}", self.body)
    }
}

/// Everything found on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The page's language, as the page said (`<html lang>`) or as its
    /// date line's words show.
    pub lang: Option<String>,
    /// The documents: one, or one per title with `split`.
    pub documents: Vec<Document>,
    /// Every block left out as site chrome, in page order.
    pub dropped: Vec<Dropped>,
    /// Links to regional notices: candidate supplements.
    pub notices: Vec<Notice>,
    /// The titles of the documents the page seems to hold, when it holds
    /// several and `split` was not asked for.
    pub several: Vec<String>,
    /// Links left as text, and why (`#anchor` of no section, a relative
    /// link without a page address).
    pub unlinked: Vec<Unlinked>,
}

/// A link of the page kept as text (or an address emptied), since it
/// could not be made to lead anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unlinked {
    /// The document it is in (its id).
    pub document: String,
    /// What it was: a Markdown link, a link reference definition, or an
    /// address in the page's raw HTML (`href`, `src`).
    pub kind: UnlinkedKind,
    /// The link's text as a reader sees it (its first words; empty for a
    /// definition or an HTML address).
    pub text: String,
    /// Where it led, as the page wrote it.
    pub target: String,
    /// Why it leads nowhere.
    pub reason: UnlinkedReason,
}

/// What an [`Unlinked`] was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnlinkedKind {
    /// `[text](target)`.
    Link,
    /// `[label]: target`.
    Definition,
    /// An `href` or `src` of raw HTML.
    HtmlAddress,
}

/// Why an [`Unlinked`] leads nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnlinkedReason {
    /// `#anchor`, and no section of the document has that anchor.
    NoSuchSection,
    /// A relative target, and the page's address is unknown.
    RelativeWithoutAddress,
    /// A reference link (`[text][label]`) to a label the page does not
    /// define; its target is `[label]`.
    UndefinedLabel,
}

impl Unlinked {
    /// The link and why it is text now, in a sentence.
    pub fn describe(&self) -> String {
        let why = match self.reason {
            UnlinkedReason::NoSuchSection => {
                "no section of the document has the anchor it leads to"
            }
            UnlinkedReason::RelativeWithoutAddress => {
                "the page's address is unknown (give it with --url)"
            }
            UnlinkedReason::UndefinedLabel => {
                return format!(
                    "“{}”: a reference link to a label the page does not define",
                    self.text
                );
            }
        };
        match (self.kind, self.reason) {
            (UnlinkedKind::Link, UnlinkedReason::NoSuchSection) => {
                format!("“{}”: {why}", self.text)
            }
            (UnlinkedKind::Link, _) => format!("“{}”: a relative link, and {why}", self.text),
            (UnlinkedKind::Definition, _) => {
                format!("a link definition with a relative target, and {why}")
            }
            (UnlinkedKind::HtmlAddress, _) => {
                format!("an address in the page's HTML is relative, and {why}")
            }
        }
    }
}

/// Why a page could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Nothing but white space.
    #[error("the page is empty")]
    Empty,
    /// Only site chrome.
    #[error(
        "no policy text found on the page: everything on it looks like site chrome ({blocks} block{s})", blocks = .0, s = plural(*.0)
    )]
    NoPolicy(usize),
    /// `--doc` names a different number of documents than the page holds.
    #[error("--doc names {given} document{}, but the page holds {}: {}", plural(*given), titles.len(), titles.join(", "))]
    DocCount {
        /// How many ids `--doc` gave.
        given: usize,
        /// The titles found.
        titles: Vec<String>,
    },
    /// `--split` on a page with one document.
    #[error("--split found only one document on the page")]
    NothingToSplit {
        /// Its title (not quoted in the message: the page is not the
        /// project's).
        title: Option<String>,
    },
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The page's text (decoded: see [`decode`]).
    pub text: &'a str,
    /// What it was saved as.
    pub kind: SourceKind,
    /// The page's address, to make relative links absolute.
    pub url: Option<&'a url::Url>,
    /// The document ids: one, or one per document with `split`.
    pub docs: &'a [String],
    /// Split the page into one document per title.
    pub split: bool,
    /// The locale the page is imported into, when given (`--locale`):
    /// with the page's `<html lang>`, it says how to read a numeric date
    /// such as `05/06/2024`.
    pub locale: Option<&'a str>,
}

/// Finds the policy (or policies) on a page.
pub fn import(request: &Request) -> Result<Page, ImportError> {
    let text = decode::normalise(request.text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let (markdown, mut title, mut lang, mut dropped) = match request.kind {
        SourceKind::Html => {
            let extracted = html::extract(&text, request.url);
            (
                extracted.markdown,
                extracted.title,
                extracted.lang,
                extracted.dropped,
            )
        }
        SourceKind::Markdown => (text.clone(), None, None, Vec::new()),
        SourceKind::Text => (decode::text_to_markdown(&text), None, None, Vec::new()),
    };
    // Links, whatever their style, before any rule reads them.
    let (markdown, undefined) = references::inline(&markdown);
    // Headings' permalinks as their ids, before any rule reads a heading.
    let markdown = permalinks::headings(&markdown);
    let mut unlinked = Vec::new();
    let one_per_line = request.kind == SourceKind::Text && decode::few_blank_lines(&markdown);
    let mut blocks = blocks::split(&markdown, one_per_line);
    // `## ` with no text is no section and no title: left out, and said.
    blocks.retain(|b| {
        let empty = matches!(&b.kind, BlockKind::Heading { text, .. } if text.trim().is_empty());
        if empty {
            dropped.push(Dropped {
                kind: DropKind::EmptyHeading,
                first_words: String::new(),
            });
        }
        !empty
    });
    let notices = find_notices(&blocks, request.url);
    let before = blocks.len();
    let stripped = chrome::strip(&mut blocks, request.url);
    dropped.extend(stripped.above);
    if blocks.is_empty() {
        return Err(ImportError::NoPolicy(before));
    }
    // `--locale`, else the page's own language, orders day and month.
    let order = dates::DayOrder::of(request.locale.or(lang.as_deref()));
    let items = take_dates(blocks, order);
    if lang.is_none() {
        lang = items.iter().find_map(|i| match i {
            Item::Date(d) => Some(d.language.to_string()),
            Item::Block(_) | Item::Left(_) => None,
        });
    }
    let starts = document_starts(&items);
    let mut several = Vec::new();
    let parts: Vec<(Option<String>, Vec<Item>)> = if request.split {
        if starts.len() < 2 {
            let only = first_title(&items, title.as_deref()).map(|(t, _)| t);
            return Err(ImportError::NothingToSplit { title: only });
        }
        let titles: Vec<String> = starts.iter().map(|(_, t)| t.clone()).collect();
        if titles.len() != request.docs.len() {
            return Err(ImportError::DocCount {
                given: request.docs.len(),
                titles,
            });
        }
        split_documents(items, &starts, &mut dropped)
    } else {
        if starts.len() >= 2 {
            several = starts.iter().map(|(_, t)| t.clone()).collect();
        }
        let mut items = items;
        // A site name above the title and its date line is the page's
        // header; a notice there is the policy's, put under the title.
        if let Some(at) = dated_title(&items) {
            let site: Vec<String> = title
                .iter()
                .cloned()
                .chain(dropped.iter().map(|d| d.first_words.clone()))
                .chain(stripped.below.iter().map(|d| d.first_words.clone()))
                .collect();
            let mut kept = Vec::new();
            for item in items.drain(..at) {
                match item {
                    Item::Block(b) if is_header_chrome(&b, &site) => dropped.push(Dropped {
                        kind: DropKind::Header,
                        first_words: chrome::first_words(&b.joined(), 8),
                    }),
                    item => kept.push(item),
                }
            }
            // After the title and its date lines.
            let under = 1 + items[1..]
                .iter()
                .take_while(|i| matches!(i, Item::Date(_)))
                .count();
            items.splice(under..under, kept);
        }
        let found = first_title(&items, title.as_deref());
        if let Some((text, Some(at))) = &found {
            items.remove(*at);
            title = Some(text.clone());
        }
        vec![(title.take().or(found.map(|(t, _)| t)), items)]
    };
    dropped.extend(stripped.below);
    let mut documents = Vec::new();
    for ((title, items), id) in parts.into_iter().zip(request.docs) {
        documents.push(document(title, items, id, request.url, &mut unlinked));
    }
    if documents.iter().all(|d| d.body.trim().is_empty()) {
        return Err(ImportError::NoPolicy(before));
    }
    // A reference link to no definition was made text before the page was
    // split: it is in the document whose text holds it.
    for link in undefined {
        let document = documents
            .iter()
            .zip(request.docs)
            .find(|(d, _)| d.body.contains(&link.text))
            .or(documents.iter().zip(request.docs).next())
            .map(|(_, id)| id.to_string())
            .unwrap_or_default();
        unlinked.push(Unlinked {
            document,
            kind: UnlinkedKind::Link,
            text: link.text,
            target: format!("[{}]", link.label),
            reason: UnlinkedReason::UndefinedLabel,
        });
    }
    Ok(Page {
        lang,
        documents,
        dropped,
        notices,
        several,
        unlinked,
    })
}

/// One document from its items: headings found and given ids, links
/// rewritten, template syntax escaped.
fn document(
    title: Option<String>,
    items: Vec<Item>,
    id: &str,
    url: Option<&url::Url>,
    unlinked: &mut Vec<Unlinked>,
) -> Document {
    let mut dates = Vec::new();
    let mut left_dates = Vec::new();
    let mut blocks = Vec::new();
    for item in items {
        match item {
            Item::Block(b) => blocks.push(b),
            Item::Date(d) => dates.push(d),
            Item::Left(d) => left_dates.push(d),
        }
    }
    let mut blocks = outline::headings(blocks);
    let assigned = outline::assign_ids(&mut blocks);
    let anchors = assigned.anchors;
    let ids: BTreeSet<String> = anchors.values().cloned().collect();
    for block in &mut blocks {
        if block.kind == BlockKind::Text {
            block.lines = block
                .lines
                .iter()
                .filter_map(|line| retarget_raw(line, id, url, unlinked))
                .collect();
        }
    }
    blocks.retain(|b| b.is_heading() || !b.lines.is_empty());
    let mut decide = |link: &links::Link| decide(link, id, &ids, &anchors, url, unlinked);
    for block in &mut blocks {
        match &mut block.kind {
            BlockKind::Heading { text, .. } => {
                *text = escape_tera(&links::rewrite(text, &mut decide))
            }
            BlockKind::Text => {
                let joined = block.lines.join("\n");
                let rewritten = escape_tera(&links::rewrite(&joined, &mut decide));
                block.lines = rewritten.lines().map(str::to_string).collect();
            }
            BlockKind::Code => {
                for line in &mut block.lines {
                    *line = escape_tera(line);
                }
            }
        }
    }
    // A heading whose only content was a link to nowhere has no text left.
    blocks
        .retain(|b| !matches!(&b.kind, BlockKind::Heading { text, .. } if text.trim().is_empty()));
    let sections = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { level, text, id } => Some(Section {
                level: *level,
                id: id.clone().unwrap_or_default(),
                heading: blocks::rendered(text),
            }),
            _ => None,
        })
        .collect();
    let title_found = title.is_some();
    let mut notes = Vec::new();
    if !assigned.positional.is_empty() {
        notes.push(format!(
            "in `{id}`, {} no letter or digit to make an id of (an emoji or punctuation), so {} named for {} place: {}; give {} a lasting id of your own, `{{#…}}` at the end of the heading",
            if assigned.positional.len() == 1 { "a heading has" } else { "headings have" },
            if assigned.positional.len() == 1 { "its section is" } else { "their sections are" },
            if assigned.positional.len() == 1 { "its" } else { "their" },
            assigned.positional.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "),
            if assigned.positional.len() == 1 { "it" } else { "each" },
        ));
    }
    Document {
        title: title.map_or_else(|| humanise(id), |t| blocks::rendered(&t)),
        title_found,
        sections,
        dates,
        left_dates,
        body: blocks::join(&blocks),
        notes,
        blocks,
        translation: None,
    }
}

/// `{{`, `{%` and `{#` written on the page are text, not template syntax.
pub fn escape_tera(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '{'
            && let Some(&(_, next)) = chars.peek()
            && matches!(next, '{' | '%' | '#')
        {
            chars.next();
            out.push_str(&format!("{{{{ \"{{{next}\" }}}}"));
            continue;
        }
        out.push(c);
    }
    out
}

/// A title made from a document id: `privacy-notice` is "Privacy notice".
fn humanise(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str, kind: SourceKind, docs: &[&str], split: bool) -> Result<Page, ImportError> {
        let docs: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
        import(&Request {
            text,
            kind,
            url: None,
            docs: &docs,
            split,
            locale: None,
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Whatever the page, import returns a value or an error, never a
        /// panic, and each document's source starts with its front matter.
        #[test]
        fn any_page_imports_without_a_panic(
            text in "([-*#>|\\[\\]()!{}%_`~:. 0-9a-zA-Zé•©\n]|\\*\\*|Last updated: |Stand: |\\[x\\]\\(/a\\)|\\n\\n){0,80}",
            kind in 0..3usize,
            split in proptest::bool::ANY,
        ) {
            let kind = [SourceKind::Markdown, SourceKind::Text, SourceKind::Markdown][kind];
            let docs = if split { vec!["a".to_string(), "b".to_string()] } else { vec!["a".to_string()] };
            let url = url::Url::parse("https://example.com/legal/").unwrap();
            if let Ok(page) = import(&Request { text: &text, kind, url: Some(&url), docs: &docs, split, locale: None }) {
                for doc in &page.documents {
                    proptest::prop_assert!(doc.source().starts_with("---\ntitle: \""));
                }
            }
        }
    }

    #[test]
    fn an_effective_date_counts_only_when_later() {
        let md = "# Terms\n\nEffective Date: March 1, 2024\n\nLast updated: 2024-02-01\n\nText.\n";
        let page = page(md, SourceKind::Markdown, &["terms"], false).unwrap();
        let plan = page.documents[0].first_release(today()).unwrap();
        assert_eq!(
            (plan.date.to_string(), plan.effective.map(|e| e.to_string())),
            ("2024-02-01".into(), Some("2024-03-01".into()))
        );
        let md = "# Terms\n\nEffective as of 2024-03-01\n\nText.\n";
        let page = page_of(md);
        assert_eq!(
            page.documents[0]
                .first_release(today())
                .unwrap()
                .date
                .to_string(),
            "2024-03-01"
        );
    }

    fn today() -> Day {
        Day::parse("2026-12-05").unwrap()
    }

    fn page_of(md: &str) -> Page {
        page(md, SourceKind::Markdown, &["doc"], false).unwrap()
    }

    #[test]
    fn template_syntax_on_the_page_is_escaped() {
        assert_eq!(
            escape_tera("a {{ b }} {% c"),
            "a {{ \"{{\" }} b }} {{ \"{%\" }} c"
        );
    }

    #[test]
    fn a_scraped_page_becomes_one_document() {
        let md = "- [Home](/)\n- [Legal](/legal)\n\n# Privacy Policy\n\n**Last updated:** March 3, 2024\n\nWe are Pinecrest.\n\n## What we collect\n\nNames.\n\n- [About](/a)\n- [Jobs](/j)\n";
        let page = page(md, SourceKind::Markdown, &["privacy"], false).unwrap();
        let doc = &page.documents[0];
        assert_eq!(doc.title, "Privacy Policy");
        assert_eq!(
            doc.first_release(today()).unwrap().date.to_string(),
            "2024-03-03"
        );
        assert_eq!(
            doc.body,
            "We are Pinecrest.\n\n## What we collect {#what-we-collect}\n\nNames.\n"
        );
        assert_eq!(page.dropped.len(), 2);
    }

    #[test]
    fn the_first_level_one_heading_is_the_title_whatever_precedes_it() {
        let md = "Quillfern news: new seeds are in, see the shop for them.\n\n# Privacy Policy [¶](#privacy-policy)\n\nWe are Quillfern.\n\n## [Data](#data)\n\nNames.\n";
        let page = page(md, SourceKind::Markdown, &["privacy"], false).unwrap();
        let doc = &page.documents[0];
        assert!(doc.title_found);
        assert_eq!(doc.title, "Privacy Policy");
        assert!(doc.body.contains("## Data {#data}\n"), "{}", doc.body);
        assert!(!doc.body.contains("Privacy Policy"), "{}", doc.body);
    }

    #[test]
    fn split_needs_one_id_per_document() {
        let md = "# Privacy Policy\n\nLast updated: 2024-01-02\n\nText.\n\n# Terms of Use\n\nLast updated: 2024-02-03\n\nMore.\n";
        let err = page(md, SourceKind::Markdown, &["privacy"], true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--doc names 1 document, but the page holds 2: Privacy Policy, Terms of Use"
        );
        let ok = page(md, SourceKind::Markdown, &["privacy", "terms"], true).unwrap();
        assert_eq!(ok.documents[1].title, "Terms of Use");
        assert_eq!(ok.documents[1].body, "More.\n");
    }
}
