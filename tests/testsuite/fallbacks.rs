//! A page shown in another language than its own is never silent: each
//! missing translation is a warning naming the file to create (an error
//! with `--strict`), unless `accept_fallbacks` in policyc.yaml accepts it;
//! accepted fallbacks are listed when `build` ends.

use crate::support::{MINIMAL_PRIVACY, Project};

const CONFIG: &str = "\
name: Pebblebrook Legal
default_locale: en-US
locales: [en-US, fr-CA]
variables:
  company: Pebblebrook Tinkers
";

const TERMS_EN: &str = "---\ntitle: Terms\n---\n\n## Use {#use}\n\nBe kind.\n";
const TERMS_FR: &str = "---\ntitle: Conditions\n---\n\n## Utilisation {#use}\n\nSoyez aimable.\n";
const PRIVACY_FR: &str = "---\ntitle: Confidentialité\n---\n\nPour {{ company }}.\n\n## Données {#keep}\n\nNoms.\n\n## Vos droits {#rights}\n\nDemandez-nous.\n";

/// Privacy and terms in English and French, published in two regions, `ca`
/// and its child `ca-qc`, with `config` as policyc.yaml.
fn translated(config: &str) -> Project {
    Project::from_files(&[
        ("policyc.yaml", config),
        ("policies/privacy/en-US.md", MINIMAL_PRIVACY),
        ("policies/privacy/fr-CA.md", PRIVACY_FR),
        ("policies/terms/en-US.md", TERMS_EN),
        ("policies/terms/fr-CA.md", TERMS_FR),
        ("regions/ca.yaml", "name: Canada\n"),
        ("regions/ca-qc.yaml", "name: Québec\nparent: ca\n"),
    ])
}

#[test]
fn a_deleted_translation_is_one_warning_naming_the_file_and_the_regions() {
    let project = translated(CONFIG);
    let (code, report) = project.check_json(&[]);
    assert_eq!(
        (code, report.errors, report.warnings),
        (0, 0, 0),
        "{report:#?}"
    );

    project.remove("policies/terms/fr-CA.md");
    let (code, report) = project.check_json(&[]);
    assert_eq!(
        (code, report.errors, report.warnings),
        (0, 0, 1),
        "{report:#?}"
    );
    let d = report.find("`terms` has no `fr-CA` translation");
    assert_eq!(d.severity, "warning");
    d.assert_at("policies/terms/en-US.md", None, None);
    assert!(d.message.contains("pages in ca, ca-qc"), "{d:#?}");
    assert!(
        d.help().contains("create `policies/terms/fr-CA.md`"),
        "{d:#?}"
    );
    assert!(
        d.help().contains("accept_fallbacks: { terms: [fr-CA] }"),
        "{d:#?}"
    );

    let (code, report) = project.check_json(&["--strict"]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(
        report.find("`terms` has no `fr-CA` translation").severity,
        "error"
    );
}

#[test]
fn a_regional_supplement_missing_in_one_locale_is_reported() {
    let project = translated(CONFIG);
    project.write(
        "regions/ca/privacy.en-US.md",
        "## Your rights {#rights}\n\nAsk us, or the commissioner.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    let d = report.find("this supplement has no `fr-CA` translation");
    d.assert_at("regions/ca/privacy.en-US.md", None, None);
    assert!(
        d.message.contains("pages of `privacy` in ca, ca-qc"),
        "{d:#?}"
    );
    assert!(
        d.help().contains("create `regions/ca/privacy.fr-CA.md`"),
        "{d:#?}"
    );
}

#[test]
fn an_accepted_fallback_is_silent_and_listed_when_build_ends() {
    let config = CONFIG.replace(
        "variables:",
        "accept_fallbacks:\n  terms: [fr-CA]\nvariables:",
    );
    let project = translated(&config);
    project.remove("policies/terms/fr-CA.md");
    let (code, report) = project.check_json(&["--strict"]);
    assert_eq!((code, report.warnings), (0, 0), "{report:#?}");

    let output = project.build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Accepted fallback: `terms` in fr-CA is shown in en-US (ca, ca-qc)"),
        "{stderr}"
    );
}

#[test]
fn accept_fallbacks_with_a_locale_the_project_lacks_is_an_error_at_the_locale() {
    let config = CONFIG.replace(
        "variables:",
        "accept_fallbacks:\n  terms: [fr-FR]\nvariables:",
    );
    let project = translated(&config);
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("`fr-FR` is not one of the project's `locales`");
    d.assert_at("policyc.yaml", Some(5), Some(11));
    assert!(d.help().contains("en-US, fr-CA"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn accept_fallbacks_with_an_unknown_document_is_reported_at_the_document() {
    let config = CONFIG.replace(
        "variables:",
        "accept_fallbacks:\n  term: [fr-CA]\nvariables:",
    );
    let project = translated(&config);
    let (_, report) = project.check_json(&["--strict"]);
    let d = report.find("`term` is not a document of this project");
    assert!(d.message.ends_with("did you mean `terms`?"), "{d:#?}");
    d.assert_at("policyc.yaml", Some(5), Some(3));
    assert_eq!(d.severity, "error", "--strict: {d:#?}");
}

#[test]
fn the_advice_to_accept_a_fallback_adds_to_an_accept_fallbacks_already_there() {
    let config = "\
name: Pebblebrook Legal
default_locale: en-US
locales: [en-US, fr-CA, de-DE]
accept_fallbacks:
  terms: [de-DE]
variables:
  company: Pebblebrook Tinkers
";
    let project = translated(config);
    project.remove("policies/terms/fr-CA.md");
    let (code, report) = project.check_json(&[]);
    assert_eq!((code, report.warnings), (0, 2), "{report:#?}");
    let d = report.find("`terms` has no `fr-CA` translation");
    assert!(
        d.help()
            .ends_with("add `fr-CA` to `terms` under `accept_fallbacks` in policyc.yaml"),
        "{d:#?}"
    );
    let d = report.find("`privacy` has no `de-DE` translation");
    assert!(
        d.help()
            .ends_with("add `privacy: [de-DE]` under `accept_fallbacks` in policyc.yaml"),
        "{d:#?}"
    );
}

#[test]
fn a_region_locale_the_project_does_not_list_is_one_error_not_missing_translations() {
    let config = CONFIG.replace("locales: [en-US, fr-CA]", "locales: [en-US]");
    let project = translated(&config);
    project.write("regions/ca.yaml", "name: Canada\nlocales: [en-US, fr-CA]\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.warnings, 0, "no translation is missing: {report:#?}");
    assert!(
        !report.matching("`fr-CA`").is_empty(),
        "the locale is reported: {report:#?}"
    );
}
