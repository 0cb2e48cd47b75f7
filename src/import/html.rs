//! The policy inside a saved HTML page, as Markdown: the page's main
//! content found, site chrome left out (and listed), the rest converted.
//!
//! The page is parsed with html5ever (through `scraper`); `content` finds
//! the policy's part, `chrome` says what is site around it, `clean` writes
//! that part as plain HTML (links absolute, headings out of lists,
//! `tables` either GFM-ready or kept raw) and `markdown` converts it with
//! htmd.

mod chrome;
mod clean;
mod content;
mod lists;
mod markdown;
mod nesting;
mod tables;
mod text;

use scraper::{ElementRef, Html};

use super::dropped::Dropped;

/// What was found in an HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The page's title (`<title>` or its first `<h1>`), if any.
    pub title: Option<String>,
    /// The page's language (`<html lang>`), if given.
    pub lang: Option<String>,
    /// The policy text as CommonMark (with GFM tables), links absolute,
    /// each heading the page gave an anchor ending in `{#anchor}`.
    pub markdown: String,
    /// Every block left out as chrome, in page order.
    pub dropped: Vec<Dropped>,
}

/// Finds the policy in `html` and converts it to Markdown. `page_url`, when
/// known (given by the user, or the page's `<base>` or canonical link),
/// makes relative links absolute.
pub fn extract(html: &str, page_url: Option<&url::Url>) -> Extracted {
    let html = html.strip_prefix('\u{FEFF}').unwrap_or(html);
    let page = Html::parse_document(&nesting::flatten(html));
    let root = page.root_element();
    let lang = root
        .value()
        .attr("lang")
        .map(text::collapse)
        .filter(|l| !l.is_empty());
    let base = base_url(root, page_url);
    let Some(body) = root.child_elements().find(|e| e.value().name() == "body") else {
        return Extracted {
            lang,
            title: page_title(root),
            ..Extracted::default()
        };
    };
    let survey = content::Survey::new(body);
    let (content, core) = survey.content(body);
    let mut cleaner = clean::Cleaner::new(base.as_ref(), &survey, core);
    cleaner.page(body, content);
    let title = content
        .descendent_elements()
        .find(|e| e.value().name() == "h1")
        .map(|h1| heading_text(h1))
        .filter(|t| !t.is_empty())
        .or_else(|| page_title(root));
    Extracted {
        title,
        lang,
        markdown: markdown::convert(&cleaner.html, &cleaner.raw_blocks, &cleaner.anchors),
        dropped: cleaner.dropped,
    }
}

/// The address relative links are read against: `<base href>` (itself
/// read against the page's address), else the page's address: the one
/// given, else its canonical link or `og:url`.
fn base_url(root: ElementRef, page_url: Option<&url::Url>) -> Option<url::Url> {
    let absolute = |s: &str| url::Url::parse(s.trim()).ok().filter(|u| u.has_host());
    let find_attr = |tag: &str, key: &str, value: &str, attr: &str| {
        root.descendent_elements()
            .filter(|e| e.value().name() == tag)
            .filter(|e| {
                e.value().attr(key).is_some_and(|v| {
                    v.split_ascii_whitespace()
                        .any(|w| w.eq_ignore_ascii_case(value))
                })
            })
            .find_map(|e| e.value().attr(attr).and_then(absolute))
    };
    let page = page_url.cloned().or_else(|| {
        find_attr("link", "rel", "canonical", "href")
            .or_else(|| find_attr("meta", "property", "og:url", "content"))
    });
    let base_href = root
        .descendent_elements()
        .find(|e| e.value().name() == "base" && e.value().attr("href").is_some())
        .and_then(|e| e.value().attr("href"))
        .map(str::trim);
    match (base_href, &page) {
        (Some(href), Some(page)) => page.join(href).ok().or(Some(page.clone())),
        (Some(href), None) => absolute(href),
        (None, page) => page.clone(),
    }
}

/// The text of a heading without the permalink signs beside it ("¶", "#").
fn heading_text(h: ElementRef) -> String {
    let text = text::collapse(&text::visible_text(h));
    let words: Vec<&str> = text.split(' ').collect();
    let sign = |w: &&&str| !w.chars().any(char::is_alphanumeric);
    let start = words.iter().take_while(sign).count();
    let end = words.len() - words.iter().rev().take_while(sign).count();
    words
        .get(start..end.max(start))
        .unwrap_or_default()
        .join(" ")
}

/// The page's `<title>`, without a " | Company" suffix.
fn page_title(root: ElementRef) -> Option<String> {
    let title = root
        .descendent_elements()
        .find(|e| e.value().name() == "title")
        .map(|t| text::collapse(&t.text().collect::<String>()))?;
    // The last separator splits off the site's name.
    let trimmed = [" | ", " – ", " — ", " - ", " · ", " :: "]
        .iter()
        .filter_map(|sep| title.rfind(sep))
        .max()
        .map(|at| title[..at].trim())
        .filter(|head| !head.is_empty())
        .unwrap_or(&title)
        .to_string();
    Some(trimmed).filter(|t| !t.is_empty())
}
