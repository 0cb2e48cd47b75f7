//! Facts placed in documents: each ```` ```facts ```` block of the sources
//! checked once against the tables (table, columns, filter values), then
//! expanded in a variant's text into the table its readers see; and the
//! inline `{{ facts.<table>.count }}` and `{{ facts.<table>.<row>.<column> }}`.

pub mod fence;
pub mod inline;
pub mod table;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use fence::{Fence, FenceError, Placement, Spanned};

use super::ResolvedRegion;
use super::facts::{FactFallbacks, Facts};
use crate::diagnostics::{Diagnostic, Diagnostics, closest, location_at};
use crate::facts::{ColumnKind, TableView};
use crate::source::Project;
use crate::source::document::{Chunk, SourceDoc};
use crate::source::facts::values;
use crate::source::layout::{self, Kind};

/// What documents may name of one table: its columns and every row id any
/// region has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableShape {
    /// The columns, in the file's order.
    pub columns: Vec<ColumnShape>,
    /// Every row id of the table in any region.
    pub rows: BTreeSet<String>,
}

/// A column: its id, its type, and for a closed list its values' ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnShape {
    /// The column's id.
    pub id: String,
    /// Its type.
    pub kind: ColumnKind,
    /// A closed list's values (`type: choice`); empty for other types.
    pub choices: Vec<String>,
}

/// The tables documents may name, by id, and those whose file could not
/// be read (reported already: a placement naming one is not checked).
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    /// The tables, by id.
    pub tables: BTreeMap<String, TableShape>,
    /// Tables whose file failed to parse.
    pub unparsed: BTreeSet<String>,
}

impl Shapes {
    fn ids(&self) -> impl Iterator<Item = &str> {
        self.tables.keys().map(String::as_str)
    }

    /// Whether `table`'s file (or `facts/`) failed: what names it is not
    /// checked, since that failure is the one message.
    pub fn failed(&self, table: &str) -> bool {
        self.unparsed.contains(table) || self.unparsed.contains("")
    }
}

/// The tables of `project`, as documents may name them: their columns and
/// the rows of every region (`facts`, the regions' changes applied).
pub(crate) fn shapes(project: &Project, regions: &[ResolvedRegion], facts: &Facts) -> Shapes {
    let tables = project
        .facts
        .iter()
        .map(|(id, table)| {
            let columns = table
                .columns
                .iter()
                .map(|c| ColumnShape {
                    id: c.id.clone(),
                    kind: c.kind,
                    choices: c.choices.iter().map(|choice| choice.id.clone()).collect(),
                })
                .collect();
            let rows = regions
                .iter()
                .filter_map(|r| facts.rows(id, &r.id))
                .flatten()
                .chain(&table.rows)
                .map(|row| row.id.clone())
                .collect();
            (id.clone(), TableShape { columns, rows })
        })
        .collect();
    let mut unparsed = project.unparsed.facts.clone();
    // A region's changes that failed may add the rows a text names.
    unparsed.extend(project.unparsed.fact_changes.iter().map(|(_, t)| t.clone()));
    if project.unparsed.facts_folder {
        // No table is known: no placement is checked.
        unparsed.insert(String::new());
    }
    Shapes { tables, unparsed }
}

/// Every placement of the sources, checked.
pub struct Placements {
    /// By file and chunk offset: its fences' placements in order, or
    /// `None` when one of them is wrong (reported).
    checked: BTreeMap<(PathBuf, usize), Option<Vec<Placement>>>,
    /// The tables each document's texts (any locale, any region) place or
    /// quote, for the preview to tell which pages a table's change reaches.
    shown: BTreeMap<String, BTreeSet<String>>,
    shapes: Shapes,
}

impl Placements {
    /// Reads and checks every ```` ```facts ```` block of the documents and
    /// supplements; each mistake goes to `diags` at its place.
    pub fn new(project: &Project, shapes: Shapes, diags: &Diagnostics) -> Self {
        let mut checked = BTreeMap::new();
        let mut shown: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let sources = project
            .documents
            .iter()
            .chain(project.supplements.iter().map(|((_, doc), s)| (doc, s)))
            .flat_map(|(doc, by_locale)| by_locale.values().map(move |s| (doc, s)));
        for (doc, source) in sources {
            let chunks = source
                .title
                .iter()
                .chain(source.summary.iter())
                .chain(std::iter::once(&source.preamble))
                .chain(source.sections.iter().flat_map(|s| [&s.heading, &s.body]));
            for chunk in chunks {
                if chunk.text.contains(inline::NAME) {
                    let quoted = inline::paths(&super::logic::tokens(&chunk.text));
                    let tables = quoted.into_iter().filter_map(|p| p.parts.first().cloned());
                    shown.entry(doc.clone()).or_default().extend(tables);
                }
                let found = fence::fences(&chunk.text);
                if found.is_empty() {
                    continue;
                }
                let mut placements = Some(Vec::new());
                for f in &found {
                    let at = |span: std::ops::Range<usize>| {
                        let start = chunk.offset + f.text_offset(span.start);
                        location_at(&source.text, start, span.len())
                    };
                    match check(&f.body, &shapes) {
                        Ok(p) => {
                            shown
                                .entry(doc.clone())
                                .or_default()
                                .insert(p.table.text.clone());
                            if let Some(list) = placements.as_mut() {
                                list.push(p);
                            }
                        }
                        Err(errors) => {
                            placements = None;
                            for e in errors {
                                let location = match e.span {
                                    Some(span) => at(span),
                                    // No better place: the fence's opening.
                                    None => location_at(
                                        &source.text,
                                        chunk.offset + f.range.start,
                                        3 + fence::INFO.len(),
                                    ),
                                };
                                diags.push(
                                    Diagnostic::error(e.message)
                                        .in_file(&source.path)
                                        .at(location)
                                        .help(e.help),
                                );
                            }
                        }
                    }
                }
                checked.insert((source.path.clone(), chunk.offset), placements);
            }
        }
        Placements {
            checked,
            shown,
            shapes,
        }
    }

    /// Whether a text of the document `doc` places or quotes `table`.
    pub fn shows(&self, doc: &str, table: &str) -> bool {
        self.shown.get(doc).is_some_and(|t| t.contains(table))
    }

    /// The tables documents may name.
    pub fn shapes(&self) -> &Shapes {
        &self.shapes
    }

    /// `text`, what substitution made of `chunk` of `source`, with each
    /// ```` ```facts ```` block made the table it places, as `view` gives
    /// it for the page (whose locale is `locale`). `None` when a placement
    /// is wrong (reported).
    pub fn expand(
        &self,
        source: &SourceDoc,
        chunk: &Chunk,
        text: String,
        view: &dyn Fn(&str) -> Option<(TableView, FactFallbacks)>,
        locale: &str,
        diags: &Diagnostics,
    ) -> Option<String> {
        let found = fence::fences(&text);
        if found.is_empty() {
            return Some(text);
        }
        let placements = match self.checked.get(&(source.path.clone(), chunk.offset)) {
            Some(Some(list)) if list.len() == found.len() => list.clone(),
            Some(None) => return None,
            // A variable wrote a fence: read it from the text made.
            _ => {
                let mut list = Vec::new();
                for f in &found {
                    match check(&f.body, &self.shapes) {
                        Ok(p) => list.push(p),
                        Err(errors) => {
                            for e in errors {
                                diags.push(
                                    Diagnostic::error(e.message)
                                        .in_file(&source.path)
                                        .at(location_at(&source.text, chunk.offset, 0))
                                        .help(e.help),
                                );
                            }
                            return None;
                        }
                    }
                }
                list
            }
        };
        // A table in the page's language, in a text shown in another.
        let lang = match layout::classify(&source.path) {
            Kind::Document { locale: l, .. } | Kind::Supplement { locale: l, .. } => {
                (l != locale).then_some(locale)
            }
            _ => None,
        };
        // The fences as written, to name where a warning is.
        let written = fence::fences(&chunk.text);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (i, (f, placement)) in found.iter().zip(&placements).enumerate() {
            let Some((view, fallbacks)) = view(&placement.table.text) else {
                diags.push(
                    Diagnostic::error(format!(
                        "the table `{}` is not made for this page",
                        placement.table.text
                    ))
                    .in_file(&source.path)
                    .at(location_at(&source.text, chunk.offset + f.range.start, 0))
                    .help("this is a policyc bug: please report it"),
                );
                return None;
            };
            if !placement.filter.is_empty() && table::rows(&view, placement).is_empty() {
                let start = written.get(i).map_or(0, |w| w.range.start);
                diags.push(
                    Diagnostic::warning(format!(
                        "the `where:` of this `facts` block keeps no row of the table `{}` on the pages of region {}",
                        placement.table.text, view.key.region
                    ))
                    .in_file(&source.path)
                    .at(location_at(&source.text, chunk.offset + start, 3 + fence::INFO.len()))
                    .help("the table is shown there with its headings only; check the values of `where:`, or place the table only in the regions that have such rows"),
                );
            }
            out.push_str(&text[at..f.range.start]);
            let lines = table::html(&view, &fallbacks, placement, lang);
            write_table(&mut out, f, &lines, &text[f.range.end..]);
            at = f.range.end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }
}

/// Writes the table's `lines` where the fence `f` was: each line after the
/// first under the fence's container, and a blank line after it unless
/// one follows, since an HTML block ends only at a blank line.
fn write_table(out: &mut String, f: &Fence, lines: &[String], after: &str) {
    let continuation = f.continuation();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(&continuation);
        }
        out.push_str(line);
        out.push('\n');
    }
    let blank_follows = after.is_empty()
        || after
            .split_inclusive('\n')
            .next()
            .is_some_and(|l| l.trim_start_matches([' ', '>']).trim().is_empty());
    if !blank_follows {
        out.push_str(continuation.trim_end());
        out.push('\n');
    }
}

/// Reads a fence's body and checks what it names against the tables.
fn check(body: &str, shapes: &Shapes) -> Result<Placement, Vec<FenceError>> {
    let placement = fence::parse(body).map_err(|e| vec![e])?;
    let table = placement.table.clone();
    if shapes.failed(&table.text) {
        // Its file's own error is the one message.
        return Err(Vec::new());
    }
    let Some(shape) = shapes.tables.get(&table.text) else {
        let mut message = format!("there is no table `{}`", table.text);
        if let Some(near) = closest(&table.text, shapes.ids()) {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
        let help = match shapes.tables.is_empty() {
            true => "a table is a file `facts/<id>.yaml`; this project has none".to_string(),
            false => format!(
                "a table is a file `facts/<id>.yaml`; this project has: {}",
                shapes.ids().collect::<Vec<_>>().join(", ")
            ),
        };
        return Err(vec![FenceError {
            message,
            help,
            span: Some(table.span.clone()),
        }]);
    };
    let mut errors = Vec::new();
    let column = |c: &Spanned, errors: &mut Vec<FenceError>| {
        let found = shape.columns.iter().find(|s| s.id == c.text);
        if found.is_none() {
            errors.push(unknown_column(&table.text, shape, c));
        }
        found
    };
    if let Some(columns) = &placement.columns {
        if columns.is_empty() {
            errors.push(FenceError {
                message: "`columns:` lists no column".into(),
                help: "name the columns to show, or leave `columns:` out to show them all".into(),
                span: None,
            });
        }
        for (i, c) in columns.iter().enumerate() {
            if columns[..i].iter().any(|earlier| earlier.text == c.text) {
                errors.push(FenceError {
                    message: format!("the column `{}` is listed twice in `columns:`", c.text),
                    help: "name each column once".into(),
                    span: Some(c.span.clone()),
                });
                continue;
            }
            column(c, &mut errors);
        }
    }
    let mut placement = placement;
    for (c, values) in &mut placement.filter {
        let Some(found) = column(c, &mut errors) else {
            continue;
        };
        if values.is_empty() {
            errors.push(FenceError {
                message: format!("`where:` lists no value for the column `{}`", c.text),
                help: format!(
                    "write the values its rows must have, e.g. `where: {{ {}: [a, b] }}`, or leave the column out of `where:` to keep every row",
                    c.text
                ),
                span: Some(c.span.clone()),
            });
            continue;
        }
        if found.kind != ColumnKind::Choice {
            // Compared as the table's cells are kept: each value read as
            // its cells are (`30 days` is `P30D`).
            for v in values.iter_mut() {
                match values::check(found.kind, &v.text, &[]) {
                    Ok(canonical) => v.text = canonical,
                    Err(m) => errors.push(FenceError {
                        message: format!(
                            "{}, so it matches no cell of the column `{}` of the table `{}`",
                            m.message, c.text, table.text
                        ),
                        help: m.help,
                        span: Some(v.span.clone()),
                    }),
                }
            }
            continue;
        }
        for v in values.iter() {
            if found.choices.contains(&v.text) {
                continue;
            }
            let mut message = format!(
                "`{}` is not a value of the column `{}` of the table `{}`",
                v.text, c.text, table.text
            );
            if let Some(near) = closest(&v.text, found.choices.iter().map(String::as_str)) {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            errors.push(FenceError {
                message,
                help: format!("its values are: {}", found.choices.join(", ")),
                span: Some(v.span.clone()),
            });
        }
    }
    if let Some((c, _)) = &placement.sort {
        column(c, &mut errors);
    }
    match errors.is_empty() {
        true => Ok(placement),
        false => Err(errors),
    }
}

fn unknown_column(table: &str, shape: &TableShape, c: &Spanned) -> FenceError {
    let ids = shape.columns.iter().map(|s| s.id.as_str());
    let mut message = format!("the table `{table}` has no column `{}`", c.text);
    if let Some(near) = closest(&c.text, ids.clone()) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    FenceError {
        message,
        help: format!("its columns are: {}", ids.collect::<Vec<_>>().join(", ")),
        span: Some(c.span.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{CellView, ColumnView, FactKey, RowView};

    fn shapes() -> Shapes {
        let col = |id: &str, kind, choices: &[&str]| ColumnShape {
            id: id.into(),
            kind,
            choices: choices.iter().map(|c| c.to_string()).collect(),
        };
        Shapes {
            tables: BTreeMap::from([(
                "subprocessors".to_string(),
                TableShape {
                    columns: vec![
                        col("name", ColumnKind::Text, &[]),
                        col("category", ColumnKind::Choice, &["analytics", "payments"]),
                    ],
                    rows: BTreeSet::from(["harbor".to_string()]),
                },
            )]),
            unparsed: BTreeSet::new(),
        }
    }

    fn messages(body: &str) -> Vec<(String, String)> {
        check(body, &shapes())
            .unwrap_err()
            .into_iter()
            .map(|e| (e.message, body[e.span.unwrap()].to_string()))
            .collect()
    }

    #[test]
    fn what_a_placement_names_is_checked_with_the_nearest_id() {
        assert_eq!(
            messages("table: subprocesors\n"),
            [(
                "there is no table `subprocesors`; did you mean `subprocessors`?".into(),
                "subprocesors".into()
            )]
        );
        assert_eq!(
            messages("table: subprocessors\ncolumns: [name, categroy]\nsort: nmae\n"),
            [
                (
                    "the table `subprocessors` has no column `categroy`; did you mean `category`?"
                        .into(),
                    "categroy".into()
                ),
                (
                    "the table `subprocessors` has no column `nmae`; did you mean `name`?".into(),
                    "nmae".into()
                ),
            ]
        );
        assert_eq!(
            messages("table: subprocessors\nwhere: { category: analytcs }\n"),
            [(
                "`analytcs` is not a value of the column `category` of the table `subprocessors`; did you mean `analytics`?".into(),
                "analytcs".into()
            )]
        );
        assert!(
            check(
                "table: subprocessors\nwhere: { name: Anything }\n",
                &shapes()
            )
            .is_ok()
        );
    }

    #[test]
    fn odd_bodies_are_errors_never_panics() {
        for body in [
            "",
            "~\n",
            "table:\n",
            "table: 5\n",
            "table: subprocessors\ncolumns:\n",
            "table: subprocessors\ncolumns: []\n",
            "table: subprocessors\nsort: \"-\"\n",
            "table: subprocessors\nwhere: { category: { a: b } }\n",
            "table: subprocessors\nwhere: [category]\n",
            "table: subprocessors\r\nsort: name\r\n",
            "\u{feff}table: subprocessors\n",
            "? [a]\n: b\n",
            "table: subprocessors\ttab\n",
            "'table': subprocessors\n\"sort\": -name\n",
            "table: é\nsort: é\n",
        ] {
            if let Err(errors) = check(body, &shapes()) {
                for e in errors {
                    assert!(!e.message.is_empty() && !e.help.is_empty(), "{body:?}");
                    if let Some(span) = e.span {
                        assert!(body.get(span.start..span.start).is_some(), "{body:?}");
                    }
                }
            }
        }
        let ok = check("'table': subprocessors\n\"sort\": -name\n", &shapes()).unwrap();
        assert_eq!(ok.sort.unwrap().0.text, "name");
    }

    #[test]
    fn a_table_whose_file_failed_is_not_reported_again() {
        let mut s = shapes();
        s.unparsed.insert("cookies".into());
        assert_eq!(check("table: cookies\n", &s).unwrap_err(), []);
    }

    fn view() -> TableView {
        TableView {
            key: FactKey {
                table: "subprocessors".into(),
                region: "us".into(),
                locale: "en-US".into(),
            },
            caption: "Subprocessors".into(),
            noun: "subprocessor".into(),
            columns: vec![ColumnView {
                id: "name".into(),
                label: "Name".into(),
                kind: ColumnKind::Text,
            }],
            rows: vec![RowView {
                id: "harbor".into(),
                cells: BTreeMap::from([(
                    "name".to_string(),
                    CellView {
                        value: "Harbor Pay".into(),
                        text: "Harbor Pay".into(),
                    },
                )]),
            }],
        }
    }

    fn expanded(text: &str) -> String {
        let mut out = String::new();
        let found = fence::fences(text);
        let mut at = 0;
        for f in &found {
            let p = check(&f.body, &shapes()).unwrap();
            out.push_str(&text[at..f.range.start]);
            write_table(
                &mut out,
                f,
                &table::html(&view(), &FactFallbacks::default(), &p, None),
                &text[f.range.end..],
            );
            at = f.range.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn a_fence_becomes_an_html_block_in_its_container() {
        assert_eq!(
            expanded("Intro.\n\n```facts\ntable: subprocessors\n```\nAfter.\n"),
            "Intro.\n\n<table class=\"facts\" data-facts=\"subprocessors\">\n<caption>Subprocessors</caption>\n<thead><tr><th scope=\"col\">Name</th></tr></thead>\n<tbody>\n<tr data-row=\"harbor\"><th scope=\"row\">Harbor Pay</th></tr>\n</tbody>\n</table>\n\nAfter.\n"
        );
        let item = expanded(
            "1. Our processors:\n\n   ```facts\n   table: subprocessors\n   ```\n\n2. Next\n",
        );
        assert!(
            item.contains("\n   <table class=\"facts\" data-facts=\"subprocessors\">\n   <caption>Subprocessors</caption>\n"),
            "{item}"
        );
        assert!(item.ends_with("   </table>\n\n2. Next\n"), "{item}");
        let mut html = String::new();
        let parser = pulldown_cmark::Parser::new_ext(&item, crate::markdown::options());
        pulldown_cmark::html::push_html(&mut html, parser);
        let in_item = html.find("<li>").unwrap() < html.find("<table").unwrap()
            && html.find("</table>").unwrap() < html.find("</li>").unwrap();
        assert!(in_item, "{html}");
    }
}
