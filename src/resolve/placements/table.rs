//! A table as a page shows it: the rows and columns a placement asks for,
//! written as an accessible HTML table (a caption, header cells with their
//! scope, each row headed by its first shown cell), every text escaped.

use std::cmp::Ordering;

use super::super::FactFallbacks;
use super::fence::Placement;
use crate::facts::{CellView, ColumnKind, ColumnView, RowView, TableView};
use crate::text::escape_html;

/// The table's lines of HTML, in the page's locale (the view's), with the
/// rows `placement` keeps in its order. No line is blank, so the table is
/// one HTML block of the Markdown text it stands in. `lang` marks a table
/// placed in a text shown in another language than the page's; each text
/// `fallbacks` names (shown in another locale, for lack of a translation)
/// is marked with its own.
pub fn html(
    view: &TableView,
    fallbacks: &FactFallbacks,
    placement: &Placement,
    lang: Option<&str>,
) -> Vec<String> {
    let columns: Vec<&ColumnView> = match &placement.columns {
        Some(ids) => ids.iter().filter_map(|c| view.column(&c.text)).collect(),
        None => view.columns.iter().collect(),
    };
    let rows = rows(view, placement);
    let mut lines = vec![
        format!(
            "<table class=\"facts\" data-facts=\"{}\"{}>",
            escape_html(&view.key.table),
            lang.map_or(String::new(), |l| format!(" lang=\"{}\"", escape_html(l)))
        ),
        format!(
            "<caption{}>{}</caption>",
            lang_of(fallbacks.caption.as_ref()),
            one_line(&view.caption)
        ),
    ];
    let head: String = columns
        .iter()
        .map(|c| {
            let lang = lang_of(fallbacks.labels.get(&c.id));
            format!("<th scope=\"col\"{lang}>{}</th>", one_line(&c.label))
        })
        .collect();
    lines.push(format!("<thead><tr>{head}</tr></thead>"));
    if !rows.is_empty() {
        lines.push("<tbody>".to_string());
        for row in rows {
            let cells: String = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let content = row.cells.get(&c.id).map(|cell| content(c, cell));
                    let content = content.unwrap_or_default();
                    let at = (row.id.clone(), c.id.clone());
                    let lang = lang_of(fallbacks.cells.get(&at));
                    if i == 0 {
                        format!("<th scope=\"row\"{lang}>{content}</th>")
                    } else {
                        format!("<td{lang}>{content}</td>")
                    }
                })
                .collect();
            lines.push(format!(
                "<tr data-row=\"{}\">{cells}</tr>",
                escape_html(&row.id)
            ));
        }
        lines.push("</tbody>".to_string());
    }
    lines.push("</table>".to_string());
    lines
}

/// The rows `placement` keeps, in its order (the file's, or sorted by a
/// column: dates and durations by their length, other cells by their
/// text as readers of the view's locale order it; empty cells last; rows
/// that compare equal keep the file's order).
pub fn rows<'v>(view: &'v TableView, placement: &Placement) -> Vec<&'v RowView> {
    let mut rows: Vec<&RowView> = view
        .rows
        .iter()
        .filter(|row| {
            placement.filter.iter().all(|(column, values)| {
                row.cells
                    .get(&column.text)
                    .is_some_and(|cell| values.iter().any(|v| v.text == cell.value))
            })
        })
        .collect();
    if let Some((column, descending)) = &placement.sort {
        let kind = view.column(&column.text).map(|c| c.kind);
        let collator = crate::locale::collator(&view.key.locale);
        let text_order = |a: &str, b: &str| match &collator {
            Some(c) => c.compare(a, b).then_with(|| a.cmp(b)),
            None => text_order(a, b),
        };
        rows.sort_by(|a, b| {
            let (a, b) = (a.cells.get(&column.text), b.cells.get(&column.text));
            match (a, b) {
                (Some(a), Some(b)) => {
                    let order = compare(kind, a, b, &text_order);
                    if *descending { order.reverse() } else { order }
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        });
    }
    rows
}

fn compare(
    kind: Option<ColumnKind>,
    a: &CellView,
    b: &CellView,
    text_order: &dyn Fn(&str, &str) -> Ordering,
) -> Ordering {
    match kind {
        Some(ColumnKind::Date) => a.value.cmp(&b.value),
        Some(ColumnKind::Duration) => match (days(&a.value), days(&b.value)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => text_order(&a.text, &b.text),
        },
        _ => text_order(&a.text, &b.text),
    }
}

/// Texts in no locale's order: case aside, then by code point.
fn text_order(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// The length in days, roughly (a month is 30 days), of an ISO 8601
/// duration (`P24M`, `P1Y6M`, `P2W`, `P30D`), to sort by.
fn days(iso: &str) -> Option<u64> {
    let rest = iso.strip_prefix('P')?;
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = number.parse().ok()?;
        number.clear();
        let unit = match c {
            'Y' => 365,
            'M' => 30,
            'W' => 7,
            'D' => 1,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    number.is_empty().then_some(total)
}

/// The ` lang="…"` of a text shown in another locale than the table's.
fn lang_of(locale: Option<&String>) -> String {
    locale.map_or(String::new(), |l| format!(" lang=\"{}\"", escape_html(l)))
}

/// A cell's HTML: its text escaped, a web address or an e-mail address
/// a link to it.
fn content(column: &ColumnView, cell: &CellView) -> String {
    let text = one_line(&cell.text);
    match column.kind {
        ColumnKind::Url => format!("<a href=\"{}\">{text}</a>", escape_html(cell.value.trim())),
        ColumnKind::Email => format!(
            "<a href=\"mailto:{}\">{text}</a>",
            escape_html(cell.value.trim())
        ),
        _ => text,
    }
}

/// A text escaped, on one line: a line break in a cell would end the HTML
/// block where it makes a blank line.
fn one_line(text: &str) -> String {
    let joined: Vec<&str> = text.split_whitespace().collect();
    escape_html(&joined.join(" "))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::fence::parse;
    use super::*;
    use crate::facts::FactKey;

    fn view() -> TableView {
        let column = |id: &str, label: &str, kind| ColumnView {
            id: id.into(),
            label: label.into(),
            kind,
        };
        let row = |id: &str, cells: &[(&str, &str, &str)]| RowView {
            id: id.into(),
            cells: cells
                .iter()
                .map(|(c, v, t)| {
                    (
                        c.to_string(),
                        CellView {
                            value: v.to_string(),
                            text: t.to_string(),
                        },
                    )
                })
                .collect::<BTreeMap<_, _>>(),
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
                column("name", "Name", ColumnKind::Text),
                column("category", "Kategorie", ColumnKind::Choice),
                column("website", "Website", ColumnKind::Url),
                column("contact", "Kontakt", ColumnKind::Email),
                column("kept_for", "Aufbewahrung", ColumnKind::Duration),
            ],
            rows: vec![
                row(
                    "harbor_pay",
                    &[
                        ("name", "Harbor Pay <Ltd.>", "Harbor Pay <Ltd.>"),
                        ("category", "payments", "Zahlungen"),
                        (
                            "website",
                            "https://harbor.example/?a=1&b=2",
                            "https://harbor.example/?a=1&b=2",
                        ),
                        ("kept_for", "P2Y", "2 Jahre"),
                    ],
                ),
                row(
                    "lumen",
                    &[
                        ("name", "Lumen Analytics", "Lumen Analytics"),
                        ("category", "analytics", "Analyse"),
                        ("contact", "dpo@lumen.example", "dpo@lumen.example"),
                        ("kept_for", "P13M", "13 Monate"),
                    ],
                ),
                row(
                    "anvil",
                    &[
                        ("name", "anvil mail", "anvil mail"),
                        ("category", "analytics", "Analyse"),
                        ("kept_for", "P30D", "30 Tage"),
                    ],
                ),
            ],
        }
    }

    fn names(body: &str) -> Vec<String> {
        let v = view();
        rows(&v, &parse(body).unwrap())
            .iter()
            .map(|r| r.id.clone())
            .collect()
    }

    #[test]
    fn the_table_has_a_caption_scoped_headers_and_escaped_cells() {
        let lines = html(
            &view(),
            &FactFallbacks::default(),
            &parse("table: subprocessors\n").unwrap(),
            None,
        );
        assert_eq!(
            lines[..3],
            [
                "<table class=\"facts\" data-facts=\"subprocessors\">",
                "<caption>Unterauftragsverarbeiter</caption>",
                "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Kategorie</th><th scope=\"col\">Website</th><th scope=\"col\">Kontakt</th><th scope=\"col\">Aufbewahrung</th></tr></thead>",
            ]
        );
        assert_eq!(
            lines[4],
            "<tr data-row=\"harbor_pay\"><th scope=\"row\">Harbor Pay &lt;Ltd.&gt;</th><td>Zahlungen</td><td><a href=\"https://harbor.example/?a=1&amp;b=2\">https://harbor.example/?a=1&amp;b=2</a></td><td></td><td>2 Jahre</td></tr>"
        );
        assert!(lines[5].contains("<a href=\"mailto:dpo@lumen.example\">dpo@lumen.example</a>"));
        assert_eq!(lines.last().unwrap(), "</table>");
        assert!(lines.iter().all(|l| !l.trim().is_empty()));
    }

    #[test]
    fn chosen_columns_come_in_their_order_the_first_heading_each_row() {
        let lines = html(
            &view(),
            &FactFallbacks::default(),
            &parse("table: subprocessors\ncolumns: [kept_for, name]\n").unwrap(),
            None,
        );
        assert!(lines[2].starts_with(
            "<thead><tr><th scope=\"col\">Aufbewahrung</th><th scope=\"col\">Name</th>"
        ));
        assert_eq!(
            lines[4],
            "<tr data-row=\"harbor_pay\"><th scope=\"row\">2 Jahre</th><td>Harbor Pay &lt;Ltd.&gt;</td></tr>"
        );
    }

    #[test]
    fn rows_are_filtered_by_raw_values_and_sorted_by_a_column() {
        assert_eq!(names("table: t\n"), ["harbor_pay", "lumen", "anvil"]);
        assert_eq!(
            names("table: t\nwhere: { category: analytics }\n"),
            ["lumen", "anvil"]
        );
        assert_eq!(
            names("table: t\nwhere: { category: [payments, analytics] }\n"),
            ["harbor_pay", "lumen", "anvil"]
        );
        assert_eq!(
            names("table: t\nsort: name\n"),
            ["anvil", "harbor_pay", "lumen"]
        );
        assert_eq!(
            names("table: t\nsort: -name\n"),
            ["lumen", "harbor_pay", "anvil"]
        );
        // Durations by their length, not their words.
        assert_eq!(
            names("table: t\nsort: kept_for\n"),
            ["anvil", "lumen", "harbor_pay"]
        );
        // Rows without the cell last, either way.
        assert_eq!(
            names("table: t\nsort: -contact\n"),
            ["lumen", "harbor_pay", "anvil"]
        );
    }

    #[test]
    fn texts_shown_for_lack_of_a_translation_are_marked_with_their_language() {
        let fallbacks = FactFallbacks {
            caption: Some("en-US".into()),
            noun: None,
            labels: BTreeMap::from([("category".to_string(), "en-US".to_string())]),
            cells: BTreeMap::from([(
                ("lumen".to_string(), "category".to_string()),
                "en-US".to_string(),
            )]),
        };
        let body = "table: t\ncolumns: [name, category]\n";
        let lines = html(&view(), &fallbacks, &parse(body).unwrap(), None);
        assert_eq!(
            lines[1],
            "<caption lang=\"en-US\">Unterauftragsverarbeiter</caption>"
        );
        assert!(lines[2].contains("<th scope=\"col\" lang=\"en-US\">Kategorie</th>"));
        assert!(
            lines[5].ends_with("<td lang=\"en-US\">Analyse</td></tr>"),
            "{}",
            lines[5]
        );
        assert!(
            lines[4].ends_with("<td>Zahlungen</td></tr>"),
            "{}",
            lines[4]
        );
    }

    #[test]
    fn a_table_with_no_row_left_has_no_body() {
        let lines = html(
            &view(),
            &FactFallbacks::default(),
            &parse("table: t\nwhere: { category: other }\n").unwrap(),
            Some("de-DE"),
        );
        assert!(!lines.iter().any(|l| l.contains("tbody")));
        assert_eq!(
            lines[0],
            "<table class=\"facts\" data-facts=\"subprocessors\" lang=\"de-DE\">"
        );
    }

    #[test]
    fn texts_are_sorted_as_readers_of_the_locale_order_them() {
        let mut v = view();
        let names = ["Zeta Mail", "Émile Hosting", "Österreich Cloud"];
        for (row, name) in v.rows.iter_mut().zip(names) {
            let cell = row.cells.get_mut("name").expect("a name");
            cell.value = name.into();
            cell.text = name.into();
        }
        let sorted = |v: &TableView| -> Vec<String> {
            rows(v, &parse("table: t\nsort: name\n").unwrap())
                .iter()
                .map(|r| r.cells["name"].text.clone())
                .collect()
        };
        assert_eq!(
            sorted(&v),
            ["Émile Hosting", "Österreich Cloud", "Zeta Mail"]
        );
        v.key.locale = "sv-SE".into();
        // In Swedish, Ö comes after Z.
        assert_eq!(
            sorted(&v),
            ["Émile Hosting", "Zeta Mail", "Österreich Cloud"]
        );
    }

    #[test]
    fn iso_durations_are_measured_in_days() {
        assert_eq!(days("P1Y6M"), Some(545));
        assert_eq!(days("P2W"), Some(14));
        assert_eq!(days("24 months"), None);
        assert_eq!(days("P5"), None);
    }
}
