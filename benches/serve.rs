//! Live-preview benchmarks: the time from saving a source file to
//! `policyc serve` serving the updated page, on the example project and on a
//! synthetic project of 2 documents × 100 regions × 10 locales (2,000 pages),
//! before and after its first release.
//! Run with `cargo bench --bench serve`.
//!
//! Each benchmark copies its project into a temporary directory, starts the
//! release binary (`serve --port 0`) on it and opens the live-reload socket
//! as a page does. One iteration writes a changed sentence into one document
//! (two versions in turn, so every save is a real change), waits for the
//! socket to announce a new build, then GETs a page of that document until
//! its body holds the new sentence. The time measured runs from just before
//! the write to that response. A short pause after each iteration, not
//! measured, lets the server fall quiet, as between two saves by a person.
//!
//! The 2,000-page project is also timed for an edit that reaches every
//! page: a template (`templates/footer.html`, written before the server
//! starts, so that every save is a change of an existing file) and
//! `policyc.yaml` (the site's `name:`, shown in every page's footer).
//!
//! After each benchmark a breakdown is printed (medians): the rebuild as the
//! server reports it (`Built … in X ms`), the wait before it (the watcher's
//! debounce and the rebuild loop's settle time), and the final GET.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use policyc_testkit::serve::{self as serve_support, Live, Server};
use policyc_testkit::synthetic;

/// How long anything the server should do may take before the benchmark
/// gives up (the 2,000-page start-up build takes seconds).
const PATIENCE: Duration = Duration::from_secs(120);

/// The pause after each iteration, not measured.
const QUIET: Duration = Duration::from_millis(60);

/// The two versions of the sentence that every save switches between.
const SENTENCES: [&str; 2] = [
    "Benchmark save alpha: this sentence was changed to time the live preview.",
    "Benchmark save bravo: this sentence was changed to time the live preview.",
];

/// What each save rewrites.
#[derive(Clone, Copy)]
enum Edit {
    /// A sentence of a document (the file given to `Session::start`).
    Document,
    /// The footer template, which every page includes.
    Template,
    /// The site's name in `policyc.yaml`, which every page shows.
    Config,
}

/// The footer template the `Template` edit writes, with its marker.
fn footer(marker: &str) -> String {
    format!(
        "<footer class=\"site-footer\">\n  <p>{{{{ site.name }}}}</p>\n  <p>{marker}</p>\n</footer>\n"
    )
}

/// One measured save, for the breakdown.
struct Sample {
    /// From the write to the served page with the new sentence.
    total: Duration,
    /// From the write to the socket's message of the build that has it.
    announced: Duration,
    /// The GET that returned the new sentence.
    get: Duration,
    /// The rebuild as the server timed it, to its last page.
    rebuild: Duration,
    /// When the server served the open pages before the others were
    /// rendered: the time until then, as it timed it.
    early: Option<Duration>,
    /// Variants the rebuild rendered.
    rendered: usize,
}

/// A project being served, with its live socket open.
struct Session {
    server: Server,
    live: Live,
    build: String,
    /// The document source each iteration rewrites.
    source: PathBuf,
    /// Its text before the first save, split after the front matter.
    head: String,
    body: String,
    /// The page that shows it.
    page: String,
    edit: Edit,
    turn: usize,
    samples: Vec<Sample>,
    /// "Built" lines that no save of ours explains.
    extra_builds: usize,
}

impl Session {
    fn start(root: &Path, edit: Edit, source: &str, page: &str) -> Session {
        let source = root.join(source);
        if let Edit::Template = edit {
            std::fs::create_dir_all(source.parent().expect("a folder")).expect("templates/");
            std::fs::write(&source, footer("Benchmark footer")).expect("write the template");
        }
        let text = std::fs::read_to_string(&source).expect("read the source");
        // The sentence goes first in the body, a paragraph of its own in the
        // document's introduction, which no regional supplement replaces.
        let (head, body) = match edit {
            Edit::Document => {
                let end = text[3..].find("\n---\n").expect("front matter") + 3 + "\n---\n".len();
                text.split_at(end)
            }
            Edit::Template | Edit::Config => ("", text.as_str()),
        };
        let mut server = Server::launch(
            Path::new(env!("CARGO_BIN_EXE_policyc")),
            root,
            &["--today", "2026-11-29"],
            PATIENCE,
        );
        server.wait_for(|l| l.starts_with("Watching "));
        let mut live = server.live();
        let first = live.receive();
        assert!(first.errors.is_empty(), "the project does not build");
        let status = server.get(page).status;
        assert_eq!(status, 200, "no page at {page}");
        server.lines_within(Duration::ZERO);
        Session {
            server,
            live,
            build: first.build,
            source,
            head: head.to_string(),
            body: body.to_string(),
            page: page.to_string(),
            edit,
            turn: 0,
            samples: Vec::new(),
            extra_builds: 0,
        }
    }

    /// Saves a changed sentence and returns the time until the page with it
    /// is served.
    fn save_to_served(&mut self) -> Duration {
        self.turn += 1;
        let sentence = SENTENCES[self.turn % 2];
        // Each kind of edit has its own words, so that no page already
        // holds them from another benchmark's saves.
        let (text, sentence) = match self.edit {
            Edit::Document => (
                format!("{}\n{sentence}\n{}", self.head, self.body),
                sentence.to_string(),
            ),
            Edit::Template => {
                let marker = sentence.replace("Benchmark save", "Footer save");
                (footer(&marker), marker)
            }
            Edit::Config => {
                let name = sentence[..20].replace("Benchmark save", "Site name");
                let text =
                    self.body
                        .replacen("name: Synthetic Legal Center", &format!("name: {name}"), 1);
                (text, name)
            }
        };
        let sentence = sentence.as_str();
        let start = Instant::now();
        std::fs::write(&self.source, text).expect("write the document");
        let (announced, get) = loop {
            let state = self.live.receive();
            let announced = start.elapsed();
            assert!(
                state.errors.is_empty(),
                "the rebuild failed: {:?}",
                state.errors
            );
            if state.build == self.build {
                continue;
            }
            self.build = state.build;
            let asked = Instant::now();
            let serve_support::Response { status, body, .. } = self.server.get(&self.page);
            assert_eq!(status, 200, "{}", self.page);
            if body.contains(sentence) {
                break (announced, asked.elapsed());
            }
        };
        let total = start.elapsed();

        // Not measured: the server's own account of the rebuild, then a pause.
        let built = self.server.wait_for(|l| l.starts_with("Built "));
        let (rendered, ms, early) = parse_built(&built);
        std::thread::sleep(QUIET);
        self.extra_builds += self
            .server
            .lines_within(Duration::ZERO)
            .iter()
            .filter(|l| l.starts_with("Built "))
            .count();
        self.samples.push(Sample {
            total,
            announced,
            get,
            rebuild: Duration::from_millis(ms),
            early: early.map(Duration::from_millis),
            rendered,
        });
        total
    }

    fn report(&self, name: &str) {
        let median = |f: &dyn Fn(&Sample) -> Duration| {
            let mut v: Vec<Duration> = self.samples.iter().map(f).collect();
            v.sort_unstable();
            v.get(v.len() / 2).copied().unwrap_or_default()
        };
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let total = median(&|s| s.total);
        let rebuild = median(&|s| s.rebuild);
        // The open page is announced once rendered, before the rebuild ends.
        let announced_at = median(&|s| s.early.unwrap_or(s.rebuild));
        let wait = median(&|s| s.announced.saturating_sub(s.early.unwrap_or(s.rebuild)));
        let get = median(&|s| s.get);
        let rendered = self.samples.last().map_or(0, |s| s.rendered);
        let early = self.samples.iter().filter(|s| s.early.is_some()).count();
        eprintln!(
            "{name}: {} saves (warm-up included); medians: save to served {:.1} ms = \
             before the rebuild (debounce, settle, notify) {:.1} ms + rebuild until the page \
             is announced {:.0} ms + GET {:.1} ms; all pages rendered (the whole rebuild, \
             {rendered} variants) {:.0} ms after the rebuild began; open page served before \
             the rest in {early} saves; unexplained rebuilds: {}",
            self.samples.len(),
            ms(total),
            ms(wait),
            ms(announced_at),
            ms(get),
            ms(rebuild),
            self.extra_builds
        );
    }
}

/// The variants rendered, the milliseconds and, when the pages open in the
/// browser were served before the others were rendered, the milliseconds
/// until then, of a line `Built N of M document pages (F files) in X ms`
/// (`; the pages open in the browser first, served after Y ms`).
fn parse_built(line: &str) -> (usize, u64, Option<u64>) {
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_end_matches(';'))
        .collect();
    let rendered = words.get(1).and_then(|w| w.parse().ok());
    let ms_at = |from: usize| {
        let at = from + words[from..].iter().position(|w| *w == "ms")?;
        words
            .get(at.checked_sub(1)?)?
            .parse()
            .ok()
            .map(|ms| (at, ms))
    };
    let total = ms_at(0);
    let early = total.and_then(|(at, _)| ms_at(at + 1)).map(|(_, ms)| ms);
    match (rendered, total) {
        (Some(r), Some((_, ms))) => (r, ms, early),
        _ => panic!("unexpected line {line:?}"),
    }
}

/// Copies a directory tree.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn bench_session(
    c: &mut Criterion,
    name: &str,
    samples: usize,
    time: Duration,
    session: &mut Session,
) {
    let mut group = c.benchmark_group("save_to_served");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(samples);
    group.warm_up_time(time / 5);
    group.measurement_time(time);
    group.bench_function(name, |b| {
        b.iter_custom(|iters| (0..iters).map(|_| session.save_to_served()).sum())
    });
    group.finish();
    session.report(&format!("save_to_served/{name}"));
}

fn benches(c: &mut Criterion) {
    let example = tempfile::tempdir().expect("temp dir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        repo.join("policyc.yaml"),
        example.path().join("policyc.yaml"),
    )
    .expect("copy policyc.yaml");
    for dir in ["policies", "regions", "facts", "templates", "history"] {
        if repo.join(dir).is_dir() {
            copy_tree(&repo.join(dir), &example.path().join(dir)).expect("copy the example");
        }
    }
    let mut session = Session::start(
        example.path(),
        Edit::Document,
        "policies/privacy/en-US.md",
        "/us-ca/en-US/privacy/",
    );
    bench_session(c, "example", 30, Duration::from_secs(5), &mut session);
    drop(session);

    let project = tempfile::tempdir().expect("temp dir");
    synthetic::generate(
        project.path(),
        synthetic::Shape {
            documents: 2,
            regions: 100,
            locales: 10,
        },
    )
    .expect("generate the synthetic project");
    let mut session = Session::start(
        project.path(),
        Edit::Document,
        "policies/doc0/en-US.md",
        "/r55/en-US/doc0/",
    );
    bench_session(c, "2000_pages", 10, Duration::from_secs(20), &mut session);
    drop(session);

    // Edits that reach every page: the page the editor looks at is served
    // first (`save_to_served`); the line the server prints once every page
    // is rendered again gives the total (`all pages`, in the breakdown).
    let mut session = Session::start(
        project.path(),
        Edit::Template,
        "templates/footer.html",
        "/r55/en-US/doc0/",
    );
    bench_session(
        c,
        "2000_pages_template",
        10,
        Duration::from_secs(20),
        &mut session,
    );
    drop(session);
    std::fs::remove_dir_all(project.path().join("templates")).expect("remove templates/");
    let mut session = Session::start(
        project.path(),
        Edit::Config,
        "policyc.yaml",
        "/r55/en-US/doc0/",
    );
    bench_session(
        c,
        "2000_pages_config",
        10,
        Duration::from_secs(20),
        &mut session,
    );
    drop(session);

    // The same project once released: every edited page is then a draft
    // compared with its release (banner and redline), and the pages keep
    // their change history.
    let released = Command::new(env!("CARGO_BIN_EXE_policyc"))
        .arg("--root")
        .arg(project.path())
        .args(["release", "--date", "2026-11-01", "--message", "Benchmark"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run policyc release");
    assert!(released.success(), "policyc release failed");
    let mut session = Session::start(
        project.path(),
        Edit::Document,
        "policies/doc0/en-US.md",
        "/r55/en-US/doc0/",
    );
    bench_session(
        c,
        "2000_pages_released",
        10,
        Duration::from_secs(20),
        &mut session,
    );
}

criterion_group!(serve, benches);
criterion_main!(serve);
