//! Messages about symbolic links say what is true and what helps: a chain
//! that leaves the project names the link it leaves through, a part of
//! `history/` linked outside gets the outside-link advice (not a checkout),
//! a loop is called a loop wherever it is found, and a `diff --from`
//! project's errors say which project they are in.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::process::Command;

use crate::support::{Project, bin};

/// A folder outside every project, with a file and a folder in it.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a folder outside the project");
    std::fs::write(dir.path().join("x.md"), "# not read\n").expect("write");
    std::fs::create_dir(dir.path().join("folder")).expect("a folder");
    dir
}

/// Replaces the file or folder `rel` of `project` by a link to `target`.
fn link(project: &Project, rel: &str, target: impl AsRef<std::path::Path>) {
    let path = project.root().join(rel);
    if path.is_dir() && !path.is_symlink() {
        std::fs::remove_dir_all(&path).expect("remove the folder");
    } else if path.symlink_metadata().is_ok() {
        std::fs::remove_file(&path).expect("remove the file");
    }
    symlink(target, &path).expect("make the link");
}

#[test]
fn a_chain_that_leaves_the_project_names_the_link_it_leaves_through() {
    let outside = outside();
    let project = Project::minimal();
    link(&project, "inner.md", outside.path().join("x.md"));
    link(&project, "policies/privacy/en-US.md", "../../inner.md");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("outside the project");
    d.assert_at("policies/privacy/en-US.md", None, None);
    assert!(
        d.message
            .contains("through `inner.md`, a symbolic link to `"),
        "{d:#?}"
    );
    assert!(!d.message.contains("to `../../inner.md`"), "{d:#?}");
    assert!(
        d.help().contains("copy the file into the project"),
        "{d:#?}"
    );
}

#[test]
fn history_linked_outside_gets_the_outside_link_advice_not_a_checkout() {
    let outside = outside();
    for rel in ["history/objects", "history"] {
        let project = Project::example_released();
        link(&project, rel, outside.path().join("folder"));
        let (code, report) = project.check_json(&[]);
        assert_eq!(code, 1, "{rel}: {report:#?}");
        let d = report.find("outside the project");
        d.assert_at(rel, None, None);
        assert!(
            d.help().contains("copy the folder into the project"),
            "{rel}: {d:#?}"
        );
        assert!(!d.help().contains("git checkout"), "{rel}: {d:#?}");
    }
}

#[test]
fn links_that_loop_are_called_a_loop_wherever_they_are() {
    let project = Project::minimal();
    link(&project, "a.md", "b.md");
    link(&project, "b.md", "a.md");
    link(&project, "policies/privacy/en-US.md", "../../a.md");
    // A link to a folder holding it loops too, found by the folder walk.
    link(&project, "policies/loop", "..");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 2, "{report:#?}");
    for rel in ["policies/privacy/en-US.md", "policies/loop"] {
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.file.as_deref() == Some(rel))
            .unwrap_or_else(|| panic!("no error at {rel}: {report:#?}"));
        assert!(d.message.ends_with("a symbolic link loops"), "{d:#?}");
        assert!(!d.message.contains("os error"), "{d:#?}");
        assert!(d.help().contains("or remove it"), "{d:#?}");
    }
}

#[test]
fn diff_from_a_project_with_errors_names_that_project() {
    let outside = outside();
    let old = Project::minimal();
    link(
        &old,
        "policies/privacy/en-US.md",
        outside.path().join("x.md"),
    );
    let new = Project::minimal();
    let output = Command::new(bin())
        .env("NO_COLOR", "1")
        .arg("--root")
        .arg(new.root())
        .arg("diff")
        .arg("--from")
        .arg(old.root())
        .output()
        .expect("run policyc");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the --from project ("), "{stderr}");
    assert!(stderr.contains("outside the project"), "{stderr}");
}
