//! The site's facts outputs: each table's JSON per region and locale, its
//! Atom feed of recorded versions (row changes in the reader's words, the
//! advance notice of `release --effective`), the region feed's entries for
//! table changes, and the region page's "Data" list.

use policyc::facts::TableView;
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::links::assert_no_broken_links;
use crate::support::{Project, attrs, read_tree, select, text};

const CONFIG: &str = "name: Ottermoss Legal\nbase_url: https://legal.ottermoss.example/\ndefault_locale: en-US\nlocales: [en-US, de-DE]\n";

const SUBPROCESSORS: &str = r#"caption: { en-US: Subprocessors, de-DE: Unterauftragsverarbeiter }
noun: { en-US: subprocessor, de-DE: Unterauftragsverarbeiter }
columns:
  - id: name
    label: { en-US: Name, de-DE: Name }
  - id: purpose
    label: { en-US: Purpose, de-DE: Zweck }
    type: translated
  - id: location
    label: { en-US: Location, de-DE: Standort }
    type: country
rows:
  - id: kelpstream
    name: Kelpstream Hosting Ltd.
    purpose: { en-US: Hosting, de-DE: Hosting }
    location: IE
  - id: burrowmail
    name: Burrowmail Inc.
    purpose: { en-US: Sending emails, de-DE: E-Mail-Versand }
    location: US
"#;

/// The EU keeps its mail in Europe: Burrowmail's EU office sends it.
const EU_CHANGES: &str = "replace:\n  burrowmail:\n    location: NL\n";

const PRIVACY_EN: &str = "---\ntitle: Privacy Policy\n---\n\n## Who helps us {#providers}\n\nOttermoss Labs works with a few providers.\n";
const PRIVACY_DE: &str = "---\ntitle: Datenschutzerklärung\n---\n\n## Wer uns hilft {#providers}\n\nOttermoss Labs arbeitet mit einigen Dienstleistern.\n";

/// Two regions, us and eu (which moves a row's location), each in en-US
/// and de-DE, with a table of subprocessors.
fn project() -> Project {
    Project::from_files(&[
        ("policyc.yaml", CONFIG),
        (
            "regions/us.yaml",
            "name: { en-US: United States, de-DE: Vereinigte Staaten }\n",
        ),
        (
            "regions/eu.yaml",
            "name: { en-US: European Union, de-DE: Europäische Union }\n",
        ),
        ("regions/eu/facts/subprocessors.yaml", EU_CHANGES),
        ("facts/subprocessors.yaml", SUBPROCESSORS),
        ("policies/privacy/en-US.md", PRIVACY_EN),
        ("policies/privacy/de-DE.md", PRIVACY_DE),
    ])
}

fn run(project: &Project, args: &[&str]) {
    let output = project.cmd().args(args).output().expect("run policyc");
    assert_eq!(
        output.status.code(),
        Some(0),
        "policyc {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `project()` released on 2026-01-10, then changed (a row added in every
/// region, one removed, the EU's row moved again) and released on
/// 2026-02-01, taking effect on 2026-03-01; built on 2026-02-10.
fn released_twice() -> Project {
    let p = project();
    run(&p, &["release", "-m", "First", "--date", "2026-01-10"]);
    let changed = SUBPROCESSORS
        .replace(
            "rows:\n",
            "rows:\n  - id: fjordlight\n    name: Fjordlight AB\n    purpose: { en-US: Product analytics, de-DE: Produktanalyse }\n    location: SE\n",
        )
        .replace(
            "  - id: kelpstream\n    name: Kelpstream Hosting Ltd.\n    purpose: { en-US: Hosting, de-DE: Hosting }\n    location: IE\n",
            "",
        );
    p.write("facts/subprocessors.yaml", changed);
    p.write(
        "regions/eu/facts/subprocessors.yaml",
        "replace:\n  burrowmail:\n    location: DE\n",
    );
    run(
        &p,
        &[
            "release",
            "-m",
            "New analytics provider",
            "--date",
            "2026-02-01",
            "--effective",
            "2026-03-01",
        ],
    );
    run(&p, &["build", "--today", "2026-02-10"]);
    p
}

/// One entry of an Atom feed.
#[derive(Debug, Default)]
struct Entry {
    title: String,
    id: String,
    updated: String,
    summary: String,
    link: String,
}

/// The entries of an Atom feed, read with an XML parser: the feed must be
/// well-formed.
fn entries(xml: &str) -> Vec<Entry> {
    let mut reader = Reader::from_str(xml);
    let (mut entries, mut path): (Vec<Entry>, Vec<String>) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event().expect("a well-formed feed") {
            Event::Start(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                if name == "entry" {
                    entries.push(Entry::default());
                }
                path.push(name);
            }
            Event::Empty(e)
                if AsRef::<str>::as_ref(&e.name()) == "link"
                    && path.last().is_some_and(|p| p == "entry") =>
            {
                let href = e
                    .try_get_attribute("href")
                    .expect("attributes")
                    .expect("an href");
                let entry = entries.last_mut().expect("in an entry");
                entry.link = href
                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("text")
                    .into_owned();
            }
            Event::Text(t) => add_text(&mut entries, &path, AsRef::<str>::as_ref(&t)),
            Event::GeneralRef(r) => {
                let named = |name: &str| match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unknown entity &{other};"),
                };
                let c = match r.resolve_char_ref().expect("a character") {
                    Some(c) => c,
                    None => named(AsRef::<str>::as_ref(&r)),
                };
                add_text(&mut entries, &path, &c.to_string());
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    entries
}

/// Text inside an entry's field.
fn add_text(entries: &mut [Entry], path: &[String], text: &str) {
    if let (Some(entry), [.., parent, field]) = (entries.last_mut(), path)
        && parent == "entry"
    {
        match field.as_str() {
            "title" => entry.title.push_str(text),
            "id" => entry.id.push_str(text),
            "updated" => entry.updated.push_str(text),
            "summary" => entry.summary.push_str(text),
            _ => {}
        }
    }
}

fn view(project: &Project, rel: &str) -> (TableView, String) {
    let json = project.read_out(rel);
    let view: TableView = serde_json::from_str(&json).expect("a table view");
    (view, json)
}

fn cell<'v>(view: &'v TableView, row: &str, column: &str) -> &'v str {
    &view.row(row).expect("the row").cells[column].text
}

#[test]
fn each_region_and_locale_publishes_its_table_as_json_with_its_own_changes() {
    let p = project();
    run(&p, &["build", "--today", "2026-01-05"]);
    for (region, locale) in [
        ("us", "en-US"),
        ("us", "de-DE"),
        ("eu", "en-US"),
        ("eu", "de-DE"),
    ] {
        let (view, json) = view(&p, &format!("{region}/{locale}/facts/subprocessors.json"));
        // The file is the view, byte for byte.
        assert_eq!(view.to_json(), json);
        assert_eq!(
            (view.key.region.as_str(), view.key.locale.as_str()),
            (region, locale)
        );
        let ids: Vec<&str> = view.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["kelpstream", "burrowmail"]);
    }
    let (us, _) = view(&p, "us/en-US/facts/subprocessors.json");
    let (eu, _) = view(&p, "eu/en-US/facts/subprocessors.json");
    let (eu_de, _) = view(&p, "eu/de-DE/facts/subprocessors.json");
    // The EU's change is applied in the EU only, in each of its locales.
    assert_eq!(cell(&us, "burrowmail", "location"), "United States");
    assert_eq!(cell(&eu, "burrowmail", "location"), "Netherlands");
    assert_eq!(cell(&eu_de, "burrowmail", "location"), "Niederlande");
    assert_eq!(eu_de.caption, "Unterauftragsverarbeiter");
    assert_eq!(cell(&eu_de, "burrowmail", "purpose"), "E-Mail-Versand");
}

#[test]
fn before_a_release_the_region_page_links_the_json_and_no_feed() {
    let p = project();
    run(&p, &["build", "--today", "2026-01-05"]);
    let page = p.page("eu/de-DE/index.html");
    assert_eq!(
        text(&page, ".facts-data li"),
        "Unterauftragsverarbeiter JSON"
    );
    assert_eq!(
        attrs(&page, ".facts-data a", "href"),
        ["facts/subprocessors.json"]
    );
    assert!(!p.out().join("eu/de-DE/facts/subprocessors.xml").exists());
    assert_no_broken_links(&p.out());
}

#[test]
fn a_tables_feed_lists_each_recorded_version_with_its_row_changes_in_the_readers_words() {
    let p = released_twice();
    let feed = p.read_out("eu/en-US/facts/subprocessors.xml");
    assert!(
        feed.contains(
            "<title>Ottermoss Legal: changes to Subprocessors for European Union</title>"
        ),
        "{feed}"
    );
    assert!(feed.contains(
        "<link rel=\"self\" href=\"https://legal.ottermoss.example/eu/en-US/facts/subprocessors.xml\"/>"
    ));
    let entries = entries(&feed);
    let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Subprocessors: Version 2", "Subprocessors: Version 1"],
        "newest first"
    );
    let (second, first) = (&entries[0], &entries[1]);
    assert_eq!(
        second.summary,
        "These changes take effect on March 1, 2026.\n\
         Added subprocessor Fjordlight AB (Product analytics, Sweden)\n\
         Changed location of Burrowmail Inc.: Netherlands → Germany\n\
         Removed subprocessor Kelpstream Hosting Ltd."
    );
    // Dated the day of the release; the notice says when it takes effect.
    assert_eq!(second.updated, "2026-02-01T00:00:00Z");
    assert_eq!(
        second.id,
        "https://legal.ottermoss.example/eu/en-US/facts/subprocessors.xml#v2"
    );
    assert_eq!(
        second.link,
        "https://legal.ottermoss.example/eu/en-US/#facts-subprocessors"
    );
    assert_eq!(first.summary, "First version");
    assert_eq!(first.updated, "2026-01-10T00:00:00Z");

    // In German, for German readers; in the US, the US's own change.
    let german = entries_of(&p, "eu/de-DE/facts/subprocessors.xml");
    assert_eq!(
        german[0].summary,
        "Diese Änderungen treten am 1. März 2026 in Kraft.\n\
         Unterauftragsverarbeiter hinzugefügt: Fjordlight AB (Produktanalyse, Schweden)\n\
         Standort von Burrowmail Inc. geändert: Niederlande → Deutschland\n\
         Unterauftragsverarbeiter entfernt: Kelpstream Hosting Ltd."
    );
    assert_eq!(german[0].title, "Unterauftragsverarbeiter: Version 2");
    let us = entries_of(&p, "us/en-US/facts/subprocessors.xml");
    assert!(!us[0].summary.contains("Burrowmail"), "{}", us[0].summary);
}

fn entries_of(p: &Project, rel: &str) -> Vec<Entry> {
    entries(&p.read_out(rel))
}

#[test]
fn the_region_feed_gets_an_entry_for_each_table_version_after_the_first() {
    let p = released_twice();
    let region = entries_of(&p, "eu/en-US/feed.xml");
    let tables: Vec<&Entry> = region
        .iter()
        .filter(|e| e.title.starts_with("Subprocessors"))
        .collect();
    assert_eq!(tables.len(), 1, "{region:#?}");
    let own = &entries_of(&p, "eu/en-US/facts/subprocessors.xml")[0];
    assert_eq!(tables[0].title, "Subprocessors: Version 2");
    assert_eq!(tables[0].summary, own.summary);
    assert_eq!(tables[0].id, own.id);
    // Newest release first: the table's change came after the documents'
    // first versions.
    assert_eq!(region[0].title, "Subprocessors: Version 2");
}

#[test]
fn the_region_page_links_each_tables_json_and_feed_and_every_link_resolves() {
    let p = released_twice();
    let page = p.page("eu/en-US/index.html");
    assert_eq!(
        text(&page, ".facts-data li"),
        "Subprocessors JSON Atom feed"
    );
    assert_eq!(
        attrs(&page, ".facts-data a", "href"),
        ["facts/subprocessors.json", "facts/subprocessors.xml"]
    );
    assert_eq!(
        attrs(&page, ".facts-data li", "id"),
        ["facts-subprocessors"]
    );
    let feeds = select(&page, "link[rel='alternate'][type='application/atom+xml']");
    let hrefs: Vec<&str> = feeds
        .iter()
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["feed.xml", "facts/subprocessors.xml"]);
    assert_eq!(
        feeds[1].value().attr("title"),
        Some("Ottermoss Legal: changes to Subprocessors for European Union")
    );
    let german = p.page("eu/de-DE/index.html");
    let headings: Vec<String> = select(&german, "main h2")
        .into_iter()
        .map(crate::support::text_of)
        .collect();
    assert!(headings.contains(&"Daten".to_string()), "{headings:?}");
    assert_no_broken_links(&p.out());
}

#[test]
fn the_same_sources_give_the_same_json_and_feeds() {
    let p = released_twice();
    let first = read_tree(&p.out());
    run(&p, &["build", "--today", "2026-02-10"]);
    let second = read_tree(&p.out());
    let facts: Vec<_> = first
        .keys()
        .filter(|k| k.to_string_lossy().contains("/facts/"))
        .collect();
    assert_eq!(facts.len(), 8, "{facts:?}");
    assert!(first == second, "a second build wrote other bytes");
}

#[test]
fn the_preview_serves_the_json_and_feeds_and_rebuilds_them_when_a_regions_changes_are_saved() {
    use policyc::site::{Scope, Site, preview};
    let p = released_twice();
    let today = Some("2026-02-10");
    let build = |previous: Option<&Site>, scope: &Scope| {
        let (outcome, site) = preview(p.root(), today, previous, scope);
        site.unwrap_or_else(|| panic!("the preview failed: {:#?}", outcome.diagnostics))
    };
    let files = |site: &Site| -> Vec<(String, Vec<u8>)> {
        site.paths()
            .into_iter()
            .map(|path| (path.to_string(), site.get(path).expect("listed").to_vec()))
            .collect()
    };
    let first = build(None, &Scope::All);
    let json = |site: &Site| {
        String::from_utf8(
            site.get("eu/en-US/facts/subprocessors.json")
                .expect("the preview serves the JSON")
                .to_vec(),
        )
        .expect("UTF-8")
    };
    assert_eq!(
        json(&first),
        p.read_out("eu/en-US/facts/subprocessors.json")
    );
    assert_eq!(
        first
            .get("eu/en-US/facts/subprocessors.xml")
            .map(|b| b.to_vec()),
        Some(p.read_out("eu/en-US/facts/subprocessors.xml").into_bytes())
    );

    let rel = "regions/eu/facts/subprocessors.yaml";
    p.write(rel, "replace:\n  burrowmail:\n    location: FR\n");
    let scope = Scope::of_change(std::path::Path::new(rel)).expect("a source");
    let rebuilt = build(Some(&first), &scope);
    assert!(
        json(&rebuilt).contains("\"text\": \"France\""),
        "{}",
        json(&rebuilt)
    );
    assert!(
        files(&rebuilt) == files(&build(None, &Scope::All)),
        "the rebuild missed a file"
    );
}

#[test]
fn a_caption_not_yet_translated_is_marked_with_its_language_on_the_data_list() {
    let p = project();
    p.write(
        "facts/retention.yaml",
        "caption: How long we keep information\nnoun: retention period\ncolumns:\n  - id: what\n    label: Information\n  - id: kept_for\n    label: How long\n    type: duration\nrows:\n  - id: logs\n    what: Server logs\n    kept_for: 30 days\n",
    );
    run(&p, &["build", "--today", "2026-01-05"]);
    let page = p.page("eu/de-DE/index.html");
    assert_eq!(
        attrs(&page, ".facts-data li", "id"),
        ["facts-retention", "facts-subprocessors"]
    );
    assert_eq!(
        text(&page, "#facts-retention span[lang='en-US']"),
        "How long we keep information"
    );
    assert!(select(&page, "#facts-subprocessors span[lang]").is_empty());
    assert!(select(&p.page("eu/en-US/index.html"), ".facts-data span[lang]").is_empty());
}

#[test]
fn without_html_the_tables_json_is_written_and_the_region_model_lists_it() {
    let p = released_twice();
    run(&p, &["build", "--emit", "json", "--today", "2026-02-10"]);
    let (view, json) = view(&p, "eu/en-US/facts/subprocessors.json");
    assert_eq!(view.to_json(), json);
    // The feeds are the HTML site's.
    assert!(!p.out().join("eu/en-US/facts/subprocessors.xml").exists());
    let region: serde_json::Value =
        serde_json::from_str(&p.read_out("eu/en-US/index.json")).expect("the region's model");
    assert_eq!(region["facts"][0]["table"], "subprocessors");
    assert_eq!(region["facts"][0]["json_href"], "facts/subprocessors.json");
    assert_eq!(region["facts"][0]["feed_href"], "facts/subprocessors.xml");
}
