//! Properties of the semantic diff on generated policies (words, numbers,
//! punctuation, quotes, emphasis, links, lists, quotes and tables; see
//! `support::generated`): a document equals itself, formatting noise never
//! reads as a change of text, a changed target alone is a links change,
//! any changed word is a text change of exactly its section, and every
//! section added, removed or moved is reported.

use policyc::diff::{BlockEdit, Change, Class, DocDiff, InlineEdit, LinkChange, diff_markdown};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::support::generated::{
    Doc, Place, Section, TARGETS, WORDS, atoms, doc, links, render, section, style, units,
};

fn shown(old: &str, new: &str, diff: &DocDiff) -> String {
    format!("--- old:\n{old}\n--- new:\n{new}\n--- diff: {diff:#?}")
}

/// `doc` with a first section at level 2, so that it is made of whole
/// units (see `units`).
fn in_units(mut doc: Doc) -> Doc {
    doc.sections[0].level = 2;
    doc
}

/// Asserts that the diff reports exactly one section, `id`, as a text
/// change, with redlines that spell out both versions.
fn assert_one_text_change(old: &str, new: &str, id: &str) -> Result<(), TestCaseError> {
    let diff = diff_markdown(old, new);
    prop_assert!(diff.changed, "{}", shown(old, new, &diff));
    prop_assert_eq!(diff.sections.len(), 1, "{}", shown(old, new, &diff));
    prop_assert_eq!(&diff.sections[0].id, id);
    prop_assert_eq!(diff.sections[0].class, Class::Text);
    // No target changed: a link whose text changed is part of the redline.
    prop_assert!(
        diff.sections[0].links.is_empty(),
        "{}",
        shown(old, new, &diff)
    );
    for b in diff.sections[0]
        .blocks
        .iter()
        .filter(|b| b.change == BlockEdit::Modified)
    {
        let join = |skip: InlineEdit| -> String {
            b.inline
                .iter()
                .filter(|op| op.op != skip)
                .map(|op| op.text.as_str())
                .collect()
        };
        prop_assert_eq!(b.old.clone(), Some(join(InlineEdit::Insert)));
        prop_assert_eq!(b.new.clone(), Some(join(InlineEdit::Delete)));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_document_compared_with_itself_is_unchanged(doc in doc(), style in style()) {
        let md = render(&doc, &style);
        let diff = diff_markdown(&md, &md);
        prop_assert!(!diff.changed, "{}", shown(&md, &md, &diff));
        prop_assert!(diff.title.is_none());
        prop_assert!(diff.sections.is_empty(), "{}", shown(&md, &md, &diff));
    }

    /// Re-wrapping, bullet and emphasis markers, quotes, reference links,
    /// table padding, comments, blank lines, heading levels…
    #[test]
    fn formatting_only_changes_are_never_a_text_change(
        doc in doc(),
        before in style(),
        after in style(),
    ) {
        let (old, new) = (render(&doc, &before), render(&doc, &after));
        let diff = diff_markdown(&old, &new);
        prop_assert!(!diff.changed, "{}", shown(&old, &new, &diff));
        prop_assert!(diff.title.is_none());
        prop_assert!(
            diff.sections.iter().all(|s| s.class == Class::Formatting
                && s.blocks.is_empty()
                && s.links.is_empty()),
            "{}",
            shown(&old, &new, &diff)
        );
    }

    /// Any word or number, in a heading, a paragraph, a list, a quote, a
    /// table cell or a link's text.
    #[test]
    fn one_replaced_word_changes_exactly_the_section_holding_it(
        doc in doc(),
        style in style(),
        at in any::<Index>(),
        shift in 1..WORDS.len(),
    ) {
        let mut edited = doc.clone();
        let mut atoms = atoms(&mut edited);
        let atom = at.get_mut(&mut atoms);
        atom.atom.change(shift);
        let id = atom.id.clone();
        let (old, new) = (render(&doc, &style), render(&edited, &style));
        assert_one_text_change(&old, &new, &id)?;
    }

    /// The same, for the atoms a plain-word document lacks: numbers, table
    /// cells and the words of a link (whose target stays the same).
    #[test]
    fn a_changed_number_table_cell_or_link_text_is_a_text_change(
        doc in doc(),
        style in style(),
        at in any::<Index>(),
        shift in 1..WORDS.len(),
    ) {
        let mut edited = doc.clone();
        let mut atoms: Vec<_> = atoms(&mut edited)
            .into_iter()
            .filter(|a| {
                matches!(a.place, Place::LinkText | Place::TableCell)
                    || matches!(a.atom, crate::support::generated::Atom::Number(_))
            })
            .collect();
        prop_assume!(!atoms.is_empty());
        let atom = at.get_mut(&mut atoms);
        atom.atom.change(shift);
        let id = atom.id.clone();
        let (old, new) = (render(&doc, &style), render(&edited, &style));
        assert_one_text_change(&old, &new, &id)?;
    }

    #[test]
    fn a_changed_link_target_alone_is_a_links_change(
        doc in doc(),
        style in style(),
        at in any::<Index>(),
        shift in 1..TARGETS.len(),
    ) {
        let mut edited = doc.clone();
        let mut links = links(&mut edited);
        prop_assume!(!links.is_empty());
        let link = at.get_mut(&mut links);
        let before = *link.target;
        *link.target = (before + shift) % TARGETS.len();
        let expected = LinkChange {
            text: link.text.clone(),
            old: Some(TARGETS[before].to_string()),
            new: Some(TARGETS[*link.target].to_string()),
        };
        let id = link.id.clone();
        let (old, new) = (render(&doc, &style), render(&edited, &style));
        let diff = diff_markdown(&old, &new);
        prop_assert!(!diff.changed, "a links change does not move the date: {}", shown(&old, &new, &diff));
        prop_assert_eq!(diff.sections.len(), 1, "{}", shown(&old, &new, &diff));
        let s = &diff.sections[0];
        prop_assert_eq!(&s.id, &id);
        prop_assert_eq!(s.class, Class::Links, "{}", shown(&old, &new, &diff));
        prop_assert!(s.blocks.is_empty(), "{}", shown(&old, &new, &diff));
        prop_assert_eq!(&s.links, &vec![expected]);
    }

    /// The words and a link of one section changed: a text change, which
    /// moves the date, whatever else is reported.
    #[test]
    fn a_changed_link_target_with_a_changed_word_is_a_text_change(
        doc in doc(),
        style in style(),
        link_at in any::<Index>(),
        word_at in any::<Index>(),
        shift in 1..TARGETS.len(),
    ) {
        let mut edited = doc.clone();
        let id = {
            let mut links = links(&mut edited);
            prop_assume!(!links.is_empty());
            let link = link_at.get_mut(&mut links);
            *link.target = (*link.target + shift) % TARGETS.len();
            link.id.clone()
        };
        let mut atoms: Vec<_> = atoms(&mut edited).into_iter().filter(|a| a.id == id).collect();
        prop_assume!(!atoms.is_empty());
        word_at.get_mut(&mut atoms).atom.change(shift);
        let (old, new) = (render(&doc, &style), render(&edited, &style));
        let diff = diff_markdown(&old, &new);
        prop_assert!(diff.changed, "{}", shown(&old, &new, &diff));
        prop_assert_eq!(diff.sections.len(), 1, "{}", shown(&old, &new, &diff));
        prop_assert_eq!(&diff.sections[0].id, &id);
        prop_assert_eq!(diff.sections[0].class, Class::Text, "{}", shown(&old, &new, &diff));
    }

    #[test]
    fn every_removed_section_is_reported_and_nothing_else(
        doc in doc(),
        style in style(),
        at in any::<Index>(),
    ) {
        let doc = in_units(doc);
        let units = units(&doc);
        let unit = at.get(&units).clone();
        let mut edited = doc.clone();
        let gone: Vec<String> = edited.sections.drain(unit).map(|s| format!("s{}", s.id)).collect();
        prop_assume!(!edited.sections.is_empty());
        let (old, new) = (render(&doc, &style), render(&edited, &style));
        let diff = diff_markdown(&old, &new);
        prop_assert!(diff.changed, "{}", shown(&old, &new, &diff));
        let reported: Vec<(String, Change, Class)> =
            diff.sections.iter().map(|s| (s.id.clone(), s.change, s.class)).collect();
        let expected: Vec<(String, Change, Class)> =
            gone.into_iter().map(|id| (id, Change::Removed, Class::Text)).collect();
        prop_assert_eq!(reported, expected, "{}", shown(&old, &new, &diff));
    }

    #[test]
    fn every_added_section_is_reported_and_nothing_else(
        doc in doc(),
        style in style(),
        added in prop::collection::vec(section(), 1..3),
        at in any::<Index>(),
    ) {
        let doc = in_units(doc);
        let boundaries: Vec<usize> = units(&doc)
            .iter()
            .map(|u| u.start)
            .chain([doc.sections.len()])
            .collect();
        let at = *at.get(&boundaries);
        let added: Vec<Section> = added
            .into_iter()
            .enumerate()
            .map(|(k, s)| Section { id: 100 + k, level: if k == 0 { 2 } else { 3 }, ..s })
            .collect();
        let ids: Vec<String> = added.iter().map(|s| format!("s{}", s.id)).collect();
        let mut edited = doc.clone();
        edited.sections.splice(at..at, added);
        let (old, new) = (render(&doc, &style), render(&edited, &style));
        let diff = diff_markdown(&old, &new);
        prop_assert!(diff.changed, "{}", shown(&old, &new, &diff));
        let reported: Vec<(String, Change, Class)> =
            diff.sections.iter().map(|s| (s.id.clone(), s.change, s.class)).collect();
        let expected: Vec<(String, Change, Class)> =
            ids.into_iter().map(|id| (id, Change::Added, Class::Text)).collect();
        prop_assert_eq!(reported, expected, "{}", shown(&old, &new, &diff));
    }

    /// A section moved with its subsections: one top-level section is
    /// reported as moved (the one moved, or, when two swap, either), as a
    /// text change, and nothing else.
    #[test]
    fn a_moved_section_is_reported_once_as_a_text_change(
        doc in doc(),
        style in style(),
        from in any::<Index>(),
        to in any::<Index>(),
    ) {
        prop_assume!(doc.sections.len() >= 2);
        let mut doc = in_units(doc);
        doc.sections[1].level = 2;
        let units = units(&doc);
        // Any other place: `to` indexes the order once the unit is taken out.
        let from = from.index(units.len());
        let to = to.index(units.len() - 1);
        let to = if to >= from { to + 1 } else { to };
        let mut order: Vec<std::ops::Range<usize>> = units.clone();
        let unit = order.remove(from);
        order.insert(to, unit);
        let mut edited = doc.clone();
        edited.sections = order.into_iter().flat_map(|r| doc.sections[r].to_vec()).collect();
        let roots: Vec<String> = units.iter().map(|u| format!("s{}", doc.sections[u.start].id)).collect();
        let (old, new) = (render(&doc, &style), render(&edited, &style));
        let diff = diff_markdown(&old, &new);
        prop_assert!(diff.changed, "{}", shown(&old, &new, &diff));
        prop_assert_eq!(diff.sections.len(), 1, "{}", shown(&old, &new, &diff));
        let s = &diff.sections[0];
        prop_assert!(roots.contains(&s.id), "{}", shown(&old, &new, &diff));
        prop_assert_eq!((s.change, s.class, s.moved), (Change::Moved, Class::Text, true));
        prop_assert!(s.blocks.is_empty());
    }
}
