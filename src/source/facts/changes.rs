//! `regions/<region>/facts/<table>.yaml`: a region's changes to a table by
//! row id (`add`, `replace`, `remove`), their cells checked against the
//! table's columns. Whether the rows they name exist depends on the
//! parents' changes, so `resolve::facts` checks that when it applies them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::read::Reader;
use super::table::{parse_cells, parse_row};
use super::{FactChanges, FactTable, Row};
use crate::diagnostics::{Diagnostic, Diagnostics, location_at};
use crate::source::marked::Value;

const KEYS: [&str; 3] = ["add", "replace", "remove"];
const EXAMPLE: &str = "`add:` a list of new rows (`- id: eu_host` and their cells), `replace:` the cells to change by row id (`harbor_pay: { location: NL }`; `contact:` with no value clears one), `remove:` a list of row ids (`remove: [cloudy_mail]`)";

/// Parses a region's changes to `table`. `None` when the file cannot be
/// read as changes (why was reported).
pub fn parse_changes(
    table: &FactTable,
    region: &str,
    path: &Path,
    text: &str,
    locales: &[String],
    default: &str,
    diags: &Diagnostics,
) -> Option<FactChanges> {
    let r = Reader {
        path,
        text,
        diags,
        locales,
        default,
    };
    let root = r.parse()?;
    let Value::Map(entries) = &root.value else {
        if root.value != Value::Null {
            diags.push(
                Diagnostic::error(
                    "a region's changes to a table must be `add`, `replace` or `remove` lines",
                )
                .in_file(path)
                .at(location_at(text, root.at, 0))
                .help(format!("write {EXAMPLE}")),
            );
            return None;
        }
        return Some(FactChanges {
            region: region.to_string(),
            table: table.id.clone(),
            path: path.to_path_buf(),
            add: Vec::new(),
            replace: Vec::new(),
            clear: BTreeMap::new(),
            remove: Vec::new(),
        });
    };
    let keys = r.known_keys(entries, &KEYS, "a region's changes");
    let mut add: Vec<Row> = Vec::new();
    if let Some((_, node)) = keys.get("add") {
        for item in r
            .list(
                node,
                "`add`",
                "`- id: eu_host` on a line of its own, then one `column: value` line per cell",
            )
            .unwrap_or_default()
        {
            let Some(row) = parse_row(&r, &table.columns, &table.unchecked, item) else {
                continue;
            };
            if let Some(first) = add.iter().find(|x| x.id == row.id) {
                r.diags.push(
                    Diagnostic::error(format!(
                        "the row `{}` is added twice (first on line {})",
                        row.id, first.at.line
                    ))
                    .in_file(path)
                    .at(row.at)
                    .help("keep one, or give the new row another id"),
                );
                continue;
            }
            add.push(row);
        }
    }
    let mut replace: Vec<Row> = Vec::new();
    let mut clear: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if let Some((_, node)) = keys.get("replace") {
        for (k, v) in r
            .map(
                node,
                "`replace`",
                "the row's id, then its new cells: `harbor_pay: { location: NL }`",
            )
            .unwrap_or_default()
        {
            let Some(id) = r.id(k, "a row id") else {
                continue;
            };
            let Some(cells) = r.map(
                v,
                &format!("the replaced cells of `{id}`"),
                "`harbor_pay: { location: NL }`",
            ) else {
                continue;
            };
            if let Some((id_key, _)) = cells.iter().find(|(c, _)| c.as_str() == Some("id")) {
                r.error(
                    id_key,
                    "a row's id cannot be replaced",
                    "remove the row and add one with the new id",
                );
            }
            // `contact:` with no value clears the cell; the first column
            // names the row and cannot be cleared.
            for (k, v) in cells {
                let Some(column) = k.as_str().and_then(|c| table.column(c)) else {
                    continue;
                };
                if v.value != Value::Null || table.unchecked.contains(&column.id) {
                    continue;
                }
                if table.columns.first().is_some_and(|f| f.id == column.id) {
                    r.error(
                        k,
                        format!(
                            "the `{}` of `{id}` names the row and cannot be cleared",
                            column.id
                        ),
                        format!(
                            "give it a new value, or list `{id}` under `remove:` to take the row out"
                        ),
                    );
                    continue;
                }
                clear
                    .entry(id.clone())
                    .or_default()
                    .insert(column.id.clone());
            }
            replace.push(Row {
                cells: parse_cells(&r, &table.columns, &table.unchecked, cells, &id, true),
                id,
                file: path.to_path_buf(),
                at: r.at(k),
            });
        }
    }
    let mut remove = Vec::new();
    if let Some((_, node)) = keys.get("remove") {
        let items = match &node.value {
            // `remove: cloudy_mail` names one row.
            Value::Scalar(_) => std::slice::from_ref(*node),
            _ => r
                .list(node, "`remove`", "remove: [cloudy_mail]")
                .unwrap_or_default(),
        };
        for item in items {
            if let Some(id) = r.id(item, "a row id") {
                remove.push((id, r.at(item)));
            }
        }
    }
    Some(FactChanges {
        region: region.to_string(),
        table: table.id.clone(),
        path: path.to_path_buf(),
        add,
        replace,
        clear,
        remove,
    })
}
