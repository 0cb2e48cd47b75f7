//! Checks across files that no single parse can make: translations must
//! have the same sections as the default-locale source.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path, location_at};
use crate::source::Project;
use crate::source::document::{Placement, SourceDoc};
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
        .map(|by_locale| (None, by_locale))
        .chain(
            project
                .supplements
                .iter()
                .map(|(key, by_locale)| (Some(key), by_locale)),
        );
    // Each document and supplement on its own: a site in many languages
    // has thousands of translations to compare.
    let groups: Vec<_> = groups.collect();
    groups.into_par_iter().for_each(|(supplement, by_locale)| {
        let Some(source) = by_locale.get(default) else {
            return;
        };
        // A supplement section with an unknown id and no placement is an
        // error (see `resolve::supplement`): that one message is enough.
        let unplaced = |file: &SourceDoc| match supplement {
            Some((region, doc)) => unplaced_sections(project, region, doc, file),
            None => BTreeSet::new(),
        };
        let source_unplaced = unplaced(source);
        for (locale, translation) in by_locale {
            if locale != default {
                compare(
                    source,
                    translation,
                    &source_unplaced,
                    &unplaced(translation),
                    diags,
                );
            }
        }
    });
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

/// The sections of a supplement of `doc` in `region` that replace nothing
/// and say nowhere to go, by index, as `resolve::supplement` finds them:
/// an id that neither the document nor the region's ancestors' supplements
/// have, not nested under a section that is placed.
fn unplaced_sections(
    project: &Project,
    region: &str,
    doc: &str,
    file: &SourceDoc,
) -> BTreeSet<usize> {
    let ids = |d: &SourceDoc| d.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    let mut known: BTreeSet<String> = project
        .documents
        .get(doc)
        .into_iter()
        .flat_map(|by_locale| by_locale.values())
        .flat_map(|d| ids(d))
        .collect();
    let mut seen = BTreeSet::new();
    let mut parent = project.regions.get(region).and_then(|r| r.parent.clone());
    while let Some(id) = parent.filter(|id| seen.insert(id.clone())) {
        let key = (id.clone(), doc.to_string());
        if let Some(by_locale) = project.supplements.get(&key) {
            known.extend(by_locale.values().flat_map(|d| ids(d)));
        }
        parent = project.regions.get(&id).and_then(|r| r.parent.clone());
    }
    // The first part of a region-only document places nothing: it starts it.
    if known.is_empty() {
        return BTreeSet::new();
    }
    let mut unplaced = BTreeSet::new();
    let mut unit_level = None;
    for (i, s) in file.sections.iter().enumerate() {
        let placed = s.placement != Placement::Default || known.contains(&s.id);
        let nests = unit_level.is_some_and(|level| level < s.level);
        if placed || !nests {
            unit_level = Some(s.level);
        }
        if !placed && !nests {
            unplaced.insert(i);
        }
    }
    unplaced
}

/// Compares a translation's section ids with its source's. Sections
/// reported as unplaced (by index, in either file) are left out, with
/// the section at the same index in the other file, which a translation
/// mirrors.
fn compare(
    source: &Arc<SourceDoc>,
    translation: &Arc<SourceDoc>,
    source_unplaced: &BTreeSet<usize>,
    translation_unplaced: &BTreeSet<usize>,
    diags: &Diagnostics,
) {
    let skipped = |i: usize| source_unplaced.contains(&i) || translation_unplaced.contains(&i);
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
        .enumerate()
        .filter(|(i, _)| !skipped(*i))
        .map(|(_, s)| s.id.as_str())
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
    for (i, section) in translation.sections.iter().enumerate() {
        if !skipped(i) && !source_ids.contains_key(&section.id) {
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
