//! The `policyc` command line: parses arguments and calls the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use policyc::diagnostics::{
    Diagnostics, HumanStyle, Severity, SourceFiles, display_path, render_human, render_json,
};
use policyc::diff::format::{Format, render};
use policyc::diff::{Report, diff_projects, report_files};
use policyc::resolve::VariantKey;
use policyc::site::{self, Mode, Options, Outcome};

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
        /// What the release is about, kept in the record.
        #[arg(long, short, value_name = "TEXT")]
        message: Option<String>,
        /// Show what would be recorded; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// What today is (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or the clock).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Check that history/ is intact: the record chain and every stored text.
    Verify,
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
    /// (no arguments), two Markdown files, or two projects.
    Diff {
        /// The old Markdown file (with NEW).
        #[arg(requires = "new", conflicts_with_all = ["from", "to"])]
        old: Option<PathBuf>,
        /// The new Markdown file.
        new: Option<PathBuf>,
        /// The old project directory; every variant is compared.
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
        /// The new project directory (default: --root).
        #[arg(long, value_name = "DIR", requires = "from")]
        to: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit 1 when the versions differ in text, 0 otherwise.
        #[arg(long)]
        exit_code: bool,
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
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// The date to build for (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or today).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Start a new policy project in DIR from the example.
    Init {
        /// A new or empty directory.
        dir: PathBuf,
    },
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

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    /// Messages for people, with the source line and a caret.
    Human,
    /// A JSON document with every diagnostic.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            out,
            quiet,
            frozen,
            today,
        } => {
            let started = Instant::now();
            let out = out.unwrap_or_else(|| cli.root.join(policyc::source::layout::OUT));
            let outcome = site::run(&Options {
                root: cli.root,
                mode: Mode::Build { out },
                strict: false,
                frozen,
                today,
            });
            print_human(&outcome);
            match &outcome.summary {
                Some(summary) if !outcome.failed() => {
                    if !quiet {
                        let out = summary.out.as_deref().map(display_path).unwrap_or_default();
                        eprintln!(
                            "Built {} pages ({} documents) into {out} in {:.2} s",
                            summary.pages,
                            summary.documents,
                            started.elapsed().as_secs_f64()
                        );
                    }
                    ExitCode::SUCCESS
                }
                _ => failure("build failed; out/ was left as it was"),
            }
        }
        Command::Check {
            strict,
            format,
            today,
        } => {
            let outcome = site::run(&Options {
                root: cli.root,
                mode: Mode::Check,
                strict,
                frozen: false,
                today,
            });
            match format {
                CheckFormat::Human => {
                    print_human(&outcome);
                    if !outcome.failed() {
                        let warnings = outcome.diagnostics.len();
                        eprintln!("check passed ({warnings} warning{})", plural(warnings));
                    }
                }
                CheckFormat::Json => {
                    let _ =
                        std::io::stdout().write_all(render_json(&outcome.diagnostics).as_bytes());
                }
            }
            if outcome.failed() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Diff {
            old,
            new,
            from,
            to,
            format,
            exit_code,
        } => {
            let report = match (old, new, from) {
                (Some(old), Some(new), _) => diff_files(&old, &new),
                (_, _, Some(from)) => diff_dirs(&from, &to.unwrap_or(cli.root)),
                _ => diff_release(&cli.root),
            };
            let report = match report {
                Ok(report) => report,
                Err(code) => return code,
            };
            let format = match format {
                DiffFormat::Text => Format::Text {
                    color: std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none(),
                },
                DiffFormat::Markdown => Format::Markdown,
                DiffFormat::Html => Format::Html,
                DiffFormat::Json => Format::Json,
            };
            let _ = std::io::stdout().write_all(render(&report, format).as_bytes());
            if exit_code && report.changed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Release {
            date,
            effective,
            message,
            dry_run,
            today,
        } => {
            let outcome =
                policyc::commands::release::release(&policyc::commands::release::Options {
                    root: cli.root,
                    date,
                    effective,
                    message,
                    dry_run,
                    today,
                });
            print_diagnostics(&outcome.diagnostics, &outcome.sources);
            if outcome
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
            {
                return failure("nothing was released; history/ is unchanged");
            }
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            if let Some(report) = &outcome.report {
                let _ =
                    std::io::stdout().write_all(render(report, Format::Text { color }).as_bytes());
            }
            match (&outcome.record, &outcome.path) {
                (None, _) => {
                    eprintln!("Nothing to release: no page's text changed since the last release.")
                }
                (Some(r), Some(path)) => eprintln!(
                    "Recorded release {} ({}): {} new version{} in {}",
                    r.release,
                    r.date,
                    r.variants.len(),
                    plural(r.variants.len()),
                    display_path(path)
                ),
                (Some(r), None) => eprintln!(
                    "Dry run: release {} ({}) would record {} new version{}; nothing was written.",
                    r.release,
                    r.date,
                    r.variants.len(),
                    plural(r.variants.len())
                ),
            }
            ExitCode::SUCCESS
        }
        Command::Verify => {
            let diags = Diagnostics::default();
            let history = policyc::history::load(&cli.root, &diags);
            let checked = policyc::history::verify::verify(&history, &diags);
            let list = diags.sorted();
            print_diagnostics(&list, &history.sources);
            if diags.has_errors() {
                return failure("history/ has been altered; see above");
            }
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
        } => show(
            &cli.root,
            VariantKey {
                doc,
                region,
                locale,
            },
            at.as_deref(),
        ),
        Command::Serve {
            port,
            bind,
            open,
            today,
        } => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            match policyc::commands::serve::run(policyc::commands::serve::Options {
                root: cli.root,
                bind,
                port,
                open,
                today,
                style: HumanStyle { color },
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => failure(&e.to_string()),
            }
        }
        Command::Init { dir } => match policyc::commands::init::init(&dir) {
            Ok(files) => {
                eprintln!(
                    "Created a policy project in {} ({} files). Next: cd {} && policyc build",
                    display_path(&dir),
                    files.len(),
                    display_path(&dir)
                );
                ExitCode::SUCCESS
            }
            Err(e) => failure(&e.to_string()),
        },
    }
}

/// Reads a Markdown file for `diff`, with a message a user can act on.
fn read_markdown(path: &Path) -> Result<String, ExitCode> {
    let shown = display_path(path);
    if path.is_dir() {
        return Err(failure(&format!(
            "`{shown}` is a directory; give a Markdown file, or compare projects with --from DIR"
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| failure(&format!("could not read `{shown}`: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        failure(&format!(
            "`{shown}` is not valid UTF-8 (at byte {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn diff_files(old: &Path, new: &Path) -> Result<Report, ExitCode> {
    let old_text = read_markdown(old)?;
    let new_text = read_markdown(new)?;
    let name = new
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    Ok(report_files(&name, &old_text, &new_text))
}

fn diff_dirs(from: &Path, to: &Path) -> Result<Report, ExitCode> {
    diff_projects(from, to).map_err(|broken| {
        eprintln!(
            "error: the {} project ({}) has errors:",
            broken.side,
            display_path(if broken.side == "--from" { from } else { to })
        );
        print_human(&Outcome {
            diagnostics: broken.diagnostics,
            sources: broken.sources,
            summary: None,
        });
        ExitCode::from(1)
    })
}

/// `policyc diff` with no arguments: the sources against the last release.
fn diff_release(root: &Path) -> Result<Report, ExitCode> {
    let diags = Diagnostics::default();
    let project = policyc::source::load(root, &diags);
    let history = policyc::history::load(root, &diags);
    let compared = if diags.has_errors() {
        None
    } else {
        policyc::commands::release::compare_with_history(&project, &history, &diags)
    };
    match compared {
        Some(compared) => Ok(policyc::commands::release::report_of(&compared)),
        None => {
            print_diagnostics(&diags.sorted(), &project.sources);
            Err(ExitCode::from(1))
        }
    }
}

fn show(root: &Path, key: VariantKey, at: Option<&str>) -> ExitCode {
    let diags = Diagnostics::default();
    let history = policyc::history::load(root, &diags);
    if diags.has_errors() {
        print_diagnostics(&diags.sorted(), &history.sources);
        return ExitCode::from(1);
    }
    let day = match at
        .map(policyc::history::parse_date)
        .unwrap_or_else(|| policyc::history::today(None))
    {
        Ok(day) => day,
        Err(e) => return failure(&format!("--at: {e}")),
    };
    let Some((record, entry)) = history.in_force(&key, &day) else {
        return failure(&format!("{key} had no released version in force on {day}"));
    };
    match policyc::history::Captured::load(&history.store, &entry.snapshot) {
        Ok(released) => {
            eprintln!(
                "{key}: version {}, released {}, in force on {day}",
                entry.version,
                record.in_force_from()
            );
            let _ = std::io::stdout().write_all(released.markdown().as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => failure(&format!("{e}; run `policyc verify`")),
    }
}

fn print_diagnostics(list: &[policyc::diagnostics::Diagnostic], sources: &SourceFiles) {
    print_human(&Outcome {
        diagnostics: list.to_vec(),
        sources: sources.clone(),
        summary: None,
    });
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_human(outcome: &Outcome) {
    if outcome.diagnostics.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = render_human(&outcome.diagnostics, &outcome.sources, HumanStyle { color });
    let _ = std::io::stderr().write_all(text.as_bytes());
    let errors = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!("{errors} error{} found", plural(errors));
    }
}

fn failure(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(1)
}
