//! What `policyc diff` says of its inputs besides the changes: a compared
//! file's front matter that is not closed or not valid YAML is a warning
//! at its line and column (the diff still runs), and a document changed in
//! several locales is titled in the project's default locale.

use serde_json::Value;

use crate::support::{Project, policyc};

/// Runs `policyc diff old.md new.md` (with `extra`) in `project`'s folder.
fn diff_files(project: &Project, extra: &[&str]) -> std::process::Output {
    policyc()
        .current_dir(project.root())
        .args(["diff", "old.md", "new.md"])
        .args(extra)
        .output()
        .expect("run policyc diff")
}

#[test]
fn an_unclosed_front_matter_in_a_compared_file_is_a_warning_and_the_diff_still_runs() {
    let files = Project::from_files(&[
        (
            "old.md",
            "---\ntitle: Privacy\n\nOttermoss Labs keeps logs.\n",
        ),
        (
            "new.md",
            "---\ntitle: Privacy\n---\n\nOttermoss Labs keeps logs for a week.\n",
        ),
    ]);
    let output = diff_files(&files, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(json["changed"], true);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the front matter is not closed"),
        "{stderr}"
    );
    assert!(stderr.contains("[old.md:1:1]"), "{stderr}");
    assert!(
        stderr.contains(
            "a line that holds only `---`; meanwhile the diff reads the whole file as text"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("new.md"), "{stderr}");
}

#[test]
fn invalid_yaml_in_a_compared_file_s_front_matter_is_a_warning_at_its_line_and_column() {
    let files = Project::from_files(&[
        (
            "old.md",
            "---\ntitle: Privacy\n---\n\nOttermoss Labs keeps logs.\n",
        ),
        (
            "new.md",
            "---\ntitle: Privacy: the policy\n---\n\nOttermoss Labs keeps logs.\n",
        ),
    ]);
    let output = diff_files(&files, &[]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid YAML: mapping values"), "{stderr}");
    assert!(stderr.contains("[new.md:2:15]"), "{stderr}");
    assert!(
        stderr.contains("meanwhile the diff compares the file's text without its title"),
        "{stderr}"
    );
    // The report goes on: the title is reported gone.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Privacy"), "{stdout}");
}

#[test]
fn valid_front_matter_gives_no_warning() {
    let text = "---\ntitle: Privacy\nowner: legal\n---\n\nOttermoss Labs keeps logs.\n";
    let files = Project::from_files(&[("old.md", text), ("new.md", "No front matter.\n")]);
    let output = diff_files(&files, &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// A project of Ottermoss Labs' privacy policy in German and English, with
/// a section whose heading and text are the same in both (a table of
/// periods, say); the German variant sorts first.
fn bilingual(retention: &str) -> Project {
    Project::from_files(&[
        (
            "policyc.yaml",
            "name: Ottermoss Legal\ndefault_locale: en-US\nlocales: [en-US, de-DE]\n",
        ),
        (
            "policies/privacy/en-US.md",
            &format!(
                "---\ntitle: Privacy Policy\n---\n\n## Retention {{#retention}}\n\n{retention}\n"
            ),
        ),
        (
            "policies/privacy/de-DE.md",
            &format!(
                "---\ntitle: Datenschutzerklärung\n---\n\n## Retention {{#retention}}\n\n{retention}\n"
            ),
        ),
    ])
}

#[test]
fn a_change_in_every_locale_is_titled_in_the_default_locale() {
    let old = bilingual("Logs: 30 days.");
    let new = bilingual("Logs: 14 days.");
    let output = policyc()
        .arg("diff")
        .arg("--from")
        .arg(old.root())
        .arg("--to")
        .arg(new.root())
        .args(["--format", "json"])
        .output()
        .expect("run policyc diff");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let doc = &json["documents"][0];
    assert_eq!(doc["title"], "Privacy Policy");
    assert_eq!(doc["applies_to"], "global · de-DE, en-US");
    // The identical change is one group.
    assert_eq!(doc["sections"].as_array().unwrap().len(), 1, "{doc:#}");
}

#[test]
fn a_change_of_the_title_alone_is_counted_in_the_summary() {
    let files = Project::from_files(&[
        (
            "old.md",
            "---\ntitle: Privacy Notice\n---\n\nOttermoss Labs keeps logs.\n",
        ),
        (
            "new.md",
            "---\ntitle: Privacy Policy\n---\n\nOttermoss Labs keeps logs.\n",
        ),
    ]);
    let output = diff_files(&files, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    assert_eq!(
        summary,
        "Changed: 1 title and 0 sections changed in text, 0 in links only, 0 in formatting only",
        "{stdout}"
    );
}
