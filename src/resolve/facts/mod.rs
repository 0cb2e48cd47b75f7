//! Facts tables as each region's readers see them: the regions' changes
//! applied down each chain (root first, like supplements), then a table
//! shown in one locale as a [`TableView`], every cell's text formatted for
//! it. Also the texts a table lacks in a locale it is published in.

mod cells;
mod translations;

use std::collections::BTreeMap;

pub use translations::TableTexts;
pub(crate) use translations::{table_texts, warn_missing};

use super::ResolvedRegion;
use crate::diagnostics::{Diagnostic, Diagnostics, closest, display_path};
use crate::facts::{ColumnKind, ColumnView, FactKey, RowView, TableView};
use crate::source::Project;
use crate::source::facts::{Cell, FactChanges, FactTable, Row, Texts, did_you_mean};

/// Every table's rows in every region, the regions' changes applied.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    /// (table, region) -> rows.
    rows: BTreeMap<(String, String), Vec<Row>>,
}

impl Facts {
    /// Applies each region's chain of changes to each table; a change that
    /// names a row that is not there (or adds one that is) is reported.
    pub(crate) fn new(project: &Project, regions: &[ResolvedRegion], diags: &Diagnostics) -> Self {
        let mut rows = BTreeMap::new();
        for (id, table) in &project.facts {
            for region in regions {
                let mut current = table.rows.clone();
                for link in &region.chain {
                    if let Some(changes) = project.fact_changes.get(&(link.clone(), id.clone())) {
                        apply(table, &mut current, changes, diags);
                    }
                }
                rows.insert((id.clone(), region.id.clone()), current);
            }
        }
        Facts { rows }
    }

    /// The rows of `table` in `region`.
    pub(crate) fn rows(&self, table: &str, region: &str) -> Option<&[Row]> {
        self.rows
            .get(&(table.to_string(), region.to_string()))
            .map(Vec::as_slice)
    }
}

/// Applies one region's changes to the rows its parent has: cells
/// replaced, rows removed, rows added after the others.
fn apply(table: &FactTable, rows: &mut Vec<Row>, changes: &FactChanges, diags: &Diagnostics) {
    let missing = |rows: &[Row], id: &str| {
        let near = closest(id, rows.iter().map(|r| r.id.as_str()));
        let inherited = format!(
            " (the rows of `{}`, after the changes of the regions `{}` inherits from)",
            display_path(&table.path),
            changes.region
        );
        did_you_mean(
            near,
            &format!("the rows there are{inherited}: {}", list(rows)),
        )
    };
    for replace in &changes.replace {
        match rows.iter_mut().find(|r| r.id == replace.id) {
            Some(row) => {
                for (column, cell) in &replace.cells {
                    row.cells.insert(column.clone(), cell.clone());
                }
                for column in changes.clear.get(&replace.id).into_iter().flatten() {
                    row.cells.remove(column);
                }
            }
            None => diags.push(
                Diagnostic::error(format!(
                    "there is no row `{}` in `{}` to replace cells of",
                    replace.id, table.id
                ))
                .in_file(&changes.path)
                .at(replace.at)
                .help(missing(rows, &replace.id)),
            ),
        }
    }
    for (id, at) in &changes.remove {
        match rows.iter().position(|r| &r.id == id) {
            Some(i) => {
                rows.remove(i);
            }
            None => diags.push(
                Diagnostic::error(format!(
                    "there is no row `{id}` in `{}` to remove",
                    table.id
                ))
                .in_file(&changes.path)
                .at(*at)
                .help(missing(rows, id)),
            ),
        }
    }
    for add in &changes.add {
        if let Some(existing) = rows.iter().find(|r| r.id == add.id) {
            diags.push(
                Diagnostic::error(format!(
                    "the row `{}` is already in `{}` (`{}` line {})",
                    add.id,
                    table.id,
                    display_path(&existing.file),
                    existing.at.line
                ))
                .in_file(&changes.path)
                .at(add.at)
                .help("to change its cells, list it under `replace:` instead; to add another row, give it a new id"),
            );
            continue;
        }
        rows.push(add.clone());
    }
}

fn list(rows: &[Row]) -> String {
    if rows.is_empty() {
        return "none".to_string();
    }
    rows.iter()
        .map(|r| format!("`{}`", r.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The keys of every table in every region and locale the site publishes:
/// by table, then region, then locale.
pub(crate) fn keys(project: &Project, regions: &[ResolvedRegion]) -> Vec<FactKey> {
    let mut keys = Vec::new();
    for table in project.facts.keys() {
        for region in regions {
            for locale in &region.locales {
                keys.push(FactKey {
                    table: table.clone(),
                    region: region.id.clone(),
                    locale: locale.clone(),
                });
            }
        }
    }
    keys
}

/// `table` as the readers of `region` in `locale` see it.
pub(crate) fn view(project: &Project, facts: &Facts, key: FactKey) -> Option<TableView> {
    let table = project.facts.get(&key.table)?;
    let rows = facts.rows(&key.table, &key.region)?;
    let default = project.config.default_locale.as_str();
    let text = |texts: &Option<Texts>, otherwise: &str| {
        texts
            .as_ref()
            .and_then(|t| t.text(&key.locale, default))
            .map_or_else(|| otherwise.to_string(), |(text, _)| text.to_string())
    };
    let format = cells::Formatter::new(&key.locale, default);
    let columns = table
        .columns
        .iter()
        .map(|c| ColumnView {
            id: c.id.clone(),
            label: text(&c.label, &c.id),
            kind: c.kind,
        })
        .collect();
    let rows = rows
        .iter()
        .map(|row| RowView {
            id: row.id.clone(),
            cells: row
                .cells
                .iter()
                .filter_map(|(id, cell)| {
                    let column = table.column(id)?;
                    Some((id.clone(), format.cell(column, cell)?))
                })
                .collect(),
        })
        .collect();
    Some(TableView {
        caption: text(&table.caption, &table.id),
        noun: text(&table.noun, &text(&table.caption, &table.id)),
        columns,
        rows,
        key,
    })
}

/// The texts of a [`TableView`] shown in another locale than the view's,
/// for lack of a translation: each with the locale it is in, so that a page
/// marks it with `lang`. Empty when the table is wholly translated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactFallbacks {
    /// The caption's locale, when it is not the view's.
    pub caption: Option<String>,
    /// The noun's locale, when it is not the view's.
    pub noun: Option<String>,
    /// Column labels in another locale: column id -> locale.
    pub labels: BTreeMap<String, String>,
    /// Cells (a translated text, a choice's label, or a subdivision's
    /// ISO 3166-2 name) in another locale or language: (row id, column id)
    /// -> locale.
    pub cells: BTreeMap<(String, String), String>,
}

/// Which texts of `table` in `region` are shown in another locale than
/// `locale`, and in which.
pub(crate) fn fallbacks(project: &Project, facts: &Facts, key: &FactKey) -> Option<FactFallbacks> {
    let table = project.facts.get(&key.table)?;
    let rows = facts.rows(&key.table, &key.region)?;
    let default = project.config.default_locale.as_str();
    let other = |texts: Option<&Texts>| -> Option<String> {
        let (_, shown) = texts?.text(&key.locale, default)?;
        (shown != key.locale).then(|| shown.to_string())
    };
    let mut out = FactFallbacks {
        caption: other(table.caption.as_ref()),
        noun: other(table.noun.as_ref()),
        ..FactFallbacks::default()
    };
    for column in &table.columns {
        if let Some(locale) = other(column.label.as_ref()) {
            out.labels.insert(column.id.clone(), locale);
        }
    }
    for row in rows {
        for (id, cell) in &row.cells {
            let column = table.column(id);
            let locale = match cell {
                Cell::Texts(texts) => other(Some(texts)),
                // A subdivision is named as ISO 3166-2 names it, in its
                // country's language: CLDR has no names for them.
                Cell::Value { value, .. }
                    if column.is_some_and(|c| c.kind == ColumnKind::Country)
                        && value.contains('-') =>
                {
                    crate::locale::subdivision_language(value).filter(|l| {
                        crate::locale::language_of(l) != crate::locale::language_of(&key.locale)
                    })
                }
                Cell::Value { value, .. } => column
                    .and_then(|c| c.choices.iter().find(|choice| &choice.id == value))
                    .and_then(|choice| other(choice.label.as_ref())),
            };
            if let Some(locale) = locale {
                out.cells.insert((row.id.clone(), id.clone()), locale);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diagnostics::location_at;
    use crate::source::facts::Cell;

    fn row(id: &str, name: &str) -> Row {
        Row {
            id: id.to_string(),
            file: PathBuf::from("facts/t.yaml"),
            at: location_at("", 0, 0),
            cells: BTreeMap::from([(
                "name".to_string(),
                Cell::Value {
                    value: name.to_string(),
                    at: location_at("", 0, 0),
                },
            )]),
        }
    }

    fn table(rows: Vec<Row>) -> FactTable {
        FactTable {
            id: "t".to_string(),
            path: PathBuf::from("facts/t.yaml"),
            caption: None,
            noun: None,
            columns: Vec::new(),
            rows,
            unchecked: Default::default(),
            translations: BTreeMap::new(),
        }
    }

    fn names(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| match &r.cells["name"] {
                Cell::Value { value, .. } => format!("{}={value}", r.id),
                Cell::Texts(_) => r.id.clone(),
            })
            .collect()
    }

    #[test]
    fn changes_replace_then_remove_then_add_after_the_parents_rows() {
        let t = table(vec![row("a", "A"), row("b", "B"), row("c", "C")]);
        let changes = FactChanges {
            region: "eu".to_string(),
            table: "t".to_string(),
            path: PathBuf::from("regions/eu/facts/t.yaml"),
            add: vec![row("d", "D"), row("b", "B again")],
            replace: vec![row("c", "C2")],
            clear: Default::default(),
            remove: vec![("b".to_string(), location_at("", 0, 0))],
        };
        let diags = Diagnostics::default();
        let mut rows = t.rows.clone();
        apply(&t, &mut rows, &changes, &diags);
        assert!(diags.sorted().is_empty(), "{:?}", diags.sorted());
        // A removed row may come back, as a new row at the end.
        assert_eq!(names(&rows), ["a=A", "c=C2", "d=D", "b=B again"]);

        // The same changes again: `d` is there already (`b`, removed
        // first, may be added again).
        apply(&t, &mut rows, &changes, &diags);
        let messages: Vec<String> = diags.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(
            messages,
            ["the row `d` is already in `t` (`facts/t.yaml` line 1)"]
        );
        assert_eq!(names(&rows), ["a=A", "c=C2", "d=D", "b=B again"]);
    }
}
