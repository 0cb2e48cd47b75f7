//! The shape of the site: where each page lives, relative to the site root,
//! and how one page links to another. Every URL of the site is made here.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::resolve::VariantKey;

/// The folder of the theme's stylesheets and the project's other assets.
pub const ASSETS: &str = "assets/";

/// The site index: the site root itself.
pub const INDEX: &str = "";

/// The page a web server shows for a path the site has no page at.
pub const NOT_FOUND: &str = "404.html";

/// The list of the site's pages for search engines.
pub const SITEMAP: &str = "sitemap.xml";

/// What crawlers may read, written when `policyc.yaml` asks for it.
pub const ROBOTS: &str = "robots.txt";

/// A variant's page: `us/en-US/privacy/`.
pub fn document(key: &VariantKey) -> String {
    document_in(&key.region, &key.locale, &key.doc)
}

/// A document's page in a region and locale: `us/en-US/privacy/`.
pub fn document_in(region: &str, locale: &str, doc: &str) -> String {
    format!("{}{doc}/", region_index(region, locale))
}

/// A variant's change history: `us/en-US/privacy/changes/`.
pub fn changes(key: &VariantKey) -> String {
    format!("{}changes/", document(key))
}

/// One released version of a variant: `us/en-US/privacy/v/2/`.
pub fn version(key: &VariantKey, number: u32) -> String {
    format!("{}v/{number}/", document(key))
}

/// A region's list of documents in one locale: `us/en-US/`.
pub fn region_index(region: &str, locale: &str) -> String {
    format!("{region}/{locale}/")
}

/// A region's Atom feed in one locale: `us/en-US/feed.xml`.
pub fn feed(region: &str, locale: &str) -> String {
    format!("{}feed.xml", region_index(region, locale))
}

/// A table's rows as data, in a region and locale:
/// `eu/de-DE/facts/subprocessors.json`.
pub fn facts_json(region: &str, locale: &str, table: &str) -> String {
    format!("{}facts/{table}.json", region_index(region, locale))
}

/// A table's Atom feed of its recorded versions, in a region and locale:
/// `eu/de-DE/facts/subprocessors.xml`.
pub fn facts_feed(region: &str, locale: &str, table: &str) -> String {
    format!("{}facts/{table}.xml", region_index(region, locale))
}

/// The file that serves a URL in a format: a folder's `index.<extension>`,
/// or the file itself with that extension (`feed.xml` as JSON is
/// `feed.json`).
pub fn file(url: &str, extension: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        return format!("{url}index.{extension}");
    }
    let name_start = url.rfind('/').map_or(0, |i| i + 1);
    let stem = match url[name_start..].rfind('.') {
        Some(dot) => &url[..name_start + dot],
        None => url,
    };
    format!("{stem}.{extension}")
}

/// The way back from the page at `url` to the site root: `../` for each
/// folder the page is in (`../../../` for a document).
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// A link from the page at `from` to the page at `to`, both relative to
/// the site root, as short as it can be (`changes/index.html`,
/// `../v/2/index.html`, `../../index.html`). A link to a folder names its
/// `index.html`: a browser reading the site from disk (`file://`) shows a
/// folder's listing, not its page. Canonical and `hreflang` URLs
/// ([`canonical`]) stay clean folder URLs.
pub fn relative(from: &str, to: &str) -> String {
    let mut link = way(from, to);
    let name = to.rfind('/').map_or(to, |i| &to[i + 1..]);
    link.push_str(if name.is_empty() { "index.html" } else { name });
    link
}

/// The way from the page at `from` to the folder of `to`: `../v/2/`.
fn way(from: &str, to: &str) -> String {
    // Every link of every page passes here: no allocation but the link's.
    fn folder(url: &str) -> impl Iterator<Item = &str> {
        let end = url.rfind('/').map_or(0, |i| i + 1);
        url[..end].split('/').filter(|s| !s.is_empty())
    }
    let common = folder(from)
        .zip(folder(to))
        .take_while(|(a, b)| a == b)
        .count();
    let up = folder(from).count() - common;
    let mut link = String::with_capacity(3 * up + to.len());
    for _ in 0..up {
        link.push_str("../");
    }
    for part in folder(to).skip(common) {
        link.push_str(part);
        link.push('/');
    }
    link
}

/// The pages withdrawn from the site that show no text, each with the
/// number of its last version: a link to a section of one leads to that
/// version, where the section still is.
pub type Withdrawn = BTreeMap<VariantKey, u32>;

/// How a document's text links out of the page it is shown on. The text
/// is written for the document's own page (`us/en-US/privacy/`): a
/// relative link in it (`../terms/`) starts there, and a `doc:` link names
/// a document beside it. Shown on another page (an archived version,
/// `us/en-US/privacy/v/2/`), the same text needs other hrefs: these. A
/// link to a section of a withdrawn page leads to its last version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLinks {
    /// The page the text is shown on.
    url: String,
    /// The variant whose text it is.
    text: VariantKey,
    /// The way from the page to the document's own page.
    home: String,
    /// The way from the page to its region's documents.
    documents: String,
    /// The withdrawn pages of the site.
    withdrawn: Arc<Withdrawn>,
    /// What the hrefs depend on.
    key: String,
}

impl TextLinks {
    /// For the text of `key`'s document shown on the page at `url`.
    pub fn new(url: &str, key: &VariantKey) -> Self {
        let home = way(url, &document(key));
        TextLinks {
            url: url.to_string(),
            text: key.clone(),
            documents: way(url, &region_index(&key.region, &key.locale)),
            key: home.clone(),
            home,
            withdrawn: Arc::default(),
        }
    }

    /// The same links, with links to sections of the `withdrawn` pages
    /// leading to their last versions.
    pub fn with_withdrawn(mut self, withdrawn: Arc<Withdrawn>) -> Self {
        if !withdrawn.is_empty() {
            // Which links are rewritten depends on the text's region and
            // locale.
            self.key = format!("{}\0{}\0{}", self.home, self.text.region, self.text.locale);
        }
        self.withdrawn = withdrawn;
        self
    }

    /// What the hrefs depend on: texts shown with the same key get the same
    /// hrefs, whatever their region (`""` on a document's page, when no
    /// page of the site is withdrawn).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The link to `section` of `target` on its last version, when
    /// `target` is withdrawn.
    fn last_version(&self, target: &VariantKey, section: &str) -> Option<String> {
        let last = self.withdrawn.get(target)?;
        Some(format!(
            "{}#{section}",
            relative(&self.url, &version(target, *last))
        ))
    }

    /// A link to the document `doc`, and to its `section`:
    /// `../privacy/index.html#retention` from a document's page.
    pub fn document(&self, doc: &str, section: Option<&str>) -> String {
        let section = section.filter(|s| !s.is_empty());
        if let Some(section) = section {
            let target = VariantKey {
                doc: doc.to_string(),
                ..self.text.clone()
            };
            if let Some(link) = self.last_version(&target, section) {
                return link;
            }
        }
        let page = file(&format!("{doc}/"), "html");
        match section {
            Some(section) => format!("{}{page}#{section}", self.documents),
            None => format!("{}{page}", self.documents),
        }
    }

    /// A relative link of the text (written from the document's page) as
    /// a link from this page, naming a folder's `index.html`.
    pub fn relative(&self, href: &str) -> String {
        if let Some(Target::Document {
            key,
            section: Some(section),
        }) = target_of_relative(&self.text, href)
            && let Some(link) = self.last_version(&key, &section)
        {
            return link;
        }
        let end = href.find(['?', '#']).unwrap_or(href.len());
        let (path, rest) = href.split_at(end);
        if path.is_empty() {
            return href.to_string();
        }
        let last = path.rsplit('/').next().unwrap_or_default();
        let index = match last {
            "" => "index.html",
            "." | ".." => "/index.html",
            // A name without an extension is a page's folder.
            name if !name.contains('.') => "/index.html",
            _ => "",
        };
        format!("{}{path}{index}{rest}", self.home)
    }
}

/// A page of the site, as a link names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The site index.
    Index,
    /// A region's list of documents in one locale.
    Region {
        /// Region id.
        region: String,
        /// Locale.
        locale: String,
    },
    /// A document's page, and the section the link's fragment names.
    Document {
        /// Which page.
        key: VariantKey,
        /// The fragment, if any.
        section: Option<String>,
    },
    /// Another page or file the build writes (a change history, an
    /// archived version, a feed, an asset, the manifest): not checked.
    Other,
    /// A path under the site root where the build writes nothing
    /// (`privacy` on a document's page, `../privacy/foo.html`).
    Nothing,
}

/// Where a relative link in the text of `key`'s document leads, read from
/// the document's own page; `None` when it climbs out of the site (a site
/// published inside a larger one may link there).
pub fn target_of_relative(key: &VariantKey, href: &str) -> Option<Target> {
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let home = document(key);
    let mut parts: Vec<&str> = home.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    if parts.last() == Some(&"index.html") {
        parts.pop();
    }
    let is_page = |segment: &str| !segment.contains('.');
    if parts
        .first()
        .is_some_and(|first| ASSETS.strip_suffix('/') == Some(*first))
    {
        return Some(Target::Other);
    }
    Some(match parts[..] {
        [] => Target::Index,
        [region, locale] if is_page(locale) => Target::Region {
            region: region.to_string(),
            locale: locale.to_string(),
        },
        [region, locale, doc] if is_page(doc) => Target::Document {
            key: VariantKey {
                doc: doc.to_string(),
                region: region.to_string(),
                locale: locale.to_string(),
            },
            section: fragment.map(str::to_string),
        },
        ["manifest.json"] | [_, _, "feed.xml"] | [_, _, _, "changes"] => Target::Other,
        [_, _, "facts", name] if name.ends_with(".json") || name.ends_with(".xml") => Target::Other,
        [_, _, _, "v", n] if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            Target::Other
        }
        _ => Target::Nothing,
    })
}

/// Whether the site is published at an absolute (http or https) base URL.
pub fn is_absolute(base_url: &str) -> bool {
    base_url.starts_with("http")
}

/// The page's absolute URL, when the site is published at an absolute
/// (http or https) base URL.
pub fn canonical(base_url: &str, url: &str) -> Option<String> {
    is_absolute(base_url).then(|| format!("{base_url}{url}"))
}

/// A link of the feed at `feed` to `to` (a page, with its `#fragment`):
/// its absolute URL when the site has an absolute base URL, else a link
/// from the feed, naming the page's file as every link of the site does.
/// Atom (RFC 4287, by RFC 3986) resolves a relative link against the
/// feed's own address, so it works wherever the site is published; a
/// link from the server's root (`/us/…`) would not, under a folder.
pub fn from_feed(base_url: &str, feed: &str, to: &str) -> String {
    if let Some(url) = canonical(base_url, to) {
        return url;
    }
    match to.split_once('#') {
        Some((page, fragment)) => format!("{}#{fragment}", relative(feed, page)),
        None => relative(feed, to),
    }
}

/// How a page that a server shows at any path (the 404 page) reaches the
/// site root: by the base URL when it is absolute, else from the server's
/// root (`/`). A relative way would break one folder down.
pub fn served_root(base_url: &str) -> String {
    match is_absolute(base_url) {
        true => base_url.to_string(),
        false => "/".to_string(),
    }
}

/// Where the preview (`policyc serve`) serves the site: at its own
/// server's root, whatever address the site is published at.
pub const PREVIEW_ROOT: &str = "/";

/// A stable Atom id for something at `path`: its URL when the site has an
/// absolute base URL, else a URN made from the path.
pub fn feed_id(base_url: &str, path: &str) -> String {
    if base_url.starts_with("http") {
        format!("{base_url}{path}")
    } else {
        format!("urn:policyc:{}", path.replace(['/', '#'], ":"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> VariantKey {
        VariantKey {
            doc: "privacy".into(),
            region: "us".into(),
            locale: "en-US".into(),
        }
    }

    #[test]
    fn pages_have_their_places() {
        assert_eq!(document(&key()), "us/en-US/privacy/");
        assert_eq!(changes(&key()), "us/en-US/privacy/changes/");
        assert_eq!(version(&key(), 2), "us/en-US/privacy/v/2/");
        assert_eq!(feed("us", "en-US"), "us/en-US/feed.xml");
        assert_eq!(
            file(&document(&key()), "html"),
            "us/en-US/privacy/index.html"
        );
        assert_eq!(file(INDEX, "json"), "index.json");
        assert_eq!(file(&feed("us", "en-US"), "json"), "us/en-US/feed.json");
        assert_eq!(file(&feed("us", "en-US"), "xml"), "us/en-US/feed.xml");
        let (json, feed) = (
            facts_json("eu", "de-DE", "subprocessors"),
            facts_feed("eu", "de-DE", "subprocessors"),
        );
        assert_eq!(json, "eu/de-DE/facts/subprocessors.json");
        assert_eq!(feed, "eu/de-DE/facts/subprocessors.xml");
        assert_eq!(
            relative(&region_index("eu", "de-DE"), &json),
            "facts/subprocessors.json"
        );
        assert_eq!(
            relative(&feed, &region_index("eu", "de-DE")),
            "../index.html"
        );
    }

    #[test]
    fn the_root_is_as_far_as_the_page_is_deep() {
        assert_eq!(root_of(INDEX), "");
        assert_eq!(root_of(&region_index("us", "en-US")), "../../");
        assert_eq!(root_of(&feed("us", "en-US")), "../../");
        assert_eq!(root_of(&document(&key())), "../../../");
        assert_eq!(root_of(&changes(&key())), "../../../../");
        assert_eq!(root_of(&version(&key(), 3)), "../../../../../");
    }

    #[test]
    fn links_between_pages_are_relative_and_short() {
        let (doc, changes, v2) = (document(&key()), changes(&key()), version(&key(), 2));
        assert_eq!(relative(&doc, &changes), "changes/index.html");
        assert_eq!(relative(&changes, &v2), "../v/2/index.html");
        assert_eq!(relative(&v2, &doc), "../../index.html");
        assert_eq!(relative(&v2, &changes), "../../changes/index.html");
        let index = region_index("us", "en-US");
        assert_eq!(relative(&index, &doc), "privacy/index.html");
        assert_eq!(relative(&index, &feed("us", "en-US")), "feed.xml");
        assert_eq!(
            relative(&doc, &region_index("eu", "de-DE")),
            "../../../eu/de-DE/index.html"
        );
        assert_eq!(relative(&doc, INDEX), "../../../index.html");
    }

    #[test]
    fn a_texts_links_work_from_every_page_it_is_on() {
        let on_page = TextLinks::new(&document(&key()), &key());
        assert_eq!(on_page.key(), "");
        assert_eq!(
            on_page.document("terms", Some("law")),
            "../terms/index.html#law"
        );
        assert_eq!(on_page.relative("../terms/#law"), "../terms/index.html#law");
        assert_eq!(on_page.relative("a.pdf"), "a.pdf");
        let archived = TextLinks::new(&version(&key(), 2), &key());
        assert_eq!(archived.key(), "../../");
        assert_eq!(
            archived.document("terms", None),
            "../../../terms/index.html"
        );
        assert_eq!(archived.relative("../terms/"), "../../../terms/index.html");
        assert_eq!(on_page.relative("../terms"), "../terms/index.html");
    }

    #[test]
    fn a_link_to_a_section_of_a_withdrawn_page_leads_to_its_last_version() {
        let terms = VariantKey {
            doc: "terms".into(),
            ..key()
        };
        let withdrawn = Arc::new(Withdrawn::from([(terms, 3)]));
        let archived = TextLinks::new(&version(&key(), 2), &key()).with_withdrawn(withdrawn);
        assert_ne!(archived.key(), "../../");
        assert_eq!(
            archived.document("terms", Some("law")),
            "../../../terms/v/3/index.html#law"
        );
        assert_eq!(
            archived.relative("../terms/#law"),
            "../../../terms/v/3/index.html#law"
        );
        // Without a section, the withdrawn page itself says where to read.
        assert_eq!(
            archived.document("terms", None),
            "../../../terms/index.html"
        );
        // Another locale's page of the document is not withdrawn.
        assert_eq!(
            archived.relative("../../es-US/terms/#law"),
            "../../../../es-US/terms/index.html#law"
        );
    }

    #[test]
    fn a_feeds_links_are_absolute_with_a_base_url_else_relative_to_the_feed() {
        let (at, page) = (feed("us", "en-US"), format!("{}#v2", changes(&key())));
        assert_eq!(
            from_feed("https://x.test/", &at, &page),
            "https://x.test/us/en-US/privacy/changes/#v2"
        );
        assert_eq!(from_feed("/", &at, &page), "privacy/changes/index.html#v2");
        assert_eq!(
            from_feed("/", &at, &region_index("us", "en-US")),
            "index.html"
        );
    }

    #[test]
    fn relative_links_are_read_from_the_documents_page() {
        let doc = |doc: &str, region: &str, locale: &str, section: Option<&str>| {
            Some(Target::Document {
                key: VariantKey {
                    doc: doc.into(),
                    region: region.into(),
                    locale: locale.into(),
                },
                section: section.map(str::to_string),
            })
        };
        let read = |href| target_of_relative(&key(), href);
        assert_eq!(
            read("../terms/#law"),
            doc("terms", "us", "en-US", Some("law"))
        );
        assert_eq!(
            read("../terms/index.html"),
            doc("terms", "us", "en-US", None)
        );
        assert_eq!(
            read("../../es-US/privacy/"),
            doc("privacy", "us", "es-US", None)
        );
        assert_eq!(
            read("../"),
            Some(Target::Region {
                region: "us".into(),
                locale: "en-US".into()
            })
        );
        assert_eq!(read("../../../"), Some(Target::Index));
        assert_eq!(read("../../../assets/a.pdf"), Some(Target::Other));
        assert_eq!(read("../feed.xml"), Some(Target::Other));
        assert_eq!(read("../facts/cookies.json"), Some(Target::Other));
        assert_eq!(read("../facts/cookies.xml"), Some(Target::Other));
        assert_eq!(read("../../../../elsewhere/"), None);
    }
}
