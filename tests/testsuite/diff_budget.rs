//! `policyc diff --format markdown --max-bytes N`: a report that fits a
//! pull-request comment keeps its summary table, shows whole changes while
//! they fit, and counts the ones left out.

use std::path::Path;
use std::process::Output;

use crate::support::diff::case_dir;
use crate::support::git::{self, Repo};
use crate::support::{Project, bin, policyc};

/// A GitHub comment's limit, in characters.
const GITHUB_COMMENT: usize = 65_536;

/// The Markdown format's default budget: a GitHub comment, less room for
/// what a workflow adds.
const DEFAULT_BUDGET: usize = 64_000;

/// What `marocchino/sticky-pull-request-comment@v2` appends to the report
/// it posts (with `header: policyc-diff`, as docs/ci/github-actions.yml).
const STICKY_MARKER: &str = "\n<!-- Sticky Pull Request Commentpolicyc-diff -->";

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
    // A section's change starts `- **`; under "Tables", each line is a
    // table's change.
    let mut in_tables = false;
    markdown
        .lines()
        .filter(|l| {
            if l.starts_with("### ") {
                in_tables = *l == "### Tables";
            }
            l.starts_with("- **") || (in_tables && l.starts_with("- "))
        })
        .count()
}

#[test]
fn a_first_publication_of_the_example_fits_a_comment_with_its_table_and_a_count_of_the_rest() {
    // Never released: every page is new, and the whole report is far
    // larger than a comment.
    let project = Project::example();
    let whole = markdown(&project, &["--max-bytes", "0"]);
    assert!(whole.len() > 100_000, "{}", whole.len());
    let cut = markdown(&project, &[]);
    assert!(cut.len() <= DEFAULT_BUDGET, "{} bytes", cut.len());
    assert_eq!(cut, markdown(&project, &["--max-bytes", "64000"]));

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
        rest.starts_with("\n### ") || rest.starts_with("- "),
        "cut inside a change: {:?}",
        &rest[..80]
    );
    let omitted = changes(&whole) - changes(shown);
    assert!(omitted > 0);
    assert_eq!(
        note,
        format!(
            "{omitted} more changes are not shown here**, to keep this comment within 64,000 bytes: the full redline is in the HTML report (`policyc --root {} diff --format html > redline.html`), attached to this job as an artifact.\n",
            project.root().display()
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

#[test]
fn the_default_budget_leaves_room_for_the_sticky_comment_marker_and_a_heading() {
    // A report the default budget cuts, posted as the workflow posts it:
    // the action's marker appended, and a heading a workflow may add.
    let project = Project::example();
    let cut = markdown(&project, &[]);
    assert!(
        cut.contains("not shown here"),
        "not cut: {} bytes",
        cut.len()
    );
    let posted = format!("### Policy review\n\n{cut}{STICKY_MARKER}");
    assert!(
        posted.chars().count() <= GITHUB_COMMENT,
        "{} characters",
        posted.chars().count()
    );
    // More than a kilobyte to spare.
    assert!(cut.chars().count() + 1024 <= GITHUB_COMMENT);
    assert!(
        cut.contains("within 64,000 bytes"),
        "{}",
        &cut[cut.len() - 300..]
    );
}

/// The Markdown report's last line, the one counting what was left out.
fn closing_line(markdown: &str) -> &str {
    markdown
        .trim_end()
        .rsplit_once("\n")
        .map(|(_, last)| last)
        .filter(|last| last.starts_with("**"))
        .unwrap_or_else(|| panic!("no closing line:\n{markdown}"))
}

/// The command a cut report names for the whole redline.
fn redline_command(markdown: &str) -> String {
    let line = closing_line(markdown);
    let start = line.find("(`").expect("a command in backticks") + 2;
    let end = line[start..].find("`)").expect("the command's end") + start;
    line[start..end].to_string()
}

/// Runs `command` (as a shell takes it) in `dir`, with the policyc under
/// test first on PATH and `env`; returns the redline it writes.
fn run_redline_command(
    command: &str,
    dir: &Path,
    env: Vec<(&'static str, std::ffi::OsString)>,
) -> String {
    let bin_dir = bin().parent().expect("the binary's folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("a PATH");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .envs(env)
        .env("PATH", path)
        .output()
        .expect("run sh");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{command}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_to_string(dir.join("redline.html")).expect("the redline was written")
}

#[test]
fn a_cut_report_against_a_base_names_the_base_in_its_redline_command() {
    if !git::available() {
        return;
    }
    // A pull request that edits the terms and holds its release: against
    // its own last release, `policyc diff` has nothing to show.
    let repo = Repo::new();
    git::copy_example(repo.path());
    repo.commit_all("The released example");
    repo.git(&["checkout", "--quiet", "-b", "pr"]);
    let terms = "policies/terms/en-US.md";
    let text = repo.read(terms);
    let edited = text.replace("a few days before", "three days before");
    assert_ne!(text, edited, "the example's terms changed");
    repo.write(terms, edited);
    let release = repo
        .policyc("")
        .args(["release", "-m", "Trial reminder", "--date", "2026-12-01"])
        .args(["--today", "2026-12-01"])
        .output()
        .expect("run policyc release");
    assert_eq!(release.status.code(), Some(0));
    repo.commit_all("Trial reminder, released");

    let output = repo
        .policyc("")
        .args(["diff", "--base", "main", "--format", "markdown"])
        .args(["--max-bytes", "600"])
        .output()
        .expect("run policyc diff");
    let cut = stdout(output);
    let command = redline_command(&cut);
    assert_eq!(
        command,
        format!(
            "policyc --root {} diff --base main --format html > redline.html",
            repo.join("").display()
        )
    );
    // The command, run as given, writes the redline of that change.
    let out = tempfile::tempdir().expect("a folder");
    let html = run_redline_command(&command, out.path(), repo.env());
    assert!(html.contains("three"), "{html}");
    assert!(!html.contains("No changes."), "{html}");
}

#[test]
fn a_cut_report_names_the_comparison_it_was_asked_for() {
    let dir = case_dir("mixed");
    let old = dir.join("old.md");
    let new = dir.join("new.md");
    let whole = stdout(
        policyc()
            .arg("diff")
            .args([&old, &new])
            .args(["--format", "markdown", "--max-bytes", "0"])
            .output()
            .expect("run policyc diff"),
    );
    let cut = stdout(
        policyc()
            .arg("diff")
            .args([&old, &new])
            .args(["--format", "markdown", "--max-bytes"])
            .arg((whole.len() - 1).to_string())
            .output()
            .expect("run policyc diff"),
    );
    assert_eq!(
        redline_command(&cut),
        format!(
            "policyc diff {} {} --format html > redline.html",
            old.display(),
            new.display()
        )
    );

    // Two projects, one of them in a folder with a space and a quote.
    let from = Project::example();
    let parent = Project::empty();
    let to = parent.root().join("new policy's");
    let copy = std::process::Command::new("cp")
        .arg("-R")
        .arg(from.root())
        .arg(&to)
        .status()
        .expect("run cp");
    assert!(copy.success());
    let terms = to.join("policies/terms/en-US.md");
    let text = std::fs::read_to_string(&terms).expect("the terms");
    std::fs::write(
        &terms,
        text.replace("a few days before", "three days before"),
    )
    .expect("edit the terms");
    let cut = stdout(
        policyc()
            .arg("diff")
            .arg("--from")
            .arg(from.root())
            .arg("--to")
            .arg(&to)
            .args(["--format", "markdown", "--max-bytes", "400"])
            .output()
            .expect("run policyc diff"),
    );
    let command = redline_command(&cut);
    assert_eq!(
        command,
        format!(
            "policyc diff --from {} --to '{}' --format html > redline.html",
            from.root().display(),
            to.display().to_string().replace('\'', "'\\''")
        )
    );
    let html = run_redline_command(&command, parent.root(), Vec::new());
    assert!(html.contains("three"), "{html}");
}

/// Two projects: a privacy policy with one word added, and terms with a
/// long title whose only change is its wrapping, so that the terms' part
/// of the report is a formatting note alone.
fn formatting_note_last() -> (Project, Project) {
    let config = "name: Pebblebrook Legal\ndefault_locale: en-US\nlocales: [en-US]\n";
    let privacy = "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\nNames and addresses.\n\n## Your rights {#rights}\n\nAsk us.\n";
    let title = "Terms of Use for the Pebblebrook Tinkers Shop, its Workshop Classes, its Repair Services, its Lending Library of Tools, its Seasonal Markets in the Old Mill and its Summer Fair by the River";
    let terms =
        |body: &str| format!("---\ntitle: {title}\n---\n\n## Using the shop {{#use}}\n\n{body}\n");
    let old = Project::from_files(&[
        ("policyc.yaml", config),
        ("policies/privacy/en-US.md", privacy),
        (
            "policies/terms/en-US.md",
            &terms("Be kind to the tinkers and pay for what you take."),
        ),
    ]);
    let new = Project::from_files(&[
        ("policyc.yaml", config),
        (
            "policies/privacy/en-US.md",
            &privacy.replace("Names and", "Names, phones and"),
        ),
        (
            "policies/terms/en-US.md",
            &terms("Be kind to the tinkers\nand pay for what you take."),
        ),
    ]);
    (old, new)
}

/// The numbers a closing line gives: (changes, sections changed only in
/// formatting) left out.
fn counted(line: &str) -> (usize, usize) {
    let number = |text: &str| -> usize {
        text.split(|c: char| !c.is_ascii_digit())
            .find(|w| !w.is_empty())
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("no number in {line}"))
    };
    let (head, rest) = line.split_once("** ").unwrap_or((line, ""));
    if head.contains("changed only in formatting") {
        return (0, number(head));
    }
    let formatting = match rest.strip_prefix("(and ") {
        Some(rest) => number(rest),
        None => 0,
    };
    (number(head), formatting)
}

#[test]
fn the_closing_line_counts_what_was_left_out_never_zero() {
    let (old, new) = formatting_note_last();
    let diff = |budget: usize| {
        stdout(
            policyc()
                .arg("diff")
                .arg("--from")
                .arg(old.root())
                .arg("--to")
                .arg(new.root())
                .args(["--format", "markdown", "--max-bytes"])
                .arg(budget.to_string())
                .output()
                .expect("run policyc diff"),
        )
    };
    let whole = diff(0);
    assert!(
        whole.contains("1 more section changed only in formatting"),
        "{whole}"
    );
    let mut only_the_note = 0;
    for budget in (300..whole.len()).step_by(7) {
        let cut = diff(budget);
        let line = closing_line(&cut);
        assert!(!line.contains("**0 "), "{budget}: {line}");
        // What is shown is the start of the report; the rest is counted.
        let shown = &cut[..cut.len() - line.len() - 2];
        assert!(whole.starts_with(shown), "{budget}: not a prefix");
        let left_out = &whole[shown.len()..];
        let expected = (
            changes(left_out),
            usize::from(left_out.contains("changed only in formatting")),
        );
        assert_eq!(counted(line), expected, "{budget}: {line}");
        if expected == (0, 1) {
            only_the_note += 1;
            assert!(
                line.starts_with("**1 more section changed only in formatting is not shown here**"),
                "{line}"
            );
        }
    }
    assert!(only_the_note > 0, "no budget left out the note alone");
}
