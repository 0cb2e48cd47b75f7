//! What policyc prints for people: positions counted in characters the
//! same way in every output, and lines a CI log keeps whole.

use crate::support::Project;

/// The `file:line:column` miette prints above the quoted source line.
fn quoted_position(human: &str) -> &str {
    let start = human.find("╭─[").expect("a quoted source") + "╭─[".len();
    let end = start + human[start..].find(']').expect("a closing bracket");
    &human[start..end]
}

#[test]
fn columns_count_characters_in_both_the_human_and_the_json_output() {
    let p = Project::minimal();
    // À and é are two bytes each: a byte count would say column 24.
    p.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\nÀ propos de café: {{ compnay }}.\n\n## Data we keep {#keep}\n\nNames.\n",
    );
    let (code, report) = p.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    report
        .find("compnay")
        .assert_at("policies/privacy/en-US.md", Some(5), Some(22));
    let (code, human) = p.check_human(&[]);
    assert_eq!(code, 1, "{human}");
    assert_eq!(quoted_position(&human), "policies/privacy/en-US.md:5:22");
}

#[test]
fn yaml_error_columns_count_characters_in_both_outputs() {
    let p = Project::minimal();
    // The second `:` is the 10th character of the line and its 11th byte.
    p.write("regions/global.yaml", "name: Île: de France\n");
    let (code, report) = p.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = &report.matching("YAML")[0];
    d.assert_at("regions/global.yaml", Some(1), Some(10));
    let (_, human) = p.check_human(&[]);
    assert_eq!(quoted_position(&human), "regions/global.yaml:1:10");
}

#[test]
fn messages_are_not_wrapped_when_stderr_is_not_a_terminal() {
    let p = Project::minimal();
    p.write("regions/pacific-north-west-coast.yaml", "name: Pacific\n");
    p.write(
        "regions/pacific-north-west-coast/privacy.en-CA.md",
        "## Data we keep {#keep}\n\nMore.\n",
    );
    let (code, human) = p.check_human(&[]);
    assert_eq!(code, 1, "{human}");
    // Longer than the 100 columns a terminal's message would be cut at.
    let message = "regions/pacific-north-west-coast/privacy.en-CA.md: the locale `en-CA` is not listed in policyc.yaml";
    assert!(
        human.lines().any(|line| line.ends_with(message)),
        "the message is split over lines:\n{human}"
    );
}

/// The last line a failed `build` (with `extra` arguments) prints.
fn build_failure(p: &Project, extra: &[&str]) -> String {
    let output = p.cmd().arg("build").args(extra).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    stderr.lines().last().unwrap_or_default().to_string()
}

#[test]
fn a_failed_build_says_out_was_left_as_it_was_only_when_there_was_one() {
    let p = Project::minimal();
    let privacy = p.read("policies/privacy/en-US.md");
    p.write(
        "policies/privacy/en-US.md",
        format!("{privacy}\n{{{{ nope }}}}\n"),
    );
    assert_eq!(
        build_failure(&p, &[]),
        "error: build failed; nothing was written"
    );
    assert!(!p.out().exists());

    p.write("policies/privacy/en-US.md", &privacy);
    p.build();
    let manifest = p.read_out("manifest.json");
    p.write(
        "policies/privacy/en-US.md",
        format!("{privacy}\n{{{{ nope }}}}\n"),
    );
    assert_eq!(
        build_failure(&p, &[]),
        "error: build failed; out/ was left as it was"
    );
    assert_eq!(p.read_out("manifest.json"), manifest);

    // `--out` is named as given.
    let site = p.root().join("site");
    let site = site.to_str().unwrap();
    assert_eq!(
        build_failure(&p, &["--out", site]),
        "error: build failed; nothing was written"
    );
    std::fs::create_dir(site).unwrap();
    assert_eq!(
        build_failure(&p, &["--out", site]),
        format!("error: build failed; {site}/ was left as it was")
    );
}

#[test]
fn the_build_summary_counts_documents_once_across_regions_and_locales() {
    let p = Project::example();
    let output = p.build();
    let stderr = String::from_utf8(output.stderr).unwrap();
    // The example: privacy and terms everywhere, and California's notice.
    assert!(stderr.contains(" pages (3 documents) into "), "{stderr}");
}

#[test]
fn a_byte_order_mark_does_not_shift_the_columns_of_the_first_line() {
    let p = Project::minimal();
    p.write("regions/global.yaml", "name: Global\n");
    p.write(
        "regions/global/privacy.en-US.md",
        "\u{feff}Also for {{ nope }}.\n\n## Data we keep {#keep}\n\nNames.\n",
    );
    let (code, report) = p.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    report
        .find("nope")
        .assert_at("regions/global/privacy.en-US.md", Some(1), Some(13));
    let (_, human) = p.check_human(&[]);
    assert_eq!(
        quoted_position(&human),
        "regions/global/privacy.en-US.md:1:13"
    );
}
