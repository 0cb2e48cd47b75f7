//! A page imported as a translation takes the section ids of the version
//! it translates: its sections are matched with that version's by place
//! and heading structure, never by their (translated) words, and where
//! the structures differ only where certain (ids, numbers, the marks a
//! translation keeps: `evidence`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

mod align;
mod evidence;

use self::align::align;
use super::blocks::{self, BlockKind};
use super::links::{self, Action};
use super::{Document, Section, outline};

/// A section of the version a translation follows (the default locale's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Its heading level.
    pub level: usize,
    /// Its id.
    pub id: String,
    /// Its heading, as a reader sees it.
    pub heading: String,
    /// Its text up to the next heading (Markdown), whose numbers,
    /// addresses and names can confirm a match.
    pub body: String,
}

/// How a translation's sections were matched with its source's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matching {
    /// The locale of the version followed.
    pub source_locale: String,
    /// Each section of the translation, in order.
    pub sections: Vec<Matched>,
    /// The source's sections that no section of the translation matched.
    pub missing: Vec<Source>,
}

/// One section of a translation and what it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matched {
    /// Its heading.
    pub heading: String,
    /// Its id: the source section's when matched, else its own.
    pub id: String,
    /// The heading of the source's section it matched, if any.
    pub source_heading: Option<String>,
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Section {
            level: self.level,
            id: self.id.clone(),
            heading: self.heading.clone(),
        }
        .serialize(serializer)
    }
}

/// Gives `doc`'s sections the ids of `source`'s: by place, where both have
/// the same sections at the same levels, else only the pairs that are
/// certain (a same id, heading number or mark of the text, and the runs
/// of as many sections on each side between them: `align.rs`). The
/// rest keep their own ids, and the notes say
/// which, and what to do. Links to a renamed section follow it. The
/// matching is kept in `doc.translation`, for the report.
pub fn follow(doc: &mut Document, id: &str, source: &[Source], source_locale: &str) {
    let mut translated: Vec<Source> = Vec::new();
    for block in &doc.blocks {
        match (&block.kind, translated.last_mut()) {
            (BlockKind::Heading { level, text, id }, _) => translated.push(Source {
                level: *level,
                id: id.clone().unwrap_or_default(),
                heading: blocks::rendered(text),
                body: String::new(),
            }),
            (_, Some(section)) => {
                section.body.push_str(&block.lines.join("\n"));
                section.body.push_str("\n\n");
            }
            (_, None) => {}
        }
    }
    let pairs = align(&translated, source);
    // New ids: the source's where matched, else its own, kept unique.
    let mut used: BTreeSet<String> = pairs.values().map(|&j| source[j].id.clone()).collect();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut sections = Vec::new();
    for (i, section) in translated.iter().enumerate() {
        let new = match pairs.get(&i) {
            Some(&j) => source[j].id.clone(),
            None => {
                let own = outline::unique(&section.id, &used);
                used.insert(own.clone());
                own
            }
        };
        if new != section.id {
            renamed
                .entry(section.id.clone())
                .or_insert_with(|| new.clone());
        }
        sections.push(Matched {
            heading: section.heading.clone(),
            id: new,
            source_heading: pairs.get(&i).map(|&j| source[j].heading.clone()),
        });
    }
    let matched: BTreeSet<usize> = pairs.values().copied().collect();
    let missing: Vec<Source> = (0..source.len())
        .filter(|j| !matched.contains(j))
        .map(|j| source[j].clone())
        .collect();
    rename(doc, &sections, &renamed);
    let unmatched: Vec<&Matched> = sections
        .iter()
        .filter(|s| s.source_heading.is_none())
        .collect();
    if !unmatched.is_empty() {
        doc.notes.push(format!(
            "in `{id}`, {} of the translation matched no section of the {source_locale} version, so {} {}: {}; give {} the `{{#id}}` of the {source_locale} section it translates, or add that section to the {source_locale} version first",
            count(unmatched.len(), "section"),
            if unmatched.len() == 1 { "it keeps" } else { "they keep" },
            if unmatched.len() == 1 { "its own id" } else { "their own ids" },
            unmatched
                .iter()
                .map(|s| format!("“{}” {{#{}}}", s.heading, s.id))
                .collect::<Vec<_>>()
                .join(", "),
            if unmatched.len() == 1 { "it" } else { "each" },
        ));
    }
    if !missing.is_empty() {
        doc.notes.push(format!(
            "in `{id}`, {} of the {source_locale} version matched no section of the translation: {}; if the page translates {}, give its heading that id",
            count(missing.len(), "section"),
            missing
                .iter()
                .map(|s| format!("`{}`", s.id))
                .collect::<Vec<_>>()
                .join(", "),
            if missing.len() == 1 { "it" } else { "one" },
        ));
    }
    doc.translation = Some(Matching {
        source_locale: source_locale.to_string(),
        sections,
        missing,
    });
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("a {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Writes the new ids into the document: its headings, its sections, its
/// links to its own sections, and its text.
fn rename(doc: &mut Document, sections: &[Matched], renamed: &BTreeMap<String, String>) {
    let mut new_ids = sections.iter().map(|s| s.id.clone());
    let mut retarget = |link: &links::Link| match link
        .target
        .strip_prefix('#')
        .and_then(|anchor| renamed.get(anchor))
    {
        Some(new) => Action::Retarget(format!("#{new}")),
        None => Action::Keep,
    };
    for block in &mut doc.blocks {
        match &mut block.kind {
            BlockKind::Heading { id, text, .. } => {
                *id = new_ids.next();
                *text = links::rewrite(text, &mut retarget);
            }
            BlockKind::Text => {
                let joined = block.lines.join("\n");
                let rewritten = links::rewrite(&joined, &mut retarget);
                block.lines = rewritten.lines().map(str::to_string).collect();
            }
            BlockKind::Code => {}
        }
    }
    for (section, matched) in doc.sections.iter_mut().zip(sections) {
        section.id = matched.id.clone();
    }
    doc.body = blocks::join(&doc.blocks);
}
