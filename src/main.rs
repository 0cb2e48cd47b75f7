//! The `policyc` command line: parses arguments and calls the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use policyc::build::{self, Mode, Options, Outcome};
use policyc::diagnostics::{HumanStyle, display_path, render_human, render_json};

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
    },
    /// Validate the sources without writing anything; exit 1 on any error.
    Check {
        /// Treat warnings (missing translations, headings without ids) as errors.
        #[arg(long)]
        strict: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Start a new policy project in DIR from the example.
    Init {
        /// A new or empty directory.
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Messages for people, with the source line and a caret.
    Human,
    /// A JSON document with every diagnostic.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { out, quiet } => {
            let started = Instant::now();
            let out = out.unwrap_or_else(|| cli.root.join("out"));
            let outcome = build::run(&Options {
                root: cli.root,
                mode: Mode::Build { out },
                strict: false,
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
        Command::Check { strict, format } => {
            let outcome = build::run(&Options {
                root: cli.root,
                mode: Mode::Check,
                strict,
            });
            match format {
                Format::Human => {
                    print_human(&outcome);
                    if !outcome.failed() {
                        let warnings = outcome.diagnostics.len();
                        eprintln!("check passed ({warnings} warning{})", plural(warnings));
                    }
                }
                Format::Json => {
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
        Command::Init { dir } => match policyc::init::init(&dir) {
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
        .filter(|d| d.severity == policyc::diagnostics::Severity::Error)
        .count();
    if errors > 0 {
        eprintln!("{errors} error{} found", plural(errors));
    }
}

fn failure(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(1)
}
