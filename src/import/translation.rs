//! A page imported as a translation takes the section ids of the version
//! it translates: its sections are matched with that version's by place
//! and heading structure, never by their (translated) words.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

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
/// the same sections at the same levels, else every pair every best
/// alignment of the two outlines agrees on (a same id, or the same level
/// and heading number). The rest keep their own ids, and the notes say
/// which, and what to do. Links to a renamed section follow it. The
/// matching is kept in `doc.translation`, for the report.
pub fn follow(doc: &mut Document, id: &str, source: &[Source], source_locale: &str) {
    let translated: Vec<Source> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { level, text, id } => Some(Source {
                level: *level,
                id: id.clone().unwrap_or_default(),
                heading: blocks::rendered(text),
            }),
            _ => None,
        })
        .collect();
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

/// Which section of `source` each section of `translated` translates
/// (by index). The outlines are matched as trees, level by level: among
/// the top sections, then among the subsections of each pair, the pairs
/// every best alignment of the two lists makes ([`siblings`]).
fn align(translated: &[Source], source: &[Source]) -> BTreeMap<usize, usize> {
    let (t_roots, t_kids) = tree(translated);
    let (s_roots, s_kids) = tree(source);
    // Pairs count first (no bonus makes up for a section left out), then
    // a same number of subsections; a same id outweighs them all.
    let pair = translated.len() + source.len() + 1;
    let same_id = pair * pair;
    let weight = |i: usize, j: usize| -> Option<usize> {
        let (t, s) = (&translated[i], &source[j]);
        if !t.id.is_empty() && t.id == s.id {
            return Some(same_id);
        }
        if let (Some(a), Some(b)) = (heading_number(&t.heading), heading_number(&s.heading))
            && a != b
        {
            return None;
        }
        Some(pair + usize::from(t_kids[i].len() == s_kids[j].len()))
    };
    let mut pairs = BTreeMap::new();
    let mut todo = vec![(t_roots, s_roots)];
    while let Some((t, s)) = todo.pop() {
        for (i, j) in siblings(&t, &s, &weight) {
            pairs.insert(i, j);
            todo.push((t_kids[i].clone(), s_kids[j].clone()));
        }
    }
    pairs
}

/// An outline as a tree: its top sections, and each section's
/// subsections (the deeper sections up to the next at its level or above).
fn tree(outline: &[Source]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut roots = Vec::new();
    let mut kids = vec![Vec::new(); outline.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, section) in outline.iter().enumerate() {
        while open
            .last()
            .is_some_and(|&p| outline[p].level >= section.level)
        {
            open.pop();
        }
        match open.last() {
            Some(&parent) => kids[parent].push(i),
            None => roots.push(i),
        }
        open.push(i);
    }
    (roots, kids)
}

/// The pairs of `t` and `s` (sections at the same place in their trees)
/// that every alignment of the two lists with the best total `weight`
/// makes: a list of the same length pairs by place, and a section
/// added or left out on one side leaves the others paired when the
/// weights (ids, heading numbers, subsections) say where it was.
fn siblings(
    t: &[usize],
    s: &[usize],
    weight: &dyn Fn(usize, usize) -> Option<usize>,
) -> Vec<(usize, usize)> {
    let (n, m) = (t.len(), s.len());
    let w = |i: usize, j: usize| weight(t[i], s[j]);
    // best[i][j]: the best total aligning t[..i] with s[..j]; rest[i][j]:
    // t[i..] with s[j..].
    let mut best = vec![vec![0usize; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let pair = w(i - 1, j - 1).map_or(0, |w| best[i - 1][j - 1] + w);
            best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(pair);
        }
    }
    let mut rest = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let pair = w(i, j).map_or(0, |w| rest[i + 1][j + 1] + w);
            rest[i][j] = rest[i + 1][j].max(rest[i][j + 1]).max(pair);
        }
    }
    let total = best[n][m];
    let mut pairs = Vec::new();
    for i in 0..n {
        // The one section it pairs with in every best alignment…
        let mut with = (0..m)
            .filter(|&j| w(i, j).is_some_and(|w| best[i][j] + w + rest[i + 1][j + 1] == total));
        let (Some(j), None) = (with.next(), with.next()) else {
            continue;
        };
        // …which none leaves it out of.
        if !(0..=m).any(|j| best[i][j] + rest[i + 1][j] == total) {
            pairs.push((t[i], s[j]));
        }
    }
    pairs
}

/// "3." or "4.2" at the start of a heading.
fn heading_number(heading: &str) -> Option<&str> {
    let end = heading
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(heading.len());
    let number = heading[..end].trim_end_matches('.');
    let follows = heading[end..].starts_with([' ', ')']);
    (!number.is_empty() && follows && number.starts_with(|c: char| c.is_ascii_digit()))
        .then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(items: &[(usize, &str, &str)]) -> Vec<Source> {
        items
            .iter()
            .map(|(level, id, heading)| Source {
                level: *level,
                id: id.to_string(),
                heading: heading.to_string(),
            })
            .collect()
    }

    #[test]
    fn the_same_structure_matches_by_place() {
        let source = outline(&[
            (2, "collect", "What we collect"),
            (3, "given", "Given"),
            (2, "rights", "Rights"),
        ]);
        let translated = outline(&[
            (2, "erhebung", "Erhebung"),
            (3, "angaben", "Angaben"),
            (2, "rechte", "Rechte"),
        ]);
        let pairs = align(&translated, &source);
        assert_eq!(
            pairs.into_iter().collect::<Vec<_>>(),
            [(0, 0), (1, 1), (2, 2)]
        );
    }

    #[test]
    fn a_missing_or_moved_subsection_is_left_out_and_the_rest_still_match() {
        let source = outline(&[
            (2, "a", "A"),
            (3, "a-sub", "A sub"),
            (2, "b", "B"),
            (2, "c", "C"),
        ]);
        let translated = outline(&[(2, "x", "X"), (2, "y", "Y"), (2, "z", "Z")]);
        let pairs = align(&translated, &source);
        assert_eq!(
            pairs.into_iter().collect::<Vec<_>>(),
            [(0, 0), (1, 2), (2, 3)]
        );
        let translated = outline(&[
            (2, "x", "X"),
            (2, "y", "Y"),
            (3, "y-sub", "Y sub"),
            (2, "z", "Z"),
        ]);
        let pairs = align(&translated, &source);
        assert_eq!(
            pairs.into_iter().collect::<Vec<_>>(),
            [(0, 0), (1, 2), (3, 3)]
        );
    }

    #[test]
    fn a_difference_the_structure_cannot_place_matches_nothing_there() {
        // One of four sections is missing: which one, nothing says.
        let source = outline(&[(2, "a", "A"), (2, "b", "B"), (2, "c", "C"), (2, "d", "D")]);
        let translated = outline(&[(2, "x", "X"), (2, "y", "Y"), (2, "z", "Z")]);
        assert!(align(&translated, &source).is_empty());
        // Numbers in the headings say it.
        let source = outline(&[
            (2, "a", "1. A"),
            (2, "b", "2. B"),
            (2, "c", "3. C"),
            (2, "d", "4. D"),
        ]);
        let translated = outline(&[(2, "x", "1. X"), (2, "y", "3. Y"), (2, "z", "4. Z")]);
        let pairs = align(&translated, &source);
        assert_eq!(
            pairs.into_iter().collect::<Vec<_>>(),
            [(0, 0), (1, 2), (2, 3)]
        );
        // And so does a same id.
        let translated = outline(&[(2, "x", "X"), (2, "c", "C"), (2, "z", "Z")]);
        let pairs = align(
            &translated,
            &outline(&[(2, "a", "A"), (2, "b", "B"), (2, "c", "C"), (2, "d", "D")]),
        );
        assert_eq!(pairs.get(&1), Some(&2));
        assert_eq!(pairs.get(&2), Some(&3));
    }

    #[test]
    fn heading_numbers_are_read() {
        assert_eq!(heading_number("4.2 Backups"), Some("4.2"));
        assert_eq!(heading_number("12. Law"), Some("12"));
        assert_eq!(heading_number("2024 in review"), Some("2024"));
        assert_eq!(heading_number("Law"), None);
    }
}
