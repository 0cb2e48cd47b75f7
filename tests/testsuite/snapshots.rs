//! Snapshots of what users see: one whole rendered page, and the messages
//! `policyc check` prints for a few mistakes. Review every change to them.

use crate::support::Project;

/// The human output of `check` on the minimal project with `file` replaced.
fn check_output(file: &str, text: &str) -> String {
    let project = Project::minimal();
    // English only: no page falls back to another language.
    project.write("regions/global.yaml", "name: Global\nlocales: [en-US]\n");
    // A second document, so a broken one is not also "no documents".
    project.write(
        "policies/terms/en-US.md",
        "---\ntitle: Terms\n---\n\n## Use {#use}\n\nBe kind.\n",
    );
    project.write(file, text);
    let (code, stderr) = project.check_human(&[]);
    assert_eq!(code, 1, "{stderr}");
    stderr
}

#[test]
fn rendered_document_page() {
    let site = Project::fixture("valid");
    site.build();
    insta::assert_snapshot!(
        "na_west_en_us_privacy",
        site.read_out("na-west/en-US/privacy/index.html")
    );
}

#[test]
fn check_message_for_undefined_variable() {
    insta::assert_snapshot!(check_output(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\nQuestions? Write to {{ privacy_mail }}.\n\n## Data we keep {#keep}\n\nNames.\n",
    ));
}

#[test]
fn check_message_for_after_naming_a_missing_section() {
    insta::assert_snapshot!(check_output(
        "regions/global/privacy.en-US.md",
        "## Local rights {#local-rights after=your-rights}\n\nResidents here may also ask us.\n",
    ));
}

#[test]
fn check_message_for_malformed_front_matter() {
    insta::assert_snapshot!(check_output(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\nsummary: What we keep: and why\n---\n\n## Data we keep {#keep}\n\nNames.\n",
    ));
}

#[test]
fn check_message_for_a_link_to_a_misspelt_document() {
    insta::assert_snapshot!(check_output(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\nSee our [Terms](doc:trems#use).\n\n## Data we keep {#keep}\n\nNames.\n",
    ));
}

#[test]
fn check_message_for_a_link_to_a_section_the_document_lacks() {
    insta::assert_snapshot!(check_output(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\nSee [how to use it](doc:terms#usage).\n\n## Data we keep {#keep}\n\nNames.\n",
    ));
}
