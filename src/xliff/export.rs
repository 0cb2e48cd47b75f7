//! The exchange for one locale, from the project's sources: each file's
//! units, the default locale's blocks as sources, the translation's as
//! targets where it has the same structure.

use std::collections::BTreeMap;
use std::path::Path;

use super::extract::{match_codes, number_codes};
use super::model::{Exchange, File, Segment, Status, Unit, file_id};
use super::status::StaleUnits;
use super::units::{SourceUnit, units};
use crate::diagnostics::{Diagnostic, location_at};
use crate::source::Project;
use crate::source::document::SourceDoc;

/// What to export.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    /// The locale translated into.
    pub locale: &'a str,
    /// Only this document (and its supplements).
    pub doc: Option<&'a str>,
    /// Only the units with no translation or a stale one.
    pub stale_only: bool,
}

/// The exchange for `selection`; `stale` gives, for a file (its region for
/// a supplement, and its document), the stale units of its translation,
/// or `None` when no page shows the file in the locale (a region that does
/// not publish it): such a file is left out.
/// Errors: section ids an XLIFF unit cannot carry.
pub fn exchange(
    project: &Project,
    selection: &Selection,
    stale: &dyn Fn(Option<&str>, &str) -> Option<StaleUnits>,
) -> Result<Exchange, Vec<Diagnostic>> {
    let default = project.config.default_locale.as_str();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let wanted = |doc: &str| selection.doc.is_none_or(|d| d == doc);
    for (doc, locales) in &project.documents {
        if let Some(source) = locales.get(default).filter(|_| wanted(doc)) {
            let translation = locales.get(selection.locale).map(|t| &**t);
            let Some(stale) = stale(None, doc) else {
                continue;
            };
            let file = file(
                None,
                doc,
                source,
                translation,
                &stale,
                selection,
                &mut errors,
            );
            files.extend(file);
        }
    }
    for ((region, doc), locales) in &project.supplements {
        if let Some(source) = locales.get(default).filter(|_| wanted(doc)) {
            let translation = locales.get(selection.locale).map(|t| &**t);
            let Some(stale) = stale(Some(region), doc) else {
                continue;
            };
            let file = file(
                Some(region),
                doc,
                source,
                translation,
                &stale,
                selection,
                &mut errors,
            );
            files.extend(file);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Exchange {
        src_lang: default.to_string(),
        trg_lang: selection.locale.to_string(),
        files,
    })
}

/// The units of a source with their code ids: what an export writes as
/// sources, and what an import checks its file's sources against.
pub fn numbered_units(source: &SourceDoc) -> Vec<SourceUnit> {
    let mut list = units(source);
    for unit in &mut list {
        let mut next = 0;
        for block in &mut unit.blocks {
            number_codes(&mut block.inlines, &mut next);
        }
    }
    list
}

/// What the translation's unit holds as targets for `unit`: `None` when
/// its structure differs; a segment's target is `None` when its codes do
/// not match the source's.
pub fn targets(
    unit: &SourceUnit,
    translated: &SourceUnit,
) -> Option<Vec<Option<Vec<super::model::Inline>>>> {
    if unit.kinds() != translated.kinds() {
        return None;
    }
    Some(
        unit.blocks
            .iter()
            .zip(&translated.blocks)
            .map(|(s, t)| {
                let mut inlines = t.inlines.clone();
                match_codes(&s.inlines, &mut inlines).then_some(inlines)
            })
            .collect(),
    )
}

#[allow(clippy::too_many_arguments)]
fn file(
    region: Option<&str>,
    doc: &str,
    source: &SourceDoc,
    translation: Option<&SourceDoc>,
    stale: &StaleUnits,
    selection: &Selection,
    errors: &mut Vec<Diagnostic>,
) -> Option<File> {
    let translated: BTreeMap<String, SourceUnit> = translation
        .map(|t| units(t).into_iter().map(|u| (u.id.clone(), u)).collect())
        .unwrap_or_default();
    let mut list = Vec::new();
    for unit in numbered_units(source) {
        if unit.section && !unit_id_ok(&unit.id) {
            errors.push(
                Diagnostic::error(format!(
                    "the section id `{}` cannot be a unit id of an XLIFF file",
                    unit.id
                ))
                .in_file(&source.path)
                .at(location_at(&source.text, unit.range.start, 0))
                .help("use letters, digits and `-` in section ids (e.g. `{#data-retention}`), and the same id in every translation"),
            );
            continue;
        }
        let found = translated.get(&unit.id).map(|t| targets(&unit, t));
        let (status, targets) = match found {
            None => (Status::New, None),
            Some(None) => (Status::Restructured, None),
            Some(Some(targets)) => match stale.get(&unit.id) {
                Some(s) => (
                    Status::Stale {
                        release: s.release,
                        day: s.day,
                    },
                    Some(targets),
                ),
                None => (Status::Current, Some(targets)),
            },
        };
        if selection.stale_only && status == Status::Current {
            continue;
        }
        let segments = unit
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| Segment {
                source: b.inlines.clone(),
                target: targets.as_ref().and_then(|t| t[i].clone()),
            })
            .collect();
        let fingerprint = unit_fingerprint(&unit, translation, translated.get(&unit.id));
        list.push(Unit {
            id: unit.id.clone(),
            context: unit.context.clone(),
            status,
            segments,
            fingerprint,
        });
    }
    if list.is_empty() {
        return None;
    }
    Some(File {
        id: file_id(region, doc),
        original: slashed(&source.path),
        units: list,
    })
}

/// The fingerprint of what the translation holds for `unit`: its targets
/// as they read, or its text when its blocks differ from the source's.
pub(super) fn unit_fingerprint(
    unit: &SourceUnit,
    translation: Option<&SourceDoc>,
    translated: Option<&SourceUnit>,
) -> String {
    let (Some(t), Some(doc)) = (translated, translation) else {
        return super::check::fingerprint(None, "");
    };
    let targets = targets(unit, t);
    super::check::fingerprint(targets.as_ref(), &doc.text[t.range.clone()])
}

/// A section id an XLIFF unit id (an XML name token) can carry, and that
/// no reserved unit id (`:title`…) can be: it does not start with `:`.
fn unit_id_ok(id: &str) -> bool {
    !id.starts_with(':')
        && !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '\u{b7}'))
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
