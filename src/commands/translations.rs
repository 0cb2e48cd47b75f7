//! `policyc translations`: the status of every translation against its
//! source, and `translations ack`, a reviewer's record that a lagging
//! translation was checked and needs no change (`history/acks.yaml`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::commands::release::lock::{LockError, lock};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles, closest, display_path};
use crate::history::acks::Ack;
use crate::history::store::write_atomically;
use crate::history::{self, Day, Timeline};
use crate::resolve::Resolver;
use crate::source::{Project, layout, load};
use crate::translations::{Status, status};

/// What a run produced: its result, or the errors that stopped it.
#[derive(Debug)]
pub struct Outcome<T> {
    /// The result, when there was no error.
    pub result: Option<T>,
    /// Errors (and, with them, the warnings of the sources).
    pub diagnostics: Vec<Diagnostic>,
    /// The texts the diagnostics quote.
    pub sources: SourceFiles,
}

/// The status of every translation of the project at `root`, on `today`
/// (default: SOURCE_DATE_EPOCH or the clock).
pub fn run(root: &Path, today: Option<&str>) -> Outcome<Status> {
    let diags = Diagnostics::default();
    let result = with_status(root, today, &diags, |_, _, status| Some(status));
    finish(result, &diags)
}

/// What `policyc translations ack` is asked.
#[derive(Debug, Clone)]
pub struct AckOptions {
    /// The project.
    pub root: PathBuf,
    /// The document id.
    pub doc: String,
    /// The translation's locale.
    pub locale: String,
    /// Only this section (default: every lagging one).
    pub section: Option<String>,
    /// Only the pages of this region (and those inheriting from it).
    pub region: Option<String>,
    /// What today is, for the releases in force.
    pub today: Option<String>,
}

/// What `ack` recorded.
#[derive(Debug, Clone)]
pub struct Acked {
    /// The sections acknowledged now, each with the release of the source
    /// change checked; empty when nothing lagged (nothing written).
    pub sections: Vec<Ack>,
    /// The sections asked about that were acknowledged already.
    pub already: Vec<Ack>,
    /// The file written: `history/acks.yaml`.
    pub file: PathBuf,
}

/// Records that the translation of `options.doc` into `options.locale`
/// (its lagging sections, or the one named) was checked against the source
/// as the latest release left it. An unknown document, locale, region or
/// section is an error naming the nearest known one.
pub fn ack(options: &AckOptions) -> Outcome<Acked> {
    let diags = Diagnostics::default();
    let root = &options.root;
    // The lock first, as a release takes it: no release records a source
    // change between what is read here and what is written.
    // Without `history/` nothing was released, so nothing lags: no lock
    // (which would make the folder) is needed to say so.
    let has_history = layout::history(root).is_dir();
    let _lock = match has_history.then(|| lock(root, || {})).transpose() {
        Ok(lock) => lock,
        Err(LockError::Link) => {
            diags.push(
                Diagnostic::error("this is a symbolic link, where policyc keeps its lock file")
                    .in_file(layout::lock(Path::new("")))
                    .help("policyc never writes through a link here: remove it (policyc makes it again)"),
            );
            return finish((None, SourceFiles::default()), &diags);
        }
        Err(LockError::Io(e)) => {
            diags.push(Diagnostic::error(format!("could not lock history/: {e}")));
            return finish((None, SourceFiles::default()), &diags);
        }
    };
    let result = with_status(
        root,
        options.today.as_deref(),
        &diags,
        |project, resolver, status| {
            if !check_names(project, resolver, options, &diags) {
                return None;
            }
            let history = history::load(root, &Diagnostics::default());
            let mut acks = history.acks;
            let in_region = |regions: &[String]| match &options.region {
                None => true,
                Some(r) => regions.iter().any(|id| {
                    resolver
                        .region(id)
                        .is_some_and(|region| region.chain.contains(r))
                }),
            };
            let mut sections = Vec::new();
            let mut already = Vec::new();
            let cells = status
                .rows
                .iter()
                .filter(|row| row.doc == options.doc)
                .flat_map(|row| &row.cells)
                .filter(|cell| cell.locale == options.locale);
            for cell in cells {
                let lagging = cell.sections.iter().filter(|s| {
                    options.section.as_ref().is_none_or(|id| *id == s.id) && in_region(&s.regions)
                });
                for s in lagging {
                    let ack = Ack {
                        doc: options.doc.clone(),
                        locale: options.locale.clone(),
                        section: s.id.clone(),
                        region: options.region.clone(),
                        release: s.release,
                    };
                    if sections.contains(&ack) || already.contains(&ack) {
                        continue;
                    }
                    // Acknowledged for every region already, or recorded
                    // as asked (for a region, whose pages may be only some
                    // of those that lag) by an earlier run.
                    if s.acknowledged || !acks.add(ack.clone()) {
                        already.push(ack);
                    } else {
                        sections.push(ack);
                    }
                }
            }
            let file = layout::acks(Path::new(""));
            if !sections.is_empty() {
                let written = acks
                    .to_yaml()
                    .map_err(std::io::Error::other)
                    .and_then(|text| write_atomically(&layout::acks(root), text.as_bytes()));
                if let Err(e) = written {
                    diags.push(
                        Diagnostic::error(format!("could not write the acknowledgement: {e}"))
                            .in_file(&file),
                    );
                    return None;
                }
            }
            Some(Acked {
                sections,
                already,
                file,
            })
        },
    );
    finish(result, &diags)
}

/// Loads the project and its history, works out the status, and hands
/// both to `then`; `None` after errors in `diags`.
fn with_status<T>(
    root: &Path,
    today: Option<&str>,
    diags: &Diagnostics,
    then: impl FnOnce(&Project, &Resolver, Status) -> Option<T>,
) -> (Option<T>, SourceFiles) {
    let project = load(root, diags);
    let history = history::load(root, diags);
    let mut sources = project.sources.clone();
    sources.extend(&history.sources);
    if project.documents.is_empty() && project.supplements.is_empty() {
        diags.push(
            Diagnostic::error("this project has no documents, so no translations")
                .help("run it in a policy project's folder, or pass `--root DIR`"),
        );
    }
    history::ack_checks::check_releases(&history, diags);
    history::ack_checks::check_names(&history, &project, diags);
    if diags.has_errors() || project.unparsed.config {
        return (None, sources);
    }
    let today = match Day::today(today) {
        Ok(day) => day,
        Err(e) => {
            diags.push(Diagnostic::error(format!("--today: {e}")));
            return (None, sources);
        }
    };
    let timeline = Timeline::new(&history, today, project.config.links_move_date);
    let resolver = Resolver::new(&project, diags);
    let status = status(&project, &resolver, &timeline, diags);
    if diags.has_errors() {
        return (None, sources);
    }
    (then(&project, &resolver, status), sources)
}

/// The outcome: the errors, and the warnings about `history/acks.yaml`,
/// which a status depends on (the sources' warnings are `check`'s), and
/// the result when there was no error.
fn finish<T>((result, sources): (Option<T>, SourceFiles), diags: &Diagnostics) -> Outcome<T> {
    let acks = layout::acks(Path::new(""));
    let diagnostics: Vec<Diagnostic> = diags
        .sorted()
        .into_iter()
        .filter(|d| {
            d.severity == crate::diagnostics::Severity::Error || d.file.as_deref() == Some(&acks)
        })
        .collect();
    let failed = diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    Outcome {
        result: result.filter(|_| !failed),
        diagnostics,
        sources,
    }
}

/// Checks the document, locale, region and section `ack` names, each an
/// error with the nearest known name when unknown.
fn check_names(
    project: &Project,
    resolver: &Resolver,
    options: &AckOptions,
    diags: &Diagnostics,
) -> bool {
    let default = &project.config.default_locale;
    let docs = project.document_ids();
    // A long list is left out when a near name is found.
    let unknown = |message: String, name: &str, known: &BTreeSet<&str>, flag: &str| {
        let list: Vec<&str> = known.iter().copied().collect();
        let help = match closest(name, known.iter().copied()) {
            Some(near) if list.len() > 12 => format!("did you mean `{near}`?"),
            Some(near) => format!("did you mean `{near}`? {flag}: {}", list.join(", ")),
            None => format!("{flag}: {}", list.join(", ")),
        };
        diags.push(Diagnostic::error(message).help(help));
    };
    if !docs.contains(options.doc.as_str()) {
        unknown(
            format!("there is no document `{}`", options.doc),
            &options.doc,
            &docs,
            "the documents are",
        );
        return false;
    }
    let locales: BTreeSet<&str> = project
        .config
        .locales
        .iter()
        .filter(|l| *l != default)
        .map(String::as_str)
        .collect();
    if options.locale == *default {
        diags.push(
            Diagnostic::error(format!(
                "{default} is the source language: its text is what translations are checked against"
            ))
            .help(format!(
                "name the translation's locale: {}",
                locales.iter().copied().collect::<Vec<_>>().join(", ")
            )),
        );
        return false;
    }
    if !locales.contains(options.locale.as_str()) {
        unknown(
            format!("the project has no translation into `{}`", options.locale),
            &options.locale,
            &locales,
            "it translates into",
        );
        return false;
    }
    if let Some(region) = &options.region {
        let regions: BTreeSet<&str> = resolver.regions().iter().map(|r| r.id.as_str()).collect();
        if !regions.contains(region.as_str()) {
            unknown(
                format!("there is no region `{region}`"),
                region,
                &regions,
                "the regions are",
            );
            return false;
        }
        // An acknowledgement for a region covers the regions inheriting
        // from it: one of them must publish the locale.
        let publishes = |r: &crate::resolve::ResolvedRegion| {
            r.chain.contains(region) && r.locales.contains(&options.locale)
        };
        if !resolver.regions().iter().any(publishes) {
            let own = resolver
                .region(region)
                .map(|r| r.locales.join(", "))
                .unwrap_or_default();
            let others: Vec<&str> = resolver
                .regions()
                .iter()
                .filter(|r| r.locales.contains(&options.locale))
                .map(|r| r.id.as_str())
                .collect();
            let help = match others.is_empty() {
                true => format!("no region publishes `{}`", options.locale),
                false => format!(
                    "the regions that publish `{}` are {}: name one of them, or leave out `--region`",
                    options.locale,
                    others.join(", ")
                ),
            };
            diags.push(
                Diagnostic::error(format!(
                    "the region `{region}` does not publish `{}`: its pages are in {own}, so no translation of it lags there",
                    options.locale
                ))
                .help(help),
            );
            return false;
        }
    }
    if let Some(section) = &options.section {
        let sources = project
            .documents
            .get(&options.doc)
            .and_then(|by_locale| by_locale.get(default))
            .into_iter()
            .chain(
                project
                    .supplements
                    .iter()
                    .filter(|((_, d), _)| *d == options.doc)
                    .filter_map(|(_, by_locale)| by_locale.get(default)),
            );
        let ids: BTreeSet<&str> = sources
            .flat_map(|doc| doc.sections.iter().map(|s| s.id.as_str()))
            .filter(|id| !id.is_empty())
            .collect();
        if !section.is_empty() && !ids.contains(section.as_str()) {
            let message = format!("`{}` has no section `{section}`", options.doc);
            unknown(message, section, &ids, "its sections are");
            return false;
        }
    }
    true
}

/// How a section is named in messages: its id, or the introduction.
pub fn section_name(id: &str) -> String {
    if id.is_empty() {
        "the introduction".to_string()
    } else {
        format!("`{id}`")
    }
}

/// `display_path` of the acknowledgements file.
pub fn acks_file() -> String {
    display_path(&layout::acks(Path::new("")))
}
