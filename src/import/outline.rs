//! The sections of an imported page: the headings it has, the
//! pseudo-headings real policies type instead (a bold line, a line in
//! capitals, "12. Governing Law", a bold lead-in), their levels, and a
//! stable, readable, unique id for each.

use std::collections::{BTreeMap, BTreeSet};

use icu::normalizer::DecomposingNormalizerBorrowed;
use icu::properties::CodePointMapData;
use icu::properties::props::{GeneralCategory, GeneralCategoryGroup};

use super::blocks::{Block, BlockKind, list_marker_len, section_number, unescape_start};
use super::dates::DayOrder;
use crate::source::document::RESERVED_IDS;

/// How a heading was found, which decides its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// A Markdown heading, at this level once the title is taken out.
    Real(usize),
    /// A line in capitals.
    Capitals,
    /// A numbered title line, with its depth ("4.2" is 2).
    Numbered(usize),
    /// A paragraph that is only bold text.
    Bold,
    /// A bold lead-in at the start of a paragraph.
    LeadIn,
}

/// Turns pseudo-headings into headings and sets every heading's level
/// (the shallowest at 2: the title is the page's h1).
pub fn headings(blocks: Vec<Block>) -> Vec<Block> {
    // First what each block is.
    let numbered: Vec<Option<usize>> = blocks.iter().map(numbered_depth).collect();
    let mut found: Vec<(Block, Option<Found>)> = Vec::new();
    for (i, block) in blocks.into_iter().enumerate() {
        if let BlockKind::Heading { level, .. } = block.kind {
            found.push((block, Some(Found::Real(level))));
            continue;
        }
        if let Some(depth) = numbered[i] {
            // A run of numbered lines is a list, not titles.
            let list_next = i + 1 < numbered.len() && numbered[i + 1] == Some(depth);
            let list_before = i > 0 && numbered[i - 1] == Some(depth);
            if !list_next && !list_before {
                let line = unescape_start(&block.lines[0]);
                let text = unbold(&line).unwrap_or(line);
                found.push((Block::heading(0, text, None), Some(Found::Numbered(depth))));
                continue;
            }
        }
        if let Some(text) = single_line(&block).as_deref().and_then(unbold) {
            found.push((Block::heading(0, text, None), Some(Found::Bold)));
            continue;
        }
        if let Some(text) = single_line(&block).filter(|t| is_capitals(t)) {
            found.push((Block::heading(0, text, None), Some(Found::Capitals)));
            continue;
        }
        if let Some((heading, rest)) = lead_in(&block) {
            // "**2. Damage**" over its text is numbered like its siblings.
            let how = title_number(&heading).map_or(Found::LeadIn, Found::Numbered);
            found.push((Block::heading(0, heading, None), Some(how)));
            found.push((Block::text(rest), None));
            continue;
        }
        found.push((block, None));
    }
    // Then their levels: real headings keep their depth, shifted so the
    // shallowest is 2; pseudo-headings go under the real heading before.
    let shallowest = found
        .iter()
        .filter_map(|(_, f)| match f {
            Some(Found::Real(l)) => Some(*l),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let mut real = 1;
    // The numbering depth of the last real heading ("2. Retention" is 1):
    // a numbered line of the same run is its sibling, not its child.
    let mut real_depth: Option<usize> = None;
    let mut last: Option<(Found, usize)> = None;
    let mut out = Vec::with_capacity(found.len());
    for (mut block, how) in found {
        if let (Some(how), BlockKind::Heading { level, text, .. }) = (how, &mut block.kind) {
            let new = match (how, last) {
                (Found::Real(l), _) => {
                    real = (l + 2).saturating_sub(shallowest).max(2);
                    real_depth = title_number(text);
                    real
                }
                (Found::Capitals, _) => real + 1,
                (Found::Numbered(depth), _) => match real_depth {
                    Some(d) => (real + depth).saturating_sub(d).max(2),
                    None => real + depth,
                },
                (Found::Bold, Some((Found::Bold, l))) => l,
                (Found::Bold, Some((Found::Capitals | Found::Numbered(_), l))) => l + 1,
                (Found::Bold, _) => real + 1,
                (Found::LeadIn, Some((Found::LeadIn, l))) => l,
                (Found::LeadIn, Some((_, l))) => l + 1,
                (Found::LeadIn, None) => real + 1,
            }
            .min(6);
            *level = new;
            last = Some((how, new));
        }
        out.push(block);
    }
    out
}

/// The text of a block that can stand as a document's title: a heading, a
/// bold line, a line in capitals, or (with `short_lines`, for the first
/// block of a page) a short line that is not a sentence.
pub fn title_text(block: &Block, short_lines: bool) -> Option<String> {
    if let BlockKind::Heading { text, .. } = &block.kind {
        return Some(text.clone());
    }
    let line = single_line(block)?;
    // "1. Introduction" is the first section, not the document's title.
    if title_number(&unbold(&line).unwrap_or_else(|| line.clone())).is_some() {
        return None;
    }
    if let Some(text) = unbold(&line) {
        return Some(text);
    }
    let t = line.trim();
    let plain_line = !t.starts_with(['>', '|', '<', '!', '[', '-', '*', '+']);
    let short = t.split_whitespace().count() <= 12 && !t.ends_with(['.', ',', ';', ':']);
    (plain_line && (is_capitals(t) || short_lines && short)).then(|| t.to_string())
}

/// A one-line paragraph's text, escapes at its start resolved.
fn single_line(block: &Block) -> Option<String> {
    match (&block.kind, block.lines.as_slice()) {
        (BlockKind::Text, [line]) => Some(unescape_start(line)),
        _ => None,
    }
}

/// `**Text**` (or `__Text__`) alone on its line: its text.
fn unbold(line: &str) -> Option<String> {
    let t = line.trim().trim_end_matches(':');
    let inner = t
        .strip_prefix("**")
        .and_then(|s| s.strip_suffix("**"))
        .or_else(|| t.strip_prefix("__").and_then(|s| s.strip_suffix("__")))?;
    let inner = inner.trim().trim_end_matches(':').trim();
    let words = inner.split_whitespace().count();
    (!inner.is_empty() && !inner.contains("**") && words <= 15).then(|| inner.to_string())
}

/// A short line in capitals ("GOVERNING LAW"), not a sentence nor a
/// notice with its label ("IMPORTANT: PLEASE READ CAREFULLY").
fn is_capitals(line: &str) -> bool {
    let t = line.trim();
    let mut words = t.split_whitespace();
    if words.next().is_some_and(|w| w.ends_with(':')) && words.next().is_some() {
        return false;
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3
        && letters.iter().all(|c| !c.is_lowercase())
        && t.split_whitespace().count() <= 12
        && !t.ends_with(['.', ',', ';'])
        && list_marker_len(t).is_none()
        && !t.starts_with(['>', '|', '<', '!', '['])
}

/// The depth of a numbered title line ("12. Governing Law" is 1, "4.2
/// Retention" is 2), bold or not.
fn numbered_depth(block: &Block) -> Option<usize> {
    let line = single_line(block)?;
    let line = unbold(&line).unwrap_or(line);
    title_number(&line)
}

/// The depth of the number a title starts with ("12. Governing Law" is
/// 1, "4.2 Retention" is 2), if it is a short title.
fn title_number(line: &str) -> Option<usize> {
    let (depth, rest) = section_number(line)?;
    let title = rest.trim();
    let starts_upper = title.chars().next().is_some_and(char::is_uppercase);
    let short = title.split_whitespace().count() <= 10;
    let ends = title.ends_with(['.', ',', ';', ':']);
    (starts_upper && short && !ends).then_some(depth)
}

/// Whether a bold line is a date's label and the line below it its date
/// (`**Last updated**<br>March 3, 2024`): a date line, never a heading.
fn labels_a_date(label: &str, below: &str) -> bool {
    let below = below.trim().trim_end_matches('\\');
    super::dates::recognise(&format!("{label} {below}"), DayOrder::Unknown)
        .iter()
        .any(|d| d.kind != super::dates::DateKind::Alone)
}

/// `**Your rights.** You may…`: the lead-in ("Your rights") and the rest.
fn lead_in(block: &Block) -> Option<(String, Vec<String>)> {
    if block.kind != BlockKind::Text {
        return None;
    }
    let first = unescape_start(block.lines.first()?);
    // `**Children**` alone on its line (a line break after it), the text
    // below it.
    // A bold line soft-wrapped into a sentence ("**This applies**\nto
    // all users") is not one: the text below starts a sentence of its own.
    let below_starts = block.lines.get(1).is_some_and(|l| {
        l.trim_start()
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    });
    if block.lines.len() >= 2 && (first.ends_with('\\') || below_starts) {
        let own = first.strip_suffix('\\').unwrap_or(&first);
        // "2. **Why we keep it**": a list's number before the bold.
        let number = own
            .find(". **")
            .filter(|&at| at > 0 && own[..at].chars().all(|c| c.is_ascii_digit() || c == '.'))
            .map_or(0, |at| at + 2);
        if let Some(heading) = unbold(&own[number..]).filter(|h| h.split_whitespace().count() <= 8)
            && !labels_a_date(&heading, &block.lines[1])
        {
            return Some((
                format!("{}{heading}", &own[..number]),
                block.lines[1..].to_vec(),
            ));
        }
    }
    let t = first.as_str();
    let (marker, body) = if let Some(b) = t.strip_prefix("**") {
        ("**", b)
    } else {
        ("__", t.strip_prefix("__")?)
    };
    let close = body.find(marker)?;
    let bold = &body[..close];
    let mut after = &body[close + marker.len()..];
    let mut heading = bold.trim().to_string();
    if let Some(a) = after.strip_prefix(['.', ':']) {
        after = a;
    } else if !heading.ends_with(['.', ':']) {
        return None;
    }
    heading = heading.trim_end_matches(['.', ':']).trim().to_string();
    let words = heading.split_whitespace().count();
    if heading.is_empty() || words > 8 || !after.starts_with([' ', '\t']) {
        return None;
    }
    let mut rest = vec![after.trim().to_string()];
    rest.extend(block.lines[1..].iter().cloned());
    if rest[0].is_empty() {
        rest.remove(0);
    }
    (!rest.is_empty()).then_some((heading, rest))
}

/// The ids [`assign_ids`] gave, and what the report should say of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ids {
    /// How anchors of the page map to the new ids.
    pub anchors: BTreeMap<String, String>,
    /// The ids made of a heading's place (`section-7`), for headings
    /// without a letter or digit to make a slug of.
    pub positional: Vec<String>,
}

/// Gives every heading an id: the one the page gave it when it is a valid,
/// unused one, else a slug of its text, unique by `-2`, `-3`; a heading
/// with nothing readable (an emoji, punctuation) gets its place,
/// `section-7`. Returns how anchors of the page map to the new ids, and
/// which ids are places.
pub fn assign_ids(blocks: &mut [Block]) -> Ids {
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut ids = Ids::default();
    let mut place = 0;
    for block in blocks.iter_mut() {
        let BlockKind::Heading { text, id, .. } = &mut block.kind else {
            continue;
        };
        place += 1;
        let given = id.take();
        let id_new = match given.as_deref() {
            Some(g) if valid_id(g) && !used.contains(g) => g.to_string(),
            _ => match slug(text) {
                Some(slug) => unique(&slug, &used),
                None => {
                    let positional = unique(&format!("section-{place}"), &used);
                    ids.positional.push(positional.clone());
                    positional
                }
            },
        };
        used.insert(id_new.clone());
        if let Some(g) = given {
            ids.anchors.entry(g).or_insert_with(|| id_new.clone());
        }
        ids.anchors
            .entry(crate::markdown::slugify(text))
            .or_insert_with(|| id_new.clone());
        *id = Some(id_new);
    }
    ids
}

/// `base`, or `base-2`, `base-3`… whichever `used` lacks.
pub fn unique(base: &str, used: &BTreeSet<String>) -> String {
    if !used.contains(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !used.contains(c))
        .unwrap_or_default()
}

/// Whether an id the page gave can stay: lower case ASCII, digits, `-`
/// and `_`, not one the theme uses.
fn valid_id(id: &str) -> bool {
    id.len() <= 64
        && id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !RESERVED_IDS.contains(&id)
        && !id.starts_with("fn-")
}

/// A short id from heading text: its numbering left out, Latin accents
/// folded, other letters and digits (Greek, Cyrillic, CJK, Arabic…) kept
/// lower-cased, emoji and punctuation left out; words joined by `-`, at
/// most 6 words and 48 characters. `None` when nothing readable is left
/// (the heading is an emoji, or punctuation).
pub fn slug(text: &str) -> Option<String> {
    let plain = super::links::plain(text);
    let without_number = plain
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')')
        .trim_start();
    let source = if without_number.chars().any(char::is_alphanumeric) {
        without_number
    } else {
        plain.as_str()
    };
    let marks = CodePointMapData::<GeneralCategory>::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in source.chars() {
        // A combining mark belongs to the letter before it: kept on a
        // letter policyc keeps as it is, dropped from one folded to ASCII.
        if GeneralCategoryGroup::Mark.contains(marks.get(c)) {
            if word.chars().next_back().is_some_and(|l| !l.is_ascii()) {
                word.push(c);
            }
            continue;
        }
        let folded = fold(c);
        if folded.is_empty() {
            if c == '\'' || c == '’' {
                continue;
            }
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push_str(&folded);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut slug = String::new();
    let mut len = 0;
    for w in words.iter().take(6) {
        let w_len = w.chars().count();
        if !slug.is_empty() && len + 1 + w_len > 48 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
            len += 1;
        }
        slug.extend(w.chars().take(48));
        len += w_len.min(48);
    }
    if slug.is_empty() {
        return None;
    }
    if RESERVED_IDS.contains(&slug.as_str()) || slug.starts_with("fn-") {
        slug.push_str("-section");
    }
    Some(slug)
}

/// A character as it goes into a slug: lower-case ASCII for Latin letters
/// (`é` is `e`, `ß` is `ss`, `ş` is `s`), other letters and digits
/// lower-cased as they are; empty for anything else (punctuation, emoji).
fn fold(c: char) -> String {
    if c.is_ascii_alphanumeric() {
        return c.to_ascii_lowercase().to_string();
    }
    if !c.is_alphanumeric() {
        return String::new();
    }
    let lower: String = c.to_lowercase().collect();
    let folded = match lower.as_str() {
        "æ" => "ae",
        "œ" => "oe",
        "ß" => "ss",
        "ł" => "l",
        "ø" => "o",
        "đ" | "ð" => "d",
        "þ" => "th",
        "ı" => "i",
        _ => "",
    };
    if !folded.is_empty() {
        return folded.to_string();
    }
    // A Latin letter with accents is its base letter (NFD puts it first).
    let nfd = DecomposingNormalizerBorrowed::new_nfd();
    let base = nfd.normalize(&lower).chars().next();
    match base {
        Some(b) if b.is_ascii_alphanumeric() => b.to_string(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks::split;
    use super::*;

    fn outline(md: &str) -> Vec<(usize, String)> {
        headings(split(md, false))
            .into_iter()
            .filter_map(|b| match b.kind {
                BlockKind::Heading { level, text, .. } => Some((level, text)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_bold_date_label_over_its_date_is_no_heading() {
        let md = "# Terms\n\n**Last updated**\\\nMarch 3, 2024\n\n**Effective:**\n1 April 2024\n\n**Children**\\\nNot for children.\n";
        assert_eq!(
            outline(md),
            vec![(2, "Terms".into()), (3, "Children".into())]
        );
    }

    #[test]
    fn a_notice_in_capitals_with_its_label_is_no_heading() {
        let md = "# Terms\n\nIMPORTANT: PLEASE READ CAREFULLY\n\nText.\n\nGOVERNING LAW\n\nLaw.\n";
        assert_eq!(
            outline(md),
            vec![(2, "Terms".into()), (3, "GOVERNING LAW".into())]
        );
    }

    #[test]
    fn pseudo_headings_become_headings_under_the_real_ones() {
        let md = "## Scope\n\nText.\n\n**Notice to California Residents**\n\nMore.\n\nGOVERNING LAW\n\nLaw text.\n\n**Your rights.** You may ask.\n\n**Deletion.** You may delete.\n";
        assert_eq!(
            outline(md),
            vec![
                (2, "Scope".into()),
                (3, "Notice to California Residents".into()),
                (3, "GOVERNING LAW".into()),
                (4, "Your rights".into()),
                (4, "Deletion".into()),
            ]
        );
    }

    #[test]
    fn escaped_numbering_and_a_bold_line_over_its_text_are_headings() {
        let md = "## Scope\n\nText.\n\n12\\. Governing Law\n\nLaw text.\n\n**Children**\\\nNot for children.\n\n**Contact:**\nWrite to us.\n\n**13. Courts**\\\nIn Leeds.\n\n**This policy applies**\nto all users.\n";
        assert_eq!(
            outline(md),
            vec![
                (2, "Scope".into()),
                (3, "12. Governing Law".into()),
                (4, "Children".into()),
                (4, "Contact".into()),
                (3, "13. Courts".into()),
            ]
        );
    }

    #[test]
    fn numbering_depth_sets_the_level_and_lists_stay_lists() {
        let md = "1. Introduction\n\nText.\n\n4. Retention\n\n4.2 Backups\n\nText.\n\n1. Name\n\n2. Email\n\n3. Phone\n";
        assert_eq!(
            outline(md),
            vec![
                (2, "1. Introduction".into()),
                (2, "4. Retention".into()),
                (3, "4.2 Backups".into()),
            ]
        );
    }

    #[test]
    fn a_number_before_a_word_is_no_numbered_title() {
        let md = "## Scope\n\n12 Oven Lane\n\n1 January 2024\n\n3.5 GB per user on Teams\n\n100 Main Street\n";
        assert_eq!(outline(md), vec![(2, "Scope".into())]);
    }

    #[test]
    fn slugs_are_short_folded_and_unique() {
        let slug = |text| slug(text).unwrap();
        assert_eq!(slug("12. Governing Law"), "governing-law");
        assert_eq!(
            slug("Données personnelles & Übermittlung"),
            "donnees-personnelles-ubermittlung"
        );
        assert_eq!(
            slug("What information we collect about you when you use the services"),
            "what-information-we-collect-about-you"
        );
        assert_eq!(slug("Content"), "content-section");
        let mut blocks = vec![
            Block::heading(2, "Rights".into(), Some("rights".into())),
            Block::heading(2, "Rights".into(), None),
            Block::heading(2, "Rights".into(), Some("Bad Id".into())),
        ];
        assign_ids(&mut blocks);
        let ids: Vec<_> = blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { id, .. } => id.clone().unwrap(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(ids, ["rights", "rights-2", "rights-3"]);
    }

    fn ids_of(headings: &[&str]) -> (Vec<String>, Vec<String>) {
        let mut blocks: Vec<Block> = headings
            .iter()
            .map(|h| Block::heading(2, h.to_string(), None))
            .collect();
        let assigned = assign_ids(&mut blocks);
        let ids = blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { id, .. } => id.clone().unwrap(),
                _ => unreachable!(),
            })
            .collect();
        (ids, assigned.positional)
    }

    #[test]
    fn headings_in_any_script_get_readable_ids_and_only_unreadable_ones_their_place() {
        let (ids, positional) = ids_of(&[
            "🍪 Cookies",
            "Προσωπικά δεδομένα",
            "Персональные данные",
            "個人情報の取り扱い",
            "البيانات الشخصية",
            "???",
            "🍪",
            "Kişisel veriler",
            "2. Персональные данные",
            "गोपनीयता नीति",
        ]);
        assert_eq!(
            ids,
            [
                "cookies",
                "προσωπικά-δεδομένα",
                "персональные-данные",
                "個人情報の取り扱い",
                "البيانات-الشخصية",
                "section-6",
                "section-7",
                "kisisel-veriler",
                "персональные-данные-2",
                "गोपनीयता-नीति",
            ]
        );
        assert_eq!(positional, ["section-6", "section-7"]);
        // A place's id is unique too.
        let (ids, _) = ids_of(&["Section 2", "—"]);
        assert_eq!(ids, ["section-2", "section-2-2"]);
    }
}
