//! The twelve-language fixture (`tests/fixtures/worldwide`): right-to-left
//! pages (Arabic, Hebrew) with `dir`, CJK pages, and numbers, dates and
//! lists written as each locale writes them, from ICU's data. Its pages are
//! also checked by the Nu HTML checker and axe in CI (`.ci/run`), and its
//! Arabic page's mirrored layout in Chromium (`browser.rs`).

use std::path::Path;

use scraper::Html;

use crate::support::{Project, attrs, read_tree, select, strings, text, text_of};

/// The fixture's locales, the default first.
const LOCALES: [&str; 12] = [
    "en-US", "de-DE", "fr-FR", "es-ES", "ja-JP", "zh-CN", "ar-EG", "he-IL", "tr-TR", "pl-PL",
    "pt-BR", "ru-RU",
];
const RTL: [&str; 2] = ["ar-EG", "he-IL"];

/// The fixture, built.
pub fn built() -> Project {
    let site = Project::fixture("worldwide");
    site.build();
    site
}

fn page(site: &Project, rel: &str) -> Html {
    site.page(rel)
}

#[test]
fn worldwide_fixture_checks_with_only_the_expected_fallback_warning() {
    let site = Project::fixture("worldwide");
    let (code, report) = site.check_json(&[]);
    assert_eq!(code, 0, "{:#?}", report.diagnostics);
    assert_eq!(report.errors, 0, "{:#?}", report.diagnostics);
    // Hebrew's cookie notice is left to fall back on purpose; every other
    // fallback is accepted in policyc.yaml.
    assert_eq!(report.warnings, 1, "{:#?}", report.diagnostics);
    let warning = &report.diagnostics[0];
    assert_eq!(warning.file.as_deref(), Some("policies/cookies/en-US.md"));
    assert!(warning.message.contains("`he-IL`"), "{}", warning.message);
    let out = built();
    let pages = read_tree(&out.out())
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    // 12 locales × (2 documents + 2 change histories + 2 archived
    // versions + the region page), the index and the 404 page.
    assert_eq!(pages, LOCALES.len() * 7 + 2);
}

#[test]
fn every_page_has_its_locales_lang_and_direction() {
    let site = built();
    let out = site.out();
    let mut seen = 0;
    for rel in read_tree(&out).keys() {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel_str = rel.to_string_lossy();
        let locale = match rel.iter().nth(1).and_then(|s| s.to_str()) {
            Some(l) if rel.starts_with("global") => l,
            // The index and the 404 page are in the default locale.
            _ => "en-US",
        };
        let html = page(&site, &rel_str);
        assert_eq!(
            attrs(&html, "html", "lang"),
            strings(&[locale]),
            "{rel_str}"
        );
        let dir = attrs(&html, "html", "dir");
        if RTL.contains(&locale) {
            assert_eq!(dir, strings(&["rtl"]), "{rel_str}");
        } else {
            // Left to right is the default: no attribute.
            assert!(dir.is_empty(), "{rel_str}: {dir:?}");
        }
        seen += 1;
    }
    assert_eq!(seen, 12 * 7 + 2);
    assert!(
        Path::new(&out)
            .join("global/ar-EG/privacy/index.html")
            .is_file()
    );
}

#[test]
fn english_fallback_on_a_right_to_left_page_reads_left_to_right() {
    let site = built();
    let ar = page(&site, "global/ar-EG/cookies/index.html");
    // The English text, in its own direction; the page's own words around
    // it (the notice, the date line) in the page's.
    assert_eq!(attrs(&ar, "article", "lang"), strings(&["en-US"]));
    assert_eq!(attrs(&ar, "article", "dir"), strings(&["ltr"]));
    assert_eq!(
        attrs(&ar, "nav.toc ol[lang]", "dir")[..1],
        strings(&["ltr"])
    );
    for css in ["p.notice", "p.last-updated"] {
        assert_eq!(attrs(&ar, css, "lang"), strings(&["ar-EG"]), "{css}");
        assert_eq!(attrs(&ar, css, "dir"), strings(&["rtl"]), "{css}");
    }
    // Spanish shown in English: both left to right, so no `dir` on the
    // text (only on the links to the Arabic and Hebrew pages).
    let es = page(&site, "global/es-ES/cookies/index.html");
    assert_eq!(attrs(&es, "article", "lang"), strings(&["en-US"]));
    assert!(select(&es, "html[dir], nav.toc [dir], article[dir], article [dir]").is_empty());
}

#[test]
fn a_link_in_another_direction_than_its_page_carries_its_own() {
    let site = built();
    let de = page(&site, "global/de-DE/privacy/index.html");
    let links = select(&de, ".other-languages a");
    assert_eq!(links.len(), 11);
    for link in links {
        let lang = link.value().attr("lang").expect("a lang");
        let dir = link.value().attr("dir");
        match RTL.contains(&lang) {
            true => assert_eq!(dir, Some("rtl"), "{lang}"),
            false => assert_eq!(dir, None, "{lang}"),
        }
    }
    // On an Arabic page, the left-to-right languages' links say so, and
    // Hebrew's does not need to.
    let ar = page(&site, "global/ar-EG/index.html");
    for link in select(&ar, ".other-languages a") {
        let lang = link.value().attr("lang").expect("a lang");
        let expected = (!RTL.contains(&lang)).then_some("ltr");
        assert_eq!(link.value().attr("dir"), expected, "{lang}");
    }
    // Its list of documents: the cookie notice's English title.
    assert_eq!(
        attrs(&ar, "ul.documents li[lang]", "lang"),
        strings(&["en-US"])
    );
    assert_eq!(
        attrs(&ar, "ul.documents li[lang]", "dir"),
        strings(&["ltr"])
    );
    // The index, in English, marks the Arabic and Hebrew links.
    let index = page(&site, "index.html");
    let rtl: Vec<String> = select(&index, ".locales li[dir]")
        .into_iter()
        .map(|a| {
            format!(
                "{} {}",
                a.value().attr("lang").unwrap_or(""),
                a.value().attr("dir").unwrap_or("")
            )
        })
        .collect();
    assert_eq!(rtl, strings(&["ar-EG rtl", "he-IL rtl"]));
}

#[test]
fn version_numbers_and_dates_are_written_in_the_locales_digits() {
    let site = built();
    // CLDR: Egyptian Arabic writes Arabic-Indic digits; Hebrew and
    // German, Western ones.
    for (locale, version, date) in [
        ("ar-EG", "١", "٢ مارس ٢٠٢٦"),
        ("he-IL", "1", "2 במרץ 2026"),
        ("de-DE", "1", "2. März 2026"),
        ("ja-JP", "1", "2026年3月2日"),
        ("zh-CN", "1", "2026年3月2日"),
        ("ru-RU", "1", "2 марта 2026 г."),
        ("tr-TR", "1", "2 Mart 2026"),
    ] {
        let changes = page(
            &site,
            &format!("global/{locale}/privacy/changes/index.html"),
        );
        // Whatever the theme's wording around it, the number is the
        // locale's.
        let label = text(&changes, "h2#v1");
        let digits: String = label.chars().filter(|c| c.is_numeric()).collect();
        assert_eq!(digits, version, "{locale}: {label}");
        let doc = page(&site, &format!("global/{locale}/privacy/index.html"));
        let time = select(&doc, "p.last-updated time");
        assert_eq!(time.len(), 1, "{locale}");
        assert_eq!(time[0].value().attr("datetime"), Some("2026-03-02"));
        assert_eq!(text_of(time[0]), date, "{locale}");
        // The archived version's notice names its number the same way.
        let archived = page(&site, &format!("global/{locale}/privacy/v/1/index.html"));
        let banner = text(&archived, "p.notice.banner");
        let digits: String = banner.chars().filter(|c| c.is_numeric()).collect();
        assert!(digits.starts_with(version), "{locale}: {banner}");
    }
}

#[test]
fn theme_css_uses_logical_properties_only() {
    let site = built();
    let sheets = [
        ("style.css", site.read_out("assets/style.css")),
        ("print.css", site.read_out("assets/print.css")),
        (
            "preview.css",
            std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands/serve/assets/preview.css"),
            )
            .expect("read preview.css"),
        ),
    ];
    for (name, css) in sheets {
        let rules = strip_comments(&css);
        for word in ["left", "right"] {
            let physical = rules
                .match_indices(word)
                .map(|(at, _)| rules[..at].lines().count())
                .collect::<Vec<_>>();
            assert!(
                physical.is_empty(),
                "{name} uses `{word}` on lines {physical:?}: use inline-start/inline-end, so that right-to-left pages mirror"
            );
        }
    }
}

fn strip_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        // Keep the comment's lines, so line numbers stay right.
        let end = rest[start..]
            .find("*/")
            .map_or(rest.len(), |e| start + e + 2);
        out.extend(rest[start..end].chars().filter(|c| *c == '\n'));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
