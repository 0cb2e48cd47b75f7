//! Writing page models out through the chosen renderers: HTML through the
//! theme, JSON as the models are. Files go to a sink (the staging folder of
//! `build`, the preview's memory, nothing for `check`).

use serde::Serialize;

use super::html::Html;
use super::manifest::{MANIFEST, ManifestPage, manifest_json};
use super::model::{Feed, IndexPage, NotFoundPage, RegionPage, SCHEMA_VERSION};
use super::pages::{PublishedTable, RenderedPage, VariantPages};
use super::{publish, urls};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A sink for output files, paths relative to the output root.
pub type Write<'w> = &'w (dyn Fn(&str, &[u8]) + Sync);

/// The outputs a build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Emit {
    /// The HTML site (and the theme's assets).
    pub html: bool,
    /// The page models as JSON, beside where each page's HTML goes.
    pub json: bool,
}

impl Default for Emit {
    fn default() -> Self {
        Emit {
            html: true,
            json: false,
        }
    }
}

/// The renderers of one build.
pub struct Emitter<'a> {
    /// The HTML theme, when HTML is written.
    pub html: Option<Html<'a>>,
    /// Whether the JSON page models are written.
    pub json: bool,
}

/// A page model as its JSON file holds it: the schema version, the kind of
/// page, then the model's own fields.
#[derive(Serialize)]
struct Envelope<'m, M: Serialize> {
    schema: u32,
    kind: &'static str,
    #[serde(flatten)]
    model: &'m M,
}

fn to_json<M: Serialize>(kind: &'static str, model: &M, diags: &Diagnostics) -> Option<Vec<u8>> {
    let envelope = Envelope {
        schema: SCHEMA_VERSION,
        kind,
        model,
    };
    match serde_json::to_vec_pretty(&envelope) {
        Ok(mut bytes) => {
            bytes.push(b'\n');
            Some(bytes)
        }
        Err(e) => {
            diags.push(Diagnostic::error(format!(
                "could not write the {kind} page as JSON: {e}"
            )));
            None
        }
    }
}

impl Emitter<'_> {
    /// Writes a document page (or an archived version); whether it was
    /// written by every renderer.
    fn document(&self, page: &RenderedPage, write: Write, diags: &Diagnostics) -> bool {
        let url = &page.model.frame.url;
        let mut ok = true;
        if let Some(html) = &self.html {
            match html.document(&page.model, &page.body.html, diags) {
                Some(text) => write(&urls::file(url, "html"), text.as_bytes()),
                None => ok = false,
            }
        }
        if self.json {
            match to_json("document", &page.model, diags) {
                Some(bytes) => write(&urls::file(url, "json"), &bytes),
                None => ok = false,
            }
        }
        ok
    }

    /// Writes one variant's page and, when it has them, its change history
    /// and archived versions. Returns how many pages besides its own were
    /// written, or `None` when its own page could not be.
    pub fn variant(
        &self,
        pages: &VariantPages,
        write: Write,
        diags: &Diagnostics,
    ) -> Option<usize> {
        if !self.document(&pages.page, write, diags) {
            return None;
        }
        let Some(history) = &pages.history else {
            return Some(0);
        };
        let mut written = 0;
        for version in &history.versions {
            written += usize::from(self.document(version, write, diags));
        }
        let url = &history.changes.frame.url;
        let mut ok = true;
        if let Some(html) = &self.html {
            match html.changes(&history.changes, diags) {
                Some(text) => write(&urls::file(url, "html"), text.as_bytes()),
                None => ok = false,
            }
        }
        if self.json {
            match to_json("changes", &history.changes, diags) {
                Some(bytes) => write(&urls::file(url, "json"), &bytes),
                None => ok = false,
            }
        }
        Some(written + usize::from(ok))
    }

    /// Writes a region's page and its feed; whether the page was written.
    pub fn region(
        &self,
        page: &RegionPage,
        feed: Option<&Feed>,
        write: Write,
        diags: &Diagnostics,
    ) -> bool {
        if let Some(feed) = feed {
            if let Some(html) = &self.html
                && let Some(xml) = html.feed(feed, diags)
            {
                write(&urls::file(&feed.frame.url, "xml"), xml.as_bytes());
            }
            if self.json
                && let Some(bytes) = to_json("feed", feed, diags)
            {
                write(&urls::file(&feed.frame.url, "json"), &bytes);
            }
        }
        let url = &page.frame.url;
        let mut ok = true;
        if let Some(html) = &self.html {
            match html.region(page, diags) {
                Some(text) => write(&urls::file(url, "html"), text.as_bytes()),
                None => ok = false,
            }
        }
        if self.json {
            match to_json("region", page, diags) {
                Some(bytes) => write(&urls::file(url, "json"), &bytes),
                None => ok = false,
            }
        }
        ok
    }

    /// Writes each table of a region and locale: its rows as JSON (the
    /// table's own JSON, whatever the renderers) and, for the HTML site,
    /// its Atom feed once it has recorded versions.
    pub fn tables(&self, tables: &[PublishedTable], write: Write, diags: &Diagnostics) {
        for table in tables {
            let key = &table.view.key;
            write(
                &urls::facts_json(&key.region, &key.locale, &key.table),
                table.view.to_json().as_bytes(),
            );
            if let (Some(html), Some(feed)) = (&self.html, &table.feed)
                && let Some(xml) = html.feed(feed, diags)
            {
                write(&feed.frame.url, xml.as_bytes());
            }
        }
    }

    /// Writes the index, the theme's assets and the manifest; whether the
    /// index was written.
    pub fn site(
        &self,
        index: &IndexPage,
        head: Option<&str>,
        pages: &[&ManifestPage],
        write: Write,
        diags: &Diagnostics,
    ) -> bool {
        let mut ok = true;
        if let Some(html) = &self.html {
            match html.index(index, diags) {
                Some(text) => write(&urls::file(urls::INDEX, "html"), text.as_bytes()),
                None => ok = false,
            }
            for (name, bytes) in &html.theme.assets {
                write(&format!("{}{name}", urls::ASSETS), bytes);
            }
        }
        if self.json {
            match to_json("index", index, diags) {
                Some(bytes) => write(&urls::file(urls::INDEX, "json"), &bytes),
                None => ok = false,
            }
        }
        if self.html.is_some() {
            write(MANIFEST, manifest_json(head, pages).as_bytes());
            return ok;
        }
        // Without HTML, a page's file is its model.
        let listed: Vec<ManifestPage> = pages
            .iter()
            .map(|p| ManifestPage {
                path: urls::file(&p.url, "json"),
                ..(*p).clone()
            })
            .collect();
        let listed: Vec<&ManifestPage> = listed.iter().collect();
        write(MANIFEST, manifest_json(head, &listed).as_bytes());
        ok
    }

    /// Writes what a web server and search engines read beside the pages:
    /// the 404 page, `sitemap.xml` (when the site has an absolute base
    /// URL) and, when `policyc.yaml` asks for it, `robots.txt`. They belong
    /// to the HTML site: nothing without it.
    pub fn publishing(
        &self,
        not_found: &NotFoundPage,
        pages: &[&ManifestPage],
        write: Write,
        diags: &Diagnostics,
    ) {
        let Some(html) = &self.html else {
            return;
        };
        if let Some(text) = html.not_found(not_found, diags) {
            write(urls::NOT_FOUND, text.as_bytes());
        }
        if let Some(sitemap) = publish::sitemap(html.config, pages) {
            write(urls::SITEMAP, sitemap.to_xml().as_bytes());
            if html.config.robots.is_some() {
                let robots = publish::robots_txt(&html.config.base_url);
                write(urls::ROBOTS, robots.as_bytes());
            }
        }
    }
}
