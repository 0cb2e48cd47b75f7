//! `policyc init`: a new project holding the example content, or a
//! minimal skeleton (`--minimal`, which `import` writes too), so editors
//! start from something that builds.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::{display_path, shell_word};
use crate::history::store::write_atomically;
use crate::source::layout;

static POLICIES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");
static REGIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/regions");
static FACTS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/facts");
static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
const CONFIG: &str = include_str!("../../policyc.yaml");

/// Why a project could not be created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The directory already has files (other than a repository's
    /// dot-files).
    #[error(
        "`{0}` is not empty; policyc init only writes into a new or empty directory (or one holding only dot-files, such as a git repository's `.git` and `.gitignore`), so nothing there is overwritten"
    )]
    NotEmpty(PathBuf),
    /// A file the skeleton would write is already there.
    #[error(
        "`{0}` already exists; policyc writes a new project only where none of its files are, so nothing is overwritten"
    )]
    Exists(PathBuf),
    /// A file system error.
    #[error("could not write `{path}`: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// What `init` (or an import's skeleton) wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Created {
    /// The files written, relative to the folder.
    pub files: Vec<PathBuf>,
    /// The lines added to a `.gitignore` that was there already (empty
    /// when it had them all, or when the project's own was written).
    pub gitignore_added: Vec<String>,
}

/// Writes the example project into `dir`, which must be new, empty, or
/// hold only dot-files (a git repository's `.git`, `.gitignore`): a
/// `.gitignore` there gets the lines it lacks. Returns what was written.
pub fn init(dir: &Path) -> Result<Created, InitError> {
    only_dot_files(dir)?;
    let mut files: Vec<(PathBuf, &[u8])> = vec![(layout::config(), CONFIG.as_bytes())];
    // The example is this repository's own project, embedded folder by
    // folder; the layout says where each goes.
    for (name, embedded) in [
        (layout::POLICIES, &POLICIES),
        (layout::REGIONS, &REGIONS),
        (layout::FACTS, &FACTS),
        (layout::TEMPLATES, &TEMPLATES),
    ] {
        collect(embedded, Path::new(name), &mut files);
    }
    files.sort();
    let gitignore = gitignore_file();
    with_gitignore(dir, files, &gitignore)
}

/// Writes the minimal skeleton (one document, one region, one locale,
/// `en-US`) into `dir`, which must be new, empty, or hold only dot-files.
/// Returns what was written.
pub fn init_minimal(dir: &Path) -> Result<Created, InitError> {
    only_dot_files(dir)?;
    write_skeleton(dir, "en-US", true)
}

/// Writes the minimal skeleton for `locale` into `dir`: `policyc.yaml`,
/// one region, `.gitignore` (or, when the folder has one, a repository's,
/// the lines it lacks added at its end) and, with `example`, one short
/// document. Every file says in a comment what it is for. Any other file
/// already there is an error, never overwritten (`import` writes a
/// project into a folder that may hold other things).
pub fn write_skeleton(dir: &Path, locale: &str, example: bool) -> Result<Created, InitError> {
    let files = skeleton(locale, example);
    let files: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(rel, text)| (rel.clone(), text.as_bytes()))
        .collect();
    with_gitignore(dir, files, &gitignore_file())
}

/// The files [`write_skeleton`] writes (or, for `.gitignore`, may add
/// lines to), relative to the folder.
pub fn skeleton_paths(locale: &str, example: bool) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = skeleton(locale, example)
        .into_iter()
        .map(|(rel, _)| rel)
        .chain([PathBuf::from(layout::GITIGNORE)])
        .collect();
    paths.sort();
    paths
}

/// The lines a `.gitignore` already in `dir` lacks, which the skeleton
/// would add to it (none when there is no such file, or it is a link).
pub fn gitignore_additions(dir: &Path) -> Vec<String> {
    let path = dir.join(layout::GITIGNORE);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => std::fs::read(&path)
            .map(|bytes| missing_ignores(&String::from_utf8_lossy(&bytes)))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `files` written into `dir` with the project's `.gitignore`: written
/// whole when there is none, else the lines it lacks appended (the
/// user's lines untouched). Nothing is written if any of `files` exists.
fn with_gitignore<'a>(
    dir: &Path,
    mut files: Vec<(PathBuf, &'a [u8])>,
    gitignore: &'a str,
) -> Result<Created, InitError> {
    if let Some((rel, _)) = files.iter().find(|(rel, _)| dir.join(rel).exists()) {
        return Err(InitError::Exists(rel.clone()));
    }
    let rel = PathBuf::from(layout::GITIGNORE);
    let path = dir.join(&rel);
    let io = |source| InitError::Io {
        path: path.clone(),
        source,
    };
    // A link (or anything but a file) is left alone: what it leads to is
    // not the project's.
    let existing = match std::fs::symlink_metadata(&path) {
        Ok(meta) if !meta.is_file() => Some(None),
        Ok(_) => Some(Some(std::fs::read(&path).map_err(io)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    let added = match &existing {
        Some(Some(old)) => missing_ignores(&String::from_utf8_lossy(old)),
        _ => Vec::new(),
    };
    let appended = match &existing {
        Some(Some(old)) if !added.is_empty() => {
            let mut new = old.clone();
            if !new.is_empty() && !new.ends_with(b"\n") {
                new.push(b'\n');
            }
            new.extend_from_slice(GITIGNORE_ADDED_COMMENT.as_bytes());
            for line in &added {
                new.extend_from_slice(line.as_bytes());
                new.push(b'\n');
            }
            Some(new)
        }
        _ => None,
    };
    if existing.is_none() {
        files.push((rel.clone(), gitignore.as_bytes()));
    }
    files.sort();
    let mut written = write_files(dir, &files)?;
    if let Some(bytes) = appended {
        write_atomically(&path, &bytes).map_err(io)?;
        written.push(rel);
        written.sort();
    }
    Ok(Created {
        files: written,
        gitignore_added: added,
    })
}

/// What a new project's `.gitignore` says first.
const GITIGNORE_COMMENT: &str = "\
# Files policyc writes that are not sources: the built site (out/), the
# lock a release holds, and the folders a build leaves beside out/ if it
# is interrupted. `history/` is not here: commit it.
";

/// The line before the lines added to a `.gitignore` already there.
const GITIGNORE_ADDED_COMMENT: &str =
    "# Added by policyc: the built site and the files a build or release leaves.\n";

/// A new project's `.gitignore`: its comment, then the layout's lines.
fn gitignore_file() -> String {
    format!("{GITIGNORE_COMMENT}{}", layout::gitignore())
}

/// The layout's `.gitignore` lines that `existing` lacks (a line written
/// with or without its leading `/`, or with spaces around it, counts).
fn missing_ignores(existing: &str) -> Vec<String> {
    let have: Vec<&str> = existing
        .lines()
        .map(|l| l.trim().trim_start_matches('/'))
        .collect();
    layout::gitignore()
        .lines()
        .filter(|line| !have.contains(&line.trim_start_matches('/')))
        .map(str::to_string)
        .collect()
}

/// `dir` is new, empty, or holds only dot-files (a repository's `.git`,
/// `.gitignore`, `.github`…).
fn only_dot_files(dir: &Path) -> Result<(), InitError> {
    if !dir.exists() {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|source| InitError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| InitError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    Ok(())
}

/// The command that goes into `dir` from where policyc ran, to copy and
/// paste: `./` before a name that starts with `-` (which `cd` would read
/// as an option), quoted for the shell where it has to be.
pub fn cd_command(dir: &Path) -> String {
    let shown = display_path(dir);
    let shown = if shown.starts_with('-') {
        format!("./{shown}")
    } else {
        shown
    };
    format!("cd {}", shell_word(&shown))
}

/// The skeleton's files and their text.
fn skeleton(locale: &str, example: bool) -> Vec<(PathBuf, String)> {
    let settings = [
        ("name: Legal Center".to_string(), "the site's title"),
        (
            "base_url: https://legal.example.com/".to_string(),
            "where the site is published",
        ),
        (
            format!("default_locale: {locale}"),
            "the language documents are written in first",
        ),
        (
            format!("locales: [{locale}]"),
            "every language the site publishes",
        ),
        (
            "variables:".to_string(),
            "used in documents as {{ company }}",
        ),
    ];
    // The comments in one column, whatever the locale's length.
    let width = settings
        .iter()
        .map(|(s, _)| s.chars().count())
        .max()
        .unwrap_or(0);
    let mut config = String::from(
        "\
# The project's settings: the site's title and address, its languages, and
# words every document can use. `policyc check` reports any mistake here.
",
    );
    for (setting, comment) in &settings {
        config.push_str(&format!("{setting:<width$}  # {comment}\n"));
    }
    config.push_str("  company: Example Co.\n  privacy_email: privacy@example.com\n");
    let region = format!(
        "\
# A region: the readers of one place, who get pages of their own. It may
# set its own variables, and regions/global/<doc>.<locale>.md may replace or
# add sections of a document for it. More regions go beside this file;
# `parent: global` makes one inherit this one's locales and variables.
name: Global
locales: [{locale}]
"
    );
    let mut files = vec![
        (layout::config(), config),
        (layout::region(crate::source::IMPLICIT_REGION), region),
    ];
    if example {
        files.push((
            layout::document("privacy", locale),
            EXAMPLE_DOCUMENT.to_string(),
        ));
    }
    files.sort();
    files
}

/// The skeleton's one document. Its comment is formatting: it never shows,
/// and editing it never moves the page's date.
const EXAMPLE_DOCUMENT: &str = "\
---
title: Privacy Policy
summary: What we collect, why, and the choices you have.
---
<!-- One document in one language: policies/<doc>/<locale>.md. Each heading
ends with a stable id in braces; keep it when you reword the heading, since
versions, translations and links follow sections by their id. -->

{{ company }} keeps only what it needs to run the service.

## What we collect {#collect}

The name and email address you give us when you sign up.

## Your choices {#choices}

Write to {{ privacy_email }} to see, correct or delete what we hold about you.
";

fn write_files(dir: &Path, files: &[(PathBuf, &[u8])]) -> Result<Vec<PathBuf>, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        write_atomically(&path, bytes).map_err(io(&path))?;
    }
    Ok(files.iter().map(|(p, _)| p.clone()).collect())
}

fn collect<'a>(dir: &'a Dir<'a>, prefix: &Path, out: &mut Vec<(PathBuf, &'a [u8])>) {
    for file in dir.files() {
        out.push((prefix.join(file.path()), file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, prefix, out);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn settings_comments_line_up_whatever_the_locale() {
        for locale in ["en-US", "de", "zh-Hant-TW"] {
            let files = skeleton(locale, false);
            let (_, config) = files.iter().find(|(p, _)| *p == layout::config()).unwrap();
            let columns: BTreeSet<usize> = config
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.find("  # "))
                .collect();
            assert_eq!(columns.len(), 1, "{locale}:\n{config}");
            assert!(config.contains(&format!("default_locale: {locale} ")));
        }
    }
}
