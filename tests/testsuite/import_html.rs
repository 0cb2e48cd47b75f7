//! `import::html::extract` on saved pages written for it
//! (`tests/fixtures/import/`): the policy kept and converted, the site
//! around it left out and listed in page order.

use policyc::import::dropped::DropKind;
use policyc::import::html::{Extracted, extract};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::support::fixtures_dir;

fn page(name: &str) -> String {
    let path = fixtures_dir().join("import").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn extract_fixture(name: &str) -> Extracted {
    extract(&page(name), None)
}

/// What a reader sees of the Markdown, one line per part: headings with
/// their level, list items with their depth, table cells, links with their
/// targets, paragraphs.
fn outline(markdown: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut text = String::new();
    let mut list_depth = 0usize;
    let mut links = Vec::new();
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES,
    ) {
        match event {
            Event::Start(Tag::List(_)) => {
                if !text.trim().is_empty() {
                    lines.push(format!("item{list_depth}: {}", text.trim()));
                }
                text.clear();
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth -= 1,
            Event::Start(Tag::Item)
            | Event::Start(Tag::Heading { .. })
            | Event::Start(Tag::TableCell) => text.clear(),
            Event::Start(Tag::Paragraph) if list_depth == 0 => text.clear(),
            Event::End(TagEnd::Heading(level)) => {
                lines.push(format!("{level:?}: {}", text.trim()));
                text.clear();
            }
            Event::End(TagEnd::TableCell) => {
                lines.push(format!("cell: {}", text.trim()));
                text.clear();
            }
            Event::End(TagEnd::Paragraph) if list_depth == 0 => {
                lines.push(format!("p: {}", text.trim()));
                text.clear();
            }
            Event::End(TagEnd::Item) => {
                if !text.trim().is_empty() {
                    lines.push(format!("item{list_depth}: {}", text.trim()));
                }
                text.clear();
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                let target = links.pop().unwrap_or_default();
                text.push_str(&format!(" <{target}>"));
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Html(html) => lines.push(format!("html: {}", html.trim())),
            _ => {}
        }
    }
    lines
}

fn dropped(extracted: &Extracted) -> Vec<(DropKind, &str)> {
    extracted
        .dropped
        .iter()
        .map(|d| (d.kind, d.first_words.as_str()))
        .collect()
}

#[test]
fn full_page_keeps_the_policy_and_lists_every_chrome_block_in_page_order() {
    let extracted = extract_fixture("privacy.html");
    assert_eq!(extracted.title.as_deref(), Some("Privacy Policy"));
    assert_eq!(extracted.lang.as_deref(), Some("en-GB"));
    assert_eq!(
        dropped(&extracted),
        [
            (DropKind::SkipLink, "Skip to main content"),
            (
                DropKind::CookieBanner,
                "We use cookies to keep your seed basket"
            ),
            (DropKind::Header, "Shop seeds Garden journal Help"),
            (DropKind::Navigation, "Home Legal Privacy Policy"),
            (DropKind::Chooser, "English Deutsch Français"),
            (DropKind::Other, "Share Post"),
            (DropKind::ImageLink, "Download this policy as PDF"),
            (DropKind::Other, "Back to top"),
            (
                DropKind::Footer,
                "Terms of sale Company details Contact © 2024"
            ),
            (DropKind::Script, ""),
        ]
    );
}

#[test]
fn full_page_keeps_headings_lists_tables_and_absolute_links() {
    let markdown = extract_fixture("privacy.html").markdown;
    let outline = outline(&markdown);
    for expected in [
        "H1: Privacy Policy",
        "p: Last Updated: Sep, 26 2024",
        "H2: 1. Information We Collect",
        "item1: Account details",
        "item2: your name and e-mail address;",
        "item2: your delivery address.",
        "item1: Order history, including the varieties you picked.",
        "p: Notice to Growers in Scotland",
        "p: Deliveries north of the border are handled by our partner depot; see our shipping notes \
         <https://www.quillfern.example/shipping/scotland>.",
        "H2: 2. How Long We Keep It",
        "cell: Record",
        "cell: Kept for",
        "cell: Newsletter sign-ups",
        "cell: until you unsubscribe",
        "p: YOUR RIGHTS AS A GARDENER",
        "p: Children Our shop is not meant for children under 13, and we do not knowingly keep \
         their details.",
        "p: 12. Governing Law",
    ] {
        assert!(
            outline.contains(&expected.to_string()),
            "{expected:?} not in {outline:#?}"
        );
    }
    // The canonical link is the page's address: relative links are read
    // against it, a mail link stays one.
    assert!(
        markdown.contains("(https://www.quillfern.example/account/privacy)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("(mailto:privacy@quillfern.example)"),
        "{markdown}"
    );
    // Nothing of the site, of scripts or of permalink signs.
    for absent in [
        "cookies",
        "Shop seeds",
        "trackPage",
        "dataLayer",
        "¶",
        "Back to top",
        "©",
    ] {
        assert!(!markdown.contains(absent), "{absent:?} in {markdown}");
    }
    insta::assert_snapshot!(markdown);
}

#[test]
fn the_address_given_wins_over_the_canonical_link() {
    let url = url::Url::parse("https://staging.quillfern.example/privacy/").unwrap();
    let markdown = extract(&page("privacy.html"), Some(&url)).markdown;
    assert!(
        markdown.contains("(https://staging.quillfern.example/account/privacy)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("(https://staging.quillfern.example/shipping/scotland)"),
        "{markdown}"
    );
}

#[test]
fn two_document_page_keeps_both_titles_and_date_lines_and_merged_cells() {
    let extracted = extract_fixture("two-documents.html");
    assert_eq!(extracted.title.as_deref(), Some("Privacy Policy"));
    let markdown = &extracted.markdown;
    let outline = outline(markdown);
    let headings: Vec<&String> = outline.iter().filter(|l| l.starts_with('H')).collect();
    assert_eq!(
        headings,
        [
            "H1: Privacy Policy",
            "H2: 1. What we ask for",
            "H2: 2. Who sees it",
            "H1: Terms of Use",
            "H3: Deposit",
        ]
    );
    for expected in [
        "p: Effective Date: January 1, 2020",
        "p: Last updated September 26, 2024",
        "item1: Hire point One of our three shops along the canal path.",
        "item1: Rider Anyone named on a booking.",
        "p: 2. Damage Tell the shop about any damage when you return the bike; see the repair \
         price list <https://tandems.brackenridge.example/prices#repairs> and the deposit rules \
         <#deposit>.",
    ] {
        assert!(
            outline.contains(&expected.to_string()),
            "{expected:?} not in {outline:#?}"
        );
    }
    // Merged cells and a list in a cell: kept whole as HTML, `<base>`
    // applied to its link.
    let table = outline
        .iter()
        .find(|l| l.starts_with("html: <table"))
        .expect(markdown);
    for cell in [
        "<th rowspan=\"2\">Detail</th>",
        "<th colspan=\"2\">Kept</th>",
        "<li>30 days</li>",
        "<a href=\"https://tandems.brackenridge.example/info/account\">your account</a>",
    ] {
        assert!(table.contains(cell), "{cell:?} not in {table}");
    }
    assert_eq!(
        dropped(&extracted),
        [
            (DropKind::Other, "Call us"),
            (DropKind::Other, "Go"),
            (
                DropKind::Other,
                "Opening hours Every day from nine until dusk."
            ),
            (DropKind::Other, "↑ Top"),
        ]
    );
    insta::assert_snapshot!(extracted.markdown);
}

#[test]
fn german_page_keeps_its_language_date_line_and_nested_numbered_lists() {
    let extracted = extract_fixture("datenschutz.html");
    assert_eq!(extracted.title.as_deref(), Some("Datenschutzerklärung"));
    assert_eq!(extracted.lang.as_deref(), Some("de"));
    let outline = outline(&extracted.markdown);
    for expected in [
        "H1: Datenschutzerklärung",
        "p: Stand: 26.09.2024",
        "H2: 1. Verantwortlicher",
        "H2: 2. Welche Daten wir verarbeiten",
        "item1: Name und Lieferanschrift,",
        "item1: die bestellten Käsesorten",
        "item2: samt Reifegrad,",
        "item2: samt Menge.",
        "p: Sie können jederzeit Auskunft, Berichtigung oder Löschung verlangen.",
    ] {
        assert!(
            outline.contains(&expected.to_string()),
            "{expected:?} not in {outline:#?}"
        );
    }
    // `og:url` is the page's address.
    assert!(
        extracted
            .markdown
            .contains("(https://weidenhof-kaese.example/datenschutz/kontakt/)"),
        "{}",
        extracted.markdown
    );
    assert_eq!(
        dropped(&extracted),
        [
            (
                DropKind::CookieBanner,
                "Wir verwenden Cookies, damit der Warenkorb funktioniert. Mehr"
            ),
            (DropKind::Header, "Deutsch English"),
            (DropKind::Footer, "Impressum AGB"),
        ]
    );
    insta::assert_snapshot!(extracted.markdown);
}

#[test]
fn policy_section_about_cookies_is_kept_and_a_banner_without_names_is_dropped() {
    let html = r#"<html><body>
        <div><p>This website uses cookies to remember your basket.</p><button>OK</button></div>
        <main><h1>Privacy</h1>
        <section id="cookies" class="cookie-policy"><h2>Cookies</h2>
        <p>We use cookies to remember what is in your basket.</p></section>
        </main></body></html>"#;
    let extracted = extract(html, None);
    assert!(
        extracted
            .markdown
            .contains("We use cookies to remember what is in your basket."),
        "{}",
        extracted.markdown
    );
    assert_eq!(
        dropped(&extracted),
        [(
            DropKind::CookieBanner,
            "This website uses cookies to remember your basket."
        )]
    );
}

#[test]
fn messy_markup_becomes_clean_markdown() {
    let html = "<html><body><main>\r\n<!-- cms -->\r\n\
        <h1><span><font color=red>Terms</font></span></h1>\r\n\
        <p></p><p>&nbsp;</p>\
        <ul><li><h2>Orders</h2><p>We confirm each order by e-mail.</p></li>\
        <li><h2 id=\"pay\"><a href=\"#pay\">Payment</a> <a href=\"#pay\" class=\"anchor\">#</a></h2>\
        <p>Card\u{A0}or invoice.</p></li></ul>\
        <div><b>Returns</b><br>\r\n   Within 14 days.</div>\
        <dl><dt>Buyer</dt><dd>The person placing an order.</dd></dl>\
        <p>See <a href=\"terms/extra\">extra terms</a> and <a href=\"javascript:void(0)\">this</a>.</p>\
        </main></body></html>";
    let markdown = extract(html, None).markdown;
    let outline = outline(&markdown);
    assert_eq!(
        outline,
        [
            "H1: Terms",
            "H2: Orders",
            "p: We confirm each order by e-mail.",
            "H2: Payment",
            "p: Card or invoice.",
            "p: Returns Within 14 days.",
            // A glossary stays one: a list of terms, not sections.
            "item1: Buyer The person placing an order.",
            // No address to read it against: the link stays as it was.
            "p: See extra terms <terms/extra> and this.",
        ],
        "{markdown}"
    );
    assert!(
        markdown.contains("**Returns**\\\nWithin 14 days."),
        "{markdown}"
    );
    assert!(
        !markdown.contains('\r') && !markdown.contains('\u{A0}'),
        "{markdown:?}"
    );
}

#[test]
fn numbered_list_of_headings_keeps_its_numbers() {
    let html = "<main><h1>Terms</h1><ol start=\"3\"><li><h2>Delivery</h2><p>By post.</p></li>\
        <li><h2>4. Returns</h2><p>By post too.</p></li></ol></main>";
    let outline = outline(&extract(html, None).markdown);
    assert!(
        outline.contains(&"H2: 3. Delivery".to_string()),
        "{outline:#?}"
    );
    assert!(
        outline.contains(&"H2: 4. Returns".to_string()),
        "{outline:#?}"
    );
}

#[test]
fn deep_nesting_keeps_the_text_without_exhausting_the_stack() {
    // Deep enough for a recursive walk to overflow a test thread's stack;
    // html5ever's own work grows with the square of the depth.
    let depth = 8_000;
    let html = format!(
        "<body><nav>Menu</nav>{}Bottom text{}</body>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let extracted = extract(&html, None);
    let markdown = &extracted.markdown;
    assert!(
        markdown.contains("Bottom text"),
        "{}",
        &markdown[..markdown.len().min(400)]
    );
    assert_eq!(dropped(&extracted), [(DropKind::Navigation, "Menu")]);
}

#[test]
fn a_policy_inside_fifty_thousand_divs_keeps_its_headings() {
    // Before the page is parsed, wrappers past a depth are taken out: a
    // parse of the whole depth does work growing with its square, and
    // would not end in a test's life. A small stack shows nothing recurses.
    let depth = 50_000;
    let html = format!(
        "<body><nav>Menu</nav>{}<h1>Terms</h1><h2 id=\"orders\">Orders</h2>\
         <p>We confirm each order.</p>{}</body>",
        "<div class=\"wrap\">".repeat(depth),
        "</div>".repeat(depth)
    );
    let extracted = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || extract(&html, None))
        .unwrap()
        .join()
        .unwrap();
    let outline = outline(&extracted.markdown);
    assert_eq!(
        outline,
        ["H1: Terms", "H2: Orders", "p: We confirm each order."],
        "{}",
        extracted.markdown
    );
    assert_eq!(dropped(&extracted), [(DropKind::Navigation, "Menu")]);
}

const HTML_PIECES: &[&str] = &[
    "<html lang=\"en\">",
    "<body>",
    "<main>",
    "</main>",
    "<nav>",
    "</nav>",
    "<header>",
    "<footer>",
    "<h1>",
    "</h1>",
    "<h2 id=\"x\">",
    "<a href=\"#x\">",
    "<a href=\"../a b\">",
    "</a>",
    "<p>",
    "</p>",
    "<ul>",
    "<ol start=\"x\">",
    "<li>",
    "</li>",
    "</ul>",
    "<table>",
    "<tr>",
    "<td colspan=\"2\">",
    "<th>",
    "</td>",
    "</table>",
    "<b>",
    "</b>",
    "<br>",
    "<hr>",
    "<dl><dt>",
    "<dd>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "&nbsp;",
    "&amp;",
    "\r\n",
    "\u{FEFF}",
    "\u{F8FF}",
    "| * _ ` #",
    "12. Law",
    "Last Updated: Sep, 26 2024",
    "<base href=\"http://x.example/\">",
    "<img src=\"i.png\">",
    "<select><option>de",
    "<div class=\"cookie-banner\">",
    "</div>",
    "Text",
    "<pre>",
    "<template>",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_page_extracts_without_panic_and_the_same_each_time(
        pieces in prop::collection::vec(
            prop_oneof![
                6 => prop::sample::select(HTML_PIECES).prop_map(str::to_string),
                1 => ".{0,8}",
            ],
            0..64,
        ),
        with_url in any::<bool>(),
    ) {
        let html = pieces.concat();
        let url = url::Url::parse("https://example.test/legal/").unwrap();
        let url = with_url.then_some(&url);
        let first = extract(&html, url);
        prop_assert_eq!(&first, &extract(&html, url));
        // A raw table's placeholder never shows.
        let placeholders = |s: &str| s.matches('\u{F8FF}').count();
        prop_assert!(placeholders(&first.markdown) <= placeholders(&html));
    }
}

#[test]
fn markup_characters_in_the_text_stay_text() {
    let html = "<main><h1>T</h1>\
        <table><tr><th>A | B</th><th>C</th></tr><tr><td>x|y</td><td></td></tr></table>\
        <p>A *star*, _under_, <code>a`b</code>, [x] and 1) y</p><p>+ plus</p><p># hash</p>\
        <p>&lt;div&gt; text</p></main>";
    let outline = outline(&extract(html, None).markdown);
    assert_eq!(
        outline,
        [
            "H1: T",
            "cell: A | B",
            "cell: C",
            "cell: x|y",
            "cell: ",
            "p: A *star*, _under_, a`b, [x] and 1) y",
            "p: + plus",
            "p: # hash",
            "p: <div> text",
        ]
    );
}

#[test]
fn link_or_bold_around_blocks_keeps_the_blocks() {
    let html = "<main><h1>T</h1><a href=\"/x\"><h2>Linked</h2><p>para</p></a>\
        <b><p>bold para</p></b></main>";
    let outline = outline(&extract(html, None).markdown);
    assert_eq!(outline, ["H1: T", "H2: Linked", "p: para", "p: bold para"]);
}

#[test]
fn title_without_a_heading_is_the_page_title_less_the_site_name() {
    let html = "<html><head><title>Terms of Sale – Privacy | Acme Corp</title></head>\
        <body><p>Hello</p></body></html>";
    assert_eq!(
        extract(html, None).title.as_deref(),
        Some("Terms of Sale – Privacy")
    );
}

#[test]
fn title_above_main_is_kept_and_chrome_beside_it_still_dropped() {
    let html = "<body><div class=\"hero\"><h1>Privacy Notice</h1><p>Last updated May 1, 2024</p></div>\
        <div class=\"cookie-note\">This site stores cookies.</div>\
        <ul><li><a href=\"/de/\">Deutsch</a></li><li><a href=\"/en/\">English</a></li></ul>\
        <main><h2>Who we are</h2><p>Fernbrook Ferries runs boats across the lake.</p>\
        <p>We keep booking names for one season only.</p></main></body>";
    let extracted = extract(html, None);
    assert_eq!(extracted.title.as_deref(), Some("Privacy Notice"));
    assert_eq!(
        outline(&extracted.markdown),
        [
            "H1: Privacy Notice",
            "p: Last updated May 1, 2024",
            "H2: Who we are",
            "p: Fernbrook Ferries runs boats across the lake.",
            "p: We keep booking names for one season only.",
        ]
    );
    assert_eq!(
        dropped(&extracted),
        [
            (DropKind::CookieBanner, "This site stores cookies."),
            (DropKind::Chooser, "Deutsch English"),
        ]
    );
}

#[test]
fn preformatted_text_after_a_line_break_keeps_its_indentation() {
    let html = "<main><h1>T</h1><p>Example:<br></p><pre>  indented\n    more</pre></main>";
    let markdown = extract(html, None).markdown;
    assert!(markdown.contains("  indented\n    more"), "{markdown}");
}

/// Imports the fixture `name` into a new project with `policyc import`,
/// checks and builds it; returns the report, the document's source and its
/// built page.
fn import_and_build(name: &str, doc: &str) -> (String, String, String) {
    let parent = crate::support::Project::empty();
    let root = parent.root().join("legal");
    let source = crate::support::fixtures_dir().join("import").join(name);
    let output = crate::support::policyc()
        .arg("--root")
        .arg(&root)
        .arg("import")
        .arg(&source)
        .args(["--doc", doc])
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let check = crate::support::policyc()
        .arg("--root")
        .arg(&root)
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("check passed (0 warnings)"),
        "{report}\n{stderr}"
    );
    crate::support::policyc()
        .arg("--root")
        .arg(&root)
        .args(["build", "--quiet"])
        .assert()
        .success();
    let read = |rel: String| {
        std::fs::read_to_string(root.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    (
        report,
        read(format!("policies/{doc}/en-US.md")),
        read(format!("out/global/en-US/{doc}/index.html")),
    )
}

#[test]
fn heading_anchors_become_section_ids_and_in_page_links_resolve_in_the_built_site() {
    let (report, source, html) = import_and_build("anchors.html", "privacy");
    // Each form a page gives a heading its anchor in: `id`, an empty
    // anchor inside it or just before it, a permalink beside it (its sign
    // left out), a section links lead to that starts with it.
    for heading in [
        "## Sharing {#s6}",
        "## Cookies {#cookies}",
        "## Keeping records {#keeping}",
        "## Crew lists {#crew-lists}",
        "## Writing to us {#write-to-us}",
        "## Definitions {#terms}",
    ] {
        assert!(source.contains(heading), "{heading:?} not in:\n{source}");
    }
    assert!(!source.contains('¶'), "{source}");
    for id in [
        "cookies",
        "keeping",
        "crew-lists",
        "write-to-us",
        "s6",
        "terms",
    ] {
        assert!(
            html.contains(&format!("<a href=\"#{id}\">")),
            "link to #{id} not in:\n{html}"
        );
        assert!(
            html.contains(&format!(" id=\"{id}\">")),
            "no target #{id} in:\n{html}"
        );
    }
    // An anchor on a paragraph is no section: the link is text, and said so.
    assert!(source.contains("and the boathouse rule."), "{source}");
    assert!(
        report.contains(
            "link kept as text: “the boathouse rule”: no section of the document has the anchor"
        ),
        "{report}"
    );
}

#[test]
fn preformatted_text_and_an_address_keep_their_lines_in_the_built_page() {
    let (_, source, html) = import_and_build("anchors.html", "privacy");
    assert!(
        source.contains(
            "```\nChair      Nell Ashdown\nSecretary  Tomas Fenwick\n  (records and data requests)\n```"
        ),
        "{source}"
    );
    assert!(
        html.contains("<pre><code>Chair      Nell Ashdown\nSecretary  Tomas Fenwick\n  (records"),
        "{html}"
    );
    assert!(
        source.contains("Larchmoor Rowing Club\\\nThe Boathouse, Weir Lane\\\nLarchmoor LM4 2QT\n"),
        "{source}"
    );
    assert!(
        html.contains("Larchmoor Rowing Club<br />\nThe Boathouse, Weir Lane<br />"),
        "{html}"
    );
}

#[test]
fn a_glossary_stays_in_its_section_as_terms_with_definitions() {
    let (report, source, html) = import_and_build("anchors.html", "privacy");
    assert!(
        source.contains(
            "- **Member**\\\n  Anyone who has paid this season's subscription.\n- **Cox**\\\n"
        ),
        "{source}"
    );
    // No term became a section.
    assert!(
        !report.contains("{#member}") && !report.contains("{#cox}"),
        "{report}"
    );
    assert!(!html.contains("id=\"member\""), "{html}");
    assert!(html.contains("<strong>Cox</strong><br />"), "{html}");
}

#[test]
fn a_pre_with_line_breaks_and_markup_keeps_each_line() {
    let html = "<main><h1>T</h1><pre>one<br>two\n  <b>three</b></pre></main>";
    let markdown = extract(html, None).markdown;
    assert!(
        markdown.contains("```\none\ntwo\n  three\n```"),
        "{markdown}"
    );
}

#[test]
fn lettered_and_roman_lists_keep_the_letters_readers_see() {
    let (_, source, html) = import_and_build("numbering.html", "terms");
    // Markdown has no lettered lists: each item is a paragraph that starts
    // with the marker the page showed, so "clause 3(b)" still finds (b).
    for line in [
        "\na. we send you a dispatch note;\n\nb. you collect the kite from the workshop; or\n\nc. we take payment",
        "\nI. Cards are charged on dispatch.\n\nIV. Vouchers expire after one year.\n",
        "\niii. **Refunds** go back to the card that paid.\n",
        "1. Repairs within the first month are free.\n\n   A. Frames are mended in the workshop.\n\n   B. Sails are sent to our sailmaker.\n\n2. Repairs after that",
        // A list without markers keeps the letters its items are written with.
        "\n(i) Kites are posted in a tube.\n\n(ii) Lines are posted in a bag.\n",
    ] {
        assert!(source.contains(line), "{line:?} not in:\n{source}");
    }
    for shown in [
        "<p>b. you collect the kite from the workshop; or</p>",
        "<p>IV. Vouchers expire after one year.</p>",
        "<p>iii. <strong>Refunds</strong> go back",
        "<p>B. Sails are sent to our sailmaker.</p>\n</li>",
        "<p>(ii) Lines are posted in a bag.</p>",
    ] {
        assert!(html.contains(shown), "{shown:?} not in:\n{html}");
    }
    assert!(!html.contains("<li>we send you"), "{html}");
}

#[test]
fn a_numbered_list_right_after_another_keeps_its_own_start_in_the_built_page() {
    let (_, source, html) = import_and_build("numbering.html", "terms");
    assert!(
        source.contains("2. We email a tracking number.\n\n<!-- -->\n\n5. Parcels lost"),
        "{source}"
    );
    assert!(
        html.contains(
            "<li>We email a tracking number.</li>\n</ol>\n\n<ol start=\"5\">\n<li>Parcels lost in the post are replaced.</li>\n<li>Parcels refused"
        ),
        "{html}"
    );
    // Two bullet lists in a row stay two lists too.
    assert!(
        html.contains("<li>Weekday delivery.</li>\n</ul>\n\n<ul>\n<li>Saturday"),
        "{html}"
    );
}

#[test]
fn a_heading_anchor_linked_before_and_after_it_resolves_in_the_built_site() {
    let (_, source, html) = import_and_build("sections.html", "privacy");
    assert!(source.contains("## What We Collect {#collect}"), "{source}");
    // An empty element inside the heading names it too.
    assert!(source.contains("## How We Use It {#use}"), "{source}");
    assert!(
        source.contains("Start with [what we collect](#collect), then read [how we use it](#use)"),
        "{source}"
    );
    assert!(source.contains("as said [above](#collect)."), "{source}");
    for id in ["collect", "use"] {
        assert!(html.contains(&format!("<h2 id=\"{id}\">")), "{html}");
    }
    assert!(
        html.contains("<a href=\"#collect\">what we collect</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#use\">how we use it</a>"),
        "{html}"
    );
    assert!(
        html.contains("as said <a href=\"#collect\">above</a>"),
        "{html}"
    );
}

#[test]
fn a_glossary_after_a_paragraph_and_at_the_page_end_stays_in_its_section() {
    let (report, source, html) = import_and_build("sections.html", "privacy");
    assert!(
        source.contains(
            "## Who We Share It With {#data-sharing}\n\nOur couriers, and the regulators below when they ask.\n\n- **CNIL**\\\n  The French data protection authority, for orders sent to France.\n\nWe answer a regulator within the time it sets.\n\nWe tell you when the law lets us.\n\n## Contact {#contact}"
        ),
        "{source}"
    );
    assert!(
        source.ends_with(
            "## Régulateurs {#regulateurs}\n\n- **ICO**\\\n  The United Kingdom's data protection authority.\n"
        ),
        "{source}"
    );
    for term in ["cnil", "ico"] {
        assert!(!report.contains(&format!("{{#{term}}}")), "{report}");
        assert!(!html.contains(&format!("id=\"{term}\"")), "{html}");
    }
}

#[test]
fn a_pre_in_a_table_kept_whole_keeps_its_lines_in_the_built_page() {
    let (_, source, html) = import_and_build("sections.html", "privacy");
    let pre = "<pre>Mon  frame repair\n       (sail sent out)\nTue  collected</pre>";
    assert!(source.contains(pre), "{source}");
    assert!(html.contains(pre), "{html}");
}

#[test]
fn an_icon_permalink_names_its_heading_and_is_not_reported_dropped() {
    let (report, source, html) = import_and_build("sections.html", "privacy");
    // The permalink's fragment, percent-decoded, is the heading's anchor.
    assert!(
        source.contains("## Who We Share It With {#data-sharing}"),
        "{source}"
    );
    assert!(
        html.contains("<a href=\"#data-sharing\">who we share it with</a>"),
        "{html}"
    );
    assert!(!report.contains("image-only link"), "{report}");
    assert!(report.contains("(0 blocks)"), "{report}");
    let extracted = extract(&page("sections.html"), None);
    assert_eq!(dropped(&extracted), vec![]);
}

#[test]
fn a_percent_encoded_fragment_names_the_anchor_it_encodes() {
    let extracted = extract(&page("sections.html"), None);
    // `r%C3%A9gulateurs` is `régulateurs`: not an id policyc takes, so the
    // section gets a slug, and the link follows it.
    assert!(
        extracted.markdown.contains("[regulators](#régulateurs)"),
        "{}",
        extracted.markdown
    );
    assert!(
        extracted.markdown.contains("## Régulateurs {#régulateurs}"),
        "{}",
        extracted.markdown
    );
    let (_, source, html) = import_and_build("sections.html", "privacy");
    assert!(source.contains("[regulators](#regulateurs)"), "{source}");
    assert!(html.contains("<h2 id=\"regulateurs\">"), "{html}");
}

#[test]
fn lettered_list_items_that_start_with_a_list_keep_their_marker_apart() {
    let html = "<main><h1>T</h1><ol type=a><li><ul><li>inner</li></ul></li>\
                <li><a href='https://example.com/x'>Linked</a> item</li>\
                <li><p>One.</p><p>Two.</p></li></ol></main>";
    let markdown = extract(html, None).markdown;
    assert_eq!(
        markdown,
        "# T\n\na.\n\n> - inner\n\nb. [Linked](https://example.com/x) item\n\nc. One.\n\n> Two.\n"
    );
}

#[test]
fn a_lettered_list_in_a_table_kept_whole_keeps_its_letters() {
    let html = "<main><h1>T</h1><table><tr><th>Purpose</th><th>Basis</th></tr>\
                <tr><td>Orders</td><td><ol type=i start=2><li>contract;</li>\
                <li><em>consent</em>, where asked.</li></ol></td></tr></table></main>";
    let markdown = extract(html, None).markdown;
    assert!(
        markdown
            .contains("<td><p>ii. contract;</p><p>iii. <em>consent</em>, where asked.</p></td>"),
        "{markdown}"
    );
}

#[test]
fn numbered_lists_keep_numbers_that_jump_count_down_or_start_at_zero_in_the_built_page() {
    let (_, source, html) = import_and_build("list-numbers.html", "rental");
    for line in [
        "1. A hire starts when the bike leaves the shop.\n\n<!-- -->\n\n4. Late returns are charged by the hour.\n5. Lost locks",
        "3. Check the brakes.\n\n<!-- -->\n\n2. Set the saddle.\n\n<!-- -->\n\n1. Ride off.\n",
        "0. Shop means our counter on the harbour.\n1. Bike means",
    ] {
        assert!(source.contains(line), "{line:?} not in:\n{source}");
    }
    for shown in [
        "<ol>\n<li>A hire starts when the bike leaves the shop.</li>\n</ol>\n\n<ol start=\"4\">\n<li>Late returns are charged by the hour.</li>\n<li>Lost locks",
        "<ol start=\"3\">\n<li>Check the brakes.</li>\n</ol>\n\n<ol start=\"2\">\n<li>Set the saddle.</li>\n</ol>\n\n<ol>\n<li>Ride off.</li>",
        "<ol start=\"0\">\n<li>Shop means our counter on the harbour.</li>\n<li>Bike means",
    ] {
        assert!(html.contains(shown), "{shown:?} not in:\n{html}");
    }
}

#[test]
fn a_sub_list_under_a_roman_or_lettered_item_stays_under_its_item_in_the_built_page() {
    let (_, source, html) = import_and_build("list-numbers.html", "rental");
    for line in [
        "II. Damage\n\n> - Scratches are free.\n> - Bent wheels are charged.\n\nIII. Complaints",
        "a. Deposits are held on a card.\n\n> They are released on return.\n>\n> 1. Cash deposits are counted in front of you.\n> 2. Receipts are emailed.\n\nb. Refunds",
    ] {
        assert!(source.contains(line), "{line:?} not in:\n{source}");
    }
    // The sub-list is inside the block under its item, never a list of
    // the document's own between two items.
    for shown in [
        "<p>II. Damage</p>\n<blockquote>\n<ul>\n<li>Scratches are free.</li>",
        "<p>a. Deposits are held on a card.</p>\n<blockquote>\n<p>They are released on return.</p>\n<ol>\n<li>Cash deposits",
    ] {
        assert!(html.contains(shown), "{shown:?} not in:\n{html}");
    }
    assert!(!html.contains("</p>\n<ul>\n<li>Scratches"), "{html}");
}
