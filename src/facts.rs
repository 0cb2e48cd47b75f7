//! Structured facts as readers see them: one table (subprocessors, cookies,
//! retention periods) in one region and one locale, as plain data.
//!
//! Every stage meets on [`TableView`]: `resolve::facts` makes it from
//! `facts/<table>.yaml` and the regions' changes, documents show it (a table,
//! a count, a cell), `release` records it (its JSON is the stored text),
//! `diff::facts` compares two of them row by row, and the site publishes it
//! as `out/<region>/<locale>/facts/<table>.json`. It knows nothing of files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One table in one region and locale.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FactKey {
    /// The table's id: its file name, `facts/<table>.yaml`.
    pub table: String,
    /// Region id.
    pub region: String,
    /// Locale code.
    pub locale: String,
}

impl std::fmt::Display for FactKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {} · {}", self.table, self.region, self.locale)
    }
}

/// A table as the readers of one region and locale see it: its rows after
/// the region's changes, every cell's text in the locale. Serialised, it is
/// the published JSON and the text a release stores, so its field order and
/// names are a documented schema (`docs/facts-json.md`): fields are only
/// ever added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableView {
    /// The table, region and locale.
    #[serde(flatten)]
    pub key: FactKey,
    /// The table's caption in the locale ("Subprocessors").
    pub caption: String,
    /// What one row is, in the locale ("subprocessor"), for sentences such
    /// as "Added subprocessor Acme Ltd.".
    pub noun: String,
    /// The columns, in the file's order. The first names its row.
    pub columns: Vec<ColumnView>,
    /// The rows, in the file's order (a region's added rows after its
    /// parent's).
    pub rows: Vec<RowView>,
}

/// A column: its id, its label in the locale and its type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnView {
    /// The column's id, as documents name it.
    pub id: String,
    /// Its label in the locale ("Location", "Standort").
    pub label: String,
    /// What its cells hold.
    #[serde(rename = "type")]
    pub kind: ColumnKind,
}

/// What a column's cells hold, which says how they are checked and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// The same text in every locale (a company's name).
    Text,
    /// A text per locale (a purpose).
    Translated,
    /// A web address (`https://…`).
    Url,
    /// A day, `YYYY-MM-DD`, shown in the locale's long form.
    Date,
    /// A length of time ("24 months"), shown in the locale's words.
    Duration,
    /// An ISO 3166 country or subdivision code (`IE`, `US-CA`), shown by
    /// its name in the locale.
    Country,
    /// An e-mail address.
    Email,
    /// One of a closed list of values, each shown by its label.
    Choice,
}

/// One row: its stable id and its cells by column id. A cell left empty
/// in the source is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowView {
    /// The row's id, stable across versions: rows are compared by it.
    pub id: String,
    /// Its cells, by column id.
    pub cells: BTreeMap<String, CellView>,
}

/// One cell: the value as written (an ISO code, a `YYYY-MM-DD` day, an
/// ISO 8601 duration, an address, a choice's id, a text) and the text a
/// reader of the locale sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellView {
    /// The value, the same in every locale except for translated texts.
    pub value: String,
    /// What the reader sees ("Ireland", "24 Monate", "31 January 2027").
    pub text: String,
}

impl TableView {
    /// The column that names a row: the first.
    pub fn name_column(&self) -> Option<&ColumnView> {
        self.columns.first()
    }

    /// The text that names `row` to a reader: its first column's cell, or
    /// its id when that cell is empty.
    pub fn row_name<'a>(&self, row: &'a RowView) -> &'a str {
        self.name_column()
            .and_then(|c| row.cells.get(&c.id))
            .map_or(row.id.as_str(), |cell| cell.text.as_str())
    }

    /// The row with `id`.
    pub fn row(&self, id: &str) -> Option<&RowView> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// The column with `id`.
    pub fn column(&self, id: &str) -> Option<&ColumnView> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// The JSON a release stores and the site publishes: pretty, with a
    /// final newline, the same bytes for the same table.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a table view serialises");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> TableView {
        let cell = |v: &str, t: &str| CellView {
            value: v.into(),
            text: t.into(),
        };
        TableView {
            key: FactKey {
                table: "subprocessors".into(),
                region: "eu".into(),
                locale: "de-DE".into(),
            },
            caption: "Unterauftragsverarbeiter".into(),
            noun: "Unterauftragsverarbeiter".into(),
            columns: vec![
                ColumnView {
                    id: "name".into(),
                    label: "Name".into(),
                    kind: ColumnKind::Text,
                },
                ColumnView {
                    id: "location".into(),
                    label: "Standort".into(),
                    kind: ColumnKind::Country,
                },
            ],
            rows: vec![
                RowView {
                    id: "harbor".into(),
                    cells: BTreeMap::from([
                        ("name".into(), cell("Harbor Pay Ltd.", "Harbor Pay Ltd.")),
                        ("location".into(), cell("IE", "Irland")),
                    ]),
                },
                RowView {
                    id: "nameless".into(),
                    cells: BTreeMap::from([("location".into(), cell("FR", "Frankreich"))]),
                },
            ],
        }
    }

    #[test]
    fn a_row_is_named_by_its_first_column_or_its_id() {
        let v = view();
        assert_eq!(v.row_name(v.row("harbor").unwrap()), "Harbor Pay Ltd.");
        assert_eq!(v.row_name(v.row("nameless").unwrap()), "nameless");
    }

    #[test]
    fn the_json_reads_back_to_the_same_view() {
        let v = view();
        let json = v.to_json();
        assert!(json.starts_with("{\n  \"table\": \"subprocessors\",\n  \"region\": \"eu\""));
        assert!(json.contains("\"type\": \"country\""));
        let back: TableView = serde_json::from_str(&json).unwrap();
        assert_eq!(back, v);
        assert_eq!(back.to_json(), json);
    }
}
