//! Two versions of a table compared row by row, by row id: rows added,
//! removed or changed (only the cells whose reader-visible text changed),
//! and each change said as a reviewer reads it ("Changed location of
//! Harbor Pay Ltd.: Ireland → Netherlands").

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::applies::VariantRef;
use crate::facts::{ColumnKind, FactKey, RowView, TableView};

/// What happened to a row (or to the table itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowChangeKind {
    /// A row with a new id.
    Added,
    /// A row whose id is gone.
    Removed,
    /// A row kept whose cells read otherwise.
    Changed,
    /// The table's own words: its caption, what a row is called, a
    /// column's label (`row` is `""`).
    Table,
}

/// A cell's text before and after (`None`: empty, or no such row).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellChange {
    /// The text before.
    pub old: Option<String>,
    /// The text after.
    pub new: Option<String>,
}

/// The key under which a table-level change lists its caption.
pub const CAPTION: &str = ":caption";
/// The key under which a table-level change lists what a row is called.
pub const NOUN: &str = ":noun";
/// The key under which a table-level change lists the order of the rows
/// both versions have, by name, when only that order changed.
pub const ORDER: &str = ":order";

/// One row's change between two views of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowChange {
    /// The table id.
    pub table: String,
    /// The row id; `""` for a change of the table's own words.
    pub row: String,
    /// What happened.
    pub change: RowChangeKind,
    /// The row's name in the new view (in the old one when removed); the
    /// caption for a table-level change.
    pub name: String,
    /// The cells whose text changed, by column id (every non-empty cell of
    /// an added or removed row); for a table-level change, `:caption`,
    /// `:noun` and the columns whose label changed.
    pub cells: BTreeMap<String, CellChange>,
    /// The change in English, with the view's own words: "Added
    /// subprocessor Acme Ltd. (Analytics, Ireland)".
    pub sentence: String,
    /// The cells' values as written (ISO codes, days, choice ids): what
    /// tells the same change apart in two locales.
    #[serde(skip)]
    pub values: BTreeMap<String, CellChange>,
    /// The columns in `cells` whose text is translated: their values differ
    /// by locale.
    #[serde(skip)]
    pub translated: Vec<String>,
    /// For a changed row or table, `sentence` in pieces, so that a redline
    /// can mark each old and new text; empty for a row added or removed.
    #[serde(skip)]
    pub parts: Vec<Part>,
}

/// A piece of a change's sentence: the words before a value (`"Changed
/// location of Harbor Pay Ltd.: "`, `"; purpose: "`), then its text before
/// and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The words before the values.
    pub lead: String,
    /// The text before (`None`: empty).
    pub old: Option<String>,
    /// The text after.
    pub new: Option<String>,
}

/// What stands for an empty cell in a sentence.
pub const NONE: &str = "(none)";

/// The sentence the parts make.
fn sentence(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| {
            format!(
                "{}{} → {}",
                p.lead,
                p.old.as_deref().unwrap_or(NONE),
                p.new.as_deref().unwrap_or(NONE)
            )
        })
        .collect()
}

/// One row change with the regions and locales that have it: what the
/// diff's `facts` part lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactReport {
    /// The change, as said in the first variant in the default locale that
    /// has it (else in the first that has it).
    #[serde(flatten)]
    pub change: RowChange,
    /// The regions and locales with this change, sorted.
    pub applies_to: Vec<VariantRef>,
}

/// Groups the row changes of each table in each region and locale (given
/// sorted by key): one change in several regions and locales is listed
/// once, with them all, as a section change is. Two locales have the same
/// change when its cells' values are the same (a translated cell counts
/// by the default locale's text in the same region, when that locale has
/// the change too).
pub fn group(changes: &[(FactKey, Vec<RowChange>)], default_locale: &str) -> Vec<FactReport> {
    // The default locale's changes, by table, region and row.
    let mut in_default: HashMap<(&str, &str, &str), &RowChange> = HashMap::new();
    for (key, rows) in changes.iter().filter(|(k, _)| k.locale == default_locale) {
        for c in rows {
            in_default.insert((&key.table, &key.region, &c.row), c);
        }
    }
    let mut reports: Vec<FactReport> = Vec::new();
    let mut found: HashMap<Signature, usize> = HashMap::new();
    for (key, rows) in changes {
        for c in rows {
            let default =
                in_default.get(&(key.table.as_str(), key.region.as_str(), c.row.as_str()));
            let cells = c
                .values
                .iter()
                .map(|(col, value)| {
                    let value = match default {
                        Some(d) if c.translated.contains(col) => d.cells.get(col).unwrap_or(value),
                        _ => value,
                    };
                    (col.clone(), value.clone())
                })
                .collect();
            let signature = (key.table.clone(), c.row.clone(), c.change, cells);
            let at = *found.entry(signature).or_insert_with(|| {
                reports.push(FactReport {
                    change: c.clone(),
                    applies_to: Vec::new(),
                });
                reports.len() - 1
            });
            let report = &mut reports[at];
            let first_default = key.locale == default_locale
                && report.applies_to.iter().all(|v| v.locale != default_locale);
            if first_default {
                report.change = c.clone();
            }
            report.applies_to.push(VariantRef {
                region: key.region.clone(),
                locale: key.locale.clone(),
            });
        }
    }
    for r in &mut reports {
        r.applies_to.sort();
    }
    reports
}

/// What makes two row changes the same: table, row, kind, and each
/// cell's values before and after.
type Signature = (String, String, RowChangeKind, BTreeMap<String, CellChange>);

/// Compares two views of one table, by row id: `old` absent for a table
/// just published, `new` absent for one no longer published. Rows that
/// only moved are no change. The order: the table's own words, then the
/// new view's rows, then the rows removed, in their old order.
pub fn compare(old: Option<&TableView>, new: Option<&TableView>) -> Vec<RowChange> {
    let Some(view) = new.or(old) else {
        return Vec::new();
    };
    let table = view.key.table.clone();
    let mut changes = Vec::new();
    if let (Some(old), Some(new)) = (old, new)
        && let Some(change) = table_change(old, new)
    {
        changes.push(change);
    }
    if let Some(new) = new {
        for row in &new.rows {
            let before = old.and_then(|o| o.row(&row.id).map(|r| (o, r)));
            let change = match before {
                None => whole_row(new, row, RowChangeKind::Added),
                Some((old, before)) => changed_row(old, before, new, row),
            };
            changes.extend(change);
        }
    }
    if let Some(old) = old {
        for row in &old.rows {
            if new.is_none_or(|n| n.row(&row.id).is_none()) {
                changes.extend(whole_row(old, row, RowChangeKind::Removed));
            }
        }
    }
    if let (Some(old), Some(new)) = (old, new)
        && changes.is_empty()
        && old != new
    {
        // Nothing a reader sees row by row, yet the table is not the same:
        // said, so that `diff` explains what `release` records.
        changes.push(unseen_change(old, new));
    }
    for change in &mut changes {
        change.table.clone_from(&table);
    }
    changes
}

/// A row added or removed: every cell it has.
fn whole_row(view: &TableView, row: &RowView, kind: RowChangeKind) -> Option<RowChange> {
    let side = |text: &str| match kind {
        RowChangeKind::Removed => CellChange {
            old: Some(text.to_string()),
            new: None,
        },
        _ => CellChange {
            old: None,
            new: Some(text.to_string()),
        },
    };
    let cells = row
        .cells
        .iter()
        .map(|(col, cell)| (col.clone(), side(&cell.text)))
        .collect();
    let values = row
        .cells
        .iter()
        .map(|(col, cell)| (col.clone(), side(&cell.value)))
        .collect();
    let name = view.row_name(row).to_string();
    let others: Vec<&str> = view
        .columns
        .iter()
        .skip(1)
        .filter_map(|c| row.cells.get(&c.id))
        .map(|cell| cell.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    let verb = match kind {
        RowChangeKind::Removed => "Removed",
        _ => "Added",
    };
    let mut sentence = format!("{verb} {} {name}", view.noun);
    if !others.is_empty() {
        sentence.push_str(&format!(" ({})", others.join(", ")));
    }
    Some(RowChange {
        table: String::new(),
        row: row.id.clone(),
        change: kind,
        name,
        cells,
        sentence,
        values,
        translated: translated(view, row.cells.keys()),
        parts: Vec::new(),
    })
}

/// A row in both views: the cells whose text changed, if any.
fn changed_row(
    old_view: &TableView,
    old: &RowView,
    new_view: &TableView,
    new: &RowView,
) -> Option<RowChange> {
    let text = |row: &RowView, col: &str| row.cells.get(col).map(|c| c.text.clone());
    let value = |row: &RowView, col: &str| row.cells.get(col).map(|c| c.value.clone());
    // Columns in the new view's order, then those only the old one had.
    let mut columns: Vec<&str> = new_view.columns.iter().map(|c| c.id.as_str()).collect();
    for c in &old_view.columns {
        if !columns.contains(&c.id.as_str()) {
            columns.push(&c.id);
        }
    }
    let mut cells = BTreeMap::new();
    let mut values = BTreeMap::new();
    let name = new_view.row_name(new).to_string();
    let mut parts = Vec::new();
    for col in columns {
        let (before, after) = (text(old, col), text(new, col));
        if before == after {
            continue;
        }
        let label = new_view
            .column(col)
            .or_else(|| old_view.column(col))
            .map_or(col, |c| c.label.as_str());
        // "Changed location of Harbor Pay Ltd.: Ireland → Netherlands";
        // more cells follow, "; purpose: … → …".
        let label = in_sentence(label, &new_view.key.locale);
        parts.push(Part {
            lead: match parts.is_empty() {
                true => format!("Changed {label} of {name}: "),
                false => format!("; {label}: "),
            },
            old: before.clone(),
            new: after.clone(),
        });
        values.insert(
            col.to_string(),
            CellChange {
                old: value(old, col),
                new: value(new, col),
            },
        );
        cells.insert(
            col.to_string(),
            CellChange {
                old: before,
                new: after,
            },
        );
    }
    if cells.is_empty() {
        return None;
    }
    Some(RowChange {
        table: String::new(),
        row: new.id.clone(),
        change: RowChangeKind::Changed,
        name,
        translated: translated(new_view, cells.keys()),
        cells,
        sentence: sentence(&parts),
        values,
        parts,
    })
}

/// A table whose rows changed only in order (said by their names), or
/// only in what readers do not see (a value that reads the same, a
/// column's type).
fn unseen_change(old: &TableView, new: &TableView) -> RowChange {
    let kept = |view: &TableView, other: &TableView| -> Vec<String> {
        view.rows
            .iter()
            .filter(|r| other.row(&r.id).is_some())
            .map(|r| r.id.clone())
            .collect()
    };
    let (before, after) = (kept(old, new), kept(new, old));
    let names = |ids: &[String]| -> String {
        ids.iter()
            .filter_map(|id| new.row(id))
            .map(|r| new.row_name(r))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (cells, parts, sentence) = if before != after {
        let part = Part {
            lead: format!("Changed table {}: order of rows: ", new.caption),
            old: Some(names(&before)),
            new: Some(names(&after)),
        };
        let cell = CellChange {
            old: part.old.clone(),
            new: part.new.clone(),
        };
        let parts = vec![part];
        let said = sentence(&parts);
        (BTreeMap::from([(ORDER.to_string(), cell)]), parts, said)
    } else {
        let said = format!(
            "Changed table {}: values or column types that read the same",
            new.caption
        );
        (BTreeMap::new(), Vec::new(), said)
    };
    RowChange {
        table: String::new(),
        row: String::new(),
        change: RowChangeKind::Table,
        name: new.caption.clone(),
        values: cells.clone(),
        cells,
        sentence,
        translated: Vec::new(),
        parts,
    }
}

/// The caption, the noun and the column labels, where they changed.
fn table_change(old: &TableView, new: &TableView) -> Option<RowChange> {
    let mut cells = BTreeMap::new();
    let mut parts: Vec<Part> = Vec::new();
    let mut note = |key: &str, what: String, before: Option<&str>, after: Option<&str>| {
        if before == after {
            return;
        }
        parts.push(Part {
            lead: match parts.is_empty() {
                true => format!("Changed table {}: {what}: ", new.caption),
                false => format!("; {what}: "),
            },
            old: before.map(str::to_string),
            new: after.map(str::to_string),
        });
        cells.insert(
            key.to_string(),
            CellChange {
                old: before.map(str::to_string),
                new: after.map(str::to_string),
            },
        );
    };
    note(
        CAPTION,
        "caption".into(),
        Some(&old.caption),
        Some(&new.caption),
    );
    note(NOUN, "row noun".into(), Some(&old.noun), Some(&new.noun));
    for c in &new.columns {
        let before = old.column(&c.id).map(|o| o.label.as_str());
        note(
            &c.id,
            format!("label of column {}", c.id),
            before,
            Some(&c.label),
        );
    }
    for c in old.columns.iter().filter(|c| new.column(&c.id).is_none()) {
        note(
            &c.id,
            format!("label of column {}", c.id),
            Some(&c.label),
            None,
        );
    }
    if cells.is_empty() {
        return None;
    }
    Some(RowChange {
        table: String::new(),
        row: String::new(),
        change: RowChangeKind::Table,
        name: new.caption.clone(),
        values: cells.clone(),
        cells,
        sentence: sentence(&parts),
        translated: Vec::new(),
        parts,
    })
}

/// The columns among `cols` whose texts are translated.
fn translated<'a>(view: &TableView, cols: impl Iterator<Item = &'a String>) -> Vec<String> {
    cols.filter(|c| {
        view.column(c)
            .is_some_and(|c| c.kind == ColumnKind::Translated)
    })
    .cloned()
    .collect()
}

/// A column's label inside an English sentence: "Location" as "location",
/// but "URL" and labels in other languages as written.
fn in_sentence(label: &str, locale: &str) -> String {
    let mut chars = label.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return label.to_string();
    };
    let english = locale == "en" || locale.starts_with("en-");
    if english && first.is_uppercase() && !second.is_some_and(char::is_uppercase) {
        first.to_lowercase().chain(label.chars().skip(1)).collect()
    } else {
        label.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{CellView, ColumnView, FactKey};

    fn column(id: &str, label: &str, kind: ColumnKind) -> ColumnView {
        ColumnView {
            id: id.into(),
            label: label.into(),
            kind,
        }
    }

    fn row(id: &str, cells: &[(&str, &str, &str)]) -> RowView {
        RowView {
            id: id.into(),
            cells: cells
                .iter()
                .map(|(col, value, text)| {
                    (
                        col.to_string(),
                        CellView {
                            value: value.to_string(),
                            text: text.to_string(),
                        },
                    )
                })
                .collect(),
        }
    }

    fn view(rows: Vec<RowView>) -> TableView {
        TableView {
            key: FactKey {
                table: "subprocessors".into(),
                region: "eu".into(),
                locale: "en-US".into(),
            },
            caption: "Subprocessors".into(),
            noun: "subprocessor".into(),
            columns: vec![
                column("name", "Name", ColumnKind::Text),
                column("purpose", "Purpose", ColumnKind::Translated),
                column("location", "Location", ColumnKind::Country),
                column("website", "URL", ColumnKind::Url),
            ],
            rows,
        }
    }

    fn harbor(location: (&str, &str)) -> RowView {
        row(
            "harbor_pay",
            &[
                ("name", "Harbor Pay Ltd.", "Harbor Pay Ltd."),
                ("purpose", "Payments", "Payments"),
                ("location", location.0, location.1),
            ],
        )
    }

    fn acme() -> RowView {
        row(
            "acme",
            &[
                ("name", "Acme Analytics Ltd.", "Acme Analytics Ltd."),
                ("purpose", "Product analytics", "Product analytics"),
                ("location", "IE", "Ireland"),
            ],
        )
    }

    #[test]
    fn an_added_row_is_said_with_its_other_cells() {
        let old = view(vec![harbor(("IE", "Ireland"))]);
        let new = view(vec![harbor(("IE", "Ireland")), acme()]);
        let changes = compare(Some(&old), Some(&new));
        assert_eq!(changes.len(), 1, "{changes:?}");
        let c = &changes[0];
        assert_eq!(
            (c.table.as_str(), c.row.as_str()),
            ("subprocessors", "acme")
        );
        assert_eq!(c.change, RowChangeKind::Added);
        assert_eq!(
            c.sentence,
            "Added subprocessor Acme Analytics Ltd. (Product analytics, Ireland)"
        );
        assert_eq!(c.cells["location"].new.as_deref(), Some("Ireland"));
        assert_eq!(c.cells["location"].old, None);
        assert_eq!(c.values["location"].new.as_deref(), Some("IE"));
        assert_eq!(c.translated, vec!["purpose".to_string()]);
    }

    #[test]
    fn a_removed_row_is_named_as_it_was() {
        let old = view(vec![acme(), harbor(("IE", "Ireland"))]);
        let new = view(vec![harbor(("IE", "Ireland"))]);
        let changes = compare(Some(&old), Some(&new));
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].change, RowChangeKind::Removed);
        assert_eq!(changes[0].name, "Acme Analytics Ltd.");
        assert_eq!(
            changes[0].sentence,
            "Removed subprocessor Acme Analytics Ltd. (Product analytics, Ireland)"
        );
        assert_eq!(changes[0].cells["name"].new, None);
    }

    #[test]
    fn a_changed_cell_is_said_old_to_new_and_unchanged_cells_are_left_out() {
        let old = view(vec![harbor(("IE", "Ireland"))]);
        let new = view(vec![harbor(("NL", "Netherlands"))]);
        let changes = compare(Some(&old), Some(&new));
        assert_eq!(changes.len(), 1, "{changes:?}");
        let c = &changes[0];
        assert_eq!(c.change, RowChangeKind::Changed);
        assert_eq!(
            c.sentence,
            "Changed location of Harbor Pay Ltd.: Ireland → Netherlands"
        );
        assert_eq!(c.cells.keys().collect::<Vec<_>>(), ["location"]);
        assert_eq!(
            c.cells["location"],
            CellChange {
                old: Some("Ireland".into()),
                new: Some("Netherlands".into())
            }
        );
    }

    #[test]
    fn several_changed_cells_make_one_sentence_and_labels_keep_their_capitals() {
        let old = view(vec![harbor(("IE", "Ireland"))]);
        let mut moved = harbor(("NL", "Netherlands"));
        moved.cells.insert(
            "website".into(),
            CellView {
                value: "https://harbor.example".into(),
                text: "https://harbor.example".into(),
            },
        );
        let new = view(vec![moved]);
        let changes = compare(Some(&old), Some(&new));
        assert_eq!(
            changes[0].sentence,
            "Changed location of Harbor Pay Ltd.: Ireland → Netherlands; URL: (none) → https://harbor.example"
        );
    }

    #[test]
    fn a_row_that_only_moved_is_no_row_change_but_the_order_is_said() {
        let old = view(vec![acme(), harbor(("IE", "Ireland"))]);
        let new = view(vec![harbor(("IE", "Ireland")), acme()]);
        assert_eq!(compare(Some(&old), Some(&old)), Vec::new());
        let changes = compare(Some(&old), Some(&new));
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(
            (changes[0].change, changes[0].row.as_str()),
            (RowChangeKind::Table, "")
        );
        assert_eq!(
            changes[0].sentence,
            "Changed table Subprocessors: order of rows: Acme Analytics Ltd., Harbor Pay Ltd. → Harbor Pay Ltd., Acme Analytics Ltd."
        );
        assert_eq!(changes[0].cells.keys().collect::<Vec<_>>(), [ORDER]);
        // A row moved and another added: the addition alone is said.
        let mut more = new.clone();
        more.rows
            .push(row("new", &[("name", "New Co.", "New Co.")]));
        let changes = compare(Some(&old), Some(&more));
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].change, RowChangeKind::Added);
    }

    #[test]
    fn a_value_that_reads_the_same_is_said_as_unseen() {
        let old = view(vec![harbor(("IE", "Ireland"))]);
        let mut new = old.clone();
        new.rows[0].cells.get_mut("location").unwrap().value = "ie".into();
        let changes = compare(Some(&old), Some(&new));
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(
            changes[0].sentence,
            "Changed table Subprocessors: values or column types that read the same"
        );
        assert!(changes[0].cells.is_empty());
    }

    #[test]
    fn a_new_table_adds_every_row_and_a_table_gone_removes_them() {
        let table = view(vec![harbor(("IE", "Ireland")), acme()]);
        let added = compare(None, Some(&table));
        assert_eq!(added.len(), 2);
        assert!(added.iter().all(|c| c.change == RowChangeKind::Added));
        let removed = compare(Some(&table), None);
        assert_eq!(removed.len(), 2);
        assert!(removed.iter().all(|c| c.change == RowChangeKind::Removed));
        assert_eq!(compare(None, None), Vec::new());
    }

    #[test]
    fn a_caption_or_label_change_is_one_table_level_change() {
        let old = view(vec![harbor(("IE", "Ireland"))]);
        let mut new = old.clone();
        new.caption = "Service providers".into();
        new.columns[2].label = "Country".into();
        let changes = compare(Some(&old), Some(&new));
        assert_eq!(changes.len(), 1, "{changes:?}");
        let c = &changes[0];
        assert_eq!((c.change, c.row.as_str()), (RowChangeKind::Table, ""));
        assert_eq!(
            c.sentence,
            "Changed table Service providers: caption: Subprocessors → Service providers; label of column location: Location → Country"
        );
        assert_eq!(
            c.cells.keys().collect::<Vec<_>>(),
            [CAPTION, "location"],
            "{c:?}"
        );
    }

    fn in_locale(mut v: TableView, region: &str, locale: &str) -> TableView {
        v.key.region = region.into();
        v.key.locale = locale.into();
        v
    }

    #[test]
    fn the_same_change_in_several_regions_and_locales_is_listed_once() {
        let old = view(vec![harbor(("IE", "Ireland"))]);
        let new = view(vec![harbor(("NL", "Netherlands"))]);
        let german = |v: &TableView, location: (&str, &str)| {
            let mut v = in_locale(v.clone(), "eu", "de-DE");
            v.columns[2].label = "Standort".into();
            v.rows[0] = harbor(location);
            v.rows[0].cells.get_mut("purpose").unwrap().text = "Zahlungen".into();
            v.rows[0].cells.get_mut("purpose").unwrap().value = "Zahlungen".into();
            v
        };
        let mut changes = Vec::new();
        for (region, locale) in [("eu", "en-US"), ("us", "en-US")] {
            let (o, n) = (
                in_locale(old.clone(), region, locale),
                in_locale(new.clone(), region, locale),
            );
            changes.push((n.key.clone(), compare(Some(&o), Some(&n))));
        }
        let (o, n) = (
            german(&old, ("IE", "Irland")),
            german(&new, ("NL", "Niederlande")),
        );
        changes.insert(0, (n.key.clone(), compare(Some(&o), Some(&n))));
        // A change in another region that differs: its own line.
        let (o, n) = (
            in_locale(old.clone(), "uk", "en-US"),
            in_locale(view(vec![harbor(("FR", "France"))]), "uk", "en-US"),
        );
        changes.push((n.key.clone(), compare(Some(&o), Some(&n))));
        let reports = group(&changes, "en-US");
        assert_eq!(reports.len(), 2, "{reports:?}");
        // Said in the default locale, though German came first.
        assert_eq!(
            reports[0].change.sentence,
            "Changed location of Harbor Pay Ltd.: Ireland → Netherlands"
        );
        let applies = |r: &FactReport| {
            r.applies_to
                .iter()
                .map(|v| format!("{} {}", v.region, v.locale))
                .collect::<Vec<_>>()
        };
        assert_eq!(applies(&reports[0]), ["eu de-DE", "eu en-US", "us en-US"]);
        assert_eq!(applies(&reports[1]), ["uk en-US"]);
    }

    #[test]
    fn an_added_row_groups_across_locales_by_its_translated_cells_in_the_default_locale() {
        let old = view(vec![harbor(("IE", "Ireland"))]);
        let new = view(vec![harbor(("IE", "Ireland")), acme()]);
        let mut german_new = in_locale(new.clone(), "eu", "de-DE");
        german_new.rows[1].cells.get_mut("purpose").unwrap().value = "Produktanalyse".into();
        let german_old = in_locale(old.clone(), "eu", "de-DE");
        let changes = vec![
            (
                german_new.key.clone(),
                compare(Some(&german_old), Some(&german_new)),
            ),
            (
                FactKey {
                    locale: "en-US".into(),
                    ..german_new.key.clone()
                },
                compare(
                    Some(&in_locale(old, "eu", "en-US")),
                    Some(&in_locale(new, "eu", "en-US")),
                ),
            ),
        ];
        let reports = group(&changes, "en-US");
        assert_eq!(reports.len(), 1, "{reports:?}");
        assert_eq!(reports[0].applies_to.len(), 2);
    }

    #[test]
    fn labels_in_other_languages_are_not_lowered() {
        assert_eq!(in_sentence("Location", "en-US"), "location");
        assert_eq!(in_sentence("URL", "en-US"), "URL");
        assert_eq!(in_sentence("Standort", "de-DE"), "Standort");
        assert_eq!(in_sentence("", "en-US"), "");
    }
}
