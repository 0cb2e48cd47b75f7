//! Pages built from a history: the "What changed" box.

use crate::support::{Project, select, text};

fn run(project: &Project, args: &[&str]) {
    let output = project.cmd().args(args).output().expect("run policyc");
    assert_eq!(
        output.status.code(),
        Some(0),
        "policyc {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn edit(project: &Project, rel: &str, from: &str, to: &str) {
    let path = project.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} in {rel}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The example, released on 1 November, then with one edit released on
/// 20 November.
fn released_then_edited(rel: &str, from: &str, to: &str) -> Project {
    let project = Project::example();
    run(
        &project,
        &["release", "--date", "2026-11-01", "-m", "First"],
    );
    edit(&project, rel, from, to);
    run(
        &project,
        &["release", "--date", "2026-11-20", "-m", "Wording"],
    );
    project
}

#[test]
fn what_changed_lists_the_sections_the_latest_version_changed() {
    let project = released_then_edited("regions/us-ca/privacy.en-US.md", "We keep", "We retain");
    run(&project, &["build", "--today", "2026-11-29"]);

    let changed = project.page("us-ca/en-US/privacy/index.html");
    assert_eq!(text(&changed, "aside.what-changed h2"), "What changed");
    let links: Vec<_> = select(&changed, "aside.what-changed a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or_default().to_string())
        .collect();
    assert_eq!(links, ["#retention"]);
    assert_eq!(
        select(&changed, "time")[0].value().attr("datetime"),
        Some("2026-11-20")
    );

    // A first version has no "What changed"; neither has a page whose text
    // did not change in the latest release.
    for untouched in [
        "us/en-US/privacy/index.html",
        "us-ca/es-US/privacy/index.html",
    ] {
        let page = project.page(untouched);
        assert!(
            select(&page, "aside.what-changed").is_empty(),
            "{untouched}"
        );
        assert_eq!(
            select(&page, "time")[0].value().attr("datetime"),
            Some("2026-11-01"),
            "{untouched}"
        );
    }
}

#[test]
fn what_changed_is_in_the_readers_language() {
    let project = released_then_edited(
        "policies/privacy/de-DE.md",
        "einer Fusion",
        "einer Verschmelzung",
    );
    run(&project, &["build", "--today", "2026-11-29"]);
    let page = project.page("eu/de-DE/privacy/index.html");
    assert_eq!(
        text(&page, "aside.what-changed h2"),
        "Was sich geändert hat"
    );
}

#[test]
fn change_history_lists_every_version_with_its_redline() {
    let project = Project::example();
    run(
        &project,
        &["release", "--date", "2026-11-01", "--message", "First"],
    );
    edit(
        &project,
        "regions/us-ca/privacy.en-US.md",
        "We keep",
        "We retain",
    );
    run(
        &project,
        &["release", "--date", "2026-11-20", "--message", "Wording"],
    );
    run(&project, &["build", "--today", "2026-11-29"]);

    let changes = project.page("us-ca/en-US/privacy/changes/index.html");
    let versions: Vec<_> = select(&changes, "section.version h2")
        .iter()
        .map(|h| h.value().attr("id").unwrap_or_default().to_string())
        .collect();
    assert_eq!(versions, ["v2", "v1"], "newest first");
    assert_eq!(text(&changes, "section.version del"), "[deleted: keep]");
    assert_eq!(text(&changes, "section.version ins"), "[inserted: retain]");
    let messages: Vec<_> = select(&changes, ".version-message")
        .iter()
        .map(|m| crate::support::text_of(*m))
        .collect();
    assert_eq!(messages, ["Wording", "First"]);

    // Each version has a page of its own, saying it is not the current one.
    let v1 = project.page("us-ca/en-US/privacy/v/1/index.html");
    assert!(
        text(&v1, "p.banner").contains("version 1"),
        "{}",
        text(&v1, "p.banner")
    );
    assert!(!v1.html().contains("We retain") && v1.html().contains("We keep"));
    let v2 = project.page("us-ca/en-US/privacy/v/2/index.html");
    assert!(v2.html().contains("We retain"));

    // The document links to its history; a page never released has none.
    let page = project.page("us-ca/en-US/privacy/index.html");
    let links: Vec<_> = select(&page, "p.last-updated a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or_default().to_string())
        .collect();
    assert_eq!(links, ["changes/index.html"]);
}

#[test]
fn a_moved_block_is_announced_as_moved_in_the_pages_language() {
    // The last item of a German list moved to the top, its words unchanged.
    let project = Project::example();
    run(
        &project,
        &["release", "--date", "2026-11-01", "--message", "First"],
    );
    let rel = "policies/privacy/de-DE.md";
    let path = project.root().join(rel);
    let source = std::fs::read_to_string(&path).unwrap();
    let item = source
        .lines()
        .find(|l| l.starts_with("- **Sicherheitsdienste.**"))
        .expect("the item to move")
        .to_string();
    let without = source.replacen(&format!("{item}\n"), "", 1);
    let first = "- **Mitglieder Ihres Haushalts.**";
    assert!(without.contains(first));
    std::fs::write(
        &path,
        without.replacen(first, &format!("{item}\n{first}"), 1),
    )
    .unwrap();
    run(
        &project,
        &[
            "release",
            "--date",
            "2026-11-20",
            "--message",
            "Reihenfolge",
        ],
    );
    run(&project, &["build", "--today", "2026-11-29"]);

    let changes = project.page("eu/de-DE/privacy/changes/index.html");
    let moved = select(&changes, "section.version .moved-block");
    assert_eq!(moved.len(), 1, "{}", changes.html());
    let said = crate::support::text_of(moved[0]);
    assert!(
        said.starts_with("[verschoben: Sicherheitsdienste.") && said.ends_with(']'),
        "{said}"
    );
    let signs = select(&changes, "section.version span.moved");
    assert_eq!(signs.len(), 1);
    assert_eq!(signs[0].value().attr("title"), Some("verschoben"));
    assert_eq!(signs[0].value().attr("aria-hidden"), Some("true"));
    // No "inserted" label wraps the moved words.
    assert!(
        select(&changes, "section.version ins").is_empty(),
        "{}",
        changes.html()
    );
    assert!(
        !changes.html().contains("[eingefügt:"),
        "{}",
        changes.html()
    );
}

#[test]
fn a_future_effective_date_shows_the_old_text_and_a_notice_until_that_day() {
    let project = Project::example();
    run(
        &project,
        &["release", "--date", "2026-11-01", "-m", "First"],
    );
    edit(
        &project,
        "regions/us-ca/privacy.en-US.md",
        "We keep",
        "We retain",
    );
    run(
        &project,
        &[
            "release",
            "--date",
            "2026-11-25",
            "--effective",
            "2026-12-25",
            "-m",
            "Retention",
        ],
    );

    run(&project, &["build", "--today", "2026-11-29", "--frozen"]);
    let before = project.page("us-ca/en-US/privacy/index.html");
    assert!(before.html().contains("We keep") && !before.html().contains("We retain"));
    assert_eq!(
        text(&before, "p.banner"),
        "Changes to this document take effect on December 25, 2026. See what changes"
    );
    assert_eq!(
        select(&before, "p.banner a")[0].value().attr("href"),
        Some("changes/index.html#v2")
    );
    assert_eq!(
        select(&before, "time")[0].value().attr("datetime"),
        Some("2026-11-01")
    );

    run(&project, &["build", "--today", "2026-12-25"]);
    let after = project.page("us-ca/en-US/privacy/index.html");
    assert!(after.html().contains("We retain"));
    assert!(select(&after, "p.banner").is_empty());
    assert_eq!(
        select(&after, "time")[0].value().attr("datetime"),
        Some("2026-12-25")
    );
}

#[test]
fn each_region_and_locale_has_an_atom_feed_of_its_releases() {
    let project = released_then_edited("regions/us-ca/privacy.en-US.md", "We keep", "We retain");
    run(&project, &["build", "--today", "2026-11-29"]);

    let feed = project.read_out("us-ca/en-US/feed.xml");
    let titles: Vec<&str> = feed
        .split("<title>")
        .skip(2)
        .map(|t| t.split("</title>").next().unwrap_or_default())
        .collect();
    assert_eq!(
        titles[0], "Privacy Policy: Version 2",
        "newest first:\n{feed}"
    );
    assert!(titles.contains(&"Terms of Use: Version 1"), "{titles:?}");
    assert!(feed.contains("<updated>2026-11-20T00:00:00Z</updated>"));
    assert!(feed.contains("https://legal.ottermoss.example/us-ca/en-US/privacy/changes/#v2"));
    // Other regions did not get the second release.
    let us = project.read_out("us/en-US/feed.xml");
    assert!(!us.contains("Version 2"), "{us}");
    // The region's page points feed readers at it.
    let index = project.page("us-ca/en-US/index.html");
    assert_eq!(
        select(&index, "link[type='application/atom+xml']")[0]
            .value()
            .attr("href"),
        Some("feed.xml")
    );
}

#[test]
fn a_translation_whose_source_changed_later_is_stale_until_it_is_updated() {
    let project = released_then_edited("policies/privacy/en-US.md", "We keep", "We retain");

    let (code, report) = project.check_json(&["--today", "2026-11-29"]);
    assert_eq!(code, 0, "a warning, not an error");
    let stale = report.matching("may lag behind");
    let files: Vec<_> = stale
        .iter()
        .map(|d| d.file.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        files,
        ["policies/privacy/de-DE.md", "policies/privacy/es-US.md"]
    );
    assert!(stale[0].message.contains("`retention`") && stale[0].message.contains("release 2"));
    let (strict, _) = project.check_json(&["--strict", "--today", "2026-11-29"]);
    assert_eq!(strict, 1);

    run(&project, &["build", "--today", "2026-11-29"]);
    let es = project.page("us/es-US/privacy/index.html");
    assert_eq!(
        text(&es, "p.lag"),
        "Es posible que esta traducción todavía no refleje la versión en inglés, que se modificó el 20 de noviembre de 2026."
    );
    assert!(select(&project.page("us/en-US/privacy/index.html"), "p.lag").is_empty());

    // Updating the translation and releasing it clears the warning.
    edit(
        &project,
        "policies/privacy/es-US.md",
        "Solo conservamos",
        "Solo guardamos",
    );
    run(
        &project,
        &["release", "--date", "2026-11-25", "-m", "Retention"],
    );
    let (_, report) = project.check_json(&["--today", "2026-11-29"]);
    let remaining: Vec<_> = report
        .matching("may lag behind")
        .iter()
        .map(|d| d.file.clone().unwrap_or_default())
        .collect();
    assert_eq!(remaining, ["policies/privacy/de-DE.md"]);
}

#[test]
fn an_edited_introduction_leaves_its_translations_stale_at_their_introduction() {
    let project = released_then_edited(
        "policies/privacy/en-US.md",
        "We have tried to keep the language plain",
        "We keep the language plain",
    );
    let (code, report) = project.check_json(&["--today", "2026-11-29"]);
    assert_eq!(code, 0, "a warning, not an error");
    let stale = report.matching("may lag behind");
    let at: Vec<_> = stale
        .iter()
        .map(|d| (d.file.clone().unwrap_or_default(), d.line))
        .collect();
    assert_eq!(
        at,
        [
            ("policies/privacy/de-DE.md".to_string(), Some(6)),
            ("policies/privacy/es-US.md".to_string(), Some(6)),
        ],
        "{stale:?}"
    );
    assert!(stale[0].message.contains("the introduction"), "{stale:?}");
    run(&project, &["build", "--today", "2026-11-29"]);
    assert_eq!(
        select(&project.page("us/es-US/privacy/index.html"), "p.lag").len(),
        1
    );

    edit(
        &project,
        "policies/privacy/es-US.md",
        "Hemos procurado usar",
        "Usamos",
    );
    run(
        &project,
        &["release", "--date", "2026-11-25", "-m", "Introduction"],
    );
    let (_, report) = project.check_json(&["--today", "2026-11-29"]);
    let remaining: Vec<_> = report
        .matching("may lag behind")
        .iter()
        .map(|d| d.file.clone().unwrap_or_default())
        .collect();
    assert_eq!(remaining, ["policies/privacy/de-DE.md"]);
}

#[test]
fn a_new_supplement_introduction_is_reported_at_the_supplements_translation() {
    let project = released_then_edited(
        "regions/us-ca/privacy.en-US.md",
        "## Your California privacy rights",
        "This supplement applies to California residents only.\n\n## Your California privacy rights",
    );
    let (_, report) = project.check_json(&["--today", "2026-11-29"]);
    let stale = report.matching("may lag behind");
    let files: Vec<_> = stale
        .iter()
        .map(|d| d.file.clone().unwrap_or_default())
        .collect();
    assert_eq!(files, ["regions/us-ca/privacy.es-US.md"], "{stale:?}");
    assert!(
        stale[0].message.contains("its en-US supplement has one"),
        "{stale:?}"
    );
}

#[test]
fn each_archived_version_says_whether_it_is_older_in_force_or_to_come() {
    let project = Project::example();
    run(
        &project,
        &["release", "--date", "2026-11-01", "-m", "First"],
    );
    edit(
        &project,
        "regions/us-ca/privacy.en-US.md",
        "We keep",
        "We retain",
    );
    run(
        &project,
        &["release", "--date", "2026-11-20", "-m", "Wording"],
    );
    edit(
        &project,
        "regions/us-ca/privacy.en-US.md",
        "We retain",
        "We hold",
    );
    run(
        &project,
        &[
            "release",
            "--date",
            "2026-11-25",
            "--effective",
            "2026-12-25",
            "-m",
            "Announced",
        ],
    );
    run(&project, &["build", "--today", "2026-11-29"]);

    let banner = |rel: &str| {
        let page = project.page(rel);
        let href = select(&page, "p.banner a")[0]
            .value()
            .attr("href")
            .unwrap_or_default()
            .to_string();
        (text(&page, "p.banner"), href)
    };
    let base = "us-ca/en-US/privacy/v";
    assert_eq!(
        banner(&format!("{base}/1/index.html")).0,
        "This is version 1, in force from November 1, 2026. It is not the current version. Read the current version"
    );
    let (current, href) = banner(&format!("{base}/2/index.html"));
    assert_eq!(
        current,
        "This is version 2, the current version, in force since November 20, 2026. Go to the document’s page"
    );
    assert!(href.starts_with("../../"), "{href}");
    assert_eq!(
        banner(&format!("{base}/3/index.html")).0,
        "This is version 3. It takes effect on December 25, 2026 and is not yet in force. Read the current version"
    );

    // A page never changed since the first release: its only version is
    // the one in force, said in the page's language.
    let (german, _) = banner("eu/de-DE/privacy/v/1/index.html");
    assert!(german.contains("die aktuelle Version"), "{german}");
    let (spanish, _) = banner("us/es-US/privacy/v/1/index.html");
    assert!(spanish.contains("la versión vigente"), "{spanish}");

    // On the day version 3 takes effect, version 2 becomes an older one.
    run(&project, &["build", "--today", "2026-12-25"]);
    assert!(
        banner(&format!("{base}/2/index.html"))
            .0
            .contains("It is not the current version")
    );
    assert!(
        banner(&format!("{base}/3/index.html"))
            .0
            .contains("the current version, in force since December 25, 2026")
    );
}
