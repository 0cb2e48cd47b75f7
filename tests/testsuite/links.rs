//! Every link of a built site resolves, read from disk (`file://`) as on a
//! server: the example after two releases (one of them effective later),
//! the fixtures and a synthetic project. A link to a folder is broken: from
//! disk, a browser shows the folder's listing, not its page.

use crate::support::Project;
use crate::support::links::{assert_no_broken_links, broken_links};
use crate::support::release::{edit, ok, release};

#[test]
fn the_example_after_two_releases_one_effective_later_has_no_broken_link() {
    let project = Project::example();
    release(&project, "2026-11-01", "First release");
    edit(
        &project,
        "regions/us-ca/privacy.en-US.md",
        "We keep",
        "We retain",
    );
    ok(
        &project,
        &[
            "release",
            "--date",
            "2026-11-25",
            "--today",
            "2026-11-25",
            "--effective",
            "2026-12-25",
            "-m",
            "Clearer retention wording",
        ],
    );
    // Before the second version takes effect (a banner links to it), and
    // after.
    for today in ["2026-11-29", "2026-12-25"] {
        ok(&project, &["build", "--quiet", "--today", today]);
        assert_no_broken_links(&project.out());
    }
}

#[test]
fn every_fixture_project_has_no_broken_link() {
    let fixtures = crate::support::fixtures_dir();
    let mut built = 0;
    for entry in std::fs::read_dir(&fixtures).expect("read tests/fixtures") {
        let path = entry.expect("a fixture").path();
        if !path.join("policyc.yaml").is_file() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let project = Project::fixture(&name);
        project.build();
        assert_no_broken_links(&project.out());
        built += 1;
    }
    assert!(built >= 2, "only {built} fixture projects found");
}

#[test]
fn a_synthetic_project_before_and_after_a_release_has_no_broken_link() {
    let project = Project::empty();
    policyc_testkit::synthetic::generate(
        project.root(),
        policyc_testkit::synthetic::Shape {
            documents: 3,
            regions: 12,
            locales: 3,
        },
    )
    .expect("generate a synthetic project");
    project.build();
    assert_no_broken_links(&project.out());
    // Released: change histories, archived versions and feeds too.
    release(&project, "2026-11-01", "First release");
    ok(&project, &["build", "--quiet", "--today", "2026-11-02"]);
    assert!(project.out().join("r5/en-US/doc0/v/1/index.html").is_file());
    assert_no_broken_links(&project.out());
}

#[test]
fn the_checker_reports_folders_missing_files_and_missing_anchors() {
    let project = Project::empty();
    project.write("out/a/index.html", "<p id=\"here\">A</p>");
    project.write(
        "out/index.html",
        "<a href=\"a/\">folder</a> <a href=\"a/index.html#gone\">anchor</a> \
         <a href=\"b/index.html\">missing</a> <a href=\"a/index.html#here\">fine</a> \
         <a href=\"#top\">own</a> <a href=\"https://example.test/a/\">away</a> \
         <img src=\"pic.png\" alt=\"\">",
    );
    let broken = broken_links(&project.out());
    assert_eq!(
        broken,
        [
            "index.html: a/ (a folder: from disk, a browser lists it instead of showing its page)",
            "index.html: a/index.html#gone (the page has no element with that id)",
            "index.html: b/index.html (no such file)",
            "index.html: #top (the page has no element with that id)",
            "index.html: pic.png (no such file)",
        ]
    );
}

/// The repository's own `history/` holds texts released with relative
/// links (`../privacy/`): their archived pages, two folders deeper, still
/// lead to the documents.
#[test]
fn archived_versions_of_texts_with_relative_links_have_no_broken_link() {
    let project = Project::example_released();
    ok(&project, &["build", "--quiet", "--today", "2026-12-01"]);
    let archived = project.read_out("us/en-US/terms/v/1/index.html");
    assert!(
        archived.contains("href=\"../../../privacy/index.html\""),
        "{archived}"
    );
    assert_no_broken_links(&project.out());
}
