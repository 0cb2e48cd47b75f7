//! `policyc serve` without a browser: what it serves, what it refuses, and
//! how it follows changes to the sources (editors' save patterns, bursts,
//! incremental rebuilds, errors, many open pages, the draft banner).
//!
//! Every test runs its own server on a free port over its own copy of the
//! example project at the repository root.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::bin;
use crate::support::{Project, select, text_of};
use policyc_testkit::serve::{Live, LiveState, PATIENCE, Server, request};
use scraper::Html;

/// The date the draft tests build for: after the example's first release.
const TODAY: &str = "2026-12-01";

/// Long enough for the watcher (20 ms debounce + 20 ms settle) to have
/// reacted many times over, short enough to keep the tests quick.
const QUIET: Duration = Duration::from_millis(500);

/// A project being served, with one live-reload socket open on it (as one
/// page would have) and the build id that page shows.
struct Preview {
    // Dropped in this order: the server stops before the project goes.
    server: Server,
    live: Live,
    project: Project,
    build: String,
}

impl Preview {
    fn start(project: Project) -> Preview {
        Preview::start_with(project, &[])
    }

    fn start_with(project: Project, args: &[&str]) -> Preview {
        Preview::launch(project, args, &[])
    }

    /// A preview whose server runs with `env` set too.
    fn start_env(project: Project, env: &[(&str, &str)]) -> Preview {
        Preview::launch(project, &[], env)
    }

    fn launch(project: Project, args: &[&str], env: &[(&str, &str)]) -> Preview {
        let server = Server::launch_with_env(bin(), project.root(), args, env, PATIENCE);
        let mut live = server.live();
        let first = live.receive();
        assert!(first.errors.is_empty(), "{first:#?}");
        assert!(!first.build.is_empty(), "{first:#?}");
        Preview {
            project,
            server,
            live,
            build: first.build,
        }
    }

    /// Waits for the next successful rebuild: its "Built N of M" line, then
    /// the new build id on the live socket (sent once the new site is in
    /// place, so pages can be fetched right after). Returns (N, M).
    fn rebuilt(&mut self) -> (usize, usize) {
        let line = self.server.wait_for_build();
        let counts = built_counts(&line);
        let state = self.next_state();
        assert!(
            state.build != self.build && state.errors.is_empty(),
            "after {line:?} the pages were told {state:#?} (build before: {}); the server printed:\n{}",
            self.build,
            self.server.log.join("\n")
        );
        self.build = state.build;
        counts
    }

    /// Waits for the next failed rebuild and returns what the pages are
    /// told: the same build id, and the errors.
    fn failed(&mut self) -> LiveState {
        self.server.wait_for_failure();
        let state = self.next_state();
        assert_eq!(
            state.build, self.build,
            "a failed build keeps the last good build id"
        );
        assert!(!state.errors.is_empty(), "{state:#?}");
        state
    }

    fn next_state(&mut self) -> LiveState {
        self.live.receive()
    }

    /// Asserts that nothing is rebuilt (successfully or not) within `QUIET`.
    fn assert_quiet(&mut self, after: &str) {
        let lines = self.server.lines_within(QUIET);
        let builds: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with("Built ") || l.starts_with("Build failed"))
            .collect();
        assert!(
            builds.is_empty(),
            "{after}: expected no rebuild, got {builds:?}; the server printed:\n{}",
            self.server.log.join("\n")
        );
    }

    /// The body of a page that must be there.
    fn page(&self, path: &str) -> String {
        let response = self.server.get(path);
        assert_eq!(response.status, 200, "GET {path}: {}", response.body);
        response.body
    }

    fn status(&self, path: &str) -> u16 {
        self.server.get(path).status
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.project.root().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read a project file")
    }

    /// Replaces `from` (which must be there) by `to` in a project file,
    /// in one plain overwrite.
    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.project.write(rel, text.replacen(from, to, 1));
    }

    /// The variants of the served site, from its manifest:
    /// (doc, region, locale).
    fn variants(&self) -> Vec<(String, String, String)> {
        let manifest =
            serde_json::from_str(&self.page("/manifest.json")).expect("manifest.json is JSON");
        crate::support::manifest_variants(&manifest)
    }

    fn count_doc(&self, doc: &str) -> usize {
        self.variants().iter().filter(|v| v.0 == doc).count()
    }

    fn count_regions(&self, regions: &[&str]) -> usize {
        self.variants()
            .iter()
            .filter(|v| regions.contains(&v.1.as_str()))
            .count()
    }
}

/// (N, M) from "Built N of M document pages (F files) in X ms".
fn built_counts(line: &str) -> (usize, usize) {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words[..] {
        ["Built", n, "of", m, "document", "pages", ..] => (
            n.parse().unwrap_or_else(|_| panic!("{line:?}")),
            m.parse().unwrap_or_else(|_| panic!("{line:?}")),
        ),
        _ => panic!("not a Built line: {line:?}"),
    }
}

/// Text added to `policies/terms/en-US.md` by the save-pattern tests.
fn terms_with(text: &str, sentence: &str) -> String {
    format!("{text}\nThis sentence was saved {sentence}.\n")
}

const TERMS: &str = "policies/terms/en-US.md";
const TERMS_PAGES: [&str; 3] = [
    "/us-ca/en-US/terms/",
    "/eu/en-US/terms/",
    "/global/es-US/terms/",
];

fn assert_terms_say(preview: &Preview, sentence: &str) {
    let wanted = format!("This sentence was saved {sentence}.");
    for path in TERMS_PAGES {
        let body = preview.page(path);
        assert!(body.contains(&wanted), "{path} lacks {wanted:?}");
    }
}

// --- The smoke test this file started with --------------------------------

#[test]
fn serves_the_built_site_and_follows_an_edit() {
    let project = Project::example();
    let mut server = Server::start(bin(), project.root());
    let page = server.get("/us-ca/en-US/privacy/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/__policyc/live.js"));
    let mut live = server.live();
    let first = live.receive();
    assert!(first.errors.is_empty());
    let path = project.root().join("policies/terms/en-US.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\n\nA sentence added while serving.\n"),
    )
    .unwrap();
    server.wait_for_build();
    let next = live.receive();
    assert_ne!(next.build, first.build);
    assert!(
        server
            .get("/us-ca/en-US/terms/")
            .body
            .contains("A sentence added while serving.")
    );
}

/// An edit that reaches every page of a bigger project (1 document × 40
/// regions × 2 locales): the page open in the browser is rendered first
/// and the open pages told at once; a page the rebuild has not rendered
/// yet is served once it has, never stale.
#[test]
fn a_template_edit_serves_the_open_page_first_and_any_other_once_rendered() {
    let project = Project::empty();
    policyc_testkit::synthetic::generate(
        project.root(),
        policyc_testkit::synthetic::Shape {
            documents: 1,
            regions: 40,
            locales: 2,
        },
    )
    .expect("generate a synthetic project");
    let mut p = Preview::start(project);
    let open = "/r7/en-US/doc0/";
    assert!(!p.page(open).contains("Ottermoss"));
    let marker = "Ottermoss Labs reviews this footer every spring.";
    p.project.write(
        "templates/footer.html",
        format!("<footer class=\"site-footer\">\n  <p>{{{{ site.name }}}}</p>\n  <p>{marker}</p>\n</footer>\n"),
    );
    let state = p.next_state();
    assert!(
        state.errors.is_empty() && state.build != p.build,
        "{state:#?}"
    );
    for page in [open, "/r8/es-US/doc0/", "/r8/es-US/", "/"] {
        assert!(p.page(page).contains(marker), "{page} is stale");
    }
    let line = p.server.wait_for_build();
    assert!(
        line.contains("; the pages open in the browser first, served after "),
        "{line}"
    );
    p.assert_quiet("after one save");
}

// --- 1. Save patterns ------------------------------------------------------

#[test]
fn a_plain_overwrite_is_served() {
    let mut p = Preview::start(Project::example());
    let text = p.read(TERMS);
    std::fs::write(p.path(TERMS), terms_with(&text, "by overwriting")).unwrap();
    p.rebuilt();
    assert_terms_say(&p, "by overwriting");
}

#[test]
fn an_atomic_save_through_a_hidden_temporary_file_is_served() {
    let mut p = Preview::start(Project::example());
    let text = p.read(TERMS);
    let temp = p.path("policies/terms/.en-US.md.tmp-4242");
    std::fs::write(&temp, terms_with(&text, "atomically")).unwrap();
    std::fs::rename(&temp, p.path(TERMS)).unwrap();
    p.rebuilt();
    assert_terms_say(&p, "atomically");
    p.assert_quiet("after an atomic save");
}

#[test]
fn an_atomic_save_through_a_visible_temporary_file_is_served() {
    // Some editors (JetBrains' "safe write", several libraries) use a
    // temporary name that is not hidden: it exists for a moment only.
    let mut p = Preview::start(Project::example());
    let text = p.read(TERMS);
    let temp = p.path("policies/terms/en-US.md___jb_tmp___");
    std::fs::write(&temp, terms_with(&text, "through a visible temporary file")).unwrap();
    std::fs::rename(&temp, p.path(TERMS)).unwrap();
    p.rebuilt();
    assert_terms_say(&p, "through a visible temporary file");
}

#[test]
fn delete_then_create_is_served() {
    let mut p = Preview::start(Project::example());
    let text = p.read(TERMS);
    std::fs::remove_file(p.path(TERMS)).unwrap();
    std::fs::write(p.path(TERMS), terms_with(&text, "after a delete")).unwrap();
    p.rebuilt();
    assert_terms_say(&p, "after a delete");
}

#[test]
fn a_vim_style_save_is_served() {
    let mut p = Preview::start(Project::example());
    let text = p.read(TERMS);
    // Opening the file: the swap file, which changes nothing.
    let swap = p.path("policies/terms/.en-US.md.swp");
    std::fs::write(&swap, b"b0VIM 9.0").unwrap();
    p.assert_quiet("after vim wrote its swap file");
    // Saving: the original becomes the backup, the new text is written,
    // the backup goes.
    let backup = p.path("policies/terms/en-US.md~");
    std::fs::rename(p.path(TERMS), &backup).unwrap();
    std::fs::write(p.path(TERMS), terms_with(&text, "the way vim does")).unwrap();
    std::fs::remove_file(&backup).unwrap();
    let (n, m) = p.rebuilt();
    assert_eq!(n, p.count_doc("terms"), "Built {n} of {m}");
    assert_terms_say(&p, "the way vim does");
    // Closing the file: the swap file goes, which changes nothing.
    std::fs::remove_file(&swap).unwrap();
    p.assert_quiet("after vim removed its swap file");
}

#[test]
fn a_new_document_folder_is_served_and_then_followed() {
    let mut p = Preview::start(Project::example());
    assert_eq!(p.status("/us/en-US/cookies/"), 404);
    p.project.write(
        "policies/cookies/en-US.md",
        "---\ntitle: Cookie Notice\n---\n\nWe use {{ product }} cookies sparingly.\n\n## Which cookies {#which}\n\nA sign-in cookie.\n",
    );
    let (n, m) = p.rebuilt();
    let cookies = p.count_doc("cookies");
    assert!(cookies > 0, "no cookies variant in the manifest");
    assert_eq!(n, cookies, "Built {n} of {m}");
    for path in [
        "/us/en-US/cookies/",
        "/eu/en-US/cookies/",
        "/us-ca/es-US/cookies/",
    ] {
        assert!(p.page(path).contains("A sign-in cookie."), "{path}");
    }
    // The region's index lists it.
    assert!(p.page("/us/en-US/").contains("Cookie Notice"));
    // The new folder is watched too.
    p.replace(
        "policies/cookies/en-US.md",
        "A sign-in cookie.",
        "Only a sign-in cookie.",
    );
    p.rebuilt();
    assert!(
        p.page("/us/en-US/cookies/")
            .contains("Only a sign-in cookie.")
    );
}

#[test]
fn deleting_a_document_folder_makes_its_pages_404() {
    let project = Project::example();
    project.unlink("terms");
    let mut p = Preview::start(project);
    assert!(p.page("/us/en-US/").contains("terms/"));
    std::fs::remove_dir_all(p.path("policies/terms")).unwrap();
    p.rebuilt();
    for path in TERMS_PAGES {
        assert_eq!(p.status(path), 404, "{path}");
    }
    assert_eq!(p.status("/us/en-US/terms/changes/"), 404);
    assert_eq!(p.count_doc("terms"), 0);
    assert!(!p.page("/us/en-US/").contains("href=\"terms/index.html\""));
    // The other documents stay.
    assert_eq!(p.status("/us/en-US/privacy/"), 200);
}

#[test]
fn deleting_a_document_file_makes_its_pages_404() {
    let project = Project::example();
    project.unlink("terms");
    let mut p = Preview::start(project);
    p.project.remove(TERMS);
    p.rebuilt();
    for path in TERMS_PAGES {
        assert_eq!(p.status(path), 404, "{path}");
    }
    assert_eq!(p.status("/us/en-US/privacy/"), 200);
}

#[test]
fn renaming_a_document_folder_moves_its_pages() {
    let project = Project::example();
    project.unlink("terms");
    let mut p = Preview::start(project);
    std::fs::rename(p.path("policies/terms"), p.path("policies/conditions")).unwrap();
    let (n, m) = p.rebuilt();
    assert_eq!(n, p.count_doc("conditions"), "Built {n} of {m}");
    for path in TERMS_PAGES {
        assert_eq!(p.status(path), 404, "{path}");
        let moved = path.replace("/terms/", "/conditions/");
        assert!(p.page(&moved).contains("Terms of Use"), "{moved}");
    }
    // The renamed folder is still watched.
    p.replace(
        "policies/conditions/en-US.md",
        "title: Terms of Use",
        "title: Conditions of Use",
    );
    p.rebuilt();
    assert!(
        p.page("/us/en-US/conditions/")
            .contains("Conditions of Use")
    );
}

#[test]
fn editor_temporary_files_alone_never_rebuild() {
    let mut p = Preview::start(Project::example());
    for rel in [
        "policies/terms/.en-US.md.swp",
        "policies/terms/.en-US.md.swx",
        "policies/terms/en-US.md~",
        "policies/terms/.#en-US.md",
        "policies/.cookies.swp",
        "regions/.us.yaml.swp",
        "regions/us.yaml~",
        "regions/us-ca/.privacy.en-US.md.swp",
        "templates/.footer.html.swp",
        "templates/footer.html~",
        ".policyc.yaml.swp",
        "policyc.yaml~",
    ] {
        p.project.write(rel, "scratch");
    }
    p.assert_quiet("after writing swap and backup files");
    // Changing and removing them is as quiet.
    p.project
        .write("policies/terms/.en-US.md.swp", "more scratch");
    p.project.remove("policies/terms/en-US.md~");
    p.project.remove("regions/.us.yaml.swp");
    p.assert_quiet("after changing and removing swap and backup files");
    // The watcher is alive: a real change is followed.
    let text = p.read(TERMS);
    p.project
        .write(TERMS, terms_with(&text, "after the scratch files"));
    p.rebuilt();
    assert_terms_say(&p, "after the scratch files");
}

// --- 2. Bursts -------------------------------------------------------------

/// What a burst wrote: the sentence each page must now show, and when each
/// file was written.
struct Burst {
    expected: BTreeMap<String, String>,
    /// The files written, relative to the project.
    written: Vec<String>,
    times: Vec<Instant>,
}

impl Burst {
    fn spread(&self) -> Duration {
        match (self.times.first(), self.times.last()) {
            (Some(first), Some(last)) => *last - *first,
            _ => Duration::ZERO,
        }
    }
}

/// Edits every Markdown source of the example and adds `new_docs` new
/// documents, sleeping `pause` between two writes.
fn burst(p: &Preview, new_docs: usize, pause: Duration) -> Burst {
    let edited = [
        ("policies/terms/en-US.md", "/us/en-US/terms/"),
        ("policies/privacy/en-US.md", "/global/en-US/privacy/"),
        ("policies/privacy/es-US.md", "/global/es-US/privacy/"),
        ("policies/privacy/de-DE.md", "/global/de-DE/privacy/"),
        ("regions/eu/privacy.en-US.md", "/eu/en-US/privacy/"),
        ("regions/eu/privacy.de-DE.md", "/eu/de-DE/privacy/"),
        ("regions/us-ca/privacy.en-US.md", "/us-ca/en-US/privacy/"),
        ("regions/us-ca/privacy.es-US.md", "/us-ca/es-US/privacy/"),
        (
            "regions/us-ca/notice-at-collection.en-US.md",
            "/us-ca/en-US/notice-at-collection/",
        ),
    ];
    // Everything is prepared first, so that the burst is only writes.
    let mut writes = Vec::new();
    let mut expected = BTreeMap::new();
    for (i, (rel, page)) in edited.iter().enumerate() {
        let sentence = format!("Burst edit number {i}.");
        writes.push((rel.to_string(), format!("{}\n{sentence}\n", p.read(rel))));
        expected.insert(page.to_string(), sentence);
    }
    for i in 0..new_docs {
        let doc = format!("burst-{i:02}");
        let sentence = format!("Burst document number {i}.");
        writes.push((
            format!("policies/{doc}/en-US.md"),
            format!("---\ntitle: Burst {i}\n---\n\n{sentence}\n"),
        ));
        expected.insert(format!("/us/en-US/{doc}/"), sentence);
    }
    let mut times = Vec::new();
    for (i, (rel, text)) in writes.iter().enumerate() {
        if i > 0 && !pause.is_zero() {
            std::thread::sleep(pause);
        }
        p.project.write(rel, text);
        times.push(Instant::now());
    }
    Burst {
        expected,
        written: writes.into_iter().map(|(rel, _)| rel).collect(),
        times,
    }
}

/// Asserts that a burst was rebuilt once per burst the rebuild loop
/// gathered, and that nothing of it was lost, counting rebuilds by the
/// watcher's batches that went into each (the server, started with
/// `POLICYC_TEST_TRACE_BURSTS`, prints them before each rebuild), not by
/// the clock: a busy machine may delay the watcher past `serve::SETTLE` and
/// make two bursts of one, which is right. That a burst without a pause
/// of `SETTLE` is one is the rule `serve::settle`'s unit tests check on a
/// clock of their own.
fn assert_rebuilt_once_per_burst(p: &mut Preview, burst: &Burst) {
    let mut traces: Vec<String> = Vec::new();
    let mut rebuilds: Vec<String> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    // A file counts as seen when a rebuild named it or a folder holding it
    // (a file finished in a new folder before its watch is found by the
    // folder's check).
    let covered = |seen: &BTreeSet<String>, rel: &str| {
        std::path::Path::new(rel)
            .ancestors()
            .any(|a| seen.contains(&a.to_string_lossy().into_owned()))
    };
    while !burst.written.iter().all(|w| covered(&seen, w)) || rebuilds.len() < traces.len() {
        let line = p.server.wait_for(|l| {
            l.starts_with("rebuild: ") || l.starts_with("Built ") || l.starts_with("Build failed")
        });
        if let Some(rest) = line.strip_prefix("rebuild: ") {
            assert_eq!(
                rebuilds.len(),
                traces.len(),
                "each gathered burst gives one rebuild, before the next is gathered; the server printed:\n{}",
                p.server.log.join("\n")
            );
            let paths = rest.split_once(": ").map_or("", |(_, paths)| paths);
            seen.extend(paths.split(", ").map(str::to_string));
            traces.push(line);
        } else {
            rebuilds.push(line);
        }
    }
    let summary = format!(
        "{} writes over {:?} gave {} rebuilds: {traces:#?}\nthe server printed:\n{}",
        burst.times.len(),
        burst.spread(),
        rebuilds.len(),
        p.server.log.join("\n")
    );
    assert_eq!(rebuilds.len(), traces.len(), "{summary}");
    // The sources are valid once the burst is over: the last rebuild
    // succeeds whatever the timing.
    let last = rebuilds.last().expect("a rebuild");
    assert!(last.starts_with("Built "), "{summary}");
    if rebuilds.len() == 1 {
        let (n, m) = built_counts(last);
        assert_eq!(n, m, "every variant is new or edited: {last}");
    } else {
        eprintln!(
            "note: the watcher delivered the burst with a pause, as more than one burst:\n{summary}"
        );
    }
    // The pages learn of it, and show all of the burst.
    let mut state = p.next_state();
    while !state.errors.is_empty() || state.build == p.build {
        state = p.next_state();
    }
    p.build = state.build;
    for (path, sentence) in &burst.expected {
        assert!(p.page(path).contains(sentence), "{path} lacks {sentence:?}");
    }
}

/// A preview whose server traces what each rebuild gathered.
fn traced_preview() -> Preview {
    Preview::start_env(Project::example(), &[("POLICYC_TEST_TRACE_BURSTS", "1")])
}

/// A branch checkout: every source edited and 27 documents added at once.
#[test]
fn a_fast_burst_of_many_files_is_rebuilt_once_per_burst_and_loses_nothing() {
    let mut p = traced_preview();
    let burst = burst(&p, 27, Duration::ZERO);
    assert!(burst.times.len() >= 36);
    assert_rebuilt_once_per_burst(&mut p, &burst);
}

/// A burst with a few milliseconds between writes (a search-and-replace
/// across files) lasting over 100 ms: whatever the machine's load, every
/// file reaches a rebuild and each gathered burst is one rebuild.
#[test]
fn a_burst_spread_over_100_ms_is_rebuilt_once_per_burst_and_loses_nothing() {
    let mut p = traced_preview();
    let burst = burst(&p, 26, Duration::from_millis(3));
    assert!(burst.times.len() >= 35);
    assert!(
        burst.spread() >= Duration::from_millis(100),
        "{:?}",
        burst.spread()
    );
    assert_rebuilt_once_per_burst(&mut p, &burst);
}

// --- 2b. A watcher that falls behind ----------------------------------------
//
// notify's inotify backend reads all pending events, hands them on, and
// only then adds the watches of the folders they announce, walking each
// new folder (and following symbolic links). A "forest" of folders linked
// to each other makes that walk visit some 17 000 paths and take about a
// second, during which the watcher reads no event: a deterministic
// stand-in for a watcher thread that a loaded machine lets fall behind.
// The forest is hidden, so policyc itself ignores it.

#[cfg(target_os = "linux")]
mod watcher_behind {
    use super::*;

    /// How long the busy watcher below may need, at most, to catch up
    /// after the test's last write (it needs a second or two).
    const WATCHER_CATCHES_UP: Duration = Duration::from_secs(6);

    /// Makes a hidden forest at the project root, whose watch is not
    /// recursive: `l0` … `l4`, each with 11 links to the next.
    fn forest(p: &Preview, name: &str) -> std::path::PathBuf {
        let at = p.path(name);
        for level in 0..5 {
            let dir = at.join(format!("l{level}"));
            std::fs::create_dir_all(&dir).expect("create a folder");
            if level < 4 {
                for i in 0..11 {
                    std::os::unix::fs::symlink(
                        format!("../l{}", level + 1),
                        dir.join(format!("s{i}")),
                    )
                    .expect("create a link");
                }
            }
        }
        at
    }

    /// Moves a forest into `policies/` (recursively watched).
    fn plant(p: &Preview, forest: &Path) {
        let name = forest.file_name().expect("a name");
        std::fs::rename(forest, p.path("policies").join(name)).expect("move the forest");
    }

    /// The first "Built" line printed within `window`, if any (for rebuilds
    /// that may never come).
    fn built_within(p: &mut Preview, window: Duration) -> Option<String> {
        let deadline = Instant::now() + window;
        while Instant::now() < deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            let lines = p.server.lines_within(left.min(Duration::from_millis(50)));
            if let Some(line) = lines.into_iter().find(|l| l.starts_with("Built ")) {
                return Some(line);
            }
        }
        None
    }

    /// How many events the kernel queues for one inotify instance.
    fn inotify_queue_limit() -> usize {
        std::fs::read_to_string("/proc/sys/fs/inotify/max_queued_events")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(16384)
    }

    /// When the kernel's event queue overflows, notify reports one event
    /// flagged `Rescan` with no paths: which files changed is unknown, so
    /// the server rebuilds everything rather than missing the edit.
    #[test]
    fn changes_lost_in_an_event_queue_overflow_are_rebuilt() {
        let limit = inotify_queue_limit();
        if limit > 100_000 {
            crate::support::skip(
                &format!("the kernel queues {limit} inotify events, too many to fill quickly"),
                "lower the limit (sysctl fs.inotify.max_queued_events=16384)",
            );
            return;
        }
        let mut p = Preview::start(Project::example());
        let forest = forest(&p, ".forest");
        // Two files in turn: the kernel merges an event into the one before
        // it when they are the same.
        let scratch = [
            p.path("policies/terms/.scratch.swp"),
            p.path("policies/terms/.scratch.swx"),
        ];
        for file in &scratch {
            std::fs::write(file, "scratch").unwrap();
        }
        p.assert_quiet("after the scratch files");
        let text = p.read(TERMS);
        let edited = terms_with(&text, "while the queue overflowed");

        // While the watcher walks the forest...
        plant(&p, &forest);
        std::thread::sleep(Duration::from_millis(20));
        // ...more events come in than the kernel keeps (opening ignored
        // files: the server has nothing to do for them)...
        let started = Instant::now();
        for i in 0..2 * limit {
            drop(std::fs::File::open(&scratch[i % 2]).unwrap());
        }
        // ...and then a real edit, whose event the kernel has no room for.
        p.project.write(TERMS, &edited);
        let spam = started.elapsed();

        let built = built_within(&mut p, WATCHER_CATCHES_UP);
        assert!(
            built.is_some(),
            "no rebuild within {WATCHER_CATCHES_UP:?} of an edit made during an event \
             queue overflow ({spam:?} of events); the server printed:\n{}",
            p.server.log.join("\n")
        );
        let mut state = p.next_state();
        while state.build == p.build {
            state = p.next_state();
        }
        assert!(state.errors.is_empty(), "{state:#?}");
        assert_terms_say(&p, "while the queue overflowed");
    }

    /// A file finished in a new folder before the watcher covers that
    /// folder gives no event. The server looks at new folders again for a
    /// while, so the preview does not stay on the half-written file's error.
    #[test]
    fn a_file_completed_in_a_new_folder_before_it_is_watched_is_rebuilt() {
        let mut p = Preview::start(Project::example());
        let first = forest(&p, ".forest1");
        let second = forest(&p, ".forest2");
        // While the watcher walks the first forest, the second one and the
        // new document's folder arrive: it will read both events together,
        // announce the folder at once, but watch it only after walking the
        // second forest.
        plant(&p, &first);
        std::thread::sleep(Duration::from_millis(20));
        plant(&p, &second);
        p.project.write(
            "policies/cookies/en-US.md",
            "---\nsummary: Cookies.\n---\n\nHalf written.\n",
        );
        // The folder's rebuild reads the half-written file.
        p.failed();
        // The file is finished while its folder is not watched yet.
        p.project.write(
            "policies/cookies/en-US.md",
            "---\ntitle: Cookie Notice\n---\n\nWritten in full.\n",
        );
        let built = built_within(&mut p, WATCHER_CATCHES_UP);
        assert!(
            built.is_some(),
            "no rebuild within {WATCHER_CATCHES_UP:?} of the file being finished: \
             the preview is stuck on the error; the server printed:\n{}",
            p.server.log.join("\n")
        );
        let mut state = p.next_state();
        while state.build == p.build {
            state = p.next_state();
        }
        assert!(state.errors.is_empty(), "{state:#?}");
        assert!(p.page("/us/en-US/cookies/").contains("Written in full."));
    }
}

// --- 3. Incremental scope --------------------------------------------------

#[test]
fn a_document_edit_renders_only_that_documents_variants() {
    let mut p = Preview::start(Project::example());
    let total = p.variants().len();
    let terms = p.count_doc("terms");
    assert!(0 < terms && terms < total);
    p.replace(TERMS, "title: Terms of Use", "title: Terms of Service");
    assert_eq!(p.rebuilt(), (terms, total));
    assert!(p.page("/eu/de-DE/terms/").contains("Terms of Service"));
    // The region index shows the new title although it is not a variant.
    assert!(p.page("/eu/de-DE/").contains("Terms of Service"));
}

#[test]
fn a_supplement_edit_renders_only_its_regions_variants() {
    let mut p = Preview::start(Project::example());
    let total = p.variants().len();
    let us_ca = p.count_regions(&["us-ca"]);
    assert!(0 < us_ca && us_ca < total);
    p.replace(
        "regions/us-ca/privacy.en-US.md",
        "### Right to know {#ca-right-know}",
        "### Right to know what we hold {#ca-right-know}",
    );
    assert_eq!(p.rebuilt(), (us_ca, total));
    assert!(
        p.page("/us-ca/en-US/privacy/")
            .contains("Right to know what we hold")
    );
}

#[test]
fn a_region_file_edit_renders_that_region_and_those_inheriting_from_it() {
    let mut p = Preview::start(Project::example());
    assert!(p.read("regions/us-ca.yaml").contains("parent: us\n"));
    let total = p.variants().len();
    let eu = p.count_regions(&["eu"]);
    let us = p.count_regions(&["us", "us-ca"]);
    assert!(0 < eu && eu < total && 0 < us && us < total);

    p.replace(
        "regions/eu.yaml",
        "company: Ottermoss Europe B.V.",
        "company: Ottermoss Europa B.V.",
    );
    assert_eq!(p.rebuilt(), (eu, total));
    assert!(
        p.page("/eu/en-US/privacy/")
            .contains("Ottermoss Europa B.V.")
    );

    p.replace(
        "regions/us.yaml",
        "locales: [en-US, es-US]\n",
        "locales: [en-US, es-US]\nvariables:\n  support_email: us-help@ottermoss.example\n",
    );
    assert_eq!(p.rebuilt(), (us, total));
    for path in ["/us/en-US/terms/", "/us-ca/es-US/terms/"] {
        assert!(p.page(path).contains("us-help@ottermoss.example"), "{path}");
    }
    assert!(!p.page("/global/en-US/terms/").contains("us-help@"));
}

/// The loader accepts `regions/<r>.yml` as well as `.yaml`: an edit to
/// `regions/eu.yml` re-renders the region `eu`.
#[test]
fn a_region_yml_file_edit_is_followed() {
    let project = Project::example();
    std::fs::rename(
        project.root().join("regions/eu.yaml"),
        project.root().join("regions/eu.yml"),
    )
    .unwrap();
    let mut p = Preview::start(project);
    let eu = p.count_regions(&["eu"]);
    let total = p.variants().len();
    p.replace(
        "regions/eu.yml",
        "company: Ottermoss Europe B.V.",
        "company: Ottermoss Europa B.V.",
    );
    let (n, m) = p.rebuilt();
    assert!(
        p.page("/eu/en-US/privacy/")
            .contains("Ottermoss Europa B.V."),
        "the page still shows the old company name after Built {n} of {m}"
    );
    assert_eq!((n, m), (eu, total));
}

#[test]
fn a_template_or_settings_edit_renders_everything() {
    let mut p = Preview::start(Project::example());
    let total = p.variants().len();
    p.replace(
        "templates/footer.html",
        "<p>{{ site.name }}",
        "<p>Footer test · {{ site.name }}",
    );
    assert_eq!(p.rebuilt(), (total, total));
    assert!(p.page("/eu/de-DE/privacy/").contains("Footer test · "));

    p.replace("policyc.yaml", "min_age: \"13\"", "min_age: \"16\"");
    assert_eq!(p.rebuilt(), (total, total));
    assert!(p.page("/us/en-US/terms/").contains("at least 16 years old"));
}

// --- 4. Errors -------------------------------------------------------------

#[test]
fn a_broken_front_matter_is_reported_and_the_last_good_page_stays() {
    let mut p = Preview::start(Project::example());
    let total = p.variants().len();
    let good = p.read(TERMS);
    p.project
        .write(TERMS, terms_with(&good, "before the mistake"));
    p.rebuilt();

    p.replace(TERMS, "title: Terms of Use", "title: [broken");
    let state = p.failed();
    // Where `policyc check` puts the error is where the page and the
    // terminal must put it.
    let (_, report) = p.project.check_json(&[]);
    let diag = report
        .diagnostics
        .iter()
        .find(|d| d.severity == "error")
        .unwrap_or_else(|| panic!("check finds no error: {report:#?}"));
    let place = format!(
        "{}:{}:{}",
        diag.file.as_deref().expect("a file"),
        diag.line.expect("a line"),
        diag.column.expect("a column")
    );
    assert!(place.starts_with("policies/terms/en-US.md:"), "{place}");
    assert!(
        matches!(diag.line, Some(2 | 3)),
        "the error is in the front matter: {place}"
    );
    let places: Vec<&str> = state.errors.iter().map(|e| e.place.as_str()).collect();
    assert_eq!(places, [place.as_str()], "{state:#?}");
    assert!(!state.errors[0].message.is_empty());
    assert!(
        state.errors[0].report.contains("title: [broken"),
        "{state:#?}"
    );
    assert!(
        p.server.log.iter().any(|l| l.contains(&place)),
        "the terminal does not show {place}:\n{}",
        p.server.log.join("\n")
    );
    // The last good text is still served.
    assert_terms_say(&p, "before the mistake");

    // Fixed: a new build, no errors, and everything was rendered again.
    p.project.write(TERMS, terms_with(&good, "after the fix"));
    assert_eq!(p.rebuilt(), (total, total));
    assert_terms_say(&p, "after the fix");
}

#[test]
fn a_page_opened_while_the_build_is_broken_learns_the_errors() {
    let mut p = Preview::start(Project::example());
    p.replace(
        "regions/us.yaml",
        "locales: [en-US, es-US]",
        "locales: [en-US, es-US",
    );
    let state = p.failed();
    assert!(
        state
            .errors
            .iter()
            .any(|e| e.place.starts_with("regions/us.yaml:")),
        "{state:#?}"
    );
    // A page opened now gets the errors at once, with the last good build.
    let mut late = p.server.live();
    let first = late.receive();
    assert_eq!(first.build, p.build);
    assert_eq!(
        first.errors.iter().map(|e| &e.place).collect::<Vec<_>>(),
        state.errors.iter().map(|e| &e.place).collect::<Vec<_>>()
    );
    assert_eq!(p.status("/us/en-US/privacy/"), 200);
    p.replace(
        "regions/us.yaml",
        "locales: [en-US, es-US",
        "locales: [en-US, es-US]",
    );
    p.rebuilt();
    let fixed = late.receive();
    assert_eq!(fixed.build, p.build);
    assert!(fixed.errors.is_empty());
}

// --- 5. Safety -------------------------------------------------------------

#[test]
fn paths_that_leave_the_site_are_refused() {
    let p = Preview::start(Project::example());
    // Something to steal next to the sources and above them.
    p.project.write("secret.txt", "SECRET-IN-ROOT");
    let config = p.read("policyc.yaml");
    for path in [
        "/../Cargo.toml",
        "/../../../../../../etc/passwd",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/policyc.yaml",
        "/%2e%2e/secret.txt",
        "/..%2fCargo.toml",
        "/..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/us/%2e%2e/%2e%2e/policyc.yaml",
        "/us/../../policyc.yaml",
        "/us/en-US/privacy/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
        "/./secret.txt",
        "/%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/%00",
        "/secret.txt%00.html",
        "/%ff",
        "/secret.txt",
        "/policyc.yaml",
    ] {
        let response = p.server.get(path);
        assert!(
            matches!(response.status, 400 | 404),
            "GET {path}: {} {}",
            response.status,
            response.body
        );
        assert!(!response.body.contains("SECRET-IN-ROOT"), "GET {path}");
        assert!(!response.body.contains("[package]"), "GET {path}");
        assert!(!response.body.contains("root:x:0:0"), "GET {path}");
        assert!(!response.body.contains(&config), "GET {path}");
        assert!(!response.body.contains("default_locale"), "GET {path}");
    }
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/%00",
    ] {
        assert_eq!(p.status(path), 400, "GET {path}");
    }
}

#[test]
fn source_files_are_not_served() {
    let p = Preview::start(Project::example_released());
    for path in [
        "/policyc.yaml",
        "/policies/privacy/en-US.md",
        "/policies/privacy/",
        "/regions/us.yaml",
        "/regions/us-ca/privacy.en-US.md",
        "/templates/footer.html",
        "/history/releases/0001.yaml",
        "/history/",
        "/out/index.html",
    ] {
        let response = p.server.get(path);
        assert_eq!(response.status, 404, "GET {path}: {}", response.body);
    }
}

#[test]
fn a_folder_without_an_index_is_404_and_never_listed() {
    let p = Preview::start(Project::example());
    for path in ["/us/", "/us", "/us-ca/", "/assets/"] {
        let response = p.server.get(path);
        assert_eq!(response.status, 404, "GET {path}");
        assert!(
            response
                .header("content-type")
                .is_some_and(|t| t.starts_with("text/html")),
            "{response:?}"
        );
        assert!(response.body.contains("Not found"), "{}", response.body);
        for child in ["en-US", "es-US", "style.css"] {
            assert!(!response.body.contains(child), "GET {path} lists {child}");
        }
    }
}

#[test]
fn a_page_without_its_slash_is_redirected() {
    let p = Preview::start(Project::example());
    let response = p.server.get("/us/en-US/privacy");
    assert_eq!(response.status, 308);
    assert_eq!(response.header("location"), Some("/us/en-US/privacy/"));
    let response = p.server.get("/us/en-US/privacy?lang=x");
    assert_eq!(response.status, 308);
    assert_eq!(
        response.header("location"),
        Some("/us/en-US/privacy/?lang=x")
    );
    let response = p.server.get("/us/en-US");
    assert_eq!(response.status, 308);
    assert_eq!(response.header("location"), Some("/us/en-US/"));
    // Only where the index exists.
    assert_eq!(p.status("/us/en-US/nothing"), 404);
    // Never to another host.
    let response = p.server.get("//us/en-US/privacy");
    assert_ne!(response.status, 308, "{response:?}");
}

#[test]
fn unknown_paths_get_an_html_404_that_escapes_the_path() {
    let p = Preview::start(Project::example());
    let response = p.server.get("/us/en-US/%3Cscript%3Ealert(1)%3C/script%3E/");
    assert_eq!(response.status, 404);
    assert!(
        !response.body.contains("<script>alert"),
        "{}",
        response.body
    );
    assert!(response.body.contains("/__policyc/live.js"));
}

#[test]
fn only_get_and_head_are_allowed() {
    let p = Preview::start(Project::example());
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let response = request(p.server.port, method, "/us/en-US/privacy/");
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(response.header("allow"), Some("GET, HEAD"), "{method}");
    }
    let response = request(p.server.port, "POST", "/policyc.yaml");
    assert_eq!(response.status, 405);
    let head = request(p.server.port, "HEAD", "/us/en-US/privacy/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD sent a body");
    let get = p.server.get("/us/en-US/privacy/");
    assert_eq!(get.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(get.header("cache-control"), Some("no-store"));
}

#[test]
fn it_listens_on_loopback_by_default() {
    let p = Preview::start(Project::example());
    let serving = p
        .server
        .log
        .iter()
        .find(|l| l.starts_with("Serving "))
        .expect("a Serving line");
    assert!(
        serving.contains(&format!(" at http://127.0.0.1:{}/", p.server.port)),
        "{serving}"
    );
    assert!(
        !p.server.log.iter().any(|l| l.starts_with("warning:")),
        "{:?}",
        p.server.log
    );
}

#[test]
fn the_preview_assets_are_served() {
    let p = Preview::start(Project::example());
    let js = p.server.get("/__policyc/live.js");
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type")
            .is_some_and(|t| t.starts_with("text/javascript"))
    );
    assert!(js.body.contains("__policyc/live"));
    let page = p.page("/eu/de-DE/privacy/");
    let html = Html::parse_document(&page);
    let scripts = select(&html, "script[src=\"/__policyc/live.js\"]");
    assert_eq!(scripts.len(), 1, "{page}");
    assert_eq!(
        scripts[0].value().attr("data-build"),
        Some(p.build.as_str())
    );
    // The site's own files are unchanged.
    let css = p.server.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(
        css.header("content-type")
            .is_some_and(|t| t.starts_with("text/css"))
    );
    assert!(!css.body.contains("__policyc"));
}

// --- 6. Many tabs ----------------------------------------------------------

#[test]
fn a_hundred_open_pages_all_learn_of_a_rebuild() {
    let mut p = Preview::start(Project::example());
    let mut tabs: Vec<Live> = (0..100).map(|_| p.server.live()).collect();
    for tab in &mut tabs {
        assert_eq!(tab.receive().build, p.build);
    }
    // Pages are served while the sockets are open.
    assert_eq!(p.status("/us/en-US/privacy/"), 200);
    let text = p.read(TERMS);
    p.project
        .write(TERMS, terms_with(&text, "with a hundred tabs open"));
    p.rebuilt();
    for (i, tab) in tabs.iter_mut().enumerate() {
        let state = tab.receive();
        assert_eq!(state.build, p.build, "tab {i}");
        assert!(state.errors.is_empty(), "tab {i}");
    }
    assert_terms_say(&p, "with a hundred tabs open");
    // Closing the tabs does not disturb the server.
    drop(tabs);
    assert_eq!(p.status("/us/en-US/privacy/"), 200);
    let mut again = p.server.live();
    assert_eq!(again.receive().build, p.build);
}

// --- 7. The draft banner ---------------------------------------------------

const PRIVACY: &str = "policies/privacy/en-US.md";

fn has_banner(page: &str) -> bool {
    !select(&Html::parse_document(page), "aside.policyc-draft").is_empty()
}

/// The text of what the redline marks as inserted.
fn redline_insertions(page: &str) -> Vec<String> {
    let html = Html::parse_document(page);
    let sections = select(&html, "section#policyc-redline");
    assert_eq!(sections.len(), 1, "one redline section");
    assert!(
        sections[0].value().attr("hidden").is_some(),
        "the redline starts hidden"
    );
    select(&html, "section#policyc-redline ins")
        .into_iter()
        .map(text_of)
        .collect()
}

#[test]
fn a_released_unchanged_page_has_no_draft_banner() {
    let p = Preview::start_with(Project::example_released(), &["--today", TODAY]);
    for path in [
        "/us/en-US/privacy/",
        "/us-ca/es-US/privacy/",
        "/eu/de-DE/terms/",
        "/us-ca/en-US/notice-at-collection/",
    ] {
        let page = p.page(path);
        assert!(!page.contains("policyc-draft"), "{path}");
        assert!(!page.contains("policyc-redline"), "{path}");
    }
}

#[test]
fn an_edited_sentence_shows_the_banner_and_the_redline() {
    let mut p = Preview::start_with(Project::example_released(), &["--today", TODAY]);
    p.replace(
        PRIVACY,
        "We have tried to keep the language plain;",
        "We have tried to keep the language plain and friendly;",
    );
    p.rebuilt();
    for path in [
        "/us/en-US/privacy/",
        "/us-ca/en-US/privacy/",
        "/eu/en-US/privacy/",
        "/global/en-US/privacy/",
    ] {
        let page = p.page(path);
        assert!(has_banner(&page), "{path} has no draft banner");
        let inserted = redline_insertions(&page);
        assert!(
            inserted.iter().any(|t| t.contains("and friendly")),
            "{path}: inserted {inserted:?}"
        );
        // The page itself shows the new text.
        assert!(page.contains("plain and friendly;"), "{path}");
    }
    // Pages whose text did not change have none.
    for path in [
        "/us/es-US/privacy/",
        "/us/en-US/terms/",
        "/eu/de-DE/privacy/",
    ] {
        assert!(!has_banner(&p.page(path)), "{path}");
    }
    // Back to the released text: no banner.
    p.replace(
        PRIVACY,
        "We have tried to keep the language plain and friendly;",
        "We have tried to keep the language plain;",
    );
    p.rebuilt();
    assert!(!has_banner(&p.page("/us/en-US/privacy/")));
}

#[test]
fn a_rewrapped_paragraph_adds_no_draft_banner() {
    let mut p = Preview::start_with(Project::example_released(), &["--today", TODAY]);
    p.replace(
        PRIVACY,
        "keep track of who is doing what, and build shopping lists",
        "keep track of who is doing what,\nand build shopping\nlists",
    );
    let (n, _) = p.rebuilt();
    assert!(n > 0, "the re-wrap was rendered");
    for path in ["/us/en-US/privacy/", "/eu/en-US/privacy/"] {
        let page = p.page(path);
        assert!(!page.contains("policyc-draft"), "{path}");
        assert!(!page.contains("policyc-redline"), "{path}");
    }
}

#[test]
fn a_document_never_released_shows_the_draft_banner() {
    let mut p = Preview::start_with(Project::example_released(), &["--today", TODAY]);
    p.project.write(
        "policies/cookies/en-US.md",
        "---\ntitle: Cookie Notice\n---\n\nA sign-in cookie.\n",
    );
    p.rebuilt();
    let page = p.page("/us/en-US/cookies/");
    assert!(has_banner(&page), "a new document is a draft");
    assert!(page.contains("A sign-in cookie."));
    // The released documents next to it are not.
    assert!(!has_banner(&p.page("/us/en-US/privacy/")));
}

// --- Other sites ------------------------------------------------------------

/// A web page on another site must not reach the preview through the
/// reader's browser: a foreign `Host` (DNS rebinding) is refused, and so is
/// a live-reload socket opened from another origin.
#[test]
fn requests_for_other_hosts_and_origins_are_refused() {
    let p = Preview::start(Project::example());
    let port = p.server.port;
    let get =
        |headers: &[&str]| policyc_testkit::serve::request_with(port, "GET", "/", headers).status;
    assert_eq!(get(&[&format!("Host: localhost:{port}")]), 200);
    assert_eq!(get(&[&format!("Host: [::1]:{port}")]), 200);
    assert_eq!(get(&[&format!("Host: evil.example:{port}")]), 403);
    assert_eq!(get(&["Host: 127.0.0.2"]), 403);
    let upgrade = |origin: &str| {
        policyc_testkit::serve::request_with(
            port,
            "GET",
            "/__policyc/live",
            &[
                &format!("Host: 127.0.0.1:{port}"),
                "Upgrade: websocket",
                "Connection: Upgrade",
                "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                origin,
            ],
        )
        .status
    };
    assert_eq!(upgrade("Origin: https://evil.example"), 403);
    assert_eq!(upgrade(&format!("Origin: http://localhost:{port}")), 403);
    // The preview's own pages may open it.
    use tungstenite::client::IntoClientRequest;
    let url = format!("ws://127.0.0.1:{port}/__policyc/live");
    let mut request = url.as_str().into_client_request().unwrap();
    request.headers_mut().insert(
        "Origin",
        format!("http://127.0.0.1:{port}").parse().unwrap(),
    );
    let stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (_, response) = tungstenite::client(request, stream).expect("same-origin socket");
    assert_eq!(response.status().as_u16(), 101);
}

/// `--bind 0.0.0.0` shares the preview with other machines: it says so, it
/// still prints an address that opens here, and host names that are not the
/// machine's own are still refused (more in `hardening_serve`).
#[test]
fn binding_every_address_warns_and_answers_only_its_own_names() {
    let project = Project::example();
    let mut server = Server::start_with(bin(), project.root(), &["--bind", "0.0.0.0"]);
    let serving = server
        .log
        .iter()
        .find(|l| l.starts_with("Serving "))
        .cloned()
        .unwrap_or_default();
    assert!(
        serving.contains(&format!("http://127.0.0.1:{}/", server.port)),
        "{serving}"
    );
    server.wait_for(|l| l.starts_with("warning: listening on 0.0.0.0"));
    let port = server.port;
    let response =
        policyc_testkit::serve::request_with(port, "GET", "/", &["Host: policy-box.lan:4000"]);
    assert_eq!(response.status, 403);
    let response = policyc_testkit::serve::request_with(
        port,
        "GET",
        "/",
        &[&format!("Host: localhost:{port}")],
    );
    assert_eq!(response.status, 200);
}
