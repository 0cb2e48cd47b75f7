//! The integrity of `history/`: `policyc verify` catches edited records and
//! stored texts; two releases at once and releases killed halfway leave a
//! valid history.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Project;
use crate::support::release::{
    CA_PRIVACY, FIRST, LATER, SECOND, append, assert_mentions, diff_json, edit, example_variants,
    fails, history, key, object_containing, objects, ok, record, record_files, record_names,
    record_text, release, released_example, released_with_a_pending_change, show, stderr_of,
    write_record_with_valid_hash,
};

// ---- 6. verify -------------------------------------------------------------------

#[test]
fn verify_passes_on_an_intact_history() {
    let p = Project::example();
    let output = ok(&p, &["verify"]);
    assert_mentions(&stderr_of(&output), "0 releases");

    release(&p, FIRST, "First release");
    let output = ok(&p, &["verify"]);
    assert_mentions(&stderr_of(&output), "history/ is intact: 1 release");

    edit(
        &p,
        CA_PRIVACY,
        "in a portable format",
        "in a readable format",
    );
    release(&p, SECOND, "Right to know");
    let output = ok(&p, &["verify"]);
    assert_mentions(&stderr_of(&output), "history/ is intact: 2 releases");
}

#[test]
fn verify_catches_an_edited_record() {
    let p = released_with_a_pending_change();
    release(&p, SECOND, "Right to know");
    let text = record_text(&p, 1);
    p.write(
        "history/releases/0001.yaml",
        text.replace("message: First release", "message: First Release"),
    );
    let stderr = fails(&p, &["verify"]);
    assert_mentions(&stderr, "history/releases/0001.yaml");
    assert_mentions(&stderr, "changed after it was written");
    assert_mentions(&stderr, "history/ has been altered");
}

#[test]
fn verify_catches_an_edited_last_record() {
    let p = released_example();
    let text = record_text(&p, 1);
    p.write(
        "history/releases/0001.yaml",
        text.replace("version: 1\n", "version: 2\n"),
    );
    let stderr = fails(&p, &["verify"]);
    assert_mentions(&stderr, "history/releases/0001.yaml");
    assert_mentions(&stderr, "changed after it was written");
}

/// The example after three releases.
fn released_three_times() -> Project {
    let p = released_with_a_pending_change();
    release(&p, SECOND, "Right to know");
    edit(
        &p,
        CA_PRIVACY,
        "in a readable format",
        "in a legible format",
    );
    release(&p, LATER, "Wording");
    assert_eq!(record_files(&p), record_names(3));
    p
}

/// The error lines (`×`) of `stderr`.
fn errors(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains('×')).collect()
}

#[test]
fn verify_names_one_edited_record_and_not_the_ones_after_it() {
    let p = released_three_times();
    let text = record_text(&p, 2);
    p.write(
        "history/releases/0002.yaml",
        text.replace("message: Right to know", "message: Right to Know"),
    );
    let stderr = fails(&p, &["verify"]);
    assert_mentions(&stderr, "history/releases/0002.yaml");
    assert_mentions(&stderr, "changed after it was written");
    assert_eq!(errors(&stderr).len(), 1, "{stderr}");
    assert!(!stderr.contains("0003.yaml"), "{stderr}");
}

#[test]
fn verify_names_both_records_when_an_edited_one_was_hashed_again() {
    let p = released_three_times();
    let text = record_text(&p, 1);
    let body = text.split("# record-hash:").next().unwrap();
    write_record_with_valid_hash(
        &p,
        1,
        &body.replace("message: First release", "message: First Release"),
    );
    let stderr = fails(&p, &["verify"]);
    assert_mentions(
        &stderr,
        "history/releases/0002.yaml: the hash chain is broken: release 2 does not follow release 1 as it was recorded (history/releases/0001.yaml)",
    );
    assert_eq!(errors(&stderr).len(), 1, "{stderr}");
}

#[test]
fn verify_names_a_deleted_record_as_missing() {
    for n in [1, 2] {
        let p = released_three_times();
        let rel = format!("history/releases/000{n}.yaml");
        p.remove(&rel);
        let stderr = fails(&p, &["verify"]);
        assert_mentions(&stderr, &format!("{rel}: release {n} is missing"));
        assert_eq!(errors(&stderr).len(), 1, "{stderr}");
    }
    let p = released_three_times();
    p.remove("history/releases/0001.yaml");
    p.remove("history/releases/0002.yaml");
    let stderr = fails(&p, &["verify"]);
    assert_mentions(
        &stderr,
        "history/releases/0001.yaml: releases 1 and 2 are missing",
    );
    assert_eq!(errors(&stderr).len(), 1, "{stderr}");
}

#[test]
fn verify_names_a_renamed_record_with_its_right_name() {
    let p = released_three_times();
    let text = record_text(&p, 3);
    p.remove("history/releases/0003.yaml");
    p.write("history/releases/0005.yaml", text);
    let stderr = fails(&p, &["verify"]);
    assert_mentions(
        &stderr,
        "history/releases/0005.yaml: this file holds release 3, so its name should be 0003.yaml",
    );
    assert_eq!(errors(&stderr).len(), 1, "{stderr}");
}

#[test]
fn verify_catches_an_edited_stored_text() {
    let p = released_example();
    // A section text, and a snapshot (the JSON list of a variant's sections).
    let section = object_containing(&p, "in a portable format");
    let id = record(&p, 1)
        .entry(&key("privacy", "us-ca", "en-US"))
        .snapshot
        .clone();
    let hex = id.strip_prefix("sha256:").unwrap();
    let snapshot = format!("history/objects/{}/{}", &hex[..2], &hex[2..]);
    for (rel, how) in [(&section, "appended"), (&snapshot, "emptied")] {
        let copy = history(&p);
        if how == "appended" {
            append(&p, rel, "\nAnd one more sentence.\n");
        } else {
            p.write(rel, "");
        }
        let stderr = fails(&p, &["verify"]);
        assert_mentions(&stderr, rel);
        assert_mentions(&stderr, "was changed after it was released");
        assert_mentions(&stderr, "history/releases/0001.yaml");
        // Put it back: verify passes again.
        p.write(rel, &copy[Path::new(rel.strip_prefix("history/").unwrap())]);
        ok(&p, &["verify"]);
    }
}

/// `history/objects/ab/cdef…` of a `sha256:abcdef…` id.
fn object_path(id: &str) -> String {
    let hex = id.strip_prefix("sha256:").expect("a sha256 id");
    format!("history/objects/{}/{}", &hex[..2], &hex[2..])
}

/// Alters `rel` (appends to it, or empties it), expects `verify` to name it
/// and the record `record`, then puts it back and expects `verify` to pass.
fn assert_verify_catches(p: &Project, rel: &str, record: &str) {
    let copy = history(p);
    for how in ["appended", "emptied"] {
        if how == "appended" {
            append(p, rel, "\nAnd one more sentence.\n");
        } else {
            p.write(rel, "");
        }
        let stderr = fails(p, &["verify"]);
        assert_mentions(&stderr, rel);
        assert_mentions(&stderr, "was changed after it was released");
        assert_mentions(&stderr, record);
        assert_mentions(&stderr, "history/ has been altered");
        p.write(rel, &copy[Path::new(rel.strip_prefix("history/").unwrap())]);
        ok(p, &["verify"]);
    }
}

#[test]
fn verify_catches_an_edited_text_that_only_an_older_record_refers_to() {
    // "in a portable format" was released once, in release 1; releases 2
    // and 3 changed that sentence, so no later record refers to its text.
    let p = released_three_times();
    let section = object_containing(&p, "in a portable format");
    assert_verify_catches(&p, &section, "history/releases/0001.yaml");
}

#[test]
fn verify_catches_an_edited_snapshot_of_a_variant_released_only_by_an_older_record() {
    // The terms are released once, in release 1; the later records are
    // about California's privacy policy only.
    let p = released_three_times();
    let terms = key("terms", "global", "en-US");
    for n in [2, 3] {
        assert!(!record(&p, n).keys().contains(&terms), "release {n}");
    }
    let snapshot = object_path(&record(&p, 1).entry(&terms).snapshot);
    assert_verify_catches(&p, &snapshot, "history/releases/0001.yaml");
}

#[test]
fn verify_catches_an_edited_older_snapshot_of_a_variant_released_again_since() {
    // California's privacy policy: version 1 (release 1) and version 2
    // (release 2) are both older than release 3.
    let p = released_three_times();
    let ca = key("privacy", "us-ca", "en-US");
    for n in [1, 2] {
        let snapshot = object_path(&record(&p, n).entry(&ca).snapshot);
        assert_verify_catches(&p, &snapshot, &format!("history/releases/000{n}.yaml"));
    }
}

#[test]
fn verify_catches_any_edited_field_of_an_older_record() {
    let p = released_three_times();
    let text = record_text(&p, 1);
    let entry = record(&p, 1)
        .entry(&key("terms", "global", "en-US"))
        .clone();
    let other = record(&p, 1)
        .entry(&key("privacy", "us", "en-US"))
        .snapshot
        .clone();
    let edits = [
        (format!("date: {FIRST}"), "date: 2026-01-11".to_string()),
        (
            "message: First release".to_string(),
            "message: First release, reviewed".to_string(),
        ),
        ("version: 1\n".to_string(), "version: 2\n".to_string()),
        ("class: text".to_string(), "class: links".to_string()),
        (entry.snapshot.clone(), other),
    ];
    for (from, to) in &edits {
        assert!(text.contains(from.as_str()), "{from:?} not in:\n{text}");
        let edited = text.replacen(from.as_str(), to, 1);
        // Edited as is: its own hash no longer matches.
        p.write("history/releases/0001.yaml", &edited);
        let stderr = fails(&p, &["verify"]);
        assert_mentions(&stderr, "history/releases/0001.yaml");
        assert_mentions(&stderr, "changed after it was written");
        assert_mentions(&stderr, "history/ has been altered");
        // Hashed again: the next record no longer follows it.
        let body = edited.split("# record-hash:").next().unwrap();
        write_record_with_valid_hash(&p, 1, body);
        let stderr = fails(&p, &["verify"]);
        assert_mentions(
            &stderr,
            "history/releases/0002.yaml: the hash chain is broken: release 2 does not follow release 1 as it was recorded",
        );
        p.write("history/releases/0001.yaml", &text);
        ok(&p, &["verify"]);
    }
}

#[test]
fn verify_catches_a_missing_stored_text() {
    let p = released_example();
    let section = object_containing(&p, "in a portable format");
    p.remove(&section);
    let stderr = fails(&p, &["verify"]);
    assert_mentions(&stderr, &section);
    assert_mentions(&stderr, "is missing");
}

// ---- 7. Two releases at once ----------------------------------------------------

/// Starts `policyc release` without waiting for it.
fn spawn_release(p: &Project, date: &str, message: &str) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("policyc"))
        .env("NO_COLOR", "1")
        .arg("--root")
        .arg(p.root())
        .args([
            "release",
            "--date",
            date,
            "--today",
            date,
            "--message",
            message,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start policyc release")
}

/// Runs two releases at once and checks that they took turns: both exit
/// 0, exactly one records release `n` (with its own message) and the other
/// finds nothing left to release.
fn race(p: &Project, n: usize, date: &str) {
    let a = spawn_release(p, date, "Release A");
    let b = spawn_release(p, date, "Release B");
    let outputs = [a, b].map(|c| c.wait_with_output().expect("wait for policyc"));
    let mut recorded = Vec::new();
    for (output, message) in outputs.iter().zip(["Release A", "Release B"]) {
        let stderr = stderr_of(output);
        assert_eq!(output.status.code(), Some(0), "{message}:\n{stderr}");
        if crate::support::release::squash(&stderr)
            .contains(&crate::support::release::squash("Recorded release"))
        {
            assert_mentions(&stderr, &format!("Recorded release {n} ({date})"));
            recorded.push(message);
        } else {
            assert_mentions(&stderr, "Nothing to release");
        }
    }
    assert_eq!(recorded.len(), 1, "one of the two must record release {n}");
    assert_eq!(record_files(p), record_names(n));
    let r = record(p, n);
    assert_eq!(r.message.as_deref(), Some(recorded[0]));
    assert_eq!(r.date, date);
    ok(p, &["verify"]);
}

#[test]
fn two_releases_at_once_take_turns() {
    // The first release, racing to create history/ itself.
    let p = Project::example();
    race(&p, 1, FIRST);
    assert_eq!(record(&p, 1).keys(), example_variants());

    // Then a change released twice at once, a few times over.
    let words = ["readable", "reusable", "common"];
    let mut previous = "portable";
    for (k, word) in words.iter().enumerate() {
        edit(
            &p,
            CA_PRIVACY,
            &format!("in a {previous} format"),
            &format!("in a {word} format"),
        );
        previous = word;
        let date = format!("2026-03-0{}", k + 1);
        race(&p, k + 2, &date);
        let r = record(&p, k + 2);
        assert_eq!(r.variants.len(), 1, "{r:?}");
        assert_eq!(r.variants[0].key(), key("privacy", "us-ca", "en-US"));
        assert_eq!(r.variants[0].version, k as u32 + 2);
    }
    assert_eq!(diff_json(&p)["changed"], false);
}

// ---- 8. Releases killed halfway -------------------------------------------------

/// The example with `extra` more regions (children of `us`, each with its
/// own privacy address): `(2 + extra) × 2 × 2` more variants to store.
fn bigger_example(extra: usize) -> Project {
    let p = Project::example();
    for i in 1..=extra {
        p.write(
            &format!("regions/us-s{i:02}.yaml"),
            format!(
                "name: State {i}\nparent: us\nvariables:\n  privacy_email: s{i}-privacy@ottermoss.example\n"
            ),
        );
    }
    p
}

/// Sets the `company` variable, which nearly every page shows.
fn set_company(p: &Project, name: &str) {
    let config = std::fs::read_to_string(p.root().join("policyc.yaml")).unwrap();
    let config: String = config
        .lines()
        .map(|l| {
            if l.starts_with("  company:") {
                format!("  company: {name}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    p.write("policyc.yaml", config);
}

/// What became of one release that was to be killed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Killed {
    /// Killed before it wrote anything.
    BeforeWriting,
    /// Killed after writing texts, before its record: a write interrupted.
    WhileWriting,
    /// Its record was written (killed after that, or it finished first).
    Recorded,
}

/// The `i`-th day from 2026-02-01, as `YYYY-MM-DD` (up to 59 days).
fn day(i: u32) -> String {
    if i < 28 {
        format!("2026-02-{:02}", i + 1)
    } else {
        format!("2026-03-{:02}", i - 27)
    }
}

#[cfg(unix)]
#[test]
fn a_release_killed_at_any_point_leaves_history_valid() {
    use std::os::unix::process::ExitStatusExt;

    const EXTRA_REGIONS: usize = 6;
    const RUNS: u32 = 20;
    /// Runs aimed at the writing, if none of the `RUNS` landed there.
    const AIMED: u32 = 14;

    // How long a whole release takes here (the faster of two), to spread
    // the kills over it: the writing starts only after every variant was
    // compared. Capped, to keep the test short on a loaded machine.
    let probe = bigger_example(EXTRA_REGIONS);
    let whole = (0..2)
        .map(|_| {
            let _ = std::fs::remove_dir_all(probe.root().join("history"));
            let started = Instant::now();
            release(&probe, "2026-01-31", "Probe");
            started.elapsed()
        })
        .min()
        .unwrap()
        .min(Duration::from_millis(1000));
    drop(probe);

    let p = bigger_example(EXTRA_REGIONS);
    let bin = assert_cmd::cargo::cargo_bin("policyc");
    let mut released = 0;
    let mut killed = 0;
    // Starts release `i`, kills it after `delay` and checks what it left.
    let mut attempt = |i: u32, delay: Duration| -> Killed {
        // A new change every time, so that there is always something to write.
        let company = format!("Ottermoss Labs {i}");
        set_company(&p, &company);
        let date = day(i);
        let stored = objects(&p).len();
        let mut child = Command::new(&bin)
            .arg("--root")
            .arg(p.root())
            .args(["release", "--date", &date, "--today", &date, "-m", &company])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start policyc release");
        let deadline = Instant::now() + delay;
        while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.signal() == Some(9) {
            killed += 1;
        } else {
            assert!(status.success(), "run {i}: {status:?}");
        }

        let context = format!("run {i}, killed after {delay:?}");
        let verify = p.cmd().arg("verify").output().unwrap();
        assert_eq!(
            verify.status.code(),
            Some(0),
            "{context}: verify failed:\n{}",
            stderr_of(&verify)
        );
        let files = record_files(&p);
        if files.len() == released + 1 {
            // A complete record of this run, with every text it refers to.
            released += 1;
            let r = record(&p, released);
            assert_eq!(r.date, date, "{context}");
            assert!(
                r.keys().contains(&key("privacy", "us-s03", "en-US")),
                "{context}"
            );
            let (code, out, err) = show(&p, "privacy", "us-s03", "en-US", &date);
            assert_eq!(code, 0, "{context}: {err}");
            assert!(out.contains(&company), "{context}: {out}");
            Killed::Recorded
        } else {
            assert_eq!(files, record_names(released), "{context}");
            if objects(&p).len() > stored {
                Killed::WhileWriting
            } else {
                Killed::BeforeWriting
            }
        }
    };

    // Kills spread over a whole release...
    let mut outcomes: Vec<(Duration, Killed)> = Vec::new();
    for i in 0..RUNS {
        let delay = whole * i / (RUNS - 1);
        outcomes.push((delay, attempt(i, delay)));
    }
    // ...and, if none landed while texts were written, kills aimed between
    // the latest that came too early and the earliest that came too late.
    for i in RUNS..RUNS + AIMED {
        if outcomes.iter().any(|&(_, k)| k == Killed::WhileWriting) {
            break;
        }
        let early = outcomes
            .iter()
            .filter(|&&(_, k)| k == Killed::BeforeWriting)
            .map(|&(d, _)| d)
            .max()
            .unwrap_or(Duration::ZERO);
        let late = outcomes
            .iter()
            .filter(|&&(d, k)| k == Killed::Recorded && d > early)
            .map(|&(d, _)| d)
            .min()
            .unwrap_or(whole * 2);
        let delay = (early + late) / 2;
        outcomes.push((delay, attempt(i, delay)));
    }
    let mid_write = outcomes
        .iter()
        .filter(|&&(_, k)| k == Killed::WhileWriting)
        .count();
    let leftovers: Vec<_> = history(&p)
        .into_keys()
        .filter(|k| {
            k.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".tmp"))
        })
        .collect();
    eprintln!(
        "{} runs over {whole:?}: {killed} killed ({mid_write} while writing), \
         {released} completed; temporary files left: {leftovers:?}",
        outcomes.len()
    );
    assert!(killed > 0, "no run was killed: the delays are too long");
    // Otherwise the test would pass without testing what it is for.
    assert!(
        mid_write > 0,
        "no kill landed after a release started writing and before its record: \
         nothing was tested; (delay, outcome) of each run: {outcomes:?}"
    );

    // A release now completes and leaves nothing pending.
    let last = day(RUNS + AIMED);
    release(&p, &last, "After the kills");
    ok(&p, &["verify"]);
    assert_eq!(diff_json(&p)["changed"], false);
    ok(&p, &["build", "--frozen", "--quiet", "--today", &last]);
    let company = format!("Ottermoss Labs {}", outcomes.len() - 1);
    let (_, out, _) = show(&p, "terms", "us-s05", "es-US", &last);
    assert!(out.contains(&company), "{out}");
}

#[test]
fn release_and_verify_name_history_files_relative_to_the_project() {
    let p = released_with_a_pending_change();
    let root = p.root().to_string_lossy().into_owned();
    let output = release(&p, SECOND, "Second");
    let stderr = stderr_of(&output);
    assert_mentions(&stderr, " in history/releases/0002.yaml");
    assert!(!stderr.contains(&root), "{stderr}");
    let section = object_containing(&p, "in a portable format");
    p.remove(&section);
    let stderr = fails(&p, &["verify"]);
    assert_mentions(&stderr, &format!("(expected at {section})"));
    assert!(!stderr.contains(&root), "{stderr}");
}
