//! An imported unit checked against the current sources: its sources
//! the same, its targets' codes exactly its source's, and a written target
//! read back the same.

use super::model::{Inline, Targets, codes, shape};
use super::read::ReadUnit;
use super::units::SourceUnit;
use crate::diagnostics::Diagnostic;

/// A unit's targets, checked: `Ok(None)` when its sources differ from the
/// current ones, an error when a target's codes were lost or altered.
pub(super) fn check_unit(
    now: &SourceUnit,
    unit: &ReadUnit,
    file: &str,
) -> Result<Option<Targets>, Diagnostic> {
    if now.blocks.len() != unit.segments.len() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for (block, segment) in now.blocks.iter().zip(&unit.segments) {
        if shape(&block.inlines) != shape(&segment.source) {
            return Ok(None);
        }
        let mut current = Vec::new();
        codes(&block.inlines, &mut current);
        let mut given = Vec::new();
        codes(&segment.source, &mut given);
        let altered = |id: &str| {
            Diagnostic::error(format!(
                "the inline code `{id}` of unit `{file}/{}` was altered: its original data is not what the export wrote",
                now.id
            ))
            .help("keep each unit's <originalData> and its codes as the export wrote them; a link's address or a variable is changed in the source, not in a translation")
        };
        for (c, g) in current.iter().zip(&given) {
            if c != g && !matches!((c, g), (Inline::Pc { .. }, Inline::Pc { .. })) {
                return Err(altered(code_id(c)));
            }
            if let (
                Inline::Pc { start, end, .. },
                Inline::Pc {
                    start: s, end: e, ..
                },
            ) = (c, g)
                && (start != s || end != e)
            {
                return Err(altered(code_id(c)));
            }
        }
        let Some(target) = &segment.target else {
            out.push(None);
            continue;
        };
        let blank = target
            .iter()
            .all(|i| matches!(i, Inline::Text(t) if t.trim().is_empty()));
        if blank {
            return Err(Diagnostic::error(format!(
                "a target of unit `{file}/{}` is empty",
                now.id
            ))
            .help("translate it, or leave the <target> out: the translation keeps its text then"));
        }
        if let Some(tag) = typed_tag(target) {
            return Err(Diagnostic::error(format!(
                "the target of unit `{file}/{}` writes `{tag}` as text, which would start a template tag",
                now.id
            ))
            .help("variables are the source's inline codes: keep those, and write no `{{`, `{%` or `{#` yourself"));
        }
        let mut used = Vec::new();
        codes(target, &mut used);
        for t in &used {
            let id = code_id(t);
            let Some(c) = current.iter().find(|c| code_id(c) == id) else {
                return Err(Diagnostic::error(format!(
                    "the target of unit `{file}/{}` holds an inline code `{id}` its source does not have",
                    now.id
                ))
                .help("keep the target's codes those of its source, each once"));
            };
            if !t.same_code(c) {
                return Err(altered(id));
            }
        }
        for c in &current {
            let n = used.iter().filter(|t| code_id(t) == code_id(c)).count();
            if n != 1 {
                let what = if n == 0 { "lost" } else { "repeated" };
                return Err(Diagnostic::error(format!(
                    "the target of unit `{file}/{}` {what} the inline code `{}` of its source",
                    now.id,
                    code_id(c)
                ))
                .help("keep every code of the source (links, emphasis, variables) in the target, each once; move it, but do not remove or copy it"));
            }
        }
        out.push(Some(super::markup::spaces_outside_codes(target)));
    }
    Ok(Some(out))
}

/// The start of a template tag a target's words hold, if any.
fn typed_tag(inlines: &[Inline]) -> Option<&'static str> {
    inlines.iter().find_map(|i| match i {
        Inline::Text(t) => ["{{", "{%", "{#"].into_iter().find(|tag| t.contains(tag)),
        Inline::Pc { content, .. } => typed_tag(content),
        Inline::Ph { .. } => None,
    })
}

fn code_id(code: &Inline) -> &str {
    match code {
        Inline::Ph { id, .. } | Inline::Pc { id, .. } => id,
        Inline::Text(_) => "",
    }
}

/// Whether two contents read the same: the same words (white space runs
/// counted as one space, none at the ends) and the same codes in the same
/// places, whatever their ids.
pub(super) fn same(a: &[Inline], b: &[Inline]) -> bool {
    canonical(a) == canonical(b)
}

/// A content as it reads, as text: its words (white space runs as one
/// space, none at the ends) and its codes' Markdown, each token marked.
fn canonical(inlines: &[Inline]) -> String {
    enum Token<'a> {
        Text(String),
        Code(&'a str),
        Start(&'a str),
        End(&'a str),
    }
    fn tokens<'a>(inlines: &'a [Inline], out: &mut Vec<Token<'a>>) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => match out.last_mut() {
                    Some(Token::Text(last)) => last.push_str(t),
                    _ => out.push(Token::Text(t.clone())),
                },
                Inline::Ph { data, .. } => out.push(Token::Code(data)),
                Inline::Pc {
                    start,
                    end,
                    content,
                    ..
                } => {
                    out.push(Token::Start(start));
                    tokens(content, out);
                    out.push(Token::End(end));
                }
            }
        }
    }
    let mut list = Vec::new();
    tokens(inlines, &mut list);
    let last = list.len().saturating_sub(1);
    let mut out = String::new();
    for (i, token) in list.into_iter().enumerate() {
        match token {
            Token::Text(t) => {
                let mut t = crate::text::collapse_whitespace(&t, Some);
                if i == 0 {
                    t = t.trim_start().to_string();
                }
                if i == last {
                    t = t.trim_end().to_string();
                }
                if !t.is_empty() {
                    out.push('\u{1}');
                    out.push_str(&t);
                }
            }
            Token::Code(c) => {
                out.push('\u{2}');
                out.push_str(c);
            }
            Token::Start(c) => {
                out.push('\u{3}');
                out.push_str(c);
            }
            Token::End(c) => {
                out.push('\u{4}');
                out.push_str(c);
            }
        }
    }
    out
}

/// A short fingerprint of a unit's targets as they read (see
/// [`same`]): `none` when there is no translation of the unit, a
/// fingerprint of the text itself when its blocks differ from the source's.
pub(crate) fn fingerprint(targets: Option<&Targets>, raw: &str) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    match targets {
        Some(targets) => {
            for t in targets {
                match t {
                    Some(t) => hasher.update(canonical(t).as_bytes()),
                    None => hasher.update([0u8]),
                }
                hasher.update([5u8]);
            }
        }
        None if raw.is_empty() => return "none".to_string(),
        None => {
            hasher.update(b"text:");
            hasher.update(raw.as_bytes());
        }
    }
    hasher.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
