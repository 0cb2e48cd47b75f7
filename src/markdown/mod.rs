//! What policyc knows of Markdown itself: the extensions policies may use,
//! front matter, slugs for ids, and what a reader sees of a text
//! ([`visible`]). Every stage that reads Markdown asks this module.

pub mod visible;

use pulldown_cmark::Options;

/// The Markdown extensions policies may use.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Front matter text and its byte offset in the file.
pub type FrontMatter<'a> = Option<(&'a str, usize)>;

/// Splits `---` front matter from the body: the front matter (text and
/// offset) and the offset where the body starts, or, as the error, the offset
/// of an opening `---` that is never closed.
pub fn split_front_matter(text: &str) -> Result<(FrontMatter<'_>, usize), usize> {
    let start = usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Ok((None, start));
    }
    let front_start = start + first_line_end;
    let mut pos = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok((
                Some((&text[front_start..pos], front_start)),
                pos + line.len(),
            ));
        }
        pos += line.len();
    }
    Err(start)
}

/// An id made from heading text: lower case, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty()
            && !slug.ends_with('-')
            && !matches!(c, '\'' | '’' | '*' | '_' | '`')
        {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
}
