//! Finding and reading the facts files of a project: the tables and their
//! locale files under `facts/`, and each region's changes under
//! `regions/<region>/facts/`. Every file that fails is noted in `Unparsed`.

use std::path::Path;

use super::{parse_changes, parse_table, parse_translation, valid_fact_id};
use crate::diagnostics::{Diagnostic, Diagnostics, closest, display_path, location_at};
use crate::source::Project;
use crate::source::files::{check_locale_in_name_at, read_text, readable};
use crate::source::layout::{self, Kind};

/// Reads `facts/`: every table, then every locale file into its table.
pub(crate) fn load_tables(project: &mut Project, diags: &Diagnostics) {
    let root = project.root.clone();
    let entries = readable(
        layout::entries(&root, Path::new(layout::FACTS)),
        &mut project.unparsed,
        diags,
    );
    let locales = project.config.locales.clone();
    let default = project.config.default_locale.clone();
    let mut translations = Vec::new();
    for entry in entries {
        let rel = entry.rel;
        match (entry.kind, entry.is_dir) {
            (Kind::FactTable { table }, false) => {
                if !valid_fact_id(&table) {
                    diags.push(
                        Diagnostic::error(format!("`{table}` cannot be used as a table name"))
                            .in_file(&rel)
                            .help("documents name a table by its file name: use lower-case letters, digits and `_`, starting with a letter, e.g. `subprocessors.yaml`"),
                    );
                    project.unparsed.facts.insert(table);
                    continue;
                }
                let text = match read_text(&root, &rel, &mut project.sources) {
                    Ok(Some(text)) => text,
                    Ok(None) => continue,
                    Err(d) => {
                        diags.push(d);
                        project.unparsed.facts.insert(table);
                        continue;
                    }
                };
                match parse_table(&rel, &table, &text, &locales, &default, diags) {
                    Some(parsed) => {
                        project.facts.insert(table, parsed);
                    }
                    None => {
                        project.unparsed.facts.insert(table);
                    }
                }
            }
            (Kind::FactTranslation { table, locale }, false) => {
                translations.push((rel, table, locale))
            }
            _ => {
                diags.push(
                    Diagnostic::error("this is not a facts table, nor a locale's texts for one")
                        .in_file(&rel)
                        .help(format!(
                            "`{}/` holds tables, `{}`, and their texts per locale, `{}`; move anything else out of it",
                            layout::FACTS,
                            layout::FACT_TABLE_FORM,
                            layout::FACT_TRANSLATION_FORM
                        )),
                );
            }
        }
    }
    for (rel, table, locale) in translations {
        let text = match read_text(&root, &rel, &mut project.sources) {
            Ok(Some(text)) => text,
            Ok(None) => continue,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        // A mistake in the name is placed at the file's start, as when
        // the table it names does not exist.
        let start = Some(location_at(&text, 0, 0));
        if !check_locale_in_name_at(project, &rel, &locale, start, diags) {
            continue;
        }
        if project.unparsed.fact_table(&table) {
            continue;
        }
        let Some(parsed) = project.facts.get_mut(&table) else {
            let near = closest(&table, project.facts.keys().map(String::as_str))
                .map(|n| {
                    format!(
                        "did you mean `{n}`? Rename the file to `{}`",
                        display_path(&layout::fact_translation(n, &locale))
                    )
                })
                .unwrap_or_else(|| {
                    format!(
                        "a locale's texts go beside their table, `{}`",
                        layout::FACT_TABLE_FORM
                    )
                });
            diags.push(
                Diagnostic::error(format!("there is no table `{table}` for these texts"))
                    .in_file(&rel)
                    .at(location_at(&text, 0, 0))
                    .help(near),
            );
            continue;
        };
        parse_translation(parsed, &rel, &locale, &text, &locales, &default, diags);
    }
}

/// Reads `regions/<region>/facts/`: the region's changes to tables.
pub(crate) fn load_changes(project: &mut Project, region: &str, dir: &Path, diags: &Diagnostics) {
    let root = project.root.clone();
    let locales = project.config.locales.clone();
    let default = project.config.default_locale.clone();
    for entry in readable(layout::entries(&root, dir), &mut project.unparsed, diags) {
        let rel = entry.rel;
        let (Kind::FactChanges { table, .. }, false) = (entry.kind, entry.is_dir) else {
            diags.push(
                Diagnostic::error("this is not a region's changes to a facts table")
                    .in_file(&rel)
                    .help(format!(
                        "the folder holds `{}`, e.g. `{}`; move anything else out of it",
                        layout::FACT_CHANGES_FORM,
                        display_path(&layout::fact_changes(region, "subprocessors"))
                    )),
            );
            continue;
        };
        let key = (region.to_string(), table.clone());
        let text = match read_text(&root, &rel, &mut project.sources) {
            Ok(Some(text)) => text,
            Ok(None) => continue,
            Err(d) => {
                diags.push(d);
                project.unparsed.fact_changes.insert(key);
                continue;
            }
        };
        if project.unparsed.fact_table(&table) {
            project.unparsed.fact_changes.insert(key);
            continue;
        }
        let Some(parsed) = project.facts.get(&table) else {
            let near = closest(&table, project.facts.keys().map(String::as_str))
                .map(|n| {
                    format!(
                        "did you mean `{n}`? Rename the file to `{}`",
                        display_path(&layout::fact_changes(region, n))
                    )
                })
                .unwrap_or_else(|| {
                    let tables: Vec<String> =
                        project.facts.keys().map(|t| format!("`{t}`")).collect();
                    if tables.is_empty() {
                        format!(
                            "the project has no tables yet: add `{}` first",
                            layout::FACT_TABLE_FORM
                        )
                    } else {
                        format!(
                            "the file is named for the table it changes: {}",
                            tables.join(", ")
                        )
                    }
                });
            diags.push(
                Diagnostic::error(format!("there is no facts table `{table}` to change"))
                    .in_file(&rel)
                    .at(location_at(&text, 0, 0))
                    .help(near),
            );
            project.unparsed.fact_changes.insert(key);
            continue;
        };
        match parse_changes(parsed, region, &rel, &text, &locales, &default, diags) {
            Some(changes) => {
                project.fact_changes.insert(key, changes);
            }
            None => {
                project.unparsed.fact_changes.insert(key);
            }
        }
    }
}
