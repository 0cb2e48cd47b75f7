//! `policyc import`, the page's structure: a last section of links that
//! is the policy's own (kept) beside a site footer (left out), reference
//! links, readable ids in any script, a translation's sections matched
//! with the default locale's, and which links are regional notices.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::import::{check, check_and_build, read};
use crate::support::{Project, policyc};

/// Writes `text` as `name` in `parent` and imports it into `parent/legal`
/// with `args`; returns the project's root and the JSON report.
fn import(parent: &Project, name: &str, text: &str, args: &[&str]) -> (PathBuf, Value) {
    let root = parent.root().join("legal");
    import_into(parent, &root, name, text, args)
}

fn import_into(
    parent: &Project,
    root: &Path,
    name: &str,
    text: &str,
    args: &[&str],
) -> (PathBuf, Value) {
    let source = parent.root().join(name);
    std::fs::write(&source, text).unwrap();
    let output = policyc()
        .arg("--root")
        .arg(root)
        .arg("import")
        .arg(&source)
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("run policyc import");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}\n{stdout}");
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}:\n{stdout}"));
    (root.to_path_buf(), report)
}

fn ids(report: &Value) -> Vec<String> {
    report["documents"][0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn notes(report: &Value) -> String {
    report["notes"].to_string()
}

#[test]
fn headings_in_other_scripts_get_readable_ids_and_emoji_ones_their_place() {
    let parent = Project::empty();
    let page = "# Privacy Policy\n\nLast updated: 2024-05-01\n\nMirabel Tea ships tea to five countries.\n\n## 🍵 Our tea club\n\nMembers get a tin a month.\n\n## Προσωπικά δεδομένα\n\nOnoma kai dieuthynsi.\n\n## Персональные данные\n\nImya i adres.\n\n## 個人情報\n\nNamae.\n\n## البيانات الشخصية\n\nAlism.\n\n## 🍪\n\nOne cookie keeps your basket.\n\n## Персональные данные\n\nAgain.\n";
    let (root, report) = import(&parent, "page.md", page, &["--doc", "privacy"]);
    assert_eq!(
        ids(&report),
        [
            "our-tea-club",
            "προσωπικά-δεδομένα",
            "персональные-данные",
            "個人情報",
            "البيانات-الشخصية",
            "section-6",
            "персональные-данные-2",
        ]
    );
    let notes = notes(&report);
    assert!(
        notes.contains("no letter or digit to make an id of") && notes.contains("`section-6`"),
        "{notes}"
    );
    let text = read(&root, "policies/privacy/en-US.md");
    assert!(
        text.contains("## Προσωπικά δεδομένα {#προσωπικά-δεδομένα}"),
        "{text}"
    );
    check_and_build(&root);
    let html = read(&root, "out/global/en-US/privacy/index.html");
    assert!(html.contains("id=\"個人情報\""), "{html}");
}

#[test]
fn only_links_that_read_as_a_regional_notice_are_candidate_supplements() {
    let parent = Project::empty();
    let page = "- [Shop](/shop)\n- [California](/stores/california)\n- [Oregon](/stores/oregon)\n\n# Privacy Policy\n\nLast updated: 2024-05-01\n\nSunfield Seeds sells seeds, such as our [California Poppy Seeds](/shop/california-poppy), by post.\n\n## Your rights\n\nRead the [Notice to California Residents](/legal/ca-notice), our [California Privacy Rights](/legal/ca-rights) page, [Your EU/UK rights](/legal/eu) and the [Datenschutzhinweise für Kalifornien](/de/legal/ca).\n";
    let (root, report) = import(
        &parent,
        "page.md",
        page,
        &[
            "--doc",
            "privacy",
            "--url",
            "https://sunfield.example/legal/privacy",
        ],
    );
    let notices: Vec<(String, String)> = report["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["text"].as_str().unwrap().to_string(),
                n["region"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        notices,
        [
            ("Notice to California Residents".into(), "us-ca".into()),
            ("California Privacy Rights".into(), "us-ca".into()),
            ("Your EU/UK rights".into(), "eu".into()),
            ("Datenschutzhinweise für Kalifornien".into(), "us-ca".into()),
        ]
    );
    let text = read(&root, "policies/privacy/en-US.md");
    assert!(
        text.contains("[California Poppy Seeds](https://sunfield.example/shop/california-poppy)"),
        "{text}"
    );
}

fn dropped(report: &Value) -> Vec<String> {
    report["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d["kind"].as_str().unwrap(),
                d["first_words"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_last_section_of_links_stays_and_the_footer_below_it_goes() {
    let parent = Project::empty();
    let page = "- [Shop](/shop)\n- [Journal](/journal)\n\n# Privacy Policy\n\nLast updated: 2024-05-01\n\nFernhill Farm sells vegetable boxes.\n\n## What we keep\n\nYour name and address.\n\n## Contact the regulator\n\n- [Data Protection Office](https://dpo.example.org/complaints)\n- [Consumer Advice Centre](https://advice.example.net/)\n\n[Terms](/terms) · [Privacy](/privacy) · [Contact](/contact) · © 2024\n";
    let (root, report) = import(
        &parent,
        "page.md",
        page,
        &[
            "--doc",
            "privacy",
            "--url",
            "https://fernhill.example/legal/privacy",
        ],
    );
    assert_eq!(ids(&report), ["what-we-keep", "contact-the-regulator"]);
    assert_eq!(
        dropped(&report),
        [
            "navigation: Shop Journal",
            "footer: Terms · Privacy · Contact · © 2024"
        ]
    );
    let text = read(&root, "policies/privacy/en-US.md");
    assert!(
        text.contains("## Contact the regulator {#contact-the-regulator}\n\n- [Data Protection Office](https://dpo.example.org/complaints)\n- [Consumer Advice Centre](https://advice.example.net/)\n"),
        "{text}"
    );
    assert!(!text.contains("Terms"), "{text}");
    check_and_build(&root);
    // At the very end of the page, with no footer below it.
    let last = page.rsplit_once("\n\n[Terms]").unwrap().0;
    let (root, report) = import_into(
        &parent,
        &parent.root().join("again"),
        "last.md",
        last,
        &["--doc", "privacy"],
    );
    assert_eq!(ids(&report), ["what-we-keep", "contact-the-regulator"]);
    assert_eq!(dropped(&report), ["navigation: Shop Journal"]);
    check_and_build(&root);
}

#[test]
fn reference_links_of_a_scraped_page_become_links_or_listed_text_never_brackets() {
    let parent = Project::empty();
    let page = "[Home][1] · [Shop][2] · [Journal][3]\n\n# Privacy Policy\n\nLast updated: 2024-05-01\n\nWillowmere Books follows its [cookie rules][4] and an [older notice][9].\n\n## Your rights\n\nYou may [complain to the regulator][5].\n\n[Terms][6] · [Privacy][7] · © 2024 Willowmere Books\n\n[1]: /\n[2]: /shop\n[3]: /journal\n[4]: /legal/cookies\n[5]: https://dpa.example.org/\n[6]: /terms\n[7]: /privacy\n";
    let (root, report) = import(
        &parent,
        "page.md",
        page,
        &[
            "--doc",
            "privacy",
            "--url",
            "https://willowmere.example/legal/privacy",
        ],
    );
    let text = read(&root, "policies/privacy/en-US.md");
    assert!(
        text.contains(
            "its [cookie rules](https://willowmere.example/legal/cookies) and an older notice."
        ),
        "{text}"
    );
    assert!(
        text.contains("[complain to the regulator](https://dpa.example.org/)"),
        "{text}"
    );
    assert!(!text.contains("]["), "{text}");
    assert!(!text.contains("]:"), "{text}");
    assert!(!text.contains("Terms"), "{text}");
    assert_eq!(
        dropped(&report),
        [
            "navigation: Home · Shop · Journal",
            "footer: Terms · Privacy · © 2024 Willowmere Books"
        ]
    );
    let listed = notes(&report);
    assert!(
        listed.contains("“older notice”: a reference link to a label the page does not define"),
        "{listed}"
    );
    check_and_build(&root);
    // Without the page's address, a relative target is text, and listed.
    let (root, report) = import_into(
        &parent,
        &parent.root().join("no-url"),
        "page.md",
        page,
        &["--doc", "privacy"],
    );
    let text = read(&root, "policies/privacy/en-US.md");
    assert!(
        text.contains("its cookie rules and an older notice."),
        "{text}"
    );
    assert!(!text.contains("]["), "{text}");
    let listed = notes(&report);
    assert!(
        listed.contains("“cookie rules”: a relative link, and the page's address is unknown"),
        "{listed}"
    );
    check_and_build(&root);
}

const ENGLISH: &str = "# Privacy Policy\n\nLast updated: 2024-03-01\n\nHollowbrook Bakery bakes bread to order. See [what we keep](#what-we-keep).\n\n## What we keep\n\nYour name and address.\n\n### Order records\n\nKept for six years.\n\n## Your rights\n\nYou may ask for a copy.\n\n## Contact\n\nWrite to privacy@hollowbrook.example.\n";

/// An English page imported into a new project, released.
fn english_project(parent: &Project) -> PathBuf {
    let (root, _) = import(parent, "privacy-en.md", ENGLISH, &["--doc", "privacy"]);
    root
}

fn mappings(report: &Value) -> Vec<(String, String, String)> {
    report["documents"][0]["translation"]["sections"]
        .as_array()
        .unwrap_or_else(|| panic!("no mapping in {report}"))
        .iter()
        .map(|s| {
            (
                s["heading"].as_str().unwrap().to_string(),
                s["id"].as_str().unwrap().to_string(),
                s["source_heading"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_translation_takes_the_default_locales_ids_by_place_and_level() {
    let parent = Project::empty();
    let root = english_project(&parent);
    let german = "# Datenschutzerklärung\n\nStand: 01.03.2024\n\nDie Hollowbrook Bäckerei backt Brot auf Bestellung. Siehe [was wir speichern](#was-wir-speichern).\n\n## Was wir speichern\n\nIhren Namen und Ihre Anschrift.\n\n### Bestellunterlagen\n\nSechs Jahre lang aufbewahrt.\n\n## Ihre Rechte\n\nSie können eine Kopie verlangen.\n\n## Kontakt\n\nSchreiben Sie an privacy@hollowbrook.example.\n";
    std::fs::write(parent.root().join("privacy-de.md"), german).unwrap();
    let dry = policyc()
        .arg("--root")
        .arg(&root)
        .arg("import")
        .arg(parent.root().join("privacy-de.md"))
        .args(["--dry-run", "--doc", "privacy", "--locale", "de-DE"])
        .output()
        .unwrap();
    let human = String::from_utf8(dry.stdout).unwrap();
    for line in [
        "  Ids: those of the en-US version, where a section matches one for certain (4 of 4 sections):\n",
        "    Was wir speichern = What we keep  {#what-we-keep}\n",
        "    Kontakt = Contact  {#contact}\n",
    ] {
        assert!(human.contains(line), "{line:?} missing from:\n{human}");
    }
    let (_, report) = import_into(
        &parent,
        &root,
        "privacy-de.md",
        german,
        &["--doc", "privacy", "--locale", "de-DE"],
    );
    assert_eq!(
        mappings(&report),
        [
            (
                "Was wir speichern".into(),
                "what-we-keep".into(),
                "What we keep".into()
            ),
            (
                "Bestellunterlagen".into(),
                "order-records".into(),
                "Order records".into()
            ),
            (
                "Ihre Rechte".into(),
                "your-rights".into(),
                "Your rights".into()
            ),
            ("Kontakt".into(), "contact".into(), "Contact".into()),
        ]
    );
    let text = read(&root, "policies/privacy/de-DE.md");
    assert!(
        text.contains("## Was wir speichern {#what-we-keep}"),
        "{text}"
    );
    assert!(
        text.contains("[was wir speichern](#what-we-keep)"),
        "a link to a renamed section follows it:\n{text}"
    );
    check_and_build(&root);
}

#[test]
fn a_translation_with_another_structure_matches_what_it_can_and_lists_the_rest() {
    let parent = Project::empty();
    let root = english_project(&parent);
    // No "Order records"; a subsection of its own under "Ihre Rechte".
    let german = "# Datenschutzerklärung\n\nStand: 01.03.2024\n\nDie Hollowbrook Bäckerei backt Brot auf Bestellung.\n\n## Was wir speichern\n\nIhren Namen und Ihre Anschrift, sechs Jahre lang.\n\n## Ihre Rechte\n\nSie können eine Kopie verlangen.\n\n### Beschwerde\n\nBei der Aufsichtsbehörde.\n\n## Kontakt\n\nSchreiben Sie an privacy@hollowbrook.example.\n";
    let (_, report) = import_into(
        &parent,
        &root,
        "privacy-de.md",
        german,
        &["--doc", "privacy", "--locale", "de-DE"],
    );
    assert_eq!(
        mappings(&report),
        [
            (
                "Was wir speichern".into(),
                "what-we-keep".into(),
                "What we keep".into()
            ),
            (
                "Ihre Rechte".into(),
                "your-rights".into(),
                "Your rights".into()
            ),
            ("Beschwerde".into(), "beschwerde".into(), "".into()),
            ("Kontakt".into(), "contact".into(), "Contact".into()),
        ]
    );
    assert_eq!(
        report["documents"][0]["translation"]["missing"][0]["id"],
        "order-records"
    );
    let listed = notes(&report);
    assert!(
        listed.contains("a section of the translation matched no section of the en-US version, so it keeps its own id: “Beschwerde” {#beschwerde}; give it the `{#id}` of the en-US section it translates"),
        "{listed}"
    );
    assert!(
        listed.contains(
            "a section of the en-US version matched no section of the translation: `order-records`"
        ),
        "{listed}"
    );
    // `check` warns of those two only.
    let (code, stderr) = check(&root);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("check passed (2 warnings)"), "{stderr}");
    assert!(
        stderr.contains("lacks a section of `policies/privacy/en-US.md`: `order-records`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the section `beschwerde` is not in"),
        "{stderr}"
    );
}

#[test]
fn a_footers_columns_go_whole_and_a_last_section_of_regulators_stays() {
    let parent = Project::empty();
    let page = "# Privacy Policy\n\nLast updated: 2024-05-01\n\nBrambleway Bakery bakes bread and keeps little about you.\n\n## What we keep\n\nYour name and address.\n\n## Resources\n\nIf our answer does not satisfy you, a regulator can help:\n\n- [Information Commissioner](https://ico.example.org.uk/)\n- [European Data Protection Board](https://edpb.example.eu/)\n\n## Contact\n\nWrite to [privacy@brambleway.example](mailto:privacy@brambleway.example).\n\n[Back to top](#main)\n\n### Company\n\n- [About](/about)\n- [Careers](/careers)\n\n### Follow us\n\n* [Twitter](https://twitter.com/brambleway)\n\n© 2024 Brambleway Bakery Ltd.\n";
    let url = "https://brambleway.example/legal/privacy";
    let (root, report) = import(
        &parent,
        "page.md",
        page,
        &["--doc", "privacy", "--url", url],
    );
    assert_eq!(ids(&report), ["what-we-keep", "resources", "contact"]);
    assert_eq!(
        dropped(&report),
        [
            "footer: Back to top",
            "footer: Company",
            "footer: About Careers",
            "footer: Follow us",
            "footer: Twitter",
            "footer: © 2024 Brambleway Bakery Ltd."
        ]
    );
    let text = read(&root, "policies/privacy/en-US.md");
    assert!(
        text.contains("- [Information Commissioner](https://ico.example.org.uk/)\n- [European Data Protection Board](https://edpb.example.eu/)\n\n## Contact"),
        "{text}"
    );
    assert!(
        !text.contains("Back to top") && !text.contains("Careers"),
        "{text}"
    );
    check_and_build(&root);
    // Resources as the page's last section, its links alone under it.
    let last = "# Privacy Policy\n\nLast updated: 2024-05-01\n\nBrambleway Bakery bakes bread.\n\n## What we keep\n\nYour name and address.\n\n## Resources\n\n- [Information Commissioner](https://ico.example.org.uk/)\n- [European Data Protection Board](https://edpb.example.eu/)\n";
    let (root, report) = import_into(
        &parent,
        &parent.root().join("again"),
        "last.md",
        last,
        &["--doc", "privacy", "--url", url],
    );
    assert_eq!(ids(&report), ["what-we-keep", "resources"]);
    assert!(dropped(&report).is_empty(), "{report}");
    assert!(read(&root, "policies/privacy/en-US.md").contains("(https://edpb.example.eu/)"));
}

/// A plain-text export ("save as text") of an invented company's terms:
/// the site's lines over the title with no blank line between them, blank
/// lines between sections but none under a title, definitions a line
/// each, and a paragraph wrapped across lines.
const TEXT_EXPORT: &str = "Skip to content
Home | Kayaks | Rentals | Contact
TERMS OF SERVICE

Last updated: March 3, 2024

These terms govern the rentals of Otterbrook Kayaks Ltd, a small boat
hire on the River Wend.

1. DEFINITIONS
\"Services\" means the kayak and paddleboard rentals we offer.
\"You\" means the person who books a rental.
\"Booking\" means a reservation we confirm by email.

2. RENTALS
2.1 Eligibility
You must be at least 16 years old to rent a kayak on your own.

2.2 Safety
Wear the buoyancy aid we lend you at all times on the water.

3. FEES
Fees are shown when you book and are paid in advance. We return
deposits within five working days of the rental.

4. Contact Us
Write to hello@otterbrook.example with any question.

© 2024 Otterbrook Kayaks Ltd
";

#[test]
fn a_text_exports_titles_definitions_and_site_lines_are_read_without_blank_lines() {
    let parent = Project::empty();
    let (root, report) = import(&parent, "terms.txt", TEXT_EXPORT, &["--doc", "terms"]);
    assert_eq!(
        report["documents"][0]["title"], "TERMS OF SERVICE",
        "{report}"
    );
    assert!(!notes(&report).contains("no title found"), "{report}");
    assert_eq!(
        ids(&report),
        [
            "definitions",
            "rentals",
            "eligibility",
            "safety",
            "fees",
            "contact-us"
        ]
    );
    assert_eq!(
        dropped(&report),
        [
            "skip link: Skip to content",
            "navigation: Home | Kayaks | Rentals | Contact",
            "footer: © 2024 Otterbrook Kayaks Ltd"
        ]
    );
    let text = read(&root, "policies/terms/en-US.md");
    for part in [
        "## 3. FEES {#fees}\n\nFees are shown when you book and are paid in advance. We return\ndeposits within five working days of the rental.\n",
        "## 2. RENTALS {#rentals}\n\n### 2.1 Eligibility {#eligibility}\n\nYou must be at least 16",
        "\"Services\" means the kayak and paddleboard rentals we offer.\n\n\"You\" means the person who books a rental.\n\n\"Booking\" means",
        "These terms govern the rentals of Otterbrook Kayaks Ltd, a small boat\nhire on the River Wend.\n",
    ] {
        assert!(text.contains(part), "{part}\nnot in:\n{text}");
    }
    check_and_build(&root);
}

const TERMS_EN: &str = "# Terms of Use\n\nLast updated: 2024-03-01\n\nThese terms govern orders from Hollowbrook Bakery.\n\n## Accounts\n\nYou need an account to order.\n\n## Payments\n\nWe charge your card when we ship.\n\n### Refunds\n\nAsk within two weeks.\n\n## Liability\n\nWe answer for damage we cause on purpose.\n\n## Governing law\n\nThe law of the country we bake in applies.\n";

#[test]
fn a_translation_missing_a_section_gets_no_wrong_pair_from_its_subsections() {
    let parent = Project::empty();
    let (root, _) = import(&parent, "terms-en.md", TERMS_EN, &["--doc", "terms"]);
    // No "Payments"; "Haftung" has one subsection, as "Payments" has.
    let german = "# Nutzungsbedingungen\n\nStand: 01.03.2024\n\nDiese Bedingungen gelten für Bestellungen.\n\n## Konten\n\nZum Bestellen brauchen Sie ein Konto.\n\n## Haftung\n\nWir haften für Schäden, die wir absichtlich verursachen.\n\n### Haftungsausschluss\n\nNicht für höhere Gewalt.\n\n## Anwendbares Recht\n\nEs gilt das Recht des Landes, in dem wir backen.\n";
    let (_, report) = import_into(
        &parent,
        &root,
        "terms-de.md",
        german,
        &["--doc", "terms", "--locale", "de-DE"],
    );
    let mapped = mappings(&report);
    for (heading, id, source) in &mapped {
        assert!(
            source.is_empty(),
            "“{heading}” paired with “{source}” {{#{id}}} on structure alone: {mapped:?}"
        );
    }
    assert_eq!(
        mapped.iter().map(|m| m.1.as_str()).collect::<Vec<_>>(),
        [
            "konten",
            "haftung",
            "haftungsausschluss",
            "anwendbares-recht"
        ]
    );
    let listed = notes(&report);
    assert!(
        listed.contains("4 sections of the translation matched no section of the en-US version, so they keep their own ids"),
        "{listed}"
    );
    assert!(
        listed.contains("5 sections of the en-US version matched no section of the translation: `accounts`, `payments`, `refunds`, `liability`, `governing-law`"),
        "{listed}"
    );
    let text = read(&root, "policies/terms/de-DE.md");
    assert!(
        !text.contains("{#payments}") && !text.contains("{#refunds}"),
        "{text}"
    );
}

#[test]
fn a_mark_both_texts_share_places_a_missing_section_and_the_run_after_it_pairs() {
    let parent = Project::empty();
    let english = TERMS_EN.replace("on purpose.", "on purpose, up to 500 euros.");
    let (root, _) = import(&parent, "terms-en.md", &english, &["--doc", "terms"]);
    let german = "# Nutzungsbedingungen\n\nStand: 01.03.2024\n\nDiese Bedingungen gelten für Bestellungen.\n\n## Konten\n\nZum Bestellen brauchen Sie ein Konto.\n\n## Haftung\n\nWir haften für Schäden, die wir absichtlich verursachen, bis 500 Euro.\n\n### Haftungsausschluss\n\nNicht für höhere Gewalt.\n\n## Anwendbares Recht\n\nEs gilt das Recht des Landes, in dem wir backen.\n";
    let (_, report) = import_into(
        &parent,
        &root,
        "terms-de.md",
        german,
        &["--doc", "terms", "--locale", "de-DE"],
    );
    assert_eq!(
        mappings(&report),
        [
            ("Konten".into(), "konten".into(), "".into()),
            ("Haftung".into(), "liability".into(), "Liability".into()),
            (
                "Haftungsausschluss".into(),
                "haftungsausschluss".into(),
                "".into()
            ),
            (
                "Anwendbares Recht".into(),
                "governing-law".into(),
                "Governing law".into()
            ),
        ]
    );
    // The sections left unmatched are warnings, not errors.
    let (code, stderr) = check(&root);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "lacks sections of `policies/terms/en-US.md`: `accounts`, `payments`, `refunds`"
        ),
        "{stderr}"
    );
}

#[test]
fn notices_for_any_country_are_candidates_and_links_to_laws_are_not() {
    let parent = Project::empty();
    let page = "# Privacy Policy\n\nLast updated: 2024-05-01\n\nThornfield Tea ships tea. We follow the [General Data Protection Regulation](https://eur-lex.europa.eu/eli/reg/2016/679/oj), the [GDPR](/gdpr), the [California Consumer Privacy Act](https://leginfo.legislature.ca.gov/faces/codes_displayText.xhtml?division=3.&part=4.&lawCode=CIV&title=1.81.5) and [California privacy rights](https://oag.ca.gov/privacy/ccpa) as the state explains them.\n\n## Notices for your country\n\n- [Notice to Swiss Users](/legal/ch)\n- [Notice for Brazil](/legal/br)\n- [Hinweise für Nutzer in der Schweiz](/de/legal/ch)\n- [Aviso de privacidad para México](/es/legal/mx)\n- [Notice to California Residents](/legal/ca)\n";
    let (_, report) = import(
        &parent,
        "page.md",
        page,
        &[
            "--doc",
            "privacy",
            "--url",
            "https://thornfield.example/legal/privacy",
        ],
    );
    let notices: Vec<(String, String, String)> = report["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["text"].as_str().unwrap().to_string(),
                n["target"].as_str().unwrap().to_string(),
                n["region"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("Notice to Swiss Users", "/legal/ch", "ch"),
        ("Notice for Brazil", "/legal/br", "br"),
        ("Hinweise für Nutzer in der Schweiz", "/de/legal/ch", "ch"),
        ("Aviso de privacidad para México", "/es/legal/mx", "mx"),
        ("Notice to California Residents", "/legal/ca", "us-ca"),
    ]
    .into_iter()
    .map(|(text, path, region)| {
        (
            text.to_string(),
            format!("https://thornfield.example{path}"),
            region.to_string(),
        )
    })
    .collect();
    assert_eq!(notices, expected);
}

/// Imports `text` as `name` with `--doc p`; the document written.
fn imported(name: &str, text: &str) -> String {
    let parent = Project::empty();
    let (root, _) = import(&parent, name, text, &["--doc", "p"]);
    let (code, stderr) = check(&root);
    assert_eq!(code, 0, "{stderr}");
    read(&root, "policies/p/en-US.md")
}

#[test]
fn a_hard_wrapped_text_export_keeps_its_paragraphs_whole() {
    let text = imported(
        "t5.txt",
        "Cookie Policy\nLast updated: 3 March 2024\n\n1. What cookies are\nCookies are small files that a website stores on your device when you\nvisit it. We use them to remember your settings, to keep you signed in\nand to understand how visitors use the site.\n",
    );
    assert!(
        text.contains("Cookies are small files that a website stores on your device when you\nvisit it. We use them to remember your settings, to keep you signed in\nand to understand how visitors use the site.\n"),
        "{text}"
    );
    // A line-a-paragraph export stays a paragraph a line.
    let text = imported(
        "lines.txt",
        "Terms of Sale\n1. Scope\nThese terms cover every order you place in our shop.\nThey apply whether you order online or by phone.\n2. Returns\nYou may return goods within 30 days of delivery.\n",
    );
    assert!(
        text.contains("These terms cover every order you place in our shop.\n\nThey apply whether"),
        "{text}"
    );
}

#[test]
fn addresses_postcodes_dates_and_quantities_are_not_numbered_headings() {
    let text = imported(
        "a.txt",
        "Terms\n\nOtterbrook Ltd\n\n12 Oven Lane\n\n80331 München\n\n10115 Berlin\n\n500 Harbor Blvd\n\n3.5 GB per user on Teams\n\n4. Contact Us\n\nWrite to us at the address above.\n",
    );
    assert!(
        !text.contains("## 12") && !text.contains("## 8") && !text.contains("## 1"),
        "{text}"
    );
    assert!(!text.contains("## 5") && !text.contains("## 3"), "{text}");
    assert!(text.contains("## 4. Contact Us {#contact-us}"), "{text}");
    let text = imported(
        "d.md",
        "# Privacy\n\n1 January 2024\n\nWe keep the data we need.\n",
    );
    assert!(!text.contains("## 1"), "{text}");
    let text = imported(
        "h.html",
        "<html><body><h1>Privacy</h1><p>100 Main Street</p><p>We keep the data we need.</p></body></html>",
    );
    assert!(
        text.contains("\n100 Main Street\n") && !text.contains("## 100"),
        "{text}"
    );
}

#[test]
fn a_title_line_over_a_lower_case_continuation_is_one_sentence() {
    let text = imported(
        "c1.txt",
        "Terms of Sale\n\n3. Payment\nAll Prices Include VAT\nunless we say otherwise at checkout.\n\n4. Liability\nWe answer for our own faults.\n",
    );
    assert!(
        text.contains("All Prices Include VAT\nunless we say otherwise at checkout.\n"),
        "{text}"
    );
    let text = imported(
        "c2.txt",
        "Terms of Sale\n1. Scope\nThese terms cover every order you place in our shop.\nThey apply whether you order online or by phone.\nIN NO EVENT SHALL WE BE LIABLE\nfor indirect damages.\n1. Warning the Customer\nby email, with a deadline.\n2. Returns\nYou may return goods within 30 days of delivery.\n",
    );
    assert!(
        text.contains("IN NO EVENT SHALL WE BE LIABLE\nfor indirect damages.\n"),
        "{text}"
    );
    assert!(
        text.contains("1. Warning the Customer\nby email, with a deadline.\n"),
        "{text}"
    );
    assert!(
        !text.contains("## IN NO") && !text.contains("## 1. Warning"),
        "{text}"
    );
}

#[test]
fn empty_headings_are_left_out_and_reported_and_the_project_checks() {
    let parent = Project::empty();
    let (root, report) = import(
        &parent,
        "eh.md",
        "# \n\n## \n\nWe keep your orders for six years, as the tax law asks.\n\n## {#x}\n\nMore of the policy.\n",
        &["--doc", "p"],
    );
    assert_eq!(dropped(&report).len(), 3, "{report}");
    assert!(dropped(&report)[0].starts_with("empty heading"), "{report}");
    assert!(notes(&report).contains("no title found"), "{report}");
    let text = read(&root, "policies/p/en-US.md");
    assert!(
        !text.contains("##") && !text.contains("title: \"\""),
        "{text}"
    );
    check_and_build(&root);
}

#[test]
fn a_notice_above_a_dated_title_is_kept_and_the_site_name_dropped() {
    let parent = Project::empty();
    let (root, report) = import(
        &parent,
        "t8.txt",
        "IMPORTANT: PLEASE READ CAREFULLY\nTerms of Service\nLast updated: 3 March 2024\nBy using the Pebble Ferries app you agree to these terms.\n",
        &["--doc", "terms", "--today", "2026-12-05"],
    );
    assert_eq!(report["documents"][0]["title"], "Terms of Service");
    assert!(dropped(&report).is_empty(), "{report}");
    let text = read(&root, "policies/terms/en-US.md");
    assert!(
        text.contains("---\n\nIMPORTANT: PLEASE READ CAREFULLY\n"),
        "{text}"
    );
    assert!(text.contains("By using the Pebble Ferries app"), "{text}");

    // A site name its footer repeats is the page's header.
    let parent = Project::empty();
    let (root, report) = import(
        &parent,
        "t9.md",
        "Pebble Ferries\n\nTerms of Service\n\nLast updated: 3 March 2024\n\nBy using the app you agree to these terms.\n\n© 2024 Pebble Ferries\n",
        &["--doc", "terms", "--today", "2026-12-05"],
    );
    assert!(
        dropped(&report).contains(&"page header: Pebble Ferries".to_string()),
        "{report}"
    );
    assert!(!read(&root, "policies/terms/en-US.md").contains("\nPebble Ferries\n"));
}

#[test]
fn the_sites_footer_line_goes_and_the_last_sections_links_stay() {
    for heading in ["Resources", "How to contact us", "Related policies"] {
        let parent = Project::empty();
        let page = format!(
            "[Home](https://shop.example/) · [Shop](https://shop.example/shop) · [Blog](https://shop.example/blog)\n\n# Privacy Policy\n\nLast updated: 3 March 2024\n\n## What we collect\n\nWe collect your name and address when you order.\n\n## {heading}\n\n- [ICO](https://ico.org.uk/)\n- [EDPB](https://edpb.europa.eu/)\n\n[About](https://shop.example/about) · [Careers](https://shop.example/jobs)\n\n© 2024 Shop Ltd\n"
        );
        let (root, report) = import(
            &parent,
            "privacy.md",
            &page,
            &["--doc", "privacy", "--today", "2026-12-05"],
        );
        let text = read(&root, "policies/privacy/en-US.md");
        assert!(
            text.contains("[EDPB](https://edpb.europa.eu/)"),
            "{heading}: {text}"
        );
        assert!(!text.contains("Careers"), "{heading}: {text}");
        assert!(
            dropped(&report).contains(&"footer: About · Careers".to_string()),
            "{heading}: {report}"
        );
    }
}

#[test]
fn a_last_section_of_account_links_is_the_policys() {
    let parent = Project::empty();
    let (root, report) = import(
        &parent,
        "account.md",
        "# Account Policy\n\nLast updated: 3 March 2024\n\n## What we collect\n\nWe collect your name.\n\n## Help\n\n- [Reset your password](https://shop.example/reset)\n- [Delete your account](https://shop.example/delete)\n",
        &[
            "--doc",
            "account",
            "--today",
            "2026-12-05",
            "--url",
            "https://shop.example/account",
        ],
    );
    assert!(dropped(&report).is_empty(), "{report}");
    let text = read(&root, "policies/account/en-US.md");
    assert!(text.contains("## Help {#help}"), "{text}");
    assert!(text.contains("[Delete your account]"), "{text}");
}
