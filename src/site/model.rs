//! The page model: what each page of the site says, as plain data. Built by
//! [`super::pages`] from the variants and the timeline, without Tera or
//! HTML; the HTML theme renders it, and `build --emit json` writes it as it
//! is, for other renderers (`docs/page-model.md` documents the schema).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diff::DocDiff;
use crate::history::Day;
use crate::resolve::{Fallback, VariantKey};
use crate::site::body::{RenderedBody, TocEntry};
pub use crate::site::strings::Around;

/// The version of the page model's JSON; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// What every page has: where it is, its language, and its counterparts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Frame {
    /// The page's URL, relative to the site root (`us/en-US/privacy/`).
    pub url: String,
    /// The way from the page back to the site root (`../../../`).
    pub root: String,
    /// The language of the page's own words (its locale).
    pub lang: String,
    /// The page's absolute URL, when the site has an absolute base URL.
    pub canonical: Option<String>,
    /// The same page in the region's other locales.
    pub alternates: Vec<Alternate>,
    /// What `<link rel="alternate" hreflang>` advertises: the page in each
    /// locale whose text is in that locale (a whole-document fallback is no
    /// translation), and `x-default`, the region's default-locale page.
    /// Empty without an absolute base URL, or with no other locale.
    pub hreflang: Vec<HrefLang>,
    /// The language switcher: this page's document (or list) in each
    /// locale of the region, this one marked `current`; empty on pages
    /// that have none (the index, the 404 page, a feed).
    pub languages: Vec<Switch>,
    /// The region switcher: the same document (or list) in each region
    /// that publishes it, this one marked `current`; on a site with more
    /// regions than a switcher lists, only this region, those above it and
    /// some just below it.
    pub regions: Vec<Switch>,
    /// A link to the front page, which lists every region, when the region
    /// switcher leaves some out; absent when it lists them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_regions: Option<String>,
}

/// One entry of a language or region switcher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Switch {
    /// The locale of the page it leads to.
    pub hreflang: String,
    /// A language's name in its own words, or a region's name in the
    /// page's language.
    pub label: String,
    /// The language `label` is in when it may not be the page's: a
    /// language entry's own locale; for a region, the locale whose name is
    /// shown when it has none in the page's locale. `None`: the page's.
    pub lang: Option<String>,
    /// A link to it from this page.
    pub href: String,
    /// It is this page's language or region.
    pub current: bool,
    /// Its text is in its locale (`false` for a page showing the whole
    /// document in the default locale).
    pub translated: bool,
}

/// One `<link rel="alternate" hreflang>` of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HrefLang {
    /// A locale code, or `x-default`.
    pub hreflang: String,
    /// The page's absolute URL.
    pub href: String,
}

/// The same page in another locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternate {
    /// The locale code.
    pub hreflang: String,
    /// The locale's name in its own language ("Español (US)").
    pub label: String,
    /// A link to it from this page.
    pub href: String,
    /// Its absolute URL (with the base URL), for `hreflang` links; `None`
    /// when the site has no absolute base URL (search engines read
    /// absolute `hreflang` URLs only).
    pub absolute: Option<String>,
    /// Whether its text is in its locale: `false` for a page showing the
    /// whole document in the default locale, which is no translation.
    pub translated: bool,
}

/// A day, as text for the locale and as `YYYY-MM-DD` for `<time>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateLabel {
    /// `2026-11-29`.
    pub iso: Day,
    /// "November 29, 2026".
    pub text: String,
}

impl DateLabel {
    /// `day`, as readers in `locale` write it.
    pub fn new(day: Day, locale: &str) -> DateLabel {
        DateLabel {
            iso: day,
            text: day.format(locale),
        }
    }
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
    /// The language of its text, when it is not the page's (English,
    /// where the page's language has no theme words).
    pub lang: Option<String>,
    /// The language of its link's words, when it is not the text's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_lang: Option<String>,
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

/// A document's text, as Markdown with what renderers need beside it.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// The text, headings carrying their `{#id}`s, variables substituted.
    pub markdown: String,
    /// The table of contents, two levels deep (shared with the rendered
    /// body, and with every page showing the same text).
    pub toc: Arc<Vec<TocEntry>>,
    /// Sections shown in another language than the page's: (id, language).
    pub section_langs: Vec<(String, String)>,
    /// The SHA-256 of the text a reader sees (`sha256:…`).
    pub content_hash: String,
}

impl Body {
    /// The body of a page showing `markdown`, rendered as `rendered`: its
    /// table of contents and the hash of what a reader sees.
    pub fn of(
        markdown: String,
        rendered: &RenderedBody,
        section_langs: Vec<(String, String)>,
    ) -> Body {
        Body {
            markdown,
            toc: rendered.toc.clone(),
            section_langs,
            content_hash: rendered.text_hash(),
        }
    }
}

/// A page that stands for a withdrawn variant: released before, its
/// sources are gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawn {
    /// The day the withdrawal takes (or took) effect; `None` until a release
    /// records it.
    pub on: Option<DateLabel>,
    /// The withdrawal is recorded but takes effect later: until then the
    /// page shows the text in force.
    pub pending: bool,
}

/// How a variant's sources differ from its last release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Unreleased {
    /// It was never released: all of it is new.
    NeverReleased,
    /// Its text changed since the last release.
    Changed {
        /// What changed.
        diff: Arc<DocDiff>,
    },
    /// Its sources are gone: the next release records its withdrawal.
    Withdrawn,
}

/// A document in one region and locale, or one of its archived versions.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPage {
    /// Where the page is.
    pub frame: Frame,
    /// Which variant.
    #[serde(flatten)]
    pub key: VariantKey,
    /// The region's display name.
    pub region_name: String,
    /// The title.
    pub title: String,
    /// The summary, if the document has one.
    pub summary: Option<String>,
    /// The language the text is in (the locale's, unless it falls back).
    pub text_lang: String,
    /// Whether the text is shown in another locale.
    pub fallback: Fallback,
    /// Set on the page of an archived version: its number.
    pub archived_version: Option<u32>,
    /// The version in force, once released.
    pub version: Option<u32>,
    /// "Last Updated" (for an archived version: the day it took effect).
    pub last_updated: Option<DateLabel>,
    /// The words around that date ("Last Updated: " before it), or, until
    /// a release, the whole "Last Updated: not yet released".
    pub last_updated_words: Around,
    /// The link text back to the region's list ("All documents for
    /// European Union").
    pub index_link: String,
    /// The fallback notice, in the page's language.
    pub notice: Option<String>,
    /// The notice of a translation that may lag behind its source.
    pub lag: Option<String>,
    /// A notice above the text: an archived version, or changes to come.
    pub banner: Option<Banner>,
    /// Sections the version in force changed.
    pub what_changed: Vec<ChangedSection>,
    /// A link to the change history, once there is one.
    pub history_href: Option<String>,
    /// A link to the region's list of documents.
    pub index_href: String,
    /// The variables in force in the region.
    pub variables: BTreeMap<String, String>,
    /// The text.
    pub body: Body,
    /// How the sources differ from the last release; worked out only when
    /// asked for (`build --frozen`, the preview).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreleased: Option<Unreleased>,
    /// Set when the document was withdrawn from this region and locale.
    pub withdrawn: Option<Withdrawn>,
}

/// What one version changed, on a change history page.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VersionChanges {
    /// The first version: nothing to compare with.
    First {
        /// "First version", in the page's language.
        text: String,
    },
    /// A later version: its changes from the one before.
    Changed {
        /// What changed.
        diff: Arc<DocDiff>,
    },
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
    /// The release message, in the page's language where the release has
    /// one in it, else in the default locale's.
    pub message: Option<String>,
    /// The language of `message`, when it is not the page's.
    pub message_lang: Option<String>,
    /// Said with a message in another language: "This note is not
    /// available in {language}. It is shown in {shown}."
    pub message_note: Option<String>,
    /// A link to the page of that version.
    pub href: String,
    /// What it changed.
    pub changes: VersionChanges,
}

/// A variant's change history: every version, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesPage {
    /// Where the page is.
    pub frame: Frame,
    /// Which variant.
    #[serde(flatten)]
    pub key: VariantKey,
    /// The region's display name.
    pub region_name: String,
    /// The title of the latest version.
    pub title: String,
    /// A link to the document's current page.
    pub document_href: String,
    /// A link to the region's list of documents.
    pub index_href: String,
    /// Its text ("All documents for European Union").
    pub index_link: String,
    /// The variables in force in the region.
    pub variables: BTreeMap<String, String>,
    /// The versions, newest first.
    pub versions: Vec<VersionItem>,
    /// The withdrawals, oldest first.
    pub withdrawals: Vec<WithdrawalItem>,
}

/// A withdrawal on a change history page.
#[derive(Debug, Clone, Serialize)]
pub struct WithdrawalItem {
    /// The version it withdrew: the page lists it above that version, as
    /// `withdrawn-{after}`.
    pub after: u32,
    /// "Withdrawn on December 4, 2026", in the page's language.
    pub text: String,
    /// The withdrawal takes effect later.
    pub pending: bool,
    /// The release message, as on a [`VersionItem`].
    pub message: Option<String>,
    /// The language of `message`, when it is not the page's.
    pub message_lang: Option<String>,
    /// Said with a message in another language.
    pub message_note: Option<String>,
}

/// A region, as its pages name it.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRef {
    /// Region id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A document on a region's list.
#[derive(Debug, Clone, Serialize)]
pub struct ListedDocument {
    /// Document id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its summary, if any.
    pub summary: Option<String>,
    /// A link to it.
    pub href: String,
    /// The language of its title and summary, when it is not the page's.
    pub lang: Option<String>,
}

/// A document withdrawn from a region's list.
#[derive(Debug, Clone, Serialize)]
pub struct WithdrawnDocument {
    /// Document id.
    pub id: String,
    /// Its last released title.
    pub title: String,
    /// A link to its page, which says it was withdrawn.
    pub href: String,
    /// "Withdrawn on February 1, 2026", in the page's language.
    pub note: String,
    /// The language of `note` when it is not the page's (English, where
    /// the page's language has no theme words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_lang: Option<String>,
}

/// A region's list of documents in one locale.
#[derive(Debug, Clone, Serialize)]
pub struct RegionPage {
    /// Where the page is.
    pub frame: Frame,
    /// The region.
    pub region: RegionRef,
    /// Its documents, in display order.
    pub documents: Vec<ListedDocument>,
    /// The documents withdrawn from it, whose pages say so.
    pub withdrawn: Vec<WithdrawnDocument>,
    /// A link to the region's feed, once there are releases.
    pub feed_href: Option<String>,
    /// The feed's title.
    pub feed_title: String,
    /// The tables the region publishes in the locale as data, each with
    /// its JSON and its feed (the page's "Data" list).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<TableLinks>,
    /// The variables in force in the region.
    pub variables: BTreeMap<String, String>,
}

/// One table on a region page's "Data" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableLinks {
    /// The table's id (`subprocessors`).
    pub table: String,
    /// The id of its item on the page, which its feed's entries link to.
    pub anchor: String,
    /// Its caption in the page's locale.
    pub caption: String,
    /// The language of `caption` when it is not the page's (a caption not
    /// yet translated shows the default locale's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption_lang: Option<String>,
    /// A link to its rows as JSON.
    pub json_href: String,
    /// A link to its Atom feed, once it has a recorded version.
    pub feed_href: Option<String>,
    /// The feed's title, for `<link rel="alternate">`.
    pub feed_title: String,
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
    /// `YYYY-MM-DDT00:00:00Z`: the day the version was recorded.
    pub updated: String,
    /// The release's message in the feed's language (else the default
    /// locale's), or, without one, the changed sections.
    pub summary: String,
    /// The language of `summary`, when it is not the feed's.
    pub summary_lang: Option<String>,
}

/// The Atom feed of a region's releases in one locale.
#[derive(Debug, Clone, Serialize)]
pub struct Feed {
    /// Where the feed is.
    pub frame: Frame,
    /// The region.
    pub region: RegionRef,
    /// Its title ("Acme Legal: document updates for European Union").
    pub title: String,
    /// The feed's stable id.
    pub id: String,
    /// Its own absolute URL; `None` when the site has no absolute base
    /// URL (then the feed has no `self` link).
    pub self_url: Option<String>,
    /// The region's page: its absolute URL, or, without an absolute base
    /// URL, a link from the feed (Atom resolves it against the feed's own
    /// address).
    pub page_url: String,
    /// When the newest entry was recorded.
    pub updated: String,
    /// The entries, newest first.
    pub entries: Vec<FeedEntry>,
    /// The variables in force in the region.
    pub variables: BTreeMap<String, String>,
}

/// A locale of a region, on the site index: all of it in that locale's
/// own words.
#[derive(Debug, Clone, Serialize)]
pub struct IndexLocale {
    /// The locale code.
    pub hreflang: String,
    /// The locale's name in its own language.
    pub label: String,
    /// The locale's language and script (lower-case, the script from ICU's
    /// likely subtags), which the index's script matches a browser's
    /// languages on: `zh-TW` is `zh` and `hant`.
    pub language: String,
    /// See `language`.
    pub script: String,
    /// The region's name in that locale.
    pub region_name: String,
    /// The language of `region_name` when the region has no name in that
    /// locale and shows its default locale's.
    pub region_name_lang: Option<String>,
    /// "Your browser's language", in that locale, which the index's script
    /// shows next to the entries in the browser's preferred languages.
    pub browser_language: String,
    /// The language of `browser_language` when it is not the locale's
    /// (English, where the language has no theme words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_language_lang: Option<String>,
    /// A link to the region's page in that locale.
    pub href: String,
}

/// A region on the site index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexRegion {
    /// Region id.
    pub id: String,
    /// Display name, in the index's locale when the region has a name in it.
    pub name: String,
    /// The language of `name` when it is not the index's.
    pub name_lang: Option<String>,
    /// Its locales.
    pub locales: Vec<IndexLocale>,
}

/// The site index: every region with its locales.
#[derive(Debug, Clone, Serialize)]
pub struct IndexPage {
    /// Where the page is.
    pub frame: Frame,
    /// The regions, sorted by id.
    pub regions: Vec<IndexRegion>,
    /// The project's variables.
    pub variables: BTreeMap<String, String>,
}

/// The page a web server shows for a path the site has no page at
/// (`404.html`), in the default locale. Served at any depth, it links by
/// [`crate::site::urls::served_root`], never relatively.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundPage {
    /// Where the page is; its `root` is the base URL (or `/`).
    pub frame: Frame,
    /// A link to the site index.
    pub index_href: String,
    /// The project's variables.
    pub variables: BTreeMap<String, String>,
}
