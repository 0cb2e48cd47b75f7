//! Every input that once crashed a fuzz target (`scripts/fuzz.sh`) is kept
//! in `tests/fixtures/fuzz/<target>/` and runs here, on stable, through the
//! target's own entry point (`policyc::fuzzing`) and, for the sources and
//! the diff, through the command line: no panic, and `policyc` exits 0 or 1.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use policyc::fuzzing;

use crate::support::{Project, fixtures_dir, policyc, select, text_of};

/// What a fuzz target calls with each input.
type Entry = fn(&[u8]);

/// Each fuzz target (a file in `fuzz/fuzz_targets/`) and its entry point.
const TARGETS: [(&str, Entry); 5] = [
    ("document", fuzzing::document),
    ("supplement", fuzzing::supplement),
    ("yaml", fuzzing::yaml),
    ("diff", fuzzing::diff),
    ("request", |data| {
        fuzzing::request(data);
    }),
];

fn folder(target: &str) -> PathBuf {
    fixtures_dir().join("fuzz").join(target)
}

/// The inputs kept for a target, by file name.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(folder(target)) else {
        return Vec::new();
    };
    let mut inputs: Vec<(String, Vec<u8>)> = entries
        .map(|entry| {
            let path = entry.expect("list a fuzz input").path();
            let bytes = std::fs::read(&path).expect("read a fuzz input");
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, bytes)
        })
        .collect();
    inputs.sort();
    inputs
}

/// The parts of an input that holds several files.
fn parts(bytes: &[u8]) -> Vec<&[u8]> {
    let separator = fuzzing::SEPARATOR.as_bytes();
    let mut parts = Vec::new();
    let mut rest = bytes;
    while let Some(at) = rest.windows(separator.len()).position(|w| w == separator) {
        parts.push(&rest[..at]);
        rest = &rest[at + separator.len()..];
    }
    parts.push(rest);
    parts
}

/// `policyc check` on `project` ends with 0 or 1, and without a panic.
fn check_does_not_panic(project: &Project, input: &str) {
    let output = project.cmd().arg("check").output().expect("run policyc");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)) && !stderr.contains("panicked"),
        "check on {input}: {:?}\n{stderr}",
        output.status
    );
}

#[test]
fn every_input_that_crashed_a_fuzz_target_runs_without_panic() {
    let mut kept = 0;
    for entry in std::fs::read_dir(fixtures_dir().join("fuzz")).expect("tests/fixtures/fuzz") {
        let name = entry.expect("a folder").file_name();
        let name = name.to_string_lossy();
        assert!(
            TARGETS.iter().any(|(t, _)| *t == name),
            "tests/fixtures/fuzz/{name} is not a fuzz target's folder"
        );
    }
    let mut panicked = Vec::new();
    for (target, entry) in TARGETS {
        for (name, bytes) in inputs(target) {
            kept += 1;
            if catch_unwind(AssertUnwindSafe(|| entry(&bytes))).is_err() {
                panicked.push(format!("{target}/{name}"));
            }
        }
    }
    assert!(kept > 0, "no fuzz input is kept under tests/fixtures/fuzz");
    assert!(
        panicked.is_empty(),
        "these inputs in tests/fixtures/fuzz still panic: {panicked:?}"
    );
}

#[test]
fn the_command_line_ends_with_0_or_1_on_every_input_that_crashed_the_fuzzer() {
    let mut runs = 0;
    for (name, bytes) in inputs("document") {
        runs += 1;
        let project = Project::minimal();
        project.write("policies/privacy/en-US.md", &bytes);
        check_does_not_panic(&project, &format!("document/{name}"));
    }
    for (name, bytes) in inputs("supplement") {
        runs += 1;
        let project = Project::from_files(&[
            ("policyc.yaml", fuzzing::CONFIG),
            ("regions/us.yaml", "name: US\n"),
            ("regions/us-ca.yaml", "name: US-CA\nparent: us\n"),
        ]);
        let files = [
            "policies/privacy/en-US.md",
            "regions/us/privacy.en-US.md",
            "regions/us-ca/privacy.en-US.md",
        ];
        for (rel, part) in files.iter().zip(parts(&bytes)) {
            project.write(rel, part);
        }
        check_does_not_panic(&project, &format!("supplement/{name}"));
    }
    for (name, bytes) in inputs("yaml") {
        runs += 1;
        let project = Project::from_files(&[("policies/privacy/en-US.md", fuzzing::DOCUMENT)]);
        let parts = parts(&bytes);
        project.write("policyc.yaml", parts[0]);
        // As the entry point reads them: the first file for a region counts.
        let mut written = std::collections::BTreeSet::new();
        for region in &parts[1..] {
            let at = region
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(region.len());
            let id = String::from_utf8_lossy(&region[..at]);
            if fuzzing::region_id(&id) && written.insert(id.to_string()) {
                let yaml = region.get(at + 1..).unwrap_or_default();
                project.write(&format!("regions/{id}.yaml"), yaml);
            }
        }
        check_does_not_panic(&project, &format!("yaml/{name}"));
    }
    for (name, bytes) in inputs("diff") {
        runs += 1;
        let project = Project::empty();
        let parts = parts(&bytes);
        project.write("old.md", parts[0]);
        project.write("new.md", parts[1..].join(fuzzing::SEPARATOR.as_bytes()));
        for format in ["text", "markdown", "html", "json"] {
            let output = policyc()
                .current_dir(project.root())
                .args(["diff", "--format", format, "old.md", "new.md"])
                .output()
                .expect("run policyc diff");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                matches!(output.status.code(), Some(0 | 1)) && !stderr.contains("panicked"),
                "diff --format {format} on diff/{name}: {:?}\n{stderr}",
                output.status
            );
        }
    }
    assert!(
        runs > 0,
        "no source or diff input is kept under tests/fixtures/fuzz"
    );
}

// ---- What the fuzzer found ---------------------------------------------------

/// Found by `supplement`: a heading underlined with `---` over two lines
/// was written back as a `##` heading, which ends with its first line, so
/// the page showed half the heading, without its id, and the rest with
/// `{#collect}` as a paragraph.
#[test]
fn a_heading_written_over_two_lines_is_one_heading_with_its_id() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## Keep {#keep}\n\nk\n\nInformation we\ncollect {#collect}\n---\n\nWhat we collect.\n",
    );
    project.build();
    let page = project.page("global/en-US/privacy/index.html");
    let headings: Vec<(String, String)> = select(&page, "article h2")
        .into_iter()
        .map(|h| (h.attr("id").unwrap_or_default().to_string(), text_of(h)))
        .collect();
    assert_eq!(
        headings,
        [
            ("keep".to_string(), "Keep".to_string()),
            ("collect".to_string(), "Information we collect".to_string())
        ]
    );
    let body = select(&page, "article p").into_iter().map(text_of);
    assert!(
        !body.clone().any(|p| p.contains("{#")),
        "{:?}",
        body.collect::<Vec<_>>()
    );
}
