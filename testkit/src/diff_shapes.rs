//! Pairs of policy versions in the shapes that make a diff slow: a full
//! rewrite, a document without headings whose every paragraph changed, a
//! product renamed throughout a document without headings, and a clause
//! inserted at the top that renumbers every heading. The text is
//! pseudo-random prose about Ottermoss Labs, the same on every run.

use std::fmt::Write as _;

/// Words every policy repeats, drawn far more often than the others.
const COMMON: [&str; 24] = [
    "the", "and", "of", "to", "we", "you", "your", "our", "in", "for", "a", "or", "with", "that",
    "is", "may", "are", "by", "this", "as", "on", "it", "be", "not",
];

/// Syllables of the invented words that make up the rest of the vocabulary.
const SYLLABLES: [&str; 24] = [
    "ot", "ter", "moss", "lab", "ri", "ven", "da", "ta", "kel", "po", "sun", "mar", "ish", "lo",
    "fen", "ra", "bur", "row", "wil", "lo", "cresk", "an", "tel", "dor",
];

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A word: often a common one, otherwise one of a few thousand
    /// invented words, the first ones far more frequent than the last.
    fn word(&mut self) -> String {
        if self.below(5) < 2 {
            return COMMON[self.below(COMMON.len())].to_string();
        }
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        let rank = (u * u * u * 4_000.0) as usize;
        let (a, b, c) = (rank % 24, (rank / 24) % 24, rank / 576);
        let mut w = format!("{}{}", SYLLABLES[a], SYLLABLES[b]);
        if c > 0 {
            w.push_str(SYLLABLES[c % 24]);
        }
        w
    }

    fn sentence(&mut self, out: &mut String) {
        let n = 8 + self.below(16);
        for i in 0..n {
            let w = self.word();
            if i == 0 {
                let mut c = w.chars();
                if let Some(first) = c.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(&w);
            }
        }
        out.push('.');
    }

    fn paragraph(&mut self) -> String {
        let mut p = String::new();
        for s in 0..(2 + self.below(4)) {
            if s > 0 {
                p.push(' ');
            }
            self.sentence(&mut p);
        }
        p
    }

    fn heading(&mut self) -> String {
        let mut h = String::new();
        for i in 0..(2 + self.below(4)) {
            if i > 0 {
                h.push(' ');
            }
            h.push_str(&self.word());
        }
        h
    }
}

/// A section of a generated policy: a heading and its paragraphs.
struct Section {
    heading: String,
    paragraphs: Vec<String>,
}

fn render(sections: &[Section]) -> String {
    let mut md = String::from("---\ntitle: Ottermoss Labs Privacy Statement\n---\n\n");
    for s in sections {
        let _ = writeln!(md, "## {}\n", s.heading);
        for p in &s.paragraphs {
            let _ = writeln!(md, "{p}\n");
        }
    }
    md
}

/// A full rewrite: an old version of about `bytes` bytes (sections with
/// headings but no ids) and a new one of about 70% of its size, where a
/// fifth of the sections were dropped, about a third kept with some
/// paragraphs edited, reworded or added, and the rest written anew, some
/// of them in another order.
pub fn rewrite(bytes: usize) -> (String, String) {
    let mut rng = Rng(0x5EED_0F07_7E55_0001);
    let mut old: Vec<Section> = Vec::new();
    let mut size = 0;
    while size < bytes {
        let heading = rng.heading();
        let paragraphs: Vec<String> = (0..2 + rng.below(5)).map(|_| rng.paragraph()).collect();
        size += heading.len() + paragraphs.iter().map(|p| p.len() + 2).sum::<usize>() + 4;
        old.push(Section {
            heading,
            paragraphs,
        });
    }
    let mut new: Vec<Section> = Vec::new();
    for s in &old {
        match rng.below(10) {
            0 | 1 => {}
            2..=4 => {
                let paragraphs = s
                    .paragraphs
                    .iter()
                    .filter_map(|p| match rng.below(6) {
                        0 => None,
                        1 | 2 => Some(edit(&mut rng, p)),
                        3 => Some(rng.paragraph()),
                        _ => Some(p.clone()),
                    })
                    .collect();
                new.push(Section {
                    heading: s.heading.clone(),
                    paragraphs,
                });
            }
            _ => {
                let n = 1 + s.paragraphs.len() / 2;
                new.push(Section {
                    heading: rng.heading(),
                    paragraphs: (0..n).map(|_| rng.paragraph()).collect(),
                });
            }
        }
        if new.len() > 3 && rng.below(8) == 0 {
            let a = new.len() - 1;
            new.swap(a, a - 2);
        }
    }
    (render(&old), render(&new))
}

/// `p` with a few of its words replaced.
fn edit(rng: &mut Rng, p: &str) -> String {
    let mut words: Vec<String> = p.split(' ').map(str::to_string).collect();
    for _ in 0..(1 + words.len() / 12) {
        let at = rng.below(words.len());
        let ends = words[at].ends_with('.');
        words[at] = rng.word();
        if ends {
            words[at].push('.');
        }
    }
    words.join(" ")
}

/// A document without headings (one section) of `paragraphs` paragraphs,
/// and a version where every paragraph has two words changed.
pub fn every_paragraph_changed(paragraphs: usize) -> (String, String) {
    let mut rng = Rng(0x5EED_0F07_7E55_0002);
    let old: Vec<String> = (0..paragraphs).map(|_| rng.paragraph()).collect();
    let new: Vec<String> = old
        .iter()
        .map(|p| {
            let mut words: Vec<&str> = p.split(' ').collect();
            let n = words.len();
            words[n / 3] = "revised";
            words[2 * n / 3] = "clarified";
            words.join(" ")
        })
        .collect();
    (old.join("\n\n") + "\n", new.join("\n\n") + "\n")
}

/// A document without headings of `paragraphs` paragraphs, `mentions` of
/// which name the product "Chirper", and a version where it is renamed
/// "Burrowly" (one word changed in each of those paragraphs).
pub fn renamed_product(paragraphs: usize, mentions: usize) -> (String, String) {
    let mut rng = Rng(0x5EED_0F07_7E55_0003);
    let mut old = String::new();
    let mut new = String::new();
    for n in 0..paragraphs {
        let mut p = rng.paragraph();
        if n * mentions / paragraphs != (n + 1) * mentions / paragraphs {
            p.push_str(" Ottermoss Labs shares posts you make public on Chirper.");
        }
        let _ = writeln!(old, "{p}\n");
        let _ = writeln!(new, "{}\n", p.replace("Chirper", "Burrowly"));
    }
    (old, new)
}

/// A document of `headings` numbered sections ("## 12. Heading"), and a
/// version with a new clause inserted at the top, which renumbers every
/// heading (and so changes every section's id).
pub fn renumbered(headings: usize) -> (String, String) {
    let mut rng = Rng(0x5EED_0F07_7E55_0004);
    let sections: Vec<(String, String)> = (0..headings)
        .map(|_| (rng.heading(), rng.paragraph()))
        .collect();
    let mut old = String::from("Ottermoss Labs terms of service.\n\n");
    let mut new = old.clone();
    let _ = writeln!(
        new,
        "## 1. Who we are\n\nOttermoss Labs makes tools for otter watchers.\n"
    );
    for (n, (heading, body)) in sections.iter().enumerate() {
        let _ = writeln!(old, "## {}. {heading}\n\n{body}\n", n + 1);
        let _ = writeln!(new, "## {}. {heading}\n\n{body}\n", n + 2);
    }
    (old, new)
}

/// The shapes by name, as the diff benchmark and `benches/measure.sh` call
/// them.
pub const NAMES: [&str; 7] = [
    "rewrite-60KB",
    "rewrite-1MB",
    "one-section-400-changed",
    "one-section-800-changed",
    "one-section-1600-changed",
    "one-word-in-86-paragraphs",
    "renumbered-800-headings",
];

/// The pair (old, new) of the shape called `name` (one of [`NAMES`]).
pub fn by_name(name: &str) -> Option<(String, String)> {
    Some(match name {
        "rewrite-60KB" => rewrite(60 * 1024),
        "rewrite-1MB" => rewrite(1024 * 1024),
        "one-section-400-changed" => every_paragraph_changed(400),
        "one-section-800-changed" => every_paragraph_changed(800),
        "one-section-1600-changed" => every_paragraph_changed(1600),
        "one-word-in-86-paragraphs" => renamed_product(300, 86),
        "renumbered-800-headings" => renumbered(800),
        _ => return None,
    })
}
