//! What a reviewer reads from `policyc diff`, snapshotted for the `mixed`
//! fixture: one word changed, one link target changed, one section moved,
//! and re-wrapping and bullet noise that must stay quiet.

use crate::support::diff::case_dir;
use crate::support::policyc;

/// The stdout of `policyc diff old.md new.md --format <format>` on `mixed`.
fn render(format: &str) -> String {
    let dir = case_dir("mixed");
    // Relative paths, so that nothing machine-specific reaches the output.
    let output = policyc()
        .current_dir(&dir)
        .args(["diff", "old.md", "new.md", "--format", format])
        .output()
        .expect("run policyc diff");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the diff is UTF-8")
}

#[test]
fn text_output_of_a_mixed_change() {
    let text = render("text");
    assert!(!text.contains('\u{1b}'), "NO_COLOR output has no escapes");
    insta::assert_snapshot!(text);
}

#[test]
fn markdown_output_of_a_mixed_change() {
    insta::assert_snapshot!(render("markdown"));
}

#[test]
fn html_output_of_a_mixed_change() {
    insta::assert_snapshot!(render("html"));
}
