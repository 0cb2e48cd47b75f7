//! Checks across files that no single parse can make: translations must
//! have the same sections as the default-locale source.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path, location_at};
use crate::source::Project;
use crate::source::document::SourceDoc;
use crate::source::layout;

/// Warns about translations whose section ids differ from the default
/// locale's: sections missing from the translation, and sections it has
/// that the source does not.
pub fn check_translations(project: &Project, diags: &Diagnostics) {
    // Without settings, no locale is the default.
    if project.unparsed.config {
        return;
    }
    let default = &project.config.default_locale;
    let groups = project
        .documents
        .values()
        .chain(project.supplements.values());
    for by_locale in groups {
        let Some(source) = by_locale.get(default) else {
            continue;
        };
        for (locale, translation) in by_locale {
            if locale != default {
                compare(source, translation, diags);
            }
        }
    }
    for ((region, doc), by_locale) in &project.supplements {
        // A default-locale file that failed to parse was reported already.
        let unparsed = &project.unparsed;
        if by_locale.contains_key(default)
            || unparsed.documents.contains(doc)
            || unparsed
                .supplements
                .contains(&(region.clone(), doc.clone()))
        {
            continue;
        }
        let region_only = !project.documents.contains_key(doc);
        for translation in by_locale.values() {
            let d = if region_only {
                Diagnostic::error(format!(
                    "the region-only document `{doc}` has no `{default}` version"
                ))
            } else {
                Diagnostic::warning(format!(
                    "this supplement has no `{default}` version, so the `{default}` pages of `{region}` do not get it"
                ))
            };
            diags.push(d.in_file(&translation.path).help(format!(
                "add `{}`; translations are made from it",
                display_path(&layout::supplement(region, doc, default))
            )));
        }
    }
}

fn compare(source: &Arc<SourceDoc>, translation: &Arc<SourceDoc>, diags: &Diagnostics) {
    let ids = |doc: &SourceDoc| -> BTreeMap<String, usize> {
        doc.sections
            .iter()
            .map(|s| (s.id.clone(), s.heading_range.start))
            .collect()
    };
    let source_ids = ids(source);
    let translated_ids = ids(translation);
    let missing: Vec<&str> = source
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| !translated_ids.contains_key(*id))
        .collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::warning(format!(
                "this translation lacks {} of `{}`: {}",
                if missing.len() == 1 {
                    "a section"
                } else {
                    "sections"
                },
                source.path.display(),
                missing
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .in_file(&translation.path)
            .help("translate the missing sections, keeping their `{#id}`s"),
        );
    }
    for section in &translation.sections {
        if !source_ids.contains_key(&section.id) {
            let len = translation.text[section.heading_range.clone()]
                .trim_end()
                .len();
            diags.push(
                Diagnostic::warning(format!(
                    "the section `{}` is not in `{}`",
                    section.id,
                    source.path.display()
                ))
                .in_file(&translation.path)
                .at(location_at(&translation.text, section.heading_range.start, len))
                .help("translations use the source's section ids; fix the id, or add the section to the source first"),
            );
        }
    }
}
