//! `policyc completions` and `policyc man`: shell completion scripts and
//! manual pages, generated from the command line's own definitions (which
//! `main.rs` hands in), so that every new command and flag appears in them.

use std::path::{Path, PathBuf};

use crate::history::store::write_atomically;

pub use clap_complete::Shell;

/// The completion script of `cmd` for `shell`, as the shell sources it.
pub fn completions(mut cmd: clap::Command, shell: Shell) -> Vec<u8> {
    let name = cmd.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut script);
    script
}

/// One manual page: its file name (`policyc-build.1`) and its roff text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManPage {
    /// The file name, in section 1.
    pub file: String,
    /// The page, as `man` reads it.
    pub text: Vec<u8>,
}

/// The manual pages of `cmd`: its own (`policyc.1`) first, then one per
/// subcommand (`policyc-build.1`, …), in the order they are defined.
pub fn man_pages(cmd: clap::Command) -> Vec<ManPage> {
    // As clap_mangen's `generate_to`: `help` is no command of its own, and
    // a built command knows its subcommands' full names (`policyc-build`).
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(cmd, &mut pages);
    pages
}

fn collect(cmd: clap::Command, pages: &mut Vec<ManPage>) {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut text = Vec::new();
    // Rendering into memory cannot fail.
    if man.render(&mut text).is_ok() {
        pages.push(ManPage {
            file: man.get_filename(),
            text,
        });
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub.clone(), pages);
    }
}

/// Why the manual pages could not be written.
#[derive(Debug, thiserror::Error)]
#[error(
    "could not write `{}`: {source}",
    crate::diagnostics::display_path(path)
)]
pub struct ManError {
    /// The folder or file being written.
    pub path: PathBuf,
    /// What the system said.
    pub source: std::io::Error,
}

/// Writes `pages` into `dir` (made if missing), each file whole or not at
/// all (written beside it, then renamed over it), readable by all as a
/// plain create makes it (`sudo policyc man --out /usr/local/share/man/man1`
/// serves every user). Returns the paths written.
pub fn write_pages(dir: &Path, pages: &[ManPage]) -> Result<Vec<PathBuf>, ManError> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ManError { path, source }
    };
    std::fs::create_dir_all(dir).map_err(failed(dir))?;
    let mut written = Vec::new();
    for page in pages {
        let path = dir.join(&page.file);
        write_atomically(&path, &page.text).map_err(failed(&path))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli() -> clap::Command {
        clap::Command::new("policyc")
            .about("Compile policies.")
            .subcommand(
                clap::Command::new("build")
                    .about("Render the site.")
                    .arg(clap::Arg::new("frozen").long("frozen").num_args(0)),
            )
            .subcommand(clap::Command::new("check").about("Validate."))
    }

    #[test]
    fn every_subcommand_gets_a_man_page_named_for_it() {
        let pages = man_pages(cli());
        let files: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["policyc.1", "policyc-build.1", "policyc-check.1"]);
        let build = String::from_utf8_lossy(&pages[1].text);
        assert!(build.contains("frozen"), "{build}");
    }

    #[test]
    fn completions_name_the_flags() {
        let script = String::from_utf8(completions(cli(), Shell::Bash)).unwrap();
        assert!(script.contains("--frozen"), "{script}");
    }

    #[test]
    fn pages_are_written_into_a_new_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("man/man1");
        let written = write_pages(&out, &man_pages(cli())).unwrap();
        assert_eq!(written.len(), 3);
        assert!(out.join("policyc-check.1").is_file());
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);
    }
}
