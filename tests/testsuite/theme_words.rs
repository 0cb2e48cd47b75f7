//! The theme's words per language: a project's `strings/<locale>.yaml`
//! (and `strings:` in policyc.yaml) checked and shown, languages named from
//! CLDR, and English theme words marked `lang="en"` where a language has
//! none.

use crate::support::{Project, attrs, strings, text};

const PRIVACY_EN: &str =
    "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\nWe keep your name.\n";
const PRIVACY_DE: &str =
    "---\ntitle: Datenschutz\n---\n\n## Daten {#keep}\n\nWir speichern Ihren Namen.\n";
const PRIVACY_SW: &str = "---\ntitle: Faragha\n---\n\n## Data {#keep}\n\nTunahifadhi jina lako.\n";

/// A site in en-US, de-DE and `extra`, the privacy policy translated into
/// each.
fn project(extra: &str, text: &str) -> Project {
    Project::from_files(&[
        (
            "policyc.yaml",
            &format!(
                "name: Tidewater Legal\nbase_url: https://legal.tidewater.example/\ndefault_locale: en-US\nlocales: [en-US, de-DE, {extra}]\n"
            ),
        ),
        ("policies/privacy/en-US.md", PRIVACY_EN),
        ("policies/privacy/de-DE.md", PRIVACY_DE),
        (&format!("policies/privacy/{extra}.md"), text),
    ])
}

#[test]
fn project_words_override_the_theme_and_add_a_language() {
    let p = project("sw-KE", PRIVACY_SW);
    p.write(
        "strings/sw.yaml",
        "contents: \"Yaliyomo\"\nlast_updated: \"Ilisasishwa: {date}\"\nnot_yet_released: \"Ilisasishwa: bado\"\n",
    );
    p.write("strings/de.yaml", "contents: \"Inhaltsübersicht\"\n");
    let (code, report) = p.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    let warning = report.find("English theme words");
    assert!(warning.message.contains("sw-KE"), "{}", warning.message);
    assert!(
        warning
            .message
            .contains("`change_history`, `changed_sections`, `choose_region` and 49 more"),
        "{}",
        warning.message
    );
    assert!(
        warning.help().contains("strings/sw.yaml"),
        "{}",
        warning.help()
    );
    p.build();
    let page = p.page("global/sw-KE/privacy/index.html");
    assert_eq!(text(&page, "#toc-heading"), "Yaliyomo");
    assert!(attrs(&page, "#toc-heading", "lang").is_empty());
    assert_eq!(text(&page, "p.last-updated"), "Ilisasishwa: bado");
    // Keys the project left out are English, and marked so.
    assert_eq!(
        attrs(&page, "h2#other-languages-heading", "lang"),
        strings(&["en"])
    );
    assert_eq!(attrs(&page, "html", "lang"), strings(&["sw-KE"]));
    let german = p.page("global/de-DE/privacy/index.html");
    assert_eq!(text(&german, "#toc-heading"), "Inhaltsübersicht");
    // The rest of German comes from the theme, silently.
    assert_eq!(
        text(&german, "h2#other-languages-heading"),
        "Weitere Sprachen"
    );
}

#[test]
fn a_language_without_theme_words_is_warned_of_and_marked_english() {
    let p = project("sw-KE", PRIVACY_SW);
    let (code, report) = p.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    let warning = report.find("has no words in the language of `sw-KE`");
    warning.assert_at("policyc.yaml", Some(4), Some(25));
    assert!(
        warning.help().contains("strings/sw-KE.yaml"),
        "{}",
        warning.help()
    );
    p.build();
    let page = p.page("global/sw-KE/privacy/index.html");
    assert_eq!(text(&page, "#toc-heading"), "Contents");
    assert_eq!(attrs(&page, "#toc-heading", "lang"), strings(&["en"]));
    assert_eq!(attrs(&page, "a.skip-link", "lang"), strings(&["en"]));
    assert_eq!(attrs(&page, "p.last-updated", "lang"), strings(&["en"]));
    assert_eq!(attrs(&page, "html", "lang"), strings(&["sw-KE"]));
    // German has its words: nothing is marked there.
    let german = p.page("global/de-DE/privacy/index.html");
    assert!(attrs(&german, "#toc-heading", "lang").is_empty());
    // A notice in English words names languages in English, and says so.
    let config = p.read("policyc.yaml");
    p.write(
        "policyc.yaml",
        format!("{config}accept_fallbacks:\n  terms: [de-DE, sw-KE]\n"),
    );
    p.write(
        "policies/terms/en-US.md",
        "---\ntitle: Terms\n---\n\n## Use {#use}\n\nBe kind.\n",
    );
    p.build();
    let terms = p.page("global/sw-KE/terms/index.html");
    assert_eq!(attrs(&terms, "p.notice", "lang"), strings(&["en"]));
    assert_eq!(
        text(&terms, "p.notice"),
        "This document is not yet available in Swahili. It is shown in English."
    );
    assert_eq!(attrs(&terms, "article", "lang"), strings(&["en-US"]));
    let terms = p.page("global/de-DE/terms/index.html");
    assert_eq!(attrs(&terms, "p.notice", "lang"), strings(&["de-DE"]));
}

#[test]
fn released_fallback_text_is_marked_english_after_its_translation_is_written() {
    let p = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Tidewater Legal\ndefault_locale: en-US\nlocales: [en-US, tr-TR]\naccept_fallbacks:\n  privacy: [tr-TR]\n",
        ),
        ("policies/privacy/en-US.md", PRIVACY_EN),
    ]);
    let release = p
        .cmd()
        .args(["release", "-m", "First", "--date", "2026-11-01"])
        .output()
        .expect("run policyc release");
    assert!(release.status.success(), "{release:?}");
    // The Turkish translation is written: the page of the released
    // version 1 still shows the English text it released, marked English.
    p.write(
        "policies/privacy/tr-TR.md",
        "---\ntitle: Gizlilik\n---\n\n## Veriler {#keep}\n\nAdınızı saklarız.\n",
    );
    p.cmd()
        .args(["build", "--today", "2026-11-02"])
        .output()
        .expect("run policyc build");
    let page = p.page("global/tr-TR/privacy/index.html");
    assert!(text(&page, "article").contains("Adınızı saklarız."));
    assert!(attrs(&page, "article", "lang").is_empty());
    let version = p.page("global/tr-TR/privacy/v/1/index.html");
    assert!(text(&version, "article").contains("We keep your name."));
    assert_eq!(attrs(&version, "article", "lang"), strings(&["en-US"]));
    assert_eq!(attrs(&version, "html", "lang"), strings(&["tr-TR"]));
}

#[test]
fn mistakes_in_project_words_are_errors_at_their_place() {
    let p = project("fr-FR", PRIVACY_DE);
    p.write(
        "strings/de.yaml",
        "# Unsere Wörter\ncontens: \"Inhalt\"\nlast_updated: \"Aktualisiert\"\nversion: \"Fassung {n} vom {date}\"\ndocuments: 3\n",
    );
    p.write("strings/deutsch.yaml", "contents: \"Inhalt\"\n");
    let report = p.check_fails();
    let unknown = report.find("`contens` is not a theme word");
    unknown.assert_at("strings/de.yaml", Some(2), Some(1));
    assert!(
        unknown.help().contains("did you mean `contents`?"),
        "{}",
        unknown.help()
    );
    let lacks = report.find("`last_updated` lacks `{date}`");
    lacks.assert_at("strings/de.yaml", Some(3), Some(1));
    let extra = report.find("`version` uses `{date}`");
    extra.assert_at("strings/de.yaml", Some(4), Some(1));
    let number = report.find("`documents` must be a phrase of text, but is a number");
    number.assert_at("strings/de.yaml", Some(5), Some(1));
    let name = report.find("`strings/deutsch.yaml` is not named for a locale");
    assert_eq!(name.file.as_deref(), Some("strings/deutsch.yaml"));
}

#[test]
fn words_in_policyc_yaml_are_checked_and_shown() {
    let p = project("fr-FR", PRIVACY_DE);
    let config = p.read("policyc.yaml");
    p.write(
        "policyc.yaml",
        format!("{config}strings:\n  de:\n    contents: \"Übersicht\"\n  it:\n    contents: \"Indice\"\n"),
    );
    let (code, report) = p.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    report
        .find("no region publishes in `it`")
        .assert_at("policyc.yaml", Some(8), Some(3));
    p.build();
    let german = p.page("global/de-DE/privacy/index.html");
    assert_eq!(text(&german, "#toc-heading"), "Übersicht");
    p.write(
        "policyc.yaml",
        format!("{config}strings:\n  de:\n    contnts: \"Übersicht\"\n"),
    );
    p.check_fails()
        .find("`contnts` is not a theme word")
        .assert_at("policyc.yaml", Some(7), Some(5));
}

#[test]
fn languages_are_named_from_cldr_in_the_readers_language() {
    // A Turkish page falls back to English; the switcher names Turkish in
    // Turkish, and the notice (in the theme's English words until Turkish
    // ones exist) names languages, never codes.
    let p = project("tr-TR", "");
    p.remove("policies/privacy/tr-TR.md");
    p.write("policyc.yaml", "name: Tidewater Legal\ndefault_locale: en-US\nlocales: [en-US, de-DE, tr-TR]\naccept_fallbacks:\n  privacy: [tr-TR]\n");
    p.build();
    let turkish = p.page("global/tr-TR/privacy/index.html");
    let notice = text(&turkish, "p.notice");
    assert!(!notice.contains(" tr"), "{notice}");
    assert!(
        notice.contains("Turkish") || notice.contains("Türkçe"),
        "{notice}"
    );
    assert_eq!(attrs(&turkish, "article", "lang"), strings(&["en-US"]));
    let german = p.page("global/de-DE/privacy/index.html");
    let labels = text(&german, "nav.other-languages ul");
    assert!(labels.contains("English"), "{labels}");
    assert!(labels.contains("Türkçe"), "{labels}");
}

#[test]
fn switcher_labels_are_qualified_only_where_two_locales_share_a_language() {
    let p = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Tidewater Legal\ndefault_locale: en-US\nlocales: [en-US, en-GB, zh-CN, zh-TW, de-DE]\naccept_fallbacks:\n  privacy: [en-GB, zh-CN, zh-TW, de-DE]\n",
        ),
        ("policies/privacy/en-US.md", PRIVACY_EN),
    ]);
    p.build();
    let page = p.page("global/de-DE/privacy/index.html");
    let labels = text(&page, "nav.other-languages ul");
    for label in [
        "English (United States)",
        "English (United Kingdom)",
        "中文（简体）",
        "中文（繁體）",
    ] {
        assert!(labels.contains(label), "{label} in {labels}");
    }
    let english = p.page("global/en-US/privacy/index.html");
    assert!(text(&english, "nav.other-languages ul").contains("Deutsch"));
    assert!(!text(&english, "nav.other-languages ul").contains("Deutsch ("));
}

#[test]
fn a_language_cldr_does_not_know_is_shown_by_its_code_with_a_warning() {
    let p = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Tidewater Legal\ndefault_locale: en-US\nlocales: [en-US, qaa-QQ]\naccept_fallbacks:\n  privacy: [qaa-QQ]\n",
        ),
        ("policies/privacy/en-US.md", PRIVACY_EN),
    ]);
    let (code, report) = p.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    report
        .find("CLDR has no name for the language of `qaa-QQ`")
        .assert_at("policyc.yaml", Some(3), Some(18));
    p.build();
    let page = p.page("global/en-US/privacy/index.html");
    assert_eq!(text(&page, "nav.other-languages ul"), "qaa-QQ");
}
