//! Structured facts as written: `facts/<table>.yaml` (a table's columns and
//! rows), `facts/<table>.<locale>.yaml` (a translator's texts for it) and
//! `regions/<region>/facts/<table>.yaml` (a region's changes by row id),
//! each read with the position of every cell and checked against the
//! table's columns. Applying the changes and showing a table in a locale is
//! `resolve::facts`'s.

mod changes;
pub(super) mod load;
mod read;
mod table;
mod translation;
pub mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostics::Location;
pub use crate::facts::ColumnKind;

pub use changes::parse_changes;
pub use table::parse_table;
pub use translation::parse_translation;

/// A text per locale: a caption, a noun, a label or a translated cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    /// Where the item is written in its file (the value, or the key of an
    /// item whose value is a map).
    pub at: Location,
    /// The file it is written in.
    pub file: PathBuf,
    /// The text in each locale that has one, and where it comes from (the
    /// table's file, or the locale's own file).
    pub by_locale: BTreeMap<String, Placed>,
}

/// One text and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The text.
    pub text: String,
    /// The file, relative to the project root.
    pub file: PathBuf,
    /// Where in it.
    pub at: Location,
}

impl Texts {
    /// The text for `locale`, else the default locale's, else any; with
    /// the locale it is in.
    pub fn text<'t>(&'t self, locale: &str, default: &str) -> Option<(&'t str, &'t str)> {
        self.by_locale
            .get_key_value(locale)
            .or_else(|| self.by_locale.get_key_value(default))
            .or_else(|| self.by_locale.iter().next())
            .map(|(l, p)| (p.text.as_str(), l.as_str()))
    }
}

/// A table: `facts/<table>.yaml`, with the texts of its locale files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactTable {
    /// The table's id, the file's stem.
    pub id: String,
    /// `facts/<table>.yaml`.
    pub path: PathBuf,
    /// Its caption, when it has one (else its id is shown).
    pub caption: Option<Texts>,
    /// What one row is ("subprocessor"), when it says.
    pub noun: Option<Texts>,
    /// Its columns, in order; the first names a row.
    pub columns: Vec<Column>,
    /// Its rows, in order.
    pub rows: Vec<Row>,
    /// The ids of columns whose definition is in error (reported there):
    /// cells for them are left out unchecked, so one mistake gives one
    /// message.
    pub unchecked: BTreeSet<String>,
    /// The locale files read for it: locale -> path.
    pub translations: BTreeMap<String, PathBuf>,
}

impl FactTable {
    /// The column with `id`.
    pub fn column(&self, id: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.id == id)
    }
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its id, as rows and documents name it.
    pub id: String,
    /// Where its `id` is written.
    pub at: Location,
    /// Its label, when it has one (else its id is shown).
    pub label: Option<Texts>,
    /// What its cells hold.
    pub kind: ColumnKind,
    /// A `choice` column's values, in order.
    pub choices: Vec<Choice>,
}

/// One value of a `choice` column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value, as cells write it.
    pub id: String,
    /// Where it is written.
    pub at: Location,
    /// Its label, when it has one (else the value is shown).
    pub label: Option<Texts>,
}

/// A row: the table's, or one a region adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its id, stable across versions.
    pub id: String,
    /// The file it is written in.
    pub file: PathBuf,
    /// Where its `id` is written (or the row starts, when it has none).
    pub at: Location,
    /// Its cells by column id; an empty cell is absent.
    pub cells: BTreeMap<String, Cell>,
}

/// A cell, checked against its column's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// A value the same in every locale, in its canonical form (a country
    /// code, `YYYY-MM-DD`, an ISO 8601 duration such as `P24M`, an address,
    /// a choice's id, a text).
    Value {
        /// The value.
        value: String,
        /// Where it is written.
        at: Location,
    },
    /// A `translated` cell: a text per locale.
    Texts(Texts),
}

/// A region's changes to one table: `regions/<region>/facts/<table>.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactChanges {
    /// The region's id.
    pub region: String,
    /// The table's id.
    pub table: String,
    /// The file.
    pub path: PathBuf,
    /// Rows added after the parent's, in order.
    pub add: Vec<Row>,
    /// Cells replaced in existing rows: each a row whose cells are those
    /// given.
    pub replace: Vec<Row>,
    /// Cells cleared in existing rows (`contact:` with no value under
    /// `replace:`): row id -> column ids.
    pub clear: BTreeMap<String, BTreeSet<String>>,
    /// Rows removed, with where each is named.
    pub remove: Vec<(String, Location)>,
}

/// Whether `id` may name a table, a column, a row or a choice:
/// `[a-z][a-z0-9_]*`, as documents write `facts.<table>.<row>.<column>`.
pub fn valid_fact_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A help that starts by suggesting `near` when there is one: "did you mean
/// `noun`? The keys are …", else `rest` alone ("the keys are …").
pub(crate) fn did_you_mean(near: Option<&str>, rest: &str) -> String {
    let Some(near) = near else {
        return rest.to_string();
    };
    let mut chars = rest.chars();
    let rest = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("did you mean `{near}`? {rest}")
}

/// A row id documents cannot use: `facts.<table>.count` is the number of rows.
pub const RESERVED_ROW: &str = "count";

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostics::Diagnostics;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Whatever the YAML, a table, its locale file and a region's
        /// changes are read or reported, never a panic, and every message
        /// points inside the file.
        #[test]
        fn any_yaml_is_read_or_reported_without_a_panic(
            text in "(columns:|rows:|caption:|values:|type: |choice|country|date|duration|id: |- |  |\\n|\\r\\n|\\{|\\}|\\[|\\]|, |: |&a |\\*a|~|\"|'|#|é|\u{feff}|IE|P2M|[a-z0-9_]){0,60}",
        ) {
            let diags = Diagnostics::default();
            let locales = ["en-US".to_string(), "de-DE".to_string()];
            let path = Path::new("facts/t.yaml");
            if let Some(mut table) = parse_table(path, "t", &text, &locales, "en-US", &diags) {
                parse_translation(&mut table, Path::new("facts/t.de-DE.yaml"), "de-DE", &text, &locales, "en-US", &diags);
                let _ = parse_changes(&table, "eu", Path::new("regions/eu/facts/t.yaml"), &text, &locales, "en-US", &diags);
            }
            for d in diags.sorted() {
                if let Some(at) = d.location {
                    proptest::prop_assert!(at.offset <= text.len(), "{d:?}");
                    proptest::prop_assert!(at.line >= 1 && at.column >= 1, "{d:?}");
                }
            }
        }
    }
}
