//! A variant's released text: its title and its sections, each section's
//! Markdown stored once as an object, so identical text across regions,
//! locales and releases is kept once.

use serde::{Deserialize, Serialize};

use super::store::{Store, StoreError, hash_of};
use crate::resolve::Variant;

/// One section of a snapshot: its id and the object holding its Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSection {
    /// The section id (`""` for the text before the first heading).
    pub id: String,
    /// The object id of the section's Markdown.
    pub text: String,
}

/// A variant as released.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The title.
    pub title: String,
    /// The sections in reading order.
    pub sections: Vec<SnapshotSection>,
}

/// A snapshot with its texts, ready to store or compare.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The snapshot.
    pub snapshot: Snapshot,
    /// The section texts, in the snapshot's order.
    pub texts: Vec<String>,
    /// The snapshot's own bytes, as stored.
    bytes: Vec<u8>,
    /// Its id in the store: the hash of `bytes`.
    id: String,
}

impl Captured {
    /// Captures a resolved variant. Fails only if the snapshot cannot be
    /// written as JSON, in which case nothing must be stored or compared.
    pub fn of(variant: &Variant) -> Result<Captured, serde_json::Error> {
        let mut texts = vec![variant.preamble.clone()];
        let mut ids = vec![String::new()];
        for s in &variant.sections {
            texts.push(Variant::section_markdown(s));
            ids.push(s.id.clone());
        }
        let sections = ids
            .into_iter()
            .zip(&texts)
            .map(|(id, text)| SnapshotSection {
                id,
                text: hash_of(text.as_bytes()),
            })
            .collect();
        let snapshot = Snapshot {
            title: variant.title.clone(),
            sections,
        };
        let mut bytes = serde_json::to_vec_pretty(&snapshot)?;
        bytes.push(b'\n');
        Ok(Captured {
            id: hash_of(&bytes),
            snapshot,
            texts,
            bytes,
        })
    }

    /// The id the snapshot has (or will have) in the store.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Writes the section texts, then the snapshot; returns the snapshot id.
    pub fn store(&self, store: &Store) -> std::io::Result<String> {
        for text in &self.texts {
            store.put(text.as_bytes())?;
        }
        store.put(&self.bytes)
    }

    /// The body as Markdown, joined exactly as a variant's is.
    pub fn body(&self) -> String {
        Variant::join(self.texts.iter().map(String::as_str))
    }

    /// The whole variant as Markdown with its title as front matter: what
    /// `policyc show` prints.
    pub fn markdown(&self) -> Result<String, yaml_serde::Error> {
        let title = yaml_serde::to_string(&serde_json::json!({ "title": self.snapshot.title }))?;
        Ok(format!("---\n{title}---\n\n{}", self.body()))
    }

    /// Reads a stored snapshot and its texts back.
    pub fn load(store: &Store, id: &str) -> Result<Captured, StoreError> {
        let bytes = store.get(id)?;
        let snapshot: Snapshot = serde_json::from_slice(&bytes)
            .map_err(|_| StoreError::Altered(id.to_string(), store.shown_path_of(id)))?;
        let mut texts = Vec::with_capacity(snapshot.sections.len());
        for s in &snapshot.sections {
            let bytes = store.get(&s.text)?;
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        Ok(Captured {
            snapshot,
            texts,
            bytes,
            id: id.to_string(),
        })
    }
}
