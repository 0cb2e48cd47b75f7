//! Pages built from a history: the "What changed" box.

mod common;

use common::{Project, select, text};

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

#[test]
fn what_changed_lists_the_sections_the_latest_version_changed() {
    let project = Project::example();
    run(&project, &["release", "--date", "2026-11-01"]);
    edit(
        &project,
        "regions/us-ca/privacy.en-US.md",
        "We keep",
        "We retain",
    );
    run(&project, &["release", "--date", "2026-11-20"]);
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
    let project = Project::example();
    run(&project, &["release", "--date", "2026-11-01"]);
    edit(
        &project,
        "policies/privacy/de-DE.md",
        "einer Fusion",
        "einer Verschmelzung",
    );
    run(&project, &["release", "--date", "2026-11-20"]);
    run(&project, &["build", "--today", "2026-11-29"]);
    let page = project.page("eu/de-DE/privacy/index.html");
    assert_eq!(
        text(&page, "aside.what-changed h2"),
        "Was sich geändert hat"
    );
}
