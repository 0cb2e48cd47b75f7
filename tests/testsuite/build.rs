//! `policyc build` on the valid fixture: which sections land on each page,
//! in which order, after supplements and variables are applied.

use crate::support::{
    BASE_PRIVACY_IDS, MINIMAL_CONFIG, MINIMAL_PRIVACY, Project, attrs, heading_text, section_ids,
    section_text, select, strings, text, valid_site,
};

// ---- Sections and supplements ----------------------------------------------

#[test]
fn sections_keep_their_ids_in_source_order() {
    let site = valid_site();
    let page = site.page("world/en-US/privacy/index.html");
    assert_eq!(section_ids(&page), strings(&BASE_PRIVACY_IDS));
    assert_eq!(heading_text(&page, "collect-given"), "Details you give us");
    assert_eq!(select(&page, ".doc-body h3#collect-given").len(), 1);
}

#[test]
fn supplement_after_places_section_after_target() {
    let site = valid_site();
    let page = site.page("na/en-US/privacy/index.html");
    assert_eq!(
        section_ids(&page),
        strings(&[
            "about",
            "collect",
            "collect-given",
            "collect-counter",
            "use",
            "sharing",
            "rights",
            "us-rights",
            "contact",
        ])
    );
    assert_eq!(heading_text(&page, "us-rights"), "Your state rights");
}

#[test]
fn supplement_section_with_existing_id_replaces_it() {
    let site = valid_site();
    let page = site.page("na/en-US/privacy/index.html");
    assert_eq!(
        heading_text(&page, "sharing"),
        "Who we share it with in North America"
    );
    assert!(section_text(&page, "sharing").contains("a state consumer agency"));
    let html = page.html();
    assert!(!html.contains("Only the payment company that holds your deposit."));
}

#[test]
fn supplement_before_places_section_before_target() {
    let site = valid_site();
    let page = site.page("na-west/en-US/privacy/index.html");
    let ids = section_ids(&page);
    let notice = ids.iter().position(|i| i == "west-notice").unwrap();
    let contact = ids.iter().position(|i| i == "contact").unwrap();
    assert_eq!(notice + 1, contact, "{ids:?}");
}

#[test]
fn supplement_remove_drops_section_and_its_table() {
    let site = valid_site();
    let page = site.page("na-west/en-US/privacy/index.html");
    assert!(!section_ids(&page).contains(&"use".to_string()));
    assert!(select(&page, "table").is_empty());
    assert!(!attrs(&page, "nav.toc a", "href").contains(&"#use".to_string()));
    assert!(!page.html().contains("Not used in Cascadia"));
}

#[test]
fn child_supplement_applies_after_parent_supplement() {
    let site = valid_site();
    let page = site.page("na-west/en-US/privacy/index.html");
    // `west-rights after=us-rights` can only land if the parent's supplement
    // (which adds `us-rights`) was applied first; the child's `sharing`
    // replaces the parent's replacement.
    assert_eq!(
        section_ids(&page),
        strings(&[
            "about",
            "collect",
            "collect-given",
            "collect-counter",
            "sharing",
            "rights",
            "us-rights",
            "west-rights",
            "west-notice",
            "contact",
        ])
    );
    assert_eq!(
        heading_text(&page, "sharing"),
        "Who we share it with on the West Coast"
    );
    assert!(!page.html().contains("state consumer agency"));
}

#[test]
fn supplements_do_not_reach_parent_regions() {
    let site = valid_site();
    let world = site.page("world/en-US/privacy/index.html");
    assert_eq!(section_ids(&world), strings(&BASE_PRIVACY_IDS));
    let na = site.page("na/en-US/privacy/index.html");
    let na_ids = section_ids(&na);
    assert!(
        !na_ids.iter().any(|id| id.starts_with("west-")),
        "{na_ids:?}"
    );
}

#[test]
fn region_only_document_is_published_in_its_region_and_below() {
    let site = valid_site();
    let out = site.out();
    assert!(out.join("na/en-US/trail-safety/index.html").is_file());
    assert!(out.join("na-west/en-US/trail-safety/index.html").is_file());
    assert!(!out.join("world/en-US/trail-safety").exists());
    let page = site.page("na/en-US/trail-safety/index.html");
    assert_eq!(text(&page, "h1"), "Trail Safety Notice");
    assert_eq!(section_ids(&page), strings(&["weather", "plan"]));
    let na_index = site.page("na/en-US/index.html");
    assert!(
        attrs(&na_index, "ul.documents a", "href").contains(&"trail-safety/index.html".to_string())
    );
    let world_index = site.page("world/en-US/index.html");
    assert_eq!(
        attrs(&world_index, "ul.documents a", "href"),
        strings(&["privacy/index.html", "terms/index.html"])
    );
}

// ---- Variables --------------------------------------------------------------

#[test]
fn nearest_region_variable_wins() {
    let site = valid_site();
    let contact = |region: &str| {
        let page = site.page(&format!("{region}/en-US/privacy/index.html"));
        section_text(&page, "contact")
    };
    // contact_email: project, overridden by world. hotline: project,
    // overridden by na. jurisdiction: overridden at every level.
    assert_eq!(
        contact("world"),
        "Email: world@kestrel.example Phone: 555-0100 Governing rules: Worldwide Rules"
    );
    assert_eq!(
        contact("na"),
        "Email: world@kestrel.example Phone: 555-0200 Governing rules: North American Rules"
    );
    assert_eq!(
        contact("na-west"),
        "Email: world@kestrel.example Phone: 555-0200 Governing rules: Cascadia Rules"
    );
}

#[test]
fn variables_are_substituted_in_titles_and_region_only_documents() {
    let site = valid_site();
    let page = site.page("world/en-US/privacy/index.html");
    assert_eq!(text(&page, "h1"), "Kestrel Ridge Outfitters Privacy Notice");
    assert!(
        text(&page, "title").starts_with("Kestrel Ridge Outfitters Privacy Notice · Worldwide")
    );
    let trail = site.page("na-west/en-US/trail-safety/index.html");
    assert_eq!(
        section_text(&trail, "weather"),
        "Mountain weather changes fast. Call 555-0200 if a trail is closed."
    );
    assert!(!site.read_out("na/en-US/privacy/index.html").contains("{{"));
}

#[test]
fn heading_id_braces_in_text_survive_variable_substitution() {
    let project = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Braces\ndefault_locale: en-US\nvariables:\n  company: Quill & Fern\n",
        ),
        (
            "policies/guide/en-US.md",
            "---\ntitle: Guide for {{ company }}\n---\n\n## Ids {#ids}\n\n\
             {{ company }} writes `{#id}` after a heading, and {# this #} stays text.\n",
        ),
    ]);
    project.build();
    let page = project.page("global/en-US/guide/index.html");
    assert_eq!(text(&page, "h1"), "Guide for Quill & Fern");
    assert_eq!(
        section_text(&page, "ids"),
        "Quill & Fern writes {#id} after a heading, and {# this #} stays text."
    );
}

// ---- Source encodings -------------------------------------------------------

#[test]
fn windows_line_endings_build_the_same_page() {
    let lf = Project::minimal();
    let crlf = Project::minimal();
    crlf.write("policyc.yaml", MINIMAL_CONFIG.replace('\n', "\r\n"));
    crlf.write(
        "policies/privacy/en-US.md",
        MINIMAL_PRIVACY.replace('\n', "\r\n"),
    );
    lf.build();
    crlf.build();
    let page = crlf.page("global/en-US/privacy/index.html");
    assert_eq!(section_ids(&page), strings(&["keep", "rights"]));
    assert_eq!(text(&page, "h1"), "Privacy");
    let hashes = |p: &Project| {
        p.manifest()["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["content_hash"].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(hashes(&lf), hashes(&crlf));
}
