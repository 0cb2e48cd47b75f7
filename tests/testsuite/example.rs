//! The example project at the repository root, and `policyc init`, which
//! starts a new project from it: both must check clean and build.

use std::collections::BTreeSet;

use crate::support::{
    Project, assert_pages_are_linked_up, document_pages, policyc, section_ids, select, text,
};

#[test]
fn example_project_checks_with_no_errors() {
    let example = Project::example();
    let (code, report) = example.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    assert_eq!(report.errors, 0, "{report:#?}");
}

#[test]
fn example_project_builds_every_page_in_the_manifest() {
    let example = Project::example();
    let output = example.build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Built "), "{stderr}");
    let manifest = example.manifest();
    let pages = manifest["pages"].as_array().expect("pages");
    assert!(!pages.is_empty());
    let listed: BTreeSet<String> = pages
        .iter()
        .map(|p| p["path"].as_str().unwrap().to_string())
        .collect();
    let on_disk: BTreeSet<String> = document_pages(&example.out()).into_iter().collect();
    assert_eq!(listed, on_disk);
    for rel in &on_disk {
        let page = example.page(rel);
        assert!(!text(&page, "h1").is_empty(), "{rel} has no title");
        assert!(!section_ids(&page).is_empty(), "{rel} has no sections");
        assert!(select(&page, "script").is_empty(), "{rel}");
        assert!(
            !page.html().contains("{{"),
            "{rel} has an unsubstituted variable"
        );
    }
    assert!(example.out().join("index.html").is_file());
}

#[test]
fn example_pages_have_unique_ids_and_working_relative_links() {
    let example = Project::example();
    example.build();
    assert_pages_are_linked_up(&example.out());
}

#[test]
fn init_writes_a_project_that_checks_and_builds() {
    let parent = Project::empty();
    let dir = parent.root().join("legal");
    policyc().arg("init").arg(&dir).assert().success();
    assert!(dir.join("policyc.yaml").is_file());
    assert!(dir.join("policies").is_dir());
    policyc()
        .arg("--root")
        .arg(&dir)
        .arg("check")
        .assert()
        .success();
    policyc()
        .arg("--root")
        .arg(&dir)
        .args(["build", "--quiet"])
        .assert()
        .success()
        .stderr("");
    assert!(dir.join("out/manifest.json").is_file());
}

#[test]
fn init_takes_its_folder_from_root_and_refuses_two() {
    let parent = Project::empty();
    let dir = parent.root().join("legal");
    policyc()
        .arg("--root")
        .arg(&dir)
        .args(["init", "--minimal"])
        .assert()
        .success();
    assert!(dir.join("policyc.yaml").is_file());

    let other = parent.root().join("other");
    let out = policyc()
        .arg("--root")
        .arg(&other)
        .arg("init")
        .arg(parent.root().join("third"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("name the new project's folder once"),
        "{stderr}"
    );
    assert!(!other.exists() && !parent.root().join("third").exists());
}

#[test]
fn init_accepts_an_existing_empty_directory() {
    let dir = Project::empty();
    policyc().arg("init").arg(dir.root()).assert().success();
    assert!(dir.root().join("policyc.yaml").is_file());
}
