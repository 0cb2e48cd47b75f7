//! Bad input to `policyc release`: dates that are not dates or come too
//! early, and a malformed or hand-edited `history/` are refused with exit 1
//! and a clear message, and nothing is written.

use crate::support::Project;
use crate::support::release::{
    FIRST, SECOND, append, assert_history_is, assert_mentions, fails, history, object_containing,
    objects, ok, record_files, record_names, record_text, release, released_example,
    released_with_a_pending_change, write_record_with_valid_hash,
};

// ---- 10. Bad input: nothing written ------------------------------------------------

#[test]
fn a_release_date_that_is_not_a_date_is_refused() {
    let p = released_with_a_pending_change();
    let before = history(&p);
    for bad in [
        "tomorrow",
        "2026-13-01",
        "2026-02-30",
        "01/03/2026",
        "2026-3-1",
        "",
    ] {
        let stderr = fails(
            &p,
            &["release", "-m", "Test", "--date", bad, "--today", SECOND],
        );
        assert_mentions(&stderr, &format!("`{bad}` is not a date"));
        assert_mentions(&stderr, "YYYY-MM-DD");
        assert_mentions(&stderr, "nothing was released");
        assert_history_is(&p, &before, true);
    }
}

#[test]
fn a_release_without_a_message_is_refused_with_an_example() {
    let p = Project::example();
    let before = history(&p);
    for message in [None, Some(""), Some("   ")] {
        let mut args = vec!["release", "--date", FIRST, "--today", FIRST];
        if let Some(m) = message {
            args.extend(["-m", m]);
        }
        let stderr = fails(&p, &args);
        assert_mentions(
            &stderr,
            match message {
                None => "a release needs a message",
                Some(_) => "the release message is empty",
            },
        );
        assert_mentions(&stderr, "policyc release -m \"");
        assert_mentions(&stderr, "nothing was released");
        assert_history_is(&p, &before, false);
    }
    // A dry run writes nothing, so it needs no message.
    ok(
        &p,
        &["release", "--dry-run", "--date", FIRST, "--today", FIRST],
    );
    assert_history_is(&p, &before, false);
}

#[test]
fn a_release_date_before_the_last_release_is_refused() {
    let p = released_with_a_pending_change();
    let before = history(&p);
    let stderr = fails(
        &p,
        &[
            "release",
            "-m",
            "Test",
            "--date",
            "2026-01-09",
            "--today",
            SECOND,
        ],
    );
    assert_mentions(
        &stderr,
        "the release date 2026-01-09 is earlier than the last release, 2026-01-10",
    );
    assert_history_is(&p, &before, true);
    // The same day as the last release is fine.
    release(&p, FIRST, "Same day");
    assert_eq!(record_files(&p), record_names(2));
}

#[test]
fn an_effective_date_before_the_release_date_is_refused() {
    let p = released_with_a_pending_change();
    let before = history(&p);
    let stderr = fails(
        &p,
        &[
            "release",
            "-m",
            "Test",
            "--date",
            SECOND,
            "--effective",
            "2026-02-28",
            "--today",
            SECOND,
        ],
    );
    assert_mentions(
        &stderr,
        "the effective date 2026-02-28 is before the release date 2026-03-01",
    );
    assert_history_is(&p, &before, true);

    let stderr = fails(
        &p,
        &[
            "release",
            "-m",
            "Test",
            "--date",
            SECOND,
            "--effective",
            "soon",
            "--today",
            SECOND,
        ],
    );
    assert_mentions(&stderr, "--effective: `soon` is not a date");
    assert_history_is(&p, &before, true);
}

#[test]
fn a_record_that_is_not_valid_yaml_is_refused() {
    let p = released_with_a_pending_change();
    let text = record_text(&p, 1);
    let body = text.split("# record-hash:").next().unwrap();
    write_record_with_valid_hash(&p, 1, &body.replace("variants:\n", "variants: [\n"));
    let before = history(&p);
    let stderr = fails(
        &p,
        &["release", "-m", "Test", "--date", SECOND, "--today", SECOND],
    );
    assert_mentions(&stderr, "history/releases/0001.yaml");
    assert_history_is(&p, &before, true);
    let stderr = fails(&p, &["verify"]);
    assert_mentions(&stderr, "history/releases/0001.yaml");
}

#[test]
fn a_record_that_is_not_valid_yaml_gets_a_message_to_act_on() {
    let p = released_with_a_pending_change();
    let text = record_text(&p, 1);
    let body = text.split("# record-hash:").next().unwrap();
    write_record_with_valid_hash(&p, 1, &body.replace("variants:\n", "variants: [\n"));
    let stderr = fails(
        &p,
        &["release", "-m", "Test", "--date", SECOND, "--today", SECOND],
    );
    // Where: the file and the line.
    let squashed = crate::support::release::squash(&stderr);
    let after_name = squashed
        .find("0001.yaml:")
        .map(|i| &squashed[i + "0001.yaml:".len()..]);
    assert!(
        after_name.is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit())),
        "no line number:\n{stderr}"
    );
    // What to do: records are never edited by hand.
    assert_mentions(&stderr, "version control");
}

#[test]
fn a_record_with_an_unknown_field_is_refused() {
    let p = released_with_a_pending_change();
    let text = record_text(&p, 1);
    let body = text.split("# record-hash:").next().unwrap();
    write_record_with_valid_hash(&p, 1, &format!("{body}approved_by: legal\n"));
    let before = history(&p);
    let stderr = fails(
        &p,
        &["release", "-m", "Test", "--date", SECOND, "--today", SECOND],
    );
    assert_mentions(&stderr, "history/releases/0001.yaml");
    assert_mentions(&stderr, "approved_by");
    assert_history_is(&p, &before, true);
}

#[test]
fn a_record_cut_short_is_refused() {
    let p = released_with_a_pending_change();
    let text = record_text(&p, 1);
    p.write("history/releases/0001.yaml", &text[..text.len() / 2]);
    let before = history(&p);
    let stderr = fails(
        &p,
        &["release", "-m", "Test", "--date", SECOND, "--today", SECOND],
    );
    assert_mentions(&stderr, "history/releases/0001.yaml");
    assert_mentions(&stderr, "no `# record-hash:` line");
    assert_history_is(&p, &before, true);
}

#[test]
fn a_hand_edited_record_is_refused() {
    let p = released_with_a_pending_change();
    let text = record_text(&p, 1);
    p.write(
        "history/releases/0001.yaml",
        text.replace("message: First release", "message: First release, approved"),
    );
    let before = history(&p);
    let stderr = fails(
        &p,
        &["release", "-m", "Test", "--date", SECOND, "--today", SECOND],
    );
    assert_mentions(&stderr, "history/releases/0001.yaml");
    assert_mentions(&stderr, "changed after it was written");
    assert_mentions(&stderr, "nothing was released; history/ is unchanged");
    assert_history_is(&p, &before, true);
    // Nor does diff or build trust it.
    fails(&p, &["diff"]);
    fails(&p, &["build", "--today", SECOND]);
}

#[test]
fn a_hand_edited_text_of_the_changed_page_is_refused() {
    let p = released_with_a_pending_change();
    // The released text of the section being changed.
    let rel = object_containing(&p, "in a portable format");
    append(&p, &rel, "Edited by hand.\n");
    let before = history(&p);
    let stderr = fails(
        &p,
        &["release", "-m", "Test", "--date", SECOND, "--today", SECOND],
    );
    assert_mentions(&stderr, &rel);
    assert_history_is(&p, &before, true);
}

#[test]
fn a_hand_edited_text_of_another_page_is_refused() {
    let p = released_with_a_pending_change();
    // A stored text only the EU English privacy page uses.
    let rel = object_containing(
        &p,
        "The General Data Protection Regulation (GDPR) requires us",
    );
    append(&p, &rel, "Edited by hand.\n");
    let before = history(&p);
    let stderr = fails(
        &p,
        &["release", "-m", "Test", "--date", SECOND, "--today", SECOND],
    );
    assert_mentions(&stderr, &rel);
    assert_history_is(&p, &before, true);
}

#[test]
fn a_refused_first_release_writes_nothing() {
    let p = Project::example();
    let before = history(&p);
    fails(
        &p,
        &[
            "release", "-m", "Test", "--date", "someday", "--today", FIRST,
        ],
    );
    fails(
        &p,
        &[
            "release",
            "-m",
            "Test",
            "--date",
            FIRST,
            "--effective",
            "2026-01-01",
            "--today",
            FIRST,
        ],
    );
    assert_history_is(&p, &before, false);
}

#[test]
fn a_release_without_changes_still_refuses_bad_dates() {
    let p = released_example();
    let before = history(&p);
    fails(
        &p,
        &[
            "release",
            "-m",
            "Test",
            "--date",
            "2026-01-09",
            "--today",
            SECOND,
        ],
    );
    fails(
        &p,
        &[
            "release",
            "-m",
            "Test",
            "--date",
            "next week",
            "--today",
            SECOND,
        ],
    );
    fails(&p, &["release", "-m", "Test", "--today", "2026-02-30"]);
    assert_history_is(&p, &before, true);
    // Every object is still there and referenced.
    assert!(!objects(&p).is_empty());
    ok(&p, &["verify"]);
}

#[test]
fn a_release_without_a_message_when_nothing_changed_says_nothing_to_release() {
    let p = released_example();
    let before = history(&p);
    let output = ok(&p, &["release", "--date", SECOND, "--today", SECOND]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_mentions(&stderr, "Nothing to release");
    assert!(!stderr.contains("message"), "{stderr}");
    assert_history_is(&p, &before, true);
}
