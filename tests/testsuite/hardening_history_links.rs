//! Nothing is written outside the project, and nothing user-written is
//! lost: a symbolic link under `history/` that leads outside is refused by
//! every command before `release` could write through it (and `release`
//! checks again as it writes), `history/.lock` is never followed, a release
//! waiting for another says so, and no build writes its output into a
//! folder of sources.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc::channel;
use std::time::Duration;

use policyc::commands::release::{Options, Pause, Step, release as release_lib};

use crate::support::Project;
use crate::support::release::{edit, fails, ok, record_files, release};

const PRIVACY: &str = "policies/privacy/en-US.md";

fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).expect("make a symbolic link");
}

/// What a folder outside the project holds (nothing, if it was never
/// written to).
fn contents(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .collect();
    names.sort();
    names
}

/// A minimal project released once, then edited, so that a release would
/// write a new text and record.
fn released_then_edited() -> Project {
    let p = Project::minimal();
    release(&p, "2025-03-01", "First release");
    edit(&p, PRIVACY, "Names.", "Names and emails.");
    p
}

#[test]
fn a_link_under_history_that_leads_outside_is_refused_by_every_command() {
    // Every place a release writes through: a two-hex folder not there yet,
    // the objects folder, and a stray link anywhere else in history/.
    for (at, rel) in [
        ("history/objects/ff", "history/objects/ff"),
        ("history/objects", "history/objects"),
        ("history/notes", "history/notes"),
    ] {
        let p = released_then_edited();
        let outside = tempfile::tempdir().unwrap();
        let path = p.root().join(at);
        if path.exists() {
            // The objects folder moves out, as a pull request could plant it.
            let moved = outside.path().join("moved");
            std::fs::rename(&path, &moved).unwrap();
            link(&moved, &path);
        } else {
            link(outside.path(), &path);
        }
        let before = contents(outside.path());
        for args in [
            &["verify"][..],
            &["check"],
            &["build", "--frozen", "--out", "site"],
            &["release", "--date", "2025-04-01", "-m", "Emails"],
        ] {
            let stderr = fails(&p, args);
            assert!(
                stderr.contains(&format!(
                    "{rel}: this symbolic link points outside the project"
                )),
                "{at}: policyc {args:?} should name the link:\n{stderr}"
            );
        }
        assert_eq!(contents(outside.path()), before, "{at}: written outside");
        assert_eq!(record_files(&p), ["0001.yaml"], "{at}");
    }
}

#[test]
fn release_never_writes_through_a_link_planted_after_its_checks() {
    let p = released_then_edited();
    let outside = tempfile::tempdir().unwrap();
    let objects = p.root().join("history/objects");
    let moved = outside.path().join("objects");
    let plant = {
        let (objects, moved) = (objects.clone(), moved.clone());
        Pause::new(move |step| {
            if step == Step::Compared {
                std::fs::rename(&objects, &moved).unwrap();
                link(&moved, &objects);
            }
        })
    };
    let before = contents(&objects).len();
    let outcome = release_lib(&Options {
        root: p.root().to_path_buf(),
        date: Some("2025-04-01".into()),
        today: Some("2025-04-01".into()),
        message: Some("Emails".into()),
        pause: plant,
        ..Options::default()
    });
    let messages: Vec<&str> = outcome
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m
                .contains("`history/objects` is a symbolic link that points outside the project")),
        "{messages:?}"
    );
    assert!(outcome.path.is_none());
    // The link leads to the stored texts moved out: nothing was added there.
    let after = contents(&moved);
    assert_eq!(after.len(), before, "written outside: {after:?}");
    assert_eq!(record_files(&p), ["0001.yaml"]);
}

#[test]
fn a_link_at_the_release_lock_is_never_followed() {
    let p = Project::minimal();
    let outside = tempfile::tempdir().unwrap();
    let created = outside.path().join("created-by-policyc");
    std::fs::create_dir(p.root().join("history")).unwrap();
    link(&created, &p.root().join("history/.lock"));
    let stderr = fails(
        &p,
        &["release", "--date", "2025-03-01", "-m", "First release"],
    );
    assert!(
        stderr.contains("history/.lock: this is a symbolic link")
            && stderr.contains("remove `history/.lock`"),
        "{stderr}"
    );
    assert!(
        !created.exists(),
        "the lock was created outside the project"
    );
    assert!(record_files(&p).is_empty());
}

#[test]
fn a_release_waiting_for_another_says_so() {
    let p = released_then_edited();
    let held = std::fs::OpenOptions::new()
        .write(true)
        .open(p.root().join("history/.lock"))
        .or_else(|_| std::fs::File::create(p.root().join("history/.lock")))
        .unwrap();
    held.lock().unwrap();
    let mut child = std::process::Command::new(crate::support::bin())
        .env("NO_COLOR", "1")
        .arg("--root")
        .arg(p.root())
        .args(["release", "--date", "2025-04-01", "-m", "Emails"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (line, got) = channel();
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines() {
            let _ = line.send(l.unwrap_or_default());
        }
    });
    let first = got.recv_timeout(Duration::from_secs(60));
    drop(held);
    let status = child.wait().unwrap();
    assert_eq!(
        first.as_deref(),
        Ok("waiting for another release to finish (history/.lock)…"),
    );
    assert!(status.success());
    assert_eq!(record_files(&p), ["0001.yaml", "0002.yaml"]);
}

#[test]
fn no_build_writes_its_output_into_a_folder_of_sources() {
    let p = Project::minimal();
    release(&p, "2025-03-01", "First release");
    let beside = tempfile::tempdir().unwrap();
    let through = beside.path().join("hl");
    link(&p.root().join("history"), &through);
    let through = through.display().to_string();
    let under = format!("{through}/site");
    // `--out` is relative to the working directory: every one is absolute.
    let inside = |rel: &str| p.root().join(rel).display().to_string();
    for (out, folder) in [
        (inside("history"), "history"),
        (inside("history/site"), "history"),
        (through, "history"),
        (under, "history"),
        (inside("policies/newdir"), "policies"),
        (inside("regions"), "regions"),
        (inside("templates/x"), "templates"),
        (inside("policyc.yaml"), "policyc.yaml"),
        (inside("out/../history"), "history"),
    ] {
        let stderr = fails(&p, &["build", "--out", &out]);
        assert!(
            stderr.contains(&format!("is the project's `{folder}` or inside it")),
            "--out {out}:\n{stderr}"
        );
    }
    assert_eq!(record_files(&p), ["0001.yaml"]);
    ok(&p, &["verify"]);
    ok(&p, &["check"]);
    assert!(!p.root().join("policies/newdir").exists());
    // Elsewhere inside the project is fine, the default `out/` included.
    ok(&p, &["build", "--quiet"]);
    ok(&p, &["build", "--quiet", "--out", &inside("site")]);
    ok(&p, &["verify"]);
}
