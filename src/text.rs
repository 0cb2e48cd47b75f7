//! Plain text helpers every layer may use: HTML escaping and white space
//! collapsed, each written once (the importer, the diff and the site share
//! them).

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_str(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`push_escaped_html`] escapes it,
/// copying the runs between the characters it escapes whole.
pub fn push_escaped_str(out: &mut String, text: &str) {
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(escaped);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
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

    proptest::proptest! {
        /// Copying runs gives what escaping a character at a time gives.
        #[test]
        fn a_text_escaped_by_runs_is_escaped_by_characters(text in "[a<b&\"c>é' \u{1f600}]{0,40}") {
            let mut by_runs = String::from("x");
            push_escaped_str(&mut by_runs, &text);
            let mut by_characters = String::from("x");
            push_escaped_html(&mut by_characters, text.chars());
            proptest::prop_assert_eq!(by_runs, by_characters);
        }
    }

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
