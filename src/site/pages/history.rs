//! A variant's change history, the page of each released version, and
//! which translated sections lag behind their source.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path, location_at};
use crate::history::record::{Entry, Record};
use crate::resolve::{Fallback, ResolvedRegion, Variant, VariantKey};
use crate::site::body::render_markdown;
use crate::site::model::{
    Banner, Body, ChangesPage, DateLabel, DocumentPage, VersionChanges, VersionItem, WithdrawalItem,
};
use crate::site::strings::{Words, fill, number};
use crate::site::urls;

use super::{HistoryPages, Pages, RenderedPage, SwitchTarget};

impl Pages<'_> {
    /// The change history of a variant and a page for each of its versions;
    /// `None` when it was never released (or a stored text is unreadable,
    /// an error in `diags`).
    pub(super) fn history(
        &self,
        region: &ResolvedRegion,
        key: &VariantKey,
        diags: &Diagnostics,
    ) -> Option<HistoryPages> {
        let entries: Vec<(&Record, &Entry)> = self.timeline.releases().entries(key).collect();
        let (_, latest) = entries.last()?;
        let words = self.words.words(&key.locale);
        let strings = &words.strings;
        let url = urls::changes(key);
        let mut versions = Vec::new();
        let mut items = Vec::new();
        let mut previous: Option<&str> = None;
        for (record, entry) in &entries {
            let diff = self
                .timeline
                .releases()
                .diff(previous, &entry.snapshot, diags)?;
            let changes = match previous {
                None => VersionChanges::First {
                    text: strings.first_version.clone(),
                },
                Some(_) => VersionChanges::Changed { diff },
            };
            previous = Some(&entry.snapshot);
            items.push(self.version_item(&url, record, entry, &words, changes));
            versions.push(self.version_page(region, key, record, entry, &words, diags)?);
        }
        items.reverse();
        let withdrawals = self
            .timeline
            .releases()
            .withdrawals(key)
            .map(|(record, w)| {
                let pending = self.timeline.is_pending(record);
                let template = match pending {
                    true => &strings.to_be_withdrawn_on,
                    false => &strings.withdrawn_on,
                };
                let (message, message_lang, message_note) =
                    self.message_in(record, &key.locale, &words);
                WithdrawalItem {
                    after: w.version,
                    text: words.dated(template, record.in_force_from()),
                    pending,
                    message,
                    message_lang,
                    message_note,
                }
            })
            .collect();
        let title = self
            .timeline
            .releases()
            .released(&latest.snapshot, diags)
            .map(|c| c.snapshot.title.clone())
            .unwrap_or_default();
        let changes = ChangesPage {
            document_href: urls::relative(&url, &urls::document(key)),
            index_href: self.index_href(&url, key),
            index_link: super::back_to_index(&words, region.name_in(&key.locale)),
            frame: self.frame_switching(
                self.frame(url, &key.locale, Vec::new()),
                &key.region,
                &key.locale,
                &SwitchTarget::Changes(&key.doc),
            ),
            key: key.clone(),
            region_name: region.name_in(&key.locale).to_string(),
            title,
            variables: region.variables.clone(),
            versions: items,
            withdrawals,
        };
        Some(HistoryPages { changes, versions })
    }

    /// A release's message for readers of `locale`: the text, its
    /// language when it is not `locale`'s, and the note saying so.
    pub(super) fn message_in(
        &self,
        record: &Record,
        locale: &str,
        words: &Words,
    ) -> (Option<String>, Option<String>, Option<String>) {
        let default = &self.project.config.default_locale;
        match record.message_in(locale, default) {
            None => (None, None, None),
            Some((text, false)) => (Some(text.to_string()), None, None),
            Some((text, true)) => (
                Some(text.to_string()),
                Some(default.clone()),
                Some(fill(
                    &words.strings.message_fallback,
                    &[
                        ("language", &words.name_for("message_fallback", locale)),
                        ("shown", &words.name_for("message_fallback", default)),
                    ],
                )),
            ),
        }
    }

    fn version_item(
        &self,
        changes_url: &str,
        record: &Record,
        entry: &Entry,
        words: &Words,
        changes: VersionChanges,
    ) -> VersionItem {
        let strings = &words.strings;
        let (message, message_lang, message_note) = self.message_in(record, &words.locale, words);
        VersionItem {
            number: entry.version,
            label: words.version(entry.version),
            in_force: words.dated(&strings.in_force_from, record.in_force_from()),
            recorded: record
                .effective
                .map(|_| words.dated(&strings.recorded_on, record.date)),
            pending: self.timeline.is_pending(record),
            message,
            message_lang,
            message_note,
            href: urls::relative(changes_url, &urls::version(&entry.key, entry.version)),
            changes,
        }
    }

    /// The page of one released version, saying whether it is the one in
    /// force, an older one or one still to take effect.
    fn version_page(
        &self,
        region: &ResolvedRegion,
        key: &VariantKey,
        record: &Record,
        entry: &Entry,
        words: &Words,
        diags: &Diagnostics,
    ) -> Option<RenderedPage> {
        let captured = self.timeline.releases().released(&entry.snapshot, diags)?;
        let markdown = captured.body();
        let from = record.in_force_from();
        let url = urls::version(key, entry.version);
        let links = self.text_links(&url, key);
        let body = Arc::new(render_markdown(&markdown, &[], &links));
        let document = urls::document(key);
        // Which version this is today: superseded, in force, withdrawn
        // with its document, or to come.
        let gone = self.timeline.withdrawn(key);
        let withdrawn = gone.filter(|(_, w)| w.version == entry.version);
        let (notice, link) = if self.timeline.is_pending(record) {
            ("pending_archived_notice", "current_version")
        } else if withdrawn.is_some() {
            ("withdrawn_archived_notice", "document_page")
        } else if gone.is_some() {
            // An older version of a withdrawn document: there is no
            // current version to read, only the page saying so.
            ("archived_notice", "document_page")
        } else if self.timeline.version_in_force(key) == Some(entry.version) {
            ("current_archived_notice", "document_page")
        } else {
            ("archived_notice", "current_version")
        };
        let until = withdrawn.map(|(r, _)| r.in_force_from().format(&key.locale));
        let (lang, link_lang) = words.marks(notice, link);
        let banner = Banner {
            text: fill(
                words.phrase(notice),
                &[
                    ("n", &number(entry.version, &key.locale)),
                    ("date", &from.format(&key.locale)),
                    ("until", until.as_deref().unwrap_or_default()),
                ],
            ),
            href: urls::relative(&url, &document),
            link: words.phrase(link).to_string(),
            lang,
            link_lang,
        };
        let model = DocumentPage {
            // Versions are numbered per locale: an archived page has no
            // counterpart in the other languages.
            frame: self.frame_switching(
                self.frame(url.clone(), &key.locale, Vec::new()),
                &key.region,
                &key.locale,
                &SwitchTarget::Document(&key.doc),
            ),
            key: key.clone(),
            region_name: region.name_in(&key.locale).to_string(),
            title: captured.snapshot.title.clone(),
            summary: None,
            text_lang: self.released_lang(key, &entry.snapshot),
            fallback: Fallback::None,
            archived_version: Some(entry.version),
            version: Some(entry.version),
            last_updated: Some(DateLabel::new(from, &key.locale)),
            last_updated_words: super::last_updated_words(words, true),
            index_link: super::back_to_index(words, region.name_in(&key.locale)),
            notice: None,
            lag: None,
            banner: Some(banner),
            what_changed: Vec::new(),
            history_href: Some(urls::relative(&url, &urls::changes(key))),
            index_href: self.index_href(&url, key),
            variables: region.variables.clone(),
            body: Body::of(markdown, &body, Vec::new()),
            unreleased: None,
            withdrawn: None,
        };
        Some(RenderedPage { model, body })
    }

    /// Warns about translated sections whose source changed in a later
    /// release, and returns the page's notice about it, in its language.
    pub(super) fn translation_lag(
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
        // The introduction (id "") counts when the page has one of its
        // own; sections, when the page shows them translated.
        let intro = variant
            .preamble_parts
            .iter()
            .find(|(part, text)| !text.trim().is_empty() && !part.preamble.text.trim().is_empty());
        // A supplement whose default-locale text has an introduction
        // its translation lacks: the likely place of the change.
        let lacking = variant
            .preamble_parts
            .iter()
            .filter(|(part, _)| part.preamble.text.trim().is_empty())
            .find(|(part, _)| {
                project.supplements.values().any(|by_locale| {
                    by_locale
                        .get(&key.locale)
                        .is_some_and(|t| Arc::ptr_eq(t, part))
                        && by_locale
                            .get(default)
                            .is_some_and(|d| !d.preamble.text.trim().is_empty())
                })
            });
        let lacks_intro = lacking.is_some();
        let chain = self
            .resolver
            .region(&key.region)
            .map_or(&[][..], |r| r.chain.as_slice());
        let acks = self.timeline.releases().acks();
        let lagging = |all: Vec<crate::history::timeline::Stale>| -> Vec<_> {
            all.into_iter()
                .filter(|s| !shown_in_default.contains(&s.id))
                // A reviewer checked it against this change: no warning, no notice.
                .filter(|s| !acks.covers(&key.doc, &key.locale, chain, &s.id, s.release))
                .filter(|s| !s.id.is_empty() || intro.is_some() || lacks_intro)
                .collect()
        };
        // Readers are told of the lag behind the text in force; the
        // warning counts a release that takes effect later too, since
        // that is when translating should happen.
        let stale = lagging(self.timeline.stale_sections(key, default, diags));
        let ahead = lagging(self.timeline.stale_sections_ahead(key, default, diags));
        for s in &ahead {
            let (name, file, at) = if let (true, Some((part, _))) = (s.id.is_empty(), lacking) {
                let at = location_at(&part.text, part.preamble.offset, 0);
                (
                    format!(
                        "the introduction (its {default} supplement has one, and this translation none)"
                    ),
                    part.path.clone(),
                    Some(at),
                )
            } else if s.id.is_empty() {
                let Some((part, _)) = intro else { continue };
                let text: &str = &part.text;
                let chunk = &part.preamble;
                let start = chunk.offset + (chunk.text.len() - chunk.text.trim_start().len());
                let line = text[start..].find('\n').unwrap_or(text.len() - start);
                let at = Some(location_at(text, start, line));
                // A supplement's preamble is part of the page's
                // introduction: every file the translated one comes from
                // is named, since the released texts do not tell which
                // part changed.
                let files: Vec<String> = variant
                    .preamble_parts
                    .iter()
                    .filter(|(p, text)| {
                        !text.trim().is_empty() && !p.preamble.text.trim().is_empty()
                    })
                    .map(|(p, _)| display_path(&p.path))
                    .collect();
                let name = if files.len() > 1 {
                    format!(
                        "the introduction of the {} page (from {})",
                        key.region,
                        files.join(" and ")
                    )
                } else {
                    "the introduction".to_string()
                };
                (name, part.path.clone(), at)
            } else {
                let Some(section) = variant.sections.iter().find(|x| x.id == s.id) else {
                    continue;
                };
                let text = project.sources.get(&section.source);
                let found = text.and_then(|t| Some((t, t.find(&format!("{{#{}", s.id))?)));
                let at = found.map(|(text, at)| {
                    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                    let line_len = text[line_start..]
                        .find('\n')
                        .unwrap_or(text.len() - line_start);
                    location_at(text, line_start, line_len)
                });
                (format!("`{}`", s.id), section.source.clone(), at)
            };
            let message = if self.timeline.is_later(s.day) {
                format!(
                    "the translation of {name} lags behind its {default} source as release {} has it, which takes effect on {}",
                    s.release, s.day
                )
            } else {
                format!(
                    "the translation of {name} may lag behind its {default} source, which changed in release {} ({})",
                    s.release, s.day
                )
            };
            let mut d = Diagnostic::warning(message)
            .in_file(&file)
            .help("update this section, then record it with `policyc release`; `policyc show` prints the released source; if it needs no change, record that with `policyc translations ack`");
            if let Some(at) = at {
                d = d.at(at);
            }
            diags.push(d);
        }
        let latest = stale.iter().map(|s| s.day).max()?;
        let words = self.words.words(&key.locale);
        Some(fill(
            &words.strings.translation_lag,
            &[
                ("language", &words.name_for("translation_lag", default)),
                ("date", &latest.format(&key.locale)),
            ],
        ))
    }
}
