//! The page's date lines taken out of its text: only those that date a
//! document (at its top, before its first section, or at its very end,
//! and never under a change log's heading); every other date-looking line
//! stays in the text and is reported with the reason.

use super::blocks::{Block, BlockKind, list_marker_len, rendered};
use super::dates::{self, DateKind, DateLine, DayOrder, Examined};
use super::left_dates::{LeftDate, LeftReason};
use super::split::{Item, document_starts};

/// How many blocks of text may stand above a date line at the top of a
/// document (a site's name, a title, a short introduction).
const TOP_BLOCKS: usize = 5;

/// How many blocks of text may follow a date line at the end of a
/// document (a contact line, a copyright line).
const END_BLOCKS: usize = 2;

/// The date lines a block holds.
enum Found {
    /// None.
    Nothing,
    /// The block is date lines only (a heading, a one-line paragraph, or a
    /// paragraph whose every line is one).
    Whole(Vec<DateLine>),
    /// Some lines of a paragraph with other text.
    InParagraph(Vec<DateLine>),
    /// Date lines only, all review dates or dates without a label: not
    /// the document's date.
    NotTaken(Vec<DateLine>, LeftReason),
}

/// Takes out the date lines that date a document, leaving them where they
/// were as [`Item::Date`]; the others stay, each followed by an
/// [`Item::Left`] saying why.
/// `order` says how to read numeric dates (`05/06/2024`).
pub(super) fn take_dates(blocks: Vec<Block>, order: DayOrder) -> Vec<Item> {
    let blocks = title_dates(blocks, order);
    let (found, mut odd): (Vec<Found>, Vec<Vec<LeftDate>>) =
        blocks.iter().map(|b| found_in(b, order)).unzip();
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
        let odd = std::mem::take(&mut odd[i]);
        let (dates, reason) = match (found, log) {
            (Found::Nothing, _) => (Vec::new(), None),
            (Found::Whole(d) | Found::InParagraph(d) | Found::NotTaken(d, _), Some(heading)) => {
                (d, Some(LeftReason::ChangeLog { heading }))
            }
            (Found::InParagraph(d), None) => (d, Some(LeftReason::InParagraph)),
            (Found::NotTaken(d, reason), None) => (d, Some(reason)),
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
                    Item::Left(LeftDate::of(
                        date,
                        reason.clone().unwrap_or(LeftReason::InsideText),
                    ))
                }));
                items.extend(odd.into_iter().map(Item::Left));
            }
        }
    }
    items
}

/// A date at the end of the page's title (`# Privacy Policy (Last
/// updated: March 3, 2024)`) made a line of its own under it, so that it
/// is read as the title's date line, and the title is kept without it.
/// Only the title: the first block, or a level-1 heading.
fn title_dates(blocks: Vec<Block>, order: DayOrder) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len() + 1);
    for (i, mut block) in blocks.into_iter().enumerate() {
        let mut date = None;
        if let BlockKind::Heading { level, text, .. } = &mut block.kind
            && (i == 0 || *level == 1)
            && text.trim_end().ends_with(')')
            && let Some(open) = text.rfind('(')
            && open > 0
        {
            let tail = text[open..].trim_end().to_string();
            let dated = dates::recognise(&tail, order);
            if !dated.is_empty()
                && dated
                    .iter()
                    .all(|d| matches!(d.kind, DateKind::LastUpdated | DateKind::Effective))
            {
                *text = text[..open].trim_end().to_string();
                date = Some(Block::text(vec![tail]));
            }
        }
        out.push(block);
        out.extend(date);
    }
    out
}

/// The date lines in a block, and the lines that look like date lines
/// but name no such day.
fn found_in(block: &Block, order: DayOrder) -> (Found, Vec<LeftDate>) {
    let mut odd = Vec::new();
    let found = match &block.kind {
        BlockKind::Code => Found::Nothing,
        BlockKind::Heading { text, .. } => whole(examined(text, order, &mut odd)),
        BlockKind::Text => {
            let lines = label_lines_joined(&block.lines, order);
            // A list's items too ("- Effective: 1 Jan 2020").
            let per_line: Vec<(Vec<DateLine>, bool)> = lines
                .iter()
                .map(|l| {
                    let t = l.trim_start();
                    let t = &t[list_marker_len(t).unwrap_or(0)..];
                    let whole = examined(t, order, &mut odd);
                    if whole.is_empty() {
                        (in_sentences(t, order, &mut odd), false)
                    } else {
                        (whole, true)
                    }
                })
                .collect();
            // No label on any line: perhaps a label and its date on two
            // lines of one paragraph (`**Last updated**<br>March 3, 2024`).
            let unlabelled = per_line
                .iter()
                .all(|(d, _)| d.iter().all(|d| d.kind == DateKind::Alone));
            let joined = (unlabelled && odd.is_empty() && (2..=3).contains(&block.lines.len()))
                .then(|| {
                    let joined = block
                        .lines
                        .iter()
                        .map(|l| l.trim().trim_end_matches('\\').trim_end())
                        .collect::<Vec<_>>()
                        .join(" ");
                    dates::recognise(&joined, order)
                })
                .filter(|d| !d.is_empty() && d.iter().all(|d| d.kind != DateKind::Alone));
            if let Some(dates) = joined {
                whole(dates)
            } else if per_line.iter().all(|(_, whole)| *whole) {
                whole(per_line.into_iter().flat_map(|(d, _)| d).collect())
            } else {
                let some: Vec<DateLine> = per_line.into_iter().flat_map(|(d, _)| d).collect();
                if some.is_empty() {
                    Found::Nothing
                } else {
                    Found::InParagraph(some)
                }
            }
        }
    };
    (found, odd)
}

/// The lines of a paragraph, a label alone on its line joined with the
/// date on the line below it (`**Last updated**<br>March 3,
/// 2024<br>Effective: April 1, 2024`: two date lines).
fn label_lines_joined(lines: &[String], order: DayOrder) -> Vec<String> {
    let bare = |l: &str| l.trim().trim_end_matches('\\').trim_end().to_string();
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if let Some(next) = lines.get(i + 1)
            && lines.len() > 2
            && matches!(dates::examine(&lines[i], order), Examined::Nothing)
            && dates::recognise(next, order)
                .iter()
                .all(|d| d.kind == DateKind::Alone)
        {
            let joined = format!("{} {}", bare(&lines[i]), bare(next));
            let dated = dates::recognise(&joined, order);
            if !dated.is_empty() && dated.iter().all(|d| d.kind != DateKind::Alone) {
                out.push(joined);
                i += 2;
                continue;
            }
        }
        out.push(lines[i].clone());
        i += 1;
    }
    out
}

/// The date lines `line` is; one naming no such day is noted in `odd`.
fn examined(line: &str, order: DayOrder, odd: &mut Vec<LeftDate>) -> Vec<DateLine> {
    match dates::examine(line, order) {
        Examined::Dates(found) => found,
        Examined::NoSuchDay { kind, .. } => {
            odd.push(LeftDate::no_such_day(line, kind));
            Vec::new()
        }
        Examined::Nothing => Vec::new(),
    }
}

/// The sentences of a line of several that date the policy ("We sell
/// kites. This policy was last updated on March 3, 2024."): part of its
/// text.
fn in_sentences(line: &str, order: DayOrder, odd: &mut Vec<LeftDate>) -> Vec<DateLine> {
    let sentences: Vec<&str> = line.split(". ").collect();
    if sentences.len() < 2 {
        return Vec::new();
    }
    sentences
        .iter()
        .flat_map(|s| examined(s, order, odd))
        .collect()
}

fn whole(dates: Vec<DateLine>) -> Found {
    if dates.is_empty() {
        Found::Nothing
    } else if dates.iter().any(|d| d.kind == DateKind::Alone) {
        Found::NotTaken(dates, LeftReason::NoLabel)
    } else if dates.iter().all(|d| d.kind == DateKind::Reviewed) {
        Found::NotTaken(dates, LeftReason::Reviewed)
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
                Item::Left(l) => left.push((l.line, l.reason)),
                Item::Block(_) => {}
            }
        }
        (days, left)
    }

    #[test]
    fn a_label_alone_on_its_line_and_its_date_below_it_are_taken_with_another_date() {
        let (days, left) = taken(
            "# Privacy Policy\n\n**Last updated**\\\nMarch 3, 2024\\\nEffective: April 1, 2024\n\nLumen Ltd runs this site.\n",
        );
        assert_eq!(days, ["2024-03-03", "2024-04-01"]);
        assert!(left.is_empty(), "{left:?}");
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
    fn a_label_and_its_date_on_two_lines_of_one_paragraph_are_one_date_line() {
        let (days, left) = taken("# Privacy\n\n**Last updated**\\\nMarch 3, 2024\n\nText.\n");
        assert_eq!(days, ["2024-03-03"]);
        assert!(left.is_empty());
    }

    #[test]
    fn a_date_in_the_title_is_taken_and_the_title_kept() {
        let items = take_dates(
            blocks::split(
                "# Privacy Policy (Last updated: March 3, 2024)\n\nText.\n",
                false,
            ),
            DayOrder::Unknown,
        );
        assert!(matches!(&items[0], Item::Block(b) if b.joined() == "Privacy Policy"));
        assert!(matches!(&items[1], Item::Date(d) if d.day.to_string() == "2024-03-03"));
        // Not a section's heading, and not words in brackets.
        let (days, _) = taken("# Terms\n\nText.\n\n## Fees (updated 2023-01-01)\n\nMore.\n");
        assert!(days.is_empty());
        let (days, _) = taken("# Terms (for shops)\n\nText.\n");
        assert!(days.is_empty());
    }

    #[test]
    fn a_day_that_does_not_exist_and_a_review_date_are_listed_and_stay() {
        let (days, left) = taken("# Privacy\n\nLast updated: September 31, 2024\n\nText.\n");
        assert!(days.is_empty());
        assert_eq!(
            left,
            [(
                "Last updated: September 31, 2024".to_string(),
                LeftReason::NoSuchDay
            )]
        );
        let (days, left) = taken("# Privacy\n\nLast reviewed: 3 March 2024\n\nText.\n");
        assert!(days.is_empty());
        assert_eq!(left[0].1, LeftReason::Reviewed);
        // Beside a last-updated line, it goes with it.
        let (days, left) = taken(
            "# Privacy\n\n- Last updated: 1 Feb 2024\n- Last reviewed: 3 Mar 2024\n\nText.\n",
        );
        assert_eq!(days, ["2024-02-01", "2024-03-03"]);
        assert!(left.is_empty());
    }

    #[test]
    fn sentences_dating_the_policy_are_taken_alone_and_listed_inside_a_paragraph() {
        let (days, left) = taken(
            "# Privacy\n\nWe sell kites.\n\n## Contact\n\nWrite to us.\n\nThis Privacy Policy was last updated on March 3, 2024.\n",
        );
        assert_eq!(days, ["2024-03-03"]);
        assert!(left.is_empty());
        let (days, left) = taken(
            "# Privacy\n\nWe sell kites. This policy becomes effective on January 1, 2025.\n\nMore.\n",
        );
        assert!(days.is_empty());
        assert_eq!(left[0].1, LeftReason::InParagraph);
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
