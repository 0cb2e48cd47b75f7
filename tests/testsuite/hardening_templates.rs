//! Template logic in policy text is limited to what policies need, so no
//! source can hang a build or fill the memory: variables, comparisons,
//! `if`/`else` and a few filters; anything else is an error at its line and
//! column, and a text that grows too long when substituted is an error
//! naming its file.

use crate::support::{MINIMAL_CONFIG, Project};

#[test]
fn a_nested_loop_is_an_error_at_each_for_and_never_runs() {
    let project = Project::with_section_text(
        "{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    let report = project.check_fails();
    assert_eq!(report.errors, 2, "one per loop: {report:#?}");
    let loops = report.matching("`{% for %}` cannot be used in policy text");
    assert_eq!(loops.len(), 2, "{report:#?}");
    loops[0].assert_at("policies/privacy/en-US.md", Some(7), Some(4));
    loops[1].assert_at("policies/privacy/en-US.md", Some(7), Some(36));
    let help = loops[0].help();
    assert!(
        help.contains("may only use variables") && help.contains("templates/"),
        "{help}"
    );
    project.assert_build_fails_without_output();
}

#[test]
fn a_loop_in_a_supplement_is_an_error_too() {
    let project = Project::minimal();
    project.write("regions/global.yaml", "name: Everywhere\n");
    project.write(
        "regions/global/privacy.en-US.md",
        "## Extra {#extra after=rights}\n\nA\n{% for a in [1, 2] %}x{% endfor %}\n",
    );
    let report = project.check_fails();
    assert_eq!(report.errors, 1, "{report:#?}");
    report
        .find("`{% for %}` cannot be used in policy text")
        .assert_at("regions/global/privacy.en-US.md", Some(4), Some(4));
}

#[test]
fn each_construct_policies_do_not_need_is_an_error_at_its_column() {
    // The text, what the message names, and the column it points at.
    let cases = [
        ("{% set x = company %}{{ x }}", "`{% set %}`", 4),
        ("{% macro m() %}x{% endmacro %}", "`{% macro %}`", 4),
        ("{% include \"base.html\" %}", "`{% include %}`", 4),
        ("{% import \"m.html\" as m %}", "`{% import %}`", 4),
        ("{% extends \"base.html\" %}", "`{% extends %}`", 4),
        ("{% block b %}x{% endblock %}", "`{% block %}`", 4),
        ("{% filter upper %}x{% endfilter %}", "`{% filter %}`", 4),
        ("A {{ range(end=3) }}", "the function `range`", 6),
        ("{{ now() }}", "the function `now`", 4),
        ("{{ get_env(name=\"HOME\") }}", "the function `get_env`", 4),
        ("{{ throw(message=\"x\") }}", "the function `throw`", 4),
        ("{{ company * 3 }}", "the operator `*`", 12),
        ("{{ company ~ company }}", "the operator `~`", 12),
        (
            "{{ company | replace(from=\"a\", to=company) }}",
            "the filter `replace`",
            14,
        ),
        ("{{ [company, company] }}", "a list or an index", 4),
        ("{% if company is odd %}x{% endif %}", "the test `odd`", 18),
        // A string cannot hide a function from the check.
        ("{{ \"}}\" ~ range(end=5) }}", "the operator `~`", 9),
    ];
    for (text, names, column) in cases {
        let project = Project::with_section_text(text);
        let (code, report) = project.check_json(&[]);
        assert_eq!(code, 1, "{text}: {report:#?}");
        let d = &report.matching(names);
        assert!(!d.is_empty(), "{text}: {report:#?}");
        assert!(
            d[0].message.ends_with("cannot be used in policy text")
                || d[0]
                    .message
                    .contains("cannot be used in policy text, except"),
            "{text}: {report:#?}"
        );
        d[0].assert_at("policies/privacy/en-US.md", Some(7), Some(column));
        assert!(!d[0].help().is_empty());
        assert!(
            !report.diagnostics.iter().any(|d| d.message.contains('@')),
            "no internal template name: {report:#?}"
        );
    }
}

#[test]
fn variables_if_else_raw_and_the_allowed_filters_still_work() {
    let project = Project::with_section_text(
        "{% if region in [\"global\"] and company is defined %}{{ company | upper }}{% elif locale == \"es-US\" %}B{% else %}C{% endif %}\n{{ missing_later | default(value=\"none\") | title }} {%- raw %} {% for x in y %}{% endraw %}",
    );
    project.write("regions/global.yaml", "name: Everywhere\n");
    project.write(
        "policyc.yaml",
        format!("{MINIMAL_CONFIG}  missing_later: the company\n"),
    );
    let output = project.build();
    assert!(output.status.success(), "{output:?}");
    let page = project.read_out("global/en-US/privacy/index.html");
    assert!(page.contains("PEBBLEBROOK TINKERS"), "{page}");
    assert!(page.contains("The Company {% for x in y %}"), "{page}");
}

#[test]
fn a_long_variable_used_10_000_times_is_an_error_naming_the_file() {
    let project = Project::minimal();
    let big = "a".repeat(1 << 20);
    project.write("policyc.yaml", format!("{MINIMAL_CONFIG}  big: {big}\n"));
    // Spread over many sections: the limit holds for the whole file.
    let mut text = String::from("---\ntitle: Privacy\n---\n\n");
    for s in 0..100 {
        text.push_str(&format!("## Part {s} {{#s{s}}}\n\n"));
        text.push_str(&"{{ big }}\n".repeat(100));
    }
    project.write("policies/privacy/en-US.md", text);
    let report = project.check_fails();
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = report.find("makes the file's text longer than");
    assert_eq!(d.file.as_deref(), Some("policies/privacy/en-US.md"));
    assert!(d.message.contains("16 times its size plus 1 MiB"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn the_substitution_limit_error_points_at_the_section_that_crossed_it() {
    let project = Project::minimal();
    let big = "a".repeat(1 << 20);
    project.write("policyc.yaml", format!("{MINIMAL_CONFIG}  big: {big}\n"));
    // One use fits the limit (1 MiB plus 16 times the file's size); the
    // second, in the third section, crosses it: the error is at the first
    // line of that section's text.
    let text = "---\ntitle: Privacy\n---\n\n## One {#one}\n\n{{ big }}\n\n\
                ## Two {#two}\n\nShort.\n\n## Three {#three}\n\nAgain: {{ big }}\n";
    project.write("policies/privacy/en-US.md", text);
    let report = project.check_fails();
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = report.find("makes the file's text longer than");
    let line = text.lines().position(|l| l.starts_with("Again:")).unwrap() + 1;
    d.assert_at("policies/privacy/en-US.md", Some(line), Some(1));
}

#[test]
fn a_loop_bound_in_a_theme_template_is_reported_at_its_file_and_line() {
    let project = Project::example();
    let footer = project.read("templates/footer.html");
    project.write(
        "templates/footer.html",
        footer.replacen(
            "<footer class=\"site-footer\">",
            "<footer class=\"site-footer\">\n{% for i in range(end=100000000000) %}{{ i }}{% endfor %}",
            1,
        ),
    );
    let report = project.check_fails();
    let d = report.find("template error: Function `range` would produce");
    d.assert_at("templates/footer.html", Some(2), Some(13));
}

#[test]
fn the_example_and_the_fixtures_pass_the_check() {
    for project in [
        Project::example(),
        Project::fixture("valid"),
        Project::fixture("multilingual"),
    ] {
        let (code, report) = project.check_json(&[]);
        assert_eq!(code, 0, "{report:#?}");
        assert_eq!(report.errors, 0, "{report:#?}");
    }
}
