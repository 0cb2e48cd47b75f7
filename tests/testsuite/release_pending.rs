//! A release that would take effect before an earlier release still to
//! take effect, on pages both change: refused before anything is written
//! (the pages' new versions would bring the earlier changes into force
//! early), unless `--bring-forward` says it is meant; the advice runs as
//! pasted.

use std::process::{Command, Output};

use crate::support::release::{
    CA_PRIVACY, SECOND, edit, fails, history, ok, record, record_files, released_example, stderr_of,
};
use crate::support::{Project, bin};

/// The example, released on [`crate::support::release::FIRST`], then
/// release 2 on [`SECOND`] taking effect on 2026-06-01 (a change to the
/// Californian privacy page), then an unreleased change to the same page.
fn pending_in_june() -> Project {
    let p = released_example();
    edit(
        &p,
        CA_PRIVACY,
        "in a portable format",
        "in a readable format",
    );
    ok(
        &p,
        &[
            "release",
            "--date",
            SECOND,
            "--effective",
            "2026-06-01",
            "--today",
            SECOND,
            "-m",
            "Readable, from June",
        ],
    );
    edit(
        &p,
        CA_PRIVACY,
        "in a readable format",
        "in a readable, portable format",
    );
    p
}

/// The one command in backticks in `stderr` that contains `needle`.
fn advice<'a>(stderr: &'a str, needle: &str) -> &'a str {
    let found: Vec<&str> = stderr
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|c| c.starts_with("policyc ") && c.contains(needle))
        .collect();
    match found[..] {
        [one] => one,
        _ => panic!("expected one command with {needle:?} in:\n{stderr}"),
    }
}

/// Runs `command` as a shell would, with this policyc first on PATH, from
/// `dir`.
fn paste(command: &str, dir: &std::path::Path) -> Output {
    let bin_dir = bin().parent().expect("the binary's folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("a PATH");
    Command::new("sh")
        .args(["-c", command])
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .expect("run sh")
}

const URGENT: [&str; 7] = [
    "release",
    "--today",
    "2026-03-05",
    "-m",
    "Portable again, at once",
    "--date",
    "2026-03-05",
];

#[test]
fn a_release_taking_effect_before_a_pending_one_on_the_same_page_is_refused_and_writes_nothing() {
    let p = pending_in_june();
    let before = history(&p);
    let stderr = fails(&p, &URGENT);
    assert!(
        stderr.contains(
            "this release takes effect on 2026-03-05, before release 2 (which takes effect on 2026-06-01), and both change privacy · us-ca · en-US: the new versions would hold release 2's changes too, so those would apply to this page from 2026-03-05, not 2026-06-01"
        ) && stderr.contains("nothing was released; history/ is unchanged"),
        "{stderr}"
    );
    assert!(history(&p) == before, "history/ changed: {stderr}");
    // The dry run says the same, and fails the same way.
    let dry = fails(&p, &["release", "--today", "2026-03-05", "--dry-run"]);
    assert!(
        dry.contains("before release 2 (which takes effect on 2026-06-01)")
            && advice(&dry, "--effective")
                .ends_with("--effective 2026-06-01 --today 2026-03-05 --dry-run"),
        "{dry}"
    );
    assert!(history(&p) == before, "a dry run wrote: {dry}");
}

#[test]
fn the_advice_to_keep_the_pending_changes_waiting_runs_as_pasted() {
    let p = pending_in_june();
    let stderr = fails(&p, &URGENT);
    let command = advice(&stderr, "--effective 2026-06-01");
    // The command as given: the project, the message and the dates.
    assert!(
        command.starts_with("policyc --root ")
            && command.contains(" -m 'Portable again, at once'")
            && command.contains(" --date 2026-03-05"),
        "{command}"
    );
    let pasted = paste(command, p.root());
    assert!(pasted.status.success(), "{command}: {}", stderr_of(&pasted));
    let third = record(&p, 3);
    assert_eq!(
        (
            third.date.as_str(),
            third.effective.as_deref(),
            third.message.as_deref()
        ),
        (
            "2026-03-05",
            Some("2026-06-01"),
            Some("Portable again, at once")
        )
    );
}

#[test]
fn bring_forward_records_it_on_purpose_with_a_warning_naming_the_pages() {
    let p = pending_in_june();
    let stderr = fails(&p, &URGENT);
    let command = advice(&stderr, "--bring-forward");
    let pasted = paste(command, p.root());
    let said = stderr_of(&pasted);
    assert!(pasted.status.success(), "{command}: {said}");
    assert!(
        said.contains("release 2's changes to privacy · us-ca · en-US take effect on 2026-03-05 with this release, not on 2026-06-01 (--bring-forward)"),
        "{said}"
    );
    let third = record(&p, 3);
    assert_eq!((third.date.as_str(), third.effective), ("2026-03-05", None));
}

#[test]
fn taking_effect_with_the_pending_release_or_later_needs_no_flag() {
    let p = pending_in_june();
    let texts = [
        "in a readable, portable format",
        "in a portable, readable format",
    ];
    for (n, (day, effective)) in [("2026-03-05", "2026-06-01"), ("2026-03-06", "2026-06-02")]
        .into_iter()
        .enumerate()
    {
        if n > 0 {
            edit(&p, CA_PRIVACY, texts[n - 1], texts[n]);
        }
        let output = ok(
            &p,
            &[
                "release",
                "--date",
                day,
                "--effective",
                effective,
                "--today",
                day,
                "-m",
                "Portable, from June",
            ],
        );
        let said = stderr_of(&output);
        assert!(!said.contains('⚠') && !said.contains("warning"), "{said}");
    }
    assert_eq!(record_files(&p).len(), 4);
}
