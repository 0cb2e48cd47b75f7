//! `policyc init`: a new project holding the example content, or a
//! minimal skeleton (`--minimal`, which `import` writes too), so editors
//! start from something that builds.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::history::store::write_atomically;
use crate::source::layout;

static POLICIES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");
static REGIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/regions");
static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
const CONFIG: &str = include_str!("../../policyc.yaml");

/// Why a project could not be created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The directory already has files.
    #[error(
        "`{0}` is not empty; policyc init only writes into a new or empty directory, so nothing there is overwritten"
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

/// Writes the example project into `dir`, which must be new or empty.
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    let gitignore = layout::gitignore();
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (layout::config(), CONFIG.as_bytes()),
        (PathBuf::from(layout::GITIGNORE), gitignore.as_bytes()),
    ];
    // The example is this repository's own project, embedded folder by
    // folder; the layout says where each goes.
    for (name, embedded) in [
        (layout::POLICIES, &POLICIES),
        (layout::REGIONS, &REGIONS),
        (layout::TEMPLATES, &TEMPLATES),
    ] {
        collect(embedded, Path::new(name), &mut files);
    }
    files.sort();
    write_files(dir, &files)
}

/// Writes the minimal skeleton (one document, one region, one locale,
/// `en-US`) into `dir`, which must be new or empty. Returns the files
/// written, relative to `dir`.
pub fn init_minimal(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|source| InitError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    write_skeleton(dir, "en-US", true)
}

/// Writes the minimal skeleton for `locale` into `dir`: `policyc.yaml`,
/// one region, `.gitignore` (unless the folder has one: a repository's is
/// kept) and, with `example`, one short document. Every file says in a
/// comment what it is for. Any other file already there is an error, never
/// overwritten (`import` writes a project into a folder that may hold
/// other things).
pub fn write_skeleton(dir: &Path, locale: &str, example: bool) -> Result<Vec<PathBuf>, InitError> {
    let mut files = skeleton(locale, example);
    // A folder's own `.gitignore` (a repository's) is kept as it is.
    files.retain(|(rel, _)| rel != Path::new(layout::GITIGNORE) || !dir.join(rel).exists());
    if let Some((rel, _)) = files.iter().find(|(rel, _)| dir.join(rel).exists()) {
        return Err(InitError::Exists(rel.clone()));
    }
    let files: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(rel, text)| (rel.clone(), text.as_bytes()))
        .collect();
    write_files(dir, &files)
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
        (PathBuf::from(layout::GITIGNORE), layout::gitignore()),
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
