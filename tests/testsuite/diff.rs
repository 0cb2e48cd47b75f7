//! The semantic diff on fixture pairs (`tests/fixtures/diff/<case>/`), one
//! per kind of formatting noise or real change: whether the versions
//! changed, which sections, how, and the words, links and titles involved.

use policyc::diff::visible::BlockKind;
use policyc::diff::{
    BlockEdit, Change, Class, InlineEdit, LinkChange, TitleChange, diff_markdown, report_files,
};

use crate::support::diff::{all_cases, assert_sections, diff_case, edits, fixture, section};

use Change::{Added, Modified, Moved, Removed, Renamed};
use Class::{Formatting, Links, Text};

// ---------------------------------------------------------------------------
// Formatting only: nothing a reader sees changed, so `changed` is false.

#[test]
fn every_fixture_compared_with_itself_reports_nothing() {
    for case in all_cases() {
        let (old, new) = fixture(&case);
        for text in [&old, &new] {
            let diff = diff_markdown(text, text);
            assert!(!diff.changed, "{case}: {diff:#?}");
            assert!(diff.title.is_none(), "{case}: {diff:#?}");
            assert!(diff.sections.is_empty(), "{case}: {diff:#?}");
        }
    }
}

#[test]
fn rewrapping_paragraphs_is_formatting_only() {
    let diff = diff_case("rewrap");
    assert!(!diff.changed);
    assert_sections(
        &diff,
        &[
            ("", Modified, Formatting),
            ("about", Modified, Formatting),
            ("collect", Modified, Formatting),
            ("use", Modified, Formatting),
            ("sharing", Modified, Formatting),
            ("retention", Modified, Formatting),
            ("rights", Modified, Formatting),
            ("contact", Modified, Formatting),
        ],
    );
    assert!(
        diff.sections
            .iter()
            .all(|s| s.blocks.is_empty() && s.links.is_empty())
    );
}

#[test]
fn changing_dash_bullets_to_stars_is_formatting_only() {
    let diff = diff_case("bullets");
    assert!(!diff.changed);
    assert_sections(&diff, &[("collect", Modified, Formatting)]);
    assert!(section(&diff, "collect").blocks.is_empty());
}

#[test]
fn swapping_star_and_underscore_emphasis_is_formatting_only() {
    // `*x*` -> `_x_` in #use and `**x**` -> `__x__` in #collect.
    let diff = diff_case("emphasis");
    assert!(!diff.changed);
    assert_sections(
        &diff,
        &[
            ("collect", Modified, Formatting),
            ("use", Modified, Formatting),
        ],
    );
}

#[test]
fn shifting_every_heading_one_level_down_is_formatting_only() {
    let diff = diff_case("heading-levels");
    assert!(!diff.changed);
    assert_sections(
        &diff,
        &[
            ("about", Modified, Formatting),
            ("collect", Modified, Formatting),
            ("use", Modified, Formatting),
            ("sharing", Modified, Formatting),
            ("sharing-providers", Modified, Formatting),
            ("retention", Modified, Formatting),
            ("rights", Modified, Formatting),
            ("contact", Modified, Formatting),
        ],
    );
    assert!(diff.sections.iter().all(|s| !s.renamed && !s.moved));
}

#[test]
fn adding_html_comments_is_formatting_only() {
    // One comment as a block of its own, one inside a paragraph.
    let diff = diff_case("html-comment");
    assert!(!diff.changed);
    assert_sections(&diff, &[("retention", Modified, Formatting)]);
    assert!(section(&diff, "retention").blocks.is_empty());
}

#[test]
fn setext_headings_and_atx_headings_are_the_same_sections() {
    let diff = diff_case("setext-atx");
    assert!(!diff.changed);
    assert_sections(
        &diff,
        &[
            ("about", Modified, Formatting),
            ("collect", Modified, Formatting),
            ("use", Modified, Formatting),
            ("sharing", Modified, Formatting),
            ("retention", Modified, Formatting),
            ("rights", Modified, Formatting),
            ("contact", Modified, Formatting),
        ],
    );
    assert!(diff.sections.iter().all(|s| !s.renamed));
}

#[test]
fn curly_and_straight_quotes_and_apostrophes_are_the_same_text() {
    let diff = diff_case("curly-quotes");
    assert!(!diff.changed);
    assert_sections(
        &diff,
        &[
            ("about", Modified, Formatting),
            ("retention", Modified, Formatting),
        ],
    );
}

#[test]
fn reference_links_and_inline_links_to_the_same_target_are_the_same() {
    let diff = diff_case("reference-links");
    assert!(!diff.changed);
    assert_sections(
        &diff,
        &[
            ("sharing", Modified, Formatting),
            ("contact", Modified, Formatting),
        ],
    );
    assert!(
        diff.sections.iter().all(|s| s.links.is_empty()),
        "{diff:#?}"
    );
}

#[test]
fn changing_a_front_matter_key_that_is_not_shown_is_no_change_at_all() {
    let diff = diff_case("front-matter-hidden");
    assert!(!diff.changed);
    assert_eq!(diff.title, None);
    assert_sections(&diff, &[]);
    let (old, new) = fixture("front-matter-hidden");
    let report = report_files("new.md", &old, &new);
    assert!(!report.changed);
    assert!(report.documents.is_empty(), "{report:#?}");
}

// ---------------------------------------------------------------------------
// Links only: a target changed under the same visible text.

#[test]
fn changing_a_link_target_under_the_same_text_is_a_links_change() {
    let diff = diff_case("link-target");
    assert!(!diff.changed, "a links change does not move the date");
    assert_sections(&diff, &[("sharing", Modified, Links)]);
    let sharing = section(&diff, "sharing");
    assert!(sharing.blocks.is_empty(), "{sharing:#?}");
    assert_eq!(
        sharing.links,
        [LinkChange {
            text: "list of service providers".into(),
            old: Some("https://fernhollow.example/legal/providers".into()),
            new: Some("https://fernhollow.example/privacy/service-providers".into()),
        }]
    );
}

#[test]
fn making_a_bare_email_a_mailto_link_is_a_links_change() {
    let diff = diff_case("mailto");
    assert!(!diff.changed);
    assert_sections(&diff, &[("rights", Modified, Links)]);
    let rights = section(&diff, "rights");
    assert!(rights.blocks.is_empty(), "{rights:#?}");
    assert_eq!(
        rights.links,
        [LinkChange {
            text: "privacy@fernhollow.example".into(),
            old: None,
            new: Some("mailto:privacy@fernhollow.example".into()),
        }]
    );
}

#[test]
fn making_an_email_a_link_before_another_link_reports_only_that_link() {
    let old = "## Your rights {#rights}\n\nWrite to privacy@fernhollow.example or read our [help pages](https://fernhollow.example/help).\n";
    let new = "## Your rights {#rights}\n\nWrite to [privacy@fernhollow.example](mailto:privacy@fernhollow.example) or read our [help pages](https://fernhollow.example/help).\n";
    let diff = diff_markdown(old, new);
    assert!(!diff.changed);
    assert_sections(&diff, &[("rights", Modified, Links)]);
    assert_eq!(
        section(&diff, "rights").links,
        [LinkChange {
            text: "privacy@fernhollow.example".into(),
            old: None,
            new: Some("mailto:privacy@fernhollow.example".into()),
        }]
    );
}

#[test]
fn an_autolinked_email_is_reported_with_its_mailto_target() {
    let old =
        "## Contact us {#contact}\n\nWrite to privacy@fernhollow.example with any question.\n";
    let new =
        "## Contact us {#contact}\n\nWrite to <privacy@fernhollow.example> with any question.\n";
    let diff = diff_markdown(old, new);
    assert!(!diff.changed);
    assert_sections(&diff, &[("contact", Modified, Links)]);
    assert_eq!(
        section(&diff, "contact").links,
        [LinkChange {
            text: "privacy@fernhollow.example".into(),
            old: None,
            new: Some("mailto:privacy@fernhollow.example".into()),
        }]
    );
}

// ---------------------------------------------------------------------------
// Text: words a reader sees changed, so `changed` is true.

#[test]
fn changing_words_and_a_link_in_one_section_is_a_text_change() {
    // #sharing: a word and a link target in one paragraph; #rights: a word
    // in one paragraph and a link target in the next. The links are still
    // reported, but the date must move.
    let diff = diff_case("text-and-link");
    assert!(diff.changed, "a text change moves the date: {diff:#?}");
    assert_eq!(diff.class(), Some(Text));
    assert_sections(
        &diff,
        &[("sharing", Modified, Text), ("rights", Modified, Text)],
    );
    let sharing = section(&diff, "sharing");
    assert_eq!(sharing.blocks.len(), 1, "{sharing:#?}");
    assert_eq!(
        edits(&sharing.blocks[0].inline),
        [
            (InlineEdit::Delete, "cloud hosting".to_string()),
            (InlineEdit::Insert, "analytics".to_string())
        ]
    );
    assert_eq!(
        sharing.links,
        [LinkChange {
            text: "list of service providers".into(),
            old: Some("https://fernhollow.example/legal/providers".into()),
            new: Some("https://fernhollow.example/privacy/service-providers".into()),
        }]
    );
    let rights = section(&diff, "rights");
    assert_eq!(rights.blocks.len(), 1, "{rights:#?}");
    assert_eq!(
        rights.links,
        [LinkChange {
            text: "help pages".into(),
            old: Some("https://fernhollow.example/help".into()),
            new: Some("https://fernhollow.example/support".into()),
        }]
    );
}

#[test]
fn renumbering_a_list_leaves_only_the_changed_cross_reference() {
    // 2., 3., 4. -> 1., 1., 1., and "Section D.7" -> "Section D.1" in item two.
    let diff = diff_case("renumbered-list");
    assert!(diff.changed);
    assert_sections(&diff, &[("rights", Modified, Text)]);
    let rights = section(&diff, "rights");
    assert_eq!(rights.blocks.len(), 1, "{rights:#?}");
    let block = &rights.blocks[0];
    assert_eq!(block.change, BlockEdit::Modified);
    assert_eq!(block.kind, BlockKind::ListItem);
    assert!(
        block.old.as_deref().unwrap().contains("Section D.7"),
        "{block:#?}"
    );
    assert!(
        block.new.as_deref().unwrap().contains("Section D.1"),
        "{block:#?}"
    );
    assert_eq!(
        edits(&block.inline),
        [
            (InlineEdit::Delete, "7".to_string()),
            (InlineEdit::Insert, "1".to_string())
        ]
    );
}

#[test]
fn one_word_changed_in_a_long_paragraph_is_one_delete_and_one_insert() {
    let (old, _) = fixture("one-word");
    let longest = old.lines().map(|l| l.split_whitespace().count()).max();
    assert!(
        longest >= Some(300),
        "the fixture needs a 300-word paragraph"
    );
    let diff = diff_case("one-word");
    assert!(diff.changed);
    assert_sections(&diff, &[("use", Modified, Text)]);
    let use_ = section(&diff, "use");
    assert_eq!(use_.blocks.len(), 1, "{use_:#?}");
    assert_eq!(use_.blocks[0].kind, BlockKind::Paragraph);
    assert_eq!(
        edits(&use_.blocks[0].inline),
        [
            (InlineEdit::Delete, "accounts".to_string()),
            (InlineEdit::Insert, "profiles".to_string())
        ]
    );
}

#[test]
fn changing_a_number_is_a_text_change() {
    let diff = diff_case("number-changed");
    assert!(diff.changed);
    assert_sections(&diff, &[("retention", Modified, Text)]);
    let retention = section(&diff, "retention");
    assert_eq!(retention.blocks.len(), 1);
    assert_eq!(
        edits(&retention.blocks[0].inline),
        [
            (InlineEdit::Delete, "30".to_string()),
            (InlineEdit::Insert, "90".to_string())
        ]
    );
}

#[test]
fn changing_letter_case_is_a_text_change() {
    let diff = diff_case("case-changed");
    assert!(diff.changed);
    assert_sections(&diff, &[("contact", Modified, Text)]);
    let contact = section(&diff, "contact");
    assert_eq!(contact.blocks.len(), 1);
    assert_eq!(
        edits(&contact.blocks[0].inline),
        [
            (InlineEdit::Delete, "may".to_string()),
            (InlineEdit::Insert, "May".to_string())
        ]
    );
}

#[test]
fn adding_a_section_reports_it_as_added_with_its_text() {
    let diff = diff_case("section-added");
    assert!(diff.changed);
    assert_sections(&diff, &[("cookies", Added, Text)]);
    let cookies = section(&diff, "cookies");
    assert_eq!(cookies.heading, "Cookies");
    assert_eq!(cookies.blocks.len(), 1);
    assert_eq!(cookies.blocks[0].change, BlockEdit::Added);
    assert_eq!(cookies.blocks[0].old, None);
    assert!(
        cookies.blocks[0]
            .new
            .as_deref()
            .unwrap()
            .starts_with("Our web store uses a small number of cookies")
    );
}

#[test]
fn moving_a_section_reports_only_that_section_as_moved() {
    // #sharing goes from after #use to after #rights. The order of the
    // clauses is part of what a reader sees, so a move is a text change.
    let diff = diff_case("section-moved");
    assert!(diff.changed);
    assert_sections(&diff, &[("sharing", Moved, Text)]);
    let sharing = section(&diff, "sharing");
    assert!(sharing.moved);
    assert!(!sharing.renamed);
    assert!(sharing.blocks.is_empty(), "{sharing:#?}");
}

#[test]
fn removing_a_section_reports_it_as_removed_with_its_old_text() {
    let diff = diff_case("section-removed");
    assert!(diff.changed);
    assert_sections(&diff, &[("sharing", Removed, Text)]);
    let sharing = section(&diff, "sharing");
    assert_eq!(sharing.heading, "Sharing");
    let changes: Vec<BlockEdit> = sharing.blocks.iter().map(|b| b.change).collect();
    assert_eq!(changes, [BlockEdit::Removed]);
    assert!(
        sharing.blocks[0]
            .old
            .as_deref()
            .unwrap()
            .starts_with("We share information only with the companies")
    );
}

#[test]
fn a_subsection_moving_with_its_parent_is_not_reported_on_its_own() {
    // #sharing and its #sharing-providers go from after #use to the end.
    let diff = diff_case("section-moved-with-subsection");
    assert!(diff.changed);
    assert_sections(&diff, &[("sharing", Moved, Text)]);
}

#[test]
fn a_parent_moving_with_its_subsection_past_two_sections_is_the_one_moved() {
    // #sharing and #sharing-providers go from after #use to after #rights:
    // a reviewer moved one section, not #retention and #rights.
    let diff = diff_case("section-moved-with-subsection-past-two");
    assert!(diff.changed);
    assert_sections(&diff, &[("sharing", Moved, Text)]);
}

#[test]
fn rewording_a_heading_under_the_same_id_is_a_rename() {
    let diff = diff_case("heading-reworded");
    assert!(diff.changed);
    assert_sections(&diff, &[("sharing", Renamed, Text)]);
    let sharing = section(&diff, "sharing");
    assert!(sharing.renamed);
    assert_eq!(sharing.heading, "Who we share information with");
    assert_eq!(sharing.old_heading.as_deref(), Some("Sharing"));
    assert!(sharing.blocks.is_empty(), "{sharing:#?}");
}

#[test]
fn rewording_a_heading_without_ids_is_a_rename_found_by_similarity() {
    let (old, _) = fixture("no-ids-heading-reworded");
    assert!(!old.contains("{#"), "the fixture must have no ids");
    let diff = diff_case("no-ids-heading-reworded");
    assert!(diff.changed);
    assert_sections(&diff, &[("who-we-share-information-with", Renamed, Text)]);
    let sharing = &diff.sections[0];
    assert_eq!(sharing.old_heading.as_deref(), Some("Sharing"));
    assert!(sharing.blocks.is_empty(), "{sharing:#?}");
}

#[test]
fn changing_the_title_in_front_matter_is_a_text_change() {
    let diff = diff_case("front-matter-title");
    assert!(diff.changed);
    assert_sections(&diff, &[]);
    let title = TitleChange {
        old: Some("Privacy Policy".into()),
        new: Some("Privacy Notice".into()),
    };
    assert_eq!(diff.title, Some(title.clone()));
    let (old, new) = fixture("front-matter-title");
    let report = report_files("new.md", &old, &new);
    assert!(report.changed);
    let doc = &report.documents[0];
    assert_eq!(doc.title, "Privacy Notice");
    assert_eq!(doc.class, Some(Text));
    assert_eq!(doc.titles.len(), 1);
    assert_eq!(doc.titles[0].change, title);
}

#[test]
fn rewriting_a_whole_section_is_a_text_change_in_that_section_only() {
    let diff = diff_case("section-rewritten");
    assert!(diff.changed);
    assert_eq!(diff.sections.len(), 1, "{diff:#?}");
    let use_ = section(&diff, "use");
    assert_eq!(use_.class, Text);
    assert!(
        use_.blocks.iter().all(|b| b.change != BlockEdit::Modified),
        "a rewrite is not shown as word edits: {use_:#?}"
    );
}

#[test]
fn rewriting_a_whole_section_reports_it_as_rewritten_old_and_new_whole() {
    let (old, new) = fixture("section-rewritten");
    let diff = diff_case("section-rewritten");
    assert_sections(&diff, &[("use", Change::Rewritten, Text)]);
    let blocks = &section(&diff, "use").blocks;
    // The paragraph as a reader sees it: emphasis markers are not text.
    let paragraph = |text: &str, id: &str| {
        let start = text.find(&format!("{{#{id}}}\n\n")).unwrap() + id.len() + 5;
        text[start..].lines().next().unwrap().replace('*', "")
    };
    assert_eq!(blocks.len(), 2, "{blocks:#?}");
    assert_eq!(blocks[0].change, BlockEdit::Removed);
    assert_eq!(
        blocks[0].old.as_deref(),
        Some(paragraph(&old, "use").as_str())
    );
    assert_eq!(blocks[1].change, BlockEdit::Added);
    assert_eq!(
        blocks[1].new.as_deref(),
        Some(paragraph(&new, "use").as_str())
    );
}

#[test]
fn a_section_rewritten_is_one_less_than_two_fifths_alike() {
    // Heading and body words: old 1 + 29, new 1 + 19, so 50 in all. The
    // section is rewritten only if fewer than 2/5 of them (20, counted on
    // both sides) are the same: the heading and `shared` body words.
    let section = |shared: usize, only: &str, body_len: usize| -> String {
        let words: Vec<String> = (0..body_len)
            .map(|n| {
                if n < shared {
                    format!("shared{n}")
                } else {
                    format!("{only}{n}")
                }
            })
            .collect();
        format!("## Scope {{#scope}}\n\n{}.\n", words.join(" "))
    };
    for (shared, change) in [(9, Change::Modified), (8, Change::Rewritten)] {
        let (old, new) = (section(shared, "old", 29), section(shared, "new", 19));
        let diff = diff_markdown(&old, &new);
        assert_sections(&diff, &[("scope", change, Text)]);
    }
}

#[test]
fn an_unrelated_paragraph_is_not_redlined_word_by_word() {
    let keep = "You can clear all of our cookies at any time in your browser settings.";
    let cookies = "Our web store uses a small number of cookies: one keeps you signed in, one remembers the contents of your basket, and one counts visits without identifying you.";
    let parcels = "Parcels leave our warehouse in Bristol each weekday morning, and a courier text tells you the delivery slot, the name of the driver and a link to track your parcel.";
    let old = format!("## Cookies {{#cookies}}\n\n{cookies}\n\n{keep}\n");
    let new = format!("## Cookies {{#cookies}}\n\n{parcels}\n\n{keep}\n");
    let diff = diff_markdown(&old, &new);
    assert!(diff.changed);
    let blocks = &section(&diff, "cookies").blocks;
    assert!(
        blocks.iter().all(|b| b.change != BlockEdit::Modified),
        "{blocks:#?}"
    );
    let removed = blocks.iter().find(|b| b.change == BlockEdit::Removed);
    let added = blocks.iter().find(|b| b.change == BlockEdit::Added);
    assert_eq!(removed.and_then(|b| b.old.as_deref()), Some(cookies));
    assert_eq!(added.and_then(|b| b.new.as_deref()), Some(parcels));
}

#[test]
fn an_html_comment_before_the_first_heading_is_formatting_only() {
    let old = "## Who we are {#about}\n\nFernhollow Books Ltd. is a small independent bookseller based in Bristol.\n";
    let new = format!("<!-- Reviewed by the legal team in May 2024. -->\n\n{old}");
    let diff = diff_markdown(old, &new);
    assert!(!diff.changed, "{diff:#?}");
    assert!(
        diff.sections.iter().all(|s| s.class == Formatting),
        "{diff:#?}"
    );
}

#[test]
fn trailing_spaces_after_the_front_matter_fence_are_formatting_only() {
    let (old, _) = fixture("front-matter-hidden");
    let new = old.replacen("---\n", "---  \n", 1);
    assert_ne!(old, new);
    let diff = diff_markdown(&old, &new);
    assert!(!diff.changed, "{diff:#?}");
    assert_eq!(diff.title, None);
    assert!(
        diff.sections.iter().all(|s| s.class == Formatting),
        "{diff:#?}"
    );
}

#[test]
fn real_changes_mixed_with_noise_are_each_named_with_their_class() {
    // One word, one link target, one move, a re-wrap and a bullet change.
    let diff = diff_case("mixed");
    assert!(diff.changed);
    assert_sections(
        &diff,
        &[
            ("about", Modified, Formatting),
            ("collect", Modified, Formatting),
            ("rights", Moved, Text),
            ("use", Modified, Text),
            ("sharing", Modified, Links),
        ],
    );
    let use_ = section(&diff, "use");
    assert_eq!(use_.blocks.len(), 1);
    assert_eq!(
        edits(&use_.blocks[0].inline),
        [
            (InlineEdit::Delete, "fraud".to_string()),
            (InlineEdit::Insert, "abuse".to_string())
        ]
    );
    assert_eq!(section(&diff, "sharing").links.len(), 1);
}

// ---------------------------------------------------------------------------
// Issue 14: shapes found in real policy histories.

#[test]
fn a_list_item_becoming_a_paragraph_with_the_same_words_is_formatting_only() {
    // A list item and a paragraph trade kinds in #account, a block quote
    // becomes a paragraph in #acceptable-use, and the table of #fees is
    // re-aligned with the same cells.
    let diff = diff_case("block-kind-changed");
    assert!(!diff.changed, "{diff:#?}");
    assert_sections(
        &diff,
        &[
            ("account", Modified, Formatting),
            ("acceptable-use", Modified, Formatting),
            ("fees", Modified, Formatting),
        ],
    );
    assert!(
        diff.sections.iter().all(|s| s.blocks.is_empty()),
        "{diff:#?}"
    );
}

#[test]
fn a_list_item_becoming_a_paragraph_with_a_word_changed_is_a_redline() {
    let old = "## Fees {#fees}\n\n- Fees are charged at the start of each month.\n";
    let new = "## Fees {#fees}\n\nFees are charged at the end of each month.\n";
    let diff = diff_markdown(old, new);
    assert!(diff.changed);
    assert_sections(&diff, &[("fees", Modified, Text)]);
    let blocks = &section(&diff, "fees").blocks;
    assert_eq!(blocks.len(), 1, "{blocks:#?}");
    assert_eq!(blocks[0].change, BlockEdit::Modified);
    assert_eq!(blocks[0].kind, BlockKind::Paragraph);
    assert_eq!(
        edits(&blocks[0].inline),
        [
            (InlineEdit::Delete, "start".to_string()),
            (InlineEdit::Insert, "end".to_string())
        ]
    );
}

#[test]
fn blocks_put_in_another_order_inside_a_section_are_reported_as_moved() {
    // #sensors: two paragraphs swapped. #use: the last sentence moved above
    // the list, and the list's first two items swapped.
    let diff = diff_case("blocks-reordered");
    assert!(diff.changed, "another order is another text: {diff:#?}");
    assert_sections(
        &diff,
        &[("sensors", Modified, Text), ("use", Modified, Text)],
    );
    let moved = |id: &str| -> Vec<(BlockKind, String)> {
        section(&diff, id)
            .blocks
            .iter()
            .map(|b| {
                assert_eq!(b.change, BlockEdit::Moved, "{b:#?}");
                assert!(b.old.is_none() && b.inline.is_empty(), "{b:#?}");
                (b.kind, b.new.clone().unwrap_or_default())
            })
            .collect()
    };
    assert_eq!(
        moved("sensors"),
        [(
            BlockKind::Paragraph,
            "The sensors do not record sound, images or the position of people nearby.".into()
        )]
    );
    assert_eq!(
        moved("use"),
        [
            (
                BlockKind::Paragraph,
                "We never sell readings or use them to advertise.".into()
            ),
            (BlockKind::ListItem, "to send you a dry-field alert;".into()),
        ]
    );
}

#[test]
fn a_moved_block_whose_words_changed_shows_its_redline_where_it_now_is() {
    let old = "## Scope {#scope}\n\nThese terms cover the dashboard.\n\nThey also cover every sensor we sell to farms.\n";
    let new = "## Scope {#scope}\n\nThey also cover every sensor we lend to farms.\n\nThese terms cover the dashboard.\n";
    let diff = diff_markdown(old, new);
    assert!(diff.changed);
    let blocks = &section(&diff, "scope").blocks;
    assert_eq!(blocks.len(), 1, "{blocks:#?}");
    assert_eq!(blocks[0].change, BlockEdit::Moved);
    assert_eq!(
        blocks[0].old.as_deref(),
        Some("They also cover every sensor we sell to farms.")
    );
    assert_eq!(
        edits(&blocks[0].inline),
        [
            (InlineEdit::Delete, "sell".to_string()),
            (InlineEdit::Insert, "lend".to_string())
        ]
    );
}

#[test]
fn a_moved_block_is_marked_where_it_now_is_in_every_format() {
    use policyc::diff::format::{Format, render};
    let old =
        "## Scope {#scope}\n\nThese terms cover the dashboard.\n\nThey also cover every sensor.\n";
    let new =
        "## Scope {#scope}\n\nThey also cover every sensor.\n\nThese terms cover the dashboard.\n";
    let report = report_files("terms.md", old, new);
    let text = render(&report, Format::Text { color: false });
    assert!(
        text.contains("↕ moved here: They also cover every sensor."),
        "{text}"
    );
    let markdown = render(&report, Format::Markdown);
    assert!(
        markdown.contains("↕ _moved here:_ They also cover every sensor."),
        "{markdown}"
    );
    let html = render(&report, Format::Html);
    assert!(
        html.contains(
            "<span class=\"moved\" title=\"moved\" aria-hidden=\"true\">↕</span> \
             <span class=\"moved-block\"><span class=\"sr\">[moved: </span>\
             They also cover every sensor.<span class=\"sr\">]</span></span>"
        ),
        "{html}"
    );
    // A pure move is announced as moved, not as inserted.
    assert!(!html.contains("<ins>"), "{html}");
    let json = render(&report, Format::Json);
    assert!(json.contains("\"change\": \"moved\""), "{json}");
}

#[test]
fn promoting_every_heading_one_level_moves_no_section() {
    // `#` -> nothing deeper, `##` -> `#`, `###` -> `##`, no ids: the
    // sections under the old `#` title become its siblings, in the same
    // reading order.
    let (old, _) = fixture("headings-promoted");
    assert!(!old.contains("{#"), "the fixture must have no ids");
    let diff = diff_case("headings-promoted");
    assert!(!diff.changed, "{diff:#?}");
    assert!(!diff.sections.is_empty());
    assert!(
        diff.sections
            .iter()
            .all(|s| s.class == Formatting && s.change == Modified && !s.moved),
        "{diff:#?}"
    );
}

#[test]
fn a_section_put_under_another_parent_at_another_place_is_moved() {
    // #alerts leaves "How we use information" for the end, under "Your
    // choices": its place in the reading order changed.
    let old = "## Use {#use}\n\nWe use readings.\n\n### Alerts {#alerts}\n\nWe send alerts.\n\n### Research {#research}\n\nWe study readings.\n\n## Choices {#choices}\n\nYou can export readings.\n";
    let new = "## Use {#use}\n\nWe use readings.\n\n### Research {#research}\n\nWe study readings.\n\n## Choices {#choices}\n\nYou can export readings.\n\n### Alerts {#alerts}\n\nWe send alerts.\n";
    let diff = diff_markdown(old, new);
    assert!(diff.changed);
    assert_sections(&diff, &[("alerts", Moved, Text)]);
}

#[test]
fn removing_one_of_many_empty_headed_sections_reports_only_that_one() {
    // Every `#### ` with no text gets the id `section`; the third one and
    // its paragraph are gone.
    let diff = diff_case("empty-headings");
    assert!(diff.changed);
    assert_sections(&diff, &[("section", Removed, Text)]);
    let removed = &diff.sections[0];
    assert_eq!(removed.blocks.len(), 1, "{removed:#?}");
    assert!(
        removed.blocks[0]
            .old
            .as_deref()
            .unwrap_or_default()
            .starts_with("To claim, send the sensor's serial number"),
        "{removed:#?}"
    );
}

#[test]
fn bold_lines_that_become_headings_are_formatting_only() {
    // Three `**…**` lines in "Acceptable use" become `### …` headings with
    // the same words.
    let diff = diff_case("bold-lines-to-headings");
    assert!(!diff.changed, "{diff:#?}");
    assert_sections(
        &diff,
        &[
            ("acceptable-use", Modified, Formatting),
            ("monitoring-other-land", Modified, Formatting),
            ("reselling-readings", Modified, Formatting),
            ("automated-access", Modified, Formatting),
        ],
    );
    assert!(
        diff.sections
            .iter()
            .all(|s| s.blocks.is_empty() && !s.moved && !s.renamed),
        "{diff:#?}"
    );
}

#[test]
fn headings_that_become_bold_lines_are_formatting_only() {
    let (new, old) = fixture("bold-lines-to-headings");
    let diff = diff_markdown(&old, &new);
    assert!(!diff.changed, "{diff:#?}");
    assert!(
        diff.sections
            .iter()
            .all(|s| s.class == Formatting && s.blocks.is_empty()),
        "{diff:#?}"
    );
}

#[test]
fn a_bold_line_becoming_a_heading_with_other_words_is_a_text_change() {
    let old = "## Use {#use}\n\nSome uses are not allowed.\n\n**Reselling readings**\n\nYou may not sell readings.\n";
    let new = "## Use {#use}\n\nSome uses are not allowed.\n\n### Selling readings\n\nYou may not sell readings.\n";
    let diff = diff_markdown(old, new);
    assert!(diff.changed, "{diff:#?}");
}

#[test]
fn bold_lines_of_a_document_without_headings_becoming_headings_are_formatting_only() {
    let clauses = [
        ("Scope", "These terms cover the dashboard and the sensors."),
        ("Fees", "Fees are charged at the start of each month."),
        ("Ending", "You may close your account at any time."),
    ];
    let write = |bold: bool| -> String {
        let mut text = String::from("Ottermoss Labs sells soil sensors.\n\n");
        for (heading, body) in clauses {
            match bold {
                true => text.push_str(&format!("**{heading}**\n\n{body}\n\n")),
                false => text.push_str(&format!("### {heading}\n\n{body}\n\n")),
            }
        }
        text
    };
    let diff = diff_markdown(&write(true), &write(false));
    assert!(!diff.changed, "{diff:#?}");
    assert!(
        diff.sections
            .iter()
            .all(|s| s.class == Formatting && s.blocks.is_empty()),
        "{diff:#?}"
    );
}

#[test]
fn removing_the_first_of_two_identical_paragraphs_moves_nothing() {
    let old = "## Fees {#fees}\n\nNone.\n\nFees are charged monthly.\n\nNone.\n";
    let new = "## Fees {#fees}\n\nFees are charged monthly.\n\nNone.\n";
    let diff = diff_markdown(old, new);
    let blocks = &section(&diff, "fees").blocks;
    let changes: Vec<BlockEdit> = blocks.iter().map(|b| b.change).collect();
    assert_eq!(changes, [BlockEdit::Removed], "{blocks:#?}");
}

#[test]
fn a_section_whose_heading_opens_a_numbered_item_is_compared_paragraph_by_paragraph() {
    // `2. #### Your account` and its indented text, as real terms of
    // service are written: one of its two paragraphs changed.
    let diff = diff_case("headings-in-list");
    assert!(diff.changed);
    assert_sections(&diff, &[("your-account", Modified, Text)]);
    let account = section(&diff, "your-account");
    assert_eq!(account.heading, "Your account");
    assert_eq!(account.blocks.len(), 1, "{account:#?}");
    let block = &account.blocks[0];
    assert_eq!(block.kind, BlockKind::Paragraph);
    assert_eq!(
        block.old.as_deref(),
        Some("One person may hold only one free account.")
    );
    assert_eq!(
        block.new.as_deref(),
        Some("One person may hold up to two free accounts.")
    );
}

#[test]
fn renumbering_the_items_that_hold_sections_is_formatting_of_each_item() {
    // `4.` written `1.` for every item renders the same numbers: nothing a
    // reader sees changed, and the next section is not the one touched.
    let (old, _) = fixture("headings-in-list");
    let new = old.replace("2. #### Your account", "1. #### Your account");
    let diff = diff_markdown(&old, &new);
    assert!(!diff.changed);
    assert_sections(&diff, &[("your-account", Modified, Formatting)]);
}

// ---------------------------------------------------------------------------
// Bold lines that open a block, and images in headings.

/// Ottermoss clauses, each a bold line opening its text (`**Fees**` and a
/// hard line break) or a `###` heading over it.
fn clauses(bold: &str, heading: bool) -> String {
    let mut text = String::from("## Terms {#terms}\n\nOttermoss Labs sells soil sensors.\n\n");
    for (name, body) in [
        ("Scope", "These terms cover the dashboard and the sensors."),
        ("Fees", "Fees are charged at the start of each month."),
    ] {
        match heading {
            true => text.push_str(&format!("### {name}\n\n{body}\n\n")),
            false => text.push_str(&format!("{bold}{name}{bold}  \n{body}\n\n")),
        }
    }
    text
}

#[test]
fn a_bold_line_opening_a_paragraph_becoming_a_heading_is_formatting_only() {
    for bold in ["**", "__"] {
        let diff = diff_markdown(&clauses(bold, false), &clauses(bold, true));
        assert!(!diff.changed, "{diff:#?}");
        assert!(
            diff.sections
                .iter()
                .all(|s| s.class == Formatting && s.blocks.is_empty()),
            "{diff:#?}"
        );
        // And back.
        let diff = diff_markdown(&clauses(bold, true), &clauses(bold, false));
        assert!(!diff.changed, "{diff:#?}");
    }
}

#[test]
fn a_bold_line_opening_a_numbered_item_becoming_a_heading_in_it_is_formatting_only() {
    let old = "## Terms {#terms}\n\n1. **Scope**\n\n   These terms cover the sensors.\n\n2. **Fees**\n\n   Fees are charged monthly.\n";
    let new = "## Terms {#terms}\n\n1. ### Scope\n\n   These terms cover the sensors.\n\n2. ### Fees\n\n   Fees are charged monthly.\n";
    let diff = diff_markdown(old, new);
    assert!(!diff.changed, "{diff:#?}");
    assert!(
        diff.sections
            .iter()
            .all(|s| s.class == Formatting && s.blocks.is_empty()),
        "{diff:#?}"
    );
}

#[test]
fn a_bold_line_with_a_colon_becoming_a_heading_without_it_is_a_rename() {
    let old = "## Terms {#terms}\n\nOttermoss Labs sells soil sensors.\n\n**Scope:**\n\nThese terms cover the sensors.\n\n**Fees.**  \nFees are charged monthly.\n";
    let new = "## Terms {#terms}\n\nOttermoss Labs sells soil sensors.\n\n### Scope\n\nThese terms cover the sensors.\n\n### Fees\n\nFees are charged monthly.\n";
    let diff = diff_markdown(old, new);
    assert!(diff.changed, "{diff:#?}");
    let text: Vec<&str> = diff
        .sections
        .iter()
        .filter(|s| s.class == Text)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(text, ["scope", "fees"], "{diff:#?}");
    for (id, was) in [("scope", "Scope:"), ("fees", "Fees.")] {
        let s = section(&diff, id);
        assert_eq!(s.change, Renamed, "{s:#?}");
        assert_eq!(s.old_heading.as_deref(), Some(was));
        assert!(s.blocks.is_empty(), "the body is unchanged: {s:#?}");
    }
}

#[test]
fn a_bold_start_of_a_paragraph_that_goes_on_in_plain_text_stays_a_paragraph() {
    // `**Fees** are charged` is no bold line: its first line goes on.
    let old = "## Terms {#terms}\n\n**Fees** are charged\nmonthly.\n";
    let new = "## Terms {#terms}\n\n### Fees\n\nare charged monthly.\n";
    let diff = diff_markdown(old, new);
    assert!(diff.changed, "{diff:#?}");
}

#[test]
fn changing_the_source_of_an_image_in_a_heading_is_a_links_change() {
    for (attrs, id) in [(" {#sensors}", "sensors"), ("", "sensors-otter")] {
        let old = format!("## Sensors ![otter](otter.png){attrs}\n\nWe sell sensors.\n");
        let new = old.replace("otter.png", "otter-2.png");
        let diff = diff_markdown(&old, &new);
        assert!(!diff.changed, "{diff:#?}");
        assert_sections(&diff, &[(id, Modified, Links)]);
        let s = &diff.sections[0];
        assert_eq!(
            s.links,
            [LinkChange {
                text: "[image: otter]".into(),
                old: Some("otter.png".into()),
                new: Some("otter-2.png".into()),
            }],
            "{diff:#?}"
        );
    }
}
