//! `release --message-file FILE`: the release's message in each locale, a
//! YAML map of locale to message, checked against the project's locales.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path, location_at};
use crate::source::Project;
use crate::source::read;
use crate::source::yaml::{bom_len, find_key, parse_file};

/// The messages of the file at `path`, by locale; `None` after reporting
/// what is wrong with it, at its line and column. Nothing of the file is
/// quoted: it may come from outside the project.
pub fn read_messages(
    path: &Path,
    project: &Project,
    diags: &Diagnostics,
) -> Option<BTreeMap<String, String>> {
    let shown = display_path(path);
    let bytes = match read::bounded(path) {
        Ok(bytes) => bytes,
        Err(read::ReadError::Io(e)) => {
            diags.push(
                Diagnostic::error(format!("could not read the message file `{shown}`: {e}"))
                    .help("give --message-file a YAML file of `locale: message` lines"),
            );
            return None;
        }
        Err(read::ReadError::Refused(refusal)) => {
            diags.push(Diagnostic::error(refusal.describe(&shown)).help(format!(
                "give --message-file a YAML file of at most {}",
                read::MAX_SOURCE_SIZE
            )));
            return None;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        diags.push(
            Diagnostic::error(format!("the message file `{shown}` is not valid UTF-8"))
                .in_file(path)
                .help("save it as UTF-8"),
        );
        return None;
    };
    let map: BTreeMap<String, yaml_serde::Value> = match parse_file(path, &text, &[]) {
        Ok(map) => map,
        Err(d) => {
            diags.push(d.help(
                "a message file maps each locale to its message, one `locale: message` line each, e.g. `de-DE: Neue Regeln zur Speicherdauer`",
            ));
            return None;
        }
    };
    let locales = &project.config.locales;
    let mut messages = BTreeMap::new();
    let mut ok = true;
    for (locale, value) in map {
        let offset = find_key(&text, &locale).unwrap_or(bom_len(&text));
        let at = location_at(&text, offset, locale.len());
        let mut error = |message: &str, help: String| {
            diags.push(Diagnostic::error(message).in_file(path).at(at).help(help));
            ok = false;
        };
        if !locales.contains(&locale) {
            error(
                "this locale is not one of the project's",
                format!(
                    "use one of the locales policyc.yaml lists: {}",
                    locales.join(", ")
                ),
            );
            continue;
        }
        let message = match value {
            yaml_serde::Value::String(s) => s,
            yaml_serde::Value::Null => String::new(),
            _ => {
                error(
                    "the message for this locale is not text",
                    "write the message after the locale, quoted if it holds `:` or `#`".into(),
                );
                continue;
            }
        };
        if message.trim().is_empty() {
            error(
                "the message for this locale is empty",
                "say what changed and why in that language, or remove the line".into(),
            );
            continue;
        }
        if let Some((n, c)) = first_control(&message) {
            error(
                &format!(
                    "the message for this locale holds a control character (U+{:04X}) at character {n}",
                    u32::from(c)
                ),
                "remove it: a message is plain text (tabs and line breaks are fine), shown on pages and in feeds".into(),
            );
            continue;
        }
        messages.insert(locale, message);
    }
    ok.then_some(messages)
}

/// The first control character of a release message that pages and
/// feeds could not show (an escape sequence, a NUL; not XML text), with
/// its position in characters counted from 1; tabs and line breaks are
/// text.
pub(super) fn first_control(message: &str) -> Option<(usize, char)> {
    message
        .chars()
        .enumerate()
        .find(|&(_, c)| c.is_control() && c != '\t' && c != '\n')
        .map(|(i, c)| (i + 1, c))
}
