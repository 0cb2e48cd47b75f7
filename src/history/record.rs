//! Release records: `history/releases/NNNN.yaml`, one per release, readable
//! in a pull request, each chained to the one before by its hash.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Day;
use super::store::hash_of;
use crate::diagnostics::{Diagnostic, location_at};
use crate::diff::Class;
use crate::facts::FactKey;
use crate::resolve::VariantKey;
use crate::source::yaml::yaml_diagnostic;

/// The last line of a record: the hash of every byte before it.
const TRAILER: &str = "# record-hash: ";

/// What a release recorded for one variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawEntry", into = "RawEntry")]
pub struct Entry {
    /// Which variant.
    pub key: VariantKey,
    /// The variant's version number, counting from 1.
    pub version: u32,
    /// [`Class::Text`] (the date moves) or [`Class::Links`] (recorded, the
    /// date stays).
    pub class: Class,
    /// The object holding the released snapshot.
    pub snapshot: String,
    /// The changed sections, as reviewers read them.
    pub changes: Vec<String>,
}

/// An entry as the record file spells it: the variant's key flat, beside
/// the version, so that a reviewer reads one line per field.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    doc: String,
    region: String,
    locale: String,
    version: u32,
    class: Class,
    snapshot: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    changes: Vec<String>,
}

impl TryFrom<RawEntry> for Entry {
    type Error = String;

    fn try_from(raw: RawEntry) -> Result<Entry, String> {
        if raw.class == Class::Formatting {
            return Err("a release records `text` or `links`, never `formatting`".into());
        }
        Ok(Entry {
            key: VariantKey {
                doc: raw.doc,
                region: raw.region,
                locale: raw.locale,
            },
            version: raw.version,
            class: raw.class,
            snapshot: raw.snapshot,
            changes: raw.changes,
        })
    }
}

impl From<Entry> for RawEntry {
    fn from(entry: Entry) -> RawEntry {
        RawEntry {
            doc: entry.key.doc,
            region: entry.key.region,
            locale: entry.key.locale,
            version: entry.version,
            class: entry.class,
            snapshot: entry.snapshot,
            changes: entry.changes,
        }
    }
}

/// A variant a release withdrew: its sources no longer exist (the document,
/// its region or the locale was removed), so from the release's day its
/// page says it was withdrawn instead of showing a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawWithdrawal", into = "RawWithdrawal")]
pub struct Withdrawal {
    /// Which variant.
    pub key: VariantKey,
    /// The version that was in force, or to come, when it was withdrawn:
    /// its last version.
    pub version: u32,
}

/// A withdrawal as the record file spells it, flat like an entry.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWithdrawal {
    doc: String,
    region: String,
    locale: String,
    version: u32,
}

impl TryFrom<RawWithdrawal> for Withdrawal {
    type Error = String;

    fn try_from(raw: RawWithdrawal) -> Result<Withdrawal, String> {
        Ok(Withdrawal {
            key: VariantKey {
                doc: raw.doc,
                region: raw.region,
                locale: raw.locale,
            },
            version: raw.version,
        })
    }
}

impl From<Withdrawal> for RawWithdrawal {
    fn from(w: Withdrawal) -> RawWithdrawal {
        RawWithdrawal {
            doc: w.key.doc,
            region: w.key.region,
            locale: w.key.locale,
            version: w.version,
        }
    }
}

/// What a release recorded for one table in one region and locale: a new
/// version of its [`crate::facts::TableView`], whose JSON is the stored
/// text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawFactEntry", into = "RawFactEntry")]
pub struct FactEntry {
    /// Which table, region and locale.
    pub key: FactKey,
    /// The table's version there, counting from 1.
    pub version: u32,
    /// The object holding the view's JSON (`TableView::to_json`).
    pub snapshot: String,
}

/// A fact entry as the record file spells it: flat, like a variant's.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFactEntry {
    table: String,
    region: String,
    locale: String,
    version: u32,
    snapshot: String,
}

impl TryFrom<RawFactEntry> for FactEntry {
    type Error = String;

    fn try_from(raw: RawFactEntry) -> Result<FactEntry, String> {
        Ok(FactEntry {
            key: FactKey {
                table: raw.table,
                region: raw.region,
                locale: raw.locale,
            },
            version: raw.version,
            snapshot: raw.snapshot,
        })
    }
}

impl From<FactEntry> for RawFactEntry {
    fn from(entry: FactEntry) -> RawFactEntry {
        RawFactEntry {
            table: entry.key.table,
            region: entry.key.region,
            locale: entry.key.locale,
            version: entry.version,
            snapshot: entry.snapshot,
        }
    }
}

/// One release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Its number, counting from 1.
    pub release: u32,
    /// The day it was recorded.
    pub date: Day,
    /// The day it takes effect, when later than `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Day>,
    /// What the release is about, in the default locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The message in other locales, by locale (`release --message-file`).
    /// Absent when there are none (every record written before they
    /// existed), so that those read and hash exactly as they were written.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub messages: BTreeMap<String, String>,
    /// The record hash of the release before (none for the first).
    pub previous: Option<String>,
    /// The variants that got a new version.
    pub variants: Vec<Entry>,
    /// The tables (in a region and locale) that got a new version. Absent
    /// from records without them (every record written before facts
    /// existed), so that those read and hash exactly as they were written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactEntry>,
    /// The variants withdrawn. Absent from records without withdrawals
    /// (every record written before withdrawals existed), so that those
    /// read and hash exactly as they were written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<Withdrawal>,
    /// The names of the regions of `variants`, by region and locale, as
    /// their pages showed them: what the pages a removed region keeps are
    /// named by. Absent from records written before (they read and hash
    /// as they were written; a region removed since is named by its id).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub region_names: BTreeMap<String, BTreeMap<String, String>>,
}

impl Record {
    /// The message for readers of `locale`: its own, else the default
    /// locale's (`message`, in `default`), with `true` when it is that one
    /// shown instead.
    pub fn message_in(&self, locale: &str, default: &str) -> Option<(&str, bool)> {
        match self.messages.get(locale) {
            Some(own) => Some((own, false)),
            None => self.message.as_deref().map(|m| (m, locale != default)),
        }
    }

    /// The day from which this release is in force.
    pub fn in_force_from(&self) -> Day {
        self.effective.unwrap_or(self.date)
    }

    /// The record's file text: YAML, then the trailer with its hash. An
    /// error (a value YAML cannot hold) means nothing may be written: a
    /// record is never hashed without its content.
    pub fn to_text(&self) -> Result<String, yaml_serde::Error> {
        let mut body = format!(
            "# policyc release record: written by `policyc release`, checked by `policyc verify`.\n# Do not edit: a changed byte breaks the hash chain.\n{}",
            yaml_serde::to_string(self)?
        );
        if !body.ends_with('\n') {
            body.push('\n');
        }
        let hash = hash_of(body.as_bytes());
        body.push_str(TRAILER);
        body.push_str(&hash);
        body.push('\n');
        Ok(body)
    }
}

/// A record as read from disk, with its own hash.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    /// The record.
    pub record: Record,
    /// The hash its trailer states (and, when intact, of its content).
    pub hash: String,
    /// The file, relative to the project root.
    pub path: PathBuf,
}

/// Where a record's trailer line starts, if it has one.
fn trailer_at(text: &str) -> Option<usize> {
    text.rfind(TRAILER)
        .filter(|&i| i == 0 || text[..i].ends_with('\n'))
}

/// What is wrong with a record's hash line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// It has no `# record-hash:` line.
    NoTrailer,
    /// Its content no longer matches the hash its trailer states.
    Changed,
}

/// The hash a record's text states in its trailer, when its content still
/// matches it: all that is needed of a record to anchor a history on it
/// (its YAML is not read).
pub fn intact_hash(text: &str) -> Result<String, Damage> {
    let at = trailer_at(text).ok_or(Damage::NoTrailer)?;
    let stated = text[at + TRAILER.len()..].trim();
    if hash_of(&text.as_bytes()[..at]) != stated {
        return Err(Damage::Changed);
    }
    Ok(stated.to_string())
}

/// Parses one record file. An edited file (its content no longer matching
/// its trailer) is reported as altered.
pub fn parse(path: &Path, text: &str) -> Result<StoredRecord, Diagnostic> {
    let Some(at) = trailer_at(text) else {
        return Err(Diagnostic::error("this release record has no `# record-hash:` line; it was not written by policyc or was cut short")
            .in_file(path)
            .help(super::restore("it")));
    };
    let stated = text[at + TRAILER.len()..].trim().to_string();
    let body = &text[..at];
    if hash_of(body.as_bytes()) != stated {
        return Err(Diagnostic::error("this release record was changed after it was written: its content no longer matches its record hash")
            .in_file(path)
            .at(location_at(text, at, TRAILER.len()))
            .help(format!("{}; records are never edited by hand", super::restore("it"))));
    }
    let record: Record = yaml_serde::from_str(body).map_err(|e| {
        let located = yaml_diagnostic(path, text, 0, &e);
        let mut d = Diagnostic::error(format!(
            "this release record cannot be read: {}",
            located.message.trim_start_matches("invalid YAML: ")
        ))
        .in_file(path)
        .help(format!(
            "records are only written by `policyc release`; {}",
            super::restore_history()
        ));
        if let Some(at) = located.location {
            d = d.at(at);
        }
        d
    })?;
    Ok(StoredRecord {
        record,
        hash: stated,
        path: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            release: 1,
            date: Day::parse("2026-11-29").unwrap(),
            effective: None,
            message: Some("First release".into()),
            messages: BTreeMap::new(),
            region_names: BTreeMap::new(),
            previous: None,
            variants: vec![Entry {
                key: VariantKey {
                    doc: "privacy".into(),
                    region: "us".into(),
                    locale: "en-US".into(),
                },
                version: 1,
                class: Class::Text,
                snapshot: hash_of(b"x"),
                changes: vec!["added: Privacy Policy".into()],
            }],
            facts: Vec::new(),
            withdrawn: Vec::new(),
        }
    }

    #[test]
    fn a_record_without_facts_is_written_as_before_and_one_with_them_reads_back() {
        let before = record().to_text().unwrap();
        assert!(!before.contains("facts"), "{before}");
        let mut with = record();
        with.facts.push(FactEntry {
            key: FactKey {
                table: "subprocessors".into(),
                region: "eu".into(),
                locale: "de-DE".into(),
            },
            version: 2,
            snapshot: hash_of(b"{}"),
        });
        let text = with.to_text().unwrap();
        assert!(
            text.contains(
                "facts:\n- table: subprocessors\n  region: eu\n  locale: de-DE\n  version: 2\n  snapshot: sha256:"
            ),
            "{text}"
        );
        let stored = parse(Path::new("history/releases/0001.yaml"), &text).unwrap();
        assert_eq!(stored.record, with);
        // A record written before facts existed reads, and hashes, as written.
        let stored = parse(Path::new("history/releases/0001.yaml"), &before).unwrap();
        assert!(stored.record.facts.is_empty());
        assert_eq!(stored.record.to_text().unwrap(), before);
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let text = record().to_text().unwrap();
        let stored = parse(Path::new("history/releases/0001.yaml"), &text).unwrap();
        assert_eq!(stored.record, record());
        assert!(text.contains("date: 2026-11-29"), "{text}");
        // The key is spelled flat, one field a line, as reviewers read it.
        assert!(
            text.contains(
                "- doc: privacy\n  region: us\n  locale: en-US\n  version: 1\n  class: text\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_record_without_withdrawals_is_written_as_before_and_one_with_them_reads_back() {
        let text = record().to_text().unwrap();
        assert!(!text.contains("withdrawn"), "{text}");
        let mut with = record();
        with.withdrawn.push(Withdrawal {
            key: VariantKey {
                doc: "terms".into(),
                region: "eu".into(),
                locale: "de-DE".into(),
            },
            version: 3,
        });
        let text = with.to_text().unwrap();
        assert!(
            text.contains(
                "withdrawn:\n- doc: terms\n  region: eu\n  locale: de-DE\n  version: 3\n"
            ),
            "{text}"
        );
        let stored = parse(Path::new("history/releases/0001.yaml"), &text).unwrap();
        assert_eq!(stored.record, with);
    }

    #[test]
    fn the_intact_hash_is_the_trailers_and_damage_is_told_apart() {
        let text = record().to_text().unwrap();
        let stored = parse(Path::new("history/releases/0001.yaml"), &text).unwrap();
        assert_eq!(intact_hash(&text), Ok(stored.hash));
        let edited = text.replace("First release", "First relaese");
        assert_eq!(intact_hash(&edited), Err(Damage::Changed));
        let cut = &text[..text.find(TRAILER).unwrap()];
        assert_eq!(intact_hash(cut), Err(Damage::NoTrailer));
    }

    #[test]
    fn one_edited_byte_is_caught() {
        let text = record()
            .to_text()
            .unwrap()
            .replace("First release", "First relaese");
        let err = parse(Path::new("history/releases/0001.yaml"), &text).unwrap_err();
        assert!(
            err.message.contains("changed after it was written"),
            "{}",
            err.message
        );
    }
}
