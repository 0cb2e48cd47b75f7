//! The texts a facts table lacks in the locales it is published in: each a
//! warning at the text (`--strict`: an error) naming the locale file to
//! fill, and, per table and locale, what `policyc translations` lists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

use super::super::ResolvedRegion;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::source::Project;
use crate::source::facts::{Cell, FactTable, Texts};
use crate::source::layout;

/// How far one table is translated into one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableTexts {
    /// The table's id.
    pub table: String,
    /// The locale.
    pub locale: String,
    /// The locale's file for the table, where a translator adds them
    /// (`facts/<table>.<locale>.yaml`; it may not exist yet).
    pub file: PathBuf,
    /// How many of its texts shown in the locale have no text there.
    pub missing: usize,
    /// How many translatable texts it shows in the locale.
    pub total: usize,
}

/// One translatable text, where it is, and the locales it is shown in.
struct Item<'t> {
    what: String,
    texts: &'t Texts,
    /// Whether it is in a region's changes (translated there, as a map per
    /// locale), not in the table's locale files.
    regional: bool,
    locales: &'t BTreeSet<String>,
}

fn items<'t>(
    project: &'t Project,
    table: &'t FactTable,
    published: &'t BTreeSet<String>,
    by_region: &'t BTreeMap<String, BTreeSet<String>>,
) -> Vec<Item<'t>> {
    let mut items = Vec::new();
    let mut push = |what: String, texts: &'t Option<Texts>, regional, locales| {
        if let Some(texts) = texts {
            items.push(Item {
                what,
                texts,
                regional,
                locales,
            });
        }
    };
    push("the caption".to_string(), &table.caption, false, published);
    push("the noun".to_string(), &table.noun, false, published);
    for column in &table.columns {
        push(
            format!("the label of column `{}`", column.id),
            &column.label,
            false,
            published,
        );
        for choice in &column.choices {
            push(
                format!("the label of `{}` in column `{}`", choice.id, column.id),
                &choice.label,
                false,
                published,
            );
        }
    }
    let mut cells =
        |rows: &'t [crate::source::facts::Row], regional, locales: &'t BTreeSet<String>| {
            for row in rows {
                for (column, cell) in &row.cells {
                    if let Cell::Texts(texts) = cell {
                        items.push(Item {
                            what: format!("the `{column}` of `{}`", row.id),
                            texts,
                            regional,
                            locales,
                        });
                    }
                }
            }
        };
    cells(&table.rows, false, published);
    let empty = &EMPTY;
    for ((region, id), changes) in &project.fact_changes {
        if id != &table.id {
            continue;
        }
        let locales = by_region.get(region).unwrap_or(empty);
        cells(&changes.add, true, locales);
        cells(&changes.replace, true, locales);
    }
    items
}

static EMPTY: BTreeSet<String> = BTreeSet::new();

/// The locales each region's changes are shown in: those of the regions
/// whose chain holds it.
fn locales_by_region(regions: &[ResolvedRegion]) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_region: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for region in regions {
        for link in &region.chain {
            by_region
                .entry(link.clone())
                .or_default()
                .extend(region.locales.iter().cloned());
        }
    }
    by_region
}

/// Warns of every translatable text of every table that has no text in a
/// locale it is shown in.
pub(crate) fn warn_missing(project: &Project, regions: &[ResolvedRegion], diags: &Diagnostics) {
    let published: BTreeSet<String> = regions
        .iter()
        .flat_map(|r| r.locales.iter().cloned())
        .collect();
    let by_region = locales_by_region(regions);
    let default = project.config.default_locale.as_str();
    for table in project.facts.values() {
        for item in items(project, table, &published, &by_region) {
            let lacking: Vec<&str> = item
                .locales
                .iter()
                .filter(|l| !item.texts.by_locale.contains_key(*l))
                .map(String::as_str)
                .collect();
            if lacking.is_empty() {
                continue;
            }
            let shown = item
                .texts
                .text(default, default)
                .map_or(default, |(_, locale)| locale);
            let help = if item.regional {
                format!(
                    "give it a text per locale here, e.g. `{{ {shown}: …, {}: … }}` (until then, pages there show the {shown} text)",
                    lacking[0]
                )
            } else {
                let files: Vec<String> = lacking
                    .iter()
                    .map(|l| {
                        format!(
                            "`{}`",
                            display_path(&layout::fact_translation(&table.id, l))
                        )
                    })
                    .collect();
                format!(
                    "add it in {} (until then, pages there show the {shown} text)",
                    files.join(", ")
                )
            };
            diags.push(
                Diagnostic::warning(format!(
                    "{} of table `{}` has no {} text",
                    item.what,
                    table.id,
                    lacking.join(", ")
                ))
                .in_file(&item.texts.file)
                .at(item.texts.at)
                .help(help),
            );
        }
    }
}

/// Per table and published locale, by table then locale, how many of its
/// texts it lacks there: what `policyc translations` lists.
pub(crate) fn table_texts(project: &Project, regions: &[ResolvedRegion]) -> Vec<TableTexts> {
    let published: BTreeSet<String> = regions
        .iter()
        .flat_map(|r| r.locales.iter().cloned())
        .collect();
    let by_region = locales_by_region(regions);
    let mut out = Vec::new();
    for table in project.facts.values() {
        let items = items(project, table, &published, &by_region);
        for locale in &published {
            let shown: Vec<&Item<'_>> = items
                .iter()
                .filter(|i| i.locales.contains(locale))
                .collect();
            let missing = shown
                .iter()
                .filter(|i| !i.texts.by_locale.contains_key(locale))
                .count();
            out.push(TableTexts {
                table: table.id.clone(),
                locale: locale.clone(),
                file: layout::fact_translation(&table.id, locale),
                missing,
                total: shown.len(),
            });
        }
    }
    out
}
