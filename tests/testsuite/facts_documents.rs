//! Facts in documents: a ```` ```facts ```` block placing a table, the
//! inline `{{ facts.… }}`, their mistakes, and the Last Updated date they
//! move (only on the pages that show a changed cell).

use crate::support::release::{build_at, edit, fails, ok, release, run};
use crate::support::{Project, select, text_of};

const CONFIG: &str = "\
name: Ottermoss Legal Center
default_locale: en-US
locales: [en-US, de-DE]
variables:
  company: Ottermoss Labs
";

const SUBPROCESSORS: &str = "\
caption:
  en-US: Subprocessors
  de-DE: Unterauftragsverarbeiter
noun:
  en-US: subprocessor
  de-DE: Unterauftragsverarbeiter
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
  - id: since
    label: { en-US: Since, de-DE: Seit }
    type: date
  - id: kept_for
    label: { en-US: Kept for, de-DE: Aufbewahrt }
    type: duration
  - id: website
    label: { en-US: Website, de-DE: Website }
    type: url
rows:
  - id: harbor_pay
    name: Harbor Pay Ltd.
    purpose: { en-US: Payment processing, de-DE: Zahlungsabwicklung }
    category: payments
    location: IE
    since: 2025-03-01
    kept_for: 24 months
    website: https://harborpay.example/
  - id: lumen
    name: Lumen Metrics GmbH
    purpose: { en-US: Product analytics, de-DE: Produktanalyse }
    category: analytics
    location: DE
    since: 2026-01-15
    kept_for: 13 months
  - id: beacon
    name: Beacon Insights Ltd.
    purpose: { en-US: Crash reports, de-DE: Absturzberichte }
    category: analytics
    location: IE
    kept_for: 30 days
";

/// The privacy policy places the table twice and quotes it inline; the
/// terms show no table.
const PRIVACY_EN: &str = "\
---
title: Privacy Policy
---

Ottermoss Labs works with {{ facts.subprocessors.count }} subprocessors.

## Who helps us {#helpers}

```facts
table: subprocessors
columns: [name, purpose, location, since, kept_for]
```

## Analytics {#analytics}

We keep payment records for {{ facts.subprocessors.harbor_pay.kept_for }}.

1. Our analytics providers:

   ```facts
   table: subprocessors
   columns: [name, category]
   where: { category: analytics }
   sort: -name
   ```

2. Nothing else.
";

const PRIVACY_DE: &str = "\
---
title: Datenschutzerklärung
---

Ottermoss Labs arbeitet mit {{ facts.subprocessors.count }} Unterauftragsverarbeitern.

## Wer uns hilft {#helpers}

```facts
table: subprocessors
columns: [name, purpose, location, since, kept_for]
```

## Analyse {#analytics}

Zahlungsdaten bewahren wir {{ facts.subprocessors.harbor_pay.kept_for }} auf.

1. Unsere Analyseanbieter:

   ```facts
   table: subprocessors
   columns: [name, category]
   where: { category: analytics }
   sort: -name
   ```

2. Sonst niemand.
";

fn project() -> Project {
    Project::from_files(&[
        ("policyc.yaml", CONFIG),
        (
            "regions/global.yaml",
            "name: Worldwide\nlocales: [en-US, de-DE]\n",
        ),
        ("regions/eu.yaml", "name: European Union\nparent: global\n"),
        ("facts/subprocessors.yaml", SUBPROCESSORS),
        (
            "regions/eu/facts/subprocessors.yaml",
            "add:\n  - id: fjord_host\n    name: Fjordvik Hosting AB\n    purpose: { en-US: Hosting, de-DE: Hosting }\n    category: payments\n    location: SE\nremove: [beacon]\n",
        ),
        ("policies/privacy/en-US.md", PRIVACY_EN),
        ("policies/privacy/de-DE.md", PRIVACY_DE),
        (
            "policies/terms/en-US.md",
            "---\ntitle: Terms\n---\n\n## Using Ottermoss {#use}\n\nBe kind.\n",
        ),
        (
            "policies/terms/de-DE.md",
            "---\ntitle: Bedingungen\n---\n\n## Ottermoss nutzen {#use}\n\nSeien Sie freundlich.\n",
        ),
    ])
}

/// Each row of the page's tables: the `data-row` and the cells' texts.
fn rows(page: &scraper::Html, table: usize) -> Vec<(String, Vec<String>)> {
    let tables = select(page, "table.facts");
    let t = tables.get(table).expect("the table is on the page");
    t.select(&crate::support::sel("tbody tr"))
        .map(|tr| {
            let cells = tr
                .select(&crate::support::sel("th, td"))
                .map(text_of)
                .collect();
            (tr.value().attr("data-row").unwrap_or("").to_string(), cells)
        })
        .collect()
}

fn header(page: &scraper::Html, table: usize) -> Vec<String> {
    let tables = select(page, "table.facts");
    tables[table]
        .select(&crate::support::sel("thead th[scope=col]"))
        .map(text_of)
        .collect()
}

#[test]
fn a_placed_table_shows_its_labels_and_cells_in_the_pages_locale() {
    let p = project();
    p.build();
    let en = p.page("global/en-US/privacy/index.html");
    let tables = select(&en, "table.facts[data-facts=subprocessors]");
    assert_eq!(tables.len(), 2);
    assert_eq!(
        text_of(select(&en, "table.facts caption")[0]),
        "Subprocessors"
    );
    assert_eq!(
        header(&en, 0),
        ["Name", "Purpose", "Location", "Since", "Kept for"]
    );
    assert_eq!(
        rows(&en, 0)[0],
        (
            "harbor_pay".to_string(),
            crate::support::strings(&[
                "Harbor Pay Ltd.",
                "Payment processing",
                "Ireland",
                "March 1, 2025",
                "24 months"
            ])
        )
    );
    // Each row is headed by its first cell.
    assert_eq!(select(&en, "tbody th[scope=row]").len(), 3 + 2);

    let de = p.page("global/de-DE/privacy/index.html");
    assert_eq!(
        text_of(select(&de, "table.facts caption")[0]),
        "Unterauftragsverarbeiter"
    );
    assert_eq!(
        header(&de, 0),
        ["Name", "Zweck", "Standort", "Seit", "Aufbewahrt"]
    );
    assert_eq!(
        rows(&de, 0)[0].1,
        [
            "Harbor Pay Ltd.",
            "Zahlungsabwicklung",
            "Irland",
            "1. März 2025",
            "24 Monate"
        ]
    );
}

#[test]
fn columns_filter_and_sort_choose_what_a_placement_shows() {
    let p = project();
    p.build();
    let en = p.page("global/en-US/privacy/index.html");
    assert_eq!(header(&en, 1), ["Name", "Category"]);
    let analytics: Vec<(String, Vec<String>)> = rows(&en, 1);
    assert_eq!(
        analytics,
        [
            (
                "lumen".to_string(),
                crate::support::strings(&["Lumen Metrics GmbH", "Analytics"])
            ),
            (
                "beacon".to_string(),
                crate::support::strings(&["Beacon Insights Ltd.", "Analytics"])
            ),
        ]
    );
    // The table is inside its list item.
    assert_eq!(select(&en, "ol > li table.facts").len(), 1);
    // In the EU, the region's changes: a row added, one removed.
    let eu = p.page("eu/en-US/privacy/index.html");
    let ids: Vec<String> = rows(&eu, 0).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["harbor_pay", "lumen", "fjord_host"]);
    assert_eq!(rows(&eu, 1).len(), 1);
}

#[test]
fn a_count_and_a_cell_are_quoted_in_the_pages_region_and_locale() {
    let p = project();
    p.build();
    let en = p.read_out("global/en-US/privacy/index.html");
    assert!(en.contains("works with 3 subprocessors"), "{en}");
    let body = p.read_out("global/de-DE/privacy/index.html");
    assert!(
        body.contains("Zahlungsdaten bewahren wir 24 Monate auf."),
        "{body}"
    );
    let eu = p.read_out("eu/en-US/privacy/index.html");
    // beacon removed, fjord_host added: still three.
    assert!(eu.contains("works with 3 subprocessors"), "{eu}");
    assert!(eu.contains("payment records for 24 months."), "{eu}");
}

/// The privacy policy with `fence` as its placement's body.
fn with_placement(fence: &str) -> Project {
    let p = project();
    p.write(
        "policies/privacy/en-US.md",
        format!("---\ntitle: Privacy Policy\n---\n\n## Who helps us {{#helpers}}\n\n```facts\n{fence}```\n"),
    );
    p
}

const EN: &str = "policies/privacy/en-US.md";

#[test]
fn a_placement_naming_an_unknown_table_is_an_error_at_its_name() {
    let report = with_placement("table: subprocesors\n").check_fails();
    let d = report.find("there is no table `subprocesors`");
    assert!(
        d.message.contains("did you mean `subprocessors`?"),
        "{d:#?}"
    );
    d.assert_at(EN, Some(8), Some(8));
    assert!(d.help().contains("facts/<id>.yaml"), "{d:#?}");
}

#[test]
fn a_placement_naming_an_unknown_column_is_an_error_with_the_nearest() {
    let report = with_placement("table: subprocessors\ncolumns: [name, loction]\nsort: -nme\n")
        .check_fails();
    let d = report.find("no column `loction`");
    assert!(d.message.contains("did you mean `location`?"), "{d:#?}");
    d.assert_at(EN, Some(9), Some(17));
    let d = report.find("no column `nme`");
    d.assert_at(EN, Some(10), Some(8));
}

#[test]
fn a_filter_value_not_in_a_closed_list_is_an_error_with_the_nearest() {
    let report =
        with_placement("table: subprocessors\nwhere: { category: analitics }\n").check_fails();
    let d = report.find("`analitics` is not a value of the column `category`");
    assert!(d.message.contains("did you mean `analytics`?"), "{d:#?}");
    d.assert_at(EN, Some(9), Some(20));
    assert!(d.help().contains("analytics, payments"), "{d:#?}");
}

#[test]
fn filter_values_are_read_as_the_columns_cells_are() {
    let p = with_placement(
        "table: subprocessors\ncolumns: [name]\nwhere: { kept_for: [30 days, 24 months], location: IE }\n",
    );
    p.build();
    let en = p.page("global/en-US/privacy/index.html");
    let ids: Vec<String> = rows(&en, 0).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["harbor_pay", "beacon"]);
}

#[test]
fn a_filter_value_a_column_cannot_hold_or_an_empty_list_is_an_error() {
    let report = with_placement(
        "table: subprocessors\nwhere: { kept_for: 1 fortnight, location: ie, since: [] }\n",
    )
    .check_fails();
    let d = report.find("`1 fortnight` is not a duration");
    d.assert_at(EN, Some(9), Some(20));
    assert!(d.help().contains("24 months"), "{d:#?}");
    let d = report.find("`ie` is not an ISO 3166");
    d.assert_at(EN, Some(9), Some(43));
    assert!(d.help().contains("`IE`"), "{d:#?}");
    let d = report.find("`where:` lists no value for the column `since`");
    d.assert_at(EN, Some(9), Some(47));
}

#[test]
fn a_filter_keeping_no_row_in_a_region_is_a_warning_naming_it() {
    let p = with_placement("table: subprocessors\nwhere: { location: SE }\n");
    let out = run(&p, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("keeps no row of the table `subprocessors` on the pages of region global"),
        "{stderr}"
    );
    assert!(!stderr.contains("region eu"), "{stderr}");
    let global = p.page("global/en-US/privacy/index.html");
    assert_eq!(select(&global, "table.facts thead").len(), 1);
    assert!(rows(&global, 0).is_empty());
    let eu = p.page("eu/en-US/privacy/index.html");
    assert_eq!(rows(&eu, 0).len(), 1);
    let out = run(&p, &["check", "--strict"]);
    assert!(!out.status.success());
}

#[test]
fn a_column_listed_twice_is_an_error_at_the_second() {
    let report =
        with_placement("table: subprocessors\ncolumns: [name, location, name]\n").check_fails();
    let d = report.find("the column `name` is listed twice");
    d.assert_at(EN, Some(9), Some(27));
}

#[test]
fn a_placement_with_an_unknown_key_or_bad_yaml_is_an_error() {
    let report =
        with_placement("table: subprocessors\nfilter: { category: analytics }\n").check_fails();
    let d = report.find("`filter` is not a key of a `facts` block");
    d.assert_at(EN, Some(9), Some(1));

    let report = with_placement("table: [subprocessors\n").check_fails();
    let d = report.find("not valid YAML");
    // Just after the bracket left open.
    d.assert_at(EN, Some(8), Some(22));
    assert!(!d.help().contains('\n'), "{d:#?}");

    let report = with_placement("").check_fails();
    let d = report.find("must say which table to show");
    d.assert_at(EN, Some(7), Some(1));
    assert!(!d.help().contains('\n'), "{d:#?}");

    let report = with_placement("columns: [name]\n").check_fails();
    let d = report.find("does not say which table");
    d.assert_at(EN, Some(7), Some(1));
}

#[test]
fn an_inline_fact_naming_an_unknown_table_row_or_column_is_an_error() {
    let p = project();
    p.write(
        EN,
        "---\ntitle: Privacy Policy\n---\n\nWe use {{ facts.subprocesors.count }} and {{ facts.subprocessors.harbour_pay.kept_for }}\nfor {{ facts.subprocessors.lumen.kept_fr }}.\n",
    );
    let report = p.check_fails();
    let d = report.find("there is no table `subprocesors`");
    d.assert_at(EN, Some(5), Some(11));
    let d = report.find("no row `harbour_pay`");
    assert!(d.message.contains("did you mean `harbor_pay`?"), "{d:#?}");
    d.assert_at(EN, Some(5), Some(46));
    let d = report.find("no column `kept_fr`");
    assert!(d.message.contains("did you mean `kept_for`?"), "{d:#?}");
    d.assert_at(EN, Some(6), Some(8));
}

#[test]
fn quoting_a_row_a_region_removed_is_an_error_naming_the_region() {
    let p = project();
    p.write(
        EN,
        "---\ntitle: Privacy Policy\n---\n\nCrash reports go to {{ facts.subprocessors.beacon.name }}.\n",
    );
    let report = p.check_fails();
    let d = report.find("`facts.subprocessors.beacon.name` has no value on the pages of region eu");
    d.assert_at(EN, Some(5), Some(24));
    assert!(d.help().contains("is defined"), "{d:#?}");
}

#[test]
fn a_row_a_region_removed_may_be_quoted_where_it_is_tested_first() {
    let p = project();
    p.write(
        EN,
        "---\ntitle: Privacy Policy\n---\n\n{% if facts.subprocessors.beacon.name is defined %}Crash reports go to {{ facts.subprocessors.beacon.name }}.{% endif %}\n\n{% if facts.subprocessors.beacon.name is defined %}\nBeacon: {{ facts.subprocessors.beacon.name }}.\n{% endif %}\n",
    );
    p.build();
    let global = p.read_out("global/en-US/privacy/index.html");
    assert!(
        global.contains("Crash reports go to Beacon Insights Ltd."),
        "{global}"
    );
    assert!(global.contains("Beacon: Beacon Insights Ltd."), "{global}");
    let eu = p.read_out("eu/en-US/privacy/index.html");
    assert!(!eu.contains("Crash reports"), "{eu}");
    assert!(!eu.contains("Beacon:"), "{eu}");
}

#[test]
fn a_broken_table_file_is_the_one_message_not_the_texts_quoting_it() {
    for broken in [
        "",
        "caption: x\ncolumns: []\nrows: []\n",
        "columns:\n\t- id: name\nrows: []\n",
    ] {
        let p = project();
        p.write("facts/subprocessors.yaml", broken);
        let report = p.check_fails();
        assert_eq!(report.errors, 1, "{broken:?}: {report:#?}");
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| d.file.as_deref() == Some("facts/subprocessors.yaml")
                    && !d.message.contains("substitute")),
            "{broken:?}: {report:#?}"
        );
    }
}

/// The page dates of the manifest: (doc, region, locale) -> last updated.
fn dates(p: &Project) -> Vec<(String, String)> {
    let manifest = p.manifest();
    let mut out: Vec<(String, String)> = manifest["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter(|page| page["doc"].is_string())
        .map(|page| {
            (
                format!(
                    "{} {} {}",
                    page["doc"].as_str().unwrap_or_default(),
                    page["region"].as_str().unwrap_or_default(),
                    page["locale"].as_str().unwrap_or_default()
                ),
                page["last_updated"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The documents `policyc diff` finds changed since the last release.
fn changed_documents(p: &Project) -> Vec<String> {
    let out = ok(p, &["diff", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["document"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_changed_row_moves_the_date_of_the_pages_showing_it_and_no_other() {
    let p = project();
    release(&p, "2026-11-01", "First");
    // A column no placement shows: nothing a reader sees changed.
    edit(
        &p,
        "facts/subprocessors.yaml",
        "https://harborpay.example/",
        "https://pay.harbor.example/",
    );
    assert_eq!(changed_documents(&p), Vec::<String>::new());
    // A cell the privacy policy shows.
    edit(
        &p,
        "facts/subprocessors.yaml",
        "location: DE",
        "location: AT",
    );
    assert_eq!(changed_documents(&p), ["privacy"]);
    release(&p, "2026-11-20", "Lumen moved");
    build_at(&p, "2026-11-29");
    let dates = dates(&p);
    for (page, day) in &dates {
        let expected = if page.starts_with("privacy") {
            "2026-11-20"
        } else {
            "2026-11-01"
        };
        assert_eq!(day, expected, "{page}: {dates:?}");
    }
    assert_eq!(dates.len(), 8, "{dates:?}");
    let page = p.page("eu/de-DE/privacy/index.html");
    assert!(
        select(&page, "table.facts td")
            .iter()
            .any(|td| text_of(*td) == "Österreich"),
        "the table shows the new location"
    );
}

#[test]
fn a_table_in_a_supplement_is_placed_on_its_regions_pages() {
    let p = project();
    p.write(
        "regions/eu/privacy.en-US.md",
        "## Hosting in the EU {#eu-hosting after=helpers}\n\n```facts\ntable: subprocessors\ncolumns: [name, location]\nwhere: { location: SE }\n```\n",
    );
    p.build();
    let eu = p.page("eu/en-US/privacy/index.html");
    let hosting = select(&eu, "table.facts");
    assert_eq!(hosting.len(), 3);
    assert_eq!(
        rows(&eu, 1),
        [(
            "fjord_host".to_string(),
            crate::support::strings(&["Fjordvik Hosting AB", "Sweden"])
        )]
    );
    let global = p.page("global/en-US/privacy/index.html");
    assert_eq!(select(&global, "table.facts").len(), 2);
}

#[test]
fn a_placement_mistake_fails_the_build() {
    let p = with_placement("table: nothing\n");
    let stderr = fails(&p, &["build"]);
    assert!(stderr.contains("there is no table `nothing`"), "{stderr}");
}

/// The preview's rebuild after saving a file: only what the change reaches
/// (`Scope::of_change`), on top of the build before.
fn rebuilt_after(
    p: &Project,
    changed: &str,
    edit_it: impl FnOnce(&Project),
) -> policyc::site::Site {
    use policyc::site::{Scope, preview};
    let today = Some("2026-12-01");
    let (outcome, before) = preview(p.root(), today, None, &Scope::All);
    let before = before.unwrap_or_else(|| panic!("{:#?}", outcome.diagnostics));
    edit_it(p);
    let scope = Scope::of_change(std::path::Path::new(changed)).expect("the file is a source");
    let (outcome, after) = preview(p.root(), today, Some(&before), &scope);
    let after = after.unwrap_or_else(|| panic!("{:#?}", outcome.diagnostics));
    // What a full build makes of the same sources.
    let (_, full) = preview(p.root(), today, None, &Scope::All);
    let full = full.expect("a full build");
    for path in full.paths() {
        assert_eq!(
            after.get(path),
            full.get(path),
            "{path} is stale after saving {changed}"
        );
    }
    after
}

fn page_text(site: &policyc::site::Site, rel: &str) -> String {
    String::from_utf8_lossy(site.get(rel).expect("the page is built")).into_owned()
}

#[test]
fn the_preview_rebuilds_the_pages_of_a_table_when_its_file_is_saved() {
    let p = project();
    let site = rebuilt_after(&p, "facts/subprocessors.yaml", |p| {
        edit(
            p,
            "facts/subprocessors.yaml",
            "name: Lumen Metrics GmbH",
            "name: Lumen Data GmbH",
        );
    });
    for rel in [
        "global/en-US/privacy/index.html",
        "eu/de-DE/privacy/index.html",
    ] {
        assert!(page_text(&site, rel).contains("Lumen Data GmbH"), "{rel}");
    }
    // Only the privacy policy shows the table: its four pages, not the
    // terms', are rendered again.
    assert_eq!(site.rendered_variants(), 4);
}

#[test]
fn the_preview_rebuilds_the_pages_of_a_table_when_a_translation_is_saved() {
    let p = project();
    p.write(
        "facts/subprocessors.de-DE.yaml",
        "rows:\n  beacon: { purpose: Fehlerberichte }\n",
    );
    edit(
        &p,
        "facts/subprocessors.yaml",
        "de-DE: Absturzberichte }",
        "}",
    );
    let site = rebuilt_after(&p, "facts/subprocessors.de-DE.yaml", |p| {
        p.write(
            "facts/subprocessors.de-DE.yaml",
            "rows:\n  beacon: { purpose: Absturzmeldungen }\n",
        );
    });
    assert!(page_text(&site, "global/de-DE/privacy/index.html").contains("Absturzmeldungen"));
    assert_eq!(site.rendered_variants(), 4);
}

#[test]
fn the_preview_rebuilds_a_regions_pages_when_its_changes_are_saved() {
    let p = project();
    let site = rebuilt_after(&p, "regions/eu/facts/subprocessors.yaml", |p| {
        edit(
            p,
            "regions/eu/facts/subprocessors.yaml",
            "Fjordvik Hosting AB",
            "Fjordvik Cloud AB",
        );
    });
    assert!(page_text(&site, "eu/en-US/privacy/index.html").contains("Fjordvik Cloud AB"));
}

#[test]
fn a_cell_shown_for_lack_of_a_translation_says_its_language() {
    let p = project();
    edit(
        &p,
        "facts/subprocessors.yaml",
        ", de-DE: Absturzberichte }",
        " }",
    );
    p.build();
    let de = p.page("global/de-DE/privacy/index.html");
    let marked: Vec<String> = select(&de, "table.facts td[lang=en-US]")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(marked, ["Crash reports"]);
    let en = p.page("global/en-US/privacy/index.html");
    assert!(select(&en, "table.facts [lang]").is_empty());
}
