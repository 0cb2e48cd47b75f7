//! An error in template logic points at the line and column where it is,
//! in the file as the user knows it: never at the start of its section,
//! never under policyc's internal name for a piece of text.

use crate::support::{Diag, Project, Report};

/// The minimal project whose privacy policy has a section of four lines,
/// `line` (line 11 of the file) the third of them.
fn with_line(line: &str) -> Project {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        format!(
            "---\ntitle: Privacy\n---\n\nIntro.\n\n## Data we keep {{#keep}}\n\nOne {{{{ company }}}}.\nTwo.\n{line}\nFour.\n"
        ),
    );
    project
}

/// `check` fails with one error; neither output names a template the
/// user never wrote (`policies/privacy/en-US.md@123`).
fn one_error(project: &Project) -> Report {
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    let (code, human) = project.check_human(&[]);
    assert_eq!(code, 1, "{human}");
    for text in [format!("{report:?}"), human] {
        assert!(!text.contains(".md@"), "an internal name: {text}");
        assert!(!text.contains("-->"), "Tera's own report: {text}");
    }
    report
}

fn only(report: &Report) -> &Diag {
    &report.diagnostics[0]
}

#[test]
fn a_syntax_error_in_the_middle_of_a_section_points_at_its_line_and_column() {
    let report = one_error(&with_line("Three {% if %}yes{% endif %}."));
    let d = only(&report);
    assert!(
        d.message.starts_with("could not substitute variables: "),
        "{d:#?}"
    );
    assert!(!d.message.contains('\n'), "{d:#?}");
    d.assert_at("policies/privacy/en-US.md", Some(11), Some(13));
}

#[test]
fn a_filter_error_points_at_the_filter_on_its_line() {
    let report = one_error(&with_line("Three {{ company | default }}."));
    let d = report.find("Missing keyword argument `value`");
    d.assert_at("policies/privacy/en-US.md", Some(11), Some(20));
}

#[test]
fn a_type_error_in_a_comparison_points_at_the_comparison() {
    let report = one_error(&with_line("Three {% if company < 3 %}x{% endif %}."));
    let d = report.find("Cannot compare `string` with `i64`");
    d.assert_at("policies/privacy/en-US.md", Some(11), Some(13));
}

#[test]
fn an_unknown_filter_points_at_its_name() {
    let report = one_error(&with_line("Three {{ company | nope }}."));
    let d = report.find("the filter `nope` cannot be used in policy text");
    d.assert_at("policies/privacy/en-US.md", Some(11), Some(20));
}

#[test]
fn an_unknown_filter_in_a_theme_template_points_at_its_line_and_column() {
    let project = Project::example();
    let footer = project.read("templates/footer.html");
    project.write(
        "templates/footer.html",
        footer.replacen(
            "<footer class=\"site-footer\">",
            "<footer class=\"site-footer\">\n<p>{{ site.name | nope }}</p>",
            1,
        ),
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("Unknown filter `nope`");
    assert_eq!(d.message, "template error: Unknown filter `nope`");
    d.assert_at("templates/footer.html", Some(2), Some(19));
}

#[test]
fn an_if_left_open_at_the_end_of_its_section_points_at_the_if() {
    let project = Project::minimal();
    project.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\nOne.\n{% if company %}Two.\n\n## Your rights {#rights}\n\nThree.{% endif %}\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 2, "{report:#?}");
    let d = report.find("this `{% if %}` has no `{% endif %}`");
    d.assert_at("policies/privacy/en-US.md", Some(8), Some(4));
    assert!(d.help().contains("same section"), "{d:#?}");
    let d = report.find("this `{% endif %}` has no `{% if %}` before it");
    d.assert_at("policies/privacy/en-US.md", Some(12), Some(10));
}
