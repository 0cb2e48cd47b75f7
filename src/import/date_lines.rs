//! The page's date lines taken out of its text: only those that date a
//! document (at its top, before its first section, or at its very end,
//! and never under a change log's heading); every other date-looking line
//! stays in the text and is reported with the reason.

use serde::Serialize;

use super::blocks::{Block, BlockKind, list_marker_len, rendered};
use super::dates::{self, DateLine, DayOrder};
use super::split::{Item, document_starts};

/// How many blocks of text may stand above a date line at the top of a
/// document (a site's name, a title, a short introduction).
const TOP_BLOCKS: usize = 5;

/// How many blocks of text may follow a date line at the end of a
/// document (a contact line, a copyright line).
const END_BLOCKS: usize = 2;

/// A date-looking line left in the text, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftDate {
    /// What the line says.
    #[serde(flatten)]
    pub date: DateLine,
    /// Why it is not the document's date.
    #[serde(flatten)]
    pub reason: LeftReason,
}

/// Why a date-looking line stays in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum LeftReason {
    /// It is one line of a paragraph (or one item of a list) with other
    /// text: part of it.
    InParagraph,
    /// It is under a heading that reads like a change log: an earlier
    /// version's date.
    ChangeLog {
        /// The change log's heading, as the reader sees it.
        heading: String,
    },
    /// It is inside the document, neither at its top nor at its end.
    InsideText,
}

impl LeftReason {
    /// Why, for the report.
    pub fn describe(&self) -> String {
        match self {
            LeftReason::InParagraph => {
                "it is one line of a paragraph or list, so part of its text".to_string()
            }
            LeftReason::ChangeLog { heading } => format!(
                "it is under “{heading}”, which reads like a change log, so it dates an earlier version"
            ),
            LeftReason::InsideText => {
                "it is inside the text, neither at the top of the document nor at its end"
                    .to_string()
            }
        }
    }
}

/// The date lines a block holds.
enum Found {
    /// None.
    Nothing,
    /// The block is date lines only (a heading, a one-line paragraph, or a
    /// paragraph whose every line is one).
    Whole(Vec<DateLine>),
    /// Some lines of a paragraph with other text.
    InParagraph(Vec<DateLine>),
}

/// Takes out the date lines that date a document, leaving them where they
/// were as [`Item::Date`]; the others stay, each followed by an
/// [`Item::Left`] saying why.
/// `order` says how to read numeric dates (`05/06/2024`).
pub(super) fn take_dates(blocks: Vec<Block>, order: DayOrder) -> Vec<Item> {
    let found: Vec<Found> = blocks.iter().map(|b| found_in(b, order)).collect();
    let logs = change_logs(&blocks, &found);
    // Where the documents start, as if every date line outside a change
    // log were taken: one item per block.
    let provisional: Vec<Item> = blocks
        .iter()
        .zip(&found)
        .zip(&logs)
        .map(|((block, found), log)| match (found, log) {
            (Found::Whole(d), None) => Item::Date(d[0].clone()),
            _ => Item::Block(block.clone()),
        })
        .collect();
    let mut starts: Vec<usize> = document_starts(&provisional)
        .into_iter()
        .map(|(at, _)| at)
        .filter(|at| *at > 0)
        .collect();
    starts.insert(0, 0);
    let mut items = Vec::with_capacity(blocks.len());
    for (i, ((block, found), log)) in blocks.into_iter().zip(found).zip(logs).enumerate() {
        let (dates, reason) = match (found, log) {
            (Found::Nothing, _) => (Vec::new(), None),
            (Found::Whole(d) | Found::InParagraph(d), Some(heading)) => {
                (d, Some(LeftReason::ChangeLog { heading }))
            }
            (Found::InParagraph(d), None) => (d, Some(LeftReason::InParagraph)),
            (Found::Whole(d), None) => {
                let from = starts.iter().rev().find(|s| **s <= i).copied().unwrap_or(0);
                let to = starts.iter().find(|s| **s > i).copied();
                let to = to.unwrap_or(provisional.len());
                let placed = at_top(&provisional, from, i) || at_end(&provisional, i, to);
                (d, (!placed).then_some(LeftReason::InsideText))
            }
        };
        match reason {
            None if !dates.is_empty() => items.extend(dates.into_iter().map(Item::Date)),
            _ => {
                items.push(Item::Block(block));
                items.extend(dates.into_iter().map(|date| {
                    Item::Left(LeftDate {
                        date,
                        reason: reason.clone().unwrap_or(LeftReason::InsideText),
                    })
                }));
            }
        }
    }
    items
}

/// The date lines in a block.
fn found_in(block: &Block, order: DayOrder) -> Found {
    match &block.kind {
        BlockKind::Code => Found::Nothing,
        BlockKind::Heading { text, .. } => whole(dates::recognise(text, order)),
        BlockKind::Text => {
            // A list's items too ("- Effective: 1 Jan 2020").
            let per_line: Vec<Vec<DateLine>> = block
                .lines
                .iter()
                .map(|l| {
                    let t = l.trim_start();
                    dates::recognise(&t[list_marker_len(t).unwrap_or(0)..], order)
                })
                .collect();
            if per_line.iter().all(|d| !d.is_empty()) {
                whole(per_line.into_iter().flatten().collect())
            } else {
                let some: Vec<DateLine> = per_line.into_iter().flatten().collect();
                if some.is_empty() {
                    Found::Nothing
                } else {
                    Found::InParagraph(some)
                }
            }
        }
    }
}

fn whole(dates: Vec<DateLine>) -> Found {
    if dates.is_empty() {
        Found::Nothing
    } else {
        Found::Whole(dates)
    }
}

/// For each block, the heading of the change log it is under, if any. A
/// change log under a Markdown heading ends at the next heading as deep or
/// shallower; under a pseudo-heading (a short line: "**Revision
/// history**"), at the next Markdown heading, or at the next line in
/// capitals when its own is in capitals.
fn change_logs(blocks: &[Block], found: &[Found]) -> Vec<Option<String>> {
    // The heading's text, its level (none for a pseudo-heading) and
    // whether it is in capitals.
    let mut log: Option<(String, Option<usize>, bool)> = None;
    let mut out = Vec::with_capacity(blocks.len());
    for (block, found) in blocks.iter().zip(found) {
        if matches!(found, Found::Whole(_)) {
            out.push(log.as_ref().map(|(h, _, _)| h.clone()));
            continue;
        }
        match &block.kind {
            BlockKind::Heading { level, text, .. } => {
                let ends = log
                    .as_ref()
                    .is_some_and(|(_, l, _)| l.is_none_or(|l| *level <= l));
                if ends {
                    log = None;
                }
                if dates::is_change_log(text) {
                    log = Some((rendered(text), Some(*level), false));
                }
            }
            BlockKind::Text => {
                if let Some(line) = short_line(block) {
                    let capitals = in_capitals(&line);
                    if log.as_ref().is_some_and(|(_, l, c)| l.is_none() && *c) && capitals {
                        log = None;
                    }
                    if dates::is_change_log(&line) {
                        log = Some((rendered(&line), None, capitals));
                    }
                }
            }
            BlockKind::Code => {}
        }
        out.push(log.as_ref().map(|(h, _, _)| h.clone()));
    }
    out
}

/// A one-line paragraph short enough to be a pseudo-heading.
fn short_line(block: &Block) -> Option<String> {
    let [line] = block.lines.as_slice() else {
        return None;
    };
    let t = line.trim();
    (t.split_whitespace().count() <= 8 && !t.ends_with(['.', ',', ';'])).then(|| t.to_string())
}

fn in_capitals(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| !c.is_lowercase())
}

/// Whether the date line at `at` is at the top of the document starting
/// at `from`: a few blocks above it at most, and no section heading (a
/// heading other than the document's title) among them.
fn at_top(items: &[Item], from: usize, at: usize) -> bool {
    let mut blocks = 0;
    let mut headings = 0;
    for (i, item) in items.iter().enumerate().take(at).skip(from) {
        let Item::Block(block) = item else { continue };
        blocks += 1;
        if let BlockKind::Heading { level, .. } = block.kind {
            // The title: the document's first block, a level-1 heading,
            // or the first heading, right over a date line.
            let dated = matches!(items.get(i + 1), Some(Item::Date(_)));
            let title = i == from || level == 1 || (headings == 0 && dated);
            headings += 1;
            if !title {
                return false;
            }
        }
    }
    blocks <= TOP_BLOCKS
}

/// Whether the date line at `at` is at the end of the document ending
/// before `to`: no heading after it, and a few blocks at most.
fn at_end(items: &[Item], at: usize, to: usize) -> bool {
    let after: Vec<&Block> = items[at + 1..to]
        .iter()
        .filter_map(|item| match item {
            Item::Block(b) => Some(b),
            _ => None,
        })
        .collect();
    after.len() <= END_BLOCKS && !after.iter().any(|b| b.is_heading())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks;

    /// The days taken out of `markdown`, and the lines left with why.
    fn taken(markdown: &str) -> (Vec<String>, Vec<(String, LeftReason)>) {
        let items = take_dates(blocks::split(markdown, false), DayOrder::Unknown);
        let mut days = Vec::new();
        let mut left = Vec::new();
        for item in items {
            match item {
                Item::Date(d) => days.push(d.day.to_string()),
                Item::Left(l) => left.push((l.date.line, l.reason)),
                Item::Block(_) => {}
            }
        }
        (days, left)
    }

    #[test]
    fn a_list_of_date_lines_at_the_top_is_taken() {
        let (days, left) =
            taken("# Terms\n\n- Effective: 1 Jan 2020\n- Last updated: 26 Sep 2024\n\nText.\n");
        assert_eq!(days, ["2020-01-01", "2024-09-26"]);
        assert!(left.is_empty());
        // One item among others is the list's text.
        let (days, left) = taken("# Terms\n\n- Updated: 26 Sep 2024\n- Fees went up\n");
        assert!(days.is_empty());
        assert_eq!(left[0].1, LeftReason::InParagraph);
    }

    #[test]
    fn a_dated_section_under_the_title_stays_but_each_document_of_a_page_keeps_its_date() {
        let page = "# Privacy\n\nLast updated: 26 Sep 2024\n\nIntro.\n\n## One\n\nA.\n\n## Two\n\nB.\n\n## Five\n\nUpdated: 3 May 2022\n\nC.\n\n## Six\n\nD.\n";
        let (days, left) = taken(page);
        assert_eq!(days, ["2024-09-26"]);
        assert_eq!(
            left,
            [("Updated: 3 May 2022".to_string(), LeftReason::InsideText)]
        );
        // Two documents with flat headings: each title over its own date.
        let two = "## Privacy\n\nLast updated: 26 Sep 2024\n\nIntro.\n\n## What we keep\n\nA.\n\n## Who sees it\n\nB.\n\n## More\n\nC.\n\n## Terms\n\nLast updated: 1 Feb 2024\n\nD.\n";
        let (days, left) = taken(two);
        assert_eq!(days, ["2024-09-26", "2024-02-01"]);
        assert!(left.is_empty());
    }

    #[test]
    fn a_change_log_under_a_pseudo_heading_ends_at_the_next_heading() {
        let page = "**Privacy**\n\nLast updated: 26 Sep 2024\n\nText.\n\n**Revision history**\n\nUpdated: 3 May 2022\n\nFirst.\n\n## Contact\n\nWrite.\n\nLast updated: 26 Sep 2024\n";
        let (days, left) = taken(page);
        assert_eq!(days, ["2024-09-26", "2024-09-26"]);
        assert_eq!(
            left,
            [(
                "Updated: 3 May 2022".to_string(),
                LeftReason::ChangeLog {
                    heading: "Revision history".into()
                }
            )]
        );
    }
}
