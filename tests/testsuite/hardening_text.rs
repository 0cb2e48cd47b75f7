//! What source text reaches the page: a NUL character becomes U+FFFD (as
//! CommonMark says) everywhere, positions unchanged; and a section id that
//! a footnote's anchor would also take is an error.

use crate::support::{Project, read_tree};

#[test]
fn nul_characters_become_replacement_characters_in_every_page() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Pri\0vacy\n---\n\nIntro\0 for {{ company }}.\n\n## Data\0 we keep {#ke\0ep}\n\nNa\0mes.\n",
    );
    project.build();
    let out = read_tree(&project.out());
    for (path, bytes) in &out {
        assert!(!bytes.contains(&0), "{} holds a NUL byte", path.display());
    }
    let page = project.read_out("global/en-US/privacy/index.html");
    for expected in [
        "Intro\u{FFFD} for",
        "Na\u{FFFD}mes",
        "id=\"ke\u{FFFD}ep\"",
        "Data\u{FFFD} we keep",
    ] {
        assert!(page.contains(expected), "no `{expected}` in:\n{page}");
    }
}

#[test]
fn a_diagnostic_after_a_nul_character_keeps_its_column() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\nA\0\0{{ nope }}\n\n## A {#a}\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    // `nope` is the 7th character of line 5: A, two NULs, `{{ `.
    report.find("undefined variable `nope`").assert_at(
        "policies/privacy/en-US.md",
        Some(5),
        Some(7),
    );
}

#[test]
fn a_section_id_that_a_footnote_takes_on_the_page_is_an_error_naming_both() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\nWe keep a deposit.[^deposit]\n\n[^deposit]: Refunded.\n\n## Deposits {#fn-deposit}\n\nText.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = report.find("the section id `fn-deposit` is also the id of the footnote `[^deposit]`");
    d.assert_at("policies/privacy/en-US.md", Some(9), Some(13));
    assert!(
        d.message.contains("line 7 of `policies/privacy/en-US.md`"),
        "{d:#?}"
    );
    assert!(d.help().contains("`fn-`"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn a_supplement_section_colliding_with_the_documents_footnote_is_an_error_in_the_supplement() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## Data {#keep}\n\nNames.[^names]\n\n[^names]: Only yours.\n",
    );
    project.write(
        "regions/global.yaml",
        "name: Everywhere\nlocales: [en-US]\n",
    );
    project.write(
        "regions/global/privacy.en-US.md",
        "## More {#fn-names append}\n\nText.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    report
        .find("also the id of the footnote `[^names]` (line 9 of `policies/privacy/en-US.md`)")
        .assert_at("regions/global/privacy.en-US.md", Some(1), Some(9));
}

#[test]
fn a_section_id_starting_with_fn_is_fine_without_such_a_footnote() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\nA note.[^other]\n\n[^other]: Yes.\n\n## Functions {#fn-list}\n\nText.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
}
