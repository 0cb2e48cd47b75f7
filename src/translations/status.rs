//! The status matrix of `policyc translations`: each document and each
//! region supplement, in each locale the project translates into.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostics, Location, location_at};
use crate::history::{Day, Timeline};
use crate::resolve::{Fallback, ResolvedRegion, Resolver, Variant, VariantKey};
use crate::source::document::SourceDoc;
use crate::source::{Project, layout};

/// The version of the JSON form (`docs/translations-json.md`): fields are
/// only added within a version.
pub const SCHEMA: u32 = 1;

/// Every translation of the project against its source.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The JSON form's version, [`SCHEMA`].
    pub schema: u32,
    /// The source language.
    pub default_locale: String,
    /// The locales translated into, in `policyc.yaml`'s order: the columns.
    pub locales: Vec<String>,
    /// A row per document, then its supplements, sorted.
    pub rows: Vec<Row>,
    /// How many cells are in each state.
    pub summary: Summary,
}

/// A document's base text, or one region's supplement to it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Document id.
    pub doc: String,
    /// The supplement's region; `None` for the document's base text.
    pub region: Option<String>,
    /// The default-locale file the translations follow.
    pub source: PathBuf,
    /// A cell per locale some page of the row is published in, in the
    /// order of [`Status::locales`]; a locale no page publishes has none.
    pub cells: Vec<Cell>,
}

/// One file's translation into one locale.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The locale.
    pub locale: String,
    /// Where it stands.
    #[serde(flatten)]
    pub state: State,
    /// The translation's file (to create, when missing).
    pub file: PathBuf,
    /// The regions whose pages show it, sorted.
    pub regions: Vec<String>,
    /// The sections whose source changed in a later release than they
    /// did, acknowledged or not, in the file's order of ids.
    pub sections: Vec<Section>,
}

/// Where a translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Every section changed with its source, or after it.
    Current,
    /// Some sections lag behind a source change released in `since` (the
    /// earliest such release) or later, and no reviewer acknowledged them.
    Stale {
        /// The earliest release of a change not followed.
        since: u32,
    },
    /// No file: its pages show the default-locale text.
    Missing,
    /// No file, and `accept_fallbacks` in `policyc.yaml` accepts that.
    FallbackAccepted,
    /// Sections lag behind their source, and a reviewer acknowledged each
    /// (`policyc translations ack`).
    Acknowledged,
}

impl State {
    /// Whether nothing is left to do: current, accepted or acknowledged.
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            State::Current | State::FallbackAccepted | State::Acknowledged
        )
    }
}

/// A translated section whose default-locale source changed after it.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The section id; `""` for the introduction.
    pub id: String,
    /// The source's heading (inline Markdown, variables substituted);
    /// empty for the introduction.
    pub heading: String,
    /// The latest release that changed the source section.
    pub release: u32,
    /// The day that release took effect.
    pub day: Day,
    /// The line of the section's heading in the translation's file.
    pub line: Option<usize>,
    /// Whether a reviewer acknowledged it for every region listed.
    pub acknowledged: bool,
    /// The regions whose pages show it lagging, sorted.
    pub regions: Vec<String>,
}

/// How many cells are in each state.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Summary {
    /// Current.
    pub current: usize,
    /// Stale.
    pub stale: usize,
    /// Missing.
    pub missing: usize,
    /// Missing, accepted.
    pub fallback_accepted: usize,
    /// Acknowledged.
    pub acknowledged: usize,
}

impl Summary {
    /// Whether no cell is stale or missing: what CI gates on.
    pub fn complete(&self) -> bool {
        self.stale == 0 && self.missing == 0
    }
}

/// A row's key: the document, and the supplement's region.
type RowKey = (String, Option<String>);

/// A cell as it is gathered from the pages that show it.
struct Gathered {
    file: PathBuf,
    exists: bool,
    regions: BTreeSet<String>,
    sections: BTreeMap<String, Section>,
}

/// Every translation of `project` against its default-locale source, as
/// the releases stand on `timeline`'s day and `history/acks.yaml` says.
/// A released text that cannot be read is an error in `diags`.
pub fn status(
    project: &Project,
    resolver: &Resolver,
    timeline: &Timeline,
    diags: &Diagnostics,
) -> Status {
    let default = &project.config.default_locale;
    let locales: Vec<String> = project
        .config
        .locales
        .iter()
        .filter(|l| *l != default)
        .cloned()
        .collect();
    let mut cells: BTreeMap<RowKey, BTreeMap<String, Gathered>> = BTreeMap::new();
    let mut pages: Vec<(&ResolvedRegion, VariantKey)> = Vec::new();
    for region in resolver.regions() {
        for locale in region.locales.iter().filter(|l| locales.contains(l)) {
            for doc in &region.documents {
                let mut note = |row: RowKey, file: PathBuf, exists: bool| {
                    cells
                        .entry(row)
                        .or_default()
                        .entry(locale.clone())
                        .or_insert_with(|| Gathered {
                            file,
                            exists,
                            regions: BTreeSet::new(),
                            sections: BTreeMap::new(),
                        })
                        .regions
                        .insert(region.id.clone());
                };
                if let Some(base) = project.documents.get(doc) {
                    note(
                        (doc.clone(), None),
                        layout::document(doc, locale),
                        base.contains_key(locale),
                    );
                }
                for r in &region.chain {
                    if let Some(by_locale) = project.supplements.get(&(r.clone(), doc.clone())) {
                        note(
                            (doc.clone(), Some(r.clone())),
                            layout::supplement(r, doc, locale),
                            by_locale.contains_key(locale),
                        );
                    }
                }
                let key = VariantKey {
                    doc: doc.clone(),
                    region: region.id.clone(),
                    locale: locale.clone(),
                };
                pages.push((region, key));
            }
        }
    }
    let lagging: Vec<(String, Vec<(RowKey, Section)>)> = pages
        .par_iter()
        .map(|(region, key)| {
            let found = lagging_sections(project, resolver, timeline, region, key, diags);
            (key.locale.clone(), found)
        })
        .collect();
    for (locale, found) in lagging {
        for (row, section) in found {
            let Some(cell) = cells.get_mut(&row).and_then(|c| c.get_mut(&locale)) else {
                continue;
            };
            match cell.sections.get_mut(&section.id) {
                Some(s) => {
                    s.release = s.release.max(section.release);
                    s.day = s.day.max(section.day);
                    s.acknowledged &= section.acknowledged;
                    s.regions.extend(section.regions);
                    s.regions.sort();
                    s.regions.dedup();
                }
                None => {
                    cell.sections.insert(section.id.clone(), section);
                }
            }
        }
    }
    let mut summary = Summary::default();
    let rows = cells
        .into_iter()
        .map(|((doc, region), by_locale)| {
            let source = match &region {
                Some(r) => layout::supplement(r, &doc, default),
                None => layout::document(&doc, default),
            };
            let mut by_locale = by_locale;
            let cells = locales
                .iter()
                .filter_map(|locale| {
                    let g = by_locale.remove(locale)?;
                    let accepts = project
                        .config
                        .accept_fallbacks
                        .get(&doc)
                        .is_some_and(|l| l.contains(locale));
                    let mut sections: Vec<Section> = g.sections.into_values().collect();
                    sections.sort_by_key(|s| (s.line, s.id.clone()));
                    let open = sections.iter().filter(|s| !s.acknowledged);
                    let state = match (g.exists, accepts) {
                        (false, true) => State::FallbackAccepted,
                        (false, false) => State::Missing,
                        _ => match open.map(|s| s.release).min() {
                            Some(since) => State::Stale { since },
                            None if !sections.is_empty() => State::Acknowledged,
                            None => State::Current,
                        },
                    };
                    match state {
                        State::Current => summary.current += 1,
                        State::Stale { .. } => summary.stale += 1,
                        State::Missing => summary.missing += 1,
                        State::FallbackAccepted => summary.fallback_accepted += 1,
                        State::Acknowledged => summary.acknowledged += 1,
                    }
                    Some(Cell {
                        locale: locale.clone(),
                        state,
                        file: g.file,
                        regions: g.regions.into_iter().collect(),
                        sections,
                    })
                })
                .collect();
            Row {
                doc,
                region,
                source,
                cells,
            }
        })
        .filter(|row| !row.cells.is_empty())
        .collect();
    Status {
        schema: SCHEMA,
        default_locale: default.clone(),
        locales,
        rows,
        summary,
    }
}

/// The sections of one translated page that lag behind their source, each
/// with the row of the file it comes from.
fn lagging_sections(
    project: &Project,
    resolver: &Resolver,
    timeline: &Timeline,
    region: &ResolvedRegion,
    key: &VariantKey,
    diags: &Diagnostics,
) -> Vec<(RowKey, Section)> {
    let default = &project.config.default_locale;
    let stale = timeline.stale_sections(key, default, diags);
    if stale.is_empty() {
        return Vec::new();
    }
    let Some(variant) = resolver.resolve(key, diags) else {
        return Vec::new();
    };
    if matches!(variant.fallback, Fallback::Whole { .. }) {
        return Vec::new();
    }
    let source_key = VariantKey {
        locale: default.clone(),
        ..key.clone()
    };
    let source = resolver.resolve(&source_key, diags);
    let acks = timeline.releases().acks();
    let mut found = Vec::new();
    for s in stale {
        let Some((file, at)) = place(project, &variant, &s.id) else {
            continue;
        };
        let row = match layout::classify(&file) {
            layout::Kind::Document { doc, .. } => (doc, None),
            layout::Kind::Supplement { region, doc, .. } => (doc, Some(region)),
            _ => continue,
        };
        let heading = source
            .as_ref()
            .and_then(|v| v.sections.iter().find(|x| x.id == s.id))
            .map(|x| x.heading.clone())
            .unwrap_or_default();
        let acknowledged = acks.covers(&key.doc, &key.locale, &region.chain, &s.id, s.release);
        found.push((
            row,
            Section {
                id: s.id,
                heading,
                release: s.release,
                day: s.day,
                line: at.map(|l| l.line),
                acknowledged,
                regions: vec![key.region.clone()],
            },
        ));
    }
    found
}

/// The translated file a lagging section of `variant` comes from, and the
/// place of its heading there (of its first line, for the introduction);
/// `None` for a section shown in the default locale (no translation to
/// update: a missing one, counted as such) or not there.
pub(crate) fn place(
    project: &Project,
    variant: &Variant,
    id: &str,
) -> Option<(PathBuf, Option<Location>)> {
    if id.is_empty() {
        let (part, _) = variant.preamble_parts.iter().find(|(part, text)| {
            !text.trim().is_empty() && !part.preamble.text.trim().is_empty()
        })?;
        let chunk = &part.preamble;
        let start = chunk.offset + (chunk.text.len() - chunk.text.trim_start().len());
        let len = part.text[start..]
            .find('\n')
            .unwrap_or(part.text.len() - start);
        return Some((part.path.clone(), Some(location_at(&part.text, start, len))));
    }
    let section = variant.sections.iter().find(|x| x.id == id)?;
    if section.lang.is_some() {
        return None;
    }
    let at = source_doc(project, &section.source).and_then(|doc| {
        let s = doc.sections.iter().find(|x| x.id == id)?;
        let range = s.heading_range.clone();
        Some(location_at(&doc.text, range.start, range.len()))
    });
    Some((section.source.clone(), at))
}

/// The parsed source at `path`.
pub(crate) fn source_doc<'p>(project: &'p Project, path: &Path) -> Option<&'p SourceDoc> {
    let doc = match layout::classify(path) {
        layout::Kind::Document { doc, locale } => project.documents.get(&doc)?.get(&locale)?,
        layout::Kind::Supplement {
            region,
            doc,
            locale,
        } => project.supplements.get(&(region, doc))?.get(&locale)?,
        _ => return None,
    };
    Some(doc)
}
