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
    /// A row per facts table, sorted; left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactRow>,
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
    /// The regions whose pages show it, sorted; for a cell with lagging
    /// sections, those whose pages show them lag (the union of the
    /// sections' regions, of those not acknowledged when there are any).
    pub regions: Vec<String>,
    /// The sections whose source changed in a later release than they
    /// did, acknowledged or not, in the file's order of ids.
    pub sections: Vec<Section>,
    /// The ids of the source's sections the translation lacks (its pages
    /// leave them out), in the source's order.
    pub missing_sections: Vec<String>,
    /// The ids of the translation's sections the source does not have (its
    /// pages still show them), in the file's order.
    pub extra_sections: Vec<String>,
    /// For an unused translation: the missing translation that makes its
    /// pages show the whole document in the default locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown_instead: Option<PathBuf>,
}

/// A facts table's texts (`facts/<table>.yaml`) in each locale.
#[derive(Debug, Clone, Serialize)]
pub struct FactRow {
    /// The table's id.
    pub table: String,
    /// The table's file, whose default-locale texts are translated.
    pub source: PathBuf,
    /// A cell per locale the table is published in, in the order of
    /// [`Status::locales`].
    pub cells: Vec<FactCell>,
}

/// A facts table's texts in one locale.
#[derive(Debug, Clone, Serialize)]
pub struct FactCell {
    /// The locale.
    pub locale: String,
    /// [`State::Current`] when every text has one in the locale, else
    /// [`State::Incomplete`] (its pages show the default locale's).
    #[serde(flatten)]
    pub state: State,
    /// The locale's file for the table, where its texts go (to create,
    /// when it does not exist).
    pub file: PathBuf,
    /// How many texts shown in the locale have none there.
    pub missing_texts: usize,
    /// How many translatable texts the table shows in the locale.
    pub texts: usize,
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
    /// The file lacks sections of its source: its pages leave them out.
    Incomplete,
    /// The file has sections its source does not (any longer): its pages
    /// still show them.
    Extra,
    /// A supplement's translation no page shows: the document's own
    /// translation is missing, so its pages are wholly in the default
    /// locale.
    Unused,
}

impl State {
    /// Whether nothing is left to do: current, accepted or acknowledged.
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            State::Current | State::FallbackAccepted | State::Acknowledged
        )
    }

    /// The summary's count of the cells in this state.
    fn count<'s>(&self, summary: &'s mut Summary) -> &'s mut usize {
        match self {
            State::Current => &mut summary.current,
            State::Stale { .. } => &mut summary.stale,
            State::Missing => &mut summary.missing,
            State::FallbackAccepted => &mut summary.fallback_accepted,
            State::Acknowledged => &mut summary.acknowledged,
            State::Incomplete => &mut summary.incomplete,
            State::Extra => &mut summary.extra,
            State::Unused => &mut summary.unused,
        }
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
    /// The earliest release that changed the source section after the
    /// translation's last change: since when it lags.
    pub since: u32,
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
    /// Lacking sections of the source.
    pub incomplete: usize,
    /// With sections the source does not have.
    pub extra: usize,
    /// Not shown on any page.
    pub unused: usize,
}

impl Summary {
    /// Whether every cell is done (current, accepted or acknowledged):
    /// what CI gates on.
    pub fn complete(&self) -> bool {
        self.stale == 0
            && self.missing == 0
            && self.incomplete == 0
            && self.extra == 0
            && self.unused == 0
    }
}

/// A row's key: the document, and the supplement's region.
type RowKey = (String, Option<String>);

/// A cell as it is gathered from the pages that show it.
struct Gathered {
    file: PathBuf,
    exists: bool,
    /// Whether some page shows the file's text (not the whole document in
    /// the default locale).
    shown: bool,
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
                let key = VariantKey {
                    doc: doc.clone(),
                    region: region.id.clone(),
                    locale: locale.clone(),
                };
                let own_text = resolver.has_own_text(&key);
                let mut note = |row: RowKey, file: PathBuf, exists: bool| {
                    let cell = cells
                        .entry(row)
                        .or_default()
                        .entry(locale.clone())
                        .or_insert_with(|| Gathered {
                            file,
                            exists,
                            shown: false,
                            regions: BTreeSet::new(),
                            sections: BTreeMap::new(),
                        });
                    cell.shown |= own_text;
                    cell.regions.insert(region.id.clone());
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
                    s.since = s.since.min(section.since);
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
                    let open: Vec<&Section> = sections.iter().filter(|s| !s.acknowledged).collect();
                    let (missing_sections, extra_sections) = match g.exists {
                        true => compare_ids(project, &doc, region.as_deref(), locale),
                        false => (Vec::new(), Vec::new()),
                    };
                    let state = match (g.exists, accepts) {
                        (false, true) => State::FallbackAccepted,
                        (false, false) => State::Missing,
                        _ if !g.shown => State::Unused,
                        // What a page lacks in its locale, the project may
                        // accept; a section the source dropped is still
                        // published, and never is.
                        _ if !missing_sections.is_empty() && !accepts => State::Incomplete,
                        _ if !extra_sections.is_empty() => State::Extra,
                        _ => match open.iter().map(|s| s.since).min() {
                            Some(since) => State::Stale { since },
                            None if !sections.is_empty() => State::Acknowledged,
                            None => State::Current,
                        },
                    };
                    *state.count(&mut summary) += 1;
                    // The regions whose pages show the lag, when it lags.
                    let lagging = if open.is_empty() { &sections[..] } else { &[] };
                    let regions: BTreeSet<String> = open
                        .iter()
                        .copied()
                        .chain(lagging)
                        .flat_map(|s| s.regions.iter().cloned())
                        .collect();
                    let regions = match regions.is_empty() {
                        true => g.regions,
                        false => regions,
                    };
                    let shown_instead = (state == State::Unused)
                        .then(|| blocking_file(project, resolver, &doc, &regions, locale))
                        .flatten();
                    Some(Cell {
                        locale: locale.clone(),
                        state,
                        file: g.file,
                        regions: regions.into_iter().collect(),
                        sections,
                        missing_sections,
                        extra_sections,
                        shown_instead,
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
    let facts = fact_rows(resolver, &locales, &mut summary);
    Status {
        schema: SCHEMA,
        default_locale: default.clone(),
        locales,
        rows,
        facts,
        summary,
    }
}

/// A row per facts table: in each translated locale, how many of its texts
/// have none there, counted in `summary` as current or incomplete.
fn fact_rows(resolver: &Resolver, locales: &[String], summary: &mut Summary) -> Vec<FactRow> {
    let mut rows: Vec<FactRow> = Vec::new();
    for texts in resolver.fact_texts() {
        if !locales.contains(&texts.locale) {
            continue;
        }
        if rows.last().is_none_or(|r| r.table != texts.table) {
            rows.push(FactRow {
                table: texts.table.clone(),
                source: layout::fact_table(&texts.table),
                cells: Vec::new(),
            });
        }
        let state = match texts.missing {
            0 => State::Current,
            _ => State::Incomplete,
        };
        *state.count(summary) += 1;
        if let Some(row) = rows.last_mut() {
            row.cells.push(FactCell {
                locale: texts.locale,
                state,
                file: texts.file,
                missing_texts: texts.missing,
                texts: texts.total,
            });
        }
    }
    for row in &mut rows {
        row.cells
            .sort_by_key(|c| locales.iter().position(|l| *l == c.locale));
    }
    rows
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
    // A release recorded that takes effect later is work to do now.
    let stale = timeline.stale_sections_ahead(key, default, diags);
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
                since: s.since,
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

/// The section ids of the source of a row (the document's base text, or a
/// region's supplement) that its translation into `locale` lacks, and
/// those it has that the source does not.
fn compare_ids(
    project: &Project,
    doc: &str,
    region: Option<&str>,
    locale: &str,
) -> (Vec<String>, Vec<String>) {
    let default = &project.config.default_locale;
    let by_locale = match region {
        None => project.documents.get(doc),
        Some(r) => project.supplements.get(&(r.to_string(), doc.to_string())),
    };
    let (Some(source), Some(translation)) = (
        by_locale.and_then(|b| b.get(default)),
        by_locale.and_then(|b| b.get(locale)),
    ) else {
        return (Vec::new(), Vec::new());
    };
    let ids = |d: &SourceDoc| -> Vec<String> {
        d.sections
            .iter()
            .map(|s| s.id.clone())
            .filter(|id| !id.is_empty())
            .collect()
    };
    let (source, translation) = (ids(source), ids(translation));
    let lacks = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|id| !b.contains(id)).cloned().collect()
    };
    (lacks(&source, &translation), lacks(&translation, &source))
}

/// The missing translation that makes the pages of `doc` in `locale`, in
/// `regions`, show the whole document in the default locale: the
/// document's base text, or the first supplement of a region-only one.
fn blocking_file(
    project: &Project,
    resolver: &Resolver,
    doc: &str,
    regions: &BTreeSet<String>,
    locale: &str,
) -> Option<PathBuf> {
    if project.documents.contains_key(doc) {
        return Some(layout::document(doc, locale));
    }
    let region = resolver.region(regions.first()?)?;
    region.chain.iter().find_map(|r| {
        project
            .supplements
            .contains_key(&(r.clone(), doc.to_string()))
            .then(|| layout::supplement(r, doc, locale))
    })
}
