//! `policyc import`'s input and the project it writes into: binary files
//! refused and UTF-16 read, imports into a project that has no documents
//! yet, all or nothing when a step fails, locales checked against the
//! regions, page languages in any case, errors and unresolved links as
//! JSON, and the `.gitignore` of `init` and `import`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Project, policyc, read_tree};

/// Runs `policyc --root ROOT import ARGS`: exit code, stdout, stderr.
fn import(root: &Path, args: &[&str]) -> (i32, String, String) {
    let output = policyc()
        .arg("--root")
        .arg(root)
        .arg("import")
        .args(args)
        .output()
        .expect("run policyc import");
    (
        output.status.code().expect("exited"),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

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

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

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
    let page = "# Terms of Sale\n\nLast updated: 2024-02-01\n\nSee [our delivery terms](/legal/delivery) and [the refunds part](#refunds-old).\n\nAlso the [returns page][r] and <a href=\"help/faq\">help</a>.\n\n[r]: ../returns\n\n## Payment\n\nBy card.\n";
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
        row("definition", "", "../returns", "relative-without-address"),
        row("html-address", "", "help/faq", "relative-without-address"),
    ] {
        assert!(links.contains(&expected), "{expected:?} missing: {links:?}");
    }
    assert_eq!(links.len(), 4, "{links:?}");
}

#[allow(dead_code)]
fn unused(_: PathBuf, _: Value) {
    let _ = read_tree;
}
