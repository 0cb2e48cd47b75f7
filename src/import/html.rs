//! The policy inside a saved HTML page, as Markdown: the page's main
//! content found, site chrome left out (and listed), the rest converted.

use super::dropped::Dropped;

/// What was found in an HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The page's title (`<title>` or its first `<h1>`), if any.
    pub title: Option<String>,
    /// The page's language (`<html lang>`), if given.
    pub lang: Option<String>,
    /// The policy text as CommonMark (with GFM tables), links absolute.
    pub markdown: String,
    /// Every block left out as chrome, in page order.
    pub dropped: Vec<Dropped>,
}

/// Finds the policy in `html` and converts it to Markdown. `page_url`, when
/// known (given by the user, or the page's `<base>` or canonical link),
/// makes relative links absolute.
pub fn extract(html: &str, page_url: Option<&url::Url>) -> Extracted {
    // Placeholder until the extractor lands: the whole text, unconverted.
    let _ = page_url;
    Extracted {
        markdown: html.to_string(),
        ..Extracted::default()
    }
}
