//! A phrase shown in another language than its page's (English standing in
//! where the language has no words) is marked with the language of the very
//! phrase shown, not of a neighbour's key.

use crate::support::release::{build_at, release};
use crate::support::{Project, attrs, strings, text};

const PRIVACY_EN: &str =
    "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\nWe keep your name.\n";
const PRIVACY_SW: &str = "---\ntitle: Faragha\n---\n\n## Data {#keep}\n\nTunahifadhi jina lako.\n";

/// A site in en-US (the default, unless `default` says otherwise) and
/// sw-KE, whose project words (`strings/sw.yaml`) are `sw_words`.
fn project(default: &str, sw_words: &str) -> Project {
    Project::from_files(&[
        (
            "policyc.yaml",
            &format!("name: Kilima Legal\ndefault_locale: {default}\nlocales: [en-US, sw-KE]\n"),
        ),
        ("policies/privacy/en-US.md", PRIVACY_EN),
        ("policies/privacy/sw-KE.md", PRIVACY_SW),
        ("strings/sw.yaml", sw_words),
    ])
}

#[test]
fn not_yet_released_is_marked_by_its_own_language() {
    let p = project("en-US", "last_updated: \"Ilisasishwa: {date}\"\n");
    p.build();
    let page = p.page("global/sw-KE/privacy/index.html");
    assert_eq!(
        text(&page, "p.last-updated"),
        "Last Updated: not yet released"
    );
    assert_eq!(attrs(&page, "p.last-updated", "lang"), strings(&["en"]));
    // Released, the date's phrase is the project's Swahili: no mark.
    release(&p, "2026-01-10", "First release");
    build_at(&p, "2026-01-11");
    let page = p.page("global/sw-KE/privacy/index.html");
    assert!(
        text(&page, "p.last-updated").starts_with("Ilisasishwa: "),
        "{}",
        text(&page, "p.last-updated")
    );
    assert!(attrs(&page, "p.last-updated", "lang").is_empty());
}

#[test]
fn a_banners_link_is_marked_apart_from_its_notice() {
    let p = project(
        "en-US",
        "effective_notice: \"Mabadiliko yataanza kutumika {date}.\"\n",
    );
    release(&p, "2026-01-10", "First release");
    p.write(
        "policies/privacy/sw-KE.md",
        PRIVACY_SW.replace("jina lako", "jina lako kamili"),
    );
    p.cmd()
        .args([
            "release",
            "--date",
            "2026-02-01",
            "--effective",
            "2026-03-01",
            "--today",
            "2026-02-01",
            "-m",
            "Second",
        ])
        .output()
        .expect("run policyc release");
    build_at(&p, "2026-02-02");
    let page = p.page("global/sw-KE/privacy/index.html");
    assert!(attrs(&page, "p.banner", "lang").contains(&"sw-KE".to_string()));
    assert_eq!(attrs(&page, "p.banner a", "lang"), strings(&["en"]));
}

#[test]
fn the_chooser_marks_english_words_standing_in_for_a_language() {
    let p = project("sw-KE", "contents: \"Yaliyomo\"\n");
    p.build();
    let index = p.page("index.html");
    assert_eq!(
        attrs(&index, "li[data-locale=sw-KE]", "data-browser-language"),
        strings(&["Your browser’s language"])
    );
    assert_eq!(
        attrs(
            &index,
            "li[data-locale=sw-KE]",
            "data-browser-language-lang"
        ),
        strings(&["en"])
    );
    assert!(
        attrs(
            &index,
            "li[data-locale=en-US]",
            "data-browser-language-lang"
        )
        .is_empty()
    );
    // The index is in the default locale's language, Swahili: its English
    // heading says so.
    assert_eq!(attrs(&index, "main h2", "lang"), strings(&["en"]));
    let script = p.read_out("assets/chooser.js");
    assert!(
        script.contains("data-browser-language-lang"),
        "the script sets the note's language"
    );
}

#[test]
fn toc_entries_of_sections_shown_in_english_are_marked_on_an_arabic_page() {
    let p = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Kilima Legal\ndefault_locale: en-US\nlocales: [en-US, ar-EG]\naccept_fallbacks:\n  privacy: [ar-EG]\n",
        ),
        ("regions/gulf.yaml", "name: Gulf\nlocales: [en-US, ar-EG]\n"),
        ("policies/privacy/en-US.md", PRIVACY_EN),
        (
            "policies/privacy/ar-EG.md",
            "---\ntitle: الخصوصية\n---\n\n## البيانات التي نحتفظ بها {#keep}\n\nنحتفظ باسمك.\n",
        ),
        (
            "regions/gulf/privacy.en-US.md",
            "## Rights in the Gulf {#gulf-rights after=keep}\n\nYou may ask for a copy.\n\n### How to ask {#gulf-ask}\n\nWrite to us.\n",
        ),
    ]);
    p.build();
    let page = p.page("gulf/ar-EG/privacy/index.html");
    assert_eq!(attrs(&page, "html", "dir"), strings(&["rtl"]));
    // The list is in the page's language; only the English entries say
    // otherwise, and their subsections with them.
    assert!(attrs(&page, "nav.toc > ol", "lang").is_empty());
    assert_eq!(
        attrs(&page, "nav.toc > ol > li", "lang"),
        strings(&["en-US"])
    );
    assert_eq!(
        attrs(&page, "nav.toc > ol > li[lang=en-US]", "dir"),
        strings(&["ltr"])
    );
    assert_eq!(
        text(&page, "nav.toc > ol > li[lang=en-US] > a"),
        "Rights in the Gulf"
    );
    assert_eq!(text(&page, "nav.toc ol ol li > a"), "How to ask");
    assert!(attrs(&page, "nav.toc ol ol li", "lang").is_empty());
}
