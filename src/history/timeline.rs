//! Every question a build, a release or a diff asks of `history/`.
//! [`Releases`] answers those that hold on any day: the versions recorded,
//! the released texts and what changed between them, and the one comparison
//! of a variant's sources with its last release. [`Timeline`] answers those
//! asked on one day: the version in force, "Last Updated", a version still
//! to take effect, what the latest version changed, which translated
//! sections lag behind their source.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::record::{Entry, Record, Withdrawal};
use super::{Captured, Day, History};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::diff::report::{Report, VariantDiff};
use crate::diff::{Class, DocDiff, VisibleDoc, compare, visible_with_title};
use crate::facts::TableView;
use crate::memo::Memo;
use crate::resolve::{Resolver, Variant, VariantKey};

/// The releases of a project, whatever the day. Shared by the workers of a
/// build: released texts and the diffs between them are read and computed
/// once.
pub struct Releases<'h> {
    pub(super) history: &'h History,
    released: Memo<String, Captured>,
    diffs: Memo<Pair, DocDiff>,
    /// Released tables, by object id (see `history::facts`).
    pub(super) views: Memo<String, TableView>,
}

/// The releases of a project as they stand on `today`.
pub struct Timeline<'h> {
    releases: Releases<'h>,
    today: Day,
    links_move_date: bool,
}

/// Two released texts by id, the older one absent for a first version.
type Pair = (Option<String>, String);

/// A variant's sources compared with its last release: what `release`
/// records, what `diff` reports, what `build --frozen` refuses and what the
/// preview marks as a draft.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Which variant.
    pub key: VariantKey,
    /// Its text now, as it would be released.
    pub current: Captured,
    /// Its latest released version, if it was ever released.
    pub version: Option<u32>,
    /// It was withdrawn since that version, and its sources are back: the
    /// next release restores it as a new version, even with the same text
    /// (`diff` is against the version withdrawn).
    pub restored: bool,
    /// Whether the text now is byte for byte the released one.
    pub identical: bool,
    /// What changed since the release; every section added when it was
    /// never released, nothing when `identical`.
    pub diff: DocDiff,
}

impl Comparison {
    /// Whether the next release records a new version of this variant: it
    /// was never released, or its text or links changed.
    pub fn needs_release(&self) -> bool {
        self.version.is_none()
            || self.restored
            || matches!(self.diff.class(), Some(Class::Text | Class::Links))
    }

    /// Whether readers of the released version would see other words (or
    /// the variant was never released): what `--frozen` refuses to publish.
    pub fn unreleased_text(&self) -> bool {
        self.version.is_none() || self.restored || self.diff.changed
    }

    /// How the next release records the change: `links` when only link
    /// targets changed since a release, else `text`.
    pub fn class(&self) -> Class {
        match self.diff.class() {
            Some(Class::Links) if self.version.is_some() && !self.restored => Class::Links,
            _ => Class::Text,
        }
    }
}

/// A variant released before whose sources are gone (its document, its
/// region or its locale was removed) and whose withdrawal is not recorded
/// yet: what `diff` reports, `build --frozen` refuses and the next
/// `release` records as a withdrawal.
#[derive(Debug, Clone)]
pub struct Gone {
    /// Which variant.
    pub key: VariantKey,
    /// Its last version, the one withdrawn.
    pub version: u32,
    /// Its title in that version.
    pub title: String,
}

impl Gone {
    /// The withdrawal the next release records.
    pub fn withdrawal(&self) -> Withdrawal {
        Withdrawal {
            key: self.key.clone(),
            version: self.version,
        }
    }
}

/// A translated section whose source changed in a later release than it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The section id.
    pub id: String,
    /// The release that last changed the source section.
    pub release: u32,
    /// The day that release took effect.
    pub day: Day,
    /// The earliest release that changed the source section after the
    /// translation's last change: since when it lags.
    pub since: u32,
}

impl<'h> Releases<'h> {
    /// The releases `history` records.
    pub fn new(history: &'h History) -> Self {
        Releases {
            history,
            released: Memo::default(),
            diffs: Memo::default(),
            views: Memo::default(),
        }
    }

    /// The translations reviewers checked without changing them.
    pub fn acks(&self) -> &'h super::acks::Acks {
        &self.history.acks
    }

    /// Whether anything was ever released.
    pub fn has_releases(&self) -> bool {
        !self.history.records.is_empty()
    }

    /// Every version of a variant, oldest first, with its release.
    pub fn entries(&self, key: &VariantKey) -> impl Iterator<Item = (&'h Record, &'h Entry)> + 'h {
        self.history.entries(key)
    }

    /// The variant's latest recorded version, in force or not.
    pub fn latest(&self, key: &VariantKey) -> Option<(&'h Record, &'h Entry)> {
        self.history.latest(key)
    }

    /// The region's name in `locale` as the latest release that recorded
    /// it gave it (see [`Record::region_names`]).
    pub fn region_name(&self, region: &str, locale: &str) -> Option<&'h str> {
        self.history
            .records
            .iter()
            .rev()
            .find_map(|s| s.record.region_names.get(region)?.get(locale))
            .map(String::as_str)
    }

    /// Every version recorded for a region and locale, newest release first.
    pub fn releases_in<'a>(
        &'a self,
        region: &'a str,
        locale: &'a str,
    ) -> impl Iterator<Item = (&'h Record, &'h Entry)> + 'a {
        self.history.records.iter().rev().flat_map(move |stored| {
            let record = &stored.record;
            record
                .variants
                .iter()
                .filter(move |e| e.key.region == region && e.key.locale == locale)
                .map(move |e| (record, e))
        })
    }

    /// A released text, read once per build. A missing or altered object is
    /// an error in `diags`.
    pub fn released(&self, id: &str, diags: &Diagnostics) -> Option<Arc<Captured>> {
        if self.history.objects_unreadable {
            // Reported once, when the history was loaded.
            return None;
        }
        self.released.try_get_or(id, || {
            Captured::load(&self.history.store, id)
                .map_err(|e| {
                    diags.push(Diagnostic::error(e.to_string()).help(format!(
                        "run `policyc verify`; {}",
                        super::restore_history()
                    )))
                })
                .ok()
        })
    }

    /// What a reader saw of a released text. Not kept: a build needs it
    /// for one comparison or one pair of versions, whose diff is kept.
    fn visible(&self, id: &str, diags: &Diagnostics) -> Option<VisibleDoc> {
        let released = self.released(id, diags)?;
        Some(visible_with_title(
            &released.body(),
            &released.snapshot.title,
        ))
    }

    /// The changes between two released texts (from nothing when `old` is
    /// `None`), computed once per pair.
    pub fn diff(&self, old: Option<&str>, new: &str, diags: &Diagnostics) -> Option<Arc<DocDiff>> {
        let pair = (old.map(str::to_string), new.to_string());
        self.diffs.try_get_or(&pair, || {
            let new = self.visible(new, diags)?;
            let old = match old {
                Some(id) => self.visible(id, diags)?,
                None => VisibleDoc::default(),
            };
            Some(compare(&old, &new))
        })
    }

    /// Compares a variant's sources with its last release. `None` after an
    /// error in `diags` (a stored text that cannot be read, or a variant
    /// that cannot be captured).
    pub fn compare(
        &self,
        key: &VariantKey,
        variant: &Variant,
        diags: &Diagnostics,
    ) -> Option<Comparison> {
        let current = match Captured::of(variant) {
            Ok(c) => c,
            Err(e) => {
                diags.push(Diagnostic::error(format!(
                    "could not record the text of {key}: {e}"
                )));
                return None;
            }
        };
        let latest = self.latest(key);
        let restored = self.withdrawn(key).is_some();
        let identical = !restored && latest.is_some_and(|(_, e)| e.snapshot == current.id());
        let diff = match latest {
            _ if identical => DocDiff::default(),
            Some((_, entry)) => {
                let old = self.visible(&entry.snapshot, diags)?;
                compare(&old, &variant.visible())
            }
            None => compare(&VisibleDoc::default(), &variant.visible()),
        };
        Some(Comparison {
            key: key.clone(),
            current,
            version: latest.map(|(_, e)| e.version),
            restored,
            identical,
            diff,
        })
    }

    /// The variant's withdrawal, when it is the latest thing a release
    /// recorded for it (whatever the day).
    pub fn withdrawn(&self, key: &VariantKey) -> Option<(&'h Record, &'h Withdrawal)> {
        self.history.withdrawn(key, None)
    }

    /// Every withdrawal of a variant, oldest first, with its release.
    pub fn withdrawals(
        &self,
        key: &VariantKey,
    ) -> impl Iterator<Item = (&'h Record, &'h Withdrawal)> + 'h {
        self.history.withdrawals_of(key)
    }

    /// Every withdrawal recorded for a region and locale, newest release
    /// first.
    pub fn withdrawals_in<'a>(
        &'a self,
        region: &'a str,
        locale: &'a str,
    ) -> impl Iterator<Item = (&'h Record, &'h Withdrawal)> + 'a {
        self.history.records.iter().rev().flat_map(move |stored| {
            let record = &stored.record;
            record
                .withdrawn
                .iter()
                .filter(move |w| w.key.region == region && w.key.locale == locale)
                .map(move |w| (record, w))
        })
    }

    /// Every variant ever released, withdrawn or not, sorted.
    pub fn keys(&self) -> BTreeSet<&'h VariantKey> {
        self.history.keys()
    }

    /// The variants released before that the resolver no longer has, and
    /// whose withdrawal no release recorded yet, sorted. `None` after an
    /// error in `diags` (a stored text that cannot be read).
    pub fn gone(&self, resolver: &Resolver, diags: &Diagnostics) -> Option<Vec<Gone>> {
        let present: BTreeSet<VariantKey> = resolver.keys().into_iter().collect();
        let mut gone = Vec::new();
        for key in self.keys() {
            if present.contains(key) || self.withdrawn(key).is_some() {
                continue;
            }
            let (_, entry) = self.latest(key)?;
            let released = self.released(&entry.snapshot, diags)?;
            gone.push(Gone {
                key: key.clone(),
                version: entry.version,
                title: released.snapshot.title.clone(),
            });
        }
        Some(gone)
    }

    /// Compares every variant the resolver knows with its last release, in
    /// its order. `None` after errors in `diags`.
    pub fn compare_all(&self, resolver: &Resolver, diags: &Diagnostics) -> Option<Vec<Comparison>> {
        let compared: Vec<Option<Comparison>> = resolver
            .keys()
            .par_iter()
            .map(|key| {
                let variant = resolver.resolve(key, diags)?;
                self.compare(key, &variant, diags)
            })
            .collect();
        if diags.has_errors() {
            return None;
        }
        Some(compared.into_iter().flatten().collect())
    }
}

impl<'h> Timeline<'h> {
    /// The releases as they stand on `today`; `links_move_date` is the
    /// project's setting (link-only versions move "Last Updated").
    pub fn new(history: &'h History, today: Day, links_move_date: bool) -> Self {
        Timeline {
            releases: Releases::new(history),
            today,
            links_move_date,
        }
    }

    /// What holds whatever the day.
    pub fn releases(&self) -> &Releases<'h> {
        &self.releases
    }

    /// The version in force today.
    pub fn in_force(&self, key: &VariantKey) -> Option<(&'h Record, &'h Entry)> {
        self.releases.history.in_force(key, self.today)
    }

    /// The number of the version in force today.
    pub fn version_in_force(&self, key: &VariantKey) -> Option<u32> {
        self.in_force(key).map(|(_, e)| e.version)
    }

    /// "Last Updated": the day the text in force last changed.
    pub fn last_updated(&self, key: &VariantKey) -> Option<Day> {
        self.releases
            .history
            .last_updated(key, self.today, self.links_move_date)
    }

    /// The variant's withdrawal, when it is in force today (and the
    /// variant was not released again since).
    pub fn withdrawn(&self, key: &VariantKey) -> Option<(&'h Record, &'h Withdrawal)> {
        self.releases.history.withdrawn(key, Some(self.today))
    }

    /// The variant's withdrawal, when it is recorded but takes effect later.
    pub fn pending_withdrawal(&self, key: &VariantKey) -> Option<(&'h Record, &'h Withdrawal)> {
        self.releases
            .withdrawn(key)
            .filter(|(r, _)| self.is_pending(r))
    }

    /// Whether a release takes effect after today.
    pub fn is_pending(&self, record: &Record) -> bool {
        record.in_force_from() > self.today
    }

    /// The latest version when it is recorded but not yet in force.
    pub fn pending(&self, key: &VariantKey) -> Option<(&'h Record, &'h Entry)> {
        self.releases
            .latest(key)
            .filter(|(r, _)| self.is_pending(r))
    }

    /// The text in force, while a later version is pending: the page shows
    /// it until the later version's day.
    pub fn text_in_force(&self, key: &VariantKey, diags: &Diagnostics) -> Option<Arc<Captured>> {
        self.pending(key)?;
        let (_, entry) = self.in_force(key)?;
        self.releases.released(&entry.snapshot, diags)
    }

    /// What the version in force changed in text since the one before it;
    /// `None` for a first version or one that changed only links.
    pub fn latest_change(&self, key: &VariantKey, diags: &Diagnostics) -> Option<Arc<DocDiff>> {
        let in_force: Vec<_> = self
            .releases
            .entries(key)
            .filter(|(r, _)| !self.is_pending(r))
            .collect();
        let (Some((_, latest)), Some((_, previous))) =
            (in_force.last(), in_force.iter().rev().nth(1))
        else {
            return None;
        };
        if latest.class != Class::Text {
            return None;
        }
        self.releases
            .diff(Some(&previous.snapshot), &latest.snapshot, diags)
    }

    /// For each section of a variant, the releases in force (with `ahead`, also those recorded to take effect later) in which its
    /// text changed, in order (a first version counts for translations,
    /// not for sources: a translation made with the source is current).
    fn changes(
        &self,
        key: &VariantKey,
        first_counts: bool,
        ahead: bool,
        diags: &Diagnostics,
    ) -> BTreeMap<String, Vec<(u32, Day)>> {
        let mut changes: BTreeMap<String, Vec<(u32, Day)>> = BTreeMap::new();
        let mut previous: Option<&str> = None;
        for (record, entry) in self.releases.entries(key) {
            if !ahead && self.is_pending(record) {
                break;
            }
            let counted = previous.is_some() || first_counts;
            if let Some(diff) = counted
                .then(|| self.releases.diff(previous, &entry.snapshot, diags))
                .flatten()
            {
                for s in diff
                    .sections
                    .iter()
                    // A section by its id; the introduction (no id, no
                    // heading) as "".
                    .filter(|s| {
                        s.class == Class::Text && (!s.id.is_empty() || s.heading.is_empty())
                    })
                {
                    changes
                        .entry(s.id.clone())
                        .or_default()
                        .push((record.release, record.in_force_from()));
                }
            }
            previous = Some(&entry.snapshot);
        }
        changes
    }

    /// The sections of a translated variant whose source (the same variant
    /// in `default_locale`) changed in a later release than they did.
    pub fn stale_sections(
        &self,
        key: &VariantKey,
        default_locale: &str,
        diags: &Diagnostics,
    ) -> Vec<Stale> {
        self.stale(key, default_locale, false, diags)
    }

    /// [`Self::stale_sections`], counting also the releases recorded that
    /// take effect later: the work a translator has to do now, though
    /// readers see the text in force until then (a [`Stale`] whose `day`
    /// is after today is such a change).
    pub fn stale_sections_ahead(
        &self,
        key: &VariantKey,
        default_locale: &str,
        diags: &Diagnostics,
    ) -> Vec<Stale> {
        self.stale(key, default_locale, true, diags)
    }

    /// Whether `day` is after the timeline's today.
    pub fn is_later(&self, day: Day) -> bool {
        day > self.today
    }

    fn stale(
        &self,
        key: &VariantKey,
        default_locale: &str,
        ahead: bool,
        diags: &Diagnostics,
    ) -> Vec<Stale> {
        if key.locale == default_locale {
            return Vec::new();
        }
        let source = VariantKey {
            locale: default_locale.to_string(),
            ..key.clone()
        };
        let source_changes = self.changes(&source, false, ahead, diags);
        if source_changes.is_empty() {
            return Vec::new();
        }
        let translated = self.changes(key, true, ahead, diags);
        source_changes
            .into_iter()
            .filter_map(|(id, releases)| {
                let followed = translated
                    .get(&id)
                    .and_then(|t| t.last())
                    .map_or(0, |(t, _)| *t);
                // The source changes the translation did not follow.
                let after: Vec<(u32, Day)> = releases
                    .into_iter()
                    .filter(|(r, _)| *r > followed)
                    .collect();
                let (since, _) = *after.first()?;
                let (release, day) = *after.last()?;
                Some(Stale {
                    id,
                    release,
                    day,
                    since,
                })
            })
            .collect()
    }
}

/// The report `policyc diff` and `policyc release` print for comparisons
/// and withdrawals: identical changes across variants grouped, each
/// document titled in `default_locale` where it changed in it.
pub fn report(comparisons: &[Comparison], gone: &[Gone], default_locale: &str) -> Report {
    let withdrawals = gone.iter().map(|g| VariantDiff {
        document: g.key.doc.clone(),
        title: g.title.clone(),
        variant: Some((&g.key).into()),
        diff: DocDiff::default(),
        withdrawn: true,
        restored: false,
    });
    Report::grouped(
        comparisons
            .iter()
            .map(|c| VariantDiff {
                document: c.key.doc.clone(),
                title: c.current.snapshot.title.clone(),
                variant: Some((&c.key).into()),
                diff: c.diff.clone(),
                withdrawn: false,
                restored: c.restored,
            })
            .chain(withdrawals)
            .collect(),
        Some(default_locale),
    )
}
