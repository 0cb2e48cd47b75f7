//! The site's address: `robots: true` needs one only where a build writes
//! `robots.txt` (`check` and the preview cannot know `build --base-url`);
//! without one, pages and feeds link relatively and publish no link from
//! the server's root; the preview's 404 page links within the preview; a
//! base URL with a broken `%` escape is refused, in `policyc.yaml` and
//! `--base-url` alike.

use std::path::Path;

use crate::support::{MINIMAL_CONFIG, Project, bin, read_tree};
use policyc_testkit::serve::Server;

/// The day the tests build for: after the example's first release.
const TODAY: &str = "2026-12-01";

/// The example with its releases and without `base_url`.
fn example_without_base_url() -> Project {
    let project = Project::example_released();
    let config = project.read("policyc.yaml");
    let kept: Vec<&str> = config
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .collect();
    assert!(kept.len() < config.lines().count(), "{config}");
    project.write("policyc.yaml", kept.join("\n") + "\n");
    project
}

/// Runs `policyc` with `args` in `project`; the exit code and stderr.
fn run(project: &Project, args: &[&str]) -> (i32, String) {
    let output = project.cmd().args(args).output().expect("run policyc");
    (
        output.status.code().expect("policyc exited normally"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every `href="…"` of `text`.
fn hrefs(text: &str) -> Vec<&str> {
    text.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().expect("a closing quote"))
        .collect()
}

#[test]
fn robots_without_a_base_url_passes_check_and_the_preview_and_fails_only_the_build() {
    let project = Project::minimal();
    project.write("policyc.yaml", format!("{MINIMAL_CONFIG}robots: true\n"));
    // `check`, strict too: the address may be given to the build.
    for extra in [&[][..], &["--strict"]] {
        let (code, report) = project.check_json(extra);
        assert_eq!(code, 0, "{extra:?}: {report:#?}");
        assert!(report.matching("robots").is_empty(), "{report:#?}");
    }
    // The preview builds, and writes no robots.txt.
    let server = Server::start(bin(), project.root());
    let page = server.get("/");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(!page.body.contains("Build failed"), "{}", page.body);
    assert_eq!(server.get("/robots.txt").status, 404);
    drop(server);
    // A build with no address at all is the error, at `robots`.
    let (code, stderr) = run(&project, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`robots: true` needs `base_url` or `--base-url`"),
        "{stderr}"
    );
    assert!(stderr.contains("policyc.yaml:8:1"), "{stderr}");
    assert!(stderr.contains("build with `--base-url URL`"), "{stderr}");
    assert!(!project.out().exists());
    // `--emit json` writes no robots.txt, so it needs no address.
    let (code, stderr) = run(&project, &["build", "--emit", "json"]);
    assert_eq!(code, 0, "{stderr}");
    // With the address given to the build, robots.txt names the sitemap.
    let (code, stderr) = run(
        &project,
        &["build", "--base-url", "https://pebblebrook.example/legal/"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        project.read_out("robots.txt").lines().last(),
        Some("Sitemap: https://pebblebrook.example/legal/sitemap.xml")
    );
}

#[test]
fn without_a_base_url_pages_have_no_hreflang_urls_and_link_nothing_from_the_server_root() {
    let project = example_without_base_url();
    let (code, stderr) = run(&project, &["build", "--today", TODAY]);
    assert_eq!(code, 0, "{stderr}");
    let mut pages = 0;
    for (rel, bytes) in read_tree(&project.out()) {
        if rel.extension().is_none_or(|e| e != "html") || rel == Path::new("404.html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for href in hrefs(&text) {
            assert!(
                !href.starts_with('/'),
                "{}: {href} leads from the server's root",
                rel.display()
            );
        }
        assert!(
            !text.contains("<link rel=\"alternate\" hreflang="),
            "{}: an hreflang URL without an absolute address",
            rel.display()
        );
        pages += 1;
    }
    assert!(pages > 50, "{pages} pages");
    // Readers still find the other languages, by relative links.
    let page = project.read_out("us/en-US/privacy/index.html");
    assert!(
        page.contains("href=\"../../es-US/privacy/index.html\" hreflang=\"es-US\""),
        "{page}"
    );
}

#[test]
fn without_a_base_url_a_feed_has_no_self_link_and_links_relative_to_itself() {
    let project = example_without_base_url();
    let (code, stderr) = run(&project, &["build", "--today", TODAY]);
    assert_eq!(code, 0, "{stderr}");
    let out = project.out();
    let feed = project.read_out("us-ca/en-US/feed.xml");
    assert!(!feed.contains("rel=\"self\""), "{feed}");
    let links = hrefs(&feed);
    assert!(links.len() >= 3, "{feed}");
    assert_eq!(links[0], "index.html", "the region's page: {feed}");
    // Each resolves against the feed's address, to a file of the site and
    // an element of it.
    for href in links {
        assert!(!href.starts_with('/') && !href.contains(':'), "{href}");
        let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
        let file = out.join("us-ca/en-US").join(path);
        assert!(file.is_file(), "{href} in the feed is no file of the site");
        if !fragment.is_empty() {
            let page = std::fs::read_to_string(&file).expect("read the page");
            assert!(
                page.contains(&format!("id=\"{fragment}\"")),
                "{href}: no element with that id"
            );
        }
    }
    // The entries' ids stay stable and absolute (URNs).
    assert!(
        feed.contains("<id>urn:policyc:us-ca:en-US:feed.xml</id>"),
        "{feed}"
    );
    // With a base URL, as before: a self link and absolute entry links.
    let (code, stderr) = run(
        &project,
        &["build", "--today", TODAY, "--base-url", "https://x.test/"],
    );
    assert_eq!(code, 0, "{stderr}");
    let feed = project.read_out("us-ca/en-US/feed.xml");
    assert!(
        feed.contains("<link rel=\"self\" href=\"https://x.test/us-ca/en-US/feed.xml\"/>"),
        "{feed}"
    );
    assert!(
        feed.contains("href=\"https://x.test/us-ca/en-US/privacy/changes/#v"),
        "{feed}"
    );
}

#[test]
fn the_previews_404_page_links_within_the_preview() {
    let project = Project::example_released();
    let server = Server::start_with(bin(), project.root(), &["--today", TODAY]);
    let page = server.get("/404.html");
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains("legal.ottermoss.example"),
        "the preview's 404 page leads to the published site:\n{}",
        page.body
    );
    let links: Vec<&str> = hrefs(&page.body)
        .into_iter()
        .filter(|h| h.ends_with(".html") || h.ends_with(".css"))
        .collect();
    assert!(links.contains(&"/index.html"), "{}", page.body);
    assert!(links.contains(&"/assets/style.css"), "{}", page.body);
    for href in links {
        assert_eq!(server.get(href).status, 200, "{href}");
    }
    // The built site's 404 page still starts from the published address.
    let (code, stderr) = run(&project, &["build", "--today", TODAY]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        project
            .read_out("404.html")
            .contains("href=\"https://legal.ottermoss.example/index.html\"")
    );
}

#[test]
fn a_base_url_with_a_broken_percent_escape_is_an_error_in_config_and_flag() {
    for (value, bad) in [
        ("https://legal.example.com/%zz/", "%zz"),
        ("https://legal.example.com/a%4/", "%4/"),
        ("https://legal.example.com/100%", "%"),
    ] {
        let project = Project::minimal();
        project.write(
            "policyc.yaml",
            MINIMAL_CONFIG.replacen('\n', &format!("\nbase_url: {value}\n"), 1),
        );
        let (code, report) = project.check_json(&[]);
        assert_eq!(code, 1, "{value}: {report:#?}");
        let d = report.find(&format!(
            "`base_url` has an invalid percent-encoding `{bad}`"
        ));
        d.assert_at("policyc.yaml", Some(2), Some(11));
        assert!(d.message.contains("two hexadecimal digits"), "{d:#?}");
        project.assert_build_fails_without_output();

        let project = Project::minimal();
        let (code, stderr) = run(&project, &["build", "--base-url", value]);
        assert_eq!(code, 1, "{value}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "`--base-url` has an invalid percent-encoding `{bad}`"
            )),
            "{value}: {stderr}"
        );
        assert!(!project.out().exists());
    }
    // A well-formed escape is fine.
    let project = Project::minimal();
    let (code, stderr) = run(
        &project,
        &[
            "build",
            "--base-url",
            "https://legal.example.com/caf%C3%A9/",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        project
            .read_out("404.html")
            .contains("href=\"https://legal.example.com/caf%C3%A9/index.html\"")
    );
}
