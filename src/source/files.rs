//! A source file's text as every loader reads it, the folders' entries it
//! could read, and the check of a locale a file's name gives: what the
//! loader of documents and regions and the loader of tables share.

use std::path::Path;
use std::sync::Arc;

use super::layout::Entry;
use super::read;
use super::read::Unreadable;
use super::{Project, Unparsed};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceFiles, location_at};
use crate::locale::validate_locale;

/// Reads a UTF-8 file through [`read::project_file`] (inside the project,
/// a regular file, bounded), NUL characters replaced; `Ok(None)` if it
/// does not exist (a symbolic link to nothing does exist, and is an error).
pub(crate) fn read_text(
    root: &Path,
    rel: &Path,
    sources: &mut SourceFiles,
) -> Result<Option<Arc<str>>, Diagnostic> {
    let bytes = match read::project_file(root, rel) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(None),
        Err(unreadable) => return Err(unreadable.diagnostic()),
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text: Arc<str> = Arc::from(read::replace_nul(text));
            sources.insert(rel.to_path_buf(), text.clone());
            Ok(Some(text))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix =
                read::replace_nul(String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned());
            let lossy = read::replace_nul(String::from_utf8_lossy(e.as_bytes()).into_owned());
            let lossy: Arc<str> = Arc::from(lossy);
            let loc = location_at(&lossy, prefix.len(), 1);
            sources.insert(rel.to_path_buf(), lossy);
            Err(Diagnostic::error("this file is not valid UTF-8")
                .in_file(rel)
                .at(loc)
                .help(
                    "save the file as UTF-8 in your editor (the character shown as � is not UTF-8)",
                ))
        }
    }
}

/// The entries of a folder that could be read; each part that could not is
/// an error naming it, never a page silently left out.
pub(crate) fn readable(
    entries: Vec<Result<Entry, Unreadable>>,
    unparsed: &mut Unparsed,
    diags: &Diagnostics,
) -> Vec<Entry> {
    entries
        .into_iter()
        .filter_map(|entry| {
            entry
                .map_err(|unreadable| {
                    unparsed.note_unreadable(&unreadable.rel);
                    diags.push(unreadable.diagnostic());
                })
                .ok()
        })
        .collect()
}

/// Whether the locale a file's name gives is valid and listed in
/// `policyc.yaml`; if not, the error says to rename the file.
pub(crate) fn check_locale_in_name(
    project: &Project,
    rel: &Path,
    locale: &str,
    diags: &Diagnostics,
) -> bool {
    check_locale_in_name_at(project, rel, locale, None, diags)
}

/// [`check_locale_in_name`], each error placed `at` (the file's start, for
/// a file whose text was read).
pub(crate) fn check_locale_in_name_at(
    project: &Project,
    rel: &Path,
    locale: &str,
    at: Option<Location>,
    diags: &Diagnostics,
) -> bool {
    let placed = |d: Diagnostic| match at {
        Some(at) => d.at(at),
        None => d,
    };
    if let Err(help) = validate_locale(locale) {
        // The help ends a sentence ("did you mean `de-DE`?") or not.
        let sep = if help.ends_with(['?', '.']) {
            " "
        } else {
            ". "
        };
        diags.push(placed(
            Diagnostic::error(format!(
                "`{locale}` in this file name is not a valid locale"
            ))
            .in_file(rel)
            .help(format!("{help}{sep}Rename the file")),
        ));
        return false;
    }
    if !project.config.locales.is_empty() && !project.config.locales.iter().any(|l| l == locale) {
        diags.push(placed(
            Diagnostic::error(format!(
                "the locale `{locale}` is not listed in policyc.yaml"
            ))
            .in_file(rel)
            .help(format!(
                "add `{locale}` to `locales` in policyc.yaml, or rename the file"
            )),
        ));
        return false;
    }
    true
}
