//! What policyc knows of Markdown itself: the extensions policies may use,
//! front matter, slugs for ids, and what a reader sees of a text
//! ([`visible`]). Every stage that reads Markdown asks this module.

pub mod anchors;
pub mod html_text;
pub mod links;
pub mod visible;

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Options, Parser, RefDefs, Tag};

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

/// Link reference definitions (`[label]: https://…`), by label: a file's,
/// or those a stretch of it holds, or a whole variant's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References(BTreeMap<String, (String, String)>);

impl References {
    /// The definitions a parser found in its text, each with where it
    /// starts there.
    pub fn found(definitions: &RefDefs) -> Vec<(usize, String, String, String)> {
        definitions
            .iter()
            .map(|(label, def)| {
                let title = def.title.as_deref().unwrap_or_default().to_string();
                (
                    def.span.start,
                    label_key(label),
                    def.dest.to_string(),
                    title,
                )
            })
            .collect()
    }

    /// The definitions a stretch of Markdown read on its own holds (a
    /// section's text after its variables were substituted).
    pub fn written_in(markdown: &str) -> References {
        let mut references = References::default();
        // Every definition has a `]:`; most texts have none to read.
        if !markdown.contains("]:") {
            return references;
        }
        let parser = Parser::new_ext(markdown, options());
        for (_, label, target, title) in References::found(parser.reference_definitions()) {
            references.define(&label, &target, &title);
        }
        references
    }

    /// Adds a definition unless the label has one: as in a Markdown text,
    /// the first definition of a label is the one that counts.
    pub fn define(&mut self, label: &str, target: &str, title: &str) {
        self.0
            .entry(label_key(label))
            .or_insert_with(|| (target.to_string(), title.to_string()));
    }

    /// Adds the definitions of `other` whose labels have none yet.
    pub fn extend_with(&mut self, other: &References) {
        for (label, def) in &other.0 {
            self.0.entry(label.clone()).or_insert_with(|| def.clone());
        }
    }

    /// Whether `other` defines a label this defines otherwise.
    pub fn conflicts_with(&self, other: &References) -> bool {
        other
            .0
            .iter()
            .any(|(label, def)| self.0.get(label).is_some_and(|mine| mine != def))
    }

    /// The target and title a label stands for.
    pub fn get(&self, label: &str) -> Option<&(String, String)> {
        self.0.get(&label_key(label))
    }
}

/// Whether a stretch of Markdown leaves a block open at its end (a code
/// fence, an HTML comment or `<pre>` never closed) that would take in the
/// text joined after it, headings included.
pub fn leaves_open(markdown: &str) -> bool {
    if !markdown.contains(['`', '~', '<']) {
        return false;
    }
    let probe = format!("{markdown}\n\n# end\n");
    !Parser::new_ext(&probe, options())
        .into_offset_iter()
        .any(|(event, range)| {
            matches!(event, Event::Start(Tag::Heading { .. })) && range.start >= markdown.len()
        })
}

/// Labels match whatever their case and spacing, as CommonMark says.
pub fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_fence_or_comment_leaves_the_text_open() {
        assert!(leaves_open("text\n\n```\ncode\n"));
        assert!(leaves_open("~~~~\ncode\n~~~\n"));
        assert!(leaves_open("<!-- note\n\nmore\n"));
        assert!(!leaves_open("text\n\n```\ncode\n```\n"));
        assert!(!leaves_open("<!-- note -->\n"));
        assert!(!leaves_open("<div>\nopen\n"));
        assert!(!leaves_open("plain text"));
    }

    #[test]
    fn definitions_written_in_a_text_first_one_counting() {
        let refs = References::written_in("[A]: https://a.example\n\n[a]: https://b.example\n");
        assert_eq!(
            refs.get("a"),
            Some(&("https://a.example".to_string(), String::new()))
        );
        assert_eq!(References::written_in("[a] text").get("a"), None);
    }
}
