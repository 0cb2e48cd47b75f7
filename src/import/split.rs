//! Where the documents of a page start and end: titles found (a title
//! over its own date line, or a level-1 heading), and the page cut at each
//! title for `--split`.

use super::blocks::{Block, BlockKind};
use super::chrome;
use super::dates::DateLine;
use super::dropped::{DropKind, Dropped};
use super::left_dates::LeftDate;
use super::links;
use super::outline;

/// A block of the page, or a date line taken out of it.
#[derive(Debug, Clone)]
pub(super) enum Item {
    /// A block of text.
    Block(Block),
    /// A date line, taken out of the text.
    Date(DateLine),
    /// A date-looking line left in the text (in the block before it).
    Left(LeftDate),
}

/// Where each document of the page starts, with its title: a title
/// followed by its own date line, or else a level-1 heading. One or no
/// start means one document. A heading over a date line that is deeper
/// than the first title's ("## 5. Retention" under "# Privacy") is a
/// section of that document, not a new one.
pub(super) fn document_starts(items: &[Item]) -> Vec<(usize, String)> {
    let mut dated: Vec<(usize, String)> = Vec::new();
    // The first title's heading level (none for a title line).
    let mut first_level: Option<usize> = None;
    for (i, item) in items.iter().enumerate() {
        let Item::Block(block) = item else { continue };
        if !matches!(items.get(i + 1), Some(Item::Date(_))) {
            continue;
        }
        let Some(title) = outline::title_text(block, i == 0) else {
            continue;
        };
        let level = match block.kind {
            BlockKind::Heading { level, .. } => Some(level),
            _ => None,
        };
        if dated.is_empty() {
            first_level = level;
        } else if level.is_some_and(|l| first_level.is_some_and(|f| l > f)) {
            continue;
        }
        dated.push((i, title));
    }
    if dated.len() >= 2 {
        return dated;
    }
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item {
            Item::Block(Block {
                kind: BlockKind::Heading { level: 1, text, .. },
                ..
            }) => Some((i, text.clone())),
            _ => None,
        })
        .collect()
}

/// Where the title is when a short line followed by a date line comes
/// after a few other short lines (a site's name, a tagline): those are the
/// page's header.
pub(super) fn dated_title(items: &[Item]) -> Option<usize> {
    let at = (1..items.len().min(4)).find(|&i| {
        matches!(&items[i], Item::Block(b) if outline::title_text(b, true).is_some())
            && matches!(items.get(i + 1), Some(Item::Date(_)))
    })?;
    items[..at]
        .iter()
        .all(|item| matches!(item, Item::Block(b) if !b.is_heading() && outline::title_text(b, true).is_some()))
        .then_some(at)
}

/// Whether a block above the dated title is the site's own chrome, to
/// drop as the page's header: a line of links, breadcrumbs, a menu, or a
/// short name (not a sentence) that the site's chrome repeats (`site`:
/// the page's `<title>`, its menu and footer). Anything else (a notice
/// in capitals, a sentence) is the policy's text.
pub(super) fn is_header_chrome(block: &Block, site: &[String]) -> bool {
    if block.kind != BlockKind::Text {
        return false;
    }
    if chrome::is_link_run(block) {
        return true;
    }
    let [line] = block.lines.as_slice() else {
        return false;
    };
    let plain = links::plain(line.trim());
    let plain = plain.trim_matches(|c: char| matches!(c, '*' | '_' | '#') || c.is_whitespace());
    if chrome::is_breadcrumbs(plain) || chrome::is_menu_text(plain) {
        return true;
    }
    let words = plain.split_whitespace().count();
    let name = plain.to_lowercase();
    (1..=6).contains(&words)
        && !plain.ends_with(['.', '!', '?', ':', ';', ','])
        && site.iter().any(|s| s.to_lowercase().contains(&name))
}

/// The title of a single-document page: its first block when that is a
/// level-1 heading or a title line (with where it is, to take it out),
/// else the title the HTML gave.
pub(super) fn first_title(items: &[Item], given: Option<&str>) -> Option<(String, Option<usize>)> {
    let (at, block) = items.iter().enumerate().find_map(|(i, item)| match item {
        Item::Block(b) => Some((i, b)),
        Item::Date(_) | Item::Left(_) => None,
    })?;
    // A heading over the page's date line is the title, whatever its level.
    let dated = matches!(items.get(at + 1), Some(Item::Date(_)));
    let candidate = match &block.kind {
        BlockKind::Heading { level: 1, text, .. } => Some(text.clone()),
        BlockKind::Heading { text, .. } if dated => Some(text.clone()),
        BlockKind::Heading { .. } => None,
        _ => outline::title_text(block, given.is_none()),
    };
    // A page's first level-1 heading is its title, whatever precedes it
    // (the site's lines no rule knew).
    if given.is_none()
        && !matches!(block.kind, BlockKind::Heading { level: 1, .. })
        && let Some((i, text)) = first_h1(items)
    {
        return Some((text, Some(i)));
    }
    match (candidate, given) {
        // The HTML's title, repeated as the first line: taken out once.
        (Some(c), Some(g)) if !matches!(block.kind, BlockKind::Heading { .. }) => {
            let same = c.trim().eq_ignore_ascii_case(g.trim());
            Some((g.trim().to_string(), same.then_some(at)))
        }
        (Some(c), _) => Some((c, Some(at))),
        (None, Some(g)) => Some((g.trim().to_string(), None)),
        (None, None) => None,
    }
}

/// The first level-1 heading of the page, and where it is.
fn first_h1(items: &[Item]) -> Option<(usize, String)> {
    items.iter().enumerate().find_map(|(i, item)| match item {
        Item::Block(Block {
            kind: BlockKind::Heading { level: 1, text, .. },
            ..
        }) => Some((i, text.clone())),
        _ => None,
    })
}

/// The page cut at each document's title. Text before the first title
/// goes to the first document; a heading there (the page's own title) is
/// left out and reported.
pub(super) fn split_documents(
    items: Vec<Item>,
    starts: &[(usize, String)],
    dropped: &mut Vec<Dropped>,
) -> Vec<(Option<String>, Vec<Item>)> {
    let mut parts: Vec<(Option<String>, Vec<Item>)> = starts
        .iter()
        .map(|(_, t)| (Some(t.clone()), Vec::new()))
        .collect();
    let mut preamble = Vec::new();
    let mut part = None;
    for (i, item) in items.into_iter().enumerate() {
        if let Some(n) = starts.iter().position(|(at, _)| *at == i) {
            part = Some(n);
            continue;
        }
        match part {
            Some(n) => parts[n].1.push(item),
            None => match item {
                Item::Block(b) if b.is_heading() => dropped.push(Dropped {
                    kind: DropKind::Other,
                    first_words: chrome::first_words(&b.joined(), 8),
                }),
                item => preamble.push(item),
            },
        }
    }
    preamble.append(&mut parts[0].1);
    parts[0].1 = preamble;
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sites_own_words_above_a_title_are_header_chrome() {
        let site = vec!["© 2024 Pebble Ferries".to_string()];
        let line = |t: &str| Block::text(vec![t.to_string()]);
        assert!(is_header_chrome(&line("Pebble Ferries"), &site));
        assert!(is_header_chrome(&line("Home > Legal > Terms"), &site));
        assert!(is_header_chrome(
            &line("[Home](https://pebble.example/) · [Help](https://pebble.example/help)"),
            &site
        ));
        assert!(!is_header_chrome(
            &line("IMPORTANT: PLEASE READ CAREFULLY"),
            &site
        ));
        assert!(!is_header_chrome(&line("Please read these terms."), &site));
        assert!(!is_header_chrome(&line("Acme Rail"), &site));
    }
}
