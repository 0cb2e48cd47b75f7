//! Links to another document, `[Privacy](doc:privacy#rights)`: checked by
//! `check` and `build` (an unknown document, a section the document lacks
//! in a region, a document a region does not publish), and rewritten to
//! work on every kind of page. Plain relative links into the site are
//! checked too.

use crate::support::links::assert_no_broken_links;
use crate::support::release::{ok, release};
use crate::support::{MINIMAL_CONFIG, Project, attrs, bin};
use policyc_testkit::serve::Server;

/// The minimal project with Terms (in English and Spanish) whose second
/// line is `line`.
fn with_terms_saying(line: &str) -> Project {
    let project = Project::minimal();
    // The terms are in English only, on purpose.
    project.write(
        "policyc.yaml",
        MINIMAL_CONFIG.replace(
            "  privacy: [es-US]\n",
            "  privacy: [es-US]\n  terms: [es-US]\n",
        ),
    );
    project.write(
        "policies/terms/en-US.md",
        format!("---\ntitle: Terms\n---\n\n## Use {{#use}}\n\n{line}\n"),
    );
    project
}

#[test]
fn a_link_to_an_unknown_document_is_an_error_at_the_link_listing_the_documents() {
    let project = with_terms_saying("Read our [Privacy Policy](doc:privcy).");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("the document `privcy`");
    d.assert_at("policies/terms/en-US.md", Some(7), Some(10));
    assert_eq!(d.severity, "error");
    assert!(d.help().contains("privacy, terms"), "{d:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn a_link_to_a_section_the_document_lacks_is_an_error() {
    let project = with_terms_saying("See [your rights](doc:privacy#right).");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("`doc:privacy#right`");
    assert_eq!(
        d.message,
        "this link points to `doc:privacy#right`, but `privacy` has no section `right`"
    );
    d.assert_at("policies/terms/en-US.md", Some(7), Some(5));
    project.assert_build_fails_without_output();
}

#[test]
fn a_link_to_a_section_one_region_removes_is_an_error_for_that_region_only() {
    let project = with_terms_saying("See [your rights](doc:privacy#rights).");
    project.write("regions/global.yaml", "name: Global\n");
    project.write("regions/island.yaml", "name: Island\nparent: global\n");
    project.write(
        "regions/island/privacy.en-US.md",
        "## Gone {#rights remove}\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let found = report.matching("has no section `rights`");
    assert_eq!(found.len(), 1, "{report:#?}");
    assert!(
        found[0].message.contains("region `island` (Island)"),
        "{report:#?}"
    );
    found[0].assert_at("policies/terms/en-US.md", Some(7), Some(5));
}

#[test]
fn a_link_to_a_document_a_region_does_not_publish_is_an_error() {
    let project = with_terms_saying("See the [island notice](doc:island-notice).");
    project.write("regions/global.yaml", "name: Global\n");
    project.write("regions/island.yaml", "name: Island\nparent: global\n");
    project.write(
        "regions/island/island-notice.en-US.md",
        "---\ntitle: Island Notice\n---\n\n## Notice {#notice}\n\nHello.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("is not published");
    assert_eq!(
        d.message,
        "this link points to `doc:island-notice`, but `island-notice` is not published in the region `global` (Global), where this page is"
    );
    d.assert_at("policies/terms/en-US.md", Some(7), Some(9));
}

#[test]
fn a_relative_link_to_a_misspelt_document_is_an_error() {
    let project = with_terms_saying("Read our [Privacy Policy](../privcy/).");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("the document `privcy`");
    d.assert_at("policies/terms/en-US.md", Some(7), Some(10));
    assert!(
        d.help()
            .contains("write `doc:ID` with one of the documents: privacy, terms"),
        "{d:#?}"
    );
}

#[test]
fn a_relative_link_to_a_section_of_a_document_is_checked() {
    let project = with_terms_saying("See [your rights](../privacy/index.html#right).");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("has no section `right`");
    assert_eq!(
        d.message,
        "this link points to `../privacy/index.html#right`, but `privacy` has no section `right`"
    );
    d.assert_at("policies/terms/en-US.md", Some(7), Some(5));
}

#[test]
fn a_relative_link_to_another_region_that_does_not_exist_is_an_error() {
    let project = with_terms_saying("See [elsewhere](../../../mars/en-US/privacy/).");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("no region `mars`");
    assert!(d.help().contains("global (en-US, es-US)"), "{d:#?}");
}

#[test]
fn a_relative_link_to_a_document_works_on_every_page_it_is_on() {
    let project =
        with_terms_saying("Read [your rights](../privacy/#rights) and [all](../privacy).");
    let (code, report) = project.check_json(&["--strict"]);
    assert_eq!(code, 0, "{report:#?}");
    release(&project, "2026-11-01", "First release");
    ok(&project, &["build", "--quiet", "--today", "2026-11-02"]);
    let page = project.page("global/en-US/terms/index.html");
    assert_eq!(
        attrs(&page, ".doc-body a", "href"),
        ["../privacy/index.html#rights", "../privacy/index.html"]
    );
    let archived = project.page("global/en-US/terms/v/1/index.html");
    assert_eq!(
        attrs(&archived, ".doc-body a", "href"),
        [
            "../../../privacy/index.html#rights",
            "../../../privacy/index.html"
        ]
    );
    assert_no_broken_links(&project.out());
}

#[test]
fn document_links_work_on_the_page_its_change_history_and_archived_version() {
    let project = with_terms_saying(
        "Read our [Privacy Policy](doc:privacy) and [your rights](doc:privacy#rights).",
    );
    release(&project, "2026-11-01", "First release");
    ok(&project, &["build", "--quiet", "--today", "2026-11-02"]);
    let page = project.page("global/en-US/terms/index.html");
    let hrefs = attrs(&page, ".doc-body a", "href");
    assert!(
        hrefs.contains(&"../privacy/index.html#rights".to_string()),
        "{hrefs:?}"
    );
    let archived = project.page("global/en-US/terms/v/1/index.html");
    let hrefs = attrs(&archived, ".doc-body a", "href");
    assert!(
        hrefs.contains(&"../../../privacy/index.html".to_string())
            && hrefs.contains(&"../../../privacy/index.html#rights".to_string()),
        "{hrefs:?}"
    );
    assert_no_broken_links(&project.out());
    // What a reader sees is the same link on every page: nothing to release.
    let diff = ok(&project, &["diff", "--exit-code"]);
    assert!(
        String::from_utf8_lossy(&diff.stdout).contains("No changes"),
        "{}",
        String::from_utf8_lossy(&diff.stdout)
    );
}

#[test]
fn the_preview_serves_index_html_urls_and_its_document_links_resolve() {
    let project = with_terms_saying("Read our [Privacy Policy](doc:privacy#rights).");
    let server = Server::start(bin(), project.root());
    let page = server.get("/global/en-US/terms/index.html");
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("<a href=\"../privacy/index.html#rights\">Privacy Policy</a>"),
        "{}",
        page.body
    );
    let linked = server.get("/global/en-US/privacy/index.html");
    assert_eq!(linked.status, 200);
    assert!(linked.body.contains("id=\"rights\""));
    assert_eq!(server.get("/index.html").status, 200);
}

#[test]
fn a_supplement_that_fails_to_parse_brings_no_link_errors_from_other_files() {
    let project = Project::example();
    let rel = "regions/us-ca/privacy.en-US.md";
    let broken = project.read(rel).replacen("\nsummary: ", "\nsummary: [", 1);
    project.write(rel, broken);
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert!(
        report.matching("is not published").is_empty(),
        "{report:#?}"
    );
    assert_eq!(report.diagnostics.len(), 1, "{report:#?}");
    assert_eq!(
        report.diagnostics[0].file.as_deref(),
        Some(rel),
        "{report:#?}"
    );
}

#[test]
fn a_link_to_a_document_several_regions_do_not_publish_is_one_error_naming_them() {
    let project = with_terms_saying("See the [island notice](doc:island-notice).");
    project.write("regions/global.yaml", "name: Global\n");
    project.write("regions/harbor.yaml", "name: Harbor\n");
    project.write("regions/island.yaml", "name: Island\nparent: global\n");
    project.write(
        "regions/island/island-notice.en-US.md",
        "---\ntitle: Island Notice\n---\n\n## Notice {#notice}\n\nHello.\n",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let found = report.matching("is not published");
    assert_eq!(found.len(), 1, "{report:#?}");
    assert_eq!(
        found[0].message,
        "this link points to `doc:island-notice`, but `island-notice` is not published in the regions `global` (Global), `harbor` (Harbor), where this page is"
    );
    found[0].assert_at("policies/terms/en-US.md", Some(7), Some(9));
}

#[test]
fn a_relative_link_to_a_path_the_build_writes_nothing_at_is_an_error() {
    let project = with_terms_saying(
        "See [p](privacy), [f](../privacy/foo.html), [h](../privacy/changes/) and [v](../privacy/v/1/).",
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let found = report.matching("leads to no page of the site");
    assert_eq!(found.len(), 2, "{report:#?}");
    assert!(found[0].message.contains("`privacy`"), "{report:#?}");
    found[0].assert_at("policies/terms/en-US.md", Some(7), Some(5));
    assert!(found[0].help().contains("doc:ID"), "{report:#?}");
    assert!(
        found[1].message.contains("`../privacy/foo.html`"),
        "{report:#?}"
    );
    found[1].assert_at("policies/terms/en-US.md", Some(7), Some(19));
    assert_eq!(report.errors, 2, "{report:#?}");
}

#[test]
fn a_link_from_the_server_root_is_an_error_suggesting_doc_links() {
    let project =
        with_terms_saying("See [privacy](/global/en-US/privacy/) or [x](//cdn.example/x).");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("starts from the server's root");
    assert!(d.message.contains("`/global/en-US/privacy/`"), "{d:#?}");
    d.assert_at("policies/terms/en-US.md", Some(7), Some(5));
    assert!(d.help().contains("doc:ID"), "{d:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    project.assert_build_fails_without_output();
}

#[test]
fn links_in_raw_html_are_checked_and_doc_links_there_are_an_error() {
    let project = with_terms_saying(
        r#"See <a href="../privcy/">r</a>, <a href="doc:privacy">q</a> and <A class=x HREF=../privacy/>ok</A>."#,
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    let d = report.find("the document `privcy`");
    d.assert_at("policies/terms/en-US.md", Some(7), Some(14));
    let d = report.find("written in raw HTML");
    d.assert_at("policies/terms/en-US.md", Some(7), Some(42));
    assert!(d.help().contains("[text](doc:privacy)"), "{d:#?}");
    assert_eq!(report.errors, 2, "{report:#?}");
}
