//! Released tables: each version of a table in a region and locale that a
//! release recorded (its `TableView` JSON, stored once as an object), read
//! back for the feeds, and the current views compared with them.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::record::FactEntry;
use super::store::{Store, StoreError, hash_of};
use super::{Day, Releases};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::diff::facts::{FactReport, RowChange, compare, group};
use crate::facts::{FactKey, TableView};
use crate::resolve::Resolver;

/// One recorded version of a table in a region and locale, as a feed lists
/// it: when it was released, when it takes effect, and the view readers
/// got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactVersion {
    /// The release that recorded it.
    pub release: u32,
    /// The table's version in this region and locale, counting from 1.
    pub version: u32,
    /// The release's day.
    pub date: Day,
    /// The day it takes effect, when later than `date` (`release
    /// --effective`): the advance notice a feed gives.
    pub effective: Option<Day>,
    /// The release's message in the default locale.
    pub message: Option<String>,
    /// The release's message in other locales, by locale.
    pub messages: BTreeMap<String, String>,
    /// The table as released.
    pub view: TableView,
}

impl FactVersion {
    /// The day from which this version is in force.
    pub fn in_force_from(&self) -> Day {
        self.effective.unwrap_or(self.date)
    }
}

/// A table's view now (in one region and locale) compared with its last
/// recorded version: what `release` records, what `diff` reports and what
/// `build --frozen` refuses.
#[derive(Debug, Clone)]
pub struct FactComparison {
    /// Which table, region and locale.
    pub key: FactKey,
    /// The view now. For a table no longer published (`gone`), the last
    /// recorded view without its rows: what the next release records.
    pub current: TableView,
    /// `current` as stored: its JSON.
    pub json: String,
    /// Its latest recorded version, if it was ever released.
    pub version: Option<u32>,
    /// Whether the view now is byte for byte the recorded one.
    pub identical: bool,
    /// The table, released before, is no longer published there (its file,
    /// the region or the locale was removed).
    pub gone: bool,
    /// The rows that changed since the recorded version (every row added
    /// when it was never released; every row removed when it is gone).
    pub changes: Vec<RowChange>,
}

impl FactComparison {
    /// Whether the next release records a new version: it was never
    /// released, or its JSON changed (rows that only moved included, though
    /// the diff lists no change for them).
    pub fn needs_release(&self) -> bool {
        !self.identical
    }

    /// The entry the next release records, its view stored as `snapshot`.
    pub fn entry(&self, snapshot: String) -> FactEntry {
        FactEntry {
            key: self.key.clone(),
            version: self.version.map_or(1, |v| v + 1),
            snapshot,
        }
    }

    /// The object id the view has (or will have) in the store.
    pub fn id(&self) -> String {
        hash_of(self.json.as_bytes())
    }
}

/// The diff's `facts` part: the comparisons' row changes grouped across
/// regions and locales, said in `default_locale` where it has them.
pub fn report(comparisons: &[FactComparison], default_locale: &str) -> Vec<FactReport> {
    let changes: Vec<(FactKey, Vec<RowChange>)> = comparisons
        .iter()
        .map(|c| (c.key.clone(), c.changes.clone()))
        .collect();
    group(&changes, default_locale)
}

/// Every table the site publishes, in each region and locale, as its
/// readers see it now, sorted by key.
pub fn current_views(resolver: &Resolver) -> Vec<TableView> {
    let mut keys = resolver.fact_keys();
    keys.sort();
    keys.iter()
        .filter_map(|k| resolver.fact_view(&k.table, &k.region, &k.locale))
        .collect()
}

/// Reads a stored table view back, checking its object's content.
pub fn load_view(store: &Store, id: &str) -> Result<TableView, StoreError> {
    let bytes = store.get(id)?;
    serde_json::from_slice(&bytes)
        .map_err(|_| StoreError::Altered(id.to_string(), store.shown_path_of(id)))
}

impl<'h> Releases<'h> {
    /// A released table view, read once per build. A missing or altered
    /// object is an error in `diags`.
    pub fn fact_view(&self, id: &str, diags: &Diagnostics) -> Option<Arc<TableView>> {
        if self.history.objects_unreadable {
            // Reported once, when the history was loaded.
            return None;
        }
        self.views.try_get_or(id, || {
            load_view(&self.history.store, id)
                .map_err(|e| {
                    diags.push(Diagnostic::error(e.to_string()).help(format!(
                        "run `policyc verify`; {}",
                        super::restore_history()
                    )))
                })
                .ok()
        })
    }

    /// Every recorded version of a table in a region and locale, oldest
    /// first (empty when it was never released). A version whose stored
    /// view cannot be read is left out, with an error in `diags`.
    pub fn fact_versions(&self, key: &FactKey, diags: &Diagnostics) -> Vec<FactVersion> {
        self.history
            .fact_entries(key)
            .filter_map(|(record, entry)| {
                let view = self.fact_view(&entry.snapshot, diags)?;
                Some(FactVersion {
                    release: record.release,
                    version: entry.version,
                    date: record.date,
                    effective: record.effective,
                    message: record.message.clone(),
                    messages: record.messages.clone(),
                    view: (*view).clone(),
                })
            })
            .collect()
    }

    /// Compares each view now with its table's last recorded version, and
    /// adds the tables released before that are no longer among `views`
    /// (and whose last version still has rows), sorted by key. `None` after
    /// an error in `diags` (a recorded view that cannot be read).
    pub fn compare_facts(
        &self,
        views: Vec<TableView>,
        diags: &Diagnostics,
    ) -> Option<Vec<FactComparison>> {
        let present: BTreeSet<FactKey> = views.iter().map(|v| v.key.clone()).collect();
        let mut compared = Vec::new();
        for view in views {
            compared.push(self.compare_fact(view, false, diags)?);
        }
        for key in self.history.fact_keys() {
            if present.contains(key) {
                continue;
            }
            let (_, id) = self.latest_fact(key)?;
            let last = self.fact_view(id, diags)?;
            if last.rows.is_empty() {
                continue;
            }
            let mut empty = (*last).clone();
            empty.rows.clear();
            compared.push(self.compare_fact(empty, true, diags)?);
        }
        compared.sort_by(|a, b| a.key.cmp(&b.key));
        Some(compared)
    }

    /// Compares one view with its last recorded version.
    fn compare_fact(
        &self,
        current: TableView,
        gone: bool,
        diags: &Diagnostics,
    ) -> Option<FactComparison> {
        let json = current.to_json();
        let latest = self.latest_fact(&current.key);
        let identical = latest.is_some_and(|(_, id)| id == hash_of(json.as_bytes()));
        let changes = match latest {
            _ if identical => Vec::new(),
            Some((_, id)) => {
                let old = self.fact_view(id, diags)?;
                compare(Some(&old), Some(&current))
            }
            None => compare(None, Some(&current)),
        };
        Some(FactComparison {
            key: current.key.clone(),
            version: latest.map(|(v, _)| v),
            current,
            json,
            identical,
            gone,
            changes,
        })
    }

    /// The latest recorded version of a table in a region and locale:
    /// its number and the object holding its view.
    pub fn latest_fact(&self, key: &FactKey) -> Option<(u32, &'h str)> {
        self.history
            .fact_entries(key)
            .last()
            .map(|(_, e)| (e.version, e.snapshot.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{CellView, ColumnKind, ColumnView, RowView};
    use crate::history::record::{FactEntry, Record};
    use crate::source::layout;

    fn view(location: &str) -> TableView {
        TableView {
            key: key(),
            caption: "Subprocessors".into(),
            noun: "subprocessor".into(),
            columns: vec![ColumnView {
                id: "location".into(),
                label: "Location".into(),
                kind: ColumnKind::Country,
            }],
            rows: vec![RowView {
                id: "harbor_pay".into(),
                cells: BTreeMap::from([(
                    "location".into(),
                    CellView {
                        value: location.into(),
                        text: location.into(),
                    },
                )]),
            }],
        }
    }

    fn key() -> FactKey {
        FactKey {
            table: "subprocessors".into(),
            region: "eu".into(),
            locale: "en-US".into(),
        }
    }

    /// Writes releases recording `views` (one a release) as `policyc
    /// release` would.
    fn write_history(root: &std::path::Path, views: &[(&str, Option<&str>, TableView)]) {
        let store = Store::of_project(root);
        let mut previous = None;
        for (n, (date, effective, view)) in views.iter().enumerate() {
            let number = n as u32 + 1;
            let snapshot = store.put(view.to_json().as_bytes()).unwrap();
            let record = Record {
                release: number,
                date: Day::parse(date).unwrap(),
                effective: effective.map(|e| Day::parse(e).unwrap()),
                message: Some(format!("Release {number}")),
                messages: BTreeMap::new(),
                previous: previous.clone(),
                variants: Vec::new(),
                facts: vec![FactEntry {
                    key: view.key.clone(),
                    version: number,
                    snapshot,
                }],
                withdrawn: Vec::new(),
                region_names: BTreeMap::new(),
            };
            let text = record.to_text().unwrap();
            let path = layout::record(root, number);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
            previous = Some(crate::history::record::intact_hash(&text).unwrap());
        }
    }

    #[test]
    fn fact_versions_are_read_back_oldest_first_with_their_days() {
        let tmp = tempfile::tempdir().unwrap();
        write_history(
            tmp.path(),
            &[
                ("2026-01-10", None, view("IE")),
                ("2026-02-01", Some("2026-03-01"), view("NL")),
            ],
        );
        let diags = Diagnostics::default();
        let history = crate::history::load(tmp.path(), &diags);
        assert!(!diags.has_errors(), "{:?}", diags.sorted());
        let releases = Releases::new(&history);
        let versions = releases.fact_versions(&key(), &diags);
        assert_eq!(versions.len(), 2);
        assert_eq!((versions[0].release, versions[0].version), (1, 1));
        assert_eq!(versions[0].view, view("IE"));
        assert_eq!(versions[1].view, view("NL"));
        assert_eq!(versions[1].in_force_from().to_string(), "2026-03-01");
        assert_eq!(versions[1].message.as_deref(), Some("Release 2"));
        assert_eq!(releases.latest_fact(&key()).map(|(v, _)| v), Some(2));
        let other = FactKey {
            locale: "de-DE".into(),
            ..key()
        };
        assert!(releases.fact_versions(&other, &diags).is_empty());
        // `verify` reads the tables' objects too: an edited one is caught.
        assert_eq!(
            crate::history::verify::verify(&history, &diags).snapshots,
            2
        );
        let (_, id) = releases.latest_fact(&key()).unwrap();
        std::fs::write(history.store.path_of(id).unwrap(), b"{}").unwrap();
        crate::history::verify::verify(&history, &diags);
        let errors = diags.sorted();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .message
                .contains("was changed after it was released"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn views_are_compared_with_their_last_version_and_a_table_gone_removes_its_rows() {
        let tmp = tempfile::tempdir().unwrap();
        write_history(tmp.path(), &[("2026-01-10", None, view("IE"))]);
        let diags = Diagnostics::default();
        let history = crate::history::load(tmp.path(), &diags);
        let releases = Releases::new(&history);
        let same = releases.compare_facts(vec![view("IE")], &diags).unwrap();
        assert_eq!(same.len(), 1);
        assert!(same[0].identical && !same[0].needs_release() && same[0].changes.is_empty());
        let moved = releases.compare_facts(vec![view("NL")], &diags).unwrap();
        assert!(moved[0].needs_release());
        assert_eq!(moved[0].entry(moved[0].id()).version, 2);
        assert_eq!(moved[0].changes.len(), 1);
        assert_eq!(
            moved[0].changes[0].sentence,
            "Changed location of NL: IE → NL"
        );
        let german = TableView {
            key: FactKey {
                locale: "de-DE".into(),
                ..key()
            },
            ..view("IE")
        };
        let both = releases
            .compare_facts(vec![german.clone(), view("IE")], &diags)
            .unwrap();
        // Sorted by key; the new one's first version adds every row.
        assert_eq!(both[0].key, german.key);
        assert_eq!((both[0].version, both[0].changes.len()), (None, 1));
        assert_eq!(both[0].entry(both[0].id()).version, 1);
        let gone = releases.compare_facts(Vec::new(), &diags).unwrap();
        assert_eq!(gone.len(), 1);
        assert!(gone[0].gone && gone[0].needs_release());
        assert!(gone[0].current.rows.is_empty());
        assert_eq!(
            gone[0].changes[0].change,
            crate::diff::facts::RowChangeKind::Removed
        );
        assert!(!diags.has_errors());
    }
}
