//! A generator of synthetic policy projects for benchmarks: D documents ×
//! R regions × L locales, with realistic section sizes, regional variables
//! and supplements. The text is pseudo-random but the same for the same shape.
//! Also pairs of policy versions for the diff benchmark.

use std::fmt::Write as _;
use std::path::Path;

/// The shape of a generated project.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Documents under `policies/`.
    pub documents: usize,
    /// Regions, the root `global` included.
    pub regions: usize,
    /// Locales, every document translated into each.
    pub locales: usize,
}

const LOCALES: [&str; 12] = [
    "en-US", "es-US", "de-DE", "fr-FR", "it-IT", "pt-BR", "nl-NL", "pl-PL", "sv-SE", "da-DK",
    "fi-FI", "nb-NO",
];

const WORDS: [&str; 48] = [
    "account",
    "information",
    "service",
    "provide",
    "collect",
    "request",
    "data",
    "process",
    "partner",
    "device",
    "legal",
    "reasonable",
    "security",
    "retain",
    "period",
    "purpose",
    "consent",
    "contract",
    "notice",
    "choice",
    "access",
    "delete",
    "correct",
    "transfer",
    "household",
    "list",
    "task",
    "member",
    "payment",
    "subscription",
    "support",
    "message",
    "law",
    "authority",
    "protect",
    "record",
    "storage",
    "review",
    "update",
    "share",
    "use",
    "the",
    "and",
    "of",
    "to",
    "we",
    "you",
    "your",
];

/// A small deterministic generator (xorshift), so every run writes the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn word(&mut self) -> &'static str {
        WORDS[(self.next() % WORDS.len() as u64) as usize]
    }

    fn sentence(&mut self, out: &mut String) {
        let n = 8 + (self.next() % 14) as usize;
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
                out.push_str(w);
            }
        }
        out.push_str(". ");
    }

    /// Three subsections of section `s`, one with a list and a link to
    /// section `see`.
    fn subsections(&mut self, md: &mut String, s: usize, see: usize) {
        for sub in 0..3 {
            let _ = writeln!(md, "### Part {s}.{sub} {} {{#s{s}-{sub}}}\n", self.word());
            self.paragraph(md);
            if sub == 1 {
                for _ in 0..4 {
                    md.push_str("- ");
                    self.sentence(md);
                    md.push('\n');
                }
                let _ = writeln!(md, "\nSee [section {see}](#s{see}).\n");
            }
        }
    }

    fn paragraph(&mut self, out: &mut String) {
        for _ in 0..(3 + self.next() % 4) {
            self.sentence(out);
        }
        out.push_str("\n\n");
    }
}

/// Writes one document's text in one locale: 10 sections of 3 subsections,
/// lists, a table, cross-references (from the second document on, one to
/// a section of the first document) and variables, about 18 KB.
fn document(doc: usize, locale: &str) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (doc as u64 * 7919) ^ hash(locale));
    let mut md = format!("---\ntitle: Document {doc} ({locale})\n---\n");
    rng.paragraph(&mut md);
    for s in 0..10 {
        let _ = writeln!(md, "## Section {s} {} {{#s{s}}}\n", rng.word());
        rng.paragraph(&mut md);
        if s == 2 {
            md.push_str("Write to {{ privacy_email }} or to {{ company }} by post.\n\n");
        }
        if s == 6 && doc > 0 {
            md.push_str("See also [section 7 of the first document](doc:doc0#s7).\n\n");
        }
        if s == 4 {
            md.push_str("| Category | Purpose | Kept for |\n|---|---|---|\n");
            for _ in 0..5 {
                let _ = writeln!(
                    md,
                    "| {} | {} {} | {} days |",
                    rng.word(),
                    rng.word(),
                    rng.word(),
                    rng.next() % 365
                );
            }
            md.push('\n');
        }
        rng.subsections(&mut md, s, (s + 3) % 10);
    }
    md
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Writes a project of the given shape into `dir` (which should be empty).
pub fn generate(dir: &Path, shape: Shape) -> std::io::Result<()> {
    let locales = &LOCALES[..shape.locales.clamp(1, LOCALES.len())];
    let write = |rel: String, text: String| -> std::io::Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)
    };
    write(
        "policyc.yaml".into(),
        format!(
            "name: Synthetic Legal Center\nbase_url: https://legal.example.test/\ndefault_locale: en-US\nlocales: [{}]\nvariables:\n  company: Synthetic Co.\n  privacy_email: privacy@example.test\n",
            locales.join(", ")
        ),
    )?;
    for doc in 0..shape.documents {
        for locale in locales {
            write(
                format!("policies/doc{doc}/{locale}.md"),
                document(doc, locale),
            )?;
        }
    }
    // A root, ten parents under it, and the rest spread under the parents.
    write("regions/global.yaml".into(), "name: Global\n".into())?;
    for r in 1..shape.regions {
        let parent = if r <= 10 {
            "global".to_string()
        } else {
            format!("r{}", 1 + (r - 11) % 10)
        };
        let mut yaml = format!("name: Region {r}\nparent: {parent}\n");
        // Every third region has its own contact address: only the sections
        // that show it differ from the parent's pages.
        if r % 3 == 0 {
            let _ = write!(
                yaml,
                "variables:\n  privacy_email: privacy-r{r}@example.test\n"
            );
        }
        write(format!("regions/r{r}.yaml"), yaml)?;
        // Every fifth region patches the first document.
        if r % 5 == 0 {
            for locale in locales {
                let mut md = String::from("---\nsummary: Regional terms.\n---\n");
                // Its own id: a section a parent region already placed
                // can only be replaced, not placed again.
                let _ = writeln!(md, "## Regional rights {{#regional-r{r} after=s3}}\n");
                Rng(hash(locale) ^ r as u64).paragraph(&mut md);
                md.push_str("## Section 7 replaced {#s7}\n\n");
                Rng(hash(locale) ^ (r as u64 * 31)).paragraph(&mut md);
                write(format!("regions/r{r}/doc0.{locale}.md"), md)?;
            }
        }
    }
    Ok(())
}

/// A policy of about `bytes` bytes: sections with ids, subsections,
/// paragraphs, lists and cross-references.
pub fn policy_of_size(bytes: usize) -> String {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut md = String::from("---\ntitle: Privacy Policy\n---\n");
    rng.paragraph(&mut md);
    let mut s = 0;
    while md.len() < bytes {
        let _ = writeln!(md, "## Section {s} {} {{#s{s}}}\n", rng.word());
        rng.paragraph(&mut md);
        rng.subsections(&mut md, s, s / 2);
        s += 1;
    }
    md
}

/// A revision of `old` as an editor would make it: one word changed in
/// every twentieth paragraph, paragraphs re-wrapped, bullets changed from
/// `-` to `*`, a section moved to the end and a new one added.
pub fn revise(old: &str) -> String {
    let mut out = String::with_capacity(old.len() + 1024);
    let mut moved = String::new();
    let mut in_moved = false;
    for (n, line) in old.lines().enumerate() {
        if line.starts_with("## ") {
            in_moved = line.ends_with("{#s3}");
        }
        let target = if in_moved { &mut moved } else { &mut out };
        if let Some(item) = line.strip_prefix("- ") {
            let _ = writeln!(target, "* {item}");
        } else if n % 20 == 7 && line.len() > 40 {
            // One word changed.
            let changed = line.replacen(" the ", " a ", 1);
            let _ = writeln!(target, "{changed}");
        } else if n % 20 == 13 && line.len() > 80 {
            // Re-wrapped: the same words on two lines.
            let cut = line[..line.len() / 2].rfind(' ').unwrap_or(0);
            let _ = writeln!(target, "{}\n{}", &line[..cut], line[cut..].trim_start());
        } else {
            let _ = writeln!(target, "{line}");
        }
    }
    out.push_str(&moved);
    out.push_str("\n## A new section {#added}\n\nWe added this section to explain a new feature of the service.\n");
    out
}
