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
