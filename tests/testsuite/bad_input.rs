//! Every mistake a user can make in a source file: `check` names the file,
//! line and column and exits 1, and `build` writes nothing into `out/`.

use crate::support::{MINIMAL_CONFIG, MINIMAL_PRIVACY, Project, policyc, read_tree, section_ids};

/// A minimal project with one region, `global`, whose file is `region`.
fn with_region(region: &str) -> Project {
    let project = Project::minimal();
    project.write("regions/global.yaml", region);
    project
}

/// Runs `check --format json` and asserts it fails with exactly these many
/// errors; returns the report.
fn check_fails(project: &Project, errors: usize) -> crate::support::Report {
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, errors, "{report:#?}");
    report
}

// ---- YAML -------------------------------------------------------------------

#[test]
fn malformed_yaml_in_policyc_yaml_names_line_and_column() {
    let project = Project::minimal();
    project.write(
        "policyc.yaml",
        "name: Pebblebrook Legal\ndefault_locale: en-US\nlocales: [en-US]\nvariables:\n  company: Pebble: Tinkers\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("invalid YAML");
    d.assert_at("policyc.yaml", Some(5), Some(18));
    assert!(
        d.message.contains("mapping values are not allowed"),
        "{d:#?}"
    );
    assert!(d.help().contains("quote values"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn unknown_key_in_policyc_yaml_is_named() {
    let project = Project::minimal();
    project.write(
        "policyc.yaml",
        "name: Pebblebrook Legal\ndefault_locle: en-US\nlocales: [en-US]\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("default_locle");
    d.assert_at("policyc.yaml", Some(2), Some(1));
    assert!(
        d.message.contains("default_locale"),
        "suggests the right key: {d:#?}"
    );
    project.assert_build_fails_without_output();
}

#[test]
fn malformed_yaml_in_region_file_names_line_and_column() {
    let project = with_region("name: Global\nvariables:\n  hotline: 555: 0100\n");
    let report = check_fails(&project, 1);
    report
        .find("invalid YAML")
        .assert_at("regions/global.yaml", Some(3), Some(15));
    project.assert_build_fails_without_output();
}

#[test]
fn a_key_set_twice_points_at_its_second_occurrence() {
    let project = Project::minimal();
    project.write(
        "policyc.yaml",
        "name: Ottermoss Legal\ndefault_locale: en-US\nlocales: [en-US]\nname: Ottermoss Labs\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("is set twice");
    d.assert_at("policyc.yaml", Some(4), Some(1));
    assert_eq!(d.message, "`name` is set twice (first on line 1); keep one");
    assert!(d.help().contains("delete the `name:` line"), "{d:#?}");
    project.assert_build_fails_without_output();

    let project =
        with_region("name: Global\nvariables:\n  hotline: 555-0100\n  hotline: 555-0199\n");
    check_fails(&project, 1)
        .find("`hotline` is set twice (first on line 3)")
        .assert_at("regions/global.yaml", Some(4), Some(3));

    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        MINIMAL_PRIVACY.replacen("---\n", "---\ntitle: Privacy at Ottermoss\n", 1),
    );
    let report = check_fails(&project, 1);
    report
        .find("`title` is set twice (first on line 2)")
        .assert_at("policies/privacy/en-US.md", Some(3), Some(1));
}

#[test]
fn malformed_yaml_in_front_matter_counts_lines_from_the_file_start() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\nsummary: plain: wrong\n---\n\n## A {#a}\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1);
    // Line 3 of the file (line 2 of the front matter).
    report
        .find("invalid YAML")
        .assert_at("policies/privacy/en-US.md", Some(3), Some(15));
    project.assert_build_fails_without_output();
}

#[test]
fn front_matter_not_closed_points_at_its_opening_line() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n\n## A {#a}\n\nText.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1);
    let d = report.find("front matter is not closed");
    d.assert_at("policies/privacy/en-US.md", Some(1), Some(1));
    assert!(d.help().contains("---"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn a_git_conflict_left_in_a_source_is_an_error_at_each_marker_line() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\n<<<<<<< HEAD\nNames.\n=======\nNames and emails.\n>>>>>>> main\n",
    );
    let report = check_fails(&project, 2);
    let markers = report.matching("git conflict marker");
    assert_eq!(markers.len(), 2, "{report:#?}");
    markers[0].assert_at("policies/privacy/en-US.md", Some(7), Some(1));
    markers[1].assert_at("policies/privacy/en-US.md", Some(11), Some(1));
    assert!(markers[0].help().contains("git add"), "{report:#?}");
    project.assert_build_fails_without_output();
    // A heading underlined with `=` is not a marker.
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\nData we keep {#keep}\n=======\n\nNames.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
}

#[test]
fn document_without_title_is_an_error() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\nsummary: no title here\n---\n\n## A {#a}\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("no title");
    d.assert_at("policies/privacy/en-US.md", Some(1), Some(1));
    assert!(d.help().contains("title:"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn unparsable_only_document_is_not_reported_as_missing() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n\n## A {#a}\n",
    );
    let (_, report) = project.check_json(&[]);
    assert!(
        report.matching("has no documents").is_empty(),
        "the document exists; the message and its advice to add it mislead: {report:#?}"
    );
}

// ---- Sections ---------------------------------------------------------------

#[test]
fn duplicate_section_id_points_at_the_second_heading() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## Keep {#keep}\n\nx\n\n## Also keep {#keep}\n\ny\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("used twice");
    d.assert_at("policies/privacy/en-US.md", Some(9), Some(1));
    assert!(d.message.contains("`keep`"), "{d:#?}");
    assert!(d.message.contains("line 5"), "names the first use: {d:#?}");
    project.assert_build_fails_without_output();
}

const NO_ID: &str =
    "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\nNames.\n\n## Your Rights\n\nAsk us.\n";

#[test]
fn heading_without_id_is_a_warning_in_check() {
    let project = Project::minimal();
    project.write("policies/privacy/en-US.md", NO_ID);
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    assert_eq!((report.errors, report.warnings), (0, 1));
    let d = report.find("no id");
    assert_eq!(d.severity, "warning");
    d.assert_at("policies/privacy/en-US.md", Some(9), Some(1));
    assert!(d.help().contains("## Your Rights {#your-rights}"), "{d:#?}");
}

#[test]
fn heading_without_id_is_an_error_with_strict() {
    let project = Project::minimal();
    project.write("policies/privacy/en-US.md", NO_ID);
    let (code, report) = project.check_json(&["--strict"]);
    assert_eq!(code, 1);
    assert_eq!(report.errors, 1);
    assert_eq!(report.find("no id").severity, "error");
}

#[test]
fn build_derives_an_id_for_a_heading_without_one_and_warns() {
    let project = Project::minimal();
    project.write("policies/privacy/en-US.md", NO_ID);
    let output = project.build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("this heading has no id"), "{stderr}");
    assert!(stderr.contains("policies/privacy/en-US.md:9:1"), "{stderr}");
    let page = project.page("global/en-US/privacy/index.html");
    assert_eq!(section_ids(&page), ["keep", "your-rights"]);
}

#[test]
fn an_id_derived_from_a_heading_uses_its_visible_words_as_the_diff_does() {
    // An image's alternative text is a word of the heading, its source is
    // not; a soft hyphen and a byte order mark are not seen at all.
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## Sen\u{AD}sor ![otter](img/otter.png) data\n\nReadings.\n\n## \u{FEFF}Your Rights\n\nAsk us.\n",
    );
    let output = project.build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`sensor-otter-data` is used"), "{stderr}");
    let page = project.page("global/en-US/privacy/index.html");
    assert_eq!(section_ids(&page), ["sensor-otter-data", "your-rights"]);
    let diff = policyc::diff::diff_markdown(
        &project.read("policies/privacy/en-US.md"),
        &project
            .read("policies/privacy/en-US.md")
            .replace("otter.png", "otter-2.png"),
    );
    let ids: Vec<&str> = diff.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["sensor-otter-data"], "{diff:#?}");
}

#[test]
fn after_naming_a_missing_section_lists_the_documents_ids() {
    let project = with_region("name: Global\n");
    project.write(
        "regions/global/privacy.en-US.md",
        "---\nsummary: s\n---\n\n## Extra {#extra after=nope}\n\nz\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("`after=` names the section `nope`");
    d.assert_at("regions/global/privacy.en-US.md", Some(5), Some(1));
    assert!(d.help().contains("keep, rights"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn placement_attribute_in_a_base_document_is_an_error() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## A {#a}\n\n## B {#b after=a}\n",
    );
    let report = check_fails(&project, 1);
    report
        .find("only has a meaning in a regional supplement")
        .assert_at("policies/privacy/en-US.md", Some(7), Some(1));
    project.assert_build_fails_without_output();
}

// ---- Regions ----------------------------------------------------------------

#[test]
fn region_with_missing_parent_points_at_the_parent_line() {
    let project = with_region("name: Global\n");
    project.write("regions/cal.yaml", "name: California\nparent: usa\n");
    let report = check_fails(&project, 1);
    let d = report.find("`usa` does not exist");
    d.assert_at("regions/cal.yaml", Some(2), Some(1));
    assert!(d.help().contains("regions/usa.yaml"), "{d:#?}");
    assert!(
        d.help().contains("global"),
        "lists the known regions: {d:#?}"
    );
    project.assert_build_fails_without_output();
}

#[test]
fn a_misspelt_parent_region_suggests_the_closest_region() {
    let project = with_region("name: Global\n");
    project.write("regions/cal.yaml", "name: California\nparent: globl\n");
    let report = check_fails(&project, 1);
    let d = report.find("`globl` does not exist");
    assert_eq!(
        d.message,
        "the parent region `globl` does not exist; did you mean `global`?"
    );
    d.assert_at("regions/cal.yaml", Some(2), Some(1));
}

#[test]
fn parent_cycle_is_an_error_naming_the_regions() {
    let project = Project::minimal();
    project.write("regions/north.yaml", "name: North\nparent: south\n");
    project.write("regions/south.yaml", "name: South\nparent: north\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1);
    let cycles = report.matching("cycle");
    assert!(!cycles.is_empty(), "{report:#?}");
    for d in cycles {
        let file = d.file.as_deref().unwrap();
        assert!(
            file == "regions/north.yaml" || file == "regions/south.yaml",
            "{d:#?}"
        );
        assert_eq!(d.line, Some(2), "{d:#?}");
        assert!(d.message.contains("north") && d.message.contains("south"));
    }
    project.assert_build_fails_without_output();
}

#[test]
fn region_locale_that_is_not_bcp47_suggests_the_right_code() {
    let project = with_region("name: Global\nlocales: [en_US]\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1);
    let d = report.find("`en_US` is not a valid locale");
    d.assert_at("regions/global.yaml", Some(2), Some(11));
    assert!(d.help().contains("`en-US`"), "{d:#?}");
    project.assert_build_fails_without_output();
}

// ---- Variables and links ----------------------------------------------------

#[test]
fn undefined_variable_points_at_the_variable() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\nHello from {{ compnay }} today.\n\n## A {#a}\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("undefined variable `compnay`");
    d.assert_at("policies/privacy/en-US.md", Some(5), Some(15));
    assert!(d.help().contains("policyc.yaml"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn variable_defined_only_in_another_region_is_undefined_here() {
    let project = with_region("name: Global\n");
    project.write(
        "regions/eu.yaml",
        "name: EU\nparent: global\nvariables:\n  dpo_email: dpo@pebble.example\n",
    );
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## Contact {#contact}\n\nWrite to {{ dpo_email }}.\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("undefined variable `dpo_email`");
    d.assert_at("policies/privacy/en-US.md", Some(7), Some(13));
    assert!(d.help().contains("defined only for: eu"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn internal_link_to_a_missing_section_points_at_the_link() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## A {#a}\n\nSee [nowhere](#nope) please.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1);
    let links = report.matching("`#nope`");
    assert!(!links.is_empty(), "{report:#?}");
    for d in links {
        d.assert_at("policies/privacy/en-US.md", Some(7), Some(5));
    }
    project.assert_build_fails_without_output();
}

#[test]
fn internal_link_to_a_section_a_supplement_removes_is_an_error() {
    let project = with_region("name: Global\n");
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## Keep {#keep}\n\nSee [rights](#rights).\n\n## Rights {#rights}\n\nAsk.\n",
    );
    project.write(
        "regions/global/privacy.en-US.md",
        "## Gone {#rights remove}\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    report
        .matching("`#rights`")
        .first()
        .unwrap_or_else(|| panic!("{report:#?}"))
        .assert_at("policies/privacy/en-US.md", Some(7), Some(5));
    project.assert_build_fails_without_output();
}

// ---- Files ------------------------------------------------------------------

#[test]
fn locale_file_name_that_is_not_bcp47_suggests_the_right_code() {
    let project = Project::minimal();
    project.write("policies/privacy/en_us.md", MINIMAL_PRIVACY);
    let report = check_fails(&project, 1);
    let d = report.find("not a valid locale");
    d.assert_at("policies/privacy/en_us.md", None, None);
    assert!(d.help().contains("did you mean `en-US`"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn file_that_is_not_utf8_is_named_with_its_position() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        b"---\ntitle: Privacy\n---\n\nCaf\xe9 prices.\n".as_slice(),
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1);
    let d = report.find("not valid UTF-8");
    assert_eq!(d.file.as_deref(), Some("policies/privacy/en-US.md"));
    d.assert_at("policies/privacy/en-US.md", Some(5), Some(4));
    assert!(d.help().contains("UTF-8"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn file_that_is_not_utf8_has_line_and_column_in_json() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        b"---\ntitle: Privacy\n---\n\nCaf\xe9 prices.\n".as_slice(),
    );
    let (_, report) = project.check_json(&[]);
    report
        .find("not valid UTF-8")
        .assert_at("policies/privacy/en-US.md", Some(5), Some(4));
    assert!(report.find("not valid UTF-8").line.is_some());
}

#[test]
fn non_utf8_policyc_yaml_is_named() {
    let project = Project::minimal();
    project.write(
        "policyc.yaml",
        b"name: Pebbl\xff\ndefault_locale: en-US\n".as_slice(),
    );
    let report = check_fails(&project, 1);
    assert_eq!(
        report.find("not valid UTF-8").file.as_deref(),
        Some("policyc.yaml")
    );
    project.assert_build_fails_without_output();
}

#[test]
fn file_under_policies_that_is_not_a_locale_source_is_an_error() {
    let project = Project::minimal();
    project.write("policies/privacy/notes.txt", "draft ideas\n");
    project.write("policies/README.md", "about this folder\n");
    let report = check_fails(&project, 2);
    let files: Vec<&str> = report
        .matching("not a policy source")
        .iter()
        .map(|d| d.file.as_deref().unwrap())
        .collect();
    assert_eq!(files, ["policies/README.md", "policies/privacy/notes.txt"]);
    for d in report.matching("not a policy source") {
        assert!(d.help().contains("policies/<doc>/<locale>.md"), "{d:#?}");
    }
    project.assert_build_fails_without_output();
}

#[test]
fn empty_project_is_an_error() {
    let project = Project::from_files(&[("policyc.yaml", "name: Empty\ndefault_locale: en-US\n")]);
    let report = check_fails(&project, 1);
    let d = report.find("no documents");
    assert!(d.help().contains("policies/<doc>/<locale>.md"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn directory_without_policyc_yaml_is_an_error() {
    let project = Project::empty();
    let report = check_fails(&project, 1);
    let d = report.find("no policyc.yaml");
    assert!(d.help().contains("policyc init"), "{d:#?}");
    project.assert_build_fails_without_output();
}

// ---- Translations -----------------------------------------------------------

#[test]
fn translation_missing_a_section_is_a_warning_and_strict_error() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/es-US.md",
        "---\ntitle: Privacidad\n---\n\n## Datos {#keep}\n\nNombres.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    assert_eq!((report.errors, report.warnings), (0, 1));
    let d = report.find("lacks a section");
    assert_eq!(d.severity, "warning");
    assert_eq!(d.file.as_deref(), Some("policies/privacy/es-US.md"));
    assert!(d.message.contains("`rights`"), "{d:#?}");

    let (code, report) = project.check_json(&["--strict"]);
    assert_eq!(code, 1);
    assert_eq!(report.find("lacks a section").severity, "error");
}

#[test]
fn translation_with_an_extra_section_is_a_warning_and_strict_error() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/es-US.md",
        "---\ntitle: Privacidad\n---\n\n## Datos {#keep}\n\nx\n\n## Derechos {#rights}\n\ny\n\n## Extra {#extra}\n\nz\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    assert_eq!((report.errors, report.warnings), (0, 1));
    let d = report.find("`extra` is not in");
    assert_eq!(d.severity, "warning");
    d.assert_at("policies/privacy/es-US.md", Some(13), Some(1));

    let (code, report) = project.check_json(&["--strict"]);
    assert_eq!(code, 1);
    assert_eq!(report.find("`extra` is not in").severity, "error");
}

// ---- init and usage ---------------------------------------------------------

#[test]
fn init_refuses_a_non_empty_directory() {
    let dir = Project::empty();
    dir.write("notes.txt", "mine");
    let output = policyc().arg("init").arg(dir.root()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.root().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(dir.root()).unwrap().count(), 1);
}

#[test]
fn wrong_usage_exits_2() {
    for args in [
        &["frobnicate"][..],
        &["check", "--format", "xml"],
        &["import"],
        &["build", "--bogus"],
    ] {
        let output = policyc().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

// ---- Bugs found by these tests ----------------------------------------------

#[test]
fn two_files_for_one_region_is_an_error() {
    let project = with_region("name: One\n");
    project.write("regions/global.yml", "name: Two\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = &report.diagnostics[0];
    assert!(
        d.file.as_deref() == Some("regions/global.yml")
            || d.file.as_deref() == Some("regions/global.yaml"),
        "{d:#?}"
    );
}

#[test]
fn region_only_document_without_default_locale_names_its_file() {
    let project = with_region("name: Global\n");
    project.write(
        "regions/global/notice.es-US.md",
        "---\ntitle: Aviso\n---\n\n## Uno {#uno}\n\nHola.\n",
    );
    let (_, report) = project.check_json(&[]);
    for d in &report.diagnostics {
        assert_eq!(
            d.file.as_deref(),
            Some("regions/global/notice.es-US.md"),
            "{d:#?}"
        );
        assert!(
            !d.message.contains("no title"),
            "the file has a title: {d:#?}"
        );
    }
}

#[test]
fn variables_in_the_summary_are_substituted_and_checked_like_the_title() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\nsummary: \"How {{ company }} keeps data\"\n---\n\n## A {#a}\n",
    );
    let output = project.build();
    assert!(output.status.success(), "{output:?}");
    let index = project.read_out("global/en-US/index.html");
    assert!(
        index.contains("How Pebblebrook Tinkers keeps data"),
        "{index}"
    );
    let published = read_tree(&project.out());
    assert!(
        published
            .values()
            .all(|bytes| !String::from_utf8_lossy(bytes).contains("{{ company }}")),
        "a page holds the summary's variable unsubstituted"
    );

    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\nsummary: \"How {{ compnay }} keeps data\"\n---\n\n## A {#a}\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("undefined variable `compnay`");
    d.assert_at("policies/privacy/en-US.md", Some(3), Some(18));
}

#[test]
fn number_and_boolean_variables_are_published_as_written() {
    let project = with_region("name: Global\nvariables: { retention_days: 30.50, hex: 0x10 }\n");
    project.write(
        "policyc.yaml",
        format!("{MINIMAL_CONFIG}  version: 1.10 # the release\n  big: 1e3\n  beta: True\n"),
    );
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## A {#a}\n\n[{{ version }}|{{ big }}|{{ beta }}|{{ retention_days }}|{{ hex }}]\n",
    );
    let output = project.build();
    assert!(output.status.success(), "{output:?}");
    let page = project.read_out("global/en-US/privacy/index.html");
    assert!(page.contains("[1.10|1e3|True|30.50|0x10]"), "{page}");
}

#[test]
fn a_variable_without_a_value_is_one_error_at_its_key() {
    let project = Project::minimal();
    project.write("policyc.yaml", format!("{MINIMAL_CONFIG}  dpo: ~\n"));
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## A {#a}\n\nWrite to {{ dpo }}.\n",
    );
    let report = check_fails(&project, 1);
    let d = report.find("the variable `dpo` has no value");
    d.assert_at("policyc.yaml", Some(8), Some(3));
    assert!(d.help().contains("`dpo: \"~\"`"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn a_number_variable_that_would_not_read_back_as_written_asks_for_quotes() {
    let project = Project::minimal();
    // On the next line, the number's text is not looked for: 1.10 would
    // be published as 1.1.
    project.write(
        "policyc.yaml",
        format!("{MINIMAL_CONFIG}  version:\n    1.10\n"),
    );
    let report = check_fails(&project, 1);
    let d = report.find("the value of `version` would not be published as written");
    d.assert_at("policyc.yaml", Some(8), Some(3));
    assert!(d.help().contains("write it in quotes"), "{d:#?}");
}
