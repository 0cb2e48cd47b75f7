//! Every name a document's template logic uses is a variable or a built-in:
//! a typo in `{% if %}` or a filter's argument is an error
//! suggesting the closest name, never a branch silently not taken.

use crate::support::{MINIMAL_CONFIG, Project};

#[test]
fn undefined_name_in_an_if_is_an_error_suggesting_the_closest_variable() {
    let project =
        Project::with_section_text("{% if compnay == \"x\" %}Ours.{% else %}Theirs.{% endif %}");
    let report = project.check_fails();
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = report.find("undefined variable `compnay`");
    d.assert_at("policies/privacy/en-US.md", Some(7), Some(7));
    assert!(d.message.ends_with("did you mean `company`?"), "{d:#?}");
    assert!(
        d.help().contains("`region_name`"),
        "lists the built-ins: {d:#?}"
    );
    project.assert_build_fails_without_output();
}

#[test]
fn undefined_names_in_an_if_and_in_a_filter_argument_are_errors() {
    let project = Project::with_section_text(
        "{% if items %}x{% endif %} {{ company | default(value=fallback_name) }}",
    );
    let report = project.check_fails();
    assert_eq!(report.errors, 2, "{report:#?}");
    report.find("undefined variable `items`").assert_at(
        "policies/privacy/en-US.md",
        Some(7),
        Some(7),
    );
    report.find("undefined variable `fallback_name`").assert_at(
        "policies/privacy/en-US.md",
        Some(7),
        Some(55),
    );
}

#[test]
fn built_in_names_give_the_region_locale_and_document() {
    let project = Project::with_section_text(
        "{{ region }} / {{ region_name }} / {{ locale }} / {{ doc }}{% if region == \"west\" %} / west only{% endif %}",
    );
    project.write(
        "regions/global.yaml",
        "name: Everywhere\nlocales: [en-US]\n",
    );
    project.write("regions/west.yaml", "name: The West\nparent: global\n");
    let output = project.build();
    assert!(output.status.success(), "{output:?}");
    let global = project.read_out("global/en-US/privacy/index.html");
    assert!(
        global.contains("global / Everywhere / en-US / privacy</p>"),
        "{global}"
    );
    let west = project.read_out("west/en-US/privacy/index.html");
    assert!(
        west.contains("west / The West / en-US / privacy / west only</p>"),
        "{west}"
    );
}

#[test]
fn comparing_a_built_in_with_an_id_the_project_lacks_is_an_error() {
    let project = Project::with_section_text(
        "{% if region == \"ca-qc\" %}Québec.{% endif %}{% if locale != 'fr_CA' %}.{% endif %}",
    );
    let report = project.check_fails();
    assert_eq!(report.errors, 2, "{report:#?}");
    let d = report.find("`ca-qc` is not a region of this project");
    d.assert_at("policies/privacy/en-US.md", Some(7), Some(17));
    assert_eq!(d.help(), "`region` is one of: global");
    let d = report.find("`fr_CA` is not a locale of this project");
    assert!(d.help().contains("en-US, es-US"), "{d:#?}");
}

#[test]
fn a_variable_named_like_a_built_in_is_an_error() {
    let project = Project::minimal();
    project.write(
        "policyc.yaml",
        format!("{MINIMAL_CONFIG}  locale: Oregon\n"),
    );
    let report = project.check_fails();
    let d = report.find("`locale` is a built-in name");
    let line = MINIMAL_CONFIG.lines().count() + 1;
    d.assert_at("policyc.yaml", Some(line), Some(3));
}

#[test]
fn a_variable_only_some_regions_define_is_one_error_naming_the_regions_that_lack_it() {
    let project = Project::with_section_text("Write to {{ eu_email }}.");
    project.write(
        "regions/global.yaml",
        "name: Everywhere\nlocales: [en-US, es-US]\n",
    );
    project.write(
        "regions/west.yaml",
        "name: The West\nparent: global\nvariables:\n  ca_email: ca@pebble.example\n",
    );
    project.write(
        "regions/eu.yaml",
        "name: EU\nparent: global\nvariables:\n  eu_email: eu@pebble.example\n",
    );
    let report = project.check_fails();
    assert_eq!(report.errors, 1, "one error for all pages: {report:#?}");
    let d = report.find("undefined variable `eu_email`");
    d.assert_at("policies/privacy/en-US.md", Some(7), Some(13));
    assert_eq!(
        d.message,
        "undefined variable `eu_email` on the pages of regions global, west"
    );
    // `ca_email` is another region's variable, not a typo of this one.
    assert!(!d.message.contains("did you mean"), "{d:#?}");
    assert!(d.help().contains("defined only for: eu"), "{d:#?}");
    assert!(
        d.help().contains("`{% if eu_email is defined %}`"),
        "{d:#?}"
    );
}

#[test]
fn a_variable_some_regions_lack_is_an_error_there_unless_tested_with_is_defined() {
    let project =
        Project::with_section_text("{% if dpo_email %}Our officer: {{ dpo_email }}.{% endif %}");
    project.write(
        "regions/global.yaml",
        "name: Everywhere\nlocales: [en-US]\n",
    );
    project.write(
        "regions/eu.yaml",
        "name: EU\nparent: global\nvariables:\n  dpo_email: dpo@pebble.example\n",
    );
    let report = project.check_fails();
    let d = report.find("undefined variable `dpo_email`");
    d.assert_at("policies/privacy/en-US.md", Some(7), Some(7));
    assert!(
        d.help().contains("`{% if dpo_email is defined %}`"),
        "{d:#?}"
    );

    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\n{% if dpo_email is defined %}Our officer: {{ dpo_email }}.{% endif %}\n",
    );
    let output = project.build();
    assert!(output.status.success(), "{output:?}");
    assert!(
        project
            .read_out("eu/en-US/privacy/index.html")
            .contains("Our officer: dpo@pebble.example.")
    );
    assert!(
        !project
            .read_out("global/en-US/privacy/index.html")
            .contains("Our officer")
    );
}

#[test]
fn ids_in_a_list_and_region_names_compared_with_built_ins_are_checked() {
    let project = Project::with_section_text(
        "{% if region in [\"global\", \"ca-qc\"] %}A.{% endif %}{% if region_name == \"Quebec\" %}B.{% endif %}{% if region_name != \"Everywhere\" %}C.{% endif %}",
    );
    project.write(
        "regions/global.yaml",
        "name: Everywhere\nlocales: [en-US]\n",
    );
    let report = project.check_fails();
    assert_eq!(report.errors, 2, "{report:#?}");
    let d = report.find("`ca-qc` is not a region of this project");
    d.assert_at("policies/privacy/en-US.md", Some(7), Some(28));
    let d = report.find("`Quebec` is not a region name of this project");
    d.assert_at("policies/privacy/en-US.md", Some(7), Some(73));
    assert_eq!(d.help(), "`region_name` is one of: Everywhere");
}

#[test]
fn an_undefined_name_in_a_theme_template_is_one_error_suggesting_the_variable() {
    let project = Project::example();
    let footer = project.read("templates/footer.html");
    project.write(
        "templates/footer.html",
        footer.replacen("<footer class=\"site-footer\">", "<footer>{{ compny }}", 1),
    );
    let report = project.check_fails();
    assert_eq!(
        report.errors, 1,
        "once, not once per kind of page: {report:#?}"
    );
    let d = report.find("undefined variable `compny`");
    assert_eq!(
        d.message,
        "template error: undefined variable `compny`; did you mean `variables.company`?"
    );
    d.assert_at("templates/footer.html", Some(1), Some(12));

    project.write(
        "templates/footer.html",
        footer.replacen(
            "<footer class=\"site-footer\">",
            "<footer>{{ variables.compny }}",
            1,
        ),
    );
    let report = project.check_fails();
    assert_eq!(report.errors, 1, "once, not once per region: {report:#?}");
    let d = report.find("undefined field `compny`");
    assert!(d.message.ends_with("did you mean `company`?"), "{d:#?}");
}
