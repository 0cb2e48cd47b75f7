//! The parts of a document page besides its sections: "Last Updated", the
//! table of contents, links, and the sanitising of untrusted text.

use std::collections::BTreeSet;

use crate::support::{
    Project, assert_pages_are_linked_up, attrs, document_pages, heading_text, select, strings,
    text, text_of, valid_site,
};

#[test]
fn last_updated_says_not_yet_released() {
    let site = valid_site();
    let en = site.page("world/en-US/privacy/index.html");
    assert_eq!(
        text(&en, "p.last-updated"),
        "Last Updated: not yet released"
    );
    assert!(select(&en, "p.last-updated time").is_empty());
    let es = site.page("world/es-US/privacy/index.html");
    assert_eq!(
        text(&es, "p.last-updated"),
        "Última actualización: todavía no publicado"
    );
}

#[test]
fn script_and_onclick_in_a_source_never_reach_the_page() {
    let site = valid_site();
    for rel in document_pages(&site.out()) {
        let page = site.page(&rel);
        assert!(select(&page, "script").is_empty(), "{rel} has a <script>");
        assert!(select(&page, "[onclick]").is_empty(), "{rel} has onclick");
        let html = page.html();
        assert!(!html.contains("stealCookies"), "{rel}");
        assert!(!html.contains("stolen"), "{rel}");
    }
    // The harmless text around them is kept.
    let page = site.page("world/en-US/privacy/index.html");
    assert!(text(&page, ".doc-body").contains("Tap to learn more about our gear library."));
}

#[test]
fn tables_and_footnotes_are_rendered() {
    let site = valid_site();
    let page = site.page("world/en-US/privacy/index.html");
    let headers: Vec<String> = select(&page, ".doc-body table th")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(headers, strings(&["Purpose", "Details used", "Kept for"]));
    assert_eq!(select(&page, ".doc-body table tbody tr").len(), 2);
    let reference = attrs(&page, ".doc-body sup.footnote-reference a", "href");
    assert_eq!(reference.len(), 1);
    let target = reference[0].trim_start_matches('#');
    let note = text(&page, &format!(".doc-body [id=\"{target}\"]"));
    assert!(note.contains("We hold a card deposit"), "{note}");
}

#[test]
fn table_of_contents_lists_sections_and_subsections() {
    let site = valid_site();
    let page = site.page("na/en-US/privacy/index.html");
    let top: Vec<String> = attrs(&page, "nav.toc > ol > li > a", "href");
    assert_eq!(
        top,
        strings(&[
            "#about",
            "#collect",
            "#use",
            "#sharing",
            "#rights",
            "#us-rights",
            "#contact",
        ])
    );
    let nested = attrs(&page, "nav.toc > ol > li > ol > li > a", "href");
    assert_eq!(nested, strings(&["#collect-given", "#collect-counter"]));
    let labels: Vec<String> = select(&page, "nav.toc > ol > li > a")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(labels[0], "Who we are");
    assert_eq!(labels[5], "Your state rights");
    assert_eq!(text(&page, "#toc-heading"), "Contents");
}

#[test]
fn every_page_has_unique_ids_and_working_relative_links() {
    let site = valid_site();
    assert_pages_are_linked_up(&site.out());
    let multilingual = Project::fixture("multilingual");
    multilingual.build();
    assert_pages_are_linked_up(&multilingual.out());
}

#[test]
fn document_page_links_back_to_its_region_index_and_print_stylesheet() {
    let site = valid_site();
    let page = site.page("na-west/es-US/privacy/index.html");
    assert_eq!(
        attrs(&page, "nav.breadcrumbs a", "href"),
        strings(&["../index.html"])
    );
    assert_eq!(
        attrs(&page, "link[rel=stylesheet][media=print]", "href"),
        strings(&["../../../assets/print.css"])
    );
    assert!(site.out().join("assets/print.css").is_file());
    assert!(site.out().join("assets/style.css").is_file());
}

#[test]
fn site_index_links_every_region_and_locale() {
    let site = valid_site();
    let index = site.page("index.html");
    let links: BTreeSet<String> = attrs(&index, "main a", "href").into_iter().collect();
    let expected: BTreeSet<String> = [
        "na/en-US/index.html",
        "na/es-US/index.html",
        "na-west/en-US/index.html",
        "na-west/es-US/index.html",
        "world/en-US/index.html",
        "world/es-US/index.html",
    ]
    .map(String::from)
    .into();
    assert_eq!(links, expected);
}

// ---- Untrusted text ---------------------------------------------------------

#[test]
fn html_in_titles_summaries_and_variables_is_escaped_or_removed() {
    let project = Project::from_files(&[
        (
            "policyc.yaml",
            "name: \"Evil <b>Legal</b>\"\ndefault_locale: en-US\n\
             variables:\n  company: \"<img src=x onerror=alert(1)>Acme\"\n",
        ),
        (
            "policies/privacy/en-US.md",
            "---\ntitle: \"<script>alert(1)</script> {{ company }}\"\n\
             summary: \"<i onmouseover=x()>s</i>\"\n---\n\n\
             ## &lt;script&gt;alert(2)&lt;/script&gt; {#a}\n\n\
             Hi {{ company }} <a href=\"javascript:alert(3)\">x</a> [y](<javascript:alert(4)>)\n",
        ),
    ]);
    project.build();
    for rel in [
        "global/en-US/privacy/index.html",
        "global/en-US/index.html",
        "index.html",
    ] {
        let page = project.page(rel);
        // The only script is the theme's own, the index's chooser.js, a
        // file of its own.
        let scripts = select(&page, "script");
        assert!(
            scripts
                .iter()
                .all(|s| s.value().attr("src") == Some("assets/chooser.js")
                    && s.inner_html().is_empty()),
            "{rel}"
        );
        for el in select(&page, "*") {
            for (name, value) in el.value().attrs() {
                assert!(!name.starts_with("on"), "{rel}: {name}={value}");
                assert!(!value.contains("javascript:"), "{rel}: {name}={value}");
            }
        }
    }
    // Shown as text, not dropped: the reader sees what the editor wrote.
    let page = project.page("global/en-US/privacy/index.html");
    assert_eq!(
        text(&page, "h1"),
        "<script>alert(1)</script> <img src=x onerror=alert(1)>Acme"
    );
    assert_eq!(heading_text(&page, "a"), "<script>alert(2)</script>");
}
