//! The diff's slow shapes stay fast and read right: a full rewrite, a
//! document without headings whose every paragraph changed, a product
//! renamed in 86 paragraphs, a clause inserted at the top that renumbers
//! 800 headings (`policyc_testkit::diff_shapes`, also benchmarked in
//! `benches/diff.rs`). Comparing every pair of sections or blocks took
//! from seconds to minutes on these. Their speed is measured in
//! `benches/diff.rs`, never here: these tests hold the verdicts.

use policyc::diff::{BlockEdit, Change, InlineEdit, diff_markdown};
use policyc_testkit::diff_shapes;

#[test]
fn every_paragraph_of_a_long_document_without_headings_changed() {
    let (old, new) = diff_shapes::every_paragraph_changed(1_600);
    let diff = diff_markdown(&old, &new);
    assert!(diff.changed);
    assert_eq!(diff.sections.len(), 1);
    let section = &diff.sections[0];
    assert_eq!(section.change, Change::Modified);
    assert_eq!(section.blocks.len(), 1_600);
    for b in &section.blocks {
        assert_eq!(b.change, BlockEdit::Modified, "{b:?}");
        let inserted: Vec<&str> = b
            .inline
            .iter()
            .filter(|op| op.op == InlineEdit::Insert)
            .map(|op| op.text.as_str())
            .collect();
        assert!(inserted.concat().contains("revised"), "{b:?}");
    }
}

#[test]
fn a_product_renamed_in_86_paragraphs_is_86_one_word_redlines() {
    let (old, new) = diff_shapes::renamed_product(300, 86);
    let diff = diff_markdown(&old, &new);
    assert_eq!(diff.sections.len(), 1);
    let blocks = &diff.sections[0].blocks;
    assert_eq!(blocks.len(), 86);
    for b in blocks {
        let changed: Vec<(InlineEdit, &str)> = b
            .inline
            .iter()
            .filter(|op| op.op != InlineEdit::Equal)
            .map(|op| (op.op, op.text.as_str()))
            .collect();
        assert_eq!(
            changed,
            [
                (InlineEdit::Delete, "Chirper"),
                (InlineEdit::Insert, "Burrowly")
            ]
        );
    }
}

#[test]
fn a_clause_inserted_at_the_top_renumbers_800_headings_without_moving_them() {
    let (old, new) = diff_shapes::renumbered(800);
    let diff = diff_markdown(&old, &new);
    let added: Vec<&str> = diff
        .sections
        .iter()
        .filter(|s| s.change == Change::Added)
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(added, ["1. Who we are"]);
    let renamed = diff
        .sections
        .iter()
        .filter(|s| s.change == Change::Renamed && !s.moved)
        .count();
    assert_eq!(renamed, 800);
    assert_eq!(diff.sections.len(), 801);
}

#[test]
fn a_full_rewrite_keeps_the_sections_it_kept() {
    let (old, new) = diff_shapes::rewrite(60 * 1024);
    let diff = diff_markdown(&old, &new);
    assert!(diff.changed);
    let count = |change: Change| diff.sections.iter().filter(|s| s.change == change).count();
    // Kept sections (same heading, some paragraphs edited) are modified,
    // not removed and added again; the rest is removed or new.
    assert!(count(Change::Modified) >= 5, "{:#?}", diff.sections);
    assert!(count(Change::Removed) > 0 && count(Change::Added) > 0);
    for s in diff
        .sections
        .iter()
        .filter(|s| s.change == Change::Modified)
    {
        assert!(!s.renamed, "{s:#?}");
    }
}
