//! Facts tables as sources: `facts/<table>.yaml`, its locale files and the
//! regions' changes are read, checked cell by cell with file, line and
//! column, and resolved into the table each region's readers see in their
//! locale.

use policyc::diagnostics::Diagnostics;
use policyc::resolve::Resolver;
use policyc::source::load;

use crate::support::{MINIMAL_PRIVACY, Project};

const CONFIG: &str = "\
name: Ottermoss Labs Legal
default_locale: en-US
locales: [en-US, de-DE]
accept_fallbacks:
  privacy: [de-DE]
variables:
  company: Ottermoss Labs
";

/// The subprocessors of Ottermoss Labs, in English and German.
const SUBPROCESSORS: &str = "\
caption:
  en-US: Subprocessors
  de-DE: Unterauftragsverarbeiter
noun: { en-US: subprocessor, de-DE: Unterauftragsverarbeiter }
columns:
  - id: name
    label: { en-US: Name, de-DE: Name }
  - id: purpose
    label: { en-US: Purpose, de-DE: Zweck }
    type: translated
  - id: category
    label: { en-US: Category, de-DE: Kategorie }
    type: choice
    values:
      analytics: { en-US: Analytics, de-DE: Analyse }
      payments: { en-US: Payments, de-DE: Zahlungen }
  - id: location
    label: { en-US: Location, de-DE: Standort }
    type: country
  - id: website
    label: { en-US: Website, de-DE: Website }
    type: url
  - id: contact
    label: { en-US: Contact, de-DE: Kontakt }
    type: email
  - id: since
    label: { en-US: Since, de-DE: Seit }
    type: date
  - id: kept_for
    label: { en-US: Kept for, de-DE: Aufbewahrt }
    type: duration
rows:
  - id: harbor_pay
    name: Harbor Pay Ltd.
    purpose:
      en-US: Card payments for the otter-cam subscriptions
      de-DE: Kartenzahlungen für die Otterkamera-Abos
    category: payments
    location: IE
    website: https://harborpay.example/
    contact: dpo@harborpay.example
    since: 2025-03-01
    kept_for: 24 months
  - id: reedcount
    name: Reedcount Analytics GmbH
    purpose:
      en-US: Counting visits to the river maps
      de-DE: Besuche der Flusskarten zählen
    category: analytics
    location: US-CA
";

/// Ottermoss Labs' project with the subprocessors table, in two regions:
/// `eu` and its child `eu-de`.
fn project() -> Project {
    Project::from_files(&[
        ("policyc.yaml", CONFIG),
        ("policies/privacy/en-US.md", MINIMAL_PRIVACY),
        ("regions/eu.yaml", "name: Europe\n"),
        ("regions/eu-de.yaml", "name: Germany\nparent: eu\n"),
        ("facts/subprocessors.yaml", SUBPROCESSORS),
    ])
}

#[test]
fn check_accepts_a_project_with_a_facts_table() {
    let (code, report) = project().check_json(&[]);
    assert_eq!(
        (code, report.errors, report.warnings),
        (0, 0, 0),
        "{report:#?}"
    );
}

#[test]
fn a_table_is_shown_in_each_locale_with_its_cells_formatted() {
    let project = project();
    let diags = Diagnostics::default();
    let loaded = load(project.root(), &diags);
    let resolver = Resolver::new(&loaded, &diags);
    assert!(!diags.has_errors(), "{:#?}", diags.sorted());

    let keys: Vec<String> = resolver.fact_keys().iter().map(|k| k.to_string()).collect();
    assert_eq!(
        keys,
        [
            "subprocessors · eu · en-US",
            "subprocessors · eu · de-DE",
            "subprocessors · eu-de · en-US",
            "subprocessors · eu-de · de-DE",
        ]
    );

    let en = resolver.fact_view("subprocessors", "eu", "en-US").unwrap();
    assert_eq!(
        (en.caption.as_str(), en.noun.as_str()),
        ("Subprocessors", "subprocessor")
    );
    let harbor = en.row("harbor_pay").unwrap();
    let text = |row: &policyc::facts::RowView, col: &str| row.cells[col].text.clone();
    assert_eq!(text(harbor, "location"), "Ireland");
    assert_eq!(text(harbor, "category"), "Payments");
    assert_eq!(text(harbor, "since"), "March 1, 2025");
    assert_eq!(text(harbor, "kept_for"), "24 months");
    assert_eq!(harbor.cells["kept_for"].value, "P24M");
    assert_eq!(text(harbor, "website"), "https://harborpay.example/");
    assert_eq!(text(en.row("reedcount").unwrap(), "location"), "California");
    assert!(!en.row("reedcount").unwrap().cells.contains_key("website"));

    let de = resolver
        .fact_view("subprocessors", "eu-de", "de-DE")
        .unwrap();
    assert_eq!(de.caption, "Unterauftragsverarbeiter");
    assert_eq!(de.column("location").unwrap().label, "Standort");
    let harbor = de.row("harbor_pay").unwrap();
    assert_eq!(text(harbor, "location"), "Irland");
    assert_eq!(text(harbor, "category"), "Zahlungen");
    assert_eq!(text(harbor, "since"), "1. März 2025");
    assert_eq!(text(harbor, "kept_for"), "24 Monate");
    assert_eq!(
        text(harbor, "purpose"),
        "Kartenzahlungen für die Otterkamera-Abos"
    );

    assert!(resolver.fact_view("subprocessors", "eu", "fr-FR").is_none());
    assert!(resolver.fact_view("cookies", "eu", "en-US").is_none());
    // Same sources, same bytes.
    let again = Resolver::new(&loaded, &diags);
    assert_eq!(
        again
            .fact_view("subprocessors", "eu-de", "de-DE")
            .unwrap()
            .to_json(),
        de.to_json()
    );
}

#[test]
fn regions_change_rows_root_first_and_children_inherit() {
    let project = project();
    project.write(
        "regions/eu/facts/subprocessors.yaml",
        "add:\n  - id: bluefjord\n    name: Bluefjord Hosting AB\n    location: SE\n    purpose: { en-US: Hosting, de-DE: Hosting }\nreplace:\n  harbor_pay:\n    location: NL\n",
    );
    project.write(
        "regions/eu-de/facts/subprocessors.yaml",
        "remove: [reedcount]\nreplace:\n  bluefjord:\n    location: DE\n",
    );
    let diags = Diagnostics::default();
    let loaded = load(project.root(), &diags);
    let resolver = Resolver::new(&loaded, &diags);
    assert!(!diags.has_errors(), "{:#?}", diags.sorted());

    let ids = |region: &str| -> Vec<String> {
        let view = resolver
            .fact_view("subprocessors", region, "en-US")
            .unwrap();
        view.rows.iter().map(|r| r.id.clone()).collect()
    };
    assert_eq!(ids("eu"), ["harbor_pay", "reedcount", "bluefjord"]);
    assert_eq!(ids("eu-de"), ["harbor_pay", "bluefjord"]);
    let de = resolver
        .fact_view("subprocessors", "eu-de", "de-DE")
        .unwrap();
    assert_eq!(
        de.row("harbor_pay").unwrap().cells["location"].text,
        "Niederlande"
    );
    assert_eq!(
        de.row("bluefjord").unwrap().cells["location"].text,
        "Deutschland"
    );
    // Cells the region does not replace stay the parent's.
    assert_eq!(
        de.row("harbor_pay").unwrap().cells["category"].value,
        "payments"
    );
}
