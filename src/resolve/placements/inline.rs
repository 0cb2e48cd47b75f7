//! `{{ facts.<table>.count }}` and `{{ facts.<table>.<row>.<column> }}`:
//! the paths a text reads, checked against the tables (unknown table, row
//! or column, with the nearest id), and the values a page gives them.

use std::collections::BTreeMap;

use super::super::logic::Token;
use super::Shapes;
use crate::diagnostics::closest;
use crate::facts::TableView;

/// The name under which texts find the tables.
pub const NAME: &str = "facts";

/// What follows a table's id for its number of rows.
pub const COUNT: &str = "count";

/// A `facts.…` path a template reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactPath {
    /// Where `facts` is, in the template's text.
    pub offset: usize,
    /// The path's length in the text, from `facts` to its last name.
    pub len: usize,
    /// The names after `facts`.
    pub parts: Vec<String>,
    /// Whether the template tests it with `is defined`.
    pub guarded: bool,
}

impl FactPath {
    /// The path as written: `facts.retention.account_data.kept_for`.
    pub fn written(&self) -> String {
        std::iter::once(NAME)
            .chain(self.parts.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// Every `facts.a.b.c` of a template's tokens (not `x.facts`).
pub fn paths(tokens: &[(usize, Token<'_>)]) -> Vec<FactPath> {
    let mut out: Vec<FactPath> = Vec::new();
    for (i, (offset, t)) in tokens.iter().enumerate() {
        if *t != Token::Ident(NAME) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| tokens[j].1);
        if matches!(
            before,
            Some(Token::Punct('.' | '|')) | Some(Token::Ident("is"))
        ) {
            continue;
        }
        let mut parts = Vec::new();
        let mut end = offset + NAME.len();
        let mut j = i + 1;
        while let (Some((_, Token::Punct('.'))), Some((at, Token::Ident(name)))) =
            (tokens.get(j), tokens.get(j + 1))
        {
            parts.push(name.to_string());
            end = at + name.len();
            j += 2;
        }
        let at = |k: usize| tokens.get(k).map(|(_, t)| *t);
        let guarded = at(j) == Some(Token::Ident("is"))
            && match at(j + 1) {
                Some(Token::Ident("defined" | "undefined")) => true,
                Some(Token::Ident("not")) => at(j + 2) == Some(Token::Ident("defined")),
                _ => false,
            };
        out.push(FactPath {
            offset: *offset,
            len: end - offset,
            parts,
            guarded,
        });
    }
    // A path tested with `is defined` anywhere in the template may be read
    // there (inside the `{% if %}` that tests it): so may its longer paths.
    let tested: Vec<Vec<String>> = out
        .iter()
        .filter(|p| p.guarded)
        .map(|p| p.parts.clone())
        .collect();
    for p in &mut out {
        p.guarded |= tested.iter().any(|t| p.parts.starts_with(t));
    }
    out
}

/// What is wrong with `path` in every region: a message and advice.
pub fn check(path: &FactPath, shapes: &Shapes) -> Result<(), (String, String)> {
    let written = path.written();
    let usage = "write `{{ facts.<table>.count }}` for its number of rows, or `{{ facts.<table>.<row>.<column> }}` for one cell";
    let Some(table) = path.parts.first() else {
        return Err((
            format!("`{NAME}` holds the project's tables: name one, and what to show of it"),
            usage.into(),
        ));
    };
    if shapes.failed(table) {
        return Ok(());
    }
    let Some(shape) = shapes.tables.get(table) else {
        let mut message = format!("there is no table `{table}` (in `{written}`)");
        if let Some(near) = closest(table, shapes.ids()) {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
        return Err((
            message,
            format!(
                "a table is a file `facts/<id>.yaml`; this project has: {}",
                shapes.ids().collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    let rows = || shape.rows.iter().map(String::as_str);
    let columns = || shape.columns.iter().map(|c| c.id.as_str());
    match &path.parts[1..] {
        [count] if count == COUNT => Ok(()),
        [row] | [row, _] if !shape.rows.contains(row) => {
            let mut message = format!("the table `{table}` has no row `{row}` (in `{written}`)");
            if let Some(near) = closest(row, rows()) {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            Err((
                message,
                format!(
                    "its rows are: {}; or write `{NAME}.{table}.{COUNT}` for their number",
                    rows().collect::<Vec<_>>().join(", ")
                ),
            ))
        }
        [_, column] if !shape.columns.iter().any(|c| &c.id == column) => {
            let mut message =
                format!("the table `{table}` has no column `{column}` (in `{written}`)");
            if let Some(near) = closest(column, columns()) {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            Err((
                message,
                format!(
                    "its columns are: {}",
                    columns().collect::<Vec<_>>().join(", ")
                ),
            ))
        }
        [_, _] => Ok(()),
        [_] => Err((
            format!("`{written}` names a row: name one of its cells too"),
            format!(
                "write `{{{{ {written}.<column> }}}}`; the columns are: {}",
                columns().collect::<Vec<_>>().join(", ")
            ),
        )),
        _ => Err((
            format!("`{written}` is not a fact of the table `{table}`"),
            usage.into(),
        )),
    }
}

/// The tables as one page's texts read them: each table's number of rows
/// and each cell's text, in the page's region and locale.
#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    tables: BTreeMap<String, (usize, Rows)>,
    /// By table, the rows other regions have and this page's lacks: each
    /// an empty row in `facts`, so that `facts.<table>.<row>.<column> is
    /// defined` is false there rather than an error.
    elsewhere: BTreeMap<String, Vec<String>>,
}

/// A table's cell texts: by row id, then column id.
type Rows = BTreeMap<String, BTreeMap<String, String>>;

impl PageFacts {
    /// The page's tables; `shapes` gives the rows of every region.
    pub fn new(views: &[TableView], shapes: &Shapes) -> Self {
        let tables = views
            .iter()
            .map(|v| {
                let rows = v
                    .rows
                    .iter()
                    .map(|r| {
                        let cells = r
                            .cells
                            .iter()
                            .map(|(c, cell)| (c.clone(), cell.text.clone()))
                            .collect();
                        (r.id.clone(), cells)
                    })
                    .collect();
                (v.key.table.clone(), (v.rows.len(), rows))
            })
            .collect();
        let elsewhere = views
            .iter()
            .filter_map(|v| {
                let shape = shapes.tables.get(&v.key.table)?;
                let lacking = shape
                    .rows
                    .iter()
                    .filter(|r| v.row(r).is_none())
                    .cloned()
                    .collect();
                Some((v.key.table.clone(), lacking))
            })
            .collect();
        PageFacts { tables, elsewhere }
    }

    /// The value of `facts` in the page's template context.
    pub fn value(&self) -> serde_json::Value {
        use serde_json::{Map, Value};
        let mut out = Map::new();
        for (table, (count, rows)) in &self.tables {
            let mut t = Map::new();
            t.insert(COUNT.into(), Value::from(*count));
            for (row, cells) in rows {
                let cells: Map<String, Value> = cells
                    .iter()
                    .map(|(c, text)| (c.clone(), Value::from(text.as_str())))
                    .collect();
                t.insert(row.clone(), Value::Object(cells));
            }
            for row in self.elsewhere.get(table).into_iter().flatten() {
                t.entry(row.clone()).or_insert(Value::Object(Map::new()));
            }
            out.insert(table.clone(), Value::Object(t));
        }
        Value::Object(out)
    }

    /// Why `path` (checked against the tables) has no value on this page:
    /// its row is not in the region's table, or its cell is empty.
    pub fn lacks(&self, path: &FactPath) -> Option<String> {
        let [table, row, column] = &path.parts[..] else {
            return None;
        };
        let (_, rows) = self.tables.get(table)?;
        match rows.get(row) {
            None => Some(format!("the table `{table}` has no row `{row}` there")),
            Some(cells) if !cells.contains_key(column) => {
                Some(format!("the row `{row}` has no `{column}` there"))
            }
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::super::super::logic::tokens;
    use super::super::{ColumnShape, TableShape};
    use super::*;
    use crate::facts::ColumnKind;

    fn shapes() -> Shapes {
        Shapes {
            tables: BTreeMap::from([(
                "retention".to_string(),
                TableShape {
                    columns: vec![ColumnShape {
                        id: "kept_for".into(),
                        kind: ColumnKind::Duration,
                        choices: Vec::new(),
                    }],
                    rows: BTreeSet::from(["account_data".to_string()]),
                },
            )]),
            unparsed: BTreeSet::new(),
        }
    }

    fn first(text: &str) -> FactPath {
        paths(&tokens(text)).remove(0)
    }

    fn message(text: &str) -> String {
        check(&first(text), &shapes()).unwrap_err().0
    }

    #[test]
    fn paths_are_read_with_their_place_and_guard() {
        let text = "Kept {{ facts.retention.account_data.kept_for }}.";
        let p = first(text);
        assert_eq!(p.parts, ["retention", "account_data", "kept_for"]);
        assert_eq!(
            &text[p.offset..p.offset + p.len],
            "facts.retention.account_data.kept_for"
        );
        assert!(!p.guarded);
        assert!(first("{% if facts.retention.x.y is defined %}{% endif %}").guarded);
        assert!(paths(&tokens("{{ other.facts }}")).is_empty());
        // Tested once, read inside the test: every use is guarded.
        let text = "{% if facts.t.r.c is defined %}{{ facts.t.r.c }}{% endif %}{{ facts.t.s.c }}";
        let guards: Vec<bool> = paths(&tokens(text)).iter().map(|p| p.guarded).collect();
        assert_eq!(guards, [true, true, false]);
    }

    #[test]
    fn unknown_tables_rows_and_columns_get_the_nearest_id() {
        let ok = |t: &str| check(&first(t), &shapes()).is_ok();
        assert!(ok("{{ facts.retention.count }}"));
        assert!(ok("{{ facts.retention.account_data.kept_for }}"));
        assert_eq!(
            message("{{ facts.retension.count }}"),
            "there is no table `retension` (in `facts.retension.count`); did you mean `retention`?"
        );
        assert!(
            message("{{ facts.retention.acount_data.kept_for }}")
                .ends_with("did you mean `account_data`?")
        );
        assert!(
            message("{{ facts.retention.account_data.kept }}").contains("has no column `kept`")
        );
        assert!(message("{{ facts.retention.account_data }}").contains("names a row"));
        assert!(message("{{ facts.retention }}").contains("is not a fact"));
        assert!(message("{{ facts }}").contains("name one"));
    }

    #[test]
    fn a_page_gives_counts_and_cell_texts_and_says_what_it_lacks() {
        use crate::facts::{CellView, ColumnView, FactKey, RowView};
        let view = TableView {
            key: FactKey {
                table: "retention".into(),
                region: "eu".into(),
                locale: "de-DE".into(),
            },
            caption: String::new(),
            noun: String::new(),
            columns: vec![ColumnView {
                id: "kept_for".into(),
                label: "Dauer".into(),
                kind: ColumnKind::Duration,
            }],
            rows: vec![RowView {
                id: "account_data".into(),
                cells: BTreeMap::from([(
                    "kept_for".to_string(),
                    CellView {
                        value: "P24M".into(),
                        text: "24 Monate".into(),
                    },
                )]),
            }],
        };
        let page = PageFacts::new(&[view], &shapes());
        assert_eq!(
            page.value(),
            serde_json::json!({"retention": {"count": 1, "account_data": {"kept_for": "24 Monate"}}})
        );
        assert_eq!(
            page.lacks(&first("{{ facts.retention.account_data.kept_for }}")),
            None
        );
        assert!(
            page.lacks(&first("{{ facts.retention.gone.kept_for }}"))
                .is_some()
        );
    }
}
