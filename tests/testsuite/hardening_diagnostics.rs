//! A mistake far along a very long line is reported at its true line and
//! column, with a quote cut to a window around it, never a panic (miette
//! cannot draw a caret past column 65,535).

use crate::support::{MINIMAL_CONFIG, Project};

/// Runs `check` both ways and asserts that each fails with one error at
/// `file:line:column`, without a panic.
fn one_error_at(project: &Project, message: &str, file: &str, line: usize, column: usize) {
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    report
        .find(message)
        .assert_at(file, Some(line), Some(column));

    let (code, stderr) = project.check_human(&[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
    assert!(
        stderr.contains(&format!("[{file}:{line}:{column}]")),
        "the true position: {stderr}"
    );
    // The quote is cut around the column, marked with `…`.
    assert!(stderr.contains(" │ …"), "{stderr}");
    assert!(
        stderr.lines().all(|l| l.chars().count() < 1000),
        "no line of the message quotes the whole source line: {}",
        stderr.len()
    );
}

#[test]
fn an_undefined_variable_at_column_100_000_is_an_error_not_a_panic() {
    let project = Project::minimal();
    let long = "a".repeat(100_000);
    project.write(
        "policies/privacy/en-US.md",
        format!(
            "---\ntitle: Privacy\n---\n\n## Data we keep {{#keep}}\n\n{long} {{{{ compnay }}}}\n"
        ),
    );
    one_error_at(
        &project,
        "undefined variable `compnay`",
        "policies/privacy/en-US.md",
        7,
        100_005,
    );
    project.assert_build_fails_without_output();
}

#[test]
fn a_yaml_error_at_column_70_000_is_an_error_not_a_panic() {
    let project = Project::minimal();
    let long = "a".repeat(70_000);
    project.write(
        "policyc.yaml",
        format!("{MINIMAL_CONFIG}  long: \"{long}\" x: [\n"),
    );
    let line = MINIMAL_CONFIG.lines().count() + 1;
    one_error_at(&project, "invalid YAML", "policyc.yaml", line, 70_012);
}
