//! An exchange's targets written back into the translations: each checked
//! against the current sources first (a unit whose source changed since the
//! export is refused, never written), then spliced into the translation's
//! blocks, its ids, structure and front matter kept.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::check::{check_unit, same};
use super::export::{numbered_units, targets};
use super::markup::{markdown, yaml_scalar};
use super::model::Targets;
use super::model::{BlockKind, Inline};
use super::read::ReadExchange;
use super::units::{SourceUnit, units};
use crate::diagnostics::{Diagnostic, Diagnostics, location_at};
use crate::source::document::{SourceDoc, SourceKind, parse_source};
use crate::source::{Project, layout};

/// A translation an import writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The file, relative to the project's root.
    pub path: PathBuf,
    /// Its new text.
    pub text: String,
    /// Whether the file is new.
    pub created: bool,
    /// How many units changed in it.
    pub units: usize,
}

/// The translations `exchange` (read from `file`, whose `text` gives
/// positions) changes, or every reason it cannot be imported.
pub fn apply(
    project: &Project,
    exchange: &ReadExchange,
    file: &Path,
    text: &str,
) -> Result<Imported, Vec<Diagnostic>> {
    let here = |offset: usize| location_at(text, offset, 0);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let default = &project.config.default_locale;
    let (given, at) = &exchange.trg_lang;
    // BCP 47 tags are case-insensitive (a CAT tool may write `de-de`): the
    // project's own spelling is the one used from here on.
    let found = project
        .config
        .locales
        .iter()
        .find(|l| same_language_tag(l, given));
    let locale = found.unwrap_or(given);
    if locale == default || found.is_none() {
        let published = project
            .config
            .locales
            .iter()
            .filter(|l| *l != default)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        errors.push(
            Diagnostic::error(format!(
                "the file translates into `{locale}`, which the project does not publish as a translation"
            ))
            .in_file(file)
            .at(here(*at))
            .help(format!(
                "the project's translations are in: {published}; add the locale to `locales` in policyc.yaml first, or import the file meant for this project"
            )),
        );
        return Err(errors);
    }
    if !same_language_tag(&exchange.src_lang, default) {
        errors.push(
            Diagnostic::error(format!(
                "the file translates from `{}`, but the project's default locale is `{default}`",
                exchange.src_lang
            ))
            .in_file(file)
            .at(here(*at))
            .help("export again with `policyc xliff export` and translate that file"),
        );
        return Err(errors);
    }

    let mut changes = Vec::new();
    let mut mismatched = Vec::new();
    for read_file in &exchange.files {
        let (region, doc) = match read_file.id.split_once(':') {
            Some((region, doc)) => (Some(region), doc),
            None => (None, read_file.id.as_str()),
        };
        let locales = match region {
            Some(r) => project.supplements.get(&(r.to_string(), doc.to_string())),
            None => project.documents.get(doc),
        };
        let Some(source) = locales.and_then(|l| l.get(default)) else {
            errors.push(
                Diagnostic::error(format!(
                    "the file id `{}` names no document or supplement of the project",
                    read_file.id
                ))
                .in_file(file)
                .at(here(read_file.at))
                .help("export again with `policyc xliff export`: documents may have been renamed or removed"),
            );
            continue;
        };
        let current: BTreeMap<String, SourceUnit> = numbered_units(source)
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let translation = locales.and_then(|l| l.get(locale.as_str()));
        let translated_units: BTreeMap<String, SourceUnit> = translation
            .map(|t| units(t).into_iter().map(|u| (u.id.clone(), u)).collect())
            .unwrap_or_default();
        let mut checked: Vec<(&SourceUnit, Targets, usize)> = Vec::new();
        for unit in &read_file.units {
            let Some(now) = current.get(&unit.id) else {
                errors.push(
                    Diagnostic::error(format!(
                        "unit `{}/{}` is not a section of {}",
                        read_file.id,
                        unit.id,
                        layout_name(&source.path)
                    ))
                    .in_file(file)
                    .at(here(unit.at))
                    .help("export again with `policyc xliff export`: the section may have been removed or its id changed"),
                );
                continue;
            };
            if now.blocks.len() != unit.segments.len() {
                mismatched.push(
                    Diagnostic::error(format!(
                        "unit `{}/{}` has {} segment{} where its source in {} has {} block{}",
                        read_file.id,
                        unit.id,
                        unit.segments.len(),
                        if unit.segments.len() == 1 { "" } else { "s" },
                        layout_name(&source.path),
                        now.blocks.len(),
                        if now.blocks.len() == 1 { "" } else { "s" },
                    ))
                    .in_file(file)
                    .at(here(unit.at))
                    .help(format!(
                        "the import needs one target per segment, as exported: a CAT tool merged or split segments (keep them as they were: do not join or split segments), or the section changed since the export (export again with `policyc xliff export --locale {locale}`)"
                    )),
                );
                continue;
            }
            match check_unit(now, unit, &read_file.id) {
                Ok(Some(targets)) => {
                    let was = translated_units.get(&unit.id);
                    let exported = unit.fingerprint.as_deref();
                    let changed_since = exported.is_some_and(|f| {
                        f != super::export::unit_fingerprint(now, translation.map(|t| &**t), was)
                    });
                    if !changed_since {
                        checked.push((now, targets, unit.at));
                        continue;
                    }
                    // The translation was edited after the export: a target
                    // as exported, or what the translation holds now, is
                    // nothing to write; any other would undo the edit.
                    let untouched = exported
                        == Some(super::check::fingerprint(Some(&targets), "").as_str());
                    let holds = was.and_then(|t| super::export::targets(now, t));
                    let same_now = untouched
                        || targets.iter().all(Option::is_none)
                        || holds.is_some_and(|h| {
                            targets.iter().zip(&h).all(|(g, h)| match (g, h) {
                                (Some(g), Some(h)) => same(g, h),
                                (Some(_), None) => false,
                                (None, _) => true,
                            })
                        });
                    if !same_now {
                        errors.push(
                            Diagnostic::error(format!(
                                "the translation of unit `{}/{}` changed since the export: importing the file would undo that change",
                                read_file.id, unit.id
                            ))
                            .in_file(file)
                            .at(here(unit.at))
                            .help(format!(
                                "export again with `policyc xliff export --locale {locale}` and translate the new file, or make the change in the target and the translation the same"
                            )),
                        );
                    }
                }
                Ok(None) => mismatched.push(
                    Diagnostic::error(format!(
                        "the source text of unit `{}/{}` no longer matches {}",
                        read_file.id,
                        unit.id,
                        layout_name(&source.path)
                    ))
                    .in_file(file)
                    .at(here(unit.at))
                    .help(format!(
                        "the source changed since the export; export again with `policyc xliff export --locale {locale}` and translate the new file"
                    )),
                ),
                Err(e) => errors.push(e.in_file(file).at(here(unit.at))),
            }
        }
        if !errors.is_empty() || !mismatched.is_empty() {
            continue;
        }
        let path = match (region, translation) {
            (_, Some(t)) => t.path.clone(),
            (Some(r), None) => layout::supplement(r, doc, locale),
            (None, None) => layout::document(doc, locale),
        };
        let mut notes = Vec::new();
        let spliced = splice(
            source,
            translation.map(|t| &**t),
            &checked,
            &path,
            &mut notes,
        );
        warnings.extend(notes.into_iter().map(|(at, message, help)| {
            Diagnostic::warning(format!("unit `{}/{message}", read_file.id))
                .in_file(file)
                .at(here(at))
                .help(help)
        }));
        match spliced {
            Ok(Some(change)) => changes.push(change),
            Ok(None) => {}
            Err(Unreadable(unit)) => {
                let (what, at) = match unit {
                    Some((id, at)) => (format!("the target of unit `{}/{id}`", read_file.id), at),
                    None => (
                        format!("the targets of file `{}`", read_file.id),
                        read_file.at,
                    ),
                };
                errors.push(
                    Diagnostic::error(format!(
                        "{what} would not read back as written in {}",
                        layout_name(&path)
                    ))
                    .in_file(file)
                    .at(here(at))
                    .help("nothing was written; Markdown would read the target otherwise (an empty target, or emphasis closed between punctuation and a letter, as in `**word.**next`): change the target, or translate that section in the Markdown directly"),
                );
            }
        }
    }
    errors.extend(mismatched);
    if errors.is_empty() {
        Ok(Imported { changes, warnings })
    } else {
        Err(errors)
    }
}

/// What an import writes, and what it left as it was and why.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The translations written.
    pub changes: Vec<Change>,
    /// Units left as they were, or written with a target that may be
    /// untranslated.
    pub warnings: Vec<Diagnostic>,
}

/// A target Markdown would not read back as written: in which unit (and
/// where that is in the XLIFF file), when the file as a whole still reads.
struct Unreadable(Option<(String, usize)>);

/// A note about a unit: where it is in the XLIFF file, the rest of the
/// message after "unit `file/", and what to do.
type Note = (usize, String, &'static str);

/// Whether two BCP 47 tags name the same locale, whatever their letter
/// case (`de-de` is `de-DE`), as ICU reads them.
fn same_language_tag(a: &str, b: &str) -> bool {
    match (
        a.parse::<icu::locale::Locale>(),
        b.parse::<icu::locale::Locale>(),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a.eq_ignore_ascii_case(b),
    }
}

fn layout_name(path: &Path) -> String {
    crate::diagnostics::display_path(path)
}

/// The translation with the targets written in; `None` when nothing
/// changes. A new file holds only the units fully translated (its pages
/// show the others as missing); a new or restructured unit not fully
/// translated is left as it was, noted in `notes`.
fn splice(
    source: &SourceDoc,
    translation: Option<&SourceDoc>,
    checked: &[(&SourceUnit, Targets, usize)],
    path: &Path,
    notes: &mut Vec<Note>,
) -> Result<Option<Change>, Unreadable> {
    let base: &str = match translation {
        Some(t) => &t.text,
        None => &source.text,
    };
    let translated: Vec<SourceUnit> = match translation {
        Some(t) => units(t),
        None => numbered_units(source),
    };
    let order = numbered_units(source);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut changed = 0;
    let complete = |id: &str| {
        checked
            .iter()
            .any(|(u, given, _)| u.id == id && given.iter().all(Option::is_some))
    };
    if translation.is_none() {
        // A new file: what is not translated is left out (the title
        // excepted, which a document needs), so that the page shows it as
        // missing rather than English under the locale's name.
        for unit in &order {
            if complete(&unit.id) {
                continue;
            }
            if !unit.section && unit.id != super::model::PREAMBLE_UNIT {
                let at = checked
                    .iter()
                    .find(|(u, _, _)| u.id == unit.id)
                    .map_or(0, |(_, _, at)| *at);
                notes.push((
                    at,
                    format!(
                        "{}`: the new file {} keeps the source's {}, which has no target",
                        unit.id,
                        crate::diagnostics::display_path(path),
                        unit.id.trim_start_matches(':')
                    ),
                    "translate it too, and import again",
                ));
                continue;
            }
            edits.push((unit.range.clone(), String::new()));
        }
    }
    let mut written_units: Vec<&str> = Vec::new();
    for (unit, given, at) in checked {
        let missing = given.iter().filter(|g| g.is_none()).count();
        if missing == given.len() {
            continue;
        }
        let here = translated.iter().position(|t| t.id == unit.id);
        let now = here
            .map(|i| &translated[i])
            .and_then(|t| targets(unit, t).map(|n| (t, n)));
        let fresh = translation.is_none() || now.is_none();
        if fresh && missing > 0 {
            notes.push((
                *at,
                format!(
                    "{}` left as it was: {missing} of {} segments have no target",
                    unit.id,
                    given.len()
                ),
                "a section the translation lacks, or whose paragraphs and lists differ from the source's, is written only when every segment is translated: translate the rest and import again",
            ));
            continue;
        }
        if fresh {
            let untranslated = given
                .iter()
                .zip(&unit.blocks)
                .filter(|(g, b)| g.as_ref().is_some_and(|g| same(g, &b.inlines)))
                .count();
            if untranslated > 0 {
                notes.push((
                    *at,
                    format!(
                        "{}`: {untranslated} of {} targets are the source text unchanged",
                        unit.id,
                        given.len()
                    ),
                    "written as given; if the text was not translated yet, translate it and import again",
                ));
            }
        }
        written_units.push(&unit.id);
        let here = translated.iter().position(|t| t.id == unit.id);
        let now = here
            .map(|i| &translated[i])
            .and_then(|t| targets(unit, t).map(|n| (t, n)));
        match now {
            // The translation's blocks are the source's: each changed
            // target replaces its block's text.
            Some((t, now)) => {
                let before = edits.len();
                for (i, target) in given.iter().enumerate() {
                    let Some(target) = target else { continue };
                    if now[i].as_ref() == Some(target) && translation.is_some() {
                        continue;
                    }
                    let block = &t.blocks[i];
                    edits.push((block.range.clone(), written(target, block.kind)));
                }
                changed += usize::from(edits.len() > before);
            }
            // Its structure differs, or it has no such unit: the source's
            // unit, its blocks translated, takes its place.
            None => {
                let mut text = source.text[unit.range.clone()].to_string();
                let mut inner: Vec<(Range<usize>, String)> = given
                    .iter()
                    .enumerate()
                    .filter_map(|(i, g)| {
                        let b = &unit.blocks[i];
                        let r = b.range.start - unit.range.start..b.range.end - unit.range.start;
                        g.as_ref().map(|g| (r, written(g, b.kind)))
                    })
                    .collect();
                inner.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
                for (r, s) in inner {
                    text.replace_range(r, &s);
                }
                let Some(at) = here else {
                    edits.push(insertion(base, &translated, &order, unit, text));
                    changed += 1;
                    continue;
                };
                edits.push((translated[at].range.clone(), text));
                changed += 1;
            }
        }
    }
    if edits.is_empty() || (translation.is_none() && written_units.is_empty()) {
        return Ok(None);
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(base.len());
    let mut at = 0;
    for (r, s) in &edits {
        if r.start < at {
            continue;
        }
        out.push_str(&base[at..r.start]);
        out.push_str(s);
        at = r.end;
    }
    out.push_str(&base[at..]);
    // What is written must read back as a source, with the same sections.
    let diags = Diagnostics::default();
    let kind = if path.starts_with(layout::REGIONS) {
        SourceKind::Supplement
    } else {
        SourceKind::Base
    };
    let parsed = parse_source(path, Arc::from(out.as_str()), kind, &diags);
    let Some(parsed) = parsed.filter(|_| !diags.has_errors()) else {
        return Err(Unreadable(None));
    };
    // And each target must be what a reader of the new file sees there.
    let now: BTreeMap<String, SourceUnit> = units(&parsed)
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    for (unit, given, at) in checked {
        if !written_units.contains(&unit.id.as_str()) {
            continue;
        }
        let read = now.get(&unit.id).and_then(|n| targets(unit, n));
        let ok = read.is_some_and(|read| {
            given.iter().zip(&read).all(|(g, r)| match (g, r) {
                (Some(g), Some(r)) => same(g, r),
                (Some(_), None) => false,
                (None, _) => true,
            })
        });
        if !ok {
            return Err(Unreadable(Some((unit.id.clone(), *at))));
        }
    }
    Ok(Some(Change {
        path: path.to_path_buf(),
        text: out,
        created: translation.is_none(),
        units: changed,
    }))
}

/// A target as the text of its block.
fn written(target: &[Inline], kind: BlockKind) -> String {
    match kind {
        BlockKind::Meta => yaml_scalar(target),
        _ => markdown(target, kind),
    }
}

/// Where a unit the translation lacks goes: a section after the nearest
/// section before it in the source that the translation has, else before
/// the translation's first section; a title or summary into the front
/// matter.
fn insertion(
    base: &str,
    translated: &[SourceUnit],
    order: &[SourceUnit],
    unit: &SourceUnit,
    mut text: String,
) -> (Range<usize>, String) {
    if unit.id == super::model::PREAMBLE_UNIT {
        // The text before the first section: after the front matter.
        let at = translated
            .iter()
            .find(|t| t.section)
            .map_or(base.len(), |t| t.range.start);
        let at = at.max(body_start(base));
        let text = text.trim_matches('\n');
        let prefix = if at == 0 || base[..at].ends_with("\n\n") {
            ""
        } else {
            "\n"
        };
        return (at..at, format!("{prefix}{text}\n\n"));
    }
    if !unit.section {
        let key = if unit.id == super::model::TITLE_UNIT {
            "title"
        } else {
            "summary"
        };
        let at = front_end(base);
        if at == 0 {
            return (0..0, format!("---\n{key}: {text}\n---\n"));
        }
        return (at..at, format!("{key}: {text}\n"));
    }
    let place = order.iter().position(|u| u.id == unit.id).unwrap_or(0);
    let after = order[..place]
        .iter()
        .rev()
        .filter(|u| u.section)
        .find_map(|u| translated.iter().find(|t| t.section && t.id == u.id));
    let at = match after {
        Some(t) => t.range.end,
        None => translated
            .iter()
            .find(|t| t.section)
            .map_or(base.len(), |t| t.range.start),
    };
    if !text.ends_with("\n\n") {
        text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
    }
    let prefix = if at == 0 || base[..at].ends_with("\n\n") {
        ""
    } else if base[..at].ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    (at..at, format!("{prefix}{text}"))
}

/// Where the body starts, after any front matter.
fn body_start(text: &str) -> usize {
    crate::markdown::split_front_matter(text).map_or(0, |(_, body)| body)
}

/// Where a new front matter line goes: before the closing `---`, or 0
/// when the file has no front matter.
fn front_end(text: &str) -> usize {
    match crate::markdown::split_front_matter(text) {
        Ok((Some((front, offset)), _)) => offset + front.len(),
        _ => 0,
    }
}
