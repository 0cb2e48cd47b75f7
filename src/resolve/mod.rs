//! Resolving a variant: one document in one region and locale, with the
//! chain's supplements applied and variables substituted.

mod regions;
mod supplement;
mod variables;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

pub use regions::{ResolvedRegion, resolve_regions};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, location_at};
use crate::markdown::visible::{VisibleDoc, visible_with_title};
use crate::source::document::{InternalLink, SourceDoc};
use crate::source::{Project, layout};
use supplement::SectionRef;
use variables::Substituter;

/// Names one variant: a document, a region and a locale.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct VariantKey {
    /// Document id.
    pub doc: String,
    /// Region id.
    pub region: String,
    /// Locale code.
    pub locale: String,
}

impl std::fmt::Display for VariantKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {} · {}", self.doc, self.region, self.locale)
    }
}

/// Whether a variant is shown in its own locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Fallback {
    /// Every part exists in the variant's locale.
    None,
    /// The document has no translation; it is shown in `shown`.
    Whole {
        /// The locale the text is in.
        shown: String,
    },
    /// Some supplement sections have no translation and are shown in `shown`.
    Partial {
        /// The locale those sections are in.
        shown: String,
    },
}

/// A section of a resolved variant, variables substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedSection {
    /// Stable id.
    pub id: String,
    /// Heading level.
    pub level: u8,
    /// Heading, inline Markdown.
    pub heading: String,
    /// Body Markdown.
    pub body: String,
    /// The file the section came from.
    pub source: PathBuf,
    /// The section's language when it differs from the page's (a supplement
    /// shown in the default locale on a translated page).
    pub lang: Option<String>,
}

/// One document in one region and locale, ready to render.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Which variant this is.
    pub key: VariantKey,
    /// The title, variables substituted.
    pub title: String,
    /// The summary from front matter, if any.
    pub summary: Option<String>,
    /// Markdown before the first section.
    pub preamble: String,
    /// The sections in reading order.
    pub sections: Vec<ResolvedSection>,
    /// Whether it falls back to the default locale.
    pub fallback: Fallback,
}

impl Variant {
    /// Ids of sections whose language differs from the page's, with it.
    pub fn section_langs(&self) -> Vec<(String, String)> {
        self.sections
            .iter()
            .filter_map(|s| s.lang.clone().map(|l| (s.id.clone(), l)))
            .collect()
    }

    /// What a reader sees of the variant, for comparing it with another
    /// version.
    pub fn visible(&self) -> VisibleDoc {
        visible_with_title(&self.markdown(), &self.title)
    }

    /// The whole variant as one Markdown text, headings with their ids.
    pub fn markdown(&self) -> String {
        let sections: Vec<String> = self
            .sections
            .iter()
            .map(Variant::section_markdown)
            .collect();
        Variant::join(
            std::iter::once(self.preamble.as_str()).chain(sections.iter().map(String::as_str)),
        )
    }

    /// One section as Markdown: its heading line with the id, then its body.
    pub fn section_markdown(s: &ResolvedSection) -> String {
        let mut md = String::with_capacity(s.heading.len() + s.id.len() + s.body.len() + 16);
        for _ in 0..s.level {
            md.push('#');
        }
        md.push(' ');
        md.push_str(s.heading.trim());
        md.push_str(" {#");
        md.push_str(&s.id);
        md.push_str("}\n");
        md.push_str(&s.body);
        md
    }

    /// Joins the preamble and section texts, each starting a new block.
    pub fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
        let mut md = String::new();
        for part in parts {
            if !md.is_empty() && !md.ends_with("\n\n") {
                md.push_str(if md.ends_with('\n') { "\n" } else { "\n\n" });
            }
            md.push_str(part);
        }
        md
    }
}

/// Produces variants of a loaded project. Read-only once built, so variants
/// can be resolved in parallel.
pub struct Resolver<'p> {
    project: &'p Project,
    regions: Vec<ResolvedRegion>,
    substituter: Substituter,
}

impl<'p> Resolver<'p> {
    /// Prepares resolution: region chains and variable templates. Problems
    /// (unknown parents, template syntax) go to `diags`.
    pub fn new(project: &'p Project, diags: &Diagnostics) -> Self {
        let regions = resolve_regions(project, diags);
        let substituter = Substituter::new(project, &regions, diags);
        Resolver {
            project,
            regions,
            substituter,
        }
    }

    /// The regions, sorted by id.
    pub fn regions(&self) -> &[ResolvedRegion] {
        &self.regions
    }

    /// The project being resolved.
    pub fn project(&self) -> &'p Project {
        self.project
    }

    /// The region with this id.
    pub fn region(&self, id: &str) -> Option<&ResolvedRegion> {
        self.regions.iter().find(|r| r.id == id)
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
            parts.push(supplement);
            ok &= supplement::apply(&mut sections, supplement, diags);
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

        check_links(&parts, &sections, diags);

        let sub = |source: &SourceDoc, chunk: &crate::source::document::Chunk| {
            self.substituter
                .apply(source, chunk, region, &key.doc, diags)
        };
        let title = sub(title_source, title_chunk);
        let mut preamble = String::new();
        let mut all_ok = title.is_some();
        for part in &parts {
            match sub(part, &part.preamble) {
                Some(text) => preamble.push_str(&text),
                None => all_ok = false,
            }
        }
        let mut resolved = Vec::with_capacity(sections.len());
        for r in &sections {
            let s = r.section();
            let heading = sub(&r.source, &s.heading);
            let body = sub(&r.source, &s.body);
            match (heading, body) {
                (Some(heading), Some(body)) => resolved.push(ResolvedSection {
                    id: s.id.clone(),
                    level: s.level,
                    heading,
                    body,
                    source: r.source.path.clone(),
                    lang: fallback_sections.contains(&s.id).then(|| default.clone()),
                }),
                _ => all_ok = false,
            }
        }
        if !all_ok {
            return None;
        }
        Some(Variant {
            key: key.clone(),
            title: title?.trim().to_string(),
            // The nearest supplement's summary describes this region's page best.
            summary: parts.iter().rev().find_map(|p| p.summary.clone()),
            preamble,
            sections: resolved,
            fallback,
        })
    }
}

/// Every `(#id)` link must point at a section of this variant.
fn check_links(parts: &[&Arc<SourceDoc>], sections: &[SectionRef], diags: &Diagnostics) {
    let ids: BTreeSet<&str> = sections.iter().map(|r| r.section().id.as_str()).collect();
    let check = |source: &SourceDoc, link: &InternalLink| {
        if ids.contains(link.target.as_str()) || is_footnote_anchor(&link.target) {
            return;
        }
        diags.push(
            Diagnostic::error(format!(
                "this link points to `#{}`, but the page it is on has no section with that id",
                link.target
            ))
            .in_file(&source.path)
            .at(location_at(
                &source.text,
                link.range.start,
                link.range.len(),
            ))
            .help("link to the id in a heading's `{#id}`, or remove the link"),
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

/// Footnote anchors are made by the Markdown renderer, not by headings.
fn is_footnote_anchor(target: &str) -> bool {
    target.starts_with("fn-") || target.starts_with("fnref")
}
