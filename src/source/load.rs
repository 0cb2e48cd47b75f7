//! Reading a project: every source file found, parsed, or reported.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::config::parse_config;
use super::document::{SourceDoc, SourceKind, parse_source};
use super::layout::{self, Entry, Kind};
use super::read;
use super::read::Unreadable;
use super::region::parse_region;
use super::words::parse_words_file;
use super::{Project, Unparsed};
use crate::diagnostics::closest;
use crate::diagnostics::{
    Diagnostic, Diagnostics, Location, SourceFiles, display_path, location_at,
};
use crate::locale::validate_locale;

/// Reads a project. Every problem found is recorded in `diags`; the returned
/// project holds whatever could be read, so `check` can report everything.
pub fn load(root: &Path, diags: &Diagnostics) -> Project {
    load_reusing(root, &Parses::default(), diags)
}

/// The Markdown sources one load parsed, by path, with what parsing them
/// reported: the next load of the same project (a preview's rebuild) takes
/// a file whose text is unchanged from here instead of parsing it again.
#[derive(Debug, Clone, Default)]
pub struct Parses(BTreeMap<PathBuf, Parse>);

#[derive(Debug, Clone)]
struct Parse {
    text: Arc<str>,
    kind: SourceKind,
    doc: Option<Arc<SourceDoc>>,
    diagnostics: Vec<Diagnostic>,
}

/// Reads a project as [`load`] does, taking each Markdown source whose text
/// `previous` holds unchanged from there, its diagnostics reported again.
pub fn load_reusing(root: &Path, previous: &Parses, diags: &Diagnostics) -> Project {
    let mut project = Project {
        root: root.to_path_buf(),
        ..Project::default()
    };
    let config_path = layout::config();
    match read_text(root, &config_path, &mut project.sources) {
        Ok(Some(text)) => match parse_config(&config_path, &text, diags) {
            Some(config) => project.config = config,
            None => project.unparsed.config = true,
        },
        Ok(None) => {
            diags.push(
                Diagnostic::error(format!(
                    "no policy project here: `{}` has no policyc.yaml",
                    root.display()
                ))
                .help("run policyc in the project's directory, pass `--root DIR`, or start one with `policyc init DIR`"),
            );
            return project;
        }
        Err(d) => {
            diags.push(d);
            return project;
        }
    }

    load_documents(&mut project, previous, diags);
    super::facts::load::load_tables(&mut project, diags);
    load_regions(&mut project, previous, diags);
    load_templates(&mut project, diags);
    load_words(&mut project, diags);
    misnamed_supplements(&mut project, diags);
    if project.unparsed.policies {
        // The documents are unknown: those the regions supplement are taken
        // as unread, so that nothing is reported of them but the folder.
        let supplemented: Vec<String> =
            project.supplements.keys().map(|(_, d)| d.clone()).collect();
        project.unparsed.documents.extend(supplemented);
    }
    // A source that could not be read was reported: the project has it.
    let unread = !project.unparsed.documents.is_empty() || !project.unparsed.supplements.is_empty();
    if !project.has_source_files && !project.unparsed.policies && !unread {
        diags.push(
            Diagnostic::error("the project has no documents").help(format!(
                "add one as `{}`, e.g. `{}`",
                layout::DOCUMENT_FORM,
                display_path(&layout::document("privacy", "en-US"))
            )),
        );
    }
    project
}

/// Reads a UTF-8 file through [`read::project_file`] (inside the project,
/// a regular file, bounded), NUL characters replaced; `Ok(None)` if it
/// does not exist (a symbolic link to nothing does exist, and is an error).
pub(super) fn read_text(
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
pub(super) fn readable(
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

/// Ids of documents and regions appear in URLs, so they are kept simple.
pub fn valid_id(id: &str) -> bool {
    id.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(super) fn check_locale_in_name(
    project: &Project,
    rel: &Path,
    locale: &str,
    diags: &Diagnostics,
) -> bool {
    check_locale_in_name_at(project, rel, locale, None, diags)
}

/// [`check_locale_in_name`], each error placed `at` (the file's start, for
/// a file whose text was read).
pub(super) fn check_locale_in_name_at(
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

fn load_documents(project: &mut Project, previous: &Parses, diags: &Diagnostics) {
    let root = project.root.clone();
    for entry in readable(
        layout::entries(&root, Path::new(layout::POLICIES)),
        &mut project.unparsed,
        diags,
    ) {
        let rel = &entry.rel;
        let (doc, locale) = match (entry.kind, entry.is_dir) {
            (Kind::DocumentFolder { doc }, true) => {
                if !valid_id(&doc) {
                    diags.push(
                        Diagnostic::error(format!("`{doc}` cannot be used as a document name"))
                            .in_file(rel)
                            .help("document folders are part of page URLs: use lower-case letters, digits and `-`, e.g. `privacy`"),
                    );
                }
                continue;
            }
            // Folders inside a document's folder hold no sources.
            (_, true) => continue,
            (Kind::Document { doc, locale }, false) => (doc, locale),
            (_, false) => {
                diags.push(
                    Diagnostic::error("this file is not a policy source")
                        .in_file(rel)
                        .help(format!(
                            "sources are `{}`, e.g. `{}`; move or remove this file",
                            layout::DOCUMENT_FORM,
                            display_path(&layout::document("privacy", "en-US"))
                        )),
                );
                continue;
            }
        };
        project.has_source_files = true;
        if !valid_id(&doc) || !check_locale_in_name(project, rel, &locale, diags) {
            continue;
        }
        let source = match read_source(project, previous, rel, SourceKind::Base, diags) {
            Read::Parsed(source) => source,
            Read::Failed => {
                project.unparsed.documents.insert(doc);
                continue;
            }
            Read::Gone => continue,
        };
        if source.title.is_none() {
            diags.push(
                Diagnostic::error("this document has no title")
                    .in_file(rel)
                    .at(location_at(&source.text, 0, 0))
                    .help("start the file with front matter:\n---\ntitle: Privacy Policy\n---"),
            );
        }
        project
            .documents
            .entry(doc)
            .or_default()
            .insert(locale, source);
    }
    let default = project.config.default_locale.clone();
    for (doc, locales) in &project.documents {
        // A default-locale file that failed to parse was reported already.
        if project.unparsed.documents.contains(doc) {
            continue;
        }
        if !default.is_empty() && !locales.contains_key(&default) {
            let some = locales.values().next().map(|s| s.path.clone());
            let mut d = Diagnostic::error(format!(
                "the document `{doc}` has no version in the default locale `{default}`"
            ))
            .help(format!(
                "add `{}`; translations are made from it",
                display_path(&layout::document(doc, &default))
            ));
            if let Some(p) = some {
                d = d.in_file(p);
            }
            diags.push(d);
        }
    }
}

/// What reading a Markdown source gave.
enum Read {
    /// The source, parsed.
    Parsed(Arc<SourceDoc>),
    /// It could not be read or used; why was reported.
    Failed,
    /// It was removed since its folder was read: there is nothing to say.
    Gone,
}

fn read_source(
    project: &mut Project,
    previous: &Parses,
    rel: &Path,
    kind: SourceKind,
    diags: &Diagnostics,
) -> Read {
    let text = match read_text(&project.root, rel, &mut project.sources) {
        Ok(Some(text)) => text,
        Ok(None) => return Read::Gone,
        Err(d) => {
            diags.push(d);
            return Read::Failed;
        }
    };
    let parse = match previous.0.get(rel) {
        Some(p) if p.kind == kind && p.text == text => p.clone(),
        _ => {
            let found = Diagnostics::default();
            let doc = parse_source(rel, text.clone(), kind, &found).map(Arc::new);
            Parse {
                text,
                kind,
                doc,
                diagnostics: found.sorted(),
            }
        }
    };
    for d in &parse.diagnostics {
        diags.push(d.clone());
    }
    let doc = parse.doc.clone();
    project.parses.0.insert(rel.to_path_buf(), parse);
    doc.map_or(Read::Failed, Read::Parsed)
}

fn load_regions(project: &mut Project, previous: &Parses, diags: &Diagnostics) {
    let root = project.root.clone();
    let mut region_dirs = Vec::new();
    for entry in readable(
        layout::entries(&root, Path::new(layout::REGIONS)),
        &mut project.unparsed,
        diags,
    ) {
        let rel = entry.rel;
        if entry.is_dir {
            let name = rel
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            region_dirs.push((name, rel));
            continue;
        }
        let Kind::Region { region: id } = entry.kind else {
            diags.push(
                Diagnostic::error("this file is not a region")
                    .in_file(&rel)
                    .help(format!(
                        "regions are `{}`, and their supplements `{}`",
                        layout::REGION_FORM,
                        layout::SUPPLEMENT_FORM
                    )),
            );
            continue;
        };
        if !valid_id(&id) {
            diags.push(
                Diagnostic::error(format!("`{id}` cannot be used as a region name"))
                    .in_file(&rel)
                    .help("region names are part of page URLs: use lower-case letters, digits and `-`, e.g. `us-ca`"),
            );
            continue;
        }
        let text = match read_text(&root, &rel, &mut project.sources) {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(d) => {
                diags.push(d);
                project.unparsed.regions.insert(id);
                continue;
            }
        };
        if let Some(other) = project.regions.get(&id) {
            diags.push(
                Diagnostic::error(format!(
                    "the region `{id}` is defined twice, here and in `{}`",
                    display_path(&other.path)
                ))
                .in_file(&rel)
                .help("keep one file per region"),
            );
            continue;
        }
        match parse_region(project, &id, &rel, &text, diags) {
            Some(region) => {
                project.regions.insert(id, region);
            }
            None => {
                project.unparsed.regions.insert(id);
            }
        }
    }
    for (region, rel) in region_dirs {
        // Its file is there but failed to load, and was reported.
        if project.unparsed.regions.contains(&region) {
            continue;
        }
        let has_file = layout::region_files(&region).any(|file| root.join(file).is_file());
        if !has_file {
            let file = display_path(&layout::region(&region));
            diags.push(
                Diagnostic::error(format!(
                    "supplements for `{region}`, but there is no `{file}`"
                ))
                .in_file(&rel)
                .help(format!(
                    "create `{file}` with at least `name:`, or rename the folder"
                )),
            );
            continue;
        }
        if project.regions.contains_key(&region) {
            load_supplements(project, previous, &region, &rel, diags);
        }
    }
    project.add_implicit_region();
}

/// A supplement whose document id is not a document, with no title in any
/// of its files, but near the id of one, is that document's supplement
/// misnamed, not a new region-only document (which needs a title): one
/// error per file, and the files are left out rather than resolved as a
/// document with no title and no sections to place theirs.
fn misnamed_supplements(project: &mut Project, diags: &Diagnostics) {
    if project.unparsed.policies {
        return;
    }
    let titled = |doc: &str| {
        project
            .supplements
            .iter()
            .filter(|((_, d), _)| d == doc)
            .any(|(_, by_locale)| by_locale.values().any(|s| s.title.is_some()))
    };
    // The documents there are: base documents (read or not), and
    // region-only documents with a title.
    let known: BTreeSet<&str> = project
        .documents
        .keys()
        .chain(&project.unparsed.documents)
        .chain(project.supplements.keys().map(|(_, d)| d))
        .filter(|d| {
            project.documents.contains_key(*d)
                || project.unparsed.documents.contains(*d)
                || titled(d)
        })
        .map(String::as_str)
        .collect();
    let mut misnamed = Vec::new();
    for (region, doc) in project.supplements.keys() {
        // A file of it that failed may hold its title: that was reported.
        let failed = || project.unparsed.supplements.iter().any(|(_, d)| d == doc);
        if known.contains(doc.as_str()) || failed() {
            continue;
        }
        if let Some(near) = closest(doc, known.iter().copied()) {
            misnamed.push((region.clone(), doc.clone(), near.to_string()));
        }
    }
    for (region, doc, near) in misnamed {
        let Some(by_locale) = project.supplements.remove(&(region.clone(), doc.clone())) else {
            continue;
        };
        for (locale, source) in by_locale {
            diags.push(
                Diagnostic::error(format!(
                    "`{doc}` is not a document of this project; did you mean `{near}`? (a document of this region only would need a title)"
                ))
                .in_file(&source.path)
                .help(format!(
                    "rename the file to `{}`; or, to make `{doc}` a document of this region only, start the file with front matter setting `title:`",
                    display_path(&layout::supplement(&region, &near, &locale))
                )),
            );
        }
    }
}

fn load_supplements(
    project: &mut Project,
    previous: &Parses,
    region: &str,
    dir: &Path,
    diags: &Diagnostics,
) {
    let root = project.root.clone();
    for entry in readable(layout::entries(&root, dir), &mut project.unparsed, diags) {
        let rel = &entry.rel;
        if let (Kind::RegionFacts { .. }, true) = (&entry.kind, entry.is_dir) {
            super::facts::load::load_changes(project, region, rel, diags);
            continue;
        }
        // A pipe or device named like a supplement is refused when read.
        let (Kind::Supplement { doc, locale, .. }, false) = (entry.kind, entry.is_dir) else {
            diags.push(
                Diagnostic::error("this file is not a supplement")
                    .in_file(rel)
                    .help(format!(
                        "supplements are `{}`, e.g. `{}`",
                        display_path(&layout::supplement(region, "<doc>", "<locale>")),
                        display_path(&layout::supplement(region, "privacy", "en-US"))
                    )),
            );
            continue;
        };
        project.has_source_files = true;
        if !valid_id(&doc) {
            diags.push(
                Diagnostic::error(format!("`{doc}` cannot be used as a document name"))
                    .in_file(rel)
                    .help("use lower-case letters, digits and `-`, e.g. `privacy.en-US.md`"),
            );
            continue;
        }
        if !check_locale_in_name(project, rel, &locale, diags) {
            continue;
        }
        match read_source(project, previous, rel, SourceKind::Supplement, diags) {
            Read::Parsed(source) => {
                project
                    .supplements
                    .entry((region.to_string(), doc))
                    .or_default()
                    .insert(locale, source);
            }
            Read::Failed => {
                project
                    .unparsed
                    .supplements
                    .insert((region.to_string(), doc));
            }
            Read::Gone => {}
        }
    }
}

fn load_templates(project: &mut Project, diags: &Diagnostics) {
    let root = project.root.clone();
    for entry in readable(
        layout::entries(&root, Path::new(layout::TEMPLATES)),
        &mut project.unparsed,
        diags,
    ) {
        let (Kind::Template { name } | Kind::ThemeAsset { name }) = entry.kind else {
            continue;
        };
        // Folders are walked; a symbolic link is read as the file it
        // points to inside the project (any other is reported).
        if entry.is_dir {
            continue;
        }
        match read_text(&root, &entry.rel, &mut project.sources) {
            Ok(Some(text)) => {
                project.templates.insert(name, text.to_string());
            }
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
}

/// Reads `strings/<locale>.yaml`, the theme words the project sets.
fn load_words(project: &mut Project, diags: &Diagnostics) {
    let root = project.root.clone();
    for entry in readable(
        layout::entries(&root, Path::new(layout::STRINGS)),
        &mut project.unparsed,
        diags,
    ) {
        let Kind::Words { name, locale } = entry.kind else {
            continue;
        };
        let valid = locale.as_deref().map(|l| (l, validate_locale(l)));
        let locale = match valid {
            Some((locale, Ok(()))) if entry.is_file => locale.to_string(),
            Some((_, Err(problem))) if entry.is_file => {
                diags.push(
                    Diagnostic::error(format!(
                        "`{}` is not named for a locale",
                        display_path(&entry.rel)
                    ))
                    .in_file(&entry.rel)
                    .help(format!(
                        "{problem}; a file of theme words is `{}`, e.g. `{}`",
                        layout::WORDS_FORM,
                        display_path(&layout::words("de"))
                    )),
                );
                continue;
            }
            _ => {
                diags.push(
                    Diagnostic::error(format!(
                        "`{name}` in `{}/` is not a file of theme words",
                        layout::STRINGS
                    ))
                    .in_file(&entry.rel)
                    .help(format!(
                        "`{}/` holds one `{}` per locale, e.g. `{}`; move anything else out of it",
                        layout::STRINGS,
                        layout::WORDS_FORM,
                        display_path(&layout::words("de"))
                    )),
                );
                continue;
            }
        };
        match read_text(&root, &entry.rel, &mut project.sources) {
            Ok(Some(text)) => {
                if let Some(words) = parse_words_file(&entry.rel, &locale, &text, diags) {
                    project.words.insert(locale, words);
                }
            }
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
}
