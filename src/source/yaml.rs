//! YAML helpers shared by every YAML source: positions of keys, scalar
//! values as text, and syntax errors pointing into the file.

use std::path::Path;

use crate::diagnostics::{Diagnostic, location_at};

/// The byte offset of a top-level `key:` in a YAML mapping, for positions.
pub fn find_key(yaml: &str, key: &str) -> Option<usize> {
    let mut pos = 0;
    for line in yaml.split_inclusive('\n') {
        if line
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return Some(pos);
        }
        pos += line.len();
    }
    None
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

/// A diagnostic for a YAML syntax or shape error, positioned in the file.
pub fn yaml_diagnostic(
    path: &Path,
    text: &str,
    offset: usize,
    e: &yaml_serde::Error,
) -> Diagnostic {
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
    Diagnostic::error(format!("invalid YAML: {message}"))
        .in_file(path)
        .at(location)
        .help("check the indentation and the `key: value` syntax on this line; quote values that contain `:` or `#`")
}
