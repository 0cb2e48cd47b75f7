//! `policyc import` and a page's date lines: the shapes real pages type
//! are read, only the lines that date the page (at its top or end, outside
//! a change log) are taken out, the latest date wins, a date after today
//! is released today, and the report quotes every date-looking line with
//! what became of it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::import::read;
use crate::support::{self, Project, policyc};

/// The day these tests run on.
const TODAY: &str = "2026-12-05";

/// A saved page `text` beside a new project folder; returns both paths.
fn saved(parent: &Project, name: &str, text: &str) -> (PathBuf, PathBuf) {
    let source = parent.root().join(name);
    std::fs::write(&source, text).unwrap();
    (source, parent.root().join("legal"))
}

/// Runs `policyc import SOURCE --doc ID --today TODAY` and more `args`;
/// returns stdout, failing unless it exits 0.
fn import(root: &Path, source: &Path, args: &[&str]) -> String {
    let mut all: Vec<&OsStr> = vec![source.as_os_str()];
    all.extend(["--doc", "policy", "--today", TODAY].map(OsStr::new));
    all.extend(args.iter().map(OsStr::new));
    support::import::ok(root, &all)
}

fn import_json(root: &Path, source: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend(args);
    support::import::json(&import(root, source, &all))
}

/// Each used date line of a report's document: (kind, day, use).
fn uses(doc: &Value) -> Vec<(String, String, String)> {
    doc["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_string(),
                d["day"].as_str().unwrap().to_string(),
                d["use"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Each date-looking line left in a document's text: (line, reason).
fn left(doc: &Value) -> Vec<(String, String)> {
    doc["dates_left_in_text"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_str().unwrap().to_string(),
                d["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_date_line_shapes_real_pages_type_become_the_release_date() {
    let cases = [
        ("Last updated: Thursday, September 26, 2024", "2024-09-26"),
        ("Last updated — September 26, 2024", "2024-09-26"),
        ("Effective date - 1 Jan 2020", "2020-01-01"),
        ("**Last updated:** 26-Sep-2024", "2024-09-26"),
        ("*(Updated: 26 Sept. 2024)*", "2024-09-26"),
        ("[Revised 2024-09-26]", "2024-09-26"),
        (
            "Last\u{a0}modified:\u{202f}September 26th, 2024",
            "2024-09-26",
        ),
        ("Version date: 26.09.2024", "2024-09-26"),
        (
            "Zuletzt aktualisiert am Donnerstag, 26. September 2024",
            "2024-09-26",
        ),
        ("Gültig ab 1. Januar 2020", "2020-01-01"),
        ("Entrée en vigueur : 1er janvier 2020", "2020-01-01"),
        ("Fecha de vigencia: 1 de enero de 2020", "2020-01-01"),
    ];
    for (line, day) in cases {
        let parent = Project::empty();
        let page = format!("# Kite Club Rules\n\n{line}\n\nFly kites away from power lines.\n");
        let (source, root) = saved(&parent, "rules.md", &page);
        let report = import_json(&root, &source, &["--dry-run"]);
        let doc = &report["documents"][0];
        assert_eq!(doc["release"]["date"], day, "{line}: {report}");
        assert_eq!(doc["dates"][0]["line"], line, "{line}");
    }
}

#[test]
fn a_month_alone_is_released_on_its_first_day_and_the_report_says_so() {
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "seite.md",
        "# Datenschutzhinweise\n\nStand: September 2024\n\nWir verleihen Lastenräder.\n",
    );
    let stdout = import(&root, &source, &[]);
    assert!(
        stdout.contains(
            "  Date: last updated 2024-09-01 (from the line “Stand: September 2024”, a month only: its first day): the release date"
        ),
        "{stdout}"
    );
    let record = read(&root, "history/releases/0001.yaml");
    assert!(record.contains("date: 2024-09-01"), "{record}");
}

#[test]
fn two_dates_on_one_line_give_the_date_and_keep_the_earlier_effective_date_in_the_message() {
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "page.md",
        "# Terms of Hire\n\nEffective: 1 Jan 2020 | Last updated: 26 Sep 2024\n\nReturn the canoe by six.\n",
    );
    let report = import_json(&root, &source, &[]);
    let doc = &report["documents"][0];
    assert_eq!(
        uses(doc),
        vec![
            (
                "effective".into(),
                "2020-01-01".into(),
                "earlier_effective".into()
            ),
            (
                "last_updated".into(),
                "2024-09-26".into(),
                "release_date".into()
            ),
        ]
    );
    assert_eq!(doc["release"]["date"], "2024-09-26");
    assert_eq!(doc["release"]["effective"], Value::Null);
    assert_eq!(doc["release"]["earlier_effective"], "2020-01-01");
    // The record cannot take effect before its date; its message keeps the day.
    let record = read(&root, "history/releases/0001.yaml");
    assert!(record.contains("date: 2024-09-26"), "{record}");
    assert!(!record.contains("effective: 2020"), "{record}");
    assert!(
        record.contains(
            "message: First version, imported from the published page, which gave 2020-01-01 as its effective date"
        ),
        "{record}"
    );
    let text = read(&root, "policies/policy/en-US.md");
    assert!(!text.contains("2020") && !text.contains("Sep"), "{text}");
}

#[test]
fn the_latest_of_two_last_updated_lines_dates_the_release_and_the_other_is_reported() {
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "page.md",
        "# Privacy Notice\n\nLast updated: 12 March 2023\n\nFernwick Kites sells kites.\n\n## What we keep\n\nYour address.\n\n## Contact\n\nWrite to us.\n\nLast updated: 26 September 2024\n",
    );
    let stdout = import(&root, &source, &[]);
    for line in [
        "  Date: last updated 2023-03-12 (from the line “Last updated: 12 March 2023”): not used: an older line of its kind; the latest, 2024-09-26, is used",
        "  Date: last updated 2024-09-26 (from the line “Last updated: 26 September 2024”): the release date",
        "  Release: recorded as release 1, dated 2024-09-26",
    ] {
        assert!(stdout.contains(line), "{line:?} missing:\n{stdout}");
    }
    let text = read(&root, "policies/policy/en-US.md");
    assert!(!text.contains("Last updated"), "{text}");
}

#[test]
fn a_future_effective_date_is_released_today_taking_effect_then() {
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "page.md",
        "# Terms of Hire\n\nEffective: 1 March 2027\n\nReturn the canoe by six.\n",
    );
    // Today from SOURCE_DATE_EPOCH (2026-12-05), as `policyc release` reads it.
    let output = policyc()
        .env("SOURCE_DATE_EPOCH", "1796428800")
        .arg("--root")
        .arg(&root)
        .args(["import", source.to_str().unwrap(), "--doc", "terms"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "  Date: effective 2027-03-01 (from the line “Effective: 1 March 2027”): after today, so the release is dated today, 2026-12-05, and takes effect on this day",
        "  Release: recorded as release 1, dated 2026-12-05, effective 2027-03-01",
    ] {
        assert!(stdout.contains(line), "{line:?} missing:\n{stdout}");
    }
    let record = read(&root, "history/releases/0001.yaml");
    assert!(
        record.contains("date: 2026-12-05\neffective: 2027-03-01\n"),
        "{record}"
    );
    for args in [&["verify"][..], &["build", "--frozen", "--quiet"]] {
        policyc()
            .env("SOURCE_DATE_EPOCH", "1796428800")
            .arg("--root")
            .arg(&root)
            .args(args)
            .assert()
            .success();
    }
}

#[test]
fn dates_in_a_change_log_or_inside_the_text_stay_and_are_reported() {
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "page.md",
        "# Privacy Notice\n\n*Last updated: 26 September 2024*\n\nFernwick Kites sells kites.\n\n## What we keep\n\nYour address.\n\nUpdated: 3 May 2022\n\nWe keep it for a year.\n\n## Sharing\n\nThe new courier terms become\neffective on January 1, 2025.\n\n## Version history\n\nUpdated 3 March 2023\n\nAdded the section on sharing.\n\nUpdated 1 January 2022\n\nFirst version.\n",
    );
    let report = import_json(&root, &source, &[]);
    let doc = &report["documents"][0];
    assert_eq!(doc["release"]["date"], "2024-09-26");
    assert_eq!(
        left(doc),
        vec![
            ("Updated: 3 May 2022".into(), "inside_text".into()),
            (
                "effective on January 1, 2025.".into(),
                "in_paragraph".into()
            ),
            ("Updated 3 March 2023".into(), "change_log".into()),
            ("Updated 1 January 2022".into(), "change_log".into()),
        ]
    );
    assert_eq!(doc["dates_left_in_text"][2]["heading"], "Version history");
    let text = read(&root, "policies/policy/en-US.md");
    assert!(
        text.contains(
            "## Version history {#version-history}\n\nUpdated 3 March 2023\n\nAdded the section on sharing.\n\nUpdated 1 January 2022\n\nFirst version.\n"
        ),
        "the change log lost its dates:\n{text}"
    );
    assert!(
        text.contains("Your address.\n\nUpdated: 3 May 2022\n"),
        "{text}"
    );
    assert!(!text.contains("26 September 2024"), "{text}");

    // The report for people quotes each line left and says why.
    let again = parent.root().join("again");
    let stdout = import(&again, &source, &["--dry-run"]);
    for line in [
        "  Date left in the text: last updated 2023-03-03 (the line “Updated 3 March 2023”): it is under “Version history”, which reads like a change log, so it dates an earlier version",
        "  Date left in the text: last updated 2022-05-03 (the line “Updated: 3 May 2022”): it is inside the text, neither at the top of the document nor at its end",
        "  Date left in the text: effective 2025-01-01 (the line “effective on January 1, 2025.”): it is one line of a paragraph or list, so part of its text",
    ] {
        assert!(stdout.contains(line), "{line:?} missing:\n{stdout}");
    }
}

#[test]
fn a_change_log_last_on_the_page_gives_no_release_date() {
    // Its last line is at the very end of the page, yet an earlier version's.
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "page.md",
        "# Cookie Notice\n\nWe set one cookie.\n\n## Änderungen\n\nAktualisiert: 3. März 2023\n\nAbschnitt 2 ergänzt.\n\nStand: 1. Januar 2022\n",
    );
    let report = import_json(&root, &source, &[]);
    let doc = &report["documents"][0];
    assert_eq!(doc["release"], Value::Null, "{report}");
    assert_eq!(left(doc).len(), 2, "{report}");
    assert!(read(&root, "policies/policy/en-US.md").contains("Stand: 1. Januar 2022"));
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("no date line at the top or end of `policy` (2 date-looking lines stay in its text, listed above)"),
        "{notes}"
    );
}

#[test]
fn a_today_that_is_not_a_date_is_an_error() {
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "page.md",
        "# Terms\n\nEffective: 1 March 2027\n\nText.\n",
    );
    let output = policyc()
        .arg("--root")
        .arg(&root)
        .args(["import", source.to_str().unwrap(), "--doc", "terms"])
        .args(["--today", "tomorrow"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--today: `tomorrow` is not a date; write it as YYYY-MM-DD"),
        "{stderr}"
    );
    assert!(!root.exists(), "nothing is written");
}

#[test]
fn both_dates_after_today_release_today_taking_effect_on_the_effective_date() {
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "page.md",
        "# Terms of Hire\n\nLast updated: February 1, 2025\n\nEffective: January 15, 2025\n\nReturn the canoe by six.\n",
    );
    let output = policyc()
        .arg("--root")
        .arg(&root)
        .args(["import", source.to_str().unwrap(), "--doc", "terms"])
        .args(["--today", "2024-12-01", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let doc = &report["documents"][0];
    assert_eq!(doc["release"]["date"], "2024-12-01", "{report}");
    assert_eq!(doc["release"]["effective"], "2025-01-15", "{report}");
    assert_eq!(doc["release"]["earlier_effective"], Value::Null);
    assert_eq!(
        uses(doc),
        vec![
            (
                "last_updated".into(),
                "2025-02-01".into(),
                "after_today".into()
            ),
            (
                "effective".into(),
                "2025-01-15".into(),
                "effective_date".into()
            ),
        ]
    );
    let record = read(&root, "history/releases/0001.yaml");
    assert!(
        record.contains("date: 2024-12-01\neffective: 2025-01-15\n"),
        "{record}"
    );
}

#[test]
fn a_british_page_reads_a_numeric_date_day_first() {
    let parent = Project::empty();
    let html = "<!DOCTYPE html><html lang=\"en-GB\"><head><title>Privacy</title></head><body><main><h1>Privacy Notice</h1><p>Last updated: 05/06/2024</p><p>Thistle Bikes hires out bicycles in Leeds.</p><h2>What we keep</h2><p>Your name.</p></main></body></html>";
    let (source, root) = saved(&parent, "privacy.html", html);
    let report = import_json(&root, &source, &["--dry-run"]);
    let doc = &report["documents"][0];
    assert_eq!(doc["release"]["date"], "2024-06-05", "{report}");
    assert_eq!(doc["dates"][0]["other_reading"], Value::Null);

    // --locale says it for a Markdown export, which has no `lang`.
    let md = "# Privacy Notice\n\nLast updated: 05/06/2024\n\nThistle Bikes hires out bicycles.\n";
    let (source, _) = saved(&parent, "privacy.md", md);
    for (locale, day) in [
        ("en-GB", "2024-06-05"),
        ("en-AU", "2024-06-05"),
        ("en-IN", "2024-06-05"),
        ("de-DE", "2024-06-05"),
        ("en-US", "2024-05-06"),
    ] {
        let root = parent.root().join(locale);
        let report = import_json(&root, &source, &["--dry-run", "--locale", locale]);
        let doc = &report["documents"][0];
        assert_eq!(doc["release"]["date"], day, "{locale}: {report}");
        assert_eq!(doc["dates"][0]["other_reading"], Value::Null, "{locale}");
    }
}

#[test]
fn a_numeric_date_that_reads_two_ways_on_a_page_of_unknown_locale_is_reported() {
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "privacy.md",
        "# Privacy Notice\n\nLast updated: 05/06/2024\n\nThistle Bikes hires out bicycles.\n",
    );
    let report = import_json(&root, &source, &["--dry-run"]);
    let doc = &report["documents"][0];
    assert_eq!(doc["release"]["date"], "2024-05-06");
    assert_eq!(doc["dates"][0]["other_reading"], "2024-06-05");
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("it was read as 2024-05-06, but it may mean 2024-06-05")
            && notes.contains("--locale en-GB reads day first")
            && notes.contains("--no-release and then `policyc release --date 2024-06-05`"),
        "{notes}"
    );
    let stdout = import(&root, &source, &["--dry-run"]);
    assert!(
        stdout.contains(
            "  Date: last updated 2024-05-06 (from the line “Last updated: 05/06/2024”, or 2024-06-05 read the other way: see the note): the release date"
        ),
        "{stdout}"
    );
}

/// The dry-run report of importing `page` (saved as `name`).
fn dry_run(name: &str, page: &str) -> Value {
    let parent = Project::empty();
    let (source, root) = saved(&parent, name, page);
    import_json(&root, &source, &["--dry-run"])
}

#[test]
fn a_date_line_whose_day_does_not_exist_stays_in_the_text_and_is_listed() {
    for line in [
        "Last updated: September 31, 2024",
        "February 29, 2023",
        "Effective: 2024-13-01",
    ] {
        let page = format!("# Kite Club Rules\n\n{line}\n\nFly kites away from power lines.\n");
        let report = dry_run("rules.md", &page);
        let doc = &report["documents"][0];
        let left_lines = left(doc);
        assert_eq!(doc["release"], Value::Null, "{line}: {report}");
        assert_eq!(
            left_lines,
            vec![(line.to_string(), "no_such_day".to_string())],
            "{line}"
        );
        assert_eq!(doc["dates_left_in_text"][0]["day"], Value::Null);
        let note = doc["dates_left_in_text"][0]["note"].as_str().unwrap();
        assert!(
            note.contains("looks like a date line, but the date does not exist")
                && note.contains("policyc release --date"),
            "{note}"
        );
    }
    // The report for people says it too, and the line is kept.
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "rules.md",
        "# Kite Club Rules\n\nLast updated: February 29, 2023\n\nFly kites.\n",
    );
    let stdout = import(&root, &source, &[]);
    assert!(
        stdout.contains(
            "  Date left in the text: last updated (no such day) (the line “Last updated: February 29, 2023”): it looks like a date line, but the date does not exist"
        ),
        "{stdout}"
    );
    assert!(read(&root, "policies/policy/en-US.md").contains("Last updated: February 29, 2023"));
}

#[test]
fn more_date_line_shapes_are_taken() {
    let cases = [
        ("Version 2.1 — Last updated March 2024", "2024-03-01"),
        ("Policy last updated: March 3, 2024", "2024-03-03"),
        ("Date: 1 February 2024", "2024-02-01"),
        ("Version en vigueur au 01/02/2024", "2024-02-01"),
        ("Last updated: 03/04/24", "2024-03-04"),
        (
            "This policy becomes effective on January 1, 2025.",
            "2025-01-01",
        ),
    ];
    for (line, day) in cases {
        let page = format!("# Kite Club Rules\n\n{line}\n\nFly kites away from power lines.\n");
        let report = dry_run("rules.md", &page);
        let doc = &report["documents"][0];
        assert_eq!(doc["release"]["date"], day, "{line}: {report}");
        assert_eq!(doc["dates"][0]["line"], line, "{line}");
    }
    // A two-digit year is read as this century's, and the report says so.
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "rules.md",
        "# Kite Club Rules\n\nLast updated: 03/04/24\n\nFly kites.\n",
    );
    let stdout = import(&root, &source, &["--dry-run", "--locale", "en-US"]);
    assert!(
        stdout.contains(
            "  Date: last updated 2024-03-04 (from the line “Last updated: 03/04/24”, a two-digit year: read as 2024): the release date"
        ),
        "{stdout}"
    );
}

#[test]
fn a_review_date_or_a_date_alone_is_listed_and_never_the_release_date() {
    for (line, reason) in [
        ("Last reviewed: March 3, 2024", "reviewed"),
        ("March 3, 2024", "no_label"),
    ] {
        let page = format!("# Kite Club Rules\n\n{line}\n\nFly kites.\n");
        let report = dry_run("rules.md", &page);
        let doc = &report["documents"][0];
        assert_eq!(doc["release"], Value::Null, "{report}");
        assert_eq!(left(doc), vec![(line.to_string(), reason.to_string())]);
    }
}

#[test]
fn a_date_on_the_line_under_its_label_or_in_the_title_is_taken() {
    let html = "<!DOCTYPE html><html lang=\"en-US\"><body><main><h1>Privacy Policy</h1><p><strong>Last updated</strong><br>March 3, 2024</p><p>Marlow Kayaks rents kayaks.</p></main></body></html>";
    let report = dry_run("privacy.html", html);
    let doc = &report["documents"][0];
    assert_eq!(doc["release"]["date"], "2024-03-03", "{report}");

    let report = dry_run(
        "privacy.md",
        "# Privacy Policy (Last updated: March 3, 2024)\n\nMarlow Kayaks rents kayaks.\n\n## What we keep\n\nNames.\n",
    );
    let doc = &report["documents"][0];
    assert_eq!(doc["title"], "Privacy Policy", "{report}");
    assert_eq!(doc["release"]["date"], "2024-03-03", "{report}");
}

#[test]
fn a_sentence_dating_the_policy_is_taken_alone_at_the_end_and_listed_inside_text() {
    let report = dry_run(
        "privacy.md",
        "# Privacy Policy\n\nMarlow Kayaks rents kayaks.\n\n## Contact\n\nWrite to us.\n\nThis Privacy Policy was last updated on March 3, 2024.\n",
    );
    let doc = &report["documents"][0];
    assert_eq!(doc["release"]["date"], "2024-03-03", "{report}");
    let report = dry_run(
        "privacy.md",
        "# Privacy Policy\n\nMarlow Kayaks rents kayaks. This policy becomes effective on January 1, 2025.\n\n## Contact\n\nWrite to us.\n",
    );
    let doc = &report["documents"][0];
    assert_eq!(doc["release"], Value::Null, "{report}");
    assert_eq!(
        left(doc),
        vec![(
            "This policy becomes effective on January 1, 2025.".to_string(),
            "in_paragraph".to_string()
        )]
    );
}

#[test]
fn a_two_digit_year_far_ahead_is_last_century_and_a_dotted_date_reads_one_way() {
    for (line, day) in [
        ("Last updated: 01/02/99", "1999-01-02"),
        ("Last updated: 12 March 98", "1998-03-12"),
    ] {
        let page = format!("# Kite Club Rules\n\n{line}\n\nFly kites away from power lines.\n");
        let report = dry_run("rules.md", &page);
        let doc = &report["documents"][0];
        assert_eq!(doc["release"]["date"], day, "{line}: {report}");
        assert_eq!(doc["dates"][0]["line"], line, "{line}");
        assert!(left(doc).is_empty(), "{report}");
    }
    let parent = Project::empty();
    let (source, root) = saved(
        &parent,
        "rules.md",
        "# Kite Club Rules\n\nLast updated: 01.02.26\n\nFly kites.\n",
    );
    let stdout = import(&root, &source, &["--dry-run"]);
    assert!(stdout.contains("last updated 2026-02-01"), "{stdout}");
    assert!(!stdout.contains("--locale"), "{stdout}");
}

#[test]
fn a_bold_label_over_its_date_and_an_effective_date_are_both_taken() {
    let html = "<!DOCTYPE html><html lang=\"en-US\"><body><main><h1>Privacy Policy</h1><p><strong>Last updated</strong><br>March 3, 2024<br>Effective: April 1, 2024</p><p>Lumen Ltd runs this site.</p></main></body></html>";
    let parent = Project::empty();
    let (source, root) = saved(&parent, "privacy.html", html);
    let report = import_json(&root, &source, &[]);
    let doc = &report["documents"][0];
    assert_eq!(doc["release"]["date"], "2024-03-03", "{report}");
    assert_eq!(doc["dates"].as_array().unwrap().len(), 2, "{report}");
    assert!(left(doc).is_empty(), "{report}");
    let md = read(&root, "policies/policy/en-US.md");
    assert!(!md.contains("## Last updated"), "{md}");
    assert!(!md.contains("March 3, 2024"), "{md}");
    assert!(md.contains("Lumen Ltd runs this site."), "{md}");
}
