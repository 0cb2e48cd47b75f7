//! `policyc import`'s input and the project it writes into: binary files
//! refused and UTF-16 read, imports into a project that has no documents
//! yet, all or nothing when a step fails, locales checked against the
//! regions, page languages in any case, errors and unresolved links as
//! JSON, and the `.gitignore` of `init` and `import`.

use std::path::{Path, PathBuf};

use crate::support::{Project, policyc};

use crate::support::import::{json, run as import};

/// Writes `bytes` as `name` in `dir` and returns its path as a string.
fn saved(dir: &Project, name: &str, bytes: &[u8]) -> String {
    let path = dir.root().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

/// A short policy page of an invented shop.
const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Privacy Policy</title></head>\n<body><main>\n<h1>Privacy Policy</h1>\n<p>Last updated: March 3, 2024</p>\n<p>Otterpond Kites keeps the address you ship to.</p>\n<h2>Your choices</h2>\n<p>Ask us to delete it.</p>\n</main></body></html>\n";

fn checks(root: &Path) {
    let check = policyc()
        .arg("--root")
        .arg(root)
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{stderr}");
}

// ---- binary input -------------------------------------------------------

#[test]
fn binary_files_are_refused_with_what_to_do() {
    let dir = Project::empty();
    let root = dir.root().join("legal");
    let noise: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 | 1)
        .collect();
    for (name, bytes, why) in [
        (
            "policy.pdf",
            &b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"[..],
            "it starts as a PDF document does",
        ),
        (
            "policy.docx",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00word/document.xml",
            "it starts as a ZIP archive",
        ),
        (
            "logo.png",
            b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR",
            "it starts as a PNG image does",
        ),
        (
            "photo.jpg",
            b"\xFF\xD8\xFF\xE0\x00\x10JFIF",
            "it starts as a JPEG image does",
        ),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        ("dump.html", b"<html>\x00\x01\x02", "it holds NUL bytes"),
        ("noise.txt", &noise, "control bytes"),
    ] {
        let source = saved(&dir, name, bytes);
        let (code, stdout, stderr) = import(&root, &[&source, "--doc", "privacy"]);
        assert_eq!(code, 1, "{name}: {stdout}{stderr}");
        assert!(
            stderr.contains(&format!(
                "{name}: this looks like a binary file, not a saved page"
            )),
            "{name}: {stderr}"
        );
        assert!(stderr.contains(why), "{name}: {stderr}");
        assert!(
            stderr.contains("save the page as HTML, Markdown or text and import that"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!root.exists(), "{name}: something was written");
    }
}

#[test]
fn a_windows_1252_page_is_still_imported() {
    let dir = Project::empty();
    let root = dir.root().join("legal");
    let page = PAGE
        .replace("Otterpond Kites", "Caf\u{e9} Otterpond")
        .replace("Ask us", "\u{201c}Ask\u{201d} us");
    // The same page saved as Windows-1252: é is 0xE9, “ ” are 0x93 0x94.
    let bytes: Vec<u8> = page
        .chars()
        .map(|c| match c {
            '\u{e9}' => 0xE9,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            c => u8::try_from(c).unwrap(),
        })
        .collect();
    let source = saved(&dir, "old.html", &bytes);
    let (code, _, stderr) = import(&root, &[&source, "--doc", "privacy"]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(root.join("policies/privacy/en-US.md")).unwrap();
    assert!(text.contains("Café Otterpond keeps"), "{text}");
    assert!(text.contains("“Ask” us"), "{text}");
    checks(&root);
}

#[test]
fn utf16_text_with_a_bom_is_decoded() {
    let dir = Project::empty();
    let text = "Privacy Policy\r\n\r\nLast updated: March 3, 2024\r\n\r\nCafé Otterpond keeps the address you ship to.\r\n\r\nYOUR CHOICES\r\n\r\nAsk us to delete it.\r\n";
    let little: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let big: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (name, bytes) in [("le.txt", little), ("be.txt", big)] {
        let root = dir.root().join(name.replace(".txt", ""));
        let source = saved(&dir, name, &bytes);
        let (code, _, stderr) = import(&root, &[&source, "--doc", "privacy"]);
        assert_eq!(code, 0, "{name}: {stderr}");
        let doc = std::fs::read_to_string(root.join("policies/privacy/en-US.md")).unwrap();
        assert!(doc.contains("title: \"Privacy Policy\""), "{doc}");
        assert!(doc.contains("Café Otterpond keeps the address"), "{doc}");
        assert!(!doc.contains('\u{fffd}') && !doc.contains('\0'), "{doc}");
        assert!(
            root.join("history/releases/0001.yaml").exists(),
            "the date line was not read"
        );
        checks(&root);
    }
}

// ---- page languages -------------------------------------------------------

#[test]
fn a_page_language_in_any_case_keeps_its_country() {
    let dir = Project::empty();
    for (lang, locale) in [("en-gb", "en-GB"), ("EN_au", "en-AU"), ("de_at", "de-AT")] {
        let root = dir.root().join(lang);
        let page = PAGE.replace("lang=\"en\"", &format!("lang=\"{lang}\""));
        let source = saved(&dir, &format!("{lang}.html"), page.as_bytes());
        let (code, stdout, stderr) = import(&root, &[&source, "--doc", "privacy"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains(&format!(", locale {locale}\n")), "{stdout}");
        assert!(
            root.join(format!("policies/privacy/{locale}.md")).exists(),
            "{lang}: {stdout}"
        );
        checks(&root);
    }
}

// ---- --format json ----------------------------------------------------------

#[test]
fn json_errors_come_as_check_prints_them() {
    let dir = Project::empty();
    let root = dir.root().join("legal");
    let pdf = saved(&dir, "policy.pdf", b"%PDF-1.4\n");
    let (code, stdout, stderr) = import(&root, &[&pdf, "--doc", "privacy", "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr, "");
    let report = json(&stdout);
    assert_eq!(report["errors"], 1);
    assert_eq!(report["warnings"], 0);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert!(d["file"].as_str().unwrap().ends_with("policy.pdf"), "{d}");
    assert!(
        d["message"].as_str().unwrap().contains("binary file"),
        "{d}"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("save the page as HTML"),
        "{d}"
    );

    // An error of the project: the existing document is not overwritten.
    let page = saved(&dir, "page.html", PAGE.as_bytes());
    assert_eq!(import(&root, &[&page, "--doc", "privacy"]).0, 0);
    let (code, stdout, _) = import(&root, &[&page, "--doc", "privacy", "--format", "json"]);
    assert_eq!(code, 1);
    let report = json(&stdout);
    assert_eq!(report["errors"], 1);
    assert_eq!(
        report["diagnostics"][0]["file"],
        "policies/privacy/en-US.md"
    );
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("already exists"),
        "{report}"
    );
}

#[test]
fn links_that_lead_nowhere_are_listed_as_data() {
    let dir = Project::empty();
    let root = dir.root().join("legal");
    let page = "# Terms of Sale\n\nLast updated: 2024-02-01\n\nSee [our delivery terms](/legal/delivery) and [the refunds part](#refunds-old).\n\nAlso the [returns page][r], the [old rules][zz] and <a href=\"help/faq\">help</a>.\n\n[r]: ../returns\n\n## Payment\n\nBy card.\n";
    let source = saved(&dir, "terms.md", page.as_bytes());
    let (code, stdout, stderr) = import(
        &root,
        &[&source, "--doc", "terms", "--format", "json", "--dry-run"],
    );
    assert_eq!(code, 0, "{stderr}");
    let report = json(&stdout);
    let links: Vec<(String, String, String, String, String)> = report["unresolved_links"]
        .as_array()
        .unwrap_or_else(|| panic!("no unresolved_links: {report}"))
        .iter()
        .map(|l| {
            let f = |k: &str| l[k].as_str().unwrap().to_string();
            (
                f("document"),
                f("kind"),
                f("text"),
                f("target"),
                f("reason"),
            )
        })
        .collect();
    let row = |kind: &str, text: &str, target: &str, reason: &str| {
        (
            "terms".to_string(),
            kind.to_string(),
            text.to_string(),
            target.to_string(),
            reason.to_string(),
        )
    };
    for expected in [
        row(
            "link",
            "our delivery terms",
            "/legal/delivery",
            "relative-without-address",
        ),
        row(
            "link",
            "the refunds part",
            "#refunds-old",
            "no-such-section",
        ),
        // A reference link is made inline first, then read as any link.
        row(
            "link",
            "returns page",
            "../returns",
            "relative-without-address",
        ),
        row("link", "old rules", "[zz]", "undefined-label"),
        row("html-address", "", "help/faq", "relative-without-address"),
    ] {
        assert!(links.contains(&expected), "{expected:?} missing: {links:?}");
    }
    assert_eq!(links.len(), 5, "{links:?}");
}

// ---- the project imported into -------------------------------------------

/// Every path under `dir` (links not followed) with what it holds: a
/// file's bytes, a link's target, nothing for a folder.
fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let held = if e.path_is_symlink() {
                Some(
                    std::fs::read_link(e.path())
                        .unwrap()
                        .into_os_string()
                        .into_encoded_bytes(),
                )
            } else if e.file_type().is_file() {
                Some(std::fs::read(e.path()).unwrap())
            } else {
                None
            };
            (rel, held)
        })
        .collect()
}

/// A project of one released document, `privacy` in en-US, and no region
/// files (so its one region publishes every locale of `policyc.yaml`).
fn released_project() -> Project {
    let project = Project::from_files(&[
        (
            "policyc.yaml",
            "name: Otterpond Legal\nbase_url: https://legal.otterpond.example/\ndefault_locale: en-US\nlocales: [en-US]\n",
        ),
        (
            "policies/privacy/en-US.md",
            "---\ntitle: Privacy Policy\n---\n\nWe keep little.\n\n## What we collect {#what-we-collect}\n\nThe address you ship to.\n",
        ),
    ]);
    policyc()
        .arg("--root")
        .arg(project.root())
        .args(["release", "-m", "First", "--date", "2020-01-01"])
        .assert()
        .success();
    project
}

/// A German translation of [`PAGE`].
const GERMAN: &str = "<!DOCTYPE html>\n<html lang=\"de\"><body><main>\n<h1>Datenschutzerklärung</h1>\n<p>Stand: 03.03.2024</p>\n<p>Otterpond Kites speichert Ihre Lieferadresse.</p>\n<h2>Was wir erheben</h2>\n<p>Die Adresse.</p>\n</main></body></html>\n";

#[test]
fn a_project_with_no_documents_yet_is_imported_into() {
    let dir = Project::empty();
    let root = dir.root().join("legal");
    policyc()
        .arg("init")
        .arg("--minimal")
        .arg(&root)
        .assert()
        .success();
    std::fs::remove_dir_all(root.join("policies")).unwrap();
    let config = std::fs::read(root.join("policyc.yaml")).unwrap();
    let source = saved(&dir, "page.html", PAGE.as_bytes());
    let (code, stdout, stderr) = import(&root, &[&source, "--doc", "privacy"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("into the project in"), "{stdout}");
    assert!(root.join("policies/privacy/en-US.md").exists());
    assert!(root.join("history/releases/0001.yaml").exists());
    assert_eq!(std::fs::read(root.join("policyc.yaml")).unwrap(), config);
    checks(&root);

    // A broken policyc.yaml is still an error, and nothing is written.
    let broken = dir.root().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(broken.join("policyc.yaml"), "name: [Otterpond\n").unwrap();
    let before = tree(&broken);
    let (code, _, stderr) = import(&broken, &[&source, "--doc", "privacy"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("policyc.yaml"), "{stderr}");
    assert!(
        stderr.contains("the project has errors, so nothing was imported"),
        "{stderr}"
    );
    assert_eq!(tree(&broken), before);
}

#[cfg(unix)]
#[test]
fn a_release_that_fails_takes_back_all_the_import_wrote() {
    // A link where a release keeps its lock file: the release is refused
    // after the import has written its files.
    let lock_link = |root: &Path| {
        std::fs::create_dir_all(root.join("history")).unwrap();
        std::fs::write(root.join("history/lock-target"), "").unwrap();
        std::os::unix::fs::symlink("lock-target", root.join("history/.lock")).unwrap();
    };

    // Into an existing project: a translation, its locale added.
    let project = released_project();
    let root = project.root();
    std::fs::remove_file(root.join("history/.lock")).unwrap();
    lock_link(root);
    let before = tree(root);
    let source = saved(&project, "seite.html", GERMAN.as_bytes());
    let (code, stdout, stderr) = import(root, &[&source, "--doc", "privacy", "--locale", "de-DE"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.contains("history/.lock: this is a symbolic link"),
        "{stderr}"
    );
    assert!(
        stderr.contains("nothing was imported: what the import had written was taken back"),
        "{stderr}"
    );
    let after: Vec<_> = tree(root)
        .into_iter()
        .filter(|(p, _)| p != Path::new("seite.html"))
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(p, _)| p != Path::new("seite.html"))
        .collect();
    assert_eq!(after, before, "the project changed");

    // Into a new project, in a folder that has a .gitignore already.
    let dir = Project::empty();
    let root = dir.root().join("legal");
    lock_link(&root);
    std::fs::write(root.join(".gitignore"), "node_modules/").unwrap();
    let before = tree(&root);
    let source = saved(&dir, "page.html", PAGE.as_bytes());
    let (code, _, stderr) = import(&root, &[&source, "--doc", "privacy"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(tree(&root), before, "the folder changed");
}

#[test]
fn a_locale_no_region_publishes_is_an_error_that_says_where_to_add_it() {
    let dir = Project::empty();
    let root = dir.root().join("legal");
    let english = saved(&dir, "page.html", PAGE.as_bytes());
    let german = saved(&dir, "seite.html", GERMAN.as_bytes());
    assert_eq!(import(&root, &[&english, "--doc", "privacy"]).0, 0);
    // A second region with locales of its own: the import cannot know
    // which of them should publish German.
    std::fs::write(
        root.join("regions/eu.yaml"),
        "name: European Union\nlocales: [en-US]\n",
    )
    .unwrap();
    let before = tree(&root);
    let (code, _, stderr) = import(&root, &[&german, "--doc", "privacy", "--locale", "de-DE"]);
    assert_eq!(code, 1, "{stderr}");
    for part in [
        "regions/eu.yaml:2:1",
        "no region publishes `de-DE`",
        "add `de-DE` to `locales:` in policyc.yaml and the `locales:` of the regions that should publish it (`regions/eu.yaml`, `regions/global.yaml`)",
    ] {
        assert!(stderr.contains(part), "{part:?} missing:\n{stderr}");
    }
    assert_eq!(tree(&root), before);

    // Listed in policyc.yaml, and in no region: the same error, which
    // does not ask for policyc.yaml.
    let config = std::fs::read_to_string(root.join("policyc.yaml")).unwrap();
    std::fs::write(
        root.join("policyc.yaml"),
        config.replace("locales: [en-US]", "locales: [en-US, de-DE]"),
    )
    .unwrap();
    let (code, _, stderr) = import(&root, &[&german, "--doc", "privacy", "--locale", "de-DE"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("add `de-DE` to the `locales:` of the regions"),
        "{stderr}"
    );

    // Without --locale, the page's language goes only to a locale a
    // region publishes: here the default, and the report says so.
    let (code, stdout, stderr) = import(
        &root,
        &[&german, "--doc", "privacy", "--dry-run", "--format", "json"],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("already exists"), "{stdout}");
    let (code, stdout, stderr) = import(
        &root,
        &[
            &german,
            "--doc",
            "datenschutz",
            "--dry-run",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let report = json(&stdout);
    assert_eq!(report["locale"], "en-US", "{report}");
    assert!(
        report["notes"]
            .to_string()
            .contains("a language the project does not publish"),
        "{report}"
    );

    // Once the region publishes it, the import goes ahead.
    let region = std::fs::read_to_string(root.join("regions/global.yaml")).unwrap();
    std::fs::write(
        root.join("regions/global.yaml"),
        region.replace("locales: [en-US]", "locales: [en-US, de-DE]"),
    )
    .unwrap();
    let (code, _, stderr) = import(&root, &[&german, "--doc", "privacy", "--locale", "de-DE"]);
    assert_eq!(code, 0, "{stderr}");
    checks(&root);

    // A project without region files publishes what policyc.yaml lists:
    // the locale is added there.
    let project = released_project();
    let source = saved(&project, "seite.html", GERMAN.as_bytes());
    let (code, stdout, stderr) = import(
        project.root(),
        &[&source, "--doc", "privacy", "--locale", "de-DE"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("locale de-DE (added to policyc.yaml)"),
        "{stdout}"
    );
    checks(project.root());
}

#[test]
fn locale_codes_are_checked_as_bcp_47() {
    let dir = Project::empty();
    let root = dir.root().join("legal");
    let source = saved(&dir, "page.html", PAGE.as_bytes());
    for (given, advice) in [
        ("en_gb", "did you mean `en-GB`?"),
        ("EN-us", "did you mean `en-US`?"),
        (
            "english",
            "write a language and a region joined by a hyphen",
        ),
        ("", "write a language and a region"),
    ] {
        let (code, _, stderr) = import(&root, &[&source, "--doc", "privacy", "--locale", given]);
        assert_eq!(code, 1, "{given}: {stderr}");
        assert!(stderr.contains("is not a locale"), "{given}: {stderr}");
        assert!(stderr.contains(advice), "{given}: {stderr}");
        assert!(!root.exists());
    }
}

// ---- init and .gitignore ---------------------------------------------------

fn init(args: &[&str], dir: &Path, cwd: &Path) -> (i32, String) {
    let output = policyc()
        .current_dir(cwd)
        .arg("init")
        .args(args)
        .arg("--")
        .arg(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn init_minimal_gitignore_says_what_it_is_for() {
    let dir = Project::empty();
    let (code, stderr) = init(&["--minimal"], Path::new("legal"), dir.root());
    assert_eq!(code, 0, "{stderr}");
    let gitignore = std::fs::read_to_string(dir.root().join("legal/.gitignore")).unwrap();
    assert!(
        gitignore.starts_with("# Files policyc writes"),
        "{gitignore}"
    );
    assert!(gitignore.contains("\n/out/\n"), "{gitignore}");
    checks(&dir.root().join("legal"));
}

#[test]
fn init_prints_a_cd_that_works_when_pasted() {
    let dir = Project::empty();
    for (name, cd) in [
        ("-dash", "cd ./-dash"),
        ("--x y", "cd './--x y'"),
        ("it's $HOME", "cd 'it'\\''s $HOME'"),
    ] {
        let (code, stderr) = init(&["--minimal"], Path::new(name), dir.root());
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains(&format!("Next:\n  {cd}\n")),
            "{name}: {stderr}"
        );
        // The printed command, run by a shell, goes into the folder.
        let line = format!("{cd} && pwd");
        let shell = std::process::Command::new("sh")
            .current_dir(dir.root())
            .args(["-c", &line])
            .output()
            .unwrap();
        let pwd = String::from_utf8(shell.stdout).unwrap();
        assert!(pwd.trim_end().ends_with(name), "{line}: {pwd}");
    }
}

#[test]
fn a_gitignore_already_there_gets_the_missing_lines() {
    // init into a repository's folder: its .gitignore (no newline at its
    // end, one of policyc's lines already there) gets the others.
    let dir = Project::empty();
    let repo = dir.root().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(repo.join(".gitignore"), "node_modules/\nout/").unwrap();
    let (code, stderr) = init(&["--minimal"], &repo, dir.root());
    assert_eq!(code, 0, "{stderr}");
    let gitignore = std::fs::read_to_string(repo.join(".gitignore")).unwrap();
    assert_eq!(
        gitignore,
        "node_modules/\nout/\n# Added by policyc: the built site and the files a build or release leaves.\n/history/.lock\n/.policyc-staging-*/\n/.policyc-old-*/\n"
    );
    assert!(
        stderr.contains("Added to the .gitignore already there: /history/.lock /.policyc-staging-*/ /.policyc-old-*/"),
        "{stderr}"
    );
    checks(&repo);
    // A second time nothing is added.
    let again = dir.root().join("again");
    std::fs::create_dir(&again).unwrap();
    std::fs::write(again.join(".gitignore"), &gitignore).unwrap();
    let (code, stderr) = init(&[], &again, dir.root());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(again.join(".gitignore")).unwrap(),
        gitignore
    );
    assert!(!stderr.contains("Added to the .gitignore"), "{stderr}");

    // import into a folder that has one: the same lines, and the report
    // says so.
    let folder = dir.root().join("imported");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join(".gitignore"), "*.log\n").unwrap();
    let source = saved(&dir, "page.html", PAGE.as_bytes());
    let (code, stdout, stderr) = import(&folder, &[&source, "--doc", "privacy"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Added to the .gitignore already there: /out/ /history/.lock"),
        "{stdout}"
    );
    let gitignore = std::fs::read_to_string(folder.join(".gitignore")).unwrap();
    assert!(
        gitignore.starts_with("*.log\n# Added by policyc"),
        "{gitignore}"
    );
    assert!(
        gitignore.ends_with("\n/out/\n/history/.lock\n/.policyc-staging-*/\n/.policyc-old-*/\n"),
        "{gitignore}"
    );
}

#[test]
fn a_locale_is_added_to_the_one_region_of_a_project_as_to_policyc_yaml() {
    let dir = Project::empty();
    let root = dir.root().join("legal");
    let english = saved(&dir, "page.html", PAGE.as_bytes());
    let german = saved(&dir, "seite.html", GERMAN.as_bytes());
    assert_eq!(import(&root, &[&english, "--doc", "privacy"]).0, 0);
    let (code, stdout, stderr) = import(&root, &[&german, "--doc", "privacy", "--locale", "de-DE"]);
    assert_eq!(code, 0, "{stderr}");
    let said = format!("{stdout}{stderr}");
    assert!(
        said.contains(
            "`de-DE` was added to the `locales:` of regions/global.yaml, the project's one region"
        ),
        "{said}"
    );
    let region = std::fs::read_to_string(root.join("regions/global.yaml")).unwrap();
    assert!(region.contains("locales: [en-US, de-DE]"), "{region}");
    let built = policyc()
        .arg("--root")
        .arg(&root)
        .arg("build")
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(root.join("out/global/de-DE/privacy/index.html").is_file());
}
