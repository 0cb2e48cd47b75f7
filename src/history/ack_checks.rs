//! `history/acks.yaml` checked against what it names: a release recorded
//! in `history/`, and a document, locale, region and section of the project.
//! Each problem is reported at the entry's value, line and column.

use std::collections::BTreeSet;
use std::path::Path;

use super::History;
use super::acks::Ack;
use crate::diagnostics::{Diagnostic, Diagnostics, closest, location_at};
use crate::source::{Project, layout, yaml};

/// An entry of the file as written, with where it starts and ends.
struct Entry {
    ack: Ack,
    span: std::ops::Range<usize>,
}

/// Checks that no acknowledgement names a release `history` does not
/// record yet: it would silence a lag until that release. An error.
pub fn check_releases(history: &History, diags: &Diagnostics) {
    // A record that could not be read hides releases: not known which.
    if history.unreadable > 0 {
        return;
    }
    let last = history
        .records
        .iter()
        .map(|r| r.record.release)
        .max()
        .unwrap_or(0);
    let Some((path, text)) = acks_text(history) else {
        return;
    };
    for entry in entries(text) {
        if entry.ack.release <= last {
            continue;
        }
        let recorded = match last {
            0 => "no release is recorded yet".to_string(),
            n => format!("the last release recorded is {n}"),
        };
        diags.push(
            at(
                Diagnostic::error(format!(
                    "this acknowledgement of {} in {} names release {}, but {recorded}: it would hide the lag of the translation until release {} is made",
                    section_label(&entry.ack.section),
                    entry.ack.locale,
                    entry.ack.release,
                    entry.ack.release
                )),
                &path,
                text,
                &entry,
                "release",
            )
            .help(match last {
                0 => "remove the entry: nothing was released, so no translation lags".to_string(),
                n => format!(
                    "give the release whose source change was checked (at most {n}), or remove the entry and run `policyc translations ack` again"
                ),
            }),
        );
    }
}

/// Checks that each acknowledgement names a document, locale, region and
/// section of `project`: one that does not acknowledges nothing (a typo,
/// or a name since removed). A warning with the nearest name.
pub fn check_names(history: &History, project: &Project, diags: &Diagnostics) {
    let unparsed = &project.unparsed;
    if unparsed.config || unparsed.policies {
        return;
    }
    let Some((path, text)) = acks_text(history) else {
        return;
    };
    let default = &project.config.default_locale;
    let docs = project.document_ids();
    let locales: BTreeSet<&str> = project
        .config
        .locales
        .iter()
        .filter(|l| *l != default)
        .map(String::as_str)
        .collect();
    let regions: BTreeSet<&str> = project.regions.keys().map(String::as_str).collect();
    let warn = |entry: &Entry, key: &str, what: String, name: &str, known: &BTreeSet<&str>| {
        let mut message = format!("this acknowledgement names {what}");
        if let Some(near) = closest(name, known.iter().copied()) {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
        let list: Vec<&str> = known.iter().copied().collect();
        diags.push(
            at(Diagnostic::warning(message), &path, text, entry, key).help(format!(
                "it acknowledges nothing: remove the entry or fix the name ({})",
                list.join(", ")
            )),
        );
    };
    for entry in entries(text) {
        let ack = &entry.ack;
        let doc_unread = unparsed.documents.contains(&ack.doc)
            || unparsed.supplements.iter().any(|(_, d)| *d == ack.doc);
        if !docs.contains(ack.doc.as_str()) {
            if !doc_unread {
                let what = format!(
                    "the document `{}`, which this project does not have",
                    ack.doc
                );
                warn(&entry, "doc", what, &ack.doc, &docs);
            }
        } else if !ack.section.is_empty() && !doc_unread {
            let ids = section_ids(project, &ack.doc);
            if !ids.contains(ack.section.as_str()) {
                let what = format!(
                    "the section `{}`, which `{}` does not have",
                    ack.section, ack.doc
                );
                warn(&entry, "section", what, &ack.section, &ids);
            }
        }
        if !locales.contains(ack.locale.as_str()) {
            let what = match ack.locale == *default {
                true => format!(
                    "`{default}`, the source language, which has no translation to acknowledge"
                ),
                false => format!(
                    "the locale `{}`, which the project does not translate into",
                    ack.locale
                ),
            };
            warn(&entry, "locale", what, &ack.locale, &locales);
        }
        if let Some(region) = &ack.region
            && !regions.contains(region.as_str())
            && unparsed.regions.is_empty()
        {
            let what = format!("the region `{region}`, which this project does not have");
            warn(&entry, "region", what, region, &regions);
        }
    }
}

/// The path and text of `history/acks.yaml`, when there is one.
fn acks_text(history: &History) -> Option<(std::path::PathBuf, &str)> {
    let path = layout::acks(Path::new(""));
    let text = history.sources.get(&path)?;
    Some((path, text))
}

/// The section ids of the default-locale sources of `doc`: its base text
/// and its supplements.
fn section_ids<'p>(project: &'p Project, doc: &str) -> BTreeSet<&'p str> {
    let default = &project.config.default_locale;
    project
        .documents
        .get(doc)
        .and_then(|by_locale| by_locale.get(default))
        .into_iter()
        .chain(
            project
                .supplements
                .iter()
                .filter(|((_, d), _)| d == doc)
                .filter_map(|(_, by_locale)| by_locale.get(default)),
        )
        .flat_map(|source| source.sections.iter().map(|s| s.id.as_str()))
        .filter(|id| !id.is_empty())
        .collect()
}

/// The entries of the file in the order written, each with its span: an
/// entry starts at a line whose first character (after the indentation)
/// is the `-` of a list item. None when the file does not parse (an error
/// of its own) or its items cannot be told apart that way.
fn entries(text: &str) -> Vec<Entry> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        acks: Vec<Ack>,
    }
    let body = &text[yaml::bom_len(text)..];
    let Ok(file) = yaml_serde::from_str::<File>(body) else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let rest = line.trim_start();
        if rest.starts_with("- ") || rest.trim_end() == "-" {
            starts.push(pos + line.len() - rest.len());
        }
        pos += line.len();
    }
    if starts.len() != file.acks.len() {
        // A flow-style list: the file, without a place.
        return file
            .acks
            .into_iter()
            .map(|ack| Entry { ack, span: 0..0 })
            .collect();
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    file.acks
        .into_iter()
        .zip(starts.iter().copied().zip(ends))
        .map(|(ack, (start, end))| Entry {
            ack,
            span: start..end,
        })
        .collect()
}

/// `d` in the file, at the value of `key` in `entry` when it can be found.
fn at(d: Diagnostic, path: &Path, text: &str, entry: &Entry, key: &str) -> Diagnostic {
    let d = d.in_file(path);
    let span = &text[entry.span.clone()];
    let mut offset = 0;
    for line in span.split_inclusive('\n') {
        let item = line.trim_start().trim_start_matches('-').trim_start();
        if let Some(rest) = item.strip_prefix(key)
            && let Some(value) = rest.trim_start().strip_prefix(':')
        {
            let value_start = line.len() - value.trim_start().len();
            let len = value.trim().len();
            return d.at(location_at(
                text,
                entry.span.start + offset + value_start,
                len,
            ));
        }
        offset += line.len();
    }
    match entry.span.is_empty() {
        true => d,
        false => d.at(location_at(text, entry.span.start, 0)),
    }
}

/// How a section is named in messages: its id, or the introduction.
fn section_label(id: &str) -> String {
    match id.is_empty() {
        true => "the introduction".to_string(),
        false => format!("`{id}`"),
    }
}
