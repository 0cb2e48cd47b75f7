//! A supplement section either replaces a section of the document (same
//! id) or says where it goes: an unplaced unknown id is an error, never an
//! extra section appended to the page.

use crate::support::{Project, section_ids};

/// The minimal project with one region, `global`, and this supplement to
/// its privacy policy.
fn with_supplement(supplement: &str) -> Project {
    let project = Project::minimal();
    project.write("regions/global.yaml", "name: Global\nlocales: [en-US]\n");
    project.write("regions/global/privacy.en-US.md", supplement);
    project
}

#[test]
fn supplement_section_with_a_mistyped_id_is_an_error_suggesting_the_id() {
    let project =
        with_supplement("---\nsummary: s\n---\n\n## How long we keep it {#kepe}\n\nA year.\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = report.find("`kepe` is not a section of privacy");
    // At the `{#kepe}` attribute, the part to fix.
    d.assert_at("regions/global/privacy.en-US.md", Some(5), Some(24));
    assert!(
        d.message.contains("did you mean `keep` (to replace it)?"),
        "{d:#?}"
    );
    for placement in [
        "`{#kepe after=…}`",
        "`{#kepe before=…}`",
        "`{#kepe append}`",
    ] {
        assert!(d.help().contains(placement), "{d:#?}");
    }
    project.assert_build_fails_without_output();
}

#[test]
fn a_mistyped_supplement_id_in_one_locale_is_one_error_not_also_translation_warnings() {
    for (en, es) in [("kepe", "keep"), ("keep", "kepe")] {
        let project = with_supplement(&format!("## How long we keep it {{#{en}}}\n\nA year.\n"));
        project.write(
            "regions/global.yaml",
            "name: Global\nlocales: [en-US, es-US]\n",
        );
        project.write(
            "policies/privacy/es-US.md",
            "---\ntitle: Privacidad\n---\n\n## Datos que guardamos {#keep}\n\nNombres.\n\n## Sus derechos {#rights}\n\nPregúntenos.\n",
        );
        project.write(
            "regions/global/privacy.es-US.md",
            format!("## Cuánto tiempo lo guardamos {{#{es}}}\n\nUn año.\n"),
        );
        let (code, report) = project.check_json(&[]);
        assert_eq!(
            (code, report.errors, report.warnings),
            (1, 1, 0),
            "{report:#?}"
        );
        report.find("`kepe` is not a section of privacy");
    }
}

#[test]
fn supplement_section_with_a_new_id_and_an_existing_heading_suggests_that_section() {
    let project = with_supplement("## Your rights {#choices}\n\nWrite to us.\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("`choices` is not a section of privacy");
    assert!(d.message.contains("did you mean `rights`"), "{d:#?}");
}

#[test]
fn supplement_section_marked_append_goes_at_the_end() {
    let project = with_supplement(
        "## Our office {#office append}\n\nIn Ottermoss.\n\n### Hours {#hours}\n\nWeekdays.\n",
    );
    let output = project.build();
    assert!(output.status.success(), "{output:?}");
    let page = project.page("global/en-US/privacy/index.html");
    assert_eq!(section_ids(&page), ["keep", "rights", "office", "hours"]);
}

#[test]
fn a_region_only_document_needs_no_placement_but_a_child_regions_supplement_does() {
    let project = with_supplement("## Your rights {#rights}\n\nAsk us.\n");
    project.write(
        "regions/global/notice.en-US.md",
        "---\ntitle: Notice\n---\n\n## What we collect {#collect}\n\nNames.\n\n## Why {#why}\n\nTo run the service.\n",
    );
    project.write("regions/west.yaml", "name: West\nparent: global\n");
    project.write(
        "regions/west/notice.en-US.md",
        "## Why we collect it {#wy}\n\nTo run the service here.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!((code, report.errors), (1, 1), "{report:#?}");
    let d = report.find("`wy` is not a section of notice");
    d.assert_at("regions/west/notice.en-US.md", Some(1), Some(22));
    assert!(d.message.contains("did you mean `why`"), "{d:#?}");
}

#[test]
fn a_misnamed_supplement_is_one_error_suggesting_the_document() {
    let project = Project::example();
    let text = project.read("regions/eu/privacy.de-DE.md");
    project.remove("regions/eu/privacy.de-DE.md");
    project.write("regions/eu/privcy.de-DE.md", text);
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = report.find("`privcy` is not a document of this project");
    d.assert_at("regions/eu/privcy.de-DE.md", None, None);
    assert!(d.message.contains("did you mean `privacy`?"), "{d:#?}");
    assert!(
        d.help().contains("regions/eu/privacy.de-DE.md") && d.help().contains("title:"),
        "{d:#?}"
    );
    project.assert_build_fails_without_output();
}

#[test]
fn a_region_only_document_with_a_title_and_a_name_near_another_is_not_a_typo() {
    let project = Project::minimal();
    project.write("regions/global.yaml", "name: Global\nlocales: [en-US]\n");
    project.write(
        "regions/global/privacys.en-US.md",
        "---\ntitle: Privacy Notes\n---\n\n## Notes {#notes}\n\nOttermoss keeps notes.\n",
    );
    let output = project.build();
    assert!(output.status.success(), "{output:?}");
    let page = project.page("global/en-US/privacys/index.html");
    assert_eq!(section_ids(&page), ["notes"]);
}

#[test]
fn a_placed_supplement_section_reusing_a_document_id_is_an_error_not_a_silent_replacement() {
    for (supplement, line, column) in [
        (
            "## Office {#office append}\n\nIn Ottermoss.\n\n### Rights {#rights}\n\nDup.\n",
            5,
            12,
        ),
        ("## Rights {#rights append}\n\nDup.\n", 1, 11),
    ] {
        let project = with_supplement(supplement);
        let (code, report) = project.check_json(&[]);
        assert_eq!((code, report.errors), (1, 1), "{report:#?}");
        let d = report.find("`rights` is already a section of privacy");
        d.assert_at("regions/global/privacy.en-US.md", Some(line), Some(column));
        assert!(
            d.help()
                .contains("to replace it, write `## … {#rights}` with no placement"),
            "{d:#?}"
        );
        project.assert_build_fails_without_output();
    }
}
