//! Helpers shared by the integration tests: policy projects in temporary
//! directories, running the `policyc` binary, and reading what it wrote.

pub mod diff;
pub mod generated;
pub mod git;
pub mod import;
pub mod links;
pub mod release;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use scraper::{ElementRef, Html, Selector};
use serde::Deserialize;
use tempfile::TempDir;
use walkdir::WalkDir;

/// Whether the tests run in CI (the `CI` variable is set), where every
/// test must run: a test that needs something the machine lacks fails
/// there instead of skipping.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Reports that a test cannot run here, and why: on stderr as
/// `SKIPPED: <reason>` (the caller then returns without testing), or, in
/// CI, as a failure saying what CI must provide (`needs`), so that a skip
/// never passes for a success there.
#[track_caller]
pub fn skip(reason: &str, needs: &str) {
    skip_unless(in_ci(), reason, needs);
}

/// [`skip`], with whether the tests run in CI given.
#[track_caller]
pub fn skip_unless(ci: bool, reason: &str, needs: &str) {
    assert!(
        !ci,
        "{reason}; the CI variable is set, and CI must run this test: {needs}"
    );
    eprintln!("SKIPPED: {reason} ({needs})");
}

/// The `policyc` binary under test.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_policyc"))
}

/// A small valid project: one document in the default locale (its Spanish
/// pages show it in English, as `accept_fallbacks` allows), no regions.
/// Bad-input tests start from it and break one file.
pub const MINIMAL_CONFIG: &str = "\
name: Pebblebrook Legal
default_locale: en-US
locales: [en-US, es-US]
accept_fallbacks:
  privacy: [es-US]
variables:
  company: Pebblebrook Tinkers
";

/// The one document of the minimal project (`policies/privacy/en-US.md`).
pub const MINIMAL_PRIVACY: &str = "\
---
title: Privacy
---

Intro for {{ company }}.

## Data we keep {#keep}

Names.

## Your rights {#rights}

Ask us.
";

/// A policy project in a temporary directory, removed when dropped.
pub struct Project {
    dir: TempDir,
}

impl Project {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        let project = Project::empty();
        copy_dir(&fixtures_dir().join(name), project.root());
        project
    }

    /// A copy of the example project at the repository root.
    pub fn example() -> Project {
        let project = Project::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(
            repo.join("policyc.yaml"),
            project.root().join("policyc.yaml"),
        )
        .expect("copy policyc.yaml");
        for dir in ["policies", "regions", "facts", "templates"] {
            if repo.join(dir).is_dir() {
                copy_dir(&repo.join(dir), &project.root().join(dir));
            }
        }
        project
    }

    /// The example project with its release history (`history/`), so its
    /// pages are released and unchanged.
    pub fn example_released() -> Project {
        let project = Project::example();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("history"), &project.root().join("history"));
        project
    }

    /// An empty directory.
    pub fn empty() -> Project {
        Project {
            dir: tempfile::Builder::new()
                .prefix("policyc-test-")
                .tempdir()
                .expect("create a temporary directory"),
        }
    }

    /// A project made of exactly these files.
    pub fn from_files(files: &[(&str, &str)]) -> Project {
        let project = Project::empty();
        for (path, text) in files {
            project.write(path, text);
        }
        project
    }

    /// The minimal valid project ([`MINIMAL_CONFIG`], [`MINIMAL_PRIVACY`]).
    pub fn minimal() -> Project {
        Project::from_files(&[
            ("policyc.yaml", MINIMAL_CONFIG),
            ("policies/privacy/en-US.md", MINIMAL_PRIVACY),
        ])
    }

    /// The minimal project whose privacy policy has `text` in its one
    /// section, "Data we keep" (`text` starts on line 7).
    pub fn with_section_text(text: &str) -> Project {
        let project = Project::minimal();
        project.write(
            "policies/privacy/en-US.md",
            format!("---\ntitle: Privacy\n---\n\n## Data we keep {{#keep}}\n\n{text}\n"),
        );
        project
    }

    /// Turns every link to the document `doc` (`[text](doc:ID)`) into its
    /// text alone, so that the document can go away without breaking links
    /// (which is an error) and without changing what readers see.
    pub fn unlink(&self, doc: &str) -> &Project {
        let link = format!("](doc:{doc})");
        for (rel, bytes) in read_tree(self.root()) {
            let Ok(mut text) = String::from_utf8(bytes) else {
                continue;
            };
            if rel.extension().is_none_or(|e| e != "md") || !text.contains(&link) {
                continue;
            }
            while let Some(end) = text.find(&link) {
                let start = text[..end].rfind('[').expect("a link's text opens with [");
                text.replace_range(end..end + link.len(), "");
                text.remove(start);
            }
            self.write(&rel.to_string_lossy(), text);
        }
        self
    }

    /// The project directory.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output directory, `out/`.
    pub fn out(&self) -> PathBuf {
        self.root().join("out")
    }

    /// Writes (or overwrites) a file, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Project {
        let path = self.root().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, contents).expect("write a project file");
        self
    }

    /// The text of a file of the project.
    pub fn read(&self, rel: &str) -> String {
        let path = self.root().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Removes a file of the project.
    pub fn remove(&self, rel: &str) -> &Project {
        std::fs::remove_file(self.root().join(rel)).expect("remove a project file");
        self
    }

    /// `policyc --root <project>`, with colours off.
    pub fn cmd(&self) -> Command {
        let mut cmd = policyc();
        cmd.arg("--root").arg(self.root());
        cmd
    }

    /// Runs `policyc build` and returns its output, whatever the exit code.
    pub fn run_build(&self) -> Output {
        self.cmd().arg("build").output().expect("run policyc build")
    }

    /// Runs `policyc build`, failing the test unless it succeeds.
    pub fn build(&self) -> Output {
        let output = self.run_build();
        assert_eq!(
            output.status.code(),
            Some(0),
            "policyc build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Runs `policyc check --format json`, which must fail (exit 1); returns
    /// the report.
    pub fn check_fails(&self) -> Report {
        let (code, report) = self.check_json(&[]);
        assert_eq!(code, 1, "{report:#?}");
        report
    }

    /// Runs `policyc check --format json` with extra arguments; returns the
    /// exit code and the parsed report.
    pub fn check_json(&self, extra: &[&str]) -> (i32, Report) {
        let output = self
            .cmd()
            .args(["check", "--format", "json"])
            .args(extra)
            .output()
            .expect("run policyc check");
        let code = output.status.code().expect("policyc exited normally");
        let report: Report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "check --format json did not print JSON ({e}):\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (code, report)
    }

    /// Runs `policyc check` (human output); returns the exit code and stderr.
    pub fn check_human(&self, extra: &[&str]) -> (i32, String) {
        let output = self
            .cmd()
            .arg("check")
            .args(extra)
            .output()
            .expect("run policyc check");
        (
            output.status.code().expect("policyc exited normally"),
            String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        )
    }

    /// The text of a file under `out/`.
    pub fn read_out(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// A page under `out/`, parsed.
    pub fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.read_out(rel))
    }

    /// `out/manifest.json`, parsed.
    pub fn manifest(&self) -> serde_json::Value {
        serde_json::from_str(&self.read_out("manifest.json")).expect("manifest.json is JSON")
    }

    /// Asserts that `build` fails with exit 1 and writes no `out/` (nor
    /// leaves a staging directory behind).
    pub fn assert_build_fails_without_output(&self) {
        let output = self.run_build();
        assert_eq!(
            output.status.code(),
            Some(1),
            "build should fail; stderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!self.out().exists(), "a failed build created out/");
        assert_eq!(leftovers(self.root()), Vec::<String>::new());
    }
}

/// `policyc` itself, with colours off.
pub fn policyc() -> Command {
    let mut cmd = Command::cargo_bin("policyc").expect("the policyc binary is built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The variants a manifest lists: (doc, region, locale).
pub fn manifest_variants(manifest: &serde_json::Value) -> Vec<(String, String, String)> {
    manifest["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| {
            let field = |name: &str| p[name].as_str().expect("a string").to_string();
            (field("doc"), field("region"), field("locale"))
        })
        .collect()
}

/// `tests/fixtures/`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk a fixture");
        let rel = entry.path().strip_prefix(from).expect("inside the fixture");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk a directory"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read a file"))
        })
        .collect()
}

/// Names in `dir` that policyc uses for staging or swapping the output:
/// none may remain after a build, whether it failed or not. A build leaves
/// the previous output (`.policyc-old-…`) to a process of its own to
/// remove: this waits for it, up to 20 seconds.
pub fn leftovers(dir: &Path) -> Vec<String> {
    let list = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list a directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".policyc"))
            .collect();
        names.sort();
        names
    };
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut names = list();
    while names.iter().any(|n| n.starts_with(".policyc-old-")) && std::time::Instant::now() < until
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
        names = list();
    }
    names
}

/// The JSON document of `check --format json`.
#[derive(Debug, Deserialize)]
pub struct Report {
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<Diag>,
}

/// One diagnostic of `check --format json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Diag {
    pub severity: String,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<String>,
}

impl Report {
    /// The diagnostics whose message contains `needle`.
    pub fn matching(&self, needle: &str) -> Vec<&Diag> {
        self.diagnostics
            .iter()
            .filter(|d| d.message.contains(needle))
            .collect()
    }

    /// The one diagnostic whose message contains `needle`.
    pub fn find(&self, needle: &str) -> &Diag {
        match self.matching(needle)[..] {
            [d] => d,
            ref found => panic!(
                "expected one diagnostic containing {needle:?}, found {}: {self:#?}",
                found.len()
            ),
        }
    }
}

impl Diag {
    /// Asserts the file, line and column (`None` where not expected).
    pub fn assert_at(&self, file: &str, line: Option<usize>, column: Option<usize>) {
        assert_eq!(self.file.as_deref(), Some(file), "{self:#?}");
        if line.is_some() {
            assert_eq!(self.line, line, "line of {self:#?}");
        }
        if column.is_some() {
            assert_eq!(self.column, column, "column of {self:#?}");
        }
    }

    /// The help text, which every diagnostic of a user mistake must have.
    pub fn help(&self) -> &str {
        self.help
            .as_deref()
            .unwrap_or_else(|| panic!("no help: {self:#?}"))
    }
}

/// A CSS selector; panics on a typo in the test.
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// The elements matching `css`, in document order.
pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&sel(css)).collect()
}

/// The text of an element, whitespace folded.
pub fn text_of(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of the one element matching `css`.
pub fn text(html: &Html, css: &str) -> String {
    match select(html, css)[..] {
        [el] => text_of(el),
        ref found => panic!("expected one element for {css:?}, found {}", found.len()),
    }
}

/// The values of `attr` on every element matching `css`.
pub fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    select(html, css)
        .into_iter()
        .filter_map(|el| el.value().attr(attr).map(str::to_string))
        .collect()
}

/// The ids of the document's section headings, in page order.
pub fn section_ids(html: &Html) -> Vec<String> {
    attrs(
        html,
        ".doc-body h1[id], .doc-body h2[id], .doc-body h3[id], \
         .doc-body h4[id], .doc-body h5[id], .doc-body h6[id]",
        "id",
    )
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The heading text of section `id`.
pub fn heading_text(html: &Html, id: &str) -> String {
    text(html, &format!(".doc-body [id=\"{id}\"]"))
}

/// The text of section `id`: what follows its heading up to the next
/// heading of the same or a higher level, whitespace folded.
pub fn section_text(html: &Html, id: &str) -> String {
    let heading = select(html, &format!(".doc-body [id=\"{id}\"]"))
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no section #{id}"));
    let level = heading_level(heading.value().name()).expect("a section id is on a heading");
    let mut text = String::new();
    for node in heading.next_siblings() {
        if let Some(el) = ElementRef::wrap(node) {
            if heading_level(el.value().name()).is_some_and(|l| l <= level) {
                break;
            }
            text.push_str(&el.text().collect::<String>());
            text.push(' ');
        } else if let Some(t) = node.value().as_text() {
            text.push_str(t);
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `index.html` under `out/` that is a document page
/// (`<region>/<locale>/<doc>/index.html`), as relative paths with `/`.
pub fn document_pages(out: &Path) -> Vec<String> {
    read_tree(out)
        .into_keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with("/index.html") && p.split('/').count() == 4)
        .collect()
}

/// The section ids of `policies/privacy/en-US.md` in the valid fixture.
pub const BASE_PRIVACY_IDS: [&str; 8] = [
    "about",
    "collect",
    "collect-given",
    "collect-counter",
    "use",
    "sharing",
    "rights",
    "contact",
];

/// A copy of the valid fixture, built.
pub fn valid_site() -> Project {
    let project = Project::fixture("valid");
    project.build();
    project
}

/// Owned strings, to compare with what the helpers return.
pub fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Asserts, for every HTML file under `out`, that its ids are unique and
/// that each link and `#anchor` leads somewhere ([`links::broken_links`]).
pub fn assert_pages_are_linked_up(out: &Path) {
    let files = read_tree(out);
    for (rel, bytes) in files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
    {
        let html = Html::parse_document(std::str::from_utf8(bytes).expect("pages are UTF-8"));
        let all_ids = attrs(&html, "[id]", "id");
        let unique: std::collections::BTreeSet<&str> = all_ids.iter().map(String::as_str).collect();
        assert_eq!(unique.len(), all_ids.len(), "duplicate ids in {rel:?}");
    }
    links::assert_no_broken_links(out);
}
