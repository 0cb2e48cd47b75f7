//! `policyc import`: saved policy pages (a scraper's Markdown, a text
//! export, a page holding two documents, a German page) become documents
//! that pass `check` and build, their date line their first release, the
//! site around them left out and reported; mistakes exit 1 with a message.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::import::{check_and_build, read};
use crate::support::{self, Project, fixtures_dir, policyc, read_tree};

fn page(name: &str) -> PathBuf {
    fixtures_dir().join("import").join(name)
}

/// Runs `policyc import` with `args` into `root`; returns the exit code,
/// stdout and stderr.
fn import(root: &Path, args: &[&str]) -> (i32, String, String) {
    support::import::run(root, args)
}

/// Imports and returns the JSON report, failing the test unless it works.
fn import_json(root: &Path, source: &Path, args: &[&str]) -> Value {
    let mut all = vec![source.to_str().unwrap()];
    all.extend(args);
    all.extend(["--format", "json"]);
    support::import::json(&support::import::ok(root, &all))
}

/// A new folder for an imported project, inside a temporary one.
fn new_root(parent: &Project) -> PathBuf {
    parent.root().join("legal")
}

fn sections(doc: &Value) -> Vec<(u64, String)> {
    doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["level"].as_u64().unwrap(),
                s["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn dropped(report: &Value) -> Vec<(String, String)> {
    report["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_string(),
                d["first_words"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_scraped_page_loses_its_chrome_keeps_its_sections_and_its_date() {
    let parent = Project::empty();
    let root = new_root(&parent);
    let report = import_json(
        &root,
        &page("pinecrest-scraped.md"),
        &[
            "--doc",
            "privacy",
            "--url",
            "https://pinecrest.example/legal/privacy",
        ],
    );
    assert_eq!(report["created_project"], true);
    let doc = &report["documents"][0];
    assert_eq!(doc["title"], "Privacy Policy");
    assert_eq!(
        sections(doc),
        vec![
            (2, "what-we-collect".into()),
            (2, "how-we-use-it".into()),
            (3, "keeping-records".into()),
            (3, "closing-your-account".into()),
            (2, "your-choices".into()),
        ]
    );
    assert_eq!(doc["dates"][0]["day"], "2024-09-26");
    assert_eq!(doc["dates"][0]["line"], "**Last Updated: Sep, 26 2024**");
    assert_eq!(doc["release"]["number"], 1);
    let kinds: Vec<String> = dropped(&report).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        kinds,
        [
            "skip link",
            "image-only link",
            "navigation",
            "navigation",
            "navigation",
            "navigation",
            "footer",
            "footer",
            "footer",
            "language or region chooser",
            "footer",
            "cookie banner"
        ]
    );
    assert!(dropped(&report).contains(&(
        "cookie banner".into(),
        "We use cookies to make the shop work…".into()
    )));
    let notices: Vec<&str> = report["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        notices,
        [
            "https://pinecrest.example/legal/california",
            "https://pinecrest.example/privacy-choices"
        ]
    );

    let text = read(&root, "policies/privacy/en-US.md");
    assert!(
        text.starts_with("---\ntitle: \"Privacy Policy\"\n---\n\nPinecrest Outfitters"),
        "{text}"
    );
    for kept in [
        "## What we collect {#what-we-collect}",
        "| Email | Order updates |",
        "We do *not* sell them.",
        "### Keeping records {#keeping-records}\n\nWe keep order records",
        "[our shipping terms](https://pinecrest.example/legal/shipping)",
        "[privacy@pinecrest.example](mailto:privacy@pinecrest.example)",
    ] {
        assert!(text.contains(kept), "{kept:?} missing:\n{text}");
    }
    for left_out in [
        "Skip to",
        "Shop",
        "Last Updated",
        "Contents",
        "cookies",
        "©",
        "Careers",
    ] {
        assert!(!text.contains(left_out), "{left_out:?} kept:\n{text}");
    }
    let record = read(&root, "history/releases/0001.yaml");
    assert!(record.contains("date: 2024-09-26"), "{record}");
    check_and_build(&root);
    let manifest: Value = serde_json::from_str(&read(&root, "out/manifest.json")).unwrap();
    assert_eq!(manifest["pages"][0]["last_updated"], "2024-09-26");
}

#[test]
fn the_human_report_lists_sections_dates_notices_and_dropped_blocks() {
    let parent = Project::empty();
    let root = new_root(&parent);
    let (code, stdout, stderr) = import(
        &root,
        &[
            page("pinecrest-scraped.md").to_str().unwrap(),
            "--doc",
            "privacy",
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "Document `privacy`: Privacy Policy -> policies/privacy/en-US.md",
        "    How we use it  {#how-we-use-it}\n      Keeping records  {#keeping-records}",
        "  Date: last updated 2024-09-26 (from the line “**Last Updated: Sep, 26 2024**”)",
        "  Release: would be recorded, dated 2024-09-26",
        "  “Notice to California Residents” -> /legal/california (region `us-ca`?)",
        "  cookie banner: We use cookies to make the shop work…",
        "Note: link kept as text: “our shipping terms”: a relative link, and the page's address is unknown (give it with --url)",
        "Dry run: nothing was written.",
    ] {
        assert!(stdout.contains(line), "{line:?} missing:\n{stdout}");
    }
    assert!(!root.exists(), "a dry run wrote the project");
}

#[test]
fn a_text_export_with_crlf_and_a_bom_becomes_numbered_sections() {
    let bytes = std::fs::read(page("harbor-lane.txt")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|w| w == b"\r\n"));
    let parent = Project::empty();
    let root = new_root(&parent);
    let report = import_json(&root, &page("harbor-lane.txt"), &["--doc", "privacy"]);
    let doc = &report["documents"][0];
    assert_eq!(doc["title"], "PRIVACY NOTICE");
    assert_eq!(
        sections(doc),
        vec![
            (2, "information-we-collect".into()),
            (2, "how-we-use-it".into()),
            (3, "retention".into()),
            (2, "contact".into()),
        ]
    );
    // Last updated is the release date; the effective date is older, so
    // it is no later effective date.
    assert_eq!(doc["release"]["date"], "2024-09-26");
    assert_eq!(doc["release"]["effective"], Value::Null);
    assert_eq!(
        dropped(&report),
        vec![
            ("navigation".into(), "Home | Stores | Journal | Help".into()),
            ("skip link".into(), "Skip to content".into()),
            ("page header".into(), "Harbor Lane Bakery".into()),
            ("footer".into(), "© 2024 Harbor Lane Bakery".into()),
            ("footer".into(), "Privacy | Terms | Careers".into()),
        ]
    );
    let text = read(&root, "policies/privacy/en-US.md");
    assert!(!text.contains('\r') && !text.contains('\u{feff}'));
    assert!(
        text.contains("\n- Order details, such as the cakes you chose\n- The time"),
        "{text}"
    );
    check_and_build(&root);
}

#[test]
fn split_makes_one_document_per_title_released_in_date_order() {
    let parent = Project::empty();
    let root = new_root(&parent);
    let report = import_json(
        &root,
        &page("quillfeather-legal.md"),
        &["--doc", "privacy,terms", "--split"],
    );
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs[0]["title"], "Privacy Policy");
    assert_eq!(docs[1]["title"], "Terms of Use");
    assert_eq!(
        sections(&docs[1]),
        vec![(2, "your-account".into()), (2, "ending-the-service".into())]
    );
    // The terms' date is older: recorded first.
    assert_eq!(docs[1]["release"]["number"], 1);
    assert_eq!(docs[1]["release"]["date"], "2024-11-15");
    assert_eq!(docs[0]["release"]["number"], 2);
    assert_eq!(docs[0]["release"]["date"], "2025-03-03");
    let terms = read(&root, "policies/terms/en-US.md");
    assert!(
        terms.starts_with("---\ntitle: \"Terms of Use\"\n---\n\nBy using Quillfeather"),
        "{terms}"
    );
    assert!(!read(&root, "policies/privacy/en-US.md").contains("Terms"));
    assert_eq!(report["notices"][0]["region"], "eu");
    check_and_build(&root);
}

#[test]
fn split_with_the_wrong_number_of_ids_names_the_titles() {
    let parent = Project::empty();
    let root = new_root(&parent);
    let source = page("quillfeather-legal.md");
    let (code, _, stderr) = import(
        &root,
        &[source.to_str().unwrap(), "--doc", "legal", "--split"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr
            .contains("--doc names 1 document, but the page holds 2: Privacy Policy, Terms of Use"),
        "{stderr}"
    );
    assert!(!root.exists());
    // Without --split, the report says the page holds two.
    let report = import_json(&root, &source, &["--doc", "legal", "--dry-run"]);
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("hold 2 documents (Privacy Policy, Terms of Use)"),
        "{notes}"
    );
}

#[test]
fn a_german_page_goes_to_a_german_project() {
    let parent = Project::empty();
    let root = new_root(&parent);
    let report = import_json(
        &root,
        &page("lindenhof-datenschutz.md"),
        &["--doc", "datenschutz"],
    );
    assert_eq!(report["locale"], "de-DE");
    let doc = &report["documents"][0];
    assert_eq!(doc["release"]["date"], "2024-09-26");
    assert_eq!(
        sections(doc),
        vec![
            (2, "verantwortliche-stelle".into()),
            (2, "welche-daten-wir-erheben".into()),
            (2, "ihre-rechte".into()),
            (3, "ubermittlung-in-drittlander".into()),
        ]
    );
    assert!(read(&root, "policyc.yaml").contains("default_locale: de-DE"));
    let text = read(&root, "policies/datenschutz/de-DE.md");
    assert!(
        !text.contains("Stand:") && !text.contains("Cookies"),
        "{text}"
    );
    check_and_build(&root);
}

#[test]
fn dry_run_writes_nothing_into_an_existing_project() {
    let project = Project::minimal();
    let before = read_tree(project.root());
    let report = import_json(
        project.root(),
        &page("pinecrest-scraped.md"),
        &["--doc", "shop", "--dry-run"],
    );
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["created_project"], false);
    assert_eq!(read_tree(project.root()), before);
}

#[test]
fn the_same_page_imports_to_the_same_bytes() {
    let parent = Project::empty();
    let a = parent.root().join("a");
    let b = parent.root().join("b");
    for root in [&a, &b] {
        import_json(
            root,
            &page("quillfeather-legal.md"),
            &["--doc", "privacy,terms", "--split"],
        );
    }
    assert_eq!(read_tree(&a), read_tree(&b));
}

#[test]
fn an_existing_document_is_never_overwritten() {
    let project = Project::minimal();
    let before = read_tree(project.root());
    let (code, _, stderr) = import(
        project.root(),
        &[
            page("pinecrest-scraped.md").to_str().unwrap(),
            "--doc",
            "privacy",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "`policies/privacy/en-US.md` already exists; policyc import never overwrites a document"
        ),
        "{stderr}"
    );
    assert_eq!(read_tree(project.root()), before);
}

#[test]
fn a_date_before_the_last_release_is_an_error_unless_no_release() {
    let project = Project::example_released();
    let before = read_tree(project.root());
    let source = page("pinecrest-scraped.md");
    let (code, _, stderr) = import(project.root(), &[source.to_str().unwrap(), "--doc", "shop"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("the page's date line (last updated) gives 2024-09-26, before the project's last release, 2026-"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Sep, 26"),
        "the page is not quoted: {stderr}"
    );
    assert!(stderr.contains("--no-release"), "{stderr}");
    assert_eq!(read_tree(project.root()), before, "nothing is written");
    let report = import_json(project.root(), &source, &["--doc", "shop", "--no-release"]);
    assert_eq!(
        report["documents"][0]["release"]["not_recorded"],
        "--no-release"
    );
    assert!(project.root().join("policies/shop/en-US.md").is_file());
    assert_eq!(
        read_tree(&project.root().join("history")),
        read_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("history"))
    );
}

#[test]
fn other_unreleased_changes_keep_the_import_from_releasing() {
    let project = Project::minimal();
    let report = import_json(
        project.root(),
        &page("lindenhof-datenschutz.md"),
        &["--doc", "hofladen"],
    );
    let release = &report["documents"][0]["release"];
    assert_eq!(release["number"], Value::Null);
    assert!(
        release["not_recorded"]
            .as_str()
            .unwrap()
            .contains("unreleased changes"),
        "{release}"
    );
    assert!(!project.root().join("history").exists());
    // The German page went to the default locale, and the report says so.
    assert_eq!(report["locale"], "en-US");
    assert!(
        report["notes"]
            .to_string()
            .contains("seems to be in `de`, a language the project does not publish"),
        "{report}"
    );
}

#[test]
fn a_new_locale_is_added_to_policyc_yaml() {
    let project = Project::minimal();
    project.write("regions/global.yaml", "name: Global\n");
    policyc()
        .arg("--root")
        .arg(project.root())
        .args(["release", "-m", "First", "--date", "2024-01-01"])
        .assert()
        .success();
    let report = import_json(
        project.root(),
        &page("pinecrest-scraped.md"),
        &["--doc", "shop", "--no-release"],
    );
    assert_eq!(report["locale_added"], false);
    let report = import_json(
        project.root(),
        &page("lindenhof-datenschutz.md"),
        &["--doc", "privacy", "--locale", "de-DE"],
    );
    assert_eq!(report["locale_added"], true);
    assert!(read(project.root(), "policyc.yaml").contains("locales: [en-US, es-US, de-DE]"));
    assert_eq!(
        report["documents"][0]["release"]["number"],
        Value::Null,
        "shop is unreleased"
    );
}

#[test]
fn a_translation_needs_the_default_locale_first() {
    let project = Project::minimal();
    let (code, _, stderr) = import(
        project.root(),
        &[
            page("lindenhof-datenschutz.md").to_str().unwrap(),
            "--doc",
            "hofladen",
            "--locale",
            "de-DE",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "the document `hofladen` has no version in the project's default locale, en-US"
        ),
        "{stderr}"
    );
    assert!(!project.root().join("policies/hofladen").exists());
}

#[test]
fn template_syntax_and_latin_1_on_a_page_are_text() {
    let parent = Project::empty();
    let root = new_root(&parent);
    let source = parent.root().join("old.txt");
    std::fs::write(
        &source,
        b"Caf\xe9 \"Privacy\" {{ notes }}\nLast updated: 2023-05-01\nWe never write {{ company }} or {% if %} in \x93our\x94 texts.\n",
    )
    .unwrap();
    let report = import_json(&root, &source, &["--doc", "privacy"]);
    assert_eq!(
        report["documents"][0]["title"],
        "Café \"Privacy\" {{ notes }}"
    );
    assert!(report["notes"].to_string().contains("Windows-1252"));
    check_and_build(&root);
    let page = read(&root, "out/global/en-US/privacy/index.html");
    assert!(
        page.contains("We never write {{ company }} or {% if %} in “our” texts."),
        "{page}"
    );
    assert!(
        page.contains("Café &quot;Privacy&quot; {{ notes }}</h1>"),
        "{page}"
    );
}

#[test]
fn unusable_pages_and_ids_exit_1_with_a_message() {
    let parent = Project::empty();
    let root = new_root(&parent);
    let empty = parent.root().join("empty.md");
    std::fs::write(&empty, "\n  \n").unwrap();
    let chrome = parent.root().join("menu.md");
    std::fs::write(&chrome, "- [Home](/)\n- [About](/about)\n\n© 2024 Nobody\n").unwrap();
    let missing = parent.root().join("missing.html");
    let good = page("pinecrest-scraped.md");
    let cases: [(&Path, &[&str], &str); 7] = [
        (&empty, &["--doc", "privacy"], "the page is empty"),
        (
            &chrome,
            &["--doc", "privacy"],
            "no policy text found on the page",
        ),
        (&missing, &["--doc", "privacy"], "could not read"),
        (parent.root(), &["--doc", "privacy"], "folder"),
        (
            &good,
            &["--doc", "Privacy Policy"],
            "`Privacy Policy` is not a document id",
        ),
        (
            &good,
            &["--doc", "privacy,terms"],
            "without --split the page is one document",
        ),
        (
            &good,
            &["--doc", "privacy", "--url", "pinecrest.example"],
            "is not a web address",
        ),
    ];
    for (source, args, message) in cases {
        let mut all = vec![source.to_str().unwrap()];
        all.extend(args);
        let (code, _, stderr) = import(&root, &all);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{message:?} missing:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!root.exists(), "{args:?} wrote the project");
    }
}

#[test]
fn init_minimal_writes_a_commented_skeleton_that_checks_and_builds() {
    let parent = Project::empty();
    let dir = parent.root().join("skeleton");
    let output = policyc()
        .arg("init")
        .arg("--minimal")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let files: Vec<PathBuf> = read_tree(&dir).into_keys().collect();
    assert_eq!(
        files,
        [
            ".gitignore",
            "policies/privacy/en-US.md",
            "policyc.yaml",
            "regions/global.yaml"
        ]
        .map(PathBuf::from)
    );
    assert!(read(&dir, "policyc.yaml").starts_with("# The project's settings"));
    assert!(read(&dir, "regions/global.yaml").starts_with("# A region"));
    assert!(read(&dir, "policies/privacy/en-US.md").contains("<!-- One document in one language"));
    check_and_build(&dir);
}

#[test]
fn init_ends_with_commands_an_installed_policyc_runs() {
    for minimal in [false, true] {
        let parent = Project::empty();
        let dir = parent.root().join("my policies");
        let mut cmd = policyc();
        cmd.arg("init").arg(&dir);
        if minimal {
            cmd.arg("--minimal");
        }
        let output = cmd.output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        let shown = dir.display().to_string();
        assert!(
            stderr.contains(&format!("Next:\n  cd '{shown}'\n  policyc serve")),
            "{stderr}"
        );
        assert!(stderr.contains("  policyc build"), "{stderr}");
        assert!(!stderr.contains("cargo"), "{stderr}");
    }
}

#[test]
fn a_page_without_a_date_line_records_no_release_and_says_so() {
    let parent = Project::empty();
    let root = new_root(&parent);
    let source = parent.root().join("cookies.md");
    std::fs::write(
        &source,
        "# Cookie Notice\n\nFernbrook Tea uses two cookies: one keeps your basket, one counts visits.\n\n**Turning them off.** Your browser's settings can block both.\n",
    )
    .unwrap();
    let report = import_json(&root, &source, &["--doc", "cookies"]);
    let doc = &report["documents"][0];
    assert_eq!(doc["release"], Value::Null);
    assert_eq!(sections(doc), vec![(2, "turning-them-off".into())]);
    assert!(
        report["notes"]
            .to_string()
            .contains("no date line found for `cookies`, so no release was recorded"),
        "{report}"
    );
    assert!(!root.join("history").exists());
    check_and_build(&root);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever a page holds, what import writes passes `check` with no
    /// error: chrome, pseudo-headings, links, dates and template syntax.
    #[test]
    fn whatever_the_page_the_imported_project_checks(
        blocks in proptest::collection::vec(proptest::sample::select(vec![
            "# Privacy Policy", "## Data {#data}", "## Data {#content}", "**Bold title**",
            "GOVERNING LAW", "12. Governing Law", "4.2 Retention", "**Lead.** Text follows.",
            "Last updated: March 3, 2024", "Effective as of 2025-01-01", "Stand: 26.09.2024",
            "- [Home](/)\n- [Shop](/shop)", "[Top](#top)", "See [that](#data) and [this](#nothing).",
            "A {{ var }} and {% if x %} and {# note #}.", "| a | b |\n| - | - |\n| 1 | 2 |",
            "```\ncode {{ x }}\n```", "Plain paragraph with *emphasis*.", "© 2024 Someone",
            "We use cookies. Accept / Reject", "[![logo](l.png)](/)", "Home > Legal > Privacy",
            "[Notice to California Residents](/ca)", "1. one\n2. two", "> quoted text",
            "## [](#x)", "## ", "#", "## {#empty}", "<div>raw</div>", "[^1]: a footnote", "Text[^1] here.",
            "See the [terms][t].\n\n[t]: /legal/terms \"Terms\"", "<a href=\"/x\">x</a> and <img src='i.png' alt=\"i\">",
        ]), 1..14),
        split in proptest::bool::ANY,
    ) {
        let parent = Project::empty();
        let root = parent.root().join("p");
        let source = parent.root().join("page.md");
        std::fs::write(&source, blocks.join("\n\n")).unwrap();
        let docs: Vec<String> = if split { vec!["a".into(), "b".into()] } else { vec!["a".into()] };
        let imported = policyc::commands::import::run(&policyc::commands::import::Options {
            source,
            docs,
            root: root.clone(),
            split,
            url: Some("https://example.com/legal/".into()),
            ..Default::default()
        });
        if imported.is_ok() {
            let outcome = policyc::commands::build::run(&policyc::site::Options {
                root: root.clone(),
                mode: policyc::site::Mode::Check,
                strict: false,
                frozen: false,
                today: Some("2026-01-01".into()),
                emit: policyc::site::Emit::default(),
                base_url: None,
            });
            let errors: Vec<String> = outcome
                .diagnostics
                .iter()
                .filter(|d| d.severity == policyc::diagnostics::Severity::Error)
                .map(|d| format!("{d} {:?}", d.help))
                .collect();
            let texts: Vec<String> = read_tree(&root.join("policies"))
                .into_values()
                .map(|b| String::from_utf8(b).unwrap())
                .collect();
            proptest::prop_assert!(errors.is_empty(), "{errors:#?}\n{texts:#?}");
        }
    }
}

#[test]
fn html_is_known_by_its_extension_or_its_start_and_a_repository_keeps_its_gitignore() {
    let parent = Project::empty();
    let root = new_root(&parent);
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join(".gitignore"), "notes/\n").unwrap();
    std::fs::write(root.join("README.md"), "Our legal texts.\n").unwrap();
    let saved = parent.root().join("saved-page");
    std::fs::write(
        &saved,
        "\n<!DOCTYPE html>\n<html lang=\"en\"><body><h1>Terms</h1><p>Be kind.</p></body></html>\n",
    )
    .unwrap();
    let report = import_json(&root, &saved, &["--doc", "terms", "--dry-run"]);
    assert_eq!(report["read_as"], "html");
    let md = parent.root().join("page.md");
    std::fs::write(&md, "# Terms\n\nBe kind.\n").unwrap();
    let report = import_json(&root, &md, &["--doc", "terms"]);
    assert_eq!(report["read_as"], "markdown");
    // The repository's lines are kept; policyc's are added after them.
    let gitignore = read(&root, ".gitignore");
    assert!(
        gitignore.starts_with("notes/\n# Added by policyc"),
        "{gitignore}"
    );
    assert!(gitignore.contains("\n/out/\n"), "{gitignore}");
    assert_eq!(read(&root, "README.md"), "Our legal texts.\n");
    check_and_build(&root);
}

#[test]
fn relative_targets_in_definitions_and_raw_html_are_made_absolute_or_listed() {
    let parent = Project::empty();
    let source = parent.root().join("page.md");
    std::fs::write(
        &source,
        "# Terms\n\nLast updated: 2024-04-04\n\nRead the [rules][r] and <a href=\"/help\">our help</a>.\n\n[r]: /legal/rules\n",
    )
    .unwrap();
    let with_url = parent.root().join("a");
    import_json(
        &with_url,
        &source,
        &[
            "--doc",
            "terms",
            "--url",
            "https://fernbrook.example/legal/terms",
        ],
    );
    let text = read(&with_url, "policies/terms/en-US.md");
    assert!(
        text.contains("[rules](https://fernbrook.example/legal/rules)"),
        "{text}"
    );
    assert!(
        text.contains("<a href=\"https://fernbrook.example/help\">"),
        "{text}"
    );
    check_and_build(&with_url);
    let without = parent.root().join("b");
    let report = import_json(&without, &source, &["--doc", "terms"]);
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("“rules”: a relative link, and the page's address is unknown"),
        "{notes}"
    );
    assert!(
        notes.contains("an address in the page's HTML is relative"),
        "{notes}"
    );
    check_and_build(&without);
}

#[test]
fn a_later_page_joins_a_released_history_as_its_next_release() {
    let project = Project::example_released();
    let saved = Project::empty();
    let source = saved.root().join("cookie-page.md");
    std::fs::write(
        &source,
        "# Cookie Notice\n\nLast updated: January 5, 2027\n\nOttermoss sets one cookie to keep you signed in.\n",
    )
    .unwrap();
    let report = import_json(
        project.root(),
        &source,
        &["--doc", "cookies", "--today", "2027-01-06"],
    );
    assert_eq!(report["documents"][0]["release"]["number"], 2, "{report}");
    let record = read(project.root(), "history/releases/0002.yaml");
    assert!(record.contains("date: 2027-01-05"), "{record}");
    assert!(record.contains("doc: cookies"), "{record}");
    assert!(
        !record.contains("doc: privacy"),
        "only the imported pages: {record}"
    );
    for args in [
        &["verify"][..],
        &["build", "--frozen", "--quiet", "--today", "2027-01-06"],
    ] {
        policyc()
            .arg("--root")
            .arg(project.root())
            .args(args)
            .assert()
            .success();
    }
}

#[test]
fn a_date_inside_a_paragraph_stays_in_the_text_and_is_no_release_date() {
    let parent = Project::from_files(&[(
        "page.txt",
        "TERMS OF SALE\n\nLast updated: June 2, 2024\n\nThe new delivery charges described below become\neffective on January 1, 2025.\nUntil then the old charges apply.\n\nORDERS\n\nOrders ship from Leeds.\n",
    )]);
    let root = new_root(&parent);
    let source = parent.root().join("page.txt");
    let report = import_json(&root, &source, &["--doc", "sale"]);
    let text = read(&root, "policies/sale/en-US.md");
    assert!(
        text.contains("become\neffective on January 1, 2025.\nUntil then"),
        "the sentence lost its middle line:\n{text}"
    );
    assert!(!text.contains("Last updated"), "{text}");
    let record = read(&root, "history/releases/0001.yaml");
    assert!(record.contains("2024-06-02"), "{record}");
    assert!(!record.contains("2025-01-01"), "{record}\n{report}");
}
