//! Building the page models: each variant's page (the text in force, its
//! dates, notices and banner, what changed, how it differs from its last
//! release), its change history and archived versions, the region pages,
//! the feeds and the index. Plain data in, plain data out: no HTML here
//! but the rendered body each document page carries beside its model.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::body::{RenderCache, RenderedBody, render_markdown};
use super::manifest::ManifestPage;
use super::model::{
    Alternate, Banner, Body, ChangedSection, ChangesPage, DateLabel, DocumentPage, Feed, FeedEntry,
    Frame, IndexLocale, IndexPage, IndexRegion, ListedDocument, RegionPage, RegionRef, Unreleased,
    VersionChanges, VersionItem,
};
use super::strings::{ThemeStrings, locale_label, strings_for};
use super::urls;
use crate::diagnostics::{Diagnostic, Diagnostics, location_at};
use crate::diff::{Change, Class};
use crate::history::record::{Entry, Record};
use crate::history::{Day, Timeline};
use crate::resolve::{Fallback, ResolvedRegion, Resolver, Variant, VariantKey};
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
}

impl<'a> Pages<'a> {
    /// Prepares the pages of `project` as they stand on `timeline`'s day.
    pub fn new(project: &'a Project, timeline: Timeline<'a>, diags: &Diagnostics) -> Self {
        Pages {
            project,
            resolver: Resolver::new(project, diags),
            timeline,
            compare: false,
            cache: RenderCache::default(),
        }
    }

    fn frame(&self, url: String, lang: &str, alternates: Vec<Alternate>) -> Frame {
        Frame {
            root: urls::root_of(&url),
            canonical: urls::canonical(&self.project.config.base_url, &url),
            lang: lang.to_string(),
            alternates,
            url,
        }
    }

    /// The page at `url_of(locale)` in the region's other locales.
    fn alternates(
        &self,
        region: &ResolvedRegion,
        current: &str,
        url_of: impl Fn(&str) -> String,
    ) -> Vec<Alternate> {
        let root = urls::root_of(&url_of(current));
        region
            .locales
            .iter()
            .filter(|l| *l != current)
            .map(|l| Alternate {
                hreflang: l.clone(),
                label: locale_label(l),
                href: format!("{root}{}", url_of(l)),
                absolute: format!("{}{}", self.project.config.base_url, url_of(l)),
            })
            .collect()
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
        let unreleased = match timeline.latest(key) {
            _ if !self.compare => None,
            // Never released: all of it is new, whatever it says.
            None => Some(Unreleased::NeverReleased),
            Some(_) => {
                let compared = timeline.compare(key, &variant, diags)?;
                compared.unreleased_text().then(|| Unreleased::Changed {
                    diff: Arc::new(compared.diff),
                })
            }
        };
        // A recorded version that takes effect later: until then the page
        // shows the text in force, and says what is coming.
        let in_force = timeline.text_in_force(key, diags);
        let markdown = match &in_force {
            Some(c) => c.body(),
            None => variant.markdown(),
        };
        let section_langs = variant.section_langs();
        let body = self.cache.render(&markdown, &section_langs);
        let strings = strings_for(&key.locale);
        let url = urls::document(key);
        let banner = timeline.pending(key).map(|(record, entry)| Banner {
            text: strings
                .effective_notice
                .replace("{date}", &record.in_force_from().format(&key.locale)),
            href: format!(
                "{}#v{}",
                urls::relative(&url, &urls::changes(key)),
                entry.version
            ),
            link: strings.see_changes.clone(),
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
        let (notice, text_lang) = notice(&strings, key, &variant.fallback);
        let last_updated = timeline.last_updated(key);
        let model = DocumentPage {
            frame: self.frame(
                url.clone(),
                &key.locale,
                self.alternates(region, &key.locale, |l| {
                    urls::document_in(&key.region, l, &key.doc)
                }),
            ),
            key: key.clone(),
            region_name: region.name.clone(),
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
            notice,
            lag: self.translation_lag(key, &variant, diags),
            banner,
            what_changed,
            history_href: timeline
                .latest(key)
                .map(|_| urls::relative(&url, &urls::changes(key))),
            index_href: self.index_href(&url, key),
            variables: region.variables.clone(),
            body: Body {
                markdown,
                toc: body.toc.clone(),
                section_langs,
                content_hash: body.text_hash(),
            },
            unreleased,
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
        })
    }

    /// A link from the page at `url` to the region's list of documents.
    fn index_href(&self, url: &str, key: &VariantKey) -> String {
        format!(
            "{}{}",
            urls::root_of(url),
            urls::region_index(&key.region, &key.locale)
        )
    }

    /// The change history of a variant and a page for each of its versions;
    /// `None` when it was never released (or a stored text is unreadable,
    /// an error in `diags`).
    fn history(
        &self,
        region: &ResolvedRegion,
        key: &VariantKey,
        diags: &Diagnostics,
    ) -> Option<HistoryPages> {
        let entries: Vec<(&Record, &Entry)> = self.timeline.entries(key).collect();
        let (_, latest) = entries.last()?;
        let strings = strings_for(&key.locale);
        let url = urls::changes(key);
        let mut versions = Vec::new();
        let mut items = Vec::new();
        let mut previous: Option<&str> = None;
        for (record, entry) in &entries {
            let diff = self.timeline.diff(previous, &entry.snapshot, diags)?;
            let changes = match previous {
                None => VersionChanges::First {
                    text: strings.first_version.clone(),
                },
                Some(_) => VersionChanges::Changed { diff },
            };
            previous = Some(&entry.snapshot);
            items.push(self.version_item(&url, record, entry, &strings, &key.locale, changes));
            versions.push(self.version_page(region, key, record, entry, &strings, diags)?);
        }
        items.reverse();
        let title = self
            .timeline
            .released(&latest.snapshot, diags)
            .map(|c| c.snapshot.title.clone())
            .unwrap_or_default();
        let changes = ChangesPage {
            index_href: self.index_href(&url, key),
            frame: self.frame(url, &key.locale, Vec::new()),
            key: key.clone(),
            region_name: region.name.clone(),
            title,
            variables: region.variables.clone(),
            versions: items,
        };
        Some(HistoryPages { changes, versions })
    }

    fn version_item(
        &self,
        changes_url: &str,
        record: &Record,
        entry: &Entry,
        strings: &ThemeStrings,
        locale: &str,
        changes: VersionChanges,
    ) -> VersionItem {
        let fill = |template: &str, day: Day| {
            template
                .replace("{date}", &day.format(locale))
                .replace("{n}", &entry.version.to_string())
        };
        VersionItem {
            number: entry.version,
            label: strings.version.replace("{n}", &entry.version.to_string()),
            in_force: fill(&strings.in_force_from, record.in_force_from()),
            recorded: record
                .effective
                .map(|_| fill(&strings.recorded_on, record.date)),
            pending: self.timeline.is_pending(record),
            message: record.message.clone(),
            href: urls::relative(changes_url, &urls::version(&entry.key, entry.version)),
            changes,
        }
    }

    /// The page of one released version, marked as not the current one.
    fn version_page(
        &self,
        region: &ResolvedRegion,
        key: &VariantKey,
        record: &Record,
        entry: &Entry,
        strings: &ThemeStrings,
        diags: &Diagnostics,
    ) -> Option<RenderedPage> {
        let captured = self.timeline.released(&entry.snapshot, diags)?;
        let markdown = captured.body();
        let body = Arc::new(render_markdown(&markdown, &[]));
        let from = record.in_force_from();
        let url = urls::version(key, entry.version);
        let document = urls::document(key);
        let banner = Banner {
            text: strings
                .archived_notice
                .replace("{n}", &entry.version.to_string())
                .replace("{date}", &from.format(&key.locale)),
            href: urls::relative(&url, &document),
            link: strings.current_version.clone(),
        };
        let model = DocumentPage {
            // Versions are numbered per locale: an archived page has no
            // counterpart in the other languages.
            frame: self.frame(url.clone(), &key.locale, Vec::new()),
            key: key.clone(),
            region_name: region.name.clone(),
            title: captured.snapshot.title.clone(),
            summary: None,
            text_lang: key.locale.clone(),
            fallback: Fallback::None,
            archived_version: Some(entry.version),
            version: Some(entry.version),
            last_updated: Some(DateLabel::new(from, &key.locale)),
            notice: None,
            lag: None,
            banner: Some(banner),
            what_changed: Vec::new(),
            history_href: Some(urls::relative(&url, &urls::changes(key))),
            index_href: self.index_href(&url, key),
            variables: region.variables.clone(),
            body: Body {
                markdown,
                toc: body.toc.clone(),
                section_langs: Vec::new(),
                content_hash: body.text_hash(),
            },
            unreleased: None,
        };
        Some(RenderedPage { model, body })
    }

    /// Warns about translated sections whose source changed in a later
    /// release, and returns the page's notice about it, in its language.
    fn translation_lag(
        &self,
        key: &VariantKey,
        variant: &Variant,
        diags: &Diagnostics,
    ) -> Option<String> {
        if matches!(variant.fallback, Fallback::Whole { .. }) {
            return None;
        }
        let project = self.project;
        let default = &project.config.default_locale;
        let shown_in_default: Vec<String> = variant
            .section_langs()
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let stale: Vec<_> = self
            .timeline
            .stale_sections(key, default, diags)
            .into_iter()
            .filter(|s| !shown_in_default.contains(&s.id))
            .collect();
        for s in &stale {
            let Some(section) = variant.sections.iter().find(|x| x.id == s.id) else {
                continue;
            };
            let mut d = Diagnostic::warning(format!(
                "the translation of `{}` may lag behind its {default} source, which changed in release {} ({})",
                s.id, s.release, s.day
            ))
            .in_file(&section.source)
            .help("update this section, then record it with `policyc release`; `policyc show` prints the released source");
            let text = project.sources.get(&section.source);
            let found = text.and_then(|t| Some((t, t.find(&format!("{{#{}", s.id))?)));
            if let Some((text, at)) = found {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line_len = text[line_start..]
                    .find('\n')
                    .unwrap_or(text.len() - line_start);
                d = d.at(location_at(text, line_start, line_len));
            }
            diags.push(d);
        }
        let latest = stale.iter().map(|s| s.day).max()?;
        let strings = strings_for(&key.locale);
        Some(
            strings
                .translation_lag
                .replace("{language}", &strings.name_of(default))
                .replace("{date}", &latest.format(&key.locale)),
        )
    }

    /// The page of one region in one locale, listing `listed`, and its feed
    /// once there are releases.
    pub fn region(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        listed: &[&ManifestPage],
    ) -> (RegionPage, Option<Feed>) {
        let url = urls::region_index(&region.id, locale);
        let documents: Vec<ListedDocument> = listed
            .iter()
            .map(|p| {
                let text_lang = match &p.fallback {
                    Fallback::Whole { shown } => shown.clone(),
                    _ => p.key.locale.clone(),
                };
                ListedDocument {
                    id: p.key.doc.clone(),
                    title: p.title.clone(),
                    summary: p.summary.clone(),
                    href: urls::relative(&url, &urls::document(&p.key)),
                    // Set when the title is in another language than the page.
                    lang: (text_lang != locale).then_some(text_lang),
                }
            })
            .collect();
        let region_ref = RegionRef {
            id: region.id.clone(),
            name: region.name.clone(),
        };
        let has_feed = !self.timeline.history().records.is_empty();
        let feed = has_feed.then(|| self.feed(region, locale, &documents));
        let page = RegionPage {
            frame: self.frame(
                url,
                locale,
                self.alternates(region, locale, |l| urls::region_index(&region.id, l)),
            ),
            region: region_ref,
            documents,
            feed_href: has_feed.then(|| {
                urls::relative(
                    &urls::region_index(&region.id, locale),
                    &urls::feed(&region.id, locale),
                )
            }),
            variables: region.variables.clone(),
        };
        (page, feed)
    }

    /// The feed of one region and locale, newest first: one entry per
    /// version of each listed document.
    fn feed(&self, region: &ResolvedRegion, locale: &str, listed: &[ListedDocument]) -> Feed {
        let base_url = &self.project.config.base_url;
        let strings = strings_for(locale);
        let titles: BTreeMap<&str, &str> = listed
            .iter()
            .map(|d| (d.id.as_str(), d.title.as_str()))
            .collect();
        let mut entries = Vec::new();
        for (record, e) in self.timeline.releases_in(&region.id, locale) {
            let Some(title) = titles.get(e.key.doc.as_str()) else {
                continue;
            };
            let version = strings.version.replace("{n}", &e.version.to_string());
            let path = format!("{}#v{}", urls::changes(&e.key), e.version);
            let mut summary = e.changes.join("; ");
            if self.timeline.is_pending(record) {
                let day = record.in_force_from().format(locale);
                summary = format!(
                    "{} {summary}",
                    strings.effective_notice.replace("{date}", &day)
                );
            }
            entries.push(FeedEntry {
                title: format!("{title} · {version}"),
                id: urls::feed_id(base_url, &path),
                url: format!("{base_url}{path}"),
                updated: format!("{}T00:00:00Z", record.date),
                summary,
            });
        }
        let url = urls::feed(&region.id, locale);
        let page_url = urls::region_index(&region.id, locale);
        Feed {
            id: urls::feed_id(base_url, &url),
            self_url: format!("{base_url}{url}"),
            page_url: format!("{base_url}{page_url}"),
            updated: entries
                .first()
                .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.updated.clone()),
            frame: self.frame(url, locale, Vec::new()),
            region: RegionRef {
                id: region.id.clone(),
                name: region.name.clone(),
            },
            entries,
            variables: region.variables.clone(),
        }
    }

    /// The site index: every region with its locales, in the default
    /// locale's words.
    pub fn index(&self) -> IndexPage {
        let config = &self.project.config;
        let regions = self
            .resolver
            .regions()
            .iter()
            .map(|r| IndexRegion {
                id: r.id.clone(),
                name: r.name.clone(),
                locales: r
                    .locales
                    .iter()
                    .map(|l| IndexLocale {
                        hreflang: l.clone(),
                        label: locale_label(l),
                        href: urls::relative(urls::INDEX, &urls::region_index(&r.id, l)),
                    })
                    .collect(),
            })
            .collect();
        IndexPage {
            frame: self.frame(urls::INDEX.to_string(), &config.default_locale, Vec::new()),
            regions,
            variables: config.variables.clone(),
        }
    }
}

/// The fallback notice of a page, in its language, and the language its
/// text is in.
fn notice(
    strings: &ThemeStrings,
    key: &VariantKey,
    fallback: &Fallback,
) -> (Option<String>, String) {
    match fallback {
        Fallback::None => (None, key.locale.clone()),
        Fallback::Whole { shown } => (
            Some(strings.fallback(&key.locale, shown, false)),
            shown.clone(),
        ),
        Fallback::Partial { shown } => (
            Some(strings.fallback(&key.locale, shown, true)),
            key.locale.clone(),
        ),
    }
}
