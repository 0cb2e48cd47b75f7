//! The site's address: a base URL with a broken `%` escape is refused, in
//! `policyc.yaml` and `--base-url` alike.

use crate::support::{MINIMAL_CONFIG, Project};

/// Runs `policyc` with `args` in `project`; the exit code and stderr.
fn run(project: &Project, args: &[&str]) -> (i32, String) {
    let output = project.cmd().args(args).output().expect("run policyc");
    (
        output.status.code().expect("policyc exited normally"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_base_url_with_a_broken_percent_escape_is_an_error_in_config_and_flag() {
    for (value, bad) in [
        ("https://legal.example.com/%zz/", "%zz"),
        ("https://legal.example.com/a%4/", "%4/"),
        ("https://legal.example.com/100%", "%"),
    ] {
        let project = Project::minimal();
        project.write(
            "policyc.yaml",
            MINIMAL_CONFIG.replacen('\n', &format!("\nbase_url: {value}\n"), 1),
        );
        let (code, report) = project.check_json(&[]);
        assert_eq!(code, 1, "{value}: {report:#?}");
        let d = report.find(&format!(
            "`base_url` has an invalid percent-encoding `{bad}`"
        ));
        d.assert_at("policyc.yaml", Some(2), Some(11));
        assert!(d.message.contains("two hexadecimal digits"), "{d:#?}");
        project.assert_build_fails_without_output();

        let project = Project::minimal();
        let (code, stderr) = run(&project, &["build", "--base-url", value]);
        assert_eq!(code, 1, "{value}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "`--base-url` has an invalid percent-encoding `{bad}`"
            )),
            "{value}: {stderr}"
        );
        assert!(!project.out().exists());
    }
    // A well-formed escape is fine.
    let project = Project::minimal();
    let (code, stderr) = run(
        &project,
        &[
            "build",
            "--base-url",
            "https://legal.example.com/caf%C3%A9/",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        project
            .read_out("404.html")
            .contains("href=\"https://legal.example.com/caf%C3%A9/index.html\"")
    );
}
