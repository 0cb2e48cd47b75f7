//! Reading a project: every source file found, parsed, or reported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::config::parse_config;
use super::document::{SourceDoc, SourceKind, parse_source};
use super::region::{Region, parse_region};
use super::{IMPLICIT_REGION, Project};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles, location_at};
use crate::locale::validate_locale;

/// Reads a project. Every problem found is recorded in `diags`; the returned
/// project holds whatever could be read, so `check` can report everything.
pub fn load(root: &Path, diags: &Diagnostics) -> Project {
    let mut project = Project {
        root: root.to_path_buf(),
        ..Project::default()
    };
    let config_path = PathBuf::from("policyc.yaml");
    match read_text(root, &config_path, &mut project.sources) {
        Ok(Some(text)) => {
            if let Some(config) = parse_config(&config_path, &text, diags) {
                project.config = config;
            }
        }
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

    load_documents(&mut project, diags);
    load_regions(&mut project, diags);
    load_templates(&mut project, diags);
    if !project.has_source_files {
        diags.push(
            Diagnostic::error("the project has no documents")
                .help("add one as `policies/<doc>/<locale>.md`, e.g. `policies/privacy/en-US.md`"),
        );
    }
    project
}

/// Reads a UTF-8 file; `Ok(None)` if it does not exist.
fn read_text(
    root: &Path,
    rel: &Path,
    sources: &mut SourceFiles,
) -> Result<Option<Arc<str>>, Diagnostic> {
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(format!("could not read this file: {e}")).in_file(rel));
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text: Arc<str> = Arc::from(text);
            sources.insert(rel.to_path_buf(), text.clone());
            Ok(Some(text))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).into_owned());
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

/// Ids of documents and regions appear in URLs, so they are kept simple.
fn valid_id(id: &str) -> bool {
    id.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Files that editors leave behind and that are never sources: hidden files
/// (vim's `.name.swp`, Emacs's `.#name` locks), backups (`name~`), Emacs's
/// autosaves (`#name#`), vim's write test (`4913`) and JetBrains' safe-write
/// files (`name___jb_tmp___`, `name___jb_old___`).
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

fn sorted_walk(dir: &Path, max_depth: usize) -> impl Iterator<Item = walkdir::DirEntry> {
    WalkDir::new(dir)
        .min_depth(1)
        .max_depth(max_depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn check_locale_in_name(project: &Project, rel: &Path, locale: &str, diags: &Diagnostics) -> bool {
    if let Err(help) = validate_locale(locale) {
        diags.push(
            Diagnostic::error(format!(
                "`{locale}` in this file name is not a valid locale"
            ))
            .in_file(rel)
            .help(format!("{help}; rename the file")),
        );
        return false;
    }
    if !project.config.locales.is_empty() && !project.config.locales.iter().any(|l| l == locale) {
        diags.push(
            Diagnostic::error(format!(
                "the locale `{locale}` is not listed in policyc.yaml"
            ))
            .in_file(rel)
            .help(format!(
                "add `{locale}` to `locales` in policyc.yaml, or rename the file"
            )),
        );
        return false;
    }
    true
}

fn load_documents(project: &mut Project, diags: &Diagnostics) {
    let root = project.root.clone();
    let dir = root.join("policies");
    for entry in sorted_walk(&dir, 2) {
        let rel = relative(&root, entry.path());
        let depth = entry.depth();
        if entry.file_type().is_dir() {
            let name = entry.file_name().to_string_lossy().to_string();
            if depth == 1 && !valid_id(&name) {
                diags.push(
                    Diagnostic::error(format!("`{name}` cannot be used as a document name"))
                        .in_file(&rel)
                        .help("document folders are part of page URLs: use lower-case letters, digits and `-`, e.g. `privacy`"),
                );
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        let locale = name.strip_suffix(".md");
        let (Some(locale), 2) = (locale, depth) else {
            diags.push(
                Diagnostic::error("this file is not a policy source")
                    .in_file(&rel)
                    .help("sources are `policies/<doc>/<locale>.md`, e.g. `policies/privacy/en-US.md`; move or remove this file"),
            );
            continue;
        };
        let doc_id = rel
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        project.has_source_files = true;
        if !valid_id(&doc_id) || !check_locale_in_name(project, &rel, locale, diags) {
            continue;
        }
        let Some(source) = read_source(project, &rel, SourceKind::Base, diags) else {
            continue;
        };
        if source.title.is_none() {
            diags.push(
                Diagnostic::error("this document has no title")
                    .in_file(&rel)
                    .at(location_at(&source.text, 0, 0))
                    .help("start the file with front matter:\n---\ntitle: Privacy Policy\n---"),
            );
        }
        project
            .documents
            .entry(doc_id)
            .or_default()
            .insert(locale.to_string(), Arc::new(source));
    }
    let default = project.config.default_locale.clone();
    for (doc, locales) in &project.documents {
        if !default.is_empty() && !locales.contains_key(&default) {
            let some = locales.values().next().map(|s| s.path.clone());
            let mut d = Diagnostic::error(format!(
                "the document `{doc}` has no version in the default locale `{default}`"
            ))
            .help(format!(
                "add `policies/{doc}/{default}.md`; translations are made from it"
            ));
            if let Some(p) = some {
                d = d.in_file(p);
            }
            diags.push(d);
        }
    }
}

fn read_source(
    project: &mut Project,
    rel: &Path,
    kind: SourceKind,
    diags: &Diagnostics,
) -> Option<SourceDoc> {
    match read_text(&project.root, rel, &mut project.sources) {
        Ok(Some(text)) => parse_source(rel, text, kind, diags),
        Ok(None) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

fn load_regions(project: &mut Project, diags: &Diagnostics) {
    let root = project.root.clone();
    let dir = root.join("regions");
    let mut region_dirs = Vec::new();
    for entry in sorted_walk(&dir, 1) {
        let rel = relative(&root, entry.path());
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.file_type().is_dir() {
            region_dirs.push((name, rel));
            continue;
        }
        let Some(id) = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
        else {
            diags.push(
                Diagnostic::error("this file is not a region")
                    .in_file(&rel)
                    .help("regions are `regions/<region>.yaml`, and their supplements `regions/<region>/<doc>.<locale>.md`"),
            );
            continue;
        };
        if !valid_id(id) {
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
                continue;
            }
        };
        if let Some(other) = project.regions.get(id) {
            diags.push(
                Diagnostic::error(format!(
                    "the region `{id}` is defined twice, here and in `{}`",
                    crate::diagnostics::display_path(&other.path)
                ))
                .in_file(&rel)
                .help("keep one file per region"),
            );
            continue;
        }
        if let Some(region) = parse_region(project, id, &rel, &text, diags) {
            project.regions.insert(id.to_string(), region);
        }
    }
    for (region, rel) in region_dirs {
        let has_file = ["yaml", "yml"].iter().any(|ext| {
            root.join("regions")
                .join(format!("{region}.{ext}"))
                .is_file()
        });
        if !has_file {
            diags.push(
                Diagnostic::error(format!(
                    "supplements for `{region}`, but there is no `regions/{region}.yaml`"
                ))
                .in_file(&rel)
                .help(format!(
                    "create `regions/{region}.yaml` with at least `name:`, or rename the folder"
                )),
            );
            continue;
        }
        if project.regions.contains_key(&region) {
            load_supplements(project, &region, &rel, diags);
        }
    }
    if project.regions.is_empty() {
        project.regions.insert(
            IMPLICIT_REGION.to_string(),
            Region {
                id: IMPLICIT_REGION.to_string(),
                name: project.config.name.clone(),
                parent: None,
                locales: None,
                variables: BTreeMap::new(),
                path: PathBuf::from("policyc.yaml"),
            },
        );
    }
}

fn load_supplements(project: &mut Project, region: &str, dir: &Path, diags: &Diagnostics) {
    let root = project.root.clone();
    for entry in sorted_walk(&root.join(dir), 1) {
        let rel = relative(&root, entry.path());
        let name = entry.file_name().to_string_lossy().to_string();
        let parts = name
            .strip_suffix(".md")
            .and_then(|stem| stem.split_once('.'));
        let Some((doc, locale)) = parts.filter(|_| entry.file_type().is_file()) else {
            diags.push(
                Diagnostic::error("this file is not a supplement")
                    .in_file(&rel)
                    .help(format!("supplements are `regions/{region}/<doc>.<locale>.md`, e.g. `regions/{region}/privacy.en-US.md`")),
            );
            continue;
        };
        project.has_source_files = true;
        if !valid_id(doc) {
            diags.push(
                Diagnostic::error(format!("`{doc}` cannot be used as a document name"))
                    .in_file(&rel)
                    .help("use lower-case letters, digits and `-`, e.g. `privacy.en-US.md`"),
            );
            continue;
        }
        if !check_locale_in_name(project, &rel, locale, diags) {
            continue;
        }
        if let Some(source) = read_source(project, &rel, SourceKind::Supplement, diags) {
            project
                .supplements
                .entry((region.to_string(), doc.to_string()))
                .or_default()
                .insert(locale.to_string(), Arc::new(source));
        }
    }
}

fn load_templates(project: &mut Project, diags: &Diagnostics) {
    let root = project.root.clone();
    let dir = root.join("templates");
    for entry in sorted_walk(&dir, 8) {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(&root, entry.path());
        let name = relative(&dir, entry.path());
        let name = crate::diagnostics::display_path(&name);
        match read_text(&root, &rel, &mut project.sources) {
            Ok(Some(text)) => {
                project.templates.insert(name, text.to_string());
            }
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
}
