//! What a section's text says in any language: its numbers, e-mail
//! addresses, web addresses and proper names, the marks a translation
//! keeps, so that they can confirm which section another translates.

use std::collections::BTreeSet;

/// The marks of `text` (Markdown): numbers of two digits or more, e-mail
/// and web addresses (lower-cased), and capitalised words that do not
/// start a sentence (proper names, acronyms). Each is tagged with its
/// kind, so that a number never equals a word.
pub fn marks(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // The first word of the text, and each after a sentence's end or a
    // list marker, is capitalised in any language.
    let mut sentence_start = true;
    let tokens = text.lines().flat_map(|line| {
        line.split_whitespace()
            .enumerate()
            .map(|(k, raw)| (k == 0 && is_block_marker(raw), raw))
    });
    for (marker, raw) in tokens {
        if marker || raw == "|" {
            sentence_start = true;
            continue;
        }
        if let Some(url) = web_address(raw) {
            out.insert(format!("url:{url}"));
        }
        if let Some(email) = email(raw) {
            out.insert(format!("mail:{email}"));
        }
        let words: Vec<&str> = raw
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            continue;
        }
        for (k, word) in words.iter().enumerate() {
            if word.chars().all(|c| c.is_ascii_digit()) {
                if word.len() >= 2 {
                    out.insert(format!("num:{}", word.trim_start_matches('0')));
                }
            } else if !(sentence_start && k == 0)
                && word.chars().count() >= 2
                && word.chars().next().is_some_and(char::is_uppercase)
                && !raw.contains("://")
                && !raw.contains('@')
            {
                out.insert(format!("name:{word}"));
            }
        }
        sentence_start = raw
            .trim_end_matches(['*', '_', ')', '"', '\'', '”', '’', '»'])
            .ends_with(['.', '!', '?', ':', ';']);
    }
    out
}

/// `-`, `*`, `+`, `>`, `#`, `1.`, `2)` at the start of a line: a block's
/// marker, not a word.
fn is_block_marker(raw: &str) -> bool {
    matches!(raw, "-" | "*" | "+" | "|")
        || raw.chars().all(|c| c == '>' || c == '#')
        || raw
            .strip_suffix(['.', ')'])
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// An `http://`, `https://` or `www.` address in `raw`, lower-cased,
/// without a trailing slash or punctuation.
fn web_address(raw: &str) -> Option<String> {
    let lower = raw.to_lowercase();
    let start = ["https://", "http://", "www."]
        .iter()
        .filter_map(|p| lower.find(p).map(|at| (at, p.len())))
        .min()?;
    let mut rest = &lower[start.0..];
    for prefix in ["https://", "http://", "www."] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let end = rest
        .find([')', ']', '>', '<', '"', '\'', '*', '`'])
        .unwrap_or(rest.len());
    let address = rest[..end].trim_end_matches(['.', ',', ';', ':', '/', '!', '?']);
    address.contains('.').then(|| address.to_string())
}

/// An e-mail address in `raw`, lower-cased.
fn email(raw: &str) -> Option<String> {
    let at = raw.find('@')?;
    let local = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let start = raw[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| local(c))
        .last()
        .map(|(i, _)| i)?;
    let domain = &raw[at + 1..];
    let end = domain
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-')))
        .unwrap_or(domain.len());
    let domain = domain[..end].trim_end_matches(['.', '-']);
    (domain.contains('.') && start < at)
        .then(|| format!("{}@{domain}", &raw[start..at]).to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str) -> Vec<String> {
        marks(text).into_iter().collect()
    }

    #[test]
    fn numbers_addresses_and_names_are_marks_and_common_words_are_not() {
        assert_eq!(
            list(
                "Write to privacy@hollowbrook.example or see https://hollowbrook.example/help/. Refunds within 30 days, paid through Stripe."
            ),
            [
                "mail:privacy@hollowbrook.example",
                "name:Stripe",
                "num:30",
                "url:hollowbrook.example/help",
            ]
        );
        assert_eq!(
            list(
                "Schreiben Sie an [uns](mailto:Privacy@Hollowbrook.example). Erstattung binnen 30 Tagen über Stripe."
            ),
            [
                "mail:privacy@hollowbrook.example",
                "name:Sie",
                "name:Stripe",
                "name:Tagen",
                "num:30",
            ]
        );
        // Sentence starts, list markers and single digits say nothing.
        assert!(marks("We keep it. Then we delete it.\n\n- Names\n1. Emails 3 times").is_empty());
    }
}
