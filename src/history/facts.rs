//! Released tables: each version of a table in a region and locale that a
//! release recorded (its `TableView` JSON, stored once as an object), read
//! back for the feeds, and the current views compared with them.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::store::{Store, StoreError};
use super::{Day, Releases};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::facts::{FactKey, TableView};

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
}
