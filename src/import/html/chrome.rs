//! Which elements of a page are the site around a policy, not the policy:
//! menus, headers, footers, banners, choosers, scripts, buttons.

use scraper::{ElementRef, Node};

use super::text::{collapse, is_non_text, visible_text, visible_text_upto};
use crate::import::dropped::DropKind;
use crate::import::vocabulary::{
    CONSENT_TOOLS, COOKIE_BUTTONS, COOKIE_TEXTS, SHARE_URLS, SHARE_WORDS, is_language,
    is_skip_text, is_top_text,
};

/// What the rules ask of an element's content, counted once for every
/// element from its children's (`Survey`), so that no rule walks a
/// subtree: each count is of the element and the elements inside it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Facts {
    /// Form controls: `button`, `input`, `form`, `select`.
    controls: usize,
    /// Headings, `h1` to `h6`.
    headings: usize,
    /// Paragraphs.
    paragraphs: usize,
    /// Images: `img`, `svg`, `picture`.
    images: usize,
    /// Links, and those whose text is a language name or locale code.
    links: usize,
    language_links: usize,
    /// Links whose text is a cookie banner's button ("Accept all").
    cookie_links: usize,
    /// A select's options, and those naming a language.
    options: usize,
    language_options: usize,
}

impl Facts {
    /// The facts of `el` itself, without what is inside it.
    pub(super) fn own(el: ElementRef) -> Facts {
        let mut facts = Facts::own_tags(el);
        let text = || collapse(&visible_text(el));
        match el.value().name() {
            "a" => {
                let text = text();
                facts.links = 1;
                facts.language_links = usize::from(is_language(&text));
                facts.cookie_links =
                    usize::from(COOKIE_BUTTONS.contains(&text.to_lowercase().as_str()));
            }
            "option" => {
                facts.options = 1;
                facts.language_options = usize::from(is_language(&text()));
            }
            _ => {}
        }
        facts
    }

    /// These facts and `other`'s together.
    pub(super) fn add(&mut self, other: &Facts) {
        self.controls += other.controls;
        self.headings += other.headings;
        self.paragraphs += other.paragraphs;
        self.images += other.images;
        self.links += other.links;
        self.language_links += other.language_links;
        self.cookie_links += other.cookie_links;
        self.options += other.options;
        self.language_options += other.language_options;
    }

    /// What is inside `el` (whose facts these are), without `el` itself.
    fn inside(&self, el: ElementRef) -> Facts {
        let own = Facts::own_tags(el);
        Facts {
            controls: self.controls - own.controls,
            headings: self.headings - own.headings,
            paragraphs: self.paragraphs - own.paragraphs,
            images: self.images - own.images,
            ..*self
        }
    }

    /// The counts of `el` itself that need no text.
    fn own_tags(el: ElementRef) -> Facts {
        let name = el.value().name();
        let one = |yes: bool| usize::from(yes);
        Facts {
            controls: one(matches!(name, "button" | "input" | "form" | "select")),
            headings: one(matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")),
            paragraphs: one(name == "p"),
            images: one(matches!(name, "img" | "svg" | "picture")),
            ..Facts::default()
        }
    }
}

/// Whether `el` is site chrome, and which kind. `in_content` says whether
/// it sits inside the part of the page found to hold the policy, where
/// only unmistakable chrome is left out. `facts` are `el`'s (see
/// [`Facts`]).
pub(super) fn classify(el: ElementRef, in_content: bool, facts: &Facts) -> Option<DropKind> {
    let inside = facts.inside(el);
    let name = el.value().name();
    if is_non_text(name) {
        return Some(DropKind::Script);
    }
    let hay = attributes(el);
    let role = el.value().attr("role").unwrap_or_default().trim();
    if is_cookie_banner(el, &hay, role, in_content, facts, &inside) {
        return Some(DropKind::CookieBanner);
    }
    if is_chooser(el, &hay, in_content, facts) {
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
        return classify_link(el, &hay, &inside);
    }
    if matches!(
        name,
        "form" | "button" | "input" | "select" | "textarea" | "dialog"
    ) || role.eq_ignore_ascii_case("search")
    {
        return Some(DropKind::Other);
    }
    if is_share_block(el, &hay, &inside) {
        return Some(DropKind::Other);
    }
    None
}

/// A link that is chrome: a skip link, "back to top", a share button, or
/// one holding only an image.
fn classify_link(el: ElementRef, hay: &str, inside: &Facts) -> Option<DropKind> {
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
    if text.is_empty() && inside.images > 0 {
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
fn is_cookie_banner(
    el: ElementRef,
    hay: &str,
    role: &str,
    in_content: bool,
    facts: &Facts,
    inside: &Facts,
) -> bool {
    if CONSENT_TOOLS.iter().any(|n| hay.contains(n)) {
        return true;
    }
    // Links styled as buttons ("Accept all") are controls too.
    let controls = inside.controls > 0
        || facts.cookie_links > 0
        || role.eq_ignore_ascii_case("dialog")
        || role.eq_ignore_ascii_case("alertdialog");
    let headings = inside.headings > 0;
    if has_token(hay, &["cookie", "cookies", "consent", "gdpr", "cmp"])
        && (controls || (!in_content && !headings))
    {
        return true;
    }
    if !controls || !matches!(el.value().name(), "div" | "section" | "aside" | "dialog") {
        return false;
    }
    let text = collapse(&visible_text_upto(el, BANNER_CHARS)).to_lowercase();
    let head: String = text.chars().take(160).collect();
    text.chars().count() < BANNER_CHARS && COOKIE_TEXTS.iter().any(|t| head.contains(t))
}

/// A cookie banner is shorter than this (in characters).
const BANNER_CHARS: usize = 1500;

/// Whether `el` is a share bar: named for sharing, short, no headings.
fn is_share_block(el: ElementRef, hay: &str, inside: &Facts) -> bool {
    has_token(hay, SHARE_WORDS)
        && inside.headings == 0
        && inside.paragraphs == 0
        && collapse(&visible_text_upto(el, 300)).chars().count() < 300
}

/// Whether `el` is a language or region chooser: a list, menu or select
/// whose entries are (nearly) all language names or locale codes, or one
/// named as a language or locale switcher (outside the policy's part).
fn is_chooser(el: ElementRef, hay: &str, in_content: bool, facts: &Facts) -> bool {
    let name = el.value().name();
    if !matches!(
        name,
        "select" | "ul" | "ol" | "nav" | "div" | "menu" | "details" | "section" | "aside"
    ) {
        return false;
    }
    let (entries, languages) = if name == "select" {
        (facts.options, facts.language_options)
    } else {
        (facts.links, facts.language_links)
    };
    if entries < 2 {
        return false;
    }
    let named = has_token(hay, &["lang", "language", "languages", "locale", "locales"])
        || hay.contains("language")
        || hay.contains("lang-")
        || hay.contains("locale")
        || hay.contains("country-select")
        || hay.contains("region-select");
    if named && !in_content && collapse(&visible_text_upto(el, 600)).chars().count() < 600 {
        return true;
    }
    languages * 5 >= entries * 4
}
