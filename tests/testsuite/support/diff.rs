//! Helpers shared by the diff tests: the fixture pairs under
//! `tests/fixtures/diff/<case>/{old,new}.md` and short views of a diff.

use std::path::PathBuf;

use policyc::diff::{Change, Class, DocDiff, InlineEdit, InlineOp, SectionChange, diff_markdown};

/// `tests/fixtures/diff/<case>/`.
pub fn case_dir(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(case)
}

/// Every case under `tests/fixtures/diff/`, sorted.
pub fn all_cases() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| {
            e.expect("a fixture entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    cases.sort();
    cases
}

/// The old and new Markdown of a fixture pair.
pub fn fixture(case: &str) -> (String, String) {
    let read = |name: &str| {
        let path = case_dir(case).join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    (read("old.md"), read("new.md"))
}

/// The library's diff of a fixture pair.
pub fn diff_case(case: &str) -> DocDiff {
    let (old, new) = fixture(case);
    diff_markdown(&old, &new)
}

/// Each reported section as (id, change, class), in report order.
pub fn summary(diff: &DocDiff) -> Vec<(String, Change, Class)> {
    diff.sections
        .iter()
        .map(|s| (s.id.clone(), s.change, s.class))
        .collect()
}

/// Asserts the sections reported, in order, with their change and class.
#[track_caller]
pub fn assert_sections(diff: &DocDiff, expected: &[(&str, Change, Class)]) {
    let expected: Vec<(String, Change, Class)> = expected
        .iter()
        .map(|(id, change, class)| (id.to_string(), *change, *class))
        .collect();
    assert_eq!(summary(diff), expected, "full diff: {diff:#?}");
}

/// The one section reported under `id`.
#[track_caller]
pub fn section<'a>(diff: &'a DocDiff, id: &str) -> &'a SectionChange {
    match diff
        .sections
        .iter()
        .filter(|s| s.id == id)
        .collect::<Vec<_>>()[..]
    {
        [s] => s,
        ref found => panic!(
            "expected one section #{id}, found {}: {diff:#?}",
            found.len()
        ),
    }
}

/// The changed runs of a redline, as (op, text) with the text trimmed.
pub fn edits(ops: &[InlineOp]) -> Vec<(InlineEdit, String)> {
    ops.iter()
        .filter(|op| op.op != InlineEdit::Equal)
        .map(|op| (op.op, op.text.trim().to_string()))
        .collect()
}
