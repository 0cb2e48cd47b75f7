//! What the build takes from `history/`: each page's dates and version, its
//! "What changed" box, a version that takes effect later, the change
//! history page, archived versions and the feeds.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::diff::format::html::{Labels, escape_html, redline_fragment};
use crate::diff::{Change, Class, DocDiff, compare, visible_with_title};
use crate::history::record::{Entry, Record};
use crate::history::{self, Captured, History};
use crate::locale::{ThemeStrings, format_date, strings_for};
use crate::resolve::{Fallback, ResolvedRegion, Variant, VariantKey};
use crate::site::html::{
    Banner, ChangedSection, DateLabel, DocExtras, FeedEntry, PageEnv, VersionItem, document_url,
    feed_id,
};
use crate::site::markdown::render_markdown;

/// The releases as the build sees them on `today`.
pub struct Releases<'h> {
    /// The project's history.
    pub history: &'h History,
    /// The day the build is for.
    pub today: String,
    /// Whether link-only versions move "Last Updated".
    pub links_move_date: bool,
    snapshots: Mutex<HashMap<String, Arc<Captured>>>,
    changes: Mutex<HashMap<(String, String), Arc<DocDiff>>>,
}

/// A date formatted for a locale, or `None` if it is not a date.
pub fn date_label(iso: &str, locale: &str) -> Option<DateLabel> {
    let (y, m, d) = history::ymd(iso)?;
    Some(DateLabel {
        iso: iso.to_string(),
        text: format_date(locale, y, m, d)?,
    })
}

impl<'h> Releases<'h> {
    /// Wraps a history for a build on `today`.
    pub fn new(history: &'h History, today: String, links_move_date: bool) -> Self {
        Releases {
            history,
            today,
            links_move_date,
            snapshots: Mutex::new(HashMap::new()),
            changes: Mutex::new(HashMap::new()),
        }
    }

    fn snapshot(&self, id: &str, diags: &Diagnostics) -> Option<Arc<Captured>> {
        if let Some(c) = self
            .snapshots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
        {
            return Some(c.clone());
        }
        match Captured::load(&self.history.store, id) {
            Ok(c) => {
                let c = Arc::new(c);
                let mut cache = self.snapshots.lock().unwrap_or_else(|e| e.into_inner());
                Some(cache.entry(id.to_string()).or_insert(c).clone())
            }
            Err(e) => {
                diags.push(Diagnostic::error(e.to_string()).help("run `policyc verify`"));
                None
            }
        }
    }

    /// The diff between two released snapshots, computed once per pair.
    fn diff(&self, old: Option<&str>, new: &str, diags: &Diagnostics) -> Option<Arc<DocDiff>> {
        let pair = (old.unwrap_or_default().to_string(), new.to_string());
        if let Some(d) = self
            .changes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&pair)
        {
            return Some(d.clone());
        }
        let new = self.snapshot(new, diags)?;
        let new = visible_with_title(&new.body(), &new.snapshot.title);
        let old = match old {
            Some(id) => {
                let old = self.snapshot(id, diags)?;
                visible_with_title(&old.body(), &old.snapshot.title)
            }
            None => Default::default(),
        };
        let diff = Arc::new(compare(&old, &new));
        let mut cache = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        Some(cache.entry(pair).or_insert(diff).clone())
    }

    /// The version in force and "Last Updated", as ISO dates.
    pub fn dates(&self, key: &VariantKey) -> (Option<u32>, Option<String>) {
        let version = self
            .history
            .in_force(key, &self.today)
            .map(|(_, e)| e.version);
        let updated = self
            .history
            .last_updated(key, &self.today, self.links_move_date);
        (version, updated)
    }

    /// Whether the sources' text differs from the last recorded version (or
    /// the page was never released).
    pub fn has_unreleased_text(
        &self,
        key: &VariantKey,
        variant: &Variant,
        diags: &Diagnostics,
    ) -> bool {
        let Some((_, entry)) = self.history.latest(key) else {
            return true;
        };
        if entry.snapshot == Captured::of(variant).id() {
            return false;
        }
        let Some(released) = self.snapshot(&entry.snapshot, diags) else {
            return true;
        };
        let old = visible_with_title(&released.body(), &released.snapshot.title);
        let new = visible_with_title(&variant.markdown(), &variant.title);
        compare(&old, &new).changed
    }

    /// The text changes between the last recorded version and the sources,
    /// or every section as added when the page was never released. `None`
    /// when nothing a reader sees has changed.
    pub fn unreleased_diff(
        &self,
        key: &VariantKey,
        variant: &Variant,
        diags: &Diagnostics,
    ) -> Option<DocDiff> {
        let new = || visible_with_title(&variant.markdown(), &variant.title);
        let Some((_, entry)) = self.history.latest(key) else {
            return Some(compare(&Default::default(), &new()));
        };
        if entry.snapshot == Captured::of(variant).id() {
            return None;
        }
        let released = self.snapshot(&entry.snapshot, diags)?;
        let old = visible_with_title(&released.body(), &released.snapshot.title);
        Some(compare(&old, &new())).filter(|d| d.changed)
    }

    /// The latest version when it is recorded but not yet in force.
    pub fn pending(&self, key: &VariantKey) -> Option<(&'h Record, &'h Entry)> {
        self.history
            .latest(key)
            .filter(|(r, _)| r.in_force_from() > self.today.as_str())
    }

    /// The text in force, while a later version is pending: the page shows
    /// it until the later version's day.
    pub fn text_in_force(&self, key: &VariantKey, diags: &Diagnostics) -> Option<Arc<Captured>> {
        self.pending(key)?;
        let (_, entry) = self.history.in_force(key, &self.today)?;
        self.snapshot(&entry.snapshot, diags)
    }

    /// The sections that the version in force changed in text.
    pub fn what_changed(&self, key: &VariantKey, diags: &Diagnostics) -> Vec<ChangedSection> {
        let in_force: Vec<_> = self
            .history
            .entries(key)
            .filter(|(r, _)| r.in_force_from() <= self.today.as_str())
            .collect();
        let (Some((_, latest)), Some((_, previous))) =
            (in_force.last(), in_force.iter().rev().nth(1))
        else {
            return Vec::new();
        };
        if latest.class != "text" {
            return Vec::new();
        }
        let Some(diff) = self.diff(Some(&previous.snapshot), &latest.snapshot, diags) else {
            return Vec::new();
        };
        diff.sections
            .iter()
            .filter(|s| s.class == Class::Text && !s.id.is_empty())
            .map(|s| ChangedSection {
                removed: s.change == Change::Removed,
                id: s.id.clone(),
                heading: s.heading.clone(),
            })
            .collect()
    }

    /// For each section of the default-locale variant, the release in which
    /// its text last changed (a first version counts for translations, not
    /// for sources: a translation made with the source is current).
    fn last_changes(
        &self,
        key: &VariantKey,
        first_counts: bool,
        diags: &Diagnostics,
    ) -> BTreeMap<String, (u32, String)> {
        let mut last = BTreeMap::new();
        let mut previous: Option<&str> = None;
        for (record, entry) in self.history.entries(key) {
            if record.in_force_from() > self.today.as_str() {
                break;
            }
            let counted = previous.is_some() || first_counts;
            if let Some(diff) = counted
                .then(|| self.diff(previous, &entry.snapshot, diags))
                .flatten()
            {
                for s in diff
                    .sections
                    .iter()
                    .filter(|s| s.class == Class::Text && !s.id.is_empty())
                {
                    last.insert(
                        s.id.clone(),
                        (record.release, record.in_force_from().to_string()),
                    );
                }
            }
            previous = Some(&entry.snapshot);
        }
        last
    }

    /// The sections of a translated variant whose default-locale text changed
    /// in a later release than they did: (section id, heading, release, day).
    pub fn stale_sections(
        &self,
        key: &VariantKey,
        default_locale: &str,
        diags: &Diagnostics,
    ) -> Vec<(String, u32, String)> {
        if key.locale == default_locale {
            return Vec::new();
        }
        let source = VariantKey {
            locale: default_locale.to_string(),
            ..key.clone()
        };
        let source_changes = self.last_changes(&source, false, diags);
        if source_changes.is_empty() {
            return Vec::new();
        }
        let translated = self.last_changes(key, true, diags);
        source_changes
            .into_iter()
            .filter(|(id, (release, _))| translated.get(id).is_none_or(|(t, _)| t < release))
            .map(|(id, (release, day))| (id, release, day))
            .collect()
    }

    /// The feed entries of one region and locale, newest first: one per
    /// version of each document. `titles` are the documents' page titles.
    pub fn feed_entries(
        &self,
        base_url: &str,
        region: &str,
        locale: &str,
        titles: &BTreeMap<&str, &str>,
    ) -> Vec<FeedEntry> {
        let strings = strings_for(locale);
        let mut entries = Vec::new();
        for stored in self.history.records.iter().rev() {
            let record = &stored.record;
            for e in record
                .variants
                .iter()
                .filter(|e| e.region == region && e.locale == locale)
            {
                let Some(title) = titles.get(e.doc.as_str()) else {
                    continue;
                };
                let version = strings.version.replace("{n}", &e.version.to_string());
                let path = format!(
                    "{}changes/#v{}",
                    document_url(region, locale, &e.doc),
                    e.version
                );
                let mut summary = e.changes.join("; ");
                if record.in_force_from() > self.today.as_str() {
                    let day = date_label(record.in_force_from(), locale)
                        .map_or_else(|| record.in_force_from().to_string(), |d| d.text);
                    summary = format!(
                        "{} {summary}",
                        strings.effective_notice.replace("{date}", &day)
                    );
                }
                entries.push(FeedEntry {
                    title: format!("{title} · {version}"),
                    id: feed_id(base_url, &path),
                    url: format!("{base_url}{path}"),
                    updated: format!("{}T00:00:00Z", record.date),
                    summary,
                });
            }
        }
        entries
    }

    /// Writes the change history page of a variant and a page for each of
    /// its versions (`<doc>/changes/`, `<doc>/v/<n>/`). Returns how many.
    pub fn write_pages(
        &self,
        env: &PageEnv,
        region: &ResolvedRegion,
        key: &VariantKey,
        write: &(dyn Fn(&str, &[u8]) + Sync),
        diags: &Diagnostics,
    ) -> usize {
        let entries: Vec<(&Record, &Entry)> = self.history.entries(key).collect();
        if entries.is_empty() {
            return 0;
        }
        let strings = strings_for(&key.locale);
        let labels = Labels {
            inserted: &strings.inserted,
            deleted: &strings.deleted,
        };
        let base = document_url(&key.region, &key.locale, &key.doc);
        let mut versions = Vec::new();
        let mut written = 0;
        let mut previous: Option<&str> = None;
        for (record, entry) in &entries {
            let Some(diff) = self.diff(previous, &entry.snapshot, diags) else {
                return written;
            };
            let redline = if previous.is_none() {
                format!("<p>{}</p>", escape_html(&strings.first_version))
            } else {
                redline_fragment(&diff, labels)
            };
            previous = Some(&entry.snapshot);
            versions.push(self.version_item(record, entry, &strings, &key.locale, redline));
            if self.write_version_page(env, region, key, record, entry, &strings, write, diags) {
                written += 1;
            }
        }
        versions.reverse();
        let title = entries
            .last()
            .and_then(|(_, e)| self.snapshot(&e.snapshot, diags))
            .map(|c| c.snapshot.title.clone())
            .unwrap_or_default();
        if let Some(html) = env.changes_page(region, key, &title, &versions, diags) {
            write(&format!("{base}changes/index.html"), html.as_bytes());
            written += 1;
        }
        written
    }

    fn version_item(
        &self,
        record: &Record,
        entry: &Entry,
        strings: &ThemeStrings,
        locale: &str,
        redline: String,
    ) -> VersionItem {
        let fill = |template: &str, date: &str| {
            let text = date_label(date, locale).map_or_else(|| date.to_string(), |d| d.text);
            template
                .replace("{date}", &text)
                .replace("{n}", &entry.version.to_string())
        };
        VersionItem {
            number: entry.version,
            label: strings.version.replace("{n}", &entry.version.to_string()),
            in_force: fill(&strings.in_force_from, record.in_force_from()),
            recorded: record
                .effective
                .as_ref()
                .map(|_| fill(&strings.recorded_on, &record.date)),
            pending: record.in_force_from() > self.today.as_str(),
            message: record.message.clone(),
            href: format!("../v/{}/", entry.version),
            redline,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn write_version_page(
        &self,
        env: &PageEnv,
        region: &ResolvedRegion,
        key: &VariantKey,
        record: &Record,
        entry: &Entry,
        strings: &ThemeStrings,
        write: &(dyn Fn(&str, &[u8]) + Sync),
        diags: &Diagnostics,
    ) -> bool {
        let Some(captured) = self.snapshot(&entry.snapshot, diags) else {
            return false;
        };
        let variant = Variant {
            key: key.clone(),
            title: captured.snapshot.title.clone(),
            summary: None,
            preamble: captured.body(),
            sections: Vec::new(),
            fallback: Fallback::None,
        };
        let body = render_markdown(&variant.preamble, &[]);
        let from = date_label(record.in_force_from(), &key.locale);
        let banner = Banner {
            text: strings
                .archived_notice
                .replace("{n}", &entry.version.to_string())
                .replace(
                    "{date}",
                    from.as_ref()
                        .map_or(record.in_force_from(), |d| d.text.as_str()),
                ),
            href: "../../".into(),
            link: strings.current_version.clone(),
        };
        let url = document_url(&key.region, &key.locale, &key.doc);
        let extras = DocExtras {
            lag: None,
            depth: 5,
            url: Some(format!("{url}v/{}/", entry.version)),
            last_updated: from,
            what_changed: Vec::new(),
            history_href: Some("../../changes/".into()),
            banner: Some(banner),
        };
        let Some(html) = env.document_page(region, &variant, &body, &extras, diags) else {
            return false;
        };
        write(
            &format!("{url}v/{}/index.html", entry.version),
            html.as_bytes(),
        );
        true
    }
}
