//! The template logic policy text may use, and the lexer that reads its tags
//! as Tera does: variables, literals, comparisons, `if`/`elif`/`else` and a
//! few filters. Loops and the rest belong in the theme's templates.

use tera::Delimiters;

use crate::diagnostics::{Diagnostic, Diagnostics, Locator};
use crate::source::document::{Chunk, SourceDoc};

/// Heading ids are written `{#id}`, which is also how a Tera comment opens.
/// Comments are moved to delimiters no policy contains, so `{#` stays text.
pub(super) fn delimiters() -> Delimiters {
    Delimiters {
        comment_start: "\u{1}\u{2}".into(),
        comment_end: "\u{2}\u{1}".into(),
        ..Delimiters::default()
    }
}

/// The statements policy text may use (`{% raw %}` is read by the lexer).
const STATEMENTS: [&str; 4] = ["if", "elif", "else", "endif"];

/// The filters policy text may use: none makes a text longer than a few
/// times its input.
pub const FILTERS: [&str; 6] = ["default", "upper", "lower", "title", "capitalize", "trim"];

/// The tests policy text may use after `is`.
pub const TESTS: [&str; 8] = [
    "defined",
    "undefined",
    "none",
    "string",
    "number",
    "starting_with",
    "ending_with",
    "containing",
];

/// A piece of a tag, as Tera's lexer cuts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'t> {
    /// The opening of a tag: `{{` (false) or `{%` (true).
    Start { statement: bool },
    /// A name: a variable, keyword, filter, test or argument.
    Ident(&'t str),
    /// A string literal, without its quotes (escapes left as written).
    Str(&'t str),
    /// A number literal.
    Number(&'t str),
    /// `==` or `!=`.
    Compare,
    /// Another operator of two or three characters (`<=`, `//`, `...`).
    Op(&'t str),
    /// Any other character (`.`, `|`, `(`, `=`, …).
    Punct(char),
    /// The end of a tag.
    End,
}

/// The tokens of every tag in `text`, each with its byte offset. The
/// contents of `{% raw %}` blocks and of comments are text, not tags. Stops
/// where Tera's lexer would report a syntax error (Tera reports it).
pub fn tokens(text: &str) -> Vec<(usize, Token<'_>)> {
    let mut out = Vec::new();
    let _ = lex(text, &mut out);
    out
}

/// `None` where Tera's lexer stops with an error.
fn lex<'t>(text: &'t str, out: &mut Vec<(usize, Token<'t>)>) -> Option<()> {
    let delimiters = delimiters();
    let comment_start = delimiters.comment_start.as_bytes();
    let comment_end = delimiters.comment_end.as_bytes();
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        // Text, up to the next tag or comment.
        let open = bytes[i..]
            .windows(2)
            .position(|w| w == b"{{" || w == b"{%" || w == comment_start)?;
        let start = i + open;
        let kind = &bytes[start..start + 2];
        i = start + 2;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        if kind == comment_start {
            i += find(&bytes[i..], comment_end)? + 2;
            continue;
        }
        let statement = kind == b"{%";
        if statement && let Some(len) = skip_tag(&text[i..], "raw") {
            i = end_of_raw(text, i + len)?;
            continue;
        }
        out.push((start, Token::Start { statement }));
        i = tag(text, i, statement, out)?;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Tera's `skip_tag`: the length of `-? name -?%}` at the start of `text`
/// (whitespace allowed around `name`).
fn skip_tag(text: &str, name: &str) -> Option<usize> {
    let rest = text.strip_prefix('-').unwrap_or(text);
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let rest = rest.strip_prefix(name)?;
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let rest = rest.strip_prefix("%}")?;
    Some(text.len() - rest.len())
}

/// Where the text after a raw block's `{% endraw %}` starts; `at` is just
/// after its `{% raw %}`.
fn end_of_raw(text: &str, mut at: usize) -> Option<usize> {
    loop {
        at += find(&text.as_bytes()[at..], b"{%")? + 2;
        if let Some(len) = skip_tag(&text[at..], "endraw") {
            return Some(at + len);
        }
    }
}

/// Reads one tag's contents from `i` (just after its opening) to its end;
/// returns the offset after its closing delimiter.
fn tag<'t>(
    text: &'t str,
    mut i: usize,
    statement: bool,
    out: &mut Vec<(usize, Token<'t>)>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let close: &[u8] = if statement { b"%}" } else { b"}}" };
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let rest = &bytes[i..];
        if rest.is_empty() {
            return None;
        }
        if rest.starts_with(close) || (rest.starts_with(b"-") && rest[1..].starts_with(close)) {
            out.push((i, Token::End));
            return Some(i + close.len() + usize::from(rest[0] == b'-'));
        }
        if rest.starts_with(b"...") {
            out.push((i, Token::Op("...")));
            i += 3;
            continue;
        }
        match rest.get(..2) {
            Some(b"==" | b"!=") => {
                out.push((i, Token::Compare));
                i += 2;
                continue;
            }
            Some(b"//" | b"**" | b">=" | b"<=" | b"</" | b"?." | b"?[") => {
                out.push((i, Token::Op(&text[i..i + 2])));
                i += 2;
                continue;
            }
            _ => {}
        }
        let c = rest[0];
        let from = i;
        if b"+-*/%!.,:~|=><()[]{}@".contains(&c) {
            out.push((i, Token::Punct(c as char)));
            i += 1;
        } else if matches!(c, b'"' | b'\'' | b'`') {
            let len = string(&rest[1..], c)?;
            out.push((from, Token::Str(&text[from + 1..from + 1 + len])));
            i += len + 2;
        } else if c.is_ascii_digit() {
            let mut dot = false;
            let len = rest
                .iter()
                .take_while(|&&b| {
                    if b == b'.' && !dot {
                        dot = true;
                        true
                    } else {
                        b.is_ascii_digit()
                    }
                })
                .count();
            i += len;
            out.push((from, Token::Number(&text[from..i])));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let len = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            i += len;
            out.push((from, Token::Ident(&text[from..i])));
        } else {
            return None;
        }
    }
}

/// The length of a string literal's contents (`text` starts just after its
/// opening `quote`), or `None` if Tera rejects it.
fn string(text: &[u8], quote: u8) -> Option<usize> {
    let mut escaped = false;
    for (n, &b) in text.iter().enumerate() {
        if escaped {
            if !b"\"'/\\ntr".contains(&b) {
                return None;
            }
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == quote {
            return Some(n);
        }
    }
    None
}

/// The offset and keyword of each statement tag of `text` (`if`, `endif`, …).
fn statements<'t>(tokens: &[(usize, Token<'t>)]) -> impl Iterator<Item = (usize, &'t str)> {
    tokens.windows(2).filter_map(|w| match w {
        [
            (_, Token::Start { statement: true }),
            (at, Token::Ident(kw)),
        ] => Some((*at, *kw)),
        _ => None,
    })
}

/// Where the `if` of the last `{% if %}` of `text` left without its
/// `{% endif %}` is.
pub fn unclosed_if(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (at, keyword) in statements(&tokens(text)) {
        match keyword {
            "if" => open.push(at),
            "endif" => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// The keyword of the statement tag opening at or after `offset` in `text`.
pub fn statement_at(text: &str, offset: usize) -> Option<(usize, &str)> {
    statements(&tokens(text)).find(|(at, _)| *at >= offset)
}

/// Reports each construct of `chunk` that policy text may not use; `false`
/// if there was one.
pub fn check(source: &SourceDoc, chunk: &Chunk, diags: &Diagnostics) -> bool {
    let tokens = tokens(&chunk.text);
    let mut ok = true;
    let mut locator = Locator::new(&source.text);
    let mut report = |offset: usize, len: usize, message: String, help: String| {
        ok = false;
        diags.push(
            Diagnostic::error(message)
                .in_file(&source.path)
                .at(locator.at(chunk.offset + offset, len))
                .help(help),
        );
    };
    let mut rest = &tokens[..];
    while let Some(start) = rest
        .iter()
        .position(|(_, t)| matches!(t, Token::Start { .. }))
    {
        let end = rest[start..]
            .iter()
            .position(|(_, t)| *t == Token::End)
            .map_or(rest.len(), |n| start + n);
        let Token::Start { statement } = rest[start].1 else {
            break;
        };
        let mut inner = &rest[start + 1..end];
        rest = &rest[(end + 1).min(rest.len())..];
        if statement {
            let Some(&(offset, Token::Ident(keyword))) = inner.first() else {
                continue;
            };
            inner = &inner[1..];
            if !STATEMENTS.contains(&keyword) {
                // A closing tag is reported with its opening one.
                if !keyword.starts_with("end") {
                    report(
                        offset,
                        keyword.len(),
                        format!("`{{% {keyword} %}}` cannot be used in policy text"),
                        statement_help(),
                    );
                }
                continue;
            }
        }
        for (offset, len, message, help) in expression(inner) {
            report(offset, len, message, help);
        }
    }
    ok
}

fn statement_help() -> String {
    "policy text may only use variables (`{{ name }}`) and `{% if %}`, `{% elif %}`, `{% else %}`, `{% endif %}`; loops, `set`, macros, blocks and includes belong in the theme's templates (templates/)".to_string()
}

/// What an expression uses that policy text may not: each with its
/// position, length, message and advice.
fn expression(tokens: &[(usize, Token<'_>)]) -> Vec<(usize, usize, String, String)> {
    let mut found = Vec::new();
    let at = |i: usize| tokens.get(i).map(|(_, t)| *t);
    let computed = || {
        "policy text may only compare values (`==`, `!=`, `<`, `>`, `in [\"a\", \"b\"]`) and join tests with `and`, `or`, `not`; text worked out by a formula belongs in the theme's templates (templates/)".to_string()
    };
    for (i, &(offset, token)) in tokens.iter().enumerate() {
        let before = i.checked_sub(1).and_then(at);
        // `is not defined`: `not` is part of `is not`, the test follows.
        let is_test = (before == Some(Token::Ident("is")) && token != Token::Ident("not"))
            || (before == Some(Token::Ident("not"))
                && i.checked_sub(2).and_then(at) == Some(Token::Ident("is")));
        // One error per kind of mistake in a tag: `{{ {{{{{{ }}` is one
        // mistake, not one per brace.
        let mut forbid = |len: usize, message: String, help: String| {
            if !found
                .iter()
                .any(|f: &(usize, usize, String, String)| f.2 == message)
            {
                found.push((offset, len, message, help));
            }
        };
        match token {
            Token::Ident(name) => {
                let (what, allowed, help): (&str, &[&str], String) =
                    if before == Some(Token::Punct('|')) {
                        (
                            "filter",
                            &FILTERS,
                            format!("the filters policy text may use are {}", list(&FILTERS, "")),
                        )
                    } else if is_test {
                        (
                            "test",
                            &TESTS,
                            format!("the tests policy text may use are {}", list(&TESTS, "is ")),
                        )
                    } else if at(i + 1) == Some(Token::Punct('(')) {
                        (
                            "function",
                            &[],
                            format!(
                                "{}; functions belong in the theme's templates (templates/)",
                                statement_help().split(';').next().unwrap_or_default()
                            ),
                        )
                    } else {
                        continue;
                    };
                if !allowed.contains(&name) {
                    forbid(
                        name.len(),
                        format!("the {what} `{name}` cannot be used in policy text"),
                        help,
                    );
                }
            }
            Token::Punct('[') if before == Some(Token::Ident("in")) => {}
            Token::Punct('[') => forbid(
                1,
                "a list or an index (`[`) cannot be used in policy text, except after `in`".into(),
                computed(),
            ),
            Token::Punct('~') => forbid(
                1,
                "the operator `~` cannot be used in policy text".into(),
                "to join texts, write them side by side: `{{ a }}{{ b }}`".into(),
            ),
            Token::Punct(c @ ('+' | '-' | '*' | '/' | '%' | '{' | '@')) => forbid(
                1,
                format!("the operator `{c}` cannot be used in policy text"),
                computed(),
            ),
            Token::Op(op) if !matches!(op, "<=" | ">=") => forbid(
                op.len(),
                format!("the operator `{op}` cannot be used in policy text"),
                computed(),
            ),
            _ => {}
        }
    }
    found
}

/// "`a`, `b`, `c`", each name after `prefix`.
fn list(names: &[&str], prefix: &str) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{prefix}{n}`")).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idents(text: &str) -> Vec<&str> {
        tokens(text)
            .into_iter()
            .filter_map(|(_, t)| match t {
                Token::Ident(name) => Some(name),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_closing_delimiter_inside_a_string_does_not_end_the_tag() {
        assert_eq!(idents("{{ \"}}\" ~ range(end=5) }}"), ["range", "end"]);
        assert_eq!(idents("{% if a == '%}' %}{{ b }}"), ["if", "a", "b"]);
        assert_eq!(idents("{{ \"\\\"}}\" ~ x }}"), ["x"]);
    }

    #[test]
    fn raw_blocks_and_comments_are_text() {
        assert_eq!(
            idents("{% raw %}{% for x in y %}{%- endraw -%}{{ a }}"),
            ["a"]
        );
        assert_eq!(idents("{%- raw -%}{{ x }}{% endraw %}{{ b }}"), ["b"]);
        assert_eq!(idents("\u{1}\u{2}{{ x }}\u{2}\u{1}{{ c }}"), ["c"]);
    }

    #[test]
    fn whitespace_control_dashes_are_not_operators() {
        let found = tokens("{{- a -}}{%- if b -%}");
        assert!(
            !found.iter().any(|(_, t)| *t == Token::Punct('-')),
            "{found:?}"
        );
    }

    #[test]
    fn a_tag_tera_cannot_lex_stops_the_tokens() {
        assert_eq!(idents("{{ a }}{{ 'open }}{{ b }}"), ["a"]);
        assert_eq!(idents("{{ a # b }}{{ c }}"), ["a"]);
    }

    #[test]
    fn expressions_flag_functions_operators_filters_and_tests() {
        let messages = |text: &str| -> Vec<String> {
            expression(&tokens(text))
                .into_iter()
                .map(|(_, _, m, _)| m)
                .collect()
        };
        assert!(messages("{{ a | upper }}{% if region in [\"x\"] and b is defined %}").is_empty());
        assert!(messages("{{ a | default(value=\"x\") }}{{ a >= \"b\" }}").is_empty());
        assert_eq!(
            messages("{{ range(end=3) }}{{ a * 3 }}{{ a ~ b }}{{ a | replace(from=\"a\", to=b) }}"),
            [
                "the function `range` cannot be used in policy text",
                "the operator `*` cannot be used in policy text",
                "the operator `~` cannot be used in policy text",
                "the filter `replace` cannot be used in policy text",
            ]
        );
        assert_eq!(
            messages("{{ [a, a] }}{% if a is not odd %}{{ a ** 2 }}"),
            [
                "a list or an index (`[`) cannot be used in policy text, except after `in`",
                "the test `odd` cannot be used in policy text",
                "the operator `**` cannot be used in policy text",
            ]
        );
    }
}
