//! Reference-style links of a page (`[text][1]`, with `[1]: /path` at its
//! bottom, as scrapers write them) made inline before any rule reads the
//! page: chrome is then found, links made absolute and the report written
//! on them as on any link, and no `[text][1]` is left for a reader to see.

use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag};

use super::chrome;

/// A reference link to a label the page does not define, now its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undefined {
    /// The link's text, its first words.
    pub text: String,
    /// The label it named (`9` of `[text][9]`; the text itself for `[text][]`).
    pub label: String,
}

/// The page's Markdown with each reference link written inline (`[text][1]`
/// is `[text](/path)`) and the definitions left out; a link to a label the
/// page does not define is its text alone. Returns those links, each as
/// its text's first words and the label it named.
pub fn inline(markdown: &str) -> (String, Vec<Undefined>) {
    let mut unlinked = Vec::new();
    if !markdown.contains("][") && !markdown.contains("]:") {
        return (markdown.to_string(), unlinked);
    }
    // A label nothing defines: `[text][9]` and `[text][]` are read as
    // links (to be made text); `[text]` alone is just brackets.
    let undefined = |link: BrokenLink<'_>| {
        (link.link_type != LinkType::Shortcut).then(|| (CowStr::from(""), CowStr::from("")))
    };
    let mut parser = Parser::new_with_broken_link_callback(
        markdown,
        crate::markdown::options(),
        Some(undefined),
    )
    .into_offset_iter();
    // Each edit replaces a stretch of the text: a link's opening bracket,
    // and what follows its text (`][1]`); the text itself stays, so a
    // reference image inside a reference link is rewritten too.
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (event, range) in parser.by_ref() {
        let (image, link_type, dest, title) = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => (false, link_type, dest_url, title),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => (true, link_type, dest_url, title),
            _ => continue,
        };
        let open = if image { 2 } else { 1 };
        let Some((close, end)) = text_end(markdown, range.clone(), link_type) else {
            continue;
        };
        if close < range.start + open {
            continue;
        }
        let start = range.start;
        match link_type {
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                edits.push((
                    start..start + open,
                    markdown[start..start + open].to_string(),
                ));
                edits.push((close..end, format!("]({})", destination(&dest, &title))));
            }
            LinkType::ReferenceUnknown | LinkType::CollapsedUnknown => {
                let text = &markdown[start + open..close];
                let label = markdown[close..end]
                    .trim_start_matches(']')
                    .trim_start_matches('[')
                    .trim_end_matches(']');
                unlinked.push(Undefined {
                    text: chrome::first_words(text, 6),
                    label: if label.is_empty() { text } else { label }.to_string(),
                });
                edits.push((start..start + open, String::new()));
                edits.push((close..end, String::new()));
            }
            _ => {}
        }
    }
    for definition in parser.reference_definitions().iter().map(|(_, d)| &d.span) {
        // The whole line goes, its line end too.
        let end = markdown[definition.end..]
            .find('\n')
            .map_or(markdown.len(), |n| definition.end + n + 1);
        edits.push((definition.start..end, String::new()));
    }
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    for (range, with) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&markdown[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&markdown[at..]);
    (out, unlinked)
}

/// Where a reference link's text ends (the `]` after it) and where the
/// link ends: `[text][label]`, `[text][]` or `[text]`, at `range` of
/// `markdown`.
fn text_end(markdown: &str, range: Range<usize>, link_type: LinkType) -> Option<(usize, usize)> {
    let bytes = markdown.as_bytes();
    let last = range.end.checked_sub(1).filter(|&i| bytes[i] == b']')?;
    match link_type {
        LinkType::Shortcut => Some((last, range.end)),
        LinkType::Collapsed | LinkType::CollapsedUnknown => {
            // The parser's range may stop before the `[]`.
            if markdown[..range.end].ends_with("][]") {
                Some((range.end - 3, range.end))
            } else if markdown[range.end..].starts_with("[]") {
                Some((last, range.end + 2))
            } else {
                Some((last, range.end))
            }
        }
        LinkType::Reference | LinkType::ReferenceUnknown => {
            // A label holds no unescaped bracket: its `[` is the last one.
            let label_open = (range.start..last)
                .rev()
                .find(|&i| bytes[i] == b'[' && (i == 0 || bytes[i - 1] != b'\\'))?;
            let close = label_open.checked_sub(1).filter(|&i| bytes[i] == b']')?;
            Some((close, range.end))
        }
        _ => None,
    }
}

/// A destination and title as an inline link writes them.
fn destination(dest: &str, title: &str) -> String {
    let dest = if dest.is_empty() || dest.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", dest.replace('<', "%3C").replace('>', "%3E"))
    } else {
        dest.to_string()
    };
    if title.is_empty() {
        dest
    } else {
        format!("{dest} \"{}\"", title.replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_links_are_written_inline_and_their_definitions_go() {
        let page = "Read the [rules][1], our [terms][] and [help].\n\n[![logo][img]][home] `[a][1]`\n\n[1]: /legal/rules \"Rules\"\n[terms]: https://x.example/terms\n[help]: </help me>\n[img]: /logo.png\n[home]: /\n";
        let (out, unlinked) = inline(page);
        assert_eq!(
            out,
            "Read the [rules](/legal/rules \"Rules\"), our [terms](https://x.example/terms) and [help](</help me>).\n\n[![logo](/logo.png)](/) `[a][1]`\n\n"
        );
        assert!(unlinked.is_empty());
    }

    #[test]
    fn a_reference_to_no_definition_is_its_text_and_listed() {
        let (out, unlinked) = inline("See [our rules][9] and [sic], [x][].\n");
        assert_eq!(out, "See our rules and [sic], x.\n");
        assert_eq!(unlinked.len(), 2);
        assert_eq!(unlinked[0].text, "our rules");
        assert_eq!(unlinked[0].label, "9");
        assert_eq!(unlinked[1].label, "x");
    }
}
