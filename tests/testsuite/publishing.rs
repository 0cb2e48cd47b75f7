//! What a published site needs beside its pages: `sitemap.xml` (every
//! current page, its other languages, its "Last Updated"), `404.html`,
//! `robots.txt` when asked, and `build --base-url` for a preview
//! deployment.

use std::path::Path;

use crate::support::{MINIMAL_CONFIG, MINIMAL_PRIVACY, Project, bin, read_tree};
use policyc_testkit::serve::Server;

/// The example's base URL.
const BASE: &str = "https://legal.ottermoss.example/";
/// The day the tests build for: after the example's first release.
const TODAY: &str = "2026-12-01";

/// Builds `project` with `args`, failing the test unless it succeeds.
fn build(project: &Project, args: &[&str]) {
    let output = project
        .cmd()
        .args(["build", "--today", TODAY])
        .args(args)
        .output()
        .expect("run policyc build");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The text of every `<tag>…</tag>` in `xml`, in order.
fn elements<'x>(xml: &'x str, tag: &str) -> Vec<&'x str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(open.as_str())
        .skip(1)
        .map(|rest| rest.split(close.as_str()).next().expect("a closing tag"))
        .collect()
}

/// The value of `name="…"` in `element`.
fn attr<'e>(element: &'e str, name: &str) -> &'e str {
    let start = element
        .find(&format!("{name}=\""))
        .unwrap_or_else(|| panic!("no {name} in {element}"))
        + name.len()
        + 2;
    let len = element[start..].find('"').expect("a closing quote");
    &element[start..start + len]
}

/// The file of `out` an absolute URL of the site is served from, if any.
fn served_file(out: &Path, url: &str, base: &str) -> Option<std::path::PathBuf> {
    let rel = url.strip_prefix(base)?;
    let rel = match rel.split('#').next().unwrap_or_default() {
        "" => "index.html".to_string(),
        r if r.ends_with('/') => format!("{r}index.html"),
        r => r.to_string(),
    };
    let path = out.join(rel);
    path.is_file().then_some(path)
}

#[test]
fn the_sitemap_lists_every_current_page_with_its_languages_and_date() {
    let project = Project::example_released();
    build(&project, &[]);
    let xml = project.read_out("sitemap.xml");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"), "{xml}");
    assert!(xml.ends_with("</urlset>\n"));
    let urls = elements(&xml, "url");
    let locs: Vec<&str> = elements(&xml, "loc");
    assert_eq!(locs.len(), urls.len());
    assert_eq!(locs[0], BASE, "the index comes first");
    // Every URL is a page the build wrote, listed once.
    for loc in &locs {
        assert!(
            served_file(&project.out(), loc, BASE).is_some(),
            "{loc} is no page of the site"
        );
    }
    let unique: std::collections::BTreeSet<&&str> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len());
    // Every document page is there, dated with its "Last Updated".
    let manifest = project.manifest();
    let pages = manifest["pages"].as_array().expect("pages");
    for page in pages {
        let loc = format!("{BASE}{}", page["url"].as_str().expect("url"));
        let url = urls
            .iter()
            .find(|u| u.contains(&format!("<loc>{loc}</loc>")))
            .unwrap_or_else(|| panic!("{loc} is not in the sitemap"));
        let day = page["last_updated"].as_str().expect("released");
        assert!(url.contains(&format!("<lastmod>{day}</lastmod>")), "{url}");
    }
    // Region lists too, and nothing else (no history or version pages).
    let regions = locs.iter().filter(|l| l.matches('/').count() == 5).count();
    assert_eq!(locs.len(), 1 + regions + pages.len(), "{locs:#?}");
    assert!(regions > 0);
    // A document's page names itself and its other languages, and the
    // default locale's as x-default.
    let privacy = urls
        .iter()
        .find(|u| u.contains(&format!("<loc>{BASE}us/es-US/privacy/</loc>")))
        .expect("the Spanish privacy policy of the US");
    let links: Vec<(&str, &str)> = privacy
        .split("<xhtml:link ")
        .skip(1)
        .map(|l| (attr(l, "hreflang"), attr(l, "href")))
        .collect();
    assert_eq!(
        links,
        [
            ("en-US", "https://legal.ottermoss.example/us/en-US/privacy/"),
            ("es-US", "https://legal.ottermoss.example/us/es-US/privacy/"),
            (
                "x-default",
                "https://legal.ottermoss.example/us/en-US/privacy/"
            ),
        ]
    );
    for (_, href) in links {
        assert!(served_file(&project.out(), href, BASE).is_some(), "{href}");
    }
    // A page with one locale has no alternates.
    let single = Project::from_files(&[
        (
            "policyc.yaml",
            "name: One Locale\nbase_url: https://one.example/\ndefault_locale: en-US\nvariables:\n  company: Pebblebrook Tinkers\n",
        ),
        ("policies/privacy/en-US.md", MINIMAL_PRIVACY),
    ]);
    single.build();
    let xml = single.read_out("sitemap.xml");
    assert!(!xml.contains("xhtml:link rel"), "{xml}");
    assert!(
        xml.contains("<loc>https://one.example/global/en-US/privacy/</loc>"),
        "{xml}"
    );
    // Never released: no date.
    assert!(!xml.contains("<lastmod>"), "{xml}");
}

#[test]
fn the_sitemap_is_the_same_bytes_on_every_build_and_not_in_the_manifest() {
    let project = Project::example_released();
    build(&project, &[]);
    let first = project.read_out("sitemap.xml");
    build(&project, &[]);
    assert_eq!(project.read_out("sitemap.xml"), first);
    let manifest = project.read_out("manifest.json");
    assert!(!manifest.contains("sitemap") && !manifest.contains("404"));
}

#[test]
fn a_withdrawn_page_is_left_out_of_the_sitemap() {
    let project = Project::example_released();
    project.unlink("terms");
    std::fs::remove_dir_all(project.root().join("policies/terms")).expect("remove terms");
    let output = project
        .cmd()
        .args(["release", "-m", "Withdraw the terms", "--date", TODAY])
        .output()
        .expect("run policyc release");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    build(&project, &[]);
    let xml = project.read_out("sitemap.xml");
    assert!(project.out().join("us/en-US/terms/index.html").is_file());
    assert!(!xml.contains("/terms/"), "{xml}");
    assert!(xml.contains("/us/en-US/privacy/"));
}

#[test]
fn without_a_base_url_there_is_no_sitemap_and_the_404_page_links_from_the_server_root() {
    let project = Project::minimal();
    project.build();
    assert!(!project.out().join("sitemap.xml").exists());
    assert!(!project.out().join("robots.txt").exists());
    let page = project.read_out("404.html");
    assert!(page.contains("href=\"/index.html\""), "{page}");
    assert!(page.contains("href=\"/assets/style.css\""), "{page}");
}

#[test]
fn the_404_page_links_back_by_absolute_urls_that_work_at_any_depth() {
    let project = Project::example_released();
    build(&project, &[]);
    let page = project.read_out("404.html");
    assert!(page.contains("<html lang=\"en-US\">"), "{page}");
    assert!(page.contains("<h1>Page not found</h1>"), "{page}");
    assert!(page.contains("<main id=\"content\">"), "{page}");
    let html = scraper::Html::parse_document(&page);
    let links = scraper::Selector::parse("[href]").expect("selector");
    let mut checked = 0;
    for el in html.select(&links) {
        let href = el.value().attr("href").expect("href");
        if href.starts_with('#') || href.starts_with("mailto:") {
            continue;
        }
        assert!(
            served_file(&project.out(), href, BASE).is_some(),
            "{href} on the 404 page is not a file of the site"
        );
        checked += 1;
    }
    assert!(checked >= 3, "{page}");
}

#[test]
fn the_404_page_speaks_the_default_locale_and_can_be_overridden() {
    let project = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Lindenhof Recht\ndefault_locale: de-DE\n",
        ),
        (
            "policies/privacy/de-DE.md",
            "---\ntitle: Datenschutz\n---\n\n## Daten {#daten}\n\nNamen.\n",
        ),
    ]);
    project.build();
    let page = project.read_out("404.html");
    assert!(page.contains("<html lang=\"de-DE\">"), "{page}");
    assert!(page.contains("<h1>Seite nicht gefunden</h1>"), "{page}");
    assert!(page.contains(">Alle Dokumente ansehen</a>"), "{page}");
    project.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block body %}<main id=\"content\"><h1>Verlaufen?</h1><a href=\"{{ index_href }}\">{{ strings.not_found_link }}</a></main>{% endblock body %}",
    );
    project.build();
    let page = project.read_out("404.html");
    assert!(page.contains("<h1>Verlaufen?</h1>"), "{page}");
    assert!(
        page.contains("<a href=\"/index.html\">Alle Dokumente ansehen</a>"),
        "{page}"
    );
}

#[test]
fn robots_txt_is_written_only_when_asked_and_points_at_the_sitemap() {
    let project = Project::example_released();
    build(&project, &[]);
    assert!(!project.out().join("robots.txt").exists());
    let config = project.read("policyc.yaml");
    project.write("policyc.yaml", format!("{config}robots: true\n"));
    build(&project, &[]);
    let robots = project.read_out("robots.txt");
    assert!(robots.contains("User-agent: *\nAllow: /\n"), "{robots}");
    assert!(
        robots.ends_with("\nSitemap: https://legal.ottermoss.example/sitemap.xml\n"),
        "{robots}"
    );
    project.write("policyc.yaml", format!("{config}robots: false\n"));
    build(&project, &[]);
    assert!(!project.out().join("robots.txt").exists());
}

#[test]
fn robots_that_is_not_true_or_false_is_an_error_at_its_value() {
    let project = Project::minimal();
    project.write(
        "policyc.yaml",
        format!("{MINIMAL_CONFIG}robots: everyone\n"),
    );
    let report = project.check_fails();
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = &report.diagnostics[0];
    assert_eq!(d.file.as_deref(), Some("policyc.yaml"));
    assert_eq!(d.line, Some(8), "{d:#?}");
    assert!(
        d.message.contains("robots") || d.message.contains("boolean"),
        "{d:#?}"
    );
}

#[test]
fn base_url_flag_replaces_the_configured_address_everywhere() {
    let project = Project::example_released();
    let config = project.read("policyc.yaml");
    project.write("policyc.yaml", format!("{config}robots: true\n"));
    let preview = "https://preview.example.net/pr-12/";
    build(
        &project,
        &["--base-url", "https://preview.example.net/pr-12"],
    );
    let mut seen = 0;
    for (rel, bytes) in read_tree(&project.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("legal.ottermoss.example/"),
            "{} still links to the configured base_url",
            rel.display()
        );
        seen += usize::from(text.contains(preview));
    }
    let page = project.read_out("us/en-US/privacy/index.html");
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"{preview}us/en-US/privacy/\">"
    )));
    assert!(page.contains(&format!(
        "hreflang=\"es-US\" href=\"{preview}us/es-US/privacy/\""
    )));
    assert!(project.read_out("us/en-US/feed.xml").contains(&format!(
        "<link rel=\"self\" href=\"{preview}us/en-US/feed.xml\"/>"
    )));
    assert!(
        project
            .read_out("sitemap.xml")
            .contains(&format!("<loc>{preview}</loc>"))
    );
    assert!(
        project
            .read_out("robots.txt")
            .contains(&format!("Sitemap: {preview}sitemap.xml"))
    );
    assert!(
        project
            .read_out("404.html")
            .contains(&format!("href=\"{preview}index.html\""))
    );
    assert!(seen > 50, "{seen} files name the preview's address");
}

#[test]
fn a_wrong_base_url_flag_is_an_error_naming_the_flag() {
    for (given, problem) in [
        ("preview.example.net", "is not an absolute URL"),
        ("ftp://preview.example.net/", "must be an http or https URL"),
        (
            "https://user:secret@preview.example.net/",
            "cannot contain a user name or password",
        ),
        (
            "https://preview.example.net/?pr=12",
            "cannot have a `?` query",
        ),
    ] {
        let project = Project::example_released();
        let output = project
            .cmd()
            .args(["build", "--base-url", given])
            .output()
            .expect("run policyc build");
        assert_eq!(output.status.code(), Some(1), "{given}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("`--base-url` {problem}")),
            "{given}: {stderr}"
        );
        assert!(
            stderr.contains("build failed; nothing was written"),
            "{stderr}"
        );
        assert!(!project.out().exists());
    }
}

#[test]
fn the_preview_serves_the_sitemap_and_the_404_page() {
    let project = Project::example_released();
    let server = Server::start_with(bin(), project.root(), &["--today", TODAY]);
    let sitemap = server.get("/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    assert!(
        sitemap
            .body
            .contains(&format!("<loc>{BASE}us/en-US/privacy/</loc>"))
    );
    let page = server.get("/404.html");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<h1>Page not found</h1>"),
        "{}",
        page.body
    );
}
