//! The commands around releases: `build --frozen`, `show --at`,
//! `release --dry-run`, and "today" from SOURCE_DATE_EPOCH.

use crate::support::Project;
use crate::support::release::{
    CA_PRIVACY, FIRST, SECOND, assert_history_is, assert_mentions, build_at, edit,
    example_variants, fails, history, keys, manifest_versions, ok, page_dates, record, release,
    released_example, show, squash, stderr_of, stdout_of,
};

// ---- 5. build --frozen ----------------------------------------------------------

#[test]
fn build_frozen_fails_before_a_release_and_passes_after() {
    let p = Project::example();

    // Never released: every page is unreleased.
    let stderr = fails(&p, &["build", "--frozen", "--today", FIRST]);
    assert_mentions(&stderr, "20 pages have text changes that were not released");
    for (doc, region, locale) in example_variants() {
        assert_mentions(&stderr, &format!("{doc} · {region} · {locale}"));
    }
    assert!(!p.out().exists(), "a failed build wrote out/");

    // Without --frozen the pages say so.
    build_at(&p, FIRST);
    assert!(page_dates(&p).values().all(Option::is_none));
    assert!(manifest_versions(&p).values().all(|v| *v == (None, None)));

    release(&p, FIRST, "First release");
    ok(&p, &["build", "--frozen", "--quiet", "--today", FIRST]);

    // One unreleased word: only that page is listed, and out/ is kept.
    edit(
        &p,
        CA_PRIVACY,
        "in a portable format",
        "in a readable format",
    );
    let built = crate::support::read_tree(&p.out());
    let stderr = fails(&p, &["build", "--frozen", "--today", SECOND]);
    assert_mentions(&stderr, "1 page has text changes that were not released");
    assert_mentions(&stderr, "privacy · us-ca · en-US");
    for (doc, region, locale) in example_variants() {
        let listed = squash(&stderr).contains(&squash(&format!("{doc} · {region} · {locale}")));
        let expected =
            (doc.as_str(), region.as_str(), locale.as_str()) == ("privacy", "us-ca", "en-US");
        assert_eq!(
            listed, expected,
            "{doc} · {region} · {locale} in:\n{stderr}"
        );
    }
    assert!(
        crate::support::read_tree(&p.out()) == built,
        "a failed build changed out/"
    );

    release(&p, SECOND, "Right to know");
    ok(&p, &["build", "--frozen", "--quiet", "--today", SECOND]);
}

// ---- 9. show --at ----------------------------------------------------------------

#[test]
fn show_at_prints_the_version_in_force_on_either_side_of_a_release() {
    let p = released_example();
    edit(
        &p,
        CA_PRIVACY,
        "in a portable format",
        "in a readable format",
    );
    release(&p, SECOND, "Right to know");

    let (code, out, err) = show(&p, "privacy", "us-ca", "en-US", "2026-01-09");
    assert_eq!(code, 1, "before the first release: {out}\n{err}");
    assert!(out.is_empty(), "{out}");
    assert_mentions(&err, "no released version in force on 2026-01-09");

    for day in [FIRST, "2026-02-28"] {
        let (code, out, err) = show(&p, "privacy", "us-ca", "en-US", day);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("in a portable format"), "{day}: {out}");
        assert!(!out.contains("in a readable format"), "{day}: {out}");
        assert_mentions(&err, "version 1");
    }
    for day in [SECOND, "2027-01-01"] {
        let (code, out, err) = show(&p, "privacy", "us-ca", "en-US", day);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("in a readable format"), "{day}: {out}");
        assert!(!out.contains("in a portable format"), "{day}: {out}");
        assert_mentions(&err, "version 2");
    }
    // The released text is the rendered variant: title, variables filled in.
    let (_, out, _) = show(&p, "privacy", "us-ca", "en-US", SECOND);
    assert!(
        out.starts_with("---\ntitle: Privacy Policy\n---\n"),
        "{out}"
    );
    assert!(out.contains("ca-privacy@ottermoss.example"), "{out}");
    assert!(!out.contains("{{"), "{out}");

    // Another locale and region keep their first version.
    let (code, out, err) = show(&p, "privacy", "us-ca", "es-US", SECOND);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("en un formato portátil"), "{out}");
    assert_mentions(&err, "version 1");

    // Bad input.
    let (code, _, err) = show(&p, "privacy", "us-ca", "en-US", "1 March");
    assert_eq!(code, 1);
    assert_mentions(&err, "is not a date");
    let (code, _, err) = show(&p, "privacy", "us-ca", "en-US", "2026-01-09");
    assert_eq!(code, 1);
    assert_mentions(
        &err,
        "privacy · us-ca · en-US had no released version in force on 2026-01-09",
    );
}

#[test]
fn show_names_an_unknown_region_document_or_locale_and_lists_the_known_ones() {
    let p = released_example();
    for (doc, region, locale, expected) in [
        (
            "privacy",
            "mars",
            "en-US",
            "unknown region `mars`; the regions are: eu, global, us, us-ca",
        ),
        (
            "privcy",
            "us",
            "en-US",
            "unknown document `privcy`; the documents are: notice-at-collection, privacy, terms",
        ),
        (
            "privacy",
            "us",
            "fr-FR",
            "unknown locale `fr-FR`; the locales are: de-DE, en-US, es-US",
        ),
        (
            "privacy",
            "us",
            "de-DE",
            "the region `us` is not published in `de-DE`; its locales are: en-US, es-US",
        ),
        (
            "notice-at-collection",
            "eu",
            "en-US",
            "the region `eu` has no document `notice-at-collection`; its documents are: privacy, terms",
        ),
    ] {
        let (code, _, err) = show(&p, doc, region, locale, SECOND);
        assert_eq!(code, 1, "{err}");
        assert_mentions(&err, &format!("error: {expected}"));
    }
}

#[test]
fn show_at_honours_an_effective_date() {
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
            "2026-04-01",
            "--today",
            SECOND,
            "-m",
            "Portability",
        ],
    );
    let r = record(&p, 2);
    assert_eq!(r.date, SECOND);
    assert_eq!(r.effective.as_deref(), Some("2026-04-01"));

    let (_, before, _) = show(&p, "privacy", "us-ca", "en-US", "2026-03-31");
    assert!(before.contains("in a portable format"), "{before}");
    let (_, after, _) = show(&p, "privacy", "us-ca", "en-US", "2026-04-01");
    assert!(after.contains("in a readable format"), "{after}");
}

// ---- 11. --dry-run ----------------------------------------------------------------

#[test]
fn dry_run_on_a_new_project_prints_everything_and_writes_nothing() {
    let p = Project::example();
    let output = ok(
        &p,
        &["release", "--dry-run", "--date", FIRST, "--today", FIRST],
    );
    assert!(stdout_of(&output).contains("Privacy Policy (privacy)"));
    assert_mentions(
        &stderr_of(&output),
        "Dry run: release 1 (2026-01-10) would record 20 new versions, 27 table versions; nothing was written.",
    );
    assert!(
        !p.root().join("history").exists(),
        "--dry-run created history/"
    );
}

#[test]
fn dry_run_prints_what_would_be_recorded_and_writes_nothing() {
    let p = released_example();
    let before = history(&p);
    edit(
        &p,
        CA_PRIVACY,
        "in a portable format",
        "in a readable format",
    );
    let output = ok(
        &p,
        &["release", "--dry-run", "--date", SECOND, "--today", SECOND],
    );
    let stdout = stdout_of(&output);
    assert!(stdout.contains("us-ca · en-US"), "{stdout}");
    assert!(
        stdout.contains("portable") && stdout.contains("readable"),
        "{stdout}"
    );
    assert_mentions(
        &stderr_of(&output),
        "Dry run: release 2 (2026-03-01) would record 1 new version; nothing was written.",
    );
    assert_history_is(&p, &before, true);
    // The summary is the one `policyc diff` prints.
    assert_eq!(stdout_of(&ok(&p, &["diff"])), stdout);

    // The real release then records what the dry run announced; the
    // translations it leaves behind lag now.
    let output = release(&p, SECOND, "Right to know");
    let announced = stdout.replace(
        "Translations these changes leave behind (they will lag behind their source once released)",
        "These translations now lag behind their source (update them, or run `policyc translations ack DOC LOCALE` for one that needs no change)",
    );
    assert_eq!(stdout_of(&output), announced);
    assert_eq!(record(&p, 2).keys(), keys(&[("privacy", "us-ca", "en-US")]));
}

// ---- Run without --today --------------------------------------------------------

#[test]
fn source_date_epoch_fixes_the_release_date() {
    let p = Project::example();
    // 2026-01-10T12:00:00Z
    let output = p
        .cmd()
        .env("SOURCE_DATE_EPOCH", "1768046400")
        .args(["release", "--message", "First release"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(record(&p, 1).date, FIRST);
    let output = p
        .cmd()
        .env("SOURCE_DATE_EPOCH", "1768046400")
        .args(["build", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(page_dates(&p).values().all(|d| d.as_deref() == Some(FIRST)));
}
