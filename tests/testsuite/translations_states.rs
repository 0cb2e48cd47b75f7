//! `policyc translations` beyond stale and missing: a translation that
//! lacks sections of its source, keeps one its source dropped, or is a
//! supplement's that no page shows; and which regions and release a lag
//! is reported for.

use crate::support::Project;
use crate::support::release::{LATER, SECOND, edit, ok, release, released_example, run};
use crate::translations::{cell, stale_example, status_json, translations};

/// `text` without the lines from the one starting with `from` up to, not
/// including, the one starting with `to`.
fn cut(text: &str, from: &str, to: &str) -> String {
    let start = text.find(from).expect("the start is there");
    let end = start + text[start..].find(to).expect("the end is there");
    format!("{}{}", &text[..start], &text[end..])
}

const DE: &str = "policies/privacy/de-DE.md";

#[test]
fn a_translation_lacking_a_section_of_its_source_is_incomplete_and_fails_the_gate() {
    let p = released_example();
    p.write(
        DE,
        cut(
            &p.read(DE),
            "## Kinder {#children}",
            "## Wie wir Informationen",
        ),
    );
    let (code, json) = status_json(&p);
    assert_eq!(code, 1, "{json:#}");
    let de = cell(&json, "privacy", None, "de-DE");
    assert_eq!(de["state"], "incomplete", "{de:#}");
    assert_eq!(de["missing_sections"], serde_json::json!(["children"]));
    assert_eq!(json["summary"]["incomplete"], 1);
    let (_, table, _) = translations(&p, &[]);
    let row = table.lines().find(|l| l.starts_with("privacy ")).unwrap();
    assert!(row.contains("incomplete"), "{table}");
    assert!(
        table.contains("policies/privacy/de-DE.md: incomplete: section `children` missing; the pages of eu, global leave it out"),
        "{table}"
    );

    // The project may accept what a page lacks in its locale.
    let config = p.read("policyc.yaml");
    p.write(
        "policyc.yaml",
        config.replace(
            "  terms: [es-US, de-DE]\n",
            "  terms: [es-US, de-DE]\n  privacy: [de-DE]\n",
        ),
    );
    let (code, json) = status_json(&p);
    assert_eq!(code, 0, "{json:#}");
    let de = cell(&json, "privacy", None, "de-DE");
    assert_eq!(de["state"], "current", "{de:#}");
    assert_eq!(de["missing_sections"], serde_json::json!(["children"]));
}

#[test]
fn a_translation_keeping_a_section_its_source_dropped_is_extra_and_check_names_its_line() {
    let p = released_example();
    let en = "policies/privacy/en-US.md";
    p.write(
        en,
        cut(&p.read(en), "## Children {#children}", "## How we protect"),
    );
    let (code, json) = status_json(&p);
    assert_eq!(code, 1, "{json:#}");
    let de = cell(&json, "privacy", None, "de-DE");
    assert_eq!(de["state"], "extra", "{de:#}");
    assert_eq!(de["extra_sections"], serde_json::json!(["children"]));
    assert_eq!(de["missing_sections"], serde_json::json!([]));
    let (_, table, _) = translations(&p, &[]);
    assert!(
        table.contains("policies/privacy/de-DE.md: extra: section `children` not in policies/privacy/en-US.md; the pages of eu, global still show it"),
        "{table}"
    );
    // `check` names the file and the heading's line.
    let line = p
        .read(DE)
        .lines()
        .position(|l| l.contains("{#children}"))
        .map(|i| i + 1);
    let (_, report) = p.check_json(&["--today", LATER]);
    let extra = report.matching("the section `children` is not in");
    let places: Vec<_> = extra
        .iter()
        .map(|d| (d.file.clone().unwrap_or_default(), d.line))
        .collect();
    assert!(places.contains(&(DE.to_string(), line)), "{report:#?}");
}

#[test]
fn a_supplement_translation_without_its_documents_is_unused_and_check_warns() {
    let p = released_example();
    std::fs::remove_file(p.root().join(DE)).unwrap();
    let (code, json) = status_json(&p);
    assert_eq!(code, 1, "{json:#}");
    let eu = cell(&json, "privacy", Some("eu"), "de-DE");
    assert_eq!(eu["state"], "unused", "{json:#}");
    assert_eq!(eu["shown_instead"], DE);
    let (_, table, _) = translations(&p, &[]);
    assert!(
        table.contains("regions/eu/privacy.de-DE.md: unused: the pages of eu show the whole document in en-US, as policies/privacy/de-DE.md is missing"),
        "{table}"
    );
    let (_, report) = p.check_json(&["--today", LATER]);
    let unused = report.matching("no page shows this translation");
    assert_eq!(unused.len(), 1, "{report:#?}");
    assert_eq!(
        unused[0].file.as_deref(),
        Some("regions/eu/privacy.de-DE.md")
    );
    assert!(
        unused[0]
            .message
            .contains("`policies/privacy/de-DE.md` is missing"),
        "{report:#?}"
    );
}

#[test]
fn a_stale_cell_names_only_the_regions_whose_pages_lag() {
    // us-ca replaces `retention` in its supplement: its pages do not lag.
    let p = stale_example();
    let (_, json) = status_json(&p);
    let es = cell(&json, "privacy", None, "es-US");
    assert_eq!(es["regions"], serde_json::json!(["global", "us"]), "{es:#}");
    let (_, table, _) = translations(&p, &[]);
    assert!(
        table.contains("policies/privacy/es-US.md: stale since release 2 (pages of global, us)\n"),
        "{table}"
    );
}

#[test]
fn stale_since_is_the_earliest_release_the_translation_did_not_follow() {
    let p = stale_example();
    edit(&p, "policies/privacy/en-US.md", "We retain", "We hold");
    release(&p, "2026-03-05", "Retention wording again");
    let (_, stdout) = translations_at(&p, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let de = cell(&json, "privacy", None, "de-DE");
    assert_eq!(de["state"], "stale");
    assert_eq!(de["since"], 2, "{de:#}");
    assert_eq!(de["sections"][0]["since"], 2);
    assert_eq!(de["sections"][0]["release"], 3);
    let (_, table) = translations_at(&p, &[]);
    let row = table.lines().find(|l| l.starts_with("privacy ")).unwrap();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["privacy", "stale", "r2", "stale", "r2"],
        "{table}"
    );
    assert!(
        table.contains("changed since release 2 (last in release 3, 2026-03-05)"),
        "{table}"
    );
}

/// `policyc translations ARGS` the day after the third release.
fn translations_at(p: &Project, args: &[&str]) -> (i32, String) {
    let output = run(
        p,
        &[&["translations"], args, &["--today", "2026-03-06"]].concat(),
    );
    (
        output.status.code().expect("policyc exited normally"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn ack_for_a_region_run_twice_says_it_is_acknowledged_already_and_writes_nothing() {
    let p = stale_example();
    let args = ["ack", "privacy", "es-US", "--region", "us"];
    let (code, _, stderr) = translations(&p, &args);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Acknowledged the es-US translation"),
        "{stderr}"
    );
    let before = p.read("history/acks.yaml");
    let (code, _, stderr) = translations(&p, &args);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Nothing new to acknowledge") && stderr.contains("acknowledged already"),
        "{stderr}"
    );
    assert!(!stderr.contains("Recorded in"), "{stderr}");
    assert_eq!(p.read("history/acks.yaml"), before);
}

#[test]
fn ack_for_a_region_that_does_not_publish_the_locale_says_so() {
    let p = stale_example();
    let (code, _, stderr) = translations(&p, &["ack", "privacy", "de-DE", "--region", "us"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("the region `us` does not publish `de-DE`: its pages are in en-US, es-US"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the regions that publish `de-DE` are eu, global"),
        "{stderr}"
    );
    assert!(!p.root().join("history/acks.yaml").exists());
}

#[test]
fn release_says_which_translations_now_lag_and_a_dry_run_which_will() {
    let p = released_example();
    edit(&p, "policies/privacy/en-US.md", "We keep", "We retain");
    let args = [
        "release",
        "--date",
        SECOND,
        "--today",
        SECOND,
        "-m",
        "Retention",
    ];
    let dry = ok(&p, &[&args[..], &["--dry-run"]].concat());
    let dry = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.contains("they will lag behind their source once released"),
        "{dry}"
    );

    let json = ok(
        &p,
        &[&args[..], &["--dry-run", "--format", "json"]].concat(),
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["dry_run"], true);
    assert_eq!(
        json["diff"]["translations"][0]["file"],
        "policies/privacy/de-DE.md"
    );

    let done = ok(&p, &args);
    let done = String::from_utf8_lossy(&done.stdout);
    assert!(
        done.contains("These translations now lag behind their source (update them, or run `policyc translations ack DOC LOCALE` for one that needs no change):"),
        "{done}"
    );
    assert!(done.contains("policies/privacy/de-DE.md:"), "{done}");
    assert!(!done.contains("once released"), "{done}");
}

const BAD_ACKS: &str = "acks:
- doc: privacy
  locale: de-DE
  section: retention
  release: 99
- doc: privcy
  locale: de-DE
  section: retention
  release: 2
- doc: privacy
  locale: de-De
  section: retention
  release: 2
- doc: privacy
  locale: es-US
  section: retenton
  region: us-cal
  release: 2
";

#[test]
fn acks_naming_a_future_release_or_unknown_names_are_reported_at_their_place() {
    let p = stale_example();
    p.write("history/acks.yaml", BAD_ACKS);
    let (code, report) = p.check_json(&["--today", LATER]);
    assert_eq!(code, 1, "an ack of a release not made yet is an error");
    let mut found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.file.as_deref() == Some("history/acks.yaml"))
        .map(|d| (d.severity.as_str(), d.line, d.column))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("error", Some(5), Some(12)),
            ("warning", Some(6), Some(8)),
            ("warning", Some(11), Some(11)),
            ("warning", Some(16), Some(12)),
            ("warning", Some(17), Some(11)),
        ],
        "{report:#?}"
    );
    let release = report.matching("names release 99");
    assert!(
        release[0]
            .message
            .contains("but the last release recorded is 2"),
        "{report:#?}"
    );
    for (needle, near) in [
        ("the document `privcy`", "did you mean `privacy`?"),
        ("the locale `de-De`", "did you mean `de-DE`?"),
        ("the section `retenton`", "did you mean `retention`?"),
        ("the region `us-cal`", "did you mean `us-ca`?"),
    ] {
        let d = report.matching(needle);
        assert_eq!(d.len(), 1, "{needle}: {report:#?}");
        assert!(d[0].message.contains(near), "{needle}: {report:#?}");
        assert!(
            d[0].help
                .as_deref()
                .is_some_and(|h| h.contains("remove the entry or fix the name")),
            "{report:#?}"
        );
    }

    // `build` and `translations` refuse it too, and `verify` reads it.
    let build = run(&p, &["build", "--today", LATER]);
    assert_eq!(build.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&build.stderr).contains("history/acks.yaml:5:12"),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let (code, _, stderr) = translations(&p, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("history/acks.yaml:5:12"), "{stderr}");
    assert!(stderr.contains("history/acks.yaml:6:8"), "{stderr}");
    let verify = run(&p, &["verify"]);
    assert_eq!(verify.status.code(), Some(1));
    let verify = String::from_utf8_lossy(&verify.stderr);
    assert!(verify.contains("names release 99"), "{verify}");
    assert!(
        verify.contains("the releases in history/ are intact, but history/acks.yaml needs fixing"),
        "{verify}"
    );

    // Unknown names alone are warnings: the status is still given.
    let fixed = BAD_ACKS.replace("release: 99", "release: 2");
    p.write("history/acks.yaml", fixed);
    let (code, report) = p.check_json(&["--today", LATER]);
    assert_eq!(code, 0, "{report:#?}");
    let (_, stdout, stderr) = translations(&p, &[]);
    assert!(stdout.contains("Translations against"), "{stdout}");
    assert!(stderr.contains("the document `privcy`"), "{stderr}");
}
