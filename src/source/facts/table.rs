//! `facts/<table>.yaml`: a table's caption, noun, columns and rows, each
//! cell checked against its column's type where it is written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::read::Reader;
use super::values;
use super::{Cell, Choice, Column, ColumnKind, FactTable, RESERVED_ROW, Row, did_you_mean};
use crate::diagnostics::{Diagnostic, Diagnostics, closest, location_at};
use crate::source::marked::{Node, Value};

const TABLE_KEYS: [&str; 4] = ["caption", "noun", "columns", "rows"];
const COLUMN_KEYS: [&str; 4] = ["id", "label", "type", "values"];
const TYPES: [(&str, ColumnKind); 8] = [
    ("text", ColumnKind::Text),
    ("translated", ColumnKind::Translated),
    ("url", ColumnKind::Url),
    ("date", ColumnKind::Date),
    ("duration", ColumnKind::Duration),
    ("country", ColumnKind::Country),
    ("email", ColumnKind::Email),
    ("choice", ColumnKind::Choice),
];

const EXAMPLE: &str = "`caption: …`, `noun: …`, then `columns:` (a list of `- id: …` with a `label:` and a `type:`) and `rows:` (a list of `- id: …` with a `column: value` line per cell)";

/// Parses `facts/<table>.yaml`. `None` when the file cannot stand for the
/// table (YAML syntax, no `columns` or `rows`, not a map): why was
/// reported, and nothing that uses the table is checked.
pub fn parse_table(
    path: &Path,
    id: &str,
    text: &str,
    locales: &[String],
    default: &str,
    diags: &Diagnostics,
) -> Option<FactTable> {
    let r = Reader {
        path,
        text,
        diags,
        locales,
        default,
    };
    let root = r.parse()?;
    let Value::Map(entries) = &root.value else {
        diags.push(
            Diagnostic::error(
                "a facts table must be `key: value` lines: `caption`, `noun`, `columns` and `rows`",
            )
            .in_file(path)
            .at(location_at(text, root.at, 0))
            .help(format!("write {EXAMPLE}")),
        );
        return None;
    };
    let keys = r.known_keys(entries, &TABLE_KEYS, "a facts table");
    let missing: Vec<&str> = ["columns", "rows"]
        .into_iter()
        .filter(|k| !keys.contains_key(k))
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        diags.push(
            Diagnostic::error(format!("this facts table has no {}", names.join(" and ")))
                .in_file(path)
                .at(location_at(text, root.at, 0))
                .help(format!("a table lists {EXAMPLE}")),
        );
        return None;
    }
    let texts = |key: &str, what: &str| keys.get(key).and_then(|(k, v)| r.texts(k, v, what));
    let caption = texts("caption", "the caption");
    let noun = texts("noun", "the noun");
    let (_, columns_node) = keys["columns"];
    let (columns, unchecked) = parse_columns(&r, columns_node)?;
    let (_, rows_node) = keys["rows"];
    let rows = parse_rows(&r, &columns, &unchecked, rows_node);
    Some(FactTable {
        id: id.to_string(),
        path: path.to_path_buf(),
        caption,
        noun,
        columns,
        rows,
        unchecked,
        translations: BTreeMap::new(),
    })
}

/// The columns, and the ids of those whose definition is in error (their
/// cells are neither kept nor reported: one mistake, one message).
fn parse_columns(r: &Reader<'_>, node: &Node) -> Option<(Vec<Column>, BTreeSet<String>)> {
    let example = "`- id: name` lines, each with its `label:` and `type:` below it";
    let items = r.list(node, "`columns`", example)?;
    if items.is_empty() {
        r.error(
            node,
            "this table has no columns",
            format!("list them as {example}"),
        );
        return None;
    }
    let mut columns: Vec<Column> = Vec::new();
    let mut broken = BTreeSet::new();
    for item in items {
        let Some(entries) = r.map(
            item,
            "a column",
            "`- id: name`, with `label: Name` and `type: …` below it",
        ) else {
            continue;
        };
        let keys = r.known_keys(entries, &COLUMN_KEYS, "a column");
        let Some((_, id_node)) = keys.get("id") else {
            r.error(
                item,
                "this column has no `id`",
                "add `id: name` (lower-case letters, digits and `_`) as its first line",
            );
            continue;
        };
        let Some(id) = r.id(id_node, "a column id") else {
            broken.extend(id_node.as_str().map(str::to_string));
            continue;
        };
        if id == "id" {
            r.error(
                id_node,
                "`id` cannot be a column's id: each row's `id` is its own",
                "name the column for what it holds, e.g. `name`",
            );
            continue;
        }
        if let Some(first) = columns.iter().find(|c| c.id == id) {
            r.error(
                id_node,
                format!(
                    "the column `{id}` is listed twice (first on line {})",
                    first.at.line
                ),
                "give each column its own id",
            );
            continue;
        }
        let kind = match keys.get("type") {
            None => ColumnKind::Text,
            Some((_, t)) => {
                let Some(name) = r.text(t, "`type`") else {
                    broken.insert(id);
                    continue;
                };
                match TYPES.iter().find(|(n, _)| *n == name) {
                    Some((_, kind)) => *kind,
                    None => {
                        let near = closest(&name, TYPES.iter().map(|(n, _)| *n));
                        let all: Vec<String> =
                            TYPES.iter().map(|(n, _)| format!("`{n}`")).collect();
                        r.error(
                            t,
                            format!("`{name}` is not a column type"),
                            did_you_mean(near, &format!("the types are {}", all.join(", "))),
                        );
                        broken.insert(id);
                        continue;
                    }
                }
            }
        };
        let choices = match (kind, keys.get("values")) {
            (ColumnKind::Choice, Some((_, v))) => parse_choices(r, v),
            (ColumnKind::Choice, None) => {
                r.error(id_node, format!("the choice column `{id}` has no `values`"), "list its values, each with its label: `values: { analytics: Analytics, payments: Payments }`");
                Vec::new()
            }
            (_, Some((k, _))) => {
                r.error(
                    k,
                    format!("`values` is only for `type: choice`, and `{id}` is not one"),
                    "remove `values`, or add `type: choice`",
                );
                Vec::new()
            }
            (_, None) => Vec::new(),
        };
        if kind == ColumnKind::Choice && choices.is_empty() {
            broken.insert(id);
            continue;
        }
        let label = keys
            .get("label")
            .and_then(|(k, v)| r.texts(k, v, &format!("the label of `{id}`")));
        columns.push(Column {
            id,
            at: r.at(id_node),
            label,
            kind,
            choices,
        });
    }
    (!columns.is_empty()).then_some((columns, broken))
}

fn parse_choices(r: &Reader<'_>, node: &Node) -> Vec<Choice> {
    let Some(entries) = r.map(
        node,
        "`values`",
        "`values: { analytics: Analytics, payments: Payments }`",
    ) else {
        return Vec::new();
    };
    let mut choices: Vec<Choice> = Vec::new();
    for (k, v) in entries {
        let Some(id) = r.id(k, "a value of a choice") else {
            continue;
        };
        let label = r.texts(k, v, &format!("the label of `{id}`"));
        choices.push(Choice {
            id,
            at: r.at(k),
            label,
        });
    }
    if choices.is_empty() {
        r.error(
            node,
            "this choice column has no values",
            "list them, e.g. `values: { analytics: Analytics, payments: Payments }`",
        );
    }
    choices
}

fn parse_rows(
    r: &Reader<'_>,
    columns: &[Column],
    unchecked: &BTreeSet<String>,
    node: &Node,
) -> Vec<Row> {
    let Some(items) = r.list(
        node,
        "`rows`",
        "`- id: harbor_pay` lines, each followed by a `column: value` line per cell",
    ) else {
        return Vec::new();
    };
    let mut rows: Vec<Row> = Vec::new();
    for item in items {
        let Some(row) = parse_row(r, columns, unchecked, item) else {
            continue;
        };
        if let Some(first) = rows.iter().find(|x| x.id == row.id) {
            r.diags.push(
                Diagnostic::error(format!("the row id `{}` is used twice (first on line {})", row.id, first.at.line))
                    .in_file(r.path)
                    .at(row.at)
                    .help("each row needs its own id: documents, regions and the change history name rows by it"),
            );
            continue;
        }
        rows.push(row);
    }
    rows
}

/// A row: `id` and its cells. `None` when it has no usable id.
pub(super) fn parse_row(
    r: &Reader<'_>,
    columns: &[Column],
    unchecked: &BTreeSet<String>,
    node: &Node,
) -> Option<Row> {
    let entries = r.map(
        node,
        "a row",
        "`- id: harbor_pay`, then a `column: value` line per cell",
    )?;
    let id_node = entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("id"))
        .map(|(_, v)| v);
    let Some(id_node) = id_node else {
        r.error(
            node,
            "this row has no `id`",
            "add `id: …` as its first line: a stable name for the row, such as `harbor_pay`",
        );
        return None;
    };
    let id = r.id(id_node, "a row id")?;
    if id == RESERVED_ROW {
        r.error(id_node, "`count` cannot be a row id: documents use `facts.<table>.count` for the number of rows", "give the row another id");
        return None;
    }
    let cells = parse_cells(r, columns, unchecked, entries, &id, false);
    Some(Row {
        id,
        file: r.path.to_path_buf(),
        at: r.at(id_node),
        cells,
    })
}

/// The cells of `entries` (a row's, or a region's replacement), `id` left
/// out; each checked against its column.
pub(super) fn parse_cells(
    r: &Reader<'_>,
    columns: &[Column],
    unchecked: &BTreeSet<String>,
    entries: &[(Node, Node)],
    row: &str,
    replacing: bool,
) -> BTreeMap<String, Cell> {
    let mut cells = BTreeMap::new();
    for (k, v) in entries {
        let Some(key) = r.key(k) else { continue };
        if key == "id" || unchecked.contains(key) {
            continue;
        }
        let Some(column) = columns.iter().find(|c| c.id == key) else {
            let near = closest(key, columns.iter().map(|c| c.id.as_str()));
            let all: Vec<String> = columns.iter().map(|c| format!("`{}`", c.id)).collect();
            r.error(
                k,
                format!("`{key}` is not a column of this table"),
                did_you_mean(near, &format!("the columns are {}", all.join(", "))),
            );
            continue;
        };
        if let Some(cell) = parse_cell(r, column, k, v, row, replacing) {
            cells.insert(column.id.clone(), cell);
        }
    }
    cells
}

fn parse_cell(
    r: &Reader<'_>,
    column: &Column,
    key: &Node,
    node: &Node,
    row: &str,
    replacing: bool,
) -> Option<Cell> {
    let what = format!("the `{}` of `{row}`", column.id);
    // `website: ""` is a cell written empty: say how an empty cell is
    // written instead of refusing `` as a value.
    if let Value::Scalar(s) = &node.value
        && s.trim().is_empty()
    {
        r.error(
            node,
            format!("{what} is an empty text"),
            if replacing {
                format!("write `{}:` with no value to clear it", column.id)
            } else {
                format!(
                    "an empty cell is written by leaving the key out: remove the `{}:` line",
                    column.id
                )
            },
        );
        return None;
    }
    if column.kind == ColumnKind::Translated {
        return r.texts(key, node, &what).map(Cell::Texts);
    }
    let raw = match &node.value {
        Value::Null => return None,
        Value::Scalar(s) => s,
        Value::Map(_) if column.kind == ColumnKind::Text => {
            r.error(
                node,
                format!("{what} is the same in every locale, but a text per locale is given"),
                "write one text, or make the column `type: translated` to give one per locale",
            );
            return None;
        }
        _ => {
            r.error(
                node,
                format!("{what} must be one value, but is {}", node.kind_name()),
                "write the value after the colon",
            );
            return None;
        }
    };
    match values::check(column.kind, raw, &column.choices) {
        Ok(value) => Some(Cell::Value {
            value,
            at: r.at(node),
        }),
        Err(m) => {
            r.error(node, m.message, m.help);
            None
        }
    }
}
