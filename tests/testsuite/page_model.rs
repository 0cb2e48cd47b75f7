//! The page model, tested as plain data (no theme, no HTML): what each page
//! of the example says, and `build --emit json`, which writes the models for
//! renderers other than the HTML theme.

use std::path::Path;

use policyc::diagnostics::Diagnostics;
use policyc::history::{self, Day, Timeline};
use policyc::resolve::VariantKey;
use policyc::site::model::{Unreleased, VersionChanges};
use policyc::site::pages::Pages;
use policyc::source::load;
use serde_json::Value;

use crate::support::Project;

fn key(doc: &str, region: &str, locale: &str) -> VariantKey {
    VariantKey {
        doc: doc.into(),
        region: region.into(),
        locale: locale.into(),
    }
}

/// Runs `check` on the pages of the project at `root` on `today`.
fn with_pages(root: &Path, today: &str, compare: bool, check: impl FnOnce(&Pages, &Diagnostics)) {
    let diags = Diagnostics::default();
    let project = load(root, &diags);
    let history = history::load(root, &diags);
    let timeline = Timeline::new(&history, Day::parse(today).unwrap(), false);
    let mut pages = Pages::new(&project, timeline, &diags);
    pages.compare = compare;
    check(&pages, &diags);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
}

#[test]
fn a_released_document_page_says_what_its_readers_see() {
    let project = Project::example_released();
    with_pages(project.root(), "2026-12-04", false, |pages, diags| {
        let v = pages
            .variant(&key("privacy", "us-ca", "en-US"), true, diags)
            .expect("the page");
        let page = &v.page.model;
        assert_eq!(page.title, "Privacy Policy");
        assert_eq!(page.region_name, "California");
        assert_eq!(page.frame.url, "us-ca/en-US/privacy/");
        assert_eq!(page.frame.root, "../../../");
        assert_eq!(page.version, Some(1));
        let updated = page.last_updated.as_ref().expect("released");
        assert_eq!(updated.iso.to_string(), "2026-11-29");
        assert_eq!(updated.text, "November 29, 2026");
        assert_eq!(page.history_href.as_deref(), Some("changes/index.html"));
        assert_eq!(page.index_href, "../index.html");
        let alternates: Vec<&str> = page
            .frame
            .alternates
            .iter()
            .map(|a| a.hreflang.as_str())
            .collect();
        assert_eq!(alternates, ["es-US"]);
        assert!(page.body.markdown.contains("{#"), "the text keeps its ids");
        assert!(page.body.content_hash.starts_with("sha256:"));
        assert!(!page.body.toc.is_empty());
        assert!(page.unreleased.is_none(), "not worked out unless asked for");
        // Its history: one version, first of its kind, at its own page.
        let history = v.history.as_ref().expect("released, so it has a history");
        assert_eq!(history.changes.frame.url, "us-ca/en-US/privacy/changes/");
        assert_eq!(history.changes.versions.len(), 1);
        let first = &history.changes.versions[0];
        assert_eq!(first.href, "../v/1/index.html");
        assert!(matches!(first.changes, VersionChanges::First { .. }));
        let archived = &history.versions[0].model;
        assert_eq!(archived.archived_version, Some(1));
        assert_eq!(archived.frame.url, "us-ca/en-US/privacy/v/1/");
        assert!(archived.frame.alternates.is_empty());
        assert_eq!(
            archived.banner.as_ref().map(|b| b.href.as_str()),
            Some("../../index.html")
        );
    });
}

#[test]
fn a_fallback_page_says_so_in_its_readers_language() {
    // The terms have no German translation.
    let project = Project::example_released();
    with_pages(project.root(), "2026-12-04", false, |pages, diags| {
        let page = pages
            .variant(&key("terms", "eu", "de-DE"), false, diags)
            .expect("the page")
            .page
            .model;
        assert_eq!(page.text_lang, "en-US");
        let notice = page.notice.expect("a fallback notice");
        assert!(
            notice.contains("Deutsch") || notice.contains("Englisch"),
            "{notice}"
        );
    });
}

#[test]
fn an_edited_page_carries_its_unreleased_changes_when_asked() {
    let project = Project::example_released();
    let path = "policies/privacy/en-US.md";
    let text = project.read(path);
    project.write(
        path,
        text.replacen(
            "keep the language plain",
            "keep the language plain and short",
            1,
        ),
    );
    with_pages(project.root(), "2026-12-04", true, |pages, diags| {
        let page = pages
            .variant(&key("privacy", "us", "en-US"), false, diags)
            .expect("the page")
            .page
            .model;
        let Some(Unreleased::Changed { diff }) = page.unreleased else {
            panic!("an edited, released page is a draft: {:?}", page.unreleased);
        };
        assert!(diff.changed);
        let untouched = pages
            .variant(&key("privacy", "us", "es-US"), false, diags)
            .expect("the page")
            .page
            .model;
        assert_eq!(
            untouched.unreleased, None,
            "the Spanish text did not change"
        );
    });
}

#[test]
fn region_pages_feeds_and_the_index_list_what_the_site_has() {
    let project = Project::example_released();
    with_pages(project.root(), "2026-12-04", false, |pages, diags| {
        let listed: Vec<_> = ["privacy", "terms"]
            .iter()
            .map(|doc| {
                pages
                    .variant(&key(doc, "eu", "de-DE"), false, diags)
                    .expect("the page")
                    .manifest
            })
            .collect();
        let listed: Vec<_> = listed.iter().collect();
        let region = pages.resolver.region("eu").expect("the EU");
        let tables = pages.tables(region, "de-DE", diags);
        let (page, feed) = pages.region(region, "de-DE", &listed, &tables);
        let hrefs: Vec<&str> = page.documents.iter().map(|d| d.href.as_str()).collect();
        assert_eq!(hrefs, ["privacy/index.html", "terms/index.html"]);
        assert_eq!(page.feed_href.as_deref(), Some("feed.xml"));
        let feed = feed.expect("released, so there is a feed");
        assert_eq!(feed.frame.url, "eu/de-DE/feed.xml");
        assert!(!feed.entries.is_empty());
        assert!(feed.entries.iter().all(|e| e.url.contains("/changes/#v")));
        let index = pages.index();
        let ids: Vec<&str> = index.regions.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["eu", "global", "us", "us-ca"]);
        assert_eq!(index.regions[0].locales[0].href, "eu/en-US/index.html");
    });
}

#[test]
fn emit_json_writes_the_page_models_and_a_manifest_of_them() {
    let project = Project::example_released();
    let out = project.out();
    project
        .cmd()
        .args(["build", "--emit", "json", "--today", "2026-12-04"])
        .assert()
        .success();
    assert!(!out.join("index.html").exists(), "no HTML was asked for");
    assert!(!out.join("assets/style.css").exists());
    let read = |rel: &str| -> Value {
        let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let page = read("us-ca/en-US/privacy/index.json");
    assert_eq!(page["schema"], 1);
    assert_eq!(page["kind"], "document");
    assert_eq!(page["doc"], "privacy");
    assert_eq!(page["last_updated"]["iso"], "2026-11-29");
    assert!(page["body"]["markdown"].as_str().unwrap().contains("{#"));
    assert_eq!(
        read("us-ca/en-US/privacy/changes/index.json")["kind"],
        "changes"
    );
    assert_eq!(
        read("us-ca/en-US/privacy/v/1/index.json")["archived_version"],
        1
    );
    assert_eq!(read("us-ca/en-US/index.json")["kind"], "region");
    assert_eq!(read("us-ca/en-US/feed.json")["kind"], "feed");
    assert_eq!(read("index.json")["kind"], "index");
    let manifest = read("manifest.json");
    let paths: Vec<&str> = manifest["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 20);
    for path in paths {
        assert!(path.ends_with("/index.json"), "{path}");
        assert!(out.join(path).is_file(), "{path}");
    }
}

#[test]
fn emit_html_and_json_writes_both_side_by_side_and_the_html_is_unchanged() {
    let html_only = Project::example_released();
    html_only.build();
    let both = Project::example_released();
    both.cmd()
        .args(["build", "--emit", "html,json"])
        .assert()
        .success();
    for rel in ["index.html", "us/en-US/privacy/index.html", "manifest.json"] {
        assert_eq!(both.read_out(rel), html_only.read_out(rel), "{rel}");
    }
    assert!(both.out().join("us/en-US/privacy/index.json").is_file());
}
