//! `policyc import`: a saved policy page becomes a document of a project
//! (made first if there is none), and its date line its first release.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, SourceFiles, display_path};
use crate::history::Day;
use crate::history::store::{confined_folder, write_atomically};
use crate::import::dates::{DateKind, DateLine};
use crate::import::first_release::{DateUse, FirstRelease};
use crate::import::left_dates::{LeftDate, LeftReason};
use crate::import::links::Notice;
use crate::import::translation::{self, Matching};
use crate::import::{self, ImportError, Section, SourceKind, Unlinked, decode};
use crate::source::{self, layout, read};

use super::{init, release};

mod project;
mod undo;

use self::project::{
    Existing, checked_locale, existing_project, locale_for_language, release_blocked,
};
use self::undo::Undo;

/// Options for [`run`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The saved page.
    pub source: PathBuf,
    /// The document ids: one, or one per document with `split`.
    pub docs: Vec<String>,
    /// The locale to import into (default: the page's language, if the
    /// project has it, else the project's default locale).
    pub locale: Option<String>,
    /// The project (made if it has no `policyc.yaml`).
    pub root: PathBuf,
    /// One document per title of the page.
    pub split: bool,
    /// Report, write nothing.
    pub dry_run: bool,
    /// The page's address, to make relative links absolute.
    pub url: Option<String>,
    /// Record no release, even when the page has a date.
    pub no_release: bool,
    /// What today is (default: SOURCE_DATE_EPOCH or the clock): a
    /// release is never dated after it.
    pub today: Option<String>,
}

/// Why nothing was imported.
#[derive(Debug)]
pub struct Failure {
    /// What went wrong.
    pub diagnostics: Vec<Diagnostic>,
    /// The project's sources, when its own errors stopped the import.
    pub sources: SourceFiles,
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Failure {
        Failure {
            diagnostics: vec![d],
            sources: SourceFiles::default(),
        }
    }
}

/// What an import found and did: printed by `main.rs`, or as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Nothing was written.
    pub dry_run: bool,
    /// The page, as given.
    pub source: String,
    /// What it was read as: `html`, `markdown` or `text`.
    pub read_as: &'static str,
    /// The project.
    pub root: String,
    /// Whether a new project was made there.
    pub created_project: bool,
    /// The lines added to a `.gitignore` the folder had already (a
    /// repository's), when a new project was made there.
    pub gitignore_added: Vec<String>,
    /// The locale imported into.
    pub locale: String,
    /// Whether it was added to `policyc.yaml`.
    pub locale_added: bool,
    /// The documents.
    pub documents: Vec<DocumentReport>,
    /// Links to regional notices: candidate supplements or region-only
    /// documents.
    pub notices: Vec<Notice>,
    /// Every block left out as site chrome.
    pub dropped: Vec<DroppedReport>,
    /// Links kept as text (or addresses emptied), since they could not be
    /// made to lead anywhere; each is in `notes` too, as a sentence.
    pub unresolved_links: Vec<Unlinked>,
    /// Anything else the user should know.
    pub notes: Vec<String>,
}

/// One imported document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its file, relative to the project.
    pub path: String,
    /// Its sections.
    pub sections: Vec<Section>,
    /// The date lines recognised and taken out of its text, each with
    /// what became of it.
    pub dates: Vec<DateReport>,
    /// The date-looking lines left in its text, each with why.
    pub dates_left_in_text: Vec<LeftDateReport>,
    /// Its first release, when the page had a date.
    pub release: Option<ReleaseReport>,
    /// For a translation: how its sections were matched with the
    /// default locale's.
    pub translation: Option<Matching>,
}

/// A date line taken out of a document, and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct DateReport {
    /// The line and its date.
    #[serde(flatten)]
    pub line: DateLine,
    /// What became of it.
    #[serde(flatten)]
    pub used: DateUse,
    /// The same, in words.
    pub note: String,
}

/// A date-looking line left in a document's text, and why.
#[derive(Debug, Clone, Serialize)]
pub struct LeftDateReport {
    /// The line as the page wrote it.
    pub line: String,
    /// What its label says.
    pub kind: DateKind,
    /// Its day (`YYYY-MM-DD`); none when the day does not exist.
    pub day: Option<String>,
    /// The language of its words, when it was read.
    pub language: Option<&'static str>,
    /// It named a month only.
    pub month_only: bool,
    /// The other reading of a numeric date that reads two ways.
    pub other_reading: Option<String>,
    /// The year was written with two digits.
    pub two_digit_year: bool,
    /// Why it stays.
    #[serde(flatten)]
    pub reason: LeftReason,
    /// The same, in words.
    pub note: String,
}

/// The release an import records for a document.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseReport {
    /// The release date (`YYYY-MM-DD`).
    pub date: String,
    /// A later day it takes effect.
    pub effective: Option<String>,
    /// Its message, shown in the document's change history.
    pub message: String,
    /// The effective date the page gave before its last-updated date,
    /// which the message keeps (a release cannot take effect before its
    /// date).
    pub earlier_effective: Option<String>,
    /// The release's number, once recorded.
    pub number: Option<u32>,
    /// Why it is not recorded, if it is not.
    pub not_recorded: Option<String>,
}

/// A block left out as chrome.
#[derive(Debug, Clone, Serialize)]
pub struct DroppedReport {
    /// What it was ("navigation", "cookie banner", …).
    pub kind: &'static str,
    /// Its first words.
    pub first_words: String,
}

/// Imports the page.
pub fn run(options: &Options) -> Result<Report, Failure> {
    check_ids(options)?;
    let url = page_url(options)?;
    // The same today as `policyc release`'s.
    let today = Day::today(options.today.as_deref()).map_err(Diagnostic::error)?;
    let shown_source = display_path(&options.source);
    let bytes = read::bounded(&options.source).map_err(|e| {
        let message = match e {
            read::ReadError::Io(e) => format!("could not read `{shown_source}`: {e}"),
            read::ReadError::Refused(refusal) => format!(
                "{}; give a saved page (HTML, Markdown or text) of at most {}",
                refusal.describe(&shown_source),
                read::MAX_SOURCE_SIZE
            ),
        };
        Diagnostic::error(message)
    })?;
    let decoded = decode::decode(&bytes).map_err(|binary| {
        Diagnostic::error(format!(
            "this looks like a binary file, not a saved page: {}",
            binary.reason()
        ))
        .in_file(&options.source)
        .help("save the page as HTML, Markdown or text and import that (in a browser: Save Page As, \"Web page, HTML only\"; from a PDF or a Word file: save or export it as text)")
    })?;
    let kind = decode::kind_of(&options.source, &decoded.text);
    let mut page = import::import(&import::Request {
        text: &decoded.text,
        kind,
        url: url.as_ref(),
        docs: &options.docs,
        split: options.split,
        locale: options.locale.as_deref(),
    })
    .map_err(|e| page_error(e, &options.source))?;

    let root = &options.root;
    let config_path = root.join(layout::config());
    let exists = config_path.exists();
    let mut notes = Vec::new();
    if decoded.windows_1252 {
        notes.push(
            "the page is not UTF-8; it was read as Windows-1252 (Latin-1): check its accented letters".to_string(),
        );
    }
    let existing = if exists {
        existing_project(options, page.lang.as_deref(), &mut notes)?
    } else {
        let locale = match &options.locale {
            Some(l) => checked_locale(l)?,
            None => page
                .lang
                .as_deref()
                .and_then(locale_for_language)
                .unwrap_or_else(|| "en-US".to_string()),
        };
        Existing {
            default_locale: locale.clone(),
            locale,
            config_text: None,
            region_texts: Vec::new(),
            last_release: None,
            pending: false,
            sources: BTreeMap::new(),
        }
    };
    let Existing {
        locale,
        config_text,
        region_texts,
        last_release,
        pending,
        sources,
        default_locale,
    } = existing;
    // A translation takes the ids of the version it translates.
    for (doc, id) in page.documents.iter_mut().zip(&options.docs) {
        if let Some(source) = sources.get(id) {
            translation::follow(doc, id, source, &default_locale);
        }
    }
    let locale_added = config_text.is_some();

    // Nothing is overwritten, and releases stay in date order.
    let mut documents = Vec::new();
    for (doc, id) in page.documents.iter().zip(&options.docs) {
        let rel = layout::document(id, &locale);
        if root.join(&rel).exists() {
            return Err(Diagnostic::error(format!(
                "`{}` already exists; policyc import never overwrites a document",
                display_path(&rel)
            ))
            .in_file(&rel)
            .help("choose another id with --doc, or another locale with --locale, or remove the file first")
            .into());
        }
        if !doc.title_found {
            notes.push(format!(
                "no title found for `{id}`; it is called “{}”: change `title:` in {}",
                doc.title,
                display_path(&rel)
            ));
        }
        notes.extend(doc.notes.iter().cloned());
        for d in doc
            .dates
            .iter()
            .chain(doc.left_dates.iter().filter_map(|l| l.date.as_ref()))
        {
            if let Some(other) = d.other_reading {
                notes.push(two_readings(id, d, other));
            }
        }
        let plan = doc.first_release(today);
        let release = match &plan {
            None => {
                let found = match doc.left_dates.len() {
                    0 => format!("no date line found for `{id}`"),
                    n => format!(
                        "no date line at the top or end of `{id}` ({n} date-looking line{} stay{} in its text, listed above)",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "s" } else { "" },
                    ),
                };
                notes.push(format!(
                    "{found}, so no release was recorded: once it reads right, run `policyc release -m \"First version\"` (with --date YYYY-MM-DD for the day it was published)"
                ));
                None
            }
            Some(plan) => Some(ReleaseReport {
                date: plan.date.to_string(),
                effective: plan.effective.map(|e| e.to_string()),
                message: plan.message(),
                earlier_effective: plan.earlier_effective.map(|e| e.to_string()),
                number: None,
                not_recorded: release_blocked(options, plan.date, last_release, pending, doc)?,
            }),
        };
        documents.push(DocumentReport {
            id: id.clone(),
            title: doc.title.clone(),
            path: display_path(&rel),
            sections: doc.sections.clone(),
            dates: date_reports(&doc.dates, plan.as_ref()),
            dates_left_in_text: doc.left_dates.iter().map(left_report).collect(),
            release,
            translation: doc.translation.clone(),
        });
    }
    if !page.several.is_empty() {
        notes.push(format!(
            "the page seems to hold {} documents ({}); to import each as a document of its own, pass --split and one id per document: --doc {}",
            page.several.len(),
            page.several.join(", "),
            (1..=page.several.len()).map(|n| format!("doc{n}")).collect::<Vec<_>>().join(",")
        ));
    }
    for unlinked in &page.unlinked {
        notes.push(format!("link kept as text: {}", unlinked.describe()));
    }

    let mut report = Report {
        dry_run: options.dry_run,
        source: shown_source,
        read_as: match kind {
            SourceKind::Html => "html",
            SourceKind::Markdown => "markdown",
            SourceKind::Text => "text",
        },
        root: display_path(root),
        created_project: !exists,
        gitignore_added: if exists {
            Vec::new()
        } else {
            init::gitignore_additions(root)
        },
        locale: locale.clone(),
        locale_added,
        documents,
        notices: page.notices.clone(),
        dropped: page
            .dropped
            .iter()
            .map(|d| DroppedReport {
                kind: d.kind.label(),
                first_words: d.first_words.clone(),
            })
            .collect(),
        unresolved_links: page.unlinked.clone(),
        notes,
    };
    if options.dry_run {
        return Ok(report);
    }

    // All or nothing: what the import writes is noted first, and taken
    // back if a later step (a release) fails.
    let mut undo = Undo::new(root);
    let written = write(
        options,
        &page,
        &mut report,
        &Plan {
            locale: &locale,
            new_project: !exists,
            config_text: config_text.as_deref(),
            region_texts: &region_texts,
            today,
        },
        &mut undo,
    );
    match written {
        Ok(()) => Ok(report),
        Err(mut failure) => {
            let left = undo.undo();
            let taken_back = if left.is_empty() {
                Diagnostic::error(
                    "nothing was imported: what the import had written was taken back, and the project is as it was",
                )
            } else {
                let list: Vec<String> = left
                    .iter()
                    .map(|p| format!("`{}`", display_path(p)))
                    .collect();
                Diagnostic::error(format!(
                    "nothing was imported, but {} could not be taken back",
                    list.join(", ")
                ))
                .help("remove them by hand")
            };
            failure.diagnostics.push(taken_back);
            Err(failure)
        }
    }
}

/// What [`write`] writes beside the documents.
struct Plan<'a> {
    locale: &'a str,
    /// Whether the skeleton is written first.
    new_project: bool,
    /// `policyc.yaml`'s new text, when the locale is added.
    config_text: Option<&'a str>,
    /// Region files' new texts, when the locale is added to them.
    region_texts: &'a [(PathBuf, String)],
    /// Today, as `release` reads it.
    today: Day,
}

/// Writes the project (if new), the locale, then each document in date
/// order, each date's documents released before the next are written;
/// every path noted in `undo` before it is written.
fn write(
    options: &Options,
    page: &import::Page,
    report: &mut Report,
    plan: &Plan,
    undo: &mut Undo,
) -> Result<(), Failure> {
    let root = &options.root;
    let io = |path: &Path, e: &dyn std::fmt::Display| {
        Diagnostic::error(format!("could not write `{}`: {e}", display_path(path)))
    };
    if plan.new_project {
        for rel in init::skeleton_paths(plan.locale, false) {
            undo.will_write(&rel);
        }
        init::write_skeleton(root, plan.locale, false)
            .map_err(|e| Diagnostic::error(e.to_string()))?;
    }
    if let Some(text) = plan.config_text {
        let config = layout::config();
        undo.will_write(&config);
        write_atomically(&root.join(&config), text.as_bytes()).map_err(|e| io(&config, &e))?;
    }
    for (rel, text) in plan.region_texts {
        undo.will_write(rel);
        write_atomically(&root.join(rel), text.as_bytes()).map_err(|e| io(rel, &e))?;
    }
    // Documents released together share their dates and message.
    type Key = Option<(Day, Option<Day>, String)>;
    let mut order: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, doc) in page.documents.iter().enumerate() {
        let releasing = report.documents[i]
            .release
            .as_ref()
            .is_some_and(|r| r.not_recorded.is_none());
        let key = doc
            .first_release(plan.today)
            .filter(|_| releasing)
            .map(|p| (p.date, p.effective, p.message()));
        order.entry(key).or_default().push(i);
    }
    // Undated documents (`None`) are written last, after every release.
    let (undated, dated): (Vec<_>, Vec<_>) = order.into_iter().partition(|(k, _)| k.is_none());
    for (dates, indexes) in dated.into_iter().chain(undated) {
        for &i in &indexes {
            let rel = layout::document(&options.docs[i], plan.locale);
            let path = root.join(&rel);
            undo.will_write(&rel);
            // Made inside the project, never through a link leading out.
            if let Some(parent) = path.parent() {
                confined_folder(root, parent).map_err(|e| io(parent, &e))?;
            }
            write_atomically(&path, page.documents[i].source().as_bytes())
                .map_err(|e| io(&rel, &e))?;
        }
        let Some((date, effective, message)) = dates else {
            continue;
        };
        undo.before_release();
        let outcome = release::release(&release::Options {
            root: root.clone(),
            date: Some(date.to_string()),
            effective: effective.map(|e| e.to_string()),
            message: Some(message),
            today: Some(plan.today.to_string()),
            ..release::Options::default()
        });
        if outcome
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
        {
            return Err(Failure {
                diagnostics: outcome.diagnostics,
                sources: outcome.sources,
            });
        }
        for &i in &indexes {
            if let Some(r) = &mut report.documents[i].release {
                r.number = outcome.record.as_ref().map(|r| r.release);
            }
        }
    }
    Ok(())
}

/// The date lines taken out of a document, each with what became of it.
fn date_reports(dates: &[DateLine], plan: Option<&FirstRelease>) -> Vec<DateReport> {
    let uses = plan.map(|p| p.uses.as_slice()).unwrap_or_default();
    dates
        .iter()
        .zip(uses)
        .map(|(line, used)| DateReport {
            line: line.clone(),
            used: used.clone(),
            note: used.describe(),
        })
        .collect()
}

/// A numeric date that reads two ways, the page's locale unknown: which
/// reading was used, and how to choose the other.
fn two_readings(id: &str, line: &DateLine, other: Day) -> String {
    format!(
        "in `{id}`, the date of “{}” reads two ways, and the page does not say its locale: it was read as {}, but it may mean {other}; if it does, import again with the page's locale (--locale en-GB reads day first, --locale en-US month first), or with --no-release and then `policyc release --date {other}`",
        line.line, line.day
    )
}

fn left_report(left: &LeftDate) -> LeftDateReport {
    let date = left.date.as_ref();
    LeftDateReport {
        line: left.line.clone(),
        kind: left.kind,
        day: date.map(|d| d.day.to_string()),
        language: date.map(|d| d.language),
        month_only: date.is_some_and(|d| d.month_only),
        other_reading: date.and_then(|d| d.other_reading).map(|d| d.to_string()),
        two_digit_year: date.is_some_and(|d| d.two_digit_year),
        reason: left.reason.clone(),
        note: left.reason.describe(),
    }
}

/// Ids are checked before the page is read: one per document.
fn check_ids(options: &Options) -> Result<(), Failure> {
    if options.docs.is_empty() {
        return Err(Diagnostic::error("--doc needs a document id, such as `privacy`").into());
    }
    for id in &options.docs {
        if !source::valid_id(id) {
            return Err(Diagnostic::error(format!("`{id}` is not a document id"))
                .help("a document id is part of the page's address: lower-case letters, digits and `-`, such as `privacy` or `terms-of-use`")
                .into());
        }
    }
    let mut sorted = options.docs.clone();
    sorted.sort();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        return Err(Diagnostic::error(format!("--doc names `{}` twice", w[0]))
            .help("give each document of the page its own id")
            .into());
    }
    if options.docs.len() > 1 && !options.split {
        return Err(Diagnostic::error(format!(
            "--doc names {} documents, but without --split the page is one document",
            options.docs.len()
        ))
        .help("pass --split to make one document per title of the page, or give one id")
        .into());
    }
    Ok(())
}

fn page_url(options: &Options) -> Result<Option<url::Url>, Failure> {
    let Some(given) = &options.url else {
        return Ok(None);
    };
    match url::Url::parse(given) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(Some(u)),
        _ => Err(Diagnostic::error(format!("--url `{given}` is not a web address"))
            .help("give the address the page is published at, such as https://example.com/legal/privacy")
            .into()),
    }
}

/// An error about the page, naming it.
fn page_error(e: ImportError, source: &Path) -> Failure {
    let help = match &e {
        ImportError::Empty => "save the page again; it holds no text",
        ImportError::NoPolicy(_) => {
            "save the page itself, not a list of links to it; with a scraper, keep the page's main text"
        }
        ImportError::DocCount { .. } => {
            "give one id per document, in the order of the page: --doc privacy,terms"
        }
        ImportError::NothingToSplit { .. } => {
            "--split cuts a page at each document's title followed by its own date line, or at each level-1 heading; import the page without --split"
        }
    };
    Diagnostic::error(e.to_string())
        .in_file(source)
        .help(help)
        .into()
}
