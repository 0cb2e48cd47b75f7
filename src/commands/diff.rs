//! `policyc diff`: what changed, as a report every output format takes.
//! Three comparisons: the sources with the last release (what the next
//! `release` would record), two Markdown files, or two whole projects (two
//! folders, or the project at a git revision and the working tree), every
//! variant (document × region × locale) compared as a reader sees it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{
    Diagnostic, Diagnostics, Severity, SourceFiles, display_path, escape_controls, shell_word,
};
use crate::diff::facts::{self, RowChange};
use crate::diff::report::{Report, VariantDiff};
use crate::diff::{VisibleDoc, compare, report_files};
use crate::facts::{FactKey, TableView};
use crate::history::{self, Releases, timeline};
use crate::markdown::split_front_matter;
use crate::resolve::{Resolver, VariantKey};
use crate::source::document::front_matter_problems;
use crate::source::{Project, git, load, read};
use crate::translations::pending_report;

/// What to compare.
#[derive(Debug, Clone)]
pub enum Inputs {
    /// The project's sources with its last release.
    SinceRelease {
        /// The project directory.
        root: PathBuf,
    },
    /// Two Markdown files.
    Files {
        /// The old version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
    },
    /// Two projects.
    Projects {
        /// The old project directory.
        from: PathBuf,
        /// The new project directory.
        to: PathBuf,
    },
    /// The project at a git revision with the one in the working tree,
    /// as two projects are compared: what readers see at the revision
    /// against what they will see, whatever `history/` says.
    Base {
        /// The project directory, in a git working tree.
        root: PathBuf,
        /// The revision, as git names it (`origin/main`).
        revision: String,
    },
}

impl Inputs {
    /// The command that writes this comparison's whole redline as HTML,
    /// as a shell takes it: what a Markdown report cut to fit names as
    /// where the rest is (`policyc diff --base origin/main --format html >
    /// redline.html`).
    pub fn redline_command(&self) -> String {
        let word = |path: &Path| shell_word(&display_path(path));
        let root = |root: &Path| {
            if root == Path::new(".") {
                String::new()
            } else {
                format!(" --root {}", word(root))
            }
        };
        let (global, args) = match self {
            Inputs::SinceRelease { root: dir } => (root(dir), String::new()),
            Inputs::Files { old, new } => (String::new(), format!(" {} {}", word(old), word(new))),
            Inputs::Projects { from, to } => {
                let to = if to == Path::new(".") {
                    String::new()
                } else {
                    format!(" --to {}", word(to))
                };
                (String::new(), format!(" --from {}{to}", word(from)))
            }
            Inputs::Base {
                root: dir,
                revision,
            } => (
                root(dir),
                format!(" --base {}", shell_word(&escape_controls(revision))),
            ),
        };
        format!("policyc{global} diff{args} --format html > redline.html")
    }
}

/// Why nothing could be compared.
#[derive(Debug)]
pub enum DiffError {
    /// An input cannot be read; the message says why and what to do.
    Input(String),
    /// A project has errors in its sources.
    Sources {
        /// Which project, when two are compared: `--from`, `--to` or
        /// `--base`, and how to name it (its directory, or the revision).
        side: Option<(&'static str, String)>,
        /// Its errors and warnings.
        diagnostics: Vec<Diagnostic>,
        /// Its sources, to quote in messages.
        sources: SourceFiles,
    },
}

/// A comparison, with the warnings about its inputs.
#[derive(Debug)]
pub struct Diffed {
    /// What changed.
    pub report: Report,
    /// What the comparison read otherwise than its author may think: a
    /// Markdown file's front matter that is not closed or not valid YAML.
    pub warnings: Vec<Diagnostic>,
    /// The files the warnings are about, to quote in them.
    pub sources: SourceFiles,
}

impl From<Report> for Diffed {
    fn from(report: Report) -> Self {
        Diffed {
            report,
            warnings: Vec::new(),
            sources: SourceFiles::default(),
        }
    }
}

/// Compares `inputs`.
pub fn run(inputs: &Inputs) -> Result<Diffed, DiffError> {
    match inputs {
        Inputs::SinceRelease { root } => since_release(root).map(Diffed::from),
        Inputs::Files { old, new } => {
            let old_text = read_markdown(old)?;
            let new_text = read_markdown(new)?;
            let name = new
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let report = report_files(&name, &old_text, &new_text);
            let mut warnings = Vec::new();
            let mut sources = SourceFiles::default();
            for (path, text) in [(old, old_text), (new, new_text)] {
                let text: Arc<str> = Arc::from(text);
                let found = front_matter_warnings(path, &text);
                if !found.is_empty() {
                    sources.insert(path.clone(), text);
                    warnings.extend(found);
                }
            }
            Ok(Diffed {
                report,
                warnings,
                sources,
            })
        }
        Inputs::Projects { from, to } => projects(
            ("--from", Some(from), &display_path(from)),
            ("--to", to, &display_path(to)),
        )
        .map(Diffed::from),
        Inputs::Base { root, revision } => {
            let base =
                git::checkout(root, revision).map_err(|e| DiffError::Input(e.to_string()))?;
            // No project at the revision: every page is new.
            projects(
                ("--base", base.as_ref().map(|b| b.root()), revision),
                ("--root", root, &display_path(root)),
            )
            .map(Diffed::from)
        }
    }
}

/// What `check` would say of a compared file's front matter, as warnings
/// (the diff still runs) whose help also says how the diff read the file.
fn front_matter_warnings(path: &Path, text: &Arc<str>) -> Vec<Diagnostic> {
    let unclosed = split_front_matter(text).is_err();
    front_matter_problems(path, text.clone())
        .into_iter()
        .map(|mut d| {
            d.severity = Severity::Warning;
            let read = if unclosed {
                "the diff reads the whole file as text, `---` and all, with no title"
            } else {
                "the diff compares the file's text without its title"
            };
            d.help = Some(match d.help {
                Some(help) => format!("{help}; meanwhile {read}"),
                None => format!("meanwhile {read}"),
            });
            d
        })
        .collect()
}

/// Reads a Markdown file, with a message a user can act on.
fn read_markdown(path: &Path) -> Result<String, DiffError> {
    let shown = display_path(path);
    if path.is_dir() {
        return Err(DiffError::Input(format!(
            "`{shown}` is a directory; give a Markdown file, or compare projects with --from DIR"
        )));
    }
    let bytes = read::bounded(path).map_err(|e| match e {
        read::ReadError::Io(e) => DiffError::Input(format!("could not read `{shown}`: {e}")),
        read::ReadError::Refused(refusal) => DiffError::Input(format!(
            "{}; give a Markdown file of at most {}",
            refusal.describe(&shown),
            read::MAX_SOURCE_SIZE
        )),
    })?;
    String::from_utf8(bytes)
        .map(read::replace_nul)
        .map_err(|e| {
            DiffError::Input(format!(
                "`{shown}` is not valid UTF-8 (at byte {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ))
        })
}

/// The sources against the last release.
fn since_release(root: &Path) -> Result<Report, DiffError> {
    let diags = Diagnostics::default();
    let project = load(root, &diags);
    let history = history::load(root, &diags);
    let releases = Releases::new(&history);
    let resolver = (!diags.has_errors()).then(|| Resolver::new(&project, &diags));
    let compared = resolver.as_ref().and_then(|resolver| {
        let facts = releases.compare_facts(history::facts::current_views(resolver), &diags);
        releases
            .compare_all(resolver, &diags)
            .zip(releases.gone(resolver, &diags))
            .zip(facts)
            .map(|((compared, gone), facts)| (resolver, compared, gone, facts))
    });
    match compared {
        Some((resolver, compared, gone, facts)) => {
            let default = &project.config.default_locale;
            let mut report = timeline::report(&compared, &gone, default)
                .with_facts(history::facts::report(&facts, default));
            report.translations = pending_report(&project, resolver, &compared, &diags);
            Ok(report)
        }
        None => {
            let mut sources = project.sources;
            sources.extend(&history.sources);
            Err(DiffError::Sources {
                side: None,
                diagnostics: diags.sorted(),
                sources,
            })
        }
    }
}

struct Side<'p> {
    resolver: Resolver<'p>,
    keys: BTreeSet<VariantKey>,
    /// The tables it publishes, by table, region and locale.
    facts: BTreeMap<FactKey, TableView>,
}

impl<'p> Side<'p> {
    fn new(project: &'p Project, diags: &Diagnostics) -> Self {
        let resolver = Resolver::new(project, diags);
        let keys = resolver.keys().into_iter().collect();
        let facts = history::facts::current_views(&resolver)
            .into_iter()
            .map(|v| (v.key.clone(), v))
            .collect();
        Side {
            resolver,
            keys,
            facts,
        }
    }

    /// What a reader sees of a variant, and its title; an empty document
    /// when the project does not have it.
    fn visible(&self, key: &VariantKey, diags: &Diagnostics) -> (VisibleDoc, Option<String>) {
        if !self.keys.contains(key) {
            return (VisibleDoc::default(), None);
        }
        match self.resolver.resolve(key, diags) {
            Some(variant) => (variant.visible(), Some(variant.title)),
            None => (VisibleDoc::default(), None),
        }
    }
}

/// Every variant of the old project against the new one; each is given as
/// the flag that named it, its root, and how messages name it. An old
/// project without a root has nothing: every variant is added.
fn projects(
    (old_side, old_root, old_name): (&'static str, Option<&Path>, &str),
    (new_side, new_root, new_name): (&'static str, &Path, &str),
) -> Result<Report, DiffError> {
    let old_diags = Diagnostics::default();
    let new_diags = Diagnostics::default();
    let old_project = old_root.map_or_else(Project::default, |root| load(root, &old_diags));
    let new_project = load(new_root, &new_diags);
    let old = Side::new(&old_project, &old_diags);
    let new = Side::new(&new_project, &new_diags);
    let keys: Vec<&VariantKey> = old.keys.union(&new.keys).collect();
    let diffs: Vec<_> = keys
        .par_iter()
        .map(|key| {
            let (a, old_title) = old.visible(key, &old_diags);
            let (b, new_title) = new.visible(key, &new_diags);
            let title = new_title.or(old_title).unwrap_or_else(|| key.doc.clone());
            VariantDiff {
                document: key.doc.clone(),
                title,
                variant: Some((*key).into()),
                diff: compare(&a, &b),
                withdrawn: false,
                restored: false,
            }
        })
        .collect();
    for (side, name, diags, project) in [
        (old_side, old_name, &old_diags, &old_project),
        (new_side, new_name, &new_diags, &new_project),
    ] {
        if diags.has_errors() {
            return Err(DiffError::Sources {
                side: Some((side, name.to_string())),
                diagnostics: diags.sorted(),
                sources: project.sources.clone(),
            });
        }
    }
    // The new project's source language, unless it has none (an empty
    // project, every page removed).
    let default_locale = [&new_project, &old_project]
        .into_iter()
        .map(|p| p.config.default_locale.as_str())
        .find(|l| !l.is_empty());
    // Each table in each region and locale of either side, row by row.
    let fact_keys: BTreeSet<&FactKey> = old.facts.keys().chain(new.facts.keys()).collect();
    let facts: Vec<(FactKey, Vec<RowChange>)> = fact_keys
        .into_iter()
        .map(|key| {
            let changes = facts::compare(old.facts.get(key), new.facts.get(key));
            (key.clone(), changes)
        })
        .collect();
    let facts = facts::group(&facts, default_locale.unwrap_or_default());
    Ok(Report::grouped(diffs, default_locale).with_facts(facts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redline_command_repeats_the_comparison() {
        let base = Inputs::Base {
            root: PathBuf::from("."),
            revision: "origin/main".into(),
        };
        assert_eq!(
            base.redline_command(),
            "policyc diff --base origin/main --format html > redline.html"
        );
        let base = Inputs::Base {
            root: PathBuf::from("legal"),
            revision: "it's".into(),
        };
        assert_eq!(
            base.redline_command(),
            "policyc --root legal diff --base 'it'\\''s' --format html > redline.html"
        );
        let since = Inputs::SinceRelease {
            root: PathBuf::from("."),
        };
        assert_eq!(
            since.redline_command(),
            "policyc diff --format html > redline.html"
        );
        let projects = Inputs::Projects {
            from: PathBuf::from("old site"),
            to: PathBuf::from("."),
        };
        assert_eq!(
            projects.redline_command(),
            "policyc diff --from 'old site' --format html > redline.html"
        );
    }
}
