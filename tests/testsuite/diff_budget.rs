//! `policyc diff --format markdown --max-bytes N`: a report that fits a
//! pull-request comment keeps its summary table, shows whole changes while
//! they fit, and counts the ones left out.

use std::process::Output;

use crate::support::diff::case_dir;
use crate::support::{Project, policyc};

/// A GitHub comment's limit, the Markdown format's default budget.
const GITHUB_COMMENT: usize = 65_536;

fn markdown(project: &Project, extra: &[&str]) -> String {
    let output = project
        .cmd()
        .args(["diff", "--format", "markdown"])
        .args(extra)
        .output()
        .expect("run policyc diff");
    stdout(output)
}

fn stdout(output: Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("Markdown is UTF-8")
}

/// The lines that start a change (a title, a section, a withdrawal).
fn changes(markdown: &str) -> usize {
    markdown.lines().filter(|l| l.starts_with("- **")).count()
}

#[test]
fn a_first_publication_of_the_example_fits_a_comment_with_its_table_and_a_count_of_the_rest() {
    // Never released: every page is new, and the whole report is far
    // larger than a comment.
    let project = Project::example();
    let whole = markdown(&project, &["--max-bytes", "0"]);
    assert!(whole.len() > 100_000, "{}", whole.len());
    let cut = markdown(&project, &[]);
    assert!(cut.len() <= GITHUB_COMMENT, "{} bytes", cut.len());
    assert_eq!(cut, markdown(&project, &["--max-bytes", "65536"]));

    // The summary table is whole: one row per document, as in the full report.
    let rows = |md: &str| -> Vec<String> {
        md.lines()
            .filter(|l| l.starts_with("| ") && l.contains("(`"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(rows(&cut), rows(&whole));
    assert_eq!(rows(&cut).len(), 3);

    // What is shown is the start of the full report, cut between changes,
    // and the last line counts exactly the changes left out.
    let (shown, note) = cut
        .rsplit_once("\n**")
        .expect("a cut report ends with its count");
    assert!(whole.starts_with(shown), "not a prefix of the full report");
    let rest = &whole[shown.len()..];
    assert!(
        rest.starts_with("\n### ") || rest.starts_with("- **"),
        "cut inside a change: {:?}",
        &rest[..80]
    );
    let omitted = changes(&whole) - changes(shown);
    assert!(omitted > 0);
    assert_eq!(
        note,
        format!(
            "{omitted} more changes are not shown here**, to keep this comment within 65,536 bytes: the full redline is in the HTML report (`policyc diff --format html > redline.html`), attached to this job as an artifact.\n"
        )
    );
    // No `<details>` is left open.
    assert_eq!(
        shown.matches("<details>").count(),
        shown.matches("</details>").count()
    );

    // A smaller budget shows fewer changes, and still the whole table.
    let small = markdown(&project, &["--max-bytes", "4000"]);
    assert!(small.len() <= 4000, "{}", small.len());
    assert_eq!(rows(&small), rows(&whole));
    assert!(changes(&small) < changes(shown));
}

#[test]
fn a_small_diff_is_the_same_whatever_the_budget() {
    let dir = case_dir("mixed");
    let run = |extra: &[&str]| {
        stdout(
            policyc()
                .arg("diff")
                .arg(dir.join("old.md"))
                .arg(dir.join("new.md"))
                .args(["--format", "markdown"])
                .args(extra)
                .output()
                .expect("run policyc diff"),
        )
    };
    let whole = run(&["--max-bytes", "0"]);
    assert!(whole.contains("- **"), "{whole}");
    assert_eq!(run(&[]), whole);
    assert_eq!(run(&["--max-bytes", &whole.len().to_string()]), whole);
    // One byte less, and the last change no longer fits.
    let cut = run(&["--max-bytes", &(whole.len() - 1).to_string()]);
    assert!(cut.contains("more change"), "{cut}");
}

#[test]
fn max_bytes_is_for_the_markdown_format_only() {
    let dir = case_dir("mixed");
    for format in ["json", "html", "text"] {
        let output = policyc()
            .arg("diff")
            .arg(dir.join("old.md"))
            .arg(dir.join("new.md"))
            .args(["--format", format, "--max-bytes", "100"])
            .output()
            .expect("run policyc diff");
        assert_eq!(output.status.code(), Some(2), "{format}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("--max-bytes applies to --format markdown only"),
            "{stderr}"
        );
    }
}
