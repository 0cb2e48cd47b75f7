//! Ids written in raw HTML (`<a id="…">` in a table cell, an inline
//! `<a name="…">`, any element's `id`) are link targets, as a heading's
//! `{#id}` is: for `#id` links on the page and `doc:ID#id` links from
//! another document, in `check` and in the built site; an HTML id that
//! repeats a section's id is a warning at the anchor.

use crate::support::links::assert_no_broken_links;
use crate::support::{MINIMAL_CONFIG, Project, attrs};

/// Ottermoss Labs' privacy policy, whose state rights sit in a raw HTML
/// table with an anchor in a cell, and whose retention paragraph has an
/// inline old-style anchor.
const PRIVACY: &str = "\
---
title: Privacy
---

Ottermoss Labs explains here what it keeps. See [your state's rights](#state-rights)
and [how long we keep things](#keeping-period).

## Data we keep {#keep}

We keep sample logs for <a name=\"keeping-period\"></a>ninety days, then shred them.

## Your rights {#rights}

<table>
<tr><th>State</th><th>Rights</th></tr>
<tr><td><a id=\"state-rights\"></a>Oregon</td><td>Access and deletion.</td></tr>
</table>
";

fn project() -> Project {
    let project = Project::minimal();
    project.write(
        "policyc.yaml",
        MINIMAL_CONFIG.replace(
            "  privacy: [es-US]\n",
            "  privacy: [es-US]\n  terms: [es-US]\n",
        ),
    );
    project.write("policies/privacy/en-US.md", PRIVACY);
    project.write(
        "policies/terms/en-US.md",
        "---\ntitle: Terms\n---\n\n## Use {#use}\n\nYour [state rights](doc:privacy#state-rights) apply.\n",
    );
    project
}

#[test]
fn links_to_html_anchors_on_the_page_and_from_another_document_are_valid_and_resolve() {
    let project = project();
    let (code, report) = project.check_json(&["--strict"]);
    assert_eq!(code, 0, "{report:#?}");
    project.build();
    assert_no_broken_links(&project.out());
    // The anchors survive the sanitiser, unprefixed.
    let page = project.page("global/en-US/privacy/index.html");
    assert_eq!(attrs(&page, "td a[id]", "id"), ["state-rights"]);
    assert_eq!(attrs(&page, "a[name]", "name"), ["keeping-period"]);
    let terms = project.page("global/en-US/terms/index.html");
    let hrefs = attrs(&terms, "article a[href*='#state-rights']", "href");
    assert_eq!(hrefs, ["../privacy/index.html#state-rights"]);
}

#[test]
fn a_link_to_an_html_anchor_the_page_lacks_is_still_an_error() {
    let project = project();
    project.write(
        "policies/privacy/en-US.md",
        PRIVACY.replace("(#state-rights)", "(#state-right)"),
    );
    let report = project.check_fails();
    let d = report.find("`#state-right`");
    assert_eq!(
        d.message,
        "this link points to `#state-right`, but the page it is on has no section or HTML anchor with that id"
    );
    d.assert_at("policies/privacy/en-US.md", Some(5), Some(49));
}

#[test]
fn an_html_id_that_repeats_a_section_id_or_another_html_id_is_a_warning_at_the_anchor() {
    let project = project();
    project.write(
        "policies/privacy/en-US.md",
        PRIVACY
            .replace("ninety days", "<span id=\"rights\">ninety</span> days")
            .replace("Access and deletion.", "<a id=\"state-rights\">Access</a>"),
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    let d = report.find("the HTML id `rights`");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "the HTML id `rights` is also the id of the section on line 12 of `policies/privacy/en-US.md`, on the same page"
    );
    d.assert_at("policies/privacy/en-US.md", Some(10), Some(64));
    assert!(d.help().contains("remove this id"), "{d:#?}");
    let d = report.find("the HTML id `state-rights`");
    assert_eq!(
        d.message,
        "the HTML id `state-rights` is given twice on the same page (first on line 16 of `policies/privacy/en-US.md`)"
    );
    d.assert_at("policies/privacy/en-US.md", Some(16), Some(56));
    let (code, _) = project.check_json(&["--strict"]);
    assert_eq!(code, 1);
}
