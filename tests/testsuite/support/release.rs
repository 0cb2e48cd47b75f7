//! Helpers shared by the release tests (the `release*` modules): running `policyc` on a copy of the example
//! project, reading `history/`, and reading the dates the built pages show.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Output;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use super::{Project, attrs, document_pages, read_tree, select};

/// The date of the first release in every scenario.
pub const FIRST: &str = "2026-01-10";

/// `(doc, region, locale)`.
pub type Key = (String, String, String);

/// A key from string slices.
pub fn key(doc: &str, region: &str, locale: &str) -> Key {
    (doc.into(), region.into(), locale.into())
}

/// Every variant of the example project: 9 of privacy, 9 of terms (eu has
/// en-US and de-DE; global en-US, es-US, de-DE; us and us-ca en-US, es-US),
/// and the California-only notice at collection in en-US and es-US.
pub fn example_variants() -> BTreeSet<Key> {
    let mut all = BTreeSet::new();
    let regions: [(&str, &[&str]); 4] = [
        ("eu", &["en-US", "de-DE"]),
        ("global", &["en-US", "es-US", "de-DE"]),
        ("us", &["en-US", "es-US"]),
        ("us-ca", &["en-US", "es-US"]),
    ];
    for (region, locales) in regions {
        for locale in locales {
            all.insert(key("privacy", region, locale));
            all.insert(key("terms", region, locale));
        }
    }
    all.insert(key("notice-at-collection", "us-ca", "en-US"));
    all.insert(key("notice-at-collection", "us-ca", "es-US"));
    all
}

/// The day of the second release in these scenarios, and a day after it.
pub const SECOND: &str = "2026-03-01";
pub const LATER: &str = "2026-03-02";

/// The California supplement to the privacy policy.
pub const CA_PRIVACY: &str = "regions/us-ca/privacy.en-US.md";

/// Keys from `(doc, region, locale)` slices.
pub fn keys(list: &[(&str, &str, &str)]) -> BTreeSet<Key> {
    list.iter().map(|(d, r, l)| key(d, r, l)).collect()
}

/// A process's stderr as text.
pub fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A process's stdout as text.
pub fn stdout_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A released example with one unreleased word changed in California
/// ("portable" → "readable"), so that a release which is not refused
/// would write something.
pub fn released_with_a_pending_change() -> Project {
    let p = released_example();
    edit(
        &p,
        CA_PRIVACY,
        "in a portable format",
        "in a readable format",
    );
    p
}

/// Rewrites a record with `body` and a correct `# record-hash:` trailer, as
/// a tool that knows the format (but not the schema) would.
pub fn write_record_with_valid_hash(p: &Project, n: usize, body: &str) {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    p.write(
        &format!("history/releases/{n:04}.yaml"),
        format!("{body}# record-hash: sha256:{hex}\n"),
    );
}

/// Appends to a file of the project.
pub fn append(p: &Project, rel: &str, extra: &str) {
    let path = p.root().join(rel);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(extra.as_bytes());
    std::fs::write(&path, bytes).unwrap();
}

/// Every stored object, as a path relative to the project root.
pub fn objects(p: &Project) -> Vec<String> {
    history(p)
        .into_keys()
        .filter(|k| k.starts_with("objects"))
        .map(|k| format!("history/{}", k.to_string_lossy().replace('\\', "/")))
        .collect()
}

/// The one stored object whose text contains `needle`.
pub fn object_containing(p: &Project, needle: &str) -> String {
    match &objects_containing(p, needle)[..] {
        [one] => one.clone(),
        found => panic!("expected one object containing {needle:?}, found {found:?}"),
    }
}

/// The page of a variant under `out/`.
pub fn page_of(k: &Key) -> String {
    format!("{}/{}/{}/index.html", k.1, k.2, k.0)
}

/// Runs `policyc --root <project> ARGS` (colours off), whatever its exit code.
pub fn run(p: &Project, args: &[&str]) -> Output {
    p.cmd().args(args).output().expect("run policyc")
}

/// Runs policyc and fails the test unless it exits 0.
pub fn ok(p: &Project, args: &[&str]) -> Output {
    let output = run(p, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "policyc {args:?} failed:\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs policyc, asserts exit 1, and returns stderr.
pub fn fails(p: &Project, args: &[&str]) -> String {
    let output = run(p, args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(1),
        "policyc {args:?} should exit 1:\nstdout:\n{}\nstderr:\n{stderr}",
        String::from_utf8_lossy(&output.stdout),
    );
    stderr
}

/// `policyc release --date DATE --today DATE --message MESSAGE`, which must
/// succeed; returns its output.
pub fn release(p: &Project, date: &str, message: &str) -> Output {
    ok(
        p,
        &[
            "release",
            "--date",
            date,
            "--today",
            date,
            "--message",
            message,
        ],
    )
}

/// `policyc build --today DATE`, which must succeed.
pub fn build_at(p: &Project, today: &str) -> Output {
    ok(p, &["build", "--quiet", "--today", today])
}

/// A copy of the example project, released once on [`FIRST`] with the
/// message "First release".
///
/// The release runs once per test binary (it spends most of its time
/// syncing files to disk); every call gets a fresh copy of its `history/`.
pub fn released_example() -> Project {
    static HISTORY: OnceLock<BTreeMap<PathBuf, Vec<u8>>> = OnceLock::new();
    let files = HISTORY.get_or_init(|| {
        let p = Project::example();
        release(&p, FIRST, "First release");
        history(&p)
    });
    let p = Project::example();
    for (rel, bytes) in files {
        p.write(&format!("history/{}", rel.to_string_lossy()), bytes);
    }
    p
}

/// Replaces the one occurrence of `from` in a project file by `to`.
pub fn edit(p: &Project, rel: &str, from: &str, to: &str) {
    let path = p.root().join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert_eq!(
        text.matches(from).count(),
        1,
        "{rel} should contain {from:?} exactly once"
    );
    p.write(rel, text.replace(from, to));
}

/// The file names under `history/releases/`, sorted.
pub fn record_files(p: &Project) -> Vec<String> {
    let dir = p.root().join("history/releases");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

/// `0001.yaml`, `0002.yaml`, … up to `n`.
pub fn record_names(n: usize) -> Vec<String> {
    (1..=n).map(|k| format!("{k:04}.yaml")).collect()
}

/// One release record as the tests read it.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub release: u32,
    pub date: String,
    #[serde(default)]
    pub effective: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    pub previous: Option<String>,
    pub variants: Vec<Entry>,
}

/// One variant's new version in a record.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub doc: String,
    pub region: String,
    pub locale: String,
    pub version: u32,
    pub class: String,
    pub snapshot: String,
    #[serde(default)]
    pub changes: Vec<String>,
}

impl Entry {
    /// Its variant.
    pub fn key(&self) -> Key {
        key(&self.doc, &self.region, &self.locale)
    }
}

impl Record {
    /// The variants that got a version, as keys.
    pub fn keys(&self) -> BTreeSet<Key> {
        self.variants.iter().map(Entry::key).collect()
    }

    /// The entry of one variant.
    pub fn entry(&self, k: &Key) -> &Entry {
        self.variants
            .iter()
            .find(|e| e.key() == *k)
            .unwrap_or_else(|| panic!("release {} has no entry for {k:?}", self.release))
    }
}

/// The text of `history/releases/NNNN.yaml`.
pub fn record_text(p: &Project, n: usize) -> String {
    let path = p.root().join(format!("history/releases/{n:04}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Release record `n`, parsed.
pub fn record(p: &Project, n: usize) -> Record {
    let text = record_text(p, n);
    assert!(
        text.lines()
            .last()
            .is_some_and(|l| l.starts_with("# record-hash: sha256:")),
        "record {n} does not end with its hash:\n{text}"
    );
    yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("record {n} is not YAML ({e}):\n{text}"))
}

/// Every file under `history/`, with its bytes.
pub fn history(p: &Project) -> BTreeMap<PathBuf, Vec<u8>> {
    let dir = p.root().join("history");
    if dir.exists() {
        read_tree(&dir)
    } else {
        BTreeMap::new()
    }
}

/// Asserts that `history/` holds exactly `before`, byte for byte (and that
/// it still does not exist if it did not).
pub fn assert_history_is(p: &Project, before: &BTreeMap<PathBuf, Vec<u8>>, existed: bool) {
    assert_eq!(
        p.root().join("history").exists(),
        existed,
        "history/ appeared or vanished"
    );
    let after = history(p);
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&after), names(before), "files were added or removed");
    for (path, bytes) in before {
        assert!(after[path] == *bytes, "{} was changed", path.display());
    }
}

/// The objects under `history/objects/` whose text contains `needle`, as
/// paths relative to the project root.
pub fn objects_containing(p: &Project, needle: &str) -> Vec<String> {
    history(p)
        .into_iter()
        .filter(|(path, bytes)| {
            path.starts_with("objects") && String::from_utf8_lossy(bytes).contains(needle)
        })
        .map(|(path, _)| format!("history/{}", path.to_string_lossy().replace('\\', "/")))
        .collect()
}

/// `diff --format json` against the last release, parsed.
pub fn diff_json(p: &Project) -> Value {
    let output = ok(p, &["diff", "--format", "json"]);
    serde_json::from_slice(&output.stdout).expect("diff --format json prints JSON")
}

/// For every document page under `out/`: the `datetime` of its "Last
/// Updated" date, or `None` when it shows "Not yet released".
pub fn page_dates(p: &Project) -> BTreeMap<String, Option<String>> {
    document_pages(&p.out())
        .into_iter()
        .map(|rel| {
            let page = p.page(&rel);
            let times = attrs(&page, "p.last-updated time", "datetime");
            let unreleased = select(&page, "p.last-updated span.unreleased").len();
            let date = match (&times[..], unreleased) {
                ([one], 0) => Some(one.clone()),
                ([], 1) => None,
                _ => panic!("{rel}: expected one date or one \"Not yet released\", found {times:?} and {unreleased} notices"),
            };
            (rel, date)
        })
        .collect()
}

/// The visible text of a page's "Last Updated" date.
pub fn date_text(p: &Project, rel: &str) -> String {
    super::text(&p.page(rel), "p.last-updated time")
}

/// For every page of `out/manifest.json`: its `version` and `last_updated`.
pub fn manifest_versions(p: &Project) -> BTreeMap<String, (Option<u64>, Option<String>)> {
    let manifest = p.manifest();
    manifest["pages"]
        .as_array()
        .expect("manifest pages")
        .iter()
        .map(|page| {
            (
                page["path"].as_str().expect("path").to_string(),
                (
                    page["version"].as_u64(),
                    page["last_updated"].as_str().map(str::to_string),
                ),
            )
        })
        .collect()
}

/// The pages (paths under `out/`) of these variants.
pub fn pages_of(keys: &BTreeSet<Key>) -> BTreeSet<String> {
    keys.iter().map(page_of).collect()
}

/// Asserts, after a build, that exactly the pages of `moved` show
/// `new_date` and version `new_version`, and every other page shows
/// [`FIRST`] and version 1, both on the page and in the manifest.
pub fn assert_only_these_moved(p: &Project, moved: &BTreeSet<Key>, new_date: &str) {
    let moved_pages = pages_of(moved);
    let dates = page_dates(p);
    assert_eq!(
        dates.keys().cloned().collect::<BTreeSet<_>>(),
        pages_of(&example_variants()),
        "the document pages"
    );
    for (page, date) in &dates {
        let expected = if moved_pages.contains(page) {
            new_date
        } else {
            FIRST
        };
        assert_eq!(date.as_deref(), Some(expected), "Last Updated on {page}");
    }
    for (page, (version, last_updated)) in manifest_versions(p) {
        let (v, d) = if moved_pages.contains(&page) {
            (2, new_date)
        } else {
            (1, FIRST)
        };
        assert_eq!(version, Some(v), "manifest version of {page}");
        assert_eq!(
            last_updated.as_deref(),
            Some(d),
            "manifest last_updated of {page}"
        );
    }
}

/// `text` without white space or the box-drawing bar miette wraps long
/// lines with: paths and messages survive line wrapping this way.
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

/// Asserts that (squashed) `stderr` contains (squashed) `needle`.
pub fn assert_mentions(stderr: &str, needle: &str) {
    assert!(
        squash(stderr).contains(&squash(needle)),
        "expected {needle:?} in:\n{stderr}"
    );
}

/// `show DOC --region R --locale L --at DATE`: exit code, stdout, stderr.
pub fn show(p: &Project, doc: &str, region: &str, locale: &str, at: &str) -> (i32, String, String) {
    let output = run(
        p,
        &[
            "show", doc, "--region", region, "--locale", locale, "--at", at,
        ],
    );
    (
        output.status.code().expect("exited normally"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
