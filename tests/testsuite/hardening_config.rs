//! `policyc.yaml` values that end up in every page are checked: `base_url`
//! must be an absolute http(s) URL, never a `javascript:` one.

use crate::support::{MINIMAL_CONFIG, Project};

fn with_base_url(value: &str) -> Project {
    let project = Project::minimal();
    project.write(
        "policyc.yaml",
        MINIMAL_CONFIG.replacen('\n', &format!("\nbase_url: {value}\n"), 1),
    );
    project
}

#[test]
fn base_url_that_is_not_an_absolute_http_url_is_an_error_at_its_value() {
    for (value, expected) in [
        (
            "javascript:alert(1)//",
            "must be an http or https URL, not a `javascript:` one",
        ),
        ("data:text/html,x", "must be an http or https URL"),
        ("/legal/", "is not an absolute URL"),
        ("legal.example.com", "is not an absolute URL"),
        ("https://", "is not a valid URL"),
        ("https://legal.example.com/?x=1", "cannot have a `?` query"),
        (
            "https://legal.example.com/#top",
            "cannot have a `?` query or a `#` fragment",
        ),
        // The url crate would repair these into another address.
        ("http:///x", "has no host name"),
        (
            "https:legal.example",
            "must be written `https://` followed by",
        ),
        ("https:\\\\evil.example", "cannot contain a backslash"),
        ("https://legal\\example.com/", "cannot contain a backslash"),
        (
            "https://legal.example.com/a b/",
            "cannot contain spaces, tabs",
        ),
        // Published on every page.
        (
            "http://user:pass@evil.example/",
            "cannot contain a user name or password",
        ),
        (
            "https://user@legal.example.com/",
            "cannot contain a user name",
        ),
        (
            "https://:pass@legal.example.com/",
            "cannot contain a user name",
        ),
    ] {
        let project = with_base_url(value);
        let (code, report) = project.check_json(&[]);
        assert_eq!(code, 1, "{value}: {report:#?}");
        assert_eq!(report.errors, 1, "{value}: {report:#?}");
        let d = report.find(expected);
        d.assert_at("policyc.yaml", Some(2), Some(11));
        assert!(d.message.starts_with("`base_url`"), "{d:#?}");
        assert!(d.help().contains("https://legal.example.com/"), "{d:#?}");
        project.assert_build_fails_without_output();
    }
}

#[test]
fn an_absolute_base_url_gets_its_trailing_slash_and_reaches_the_canonical_link() {
    let project = with_base_url("https://legal.example.com/policies");
    project.build();
    let page = project.read_out("global/en-US/privacy/index.html");
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://legal.example.com/policies/global/en-US/privacy/">"#
        ),
        "{page}"
    );
    assert!(!page.contains("javascript:"), "{page}");
}
