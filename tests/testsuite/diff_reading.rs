//! The diff on what a reader sees beyond plain Markdown: addresses shown as
//! links (`<https://…>`), raw HTML (its spacing, links, images and table
//! rows), characters that take no room, and images (an image added to a
//! released policy moves its date).

use std::collections::BTreeSet;

use policyc::diff::visible::{BlockKind, visible};
use policyc::diff::{BlockEdit, Change, Class, LinkChange, diff_markdown};

use crate::support::diff::{assert_sections, diff_case, section};
use crate::support::release::{
    CA_PRIVACY, LATER, SECOND, assert_only_these_moved, build_at, diff_json, edit, key, record,
    release, released_example,
};

use Change::Modified;
use Class::{Formatting, Links, Text};

fn link(text: &str, old: Option<&str>, new: Option<&str>) -> LinkChange {
    LinkChange {
        text: text.into(),
        old: old.map(Into::into),
        new: new.map(Into::into),
    }
}

// ---------------------------------------------------------------------------
// Addresses shown as links.

#[test]
fn a_changed_address_in_an_autolink_is_a_links_change() {
    // The web address is where the link points; the e-mail address is how
    // a reader reaches the company, so its change is text (and moves the
    // page's date).
    let diff = diff_case("autolink-address");
    assert!(diff.changed, "{diff:#?}");
    assert_sections(
        &diff,
        &[("sharing", Modified, Links), ("contact", Modified, Text)],
    );
    let sharing = section(&diff, "sharing");
    assert!(sharing.blocks.is_empty(), "{sharing:#?}");
    assert_eq!(
        sharing.links,
        [link(
            "https://legal.ottermoss.example/providers",
            Some("https://ottermoss.example/legal/providers"),
            Some("https://legal.ottermoss.example/providers"),
        )]
    );
    let contact = section(&diff, "contact");
    assert_eq!(contact.blocks.len(), 1, "{contact:#?}");
    assert_eq!(contact.blocks[0].change, BlockEdit::Modified);
}

#[test]
fn a_contact_address_or_number_changed_is_text_however_it_is_linked() {
    for (old, new) in [
        ("<privacy@a.example>", "<legal@a.example>"),
        (
            "[privacy@a.example](mailto:privacy@a.example)",
            "[legal@a.example](mailto:legal@a.example)",
        ),
        ("<tel:+15551234>", "<tel:+15559999>"),
        (
            "<a href=\"mailto:privacy@a.example\">privacy@a.example</a>",
            "<a href=\"mailto:legal@a.example\">legal@a.example</a>",
        ),
    ] {
        let diff = diff_markdown(
            &format!("## Contact {{#contact}}\n\nWrite to {old}.\n"),
            &format!("## Contact {{#contact}}\n\nWrite to {new}.\n"),
        );
        assert!(diff.changed, "{old} -> {new}: {diff:#?}");
        assert_sections(&diff, &[("contact", Modified, Text)]);
    }
}

#[test]
fn words_changed_beside_an_autolink_are_still_text() {
    let old = "## Contact {#contact}\n\nSee <https://ottermoss.example/a> for our office hours.\n";
    let new = "## Contact {#contact}\n\nSee <https://ottermoss.example/b> for our opening hours.\n";
    let diff = diff_markdown(old, new);
    assert!(diff.changed);
    assert_sections(&diff, &[("contact", Modified, Text)]);
}

#[test]
fn an_address_typed_as_plain_text_that_changes_is_text() {
    // Only a link shows its address: the same words unlinked are words.
    let old = "## Contact {#contact}\n\nSee https://ottermoss.example/a (<https://ottermoss.example/a>).\n";
    let new = "## Contact {#contact}\n\nSee https://ottermoss.example/b (<https://ottermoss.example/b>).\n";
    let diff = diff_markdown(old, new);
    assert!(diff.changed, "{diff:#?}");
    assert_sections(&diff, &[("contact", Modified, Text)]);
}

// ---------------------------------------------------------------------------
// Raw HTML.

#[test]
fn raw_html_links_and_inline_tags_are_read_as_a_browser_shows_them() {
    let diff = diff_case("raw-html-links");
    assert!(!diff.changed, "{diff:#?}");
    assert_sections(
        &diff,
        &[("transport", Modified, Links), ("contact", Modified, Links)],
    );
    let transport = section(&diff, "transport");
    assert!(transport.blocks.is_empty(), "{transport:#?}");
    assert_eq!(
        transport.links,
        [
            link(
                "OHTTP",
                None,
                Some("https://ottermoss.example/security/ohttp")
            ),
            link(
                "security notes",
                Some("https://ottermoss.example/security/2024"),
                Some("https://ottermoss.example/security/2025"),
            ),
        ]
    );
    assert_eq!(
        section(&diff, "contact").links,
        [link(
            "privacy desk",
            Some("https://ottermoss.example/help/privacy"),
            Some("https://ottermoss.example/help/privacy-desk"),
        )]
    );
}

#[test]
fn a_raw_html_table_is_read_row_by_row_like_a_markdown_table() {
    let html = "Intro.\n\n<table>\n<caption>Routes</caption>\n<tr><th>Route</th><th>Guard</th></tr>\n<tr><td>Wi-Fi</td><td><b>TLS</b> 1.3</td></tr>\n</table>\n";
    let markdown = "Intro.\n\nRoutes\n\n| Route | Guard |\n|---|---|\n| Wi-Fi | **TLS** 1.3 |\n";
    let blocks = |text: &str| -> Vec<(BlockKind, String)> {
        visible(text).sections[0]
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.clone()))
            .collect()
    };
    assert_eq!(blocks(html), blocks(markdown));
    assert_eq!(
        blocks(html)[2],
        (BlockKind::TableRow, "Route | Guard".to_string())
    );
}

#[test]
fn a_word_changed_in_a_raw_html_cell_is_text() {
    let old = "<table><tr><td>Kendal</td><td>Open on Mondays</td></tr></table>\n";
    let new = "<table><tr><td>Kendal</td><td>Open on Tuesdays</td></tr></table>\n";
    let diff = diff_markdown(old, new);
    assert!(diff.changed);
    assert_sections(&diff, &[("", Modified, Text)]);
    assert_eq!(
        section(&diff, "").blocks[0].new.as_deref(),
        Some("Kendal | Open on Tuesdays")
    );
}

// ---------------------------------------------------------------------------
// Characters that take no room, and line breaks.

#[test]
fn invisible_characters_and_line_breaks_are_formatting() {
    let diff = diff_case("invisible-characters");
    assert!(!diff.changed, "{diff:#?}");
    assert_sections(
        &diff,
        &[
            ("", Modified, Formatting),
            ("send", Modified, Formatting),
            ("refunds", Modified, Formatting),
        ],
    );
}

#[test]
fn zero_width_joiners_are_kept_as_text() {
    // They change how letters of some scripts are drawn.
    let old = "## Contact {#contact}\n\nनमस्ते\n";
    let new = "## Contact {#contact}\n\nनमस्\u{200D}ते\n";
    assert!(diff_markdown(old, new).changed);
}

// ---------------------------------------------------------------------------
// Images.

#[test]
fn an_image_removed_is_text_and_its_source_changed_is_a_link() {
    let diff = diff_case("images");
    assert!(diff.changed, "{diff:#?}");
    assert_sections(&diff, &[("", Modified, Links), ("contact", Modified, Text)]);
    assert_eq!(
        section(&diff, "").links,
        [link(
            "[image: Ottermoss Labs]",
            Some("images/ottermoss-logo-2023.svg"),
            Some("images/ottermoss-logo-2025.svg"),
        )]
    );
    let contact = section(&diff, "contact");
    assert_eq!(contact.blocks.len(), 1, "{contact:#?}");
    assert_eq!(contact.blocks[0].change, BlockEdit::Removed);
    assert_eq!(contact.blocks[0].old.as_deref(), Some("[image]"));
}

#[test]
fn a_raw_html_image_counts_as_a_markdown_one_does() {
    let old = "## Contact {#contact}\n\nWrite to us.\n";
    let block = "## Contact {#contact}\n\nWrite to us.\n\n<p><img src=\"mail.png\" alt=\"\"></p>\n";
    let inline = "## Contact {#contact}\n\nWrite to us. <img src=\"mail.png\">\n";
    for new in [block, inline] {
        let diff = diff_markdown(old, new);
        assert!(diff.changed, "{new}: {diff:#?}");
        assert_sections(&diff, &[("contact", Modified, Text)]);
    }
    let moved = "## Contact {#contact}\n\nWrite to us. <img src=\"mail-2.png\">\n";
    let diff = diff_markdown(inline, moved);
    assert!(!diff.changed, "{diff:#?}");
    assert_eq!(
        section(&diff, "contact").links,
        [link("[image]", Some("mail.png"), Some("mail-2.png"))]
    );
}

#[test]
fn an_image_added_to_a_released_policy_moves_its_date() {
    let p = released_example();
    let line = "Most details can also be corrected directly in the app under Settings.";
    let image = "![](https://ottermoss.example/images/settings-screen.png)";
    edit(&p, CA_PRIVACY, line, &format!("{line}\n\n{image}"));
    let diff = diff_json(&p);
    assert_eq!(diff["changed"], true, "{diff:#}");

    release(&p, SECOND, "Screenshot of the settings");
    let changed = key("privacy", "us-ca", "en-US");
    assert_eq!(record(&p, 2).keys(), BTreeSet::from([changed.clone()]));
    build_at(&p, LATER);
    assert_only_these_moved(&p, &BTreeSet::from([changed]), SECOND);
}
