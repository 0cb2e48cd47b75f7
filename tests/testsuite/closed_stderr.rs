//! Messages on a closed stderr (`policyc release 2>&1 | head`, once head
//! is done) are dropped: the command ends as it would have, with its own
//! exit code, never a crash (exit 101).

use std::process::{Output, Stdio};

use crate::support::Project;
use crate::support::release::record_files;

/// Runs policyc on `project` with stdout and stderr both a pipe whose
/// reading end is closed before policyc starts, as `2>&1 | head` leaves
/// them once head has read its lines.
fn run_with_closed_output(project: &Project, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    std::process::Command::new(crate::support::bin())
        .env("NO_COLOR", "1")
        .arg("--root")
        .arg(project.root())
        .args(args)
        .stdout(Stdio::from(writer.try_clone().expect("a second end")))
        .stderr(Stdio::from(writer))
        .output()
        .expect("run policyc")
}

#[test]
fn release_with_a_closed_stderr_releases_and_exits_0() {
    let project = Project::example();
    let args = [
        "release",
        "--date",
        "2026-03-01",
        "--today",
        "2026-03-01",
        "-m",
        "First release",
    ];
    let output = run_with_closed_output(&project, &args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(record_files(&project).len(), 1);
}

#[test]
fn commands_with_a_closed_stderr_keep_their_exit_code() {
    let project = Project::example();
    for (args, code) in [
        (&["build"][..], 0),
        (&["check"][..], 0),
        (&["release", "--dry-run", "--today", "2026-03-01"][..], 0),
        (&["show", "nosuchdoc"][..], 2), // a usage error
    ] {
        let output = run_with_closed_output(&project, args);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {output:?}");
    }
    project.write("regions/broken.yaml", "name: [Broken]\n");
    let output = run_with_closed_output(&project, &["check"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let output = run_with_closed_output(&project, &["build"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
}
