//! The live preview in a real browser: headless Chromium driven through
//! WebDriver (chromedriver). An editor saves, and the open page shows the
//! change at the same scroll position; a broken file shows an overlay naming
//! it; fixing the file clears the overlay; a stopped server is noticed.
//! And a built Arabic page, opened from disk, is laid out right to left.
//!
//! In CI (the `CI` variable is set) Chromium and chromedriver must be there
//! and the test fails without them. Elsewhere it is skipped, with a
//! `SKIPPED:` line on stderr, when they are missing. `POLICYC_CHROMIUM` and `POLICYC_CHROMEDRIVER` name
//! other binaries.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Project;
use crate::support::bin;
use fantoccini::{Client, ClientBuilder, Locator};
use policyc_testkit::serve::Server;
use serde_json::{Value, json};

const PAGE: &str = "/us-ca/en-US/privacy/";
const SOURCE: &str = "policies/privacy/en-US.md";
const OLD_SENTENCE: &str = "If you think this may have happened, please write to";
const NEW_SENTENCE: &str = "If you believe this has happened, a parent or guardian can write to";

struct Browser {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

/// The browser and driver, or `None` (after saying why) to skip.
fn browser() -> Option<Browser> {
    let find = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(default))
    };
    let chromium = find("POLICYC_CHROMIUM", "/usr/bin/chromium");
    let chromedriver = find("POLICYC_CHROMEDRIVER", "/usr/bin/chromedriver");
    let missing: Vec<String> = [&chromium, &chromedriver]
        .into_iter()
        .filter(|p| !p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return Some(Browser {
            chromium,
            chromedriver,
        });
    }
    crate::support::skip(
        &format!("the browser test needs {}", missing.join(" and ")),
        "install Chromium and chromedriver (Debian: apt-get install chromium chromium-driver), or name them in POLICYC_CHROMIUM and POLICYC_CHROMEDRIVER",
    );
    None
}

/// A running chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(path: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn connect(driver: &Driver, chromium: &Path, profile: &Path) -> Client {
    connect_in(driver, chromium, profile, None).await
}

/// A session whose browser prefers `languages` (`de-DE,de`), when given.
async fn connect_in(
    driver: &Driver,
    chromium: &Path,
    profile: &Path,
    languages: Option<&str>,
) -> Client {
    let mut capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1200,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    if let Some(languages) = languages {
        let options = &mut capabilities["goog:chromeOptions"];
        let first = languages.split(',').next().unwrap_or(languages);
        if let Some(args) = options["args"].as_array_mut() {
            args.push(json!(format!("--lang={first}")));
        }
        options["prefs"] = json!({ "intl.accept_languages": languages });
    }
    let Value::Object(capabilities) = capabilities else {
        unreachable!("an object")
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session with Chromium")
}

/// Evaluates `expression` in the page until it is true.
async fn wait_until(client: &Client, expression: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    let script = format!("return Boolean({expression});");
    loop {
        // A reload in progress can make one call fail; the next one works.
        if let Ok(Value::Bool(true)) = client.execute(&script, vec![]).await {
            return;
        }
        if Instant::now() > deadline {
            let text = client
                .execute("return document.body.innerText.slice(0, 2000);", vec![])
                .await
                .unwrap_or_default();
            panic!("timed out waiting for {what}; the page shows:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn number(client: &Client, expression: &str) -> f64 {
    client
        .execute(&format!("return {expression};"), vec![])
        .await
        .expect("run a script")
        .as_f64()
        .expect("a number")
}

fn edit(project: &Project, from: &str, to: &str) {
    let path = project.root().join(SOURCE);
    let text = std::fs::read_to_string(&path).expect("read the source");
    assert!(text.contains(from), "{SOURCE} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("save the source");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_open_page_follows_saves_errors_and_fixes() {
    let Some(browser) = browser() else { return };
    let project = Project::example_released();
    let mut server = Server::start(bin(), project.root());
    let driver = Driver::start(&browser.chromedriver);
    let profile = tempfile::tempdir().expect("a profile folder");
    let client = connect(&driver, &browser.chromium, profile.path()).await;
    let url = format!("http://127.0.0.1:{}{PAGE}", server.port);
    client.goto(&url).await.expect("open the page");
    wait_until(
        &client,
        &format!("document.body.innerText.includes({OLD_SENTENCE:?})"),
        "the page",
    )
    .await;
    assert!(
        client.find(Locator::Css(".policyc-draft")).await.is_err(),
        "a released, unchanged page has no draft banner"
    );

    // Scroll down to the section about to change, as an editor would.
    client
        .execute(
            "document.getElementById('children').scrollIntoView(); window.scrollBy(0, -40);",
            vec![],
        )
        .await
        .expect("scroll");
    let scrolled = number(&client, "window.scrollY").await;
    assert!(scrolled > 500.0, "the page scrolled ({scrolled})");
    // Gone after a reload: shows that the page reloaded by itself.
    client
        .execute("window.policycMarker = true;", vec![])
        .await
        .expect("mark the page");

    // Save a change: the page shows it, by itself, where the reader was.
    edit(&project, OLD_SENTENCE, NEW_SENTENCE);
    server.wait_for_build();
    wait_until(
        &client,
        &format!("document.body.innerText.includes({NEW_SENTENCE:?}) && document.readyState === 'complete'"),
        "the new text",
    )
    .await;
    let marker = client
        .execute("return window.policycMarker === true;", vec![])
        .await
        .expect("read the marker");
    assert_eq!(marker, Value::Bool(false), "the page was reloaded");
    let after = number(&client, "window.scrollY").await;
    assert!(
        (after - scrolled).abs() <= 2.0,
        "scroll position kept: {scrolled} before, {after} after"
    );

    // The page now differs from the release: a draft banner, whose toggle
    // shows the redline in place of the text.
    let toggle = client
        .find(Locator::Css(".policyc-draft .policyc-toggle"))
        .await
        .expect("the draft banner's toggle");
    toggle.click().await.expect("press the toggle");
    wait_until(
        &client,
        "!document.getElementById('policyc-redline').hidden && document.querySelector('main article').hidden",
        "the redline in place of the text",
    )
    .await;
    let inserted = client
        .execute(
            "return [...document.querySelectorAll('#policyc-redline ins')].map(e => e.textContent).join(' ');",
            vec![],
        )
        .await
        .expect("read the redline");
    assert!(
        inserted.as_str().is_some_and(|s| s.contains("believe")),
        "the redline underlines the inserted words: {inserted}"
    );
    toggle.click().await.expect("press the toggle again");
    wait_until(
        &client,
        "document.getElementById('policyc-redline').hidden && !document.querySelector('main article').hidden",
        "the text back",
    )
    .await;

    // Break the front matter: an overlay names the file and line, above
    // the last good content.
    let path = project.root().join(SOURCE);
    let good = std::fs::read_to_string(&path).expect("read the source");
    let broken = good.replacen("title: Privacy Policy", "title: [Privacy Policy", 1);
    assert_ne!(broken, good);
    std::fs::write(&path, &broken).expect("save a broken file");
    server.wait_for_failure();
    wait_until(
        &client,
        "document.getElementById('policyc-overlay') !== null",
        "the error overlay",
    )
    .await;
    let overlay = client
        .find(Locator::Id("policyc-overlay"))
        .await
        .expect("the overlay")
        .text()
        .await
        .expect("its text");
    assert!(
        overlay.contains(&format!("{SOURCE}:2:")) || overlay.contains(&format!("{SOURCE}:3:")),
        "the overlay names the file and line: {overlay}"
    );
    assert!(
        client
            .execute(
                &format!("return document.body.innerText.includes({NEW_SENTENCE:?});"),
                vec![]
            )
            .await
            .expect("read the page")
            == Value::Bool(true),
        "the last good content stays under the overlay"
    );

    // Fix it: the overlay goes on the next save.
    std::fs::write(&path, &good).expect("save the fixed file");
    server.wait_for_build();
    wait_until(
        &client,
        &format!(
            "document.readyState === 'complete' && document.getElementById('policyc-overlay') === null && document.body.innerText.includes({NEW_SENTENCE:?})"
        ),
        "the overlay to go",
    )
    .await;

    // The server stops: the page says it no longer follows.
    drop(server);
    wait_until(
        &client,
        "document.getElementById('policyc-status') !== null",
        "the note that the server is not answering",
    )
    .await;
    client.close().await.expect("end the session");
}

/// Where the parts of a built document page are, as Chromium lays it out.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Layout {
    direction: String,
    /// Left and right edges of the table of contents and of `<main>`.
    toc: [f64; 2],
    main: [f64; 2],
    /// Space between the title's text and its box's left and right edges.
    title_gaps: [f64; 2],
    /// The table of contents' list indent, left and right.
    toc_padding: [f64; 2],
}

const LAYOUT: &str = r#"
const box = e => e.getBoundingClientRect();
const toc = box(document.querySelector('nav.toc'));
const main = box(document.querySelector('main'));
const h1 = document.querySelector('h1');
const range = document.createRange();
range.selectNodeContents(h1);
const text = range.getBoundingClientRect();
const ol = getComputedStyle(document.querySelector('nav.toc ol'));
return {
  direction: getComputedStyle(document.body).direction,
  toc: [toc.left, toc.right],
  main: [main.left, main.right],
  titleGaps: [text.left - box(h1).left, box(h1).right - text.right],
  tocPadding: [parseFloat(ol.paddingLeft), parseFloat(ol.paddingRight)],
};
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_arabic_page_is_the_german_one_mirrored() {
    let Some(browser) = browser() else { return };
    let site = crate::worldwide::built();
    let driver = Driver::start(&browser.chromedriver);
    let profile = tempfile::tempdir().expect("a profile folder");
    let client = connect(&driver, &browser.chromium, profile.path()).await;
    let mut layouts = Vec::new();
    for locale in ["de-DE", "ar-EG"] {
        let page = site
            .out()
            .join(format!("global/{locale}/privacy/index.html"));
        client
            .goto(&format!("file://{}", page.display()))
            .await
            .expect("open the page");
        wait_until(&client, "document.readyState === 'complete'", "the page").await;
        let value = client
            .execute(LAYOUT, vec![])
            .await
            .expect("measure the page");
        let layout: Layout = serde_json::from_value(value).expect("the measures");
        layouts.push(layout);
    }
    client.close().await.expect("end the session");
    let [de, ar] = &layouts[..] else {
        unreachable!("two pages")
    };
    assert_eq!(de.direction, "ltr");
    assert_eq!(ar.direction, "rtl");
    // German: contents on the left of the text, the title flush left, the
    // list indented on the left. Arabic: each the other way round.
    assert!(de.toc[1] <= de.main[0], "{de:?}");
    assert!(ar.toc[0] >= ar.main[1], "{ar:?}");
    assert!(de.title_gaps[0] < 1.0 && de.title_gaps[1] > 100.0, "{de:?}");
    assert!(ar.title_gaps[1] < 1.0 && ar.title_gaps[0] > 100.0, "{ar:?}");
    assert!(
        de.toc_padding[0] > 0.0 && de.toc_padding[1] == 0.0,
        "{de:?}"
    );
    assert_eq!(
        ar.toc_padding,
        [de.toc_padding[1], de.toc_padding[0]],
        "{ar:?}"
    );
    // Mirrored, not only moved: the same widths.
    let width = |edges: &[f64; 2]| edges[1] - edges[0];
    assert!(
        (width(&de.toc) - width(&ar.toc)).abs() < 1.0,
        "{de:?} {ar:?}"
    );
    assert!(
        (width(&de.main) - width(&ar.main)).abs() < 1.0,
        "{de:?} {ar:?}"
    );
}

/// The locales of the site index's entries the chooser's script marked as
/// the browser's language, and the note it added, in a browser preferring
/// `languages`.
async fn marked_in(browser: &Browser, driver: &Driver, index: &str, languages: &str) -> Value {
    let profile = tempfile::tempdir().expect("a profile folder");
    let client = connect_in(driver, &browser.chromium, profile.path(), Some(languages)).await;
    client.goto(index).await.expect("open the index");
    wait_until(
        &client,
        "document.readyState === 'complete' && document.querySelector('.chooser .preferred')",
        "the entries in the browser's language",
    )
    .await;
    let marked = client
        .execute(
            "return [...document.querySelectorAll('.chooser li.preferred')].map(e => [e.dataset.locale, e.querySelector('.browser-language').textContent]);",
            vec![],
        )
        .await
        .expect("read the marked entries");
    client.close().await.expect("end the session");
    marked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_marks_the_entries_in_the_browsers_language() {
    let Some(browser) = browser() else { return };
    let project = Project::example();
    project.build();
    let index = format!("file://{}", project.out().join("index.html").display());
    let driver = Driver::start(&browser.chromedriver);
    // The very locale: German in the EU and in the global region.
    let german = marked_in(&browser, &driver, &index, "de-DE,de,en-US").await;
    let note = "Sprache Ihres Browsers";
    assert_eq!(german, json!([["de-DE", note], ["de-DE", note]]));
    // No entry in es-MX: the language, Spanish (US), in each region with it;
    // French, which no entry has, does not count before it.
    let spanish = marked_in(&browser, &driver, &index, "fr-FR,es-MX,en-US").await;
    let note = "Idioma de su navegador";
    assert_eq!(
        spanish,
        json!([["es-US", note], ["es-US", note], ["es-US", note]])
    );
    // Chinese in both scripts, Hebrew and Norwegian Bokmål: a reader in
    // Hong Kong gets Traditional Chinese only, by the script its region
    // writes; old codes (`iw`, `no`) find today's.
    let scripts = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Tern Legal\ndefault_locale: en-US\nlocales: [en-US, zh-CN, zh-TW, he-IL, nb-NO]\naccept_fallbacks:\n  privacy: [zh-CN, zh-TW, he-IL, nb-NO]\n",
        ),
        (
            "policies/privacy/en-US.md",
            "---\ntitle: Privacy\n---\n\n## Data we keep {#keep}\n\nOrders.\n",
        ),
    ]);
    scripts.build();
    let index = format!("file://{}", scripts.out().join("index.html").display());
    let traditional = marked_in(&browser, &driver, &index, "zh-HK,en-US").await;
    assert_eq!(traditional, json!([["zh-TW", "您的瀏覽器語言"]]));
    let hebrew = marked_in(&browser, &driver, &index, "iw,en-US").await;
    assert_eq!(hebrew, json!([["he-IL", "שפת הדפדפן שלך"]]));
    let norwegian = marked_in(&browser, &driver, &index, "no,en-US").await;
    assert_eq!(norwegian.as_array().map(Vec::len), Some(1), "{norwegian}");
    assert_eq!(norwegian[0][0], "nb-NO");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chooser_marks_its_english_note_english() {
    let Some(browser) = browser() else { return };
    let project = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Kilima Legal\ndefault_locale: en-US\nlocales: [en-US, sw-KE]\n",
        ),
        (
            "policies/privacy/en-US.md",
            "---\ntitle: Privacy\n---\n\n## Data {#keep}\n\nWe keep your name.\n",
        ),
        (
            "policies/privacy/sw-KE.md",
            "---\ntitle: Faragha\n---\n\n## Data {#keep}\n\nTunahifadhi jina lako.\n",
        ),
    ]);
    project.build();
    let index = format!("file://{}", project.out().join("index.html").display());
    let driver = Driver::start(&browser.chromedriver);
    let profile = tempfile::tempdir().expect("a profile folder");
    let client = connect_in(&driver, &browser.chromium, profile.path(), Some("sw-KE,sw")).await;
    client.goto(&index).await.expect("open the index");
    wait_until(
        &client,
        "document.readyState === 'complete' && document.querySelector('.chooser .preferred')",
        "the entry in the browser's language",
    )
    .await;
    let note = client
        .execute(
            "const n = document.querySelector('.chooser li.preferred .browser-language'); return [n.closest('li').lang, n.textContent, n.lang];",
            vec![],
        )
        .await
        .expect("read the note");
    client.close().await.expect("end the session");
    assert_eq!(note, json!(["sw-KE", "Your browser’s language", "en"]));
}
