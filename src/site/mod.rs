//! The site: every variant becomes a page model ([`pages`], [`model`]),
//! written out through the HTML theme ([`html`]) and, when asked, as JSON
//! ([`emit`]); the whole output is swapped in at once ([`output`]). [`run`]
//! is the pipeline behind `build` and `check`; [`incremental`] is the same
//! pipeline in memory, for the preview.

pub mod body;
pub mod emit;
pub mod html;
pub mod incremental;
pub mod links;
pub mod manifest;
pub mod model;
pub mod output;
pub mod pages;
pub mod publish;
pub mod strings;
pub mod urls;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

pub use emit::{Emit, Write};
pub use incremental::{Draft, LAZY_FROM, Lazy, Scope, Site, preview, preview_lazily};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use crate::history::{self, Day, History, Timeline};
use crate::resolve::{AcceptedFallback, VariantKey};
use crate::source::validate::check_translations;
use crate::source::{Project, config, load};
use emit::Emitter;
use html::{Html, Theme};
use manifest::ManifestPage;
use model::Unreleased;
use output::Staging;
use pages::Pages;

/// What to do with the rendered site.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Write it to this directory.
    Build {
        /// The output directory (`out/` by default).
        out: PathBuf,
        /// Leave the previous output beside the new one for the caller to
        /// remove ([`Summary::previous`], [`output::remove_previous`])
        /// rather than remove it before returning.
        leave_previous: bool,
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
    /// What to write: HTML, the page models as JSON, or both.
    pub emit: Emit,
    /// Where the site is published, for this build (`build --base-url`):
    /// replaces `base_url` of `policyc.yaml`.
    pub base_url: Option<String>,
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
    /// Documents published (each counted once, however many regions and
    /// locales it is rendered for).
    pub documents: usize,
    /// All pages, indexes included.
    pub pages: usize,
    /// Where the site was written, for `build`.
    pub out: Option<PathBuf>,
    /// Pages shown in the default locale because `policyc.yaml` accepts it.
    pub accepted_fallbacks: Vec<AcceptedFallback>,
    /// Where the previous output waits to be removed, when the build was
    /// asked to leave it (`Mode::Build`'s `leave_previous`).
    #[serde(skip)]
    pub previous: Option<PathBuf>,
}

/// Runs the pipeline.
pub fn run(options: &Options) -> Outcome {
    let diags = Diagnostics::default();
    let mut project = load(&options.root, &diags);
    if let Some(given) = &options.base_url {
        match config::base_url(given) {
            Ok(url) => project.config.base_url = url,
            Err(problem) => diags.push(
                Diagnostic::error(format!("`--base-url` {problem}"))
                    .help("give the absolute http or https address this build is published at, e.g. `--base-url https://preview.example.com/pr-12/`"),
            ),
        }
    }
    let history = history::load(&options.root, &diags);
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

/// What a build needs besides the sources: the pages and the renderers,
/// and the fallbacks to other locales that `policyc.yaml` accepts.
/// `None` after errors in `diags` (a broken template, a wrong `--today`);
/// every source is checked either way. `None` too when `policyc.yaml`
/// could not be parsed: its error is the one to show, not what rendering
/// without its variables would report.
fn prepare<'a>(
    project: &'a Project,
    history: &'a History,
    theme: Option<&'a Theme>,
    today: Option<&str>,
    emit: Emit,
    diags: &Diagnostics,
) -> Option<(Pages<'a>, Emitter<'a>, Vec<AcceptedFallback>)> {
    if project.unparsed.config {
        return None;
    }
    let checks = || {
        check_translations(project, diags);
        history::ack_checks::check_releases(history, diags);
        history::ack_checks::check_names(history, project, diags);
    };
    let today = match Day::today(today) {
        Ok(t) => t,
        Err(e) => {
            checks();
            diags.push(Diagnostic::error(e));
            return None;
        }
    };
    // The translations are checked while the pages are prepared: neither
    // reads what the other makes.
    let ((), pages) = rayon::join(checks, || {
        let timeline = Timeline::new(history, today, project.config.links_move_date);
        Pages::new(project, timeline, diags)
    });
    let accepted = pages.resolver.check_fallbacks(diags);
    pages.resolver.check_fact_translations(diags);
    let theme = theme?;
    let emitter = Emitter {
        html: emit
            .html
            .then(|| Html::new(&project.config, theme, pages.words.clone())),
        json: emit.json,
    };
    Some((pages, emitter, accepted))
}

/// Pages grouped by region and locale, in the order given.
fn by_region<'p>(
    pages: &[&'p ManifestPage],
) -> BTreeMap<(&'p str, &'p str), Vec<&'p ManifestPage>> {
    let mut by_region: BTreeMap<(&str, &str), Vec<&ManifestPage>> = BTreeMap::new();
    for page in pages {
        by_region
            .entry((page.key.region.as_str(), page.key.locale.as_str()))
            .or_default()
            .push(page);
    }
    by_region
}

fn render_site(
    project: &Project,
    history: &History,
    options: &Options,
    diags: &Diagnostics,
) -> Option<Summary> {
    let theme = Theme::new(&project.templates, diags);
    let (mut pages, emitter, accepted_fallbacks) = prepare(
        project,
        history,
        theme.as_ref(),
        options.today.as_deref(),
        options.emit,
        diags,
    )?;
    pages.compare = options.frozen;
    // Only a build writes `robots.txt`, and only it knows the address.
    if matches!(options.mode, Mode::Build { .. }) && options.emit.html {
        publish::check_settings(&project.config, diags);
    }
    let staging = match &options.mode {
        Mode::Build { out, .. } if !diags.has_errors() => match Staging::new(out, &project.root) {
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

    // Each variant's pages are written as soon as they are made; only what
    // the listings and the summary need is kept. A variant released before
    // whose sources are gone keeps a page saying it was withdrawn.
    let present = pages.resolver.keys();
    let withdrawn = pages.withdrawn_keys();
    let all: Vec<(&VariantKey, bool)> = present
        .iter()
        .map(|k| (k, false))
        .chain(withdrawn.iter().map(|k| (k, true)))
        .collect();
    let outputs: Vec<Written> = all
        .par_iter()
        .filter_map(|&(key, gone)| {
            let variant = match gone {
                false => pages.variant(key, true, diags)?,
                true => pages.withdrawn(key, true, diags)?,
            };
            let written = emitter.variant(&variant, &write, diags)?;
            Some(Written {
                unreleased: variant.page.model.unreleased.clone(),
                manifest: variant.manifest,
                history_pages: written,
            })
        })
        .collect();
    if options.frozen {
        report_unreleased(&outputs, diags);
        report_unreleased_facts(&pages, diags);
    }
    if matches!(options.mode, Mode::Check) {
        report_pending_lags(project, &pages, diags);
    }
    let manifest: Vec<&ManifestPage> = outputs.iter().map(|o| &o.manifest).collect();
    let by_region = by_region(&manifest);
    // The region pages, their feeds and tables, beside the index, the
    // manifest and what servers read: none reads another's output.
    let (region_pages, index_page) = rayon::join(
        || {
            pages
                .places()
                .par_iter()
                .map(|(region, locale)| {
                    let listed = by_region
                        .get(&(region.id.as_str(), locale.as_str()))
                        .map_or(&[][..], Vec::as_slice);
                    let tables = pages.tables(region, locale, diags);
                    let (page, feed) = pages.region(region, locale, listed, &tables);
                    let written = emitter.region(&page, feed.as_ref(), &write, diags);
                    emitter.tables(&tables, &write, diags);
                    usize::from(written)
                })
                .sum::<usize>()
        },
        || {
            let written = emitter.site(&pages.index(), history.head(), &manifest, &write, diags);
            emitter.publishing(&pages.not_found(), &manifest, &write, diags);
            usize::from(written)
        },
    );
    let index_pages = region_pages + index_page;

    if diags.has_errors() {
        return None;
    }
    let leave_previous = matches!(
        options.mode,
        Mode::Build {
            leave_previous: true,
            ..
        }
    );
    let committed = staging.map(|staging| match leave_previous {
        true => staging.commit_leaving_previous(),
        false => staging.commit().map(|out| (out, None)),
    });
    let (out, previous) = match committed {
        Some(Ok((out, previous))) => (Some(out), previous),
        Some(Err(e)) => {
            diags.push(Diagnostic::error(e.to_string()));
            return None;
        }
        None => (None, None),
    };
    pages.let_go_of_caches();
    let history_pages: usize = outputs.iter().map(|o| o.history_pages).sum();
    let documents: BTreeSet<&str> = manifest.iter().map(|p| p.key.doc.as_str()).collect();
    Some(Summary {
        documents: documents.len(),
        pages: manifest.len() + index_pages + history_pages,
        out,
        accepted_fallbacks,
        previous,
    })
}

/// `check`: the translations that the sources' changes not yet released
/// leave behind, once per file and section.
fn report_pending_lags(project: &Project, pages: &Pages, diags: &Diagnostics) {
    let releases = pages.timeline.releases();
    if !releases.has_releases() || diags.has_errors() {
        return;
    }
    let Some(compared) = releases.compare_all(&pages.resolver, diags) else {
        return;
    };
    for lag in crate::translations::pending(project, &pages.resolver, &compared, diags) {
        diags.push(lag.warning(&project.config.default_locale));
    }
}

/// `build --frozen`: the tables whose view differs from their last
/// recorded version (or that were never released, or are no longer
/// published), each named by table, region and locale.
fn report_unreleased_facts(pages: &Pages, diags: &Diagnostics) {
    let releases = pages.timeline.releases();
    let views = history::facts::current_views(&pages.resolver);
    let Some(compared) = releases.compare_facts(views, diags) else {
        return;
    };
    let unreleased: Vec<String> = compared
        .iter()
        .filter(|c| c.needs_release())
        .map(|c| match c.gone {
            true => format!("{} (no longer published)", c.key),
            false => c.key.to_string(),
        })
        .collect();
    if unreleased.is_empty() {
        return;
    }
    let n = unreleased.len();
    diags.push(
        Diagnostic::error(format!(
            "{n} table{} ha{} changes that were not released (--frozen): {}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "ve" },
            unreleased.join(", ")
        ))
        .help("run `policyc diff` to see the changes and `policyc release -m \"what changed\"` to record them, then commit history/"),
    );
}

/// What a build keeps of a variant once its pages are written.
struct Written {
    /// Its entry in the manifest and the region's listing.
    manifest: ManifestPage,
    /// How readers would see text not yet released, if they would.
    unreleased: Option<Unreleased>,
    /// How many change-history and version pages were written.
    history_pages: usize,
}

fn report_unreleased(outputs: &[Written], diags: &Diagnostics) {
    let mut withdrawn: Vec<String> = outputs
        .iter()
        .filter(|o| o.unreleased == Some(Unreleased::Withdrawn))
        .map(|o| o.manifest.key.to_string())
        .collect();
    if !withdrawn.is_empty() {
        withdrawn.sort();
        diags.push(
            Diagnostic::error(format!(
                "{} page{} {} withdrawn, but the withdrawal was not released (--frozen): {}",
                withdrawn.len(),
                if withdrawn.len() == 1 { "" } else { "s" },
                if withdrawn.len() == 1 { "was" } else { "were" },
                withdrawn.join(", ")
            ))
            .help("their document, region or locale is gone from the sources; if that is meant, run `policyc release -m \"Withdraw …\"` to record the withdrawal (their pages will say so), then commit history/; if not, restore the sources"),
        );
    }
    let mut unreleased: Vec<String> = outputs
        .iter()
        .filter(|o| {
            matches!(
                o.unreleased,
                Some(Unreleased::NeverReleased | Unreleased::Changed { .. })
            )
        })
        .map(|o| o.manifest.key.to_string())
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
        .help("run `policyc diff` to see the changes and `policyc release -m \"what changed\"` to record them, then commit history/"),
    );
}
