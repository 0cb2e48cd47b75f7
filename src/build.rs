//! The pipeline behind `build` and `check`: load, resolve every variant in
//! parallel, render it through the theme, and swap the output in at once.

use std::collections::BTreeMap;
use std::path::PathBuf;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use crate::diff::{Change, Class, compare, visible_with_title};
use crate::history::{self, Captured, History};
use crate::locale::format_date;
use crate::output::{MANIFEST, Staging};
use crate::project::{Project, load};
use crate::render::markdown::RenderCache;
use crate::render::{ChangedSection, DateLabel, IndexEntry, PageEnv, Theme, document_url};
use crate::resolve::{Fallback, Resolver, Variant, VariantKey};
use crate::validate::check_translations;

/// What to do with the rendered site.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Write it to this directory.
    Build {
        /// The output directory (`out/` by default).
        out: PathBuf,
    },
    /// Render everything, write nothing.
    Check,
}

/// Options for [`run`].
#[derive(Debug, Clone)]
pub struct Options {
    /// The project directory.
    pub root: PathBuf,
    /// Build or check.
    pub mode: Mode,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Fail if any variant has text changes not yet released.
    pub frozen: bool,
    /// What "today" is, for dates in force (default: SOURCE_DATE_EPOCH or the clock).
    pub today: Option<String>,
}

/// What a run produced: the diagnostics, the texts they quote, and, when the
/// site was written, a summary.
#[derive(Debug)]
pub struct Outcome {
    /// Errors and warnings in a stable order.
    pub diagnostics: Vec<Diagnostic>,
    /// The source texts, for quoting lines in messages.
    pub sources: SourceFiles,
    /// Set when the run succeeded.
    pub summary: Option<Summary>,
}

impl Outcome {
    /// Whether the run failed.
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
    }
}

/// Counts for the closing line of a build.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Document pages rendered.
    pub documents: usize,
    /// All pages, indexes included.
    pub pages: usize,
    /// Where the site was written, for `build`.
    pub out: Option<PathBuf>,
}

/// One entry of `out/manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestPage {
    /// File path relative to the output root.
    pub path: String,
    /// URL relative to the site root.
    pub url: String,
    /// Document id.
    #[serde(rename = "doc")]
    pub doc: String,
    /// Region id.
    pub region: String,
    /// Locale code.
    pub locale: String,
    /// The page title.
    pub title: String,
    /// Hash of the visible text (`sha256:…`).
    pub content_hash: String,
    /// The version in force, once released.
    pub version: Option<u32>,
    /// The "Last Updated" date (`YYYY-MM-DD`), once released.
    pub last_updated: Option<String>,
    /// Whether the text is shown in another locale.
    pub fallback: Fallback,
    #[serde(skip)]
    summary: Option<String>,
}

/// Runs the pipeline.
pub fn run(options: &Options) -> Outcome {
    let diags = Diagnostics::default();
    let project = load(&options.root, &diags);
    let summary = if project.documents.is_empty() && project.supplements.is_empty() {
        None
    } else {
        render_site(&project, options, &diags)
    };
    if options.strict {
        diags.promote_warnings();
    }
    let failed = diags.has_errors();
    Outcome {
        diagnostics: diags.sorted(),
        sources: project.sources,
        summary: if failed { None } else { summary },
    }
}

fn render_site(project: &Project, options: &Options, diags: &Diagnostics) -> Option<Summary> {
    check_translations(project, diags);
    let history = history::load(&options.root, diags);
    let today = match history::today(options.today.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(e));
            return None;
        }
    };
    let unreleased: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let changes: ChangeCache = Mutex::new(HashMap::new());
    let resolver = Resolver::new(project, diags);
    let theme = Theme::new(&project.templates, diags);
    let staging = match &options.mode {
        Mode::Build { out } if !diags.has_errors() => match Staging::new(out, &project.root) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(Diagnostic::error(e.to_string()));
                return None;
            }
        },
        _ => None,
    };
    let theme = theme?;
    let env = PageEnv {
        config: &project.config,
        theme: &theme,
    };
    let write = |rel: &str, bytes: &[u8]| {
        if let Some(Err(e)) = staging.as_ref().map(|s| s.write(rel, bytes)) {
            diags.push(Diagnostic::error(e.to_string()));
        }
    };

    let keys = resolver.keys();
    let cache = RenderCache::default();
    let pages: Vec<ManifestPage> = keys
        .par_iter()
        .filter_map(|key| {
            let variant = resolver.resolve(key, diags)?;
            let region = resolver.region(&key.region)?;
            let body = cache.render(&variant.markdown(), &variant.section_langs());
            if options.frozen && has_unreleased_text(&history, key, &variant, diags) {
                let mut list = unreleased.lock().unwrap_or_else(|e| e.into_inner());
                list.push(key.to_string());
            }
            let links_move = project.config.links_move_date;
            let last_updated = history.last_updated(key, &today, links_move);
            let label = last_updated.as_deref().and_then(|iso| {
                let (y, m, d) = history::ymd(iso)?;
                Some(DateLabel {
                    iso: iso.to_string(),
                    text: format_date(&key.locale, y, m, d)?,
                })
            });
            let changed = what_changed(&history, key, &today, &changes, diags);
            let html =
                env.document_page(region, &variant, &body, label.as_ref(), &changed, diags)?;
            let url = document_url(&key.region, &key.locale, &key.doc);
            let path = format!("{url}index.html");
            write(&path, html.as_bytes());
            Some(ManifestPage {
                path,
                url,
                doc: key.doc.clone(),
                region: key.region.clone(),
                locale: key.locale.clone(),
                title: variant.title,
                content_hash: body.text_hash(),
                version: history.in_force(key, &today).map(|(_, e)| e.version),
                last_updated,
                fallback: variant.fallback,
                summary: variant.summary,
            })
        })
        .collect();

    let mut unreleased = unreleased.into_inner().unwrap_or_else(|e| e.into_inner());
    if !unreleased.is_empty() {
        unreleased.sort();
        diags.push(
            Diagnostic::error(format!(
                "{} page{} ha{} text changes that were not released (--frozen): {}",
                unreleased.len(),
                if unreleased.len() == 1 { "" } else { "s" },
                if unreleased.len() == 1 { "s" } else { "ve" },
                unreleased.join(", ")
            ))
            .help("run `policyc diff` to see the changes and `policyc release` to record them, then commit history/"),
        );
    }
    let mut by_region: BTreeMap<(&str, &str), Vec<&ManifestPage>> = BTreeMap::new();
    for page in &pages {
        by_region
            .entry((page.region.as_str(), page.locale.as_str()))
            .or_default()
            .push(page);
    }
    let mut index_pages = 0;
    for region in resolver.regions() {
        for locale in &region.locales {
            let docs: Vec<IndexEntry> = by_region
                .get(&(region.id.as_str(), locale.as_str()))
                .map(|list| {
                    list.iter()
                        .map(|p| IndexEntry {
                            doc: p.doc.clone(),
                            title: p.title.clone(),
                            summary: p.summary.clone(),
                            text_lang: match &p.fallback {
                                Fallback::Whole { shown } => shown.clone(),
                                _ => p.locale.clone(),
                            },
                        })
                        .collect()
                })
                .unwrap_or_default();
            if let Some(html) = env.region_page(region, locale, &docs, diags) {
                write(
                    &format!("{}/{}/index.html", region.id, locale),
                    html.as_bytes(),
                );
                index_pages += 1;
            }
        }
    }
    if let Some(html) = env.index_page(resolver.regions(), diags) {
        write("index.html", html.as_bytes());
        index_pages += 1;
    }
    for (name, bytes) in &theme.assets {
        write(&format!("assets/{name}"), bytes);
    }
    write(MANIFEST, manifest_json(&pages).as_bytes());

    if diags.has_errors() {
        return None;
    }
    let out = match staging {
        Some(staging) => match staging.commit() {
            Ok(path) => Some(path),
            Err(e) => {
                diags.push(Diagnostic::error(e.to_string()));
                return None;
            }
        },
        None => None,
    };
    Some(Summary {
        documents: pages.len(),
        pages: pages.len() + index_pages,
        out,
    })
}

/// "What changed" lists, by (previous, latest) snapshot: many pages share them.
type ChangeCache = Mutex<HashMap<(String, String), Arc<Vec<ChangedSection>>>>;

/// The sections that the version in force changed in text, compared with the
/// version before it; empty for a first version or a link-only one.
fn what_changed(
    history: &History,
    key: &VariantKey,
    today: &str,
    cache: &ChangeCache,
    diags: &Diagnostics,
) -> Arc<Vec<ChangedSection>> {
    let in_force: Vec<_> = history
        .entries(key)
        .filter(|(r, _)| r.in_force_from() <= today)
        .collect();
    let (Some((_, latest)), Some((_, previous))) = (in_force.last(), in_force.iter().rev().nth(1))
    else {
        return Arc::default();
    };
    if latest.class != "text" {
        return Arc::default();
    }
    let pair = (previous.snapshot.clone(), latest.snapshot.clone());
    if let Some(list) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&pair) {
        return list.clone();
    }
    let load = |id: &str| match Captured::load(&history.store, id) {
        Ok(c) => Some(visible_with_title(&c.body(), &c.snapshot.title)),
        Err(e) => {
            diags.push(Diagnostic::error(e.to_string()).help("run `policyc verify`"));
            None
        }
    };
    let (Some(old), Some(new)) = (load(&pair.0), load(&pair.1)) else {
        return Arc::default();
    };
    let list: Vec<ChangedSection> = compare(&old, &new)
        .sections
        .into_iter()
        .filter(|s| s.class == Class::Text && !s.id.is_empty())
        .map(|s| ChangedSection {
            removed: s.change == Change::Removed,
            id: s.id,
            heading: s.heading,
        })
        .collect();
    let list = Arc::new(list);
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(pair, list.clone());
    list
}

/// Whether a variant's text differs from its last released version (or it
/// was never released).
fn has_unreleased_text(
    history: &History,
    key: &VariantKey,
    variant: &Variant,
    diags: &Diagnostics,
) -> bool {
    let Some((_, entry)) = history.latest(key) else {
        return true;
    };
    let current = Captured::of(variant);
    if entry.snapshot == current.id() {
        return false;
    }
    match Captured::load(&history.store, &entry.snapshot) {
        Ok(released) => {
            let old = visible_with_title(&released.body(), &released.snapshot.title);
            let new = visible_with_title(&variant.markdown(), &variant.title);
            compare(&old, &new).changed
        }
        Err(e) => {
            diags.push(Diagnostic::error(e.to_string()).help("run `policyc verify`"));
            true
        }
    }
}

fn manifest_json(pages: &[ManifestPage]) -> String {
    let mut sorted: Vec<&ManifestPage> = pages.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let doc = serde_json::json!({ "generator": "policyc", "pages": sorted });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
