//! What `policyc` prints on stdout reaches its reader or the command
//! fails: a full disk (`/dev/full`) is an error naming the output, exit 1,
//! so that a CI step does not pass on an empty file; a reader that has
//! gone (`policyc diff | head`) ends the command quietly.

use std::path::Path;
use std::process::{Output, Stdio};

use crate::support::{Project, fixtures_dir, skip};

/// The commands that print data on stdout, each with what it needs.
fn printing_commands() -> Vec<Vec<String>> {
    let scraped = fixtures_dir().join("import/scraped.md");
    let scraped = scraped.to_str().expect("a UTF-8 path");
    let commands: [&[&str]; 10] = [
        &["diff", "--format", "markdown"],
        &["diff"],
        &["diff", "--format", "html"],
        &["diff", "--format", "json"],
        &["check", "--format", "json"],
        &[
            "release",
            "--dry-run",
            "--format",
            "json",
            "--today",
            "2026-03-01",
        ],
        &["man"],
        &["completions", "zsh"],
        &["import", scraped, "--doc", "shop", "--dry-run"],
        &[
            "import",
            scraped,
            "--doc",
            "shop",
            "--dry-run",
            "--format",
            "json",
        ],
    ];
    commands
        .iter()
        .map(|args| args.iter().map(|a| a.to_string()).collect())
        .collect()
}

fn run(project: &Project, args: &[impl AsRef<std::ffi::OsStr>], stdout: Stdio) -> Output {
    let mut cmd = std::process::Command::new(crate::support::bin());
    cmd.env("NO_COLOR", "1")
        .arg("--root")
        .arg(project.root())
        .args(args)
        .stdout(stdout);
    cmd.output().expect("run policyc")
}

#[test]
fn a_full_disk_fails_every_command_that_prints_with_a_message() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        return skip(
            "/dev/full is missing (not Linux)",
            "run the tests on Linux, which has /dev/full",
        );
    }
    // Never released: the diffs have something to print.
    let project = Project::example();
    for args in printing_commands() {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(full)
            .expect("open /dev/full");
        let output = run(&project, &args, Stdio::from(file));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: could not write the output: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // `show` prints a released text.
    let released = Project::example_released();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(full)
        .expect("open /dev/full");
    let args = ["show", "privacy", "--region", "us", "--locale", "en-US"];
    let output = run(&released, &args, Stdio::from(file));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("could not write the output"), "{stderr}");
}

#[test]
fn a_reader_that_has_gone_ends_the_command_quietly() {
    let project = Project::example();
    for args in printing_commands() {
        // The pipe's reading end is closed before policyc starts, so its
        // first write fails as `| head` makes it fail once head is done.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = run(&project, &args, Stdio::from(writer));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
