//! Building the page models: each variant's page (the text in force, its
//! dates, notices and banner, what changed, how it differs from its last
//! release), its change history and archived versions, the region pages,
//! the feeds and the index. Plain data in, plain data out: no HTML here
//! but the rendered body each document page carries beside its model.

mod facts;
mod history;
mod listing;
mod switchers;
mod withdrawn;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use pulldown_cmark::{Event, Parser, Tag};

pub use facts::{PublishedTable, row_changes};

use super::body::{RenderCache, RenderedBody};
use super::links::{LinkCheck, LinkedSections, PageLink};
use super::manifest::ManifestPage;
use super::model::{
    Alternate, Banner, Body, ChangedSection, ChangesPage, DateLabel, DocumentPage, Frame, HrefLang,
    Switch, Unreleased,
};
use super::strings::{Around, Catalogue, Words, fill, names, project};
use super::urls;
use crate::diagnostics::Diagnostics;
use crate::diff::{Change, Class};
use crate::history::Timeline;
use crate::markdown::links::LinkTo;
use crate::markdown::options as markdown_options;
use crate::resolve::{Fallback, ResolvedRegion, Resolver, VariantKey};
use crate::source::Project;

/// Everything the pages of one build share.
pub struct Pages<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its variants.
    pub resolver: Resolver<'a>,
    /// Its releases, on the day of the build.
    pub timeline: Timeline<'a>,
    /// Whether to work out how each page differs from its last release
    /// (`build --frozen`, the preview).
    pub compare: bool,
    cache: RenderCache,
    linked: LinkedSections,
    /// The documents links lead to (`None`: any of them), whose pages keep
    /// their link targets for the link check as they are resolved.
    linked_documents: Option<BTreeSet<String>>,
    /// The withdrawn pages that show no text, worked out once.
    withdrawn: OnceLock<Arc<urls::Withdrawn>>,
    /// Every document released before, present or not.
    released: BTreeSet<String>,
    /// The withdrawn variants (released before, their sources gone), for
    /// the switchers: their pages stay.
    gone: OnceLock<BTreeSet<VariantKey>>,
    /// The theme's words, the project's over the built-in ones.
    pub words: Arc<Catalogue>,
    /// The label of every locale the site has pages in, for switchers,
    /// worked out once (CLDR names, qualified where two share a language).
    labels: BTreeMap<String, String>,
    /// Those locales, sorted: the published ones and those only withdrawn
    /// pages are left in.
    published: Vec<String>,
}

/// A document page's model and its body rendered to HTML.
pub struct RenderedPage {
    /// What the page says.
    pub model: DocumentPage,
    /// Its text as HTML.
    pub body: Arc<RenderedBody>,
}

/// A variant's change history and the page of each released version.
pub struct HistoryPages {
    /// The change history.
    pub changes: ChangesPage,
    /// Each version, oldest first.
    pub versions: Vec<RenderedPage>,
}

/// Everything one variant contributes to the site.
pub struct VariantPages {
    /// Its page.
    pub page: RenderedPage,
    /// Its change history and versions, when asked for and released.
    pub history: Option<HistoryPages>,
    /// Its entry in the manifest (and, for the region page, its listing).
    pub manifest: ManifestPage,
    /// Its text's links to other pages, checked again while the preview
    /// keeps the page.
    pub links: Vec<PageLink>,
}

impl<'a> Pages<'a> {
    /// Prepares the pages of `project` as they stand on `timeline`'s day.
    pub fn new(project: &'a Project, timeline: Timeline<'a>, diags: &Diagnostics) -> Self {
        let released = timeline
            .releases()
            .keys()
            .into_iter()
            .map(|k| k.doc.clone())
            .collect();
        let resolver = Resolver::new(project, diags);
        let catalogue = project::catalogue(project, resolver.regions(), diags);
        let mut pages = Pages {
            project,
            resolver,
            words: Arc::default(),
            labels: BTreeMap::new(),
            published: Vec::new(),
            timeline,
            compare: false,
            cache: RenderCache::default(),
            linked: LinkedSections::default(),
            linked_documents: super::links::linked_documents(project),
            withdrawn: OnceLock::new(),
            released,
            gone: OnceLock::new(),
        };
        // Withdrawn pages stay, and the switchers list their locales: the
        // labels tell those apart too.
        let withdrawn = pages.withdrawn_keys().into_iter().map(|k| k.locale);
        pages.published = pages
            .resolver
            .regions()
            .iter()
            .flat_map(|r| r.locales.iter().cloned())
            .chain(withdrawn)
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        pages.labels = pages
            .published
            .iter()
            .map(|l| (l.clone(), names::label(l, &pages.published)))
            .collect();
        pages.words = Arc::new(catalogue.among(pages.published.clone()));
        pages
    }

    /// How the text of `key` links out of the page at `url`: a link to a
    /// section of a withdrawn page leads to its last version, where the
    /// section still is.
    fn text_links(&self, url: &str, key: &VariantKey) -> urls::TextLinks {
        urls::TextLinks::new(url, key).with_withdrawn(self.withdrawn_pages())
    }

    /// Whether a text shown on `key`'s pages (its `current` links, or a
    /// released version) links to a section of one of `moved`: pages whose
    /// sections a link now finds elsewhere (withdrawn, or restored). The
    /// preview renders such a page again rather than keep it.
    pub fn links_to_sections_of(
        &self,
        key: &VariantKey,
        current: &[PageLink],
        moved: &BTreeSet<VariantKey>,
        diags: &Diagnostics,
    ) -> bool {
        let hits = |to: &LinkTo| match to {
            LinkTo::Document {
                doc,
                section: Some(section),
            } if !section.is_empty() => moved.contains(&VariantKey {
                doc: doc.clone(),
                ..key.clone()
            }),
            LinkTo::Relative(href) => matches!(
                urls::target_of_relative(key, href),
                Some(urls::Target::Document { key: target, section: Some(_) })
                    if moved.contains(&target)
            ),
            _ => false,
        };
        if current.iter().any(|(_, link)| hits(&link.to)) {
            return true;
        }
        let releases = self.timeline.releases();
        releases.entries(key).any(|(_, entry)| {
            let Some(text) = releases.released(&entry.snapshot, diags) else {
                return true;
            };
            let body = text.body();
            Parser::new_ext(&body, markdown_options()).any(|event| match event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    LinkTo::of(&dest_url).is_some_and(|to| hits(&to))
                }
                _ => false,
            })
        })
    }

    /// The withdrawn pages that show no text, each with its last version.
    pub fn withdrawn_pages(&self) -> Arc<urls::Withdrawn> {
        let withdrawn = self.withdrawn.get_or_init(|| {
            let timeline = &self.timeline;
            let shows_no_text = self
                .withdrawn_keys()
                .into_iter()
                // Until a recorded withdrawal takes effect, the page still
                // shows the text in force.
                .filter(|k| {
                    timeline.pending_withdrawal(k).is_none() || timeline.in_force(k).is_none()
                });
            Arc::new(
                shows_no_text
                    .filter_map(|k| {
                        let (_, last) = timeline.releases().latest(&k)?;
                        let version = last.version;
                        Some((k, version))
                    })
                    .collect(),
            )
        });
        withdrawn.clone()
    }

    fn frame(&self, url: String, lang: &str, alternates: Vec<Alternate>) -> Frame {
        Frame {
            root: urls::root_of(&url),
            canonical: urls::canonical(&self.project.config.base_url, &url),
            lang: lang.to_string(),
            alternates,
            hreflang: Vec::new(),
            languages: Vec::new(),
            regions: Vec::new(),
            all_regions: None,
            url,
        }
    }

    /// The language and region switchers of the page at `from`, in
    /// `region` and `locale`, showing `target`. Each entry leads to a page
    /// the build makes: a document where its region publishes it or where
    /// it was withdrawn (its page stays).
    fn switchers(
        &self,
        region: &str,
        locale: &str,
        from: &str,
        target: &SwitchTarget<'_>,
    ) -> Switchers {
        let releases = self.timeline.releases();
        let gone = self
            .gone
            .get_or_init(|| self.withdrawn_keys().into_iter().collect());
        let key_of = |doc: &str, r: &str, l: &str| VariantKey {
            doc: doc.to_string(),
            region: r.to_string(),
            locale: l.to_string(),
        };
        let url_of = |r: &str, l: &str| match target {
            SwitchTarget::Region => urls::region_index(r, l),
            SwitchTarget::Document(doc) => urls::document_in(r, l, doc),
            SwitchTarget::Changes(doc) => {
                let key = key_of(doc, r, l);
                match releases.latest(&key) {
                    Some(_) => urls::changes(&key),
                    None => urls::document(&key),
                }
            }
        };
        // Most sites have no withdrawn page: no key is made to look for one.
        let is_gone =
            |doc: &str, r: &str, l: &str| !gone.is_empty() && gone.contains(&key_of(doc, r, l));
        let exists = |r: &ResolvedRegion, l: &str| match target {
            SwitchTarget::Region => r.locales.iter().any(|x| x == l),
            SwitchTarget::Document(doc) | SwitchTarget::Changes(doc) => {
                (r.locales.iter().any(|x| x == l) && r.documents.iter().any(|d| d == doc))
                    || is_gone(doc, &r.id, l)
            }
        };
        let translated = |r: &str, l: &str| match target {
            SwitchTarget::Region => true,
            SwitchTarget::Document(doc) | SwitchTarget::Changes(doc) => {
                is_gone(doc, r, l) || self.resolver.has_own_text(&key_of(doc, r, l))
            }
        };
        // The locales of this page's region: those it publishes, then those
        // only withdrawn pages are left in.
        let mut locales: Vec<&str> = Vec::new();
        let this = self.resolver.region(region);
        match this {
            Some(r) => locales.extend(r.locales.iter().map(String::as_str)),
            // A removed region's pages lead to each other in every locale
            // it still has withdrawn pages in.
            None if matches!(target, SwitchTarget::Region) => {
                let mut kept: Vec<&str> = gone
                    .iter()
                    .filter(|k| k.region == region)
                    .map(|k| k.locale.as_str())
                    .collect();
                kept.sort_unstable();
                kept.dedup();
                locales.extend(kept);
            }
            None => {}
        }
        if let SwitchTarget::Document(doc) | SwitchTarget::Changes(doc) = target {
            let mut withdrawn: Vec<&str> = gone
                .iter()
                .filter(|k| k.doc == *doc && k.region == region)
                .map(|k| k.locale.as_str())
                .filter(|l| !locales.contains(l))
                .collect();
            withdrawn.sort_unstable();
            locales.extend(withdrawn);
        }
        if !locales.contains(&locale) {
            locales.push(locale);
        }
        let languages: Vec<Switch> = locales
            .into_iter()
            .filter(|l| *l == locale || this.is_none_or(|r| exists(r, l)))
            .map(|l| {
                let current = l == locale;
                Switch {
                    hreflang: l.to_string(),
                    label: self.label(l),
                    lang: Some(l.to_string()),
                    href: match current {
                        true => urls::relative(from, from),
                        false => urls::relative(from, &url_of(region, l)),
                    },
                    current,
                    translated: current || translated(region, l),
                }
            })
            .collect();
        // Which regions the switcher names, and in which locale, before any
        // entry is made: a site of many regions lists only a few.
        let listed: Vec<(&ResolvedRegion, &str)> = self
            .resolver
            .regions()
            .iter()
            .filter_map(|r| {
                let current = r.id == region;
                let default = r.default_locale(self.project);
                let l = [locale, default]
                    .into_iter()
                    .chain(r.locales.iter().map(String::as_str))
                    .find(|l| current || exists(r, l))?;
                Some((r, if current { locale } else { l }))
            })
            .collect();
        let languages = if languages.len() > 1 {
            languages
        } else {
            Vec::new()
        };
        if listed.len() <= 1 {
            return Switchers {
                languages,
                regions: Vec::new(),
                all_regions: None,
            };
        }
        let chain = this.map_or(&[][..], |r| r.chain.as_slice());
        let (listed, cut) = switchers::near(region, chain, listed);
        let regions = listed
            .into_iter()
            .map(|(r, l)| {
                let current = r.id == region;
                Switch {
                    hreflang: l.to_string(),
                    label: r.name_in(locale).to_string(),
                    lang: r.name_lang(locale, self.project).map(str::to_string),
                    href: match current {
                        true => urls::relative(from, from),
                        false => urls::relative(from, &url_of(&r.id, l)),
                    },
                    current,
                    translated: current || translated(&r.id, l),
                }
            })
            .collect();
        Switchers {
            languages,
            regions,
            all_regions: cut.then(|| urls::relative(from, urls::INDEX)),
        }
    }

    /// A frame with its switchers.
    fn frame_switching(
        &self,
        frame: Frame,
        region: &str,
        locale: &str,
        target: &SwitchTarget<'_>,
    ) -> Frame {
        let switchers = self.switchers(region, locale, &frame.url, target);
        Frame {
            languages: switchers.languages,
            regions: switchers.regions,
            all_regions: switchers.all_regions,
            ..frame
        }
    }

    /// The frame of a page that exists in each of the region's locales, at
    /// `url_of(locale)`: its alternates, and the `hreflang` links to those
    /// whose text is in their locale (`translated`) and to `x-default`.
    fn frame_in_locales(
        &self,
        region: &ResolvedRegion,
        current: &str,
        url_of: impl Fn(&str) -> String,
        translated: impl Fn(&str) -> bool,
    ) -> Frame {
        let from = url_of(current);
        let base_url = &self.project.config.base_url;
        let alternates: Vec<Alternate> = region
            .locales
            .iter()
            .filter(|l| *l != current)
            .map(|l| Alternate {
                hreflang: l.clone(),
                label: self.label(l),
                href: urls::relative(&from, &url_of(l)),
                absolute: urls::canonical(base_url, &url_of(l)),
                translated: translated(l),
            })
            .collect();
        let mut hreflang = Vec::new();
        // A page showing the whole document in the default locale is no
        // translation: it stays out of the cluster, its own links included.
        if !alternates.is_empty() && translated(current) {
            let link = |hreflang: &str, locale: &str| {
                urls::canonical(base_url, &url_of(locale)).map(|href| HrefLang {
                    hreflang: hreflang.to_string(),
                    href,
                })
            };
            hreflang.extend(
                region
                    .locales
                    .iter()
                    .filter(|l| translated(l))
                    .filter_map(|l| link(l, l)),
            );
            hreflang.extend(link("x-default", region.default_locale(self.project)));
        }
        Frame {
            hreflang,
            ..self.frame(from, current, alternates)
        }
    }

    /// [`Pages::frame_in_locales`] with the switchers of a page showing
    /// `target` in `region`.
    fn frame_of(
        &self,
        region: &ResolvedRegion,
        current: &str,
        target: &SwitchTarget<'_>,
        url_of: impl Fn(&str) -> String,
        translated: impl Fn(&str) -> bool,
    ) -> Frame {
        let frame = self.frame_in_locales(region, current, url_of, translated);
        self.frame_switching(frame, &region.id, current, target)
    }

    /// The frame of `key`'s document page: where it is, its alternates,
    /// `hreflang` links and switchers, which depend on the other variants
    /// of its document (the preview renders a page again when they change).
    pub fn document_frame(&self, region: &ResolvedRegion, key: &VariantKey) -> Frame {
        self.frame_of(
            region,
            &key.locale,
            &SwitchTarget::Document(&key.doc),
            |l| urls::document_in(&key.region, l, &key.doc),
            |l| {
                self.resolver.has_own_text(&VariantKey {
                    locale: l.to_string(),
                    ..key.clone()
                })
            },
        )
    }

    /// One variant's page and, with `with_history`, its change history and
    /// archived versions (which depend only on `history/`, the region, the
    /// settings and the theme). `None` after an error in `diags`.
    pub fn variant(
        &self,
        key: &VariantKey,
        with_history: bool,
        diags: &Diagnostics,
    ) -> Option<VariantPages> {
        let timeline = &self.timeline;
        let variant = self.resolver.resolve(key, diags)?;
        let region = self.resolver.region(&key.region)?;
        if self
            .linked_documents
            .as_ref()
            .is_none_or(|docs| docs.contains(&key.doc))
        {
            self.link_check().keep_targets(&variant);
        }
        let page_links = self.link_check().variant(&variant, diags);
        let unreleased = match timeline.releases().latest(key) {
            _ if !self.compare => None,
            // Never released: all of it is new, whatever it says.
            None => Some(Unreleased::NeverReleased),
            Some(_) => {
                let compared = timeline.releases().compare(key, &variant, diags)?;
                compared.unreleased_text().then(|| Unreleased::Changed {
                    diff: Arc::new(compared.diff),
                })
            }
        };
        // A recorded version that takes effect later: until then the page
        // shows the text in force, and says what is coming.
        let in_force = timeline.text_in_force(key, diags);
        let section_langs = variant.section_langs();
        let url = urls::document(key);
        let links = self.text_links(&url, key);
        let (markdown, body) = match &in_force {
            Some(c) => {
                let markdown = c.body();
                let body = self.cache.render(&markdown, &section_langs, &links);
                (markdown, body)
            }
            None => {
                let (markdown, parts) = variant.markdown_by_parts();
                let parts: Vec<&str> = parts.iter().map(|r| &markdown[r.clone()]).collect();
                let body = self
                    .cache
                    .render_parts(&markdown, &parts, &section_langs, &links);
                (markdown, body)
            }
        };
        let words = self.words.words(&key.locale);
        let strings = &words.strings;
        let banner = timeline.pending(key).map(|(record, entry)| Banner {
            text: words.dated(&strings.effective_notice, record.in_force_from()),
            href: format!(
                "{}#v{}",
                urls::relative(&url, &urls::changes(key)),
                entry.version
            ),
            link: strings.see_changes.clone(),
            lang: words.marks("effective_notice", "see_changes").0,
            link_lang: words.marks("effective_notice", "see_changes").1,
        });
        let what_changed = timeline
            .latest_change(key, diags)
            .map(|diff| {
                diff.sections
                    .iter()
                    .filter(|s| s.class == Class::Text && !s.id.is_empty())
                    .map(|s| ChangedSection {
                        removed: s.change == Change::Removed,
                        id: s.id.clone(),
                        heading: s.heading.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (notice, text_lang) = notice(&words, key, &variant.fallback);
        // The text in force is a released one, which may be in another
        // language than the sources are now (a fallback released before
        // its translation was written).
        let text_lang = match timeline.in_force(key) {
            Some((_, entry)) if in_force.is_some() => self.released_lang(key, &entry.snapshot),
            _ => text_lang,
        };
        let last_updated = timeline.last_updated(key);
        let model = DocumentPage {
            frame: self.document_frame(region, key),
            key: key.clone(),
            region_name: region.name_in(&key.locale).to_string(),
            title: match &in_force {
                Some(c) => c.snapshot.title.clone(),
                None => variant.title.clone(),
            },
            summary: variant.summary.clone(),
            text_lang,
            fallback: variant.fallback.clone(),
            archived_version: None,
            version: timeline.version_in_force(key),
            last_updated: last_updated.map(|d| DateLabel::new(d, &key.locale)),
            last_updated_words: last_updated_words(&words, last_updated.is_some()),
            index_link: back_to_index(&words, region.name_in(&key.locale)),
            notice,
            lag: self.translation_lag(key, &variant, diags),
            banner,
            what_changed,
            history_href: timeline
                .releases()
                .latest(key)
                .map(|_| urls::relative(&url, &urls::changes(key))),
            index_href: self.index_href(&url, key),
            variables: region.variables.clone(),
            body: Body::of(markdown, &body, section_langs),
            unreleased,
            withdrawn: None,
        };
        let history = if with_history {
            self.history(region, key, diags)
        } else {
            None
        };
        let manifest = ManifestPage::new(&model, variant.title, variant.summary);
        Some(VariantPages {
            page: RenderedPage { model, body },
            history,
            manifest,
            links: page_links,
        })
    }

    /// Lets go of what the pages kept for one another (every distinct body
    /// and section rendered, the link targets of the pages linked to) on
    /// another thread, where freeing them keeps no one waiting: `build`
    /// ends as soon as its output is in place.
    pub fn let_go_of_caches(&mut self) {
        let cache = std::mem::take(&mut self.cache);
        let linked = std::mem::take(&mut self.linked);
        // Where no thread can be started, they are freed here.
        let _ = std::thread::Builder::new()
            .name("policyc-free".into())
            .spawn(move || drop((cache, linked)));
    }

    /// The check of links between this build's pages.
    pub fn link_check(&self) -> LinkCheck<'_> {
        LinkCheck {
            project: self.project,
            resolver: &self.resolver,
            sections: &self.linked,
            released: &self.released,
        }
    }

    /// The label of `locale` in language switchers ("Deutsch").
    pub(crate) fn label(&self, locale: &str) -> String {
        match self.labels.get(locale) {
            Some(label) => label.clone(),
            None => names::label(locale, &[]),
        }
    }

    /// The language a released text of `key` is in: the default locale's
    /// when it is the very text (stored once by its hash) the default
    /// locale released for the document in the region, as a fallback is;
    /// else the key's.
    pub(crate) fn released_lang(&self, key: &VariantKey, snapshot: &str) -> String {
        let default = &self.project.config.default_locale;
        let source = VariantKey {
            locale: default.clone(),
            ..key.clone()
        };
        let shared = key.locale != *default
            && self
                .timeline
                .releases()
                .entries(&source)
                .any(|(_, e)| e.snapshot == snapshot);
        match shared {
            true => default.clone(),
            false => key.locale.clone(),
        }
    }

    /// A link from the page at `url` to the region's list of documents,
    /// which a region or locale that is gone keeps while it has withdrawn
    /// pages (see [`Pages::places`]).
    fn index_href(&self, url: &str, key: &VariantKey) -> String {
        urls::relative(url, &urls::region_index(&key.region, &key.locale))
    }
}

/// A page's language and region switchers.
struct Switchers {
    languages: Vec<Switch>,
    regions: Vec<Switch>,
    /// The link to the front page for the regions `regions` leaves out.
    all_regions: Option<String>,
}

/// What the entries of a page's switchers lead to.
enum SwitchTarget<'d> {
    /// The region's list of documents.
    Region,
    /// A document's page.
    Document(&'d str),
    /// A document's change history, where it has one, else its page.
    Changes(&'d str),
}

/// The fallback notice of a page, in its language, and the language its
/// text is in.
fn notice(words: &Words, key: &VariantKey, fallback: &Fallback) -> (Option<String>, String) {
    match fallback {
        Fallback::None => (None, key.locale.clone()),
        Fallback::Whole { shown } => (Some(words.fallback(shown, false)), shown.clone()),
        Fallback::Partial { shown } => (Some(words.fallback(shown, true)), key.locale.clone()),
    }
}

/// "Last Updated: {date}" split around the date, which the page shows in
/// `<time>`; "Last Updated: not yet released" whole until a release.
pub(crate) fn last_updated_words(words: &Words, released: bool) -> Around {
    match released {
        true => Around::split(&words.strings.last_updated, "date", &[]),
        false => Around::split(&words.strings.not_yet_released, "date", &[]),
    }
}

/// "All documents for {region}".
pub(crate) fn back_to_index(words: &Words, region: &str) -> String {
    fill(&words.strings.back_to_index, &[("region", region)])
}
