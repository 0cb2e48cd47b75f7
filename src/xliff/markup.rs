//! A target's inline content written back as Markdown: its words escaped
//! where Markdown or the template language would read them as markup, its
//! codes as the Markdown they stand for.

use super::model::{BlockKind, Inline};

/// The Markdown of `inlines`, a block of kind `kind`, on one line.
pub fn markdown(inlines: &[Inline], kind: BlockKind) -> String {
    let mut out = String::new();
    write(inlines, kind, &mut out);
    let trimmed = out.trim_matches([' ', '\t']);
    let mut out = trimmed.to_string();
    if kind == BlockKind::Heading && out.ends_with('#') {
        out.pop();
        out.push_str("\\#");
    }
    out
}

fn write(inlines: &[Inline], kind: BlockKind, out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(text) => escape(text, kind, out),
            Inline::Ph { data, .. } => out.push_str(data),
            Inline::Pc {
                start,
                end,
                content,
                ..
            } => {
                out.push_str(start);
                write(content, kind, out);
                out.push_str(end);
            }
        }
    }
}

/// `inlines` with the white space just inside each paired code moved just
/// outside it (`<pc> word </pc>` as ` <pc>word</pc> `), as CAT tools leave
/// it: Markdown emphasis cannot start or end with a space.
pub fn spaces_outside_codes(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::new();
    for inline in inlines {
        let Inline::Pc {
            id,
            start,
            end,
            content,
        } = inline
        else {
            out.push(inline.clone());
            continue;
        };
        let mut inner = spaces_outside_codes(content);
        let mut lead = String::new();
        if let Some(Inline::Text(t)) = inner.first_mut() {
            let kept = t.trim_start().len();
            lead = t[..t.len() - kept].to_string();
            t.drain(..t.len() - kept);
        }
        let mut trail = String::new();
        if let Some(Inline::Text(t)) = inner.last_mut() {
            let kept = t.trim_end().len();
            trail = t[kept..].to_string();
            t.truncate(kept);
        }
        inner.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
        if !lead.is_empty() {
            out.push(Inline::Text(lead));
        }
        out.push(Inline::Pc {
            id: id.clone(),
            start: start.clone(),
            end: end.clone(),
            content: inner,
        });
        if !trail.is_empty() {
            out.push(Inline::Text(trail));
        }
    }
    out
}

/// Appends `text` so that Markdown shows it as written: ASCII punctuation
/// that could open markup is backslash-escaped, the start of a template tag
/// becomes a character reference, line breaks become spaces.
fn escape(text: &str, kind: BlockKind, out: &mut String) {
    let mut line_start = out.trim_matches([' ', '\t']).is_empty();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let at_start = line_start;
        line_start = line_start && matches!(c, ' ' | '\t' | '\n' | '\r');
        let line_start = at_start;
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '{' if matches!(chars.peek(), Some('{' | '%' | '#')) => out.push_str("&#123;"),
            '&' => {
                let rest: String = chars.clone().take(33).collect();
                if reads_as_reference(&rest) {
                    out.push_str("&amp;");
                } else {
                    out.push('&');
                }
            }
            '#' | '>' | '-' | '+' | '=' if line_start => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if line_start && kind != BlockKind::Meta => {
                // `1.` or `1)` at a line's start would be a list.
                out.push(c);
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                out.push_str(&digits);
                if let Some(mark @ ('.' | ')')) = chars.peek().copied() {
                    chars.next();
                    out.push('\\');
                    out.push(mark);
                }
            }
            _ => out.push(c),
        }
    }
}

/// Whether the text after an `&` reads as a character reference.
fn reads_as_reference(rest: &str) -> bool {
    let Some(end) = rest.find(';') else {
        return false;
    };
    let name = &rest[..end];
    let name = name.strip_prefix('#').unwrap_or(name);
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A front matter value (`title`, `summary`) as YAML: plain when YAML reads
/// it back as the same text, else double-quoted.
pub fn yaml_scalar(inlines: &[Inline]) -> String {
    let mut text = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) => text.push_str(&t.replace(['\n', '\r'], " ")),
            Inline::Ph { data, .. } => text.push_str(data),
            Inline::Pc {
                start,
                end,
                content,
                ..
            } => {
                text.push_str(start);
                text.push_str(&yaml_scalar(content));
                text.push_str(end);
            }
        }
    }
    let text = text.trim().to_string();
    let plain = yaml_serde::from_str::<yaml_serde::Value>(&format!("v: {text}"))
        .ok()
        .and_then(|v| v.get("v").and_then(|v| v.as_str().map(str::to_string)));
    if plain.as_deref() == Some(text.as_str()) && !text.contains('#') {
        return text;
    }
    // JSON's strings are YAML's double-quoted scalars.
    serde_json::to_string(&text).unwrap_or_default()
}
