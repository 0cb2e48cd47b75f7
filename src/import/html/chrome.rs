//! Which elements of a page are the site around a policy, not the policy:
//! menus, headers, footers, banners, choosers, scripts, buttons.

use scraper::{ElementRef, Node};

use super::text::{collapse, contains_any, is_non_text, visible_text};
use crate::import::dropped::DropKind;
use crate::import::vocabulary::{
    CONSENT_TOOLS, COOKIE_BUTTONS, COOKIE_TEXTS, SHARE_URLS, SHARE_WORDS, is_language,
    is_skip_text, is_top_text,
};

/// Whether `el` is site chrome, and which kind. `in_content` says whether
/// it sits inside the part of the page found to hold the policy, where
/// only unmistakable chrome is left out.
pub(super) fn classify(el: ElementRef, in_content: bool) -> Option<DropKind> {
    let name = el.value().name();
    if is_non_text(name) {
        return Some(DropKind::Script);
    }
    let hay = attributes(el);
    let role = el.value().attr("role").unwrap_or_default().trim();
    if is_cookie_banner(el, &hay, role, in_content) {
        return Some(DropKind::CookieBanner);
    }
    if is_chooser(el, &hay, in_content) {
        return Some(DropKind::Chooser);
    }
    if name == "nav"
        || role.eq_ignore_ascii_case("navigation")
        || hay.contains("breadcrumb")
        || has_token(&hay, &["toc"])
        || hay.contains("table-of-contents")
    {
        return Some(DropKind::Navigation);
    }
    if role.eq_ignore_ascii_case("banner") || (name == "header" && !in_sectioning(el)) {
        return Some(DropKind::Header);
    }
    if role.eq_ignore_ascii_case("contentinfo") || (name == "footer" && !in_sectioning(el)) {
        return Some(DropKind::Footer);
    }
    if name == "a" {
        return classify_link(el, &hay);
    }
    if matches!(
        name,
        "form" | "button" | "input" | "select" | "textarea" | "dialog"
    ) || role.eq_ignore_ascii_case("search")
    {
        return Some(DropKind::Other);
    }
    if is_share_block(el, &hay) {
        return Some(DropKind::Other);
    }
    None
}

/// A link that is chrome: a skip link, "back to top", a share button, or
/// one holding only an image.
fn classify_link(el: ElementRef, hay: &str) -> Option<DropKind> {
    let href = el.value().attr("href").unwrap_or_default().trim();
    let text = collapse(&visible_text(el)).to_lowercase();
    let in_page = href.starts_with('#');
    if hay.contains("skip-link")
        || hay.contains("skiplink")
        || hay.contains("skip-to")
        || (in_page && is_skip_text(&text))
    {
        return Some(DropKind::SkipLink);
    }
    if hay.contains("back-to-top")
        || hay.contains("backtotop")
        || hay.contains("to-top")
        || hay.contains("scroll-top")
        || (in_page && is_top_text(&text))
    {
        return Some(DropKind::Other);
    }
    let lower = href.to_ascii_lowercase();
    if SHARE_URLS.iter().any(|u| lower.contains(u)) {
        return Some(DropKind::Other);
    }
    if text.is_empty() && contains_any(el, &["img", "svg", "picture"]) {
        return Some(DropKind::ImageLink);
    }
    None
}

/// `id`, `class` and `aria-label` of `el`, lowercased, space-separated.
fn attributes(el: ElementRef) -> String {
    let e = el.value();
    let mut hay = String::new();
    for attr in ["id", "class", "aria-label"] {
        if let Some(value) = e.attr(attr) {
            hay.push_str(&value.to_lowercase());
            hay.push(' ');
        }
    }
    hay
}

/// Whether one of `tokens` is a whole word (split at anything but letters
/// and digits) of `hay`.
fn has_token(hay: &str, tokens: &[&str]) -> bool {
    hay.split(|c: char| !c.is_alphanumeric())
        .any(|word| tokens.contains(&word))
}

/// Whether `el` sits inside sectioning content, where a `<header>` or
/// `<footer>` belongs to an article, not to the site.
fn in_sectioning(el: ElementRef) -> bool {
    el.ancestors().any(|a| match a.value() {
        Node::Element(e) => {
            matches!(e.name(), "article" | "aside" | "main" | "nav" | "section")
                || e.attr("role").is_some_and(|r| r.trim() == "main")
        }
        _ => false,
    })
}

/// Whether `el` is a cookie or consent banner: named as one (by a consent
/// tool's name, or by "cookie"/"consent" with buttons in it), or beginning
/// as one and holding buttons. A policy's own section about cookies has
/// headings and no buttons, and stays.
fn is_cookie_banner(el: ElementRef, hay: &str, role: &str, in_content: bool) -> bool {
    if CONSENT_TOOLS.iter().any(|n| hay.contains(n)) {
        return true;
    }
    // Links styled as buttons ("Accept all") are controls too.
    let link_buttons = || {
        el.descendent_elements()
            .filter(|d| d.value().name() == "a")
            .any(|a| COOKIE_BUTTONS.contains(&collapse(&visible_text(a)).to_lowercase().as_str()))
    };
    let controls = contains_any(el, &["button", "input", "form", "select"])
        || link_buttons()
        || role.eq_ignore_ascii_case("dialog")
        || role.eq_ignore_ascii_case("alertdialog");
    let headings = contains_any(el, &["h1", "h2", "h3", "h4", "h5", "h6"]);
    if has_token(hay, &["cookie", "cookies", "consent", "gdpr", "cmp"])
        && (controls || (!in_content && !headings))
    {
        return true;
    }
    if !controls || !matches!(el.value().name(), "div" | "section" | "aside" | "dialog") {
        return false;
    }
    let text = collapse(&visible_text(el)).to_lowercase();
    let head: String = text.chars().take(160).collect();
    text.chars().count() < 1500 && COOKIE_TEXTS.iter().any(|t| head.contains(t))
}

/// Whether `el` is a share bar: named for sharing, short, no headings.
fn is_share_block(el: ElementRef, hay: &str) -> bool {
    has_token(hay, SHARE_WORDS)
        && !contains_any(el, &["h1", "h2", "h3", "h4", "h5", "h6", "p"])
        && collapse(&visible_text(el)).chars().count() < 300
}

/// Whether `el` is a language or region chooser: a list, menu or select
/// whose entries are (nearly) all language names or locale codes, or one
/// named as a language or locale switcher (outside the policy's part).
fn is_chooser(el: ElementRef, hay: &str, in_content: bool) -> bool {
    let name = el.value().name();
    if !matches!(
        name,
        "select" | "ul" | "ol" | "nav" | "div" | "menu" | "details" | "section" | "aside"
    ) {
        return false;
    }
    let entries: Vec<String> = if name == "select" {
        el.descendent_elements()
            .filter(|d| d.value().name() == "option")
            .map(|d| collapse(&visible_text(d)))
            .collect()
    } else {
        el.descendent_elements()
            .filter(|d| d.value().name() == "a")
            .map(|d| collapse(&visible_text(d)))
            .collect()
    };
    if entries.len() < 2 {
        return false;
    }
    let named = has_token(hay, &["lang", "language", "languages", "locale", "locales"])
        || hay.contains("language")
        || hay.contains("lang-")
        || hay.contains("locale")
        || hay.contains("country-select")
        || hay.contains("region-select");
    if named && !in_content && collapse(&visible_text(el)).chars().count() < 600 {
        return true;
    }
    let languages = entries.iter().filter(|e| is_language(e)).count();
    languages * 5 >= entries.len() * 4
}
