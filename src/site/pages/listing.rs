//! The pages that list documents: a region's page in each locale, its
//! feed, and the site index.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::history::record::Entry;
use crate::resolve::{Fallback, ResolvedRegion};
use crate::site::manifest::ManifestPage;
use crate::site::model::{
    Feed, FeedEntry, Frame, IndexLocale, IndexPage, IndexRegion, ListedDocument, NotFoundPage,
    RegionPage, RegionRef, WithdrawnDocument,
};
use crate::site::strings::{Words, fill, list};
use crate::site::urls;

use super::{Pages, PublishedTable, SwitchTarget};

impl Pages<'_> {
    /// The page of one region in one locale, listing `listed` and linking
    /// the data of its `tables`, and its feed once there are releases.
    pub fn region(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        listed: &[&ManifestPage],
        tables: &[PublishedTable],
    ) -> (RegionPage, Option<Feed>) {
        let url = urls::region_index(&region.id, locale);
        let documents: Vec<ListedDocument> = listed
            .iter()
            .filter(|p| p.listed)
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
        let words = self.words.words(locale);
        let strings = &words.strings;
        let withdrawn = listed
            .iter()
            .filter(|p| !p.listed)
            .map(|p| WithdrawnDocument {
                id: p.key.doc.clone(),
                title: p.title.clone(),
                href: urls::relative(&url, &urls::document(&p.key)),
                note: match &p.withdrawn {
                    Some(day) => words.dated(&strings.withdrawn_on, *day),
                    None => strings.withdrawn_unreleased_notice.clone(),
                },
                note_lang: match &p.withdrawn {
                    Some(_) => words.lang_of("withdrawn_on"),
                    None => words.lang_of("withdrawn_unreleased_notice"),
                }
                .map(str::to_string),
            })
            .collect();
        let region_ref = RegionRef {
            id: region.id.clone(),
            name: region.name_in(locale).to_string(),
        };
        let has_feed = self.timeline.releases().has_releases();
        let feed = has_feed.then(|| self.feed(region, locale, listed, tables, &words));
        let page = RegionPage {
            frame: self.region_frame(region, locale),
            region: region_ref,
            documents,
            withdrawn,
            feed_href: has_feed.then(|| {
                urls::relative(
                    &urls::region_index(&region.id, locale),
                    &urls::feed(&region.id, locale),
                )
            }),
            feed_title: feed_title(&words, &self.project.config.name, region.name_in(locale)),
            facts: self.table_links(region, locale, tables),
            variables: region.variables.clone(),
        };
        (page, feed)
    }

    /// The frame of a region's page in `locale`: its alternates,
    /// `hreflang` links and switchers, which name the other regions.
    pub fn region_frame(&self, region: &ResolvedRegion, locale: &str) -> Frame {
        self.frame_of(
            region,
            locale,
            &SwitchTarget::Region,
            |l| urls::region_index(&region.id, l),
            |_| true,
        )
    }

    /// The feed of one region and locale, newest first: one entry per
    /// version of each document with a page, one per withdrawal, and one
    /// per version of each of `tables` after its first.
    fn feed(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        pages: &[&ManifestPage],
        tables: &[PublishedTable],
        words: &Words,
    ) -> Feed {
        let base_url = &self.project.config.base_url;
        let url = urls::feed(&region.id, locale);
        let link = |to: &str| urls::from_feed(base_url, &url, to);
        let strings = &words.strings;
        let entry_title = |title: &str, change: &str| {
            fill(
                &strings.feed_entry_title,
                &[("title", title), ("change", change)],
            )
        };
        let titles: BTreeMap<&str, &str> = pages
            .iter()
            .map(|p| (p.key.doc.as_str(), p.title.as_str()))
            .collect();
        let mut entries = Vec::new();
        for (record, w) in self.timeline.releases().withdrawals_in(&region.id, locale) {
            let Some(title) = titles.get(w.key.doc.as_str()) else {
                continue;
            };
            let day = record.in_force_from();
            let path = urls::document(&w.key);
            // A withdrawal still to take effect says so, in its title too.
            let (heading, summary) = match self.timeline.is_pending(record) {
                true => (
                    &strings.to_be_withdrawn_on,
                    &strings.withdrawal_pending_notice,
                ),
                false => (&strings.withdrawn_on, &strings.withdrawn_notice),
            };
            // The release's message says why, as on the change history: after
            // the notice in the reader's language, or alone (the title says
            // when) in the default locale's, marked with its language.
            let notice = words.dated(summary, day);
            let (summary, summary_lang) = match self.message_in(record, locale, words) {
                (Some(message), None, _) => (format!("{notice} {message}"), None),
                (Some(message), Some(lang), _) => (message, Some(lang)),
                (None, ..) => (notice, None),
            };
            entries.push((
                record.release,
                FeedEntry {
                    title: entry_title(title, &words.dated(heading, day)),
                    id: urls::feed_id(base_url, &format!("{path}#withdrawn-{}", record.release)),
                    url: link(&path),
                    updated: format!("{}T00:00:00Z", record.date),
                    summary,
                    summary_lang,
                },
            ));
        }
        for (record, e) in self.timeline.releases().releases_in(&region.id, locale) {
            let Some(title) = titles.get(e.key.doc.as_str()) else {
                continue;
            };
            let version = words.version(e.version);
            let path = format!("{}#v{}", urls::changes(&e.key), e.version);
            let (message, summary_lang, _) = self.message_in(record, locale, words);
            let mut summary = message.unwrap_or_else(|| self.changed_sections(e, words));
            if self.timeline.is_pending(record) {
                let effective = words.dated(&strings.effective_notice, record.in_force_from());
                summary = format!("{effective} {summary}");
            }
            entries.push((
                record.release,
                FeedEntry {
                    title: entry_title(title, &version),
                    id: urls::feed_id(base_url, &path),
                    url: link(&path),
                    updated: format!("{}T00:00:00Z", record.date),
                    summary,
                    summary_lang,
                },
            ));
        }
        entries.extend(super::facts::table_entries(base_url, &url, tables, words));
        // Newest release first; within one, versions before withdrawals,
        // documents before tables.
        let mut entries: Vec<(u32, FeedEntry)> = entries;
        entries.sort_by_key(|(release, _)| std::cmp::Reverse(*release));
        let entries: Vec<FeedEntry> = entries.into_iter().map(|(_, e)| e).collect();
        let page_url = urls::region_index(&region.id, locale);
        Feed {
            id: urls::feed_id(base_url, &url),
            self_url: urls::canonical(base_url, &url),
            page_url: link(&page_url),
            updated: entries
                .first()
                .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.updated.clone()),
            frame: self.frame(url, locale, Vec::new()),
            title: feed_title(words, &self.project.config.name, region.name_in(locale)),
            region: RegionRef {
                id: region.id.clone(),
                name: region.name_in(locale).to_string(),
            },
            entries,
            variables: region.variables.clone(),
        }
    }

    /// What a version changed, for a feed entry whose release has no
    /// note: "First version", or "Changes to" the sections it changed.
    fn changed_sections(&self, entry: &Entry, words: &Words) -> String {
        let releases = self.timeline.releases();
        let previous = releases
            .entries(&entry.key)
            .map(|(_, e)| e)
            .take_while(|e| e.version < entry.version)
            .last();
        let Some(previous) = previous else {
            return words.strings.first_version.clone();
        };
        // Its texts were read for the pages already: an error here was
        // reported there.
        let quiet = Diagnostics::default();
        let headings: Vec<String> = releases
            .diff(Some(&previous.snapshot), &entry.snapshot, &quiet)
            .map(|d| {
                d.sections
                    .iter()
                    .filter(|s| !s.heading.is_empty())
                    .map(|s| s.heading.clone())
                    .collect()
            })
            .unwrap_or_default();
        match headings.is_empty() {
            true => String::new(),
            false => fill(
                &words.strings.changed_sections,
                &[("sections", &list(&headings, &words.locale))],
            ),
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
                name: r.name_in(&config.default_locale).to_string(),
                name_lang: r
                    .name_lang(&config.default_locale, self.project)
                    .map(str::to_string),
                locales: r
                    .locales
                    .iter()
                    .map(|l| {
                        let words = self.words.words(l);
                        let (language, script) = crate::locale::language_and_script(l);
                        IndexLocale {
                            language,
                            script,
                            hreflang: l.clone(),
                            label: self.label(l),
                            region_name: r.name_in(l).to_string(),
                            region_name_lang: r.name_lang(l, self.project).map(str::to_string),
                            browser_language: words.strings.browser_language.clone(),
                            browser_language_lang: words
                                .lang_of("browser_language")
                                .map(str::to_string),
                            href: urls::relative(urls::INDEX, &urls::region_index(&r.id, l)),
                        }
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

    /// The 404 page, in the default locale's words. A server shows it at
    /// any path, so its links start from the base URL (or `/`).
    pub fn not_found(&self) -> NotFoundPage {
        self.not_found_at(urls::served_root(&self.project.config.base_url))
    }

    /// The 404 page with its links starting from `root`, where the site is
    /// served: the preview's is its own server's root
    /// ([`urls::PREVIEW_ROOT`]), whatever address the site is published at.
    pub fn not_found_at(&self, root: String) -> NotFoundPage {
        let config = &self.project.config;
        NotFoundPage {
            index_href: format!("{root}{}", urls::file(urls::INDEX, "html")),
            frame: Frame {
                url: urls::NOT_FOUND.to_string(),
                root,
                lang: config.default_locale.clone(),
                canonical: None,
                alternates: Vec::new(),
                hreflang: Vec::new(),
                languages: Vec::new(),
                regions: Vec::new(),
                all_regions: None,
            },
            variables: config.variables.clone(),
        }
    }
}

/// "{site}: document updates for {region}".
fn feed_title(words: &Words, site: &str, region: &str) -> String {
    fill(
        &words.strings.feed_title,
        &[("site", site), ("region", region)],
    )
}
