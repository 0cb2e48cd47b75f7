//! Aligning two lists of texts (sections, blocks) in near-linear time.
//!
//! Items with the same exact key pair first. The others are scored only
//! against a few candidates: the items that share the most rare words and
//! word pairs with them (an inverted index that skips what many items
//! share) and the items at the same place between two exactly paired ones.
//! Small lists (up to [`EXHAUSTIVE`] pairs) are scored all against all. A
//! score is the share of words in common, in order (`2·LCS / (a + b)`): a
//! bag-of-words bound rules most pairs out before any exact comparison, and
//! the exact one (Myers' O(ND)) stops as soon as the score cannot reach the
//! threshold. An exact comparison that would take more than [`WORK`] steps
//! (huge, very different texts) is replaced by a lower bound: the texts'
//! lines (or sentences) aligned the same way, in order. Every bound is a
//! count of words or steps, never a clock, so the same texts always give
//! the same pairs.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

/// Up to this many pairs of unpaired items, every pair is scored.
const EXHAUSTIVE: usize = 400;
/// Candidates per item from the inverted index (each way).
const TOP: usize = 4;
/// A word or word pair found in more items than this (on the other side)
/// says little about which item is which: it is not indexed.
const RARE: usize = 8;
/// Items either side of the expected place, between exact pairs, that are
/// candidates too.
const WINDOW: usize = 2;
/// Rare features an item shares with its best match for the index alone to
/// choose its candidates.
const CLEAR: u32 = 4;
/// Steps of one exact comparison before it is replaced by a lower bound.
const WORK: usize = 300_000;

/// Words as numbers: the same lowercase word, the same number.
#[derive(Default)]
struct Words(FxHashMap<String, u32>);

impl Words {
    /// The words of `s`: runs of letters and digits, lowercased (the spaces
    /// and punctuation between them would make any two texts look alike).
    fn of(&mut self, s: &str) -> Vec<u32> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let lower;
                let w = if w.chars().any(char::is_uppercase) {
                    lower = w.to_lowercase();
                    lower.as_str()
                } else {
                    w
                };
                if let Some(&id) = self.0.get(w) {
                    return id;
                }
                let id = u32::try_from(self.0.len()).unwrap_or(u32::MAX - 1);
                self.0.insert(w.to_string(), id);
                id
            })
            .collect()
    }
}

/// A text to align: itself and its words, in order and sorted.
struct Item<'a> {
    raw: &'a str,
    words: Vec<u32>,
    sorted: Vec<u32>,
}

impl<'a> Item<'a> {
    fn new(raw: &'a str, dict: &mut Words) -> Self {
        let words = dict.of(raw);
        let mut sorted = words.clone();
        sorted.sort_unstable();
        Item { raw, words, sorted }
    }
}

/// Pairs `old` and `new` items: first exact keys, then the most similar
/// remaining pairs above `threshold`. Returns (old index, new index) pairs,
/// sorted by new index.
pub(super) fn pair<T>(
    old: &[T],
    new: &[T],
    exact: impl Fn(&T) -> Option<String>,
    text: impl Fn(&T) -> String,
    compatible: impl Fn(&T, &T) -> bool,
    threshold: f32,
) -> Vec<(usize, usize)> {
    let mut pairs = exact_pairs(old.len(), new.len(), |i| exact(&old[i]), |j| exact(&new[j]));
    let old_left: Vec<usize> = unpaired(old.len(), &pairs, |p| p.0).collect();
    let new_left: Vec<usize> = unpaired(new.len(), &pairs, |p| p.1).collect();
    let old_texts: Vec<String> = old_left.iter().map(|&i| text(&old[i])).collect();
    let new_texts: Vec<String> = new_left.iter().map(|&j| text(&new[j])).collect();
    let mut dict = Words::default();
    let old_items: Vec<(usize, Item)> = old_left
        .iter()
        .zip(&old_texts)
        .map(|(&i, t)| (i, Item::new(t, &mut dict)))
        .collect();
    let new_items: Vec<(usize, Item)> = new_left
        .iter()
        .zip(&new_texts)
        .map(|(&j, t)| (j, Item::new(t, &mut dict)))
        .collect();
    let scored = best_pairs(
        &old_items,
        &new_items,
        &pairs,
        &mut dict,
        threshold,
        |i, j| compatible(&old[i], &new[j]),
    );
    pairs.extend(scored.into_iter().map(|(i, j, _)| (i, j)));
    pairs.sort_by_key(|&(i, j)| (j, i));
    pairs
}

/// Whether `a` and `b` have at least `threshold` of their words in common,
/// in order (`2·LCS / (a + b)`, 1 for equal texts, 0 when one is empty).
pub(super) fn similar_at_least(a: &str, b: &str, threshold: f32) -> bool {
    let mut dict = Words::default();
    let (a, b) = (Item::new(a, &mut dict), Item::new(b, &mut dict));
    score(&a, &b, threshold, &mut dict).is_some()
}

/// Items with equal keys, the n-th occurrence with the n-th.
fn exact_pairs(
    old: usize,
    new: usize,
    old_key: impl Fn(usize) -> Option<String>,
    new_key: impl Fn(usize) -> Option<String>,
) -> Vec<(usize, usize)> {
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for j in (0..new).rev() {
        if let Some(k) = new_key(j) {
            by_key.entry(k).or_default().push(j);
        }
    }
    let mut pairs = Vec::new();
    for i in 0..old {
        let Some(k) = old_key(i) else { continue };
        if let Some(j) = by_key.get_mut(&k).and_then(Vec::pop) {
            pairs.push((i, j));
        }
    }
    pairs
}

/// The indexes below `len` that no pair uses on the side `side` picks.
fn unpaired(
    len: usize,
    pairs: &[(usize, usize)],
    side: impl Fn(&(usize, usize)) -> usize,
) -> impl Iterator<Item = usize> {
    let mut used = vec![false; len];
    for p in pairs {
        used[side(p)] = true;
    }
    (0..len).filter(move |&k| !used[k])
}

/// The best pairs of unpaired items scoring at least `threshold`: best
/// first, ties broken by position, each item in one pair at most. Items
/// carry their index in the whole list; `anchors` are the pairs already
/// made. Returns (old index, new index, words in common).
fn best_pairs(
    old: &[(usize, Item)],
    new: &[(usize, Item)],
    anchors: &[(usize, usize)],
    dict: &mut Words,
    threshold: f32,
    compatible: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize, usize)> {
    if old.is_empty() || new.is_empty() {
        return Vec::new();
    }
    let tried = if old.len() * new.len() <= EXHAUSTIVE {
        (0..old.len())
            .flat_map(|a| (0..new.len()).map(move |b| (a, b)))
            .collect()
    } else {
        candidates(old, new, anchors)
    };
    let mut scored = Vec::new();
    for (a, b) in tried {
        let ((i, x), (j, y)) = (&old[a], &new[b]);
        if !compatible(*i, *j) {
            continue;
        }
        if let Some((s, common)) = score(x, y, threshold, dict) {
            scored.push((s, *i, *j, common));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut old_used, mut new_used) = (HashSet::new(), HashSet::new());
    let mut pairs = Vec::new();
    for (_, i, j, common) in scored {
        if !old_used.contains(&i) && !new_used.contains(&j) {
            old_used.insert(i);
            new_used.insert(j);
            pairs.push((i, j, common));
        }
    }
    pairs
}

/// The pairs worth scoring, as (index into `old`, index into `new`),
/// sorted and without repeats.
fn candidates(
    old: &[(usize, Item)],
    new: &[(usize, Item)],
    anchors: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let old_features: Vec<Vec<u64>> = old.iter().map(|(_, x)| features(x)).collect();
    let new_features: Vec<Vec<u64>> = new.iter().map(|(_, y)| features(y)).collect();
    let (mut tried, best) = top_matches(&old_features, &new_features);
    tried.extend(
        top_matches(&new_features, &old_features)
            .0
            .into_iter()
            .map(|(b, a)| (a, b)),
    );
    // The same place between exact pairs: an edited item that kept its
    // place, even when its words are all common ones (when the index
    // found no clear match).
    let mut anchors = anchors.to_vec();
    anchors.sort_unstable();
    let new_at: Vec<usize> = new.iter().map(|(j, _)| *j).collect();
    for (a, (i, _)) in old.iter().enumerate() {
        if best[a] >= CLEAR {
            continue;
        }
        let before = anchors.partition_point(|&(ai, _)| ai < *i);
        let expected = match before.checked_sub(1).map(|k| anchors[k]) {
            Some((ai, aj)) => aj + (i - ai),
            None => *i,
        };
        let from = new_at.partition_point(|&j| j + WINDOW < expected);
        for (b, &j) in new_at.iter().enumerate().skip(from) {
            if j > expected + WINDOW {
                break;
            }
            tried.push((a, b));
        }
    }
    tried.sort_unstable();
    tried.dedup();
    tried
}

/// What an item is recognised by: its words and pairs of consecutive
/// words, sorted, without repeats.
fn features(item: &Item) -> Vec<u64> {
    let mut f: Vec<u64> = item
        .words
        .iter()
        .map(|&w| (u64::from(u32::MAX) << 32) | u64::from(w))
        .chain(
            item.words
                .windows(2)
                .map(|p| (u64::from(p[0]) << 32) | u64::from(p[1])),
        )
        .collect();
    f.sort_unstable();
    f.dedup();
    f
}

/// For each item of `from`, the (up to [`TOP`]) items of `to` sharing the
/// most rare features with it, and at least half as many as the best one:
/// (index into `from`, index into `to`). Also, for each item of `from`, how
/// many features it shares with its best match.
fn top_matches(from: &[Vec<u64>], to: &[Vec<u64>]) -> (Vec<(usize, usize)>, Vec<u32>) {
    // Postings as runs of one sorted list: no list allocated per feature.
    let mut flat: Vec<(u64, u32)> = to
        .iter()
        .enumerate()
        .flat_map(|(b, fs)| fs.iter().map(move |&f| (f, b as u32)))
        .collect();
    flat.sort_unstable();
    let mut postings: FxHashMap<u64, (usize, usize)> = FxHashMap::default();
    let mut start = 0;
    while start < flat.len() {
        let f = flat[start].0;
        let end = start + flat[start..].partition_point(|p| p.0 == f);
        if end - start <= RARE {
            postings.insert(f, (start, end));
        }
        start = end;
    }
    let mut counts = vec![0u32; to.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut found = Vec::new();
    let mut best = Vec::with_capacity(from.len());
    for (a, fs) in from.iter().enumerate() {
        for f in fs {
            let Some(&(start, end)) = postings.get(f) else {
                continue;
            };
            for &(_, b) in &flat[start..end] {
                if counts[b as usize] == 0 {
                    touched.push(b);
                }
                counts[b as usize] += 1;
            }
        }
        let order = |x: &u32, y: &u32| counts[*y as usize].cmp(&counts[*x as usize]).then(x.cmp(y));
        if touched.len() > TOP {
            touched.select_nth_unstable_by(TOP, order);
        }
        let kept = TOP.min(touched.len());
        let chosen = &mut touched[..kept];
        chosen.sort_unstable_by(order);
        let top = chosen.first().map_or(0, |&b| counts[b as usize]);
        best.push(top);
        for &b in chosen.iter() {
            if 2 * counts[b as usize] >= top {
                found.push((a, b as usize));
            }
        }
        for &b in &touched {
            counts[b as usize] = 0;
        }
        touched.clear();
    }
    (found, best)
}

/// The score of two items and their words in common, if at least
/// `threshold`: the share of their words in common, in order.
fn score(a: &Item, b: &Item, threshold: f32, dict: &mut Words) -> Option<(f32, usize)> {
    let (s, common) = if a.raw == b.raw {
        (1.0, a.words.len())
    } else if a.raw.is_empty() || b.raw.is_empty() || a.words.is_empty() || b.words.is_empty() {
        (0.0, 0)
    } else {
        let total = a.words.len() + b.words.len();
        let ratio = |common: usize| (2 * common) as f32 / total as f32;
        // No more words in common in order than in any order.
        if ratio(in_any_order(&a.sorted, &b.sorted)) < threshold {
            return None;
        }
        let common = in_order(a, b, threshold, dict)?;
        (ratio(common), common)
    };
    (s >= threshold).then_some((s, common))
}

/// How many words two sorted lists have in common, counting repeats.
fn in_any_order(a: &[u32], b: &[u32]) -> usize {
    let (mut x, mut y, mut n) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                x += 1;
                y += 1;
            }
        }
    }
    n
}

/// The words two items have in common in order (their longest common
/// subsequence), or `None` when it is too few to reach `threshold`. When
/// the exact count would take too long, a lower bound.
fn in_order(a: &Item, b: &Item, threshold: f32, dict: &mut Words) -> Option<usize> {
    let (x, y) = (&a.words[..], &b.words[..]);
    let prefix = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    let (x, y) = (&x[prefix..], &y[prefix..]);
    let suffix = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    let (x, y) = (&x[..x.len() - suffix], &y[..y.len() - suffix]);
    let total = a.words.len() + b.words.len();
    // A score of at least `threshold` leaves at most (1 - threshold)·total
    // words to delete and insert; one more keeps f32 rounding on the safe
    // side.
    let max_d = ((1.0 - f64::from(threshold.clamp(0.0, 1.0))) * total as f64) as usize + 1;
    match edit_distance(x, y, max_d.min(x.len() + y.len())) {
        Ok(Some(d)) => Some(prefix + suffix + (x.len() + y.len() - d) / 2),
        Ok(None) => None,
        Err(TooLong) => Some(in_order_by_parts(a, b, dict)),
    }
}

/// An exact comparison would take more than [`WORK`] steps.
struct TooLong;

/// The fewest words to delete and insert to turn `a` into `b`, if at most
/// `max_d`: the greedy O(ND) algorithm of Myers (1986), the furthest point
/// reached on each diagonal.
fn edit_distance(a: &[u32], b: &[u32], max_d: usize) -> Result<Option<usize>, TooLong> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let offset = max_d as isize + 1;
    // v[k + offset]: the furthest x reached on diagonal k (x - y = k); -1:
    // not reached.
    let mut v = vec![-1isize; 2 * max_d + 3];
    let mut work = 0usize;
    for d in 0..=max_d as isize {
        let mut k = -d;
        while k <= d {
            let at = (k + offset) as usize;
            let mut x = if d == 0 {
                0
            } else {
                // Down from diagonal k + 1 (an insertion), or right from
                // k - 1 (a deletion), whichever reaches further.
                let down = v[at + 1];
                let down = if down >= 0 && down - (k + 1) < m {
                    down
                } else {
                    -1
                };
                let right = v[at - 1];
                let right = if right >= 0 && right < n {
                    right + 1
                } else {
                    -1
                };
                down.max(right)
            };
            if x >= 0 {
                let start = x;
                let mut y = x - k;
                while x < n && y < m && a[x as usize] == b[y as usize] {
                    x += 1;
                    y += 1;
                }
                work += (x - start) as usize;
                if x >= n && y >= m {
                    return Ok(Some(d as usize));
                }
            }
            v[at] = x;
            work += 1;
            k += 2;
        }
        if work > WORK {
            return Err(TooLong);
        }
    }
    Ok(None)
}

/// A lower bound of the words `a` and `b` have in common in order: their
/// lines (or, in a single line, their sentences) aligned like blocks, and
/// the words in common of the pairs that keep their order summed.
fn in_order_by_parts(a: &Item, b: &Item, dict: &mut Words) -> usize {
    let (pa, pb) = (parts(a.raw), parts(b.raw));
    if pa.len() < 2 && pb.len() < 2 {
        // One sentence each: what they start and end with.
        let prefix = a
            .words
            .iter()
            .zip(&b.words)
            .take_while(|(p, q)| p == q)
            .count();
        let suffix = a.words[prefix..]
            .iter()
            .rev()
            .zip(b.words[prefix..].iter().rev())
            .take_while(|(p, q)| p == q)
            .count();
        return prefix + suffix;
    }
    let exact = exact_pairs(
        pa.len(),
        pb.len(),
        |i| Some(pa[i].to_string()),
        |j| Some(pb[j].to_string()),
    );
    let mut pairs: Vec<(usize, usize, usize)> = exact
        .iter()
        .map(|&(i, j)| (i, j, dict.of(pa[i]).len()))
        .collect();
    let old_left: Vec<(usize, Item)> = unpaired(pa.len(), &exact, |p| p.0)
        .map(|i| (i, Item::new(pa[i], dict)))
        .collect();
    let new_left: Vec<(usize, Item)> = unpaired(pb.len(), &exact, |p| p.1)
        .map(|j| (j, Item::new(pb[j], dict)))
        .collect();
    pairs.extend(best_pairs(
        &old_left,
        &new_left,
        &exact,
        dict,
        0.5,
        |_, _| true,
    ));
    // The longest run of pairs in order in both texts: its words in common
    // are common to the whole texts, in order.
    pairs.sort_unstable_by_key(|&(i, j, _)| (j, i));
    let order: Vec<(usize, usize)> = pairs.iter().map(|&(i, j, _)| (i, j)).collect();
    pairs
        .iter()
        .zip(kept_in_order(&order))
        .filter(|(_, kept)| *kept)
        .map(|(p, _)| p.2)
        .sum()
}

/// The lines of a text, or its sentences if it has one line.
fn parts(s: &str) -> Vec<&str> {
    if s.contains('\n') {
        s.split('\n').collect()
    } else {
        sentences(s)
    }
}

/// A text cut after each sentence (before the first word that follows `.`,
/// `!`, `?` or `;` and white space) and after each line: pieces that,
/// joined, give the text back.
pub(super) fn sentences(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    // 0: inside a sentence; 1: right after a stop; 2: in the white space
    // after a stop or a line.
    let mut state = 0;
    for (at, c) in s.char_indices() {
        if state == 2 && !c.is_whitespace() {
            out.push(&s[start..at]);
            start = at;
        }
        state = match c {
            '\n' => 2,
            '.' | '!' | '?' | ';' => 1,
            c if c.is_whitespace() && state > 0 => 2,
            _ => 0,
        };
    }
    if start < s.len() || out.is_empty() {
        out.push(&s[start..]);
    }
    out
}

/// Indexes (into `pairs`) of the pairs that keep their relative order: the
/// longest run increasing in both versions. The others moved.
pub(super) fn kept_in_order(pairs: &[(usize, usize)]) -> Vec<bool> {
    // pairs are sorted by new index; find the longest increasing subsequence
    // of old indexes (patience sorting).
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; pairs.len()];
    for (k, &(i, _)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].0 < i);
        if pos > 0 {
            prev[k] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut keep = vec![false; pairs.len()];
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        keep[k] = true;
        k = prev[k];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{InlineEdit, inline_ops};

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }

        /// A text of up to `len` words out of `vocabulary`.
        fn text(&mut self, len: u64, vocabulary: u64) -> String {
            let n = self.below(len + 1);
            (0..n)
                .map(|_| format!("w{}", self.below(vocabulary)))
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    /// The similarity as the diff computed it before this module: all of
    /// Myers' diff of the two word lists.
    fn similarity_by_myers(a: &str, b: &str) -> f32 {
        if a == b {
            return 1.0;
        }
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let (a, b) = (words(a), words(b));
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let same: usize = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b)
            .iter()
            .map(|op| match op {
                similar::DiffOp::Equal { len, .. } => *len,
                _ => 0,
            })
            .sum();
        (2 * same) as f32 / (a.len() + b.len()) as f32
    }

    /// Pairing as the diff did it before this module: every pair scored.
    fn pair_all_against_all(old: &[String], new: &[String], threshold: f32) -> Vec<(usize, usize)> {
        let mut pairs = exact_pairs(
            old.len(),
            new.len(),
            |i| Some(old[i].clone()),
            |j| Some(new[j].clone()),
        );
        let old_left: Vec<usize> = unpaired(old.len(), &pairs, |p| p.0).collect();
        let new_left: Vec<usize> = unpaired(new.len(), &pairs, |p| p.1).collect();
        let mut candidates = Vec::new();
        for &i in &old_left {
            for &j in &new_left {
                let score = similarity_by_myers(&old[i], &new[j]);
                if score >= threshold {
                    candidates.push((score, i, j));
                }
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut old_used, mut new_used) = (HashSet::new(), HashSet::new());
        for (_, i, j) in candidates {
            if !old_used.contains(&i) && !new_used.contains(&j) {
                old_used.insert(i);
                new_used.insert(j);
                pairs.push((i, j));
            }
        }
        pairs.sort_by_key(|&(i, j)| (j, i));
        pairs
    }

    #[test]
    fn the_score_is_the_one_of_a_full_myers_diff() {
        let mut rng = Rng(0x1234_5678_9ABC_DEF1);
        for round in 0..3_000 {
            let vocabulary = 2 + round % 12;
            let a = rng.text(30, vocabulary);
            let b = if round % 3 == 0 {
                a.replacen("w1", "w0 w3", 2)
            } else {
                rng.text(30, vocabulary)
            };
            let expected = similarity_by_myers(&a, &b);
            for threshold in [0.0, 0.4, 0.5, 0.8] {
                let mut dict = Words::default();
                let (x, y) = (Item::new(&a, &mut dict), Item::new(&b, &mut dict));
                let got = score(&x, &y, threshold, &mut dict).map(|(s, _)| s);
                let want = (expected >= threshold).then_some(expected);
                assert_eq!(got, want, "{a:?} / {b:?} at {threshold}");
            }
        }
    }

    #[test]
    fn small_lists_pair_as_when_every_pair_was_scored() {
        let mut rng = Rng(0x0DD_BA11_CAFE_F00D);
        for round in 0..400 {
            let vocabulary = 3 + round % 20;
            let old: Vec<String> = (0..rng.below(12))
                .map(|_| rng.text(12, vocabulary))
                .collect();
            let mut new: Vec<String> = Vec::new();
            for t in &old {
                match rng.below(6) {
                    0 => {}
                    1..=3 => new.push(t.replacen("w2", "w9", 1)),
                    _ => new.push(t.clone()),
                }
            }
            for _ in 0..rng.below(4) {
                new.push(rng.text(12, vocabulary));
            }
            if new.len() > 2 && rng.below(2) == 0 {
                new.swap(0, 2);
            }
            let got = pair(
                &old,
                &new,
                |t| Some(t.clone()),
                String::clone,
                |_, _| true,
                0.5,
            );
            assert_eq!(
                got,
                pair_all_against_all(&old, &new, 0.5),
                "{old:?} / {new:?}"
            );
        }
    }

    #[test]
    fn a_long_list_is_scored_against_a_few_candidates_each() {
        let mut rng = Rng(0xFEED_FACE_0BAD_F00D);
        let n = 3_000;
        let old: Vec<String> = (0..n).map(|_| rng.text(60, 5_000)).collect();
        let new: Vec<String> = old.iter().map(|t| format!("{t} w5001")).collect();
        let mut dict = Words::default();
        let old_items: Vec<(usize, Item)> = old
            .iter()
            .enumerate()
            .map(|(i, t)| (i, Item::new(t, &mut dict)))
            .collect();
        let new_items: Vec<(usize, Item)> = new
            .iter()
            .enumerate()
            .map(|(j, t)| (j, Item::new(t, &mut dict)))
            .collect();
        let tried = candidates(&old_items, &new_items, &[]);
        assert!(
            tried.len() <= n * (2 * TOP + 2 * WINDOW + 1),
            "{} candidates for {n} items",
            tried.len()
        );
        // And each edited text still finds itself.
        let pairs = pair(&old, &new, |_| None, String::clone, |_, _| true, 0.5);
        let expected: Vec<(usize, usize)> = (0..n)
            .filter(|&k| !old[k].is_empty())
            .map(|k| (k, k))
            .collect();
        let got: Vec<(usize, usize)> = pairs
            .into_iter()
            .filter(|&(i, _)| !old[i].is_empty())
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn huge_different_texts_are_compared_by_their_lines() {
        // Two texts of 2,000 lines, each line with two words changed: an
        // exact comparison would take far more than WORK steps.
        let mut rng = Rng(0xABCD_EF01_2345_6789);
        let lines: Vec<String> = (0..2_000).map(|_| rng.text(40, 400) + " end").collect();
        let old = lines.join("\n");
        let new = lines
            .iter()
            .map(|l| format!("new {l} more"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(similar_at_least(&old, &new, 0.9));
        assert!(!similar_at_least(&old, &rng.text(4_000, 400), 0.5));
    }

    #[test]
    fn sentences_give_the_text_back() {
        for text in [
            "",
            "One.",
            "One. Two!  Three? Four; five 3.5 six\nseven\n\n eight. ",
            "\nLeading line",
        ] {
            assert_eq!(sentences(text).concat(), text);
        }
        assert_eq!(sentences("A b. C d? E"), ["A b. ", "C d? ", "E"]);
    }

    #[test]
    fn a_long_redline_spells_out_both_texts() {
        let mut rng = Rng(0x5555_AAAA_5555_AAAA);
        let sentences: Vec<String> = (0..400).map(|_| rng.text(20, 300) + ".").collect();
        let old = sentences.join(" ");
        let mut edited = sentences.clone();
        edited[10] = "An inserted sentence.".to_string();
        edited.remove(200);
        edited[300].push_str(" More words here.");
        let new = edited.join(" ");
        assert!(old.len() + new.len() > 8_000);
        let ops = inline_ops(&old, &new);
        let join = |skip: InlineEdit| -> String {
            ops.iter()
                .filter(|op| op.op != skip)
                .map(|op| op.text.as_str())
                .collect()
        };
        assert_eq!(join(InlineEdit::Insert), old);
        assert_eq!(join(InlineEdit::Delete), new);
        assert!(
            ops.iter()
                .any(|op| op.op == InlineEdit::Insert && op.text.contains("inserted"))
        );
        let changed: usize = ops
            .iter()
            .filter(|op| op.op != InlineEdit::Equal)
            .map(|op| op.text.len())
            .sum();
        assert!(changed < old.len() / 10, "{changed} bytes marked changed");
    }
}
