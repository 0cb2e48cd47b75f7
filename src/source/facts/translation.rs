//! `facts/<table>.<locale>.yaml`: a translator's texts for one table in one
//! locale (caption, noun, column labels, choice labels, translated cells),
//! merged into the table. A text also given in the table for the same
//! locale is an error naming both places: one source of truth per text.

use std::collections::BTreeMap;
use std::path::Path;

use super::read::Reader;
use super::{Cell, ColumnKind, FactTable, Placed, Texts, did_you_mean};
use crate::diagnostics::{Diagnostic, Diagnostics, closest, display_path, location_at};
use crate::source::marked::{Node, Value};

const KEYS: [&str; 5] = ["caption", "noun", "columns", "values", "rows"];

/// Reads the locale file `path` for `locale` into `table`.
pub fn parse_translation(
    table: &mut FactTable,
    path: &Path,
    locale: &str,
    text: &str,
    locales: &[String],
    default: &str,
    diags: &Diagnostics,
) {
    let r = Reader {
        path,
        text,
        diags,
        locales,
        default,
    };
    let Some(root) = r.parse() else {
        return;
    };
    table
        .translations
        .insert(locale.to_string(), path.to_path_buf());
    let example = "`caption: …`, `noun: …`, `columns: { name: … }`, `values: { category: { payments: … } }` and `rows: { harbor_pay: { purpose: … } }`";
    let Some(entries) = r.map(&root, "a table's translation", example) else {
        return;
    };
    let m = Merge { r: &r, locale };
    let keys = r.known_keys(entries, &KEYS, "a table's translation");
    if let Some((_, v)) = keys.get("caption") {
        m.text(&mut table.caption, v, "the caption");
    }
    if let Some((_, v)) = keys.get("noun") {
        m.text(&mut table.noun, v, "the noun");
    }
    if let Some((_, v)) = keys.get("columns") {
        for (k, v) in r
            .map(v, "`columns`", "columns: { name: …, purpose: … }")
            .unwrap_or_default()
        {
            let Some(column) = m.find(
                k,
                table.columns.iter().map(|c| c.id.as_str()),
                "a column of this table",
            ) else {
                continue;
            };
            let Some(column) = table.columns.iter_mut().find(|c| c.id == column) else {
                continue;
            };
            m.text(
                &mut column.label,
                v,
                &format!("the label of `{}`", column.id),
            );
        }
    }
    if let Some((_, v)) = keys.get("values") {
        for (k, v) in r
            .map(v, "`values`", "values: { category: { payments: … } }")
            .unwrap_or_default()
        {
            let choice_columns = table
                .columns
                .iter()
                .filter(|c| c.kind == ColumnKind::Choice);
            let Some(column) = m.find(
                k,
                choice_columns.map(|c| c.id.as_str()),
                "a choice column of this table",
            ) else {
                continue;
            };
            let Some(column) = table.columns.iter_mut().find(|c| c.id == column) else {
                continue;
            };
            for (k, v) in r
                .map(v, "the values' labels", "  payments: …")
                .unwrap_or_default()
            {
                let Some(choice) = m.find(
                    k,
                    column.choices.iter().map(|c| c.id.as_str()),
                    &format!("a value of `{}`", column.id),
                ) else {
                    continue;
                };
                let Some(choice) = column.choices.iter_mut().find(|c| c.id == choice) else {
                    continue;
                };
                m.text(
                    &mut choice.label,
                    v,
                    &format!("the label of `{}`", choice.id),
                );
            }
        }
    }
    if let Some((_, v)) = keys.get("rows") {
        for (k, v) in r
            .map(v, "`rows`", "`harbor_pay: { purpose: … }` lines")
            .unwrap_or_default()
        {
            let Some(row_id) = m.find(
                k,
                table.rows.iter().map(|x| x.id.as_str()),
                "a row of this table",
            ) else {
                continue;
            };
            let translated: Vec<String> = table
                .columns
                .iter()
                .filter(|c| c.kind == ColumnKind::Translated)
                .map(|c| c.id.clone())
                .collect();
            let Some(row) = table.rows.iter_mut().find(|x| x.id == row_id) else {
                continue;
            };
            for (k, v) in r
                .map(v, "a row's texts", "  purpose: …")
                .unwrap_or_default()
            {
                let Some(key) = r.key(k) else { continue };
                if !translated.iter().any(|c| c == key) {
                    let near = closest(key, translated.iter().map(String::as_str));
                    r.error(
                        k,
                        format!("`{key}` is not a translated column of this table"),
                        did_you_mean(near, &format!("only `type: translated` columns take a text per locale; the others are the same in every locale and are written in `{}`", display_path(&table.path))),
                    );
                    continue;
                }
                let mut texts = match row.cells.remove(key) {
                    Some(Cell::Texts(t)) => Some(t),
                    _ => None,
                };
                m.text(&mut texts, v, &format!("the `{key}` of `{row_id}`"));
                if let Some(t) = texts {
                    row.cells.insert(key.to_string(), Cell::Texts(t));
                }
            }
        }
    }
}

struct Merge<'a, 'r> {
    r: &'a Reader<'r>,
    locale: &'a str,
}

impl Merge<'_, '_> {
    /// The key's id, if it is one of `ids` (else reported, with the nearest).
    fn find<'i>(
        &self,
        key: &Node,
        ids: impl Iterator<Item = &'i str> + Clone,
        what: &str,
    ) -> Option<String> {
        let name = self.r.key(key)?;
        if ids.clone().any(|i| i == name) {
            return Some(name.to_string());
        }
        let near = closest(name, ids)
            .map(|n| format!("did you mean `{n}`?"))
            .unwrap_or_else(|| "check the spelling against the table's file".to_string());
        self.r.error(key, format!("`{name}` is not {what}"), near);
        None
    }

    /// Adds this locale's text to `texts`, unless it has one already.
    fn text(&self, texts: &mut Option<Texts>, node: &Node, what: &str) {
        let text = match &node.value {
            Value::Null => return,
            Value::Scalar(s) => s.clone(),
            _ => {
                self.r.error(
                    node,
                    format!("{what} must be a text, but is {}", node.kind_name()),
                    "write the text after the colon",
                );
                return;
            }
        };
        let at = self.r.at(node);
        let texts = texts.get_or_insert_with(|| Texts {
            at,
            file: self.r.path.to_path_buf(),
            by_locale: BTreeMap::new(),
        });
        if let Some(first) = texts.by_locale.get(self.locale) {
            self.r.diags.push(
                Diagnostic::error(format!(
                    "{what} in `{}` is given twice: here and in `{}` line {}",
                    self.locale,
                    display_path(&first.file),
                    first.at.line
                ))
                .in_file(self.r.path)
                .at(location_at(self.r.text, at.offset, at.len))
                .help("keep one: either in the table's file, or in this locale's file"),
            );
            return;
        }
        texts.by_locale.insert(
            self.locale.to_string(),
            Placed {
                text,
                file: self.r.path.to_path_buf(),
                at,
            },
        );
    }
}
