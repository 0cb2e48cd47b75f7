//! Resolving a variant: one document in one region and locale, with the
//! chain's supplements applied and variables substituted.

mod anchors;
mod facts;
mod fallbacks;
mod logic;
mod names;
mod placements;
mod reading;
mod regions;
mod supplement;
mod variables;
mod variant;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub use facts::{FactFallbacks, TableTexts};
pub use fallbacks::AcceptedFallback;
pub use regions::{ResolvedRegion, resolve_regions};
pub use variant::{Fallback, ResolvedSection, Variant, VariantKey};

use crate::diagnostics::{Diagnostic, Diagnostics, display_path, location_at};
use crate::facts::{FactKey, TableView};
use crate::markdown::links::LinkTo;
use crate::source::document::{InternalLink, SourceDoc};
use crate::source::{Project, layout};
use placements::Placements;
use supplement::SectionRef;
use variables::Substituter;

/// Produces variants of a loaded project. Read-only once built, so variants
/// can be resolved in parallel.
pub struct Resolver<'p> {
    project: &'p Project,
    regions: Vec<ResolvedRegion>,
    substituter: Substituter,
    facts: facts::Facts,
    /// Each table view made, since pages, releases and outputs ask for the
    /// same ones: formatting every cell again would cost ICU's formatters.
    fact_views: crate::memo::Memo<FactKey, TableView>,
    placements: Placements,
}

impl<'p> Resolver<'p> {
    /// Prepares resolution: region chains and variable templates. Problems
    /// (unknown parents, template syntax) go to `diags`.
    pub fn new(project: &'p Project, diags: &Diagnostics) -> Self {
        let regions = resolve_regions(project, diags);
        let facts = facts::Facts::new(project, &regions, diags);
        let shapes = placements::shapes(project, &regions, &facts);
        let substituter = Substituter::new(project, &regions, &shapes, diags);
        let placements = Placements::new(project, shapes, diags);
        Resolver {
            project,
            regions,
            substituter,
            facts,
            fact_views: crate::memo::Memo::default(),
            placements,
        }
    }

    /// The facts table `table` as the readers of `region` see it in
    /// `locale`: the region's changes applied (its parents' first), every
    /// cell's text in the locale. `None` for a table, region or locale the
    /// site does not publish.
    pub fn fact_view(&self, table: &str, region: &str, locale: &str) -> Option<TableView> {
        let published = self.region(region)?.locales.iter().any(|l| l == locale);
        if !published {
            return None;
        }
        let key = FactKey {
            table: table.to_string(),
            region: region.to_string(),
            locale: locale.to_string(),
        };
        let view = self
            .fact_views
            .try_get_or(&key, || facts::view(self.project, &self.facts, key.clone()))?;
        Some(TableView::clone(&view))
    }

    /// The texts of [`Resolver::fact_view`]`(table, region, locale)` shown
    /// in another locale, for lack of a translation, each with its locale:
    /// a page marks them with `lang`.
    pub fn fact_fallbacks(&self, table: &str, region: &str, locale: &str) -> Option<FactFallbacks> {
        let published = self.region(region)?.locales.iter().any(|l| l == locale);
        if !published {
            return None;
        }
        let key = FactKey {
            table: table.to_string(),
            region: region.to_string(),
            locale: locale.to_string(),
        };
        facts::fallbacks(self.project, &self.facts, &key)
    }

    /// Every table in every region and locale the site publishes, by
    /// table, then region, then locale.
    pub fn fact_keys(&self) -> Vec<FactKey> {
        facts::keys(self.project, &self.regions)
    }

    /// Warns of each text of a facts table missing in a locale the table
    /// is shown in (`--strict` makes them errors), naming the locale file
    /// to fill.
    pub fn check_fact_translations(&self, diags: &Diagnostics) {
        facts::warn_missing(self.project, &self.regions, diags);
    }

    /// Per facts table and locale it is published in (by table, then
    /// locale), how many of its texts it lacks there.
    pub fn fact_texts(&self) -> Vec<TableTexts> {
        facts::table_texts(self.project, &self.regions)
    }

    /// Whether a text of the document `doc` (in any locale or region)
    /// shows the facts table `table`: places it or quotes it.
    pub fn shows_table(&self, doc: &str, table: &str) -> bool {
        self.placements.shows(doc, table)
    }

    /// The regions, sorted by id.
    pub fn regions(&self) -> &[ResolvedRegion] {
        &self.regions
    }

    /// The region with this id.
    pub fn region(&self, id: &str) -> Option<&ResolvedRegion> {
        // Every page asks, many times: a site may have hundreds of regions.
        let at = self
            .regions
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()?;
        self.regions.get(at)
    }

    /// Every variant key, in a stable order (region, locale, document).
    pub fn keys(&self) -> Vec<VariantKey> {
        let mut keys = Vec::new();
        for region in &self.regions {
            for locale in &region.locales {
                for doc in &region.documents {
                    keys.push(VariantKey {
                        doc: doc.clone(),
                        region: region.id.clone(),
                        locale: locale.clone(),
                    });
                }
            }
        }
        keys
    }

    /// Whether the page of `key` shows a text written in its own locale
    /// (whole or with some sections in the default locale), rather than
    /// the whole document in the default locale: what [`Resolver::resolve`]
    /// decides, without resolving.
    pub fn has_own_text(&self, key: &VariantKey) -> bool {
        if let Some(base) = self.project.documents.get(&key.doc) {
            return base.contains_key(&key.locale);
        }
        // A region-only document: its first supplement is the document.
        let Some(region) = self.region(&key.region) else {
            return false;
        };
        region
            .chain
            .iter()
            .find_map(|id| self.project.supplements.get(&(id.clone(), key.doc.clone())))
            .is_some_and(|first| first.contains_key(&key.locale))
    }

    /// Resolves one variant. `None` when an error (reported to `diags`)
    /// makes it impossible to produce.
    pub fn resolve(&self, key: &VariantKey, diags: &Diagnostics) -> Option<Variant> {
        let region = self.region(&key.region)?;
        let default = &self.project.config.default_locale;
        let mut fallback = Fallback::None;
        let mut title_source: Option<&Arc<SourceDoc>> = None;
        let mut parts: Vec<&Arc<SourceDoc>> = Vec::new();
        let mut sections: Vec<SectionRef> = Vec::new();
        // Ids of sections shown in the default locale on a translated page.
        let mut fallback_sections: BTreeSet<String> = BTreeSet::new();

        // The locale the document's text is in: its own when the base
        // document is translated, else the default locale.
        let mut text_locale = key.locale.as_str();
        if let Some(base) = self.project.documents.get(&key.doc) {
            let source = match base.get(&key.locale) {
                Some(s) => s,
                None => {
                    fallback = Fallback::Whole {
                        shown: default.clone(),
                    };
                    text_locale = default;
                    base.get(default)?
                }
            };
            title_source = Some(source);
            parts.push(source);
            sections.extend((0..source.sections.len()).map(|i| SectionRef::new(source, i)));
        }

        let mut ok = true;
        for region_id in &region.chain {
            let Some(supplements) = self
                .project
                .supplements
                .get(&(region_id.clone(), key.doc.clone()))
            else {
                continue;
            };
            let supplement = match supplements.get(text_locale) {
                Some(s) => s,
                None => match supplements.get(default) {
                    // A region-only document has no base text: when its
                    // first part is untranslated, all of it is.
                    Some(s) if parts.is_empty() => {
                        fallback = Fallback::Whole {
                            shown: default.clone(),
                        };
                        text_locale = default;
                        s
                    }
                    Some(s) => {
                        if fallback == Fallback::None {
                            fallback = Fallback::Partial {
                                shown: default.clone(),
                            };
                        }
                        fallback_sections.extend(s.sections.iter().map(|x| x.id.clone()));
                        s
                    }
                    None => continue,
                },
            };
            if supplement.title.is_some() {
                title_source = Some(supplement);
            }
            // The first part of a region-only document is the document.
            let starts = parts.is_empty();
            parts.push(supplement);
            ok &= supplement::apply(&mut sections, supplement, &key.doc, starts, diags);
        }

        if parts.is_empty() {
            // A region-only document with no default-locale file: reported
            // by validation, which names the file.
            return None;
        }
        let Some(title_source) = title_source else {
            // A region-only document whose supplements all lack a title.
            let path = parts.first().map(|p| p.path.clone());
            let mut d = Diagnostic::error(format!(
                "the region-only document `{}` has no title",
                key.doc
            ))
            .help(format!(
                "there is no `{}/<doc>/` for it, so its supplement must set `title:` in its front matter",
                layout::POLICIES
            ));
            if let Some(p) = path {
                d = d.in_file(p);
            }
            diags.push(d);
            return None;
        };
        let title_chunk = title_source.title.as_ref()?;
        if !ok {
            return None;
        }

        let anchors = anchors::on_page(parts.iter().copied(), &sections);
        check_links(&parts, &sections, &anchors, diags);
        anchors::check_clashes(&anchors, &sections, diags);
        check_footnote_ids(&parts, &sections, diags);

        let mut page = self.substituter.page(region, &key.doc, &key.locale)?;
        let view = |table: &str| self.fact_view(table, &key.region, &key.locale);
        let placed = |table: &str| {
            let fallbacks = self.fact_fallbacks(table, &key.region, &key.locale);
            Some((view(table)?, fallbacks.unwrap_or_default()))
        };
        if self.substituter.reads_facts() {
            page.set_facts(placements::inline::PageFacts::new(
                &self
                    .placements
                    .shapes()
                    .tables
                    .keys()
                    .filter_map(|t| view(t))
                    .collect::<Vec<_>>(),
                self.placements.shapes(),
            ));
        }
        // Variables first, then the tables placed: a cell's text is never
        // read as a variable.
        let sub = |source: &SourceDoc, chunk: &crate::source::document::Chunk| {
            let text = self.substituter.apply(source, chunk, &page, diags)?;
            self.placements
                .expand(source, chunk, text, &placed, &key.locale, diags)
        };
        let title = sub(title_source, title_chunk);
        // The nearest supplement's summary describes this region's page best.
        let summary = parts
            .iter()
            .rev()
            .find_map(|p| Some((p, p.summary.as_ref()?)))
            .map(|(p, chunk)| sub(p, chunk));
        let mut all_ok = title.is_some() && !matches!(summary, Some(None));
        // The parts' preambles that have text, variables substituted.
        let mut preambles: Vec<(&Arc<SourceDoc>, String)> = Vec::new();
        for part in &parts {
            match sub(part, &part.preamble) {
                Some(text) if !text.is_empty() => preambles.push((part, text)),
                Some(_) => {}
                None => all_ok = false,
            }
        }
        // Each section's heading and body, variables substituted.
        let mut texts = Vec::with_capacity(sections.len());
        for r in &sections {
            let s = r.section();
            match (sub(&r.source, &s.heading), sub(&r.source, &s.body)) {
                (Some(heading), Some(body)) => texts.push((heading, body)),
                _ => all_ok = false,
            }
        }
        if !all_ok {
            return None;
        }
        let preamble: String = preambles.iter().map(|(_, text)| text.as_str()).collect();
        let resolved = sections
            .iter()
            .zip(texts)
            .map(|(r, (heading, body))| {
                let s = r.section();
                ResolvedSection {
                    id: s.id.clone(),
                    level: s.level,
                    heading,
                    body,
                    source: r.source.path.clone(),
                    lang: fallback_sections.contains(&s.id).then(|| default.clone()),
                    origin: r.clone(),
                }
            })
            .collect();
        Some(Variant {
            key: key.clone(),
            title: title?.trim().to_string(),
            summary: summary.flatten(),
            preamble,
            preamble_parts: preambles
                .into_iter()
                .map(|(part, text)| (part.clone(), text))
                .collect(),
            sections: resolved,
            fallback,
        })
    }
}

/// Every `(#id)` link must point at a section of this variant, or at an id
/// its raw HTML gives. Links to other pages are checked with the site
/// (`site::links`).
fn check_links(
    parts: &[&Arc<SourceDoc>],
    sections: &[SectionRef],
    anchors: &[anchors::Anchor],
    diags: &Diagnostics,
) {
    let ids: BTreeSet<&str> = sections
        .iter()
        .map(|r| r.section().id.as_str())
        .chain(anchors.iter().map(|&(_, _, id)| id))
        .collect();
    let check = |source: &SourceDoc, link: &InternalLink| {
        let LinkTo::Section(target) = &link.to else {
            return;
        };
        if ids.contains(target.as_str()) || is_footnote_anchor(target) {
            return;
        }
        diags.push(
            Diagnostic::error(format!(
                "this link points to `#{target}`, but the page it is on has no section or HTML anchor with that id"
            ))
            .in_file(&source.path)
            .at(location_at(
                &source.text,
                link.range.start,
                link.range.len(),
            ))
            .help("link to the id in a heading's `{#id}` or in an HTML element's `id=\"…\"`, or remove the link"),
        );
    };
    for part in parts {
        for link in &part.preamble_links {
            check(part, link);
        }
    }
    for r in sections {
        for link in &r.section().links {
            check(&r.source, link);
        }
    }
}

/// A footnote `[^x]` gets the id `fn-x` on its page (`site::body`): a
/// section with that id would share it, and a link to either would lead
/// to whichever comes first.
fn check_footnote_ids(parts: &[&Arc<SourceDoc>], sections: &[SectionRef], diags: &Diagnostics) {
    if !sections.iter().any(|r| r.section().id.starts_with("fn-")) {
        return;
    }
    // The footnotes on the page: those of the parts' preambles and of the
    // sections the page shows.
    let mut footnotes: BTreeMap<&str, (&SourceDoc, usize)> = BTreeMap::new();
    let spans = parts
        .iter()
        .map(|part| {
            let p = &part.preamble;
            (part.as_ref(), p.offset..p.offset + p.text.len())
        })
        .chain(sections.iter().map(|r| {
            let s = r.section();
            let end = s.body.offset + s.body.text.len();
            (r.source.as_ref(), s.heading_range.start..end)
        }));
    for (source, span) in spans {
        for (offset, label) in &source.footnotes {
            if span.contains(offset) {
                footnotes.entry(label.as_str()).or_insert((source, *offset));
            }
        }
    }
    for r in sections {
        let s = r.section();
        let Some((source, offset)) =
            s.id.strip_prefix("fn-")
                .and_then(|label| footnotes.get(label))
        else {
            continue;
        };
        let label = &s.id["fn-".len()..];
        let line = location_at(&source.text, *offset, 0).line;
        let at = supplement::attribute_at(&r.source, s)
            .unwrap_or_else(|| location_at(&r.source.text, s.heading_range.start, 0));
        diags.push(
            Diagnostic::error(format!(
                "the section id `{}` is also the id of the footnote `[^{label}]` (line {line} of `{}`) on the same page",
                s.id,
                display_path(&source.path)
            ))
            .in_file(&r.source.path)
            .at(at)
            .help(format!(
                "footnotes take the ids `fn-<label>`: choose a section id that does not start with `fn-`, or rename the footnote `[^{label}]`"
            )),
        );
    }
}

/// Footnote anchors are made by the Markdown renderer, not by headings.
fn is_footnote_anchor(target: &str) -> bool {
    target.starts_with("fn-") || target.starts_with("fnref")
}
