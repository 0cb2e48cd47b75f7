//! The status matrix for people: a table (documents and supplements down,
//! locales across), a legend, then what to do about each cell not done.

use std::fmt::Write;

use super::status::{Cell, Row, State, Status};
use crate::diagnostics::{display_path, escape_controls};

/// The status as `policyc translations` prints it.
pub fn text(status: &Status) -> String {
    let mut out = String::new();
    if status.locales.is_empty() || (status.rows.is_empty() && status.facts.is_empty()) {
        let _ = writeln!(
            out,
            "No translations: every page is in {}, the source language.",
            status.default_locale
        );
        return out;
    }
    let labels: Vec<String> = status
        .rows
        .iter()
        .map(label)
        .chain(
            status
                .facts
                .iter()
                .map(|t| format!("{} (facts table)", t.table)),
        )
        .collect();
    let first = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max("document".len());
    let cells: Vec<Vec<String>> = status
        .rows
        .iter()
        .map(|row| {
            status
                .locales
                .iter()
                .map(
                    |locale| match row.cells.iter().find(|c| c.locale == *locale) {
                        Some(cell) => word(cell.state),
                        None => "-".to_string(),
                    },
                )
                .collect()
        })
        .chain(status.facts.iter().map(|table| {
            status
                .locales
                .iter()
                .map(
                    |locale| match table.cells.iter().find(|c| c.locale == *locale) {
                        Some(cell) => word(cell.state),
                        None => "-".to_string(),
                    },
                )
                .collect()
        }))
        .collect();
    let widths: Vec<usize> = status
        .locales
        .iter()
        .enumerate()
        .map(|(i, locale)| {
            cells
                .iter()
                .map(|row| row[i].chars().count())
                .chain([locale.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |first_cell: &str, rest: &[String]| {
        let mut l = format!("{first_cell:<first$}");
        for (cell, width) in rest.iter().zip(&widths) {
            let _ = write!(l, "  {cell:<width$}");
        }
        l.trim_end().to_string()
    };
    let _ = writeln!(
        out,
        "Translations against their {} source:\n",
        status.default_locale
    );
    let _ = writeln!(out, "{}", line("document", &status.locales));
    for (label, row) in labels.iter().zip(&cells) {
        let _ = writeln!(out, "{}", line(label, row));
    }
    let _ = writeln!(
        out,
        "\ncurrent: follows its source · stale rN: a source section changed in release N, the translation did not\n\
         missing: no file, its pages show {0} · accepted: missing, as accept_fallbacks allows\n\
         acknowledged: checked without a change (translations ack) · -: not published in that locale\n\
         incomplete: lacks sections of its source · extra: has sections its source does not\n\
         unused: no page shows it (the document's translation is missing)",
        status.default_locale
    );
    if !status.facts.is_empty() {
        let _ = writeln!(
            out,
            "a facts table is incomplete where some of its texts have none in that locale"
        );
    }
    let mut details = String::new();
    for row in &status.rows {
        for cell in &row.cells {
            detail(&mut details, row, cell, &status.default_locale);
        }
    }
    for table in &status.facts {
        for cell in table.cells.iter().filter(|c| c.missing_texts > 0) {
            let _ = writeln!(
                details,
                "{}: {} of {} texts of the table missing; its pages in {} show them in {}",
                display_path(&cell.file),
                cell.missing_texts,
                cell.texts,
                cell.locale,
                status.default_locale
            );
        }
    }
    if !details.is_empty() {
        let _ = write!(out, "\n{details}");
    }
    let s = &status.summary;
    let _ = writeln!(
        out,
        "\n{} current, {} stale, {} missing, {} accepted, {} acknowledged",
        s.current, s.stale, s.missing, s.fallback_accepted, s.acknowledged
    );
    let others = [
        (s.incomplete, "incomplete"),
        (s.extra, "extra"),
        (s.unused, "unused"),
    ];
    let others: Vec<String> = others
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect();
    if !others.is_empty() {
        out.pop();
        let _ = writeln!(out, ", {}", others.join(", "));
    }
    out
}

/// A row's name: the document, or its supplement for a region.
fn label(row: &Row) -> String {
    match &row.region {
        None => row.doc.clone(),
        Some(region) => format!("{} ({region} supplement)", row.doc),
    }
}

/// A cell in the table.
fn word(state: State) -> String {
    match state {
        State::Current => "current".to_string(),
        State::Stale { since } => format!("stale r{since}"),
        State::Missing => "missing".to_string(),
        State::FallbackAccepted => "accepted".to_string(),
        State::Acknowledged => "acknowledged".to_string(),
        State::Incomplete => "incomplete".to_string(),
        State::Extra => "extra".to_string(),
        State::Unused => "unused".to_string(),
    }
}

/// What to do about a cell that is stale or missing.
fn detail(out: &mut String, row: &Row, cell: &Cell, default: &str) {
    let file = display_path(&cell.file);
    let regions = cell.regions.join(", ");
    match cell.state {
        State::Stale { since } => {
            let _ = writeln!(
                out,
                "{file}: stale since release {since} (pages of {regions})"
            );
            for s in cell.sections.iter().filter(|s| !s.acknowledged) {
                let at = s.line.map(|l| format!("line {l}: ")).unwrap_or_default();
                let name = match s.id.is_empty() {
                    true => "the introduction".to_string(),
                    false => format!("`{}` {}", s.id, escape_controls(&s.heading)),
                };
                let changed = match s.since == s.release {
                    true => format!("changed in release {} ({})", s.release, s.day),
                    false => format!(
                        "changed since release {} (last in release {}, {})",
                        s.since, s.release, s.day
                    ),
                };
                let _ = writeln!(out, "  {at}{name}, {changed}");
            }
        }
        State::Incomplete => {
            let _ = writeln!(
                out,
                "{file}: incomplete: {} missing; the pages of {regions} leave {} out",
                ids(&cell.missing_sections),
                match cell.missing_sections.len() {
                    1 => "it",
                    _ => "them",
                }
            );
        }
        State::Extra => {
            let _ = writeln!(
                out,
                "{file}: extra: {} not in {}; the pages of {regions} still show {}",
                ids(&cell.extra_sections),
                display_path(&row.source),
                match cell.extra_sections.len() {
                    1 => "it",
                    _ => "them",
                }
            );
        }
        State::Unused => {
            let instead = cell
                .shown_instead
                .as_deref()
                .map(|p| format!(", as {} is missing", display_path(p)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{file}: unused: the pages of {regions} show the whole document in {default}{instead}"
            );
        }
        State::Missing => {
            let _ = writeln!(
                out,
                "{file}: missing; the pages of {regions} show {} in {default}",
                display_path(&row.source)
            );
        }
        _ => {}
    }
}

/// Section ids as messages list them: `a`, `b`.
fn ids(list: &[String]) -> String {
    let one = if list.len() == 1 {
        "section"
    } else {
        "sections"
    };
    let names: Vec<String> = list
        .iter()
        .map(|id| format!("`{}`", escape_controls(id)))
        .collect();
    format!("{one} {}", names.join(", "))
}
