//! Comparing two visible documents: sections aligned by id (or by heading
//! and content where ids are missing), blocks paired inside each section,
//! words compared only inside paired blocks.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use similar::Algorithm;

use super::align::{kept_in_order, pair, similar_at_least};
pub use super::words::{InlineEdit, InlineOp, inline_ops};
use crate::markdown::slugify;
use crate::markdown::visible::{Block, BlockKind, Link, VisibleDoc, VisibleSection};

/// How a section changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Some blocks changed; see `blocks`.
    Modified,
    /// Only the heading's wording changed.
    Renamed,
    /// Only its position among the other sections changed.
    Moved,
    /// Changed beyond recognition: shown whole, old and new.
    Rewritten,
}

/// What kind of difference a reader would notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Nothing visible changed: wrapping, markers, comments.
    Formatting,
    /// Only where a link points changed.
    Links,
    /// Words a reader sees changed.
    Text,
}

/// What happened to a block of a changed section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockEdit {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with other words: see `inline`.
    Modified,
    /// In both, at another place in the section's reading order: shown
    /// where it now is, `new` its text (and, when its words changed too,
    /// `old` and `inline` as for a modified block).
    Moved,
}

/// A block of a changed section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct BlockChange {
    /// Added, removed, modified or moved.
    pub change: BlockEdit,
    /// Paragraph, list item, table row, …
    pub kind: BlockKind,
    /// The old text (absent for added blocks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new text (absent for removed blocks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// The word-level redline of a modified block (or of a moved one whose
    /// words changed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inline: Vec<InlineOp>,
}

/// A link whose target changed while its text did not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LinkChange {
    /// The link's visible text.
    pub text: String,
    /// The old target, if the link existed.
    pub old: Option<String>,
    /// The new target, if the link still exists.
    pub new: Option<String>,
}

/// The change to one section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SectionChange {
    /// The section id (`""` for the text before the first heading).
    pub id: String,
    /// The heading now (or, for a removed section, before).
    pub heading: String,
    /// The heading before, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_heading: Option<String>,
    /// Headings of the enclosing sections.
    pub path: Vec<String>,
    /// The main change.
    pub change: Change,
    /// Text, links or formatting.
    pub class: Class,
    /// The heading changed (also when the main change is `modified`).
    pub renamed: bool,
    /// The section changed position (also when it was modified).
    pub moved: bool,
    /// Changed blocks (modified sections), or all blocks (added, removed,
    /// rewritten: old ones as `removed`, new ones as `added`).
    pub blocks: Vec<BlockChange>,
    /// Links whose target changed.
    pub links: Vec<LinkChange>,
}

impl SectionChange {
    /// Where the section is, as readers find it: "Information we collect ›
    /// Information you give us"; "(introduction)" for the text before the
    /// first heading.
    pub fn heading_path(&self) -> String {
        let mut parts: Vec<&str> = self.path.iter().map(String::as_str).collect();
        if self.id.is_empty() && self.heading.is_empty() {
            parts.push("(introduction)");
        } else {
            parts.push(&self.heading);
        }
        parts.join(" › ")
    }
}

/// The title, when it changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TitleChange {
    /// Before.
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
}

/// The differences between two versions of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct DocDiff {
    /// True if and only if a reader would see different words.
    pub changed: bool,
    /// The title, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<TitleChange>,
    /// Sections with any change, in the new version's order (removed
    /// sections where they used to be).
    pub sections: Vec<SectionChange>,
}

impl DocDiff {
    /// The most visible class of change in the document, if any.
    pub fn class(&self) -> Option<Class> {
        let title = self.title.as_ref().map(|_| Class::Text);
        self.sections.iter().map(|s| s.class).chain(title).max()
    }
}

/// Below this similarity, two texts are not "the same block, edited".
const PAIR_THRESHOLD: f32 = 0.5;
/// Below this similarity, a section is reported as rewritten.
const REWRITE_THRESHOLD: f32 = 0.4;
/// Sections shorter than this many words are never called rewritten: a
/// changed sentence is better shown as a redline.
const REWRITE_MIN_WORDS: usize = 25;

fn section_text(s: &VisibleSection) -> String {
    let mut text = s.heading.clone();
    for b in &s.blocks {
        text.push('\n');
        text.push_str(&b.text);
    }
    text
}

/// The enclosing section of each section, by index.
fn parents(sections: &[VisibleSection]) -> Vec<Option<usize>> {
    let mut stack: Vec<usize> = Vec::new();
    sections
        .iter()
        .enumerate()
        .map(|(k, s)| {
            while stack.last().is_some_and(|&p| sections[p].depth >= s.depth) {
                stack.pop();
            }
            let parent = stack.last().copied();
            stack.push(k);
            parent
        })
        .collect()
}

/// For each pair, whether it kept its place in the reading order. A
/// section under the same parent in both versions is compared with its
/// siblings, so a section that moves takes its subsections along without
/// each being reported; one whose parent changed (a heading promoted or
/// demoted, which is formatting) is compared with every section in reading
/// order, so that only a change of order is a move.
fn moves(pairs: &[(usize, usize)], old: &VisibleDoc, new: &VisibleDoc) -> Vec<bool> {
    let (old_parents, new_parents) = (parents(&old.sections), parents(&new.sections));
    let paired: HashMap<usize, usize> = pairs.iter().copied().collect();
    let mut keep = kept_in_order(pairs);
    let mut groups: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (k, &(i, j)) in pairs.iter().enumerate() {
        let same_parent = match (old_parents[i], new_parents[j]) {
            (None, None) => true,
            (Some(op), Some(np)) => paired.get(&op) == Some(&np),
            _ => false,
        };
        if same_parent {
            groups.entry(new_parents[j]).or_default().push(k);
        }
    }
    for members in groups.values() {
        let siblings: Vec<(usize, usize)> = members.iter().map(|&k| pairs[k]).collect();
        for (n, kept) in kept_in_order(&siblings).into_iter().enumerate() {
            keep[members[n]] = kept;
        }
    }
    keep
}

fn blocks_as(change: BlockEdit, blocks: &[Block]) -> Vec<BlockChange> {
    blocks
        .iter()
        .map(|b| BlockChange {
            change,
            kind: b.kind,
            old: (change == BlockEdit::Removed).then(|| b.text.clone()),
            new: (change == BlockEdit::Added).then(|| b.text.clone()),
            inline: Vec::new(),
        })
        .collect()
}

fn link_changes(old: &[Link], new: &[Link]) -> Vec<LinkChange> {
    // Links pair by their text, the n-th occurrence with the n-th: a link
    // added to one phrase must not shift every later pairing. A link whose
    // text and target are both still there pairs with that first, so that
    // another link's text becoming its text is not read as its target
    // changing.
    let mut unpaired_old: Vec<Option<&Link>> = old.iter().map(Some).collect();
    let mut unpaired_new: Vec<Option<&Link>> = new.iter().map(Some).collect();
    for b in &mut unpaired_new {
        let same = unpaired_old.iter_mut().find(|a| {
            a.is_some_and(|a| b.is_some_and(|b| a.text == b.text && a.target == b.target))
        });
        if let Some(a) = same {
            *a = None;
            *b = None;
        }
    }
    let mut changes = Vec::new();
    for b in unpaired_new.into_iter().flatten() {
        let found = unpaired_old
            .iter_mut()
            .find(|a| a.is_some_and(|a| a.text == b.text))
            .and_then(Option::take);
        match found {
            Some(a) if a.target == b.target => {}
            Some(a) => changes.push(LinkChange {
                text: b.text.clone(),
                old: Some(a.target.clone()),
                new: Some(b.target.clone()),
            }),
            None => changes.push(LinkChange {
                text: b.text.clone(),
                old: None,
                new: Some(b.target.clone()),
            }),
        }
    }
    for a in unpaired_old.into_iter().flatten() {
        changes.push(LinkChange {
            text: a.text.clone(),
            old: Some(a.target.clone()),
            new: None,
        });
    }
    changes
}

/// Whether a link shows its own address (`<https://…>`, `<a@b.c>`): a
/// change of its address is a change of where it points, though its text
/// changes with it.
///
/// Only a web address: a changed e-mail address or telephone number is
/// how a reader contacts the company, and a change of it is text.
fn shows_address(link: &Link) -> bool {
    let web = ["https://", "http://"].iter().any(|scheme| {
        link.target
            .get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    });
    web && link.text == link.target
}

/// The text of a block with the text of each link that shows its address
/// masked, and those links, in order.
fn addresses_masked(block: &Block) -> (String, Vec<&Link>) {
    let mut masked = String::with_capacity(block.text.len());
    let mut rest = block.text.as_str();
    let mut shown = Vec::new();
    for link in block.links.iter().filter(|l| shows_address(l)) {
        if let Some(at) = rest.find(&link.text) {
            masked.push_str(&rest[..at]);
            masked.push('\u{FFFC}');
            rest = &rest[at + link.text.len()..];
            shown.push(link);
        }
    }
    masked.push_str(rest);
    (masked, shown)
}

/// When two versions of a block differ only in the addresses that links
/// showing their address show, the link changes (`None` otherwise).
fn address_changes(old: &Block, new: &Block) -> Option<Vec<LinkChange>> {
    let (old_text, old_shown) = addresses_masked(old);
    let (new_text, new_shown) = addresses_masked(new);
    if old_shown.is_empty() || old_shown.len() != new_shown.len() || old_text != new_text {
        return None;
    }
    let mut changes: Vec<LinkChange> = old_shown
        .iter()
        .zip(&new_shown)
        .filter(|(a, b)| a.target != b.target)
        .map(|(a, b)| LinkChange {
            text: b.text.clone(),
            old: Some(a.target.clone()),
            new: Some(b.target.clone()),
        })
        .collect();
    let others = |links: &[Link], shown: &[&Link]| -> Vec<Link> {
        links
            .iter()
            .filter(|l| !shown.iter().any(|s| std::ptr::eq(*s, *l)))
            .cloned()
            .collect()
    };
    changes.extend(link_changes(
        &others(&old.links, &old_shown),
        &others(&new.links, &new_shown),
    ));
    Some(changes)
}

/// Pairs the blocks of two versions of a section. A block's kind is
/// presentation (a bullet, a quote bar), so blocks of different kinds with
/// the same words pair too; blocks of the same kind are preferred: first
/// the same kind and text (in order, then out of order), then the same
/// text, then similar text of the same kind, then similar text of any
/// kind. Pairs in new order.
fn pair_blocks(old: &[Block], new: &[Block]) -> Vec<(usize, usize)> {
    let kind_and_text = |b: &&Block| Some(format!("{:?}\u{0}{}", b.kind, b.text));
    let text = |b: &&Block| Some(b.text.clone());
    let none = |_: &&Block| None;
    let never = |_: &&Block, _: &&Block| false;
    let same_kind = |a: &&Block, b: &&Block| a.kind == b.kind;
    let any_kind = |_: &&Block, _: &&Block| true;
    // Identical blocks in order first, as a line diff pairs them: of two
    // equal paragraphs, the one out of place is the one removed, and the
    // other is not moved.
    fn key(b: &Block) -> (BlockKind, &str) {
        (b.kind, b.text.as_str())
    }
    let old_keys: Vec<(BlockKind, &str)> = old.iter().map(key).collect();
    let new_keys: Vec<(BlockKind, &str)> = new.iter().map(key).collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            pairs.extend((0..len).map(|k| (old_index + k, new_index + k)));
        }
    }
    let (mut old_paired, mut new_paired) = (vec![false; old.len()], vec![false; new.len()]);
    for &(i, j) in &pairs {
        old_paired[i] = true;
        new_paired[j] = true;
    }
    let mut old_left: Vec<usize> = (0..old.len()).filter(|&i| !old_paired[i]).collect();
    let mut new_left: Vec<usize> = (0..new.len()).filter(|&j| !new_paired[j]).collect();
    let mut pass = |exact: &dyn Fn(&&Block) -> Option<String>,
                    compatible: &dyn Fn(&&Block, &&Block) -> bool| {
        if old_left.is_empty() || new_left.is_empty() {
            return;
        }
        let a: Vec<&Block> = old_left.iter().map(|&i| &old[i]).collect();
        let b: Vec<&Block> = new_left.iter().map(|&j| &new[j]).collect();
        let found = pair(
            &a,
            &b,
            exact,
            |b| b.text.clone(),
            compatible,
            PAIR_THRESHOLD,
        );
        let (mut old_done, mut new_done) = (vec![false; a.len()], vec![false; b.len()]);
        for (i, j) in found {
            pairs.push((old_left[i], new_left[j]));
            old_done[i] = true;
            new_done[j] = true;
        }
        let left = |all: &[usize], done: &[bool]| -> Vec<usize> {
            all.iter()
                .zip(done)
                .filter(|(_, done)| !**done)
                .map(|(&k, _)| k)
                .collect()
        };
        old_left = left(&old_left, &old_done);
        new_left = left(&new_left, &new_done);
    };
    pass(&kind_and_text, &never);
    pass(&text, &never);
    pass(&none, &same_kind);
    pass(&none, &any_kind);
    pairs.sort_by_key(|&(i, j)| (j, i));
    pairs
}

/// Compares the blocks of two versions of a section. Returns the changed
/// blocks in reading order and the link changes. A block whose place in
/// the section's reading order changed is reported as moved, where it now
/// is: readers see another order.
fn compare_blocks(old: &[Block], new: &[Block]) -> (Vec<BlockChange>, Vec<LinkChange>) {
    let pairs = pair_blocks(old, new);
    let kept = kept_in_order(&pairs);
    let mut old_to_new: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_to_old: Vec<Option<(usize, bool)>> = vec![None; new.len()];
    for (&(i, j), &kept) in pairs.iter().zip(&kept) {
        old_to_new[i] = Some(j);
        new_to_old[j] = Some((i, !kept));
    }
    // Reading order: new blocks in order; a removed block goes before the
    // new block that follows its nearest paired predecessor.
    let mut order: Vec<(usize, usize, BlockChange)> = Vec::new();
    let mut links = Vec::new();
    for (j, b) in new.iter().enumerate() {
        let addresses = match new_to_old[j] {
            Some((i, false)) if old[i].text != b.text => address_changes(&old[i], b),
            _ => None,
        };
        if let Some(addresses) = addresses {
            links.extend(addresses);
            continue;
        }
        match new_to_old[j] {
            Some((i, false)) if old[i].text == b.text => {
                links.extend(link_changes(&old[i].links, &b.links));
            }
            Some((i, moved)) => {
                let same = old[i].text == b.text;
                if same {
                    links.extend(link_changes(&old[i].links, &b.links));
                } else {
                    links.extend(
                        link_changes(&old[i].links, &b.links)
                            .into_iter()
                            .filter(|l| {
                                old[i].links.iter().any(|o| o.text == l.text)
                                    && l.old.is_some()
                                    && l.new.is_some()
                            }),
                    );
                }
                order.push((
                    j,
                    1,
                    BlockChange {
                        change: if moved {
                            BlockEdit::Moved
                        } else {
                            BlockEdit::Modified
                        },
                        kind: b.kind,
                        old: (!same).then(|| old[i].text.clone()),
                        new: Some(b.text.clone()),
                        inline: if same {
                            Vec::new()
                        } else if old[i].kind == BlockKind::TableRow
                            && b.kind == BlockKind::TableRow
                        {
                            super::rows::row_ops(&old[i].text, &b.text)
                        } else {
                            inline_ops(&old[i].text, &b.text)
                        },
                    },
                ));
            }
            None => order.push((
                j,
                1,
                blocks_as(BlockEdit::Added, std::slice::from_ref(b)).remove(0),
            )),
        }
    }
    for (i, b) in old.iter().enumerate() {
        if old_to_new[i].is_none() {
            let at = after_previous(&old_to_new[..i]);
            order.push((
                at,
                0,
                blocks_as(BlockEdit::Removed, std::slice::from_ref(b)).remove(0),
            ));
        }
    }
    order.sort_by_key(|(pos, rank, _)| (*pos, *rank));
    (order.into_iter().map(|(_, _, c)| c).collect(), links)
}

fn word_count(s: &VisibleSection) -> usize {
    s.blocks
        .iter()
        .map(|b| b.text.split_whitespace().count())
        .sum()
}

fn compare_section(
    old: &VisibleSection,
    new: &VisibleSection,
    moved: bool,
    raw_equal: bool,
) -> Option<SectionChange> {
    let renamed = old.heading != new.heading;
    let (blocks, mut links) = compare_blocks(&old.blocks, &new.blocks);
    links.extend(link_changes(&old.heading_links, &new.heading_links));
    let text_changed = renamed || !blocks.is_empty();
    let class = if text_changed {
        Class::Text
    } else if !links.is_empty() {
        Class::Links
    } else if !raw_equal || moved {
        Class::Formatting
    } else {
        return None;
    };
    // Blocks only put in another order are no rewrite, however many.
    let rewritten = blocks
        .iter()
        .any(|b| b.change != BlockEdit::Moved || b.old.is_some())
        && word_count(old).max(word_count(new)) >= REWRITE_MIN_WORDS
        && !similar_at_least(&section_text(old), &section_text(new), REWRITE_THRESHOLD);
    let (change, blocks) = if rewritten {
        let mut all = blocks_as(BlockEdit::Removed, &old.blocks);
        all.extend(blocks_as(BlockEdit::Added, &new.blocks));
        (Change::Rewritten, all)
    } else if !blocks.is_empty() {
        (Change::Modified, blocks)
    } else if renamed {
        (Change::Renamed, blocks)
    } else if moved {
        (Change::Moved, blocks)
    } else {
        (Change::Modified, blocks)
    };
    // A move is a change of order, which readers see.
    let class = if moved && class < Class::Text {
        Class::Text
    } else {
        class
    };
    Some(SectionChange {
        id: new.id.clone(),
        heading: new.heading.clone(),
        old_heading: renamed.then(|| old.heading.clone()),
        path: new.path.clone(),
        change,
        class,
        renamed,
        moved,
        blocks,
        links,
    })
}

/// A heading as it pairs with a bold line: a trailing colon or period
/// (`**Fees:**` made `### Fees`) is punctuation of the line, not a word.
fn heading_words(heading: &str) -> &str {
    heading.trim_end_matches([':', '.']).trim_end()
}

/// `doc` with its bold lines read as headings where `other` has a heading
/// of that text (give or take a trailing colon or period) and `doc` has
/// none (`**Fees**` become `### Fees`): each such line starts a section one
/// level below the one it was in, holding the blocks up to the next. A bold
/// line that opens a block (`**Fees**  \nWe charge.`, or a list item's
/// first paragraph) is split from the rest of its block, which opens the
/// new section. `None` when there is no such line.
fn bold_lines_as_headings(doc: &VisibleDoc, other: &VisibleDoc) -> Option<VisibleDoc> {
    let own: HashSet<&str> = doc
        .sections
        .iter()
        .map(|s| heading_words(&s.heading))
        .collect();
    // A heading of the other version whose section this one has under the
    // same id is paired already (renamed, perhaps): no bold line stands
    // for it.
    let ids: HashSet<&str> = doc
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    let wanted: HashSet<&str> = other
        .sections
        .iter()
        .filter(|s| !ids.contains(s.id.as_str()))
        .map(|s| heading_words(&s.heading))
        .filter(|h| !h.is_empty() && !own.contains(h))
        .collect();
    // The heading a block's bold line makes, and the rest of the block.
    let as_heading = |b: &Block| -> Option<(String, Option<Block>)> {
        if b.strong && wanted.contains(heading_words(&b.text)) {
            return Some((b.text.clone(), None));
        }
        let end = b.bold_line?;
        let (line, rest) = (b.text.get(..end)?, b.text.get(end..)?.trim_start());
        wanted.contains(heading_words(line)).then(|| {
            let rest = Block {
                // What follows a heading that opens a list item is that
                // section's paragraphs.
                kind: match b.kind {
                    BlockKind::ListItem => BlockKind::Paragraph,
                    kind => kind,
                },
                text: rest.to_string(),
                links: b.links.clone(),
                strong: false,
                bold_line: None,
            };
            (line.to_string(), Some(rest))
        })
    };
    if !doc
        .sections
        .iter()
        .any(|s| s.blocks.iter().any(|b| as_heading(b).is_some()))
    {
        return None;
    }
    let mut sections = Vec::with_capacity(doc.sections.len());
    for s in &doc.sections {
        let (path, depth) = match s.heading.is_empty() && s.id.is_empty() {
            true => (Vec::new(), 0),
            false => {
                let mut path = s.path.clone();
                path.push(s.heading.clone());
                (path, s.depth + 1)
            }
        };
        let mut host = VisibleSection {
            blocks: Vec::new(),
            ..s.clone()
        };
        let mut split: Vec<VisibleSection> = Vec::new();
        for b in &s.blocks {
            if let Some((heading, rest)) = as_heading(b) {
                split.push(VisibleSection {
                    id: slugify(&heading),
                    explicit_id: false,
                    heading,
                    heading_links: Vec::new(),
                    path: path.clone(),
                    depth,
                    blocks: rest.into_iter().collect(),
                    // Never the source of a real heading's section.
                    raw: String::new(),
                });
                continue;
            }
            match split.last_mut() {
                Some(section) => section.blocks.push(b.clone()),
                None => host.blocks.push(b.clone()),
            }
        }
        sections.push(host);
        sections.extend(split);
    }
    Some(VisibleDoc {
        title: doc.title.clone(),
        sections,
    })
}

/// Compares two versions of a document.
pub fn compare(old: &VisibleDoc, new: &VisibleDoc) -> DocDiff {
    // A bold line that became a heading (or a heading a bold line) is the
    // same words: both outlines get the heading, so the sections align.
    let (old_split, new_split) = (
        bold_lines_as_headings(old, new),
        bold_lines_as_headings(new, old),
    );
    let (old, new) = (
        old_split.as_ref().unwrap_or(old),
        new_split.as_ref().unwrap_or(new),
    );
    let pairs = pair(
        &old.sections,
        &new.sections,
        section_key,
        section_text,
        |_, _| true,
        PAIR_THRESHOLD,
    );
    let keep = moves(&pairs, old, new);
    let mut old_to_new: Vec<Option<usize>> = vec![None; old.sections.len()];
    for &(i, j) in &pairs {
        old_to_new[i] = Some(j);
    }
    let mut ordered: Vec<(usize, usize, SectionChange)> = Vec::new();
    let mut paired_new = vec![false; new.sections.len()];
    for (k, &(i, j)) in pairs.iter().enumerate() {
        paired_new[j] = true;
        let (a, b) = (&old.sections[i], &new.sections[j]);
        if let Some(change) = compare_section(a, b, !keep[k], a.raw == b.raw) {
            ordered.push((j, 1, change));
        }
    }
    for (j, s) in new.sections.iter().enumerate() {
        if !paired_new[j] && !is_empty_preamble(s) {
            ordered.push((j, 1, whole(s, Change::Added)));
        }
    }
    for (i, s) in old.sections.iter().enumerate() {
        if old_to_new[i].is_none() && !is_empty_preamble(s) {
            ordered.push((
                after_previous(&old_to_new[..i]),
                0,
                whole(s, Change::Removed),
            ));
        }
    }
    ordered.sort_by_key(|(pos, rank, _)| (*pos, *rank));
    let sections: Vec<SectionChange> = ordered.into_iter().map(|(_, _, c)| c).collect();
    let title = (old.title != new.title).then(|| TitleChange {
        old: old.title.clone(),
        new: new.title.clone(),
    });
    let changed = title.is_some() || sections.iter().any(|s| s.class == Class::Text);
    DocDiff {
        changed,
        title,
        sections,
    }
}

/// The key that pairs a section with its other version: its id, unless
/// the id was made from a heading with no words (every empty heading gets
/// the same one), which is no id: such sections pair by their content.
fn section_key(s: &VisibleSection) -> Option<String> {
    (s.explicit_id || s.heading.chars().any(char::is_alphanumeric)).then(|| s.id.clone())
}

/// Where something removed is shown: right after the new position of the
/// nearest earlier item that was kept, so it reads before its replacement.
fn after_previous(earlier: &[Option<usize>]) -> usize {
    earlier.iter().rev().flatten().next().map_or(0, |&j| j + 1)
}

/// A document that does not exist on one side has no introduction to add.
fn is_empty_preamble(s: &VisibleSection) -> bool {
    s.id.is_empty() && s.heading.is_empty() && s.blocks.is_empty()
}

fn whole(s: &VisibleSection, change: Change) -> SectionChange {
    let as_block = if change == Change::Added {
        BlockEdit::Added
    } else {
        BlockEdit::Removed
    };
    SectionChange {
        id: s.id.clone(),
        heading: s.heading.clone(),
        old_heading: None,
        path: s.path.clone(),
        change,
        class: Class::Text,
        renamed: false,
        moved: false,
        blocks: blocks_as(as_block, &s.blocks),
        links: Vec::new(),
    }
}
