//! `build --out DIR` replaces only a folder policyc wrote, and leaves no
//! folder of an interrupted build behind.

use crate::support::{Project, leftovers, read_tree};

#[test]
fn build_out_refuses_a_web_apps_folder_with_its_own_manifest_json() {
    let site = Project::minimal();
    site.write("public/manifest.json", "{\"name\":\"app\"}\n");
    site.write("public/app.js", "x\n");
    let before = read_tree(&site.root().join("public"));
    let output = site
        .cmd()
        .current_dir(site.root())
        .args(["build", "--out", "public"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("was not written by policyc"), "{stderr}");
    assert!(stderr.contains("\"generator\": \"policyc\""), "{stderr}");
    assert!(stderr.contains("--out"), "{stderr}");
    assert!(
        read_tree(&site.root().join("public")) == before,
        "public/ changed"
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn build_out_replaces_a_folder_policyc_wrote() {
    let site = Project::minimal();
    site.cmd()
        .current_dir(site.root())
        .args(["build", "--quiet", "--out", "public"])
        .assert()
        .success();
    site.write("public/stale.html", "old\n");
    site.cmd()
        .current_dir(site.root())
        .args(["build", "--quiet", "--out", "public"])
        .assert()
        .success();
    assert!(!site.root().join("public/stale.html").exists());
    assert!(site.root().join("public/index.html").is_file());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn build_replaces_an_out_folder_written_by_the_previous_version() {
    // What policyc wrote before the marker was checked: the same field.
    let site = Project::minimal();
    site.write(
        "out/manifest.json",
        "{\n  \"generator\": \"policyc\",\n  \"pages\": []\n}\n",
    );
    site.write("out/stale.html", "old\n");
    site.build();
    assert!(!site.out().join("stale.html").exists());
    assert!(site.out().join("index.html").is_file());
}

/// The id of a process that ran and is gone.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn build_removes_the_folders_of_interrupted_builds_and_keeps_a_running_ones() {
    let site = Project::minimal();
    site.build();
    let dead = dead_pid();
    // This test's own process stands for a build still running.
    let running = std::process::id();
    let stale = [
        format!(".policyc-staging-{dead}-a1B2c3/index.html"),
        format!(".policyc-old-{dead}-out/index.html"),
        // As the version before named a previous output.
        format!(".policyc-old-out-{dead}/index.html"),
    ];
    let live = format!(".policyc-staging-{running}-q1W2e3/index.html");
    for rel in stale.iter().chain([&live]) {
        site.write(rel, "x\n");
    }
    site.build();
    assert_eq!(
        leftovers(site.root()),
        [format!(".policyc-staging-{running}-q1W2e3")]
    );
    assert!(site.out().join("index.html").is_file());
}

#[test]
fn gitignore_of_a_new_project_leaves_out_the_folders_of_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("legal");
    crate::support::policyc()
        .arg("init")
        .arg(&dir)
        .assert()
        .success();
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    for line in ["/out/", "/.policyc-staging-*/", "/.policyc-old-*/"] {
        assert!(ignore.lines().any(|l| l == line), "{line} in {ignore}");
    }
    let repo = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.gitignore")).unwrap();
    for line in ["/.policyc-staging-*/", "/.policyc-old-*/"] {
        assert!(
            repo.lines().any(|l| l == line),
            "{line} in the example's .gitignore"
        );
    }
}
