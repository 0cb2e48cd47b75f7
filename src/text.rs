//! Plain text helpers every layer may use: HTML escaping and white space
//! collapsed, each written once (the importer, the diff and the site share
//! them).

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_html(&mut out, text.chars());
    out
}

/// Appends `chars` to `out`, escaped for HTML element content and quoted
/// attribute values.
pub fn push_escaped_html(out: &mut String, chars: impl IntoIterator<Item = char>) {
    for c in chars {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// `text` with each character passed through `map` (`None` drops it), then
/// every run of white space made one space, and trimmed.
pub fn collapse_whitespace(text: &str, map: impl Fn(char) -> Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().filter_map(map) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape_html("a<b & \"c\">"),
            "a&lt;b &amp; &quot;c&quot;&gt;"
        );
    }

    #[test]
    fn white_space_runs_become_one_space_and_the_ends_go() {
        assert_eq!(collapse_whitespace("  a \n\t b  ", Some), "a b");
        let no_x = |c| (c != 'x').then_some(c);
        assert_eq!(collapse_whitespace("x a x b x", no_x), "a b");
    }
}
