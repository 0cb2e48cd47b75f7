//! YAML helpers shared by every YAML source: positions of keys, scalar
//! values as text, and errors pointing into the file (syntax, a tab in
//! the indentation, missing keys).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location, location_at};

/// The byte offset of a top-level `key:` in a YAML mapping, for positions
/// (a byte order mark before the first key is passed over).
pub fn find_key(yaml: &str, key: &str) -> Option<usize> {
    let mut pos = 0;
    for line in yaml.split_inclusive('\n') {
        let bom = if pos == 0 { bom_len(line) } else { 0 };
        if line[bom..]
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return Some(pos + bom);
        }
        pos += line.len();
    }
    None
}

/// The length of the UTF-8 byte order mark `text` starts with (0 or 3).
/// Editors on Windows write one; YAML files are read as if it were not there.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// A key a YAML file must have, and a line showing it, for the message
/// that lists the missing ones.
pub type Required<'a> = (&'a str, &'a str);

/// Parses a whole YAML file (`policyc.yaml`, a region file) into `T`, or
/// gives the one diagnostic that says what is wrong: a syntax error (a tab
/// used for indentation named as such), every `required` key that is
/// missing at once, or a key or value `T` does not take.
pub fn parse_file<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    required: &[Required<'_>],
) -> Result<T, Diagnostic> {
    let offset = bom_len(text);
    let yaml = &text[offset..];
    // Read as plain YAML first: a key set twice in a nested mapping (a
    // variable) is an error there, where `T` would keep the last silently.
    let value: yaml_serde::Value = match yaml_serde::from_str(yaml) {
        Ok(value) => value,
        Err(syntax) => return Err(yaml_diagnostic(path, text, offset, &syntax)),
    };
    let e = match yaml_serde::from_str::<T>(yaml) {
        Ok(parsed) => return Ok(parsed),
        Err(e) => e,
    };
    // A misspelt key is what to fix, not the key it leaves missing.
    let message = e.to_string();
    if message.starts_with("unknown field") {
        return Err(shape_diagnostic(path, text, offset, &e));
    }
    let present = |key: &str| match &value {
        yaml_serde::Value::Mapping(map) => map.contains_key(key),
        _ => false,
    };
    let missing: Vec<&Required<'_>> = required.iter().filter(|(key, _)| !present(key)).collect();
    let is_mapping = matches!(
        value,
        yaml_serde::Value::Mapping(_) | yaml_serde::Value::Null
    );
    if !is_mapping {
        return Err(
            Diagnostic::error("this file must be a list of `key: value` lines")
                .in_file(path)
                .at(location_at(text, offset, 0))
                .help(format!(
                    "start it with, for example:\n{}",
                    examples(required)
                )),
        );
    }
    if missing.is_empty() {
        return Err(shape_diagnostic(path, text, offset, &e));
    }
    let names: Vec<String> = missing.iter().map(|(key, _)| format!("`{key}`")).collect();
    let (keys, add) = match &names[..] {
        [first @ .., last] if !first.is_empty() => (
            format!("keys {} and {last}", first.join(", ")),
            "add them, each on a line of its own",
        ),
        _ => (
            format!("key {}", names.join("")),
            "add it on a line of its own",
        ),
    };
    let missing: Vec<Required<'_>> = missing.into_iter().copied().collect();
    Err(Diagnostic::error(format!("missing {keys}"))
        .in_file(path)
        .at(location_at(text, offset, 0))
        .help(format!("{add}, e.g.\n{}", examples(&missing))))
}

fn examples(required: &[Required<'_>]) -> String {
    required
        .iter()
        .map(|(_, example)| *example)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text of a YAML scalar (strings, numbers, booleans).
pub fn scalar_text(value: &yaml_serde::Value) -> Option<String> {
    match value {
        yaml_serde::Value::String(s) => Some(s.clone()),
        yaml_serde::Value::Number(n) => Some(n.to_string()),
        yaml_serde::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A diagnostic for a YAML syntax error, positioned in the file (the YAML
/// starts at byte `offset` of `text`). A tab in the indentation of the
/// line in error, or of the line before it, is named as the cause.
pub fn yaml_diagnostic(
    path: &Path,
    text: &str,
    offset: usize,
    e: &yaml_serde::Error,
) -> Diagnostic {
    if let Some(tab) = e
        .location()
        .and_then(|l| indenting_tab(text, offset + l.index()))
    {
        return Diagnostic::error("a tab is used for indentation here; YAML indents with spaces")
            .in_file(path)
            .at(location_at(text, tab, 1))
            .help("replace the tab with spaces (two for each level), and set your editor to indent YAML with spaces");
    }
    if let Some(d) = duplicate_key_diagnostic(path, text, offset, e) {
        return d;
    }
    let (message, location) = located(text, offset, e);
    Diagnostic::error(format!("invalid YAML: {message}"))
        .in_file(path)
        .at(location)
        .help("check the indentation and the `key: value` syntax on this line; quote values that contain `:` or `#`")
}

/// A key set twice in one mapping, pointed at its second occurrence:
/// yaml_serde names the key but gives no position.
fn duplicate_key_diagnostic(
    path: &Path,
    text: &str,
    offset: usize,
    e: &yaml_serde::Error,
) -> Option<Diagnostic> {
    let message = e.to_string();
    // "duplicate entry with key \"k\"", after the path to its mapping if nested.
    let (_, quoted) = message.split_once("duplicate entry with key ")?;
    let key = quoted.split(" at line ").next()?.trim_matches('"');
    let (first, second) = find_duplicate_key(text, offset, key)?;
    let first_line = location_at(text, first, 0).line;
    Some(
        Diagnostic::error(format!(
            "`{key}` is set twice (first on line {first_line}); keep one"
        ))
        .in_file(path)
        .at(location_at(text, second, key.len()))
        .help(format!(
            "delete the `{key}:` line you do not mean: a key can be set only once in the same place"
        )),
    )
}

/// The byte offsets of the first two occurrences of `key:` in the same
/// block mapping of the YAML starting at byte `offset` of `text` (which
/// ends at a `---` or `...` line), read from the indentation.
fn find_duplicate_key(text: &str, offset: usize, key: &str) -> Option<(usize, usize)> {
    // The open mappings, innermost last: their indentation and where each
    // of their lines' `key:` is.
    let mut open: Vec<(usize, Option<usize>)> = Vec::new();
    let mut pos = offset;
    for line in text[offset..].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content == "---" || content == "..." {
            if start > offset {
                break;
            }
            continue;
        }
        let trimmed = content.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = content.len() - trimmed.len();
        let mut rest = trimmed;
        // A list item opens a new mapping at the indentation of its key.
        let mut item = false;
        while let Some(after) = rest.strip_prefix('-').filter(|a| a.starts_with(' ')) {
            let inner = after.trim_start_matches(' ');
            indent += rest.len() - inner.len();
            rest = inner;
            item = true;
        }
        open.retain(|(i, _)| *i < indent || (*i == indent && !item));
        let is_key = [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                rest.strip_prefix(k.as_str())
                    .is_some_and(|r| r.trim_start_matches(' ').starts_with(':'))
            });
        let at = start + (content.len() - rest.len());
        match open.last_mut() {
            Some((i, seen)) if *i == indent => {
                if is_key {
                    match seen {
                        Some(first) => return Some((*first, at)),
                        None => *seen = Some(at),
                    }
                }
            }
            _ => open.push((indent, is_key.then_some(at))),
        }
    }
    None
}

/// A diagnostic for YAML that parses but does not have the expected
/// shape: a key that is not known, a value of the wrong kind.
fn shape_diagnostic(path: &Path, text: &str, offset: usize, e: &yaml_serde::Error) -> Diagnostic {
    let (message, location) = located(text, offset, e);
    Diagnostic::error(message)
        .in_file(path)
        .at(location)
        .help("check the key's spelling and the kind of value it takes (text, a list `[a, b]`, or `key: value` lines below it)")
}

/// yaml_serde's message without its position, and the position.
fn located(text: &str, offset: usize, e: &yaml_serde::Error) -> (String, Location) {
    let message = e.to_string();
    // yaml_serde appends " at line L column C"; the position is shown separately.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let location = match e.location() {
        Some(l) => location_at(text, offset + l.index(), 1),
        None => location_at(text, offset, 0),
    };
    (message, location)
}

/// The offset of a tab in the indentation of the line holding `at`, or of
/// the line before it (the parser may notice only on the next line).
fn indenting_tab(text: &str, at: usize) -> Option<usize> {
    let at = at.min(text.len());
    let line_start = |end: usize| text[..end].rfind('\n').map_or(0, |i| i + 1);
    let here = line_start(at);
    let before = (here > 0).then(|| line_start(here - 1));
    [Some(here), before]
        .into_iter()
        .flatten()
        .find_map(|start| {
            let line = &text[start..];
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            line[..indent].find('\t').map(|i| start + i)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_key_is_found_in_its_own_mapping() {
        let yaml = "name: A\nvars:\n  name: x\n  other: y\nname: B\n";
        assert_eq!(find_duplicate_key(yaml, 0, "name"), Some((0, 35)));
        let nested = "vars:\n  name: x\nother:\n  name: y\n  name: z\n";
        assert_eq!(find_duplicate_key(nested, 0, "name"), Some((25, 35)));
        let items = "- name: a\n- name: b\n  name: c\n";
        assert_eq!(find_duplicate_key(items, 0, "name"), Some((12, 22)));
        assert_eq!(
            find_duplicate_key("name: A\n---\nname: B\n", 0, "name"),
            None
        );
    }

    #[test]
    fn a_key_after_a_byte_order_mark_is_found() {
        assert_eq!(find_key("\u{feff}name: X\nparent: us\n", "name"), Some(3));
        assert_eq!(
            find_key("\u{feff}name: X\nparent: us\n", "parent"),
            Some(11)
        );
    }

    #[test]
    fn a_tab_in_the_indentation_is_found_on_the_line_or_the_one_before() {
        let text = "a:\n \tb: 1\nc: 2\n";
        assert_eq!(indenting_tab(text, text.find('b').unwrap()), Some(4));
        assert_eq!(indenting_tab(text, text.find('c').unwrap()), Some(4));
        assert_eq!(
            indenting_tab("a: \tb\n", 4),
            None,
            "a tab after the key is fine"
        );
    }
}
