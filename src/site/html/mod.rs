//! Rendering: a resolved variant becomes an HTML page through the theme;
//! region indexes and the site index list what was rendered.

pub mod theme;

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostics;
use crate::locale::{ThemeStrings, locale_label, strings_for};
use crate::resolve::{Fallback, ResolvedRegion, Variant};
use crate::site::markdown::RenderedBody;
use crate::source::Config;
pub use theme::Theme;

/// The URL of a document page, relative to the site root.
pub fn document_url(region: &str, locale: &str, doc: &str) -> String {
    format!("{region}/{locale}/{doc}/")
}

/// A stable Atom id for something at `path`: its URL when the site has an
/// absolute base URL, else a URN made from the path.
pub fn feed_id(base_url: &str, path: &str) -> String {
    if base_url.starts_with("http") {
        format!("{base_url}{path}")
    } else {
        format!("urn:policyc:{}", path.replace(['/', '#'], ":"))
    }
}

/// The URL of a region's index in one locale, relative to the site root.
pub fn region_url(region: &str, locale: &str) -> String {
    format!("{region}/{locale}/")
}

#[derive(Serialize)]
struct Site<'a> {
    name: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    label: String,
    href: String,
    absolute: String,
}

/// A "Last Updated" date, as text for the locale and ISO for `<time>`.
#[derive(Debug, Clone, Serialize)]
pub struct DateLabel {
    /// `2026-11-29`.
    pub iso: String,
    /// "November 29, 2026".
    pub text: String,
}

/// A section the page's latest version changed, for the "What changed" box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedSection {
    /// The section id (its anchor on the page).
    pub id: String,
    /// Its heading.
    pub heading: String,
    /// The section is gone, so there is nothing to link to.
    pub removed: bool,
}

/// What a document page shows besides its text.
#[derive(Debug, Clone, Default)]
pub struct DocExtras {
    /// Directories between the page and the site root: 3 for a document,
    /// 5 for an archived version.
    pub depth: usize,
    /// The page's URL when it is not the document's own (an archived version).
    pub url: Option<String>,
    /// "Last Updated" (for an archived version: the day it took effect).
    pub last_updated: Option<DateLabel>,
    /// Sections the latest version changed.
    pub what_changed: Vec<ChangedSection>,
    /// Link to the change history, once there is one.
    pub history_href: Option<String>,
    /// A notice above the text: an archived version, or changes to come.
    pub banner: Option<Banner>,
    /// A translation that may lag behind its source says so.
    pub lag: Option<String>,
}

/// A notice with a link, above a document's text.
#[derive(Debug, Clone, Serialize)]
pub struct Banner {
    /// The notice, in the page's language.
    pub text: String,
    /// Where the link goes.
    pub href: String,
    /// The link's text.
    pub link: String,
}

/// One version on a change history page.
#[derive(Debug, Clone, Serialize)]
pub struct VersionItem {
    /// The version number.
    pub number: u32,
    /// "Version 2".
    pub label: String,
    /// "In force from November 29, 2026".
    pub in_force: String,
    /// "Recorded on …", for a version that took (or takes) effect later.
    pub recorded: Option<String>,
    /// The version is not in force yet.
    pub pending: bool,
    /// The release message.
    pub message: Option<String>,
    /// Link to the page of that version.
    pub href: String,
    /// The redline against the version before (HTML).
    pub redline: String,
}

/// One release in a region's feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    /// "Privacy Policy · Version 2".
    pub title: String,
    /// A stable id for the entry.
    pub id: String,
    /// The change history of the document, at that version.
    pub url: String,
    /// `YYYY-MM-DDT00:00:00Z`: the day the version takes effect.
    pub updated: String,
    /// The changed sections.
    pub summary: String,
}

/// A document as a region's index lists it.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// Document id.
    pub doc: String,
    /// Its title.
    pub title: String,
    /// Its summary, if any.
    pub summary: Option<String>,
    /// The language its title and summary are in.
    pub text_lang: String,
}

/// What the theme needs to know about the site to render any page.
pub struct PageEnv<'a> {
    /// The project settings.
    pub config: &'a Config,
    /// The compiled theme.
    pub theme: &'a Theme,
}

impl PageEnv<'_> {
    fn base_context(&self, lang: &str, root: &str, url: &str, strings: &ThemeStrings) -> Context {
        let mut ctx = Context::new();
        ctx.insert(
            "site",
            &Site {
                name: &self.config.name,
                base_url: &self.config.base_url,
            },
        );
        ctx.insert("lang", lang);
        ctx.insert("root", root);
        ctx.insert("strings", strings);
        let canonical = (self.config.base_url.starts_with("http"))
            .then(|| format!("{}{url}", self.config.base_url));
        ctx.insert("canonical", &canonical);
        ctx
    }

    fn alternates(
        &self,
        region: &ResolvedRegion,
        current: &str,
        url_of: impl Fn(&str) -> String,
        root: &str,
    ) -> Vec<Alternate> {
        region
            .locales
            .iter()
            .filter(|l| *l != current)
            .map(|l| Alternate {
                hreflang: l.clone(),
                label: locale_label(l),
                href: format!("{root}{}", url_of(l)),
                absolute: format!("{}{}", self.config.base_url, url_of(l)),
            })
            .collect()
    }

    /// Renders the page of one variant.
    pub fn document_page(
        &self,
        region: &ResolvedRegion,
        variant: &Variant,
        body: &RenderedBody,
        extras: &DocExtras,
        diags: &Diagnostics,
    ) -> Option<String> {
        let key = &variant.key;
        let root = "../".repeat(extras.depth);
        let root = root.as_str();
        let strings = strings_for(&key.locale);
        let archived = extras.url.is_some();
        let url = extras
            .url
            .clone()
            .unwrap_or_else(|| document_url(&key.region, &key.locale, &key.doc));
        let mut ctx = self.base_context(&key.locale, root, &url, &strings);
        let (notice, text_lang) = match &variant.fallback {
            Fallback::None => (None, key.locale.as_str()),
            Fallback::Whole { shown } => (
                Some(strings.fallback(&key.locale, shown, false)),
                shown.as_str(),
            ),
            Fallback::Partial { shown } => (
                Some(strings.fallback(&key.locale, shown, true)),
                key.locale.as_str(),
            ),
        };
        ctx.insert(
            "page",
            &serde_json::json!({
                "title": variant.title,
                "summary": variant.summary,
                "doc": key.doc,
                "region": key.region,
                "region_name": region.name,
                "locale": key.locale,
                "text_lang": text_lang,
                "url": url,
            }),
        );
        ctx.insert("notice", &notice);
        ctx.insert("last_updated", &extras.last_updated);
        ctx.insert("what_changed", &extras.what_changed);
        ctx.insert("history_href", &extras.history_href);
        ctx.insert("banner", &extras.banner);
        ctx.insert("lag", &extras.lag);
        ctx.insert("toc", &body.toc);
        ctx.insert("content", &body.html);
        ctx.insert("variables", &region.variables);
        ctx.insert(
            "index_href",
            &format!("{root}{}", region_url(&key.region, &key.locale)),
        );
        let doc = key.doc.clone();
        let alternates = if archived {
            // Versions are numbered per locale: an archived page has no
            // counterpart in the other languages.
            Vec::new()
        } else {
            self.alternates(
                region,
                &key.locale,
                |l| document_url(&key.region, l, &doc),
                root,
            )
        };
        ctx.insert("alternates", &alternates);
        self.theme.render("document.html", &ctx, diags)
    }

    /// Renders a variant's change history: every version, newest first.
    pub fn changes_page(
        &self,
        region: &ResolvedRegion,
        key: &crate::resolve::VariantKey,
        title: &str,
        versions: &[VersionItem],
        diags: &Diagnostics,
    ) -> Option<String> {
        let root = "../../../../";
        let strings = strings_for(&key.locale);
        let url = format!(
            "{}changes/",
            document_url(&key.region, &key.locale, &key.doc)
        );
        let mut ctx = self.base_context(&key.locale, root, &url, &strings);
        ctx.insert(
            "page",
            &serde_json::json!({
                "title": title,
                "doc": key.doc,
                "region": key.region,
                "region_name": region.name,
                "locale": key.locale,
            }),
        );
        ctx.insert("versions", versions);
        ctx.insert("variables", &region.variables);
        ctx.insert("alternates", &Vec::<Alternate>::new());
        ctx.insert(
            "index_href",
            &format!("{root}{}", region_url(&key.region, &key.locale)),
        );
        self.theme.render("changes.html", &ctx, diags)
    }

    /// Renders a region's list of documents in one locale, in display order.
    pub fn region_page(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        documents: &[IndexEntry],
        feed: bool,
        diags: &Diagnostics,
    ) -> Option<String> {
        let root = "../../";
        let strings = strings_for(locale);
        let url = region_url(&region.id, locale);
        let mut ctx = self.base_context(locale, root, &url, &strings);
        ctx.insert(
            "region",
            &serde_json::json!({"id": region.id, "name": region.name}),
        );
        let docs: Vec<_> = documents
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.doc,
                    "title": e.title,
                    "summary": e.summary,
                    "href": format!("{}/", e.doc),
                    // Set when the title is in another language than the page.
                    "lang": (e.text_lang != locale).then_some(&e.text_lang),
                })
            })
            .collect();
        ctx.insert("documents", &docs);
        ctx.insert("feed_href", &feed.then_some("feed.xml"));
        ctx.insert("variables", &region.variables);
        ctx.insert(
            "alternates",
            &self.alternates(region, locale, |l| region_url(&region.id, l), root),
        );
        self.theme.render("region.html", &ctx, diags)
    }

    /// Renders the Atom feed of a region's releases in one locale.
    pub fn feed(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        entries: &[FeedEntry],
        diags: &Diagnostics,
    ) -> Option<String> {
        let url = region_url(&region.id, locale);
        let strings = strings_for(locale);
        let mut ctx = self.base_context(locale, "../../", &url, &strings);
        let absolute = |path: &str| format!("{}{path}", self.config.base_url);
        ctx.insert(
            "region",
            &serde_json::json!({"id": region.id, "name": region.name}),
        );
        ctx.insert(
            "feed",
            &serde_json::json!({
                "id": feed_id(&self.config.base_url, &format!("{url}feed.xml")),
                "self_url": absolute(&format!("{url}feed.xml")),
                "page_url": absolute(&url),
                "updated": entries.first().map_or("1970-01-01T00:00:00Z", |e| e.updated.as_str()),
            }),
        );
        ctx.insert("entries", entries);
        ctx.insert("variables", &region.variables);
        self.theme.render("feed.xml", &ctx, diags)
    }

    /// Renders the site index: every region with its locales.
    pub fn index_page(&self, regions: &[ResolvedRegion], diags: &Diagnostics) -> Option<String> {
        let lang = &self.config.default_locale;
        let strings = strings_for(lang);
        let mut ctx = self.base_context(lang, "", "", &strings);
        let list: Vec<_> = regions
            .iter()
            .map(|r| {
                let locales: Vec<_> = r
                    .locales
                    .iter()
                    .map(|l| {
                        serde_json::json!({
                            "hreflang": l,
                            "label": locale_label(l),
                            "href": region_url(&r.id, l),
                        })
                    })
                    .collect();
                serde_json::json!({"id": r.id, "name": r.name, "locales": locales})
            })
            .collect();
        ctx.insert("regions", &list);
        ctx.insert("alternates", &Vec::<Alternate>::new());
        ctx.insert("variables", &self.config.variables);
        self.theme.render("index.html", &ctx, diags)
    }
}
