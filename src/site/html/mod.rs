//! The HTML renderer: each page model through its Tera template of the
//! theme. This module only turns models into template contexts; what a page
//! says is decided in [`crate::site::pages`].

mod theme;

use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Value};

pub use theme::Theme;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::diff::redline::{Labels, escape_html, redline_fragment};
use crate::locale::direction;
use crate::memo::Memo;
use crate::site::model::{
    ChangesPage, DocumentPage, Feed, FeedEntry, Frame, IndexPage, NotFoundPage, RegionPage,
    VersionChanges,
};
use crate::site::strings::{Catalogue, ThemeStrings, Words};
use crate::site::urls;
use crate::source::Config;

#[derive(Serialize)]
struct Site<'a> {
    name: &'a str,
    base_url: &'a str,
}

/// The theme, ready to render the pages of one project.
pub struct Html<'a> {
    /// The project settings (the site's name and base URL).
    pub config: &'a Config,
    /// The compiled theme.
    pub theme: &'a Theme,
    /// The theme's words, the project's over the built-in ones.
    pub words: Arc<Catalogue>,
    /// What every page of a locale hands its templates alike, by locale.
    shared: Memo<String, Shared>,
}

/// The template values every page of one locale has the same: made into
/// Tera's values once, not for each of its pages (Tera's values share
/// their contents, so handing them to a page copies nothing).
struct Shared {
    site: Value,
    strings: Value,
    strings_lang: Value,
}

/// Maps and lists go to templates as JSON values, in JSON's key order, as
/// they always have: a template that prints one whole sees the same text.
fn json(value: &impl Serialize, diags: &Diagnostics) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_else(|e| {
        diags.push(Diagnostic::error(format!(
            "could not hand a page's data to the templates: {e}"
        )));
        serde_json::Value::Null
    })
}

/// The words a redline's marks are announced with, in the page's language.
fn labels(strings: &ThemeStrings) -> Labels<'_> {
    Labels {
        inserted: &strings.inserted,
        deleted: &strings.deleted,
        moved: &strings.moved,
    }
}

impl<'a> Html<'a> {
    /// The theme `theme` of a project with settings `config` and words `words`.
    pub fn new(config: &'a Config, theme: &'a Theme, words: Arc<Catalogue>) -> Self {
        Html {
            config,
            theme,
            words,
            shared: Memo::default(),
        }
    }

    /// The values every page in the language of `words` shares.
    fn shared(&self, words: &Words) -> Arc<Shared> {
        self.shared.get_or(words.locale.as_str(), || {
            // The keys whose phrase is in another language than the page's
            // (English, where the language has none), with that language.
            let langs: std::collections::BTreeMap<&str, &str> =
                crate::site::strings::builtin::english()
                    .keys()
                    .map(|k| (k.as_str(), words.lang_of(k).unwrap_or_default()))
                    .collect();
            Shared {
                site: Value::from_serializable(&Site {
                    name: &self.config.name,
                    base_url: &self.config.base_url,
                }),
                strings: Value::from_serializable(&words.strings),
                strings_lang: Value::from_serializable(&langs),
            }
        })
    }

    /// What every template sees: the site, the page's language, its
    /// direction (`dir`: `ltr` or `rtl`) and root,
    /// the theme's words, the canonical URL.
    fn context(&self, frame: &Frame, canonical: Option<&String>, words: &Words) -> Context {
        let shared = self.shared(words);
        let mut ctx = Context::new();
        ctx.insert_value("site", shared.site.clone());
        ctx.insert("lang", &frame.lang);
        ctx.insert("dir", direction(&frame.lang).as_str());
        ctx.insert("root", &frame.root);
        ctx.insert("hreflang", &frame.hreflang);
        ctx.insert("language_switch", &frame.languages);
        ctx.insert("region_switch", &frame.regions);
        ctx.insert("all_regions", &frame.all_regions);
        ctx.insert_value("strings", shared.strings.clone());
        ctx.insert_value("strings_lang", shared.strings_lang.clone());
        ctx.insert("canonical", &canonical);
        ctx
    }

    /// A document page (or an archived version), with its body as HTML.
    pub fn document(
        &self,
        page: &DocumentPage,
        content: &str,
        diags: &Diagnostics,
    ) -> Option<String> {
        let words = self.words.words(&page.key.locale);
        let frame = &page.frame;
        let mut ctx = self.context(frame, frame.canonical.as_ref(), &words);
        ctx.insert(
            "page",
            &serde_json::json!({
                "title": page.title,
                "summary": page.summary,
                "doc": page.key.doc,
                "region": page.key.region,
                "region_name": page.region_name,
                "locale": page.key.locale,
                "text_lang": page.text_lang,
                "last_updated_words": page.last_updated_words,
                "index_link": page.index_link,
                "url": frame.url,
            }),
        );
        ctx.insert("notice", &page.notice);
        let notice_key = match page.fallback {
            crate::resolve::Fallback::Partial { .. } => "partial_fallback_notice",
            _ => "fallback_notice",
        };
        ctx.insert(
            "notice_lang",
            &words.lang_of(notice_key).unwrap_or_default(),
        );
        ctx.insert("last_updated", &page.last_updated);
        ctx.insert("what_changed", &page.what_changed);
        ctx.insert("history_href", &page.history_href);
        ctx.insert("banner", &page.banner);
        ctx.insert("lag", &page.lag);
        ctx.insert("toc", &page.body.toc);
        ctx.insert("content", content);
        ctx.insert("variables", &page.variables);
        ctx.insert("index_href", &page.index_href);
        ctx.insert("alternates", &frame.alternates);
        // The body, and the page around it.
        let size = content.len() + 16 * 1024;
        self.theme.render_sized("document.html", &ctx, size, diags)
    }

    /// A change history page: each version with its redline.
    pub fn changes(&self, page: &ChangesPage, diags: &Diagnostics) -> Option<String> {
        let words = self.words.words(&page.key.locale);
        let frame = &page.frame;
        let mut ctx = self.context(frame, frame.canonical.as_ref(), &words);
        ctx.insert(
            "page",
            &serde_json::json!({
                "title": page.title,
                "doc": page.key.doc,
                "region": page.key.region,
                "region_name": page.region_name,
                "locale": page.key.locale,
                "index_link": page.index_link,
            }),
        );
        let versions: Vec<_> = page
            .versions
            .iter()
            .map(|v| {
                let redline = match &v.changes {
                    VersionChanges::First { text } => match words.lang_of("first_version") {
                        Some(lang) => format!("<p lang=\"{lang}\">{}</p>", escape_html(text)),
                        None => format!("<p>{}</p>", escape_html(text)),
                    },
                    VersionChanges::Changed { diff } => {
                        redline_fragment(diff, labels(&words.strings))
                    }
                };
                serde_json::json!({
                    "number": v.number,
                    "label": v.label,
                    "in_force": v.in_force,
                    "recorded": v.recorded,
                    "pending": v.pending,
                    "message": v.message,
                    "message_lang": v.message_lang,
                    "message_note": v.message_note,
                    "href": v.href,
                    "redline": redline,
                })
            })
            .collect();
        ctx.insert("versions", &versions);
        ctx.insert("withdrawals", &page.withdrawals);
        ctx.insert("variables", &page.variables);
        ctx.insert("alternates", &frame.alternates);
        ctx.insert("index_href", &page.index_href);
        ctx.insert("document_href", &page.document_href);
        self.theme.render("changes.html", &ctx, diags)
    }

    /// A region's list of documents in one locale.
    pub fn region(&self, page: &RegionPage, diags: &Diagnostics) -> Option<String> {
        let words = self.words.words(&page.frame.lang);
        let frame = &page.frame;
        let mut ctx = self.context(frame, frame.canonical.as_ref(), &words);
        ctx.insert("region", &json(&page.region, diags));
        ctx.insert("documents", &json(&page.documents, diags));
        ctx.insert("withdrawn", &json(&page.withdrawn, diags));
        ctx.insert("feed_href", &page.feed_href);
        ctx.insert("feed_title", &page.feed_title);
        ctx.insert("facts", &json(&page.facts, diags));
        ctx.insert("variables", &page.variables);
        ctx.insert("alternates", &frame.alternates);
        self.theme.render("region.html", &ctx, diags)
    }

    /// A region's Atom feed in one locale.
    pub fn feed(&self, feed: &Feed, diags: &Diagnostics) -> Option<String> {
        let words = self.words.words(&feed.frame.lang);
        // Templates have always seen the region page's canonical URL here.
        let canonical = urls::canonical(
            &self.config.base_url,
            &urls::region_index(&feed.region.id, &feed.frame.lang),
        );
        let mut ctx = self.context(&feed.frame, canonical.as_ref(), &words);
        ctx.insert("region", &json(&feed.region, diags));
        ctx.insert(
            "feed",
            &serde_json::json!({
                "id": feed.id,
                "title": xml_text(&feed.title),
                "self_url": feed.self_url,
                "page_url": feed.page_url,
                "updated": feed.updated,
            }),
        );
        // Texts from the history (a message an older policyc recorded) may
        // hold characters XML cannot carry, even escaped.
        let entries: Vec<FeedEntry> = feed
            .entries
            .iter()
            .map(|e| FeedEntry {
                title: xml_text(&e.title),
                summary: xml_text(&e.summary),
                ..e.clone()
            })
            .collect();
        ctx.insert("entries", &entries);
        ctx.insert("variables", &feed.variables);
        self.theme.render("feed.xml", &ctx, diags)
    }

    /// The site index.
    pub fn index(&self, page: &IndexPage, diags: &Diagnostics) -> Option<String> {
        let words = self.words.words(&page.frame.lang);
        let frame = &page.frame;
        let mut ctx = self.context(frame, frame.canonical.as_ref(), &words);
        ctx.insert("regions", &json(&page.regions, diags));
        ctx.insert("alternates", &frame.alternates);
        ctx.insert("variables", &page.variables);
        self.theme.render("index.html", &ctx, diags)
    }

    /// The 404 page.
    pub fn not_found(&self, page: &NotFoundPage, diags: &Diagnostics) -> Option<String> {
        let words = self.words.words(&page.frame.lang);
        let frame = &page.frame;
        let mut ctx = self.context(frame, None, &words);
        ctx.insert("index_href", &page.index_href);
        ctx.insert("alternates", &frame.alternates);
        ctx.insert("variables", &page.variables);
        self.theme.render("404.html", &ctx, diags)
    }
}

/// `text` with each character XML 1.0 cannot hold, escaped or not (C0
/// controls but tab, line feed and carriage return; U+FFFE, U+FFFF), as
/// U+FFFD; the template escapes `<`, `&` and quotes.
fn xml_text(text: &str) -> String {
    let allowed = |c: char| !matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\u{fffe}' | '\u{ffff}');
    text.chars()
        .map(|c| if allowed(c) { c } else { '\u{fffd}' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::xml_text;

    #[test]
    fn xml_text_replaces_what_xml_cannot_hold_and_keeps_tabs_and_line_breaks() {
        assert_eq!(xml_text("a\u{1b}[31m\0b"), "a\u{fffd}[31m\u{fffd}b");
        assert_eq!(xml_text("a\tb\nc\r"), "a\tb\nc\r");
        assert_eq!(xml_text("Café <é>"), "Café <é>");
    }
}
