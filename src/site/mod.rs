//! The pipeline behind `build` and `check`: load, resolve every variant in
//! parallel, render it through the theme, and swap the output in at once.

mod history;
pub mod html;
mod incremental;
pub mod markdown;
pub mod output;

pub use incremental::{Draft, Scope, Site, preview};

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use crate::diff::format::html::{Labels, redline_fragment};
use crate::history::{self as releases_dir, History};
use crate::locale::strings_for;
use crate::resolve::{Fallback, ResolvedRegion, Resolver, Variant, VariantKey};
use crate::site::html::{Banner, DocExtras, IndexEntry, PageEnv, Theme, document_url};
use crate::site::markdown::RenderCache;
use crate::source::validate::check_translations;
use crate::source::{Project, load};
use history::{Releases, date_label};
use output::{MANIFEST, Staging};

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
    let history = releases_dir::load(&options.root, &diags);
    let summary = if project.documents.is_empty() && project.supplements.is_empty() {
        None
    } else {
        render_site(&project, &history, options, &diags)
    };
    if options.strict {
        diags.promote_warnings();
    }
    let failed = diags.has_errors();
    Outcome {
        diagnostics: diags.sorted(),
        sources: {
            // Record files can be the subject of messages too.
            let mut sources = project.sources;
            sources.extend(&history.sources);
            sources
        },
        summary: if failed { None } else { summary },
    }
}

/// Everything the pages of one build share.
struct Ctx<'a> {
    project: &'a Project,
    history: &'a History,
    releases: Releases<'a>,
    resolver: Resolver<'a>,
    env: PageEnv<'a>,
    cache: RenderCache,
    /// Whether to work out each page's unreleased changes (for `serve`).
    preview: bool,
    /// Whether to find pages with unreleased text (for `--frozen`).
    frozen: bool,
}

/// A sink for output files, relative to the output root.
type Write<'w> = &'w (dyn Fn(&str, &[u8]) + Sync);

/// What rendering one variant produced, besides its files.
struct VariantOutput {
    page: ManifestPage,
    history_pages: usize,
    unreleased: bool,
    draft: Option<Draft>,
}

impl Ctx<'_> {
    /// Renders one variant's page and, with `history_pages`, its change
    /// history and archived versions (which depend only on `history/`, the
    /// region, the settings and the theme).
    fn variant(
        &self,
        key: &VariantKey,
        write: Write,
        history_pages: bool,
        diags: &Diagnostics,
    ) -> Option<VariantOutput> {
        let (releases, project, history) = (&self.releases, self.project, self.history);
        let variant = self.resolver.resolve(key, diags)?;
        let region = self.resolver.region(&key.region)?;
        let text_lang = match &variant.fallback {
            Fallback::Whole { shown } => Some(shown.clone()),
            _ => None,
        };
        let draft = match history.latest(key) {
            _ if !self.preview => None,
            // Never released: the whole page is new; a redline would only
            // repeat it.
            None => Some(Draft {
                locale: key.locale.clone(),
                text_lang: text_lang.clone(),
                released: false,
                redline: String::new(),
            }),
            Some(_) => releases.unreleased_diff(key, &variant, diags).map(|diff| {
                let strings = strings_for(&key.locale);
                let labels = Labels {
                    inserted: &strings.inserted,
                    deleted: &strings.deleted,
                };
                Draft {
                    locale: key.locale.clone(),
                    text_lang: text_lang.clone(),
                    released: true,
                    redline: redline_fragment(&diff, labels),
                }
            }),
        };
        let unreleased =
            draft.is_some() || (self.frozen && releases.has_unreleased_text(key, &variant, diags));
        // A recorded version that takes effect later: until then the page
        // shows the text in force, and says what is coming.
        let in_force = releases.text_in_force(key, diags);
        let markdown = match &in_force {
            Some(c) => c.body(),
            None => variant.markdown(),
        };
        let body = self.cache.render(&markdown, &variant.section_langs());
        let (version, last_updated) = releases.dates(key);
        let strings = strings_for(&key.locale);
        let banner = releases.pending(key).map(|(record, entry)| {
            let day = date_label(record.in_force_from(), &key.locale)
                .map_or_else(|| record.in_force_from().to_string(), |d| d.text);
            Banner {
                text: strings.effective_notice.replace("{date}", &day),
                href: format!("changes/#v{}", entry.version),
                link: strings.see_changes.clone(),
            }
        });
        let lag = translation_lag(project, releases, key, &variant, diags);
        let extras = DocExtras {
            depth: 3,
            url: None,
            lag,
            last_updated: last_updated
                .as_deref()
                .and_then(|d| date_label(d, &key.locale)),
            what_changed: releases.what_changed(key, diags),
            history_href: history.latest(key).map(|_| "changes/".to_string()),
            banner,
        };
        let shown = match &in_force {
            Some(c) => Variant {
                title: c.snapshot.title.clone(),
                ..variant.clone()
            },
            None => variant.clone(),
        };
        let html = self
            .env
            .document_page(region, &shown, &body, &extras, diags)?;
        let url = document_url(&key.region, &key.locale, &key.doc);
        let path = format!("{url}index.html");
        write(&path, html.as_bytes());
        let history_pages = if history_pages {
            releases.write_pages(&self.env, region, key, write, diags)
        } else {
            0
        };
        Some(VariantOutput {
            page: ManifestPage {
                path,
                url,
                doc: key.doc.clone(),
                region: key.region.clone(),
                locale: key.locale.clone(),
                title: variant.title,
                content_hash: body.text_hash(),
                version,
                last_updated,
                fallback: variant.fallback,
                summary: variant.summary,
            },
            history_pages,
            unreleased,
            draft,
        })
    }

    /// Renders what depends on every variant: region pages, feeds, the index,
    /// the theme's assets and the manifest. Returns how many pages.
    fn shared(&self, pages: &[&ManifestPage], write: Write, diags: &Diagnostics) -> usize {
        let by_region = by_region(pages);
        let mut count = 0;
        for region in self.resolver.regions() {
            for locale in &region.locales {
                let list = by_region
                    .get(&(region.id.as_str(), locale.as_str()))
                    .map_or(&[][..], Vec::as_slice);
                count += self.region_pages(region, locale, list, write, diags);
            }
        }
        count + self.site_pages(pages, write, diags)
    }

    /// Renders the page of one region in one locale, listing `pages`, and
    /// its feed. Returns how many pages.
    fn region_pages(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        pages: &[&ManifestPage],
        write: Write,
        diags: &Diagnostics,
    ) -> usize {
        let docs: Vec<IndexEntry> = pages
            .iter()
            .map(|p| IndexEntry {
                doc: p.doc.clone(),
                title: p.title.clone(),
                summary: p.summary.clone(),
                text_lang: match &p.fallback {
                    Fallback::Whole { shown } => shown.clone(),
                    _ => p.locale.clone(),
                },
            })
            .collect();
        let has_feed = !self.history.records.is_empty();
        if has_feed {
            let titles = docs
                .iter()
                .map(|d| (d.doc.as_str(), d.title.as_str()))
                .collect();
            let entries = self.releases.feed_entries(
                &self.project.config.base_url,
                &region.id,
                locale,
                &titles,
            );
            if let Some(xml) = self.env.feed(region, locale, &entries, diags) {
                write(
                    &format!("{}/{}/feed.xml", region.id, locale),
                    xml.as_bytes(),
                );
            }
        }
        match self.env.region_page(region, locale, &docs, has_feed, diags) {
            Some(html) => {
                write(
                    &format!("{}/{}/index.html", region.id, locale),
                    html.as_bytes(),
                );
                1
            }
            None => 0,
        }
    }

    /// Renders the index, the theme's assets and the manifest. Returns how
    /// many pages.
    fn site_pages(&self, pages: &[&ManifestPage], write: Write, diags: &Diagnostics) -> usize {
        let mut count = 0;
        if let Some(html) = self.env.index_page(self.resolver.regions(), diags) {
            write("index.html", html.as_bytes());
            count += 1;
        }
        for (name, bytes) in &self.env.theme.assets {
            write(&format!("assets/{name}"), bytes);
        }
        write(MANIFEST, manifest_json(pages).as_bytes());
        count
    }
}

/// Pages grouped by region and locale, in the order given.
fn by_region<'p>(
    pages: &[&'p ManifestPage],
) -> BTreeMap<(&'p str, &'p str), Vec<&'p ManifestPage>> {
    let mut by_region: BTreeMap<(&str, &str), Vec<&ManifestPage>> = BTreeMap::new();
    for page in pages {
        by_region
            .entry((page.region.as_str(), page.locale.as_str()))
            .or_default()
            .push(page);
    }
    by_region
}

/// Loads what every page needs, or `None` (errors in `diags`).
fn context<'a>(
    project: &'a Project,
    history: &'a History,
    theme: Option<&'a Theme>,
    today: Option<&str>,
    preview: bool,
    diags: &Diagnostics,
) -> Option<Ctx<'a>> {
    check_translations(project, diags);
    let today = match releases_dir::today(today) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(e));
            return None;
        }
    };
    let resolver = Resolver::new(project, diags);
    Some(Ctx {
        project,
        history,
        releases: Releases::new(history, today, project.config.links_move_date),
        resolver,
        env: PageEnv {
            config: &project.config,
            theme: theme?,
        },
        cache: RenderCache::default(),
        preview,
        frozen: false,
    })
}

fn render_site(
    project: &Project,
    history: &History,
    options: &Options,
    diags: &Diagnostics,
) -> Option<Summary> {
    let theme = Theme::new(&project.templates, diags);
    let mut ctx = context(
        project,
        history,
        theme.as_ref(),
        options.today.as_deref(),
        false,
        diags,
    )?;
    ctx.frozen = options.frozen;
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
    let write = |rel: &str, bytes: &[u8]| {
        if let Some(Err(e)) = staging.as_ref().map(|s| s.write(rel, bytes)) {
            diags.push(Diagnostic::error(e.to_string()));
        }
    };

    let outputs: Vec<VariantOutput> = ctx
        .resolver
        .keys()
        .par_iter()
        .filter_map(|key| ctx.variant(key, &write, true, diags))
        .collect();
    if options.frozen {
        report_unreleased(&outputs, diags);
    }
    let pages: Vec<&ManifestPage> = outputs.iter().map(|o| &o.page).collect();
    let index_pages = ctx.shared(&pages, &write, diags);

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
    let history_pages: usize = outputs.iter().map(|o| o.history_pages).sum();
    Some(Summary {
        documents: pages.len(),
        pages: pages.len() + index_pages + history_pages,
        out,
    })
}

fn report_unreleased(outputs: &[VariantOutput], diags: &Diagnostics) {
    let mut unreleased: Vec<String> = outputs
        .iter()
        .filter(|o| o.unreleased)
        .map(|o| format!("{} · {} · {}", o.page.doc, o.page.region, o.page.locale))
        .collect();
    if unreleased.is_empty() {
        return;
    }
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

/// Warns about translated sections whose source changed in a later release,
/// and returns the page's notice about it, in the reader's language.
fn translation_lag(
    project: &Project,
    releases: &Releases,
    key: &crate::resolve::VariantKey,
    variant: &Variant,
    diags: &Diagnostics,
) -> Option<String> {
    if matches!(variant.fallback, Fallback::Whole { .. }) {
        return None;
    }
    let default = &project.config.default_locale;
    let shown_in_default: Vec<String> = variant
        .section_langs()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let stale: Vec<_> = releases
        .stale_sections(key, default, diags)
        .into_iter()
        .filter(|(id, _, _)| !shown_in_default.contains(id))
        .collect();
    for (id, release, day) in &stale {
        let Some(section) = variant.sections.iter().find(|s| &s.id == id) else {
            continue;
        };
        let mut d = Diagnostic::warning(format!(
            "the translation of `{id}` may lag behind its {default} source, which changed in release {release} ({day})"
        ))
        .in_file(&section.source)
        .help("update this section, then record it with `policyc release`; `policyc show` prints the released source");
        let text = project.sources.get(&section.source);
        if let Some((text, at)) = text.and_then(|t| Some((t, t.find(&format!("{{#{id}"))?))) {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_len = text[line_start..]
                .find('\n')
                .unwrap_or(text.len() - line_start);
            d = d.at(crate::diagnostics::location_at(text, line_start, line_len));
        }
        diags.push(d);
    }
    let (_, _, day) = stale.iter().max_by(|a, b| a.2.cmp(&b.2))?;
    let strings = strings_for(&key.locale);
    let date = date_label(day, &key.locale).map_or_else(|| day.clone(), |d| d.text);
    Some(
        strings
            .translation_lag
            .replace("{language}", &strings.name_of(default))
            .replace("{date}", &date),
    )
}

fn manifest_json(pages: &[&ManifestPage]) -> String {
    let mut sorted: Vec<&ManifestPage> = pages.to_vec();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let doc = serde_json::json!({ "generator": "policyc", "pages": sorted });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
