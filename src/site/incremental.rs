//! The in-memory build behind `policyc serve`. A rebuild renders only the
//! variants a change can reach and keeps every other page from the previous
//! build; the pages that depend on all variants (region pages, feeds, the
//! index, the manifest) are cheap and always rendered again. A rebuild that
//! reaches many pages renders the pages open in the browser first and hands
//! out the site with them ([`Lazy`]) before it renders the rest.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rayon::prelude::*;

use super::emit::{Emit, Emitter, Write};
use super::html::Theme;
use super::links::PageLink;
use super::manifest::ManifestPage;
use super::model::{Frame, Unreleased};
use super::pages::{Pages, PublishedTable};
use super::urls;
use super::{Outcome, Summary, by_region, prepare};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::history::{self as releases_dir, History};
use crate::resolve::{Fallback, ResolvedRegion, Resolver, VariantKey};
use crate::site::strings::{self, ThemeStrings};
use crate::source::layout::{self, Affects};
use crate::source::{Parses, Project, load_reusing};

/// Which variants a change can reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every variant: settings, templates or history changed.
    All,
    /// The variants of these documents, of these regions and the regions
    /// that inherit from them, and those showing these texts.
    Parts {
        /// Document ids (a document's folder changed).
        docs: BTreeSet<String>,
        /// Region ids.
        regions: BTreeSet<String>,
        /// (document, locale): one source file of a document changed. It
        /// reaches the variants in that locale and those that fall back to it.
        texts: BTreeSet<(String, String)>,
        /// Tags of theme words (`strings/<tag>.yaml` changed): they reach
        /// the variants of every locale that finds its words under one.
        words: BTreeSet<String>,
        /// Facts tables (`facts/<table>.yaml` or its translations changed):
        /// they reach the variants of the documents whose texts show them,
        /// and every region's own pages.
        tables: BTreeSet<String>,
    },
}

impl Default for Scope {
    fn default() -> Self {
        Scope::Parts {
            docs: BTreeSet::new(),
            regions: BTreeSet::new(),
            texts: BTreeSet::new(),
            words: BTreeSet::new(),
            tables: BTreeSet::new(),
        }
    }
}

/// How far a change reaches one variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Not at all: the previous build's files stand.
    None,
    /// Its text: the page is rendered again, its change history and
    /// archived versions (which depend on `history/` only) are kept.
    Text,
    /// Everything about it.
    Full,
}

impl Scope {
    /// What a change to `rel` (a path relative to the project root) can
    /// reach; `None` for files that are not sources, such as an editor's
    /// swap and backup files or anything outside the source folders. The
    /// project's layout says what a path holds.
    pub fn of_change(rel: &Path) -> Option<Scope> {
        let (mut docs, mut regions, mut texts, mut words, mut tables) = (
            BTreeSet::new(),
            BTreeSet::new(),
            BTreeSet::new(),
            BTreeSet::new(),
            BTreeSet::new(),
        );
        match layout::affects(rel)? {
            Affects::Everything => return Some(Scope::All),
            // Which pages show it is known once documents are read.
            Affects::Facts(table) => {
                tables.insert(table);
            }
            Affects::Document(doc) => {
                docs.insert(doc);
            }
            Affects::Text { doc, locale } => {
                texts.insert((doc, locale));
            }
            Affects::Region(region) => {
                regions.insert(region);
            }
            // English words stand in for every language's missing ones.
            Affects::Words(tag) if tag == strings::builtin::ENGLISH => return Some(Scope::All),
            Affects::Words(tag) => {
                words.insert(tag);
            }
        }
        Some(Scope::Parts {
            docs,
            regions,
            texts,
            words,
            tables,
        })
    }

    /// Adds what `other` reaches.
    pub fn merge(&mut self, other: Scope) {
        match (&mut *self, other) {
            (Scope::All, _) => {}
            (_, Scope::All) => *self = Scope::All,
            (
                Scope::Parts {
                    docs,
                    regions,
                    texts,
                    words,
                    tables,
                },
                Scope::Parts {
                    docs: d,
                    regions: r,
                    texts: t,
                    words: w,
                    tables: f,
                },
            ) => {
                docs.extend(d);
                regions.extend(r);
                texts.extend(t);
                words.extend(w);
                tables.extend(f);
            }
        }
    }

    /// Whether the scope reaches nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Scope::Parts { docs, regions, texts, words, tables }
            if docs.is_empty() && regions.is_empty() && texts.is_empty() && words.is_empty()
                && tables.is_empty())
    }

    /// How far the change reaches the variant `key`, rendered before as
    /// `previous`.
    fn reaches_region(&self, region: &ResolvedRegion) -> bool {
        match self {
            Scope::All => true,
            // A region's own pages may publish its tables.
            Scope::Parts {
                regions, tables, ..
            } => !tables.is_empty() || region.chain.iter().any(|r| regions.contains(r)),
        }
    }

    fn reach(
        &self,
        key: &VariantKey,
        region: &ResolvedRegion,
        previous: &Rendered,
        resolver: &Resolver<'_>,
    ) -> Reach {
        let Scope::Parts {
            docs,
            regions,
            texts,
            words,
            tables,
        } = self
        else {
            return Reach::Full;
        };
        if region.chain.iter().any(|r| regions.contains(r)) {
            return Reach::Full;
        }
        // Theme words are on the page, its change history and versions.
        if !words.is_empty()
            && strings::builtin::chain(&key.locale)
                .iter()
                .any(|t| words.contains(t))
        {
            return Reach::Full;
        }
        let shown = match &previous.page.fallback {
            Fallback::None => None,
            Fallback::Whole { shown } | Fallback::Partial { shown } => Some(shown),
        };
        let text_of = |locale: &String| texts.contains(&(key.doc.clone(), locale.clone()));
        let shows_table = || tables.iter().any(|t| resolver.shows_table(&key.doc, t));
        if docs.contains(&key.doc)
            || text_of(&key.locale)
            || shown.is_some_and(text_of)
            || shows_table()
        {
            Reach::Text
        } else {
            Reach::None
        }
    }
}

/// A page whose text differs from its last release, as the preview marks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The page's locale, for the preview's own words.
    pub locale: String,
    /// The language of the text when it differs from the locale's (a page
    /// shown in the default language until it is translated).
    pub text_lang: Option<String>,
    /// How it differs: never released, or what changed.
    pub unreleased: Unreleased,
    /// The theme's words for the page, the project's included.
    pub words: ThemeStrings,
}

/// What a rebuild renders first, and who is given the site once it has.
pub struct Lazy<'f> {
    /// Pages open in the browser (paths relative to the site root, as
    /// [`Site::get`] takes them): their variants are rendered before any
    /// other.
    pub first: Vec<String>,
    /// Called once, with the site as it stands when those pages are
    /// rendered: every other path the rebuild reaches is not
    /// [`Site::settled`] in it. Not called when the rebuild reaches fewer
    /// than [`LAZY_FROM`] variants (rendering them all is quick), when
    /// none of `first` is among them, or after an error.
    pub ready: &'f (dyn Fn(Site) + Sync),
    /// Asked between the other pages, once the site was handed out: `true`
    /// stops the rebuild (a newer save came), which then returns no site
    /// and no error; the next rebuild must reach what this one did.
    pub stop: &'f (dyn Fn() -> bool + Sync),
}

/// The fewest variants a rebuild must reach for the pages open in the
/// browser to be rendered and served before the others.
pub const LAZY_FROM: usize = 64;

/// A variant's files in a rebuild, and whether they were rendered for it
/// (else kept from the build before).
type Done = (VariantKey, Arc<Rendered>, bool);

/// One variant's files, kept for the next build.
#[derive(Debug)]
struct Rendered {
    /// The document page.
    files: Vec<(String, Bytes)>,
    /// Its change history and archived versions.
    history: Vec<(String, Bytes)>,
    page: ManifestPage,
    draft: Option<Arc<Draft>>,
    /// The warnings rendering it gave, repeated while it is kept.
    warnings: Vec<Diagnostic>,
    /// Its text's links to other pages.
    links: Vec<PageLink>,
    /// Its page's frame (alternates, `hreflang`, switchers).
    frame: Frame,
}

/// A site held in memory.
#[derive(Debug, Default)]
pub struct Site {
    files: HashMap<String, Bytes>,
    drafts: HashMap<String, Arc<Draft>>,
    variants: HashMap<VariantKey, Arc<Rendered>>,
    /// Each region's page and feed in each locale.
    regions: HashMap<(String, String), Arc<RegionFiles>>,
    /// The history the site was built with, kept while `history/` does not
    /// change.
    history: Option<Arc<History>>,
    /// The sources as parsed for this build: the next one parses only the
    /// files whose text changed.
    parses: Arc<Parses>,
    /// The withdrawn pages its texts' links were made for: when they
    /// change, links to their sections lead elsewhere on every page.
    withdrawn: Arc<urls::Withdrawn>,
    rendered: usize,
    /// For a site handed out before its rebuild ended: the paths it
    /// holds as the rebuild will leave them. `None` once it ended.
    early: Option<Arc<std::collections::HashSet<String>>>,
}

/// A region's page and feed in one locale, and what they list.
#[derive(Debug)]
struct RegionFiles {
    /// The documents listed (id, title, summary, language), which the next
    /// build compares to know whether to render them again.
    listing: String,
    /// Its frame (alternates, `hreflang`, switchers), which names the
    /// other regions.
    frame: Frame,
    files: Vec<(String, Bytes)>,
}

impl Site {
    /// The file at `path`, relative to the site root (`us/en-US/privacy/index.html`).
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.files.get(path)
    }

    /// The draft state of the document page at `path`, if it has unreleased
    /// text changes.
    pub fn draft(&self, path: &str) -> Option<&Draft> {
        self.drafts.get(path).map(|d| &**d)
    }

    /// How many files the site holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the site holds no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.files.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }

    /// How many variants the build that made this site rendered; the others
    /// were kept from the build before.
    pub fn rendered_variants(&self) -> usize {
        self.rendered
    }

    /// How many variants (document pages) the site has.
    pub fn variants(&self) -> usize {
        self.variants.len()
    }

    /// Whether the file at `path` (or its absence) is what the rebuild
    /// that made this site leaves: always, unless the site was handed out
    /// early ([`Lazy`]), where only the pages rendered first and those the
    /// change does not reach are.
    pub fn settled(&self, path: &str) -> bool {
        self.early.as_ref().is_none_or(|fresh| fresh.contains(path))
    }

    /// Whether the site was handed out before its rebuild rendered every
    /// page ([`Lazy`]).
    pub fn is_early(&self) -> bool {
        self.early.is_some()
    }
}

/// Builds the project at `root` in memory. With a `previous` site, only the
/// variants `scope` reaches are rendered again (and any new ones). The site
/// is `None` when the build failed; the outcome says why.
pub fn preview(
    root: &Path,
    today: Option<&str>,
    previous: Option<&Site>,
    scope: &Scope,
) -> (Outcome, Option<Site>) {
    preview_lazily(root, today, previous, scope, None)
}

/// [`preview`], rendering the pages `lazy` names first when the change
/// reaches many: `lazy.ready` is given the site with them before the
/// others are rendered. The site returned is the whole one, the same as
/// [`preview`] returns.
pub fn preview_lazily(
    root: &Path,
    today: Option<&str>,
    previous: Option<&Site>,
    scope: &Scope,
    lazy: Option<&Lazy<'_>>,
) -> (Outcome, Option<Site>) {
    let diags = Diagnostics::default();
    let mut project = load_reusing(
        root,
        previous.map_or(&Parses::default(), |p| &p.parses),
        &diags,
    );
    // Any change under history/ reaches everything: otherwise the history
    // read for the previous build stands.
    let kept = previous
        .filter(|_| *scope != Scope::All)
        .and_then(|p| p.history.clone());
    let history = kept.unwrap_or_else(|| Arc::new(releases_dir::load(root, &diags)));
    let site = render(&project, &history, today, previous, scope, lazy, &diags).map(|mut site| {
        site.history = Some(history.clone());
        site.parses = Arc::new(std::mem::take(&mut project.parses));
        site
    });
    let failed = diags.has_errors();
    let summary = site.as_ref().map(|s| Summary {
        documents: s
            .variants
            .keys()
            .map(|k| &k.doc)
            .collect::<BTreeSet<_>>()
            .len(),
        pages: s.files.keys().filter(|p| p.ends_with(".html")).count(),
        out: None,
        accepted_fallbacks: Vec::new(),
        previous: None,
    });
    let mut sources = project.sources;
    sources.extend(&history.sources);
    let outcome = Outcome {
        diagnostics: diags.sorted(),
        sources,
        summary: if failed { None } else { summary },
    };
    (outcome, if failed { None } else { site })
}

fn render(
    project: &Project,
    history: &History,
    today: Option<&str>,
    previous: Option<&Site>,
    scope: &Scope,
    lazy: Option<&Lazy<'_>>,
    diags: &Diagnostics,
) -> Option<Site> {
    let theme = Theme::new(&project.templates, diags);
    let (mut pages, emitter, _) = prepare(
        project,
        history,
        theme.as_ref(),
        today,
        Emit::default(),
        diags,
    )?;
    pages.compare = true;
    // Pages withdrawn or restored since: links to their sections lead
    // elsewhere now, on every page that has one, archived versions
    // included.
    let withdrawn = pages.withdrawn_pages();
    let moved: BTreeSet<VariantKey> = match previous {
        Some(p) => {
            let changed = |a: &urls::Withdrawn, b: &urls::Withdrawn| {
                a.iter()
                    .filter(|(k, v)| b.get(*k) != Some(*v))
                    .map(|(k, _)| k.clone())
                    .collect::<Vec<_>>()
            };
            let mut moved = changed(&p.withdrawn, &withdrawn);
            moved.extend(changed(&withdrawn, &p.withdrawn));
            moved.into_iter().collect()
        }
        None => BTreeSet::new(),
    };
    let keys = pages.resolver.keys();
    // How far the change reaches each variant, worked out before any is
    // rendered, so that the pages open in the browser can go first.
    let plan: Vec<(&VariantKey, Option<&Arc<Rendered>>, Reach)> = keys
        .par_iter()
        .filter_map(|key| {
            let region = pages.resolver.region(&key.region)?;
            let before = previous.and_then(|p| p.variants.get(key));
            let reach = match before {
                None => Reach::Full,
                Some(b)
                    if !moved.is_empty()
                        && pages.links_to_sections_of(key, &b.links, &moved, diags) =>
                {
                    Reach::Full
                }
                Some(b) => match scope.reach(key, region, b, &pages.resolver) {
                    Reach::Full => Reach::Full,
                    // Its switchers and `hreflang` links name other pages
                    // (a new translation, a region's new name): all of its
                    // pages show them.
                    _ if b.frame != pages.document_frame(region, key) => Reach::Full,
                    reach => reach,
                },
            };
            if let (Reach::None, Some(before)) = (reach, before) {
                for warning in &before.warnings {
                    diags.push(warning.clone());
                }
                // The pages it links to may have changed.
                pages.link_check().links(key, &before.links, diags);
            }
            Some((key, before, reach))
        })
        .collect();
    let one = |key: &VariantKey, before: Option<&Arc<Rendered>>, reach: Reach| match before {
        Some(before) if reach == Reach::None => Some((key.clone(), before.clone(), false)),
        _ => render_variant(&pages, &emitter, key, before, reach, diags)
            .map(|r| (key.clone(), Arc::new(r), true)),
    };
    // The pages open in the browser first, handed out at once when the
    // others would keep them waiting.
    let reached = plan.iter().filter(|(_, _, r)| *r != Reach::None).count();
    let first: Vec<usize> = match lazy {
        Some(lazy) if reached >= LAZY_FROM && !diags.has_errors() => {
            let open: std::collections::HashSet<&str> =
                lazy.first.iter().map(String::as_str).collect();
            plan.iter()
                .enumerate()
                .filter(|(_, (_, before, reach))| {
                    *reach != Reach::None
                        && before.is_some_and(|b| {
                            b.files
                                .iter()
                                .chain(&b.history)
                                .any(|(p, _)| open.contains(p.as_str()))
                        })
                })
                .map(|(i, _)| i)
                .collect()
        }
        _ => Vec::new(),
    };
    let mut done: Vec<Option<Done>> = vec![None; plan.len()];
    let mut handed = None;
    if let (Some(lazy), false) = (lazy, first.is_empty()) {
        let rendered: Vec<_> = first
            .par_iter()
            .map(|&i| (i, one(plan[i].0, plan[i].1, plan[i].2)))
            .collect();
        for (i, r) in rendered {
            done[i] = r;
        }
        if !diags.has_errors()
            && let Some(previous) = previous
        {
            (lazy.ready)(early(previous, &plan, &done, &withdrawn));
            handed = Some(lazy);
        }
    }
    let stopped = AtomicBool::new(false);
    let rest: Vec<(usize, Option<Done>)> = plan
        .par_iter()
        .enumerate()
        .filter(|(i, _)| done[*i].is_none() && !first.contains(i))
        .map(|(i, &(key, before, reach))| {
            if handed.is_some_and(|lazy| stopped.load(Ordering::Relaxed) || (lazy.stop)()) {
                stopped.store(true, Ordering::Relaxed);
                return (i, None);
            }
            (i, one(key, before, reach))
        })
        .collect();
    if stopped.into_inner() {
        return None;
    }
    for (i, r) in rest {
        done[i] = r;
    }
    let results: Vec<(VariantKey, Arc<Rendered>, bool)> = done.into_iter().flatten().collect();
    // The pages standing for withdrawn variants are few: made afresh.
    let mut results = results;
    results.extend(
        pages
            .withdrawn_keys()
            .par_iter()
            .filter_map(|key| {
                let mut out = None;
                let written = collect(|write| {
                    out = pages
                        .withdrawn(key, true, diags)
                        .filter(|v| emitter.variant(v, write, diags).is_some());
                });
                let out = out?;
                let (files, history): (Vec<_>, Vec<_>) = written
                    .into_iter()
                    .partition(|(path, _)| *path == out.manifest.path);
                let draft = out.page.model.unreleased.clone().map(|unreleased| {
                    Arc::new(Draft {
                        locale: key.locale.clone(),
                        text_lang: None,
                        unreleased,
                        words: pages.words.words(&key.locale).strings.clone(),
                    })
                });
                let rendered = Rendered {
                    frame: out.page.model.frame.clone(),
                    files,
                    history,
                    page: out.manifest,
                    draft,
                    warnings: Vec::new(),
                    links: Vec::new(),
                };
                Some((key.clone(), Arc::new(rendered), true))
            })
            .collect::<Vec<_>>(),
    );
    let manifest: Vec<&ManifestPage> = results.iter().map(|(_, r, _)| &r.page).collect();
    let by_region = by_region(&manifest);
    let places = pages.places();
    let regions: HashMap<(String, String), Arc<RegionFiles>> = places
        .par_iter()
        .map(|(region, locale)| {
            let region: &ResolvedRegion = region;
            let list = by_region
                .get(&(region.id.as_str(), locale.as_str()))
                .map_or(&[][..], Vec::as_slice);
            // The page lists the region's tables, and their files are
            // written with it: a change to one renders them again.
            let tables = pages.tables(region, locale, diags);
            let listing = format!("{}{}", listing(list), tables_listing(&tables));
            let place = (region.id.clone(), locale.clone());
            let frame = pages.region_frame(region, locale);
            let kept = previous.and_then(|p| p.regions.get(&place)).filter(|r| {
                r.listing == listing && r.frame == frame && !scope.reaches_region(region)
            });
            let files = match kept {
                Some(kept) => kept.clone(),
                None => {
                    let files = collect(|write| {
                        let (page, feed) = pages.region(region, locale, list, &tables);
                        emitter.region(&page, feed.as_ref(), write, diags);
                        emitter.tables(&tables, write, diags);
                    });
                    Arc::new(RegionFiles {
                        listing,
                        frame,
                        files,
                    })
                }
            };
            (place, files)
        })
        .collect();
    let shared = collect(|write| {
        emitter.site(&pages.index(), history.head(), &manifest, write, diags);
        // The preview's 404 page links within the preview, not to the
        // published site.
        let not_found = pages.not_found_at(urls::PREVIEW_ROOT.to_string());
        emitter.publishing(&not_found, &manifest, write, diags);
    });
    if diags.has_errors() {
        return None;
    }
    let mut site = Site {
        withdrawn,
        ..Site::default()
    };
    for (key, rendered, fresh) in results {
        site.rendered += usize::from(fresh);
        for (path, bytes) in rendered.files.iter().chain(&rendered.history) {
            site.files.insert(path.clone(), bytes.clone());
        }
        if let Some(draft) = &rendered.draft {
            site.drafts
                .insert(rendered.page.path.clone(), draft.clone());
        }
        site.variants.insert(key, rendered);
    }
    for files in regions.values() {
        for (path, bytes) in &files.files {
            site.files.insert(path.clone(), bytes.clone());
        }
    }
    site.regions = regions;
    for (path, bytes) in shared {
        site.files.insert(path, bytes);
    }
    Some(site)
}

/// Renders one variant again: its page, and its change history and
/// archived versions when the change reaches them (`Reach::Full`).
fn render_variant(
    pages: &Pages<'_>,
    emitter: &Emitter<'_>,
    key: &VariantKey,
    before: Option<&Arc<Rendered>>,
    reach: Reach,
    diags: &Diagnostics,
) -> Option<Rendered> {
    let mut out = None;
    let found = Diagnostics::default();
    let written = collect(|write| {
        out = pages
            .variant(key, reach == Reach::Full, &found)
            .filter(|v| emitter.variant(v, write, &found).is_some());
    });
    let found = found.sorted();
    for d in &found {
        diags.push(d.clone());
    }
    let out = out?;
    let (files, history): (Vec<_>, Vec<_>) = written
        .into_iter()
        .partition(|(path, _)| *path == out.manifest.path);
    let history = match before.filter(|_| reach == Reach::Text) {
        Some(before) => before.history.clone(),
        None => history,
    };
    let model = &out.page.model;
    let draft = model.unreleased.clone().map(|unreleased| {
        Arc::new(Draft {
            locale: key.locale.clone(),
            text_lang: (model.text_lang != key.locale).then(|| model.text_lang.clone()),
            unreleased,
            words: pages.words.words(&key.locale).strings.clone(),
        })
    });
    Some(Rendered {
        frame: model.frame.clone(),
        links: out.links,
        files,
        history,
        page: out.manifest,
        draft,
        warnings: found
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect(),
    })
}

/// The site handed out before the rebuild ends: the previous one with the
/// pages rendered so far. Its settled paths are those pages' and those of
/// the variants the change does not reach; every other path (the region
/// pages, feeds and index too) waits for the whole site.
fn early(
    previous: &Site,
    plan: &[(&VariantKey, Option<&Arc<Rendered>>, Reach)],
    done: &[Option<Done>],
    withdrawn: &Arc<urls::Withdrawn>,
) -> Site {
    let mut site = Site {
        files: previous.files.clone(),
        drafts: previous.drafts.clone(),
        withdrawn: withdrawn.clone(),
        ..Site::default()
    };
    let mut settled = std::collections::HashSet::new();
    for ((_, before, reach), done) in plan.iter().zip(done) {
        let rendered = match (done, before) {
            (Some((_, rendered, _)), _) => rendered,
            (None, Some(before)) if *reach == Reach::None => *before,
            _ => continue,
        };
        for (path, bytes) in rendered.files.iter().chain(&rendered.history) {
            site.files.insert(path.clone(), bytes.clone());
            settled.insert(path.clone());
        }
        match &rendered.draft {
            Some(draft) => site
                .drafts
                .insert(rendered.page.path.clone(), draft.clone()),
            None => site.drafts.remove(&rendered.page.path),
        };
    }
    site.early = Some(Arc::new(settled));
    site
}

/// The files `render` writes, in order.
fn collect(render: impl FnOnce(Write)) -> Vec<(String, Bytes)> {
    let files = Mutex::new(Vec::new());
    render(&|rel: &str, bytes: &[u8]| {
        let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((rel.to_string(), Bytes::copy_from_slice(bytes)));
    });
    files.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// What a region page lists, as one comparable string.
fn listing(pages: &[&ManifestPage]) -> String {
    let mut out = String::new();
    for p in pages {
        out.push_str(&format!(
            "{}\u{1f}{}\u{1f}{:?}\u{1f}{:?}\u{1f}{}\u{1f}{:?}\u{1e}",
            p.key.doc, p.title, p.summary, p.fallback, p.listed, p.withdrawn
        ));
    }
    out
}

/// What a region's tables hold, for the same comparison: their rows, and
/// their feeds' versions (the history's changes reach every page anyway).
fn tables_listing(tables: &[PublishedTable]) -> String {
    let mut out = String::new();
    for t in tables {
        let versions = t.versions.len();
        out.push_str(&format!("{}\u{1f}{versions}\u{1e}", t.view.to_json()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(path: &str) -> Option<Scope> {
        Scope::of_change(Path::new(path))
    }

    fn parts(docs: &[&str], regions: &[&str]) -> Option<Scope> {
        texts(docs, regions, &[])
    }

    fn texts(docs: &[&str], regions: &[&str], texts: &[(&str, &str)]) -> Option<Scope> {
        Some(Scope::Parts {
            docs: docs.iter().map(|s| s.to_string()).collect(),
            regions: regions.iter().map(|s| s.to_string()).collect(),
            texts: texts
                .iter()
                .map(|(d, l)| (d.to_string(), l.to_string()))
                .collect(),
            words: BTreeSet::new(),
            tables: BTreeSet::new(),
        })
    }

    #[test]
    fn a_change_reaches_what_the_layout_says_the_path_holds() {
        assert_eq!(
            scope("policies/privacy/en-US.md"),
            texts(&[], &[], &[("privacy", "en-US")])
        );
        assert_eq!(scope("policies/privacy"), parts(&["privacy"], &[]));
        assert_eq!(
            scope("regions/us-ca/privacy.en-US.md"),
            parts(&[], &["us-ca"])
        );
        assert_eq!(scope("templates/footer.html"), Some(Scope::All));
        // English words stand in for every language: all pages.
        assert_eq!(scope("strings/en.yaml"), Some(Scope::All));
        let Some(Scope::Parts { words, .. }) = scope("strings/de.yaml") else {
            panic!("a language's words reach its pages only");
        };
        assert_eq!(words, BTreeSet::from(["de".to_string()]));
        // A table and its translations reach the pages that show it; a
        // region's changes to it, that region's pages.
        for path in ["facts/cookies.yaml", "facts/cookies.de-DE.yaml"] {
            let Some(Scope::Parts { tables, .. }) = scope(path) else {
                panic!("{path} reaches the pages showing its table only");
            };
            assert_eq!(tables, BTreeSet::from(["cookies".to_string()]));
        }
        assert_eq!(scope("regions/eu/facts/cookies.yaml"), parts(&[], &["eu"]));
        assert_eq!(scope("policies/privacy/.en-US.md.swp"), None);
        assert_eq!(scope("out/index.html"), None);
    }

    #[test]
    fn scopes_merge() {
        let mut s = Scope::default();
        assert!(s.is_empty());
        s.merge(parts(&["terms"], &[]).unwrap());
        s.merge(parts(&[], &["eu"]).unwrap());
        s.merge(texts(&[], &[], &[("privacy", "de-DE")]).unwrap());
        assert_eq!(
            Some(s.clone()),
            texts(&["terms"], &["eu"], &[("privacy", "de-DE")])
        );
        s.merge(Scope::All);
        assert_eq!(s, Scope::All);
        s.merge(parts(&["privacy"], &[]).unwrap());
        assert_eq!(s, Scope::All);
    }
}
