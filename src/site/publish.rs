//! What a web server and search engines read beside the pages:
//! `sitemap.xml` (every current page, with its other languages and its
//! "Last Updated" date), `robots.txt` when `policyc.yaml` asks for it, and
//! the setting's check. The 404 page is a page model like the others
//! ([`super::model::NotFoundPage`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::manifest::ManifestPage;
use super::urls;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::history::Day;
use crate::resolve::Fallback;
use crate::source::{Config, layout};
use crate::text::push_escaped_str;

/// The sitemap: each page a search engine should know, as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sitemap {
    /// The pages: the index first, then by URL.
    pub urls: Vec<SitemapUrl>,
}

/// One page of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SitemapUrl {
    /// Its absolute URL.
    pub loc: String,
    /// A document's "Last Updated" date; for a list of documents, the
    /// newest of theirs. `None` before the first release.
    pub lastmod: Option<Day>,
    /// The same page in each locale its text is in, itself included, and
    /// `x-default` (the default locale's); empty when it has one locale,
    /// and for a page showing the whole document in the default locale,
    /// which is in no cluster of translations.
    pub alternates: Vec<SitemapAlternate>,
}

/// A page in one language, for `<xhtml:link rel="alternate">`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SitemapAlternate {
    /// A locale code, or `x-default`.
    pub hreflang: String,
    /// Its absolute URL.
    pub href: String,
}

/// The pages of one kind and place in every locale they are in: a
/// document in a region (`Some(doc)`), or the region's list (`None`).
/// Each locale's "Last Updated" and whether the page's text is in it (a
/// whole-document fallback is no translation, and is not advertised as one).
type Group<'p> = BTreeMap<(&'p str, Option<&'p str>), BTreeMap<&'p str, (Option<Day>, bool)>>;

/// The sitemap of a site whose document pages are `pages`, published at
/// `config.base_url`; `None` when the site has no absolute base URL (a
/// sitemap lists absolute URLs only). Withdrawn pages are left out.
pub fn sitemap(config: &Config, pages: &[&ManifestPage]) -> Option<Sitemap> {
    let base = &config.base_url;
    if !urls::is_absolute(base) {
        return None;
    }
    let mut groups: Group = BTreeMap::new();
    for page in pages.iter().filter(|p| p.listed) {
        let (region, locale) = (page.key.region.as_str(), page.key.locale.as_str());
        let translated = !matches!(page.fallback, Fallback::Whole { .. });
        groups
            .entry((region, Some(page.key.doc.as_str())))
            .or_default()
            .insert(locale, (page.last_updated, translated));
        let listed = groups
            .entry((region, None))
            .or_default()
            .entry(locale)
            .or_insert((None, true));
        listed.0 = listed.0.max(page.last_updated);
    }
    let url_of = |region: &str, doc: Option<&str>, locale: &str| match doc {
        Some(doc) => format!("{base}{}", urls::document_in(region, locale, doc)),
        None => format!("{base}{}", urls::region_index(region, locale)),
    };
    let mut entries: BTreeMap<String, SitemapUrl> = BTreeMap::new();
    for ((region, doc), locales) in &groups {
        let mut alternates: Vec<SitemapAlternate> = Vec::new();
        if locales.len() > 1 {
            alternates = locales
                .iter()
                .filter(|(_, (_, translated))| *translated)
                .map(|(l, _)| SitemapAlternate {
                    hreflang: l.to_string(),
                    href: url_of(region, *doc, l),
                })
                .collect();
            if locales.contains_key(config.default_locale.as_str()) {
                alternates.push(SitemapAlternate {
                    hreflang: "x-default".to_string(),
                    href: url_of(region, *doc, &config.default_locale),
                });
            }
        }
        for (locale, (lastmod, translated)) in locales {
            let loc = url_of(region, *doc, locale);
            entries.insert(
                loc.clone(),
                SitemapUrl {
                    loc,
                    lastmod: *lastmod,
                    alternates: match translated {
                        true => alternates.clone(),
                        false => Vec::new(),
                    },
                },
            );
        }
    }
    let index = SitemapUrl {
        loc: format!("{base}{}", urls::INDEX),
        lastmod: entries.values().filter_map(|u| u.lastmod).max(),
        alternates: Vec::new(),
    };
    Some(Sitemap {
        urls: std::iter::once(index)
            .chain(entries.into_values())
            .collect(),
    })
}

impl Sitemap {
    /// The sitemap as `sitemap.xml` holds it (the sitemaps.org protocol,
    /// with XHTML `alternate` links).
    pub fn to_xml(&self) -> String {
        // A site of thousands of pages in many languages has a sitemap of
        // megabytes: written in place, each text escaped as it is copied.
        let mut xml = String::with_capacity(
            256 + self
                .urls
                .iter()
                .map(|u| 64 + u.loc.len() + u.alternates.len() * (64 + u.loc.len()))
                .sum::<usize>(),
        );
        xml.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
             xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for url in &self.urls {
            xml.push_str("  <url>\n    <loc>");
            push_escaped_str(&mut xml, &url.loc);
            xml.push_str("</loc>\n");
            if let Some(day) = url.lastmod {
                let _ = writeln!(xml, "    <lastmod>{day}</lastmod>");
            }
            for alt in &url.alternates {
                xml.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
                push_escaped_str(&mut xml, &alt.hreflang);
                xml.push_str("\" href=\"");
                push_escaped_str(&mut xml, &alt.href);
                xml.push_str("\"/>\n");
            }
            xml.push_str("  </url>\n");
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

/// `robots.txt`: every crawler may read everything, and the sitemap is at
/// `base_url`.
pub fn robots_txt(base_url: &str) -> String {
    format!(
        "# Written by policyc (robots: true in {}).\nUser-agent: *\nAllow: /\n\nSitemap: {base_url}{}\n",
        layout::CONFIG,
        urls::SITEMAP
    )
}

/// The publishing settings of `policyc.yaml` that depend on each other:
/// `robots: true` names the sitemap, which needs an absolute base URL.
/// Asked by `build` only, once the base URL of the build is known
/// (`base_url`, or `build --base-url`): `check` and the preview cannot
/// know the address a later build is given, and write no `robots.txt`.
pub fn check_settings(config: &Config, diags: &Diagnostics) {
    if let Some(at) = config.robots
        && !urls::is_absolute(&config.base_url)
    {
        diags.push(
            Diagnostic::error("`robots: true` needs `base_url` or `--base-url`: robots.txt points crawlers at the sitemap by its absolute address")
                .in_file(layout::config())
                .at(at)
                .help("add `base_url: https://…` (the address the site is published at), build with `--base-url URL`, or remove `robots`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{Fallback, VariantKey};

    fn page(doc: &str, region: &str, locale: &str, day: Option<&str>) -> ManifestPage {
        let key = VariantKey {
            doc: doc.into(),
            region: region.into(),
            locale: locale.into(),
        };
        ManifestPage {
            path: urls::file(&urls::document(&key), "html"),
            url: urls::document(&key),
            key,
            title: "T".into(),
            content_hash: String::new(),
            version: None,
            last_updated: day.map(|d| Day::parse(d).unwrap()),
            fallback: Fallback::None,
            summary: None,
            withdrawn: None,
            listed: true,
        }
    }

    fn config(base_url: &str) -> Config {
        Config {
            base_url: base_url.into(),
            default_locale: "en-US".into(),
            ..Config::default()
        }
    }

    #[test]
    fn a_site_without_an_absolute_base_url_has_no_sitemap() {
        let p = page("privacy", "us", "en-US", None);
        assert_eq!(sitemap(&config("/"), &[&p]), None);
    }

    #[test]
    fn pages_list_their_languages_and_the_newest_date_lists_the_region() {
        let (a, b) = (
            page("privacy", "us", "en-US", Some("2026-01-02")),
            page("privacy", "us", "es-US", Some("2026-03-04")),
        );
        let mut gone = page("terms", "us", "en-US", Some("2026-05-06"));
        gone.listed = false;
        let map = sitemap(&config("https://x.example/"), &[&b, &gone, &a]).unwrap();
        let locs: Vec<&str> = map.urls.iter().map(|u| u.loc.as_str()).collect();
        assert_eq!(
            locs,
            [
                "https://x.example/",
                "https://x.example/us/en-US/",
                "https://x.example/us/en-US/privacy/",
                "https://x.example/us/es-US/",
                "https://x.example/us/es-US/privacy/",
            ]
        );
        assert_eq!(map.urls[0].lastmod, Day::parse("2026-03-04").ok());
        assert_eq!(map.urls[2].lastmod, Day::parse("2026-01-02").ok());
        let langs: Vec<&str> = map.urls[2]
            .alternates
            .iter()
            .map(|a| a.hreflang.as_str())
            .collect();
        assert_eq!(langs, ["en-US", "es-US", "x-default"]);
        let xml = map.to_xml();
        assert!(xml.contains("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://x.example/us/en-US/privacy/\"/>"), "{xml}");
    }
}
