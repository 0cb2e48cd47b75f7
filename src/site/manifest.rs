//! `out/manifest.json`: every document page of the site, with its version,
//! "Last Updated" date and the hash of the text a reader sees; and the
//! history's head, the newest release record's hash.

use serde::Serialize;

use super::model::DocumentPage;
use super::urls;
use crate::history::Day;
use crate::resolve::{Fallback, VariantKey};

pub use crate::source::layout::MANIFEST;

/// The manifest's field naming the program that wrote it: what marks a
/// folder as policyc's output, which a build may replace.
pub const GENERATOR_FIELD: &str = "generator";
/// The value of [`GENERATOR_FIELD`].
pub const GENERATOR: &str = "policyc";
/// The manifest's field holding the newest release record's hash: an
/// anchor of the history outside it (`policyc verify --head-from`).
pub const HEAD_FIELD: &str = "history_head";

/// One entry of `out/manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestPage {
    /// The page's file, relative to the output root.
    pub path: String,
    /// Its URL, relative to the site root.
    pub url: String,
    /// Which variant.
    #[serde(flatten)]
    pub key: VariantKey,
    /// The title of the current sources (the page may show an older one
    /// until a pending version takes effect).
    pub title: String,
    /// Hash of the visible text (`sha256:…`).
    pub content_hash: String,
    /// The version in force, once released.
    pub version: Option<u32>,
    /// The "Last Updated" date, once released.
    pub last_updated: Option<Day>,
    /// Whether the text is shown in another locale.
    pub fallback: Fallback,
    /// The summary, for the region's list of documents.
    #[serde(skip)]
    pub summary: Option<String>,
    /// The day the document was withdrawn from this region and locale, once
    /// that withdrawal is in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Day>,
    /// Whether the region's list of documents shows it: not once it is
    /// withdrawn (or its sources are gone).
    #[serde(skip)]
    pub listed: bool,
}

impl ManifestPage {
    /// The entry of a document page; `title` and `summary` are the current
    /// sources'.
    pub fn new(page: &DocumentPage, title: String, summary: Option<String>) -> ManifestPage {
        ManifestPage {
            path: urls::file(&page.frame.url, "html"),
            url: page.frame.url.clone(),
            key: page.key.clone(),
            title,
            content_hash: page.body.content_hash.clone(),
            version: page.version,
            last_updated: page.last_updated.as_ref().map(|d| d.iso),
            fallback: page.fallback.clone(),
            summary,
            withdrawn: page
                .withdrawn
                .as_ref()
                .filter(|w| !w.pending)
                .and_then(|w| w.on.as_ref())
                .map(|d| d.iso),
            listed: page.withdrawn.as_ref().is_none_or(|w| w.pending),
        }
    }
}

/// `manifest.json` as written.
#[derive(Serialize)]
struct Manifest<'a> {
    /// [`GENERATOR`]: the field [`GENERATOR_FIELD`] names.
    generator: &'static str,
    /// [`HEAD_FIELD`]: the hash of the newest release record the site was
    /// built with (`null` before the first release).
    history_head: Option<&'a str>,
    pages: Vec<&'a ManifestPage>,
}

/// The manifest's text: the history's head (the newest record's hash), and
/// every page, sorted by path.
pub fn manifest_json(head: Option<&str>, pages: &[&ManifestPage]) -> String {
    let mut sorted: Vec<&ManifestPage> = pages.to_vec();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let doc = Manifest {
        generator: GENERATOR,
        history_head: head,
        pages: sorted,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
