//! A source's front matter: `title`, `summary`, and keys readers never see.

use super::{Chunk, SourceDoc};
use crate::diagnostics::{Diagnostic, Diagnostics, location_at};
use crate::source::yaml::{find_key, scalar_text, yaml_diagnostic};

/// Reads the front matter into `doc`; `None` when it cannot be used.
pub(super) fn parse_front_matter(
    doc: &mut SourceDoc,
    (front, offset): (&str, usize),
    diags: &Diagnostics,
) -> Option<()> {
    let text = doc.text.clone();
    if front.trim().is_empty() {
        return Some(());
    }
    let value: yaml_serde::Value = match yaml_serde::from_str(front) {
        Ok(v) => v,
        Err(e) => {
            diags.push(yaml_diagnostic(&doc.path, &text, offset, &e));
            return None;
        }
    };
    let yaml_serde::Value::Mapping(map) = value else {
        diags.push(
            Diagnostic::error("the front matter must be a list of `key: value` lines")
                .in_file(&doc.path)
                .at(location_at(&text, offset, 0))
                .help("write for example `title: Privacy Policy`"),
        );
        return None;
    };
    // A title or summary that is not text is reported here, and the file
    // is not used further: "this document has no title" would repeat it.
    let mut usable = true;
    for (key, value) in map {
        let Some(key) = key.as_str().map(str::to_string) else {
            continue;
        };
        let key_offset = find_key(front, &key).map_or(offset, |o| offset + o);
        match key.as_str() {
            "title" | "summary" => {
                let Some(s) = scalar_text(&value) else {
                    diags.push(
                        Diagnostic::error(format!("`{key}` must be text"))
                            .in_file(&doc.path)
                            .at(location_at(&text, key_offset, key.len()))
                            .help(format!(
                                "write it on one line, e.g. `{key}: Privacy Policy`, in quotes if it starts with `[`, `{{` or `*` or holds `: `"
                            )),
                    );
                    usable = false;
                    continue;
                };
                let value_offset = text[key_offset..]
                    .find(s.as_str())
                    .map_or(key_offset, |o| key_offset + o);
                let chunk = Some(Chunk {
                    text: s,
                    offset: value_offset,
                });
                if key == "title" {
                    doc.title = chunk;
                } else {
                    doc.summary = chunk;
                }
            }
            _ => {
                doc.extra.insert(key, value);
            }
        }
    }
    usable.then_some(())
}
