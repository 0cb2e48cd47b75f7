//! What `build` writes and how: manifest.json, byte-identical rebuilds, and
//! an `out/` that is replaced whole or not at all.

use std::collections::BTreeSet;

use crate::support::{Project, document_pages, leftovers, read_tree, text, valid_site};

// ---- manifest.json ----------------------------------------------------------

#[test]
fn manifest_lists_every_document_page() {
    let site = valid_site();
    let manifest = site.manifest();
    let pages = manifest["pages"].as_array().expect("pages is a list");
    let listed: BTreeSet<String> = pages
        .iter()
        .map(|p| p["path"].as_str().unwrap().to_string())
        .collect();
    let on_disk: BTreeSet<String> = document_pages(&site.out()).into_iter().collect();
    assert_eq!(listed, on_disk);
    assert_eq!(
        pages.len(),
        16,
        "3 regions × 2 locales × 2 docs + 2 × 2 trail-safety"
    );
    for p in pages {
        let field = |k: &str| {
            p[k].as_str()
                .unwrap_or_else(|| panic!("{k} missing in {p}"))
                .to_string()
        };
        let (doc, region, locale) = (field("doc"), field("region"), field("locale"));
        assert_eq!(field("path"), format!("{region}/{locale}/{doc}/index.html"));
        let page = site.page(&field("path"));
        assert_eq!(field("title"), text(&page, "h1"), "{p}");
        let hash = field("content_hash");
        let hex = hash.strip_prefix("sha256:").expect("sha256: prefix");
        assert_eq!(hex.len(), 64, "{hash}");
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    }
}

#[test]
fn content_hash_follows_the_visible_text() {
    let site = valid_site();
    let manifest = site.manifest();
    let hash = |path: &str| {
        manifest["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["path"] == path)
            .unwrap_or_else(|| panic!("{path} not in manifest"))["content_hash"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Same text in two regions, different text (a variable) in another.
    assert_eq!(
        hash("world/en-US/terms/index.html"),
        hash("na/en-US/terms/index.html")
    );
    assert_ne!(
        hash("world/en-US/privacy/index.html"),
        hash("na/en-US/privacy/index.html")
    );
    // A region-only document whose variables have the same values in a
    // child region reads the same there.
    assert_eq!(
        hash("na/en-US/trail-safety/index.html"),
        hash("na-west/en-US/trail-safety/index.html")
    );
}

// ---- Writing out/ -----------------------------------------------------------

#[test]
fn two_builds_of_the_same_sources_are_byte_identical() {
    let a = Project::fixture("valid");
    let b = Project::fixture("valid");
    a.build();
    b.build();
    let first = read_tree(&a.out());
    let second = read_tree(&b.out());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path:?} differs between builds");
    }
    // A rebuild in place gives the same bytes too.
    a.build();
    assert!(read_tree(&a.out()) == first, "rebuild in place differs");
}

#[test]
fn failed_build_leaves_previous_output_as_it_was() {
    let site = valid_site();
    let before = read_tree(&site.out());
    site.write(
        "policies/terms/en-US.md",
        "---\ntitle: Rental Terms\n---\n\n## Renting {#renting}\n\nAsk {{ nobody }}.\n",
    );
    let output = site.run_build();
    assert_eq!(output.status.code(), Some(1));
    let after = read_tree(&site.out());
    assert!(before == after, "out/ changed after a failed build");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn build_replaces_previous_output_whole() {
    let site = valid_site();
    std::fs::write(site.out().join("stale.html"), "old").unwrap();
    site.remove("regions/na/trail-safety.en-US.md");
    site.build();
    assert!(!site.out().join("stale.html").exists());
    assert!(!site.out().join("na/en-US/trail-safety").exists());
    assert!(site.out().join("na/en-US/privacy/index.html").is_file());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn the_process_a_build_starts_removes_only_a_previous_output_policyc_wrote() {
    // What a build leaves beside out/ when the process removing it was
    // stopped: the same process, started by hand, removes it.
    let site = valid_site();
    let previous = site.root().join(".policyc-old-4000000-out");
    std::fs::rename(site.out(), &previous).unwrap();
    let remover = |dir: &std::path::Path| {
        crate::support::policyc()
            .arg("--internal-remove-previous-output")
            .arg(dir)
            .output()
            .expect("run policyc")
            .status
            .code()
    };
    assert_eq!(remover(&previous), Some(0));
    assert!(!previous.exists());
    // A folder named like one but not written by policyc stays.
    let notes = site.root().join(".policyc-old-4000001-notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("notes.txt"), "mine").unwrap();
    assert_eq!(remover(&notes), Some(1));
    assert_eq!(
        std::fs::read_to_string(notes.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(remover(&site.root().join("policies")), Some(1));
    assert!(site.root().join("policies").is_dir());
}

#[test]
fn build_refuses_to_replace_a_directory_it_did_not_write() {
    let site = Project::fixture("valid");
    site.write("out/notes.txt", "my notes");
    let output = site.run_build();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("manifest.json"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(site.out().join("notes.txt")).unwrap(),
        "my notes"
    );
    assert_eq!(read_tree(&site.out()).len(), 1);
}

#[test]
fn build_out_flag_writes_the_site_elsewhere() {
    let site = Project::fixture("valid");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("public");
    site.cmd()
        .args(["build", "--quiet", "--out"])
        .arg(&target)
        .assert()
        .success()
        .stderr("");
    assert!(target.join("manifest.json").is_file());
    assert!(target.join("na-west/en-US/privacy/index.html").is_file());
    assert!(!site.out().exists());
}

#[test]
fn check_writes_nothing_and_passes_strict_on_the_valid_fixture() {
    let site = Project::fixture("valid");
    let before = read_tree(site.root());
    let (code, report) = site.check_json(&["--strict"]);
    assert_eq!(code, 0, "{report:#?}");
    assert_eq!((report.errors, report.warnings), (0, 0), "{report:#?}");
    assert!(
        read_tree(site.root()) == before,
        "check changed the project"
    );
    assert!(!site.out().exists());
}

#[test]
fn build_refuses_to_write_over_the_project() {
    let site = Project::fixture("valid");
    let before = read_tree(site.root());
    let output = site
        .cmd()
        .args(["build", "--out"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("holds the project itself"), "{stderr}");
    assert!(read_tree(site.root()) == before, "the sources changed");
}
