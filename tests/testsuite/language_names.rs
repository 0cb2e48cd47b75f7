//! Languages named where two locales of the site share one: the fallback
//! notice names them as the switchers label them ("English (United
//! Kingdom)"), and the locales only withdrawn pages are left in count.

use crate::support::release::{build_at, release};
use crate::support::{Project, select, text, text_of};

const PRIVACY_EN: &str =
    "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\nWe keep your name.\n";

fn switcher_labels(page: &scraper::Html) -> Vec<String> {
    select(page, "header nav.language-switcher a")
        .into_iter()
        .map(text_of)
        .collect()
}

#[test]
fn fallback_notice_tells_apart_two_locales_of_one_language() {
    let p = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Harbourline Legal\ndefault_locale: en-US\nlocales: [en-US, en-GB, de-DE]\naccept_fallbacks:\n  privacy: [en-GB, de-DE]\n",
        ),
        ("policies/privacy/en-US.md", PRIVACY_EN),
    ]);
    p.build();
    let british = p.page("global/en-GB/privacy/index.html");
    assert_eq!(
        text(&british, "p.notice"),
        "This document is not yet available in English (United Kingdom). It is shown in English (United States)."
    );
    let german = p.page("global/de-DE/privacy/index.html");
    let notice = text(&german, "p.notice");
    assert!(notice.contains("Englisch (Vereinigte Staaten)"), "{notice}");
    assert!(notice.contains("auf Deutsch"), "{notice}");
}

#[test]
fn fallback_notice_names_chinese_locales_by_region_when_they_share_a_script() {
    let p = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Harbourline Legal\ndefault_locale: zh-TW\nlocales: [zh-TW, zh-HK]\naccept_fallbacks:\n  privacy: [zh-HK]\n",
        ),
        (
            "policies/privacy/zh-TW.md",
            "---\ntitle: 隱私權政策\n---\n\n## 我們保存的資料 {#keep}\n\n我們保存您的姓名。\n",
        ),
    ]);
    p.build();
    let page = p.page("global/zh-HK/privacy/index.html");
    assert_eq!(
        text(&page, "p.notice"),
        "本文件尚無中文（中國香港特別行政區）版本，目前以中文（台灣）顯示。"
    );
}

#[test]
fn labels_count_the_locales_only_withdrawn_pages_are_left_in() {
    let p = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Harbourline Legal\ndefault_locale: en-US\nlocales: [en-US, es-ES, es-MX, ar-EG, ar-MA]\n",
        ),
        ("policies/privacy/en-US.md", PRIVACY_EN),
        (
            "policies/privacy/es-ES.md",
            "---\ntitle: Privacidad\n---\n\n## Datos {#keep}\n\nGuardamos su nombre.\n",
        ),
        (
            "policies/privacy/es-MX.md",
            "---\ntitle: Privacidad\n---\n\n## Datos {#keep}\n\nGuardamos tu nombre.\n",
        ),
        (
            "policies/privacy/ar-EG.md",
            "---\ntitle: الخصوصية\n---\n\n## البيانات {#keep}\n\nنحتفظ باسمك.\n",
        ),
        (
            "policies/privacy/ar-MA.md",
            "---\ntitle: الخصوصية\n---\n\n## البيانات {#keep}\n\nنحن نحتفظ باسمك.\n",
        ),
    ]);
    release(&p, "2026-01-10", "First release");
    // Spanish (Spain) and both Arabic locales are withdrawn: their pages
    // stay, and the switchers list them.
    p.write(
        "policyc.yaml",
        "name: Harbourline Legal\ndefault_locale: en-US\nlocales: [en-US, es-MX]\n",
    );
    for locale in ["es-ES", "ar-EG", "ar-MA"] {
        p.remove(&format!("policies/privacy/{locale}.md"));
    }
    build_at(&p, "2026-02-01");
    let labels = switcher_labels(&p.page("global/es-MX/privacy/index.html"));
    assert_eq!(
        labels,
        [
            "English",
            "Español (México)",
            "العربية (مصر)",
            "العربية (المغرب)",
            "Español (España)",
        ],
        "{labels:?}"
    );
}
