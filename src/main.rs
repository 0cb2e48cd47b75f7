//! The `policyc` command line: parses arguments and calls the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use policyc::commands::{self, diff::DiffError, show::ShowError};
use policyc::diagnostics::{
    DEFAULT_WIDTH, Diagnostic, HumanStyle, Severity, SourceFiles, display_path, escape_controls,
    render_human, render_json,
};
use policyc::diff::format::{Format, MARKDOWN_MAX_BYTES, MarkdownOptions, render, render_markdown};
use policyc::resolve::VariantKey;
use policyc::site::{Emit, Mode, Options};
use policyc::source::layout;

/// `eprintln!` that never panics: when stderr is a closed pipe (`policyc
/// release 2>&1 | head`), a message that cannot be written is dropped and
/// the command ends as it would have, as [`print_stdout`] does for stdout.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Compile legal policies kept as Markdown and YAML into a static site.
#[derive(Parser)]
#[command(name = "policyc", version, about, propagate_version = true)]
struct Cli {
    /// The policy project's directory.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render every document for every region and locale into out/.
    Build {
        /// Where to write the site (default: out/ in the project).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Print only warnings and errors.
        #[arg(long, short)]
        quiet: bool,
        /// Fail if any page has text changes that were not released (for CI).
        #[arg(long)]
        frozen: bool,
        /// The date to build for (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// What to write: the HTML site, the page models as JSON (for other
        /// renderers), or both (`--emit html,json`).
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "html",
            value_name = "FORMAT"
        )]
        emit: Vec<EmitFormat>,
        /// The address this build is published at, in place of base_url in
        /// policyc.yaml (for a preview deployment): canonical links, feeds
        /// and the sitemap use it.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Validate the sources without writing anything; exit 1 on any error.
    Check {
        /// Treat warnings (missing translations, headings without ids) as errors.
        #[arg(long)]
        strict: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// The date to check for (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Record a new version for every page whose text changed since the last release.
    Release {
        /// The release date (YYYY-MM-DD; default: today).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// A later date from which the new versions take effect (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        effective: Option<String>,
        /// Record this release even though it takes effect before an
        /// earlier release still to take effect that changes some of the
        /// same pages: that release's changes to them then apply from this
        /// release's day, not their own (without it, that is an error).
        #[arg(long)]
        bring_forward: bool,
        /// What the release is about, shown in the change history of every
        /// page it updates (required, except with --dry-run or --rebase).
        #[arg(long, short, value_name = "TEXT", conflicts_with = "rebase")]
        message: Option<String>,
        /// A YAML file of the message in each locale (`de-DE: …`), shown
        /// to readers of that locale; its default-locale line stands for -m.
        #[arg(long, value_name = "FILE", conflicts_with = "rebase")]
        message_file: Option<PathBuf>,
        /// Record again, on top of the base's history now in history/, this
        /// branch's releases that the base lacks (read with git), with their
        /// messages and dates: after a merge or rebase conflict in history/.
        #[arg(long)]
        rebase: bool,
        /// With --rebase: the base's revision (default: the merge or rebase
        /// in progress).
        #[arg(long, value_name = "REF", requires = "rebase")]
        onto: Option<String>,
        /// Show what would be recorded; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// What today is (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or the clock).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// What to print on stdout: the changes as text, or what is recorded
        /// (or would be, with --dry-run) as JSON (docs/release-json.md).
        #[arg(long, value_enum, default_value_t = ReleaseFormat::Text)]
        format: ReleaseFormat,
    },
    /// Check that history/ is intact: the record chain and every stored text.
    Verify {
        /// The hash of a release record history/ must still hold, unchanged
        /// (the newest one when the site was published): a deleted or
        /// rewritten newest record is caught.
        #[arg(long, value_name = "HASH", value_parser = record_hash, conflicts_with_all = ["head_from", "base"])]
        head: Option<String>,
        /// Read that hash (`history_head`) from a published site's manifest.json.
        #[arg(long, value_name = "PATH", conflicts_with = "base")]
        head_from: Option<PathBuf>,
        /// Take that hash from the newest release a git revision holds (a
        /// pull request's base branch, e.g. origin/main): the branch must
        /// keep every release the base has.
        #[arg(long, value_name = "REF")]
        base: Option<String>,
    },
    /// Print the text of a page as released and in force on a date.
    Show {
        /// The document id, e.g. privacy.
        doc: String,
        /// The region id.
        #[arg(long)]
        region: String,
        /// The locale code.
        #[arg(long)]
        locale: String,
        /// The date (YYYY-MM-DD; default: today).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
    },
    /// Compare versions section by section: the sources with the last release
    /// (no arguments), two Markdown files, two projects, or the project at a
    /// git revision with the working tree (--base).
    Diff {
        /// The old Markdown file (with NEW).
        #[arg(requires = "new", conflicts_with_all = ["from", "to", "base"])]
        old: Option<PathBuf>,
        /// The new Markdown file.
        new: Option<PathBuf>,
        /// The old project directory; every variant is compared.
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
        /// The new project directory (default: --root).
        #[arg(long, value_name = "DIR", requires = "from")]
        to: Option<PathBuf>,
        /// Compare the project at this git revision (a branch, tag or
        /// commit, e.g. origin/main) with the working tree's, every variant,
        /// as --from does: for a pull request, even one holding its release.
        #[arg(long, value_name = "REF", conflicts_with_all = ["from", "to"])]
        base: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit 1 when the versions differ in text, 0 otherwise.
        #[arg(long)]
        exit_code: bool,
        /// With --format markdown: keep the report within N bytes (default
        /// 64000, a GitHub comment with room for what a workflow adds),
        /// leaving whole sections out and saying how many; 0 means no limit.
        #[arg(long, value_name = "N")]
        max_bytes: Option<usize>,
    },
    /// Show where each translation stands against its source: a table of
    /// documents and supplements by locale (current, stale since a release,
    /// missing, accepted, acknowledged); exit 1 when one is stale or missing.
    Translations {
        #[command(subcommand)]
        action: Option<TranslationsAction>,
        /// Output format of the table.
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
        /// The date to look from (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or today).
        #[arg(long, value_name = "DATE", global = true)]
        today: Option<String>,
    },
    /// Build into memory, serve on 127.0.0.1, rebuild on every change and
    /// reload the open pages: the live preview for editors.
    Serve {
        /// The port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 4000)]
        port: u16,
        /// The address to listen on. Anything but a loopback address lets
        /// other machines read the drafts.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Also answer requests addressed to NAME (a host name or address,
        /// without port), such as the name of a proxy in front of the
        /// preview. Repeatable. Other names are refused, so that web pages
        /// elsewhere cannot read the drafts through a browser.
        #[arg(long = "allow-host", value_name = "NAME", value_parser = allowed_host)]
        allow_host: Vec<String>,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// The date to build for (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Start a new policy project in DIR from the example.
    Init {
        /// A new or empty directory (or a git repository's, holding only
        /// dot-files: its .gitignore gets the lines it lacks); default:
        /// --root, else the current directory.
        dir: Option<PathBuf>,
        /// Write a skeleton instead: one document, one region, one locale,
        /// each file saying what it is for.
        #[arg(long)]
        minimal: bool,
    },
    /// Print the completion script for a shell (see the README for where
    /// each shell reads it from).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: commands::manual::Shell,
    },
    /// Print the manual page policyc.1, or write it with one page per
    /// command (policyc-build.1, …) into DIR.
    Man {
        /// Write policyc.1 and a page per command into DIR (made if missing),
        /// e.g. ~/.local/share/man/man1.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Turn a policy published today (a saved HTML page, or a Markdown or
    /// text export of it) into a document of the project (made if there is
    /// none), its date line into its first release.
    Import {
        /// The saved page.
        source: PathBuf,
        /// The document id (with --split, one per document, in page order:
        /// privacy,terms).
        #[arg(long, value_name = "ID", value_delimiter = ',', required = true)]
        doc: Vec<String>,
        /// The locale to import into (default: the page's language if the
        /// project has it, else the project's default locale).
        #[arg(long, value_name = "LOCALE")]
        locale: Option<String>,
        /// Make one document per title of the page (a page holding a
        /// privacy policy and terms, each with its date line).
        #[arg(long)]
        split: bool,
        /// Print the report; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The address the page is published at, to make its relative
        /// links absolute.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Record no release, even when the page has a date line.
        #[arg(long)]
        no_release: bool,
        /// What today is (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or the
        /// clock): a page dated later is released today, taking effect then.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
    },
    /// Exchange translations with vendors and CAT tools as XLIFF 2.1.
    Xliff {
        #[command(subcommand)]
        action: XliffAction,
    },
}

#[derive(Subcommand)]
enum XliffAction {
    /// Write an XLIFF 2.1 file of the sources in the default locale, with
    /// the translation into LOCALE as targets where it is up to date.
    Export {
        /// The locale to translate into.
        #[arg(long, value_name = "LOCALE")]
        locale: String,
        /// Only this document (and its regional supplements).
        #[arg(long, value_name = "ID")]
        doc: Option<String>,
        /// Only the sections with no translation or a stale one.
        #[arg(long)]
        stale_only: bool,
        /// Write into FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// What today is, for staleness (YYYY-MM-DD; default:
        /// SOURCE_DATE_EPOCH or the clock).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Write the targets of a translated XLIFF file into the translations
    /// (all files or none); refused when its sources no longer match.
    Import {
        /// The translated XLIFF file.
        file: PathBuf,
        /// Say what would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum TranslationsAction {
    /// Record that a translation lagging behind its source was checked and
    /// needs no change (in history/acks.yaml, to commit): its warning and
    /// notice go, until the source changes again.
    Ack {
        /// The document id, e.g. privacy.
        doc: String,
        /// The translation's locale, e.g. de-DE.
        locale: String,
        /// Only this section (default: every section that lags).
        #[arg(long, value_name = "ID")]
        section: Option<String>,
        /// Only the pages of this region (and of the regions inheriting
        /// from it): for a section of a region's supplement.
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// For people: documents, sections, dates, notices and dropped blocks.
    Human,
    /// The same report as one JSON document.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// For a terminal (coloured unless NO_COLOR is set or output is not a terminal).
    Text,
    /// For a pull-request comment: a summary table, then redlines.
    Markdown,
    /// A standalone redline page.
    Html,
    /// The stable JSON schema (docs/diff-json.md).
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReleaseFormat {
    /// The changes, as `policyc diff` prints them.
    Text,
    /// The release as JSON, for bots (docs/release-json.md).
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EmitFormat {
    /// The static site.
    Html,
    /// Each page's model as JSON (docs/page-model.md), beside its HTML.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    /// Messages for people, with the source line and a caret.
    Human,
    /// A JSON document with every diagnostic.
    Json,
}

/// The argument with which `policyc` starts itself to remove the previous
/// output a build left beside the new one (no user types it).
const REMOVE_PREVIOUS: &str = "--internal-remove-previous-output";

/// `policyc --internal-remove-previous-output DIR`, as a build starts it.
fn remove_previous_if_asked() -> Option<ExitCode> {
    let mut args = std::env::args_os().skip(1);
    if args.next()? != REMOVE_PREVIOUS {
        return None;
    }
    let previous = PathBuf::from(args.next()?);
    Some(match policyc::site::output::remove_previous(&previous) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    })
}

/// Removes the previous output in a process of its own, which outlives
/// this one: `build` returns as soon as the new site is in place, not once
/// thousands of old files are deleted. Where no process can be started,
/// here. If that process is stopped first, the next build removes what is
/// left.
fn remove_in_background(previous: &Path) {
    let spawned = std::env::current_exe().and_then(|exe| {
        let mut command = std::process::Command::new(exe);
        command
            .arg(REMOVE_PREVIOUS)
            .arg(previous)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // Not in the terminal's foreground group: a Ctrl-C meant for the
        // next command does not reach it.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        command.spawn()
    });
    if spawned.is_err() {
        let _ = policyc::site::output::remove_previous(previous);
    }
}

/// A build makes and frees millions of small values on every core.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    if let Some(code) = remove_previous_if_asked() {
        return code;
    }
    let cli = Cli::parse();
    let root = cli.root;
    match cli.command {
        Command::Build {
            out,
            quiet,
            frozen,
            today,
            emit,
            base_url,
        } => {
            let started = Instant::now();
            // How the output is named in messages: as given, or `out/`.
            let shown = match out.as_deref().map(display_path) {
                Some(dir) if dir.ends_with('/') => dir,
                Some(dir) => format!("{dir}/"),
                None => format!("{}/", layout::OUT),
            };
            let out = out.unwrap_or_else(|| root.join(layout::OUT));
            let existed = out.exists();
            let outcome = commands::build::run(&Options {
                root,
                mode: Mode::Build {
                    out: out.clone(),
                    leave_previous: true,
                },
                strict: false,
                frozen,
                today,
                emit: Emit {
                    html: emit.contains(&EmitFormat::Html),
                    json: emit.contains(&EmitFormat::Json),
                },
                base_url,
            });
            print_diagnostics(&outcome.diagnostics, &outcome.sources);
            match &outcome.summary {
                Some(summary) if !outcome.failed() => {
                    if let Some(previous) = &summary.previous {
                        remove_in_background(previous);
                    }
                    if !quiet {
                        let out = summary.out.as_deref().map(display_path).unwrap_or_default();
                        eprintln!(
                            "Built {} pages ({} documents) into {out} in {:.2} s",
                            summary.pages,
                            summary.documents,
                            started.elapsed().as_secs_f64()
                        );
                        for f in &summary.accepted_fallbacks {
                            eprintln!(
                                "Accepted fallback: `{}` in {} is shown in {} ({})",
                                f.doc,
                                f.locale,
                                f.shown,
                                f.regions.join(", ")
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                _ => failure(&format!(
                    "build failed; {}",
                    output_after_failure(&out, &shown, existed)
                )),
            }
        }
        Command::Check {
            strict,
            format,
            today,
        } => {
            let outcome = commands::build::run(&Options {
                root,
                mode: Mode::Check,
                strict,
                frozen: false,
                today,
                emit: Emit::default(),
                base_url: None,
            });
            match format {
                CheckFormat::Human => {
                    print_diagnostics(&outcome.diagnostics, &outcome.sources);
                    if !outcome.failed() {
                        let warnings = outcome.diagnostics.len();
                        eprintln!("check passed ({warnings} warning{})", plural(warnings));
                    }
                }
                CheckFormat::Json => {
                    if let Err(failed) = print_stdout(render_json(&outcome.diagnostics).as_bytes())
                    {
                        return failed;
                    }
                }
            }
            exit(outcome.failed())
        }
        Command::Diff {
            old,
            new,
            from,
            to,
            base,
            format,
            exit_code,
            max_bytes,
        } => {
            if max_bytes.is_some() && !matches!(format, DiffFormat::Markdown) {
                Cli::command()
                    .error(
                        clap::error::ErrorKind::ArgumentConflict,
                        "--max-bytes applies to --format markdown only (the HTML redline and JSON are always whole)",
                    )
                    .exit();
            }
            let inputs = match (old, new, from, base) {
                (Some(old), Some(new), _, _) => commands::diff::Inputs::Files { old, new },
                (_, _, Some(from), _) => commands::diff::Inputs::Projects {
                    from,
                    to: to.unwrap_or(root),
                },
                (_, _, _, Some(revision)) => commands::diff::Inputs::Base { root, revision },
                _ => commands::diff::Inputs::SinceRelease { root },
            };
            let report = match commands::diff::run(&inputs) {
                Ok(diffed) => {
                    print_diagnostics(&diffed.warnings, &diffed.sources);
                    diffed.report
                }
                Err(DiffError::Input(message)) => return failure(&message),
                Err(DiffError::Sources {
                    side,
                    diagnostics,
                    sources,
                }) => {
                    if let Some((side, name)) = side {
                        eprintln!(
                            "error: the {side} project ({}) has errors:",
                            escape_controls(&name)
                        );
                    }
                    print_diagnostics(&diagnostics, &sources);
                    return ExitCode::from(1);
                }
            };
            let format = match format {
                DiffFormat::Text => Format::Text {
                    color: color(&std::io::stdout()),
                },
                DiffFormat::Markdown => {
                    let max = max_bytes.unwrap_or(MARKDOWN_MAX_BYTES);
                    let options = MarkdownOptions {
                        max_bytes: (max > 0).then_some(max),
                        redline_command: inputs.redline_command(),
                    };
                    let text = render_markdown(&report, &options);
                    if let Err(failed) = print_stdout(text.as_bytes()) {
                        return failed;
                    }
                    return exit(exit_code && report.changed);
                }
                DiffFormat::Html => Format::Html,
                DiffFormat::Json => Format::Json,
            };
            if let Err(failed) = print_stdout(render(&report, format).as_bytes()) {
                return failed;
            }
            exit(exit_code && report.changed)
        }
        Command::Release {
            date,
            effective,
            message,
            message_file,
            dry_run,
            today,
            format,
            rebase,
            onto,
            bring_forward,
        } => {
            let outcome = commands::release::release(&commands::release::Options {
                root,
                date,
                effective,
                bring_forward,
                message,
                message_file,
                messages: Default::default(),
                dry_run,
                today,
                rebase,
                onto,
                // A release waiting for another would look hung.
                pause: commands::release::Pause::new(|step| {
                    if step == commands::release::Step::Waiting {
                        let lock = policyc::source::layout::lock(std::path::Path::new(""));
                        eprintln!(
                            "waiting for another release to finish ({})…",
                            lock.display()
                        );
                    }
                }),
            });
            print_diagnostics(&outcome.diagnostics, &outcome.sources);
            if let Some(usage) = &outcome.usage {
                eprintln!("error: {}", escape_controls(usage));
                return ExitCode::from(2);
            }
            if outcome
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
            {
                return failure("nothing was released; history/ is unchanged");
            }
            let printed = if format == ReleaseFormat::Json {
                let summary = outcome.summary(dry_run);
                let mut json = serde_json::to_string_pretty(&summary).unwrap_or_default();
                json.push('\n');
                print_stdout(json.as_bytes())
            } else if let Some(report) = &outcome.report {
                let format = Format::Text {
                    color: color(&std::io::stdout()),
                };
                print_stdout(render(report, format).as_bytes())
            } else {
                Ok(())
            };
            if let Err(failed) = printed {
                return failed;
            }
            if let Some(rebased) = &outcome.rebased {
                if rebased.releases.is_empty() {
                    eprintln!(
                        "Nothing to rebase: history/ holds every release of {} already.",
                        rebased.branch
                    );
                    return ExitCode::SUCCESS;
                }
                let list: Vec<String> = rebased
                    .releases
                    .iter()
                    .map(|(n, date)| format!("release {n} ({date})"))
                    .collect();
                eprintln!(
                    "Rebasing {} of {} onto history/",
                    list.join(", "),
                    rebased.branch
                );
            }
            match (&outcome.record, &outcome.path) {
                (None, _) => {
                    eprintln!(
                        "Nothing to release: no page's text or table changed since the last release."
                    )
                }
                (Some(r), Some(path)) => eprintln!(
                    "Recorded release {} ({}): {} new version{}{} in {}",
                    r.release,
                    r.date,
                    r.variants.len(),
                    plural(r.variants.len()),
                    withdrawals(r),
                    display_path(path)
                ),
                (Some(r), None) => eprintln!(
                    "Dry run: release {} ({}) would record {} new version{}{}; nothing was written.",
                    r.release,
                    r.date,
                    r.variants.len(),
                    plural(r.variants.len()),
                    withdrawals(r)
                ),
            }
            ExitCode::SUCCESS
        }
        Command::Verify {
            head,
            head_from,
            base,
        } => {
            let read = match (&head_from, &base) {
                (Some(path), _) => Some(commands::verify::head_from(path)),
                (None, Some(rev)) => Some(commands::verify::head_at(&root, rev)),
                (None, None) => None,
            };
            let head = match read {
                None => head,
                Some(Ok(head)) => head,
                Some(Err(d)) => {
                    print_diagnostics(&[d], &Default::default());
                    return failure("history/ was not checked");
                }
            };
            if let (Some(rev), None) = (&base, &head) {
                eprintln!(
                    "note: `{rev}` holds no release of this project, so there is no release of it to keep"
                );
            }
            let verified = commands::verify::run(&root, head.as_deref());
            print_diagnostics(&verified.diagnostics, &verified.sources);
            if verified.only_unreadable() {
                return failure("history/ could not be read; see above");
            }
            if verified.only_acks() {
                return failure(
                    "the releases in history/ are intact, but history/acks.yaml needs fixing; see above",
                );
            }
            if verified.failed() {
                return failure("history/ has been altered; see above");
            }
            let checked = verified.checked;
            eprintln!(
                "history/ is intact: {} release{}, {} stored version{} checked",
                checked.releases,
                plural(checked.releases),
                checked.snapshots,
                plural(checked.snapshots)
            );
            ExitCode::SUCCESS
        }
        Command::Show {
            doc,
            region,
            locale,
            at,
        } => {
            let key = VariantKey {
                doc,
                region,
                locale,
            };
            match commands::show::run(&root, &key, at.as_deref()) {
                Ok(shown) => {
                    eprintln!(
                        "{key}: version {}, released {}, in force on {}",
                        shown.version, shown.in_force_from, shown.day
                    );
                    match &shown.message {
                        Some((message, false)) => {
                            eprintln!("Release message: {}", escape_controls(message))
                        }
                        Some((message, true)) => eprintln!(
                            "Release message (in the default locale, none in {}): {}",
                            escape_controls(&key.locale),
                            escape_controls(message)
                        ),
                        None => {}
                    }
                    match print_stdout(shown.markdown.as_bytes()) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(failed) => failed,
                    }
                }
                Err(ShowError::History {
                    diagnostics,
                    sources,
                }) => {
                    print_diagnostics(&diagnostics, &sources);
                    ExitCode::from(1)
                }
                Err(ShowError::Message(message)) => failure(&message),
            }
        }
        Command::Translations {
            action,
            format,
            today,
        } => translations(root, action, format, today),
        Command::Serve {
            port,
            bind,
            allow_host,
            open,
            today,
        } => {
            match commands::serve::run(commands::serve::Options {
                root,
                bind,
                allow_hosts: allow_host,
                limits: commands::serve::Limits::default(),
                port,
                open,
                today,
                style: stderr_style(),
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => failure(&e.to_string()),
            }
        }
        Command::Init { dir, minimal } => {
            let dir = match dir {
                None => root,
                Some(dir) if root == Path::new(".") => dir,
                Some(dir) => {
                    eprintln!(
                        "error: init was given two folders, --root {} and {}: name the new project's folder once (`policyc init DIR`, or `policyc --root DIR init`)",
                        display_path(&root),
                        display_path(&dir)
                    );
                    return ExitCode::from(2);
                }
            };
            let written = if minimal {
                commands::init::init_minimal(&dir)
            } else {
                commands::init::init(&dir)
            };
            match written {
                Ok(created) => {
                    let added = if created.gitignore_added.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "\nAdded to the .gitignore already there: {}",
                            created.gitignore_added.join(" ")
                        )
                    };
                    eprintln!(
                        "Created a policy project in {} ({} files).{added}\n\nNext:\n  {}\n  policyc serve    # a live preview at http://127.0.0.1:4000/\n  policyc build    # the site, into out/",
                        display_path(&dir),
                        created.files.len(),
                        commands::init::cd_command(&dir)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => failure(&e.to_string()),
            }
        }
        Command::Completions { shell } => {
            let script = commands::manual::completions(Cli::command(), shell);
            match print_stdout(&script) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failed) => failed,
            }
        }
        Command::Man { out } => {
            let pages = commands::manual::man_pages(Cli::command());
            let Some(dir) = out else {
                let page = pages.first().map_or(&[][..], |page| &page.text);
                return match print_stdout(page) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(failed) => failed,
                };
            };
            match commands::manual::write_pages(&dir, &pages) {
                Ok(written) => {
                    eprintln!(
                        "Wrote {} manual pages into {}",
                        written.len(),
                        display_path(&dir)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => failure(&e.to_string()),
            }
        }
        Command::Xliff { action } => xliff(&root, action),
        Command::Import {
            source,
            doc,
            locale,
            split,
            dry_run,
            url,
            no_release,
            today,
            format,
        } => {
            let options = commands::import::Options {
                source,
                docs: doc,
                locale,
                root,
                split,
                dry_run,
                url,
                no_release,
                today,
            };
            match commands::import::run(&options) {
                Ok(report) => {
                    let text = match format {
                        ReportFormat::Human => import_report(&report),
                        ReportFormat::Json => {
                            let mut json =
                                serde_json::to_string_pretty(&report).unwrap_or_default();
                            json.push('\n');
                            json
                        }
                    };
                    match print_stdout(text.as_bytes()) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(failed) => failed,
                    }
                }
                // As `check --format json` prints them: a bot reads one shape.
                Err(failed) => match format {
                    ReportFormat::Human => {
                        print_diagnostics(&failed.diagnostics, &failed.sources);
                        ExitCode::from(1)
                    }
                    ReportFormat::Json => {
                        match print_stdout(render_json(&failed.diagnostics).as_bytes()) {
                            Ok(()) => ExitCode::from(1),
                            Err(failed) => failed,
                        }
                    }
                },
            }
        }
    }
}

/// `policyc xliff export|import`.
fn xliff(root: &Path, action: XliffAction) -> ExitCode {
    match action {
        XliffAction::Export {
            locale,
            doc,
            stale_only,
            output,
            today,
        } => {
            if let Some(path) = &output
                && let Err(failed) = commands::xliff::check_output(root, path)
            {
                print_diagnostics(&failed.diagnostics, &failed.sources);
                return ExitCode::from(1);
            }
            match commands::xliff::export(
                root,
                &locale,
                doc.as_deref(),
                stale_only,
                today.as_deref(),
            ) {
                Ok(None) => {
                    eprintln!("Nothing to translate for {locale}: no file written");
                    ExitCode::SUCCESS
                }
                Ok(Some(text)) => match output {
                    Some(path) => {
                        match policyc::history::store::write_atomically(&path, text.as_bytes()) {
                            Ok(()) => ExitCode::SUCCESS,
                            Err(e) => {
                                failure(&format!("could not write {}: {e}", display_path(&path)))
                            }
                        }
                    }
                    None => match print_stdout(text.as_bytes()) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(failed) => failed,
                    },
                },
                Err(failed) => {
                    print_diagnostics(&failed.diagnostics, &failed.sources);
                    ExitCode::from(1)
                }
            }
        }
        XliffAction::Import { file, dry_run } => {
            match commands::xliff::import(root, &file, dry_run) {
                Ok(imported) => {
                    print_diagnostics(&imported.warnings, &imported.sources);
                    let changes = imported.changes;
                    let verb = if dry_run { "Would write" } else { "Wrote" };
                    let mut out = String::new();
                    for c in &changes {
                        let made = if c.created { " (new)" } else { "" };
                        out.push_str(&format!(
                            "{verb} {}{made}: {} unit{} changed\n",
                            display_path(&c.path),
                            c.units,
                            plural(c.units)
                        ));
                    }
                    if changes.is_empty() {
                        out.push_str(
                            "Nothing to write: the translations already hold these targets\n",
                        );
                    }
                    match print_stdout(out.as_bytes()) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(failed) => failed,
                    }
                }
                Err(failed) => {
                    print_diagnostics(&failed.diagnostics, &failed.sources);
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// Says that a date line named a month only, wrote a two-digit year, or
/// reads two ways.
fn how_read(month_only: bool, two_digit_year: bool, other: Option<String>, day: &str) -> String {
    let mut said = String::new();
    if month_only {
        said.push_str(", a month only: its first day");
    }
    if two_digit_year {
        let year = day.get(..4).unwrap_or(day);
        said.push_str(&format!(", a two-digit year: read as {year}"));
    }
    if let Some(other) = other {
        said.push_str(&format!(", or {other} read the other way: see the note"));
    }
    said
}

/// The import's report, for people: what was found, written, released and
/// left out.
fn import_report(report: &commands::import::Report) -> String {
    let mut out = String::new();
    let verb = if report.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    let project = if report.created_project {
        format!("a new project in {}", report.root)
    } else {
        format!("the project in {}", report.root)
    };
    out.push_str(&format!(
        "{verb} {} (read as {}) into {project}, locale {}{}\n",
        report.source,
        report.read_as,
        report.locale,
        if report.locale_added {
            " (added to policyc.yaml)"
        } else {
            ""
        }
    ));
    if !report.gitignore_added.is_empty() {
        out.push_str(&format!(
            "{} to the .gitignore already there: {}\n",
            if report.dry_run { "Would add" } else { "Added" },
            report.gitignore_added.join(" ")
        ));
    }
    for doc in &report.documents {
        out.push_str(&format!(
            "\nDocument `{}`: {} -> {}\n",
            doc.id, doc.title, doc.path
        ));
        out.push_str(&format!("  Sections ({}):\n", doc.sections.len()));
        for s in &doc.sections {
            let indent = "  ".repeat(s.level.saturating_sub(1));
            out.push_str(&format!("  {indent}{}  {{#{}}}\n", s.heading, s.id));
        }
        if let Some(t) = &doc.translation {
            let matched = t
                .sections
                .iter()
                .filter(|s| s.source_heading.is_some())
                .count();
            out.push_str(&format!(
                "  Ids: those of the {} version, where a section matches one for certain ({matched} of {} section{}):\n",
                t.source_locale,
                t.sections.len(),
                plural(t.sections.len())
            ));
            for s in &t.sections {
                match &s.source_heading {
                    Some(source) => {
                        out.push_str(&format!("    {} = {source}  {{#{}}}\n", s.heading, s.id))
                    }
                    None => out.push_str(&format!(
                        "    {}  {{#{}}}: matches no {} section, keeps its own id\n",
                        s.heading, s.id, t.source_locale
                    )),
                }
            }
            for m in &t.missing {
                out.push_str(&format!(
                    "    {} {}  {{#{}}}: no section of the translation matches it\n",
                    t.source_locale, m.heading, m.id
                ));
            }
        }
        for d in &doc.dates {
            out.push_str(&format!(
                "  Date: {} {} (from the line “{}”{}): {}\n",
                d.line.kind.label(),
                d.line.day,
                d.line.line,
                how_read(
                    d.line.month_only,
                    d.line.two_digit_year,
                    d.line.other_reading.map(|o| o.to_string()),
                    &d.line.day.to_string()
                ),
                d.note
            ));
        }
        for d in &doc.dates_left_in_text {
            let day = d.day.as_deref().unwrap_or("(no such day)");
            out.push_str(&format!(
                "  Date left in the text: {} {day} (the line “{}”{}): {}\n",
                d.kind.label(),
                d.line,
                how_read(d.month_only, d.two_digit_year, d.other_reading.clone(), day),
                d.note
            ));
        }
        match &doc.release {
            None => out.push_str("  Release: none (no date line)\n"),
            Some(r) => {
                let mut effective = r
                    .effective
                    .as_ref()
                    .map(|e| format!(", effective {e}"))
                    .unwrap_or_default();
                if let Some(earlier) = &r.earlier_effective {
                    effective.push_str(&format!(
                        "; its message says the page was effective from {earlier}"
                    ));
                }
                match (&r.not_recorded, r.number) {
                    (Some(why), _) => out.push_str(&format!(
                        "  Release: not recorded ({why}); its date is {}{effective}\n",
                        r.date
                    )),
                    (None, Some(n)) => out.push_str(&format!(
                        "  Release: recorded as release {n}, dated {}{effective}\n",
                        r.date
                    )),
                    (None, None) => out.push_str(&format!(
                        "  Release: would be recorded, dated {}{effective}\n",
                        r.date
                    )),
                }
            }
        }
    }
    if !report.notices.is_empty() {
        out.push_str("\nRegional notices linked from the page (candidate supplements or region-only documents):\n");
        for n in &report.notices {
            let region = n
                .region
                .as_ref()
                .map(|r| format!(" (region `{r}`?)"))
                .unwrap_or_default();
            out.push_str(&format!("  “{}” -> {}{region}\n", n.text, n.target));
        }
    }
    out.push_str(&format!(
        "\nLeft out as site chrome ({} block{}):\n",
        report.dropped.len(),
        plural(report.dropped.len())
    ));
    for d in &report.dropped {
        let words = Some(d.first_words.as_str()).filter(|w| !w.is_empty());
        out.push_str(&format!("  {}: {}\n", d.kind, words.unwrap_or("(no text)")));
    }
    for note in &report.notes {
        out.push_str(&format!("\nNote: {note}\n"));
    }
    if report.dry_run {
        out.push_str("\nDry run: nothing was written.\n");
    } else {
        out.push_str("\nNext: read the document, then `policyc check` and `policyc serve`.\n");
    }
    // Words from the page may hold control characters: each line is escaped.
    out.lines()
        .map(|line| format!("{}\n", escape_controls(line)))
        .collect()
}

/// Prints what a command writes on stdout, whole. A write that fails (a
/// full disk behind `> comment.md`) is an error, exit 1, so that CI does
/// not pass on an empty file; a reader that has gone (`policyc diff |
/// head`) had what it wanted, and the command ends quietly as it would
/// have.
/// `policyc translations` and `translations ack`.
fn translations(
    root: PathBuf,
    action: Option<TranslationsAction>,
    format: ReportFormat,
    today: Option<String>,
) -> ExitCode {
    use commands::translations::{AckOptions, ack, acks_file, run, section_name};
    match action {
        None => {
            let outcome = run(&root, today.as_deref());
            print_diagnostics(&outcome.diagnostics, &outcome.sources);
            let Some(status) = outcome.result else {
                return failure("the translations could not be checked; see above");
            };
            let text = match format {
                ReportFormat::Human => policyc::translations::text(&status),
                ReportFormat::Json => {
                    let mut json = serde_json::to_string_pretty(&status).unwrap_or_default();
                    json.push('\n');
                    json
                }
            };
            if let Err(failed) = print_stdout(text.as_bytes()) {
                return failed;
            }
            exit(!status.summary.complete())
        }
        Some(TranslationsAction::Ack {
            doc,
            locale,
            section,
            region,
        }) => {
            let outcome = ack(&AckOptions {
                root,
                doc: doc.clone(),
                locale: locale.clone(),
                section: section.clone(),
                region: region.clone(),
                today,
            });
            print_diagnostics(&outcome.diagnostics, &outcome.sources);
            let Some(acked) = outcome.result else {
                return failure("nothing was acknowledged");
            };
            let names = |list: &[policyc::history::acks::Ack]| {
                list.iter()
                    .map(|a| format!("{} (release {})", section_name(&a.section), a.release))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let what = match (&section, &region) {
                (Some(id), _) => format!("{} of {doc}", section_name(id)),
                (None, _) => doc.clone(),
            };
            let pages = region
                .map(|r| format!(" on the pages of {r}"))
                .unwrap_or_default();
            if acked.sections.is_empty() && acked.already.is_empty() {
                eprintln!(
                    "Nothing to acknowledge: the {locale} translation of {what}{pages} does not lag behind its source; {} is unchanged.",
                    acks_file()
                );
            } else if acked.sections.is_empty() {
                eprintln!(
                    "Nothing new to acknowledge: the {locale} translation of {} is acknowledged already; {} is unchanged.",
                    names(&acked.already),
                    acks_file()
                );
            } else {
                eprintln!(
                    "Acknowledged the {locale} translation of {doc}{pages}: {}, checked against the source of that release. Recorded in {}; commit it with the sources.",
                    names(&acked.sections),
                    acks_file()
                );
            }
            ExitCode::SUCCESS
        }
    }
}

fn print_stdout(bytes: &[u8]) -> Result<(), ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(failure(&format!("could not write the output: {e}"))),
    }
}

/// What a failed build did to its output directory `out`, which `existed`
/// before: a build writes it whole or not at all, so only a swap that failed
/// halfway (reported above) can have moved the previous site away.
fn output_after_failure(out: &Path, shown: &str, existed: bool) -> String {
    match (existed, out.exists()) {
        (false, _) => "nothing was written".to_string(),
        (true, true) => format!("{shown} was left as it was"),
        (true, false) => format!("the previous site is no longer in {shown}; see above"),
    }
}

/// Whether to colour what goes to `stream`: a terminal, and `NO_COLOR`
/// unset.
fn color(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// How messages are printed on stderr: wrapped to the terminal's width on
/// a terminal, never wrapped in a pipe or a CI log.
fn stderr_style() -> HumanStyle {
    let stderr = std::io::stderr();
    let width = stderr.is_terminal().then(|| {
        terminal_size::terminal_size_of(&stderr)
            .map_or(DEFAULT_WIDTH, |(width, _)| usize::from(width.0))
    });
    HumanStyle {
        color: color(&stderr),
        width,
    }
}

/// `--head`: a record hash, as the last line of a record and a site's
/// `manifest.json` give it.
fn record_hash(text: &str) -> Result<String, String> {
    if policyc::history::verify::is_record_hash(text) {
        return Ok(text.to_string());
    }
    Err("a record hash is `sha256:` and 64 lower-case hex digits: the `history_head` of a site's manifest.json, or the `# record-hash:` line of a record".into())
}

/// A name given to `serve --allow-host`, checked as the argument is read
/// (a wrong one is a usage error).
fn allowed_host(name: &str) -> Result<String, String> {
    commands::serve::parse_host_name(name).map(|_| name.to_string())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// ", 2 withdrawals" after a release's count of versions, when it has
/// some, and ", 3 table versions" when it records tables.
fn withdrawals(record: &policyc::history::record::Record) -> String {
    let mut more = match record.withdrawn.len() {
        0 => String::new(),
        n => format!(", {n} withdrawal{}", plural(n)),
    };
    if let n @ 1.. = record.facts.len() {
        more.push_str(&format!(", {n} table version{}", plural(n)));
    }
    more
}

/// Prints diagnostics as rustc does, then how many errors there were.
fn print_diagnostics(list: &[Diagnostic], sources: &SourceFiles) {
    if list.is_empty() {
        return;
    }
    let _ = std::io::stderr().write_all(render_human(list, sources, stderr_style()).as_bytes());
    let errors = list
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!("{errors} error{} found", plural(errors));
    }
}

/// Exit code 1 when `failed`, else 0.
fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn failure(message: &str) -> ExitCode {
    eprintln!("error: {}", escape_controls(message));
    ExitCode::from(1)
}
