//! Sections whose heading opens a numbered list item (`1. #### Terms` and
//! its indented text, as real terms of service are written), on the
//! `numbered-terms` fixture; and a page outline that never skips a level,
//! whatever heading levels the author typed.

use crate::support::{Project, attrs, document_pages, select, text_of};

/// The sections of the fixture's terms, in order.
const IDS: [&str; 12] = [
    "intro",
    "account",
    "use",
    "notebooks",
    "plans",
    "cancel",
    "changes",
    "ending",
    "warranty",
    "liability",
    "law",
    "contact",
];

fn numbered_site() -> Project {
    let project = Project::fixture("numbered-terms");
    project.build();
    project
}

#[test]
fn headings_in_numbered_items_are_sections_inside_their_items() {
    let site = numbered_site();
    let page = site.page("world/en-US/terms/index.html");
    // No section's text shown as code, no empty item, no heading pulled
    // out of its list.
    assert!(select(&page, ".doc-body pre").is_empty(), "{}", page.html());
    let items = select(&page, ".doc-body > ol > li");
    assert_eq!(items.len(), IDS.len(), "{}", page.html());
    let ids = attrs(&page, ".doc-body > ol > li > h2", "id");
    assert_eq!(ids, IDS);
    assert_eq!(select(&page, ".doc-body > h2").len(), 0);
    for item in items {
        let text = text_of(item);
        assert!(
            item.select(&scraper::Selector::parse("p").unwrap())
                .next()
                .is_some(),
            "an item without its text: {text}"
        );
        assert!(!text.contains("####"), "{text}");
    }
    // Each section is in the table of contents, linked to its anchor.
    let toc = attrs(&page, "nav.toc a", "href");
    let anchors: Vec<String> = IDS.iter().map(|id| format!("#{id}")).collect();
    assert_eq!(toc, anchors);
}

#[test]
fn a_supplement_replaces_a_numbered_section_in_its_item() {
    let site = numbered_site();
    let page = site.page("eu/en-US/terms/index.html");
    let ids = attrs(&page, ".doc-body > ol > li > h2", "id");
    assert_eq!(ids, IDS, "the list is whole, {}", page.html());
    let sixth = select(&page, ".doc-body > ol > li")[5];
    let text = text_of(sixth);
    assert!(
        text.contains("within fourteen days") && text.contains("eu-help@ottermoss.example"),
        "{text}"
    );
}

#[test]
fn a_supplement_replacing_a_numbered_section_outside_its_list_is_warned_at_its_heading() {
    let project = Project::fixture("numbered-terms");
    let supplement = project.read("regions/eu/terms.en-US.md");
    project.write(
        "regions/eu/terms.en-US.md",
        supplement.replace("6. #### Cancelling", "#### Cancelling"),
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    let found = report.matching("is the list item `6.`");
    assert_eq!(found.len(), 1, "{report:#?}");
    let warning = found[0];
    assert_eq!(warning.severity, "warning");
    assert_eq!(warning.file.as_deref(), Some("regions/eu/terms.en-US.md"));
    assert_eq!((warning.line, warning.column), (Some(1), Some(1)));
    assert!(
        warning
            .help
            .as_deref()
            .is_some_and(|h| h.contains("`6. #### Cancelling your plan {#cancel}`")),
        "{warning:#?}"
    );
    let (strict, _) = project.check_json(&["--strict"]);
    assert_eq!(strict, 1);
}

/// The levels of a page's headings, `h1` to `h6`, in document order.
fn heading_levels(page: &scraper::Html) -> Vec<u8> {
    select(page, "h1, h2, h3, h4, h5, h6")
        .into_iter()
        .map(|h| h.value().name()[1..].parse().expect("a heading level"))
        .collect()
}

#[test]
fn no_page_outline_skips_a_heading_level() {
    // `####` sections under the page's `h1`; `##` then `####` with nothing
    // between; a document that starts deeper than it goes on.
    let skipping = Project::minimal();
    skipping.write(
        "policies/privacy/en-US.md",
        "---\ntitle: Privacy\n---\n\n#### Deep {#deep}\n\nText.\n\n## Top {#top}\n\nText.\n\n#### Under {#under}\n\nText.\n\n###### Far {#far}\n\nText.\n",
    );
    skipping.build();
    let page = skipping.page("global/en-US/privacy/index.html");
    let body: Vec<(String, String)> = select(&page, ".doc-body h2, .doc-body h3, .doc-body h4")
        .into_iter()
        .map(|h| {
            let id = h.value().attr("id").unwrap_or_default().to_string();
            (id, h.value().name().to_string())
        })
        .collect();
    let expected = [
        ("deep", "h2"),
        ("top", "h2"),
        ("under", "h3"),
        ("far", "h4"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(id, h)| (id.to_string(), h.to_string()))
        .collect();
    assert_eq!(body, expected);
    for site in [skipping, numbered_site(), Project::fixture("valid")] {
        site.build();
        for rel in document_pages(&site.out()) {
            let levels = heading_levels(&site.page(&rel));
            for pair in levels.windows(2) {
                assert!(
                    pair[1] <= pair[0] + 1,
                    "{rel}: h{} follows h{}: {levels:?}",
                    pair[1],
                    pair[0]
                );
            }
        }
    }
}
