//! The diff on shapes of edit found in real policy histories
//! (`tests/fixtures/diff/rw-*/`): a paragraph re-flowed in an editor that
//! writes CRLF and a BOM, a clause inserted that renumbers the numbered
//! headings after it, a "Last updated" line, two table columns swapped, a
//! list numbered `1. 1. 1.` then `1. 2. 3.`, CRLF and a BOM alone, and
//! typographic quotes and dashes.

use policyc::diff::{BlockEdit, Change, Class, InlineEdit};
use serde_json::Value;

use crate::support::diff::{assert_sections, case_dir, diff_case, edits, section};
use crate::support::policyc;

use Change::{Added, Modified, Renamed};
use Class::{Formatting, Text};

/// `policyc diff old.md new.md --format json` on a fixture pair: the files
/// read as the command reads them (a BOM, CRLF).
fn json_of_case(case: &str) -> Value {
    let dir = case_dir(case);
    let output = policyc()
        .arg("diff")
        .arg(dir.join("old.md"))
        .arg(dir.join("new.md"))
        .args(["--format", "json"])
        .output()
        .expect("run policyc diff");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// (id, change, class) of each section of a JSON report's one document.
fn json_sections(json: &Value) -> Vec<(String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    json["documents"][0]["sections"]
        .as_array()
        .map(|sections| {
            sections
                .iter()
                .map(|x| (s(&x["id"]), s(&x["change"]), s(&x["class"])))
                .collect()
        })
        .unwrap_or_default()
}

fn strings(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn a_paragraph_rewrapped_with_trailing_spaces_crlf_and_a_bom_is_formatting_only() {
    let bytes = std::fs::read(case_dir("rw-reflow-crlf-bom").join("new.md")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()) && bytes.windows(3).any(|w| w == b" \r\n"));
    let json = json_of_case("rw-reflow-crlf-bom");
    assert_eq!(json["changed"], false);
    assert_eq!(json["documents"][0]["title"], "Privacy Notice");
    assert!(
        json["documents"][0]["titles"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        json_sections(&json),
        strings(&[
            ("keep", "modified", "formatting"),
            ("questions", "modified", "formatting"),
        ])
    );
}

#[test]
fn crlf_line_endings_and_a_bom_alone_are_formatting_only() {
    let json = json_of_case("rw-crlf-bom");
    assert_eq!(json["changed"], false);
    assert!(
        json_sections(&json)
            .iter()
            .all(|(_, change, class)| change == "modified" && class == "formatting"),
        "{json:#}"
    );
}

/// Found: the inserted clause is added (text), and each heading whose
/// number moved is renamed (text), with its old heading, whether the
/// headings have ids or not. Kept: the number is part of the heading a
/// reader sees, and each rename reads as one short line ("4. Sharing (was
/// 3. Sharing)"); a document of hundreds of numbered sections gets as many
/// lines, which a summary of mechanical renumbering could fold.
#[test]
fn a_clause_inserted_before_numbered_headings_is_added_and_each_renumbered_heading_renamed() {
    for (case, ids) in [
        (
            "rw-renumbered-headings",
            ["live", "sharing", "returns", "contact"],
        ),
        (
            "rw-renumbered-headings-no-ids",
            ["3-live-deliveries", "4-sharing", "5-returns", "6-contact"],
        ),
    ] {
        let diff = diff_case(case);
        assert!(diff.changed, "{case}");
        assert_sections(
            &diff,
            &[
                (ids[0], Added, Text),
                (ids[1], Renamed, Text),
                (ids[2], Renamed, Text),
                (ids[3], Renamed, Text),
            ],
        );
        let sharing = section(&diff, ids[1]);
        assert_eq!(sharing.heading, "4. Sharing");
        assert_eq!(sharing.old_heading.as_deref(), Some("3. Sharing"));
        // Only the number moved: no block of the renamed sections changed.
        for id in &ids[1..] {
            assert!(section(&diff, id).blocks.is_empty(), "{case} #{id}");
        }
    }
}

#[test]
fn a_last_updated_line_edited_is_a_text_change_in_the_introduction_only() {
    let diff = diff_case("rw-last-updated");
    assert!(diff.changed);
    assert_sections(&diff, &[("", Modified, Text)]);
    let intro = section(&diff, "");
    assert_eq!(intro.blocks.len(), 1);
    assert_eq!(
        edits(&intro.blocks[0].inline),
        [
            (InlineEdit::Delete, "March".into()),
            (InlineEdit::Insert, "June".into()),
            (InlineEdit::Delete, "3".into()),
            (InlineEdit::Insert, "17".into()),
        ]
    );
}

#[test]
fn a_list_numbered_one_one_one_then_one_two_three_is_formatting_only() {
    let diff = diff_case("rw-list-lazy-numbers");
    assert!(!diff.changed);
    assert_sections(&diff, &[("access", Modified, Formatting)]);
}

#[test]
fn two_table_columns_swapped_is_a_text_change_in_every_row() {
    let diff = diff_case("rw-table-columns-swapped");
    assert!(diff.changed);
    assert_sections(&diff, &[("retention", Modified, Text)]);
    let blocks = &section(&diff, "retention").blocks;
    // The header and the three rows, each modified, nothing else.
    assert_eq!(blocks.len(), 4, "{blocks:#?}");
    assert!(blocks.iter().all(|b| b.change == BlockEdit::Modified));
}

/// Each piece of a row's redline that is not kept is whole cells, so that
/// a reader sees the cells change places ("Order records | {+Tax law | +}Six
/// years[- | Tax law-]"), not words of two cells paired with each other
/// ("[-Six-]{+Tax+} [-years-]{+law+}"), which reads as if "Six years" had
/// become "Tax law".
#[test]
fn two_table_columns_swapped_show_whole_cells_moving() {
    let diff = diff_case("rw-table-columns-swapped");
    for block in &section(&diff, "retention").blocks {
        let cells: Vec<&str> = [&block.old, &block.new]
            .into_iter()
            .flatten()
            .flat_map(|row| row.split(" | "))
            .collect();
        for (_, text) in edits(&block.inline) {
            for piece in text.trim_matches(['|', ' ']).split(" | ") {
                assert!(
                    cells.contains(&piece),
                    "`{piece}` is part of a cell: {block:#?}"
                );
            }
        }
    }
}

#[test]
fn curly_quotes_and_apostrophes_for_straight_ones_are_not_reported() {
    let diff = diff_case("rw-smart-punctuation");
    let living = section(&diff, "living");
    // The paragraph with quotes is not among the changed blocks.
    assert!(
        living
            .blocks
            .iter()
            .flat_map(|b| [&b.old, &b.new])
            .flatten()
            .all(|t| !t.starts_with("Cultures")),
        "{living:#?}"
    );
}

/// Decided: dashes are typography, as quotes are. An editor's smart
/// punctuation turns `-` between words into an en dash and `--` into an em
/// dash; a reader reads the same sentence. Every run of hyphen and dash
/// characters (`-`, `‐`, `‑`, `‒`, `–`, `—`, `―`, `−`) should compare as
/// one `-`.
#[test]
fn dashes_for_hyphens_are_formatting_only() {
    let diff = diff_case("rw-smart-punctuation");
    assert!(!diff.changed, "{diff:#?}");
    assert_sections(&diff, &[("living", Modified, Formatting)]);
}
