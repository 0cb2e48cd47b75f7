//! `policyc import` on saved HTML pages, end to end: the page becomes a
//! project that `check` passes and `build` renders, numbered title lines
//! and bold lead-ins as sections with ids, tables and absolute links kept,
//! the page's date line its first release and its "Last Updated".

use std::path::{Path, PathBuf};

use crate::support::import::{check_and_build, read};
use crate::support::{self, Project, fixtures_dir, policyc};

fn page(name: &str) -> PathBuf {
    fixtures_dir().join("import").join(name)
}

/// Imports `name` into `root` with `args`; returns the human report, with
/// the temporary paths replaced so it can be compared.
fn import(root: &Path, name: &str, args: &[&str]) -> String {
    let mut all = vec![page(name).into_os_string()];
    all.extend(args.iter().map(Into::into));
    support::import::ok(root, &all)
        .replace(&page(name).display().to_string(), name)
        .replace(&root.display().to_string(), "[ROOT]")
}

/// The release records under `history/releases/`, in order.
fn releases(root: &Path) -> Vec<String> {
    let dir = root.join("history/releases");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn assert_contains(haystack: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            haystack.contains(needle),
            "{needle:?} missing from:\n{haystack}"
        );
    }
}

#[test]
fn a_saved_html_page_becomes_a_site_with_its_sections_table_links_and_date() {
    let parent = Project::empty();
    let root = parent.root().join("legal");
    let report = import(&root, "privacy.html", &["--doc", "privacy"]);
    insta::assert_snapshot!(report);
    let source = read(&root, "policies/privacy/en-GB.md");
    assert_contains(
        &source,
        &[
            // The page's own anchor is the section's id.
            "## 1. Information We Collect {#collect}",
            "## 12. Governing Law {#governing-law}",
            "#### Children {#children}\n\nOur shop is not meant for children",
        ],
    );
    assert!(!source.contains("\\."), "an escape left in:\n{source}");
    assert!(
        !source.contains("Sep, 26 2024"),
        "the date line stayed:\n{source}"
    );
    check_and_build(&root);
    let html = read(&root, "out/global/en-GB/privacy/index.html");
    assert_contains(
        &html,
        &[
            r#"<h2 id="collect">1. Information We Collect</h2>"#,
            r#"<h4 id="children">Children</h4>"#,
            r#"<h2 id="governing-law">12. Governing Law</h2>"#,
            "<table><thead><tr><th>Record</th><th>Kept for</th></tr></thead>",
            r#"<a href="https://www.quillfern.example/shipping/scotland">our shipping notes</a>"#,
            r#"Last Updated: <time datetime="2024-09-26">26 September 2024</time>"#,
        ],
    );
    let records = releases(&root);
    assert_eq!(records.len(), 1);
    assert_contains(&records[0], &["date: 2024-09-26", "doc: privacy"]);
}

#[test]
fn a_two_document_html_page_splits_into_two_released_documents() {
    let parent = Project::empty();
    let root = parent.root().join("legal");
    let report = import(
        &root,
        "two-documents.html",
        &["--split", "--doc", "privacy,terms"],
    );
    insta::assert_snapshot!(report);
    check_and_build(&root);
    let privacy = read(&root, "out/global/en-US/privacy/index.html");
    assert_contains(
        &privacy,
        &[
            r#"<h2 id="what-we-ask-for">"#,
            // Merged cells and a list in a cell: the table kept whole.
            r#"<th rowspan="2">Detail</th>"#,
            r#"<time datetime="2020-01-01">"#,
        ],
    );
    let terms = read(&root, "out/global/en-US/terms/index.html");
    assert_contains(
        &terms,
        &[
            r#"<h2 id="the-bikes">1. The bikes</h2>"#,
            r#"<h2 id="damage">2. Damage</h2>"#,
            r#"<a href="https://tandems.brackenridge.example/prices#repairs">repair price list</a>"#,
            r#"<time datetime="2024-09-26">"#,
        ],
    );
    let records = releases(&root);
    assert_eq!(records.len(), 2, "{records:#?}");
    assert_contains(&records[0], &["date: 2020-01-01", "doc: privacy"]);
    assert_contains(&records[1], &["date: 2024-09-26", "doc: terms"]);
}

#[test]
fn a_german_html_page_keeps_its_stand_date_and_numbered_sections() {
    let parent = Project::empty();
    let root = parent.root().join("legal");
    let report = import(&root, "datenschutz.html", &["--doc", "datenschutz"]);
    insta::assert_snapshot!(report);
    check_and_build(&root);
    let html = read(&root, "out/global/de-DE/datenschutz/index.html");
    assert_contains(
        &html,
        &[
            r#"<h2 id="verantwortlich">1. Verantwortlicher</h2>"#,
            r#"<h2 id="rechte">3. Ihre Rechte</h2>"#,
            r#"<a href="https://weidenhof-kaese.example/datenschutz/kontakt/">"#,
            r#"<time datetime="2024-09-26">"#,
        ],
    );
    assert!(!html.contains("Stand: 26.09.2024"), "the date line stayed");
    let records = releases(&root);
    assert_eq!(records.len(), 1);
    assert_contains(&records[0], &["date: 2024-09-26", "locale: de-DE"]);
}

/// Imports a page written by the test (`name` in a temporary folder) and
/// returns the report and the document's source.
fn import_written(name: &str, html: &[u8], doc: &str) -> (String, String) {
    let parent = Project::empty();
    let saved = parent.root().join(name);
    std::fs::write(&saved, html).unwrap();
    let root = parent.root().join("legal");
    let output = policyc()
        .arg("--root")
        .arg(&root)
        .args(["import", saved.to_str().unwrap(), "--doc", doc])
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}\n{report}");
    check_and_build(&root);
    let source = read(&root, &format!("policies/{doc}/en-US.md"));
    (report, source)
}

#[test]
fn a_list_item_without_a_heading_keeps_its_number_beside_the_headed_ones() {
    let (_, source) = import_written(
        "list.html",
        b"<html lang=\"en\"><body><div id=\"content\"><h1>Privacy Notice</h1>\
<p>Ferncliff Kayaks rents boats on the lake.</p><ol>\
<li><h2>What we collect</h2><p>Your name and paddle size.</p></li>\
<li><strong>Why we keep it</strong><br>To find you if a boat is late.</li></ol>\
<h2><strong>Your choices</strong></h2>\
<p>Ask us to forget you.<br><br>We answer within a month.<br></p></div></body></html>",
        "privacy",
    );
    assert_contains(
        &source,
        &[
            "## 1. What we collect {#what-we-collect}\n\nYour name and paddle size.",
            "## 2. Why we keep it {#why-we-keep-it}\n\nTo find you if a boat is late.",
            "## Your choices {#your-choices}\n\nAsk us to forget you.\n\nWe answer within a month.\n",
        ],
    );
    assert!(
        !source.contains('\\'),
        "a break left as a backslash:\n{source}"
    );
}

#[test]
fn numbered_bold_lines_on_a_page_without_headings_are_its_sections() {
    let (report, source) = import_written(
        "plain.html",
        b"<html><body><div id=\"content\"><p><strong>1. Introduction</strong></p>\
<p>Oakbarrow Cider collects little.</p><p><strong>2. Data</strong></p>\
<p>Orders and addresses.</p></div>\
<div><p>We use cookies to improve your visit.</p><a href=\"#\">Accept all</a> <a href=\"#\">Reject</a></div>\
</body></html>",
        "privacy",
    );
    assert!(
        source.starts_with("---\ntitle: \"Privacy\"\n---\n"),
        "{source}"
    );
    assert_contains(
        &source,
        &[
            "## 1. Introduction {#introduction}\n\nOakbarrow Cider collects little.",
            "## 2. Data {#data}\n\nOrders and addresses.",
        ],
    );
    assert_contains(
        &report,
        &["  cookie banner: We use cookies to improve your visit. Accept\n"],
    );
}

#[test]
fn a_second_level_heading_over_the_date_line_is_the_title() {
    let (report, source) = import_written(
        "h2-title.html",
        b"<html><body><header><h1>Greyfield Bakery</h1></header><main>\
<h2>Privacy Policy</h2><p><em>Last updated</em>: <time>March 3, 2024</time></p>\
<p>We bake.</p><h3>Data</h3><p>Little.</p></main></body></html>",
        "privacy",
    );
    assert!(
        source.starts_with("---\ntitle: \"Privacy Policy\"\n---\n\nWe bake.\n\n## Data {#data}\n"),
        "{source}"
    );
    assert_contains(&report, &["  page header: Greyfield Bakery\n"]);
}

/// Every `href="#…"` of a built page leads to an `id` on it.
fn assert_in_page_links_resolve(html: &str) -> usize {
    let mut count = 0;
    for part in html.split(r##"href="#"##).skip(1) {
        let id = &part[..part.find('"').unwrap()];
        assert!(
            html.contains(&format!(r#"id="{id}""#)),
            "`#{id}` leads nowhere in:\n{html}"
        );
        count += 1;
    }
    count
}

#[test]
fn the_same_page_scraped_to_markdown_imports_like_the_html_page() {
    let parent = Project::empty();
    let root = parent.root().join("legal");
    let report = import(&root, "scraped.md", &["--doc", "privacy"]);
    insta::assert_snapshot!(report);
    assert!(!report.contains("no title found"), "{report}");
    let source = read(&root, "policies/privacy/en-US.md");
    assert_contains(
        &source,
        &[
            "title: \"Privacy Policy\"",
            // The heading's link to its own anchor is its id.
            "## 1. Information We Collect {#collect}",
        ],
    );
    for chrome in [
        "cookies to keep your seed basket",
        "Accept all",
        "logo.svg",
        "Shop seeds",
        "[Home]",
        "Deutsch",
        "sharer",
        "pdf-icon",
        "¶",
    ] {
        assert!(!source.contains(chrome), "{chrome:?} stayed:\n{source}");
    }
    check_and_build(&root);
    let html = read(&root, "out/global/en-US/privacy/index.html");
    assert_contains(
        &html,
        &[
            r#"<h2 id="collect">1. Information We Collect</h2>"#,
            r#"<time datetime="2024-09-26">"#,
        ],
    );
    assert_in_page_links_resolve(&html);
}

#[test]
fn a_scraped_german_page_loses_its_chrome_in_another_order() {
    let parent = Project::empty();
    let root = parent.root().join("recht");
    let report = import(&root, "scraped-de.md", &["--doc", "privacy"]);
    insta::assert_snapshot!(report);
    let source = read(&root, "policies/privacy/de-DE.md");
    assert_contains(
        &source,
        &[
            "title: \"Datenschutzerklärung\"",
            "## 1. Welche Daten wir erheben {#daten}",
            "## 2. Wie lange wir Daten speichern {#speicherdauer}",
            "## 3. Ihre Rechte {#rechte}",
        ],
    );
    for chrome in [
        "English",
        "logo.png",
        "Startseite",
        "Wir verwenden Cookies",
        "Alle akzeptieren",
        "[Abo]",
        "pdf.png",
        "Teilen",
        "🔗",
    ] {
        assert!(!source.contains(chrome), "{chrome:?} stayed:\n{source}");
    }
    check_and_build(&root);
    let html = read(&root, "out/global/de-DE/privacy/index.html");
    // "Abschnitt 2" leads to the section whose heading linked to itself.
    assert!(assert_in_page_links_resolve(&html) >= 1, "{html}");
    assert_contains(&html, &[r##"href="#speicherdauer""##]);
}
