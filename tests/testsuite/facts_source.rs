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

/// The project with `files` written over it.
fn with(files: &[(&str, &str)]) -> Project {
    let project = project();
    for (path, text) in files {
        project.write(path, text);
    }
    project
}

/// Checks the project with `files` and finds the one error whose message
/// holds `needle`: at `file`, `line`, `column`, its help holding `help`.
#[track_caller]
fn error_at(files: &[(&str, &str)], needle: &str, at: (&str, usize, usize), help: &str) {
    let project = with(files);
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find(needle);
    assert_eq!(d.severity, "error", "{d:#?}");
    d.assert_at(at.0, Some(at.1), Some(at.2));
    assert!(d.help().contains(help), "{d:#?}");
}

/// The subprocessors table with the line `old` replaced by `line`.
fn with_first_cell(old: &str, line: &str) -> String {
    assert!(SUBPROCESSORS.contains(old));
    SUBPROCESSORS.replacen(old, line, 1)
}

const TABLE: &str = "facts/subprocessors.yaml";

#[test]
fn an_unknown_column_in_a_row_names_the_nearest() {
    let table = with_first_cell("    name: Harbor Pay Ltd.\n", "    nmae: Harbor Pay Ltd.\n");
    error_at(
        &[(TABLE, &table)],
        "`nmae` is not a column of this table",
        (TABLE, 34, 5),
        "did you mean `name`?",
    );
}

#[test]
fn each_type_refuses_a_value_it_cannot_hold() {
    let cases = [
        (
            "    location: IE\n",
            "    location: XX\n",
            "`XX` is not an ISO 3166",
            15,
            "`IE` or `US`",
        ),
        (
            "    location: IE\n",
            "    location: ie\n",
            "`ie` is not an ISO 3166",
            15,
            "did you mean `IE`?",
        ),
        (
            "    location: IE\n",
            "    location: US-XX\n",
            "`US-XX` is not an ISO 3166",
            15,
            "`US-CA`",
        ),
        (
            "    kept_for: 24 months\n",
            "    kept_for: two years\n",
            "`two years` is not a duration",
            15,
            "`24 months`",
        ),
        (
            "    website: https://harborpay.example/\n",
            "    website: harborpay.example\n",
            "`harborpay.example` is not a web address",
            14,
            "`https://`",
        ),
        (
            "    contact: dpo@harborpay.example\n",
            "    contact: dpo at harborpay\n",
            "`dpo at harborpay` is not an e-mail address",
            14,
            "privacy@example.com",
        ),
        (
            "    since: 2025-03-01\n",
            "    since: 2025-02-30\n",
            "`2025-02-30` is not a day of the calendar",
            12,
            "YYYY-MM-DD",
        ),
        (
            "    since: 2025-03-01\n",
            "    since: 01.03.2025\n",
            "`01.03.2025` is not a date",
            12,
            "YYYY-MM-DD",
        ),
        (
            "    category: payments\n",
            "    category: payment\n",
            "`payment` is not one of this column's values",
            15,
            "did you mean `payments`?",
        ),
    ];
    for (old, new, needle, column, help) in cases {
        let table = with_first_cell(old, new);
        let line = table
            .lines()
            .position(|l| l == new.trim_end_matches('\n'))
            .unwrap()
            + 1;
        error_at(&[(TABLE, &table)], needle, (TABLE, line, column), help);
    }
}

#[test]
fn a_text_column_takes_one_text_not_one_per_locale() {
    let table = with_first_cell(
        "    name: Harbor Pay Ltd.\n",
        "    name: { en-US: Harbor Pay Ltd., de-DE: Harbor Pay GmbH }\n",
    );
    error_at(
        &[(TABLE, &table)],
        "the `name` of `harbor_pay` is the same in every locale",
        (TABLE, 34, 11),
        "`type: translated`",
    );
}

#[test]
fn duplicate_ids_bad_ids_and_the_reserved_count_are_errors() {
    let twice = SUBPROCESSORS.replace("  - id: reedcount\n", "  - id: harbor_pay\n");
    error_at(
        &[(TABLE, &twice)],
        "the row id `harbor_pay` is used twice (first on line 33)",
        (TABLE, 44, 9),
        "its own id",
    );
    let column_twice = SUBPROCESSORS.replace("  - id: website\n", "  - id: location\n");
    error_at(
        &[(TABLE, &column_twice)],
        "the column `location` is listed twice (first on line 17)",
        (TABLE, 20, 9),
        "its own id",
    );
    let bad_row = SUBPROCESSORS.replace("  - id: reedcount\n", "  - id: Reed Count\n");
    error_at(
        &[(TABLE, &bad_row)],
        "`Reed Count` cannot be used as a row id",
        (TABLE, 44, 9),
        "e.g. `reed_count`",
    );
    let bad_column = SUBPROCESSORS.replace("  - id: kept_for\n", "  - id: kept-for\n");
    error_at(
        &[(TABLE, &bad_column)],
        "`kept-for` cannot be used as a column id",
        (TABLE, 29, 9),
        "lower-case letters, digits and `_`",
    );
    let count = SUBPROCESSORS.replace("  - id: reedcount\n", "  - id: count\n");
    error_at(
        &[(TABLE, &count)],
        "`count` cannot be a row id",
        (TABLE, 44, 9),
        "another id",
    );
    let project = with(&[("facts/Sub-Processors.yaml", SUBPROCESSORS)]);
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    report
        .find("`Sub-Processors` cannot be used as a table name")
        .assert_at("facts/Sub-Processors.yaml", None, None);
}

#[test]
fn a_table_without_columns_or_rows_is_one_error() {
    error_at(
        &[(TABLE, "caption: Subprocessors\n")],
        "this facts table has no `columns` and `rows`",
        (TABLE, 1, 1),
        "`columns:`",
    );
    let project = with(&[(TABLE, "caption: Subprocessors\nrows: []\n")]);
    let (_, report) = project.check_json(&[]);
    assert_eq!(report.errors, 1, "{report:#?}");
    report.find("this facts table has no `columns`");
}

#[test]
fn a_column_type_or_table_key_that_does_not_exist_names_the_nearest() {
    let table = SUBPROCESSORS.replace("    type: duration\n", "    type: durration\n");
    error_at(
        &[(TABLE, &table)],
        "`durration` is not a column type",
        (TABLE, 31, 11),
        "did you mean `duration`?",
    );
    // The column's cells are not reported too: one mistake, one message.
    let (_, report) = with(&[(TABLE, &table)]).check_json(&[]);
    assert_eq!(report.errors, 1, "{report:#?}");
    let table = SUBPROCESSORS.replacen("noun:", "nuon:", 1);
    error_at(
        &[(TABLE, &table)],
        "`nuon` is not a key of a facts table",
        (TABLE, 4, 1),
        "did you mean `noun`?",
    );
}

/// The region `eu` changes the table as `changes` says.
fn eu_changes(changes: &str) -> Vec<(&'static str, String)> {
    vec![("regions/eu/facts/subprocessors.yaml", changes.to_string())]
}

#[track_caller]
fn region_error_at(changes: &str, needle: &str, line: usize, column: usize, help: &str) {
    let files = eu_changes(changes);
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    error_at(
        &files,
        needle,
        ("regions/eu/facts/subprocessors.yaml", line, column),
        help,
    );
}

#[test]
fn a_regional_change_of_a_row_that_does_not_exist_names_the_nearest() {
    region_error_at(
        "replace:\n  harbour_pay:\n    location: NL\n",
        "there is no row `harbour_pay` in `subprocessors` to replace cells of",
        2,
        3,
        "did you mean `harbor_pay`?",
    );
    region_error_at(
        "remove: [reedcont]\n",
        "there is no row `reedcont` in `subprocessors` to remove",
        1,
        10,
        "did you mean `reedcount`?",
    );
    region_error_at(
        "add:\n  - id: reedcount\n    name: Reedcount again\n",
        "the row `reedcount` is already in `subprocessors` (`facts/subprocessors.yaml` line 44)",
        2,
        9,
        "`replace:`",
    );
    region_error_at(
        "add:\n  - id: bluefjord\n    locaton: SE\n",
        "`locaton` is not a column of this table",
        3,
        5,
        "did you mean `location`?",
    );
    region_error_at(
        "replace:\n  harbor_pay:\n    location: Sweden\n",
        "`Sweden` is not an ISO 3166 country",
        3,
        15,
        "`IE`",
    );
}

#[test]
fn a_child_cannot_change_a_row_its_parent_removed() {
    let project = with(&[
        (
            "regions/eu/facts/subprocessors.yaml",
            "remove: [reedcount]\n",
        ),
        (
            "regions/eu-de/facts/subprocessors.yaml",
            "replace:\n  reedcount: { location: DE }\n",
        ),
    ]);
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("there is no row `reedcount`");
    d.assert_at("regions/eu-de/facts/subprocessors.yaml", Some(2), Some(3));
    assert!(d.help().contains("the rows there are"), "{d:#?}");
}

#[test]
fn changes_to_a_table_that_does_not_exist_name_the_nearest_table() {
    error_at(
        &[(
            "regions/eu/facts/subprocesors.yaml",
            "remove: [reedcount]\n",
        )],
        "there is no facts table `subprocesors` to change",
        ("regions/eu/facts/subprocesors.yaml", 1, 1),
        "did you mean `subprocessors`? Rename the file to `regions/eu/facts/subprocessors.yaml`",
    );
}

#[test]
fn a_text_given_in_the_table_and_in_the_locale_file_is_an_error_naming_both() {
    error_at(
        &[(
            "facts/subprocessors.de-DE.yaml",
            "rows:\n  harbor_pay: { purpose: Zahlungen }\n",
        )],
        "the `purpose` of `harbor_pay` in `de-DE` is given twice: here and in `facts/subprocessors.yaml` line 37",
        ("facts/subprocessors.de-DE.yaml", 2, 26),
        "keep one",
    );
}

/// The table with its German texts left to the locale file.
fn english_only() -> String {
    SUBPROCESSORS
        .replace(
            "caption:\n  en-US: Subprocessors\n  de-DE: Unterauftragsverarbeiter\n",
            "caption: Subprocessors\n",
        )
        .replace(
            "      de-DE: Kartenzahlungen für die Otterkamera-Abos\n",
            "",
        )
}

#[test]
fn a_missing_translation_is_a_warning_naming_the_locale_file_and_strict_makes_it_an_error() {
    let project = with(&[(TABLE, &english_only())]);
    let (code, report) = project.check_json(&[]);
    assert_eq!((code, report.errors), (0, 0), "{report:#?}");
    assert_eq!(report.warnings, 2, "{report:#?}");
    let caption = report.find("the caption of table `subprocessors` has no de-DE text");
    assert_eq!(caption.severity, "warning");
    caption.assert_at(TABLE, Some(1), Some(10));
    assert!(
        caption
            .help()
            .contains("add it in `facts/subprocessors.de-DE.yaml`"),
        "{caption:#?}"
    );
    let cell =
        report.find("the `purpose` of `harbor_pay` of table `subprocessors` has no de-DE text");
    cell.assert_at(TABLE, Some(33), Some(5));

    let (code, report) = project.check_json(&["--strict"]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(
        report.find("the caption of table `subprocessors`").severity,
        "error"
    );

    // The translator fills the locale file: nothing is missing, and the
    // German page shows the German texts.
    project.write(
        "facts/subprocessors.de-DE.yaml",
        "caption: Unterauftragsverarbeiter\nrows:\n  harbor_pay: { purpose: Kartenzahlungen }\n",
    );
    let (code, report) = project.check_json(&["--strict"]);
    assert_eq!((code, report.warnings), (0, 0), "{report:#?}");
    let diags = Diagnostics::default();
    let loaded = load(project.root(), &diags);
    let de = Resolver::new(&loaded, &diags)
        .fact_view("subprocessors", "eu", "de-DE")
        .unwrap();
    assert_eq!(de.caption, "Unterauftragsverarbeiter");
    assert_eq!(
        de.row("harbor_pay").unwrap().cells["purpose"].text,
        "Kartenzahlungen"
    );
}

#[test]
fn a_locale_file_naming_what_the_table_does_not_have_names_the_nearest() {
    let file = "facts/subprocessors.de-DE.yaml";
    error_at(
        &[(file, "rows:\n  harbour_pay: { purpose: Zahlungen }\n")],
        "`harbour_pay` is not a row of this table",
        (file, 2, 3),
        "did you mean `harbor_pay`?",
    );
    error_at(
        &[(file, "columns: { locaton: Standort }\n")],
        "`locaton` is not a column of this table",
        (file, 1, 12),
        "did you mean `location`?",
    );
    error_at(
        &[(
            "facts/subprocesors.de-DE.yaml",
            "caption: Unterauftragsverarbeiter\n",
        )],
        "there is no table `subprocesors` for these texts",
        ("facts/subprocesors.de-DE.yaml", 1, 1),
        "did you mean `subprocessors`?",
    );
}

#[test]
fn no_yaml_shape_makes_check_panic() {
    let shapes = [
        "",
        "- a list\n- where a map is expected\n",
        "42\n",
        "~\n",
        "columns: 7\nrows: 8\n",
        "columns:\n  - 1\n  - [a, b]\n  - ~\n  - { id: ~ }\n  - { id: [x] }\nrows: {}\n",
        "columns: [{ id: name }]\nrows:\n  - ~\n  - 5\n  - [id, x]\n  - { id: 12 }\n  - { id: a, name: [1] }\n  - { id: b, name: { x: y } }\n  - { id: c, ~: d }\n  - { [k]: v }\n",
        "\u{feff}columns:\r\n  - id: name\r\n    type: [text]\r\n    label: { en-US: [a] }\r\nrows:\r\n  - id: é\r\n",
        "caption: [a]\nnoun: { xx: y, en-US: { a: b } }\ncolumns: [{ id: c, type: choice, values: [a, b] }]\nrows: [{ id: r, c: a }]\n",
        "a: &x [*x]\n",
        "columns: [{ id: name }]\nrows: [{ id: a, name: x }]\n---\nrows: []\n",
        "columns:\n\t- id: name\n",
    ];
    for shape in shapes {
        for path in [
            TABLE,
            "facts/subprocessors.de-DE.yaml",
            "regions/eu/facts/subprocessors.yaml",
        ] {
            let project = with(&[(path, shape)]);
            let output = project
                .cmd()
                .args(["check", "--format", "json"])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                !stderr.contains("panicked"),
                "{path} with {shape:?}: {stderr}"
            );
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{path} with {shape:?}: {stderr}"
            );
        }
    }
    // A byte order mark and Windows line ends do not move positions.
    let crlf = format!("\u{feff}{}", english_only().replace('\n', "\r\n"));
    let project = with(&[(TABLE, &crlf)]);
    let (_, report) = project.check_json(&[]);
    report
        .find("the caption of table `subprocessors`")
        .assert_at(TABLE, Some(1), Some(10));
}

/// `policyc translations` with `args`: exit code and standard output.
fn translations(project: &Project, args: &[&str]) -> (i32, String) {
    let output = project
        .cmd()
        .arg("translations")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn translations_lists_each_tables_missing_texts_per_locale() {
    let project = with(&[(TABLE, &english_only())]);
    let (code, text) = translations(&project, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["subprocessors", "(facts", "table)", "incomplete"]),
        "{text}"
    );
    assert!(
        text.contains("facts/subprocessors.de-DE.yaml: 2 of 14 texts of the table missing; its pages in de-DE show them in en-US"),
        "{text}"
    );

    let (_, json) = translations(&project, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let cell = &json["facts"][0]["cells"][0];
    assert_eq!(json["facts"][0]["table"], "subprocessors");
    assert_eq!(json["facts"][0]["source"], "facts/subprocessors.yaml");
    assert_eq!(cell["locale"], "de-DE");
    assert_eq!(cell["state"], "incomplete");
    assert_eq!(cell["file"], "facts/subprocessors.de-DE.yaml");
    assert_eq!(
        (cell["missing_texts"].as_u64(), cell["texts"].as_u64()),
        (Some(2), Some(14))
    );
    assert_eq!(json["summary"]["incomplete"], 1);

    // Filled in, the table is current, and the command succeeds.
    project.write(
        "facts/subprocessors.de-DE.yaml",
        "caption: Unterauftragsverarbeiter\nrows:\n  harbor_pay: { purpose: Kartenzahlungen }\n",
    );
    let (code, json) = translations(&project, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["facts"][0]["cells"][0]["state"], "current", "{json:#}");
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn texts_shown_in_the_default_locale_for_lack_of_a_translation_are_named_with_their_locale() {
    let project = with(&[(TABLE, &english_only())]);
    let diags = Diagnostics::default();
    let loaded = load(project.root(), &diags);
    let resolver = Resolver::new(&loaded, &diags);
    let de = resolver.fact_view("subprocessors", "eu", "de-DE").unwrap();
    assert_eq!(de.caption, "Subprocessors");
    assert_eq!(
        de.row("harbor_pay").unwrap().cells["purpose"].text,
        "Card payments for the otter-cam subscriptions"
    );
    let fallbacks = resolver
        .fact_fallbacks("subprocessors", "eu", "de-DE")
        .unwrap();
    assert_eq!(fallbacks.caption.as_deref(), Some("en-US"));
    assert_eq!(fallbacks.noun, None);
    assert!(fallbacks.labels.is_empty(), "{fallbacks:#?}");
    assert_eq!(
        fallbacks
            .cells
            .get(&("harbor_pay".to_string(), "purpose".to_string())),
        Some(&"en-US".to_string())
    );
    // The other: the subdivision `US-CA`, named in English.
    assert_eq!(fallbacks.cells.len(), 2, "{fallbacks:#?}");
    let en = resolver
        .fact_fallbacks("subprocessors", "eu", "en-US")
        .unwrap();
    assert_eq!(en, Default::default());
}

#[test]
fn a_table_that_cannot_be_read_is_one_error_and_nothing_that_uses_it_is_reported() {
    // A YAML syntax error: the region's changes and the locale file of the
    // table are not checked against a table nobody could read.
    let project = with(&[
        (TABLE, "caption: [Subprocessors\ncolumns: []\n"),
        (
            "regions/eu/facts/subprocessors.yaml",
            "remove: [reedcount]\n",
        ),
        (
            "facts/subprocessors.de-DE.yaml",
            "caption: Unterauftragsverarbeiter\n",
        ),
    ]);
    let (code, report) = project.check_json(&[]);
    assert_eq!(
        (code, report.errors, report.warnings),
        (1, 1, 0),
        "{report:#?}"
    );
    report.find("invalid YAML").assert_at(TABLE, Some(2), None);

    // A link that leads out of the project is refused, not read.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("table.yaml"), SUBPROCESSORS).unwrap();
        let project = with(&[(
            "regions/eu/facts/subprocessors.yaml",
            "remove: [reedcount]\n",
        )]);
        std::fs::remove_file(project.root().join(TABLE)).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("table.yaml"),
            project.root().join(TABLE),
        )
        .unwrap();
        let (code, report) = project.check_json(&[]);
        assert_eq!((code, report.errors), (1, 1), "{report:#?}");
        assert_eq!(
            report.diagnostics[0].file.as_deref(),
            Some(TABLE),
            "{report:#?}"
        );
    }
}

#[test]
fn a_replaced_cell_with_no_value_is_cleared_but_the_rows_name_is_not() {
    let project = with(
        &eu_changes(
            "replace:\n  harbor_pay: { contact: , purpose: }\n  reedcount:\n    location: DE\n",
        )
        .iter()
        .map(|(p, t)| (*p, t.as_str()))
        .collect::<Vec<_>>(),
    );
    let diags = Diagnostics::default();
    let loaded = load(project.root(), &diags);
    let resolver = Resolver::new(&loaded, &diags);
    assert!(!diags.has_errors(), "{:#?}", diags.sorted());
    let view = resolver
        .fact_view("subprocessors", "eu-de", "de-DE")
        .unwrap();
    let harbor = view.row("harbor_pay").unwrap();
    assert!(!harbor.cells.contains_key("contact"), "{harbor:#?}");
    assert!(!harbor.cells.contains_key("purpose"), "{harbor:#?}");
    // The cells not named stay.
    assert_eq!(harbor.cells["location"].value, "IE");
    assert_eq!(view.row("reedcount").unwrap().cells["location"].value, "DE");

    region_error_at(
        "replace:\n  harbor_pay: { name: }\n",
        "the `name` of `harbor_pay` names the row and cannot be cleared",
        2,
        17,
        "list `harbor_pay` under `remove:`",
    );
}

#[test]
fn an_empty_text_as_a_cell_says_how_to_write_an_empty_cell() {
    let table = with_first_cell(
        "    website: https://harborpay.example/\n",
        "    website: \"\"\n",
    );
    error_at(
        &[(TABLE, &table)],
        "the `website` of `harbor_pay` is an empty text",
        (TABLE, 40, 14),
        "an empty cell is written by leaving the key out",
    );
    region_error_at(
        "replace:\n  harbor_pay:\n    website: ''\n",
        "the `website` of `harbor_pay` is an empty text",
        3,
        14,
        "write `website:` with no value to clear it",
    );
}

#[test]
fn a_locale_file_whose_name_is_not_a_project_locale_is_an_error_at_its_start() {
    error_at(
        &[(
            "facts/subprocessors.fr-FR.yaml",
            "caption: Sous-traitants\n",
        )],
        "the locale `fr-FR` is not listed in policyc.yaml",
        ("facts/subprocessors.fr-FR.yaml", 1, 1),
        "add `fr-FR` to `locales` in policyc.yaml, or rename the file",
    );
    error_at(
        &[(
            "facts/subprocessors.de-de.yaml",
            "caption: Unterauftragsverarbeiter\n",
        )],
        "`de-de` in this file name is not a valid locale",
        ("facts/subprocessors.de-de.yaml", 1, 1),
        "did you mean `de-DE`? Rename the file",
    );
}

#[test]
fn a_suggestion_is_a_sentence_of_its_own() {
    region_error_at(
        "ad:\n  - id: bluefjord\n",
        "`ad` is not a key of a region's changes",
        1,
        1,
        "did you mean `add`? The keys of a region's changes are `add`, `replace`, `remove`",
    );
    let table = with_first_cell("    name: Harbor Pay Ltd.\n", "    nmae: Harbor Pay Ltd.\n");
    error_at(
        &[(TABLE, &table)],
        "`nmae` is not a column of this table",
        (TABLE, 34, 5),
        "did you mean `name`? The columns are `name`, ",
    );
}

#[test]
fn a_subdivision_is_marked_with_the_language_it_is_named_in() {
    let project = project();
    let diags = Diagnostics::default();
    let loaded = load(project.root(), &diags);
    let resolver = Resolver::new(&loaded, &diags);
    let reedcount_location = ("reedcount".to_string(), "location".to_string());
    // CLDR names no subdivisions: `US-CA` is "California" on German pages
    // too, marked as English.
    let de = resolver.fact_view("subprocessors", "eu", "de-DE").unwrap();
    assert_eq!(
        de.row("reedcount").unwrap().cells["location"].text,
        "California"
    );
    let fallbacks = resolver
        .fact_fallbacks("subprocessors", "eu", "de-DE")
        .unwrap();
    assert_eq!(
        fallbacks.cells.get(&reedcount_location).map(String::as_str),
        Some("en")
    );
    // Countries are named in the locale: `IE`, "Irland", is not marked.
    assert_eq!(fallbacks.cells.len(), 1, "{fallbacks:#?}");
    let en = resolver
        .fact_fallbacks("subprocessors", "eu", "en-US")
        .unwrap();
    assert_eq!(en.cells.get(&reedcount_location), None);
}
