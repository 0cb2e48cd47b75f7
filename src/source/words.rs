//! Theme words a project sets: `strings/<locale>.yaml` and the `strings:`
//! map of `policyc.yaml`, read with the position of each phrase. Which keys
//! exist and which placeholders each phrase keeps is the theme's to say
//! (`site::strings`); here, only that each is a phrase of text.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, location_at};
use crate::locale::validate_locale;

use super::yaml::{bom_len, yaml_diagnostic};

/// One phrase a project sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectPhrase {
    /// The key (`last_updated`).
    pub key: String,
    /// The phrase.
    pub phrase: String,
    /// Where the key is written.
    pub at: Location,
}

/// The phrases one file sets for one locale (or language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectWords {
    /// The locale or language tag (`de`, `pt-BR`).
    pub locale: String,
    /// The file, relative to the root.
    pub path: PathBuf,
    /// Where the locale is named (the `strings:` map's key), if not by the
    /// file's name.
    pub locale_at: Option<Location>,
    /// Its phrases, in the file's order.
    pub phrases: Vec<ProjectPhrase>,
}

/// The start of the line after `from` that holds `key:` (after any
/// indentation), searching no further than `until`.
fn key_line(text: &str, from: usize, until: usize, key: &str) -> Option<usize> {
    let mut pos = from;
    for line in text[from..until].split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        let quoted = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ];
        if quoted.iter().any(|q| rest.starts_with(q.as_str())) {
            return Some(pos + indent);
        }
        pos += line.len();
    }
    None
}

/// Reads `mapping` (key -> phrase) found in `text` between `from` and
/// `until`; values that are not text are errors.
fn phrases(
    path: &Path,
    text: &str,
    (from, until): (usize, usize),
    mapping: &yaml_serde::Mapping,
    diags: &Diagnostics,
) -> Vec<ProjectPhrase> {
    let mut out = Vec::new();
    for (key, value) in mapping {
        let Some(key) = key.as_str() else {
            let at = location_at(text, from, 0);
            diags.push(
                Diagnostic::error("a key of theme words must be a name such as `last_updated`")
                    .in_file(path)
                    .at(at)
                    .help("write one `key: \"phrase\"` line per phrase"),
            );
            continue;
        };
        let offset = key_line(text, from, until, key).unwrap_or(from);
        let at = location_at(text, offset, key.len());
        let kind = match value {
            yaml_serde::Value::String(phrase) => {
                out.push(ProjectPhrase {
                    key: key.to_string(),
                    phrase: phrase.clone(),
                    at,
                });
                continue;
            }
            yaml_serde::Value::Null => "nothing",
            yaml_serde::Value::Bool(_) => "a yes/no value",
            yaml_serde::Value::Number(_) => "a number",
            yaml_serde::Value::Sequence(_) => "a list",
            yaml_serde::Value::Mapping(_) => "a map of keys",
            yaml_serde::Value::Tagged(_) => "a tagged value",
        };
        diags.push(
            Diagnostic::error(format!("`{key}` must be a phrase of text, but is {kind}"))
                .in_file(path)
                .at(at)
                .help(format!("write the phrase in quotes, e.g. `{key}: \"…\"`")),
        );
    }
    out
}

/// Parses `strings/<locale>.yaml`: a map of key to phrase.
pub(crate) fn parse_words_file(
    path: &Path,
    locale: &str,
    text: &str,
    diags: &Diagnostics,
) -> Option<ProjectWords> {
    let offset = bom_len(text);
    let value: yaml_serde::Value = match yaml_serde::from_str(&text[offset..]) {
        Ok(v) => v,
        Err(e) => {
            diags.push(yaml_diagnostic(path, text, offset, &e));
            return None;
        }
    };
    let mapping = match value {
        yaml_serde::Value::Mapping(m) => m,
        yaml_serde::Value::Null => yaml_serde::Mapping::new(),
        _ => {
            diags.push(
                Diagnostic::error(
                    "a file of theme words must be a list of `key: \"phrase\"` lines",
                )
                .in_file(path)
                .at(location_at(text, offset, 0))
                .help("write one line per phrase, e.g. `contents: \"Inhalt\"`"),
            );
            return None;
        }
    };
    Some(ProjectWords {
        locale: locale.to_string(),
        path: path.to_path_buf(),
        locale_at: None,
        phrases: phrases(path, text, (offset, text.len()), &mapping, diags),
    })
}

/// Reads the `strings:` map of `policyc.yaml` (locale -> key -> phrase).
pub(crate) fn from_config(
    path: &Path,
    text: &str,
    map: &yaml_serde::Mapping,
    diags: &Diagnostics,
) -> Vec<ProjectWords> {
    let start = key_line(text, 0, text.len(), "strings").unwrap_or(0);
    // The map ends at the next line that is not indented.
    let end = text[start..]
        .split_inclusive('\n')
        .skip(1)
        .scan(
            start + text[start..].find('\n').map_or(0, |i| i + 1),
            |pos, line| {
                let here = *pos;
                *pos += line.len();
                Some((here, line))
            },
        )
        .find(|(_, line)| !line.starts_with([' ', '\t', '\n', '\r', '#']) && !line.is_empty())
        .map_or(text.len(), |(at, _)| at);
    let mut out = Vec::new();
    for (locale, phrases_of) in map {
        let Some(locale) = locale.as_str() else {
            continue;
        };
        let locale_offset = key_line(text, start, end, locale).unwrap_or(start);
        let locale_at = location_at(text, locale_offset, locale.len());
        if let Err(help) = validate_locale(locale) {
            diags.push(
                Diagnostic::error(format!("`{locale}` under `strings:` is not a locale"))
                    .in_file(path)
                    .at(locale_at)
                    .help(help),
            );
            continue;
        }
        let Some(mapping) = phrases_of.as_mapping() else {
            diags.push(
                Diagnostic::error(format!("`strings: {locale}:` must be a map of theme words"))
                    .in_file(path)
                    .at(locale_at)
                    .help(
                        "under the locale, write one `key: \"phrase\"` line per phrase, indented",
                    ),
            );
            continue;
        };
        out.push(ProjectWords {
            locale: locale.to_string(),
            path: path.to_path_buf(),
            locale_at: Some(locale_at),
            phrases: phrases(path, text, (locale_offset, end), mapping, diags),
        });
    }
    out
}
