//! `policyc xliff export|import`: the project's translations exchanged with
//! vendors and CAT tools as XLIFF 2.1 (the work is in `crate::xliff`).

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use crate::history::store::{confined_folder, write_atomically};
use crate::history::timeline::Timeline;
use crate::history::{self, Day};
use crate::resolve::{Resolver, VariantKey};
use crate::source::load;
use crate::xliff::{self, Change, Selection};

/// Why a command failed: diagnostics, and the files they quote.
#[derive(Debug)]
pub struct Failed {
    /// The errors (and warnings).
    pub diagnostics: Vec<Diagnostic>,
    /// The project's files, for quoting.
    pub sources: SourceFiles,
}

fn failed(diagnostics: Vec<Diagnostic>, sources: SourceFiles) -> Failed {
    Failed {
        diagnostics,
        sources,
    }
}

/// The largest XLIFF file an import reads.
const MAX_XLIFF_BYTES: u64 = 64 * 1024 * 1024;

/// Refuses an `-o` path for `xliff export` that is inside the project's
/// sources (`policies/`, `history/`, ...) or its output folder, which the
/// XML would overwrite.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Failed> {
    let Some(folder) = crate::site::output::inside_sources(output, root, true) else {
        return Ok(());
    };
    Err(failed(
        vec![
            Diagnostic::error(format!(
                "the output file `{}` is inside the project's `{folder}`, where {}",
                crate::diagnostics::display_path(output),
                if folder == crate::source::layout::OUT {
                    "`policyc build` writes the site (and would delete it)"
                } else {
                    "sources are kept: the export would overwrite them"
                }
            ))
            .help("write the XLIFF file outside the project's sources and output, for example `-o privacy.de-DE.xlf` at the project's root"),
        ],
        SourceFiles::default(),
    ))
}

/// `policyc xliff export`: the XLIFF document for `locale`, `None` when it
/// would hold nothing to translate (an XLIFF document needs a `<file>`).
pub fn export(
    root: &Path,
    locale: &str,
    doc: Option<&str>,
    stale_only: bool,
    today: Option<&str>,
) -> Result<Option<String>, Failed> {
    let diags = Diagnostics::default();
    let project = load(root, &diags);
    let history = history::load(root, &diags);
    let mut sources = project.sources.clone();
    sources.extend(&history.sources);
    if diags.has_errors() {
        return Err(failed(diags.sorted(), sources));
    }
    let default = project.config.default_locale.clone();
    if locale == default || !project.config.locales.iter().any(|l| l == locale) {
        let known: Vec<&str> = project
            .config
            .locales
            .iter()
            .map(String::as_str)
            .filter(|l| *l != default)
            .collect();
        return Err(failed(
            vec![
                Diagnostic::error(format!(
                    "`{locale}` is not a locale the project translates into"
                ))
                .help(format!(
                    "give one of: {}; the default locale `{default}` is the source",
                    known.join(", ")
                )),
            ],
            sources,
        ));
    }
    if let Some(doc) = doc
        && !project.documents.contains_key(doc)
        && !project.supplements.keys().any(|(_, d)| d == doc)
    {
        let hint = crate::diagnostics::closest(doc, project.documents.keys().map(String::as_str))
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        return Err(failed(
            vec![
                Diagnostic::error(format!("the project has no document `{doc}`"))
                    .help(format!("{hint}documents are the folders of policies/")),
            ],
            sources,
        ));
    }
    let day = Day::today(today).map_err(|e| failed(vec![Diagnostic::error(e)], sources.clone()))?;
    let timeline = Timeline::new(&history, day, project.config.links_move_date);
    let resolver = Resolver::new(&project, &diags);
    // Each page in the locale, with the regions whose supplements it shows.
    let pages: Vec<(VariantKey, Vec<String>)> = resolver
        .keys()
        .into_iter()
        .filter(|k| k.locale == locale)
        .map(|k| {
            let chain = resolver
                .region(&k.region)
                .map(|r| r.chain.clone())
                .unwrap_or_default();
            (k, chain)
        })
        .collect();
    let stale = |region: Option<&str>, doc: &str| -> Option<xliff::status::StaleUnits> {
        let of_file: Vec<(VariantKey, Vec<String>)> = pages
            .iter()
            .filter(|(k, chain)| {
                k.doc == doc && region.is_none_or(|r| chain.iter().any(|c| c == r))
            })
            .cloned()
            .collect();
        (!of_file.is_empty())
            .then(|| xliff::status::stale_units(&timeline, &of_file, &default, &diags))
    };
    let selection = Selection {
        locale,
        doc,
        stale_only,
    };
    let exchange =
        xliff::exchange(&project, &selection, &stale).map_err(|e| failed(e, sources.clone()))?;
    if diags.has_errors() {
        return Err(failed(diags.sorted(), sources));
    }
    if exchange.files.is_empty() {
        return Ok(None);
    }
    Ok(Some(xliff::xliff(&exchange)))
}

/// `policyc xliff import`: the translations `file` changes, written unless
/// `dry_run` (all of them, or none).
pub fn import(root: &Path, file: &Path, dry_run: bool) -> Result<Imported, Failed> {
    let diags = Diagnostics::default();
    let project = load(root, &diags);
    let sources = project.sources.clone();
    if diags.has_errors() {
        return Err(failed(diags.sorted(), sources));
    }
    let one = |message: String, help: &str| {
        failed(
            vec![Diagnostic::error(message).in_file(file).help(help)],
            sources.clone(),
        )
    };
    let meta = std::fs::metadata(file).map_err(|e| {
        one(
            format!("could not read the file: {e}"),
            "give the path of the translated XLIFF file",
        )
    })?;
    if !meta.is_file() {
        return Err(one(
            "this is not a regular file".into(),
            "give the path of the translated XLIFF file",
        ));
    }
    if meta.len() > MAX_XLIFF_BYTES {
        return Err(one(
            "the file is larger than 64 MiB".into(),
            "export one document at a time with --doc",
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| {
        one(
            format!("could not read the file: {e}"),
            "give the path of the translated XLIFF file",
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        one(
            "the file is not UTF-8 text".into(),
            "save the XLIFF file as UTF-8, as the export wrote it",
        )
    })?;
    let exchange = xliff::read(&text).map_err(|e| {
        let error = Diagnostic::error(e.message)
            .in_file(file)
            .at(crate::diagnostics::location_at(&text, e.offset, 0))
            .help(e.help);
        failed(vec![error], sources.clone())
    })?;
    let applied =
        xliff::apply(&project, &exchange, file, &text).map_err(|e| failed(e, sources.clone()))?;
    if !dry_run {
        write_all(root, &applied.changes)
            .map_err(|e| one(e, "nothing was written; fix the cause and import again"))?;
    }
    Ok(Imported {
        changes: applied.changes,
        warnings: applied.warnings,
        sources,
    })
}

/// What an import wrote (or would write), and the units it left as they
/// were or wrote with a doubt.
#[derive(Debug)]
pub struct Imported {
    /// The translations written.
    pub changes: Vec<Change>,
    /// Warnings about units, placed in the XLIFF file.
    pub warnings: Vec<Diagnostic>,
    /// The project's files, for quoting.
    pub sources: SourceFiles,
}

/// Writes every change, each file atomically, into folders inside the
/// project; when one fails, the files written before are put back as they
/// were.
fn write_all(root: &Path, changes: &[Change]) -> Result<(), String> {
    let mut done: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for change in changes {
        let path = root.join(&change.path);
        let before = std::fs::read(&path).ok();
        // Never through a folder that leads outside the project.
        let folder = path.parent().unwrap_or(root);
        let written = confined_folder(root, folder)
            .and_then(|()| write_atomically(&path, change.text.as_bytes()));
        if let Err(e) = written {
            for (path, before) in done.iter().rev() {
                let _ = match before {
                    Some(bytes) => write_atomically(path, bytes),
                    None => std::fs::remove_file(path),
                };
            }
            return Err(format!(
                "could not write {}: {e}",
                crate::diagnostics::display_path(&change.path)
            ));
        }
        done.push((path, before));
    }
    Ok(())
}
