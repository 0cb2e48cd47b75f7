//! `policyc translations`: the status of every translation against its
//! source, and `translations ack`, which clears a lagging one.

use serde_json::Value;

use crate::support::release::{LATER, SECOND, edit, release, released_example, run};
use crate::support::{Project, select};

/// `policyc translations ARGS --today LATER`: exit code, stdout, stderr.
pub(crate) fn translations(p: &Project, args: &[&str]) -> (i32, String, String) {
    let output = run(p, &[&["translations"], args, &["--today", LATER]].concat());
    (
        output.status.code().expect("policyc exited normally"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

pub(crate) fn status_json(p: &Project) -> (i32, Value) {
    let (code, stdout, stderr) = translations(p, &["--format", "json"]);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\nstderr:\n{stderr}"));
    (code, json)
}

/// The state of the cell of `doc` (a supplement of `region`, if given)
/// in `locale`.
pub(crate) fn cell<'j>(
    json: &'j Value,
    doc: &str,
    region: Option<&str>,
    locale: &str,
) -> &'j Value {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["doc"] == doc && r["region"].as_str() == region)
        .and_then(|r| {
            r["cells"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["locale"] == locale)
        })
        .unwrap_or_else(|| panic!("no cell {doc} {region:?} {locale} in {json:#}"))
}

/// The example released, then its English retention section reworded and
/// released again on SECOND: its translations lag behind.
pub(crate) fn stale_example() -> Project {
    let p = released_example();
    edit(&p, "policies/privacy/en-US.md", "We keep", "We retain");
    release(&p, SECOND, "Retention wording");
    p
}

#[test]
fn translations_are_current_or_accepted_after_a_first_release_and_exit_0() {
    let p = released_example();
    let (code, json) = status_json(&p);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["schema"], 1);
    assert_eq!(json["locales"], serde_json::json!(["es-US", "de-DE"]));
    assert_eq!(cell(&json, "privacy", None, "de-DE")["state"], "current");
    // The example accepts its terms in English.
    assert_eq!(
        cell(&json, "terms", None, "es-US")["state"],
        "fallback_accepted"
    );
    assert_eq!(json["summary"]["stale"], 0);
}

#[test]
fn a_translation_whose_source_changed_in_a_later_release_is_stale_with_its_sections() {
    let p = stale_example();
    let (code, json) = status_json(&p);
    assert_eq!(code, 1, "stale translations fail the gate: {json:#}");
    let de = cell(&json, "privacy", None, "de-DE");
    assert_eq!(de["state"], "stale");
    assert_eq!(de["since"], 2);
    assert_eq!(de["file"], "policies/privacy/de-DE.md");
    let sections = de["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 1, "{de:#}");
    assert_eq!(sections[0]["id"], "retention");
    assert_eq!(sections[0]["heading"], "How long we keep information");
    assert_eq!(sections[0]["release"], 2);
    assert_eq!(sections[0]["day"], SECOND);
    assert!(sections[0]["line"].as_u64().is_some(), "{de:#}");
    // The supplements did not change.
    assert_eq!(
        cell(&json, "privacy", Some("us-ca"), "es-US")["state"],
        "current"
    );

    let (code, table, _) = translations(&p, &[]);
    assert_eq!(code, 1);
    let row = table
        .lines()
        .find(|l| l.starts_with("privacy "))
        .unwrap_or_else(|| panic!("no privacy row:\n{table}"));
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["privacy", "stale", "r2", "stale", "r2"]
    );
    assert!(
        table.contains("policies/privacy/de-DE.md: stale since release 2 (pages of eu, global)"),
        "{table}"
    );
    assert!(
        table.contains(
            "`retention` How long we keep information, changed in release 2 (2026-03-01)"
        ),
        "{table}"
    );
}

#[test]
fn a_missing_translation_fails_the_gate_unless_accept_fallbacks_accepts_it() {
    let p = released_example();
    let config = p.read("policyc.yaml");
    let start = config
        .find("accept_fallbacks:")
        .expect("the example accepts fallbacks");
    let end = config[start..]
        .find("\nvariables:")
        .map_or(config.len(), |e| start + e + 1);
    p.write(
        "policyc.yaml",
        format!("{}{}", &config[..start], &config[end..]),
    );
    let (code, json) = status_json(&p);
    assert_eq!(code, 1, "{json:#}");
    let terms = cell(&json, "terms", None, "de-DE");
    assert_eq!(terms["state"], "missing", "{json:#}");
    assert_eq!(terms["file"], "policies/terms/de-DE.md");
    let (_, table, _) = translations(&p, &[]);
    assert!(
        table.contains("policies/terms/de-DE.md: missing; the pages of eu, global show policies/terms/en-US.md in en-US"),
        "{table}"
    );
}

#[test]
fn ack_clears_the_lag_warning_notice_and_cell_until_the_source_changes_again() {
    let p = stale_example();
    let (code, _, stderr) = translations(&p, &["ack", "privacy", "de-DE"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Acknowledged the de-DE translation of privacy: `retention` (release 2)"),
        "{stderr}"
    );
    let acks = p.read("history/acks.yaml");
    assert!(
        acks.contains("section: retention") && acks.contains("release: 2"),
        "{acks}"
    );

    let (code, json) = status_json(&p);
    assert_eq!(
        cell(&json, "privacy", None, "de-DE")["state"],
        "acknowledged"
    );
    assert_eq!(code, 1, "es-US still lags: {json:#}");
    let (_, report) = p.check_json(&["--today", LATER]);
    let lagging: Vec<_> = report
        .matching("may lag behind")
        .iter()
        .map(|d| d.file.clone().unwrap_or_default())
        .collect();
    assert_eq!(lagging, ["policies/privacy/es-US.md"]);
    run(&p, &["build", "--today", LATER]);
    let lag = |page: &str| !select(&p.page(page), "p.lag").is_empty();
    assert!(!lag("eu/de-DE/privacy/index.html"));
    assert!(lag("us/es-US/privacy/index.html"));

    // Acknowledging it again changes nothing.
    let before = p.read("history/acks.yaml");
    let (code, _, stderr) = translations(&p, &["ack", "privacy", "de-DE"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("acknowledged already"), "{stderr}");
    assert_eq!(p.read("history/acks.yaml"), before);

    // A new change to the source brings the warning back.
    edit(&p, "policies/privacy/en-US.md", "We retain", "We hold");
    release(&p, "2026-03-02", "Retention wording again");
    let (_, report) = p.check_json(&["--today", "2026-03-03"]);
    let lagging: Vec<_> = report
        .matching("may lag behind")
        .iter()
        .map(|d| d.file.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        lagging,
        ["policies/privacy/de-DE.md", "policies/privacy/es-US.md"]
    );
}

#[test]
fn ack_names_the_nearest_section_document_and_locale_when_one_is_unknown() {
    let p = stale_example();
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["privacy", "de-DE", "--section", "retenton"],
            "`privacy` has no section `retenton`",
            "did you mean `retention`?",
        ),
        (
            &["privcy", "de-DE"],
            "there is no document `privcy`",
            "did you mean `privacy`?",
        ),
        (
            &["privacy", "de-De"],
            "the project has no translation into `de-De`",
            "did you mean `de-DE`?",
        ),
        (
            &["privacy", "de-DE", "--region", "us-cal"],
            "there is no region `us-cal`",
            "did you mean `us-ca`?",
        ),
    ];
    for (args, message, help) in cases {
        let (code, _, stderr) = translations(&p, &[&["ack"], args].concat());
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(stderr.contains(help), "{args:?}: {stderr}");
        assert!(!p.root().join("history/acks.yaml").exists());
    }
}

#[test]
fn ack_of_a_translation_that_does_not_lag_is_a_no_op() {
    let p = stale_example();
    let (code, _, stderr) = translations(&p, &["ack", "privacy", "de-DE", "--section", "collect"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Nothing to acknowledge: the de-DE translation of `collect` of privacy does not lag behind its source"),
        "{stderr}"
    );
    assert!(!p.root().join("history/acks.yaml").exists());
}

#[test]
fn a_broken_acks_file_is_an_error_at_its_line_and_column() {
    let p = stale_example();
    p.write(
        "history/acks.yaml",
        "acks:\n- doc: privacy\n  locale: de-DE\n  section: retention\n  relase: 2\n",
    );
    let (code, _, stderr) = translations(&p, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("history/acks.yaml:5:"), "{stderr}");
    assert!(stderr.contains("relase"), "{stderr}");
    let (code, report) = p.check_json(&["--today", LATER]);
    assert_eq!(code, 1);
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.file.as_deref() == Some("history/acks.yaml"))
        .collect();
    assert_eq!(errors.len(), 1, "{report:#?}");
    assert_eq!(errors[0].line, Some(5));
}

/// The example released, then its English retention section reworded
/// without a release: the pending change its translations do not follow.
fn pending_example() -> Project {
    let p = released_example();
    edit(&p, "policies/privacy/en-US.md", "We keep", "We retain");
    p
}

fn pending_warnings(p: &Project) -> Vec<(String, Option<usize>)> {
    let (code, report) = p.check_json(&["--today", LATER]);
    assert_eq!(code, 0, "warnings, not errors: {report:#?}");
    report
        .matching("will lag behind its en-US source once released")
        .iter()
        .map(|d| (d.file.clone().unwrap_or_default(), d.line))
        .collect()
}

#[test]
fn check_names_each_translation_a_pending_source_edit_leaves_behind_once() {
    let p = pending_example();
    let line = p
        .read("policies/privacy/de-DE.md")
        .lines()
        .position(|l| l.contains("{#retention}"))
        .map(|i| i + 1);
    // Once per file and section, though three regions show each.
    assert_eq!(
        pending_warnings(&p),
        [
            ("policies/privacy/de-DE.md".to_string(), line),
            ("policies/privacy/es-US.md".to_string(), line),
        ]
    );
    // A change that updates the Spanish section too leaves only German.
    edit(
        &p,
        "policies/privacy/es-US.md",
        "Solo conservamos",
        "Solo guardamos",
    );
    assert_eq!(
        pending_warnings(&p),
        [("policies/privacy/de-DE.md".to_string(), line)]
    );
}

#[test]
fn diff_lists_the_translations_a_pending_source_edit_leaves_behind() {
    let p = pending_example();
    let json: Value = serde_json::from_slice(&run(&p, &["diff", "--format", "json"]).stdout)
        .expect("diff --format json");
    let lags = json["translations"]
        .as_array()
        .expect("a translations part");
    let files: Vec<_> = lags.iter().map(|l| l["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        ["policies/privacy/de-DE.md", "policies/privacy/es-US.md"]
    );
    assert_eq!(lags[0]["section"], "retention");
    assert_eq!(lags[0]["locale"], "de-DE");
    assert_eq!(lags[0]["regions"], serde_json::json!(["eu", "global"]));

    let markdown = String::from_utf8(run(&p, &["diff", "--format", "markdown"]).stdout).unwrap();
    assert!(
        markdown.contains("- `policies/privacy/de-DE.md:"),
        "{markdown}"
    );
    let text = String::from_utf8(run(&p, &["diff"]).stdout).unwrap();
    assert!(
        text.contains("Translations these changes leave behind"),
        "{text}"
    );

    // Nothing left behind: no part, the schema as it was.
    let p = released_example();
    edit(
        &p,
        "policies/terms/en-US.md",
        "Please read them carefully.",
        "Please read them.",
    );
    let json: Value = serde_json::from_slice(&run(&p, &["diff", "--format", "json"]).stdout)
        .expect("diff --format json");
    assert!(json.get("translations").is_none(), "{json:#}");
}

#[test]
fn a_supplement_translation_is_its_own_row_and_ack_region_clears_it() {
    let p = released_example();
    edit(
        &p,
        "regions/us-ca/privacy.en-US.md",
        "in a portable format",
        "in a readable format",
    );
    release(&p, SECOND, "Right to know");
    let (code, json) = status_json(&p);
    assert_eq!(code, 1);
    let ca = cell(&json, "privacy", Some("us-ca"), "es-US");
    assert_eq!(ca["state"], "stale", "{json:#}");
    assert_eq!(ca["file"], "regions/us-ca/privacy.es-US.md");
    assert_eq!(ca["sections"][0]["id"], "ca-right-know");
    assert_eq!(ca["sections"][0]["line"], 11);
    assert_eq!(cell(&json, "privacy", None, "es-US")["state"], "current");

    let (code, _, stderr) = translations(
        &p,
        &[
            "ack",
            "privacy",
            "es-US",
            "--section",
            "ca-right-know",
            "--region",
            "us-ca",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(p.read("history/acks.yaml").contains("region: us-ca"));
    let (code, json) = status_json(&p);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(
        cell(&json, "privacy", Some("us-ca"), "es-US")["state"],
        "acknowledged"
    );
}
