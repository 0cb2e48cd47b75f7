//! `policyc release` scenarios on a copy of the example project: which
//! variants get a new version and date after each kind of edit, and what
//! the built pages and `manifest.json` then show.
//!
//! Also: `tests/release_commands.rs` (build --frozen, show --at, --dry-run),
//! `tests/release_history.rs` (verify, concurrent and killed releases) and
//! `tests/release_bad_input.rs` (refused input writes nothing).

use std::collections::BTreeSet;

use crate::support::Project;
use crate::support::release::{
    CA_PRIVACY, FIRST, Key, LATER, SECOND, assert_history_is, assert_mentions,
    assert_only_these_moved, build_at, date_text, diff_json, edit, example_variants, history, key,
    keys, manifest_versions, ok, page_dates, page_of, record, record_files, record_names,
    record_text, release, released_example, stderr_of,
};

// ---- The first release --------------------------------------------------------

#[test]
fn the_first_release_records_version_1_of_every_variant() {
    let p = released_example();
    assert_eq!(record_files(&p), record_names(1));
    let r = record(&p, 1);
    assert_eq!(r.release, 1);
    assert_eq!(r.date, FIRST);
    assert_eq!(r.message.as_deref(), Some("First release"));
    assert_eq!(r.previous, None);
    assert_eq!(r.keys(), example_variants());
    for e in &r.variants {
        assert_eq!((e.version, e.class.as_str()), (1, "text"), "{e:?}");
    }
    // Identical texts are stored once: terms has only an en-US source, so
    // its es-US and de-DE pages of a region show the same text.
    let terms =
        |region: &str, locale: &str| r.entry(&key("terms", region, locale)).snapshot.clone();
    assert_eq!(terms("eu", "en-US"), terms("eu", "de-DE"));

    build_at(&p, FIRST);
    let dates = page_dates(&p);
    assert!(
        dates.values().all(|d| d.as_deref() == Some(FIRST)),
        "{dates:#?}"
    );
    assert_eq!(
        date_text(&p, "eu/de-DE/privacy/index.html"),
        "10. Januar 2026"
    );
    assert_eq!(
        date_text(&p, "us/es-US/privacy/index.html"),
        "10 de enero de 2026"
    );
}

// ---- 1. Formatting only ---------------------------------------------------------

#[test]
fn a_second_release_with_nothing_changed_writes_nothing() {
    let p = released_example();
    let before = history(&p);
    let output = release(&p, SECOND, "Nothing");
    assert_mentions(&stderr_of(&output), "Nothing to release");
    assert_history_is(&p, &before, true);
}

#[test]
fn a_formatting_only_edit_records_nothing() {
    let p = released_example();
    let before = history(&p);

    // Re-wrap the introduction and a supplement paragraph; `-` → `*` bullets.
    let intro = "{{ product }} helps households divide up chores, keep track of who is doing what, and build shopping lists that everyone can add to.";
    edit(
        &p,
        "policies/privacy/en-US.md",
        intro,
        &intro.replace(", ", ",\n"),
    );
    let ca =
        "California Privacy Rights Act, gives you specific rights over the personal information";
    edit(&p, CA_PRIVACY, ca, &ca.replace(", ", ",\n  "));
    let bullets = [
        "edit your profile and household details under Settings;",
        "delete individual chores, lists, items and photos at any time;",
        "switch reminders, summary emails and push notifications on or off;",
        "turn off optional analytics under Settings › Privacy;",
        "download your chores and lists as a CSV or JSON file;",
        "delete your account under Settings › Account.",
    ];
    for item in bullets {
        edit(
            &p,
            "policies/privacy/en-US.md",
            &format!("\n- {item}"),
            &format!("\n* {item}"),
        );
    }

    let diff = diff_json(&p);
    assert_eq!(diff["changed"], false, "{diff:#}");
    let docs = diff["documents"].as_array().unwrap();
    assert!(!docs.is_empty(), "the edit was not seen at all: {diff:#}");
    for doc in docs {
        assert_eq!(doc["class"], "formatting", "{doc:#}");
    }

    let output = release(&p, SECOND, "Re-wrapped");
    assert_mentions(&stderr_of(&output), "Nothing to release");
    assert_history_is(&p, &before, true);

    ok(&p, &["build", "--frozen", "--quiet", "--today", LATER]);
    assert_only_these_moved(&p, &BTreeSet::new(), SECOND);
}

#[test]
fn other_invisible_edits_record_nothing_either() {
    let p = released_example();
    let before = history(&p);
    let doc = "policies/privacy/en-US.md";
    // Trailing spaces, extra blank lines, an HTML comment, `*em*` for
    // `**`-free emphasis, and an ordered list renumbered the same.
    edit(
        &p,
        doc,
        "We read every message and aim to reply within a few working days.",
        "We read every message and aim to reply within a few working days.   \n\n\n<!-- reviewed by legal -->",
    );
    edit(
        &p,
        doc,
        "2. Tell us what you would like us to do",
        "1. Tell us what you would like us to do",
    );
    edit(
        &p,
        doc,
        "## Children {#children}\n",
        "\n\n## Children {#children}   \n",
    );
    let diff = diff_json(&p);
    assert_eq!(diff["changed"], false, "{diff:#}");
    let output = release(&p, SECOND, "Invisible");
    assert_mentions(&stderr_of(&output), "Nothing to release");
    assert_history_is(&p, &before, true);
}

// ---- 2. One word in the California supplement ---------------------------------

#[test]
fn one_word_in_the_california_supplement_moves_only_that_page() {
    let p = released_example();
    edit(
        &p,
        CA_PRIVACY,
        "in a portable format",
        "in a readable format",
    );

    let diff = diff_json(&p);
    assert_eq!(diff["changed"], true);
    let docs = diff["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{diff:#}");
    assert_eq!(docs[0]["document"], "privacy");
    assert_eq!(
        docs[0]["variants"],
        serde_json::json!([{ "region": "us-ca", "locale": "en-US" }])
    );

    let output = release(&p, SECOND, "Clarify the right to know");
    assert_mentions(
        &stderr_of(&output),
        "Recorded release 2 (2026-03-01): 1 new version",
    );
    assert_eq!(record_files(&p), record_names(2));
    let r = record(&p, 2);
    let moved = keys(&[("privacy", "us-ca", "en-US")]);
    assert_eq!(r.release, 2);
    assert_eq!(r.date, SECOND);
    assert_eq!(r.message.as_deref(), Some("Clarify the right to know"));
    assert_eq!(r.keys(), moved);
    let e = &r.variants[0];
    assert_eq!((e.version, e.class.as_str()), (2, "text"));
    assert!(
        e.changes.iter().any(|c| c.contains("ca-right-know")),
        "{:?}",
        e.changes
    );
    // The chain: release 2 names the hash release 1 ends with.
    let first = record_text(&p, 1);
    let hash = first.trim_end().rsplit(' ').next().unwrap();
    assert_eq!(r.previous.as_deref(), Some(hash));

    build_at(&p, LATER);
    assert_only_these_moved(&p, &moved, SECOND);
    assert_eq!(
        date_text(&p, "us-ca/en-US/privacy/index.html"),
        "March 1, 2026"
    );
    // Before the release date, the build still shows the first version.
    build_at(&p, "2026-02-28");
    assert_only_these_moved(&p, &BTreeSet::new(), SECOND);
}

// ---- 3. A variable in one region -----------------------------------------------

#[test]
fn a_region_variable_moves_only_the_pages_that_show_it() {
    let p = released_example();
    // Which pages show the California privacy address, read from the site.
    build_at(&p, FIRST);
    let shown: BTreeSet<Key> = example_variants()
        .into_iter()
        .filter(|k| {
            p.read_out(&page_of(k))
                .contains("ca-privacy@ottermoss.example")
        })
        .collect();
    assert!(
        shown.contains(&key("privacy", "us-ca", "en-US")),
        "{shown:?}"
    );
    assert!(
        shown.contains(&key("privacy", "us-ca", "es-US")),
        "{shown:?}"
    );
    assert!(
        !shown.contains(&key("terms", "us-ca", "en-US")),
        "{shown:?}"
    );

    edit(
        &p,
        "regions/us-ca.yaml",
        "ca-privacy@ottermoss.example",
        "ca-requests@ottermoss.example",
    );
    release(&p, SECOND, "New California address");
    let r = record(&p, 2);
    assert_eq!(r.keys(), shown);
    for e in &r.variants {
        assert_eq!((e.version, e.class.as_str()), (2, "text"), "{e:?}");
    }

    build_at(&p, LATER);
    assert_only_these_moved(&p, &shown, SECOND);
}

// ---- 4. A translation-only fix --------------------------------------------------

#[test]
fn a_translation_fix_moves_only_that_locale() {
    let p = released_example();
    edit(
        &p,
        "policies/privacy/es-US.md",
        "Hemos procurado usar un lenguaje sencillo",
        "Hemos intentado usar un lenguaje sencillo",
    );
    release(&p, SECOND, "Corrección de estilo");
    let moved = keys(&[
        ("privacy", "global", "es-US"),
        ("privacy", "us", "es-US"),
        ("privacy", "us-ca", "es-US"),
    ]);
    assert_eq!(record(&p, 2).keys(), moved);

    build_at(&p, LATER);
    assert_only_these_moved(&p, &moved, SECOND);
    assert_eq!(
        date_text(&p, "us/es-US/privacy/index.html"),
        "1 de marzo de 2026"
    );
}

// ---- 12. Link-only changes -------------------------------------------------------

const NOTICE_LINK: &str = "[Notice at Collection](doc:notice-at-collection)";
const NOTICE_LINK_NEW: &str = "[Notice at Collection](doc:notice-at-collection#categories)";

#[test]
fn a_link_only_change_is_recorded_as_links_and_keeps_the_date() {
    let p = released_example();
    edit(&p, CA_PRIVACY, NOTICE_LINK, NOTICE_LINK_NEW);

    let diff = diff_json(&p);
    assert_eq!(diff["changed"], false, "{diff:#}");
    let docs = diff["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{diff:#}");
    assert_eq!(docs[0]["class"], "links");
    let section = &docs[0]["sections"][0];
    assert_eq!(section["id"], "ca-rights");
    assert_eq!(section["class"], "links");
    assert_eq!(
        section["links"],
        serde_json::json!([{
            "text": "Notice at Collection",
            "old": "doc:notice-at-collection",
            "new": "doc:notice-at-collection#categories",
        }])
    );
    // Not a text change: CI may build it frozen.
    ok(&p, &["build", "--frozen", "--quiet", "--today", SECOND]);

    release(&p, SECOND, "Deep link");
    assert_eq!(record_files(&p), record_names(2));
    let r = record(&p, 2);
    let changed = key("privacy", "us-ca", "en-US");
    assert_eq!(r.keys(), BTreeSet::from([changed.clone()]));
    let e = r.entry(&changed);
    assert_eq!((e.version, e.class.as_str()), (2, "links"));

    build_at(&p, LATER);
    let dates = page_dates(&p);
    assert!(
        dates.values().all(|d| d.as_deref() == Some(FIRST)),
        "a link-only change moved a date: {dates:#?}"
    );
    let manifest = manifest_versions(&p);
    assert_eq!(
        manifest[&page_of(&changed)],
        (Some(2), Some(FIRST.to_string()))
    );
    // The new target is on the page.
    assert!(
        p.read_out(&page_of(&changed))
            .contains("../notice-at-collection/index.html#categories")
    );

    // And nothing is left to release.
    let before = history(&p);
    release(&p, LATER, "Again");
    assert_history_is(&p, &before, true);
}

#[test]
fn a_link_and_words_changed_in_one_section_are_released_as_text_and_move_the_date() {
    let p = released_example();
    // The link's target and, in the same paragraph, one word.
    edit(&p, CA_PRIVACY, NOTICE_LINK, NOTICE_LINK_NEW);
    edit(&p, CA_PRIVACY, "A short summary", "A brief summary");

    let diff = diff_json(&p);
    assert_eq!(diff["changed"], true, "{diff:#}");
    let section = &diff["documents"][0]["sections"][0];
    assert_eq!(section["id"], "ca-rights", "{diff:#}");
    assert_eq!(section["class"], "text", "{diff:#}");
    let frozen = p
        .cmd()
        .args(["build", "--frozen", "--quiet", "--today", SECOND])
        .output()
        .unwrap();
    assert_eq!(frozen.status.code(), Some(1), "{}", stderr_of(&frozen));

    release(&p, SECOND, "Deep link, and wording");
    let changed = key("privacy", "us-ca", "en-US");
    let r = record(&p, 2);
    assert_eq!(r.keys(), BTreeSet::from([changed.clone()]));
    assert_eq!(r.entry(&changed).class, "text");
    build_at(&p, LATER);
    assert_only_these_moved(&p, &BTreeSet::from([changed]), SECOND);
}

#[test]
fn links_move_date_makes_a_link_only_change_move_the_date() {
    let p = Project::example();
    let config = std::fs::read_to_string(p.root().join("policyc.yaml")).unwrap();
    p.write("policyc.yaml", format!("{config}links_move_date: true\n"));
    release(&p, FIRST, "First release");
    edit(&p, CA_PRIVACY, NOTICE_LINK, NOTICE_LINK_NEW);
    release(&p, SECOND, "Deep link");
    let changed = key("privacy", "us-ca", "en-US");
    assert_eq!(record(&p, 2).keys(), BTreeSet::from([changed.clone()]));

    build_at(&p, LATER);
    assert_only_these_moved(&p, &BTreeSet::from([changed]), SECOND);
}
