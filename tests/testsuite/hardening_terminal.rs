//! One file cannot tie up CI or a terminal: a run of mistakes is reported
//! once, the human output stops after a few dozen errors per file, and no
//! control character a contributor wrote (in a file, a file name or a link
//! target) reaches the terminal or a CI log raw.

use std::os::unix::fs::symlink;
use std::process::Output;

use crate::support::Project;

/// stdout and stderr of a run, as text.
fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Fails if `text` holds a control character other than a newline ending
/// a line of output (a contributor's ESC, BEL, or a newline inside a path
/// that would start a forged `::error::` CI annotation).
fn assert_no_raw_controls(text: &str) {
    for (i, line) in text.lines().enumerate() {
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "line {} of the output holds a raw control character: {line:?}",
            i + 1
        );
        assert!(
            !line.starts_with("::error::"),
            "a forged CI annotation: {line:?}"
        );
    }
}

#[test]
fn a_run_of_braces_in_one_tag_is_one_error() {
    let project = Project::with_section_text(&"{".repeat(5_000));
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let braces = report.matching("the operator `{` cannot be used");
    assert_eq!(braces.len(), 1, "{report:#?}");
    braces[0].assert_at("policies/privacy/en-US.md", Some(7), Some(3));
}

#[test]
fn the_human_output_stops_after_fifty_errors_of_a_file_and_counts_the_rest() {
    let project = Project::with_section_text(&"{{ a + b }} ".repeat(120));
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(report.errors, 120, "JSON keeps every error");

    let (code, stderr) = project.check_human(&[]);
    assert_eq!(code, 1, "{stderr}");
    let shown = stderr
        .matches("× the operator `+` cannot be used in policy text")
        .count();
    assert_eq!(shown, 50, "{stderr}");
    assert!(
        stderr.contains("… and 70 more errors in policies/privacy/en-US.md"),
        "{stderr}"
    );
    assert!(stderr.contains("120 errors found"), "{stderr}");
}

#[test]
fn control_characters_in_a_source_line_are_not_printed_raw() {
    let project =
        Project::with_section_text("\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}\u{1b}[2J {{ nope }}");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1);
    // Columns count characters, control characters included.
    report.find("undefined variable `nope`").assert_at(
        "policies/privacy/en-US.md",
        Some(7),
        Some(33),
    );

    let output = project.cmd().arg("check").output().expect("run check");
    let text = printed(&output);
    assert_no_raw_controls(&text);
    assert!(text.contains("[policies/privacy/en-US.md:7:33]"), "{text}");
    // The quote keeps one character per character, so the caret is right.
    let quote = text
        .lines()
        .find(|l| l.contains("{{ nope }}"))
        .expect("the line is quoted");
    let caret = text.lines().find(|l| l.contains('┬')).expect("a caret");
    let nope = quote[..quote.find("nope").expect("nope")].chars().count();
    // The underline starts under the `n` of `nope`.
    let underline = caret.chars().position(|c| c == '─' || c == '┬');
    assert_eq!(underline, Some(nope), "{text}");
    assert!(quote.contains('\u{fffd}'), "{text}");
}

#[test]
fn a_link_target_with_escapes_and_a_newline_is_printed_escaped() {
    let project = Project::minimal();
    let link = project.root().join("policies/privacy/en-US.md");
    std::fs::remove_file(&link).expect("remove");
    symlink("/etc/\u{1b}[31mX\n::error::fake", &link).expect("make the link");
    let output = project.cmd().arg("check").output().expect("run check");
    assert_eq!(output.status.code(), Some(1));
    let text = printed(&output);
    assert_no_raw_controls(&text);
    assert!(text.contains(r"/etc/\u{1b}[31mX\n::error::fake"), "{text}");
}

#[test]
fn a_folder_name_with_escapes_is_printed_escaped() {
    let project = Project::minimal();
    std::fs::create_dir(project.root().join("policies/x\u{1b}]0;T\u{7}")).expect("mkdir");
    let output = project.cmd().arg("check").output().expect("run check");
    assert_eq!(output.status.code(), Some(1), "{}", printed(&output));
    let text = printed(&output);
    assert_no_raw_controls(&text);
    assert!(text.contains(r"policies/x\u{1b}]0;T\u{7}"), "{text}");
}

#[test]
fn raw_html_nested_past_100_levels_is_an_error_at_the_element_too_deep() {
    // Enough to show the cap; 50,000 levels took minutes before it.
    let body = format!("{}x{}", "<div>".repeat(2_000), "</div>".repeat(2_000));
    let project = Project::with_section_text(&body);
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    let deep = report.find("raw HTML is nested more than 100 elements deep");
    // The 101st `<div>` starts at character 501 of line 7.
    deep.assert_at("policies/privacy/en-US.md", Some(7), Some(501));
    assert!(deep.help().contains("close the elements"), "{deep:?}");
    project.assert_build_fails_without_output();
}

#[test]
fn raw_html_nested_100_levels_deep_is_accepted() {
    let body = format!(
        "{}x{}<br><img src=\"a.png\" alt=\"\"/>",
        "<div>".repeat(100),
        "</div>".repeat(100)
    );
    let project = Project::with_section_text(&format!("{body}\n\n{body}"));
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
}

#[test]
fn control_characters_in_compared_text_are_printed_escaped_by_diff() {
    let project = Project::empty();
    project.write("old.md", "## Data \u{1b}]0;T\u{7} {#data}\n\nWe keep it.\n");
    project.write(
        "new.md",
        "## Data \u{1b}]0;T\u{7} {#data}\n\nWe keep it \u{1b}[2J for [a year](https://x.test/\u{1b}[31m).\n",
    );
    let output = project
        .cmd()
        .arg("diff")
        .arg(project.root().join("old.md"))
        .arg(project.root().join("new.md"))
        .output()
        .expect("run diff");
    let text = printed(&output);
    assert!(text.contains("Data"), "{text}");
    assert_no_raw_controls(&text);
    assert!(text.contains(r"\u{1b}"), "{text}");
}
