//! `policyc serve`: the live preview. The site is built in memory and served
//! over HTTP; a watcher rebuilds what a saved file can reach, and every open
//! page learns of it through a WebSocket and reloads in place, or shows the
//! error above the last good content.

mod connections;
#[doc(hidden)]
pub mod fuzzing;
mod hosts;
mod http;
mod settle;
mod watch;

use std::collections::BTreeSet;
use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::watch as channel;

use crate::diagnostics::{
    DEFAULT_WIDTH, Diagnostic, HumanStyle, Severity, display_path, escape_controls, render_human,
};
use crate::history::Day;
use crate::site::{self, Lazy, Outcome, Scope, Site};
pub use connections::{
    HEADER_TIMEOUT, Limits, MAX_CONNECTIONS, WRITE_TIMEOUT, serve as serve_connections,
};
pub use hosts::{Allowed, Hosts, parse_host_name};
pub use watch::{Fingerprint, Watcher};

/// How long the rebuild loop waits for more changes after one arrives, so
/// that a burst (a branch checkout, a search-and-replace) gives one rebuild.
pub const SETTLE: Duration = Duration::from_millis(20);

/// How often a new folder is looked at again, and for how long: the time
/// the watcher may take to cover it.
const RECHECK: Duration = Duration::from_millis(100);
const WATCH_CATCH_UP: Duration = Duration::from_secs(5);

/// How often a source folder that could not be watched (one that cannot
/// be read) is tried again.
const UNWATCHED_RECHECK: Duration = Duration::from_secs(1);

/// How often the loop wakes up without events, to notice a new day.
const CLOCK: Duration = Duration::from_secs(30);

/// The longest a burst is waited for: a stream of changes that never
/// settles still gets rebuilds.
const MAX_SETTLE: Duration = Duration::from_secs(1);

/// How many of the pages served last a rebuild renders first: those the
/// open tabs show (each tab fetched its page when it loaded).
const LOOKED_AT: usize = 16;

/// How long following the changes pauses after a panic outside a rebuild.
const PANIC_PAUSE: Duration = Duration::from_secs(1);

/// Options for [`run`].
#[derive(Debug, Clone)]
pub struct Options {
    /// The project directory.
    pub root: PathBuf,
    /// The address to listen on (127.0.0.1 unless told otherwise).
    pub bind: IpAddr,
    /// Host names (or addresses) answered besides the machine's own (see
    /// [`Hosts`]).
    pub allow_hosts: Vec<String>,
    /// Bounds on the connections served.
    pub limits: Limits,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// What "today" is, for dates in force.
    pub today: Option<String>,
    /// How to print diagnostics.
    pub style: HumanStyle,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The project directory is not there.
    #[error("cannot serve `{0}`: {1}")]
    Root(String, std::io::Error),
    /// The port is taken or the address is not ours.
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    /// A name given to `--allow-host` is not a host name.
    #[error("cannot allow a host: {0}")]
    AllowHost(String),
    /// The file watcher could not start.
    #[error("cannot watch the sources for changes: {0}")]
    Watch(#[from] notify::Error),
    /// The async runtime could not start.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// What every open page is told: which build it should show, and the errors
/// that stop the sources from building, if any.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Live {
    /// Names the last good build; a page showing another one reloads.
    pub build: String,
    /// The errors of the last rebuild (empty when it succeeded).
    pub errors: Vec<ErrorView>,
}

/// One error, as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ErrorView {
    /// `file:line:column`, or the file, or nothing.
    pub place: String,
    /// The message.
    pub message: String,
    /// The whole report: the source line, a caret, the advice.
    pub report: String,
}

/// The state the HTTP handlers share with the rebuild loop.
pub struct State {
    site: RwLock<Arc<Site>>,
    /// Counts the sites put in place: a request for a page a rebuild has
    /// not rendered yet waits for the next one.
    published: channel::Sender<u64>,
    /// The pages served last, the latest first, which a rebuild renders
    /// before the others.
    looked_at: Mutex<VecDeque<String>>,
    live: channel::Sender<Live>,
    instance: String,
    /// The host names requests may be addressed to.
    hosts: Hosts,
}

impl State {
    fn new(hosts: Hosts) -> State {
        let instance = format!(
            "{:x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_micros())
        );
        State {
            site: RwLock::new(Arc::new(Site::default())),
            published: channel::Sender::new(0),
            looked_at: Mutex::new(VecDeque::new()),
            live: channel::Sender::new(Live::default()),
            instance,
            hosts,
        }
    }

    fn site(&self) -> Arc<Site> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Puts `site` in place, and wakes the requests waiting for it.
    fn publish(&self, site: Arc<Site>) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = site;
        self.published.send_modify(|n| *n += 1);
    }

    /// Notes that the page at `path` (relative to the site root) was
    /// served: it is likely open in a browser.
    fn looked_at(&self, path: &str) {
        let mut recent = self.looked_at.lock().unwrap_or_else(|e| e.into_inner());
        recent.retain(|p| p != path);
        recent.push_front(path.to_string());
        recent.truncate(LOOKED_AT);
    }

    /// The pages served last, the latest first.
    fn recently_looked_at(&self) -> Vec<String> {
        let recent = self.looked_at.lock().unwrap_or_else(|e| e.into_inner());
        recent.iter().cloned().collect()
    }
}

/// Builds the project, serves it and rebuilds on every change until the
/// process is stopped.
pub fn run(options: Options) -> Result<(), ServeError> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| ServeError::Root(display_path(&options.root), e))?;
    for name in &options.allow_hosts {
        parse_host_name(name).map_err(ServeError::AllowHost)?;
    }
    let hosts = Hosts::new(options.bind, &options.allow_hosts);
    let state = Arc::new(State::new(hosts.clone()));
    let mut builder = Builder {
        root: root.clone(),
        today: options.today.clone(),
        style: options.style,
        state: state.clone(),
        complete: None,
        news: Arc::default(),
        unfinished: Scope::default(),
        generation: 0,
        failed: false,
        built_for: None,
        warned: Warned::default(),
    };
    // Listen first, so that a port in use is reported before any work;
    // watch before the first build, so that no save is missed.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| ServeError::Bind(addr, e))?;
    let local = listener
        .local_addr()
        .map_err(|e| ServeError::Bind(addr, e))?;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = Watcher::new(&root, tx)?;
    builder.news = watcher.news();
    builder.rebuild(Scope::All);
    // Listening on every address (0.0.0.0 or ::): this machine's own
    // address is the one to open.
    let url = if local.ip().is_unspecified() {
        let here: IpAddr = if local.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        };
        format!("http://{}/", SocketAddr::new(here, local.port()))
    } else {
        format!("http://{local}/")
    };
    eprintln!("Serving {} at {url}", display_path(&options.root));
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the drafts",
            options.bind
        );
        eprintln!(
            "The preview answers requests addressed to {hosts}; to reach it under another name, add --allow-host NAME"
        );
    }
    eprintln!("Watching for changes; press Ctrl-C to stop");
    if options.open
        && let Err(e) = open::that_detached(&url)
    {
        eprintln!("warning: could not open a browser: {e}");
    }
    std::thread::spawn(move || {
        // A panic anywhere in following the changes is reported, and the
        // following goes on: the preview never stops rebuilding.
        while let Err(panic) =
            std::panic::catch_unwind(AssertUnwindSafe(|| builder.follow(&rx, &mut watcher)))
        {
            builder.report_panic(&*panic);
            // A panic that comes back at once is not repeated in a tight loop.
            std::thread::sleep(PANIC_PAUSE);
        }
    });
    let served = runtime.block_on(async move {
        let server = connections::serve(listener, http::router(state), options.limits);
        // Ctrl-C ends the process without waiting for open pages, whose
        // live-reload sockets would otherwise keep it alive.
        tokio::select! {
            () = server => Ok(()),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    });
    runtime.shutdown_background();
    served
}

/// Rebuilds the site and tells the open pages.
struct Builder {
    root: PathBuf,
    today: Option<String>,
    style: HumanStyle,
    state: Arc<State>,
    /// The last good site, whole: the next rebuild starts from it.
    complete: Option<Arc<Site>>,
    /// Set by the watcher when a change comes: a rebuild rendering the
    /// pages no one is looking at stops for it.
    news: Arc<AtomicBool>,
    /// What a rebuild stopped that way reached: the next one reaches it too.
    unfinished: Scope,
    /// Counts the rebuilds begun: each one's id.
    generation: u64,
    failed: bool,
    /// The day the last good build was for.
    built_for: Option<String>,
    /// The warnings the terminal has been shown and that still hold.
    warned: Warned,
}

/// A warning as the terminal tells it apart: file, position and message.
type WarningKey = (Option<PathBuf>, Option<(usize, usize)>, String);

/// The warnings printed by earlier rebuilds that still hold: a rebuild
/// prints only the others, so that an editor saving every few seconds is
/// not shown the same warnings each time. One that goes away and comes
/// back is printed again.
#[derive(Debug, Default)]
struct Warned {
    shown: BTreeSet<WarningKey>,
}

impl Warned {
    fn key(d: &Diagnostic) -> WarningKey {
        (
            d.file.clone(),
            d.location.map(|l| (l.line, l.column)),
            d.message.clone(),
        )
    }

    /// The diagnostics of a rebuild to print (every error, the warnings
    /// not shown before), and how many warnings were held back. A failed
    /// rebuild may stop before it finds every warning: what it did not
    /// find is not forgotten.
    fn filter(&mut self, diagnostics: &[Diagnostic], succeeded: bool) -> (Vec<Diagnostic>, usize) {
        let warnings: BTreeSet<WarningKey> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(Warned::key)
            .collect();
        let mut held = 0;
        let fresh = diagnostics
            .iter()
            .filter(|d| {
                let repeated =
                    d.severity == Severity::Warning && self.shown.contains(&Warned::key(d));
                held += usize::from(repeated);
                !repeated
            })
            .cloned()
            .collect();
        if succeeded {
            self.shown = warnings;
        } else {
            self.shown.extend(warnings);
        }
        (fresh, held)
    }
}

impl Builder {
    /// Today, as `build` sees it (SOURCE_DATE_EPOCH, else the clock); `None`
    /// when SOURCE_DATE_EPOCH is wrong, which the build then reports.
    fn day(&self) -> Option<String> {
        Day::today(None).ok().map(|d| d.to_string())
    }

    /// Waits for changes and rebuilds, one rebuild for each burst.
    fn follow(&mut self, rx: &Receiver<watch::Batch>, watcher: &mut Watcher) {
        // New folders, as they were when the rebuild that followed their
        // creation read them, and until when to look at them again.
        let mut new_folders: Vec<(PathBuf, Fingerprint, Instant)> = Vec::new();
        loop {
            // Without events, wake up now and then: to look at new folders
            // again, to notice a new day, and to find a project folder that
            // was removed coming back.
            let wait = if !new_folders.is_empty() || !watcher.root_watched() {
                RECHECK
            } else if watcher.has_unwatched() {
                UNWATCHED_RECHECK
            } else {
                CLOCK
            };
            let (batches, end) = match rx.recv_timeout(wait) {
                Ok(first) => match settle::gather(first, &mut { rx }, SETTLE, MAX_SETTLE) {
                    Some((batches, end)) => (batches, Some(end)),
                    None => return,
                },
                Err(RecvTimeoutError::Timeout) => (Vec::new(), None),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            // Changes from now on stop the rebuild below.
            self.news.store(false, Ordering::Relaxed);
            let mut trace = Trace::new(&batches, end);
            let mut scope = Scope::default();
            if !watcher.root_watched() && watcher.rewatch_root() {
                eprintln!("The project folder is back; rebuilding");
                scope = Scope::All;
            }
            // A new day can change the text in force and every date shown.
            if self.today.is_none() && self.built_for.is_some() && self.built_for != self.day() {
                scope = Scope::All;
            }
            let mut created = Vec::new();
            for batch in batches {
                match batch {
                    Ok(paths) => {
                        for path in paths {
                            watcher.saw(&path);
                            let rel = path.strip_prefix(&self.root).unwrap_or(&path);
                            if let Some(s) = Scope::of_change(rel) {
                                scope.merge(s);
                                if path.is_dir() {
                                    created.push(path);
                                }
                            }
                        }
                    }
                    Err(watch::Trouble::Missed(message)) => {
                        eprintln!(
                            "warning: file watcher: {}; rebuilding everything",
                            escape_controls(&message)
                        );
                        scope = Scope::All;
                    }
                    Err(watch::Trouble::RootGone) => {
                        eprintln!(
                            "warning: the project folder {} was removed or renamed; waiting for it to come back",
                            display_path(&self.root)
                        );
                        watcher.root_gone();
                        scope = Scope::All;
                    }
                }
            }
            // A file finished in a new folder before the watcher covers the
            // folder gives no event: such folders are looked at again for a
            // while, and a change found there counts as one.
            let now = Instant::now();
            new_folders.retain_mut(|(folder, seen, until)| {
                let current = Fingerprint::of(folder);
                if current != *seen {
                    if let Some(s) =
                        Scope::of_change(folder.strip_prefix(&self.root).unwrap_or(folder))
                    {
                        scope.merge(s);
                        trace.folder(folder);
                    }
                    *seen = current;
                }
                *until > now
            });
            if watcher.refresh() {
                eprintln!("A source folder can be watched again; rebuilding");
                scope = Scope::All;
            }
            for folder in created {
                let seen = Fingerprint::of(&folder);
                new_folders.retain(|(f, _, _)| *f != folder);
                new_folders.push((folder, seen, now + WATCH_CATCH_UP));
            }
            if !scope.is_empty() || !self.unfinished.is_empty() {
                trace.print(&self.root);
                self.rebuild(scope);
            }
        }
    }

    /// Rebuilds what `scope` reaches, or everything after a failed build
    /// (its errors may lie anywhere). A panic anywhere in it (building,
    /// reporting the errors, telling the pages) is reported as an internal
    /// error, on the pages and in the terminal, like a failed build.
    fn rebuild(&mut self, scope: Scope) {
        let rebuilt = std::panic::catch_unwind(AssertUnwindSafe(|| self.rebuild_unguarded(scope)));
        if let Err(panic) = rebuilt {
            self.report_panic(&*panic);
        }
    }

    fn rebuild_unguarded(&mut self, scope: Scope) {
        let started = Instant::now();
        panic_if_asked(&self.root);
        let scope = if self.failed {
            Scope::All
        } else {
            let mut all = std::mem::take(&mut self.unfinished);
            all.merge(scope);
            all
        };
        let previous = self.complete.clone();
        let day = self.today.clone().or_else(|| self.day());
        // Every rebuild has its own id: the pages may be told of one that
        // then fails, is stopped or panics.
        self.generation += 1;
        let build = format!("{}-{}", self.state.instance, self.generation);
        // A change that reaches many pages: the pages open in the browser
        // are served, and the open pages told, as soon as they are
        // rendered; a request for another waits for the rest.
        let served_early: Mutex<Option<Duration>> = Mutex::new(None);
        let ready = |site: Site| {
            self.state.publish(Arc::new(site));
            self.state.live.send_replace(Live {
                build: build.clone(),
                errors: Vec::new(),
            });
            *served_early.lock().unwrap_or_else(|e| e.into_inner()) = Some(started.elapsed());
        };
        let news = self.news.clone();
        let lazy = Lazy {
            first: self.state.recently_looked_at(),
            ready: &ready,
            stop: &move || news.load(Ordering::Relaxed),
        };
        let (outcome, site) = site::preview_lazily(
            &self.root,
            day.as_deref(),
            previous.as_deref(),
            &scope,
            Some(&lazy),
        );
        let served_early = served_early.into_inner().unwrap_or_else(|e| e.into_inner());
        // Stopped for a newer save, after serving the open pages: the
        // next rebuild, due at once, reaches what this one did.
        if site.is_none() && served_early.is_some() && !outcome.failed() {
            self.unfinished = scope;
            return;
        }
        let (fresh, held) = self.warned.filter(&outcome.diagnostics, site.is_some());
        print_diagnostics(&fresh, &outcome, self.style);
        match site {
            Some(site) => {
                self.failed = false;
                self.built_for = day;
                let (rendered, variants, files) =
                    (site.rendered_variants(), site.variants(), site.len());
                let site = Arc::new(site);
                self.complete = Some(site.clone());
                self.state.publish(site);
                if served_early.is_none() {
                    self.state.live.send_replace(Live {
                        build,
                        errors: Vec::new(),
                    });
                }
                // Printed once the pages are served and the open ones told.
                let early = match served_early {
                    Some(at) => format!(
                        "; the pages open in the browser first, served after {} ms",
                        at.as_millis()
                    ),
                    None => String::new(),
                };
                let held = match held {
                    0 => String::new(),
                    1 => "; 1 warning as before, not repeated".to_string(),
                    n => format!("; {n} warnings as before, not repeated"),
                };
                eprintln!(
                    "Built {rendered} of {variants} document pages ({files} files) in {} ms{early}{held}",
                    started.elapsed().as_millis()
                );
            }
            None => self.failed(error_views(&outcome)),
        }
        // The site before is freed on a thread of its own: freeing a site
        // of thousands of pages takes a while, and the next save must not
        // wait for it.
        if let Some(previous) = previous.and_then(Arc::into_inner) {
            let _ = std::thread::Builder::new()
                .name("policyc-free".to_string())
                .spawn(move || drop(previous));
        }
    }

    /// Tells the terminal and the open pages that the build failed.
    fn failed(&mut self, errors: Vec<ErrorView>) {
        self.failed = true;
        // A site handed out early goes: the last good one is whole.
        if self.state.site().is_early() {
            let last = self.complete.clone().unwrap_or_default();
            self.state.publish(last);
        }
        let plural = if errors.len() == 1 { "" } else { "s" };
        if self.complete.is_none() {
            eprintln!("Build failed; the pages show the error{plural} until a save fixes it");
        } else {
            eprintln!(
                "Build failed; the preview shows the last good version with the error{plural}"
            );
        }
        self.state.live.send_modify(|live| live.errors = errors);
    }

    /// Reports a panic as an internal error, in plain text (the renderer of
    /// diagnostics may be what panicked), and makes the next rebuild a
    /// whole one.
    fn report_panic(&mut self, panic: &(dyn std::any::Any + Send)) {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        let message = format!("internal error while rebuilding: {what}");
        let help = "this is a bug in policyc, not in your files; please report it with this \
                    message and what you saved. The preview rebuilds on the next save";
        let diagnostic = Diagnostic::error(message.clone()).help(help);
        let render = |style| {
            std::panic::catch_unwind(|| {
                render_human(
                    std::slice::from_ref(&diagnostic),
                    &Default::default(),
                    style,
                )
            })
            .unwrap_or_else(|_| format!("error: {message}\n  help: {help}\n"))
        };
        eprint!("{}", render(self.style));
        let report = render(HumanStyle {
            color: false,
            width: Some(DEFAULT_WIDTH),
        });
        self.failed(vec![ErrorView {
            place: String::new(),
            message,
            report,
        }]);
    }
}

/// For the tests of a rebuild that panics: in a debug build, a rebuild panics
/// while the file that `POLICYC_TEST_PANIC_ON` names (relative to the
/// project) exists. Release builds ignore the variable.
fn panic_if_asked(root: &std::path::Path) {
    #[cfg(debug_assertions)]
    if let Some(name) = std::env::var_os("POLICYC_TEST_PANIC_ON")
        && root.join(name).exists()
    {
        panic!("POLICYC_TEST_PANIC_ON names a file that exists");
    }
    #[cfg(not(debug_assertions))]
    let _ = root;
}

/// For the tests of bursts: in a debug build with `POLICYC_TEST_TRACE_BURSTS`
/// set, each rebuild is preceded by what caused it: the watcher's batches
/// gathered into one burst, how the burst ended, and the paths they named
/// (and new folders found changed), as `rebuild: 3 batches, ended quiet:
/// policies/terms/en-US.md, …`. A test then counts rebuilds by the batches
/// that went into each, not by the clock. Release builds ignore it.
struct Trace {
    on: bool,
    batches: usize,
    end: Option<settle::End>,
    paths: Vec<PathBuf>,
}

impl Trace {
    fn new(batches: &[watch::Batch], end: Option<settle::End>) -> Trace {
        let on = cfg!(debug_assertions) && std::env::var_os("POLICYC_TEST_TRACE_BURSTS").is_some();
        let paths = if on {
            batches
                .iter()
                .flat_map(|b| b.as_ref().map(Vec::as_slice).unwrap_or_default())
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        Trace {
            on,
            batches: batches.len(),
            end,
            paths,
        }
    }

    fn folder(&mut self, folder: &std::path::Path) {
        if self.on {
            self.paths.push(folder.to_path_buf());
        }
    }

    fn print(&self, root: &std::path::Path) {
        if !self.on {
            return;
        }
        let end = match self.end {
            Some(settle::End::Quiet) => "ended quiet",
            Some(settle::End::Limit) => "ended at the limit",
            None => "no burst",
        };
        let paths: Vec<String> = self
            .paths
            .iter()
            .map(|p| display_path(p.strip_prefix(root).unwrap_or(p)))
            .collect();
        eprintln!(
            "rebuild: {} batches, {end}: {}",
            self.batches,
            paths.join(", ")
        );
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], outcome: &Outcome, style: HumanStyle) {
    if diagnostics.is_empty() {
        return;
    }
    eprint!("{}", render_human(diagnostics, &outcome.sources, style));
}

/// The errors of a failed build, for the overlay.
fn error_views(outcome: &Outcome) -> Vec<ErrorView> {
    let mut views: Vec<ErrorView> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let file = d.file.as_deref().map(display_path);
            let place = match (file, d.location) {
                (Some(f), Some(l)) => format!("{f}:{}:{}", l.line, l.column),
                (Some(f), None) => f,
                (None, _) => String::new(),
            };
            ErrorView {
                place,
                message: d.message.clone(),
                report: render_human(
                    std::slice::from_ref(d),
                    &outcome.sources,
                    HumanStyle {
                        color: false,
                        width: Some(DEFAULT_WIDTH),
                    },
                ),
            }
        })
        .collect();
    if views.is_empty() {
        views.push(ErrorView {
            place: String::new(),
            message: "the build failed".to_string(),
            report: String::new(),
        });
    }
    views
}
