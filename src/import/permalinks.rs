//! Headings as a scraper writes permalinked headings in Markdown:
//! `# Privacy [¶](#privacy)` (a trailing permalink) or
//! `## [1. Data](#data)` (the whole text a link to the heading's own
//! anchor). The link goes and its anchor becomes the heading's `{#id}`, so
//! the page's own links to it still lead there. Runs before any other rule
//! reads the page (where reference links are inlined).

use super::links;

/// What a permalink's text is, whole (lowercase, trimmed).
const PERMALINK_TEXTS: &[&str] = &["¶", "#", "§", "🔗", "link", "permalink", "anchor", ""];

/// The page with its headings' permalinks made `{#id}`; fenced code is
/// left as it is.
pub fn headings(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<char> = None;
    for line in markdown.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let trimmed = body.trim_start();
        if let Some(c) = ['`', '~']
            .into_iter()
            .find(|c| trimmed.starts_with(&c.to_string().repeat(3)))
        {
            fence = match fence {
                None => Some(c),
                Some(f) if f == c => None,
                open => open,
            };
            out.push_str(line);
            continue;
        }
        match (fence, heading(body)) {
            (None, Some(rewritten)) => {
                out.push_str(&rewritten);
                out.push_str(ending);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// One ATX heading line with its permalink made `{#id}`, if it has one.
fn heading(line: &str) -> Option<String> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.chars().take_while(|&c| c == '#').count();
    let after = rest.get(level..)?;
    if !(1..=6).contains(&level) || !after.starts_with([' ', '\t']) {
        return None;
    }
    let text = after.trim();
    // An id given already stays.
    if text.contains("{#") {
        return None;
    }
    let found = links::find(text);
    let anchor = |l: &links::Link| {
        let id = l.target.strip_prefix('#')?;
        (!l.image && valid_id(id)).then(|| id.to_string())
    };
    let is_permalink = |l: &links::Link| {
        PERMALINK_TEXTS.contains(&links::plain(&l.text).trim().to_lowercase().as_str())
    };
    let (kept, id) = match found.as_slice() {
        // The whole text a link to its own anchor.
        [only] if only.start == 0 && only.end == text.len() && !is_permalink(only) => {
            (only.text.trim().to_string(), anchor(only)?)
        }
        _ => {
            let last = found.last()?;
            let first = found.first()?;
            if last.end == text.len() && is_permalink(last) {
                (text[..last.start].trim().to_string(), anchor(last)?)
            } else if first.start == 0 && is_permalink(first) {
                (text[first.end..].trim().to_string(), anchor(first)?)
            } else {
                return None;
            }
        }
    };
    if kept.is_empty() {
        return None;
    }
    Some(format!(
        "{}{} {kept} {{#{id}}}",
        &line[..indent],
        "#".repeat(level)
    ))
}

/// Whether an anchor can be a heading's `{#id}` as written.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::headings;

    #[test]
    fn a_trailing_permalink_becomes_the_headings_id() {
        assert_eq!(
            headings("# Privacy Policy [¶](#privacy-policy)\n"),
            "# Privacy Policy {#privacy-policy}\n"
        );
        assert_eq!(headings("## Data [#](#data)"), "## Data {#data}");
        assert_eq!(headings("## Data [🔗](#data)"), "## Data {#data}");
        assert_eq!(headings("## Data [link](#data)"), "## Data {#data}");
    }

    #[test]
    fn a_heading_linked_to_its_own_anchor_keeps_its_text() {
        assert_eq!(
            headings("## [1\\. Information We Collect](#collect)"),
            "## 1\\. Information We Collect {#collect}"
        );
    }

    #[test]
    fn other_links_code_and_given_ids_stay() {
        for kept in [
            "## See [the law](https://example.org/law)",
            "## Data {#own} [¶](#data)",
            "Text [¶](#x)",
            "```\n# a [¶](#b)\n```\n",
        ] {
            assert_eq!(headings(kept), kept);
        }
    }
}
