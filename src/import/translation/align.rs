//! Which section of the default-locale version each section of a
//! translation translates: by place where the outlines agree, else only
//! the pairs that are certain.

use std::collections::{BTreeMap, BTreeSet};

use super::{Source, evidence};

/// Which section of `source` each section of `translated` translates
/// (by index). The outlines are matched as trees, level by level: among
/// the top sections, then among the subsections of each pair, only the
/// pairs that are certain ([`siblings`]).
pub(super) fn align(translated: &[Source], source: &[Source]) -> BTreeMap<usize, usize> {
    let (t_roots, t_kids) = tree(translated);
    let (s_roots, s_kids) = tree(source);
    let t_marks = subtree_marks(translated);
    let s_marks = subtree_marks(source);
    let mut pairs = BTreeMap::new();
    let mut todo = vec![(t_roots, s_roots)];
    while let Some((t, s)) = todo.pop() {
        let t_side = Side {
            outline: translated,
            items: &t,
            marks: &t_marks,
        };
        let s_side = Side {
            outline: source,
            items: &s,
            marks: &s_marks,
        };
        for (i, j) in siblings(&t_side, &s_side) {
            pairs.insert(i, j);
            todo.push((t_kids[i].clone(), s_kids[j].clone()));
        }
    }
    pairs
}

/// One side's list of sibling sections (indices into its outline), with
/// the marks of each section's text and its subsections'.
struct Side<'a> {
    outline: &'a [Source],
    items: &'a [usize],
    marks: &'a [BTreeSet<String>],
}

impl Side<'_> {
    fn section(&self, k: usize) -> &Source {
        &self.outline[self.items[k]]
    }
}

/// The marks ([`evidence::marks`]) of each section with its subsections.
fn subtree_marks(outline: &[Source]) -> Vec<BTreeSet<String>> {
    let own: Vec<BTreeSet<String>> = outline.iter().map(|s| evidence::marks(&s.body)).collect();
    (0..outline.len())
        .map(|i| {
            let end = (i + 1..outline.len())
                .find(|&k| outline[k].level <= outline[i].level)
                .unwrap_or(outline.len());
            own[i..end].iter().flatten().cloned().collect()
        })
        .collect()
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

/// The pairs of two lists of sibling sections that are certain, since a
/// wrong pair (a section standing as the translation of another) is far
/// worse than none:
/// - a same id, and a same heading number ("3." and "3.") found once in
///   each list: certain wherever they are;
/// - a same mark (a number, an address, a name) found in one section's
///   text only on each side, and no other: certain when it keeps the
///   order of the pairs above and of the other such marks, and is off
///   its place by no more than the difference of the counts (any other
///   is a coincidence or a move, and leaves both its sections out);
/// - between two pairs in order (or a list's start or end), the sections
///   left pair by place when both sides have as many, and none do when
///   the counts differ: which one was added or left out, the structure
///   cannot say.
///
/// Different heading numbers never pair.
fn siblings(t: &Side, s: &Side) -> Vec<(usize, usize)> {
    let (n, m) = (t.items.len(), s.items.len());
    let numbers_differ = |i: usize, j: usize| {
        matches!(
            (heading_number(&t.section(i).heading), heading_number(&s.section(j).heading)),
            (Some(a), Some(b)) if a != b
        )
    };
    let mut t_pair: Vec<Option<usize>> = vec![None; n];
    let mut s_pair: Vec<Option<usize>> = vec![None; m];
    let mut certain: Vec<(usize, usize)> = Vec::new();
    // Same ids.
    for i in 0..n {
        let id = &t.section(i).id;
        if id.is_empty() {
            continue;
        }
        if let Some(j) = (0..m).find(|&j| &s.section(j).id == id)
            && !numbers_differ(i, j)
            && take(i, j, &mut t_pair, &mut s_pair)
        {
            certain.push((i, j));
        }
    }
    // Same heading numbers, each found once in its list.
    let once = |side: &Side, len: usize, number: &str| {
        (0..len)
            .filter(|&k| heading_number(&side.section(k).heading) == Some(number))
            .count()
            == 1
    };
    for i in 0..n {
        let Some(number) = heading_number(&t.section(i).heading) else {
            continue;
        };
        if !once(t, n, number) || !once(s, m, number) {
            continue;
        }
        if let Some(j) = (0..m).find(|&j| heading_number(&s.section(j).heading) == Some(number))
            && take(i, j, &mut t_pair, &mut s_pair)
        {
            certain.push((i, j));
        }
    }
    // Marks found in one section on each side.
    let mut t_owner: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        for mark in &t.marks[t.items[i]] {
            t_owner.entry(mark).or_default().push(i);
        }
    }
    let mut s_owner: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for j in 0..m {
        for mark in &s.marks[s.items[j]] {
            s_owner.entry(mark).or_default().push(j);
        }
    }
    let mut links: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut linked_s: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (mark, ts) in &t_owner {
        if let (&[i], Some(&[j])) = (ts.as_slice(), s_owner.get(mark).map(Vec::as_slice)) {
            links.entry(i).or_default().insert(j);
            linked_s.entry(j).or_default().insert(i);
        }
    }
    let evidence: Vec<(usize, usize)> = links
        .iter()
        .filter_map(|(&i, js)| {
            let j = *js.first()?;
            (js.len() == 1 && linked_s[&j].len() == 1).then_some((i, j))
        })
        .collect();
    // A section whose marks point elsewhere than it could pair is left out.
    let mut blocked_t: BTreeSet<usize> = links.keys().copied().collect();
    let mut blocked_s: BTreeSet<usize> = linked_s.keys().copied().collect();
    let crosses = |(a, b): (usize, usize), (c, d): (usize, usize)| (a < c) != (b < d);
    let mut chain: Vec<(usize, usize)> = certain.clone();
    for &(i, j) in &evidence {
        // Sections added or left out on one side move the rest by at most
        // the difference of the counts, in its direction: a mark further
        // off (any mark off its place, when the counts are equal) is more
        // likely a coincidence than a move.
        let shift = j as isize - i as isize;
        let moved = m as isize - n as isize;
        let in_order = !numbers_differ(i, j)
            && (moved.min(0)..=moved.max(0)).contains(&shift)
            && t_pair[i].is_none()
            && s_pair[j].is_none()
            && certain.iter().all(|&c| !crosses((i, j), c))
            && evidence.iter().all(|&e| e == (i, j) || !crosses((i, j), e));
        if in_order {
            chain.push((i, j));
        }
    }
    for &(i, j) in &chain[certain.len()..] {
        take(i, j, &mut t_pair, &mut s_pair);
    }
    let mut pairs = chain.clone();
    blocked_t.retain(|&i| t_pair[i].is_none());
    blocked_s.retain(|&j| s_pair[j].is_none());
    // The runs between pairs in order: the longest chain of them that
    // keeps both orders (certain pairs may cross, and bound no run).
    chain.sort_unstable();
    let bounds = increasing(&chain);
    let mut from = (0, 0);
    for &(ei, ej) in bounds.iter().chain(std::iter::once(&(n, m))) {
        let run_t: Vec<usize> = (from.0..ei).filter(|&i| t_pair[i].is_none()).collect();
        let run_s: Vec<usize> = (from.1..ej).filter(|&j| s_pair[j].is_none()).collect();
        if run_t.len() == run_s.len() {
            for (&i, &j) in run_t.iter().zip(&run_s) {
                // A section whose marks point elsewhere stays out, and
                // keeps its place, so the others do not shift.
                if !numbers_differ(i, j) && !blocked_t.contains(&i) && !blocked_s.contains(&j) {
                    pairs.push((i, j));
                }
            }
        }
        from = (ei + 1, ej + 1);
    }
    pairs.sort_unstable();
    pairs
        .into_iter()
        .map(|(i, j)| (t.items[i], s.items[j]))
        .collect()
}

/// Pairs `i` and `j` unless either is paired already.
fn take(i: usize, j: usize, t_pair: &mut [Option<usize>], s_pair: &mut [Option<usize>]) -> bool {
    if t_pair[i].is_none() && s_pair[j].is_none() {
        t_pair[i] = Some(j);
        s_pair[j] = Some(i);
        true
    } else {
        false
    }
}

/// The longest run of `pairs` (sorted by their first) whose seconds
/// increase too; of equally long ones, the first found.
fn increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // longest[k]: the length of the longest such run ending at pairs[k].
    let mut longest = vec![1usize; pairs.len()];
    let mut before = vec![None; pairs.len()];
    for k in 0..pairs.len() {
        for p in 0..k {
            if pairs[p].0 < pairs[k].0 && pairs[p].1 < pairs[k].1 && longest[p] + 1 > longest[k] {
                longest[k] = longest[p] + 1;
                before[k] = Some(p);
            }
        }
    }
    let Some(mut k) = (0..pairs.len()).max_by_key(|&k| (longest[k], std::cmp::Reverse(k))) else {
        return Vec::new();
    };
    let mut run = vec![pairs[k]];
    while let Some(p) = before[k] {
        run.push(pairs[p]);
        k = p;
    }
    run.reverse();
    run
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
                body: String::new(),
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

    /// An outline with a body per section.
    fn with_bodies(items: &[(usize, &str, &str, &str)]) -> Vec<Source> {
        items
            .iter()
            .map(|(level, id, heading, body)| Source {
                level: *level,
                id: id.to_string(),
                heading: heading.to_string(),
                body: body.to_string(),
            })
            .collect()
    }

    /// The pairs as (translated heading, source heading).
    fn named<'a>(translated: &'a [Source], source: &'a [Source]) -> Vec<(&'a str, &'a str)> {
        align(translated, source)
            .into_iter()
            .map(|(i, j)| (translated[i].heading.as_str(), source[j].heading.as_str()))
            .collect()
    }

    fn terms_en() -> Vec<Source> {
        with_bodies(&[
            (2, "accounts", "Accounts", "You need an account to order."),
            (
                2,
                "payments",
                "Payments",
                "We charge your card when we ship.",
            ),
            (3, "refunds", "Refunds", "Ask within 14 days."),
            (
                2,
                "liability",
                "Liability",
                "We are liable for up to 500 euros.",
            ),
            (
                2,
                "governing-law",
                "Governing law",
                "The law of Ruritania applies.",
            ),
        ])
    }

    #[test]
    fn subsection_counts_never_pair_sections_across_a_gap() {
        // The reviewer's case: no "Payments", one subsection under
        // "Haftung" as under "Payments". Nothing says which is missing.
        let german = with_bodies(&[
            (
                2,
                "konten",
                "Konten",
                "Zum Bestellen brauchen Sie ein Konto.",
            ),
            (2, "haftung", "Haftung", "Wir haften nach dem Gesetz."),
            (
                3,
                "haftungsausschluss",
                "Haftungsausschluss",
                "Nicht für höhere Gewalt.",
            ),
            (
                2,
                "anwendbares-recht",
                "Anwendbares Recht",
                "Es gilt deutsches Recht.",
            ),
        ]);
        assert_eq!(named(&german, &terms_en()), []);
        // A mark of the text says where "Haftung" goes; then the run
        // after it is equal on both sides and pairs; the run before is not.
        let german = with_bodies(&[
            (
                2,
                "konten",
                "Konten",
                "Zum Bestellen brauchen Sie ein Konto.",
            ),
            (2, "haftung", "Haftung", "Wir haften bis zu 500 Euro."),
            (
                3,
                "haftungsausschluss",
                "Haftungsausschluss",
                "Nicht für höhere Gewalt.",
            ),
            (
                2,
                "anwendbares-recht",
                "Anwendbares Recht",
                "Es gilt das Recht von Ruritania.",
            ),
        ]);
        assert_eq!(
            named(&german, &terms_en()),
            [
                ("Haftung", "Liability"),
                ("Anwendbares Recht", "Governing law")
            ]
        );
    }

    #[test]
    fn a_section_added_in_the_middle_pairs_only_what_marks_anchor() {
        let source = with_bodies(&[
            (2, "a", "Who we are", "Hollowbrook Bakery, 12 Mill Lane."),
            (2, "b", "What we keep", "Your name."),
            (2, "c", "Your rights", "A copy."),
            (2, "d", "Contact", "privacy@hollowbrook.example"),
        ]);
        let translated = with_bodies(&[
            (2, "w", "Wer wir sind", "Hollowbrook Bakery, 12 Mill Lane."),
            (2, "x", "Was wir speichern", "Ihren Namen."),
            (2, "n", "Neu", "Etwas Neues."),
            (2, "y", "Ihre Rechte", "Eine Kopie."),
            (2, "z", "Kontakt", "privacy@hollowbrook.example"),
        ]);
        assert_eq!(
            named(&translated, &source),
            [("Wer wir sind", "Who we are"), ("Kontakt", "Contact")]
        );
    }

    #[test]
    fn a_section_removed_at_the_start_pairs_nothing_by_place() {
        let source = with_bodies(&[
            (2, "a", "Who we are", "About us."),
            (2, "b", "What we keep", "Your name."),
            (2, "c", "Your rights", "A copy."),
        ]);
        let translated = with_bodies(&[
            (2, "x", "Was wir speichern", "Ihren Namen."),
            (2, "y", "Ihre Rechte", "Eine Kopie."),
        ]);
        assert_eq!(named(&translated, &source), []);
        // A mark on the first section left places the gap at the start.
        let translated = with_bodies(&[
            (
                2,
                "x",
                "Was wir speichern",
                "Ihren Namen, 6 Jahre lang, seit 2019.",
            ),
            (2, "y", "Ihre Rechte", "Eine Kopie."),
        ]);
        let source = with_bodies(&[
            (2, "a", "Who we are", "About us."),
            (
                2,
                "b",
                "What we keep",
                "Your name, for 6 years, since 2019.",
            ),
            (2, "c", "Your rights", "A copy."),
        ]);
        assert_eq!(
            named(&translated, &source),
            [
                ("Was wir speichern", "What we keep"),
                ("Ihre Rechte", "Your rights")
            ]
        );
    }

    #[test]
    fn two_swapped_sections_are_never_paired_by_place() {
        let source = with_bodies(&[
            (2, "a", "Who we are", "About us."),
            (2, "b", "Cookies", "Kept for 13 months."),
            (2, "c", "Children", "Not for those under 16."),
            (2, "d", "Contact", "Write to us."),
        ]);
        let translated = with_bodies(&[
            (2, "w", "Wer wir sind", "Über uns."),
            (2, "y", "Kinder", "Nicht für Personen unter 16."),
            (2, "x", "Cookies von uns", "13 Monate lang gespeichert."),
            (2, "z", "Kontakt", "Schreiben Sie uns."),
        ]);
        let pairs = named(&translated, &source);
        assert!(!pairs.contains(&("Kinder", "Cookies")), "{pairs:?}");
        assert!(
            !pairs.contains(&("Cookies von uns", "Children")),
            "{pairs:?}"
        );
        assert_eq!(
            pairs,
            [("Wer wir sind", "Who we are"), ("Kontakt", "Contact")]
        );
    }

    #[test]
    fn a_mark_off_its_place_in_an_equal_outline_leaves_its_two_sections_out() {
        // The same four sections; "2019" is in the second English one and
        // the third German one: a coincidence or a move, either way no
        // pair for them, and the others still pair by place.
        let source = with_bodies(&[
            (2, "a", "Who we are", "About us."),
            (2, "b", "What we keep", "Since 2019, your name."),
            (2, "c", "Your rights", "A copy."),
            (2, "d", "Contact", "Write to us."),
        ]);
        let translated = with_bodies(&[
            (2, "w", "Wer wir sind", "Über uns."),
            (2, "x", "Was wir speichern", "Ihren Namen."),
            (2, "y", "Ihre Rechte", "Eine Kopie, seit 2019."),
            (2, "z", "Kontakt", "Schreiben Sie uns."),
        ]);
        assert_eq!(
            named(&translated, &source),
            [("Wer wir sind", "Who we are"), ("Kontakt", "Contact")]
        );
    }

    #[test]
    fn a_mark_found_in_several_sections_confirms_nothing() {
        let source = with_bodies(&[
            (2, "a", "Who we are", "Hollowbrook Bakery."),
            (2, "b", "What we keep", "Hollowbrook Bakery keeps names."),
            (2, "c", "Contact", "Hollowbrook Bakery."),
        ]);
        let translated = with_bodies(&[
            (
                2,
                "x",
                "Was wir speichern",
                "Hollowbrook Bakery speichert Namen.",
            ),
            (2, "y", "Kontakt", "Hollowbrook Bakery."),
        ]);
        assert_eq!(named(&translated, &source), []);
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
