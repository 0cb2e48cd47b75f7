//! Withdrawals: a document, region or locale removed after it was released
//! is a change that `diff` reports, `build --frozen` refuses until it is
//! released, `release` records and `verify` checks; its pages stay at their
//! URLs, saying when the document was withdrawn.

use crate::support::release::{
    FIRST, build_at, edit, fails, ok, record, release, released_example, run, stdout_of,
    write_record_with_valid_hash,
};
use crate::support::{Project, select, text};

/// The day of the withdrawal in these scenarios, and a day after it.
const WITHDRAWN: &str = "2026-02-01";
const AFTER: &str = "2026-02-02";

/// The example, released, with its links to the documents these tests
/// withdraw turned into plain text first: a link to a document that is gone
/// is an error.
fn released_unlinked() -> Project {
    let p = Project::example();
    p.unlink("terms").unlink("notice-at-collection");
    release(&p, FIRST, "First release");
    p
}

/// The released example with the terms of use deleted.
fn terms_removed() -> Project {
    let p = released_unlinked();
    std::fs::remove_dir_all(p.root().join("policies/terms")).expect("remove policies/terms");
    p
}

/// A message as one line, however the terminal renderer wrapped it.
fn unwrapped(message: &str) -> String {
    message
        .lines()
        .map(|l| l.trim().trim_start_matches('│').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn banner(p: &Project, rel: &str) -> (String, String) {
    let page = p.page(rel);
    let href = select(&page, "p.banner a")
        .first()
        .and_then(|a| a.value().attr("href"))
        .unwrap_or_default()
        .to_string();
    (text(&page, "p.banner"), href)
}

#[test]
fn removing_a_released_document_is_a_change_diff_reports_in_every_format() {
    let p = terms_removed();

    let text_out = stdout_of(&ok(&p, &["diff"]));
    assert!(!text_out.contains("No changes"), "{text_out}");
    assert!(
        text_out.contains("Terms of Use (terms)") && text_out.contains("withdrawn"),
        "{text_out}"
    );
    assert!(text_out.contains("9 pages withdrawn"), "{text_out}");

    let markdown = stdout_of(&ok(&p, &["diff", "--format", "markdown"]));
    assert!(markdown.contains("- **Withdrawn**"), "{markdown}");

    let html = stdout_of(&ok(&p, &["diff", "--format", "html"]));
    assert!(html.contains("Withdrawn from"), "{html}");

    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&ok(&p, &["diff", "--format", "json"]))).unwrap();
    assert_eq!(json["changed"], true);
    let terms = &json["documents"][0];
    assert_eq!(terms["document"], "terms");
    assert_eq!(terms["withdrawn"].as_array().map(Vec::len), Some(9));
    assert_eq!(
        terms["withdrawn_from"],
        "eu · de-DE, en-US; global · de-DE, en-US, es-US; us · en-US, es-US; us-ca · en-US, es-US"
    );

    // A withdrawal is a text change for `--exit-code`.
    assert_eq!(run(&p, &["diff", "--exit-code"]).status.code(), Some(1));
}

#[test]
fn build_frozen_fails_until_the_withdrawal_is_released() {
    let p = terms_removed();
    let stderr = unwrapped(&fails(&p, &["build", "--frozen", "--today", AFTER]));
    assert!(
        stderr.contains("9 pages were withdrawn, but the withdrawal was not released (--frozen)"),
        "{stderr}"
    );
    assert!(stderr.contains("terms · us · en-US"), "{stderr}");
    assert!(stderr.contains("run `policyc release -m"), "{stderr}");

    let out = release(&p, WITHDRAWN, "Terms withdrawn");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("0 new versions, 9 withdrawals"), "{said}");
    let recorded = p.read("history/releases/0002.yaml");
    assert!(
        recorded
            .contains("withdrawn:\n- doc: terms\n  region: eu\n  locale: de-DE\n  version: 1\n"),
        "{recorded}"
    );
    ok(&p, &["build", "--frozen", "--today", AFTER]);
    let again = String::from_utf8_lossy(&ok(&p, &["diff"]).stdout).into_owned();
    assert_eq!(again, "No changes.\n");
    let verified = ok(&p, &["verify"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&verified.stdout),
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(said.contains("intact: 2 releases"), "{said}");
}

#[test]
fn a_withdrawn_document_keeps_its_page_history_versions_and_feed_entry() {
    let p = terms_removed();
    release(&p, WITHDRAWN, "Terms withdrawn");
    build_at(&p, AFTER);

    let (notice, href) = banner(&p, "us/en-US/terms/index.html");
    assert_eq!(
        notice,
        "This document was withdrawn on February 1, 2026. Read the last version"
    );
    assert!(href.starts_with("v/1/"), "{href}");
    let (german, _) = banner(&p, "eu/de-DE/terms/index.html");
    assert!(german.starts_with("Dieses Dokument wurde am 1. Februar 2026 zurückgezogen."));

    // Its last version says until when it was in force.
    let (last, _) = banner(&p, "us/en-US/terms/v/1/index.html");
    assert!(
        last.starts_with("This is version 1, in force from January 10, 2026 until the document was withdrawn on February 1, 2026."),
        "{last}"
    );

    // The change history shows the withdrawal above the version it withdrew.
    let changes = p.page("us/en-US/terms/changes/index.html");
    let headings: Vec<_> = select(&changes, "section.version h2")
        .iter()
        .map(|h| h.value().attr("id").unwrap_or_default().to_string())
        .collect();
    assert_eq!(headings, ["withdrawn-1", "v1"]);
    assert_eq!(
        text(&changes, "#withdrawn-1"),
        "Withdrawn on February 1, 2026"
    );

    // It is no longer among the documents but listed as withdrawn, and
    // the feed says it was withdrawn.
    let index = p.page("us/en-US/index.html");
    let listed: Vec<_> = select(&index, "main li:not(.withdrawn) a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(!listed.iter().any(|h| h.starts_with("terms")), "{listed:?}");
    assert_eq!(text(&index, "main li.withdrawn a"), "Terms of Use");
    assert_eq!(
        text(&index, "main li.withdrawn p"),
        "Withdrawn on February 1, 2026"
    );
    let feed = p.read_out("us/en-US/feed.xml");
    let first_entry = feed.split("<entry>").nth(1).unwrap_or_default();
    assert!(
        first_entry.contains("<title>Terms of Use: Withdrawn on February 1, 2026</title>"),
        "{feed}"
    );
    assert!(first_entry.contains("https://legal.ottermoss.example/us/en-US/terms/"));

    // The manifest keeps the page, with the day it was withdrawn.
    let manifest = p.manifest();
    let page = manifest["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["path"] == "us/en-US/terms/index.html")
        .cloned()
        .unwrap();
    assert_eq!(page["withdrawn"], WITHDRAWN);
    assert!(page["version"].is_null());
}

#[test]
fn links_to_sections_of_a_withdrawn_document_lead_to_its_last_version() {
    let p = Project::example();
    let privacy = [
        "policies/privacy/en-US.md",
        "policies/privacy/de-DE.md",
        "policies/privacy/es-US.md",
    ];
    for rel in privacy {
        edit(&p, rel, "](doc:terms)", "](doc:terms#accounts)");
    }
    release(&p, FIRST, "First release");
    std::fs::remove_dir_all(p.root().join("policies/terms")).expect("remove policies/terms");

    // A current text that still links to it is an error saying so.
    let stderr = unwrapped(&fails(&p, &["check"]));
    assert!(
        stderr.contains(
            "this link points to the document `terms`, which was withdrawn: it was released, but the project no longer has it"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("policies/privacy/en-US.md:69:"), "{stderr}");
    assert!(
        stderr.contains("remove the link and keep its text (`[text](doc:terms)` becomes `text`)"),
        "{stderr}"
    );

    for rel in privacy {
        edit(&p, rel, "](doc:terms#accounts)", "](doc:terms)");
    }
    p.unlink("terms");
    release(&p, WITHDRAWN, "Terms withdrawn");
    build_at(&p, AFTER);
    // The privacy policy's first version linked to a section of the terms:
    // the withdrawn page shows no text, their last version does.
    let archived = p.page("us/en-US/privacy/v/1/index.html");
    let hrefs: Vec<_> = select(&archived, "main a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .filter(|h| h.contains("terms"))
        .collect();
    assert_eq!(hrefs, ["../../../terms/v/1/index.html#accounts"]);
    crate::support::links::assert_no_broken_links(&p.out());
}

#[test]
fn a_removed_region_keeps_its_index_page_and_feed_which_list_its_withdrawals() {
    let p = released_example();
    std::fs::remove_dir_all(p.root().join("regions/us-ca")).unwrap();
    p.remove("regions/us-ca.yaml");
    let stdout = stdout_of(&ok(&p, &["diff"]));
    assert!(stdout.contains("6 pages withdrawn"), "{stdout}");
    release(&p, WITHDRAWN, "California is covered by the US pages");
    build_at(&p, AFTER);

    for rel in [
        "us-ca/en-US/privacy/index.html",
        "us-ca/es-US/notice-at-collection/index.html",
    ] {
        let page = p.page(rel);
        assert!(
            text(&page, "p.banner").contains("February")
                || text(&page, "p.banner").contains("febrero"),
            "{rel}"
        );
        let back: Vec<_> = select(&page, "nav.breadcrumbs a")
            .iter()
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect();
        assert_eq!(back, ["../index.html"], "{rel}: not the region's page");
    }
    assert!(p.out().join("us-ca/en-US/privacy/v/1/index.html").is_file());
    assert!(
        p.out()
            .join("us-ca/en-US/privacy/changes/index.html")
            .is_file()
    );
    // The region's page in each locale lists its withdrawn documents, and
    // its feed announces each withdrawal.
    for (locale, note) in [
        ("en-US", "Withdrawn on February 1, 2026"),
        ("es-US", "Retirado el 1 de febrero de 2026"),
    ] {
        let index = p.page(&format!("us-ca/{locale}/index.html"));
        let withdrawn: Vec<_> = select(&index, "main li.withdrawn")
            .iter()
            .map(|li| crate::support::text_of(*li))
            .collect();
        assert_eq!(withdrawn.len(), 3, "{locale}: {withdrawn:?}");
        assert!(withdrawn.iter().all(|w| w.ends_with(note)), "{withdrawn:?}");
        let hrefs: Vec<_> = select(&index, "main li.withdrawn a")
            .iter()
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect();
        assert!(
            hrefs.contains(&"privacy/index.html".to_string()),
            "{hrefs:?}"
        );
        let feed = p.read_out(&format!("us-ca/{locale}/feed.xml"));
        let withdrawals = feed.matches(&format!(": {note}</title>")).count();
        assert_eq!(withdrawals, 3, "{feed}");
    }
    crate::support::links::assert_no_broken_links(&p.out());
}

#[test]
fn a_locale_removed_from_a_region_and_a_region_only_document_removed_are_withdrawn() {
    let p = released_example();
    edit(
        &p,
        "regions/us.yaml",
        "locales: [en-US, es-US]",
        "locales: [en-US]",
    );
    // Its Spanish pages show the English supplement: one file is all of it.
    // The privacy policy links to it: a link to a withdrawn document is an
    // error.
    p.remove("regions/us-ca/notice-at-collection.en-US.md");
    p.unlink("notice-at-collection");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&ok(&p, &["diff", "--format", "json"]))).unwrap();
    let mut withdrawn: Vec<(String, String)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["document"].as_str().unwrap_or_default().to_string(),
                d["withdrawn_from"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // The privacy policy, which changed too, comes first.
    withdrawn.sort();
    assert_eq!(
        withdrawn,
        [
            ("notice-at-collection".into(), "us-ca · en-US, es-US".into()),
            ("privacy".into(), "us, us-ca · es-US".into()),
            ("terms".into(), "us, us-ca · es-US".into()),
        ]
    );
    release(&p, WITHDRAWN, "Spanish pages withdrawn");
    build_at(&p, AFTER);
    let (notice, _) = banner(&p, "us/es-US/privacy/index.html");
    assert_eq!(
        notice,
        "Este documento fue retirado el 1 de febrero de 2026. Leer la última versión"
    );
    // The English pages are untouched.
    assert!(select(&p.page("us/en-US/privacy/index.html"), "p.banner").is_empty());
    // The locale's page and feed stay, listing what was withdrawn.
    let index = p.page("us/es-US/index.html");
    let withdrawn: Vec<_> = select(&index, "main li.withdrawn a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(withdrawn.len(), 2, "{withdrawn:?}");
    let feed = p.read_out("us/es-US/feed.xml");
    assert_eq!(feed.matches(": Retirado el ").count(), 2, "{feed}");
    crate::support::links::assert_no_broken_links(&p.out());
}

#[test]
fn a_document_restored_after_its_withdrawal_is_released_as_a_new_version() {
    let p = released_unlinked();
    let kept = crate::support::read_tree(&p.root().join("policies/terms"));
    std::fs::remove_dir_all(p.root().join("policies/terms")).unwrap();
    release(&p, WITHDRAWN, "Terms withdrawn");
    for (rel, bytes) in &kept {
        p.write(&format!("policies/terms/{}", rel.to_string_lossy()), bytes);
    }

    // The same text as before the withdrawal is still a change, compared
    // with the version withdrawn: nothing in it is new.
    let stdout = stdout_of(&ok(&p, &["diff"]));
    assert!(stdout.contains("Terms of Use (terms)"), "{stdout}");
    assert!(stdout.contains("; 9 pages restored"), "{stdout}");
    assert!(!stdout.contains("title:"), "{stdout}");
    assert!(!stdout.contains("added"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&ok(&p, &["diff", "--format", "json"]))).unwrap();
    let terms = &json["documents"][0];
    assert_eq!(terms["document"], "terms");
    assert_eq!(terms["changed"], true);
    assert_eq!(terms["sections"].as_array().map(Vec::len), Some(0));
    assert!(!terms["restored"].as_array().unwrap().is_empty(), "{terms}");
    fails(&p, &["build", "--frozen", "--today", AFTER]);
    release(&p, "2026-03-01", "Terms are back");
    let third = record(&p, 3);
    let restored: Vec<_> = third
        .variants
        .iter()
        .filter(|e| e.doc == "terms" && e.region == "us" && e.locale == "en-US")
        .collect();
    assert_eq!(restored.len(), 1);
    assert_eq!(restored[0].version, 2);
    assert_eq!(restored[0].changes, ["restored after its withdrawal"]);

    build_at(&p, "2026-03-02");
    assert!(select(&p.page("us/en-US/terms/index.html"), "p.banner").is_empty());
    let changes = p.page("us/en-US/terms/changes/index.html");
    let headings: Vec<_> = select(&changes, "section.version h2")
        .iter()
        .map(|h| h.value().attr("id").unwrap_or_default().to_string())
        .collect();
    assert_eq!(headings, ["v2", "withdrawn-1", "v1"]);
    let (v1, _) = banner(&p, "us/en-US/terms/v/1/index.html");
    assert!(v1.contains("It is not the current version"), "{v1}");
    ok(&p, &["verify"]);
}

#[test]
fn a_withdrawal_with_a_later_effective_date_keeps_the_text_until_then() {
    let p = terms_removed();
    ok(
        &p,
        &[
            "release",
            "--date",
            WITHDRAWN,
            "--effective",
            "2026-02-15",
            "-m",
            "Terms withdrawn from mid-February",
        ],
    );
    build_at(&p, AFTER);
    let page = p.page("us/en-US/terms/index.html");
    assert_eq!(
        text(&page, "p.banner"),
        "This document will be withdrawn on February 15, 2026. See what changes"
    );
    let href = select(&page, "p.banner a")[0]
        .value()
        .attr("href")
        .unwrap_or_default();
    assert!(
        href.starts_with("changes/") && href.ends_with("#withdrawn-1"),
        "{href}"
    );
    assert!(
        !select(&page, "nav.toc").is_empty(),
        "the text in force stays"
    );
    let index = p.read_out("us/en-US/index.html");
    assert!(index.contains("terms/"), "still listed until then");
    // The change history and the feed do not claim it already happened.
    let changes = p.page("us/en-US/terms/changes/index.html");
    assert_eq!(
        text(&changes, "section.withdrawal h2"),
        "To be withdrawn on February 15, 2026"
    );
    let changes_de = p.page("eu/de-DE/terms/changes/index.html");
    assert_eq!(
        text(&changes_de, "section.withdrawal h2"),
        "Wird am 15. Februar 2026 zurückgezogen"
    );
    let feed = p.read_out("us/en-US/feed.xml");
    assert!(
        feed.contains("To be withdrawn on February 15, 2026"),
        "{feed}"
    );
    assert!(!feed.contains("Withdrawn on"), "{feed}");

    build_at(&p, "2026-02-15");
    let (notice, _) = banner(&p, "us/en-US/terms/index.html");
    assert!(notice.starts_with("This document was withdrawn on February 15, 2026."));
    let changes = p.page("us/en-US/terms/changes/index.html");
    assert_eq!(
        text(&changes, "section.withdrawal h2"),
        "Withdrawn on February 15, 2026"
    );
    assert!(
        p.read_out("us/en-US/feed.xml")
            .contains("Withdrawn on February 15, 2026")
    );
    assert!(select(&p.page("us/en-US/terms/index.html"), "nav.toc").is_empty());
}

#[test]
fn verify_names_a_withdrawal_of_a_version_that_was_never_released() {
    let p = released_unlinked();
    std::fs::remove_dir_all(p.root().join("policies/terms")).unwrap();
    release(&p, WITHDRAWN, "Terms withdrawn");
    let text = p.read("history/releases/0002.yaml");
    let body = text[..text.find("# record-hash:").unwrap()].replacen(
        "  locale: de-DE\n  version: 1\n",
        "  locale: de-DE\n  version: 4\n",
        1,
    );
    write_record_with_valid_hash(&p, 2, &body);
    let stderr = unwrapped(&fails(&p, &["verify"]));
    assert!(
        stderr.contains(
            "release 2 withdraws version 4 of terms · eu · de-DE, but its last version is 1"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("0002.yaml"), "{stderr}");
}

#[test]
fn verify_names_a_withdrawal_of_a_document_that_was_never_released() {
    // Release 1 is intact and first: what it released is known, so a
    // withdrawal of anything else is an error.
    let p = released_unlinked();
    std::fs::remove_dir_all(p.root().join("policies/terms")).unwrap();
    release(&p, WITHDRAWN, "Terms withdrawn");
    let text = p.read("history/releases/0002.yaml");
    let withdrawn = &text[text.find("withdrawn:").expect("a withdrawal")..];
    let at = text.len() - withdrawn.len();
    let body = format!(
        "{}{}",
        &text[..at],
        withdrawn[..withdrawn.find("# record-hash:").unwrap()].replacen(
            "doc: terms",
            "doc: refunds",
            1
        )
    );
    assert_ne!(body, text[..text.find("# record-hash:").unwrap()]);
    write_record_with_valid_hash(&p, 2, &body);
    let stderr = unwrapped(&fails(&p, &["verify"]));
    assert!(
        stderr.contains("release 2 withdraws version 1 of refunds · "),
        "{stderr}"
    );
    assert!(stderr.contains("but it was never released"), "{stderr}");
    assert!(stderr.contains("0002.yaml"), "{stderr}");
}

#[test]
fn records_without_withdrawals_still_verify_and_read_as_before() {
    // A history written before withdrawals existed: the first release.
    let p = released_unlinked();
    let before = p.read("history/releases/0001.yaml");
    assert!(!before.contains("withdrawn"));
    ok(&p, &["verify"]);
    // A release that withdraws nothing writes no `withdrawn:` key either.
    edit(&p, "policies/privacy/en-US.md", "We keep", "We retain");
    release(&p, "2026-03-01", "Wording");
    assert!(!p.read("history/releases/0002.yaml").contains("withdrawn"));
    assert_eq!(p.read("history/releases/0001.yaml"), before);
}

#[test]
fn show_says_a_withdrawn_page_was_withdrawn_and_shows_it_before_that_day() {
    let p = terms_removed();
    release(&p, WITHDRAWN, "Terms withdrawn");
    let args = ["show", "terms", "--region", "us", "--locale", "en-US"];
    let stderr = unwrapped(&fails(&p, &[&args[..], &["--at", AFTER]].concat()));
    assert!(
        stderr.contains("terms · us · en-US was withdrawn on 2026-02-01; version 1 was in force from 2026-01-10; pass an earlier --at to see it"),
        "{stderr}"
    );
    let before = stdout_of(&ok(&p, &[&args[..], &["--at", FIRST]].concat()));
    assert!(before.contains("title: Terms of Use"), "{before}");
}

#[test]
fn the_older_versions_of_a_withdrawn_document_point_to_its_page() {
    let p = released_unlinked();
    edit(
        &p,
        "policies/terms/en-US.md",
        "Please read them carefully.",
        "Please read them with care.",
    );
    release(&p, "2026-01-20", "Wording");
    std::fs::remove_dir_all(p.root().join("policies/terms")).unwrap();
    release(&p, WITHDRAWN, "Terms withdrawn");
    build_at(&p, AFTER);
    let (v1, href) = banner(&p, "us/en-US/terms/v/1/index.html");
    assert_eq!(
        v1,
        "This is version 1, in force from January 10, 2026. It is not the current version. Go to the document’s page"
    );
    assert!(href.starts_with("../../"), "{href}");
    let (v2, _) = banner(&p, "us/en-US/terms/v/2/index.html");
    assert!(
        v2.contains("until the document was withdrawn on February 1, 2026"),
        "{v2}"
    );
}

/// Release 2 changes the terms of use, release 3 another document, and
/// release 4 withdraws the terms.
fn terms_changed_then_withdrawn() -> Project {
    let p = released_unlinked();
    crate::support::release::append(
        &p,
        "policies/terms/en-US.md",
        "\nOttermoss Labs may update these Terms.\n",
    );
    release(&p, "2026-01-15", "Terms amended");
    crate::support::release::append(
        &p,
        crate::support::release::CA_PRIVACY,
        "\nOttermoss Labs answers California requests within 45 days.\n",
    );
    release(&p, "2026-01-20", "California supplement amended");
    std::fs::remove_dir_all(p.root().join("policies/terms")).unwrap();
    release(&p, WITHDRAWN, "Terms withdrawn");
    ok(&p, &["verify"]);
    p
}

#[test]
fn verify_does_not_blame_later_withdrawals_for_an_edited_record() {
    let p = terms_changed_then_withdrawn();
    edit(
        &p,
        "history/releases/0002.yaml",
        "Terms amended",
        "Terms rewritten",
    );
    let stderr = unwrapped(&fails(&p, &["verify"]));
    assert!(stderr.contains("0002.yaml"), "{stderr}");
    assert!(!stderr.contains("withdraws version"), "{stderr}");
}

#[test]
fn verify_does_not_blame_later_withdrawals_for_an_edited_record_hashed_again() {
    // Release 2 (the terms' version 2) edited to say version 5, with a
    // correct hash of its own: release 3 no longer follows it, and release
    // 4's withdrawal of version 2 is not checked against what the edited
    // record claims.
    let p = terms_changed_then_withdrawn();
    let text = p.read("history/releases/0002.yaml");
    let body = text[..text.find("# record-hash:").unwrap()].replace("version: 2\n", "version: 5\n");
    assert!(body.contains("version: 5"), "{text}");
    write_record_with_valid_hash(&p, 2, &body);
    let stderr = unwrapped(&fails(&p, &["verify"]));
    assert!(
        stderr.contains("release 3 does not follow release 2 as it was recorded"),
        "{stderr}"
    );
    assert!(!stderr.contains("withdraws version"), "{stderr}");
}

#[test]
fn verify_does_not_blame_later_withdrawals_for_a_deleted_record() {
    let p = terms_changed_then_withdrawn();
    std::fs::remove_file(p.root().join("history/releases/0002.yaml")).unwrap();
    let stderr = unwrapped(&fails(&p, &["verify"]));
    assert!(stderr.contains("release 2 is missing"), "{stderr}");
    assert!(!stderr.contains("withdraws version"), "{stderr}");
}
