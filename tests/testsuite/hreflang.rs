//! `<link rel="alternate" hreflang>` and the sitemap advertise only real
//! translations, plus `x-default`: a page showing the whole document in
//! the default language is no translation.

use crate::support::{Project, attrs, select, valid_site};

#[test]
fn fallback_page_is_not_advertised_as_a_translation() {
    let site = valid_site();
    // `terms` has no Spanish text: world/es-US/terms shows the English,
    // and stays out of the cluster, its own links included.
    let fallback = site.page("world/es-US/terms/index.html");
    assert!(
        attrs(&fallback, "link[rel=alternate][hreflang]", "hreflang").is_empty(),
        "{:?}",
        attrs(&fallback, "link[rel=alternate][hreflang]", "hreflang")
    );
    let english = site.page("world/en-US/terms/index.html");
    assert_eq!(
        attrs(&english, "link[rel=alternate]", "hreflang"),
        ["en-US", "x-default"]
    );
    assert_eq!(
        attrs(&english, "link[rel=alternate]", "href"),
        [
            "https://legal.kestrel.example/world/en-US/terms/",
            "https://legal.kestrel.example/world/en-US/terms/"
        ]
    );
    // The fallback page stays its own canonical, and readers can still
    // reach it from the English page: named in Spanish, with no hreflang,
    // since what it leads to is English.
    assert_eq!(
        attrs(&fallback, "link[rel=canonical]", "href"),
        ["https://legal.kestrel.example/world/es-US/terms/"]
    );
    let links: Vec<_> = select(&english, "a[lang=es-US]")
        .into_iter()
        .filter(|a| a.value().attr("href") == Some("../../es-US/terms/index.html"))
        .collect();
    assert!(!links.is_empty());
    assert!(links.iter().all(|a| a.value().attr("hreflang").is_none()));
}

#[test]
fn translated_pages_advertise_each_other_and_x_default() {
    let site = valid_site();
    let page = site.page("world/es-US/privacy/index.html");
    assert_eq!(
        attrs(&page, "link[rel=alternate]", "hreflang"),
        ["en-US", "es-US", "x-default"]
    );
    let region = site.page("world/es-US/index.html");
    assert_eq!(
        attrs(&region, "link[rel=alternate][hreflang]", "hreflang"),
        ["en-US", "es-US", "x-default"]
    );
}

#[test]
fn sitemap_lists_no_fallback_page_as_an_alternate() {
    let site = valid_site();
    let sitemap = site.read_out("sitemap.xml");
    // The fallback page is listed, in no cluster: it names no alternates,
    // and no other page names it.
    let terms_entry = sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>https://legal.kestrel.example/world/es-US/terms/</loc>"))
        .expect("the fallback page is in the sitemap");
    assert!(!terms_entry.contains("hreflang"), "{terms_entry}");
    assert!(
        !sitemap.contains("href=\"https://legal.kestrel.example/world/es-US/terms/\""),
        "{sitemap}"
    );
    let privacy_entry = sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>https://legal.kestrel.example/world/es-US/privacy/</loc>"))
        .expect("the translation is in the sitemap");
    assert!(
        privacy_entry.contains("hreflang=\"es-US\""),
        "{privacy_entry}"
    );
}

#[test]
fn region_only_document_untranslated_is_no_translation() {
    let project = Project::example();
    project.build();
    // The California notice has no Spanish text.
    let page = project.page("us-ca/es-US/notice-at-collection/index.html");
    assert!(attrs(&page, "link[rel=alternate][hreflang]", "hreflang").is_empty());
}
