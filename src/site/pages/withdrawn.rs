//! The page that stays at a withdrawn variant's URL: released before, its
//! document, region or locale is gone from the sources. It says when the
//! document was withdrawn and links to its last version and change history.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::resolve::{Fallback, ResolvedRegion, VariantKey};
use crate::site::manifest::ManifestPage;
use crate::site::model::{Banner, Body, DateLabel, DocumentPage, Unreleased, Withdrawn};
use crate::site::urls;

use super::{Pages, RenderedPage, SwitchTarget, VariantPages};

impl Pages<'_> {
    /// The variants released before that the sources no longer have,
    /// sorted: each keeps a page at its URL.
    pub fn withdrawn_keys(&self) -> Vec<VariantKey> {
        let present: BTreeSet<VariantKey> = self.resolver.keys().into_iter().collect();
        self.timeline
            .releases()
            .keys()
            .into_iter()
            .filter(|k| !present.contains(*k))
            .cloned()
            .collect()
    }

    /// Every region and locale that gets a page and a feed: the project's,
    /// and those whose region or locale is gone but which had pages
    /// released, so that their withdrawals are listed and announced.
    pub fn places(&self) -> Vec<(Cow<'_, ResolvedRegion>, String)> {
        let mut places: Vec<(Cow<'_, ResolvedRegion>, String)> = self
            .resolver
            .regions()
            .iter()
            .flat_map(|r| r.locales.iter().map(move |l| (Cow::Borrowed(r), l.clone())))
            .collect();
        let gone: BTreeSet<(String, String)> = self
            .withdrawn_keys()
            .into_iter()
            .filter(|k| {
                !self
                    .resolver
                    .region(&k.region)
                    .is_some_and(|r| r.locales.contains(&k.locale))
            })
            .map(|k| (k.region, k.locale))
            .collect();
        for (region, locale) in gone {
            places.push((self.region_or_gone(&region), locale));
        }
        places
    }

    /// The region of a withdrawn variant: the project's, or, when the
    /// region itself is gone, one with the project's variables, named as
    /// the last release that recorded its pages named it in each locale
    /// (by its id when no record holds its name: releases before names
    /// were recorded).
    fn region_or_gone(&self, id: &str) -> Cow<'_, ResolvedRegion> {
        match self.resolver.region(id) {
            Some(region) => Cow::Borrowed(region),
            None => Cow::Owned(self.gone_region(id)),
        }
    }

    fn gone_region(&self, id: &str) -> ResolvedRegion {
        let releases = self.timeline.releases();
        let locales: BTreeSet<&str> = releases
            .keys()
            .into_iter()
            .filter(|k| k.region == id)
            .map(|k| k.locale.as_str())
            .collect();
        let names: std::collections::BTreeMap<String, String> = locales
            .iter()
            .filter_map(|l| Some((l.to_string(), releases.region_name(id, l)?.to_string())))
            .collect();
        let default = &self.project.config.default_locale;
        let name = names
            .get(default)
            .or_else(|| names.values().next())
            .cloned()
            .unwrap_or_else(|| id.to_string());
        ResolvedRegion {
            id: id.to_string(),
            name,
            names,
            chain: vec![id.to_string()],
            locales: Vec::new(),
            variables: self.project.config.variables.clone(),
            documents: Vec::new(),
        }
    }

    /// The page of a withdrawn variant, its change history and archived
    /// versions. Until a recorded withdrawal takes effect, the page shows
    /// the text in force and says when it will be withdrawn; a withdrawal
    /// no release recorded yet is shown as it will be, without its date.
    /// `None` after an error in `diags` (a stored text that cannot be read).
    pub fn withdrawn(
        &self,
        key: &VariantKey,
        with_history: bool,
        diags: &Diagnostics,
    ) -> Option<VariantPages> {
        let timeline = &self.timeline;
        let releases = timeline.releases();
        let (_, last) = releases.latest(key)?;
        let region = self.region_or_gone(&key.region);
        let words = self.words.words(&key.locale);
        let strings = &words.strings;
        let url = urls::document(key);
        let recorded = releases.withdrawn(key);
        let pending = recorded.filter(|(r, _)| timeline.is_pending(r));
        let on = recorded.map(|(r, _)| r.in_force_from());
        // While the withdrawal is to come, the text in force stays.
        let in_force = match pending {
            Some(_) => match timeline.in_force(key) {
                Some((_, entry)) => Some(releases.released(&entry.snapshot, diags)?),
                None => None,
            },
            None => None,
        };
        let shown = match &in_force {
            Some(text) => text.clone(),
            None => releases.released(&last.snapshot, diags)?,
        };
        let markdown = in_force.as_ref().map(|c| c.body()).unwrap_or_default();
        let body = self
            .cache
            .render(&markdown, &[], &self.text_links(&url, key));
        let last_href = urls::relative(&url, &urls::version(key, last.version));
        let banner = match (on, pending) {
            (Some(day), Some(_)) => Banner {
                text: words.dated(&strings.withdrawal_pending_notice, day),
                href: format!(
                    "{}#withdrawn-{}",
                    urls::relative(&url, &urls::changes(key)),
                    last.version
                ),
                link: strings.see_changes.clone(),
                lang: words.marks("withdrawal_pending_notice", "see_changes").0,
                link_lang: words.marks("withdrawal_pending_notice", "see_changes").1,
            },
            (Some(day), None) => Banner {
                text: words.dated(&strings.withdrawn_notice, day),
                href: last_href,
                link: strings.last_version.clone(),
                lang: words.marks("withdrawn_notice", "last_version").0,
                link_lang: words.marks("withdrawn_notice", "last_version").1,
            },
            (None, _) => Banner {
                text: strings.withdrawn_unreleased_notice.clone(),
                href: last_href,
                link: strings.last_version.clone(),
                lang: words.marks("withdrawn_unreleased_notice", "last_version").0,
                link_lang: words.marks("withdrawn_unreleased_notice", "last_version").1,
            },
        };
        let last_updated = match pending {
            Some(_) => timeline.last_updated(key),
            None => on.or_else(|| timeline.last_updated(key)),
        };
        let model = DocumentPage {
            frame: self.frame_switching(
                self.frame(url.clone(), &key.locale, Vec::new()),
                &key.region,
                &key.locale,
                &SwitchTarget::Document(&key.doc),
            ),
            key: key.clone(),
            region_name: region.name_in(&key.locale).to_string(),
            title: shown.snapshot.title.clone(),
            summary: None,
            text_lang: key.locale.clone(),
            fallback: Fallback::None,
            archived_version: None,
            version: in_force.as_ref().and(timeline.version_in_force(key)),
            last_updated: last_updated.map(|d| DateLabel::new(d, &key.locale)),
            last_updated_words: super::last_updated_words(&words, last_updated.is_some()),
            index_link: super::back_to_index(&words, region.name_in(&key.locale)),
            notice: None,
            lag: None,
            banner: Some(banner),
            what_changed: Vec::new(),
            history_href: Some(urls::relative(&url, &urls::changes(key))),
            index_href: self.index_href(&url, key),
            variables: region.variables.clone(),
            body: Body::of(markdown, &body, Vec::new()),
            unreleased: (self.compare && recorded.is_none()).then_some(Unreleased::Withdrawn),
            withdrawn: Some(Withdrawn {
                on: on.map(|d| DateLabel::new(d, &key.locale)),
                pending: pending.is_some(),
            }),
        };
        let history = if with_history {
            self.history(&region, key, diags)
        } else {
            None
        };
        let manifest = ManifestPage::new(&model, model.title.clone(), None);
        Some(VariantPages {
            page: RenderedPage {
                model,
                body: Arc::clone(&body),
            },
            history,
            manifest,
            // Its text is a released one: its links were checked when it
            // was current, and the documents they named may be gone.
            links: Vec::new(),
        })
    }
}
