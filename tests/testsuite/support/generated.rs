//! Generated policies for the diff's property tests: a document model
//! (sections with ids, paragraphs, lists, block quotes and tables of words,
//! numbers, punctuation, quotes, emphasis and links), proptest strategies
//! for it, and a renderer to Markdown in many invisible styles.

use proptest::prelude::*;

/// Plain words, which Markdown never reads as markup wherever a re-wrap
/// puts them.
pub const WORDS: &[&str] = &[
    "account", "address", "agree", "apply", "archive", "audit", "backup", "basket", "billing",
    "browser", "collect", "consent", "contract", "cookie", "correct", "customer", "data", "delete",
    "device", "disclose", "email", "erase", "export", "fraud", "holder", "keep", "lawful", "legal",
    "limit", "notice", "object", "order", "parcel", "partner", "payment", "period", "personal",
    "policy", "portable", "privacy", "process", "profile", "purpose", "reader", "record",
    "request", "retain", "review", "rights", "secure", "service", "share", "store", "supplier",
    "transfer", "update", "vendor", "we", "withdraw", "you", "your",
];

/// Where links point: the web, mail, a section, another page.
pub const TARGETS: &[&str] = &[
    "https://example.com/privacy",
    "https://example.com/legal/providers",
    "https://partners.example.org/list",
    "mailto:privacy@example.com",
    "#s1",
    "../terms/index.html",
];

/// The smallest number generated: `1.` could start a list where a re-wrap
/// puts it first on a line; larger numbers cannot interrupt a paragraph.
pub const MIN_NUMBER: u32 = 2;

#[derive(Debug, Clone, Copy)]
pub enum Emphasis {
    None,
    Em,
    Strong,
}

/// Punctuation around a word; quotes are straight or curly by style.
#[derive(Debug, Clone, Copy)]
pub enum Punct {
    None,
    Comma,
    Semicolon,
    Colon,
    Quoted,
    Parens,
}

/// A piece of text a reader sees.
#[derive(Debug, Clone)]
pub enum Inline {
    Word {
        index: usize,
        emphasis: Emphasis,
        punct: Punct,
    },
    Number(u32),
    /// Link text (plain words) and an index into [`TARGETS`].
    Link {
        words: Vec<usize>,
        target: usize,
    },
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Vec<Inline>),
    List(Vec<Vec<Inline>>),
    /// An ordered list starting at 1.
    Ordered(Vec<Vec<Inline>>),
    /// A paragraph in a block quote.
    Quote(Vec<Inline>),
    /// A header row, then body rows, all with the same number of cells.
    Table(Vec<Vec<Vec<Inline>>>),
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Its id is `s{id}`: stable when sections are added, removed or moved.
    pub id: usize,
    /// 2 or 3.
    pub level: usize,
    pub heading: Vec<usize>,
    pub blocks: Vec<Block>,
}

/// A policy: an optional introduction, then sections with ids `s0`, `s1`, …
#[derive(Debug, Clone)]
pub struct Doc {
    pub intro: Option<Vec<Inline>>,
    pub sections: Vec<Section>,
}

/// How a document is written down; every field is invisible to a reader.
#[derive(Debug, Clone)]
pub struct Style {
    /// Hard-wrap paragraphs and list items at this width (None: one line).
    pub width: Option<usize>,
    pub bullet: char,
    pub em: &'static str,
    pub strong: &'static str,
    /// Blank lines between blocks (at least one).
    pub blank_lines: usize,
    /// Spaces added at the end of every line.
    pub trailing_spaces: usize,
    /// Every heading one level deeper.
    pub shift_headings: bool,
    /// A blank line between list items.
    pub loose_lists: bool,
    /// Number every ordered item `1.` (renders as 1, 2, 3 all the same).
    pub all_ones: bool,
    /// An HTML comment after every heading.
    pub comments: bool,
    /// A front matter key that is not shown.
    pub reviewer: Option<usize>,
    /// Typographic quotes instead of straight ones.
    pub curly_quotes: bool,
    /// Reference links (`[text][r1]`, defined at the section's end)
    /// instead of inline ones.
    pub reference_links: bool,
    /// Table cells padded to their column's width.
    pub padded_tables: bool,
    /// Table rows with a leading and a trailing pipe.
    pub outer_pipes: bool,
    /// Continuation lines of a block quote without `>`.
    pub lazy_quotes: bool,
}

fn word() -> impl Strategy<Value = Inline> {
    let emphasis = prop_oneof![
        8 => Just(Emphasis::None),
        1 => Just(Emphasis::Em),
        1 => Just(Emphasis::Strong),
    ];
    let punct = prop_oneof![
        12 => Just(Punct::None),
        1 => Just(Punct::Comma),
        1 => Just(Punct::Semicolon),
        1 => Just(Punct::Colon),
        1 => Just(Punct::Quoted),
        1 => Just(Punct::Parens),
    ];
    (0..WORDS.len(), emphasis, punct).prop_map(|(index, emphasis, punct)| Inline::Word {
        index,
        emphasis,
        punct,
    })
}

fn inline() -> impl Strategy<Value = Inline> {
    prop_oneof![
        16 => word(),
        2 => (MIN_NUMBER..1000).prop_map(Inline::Number),
        1 => (prop::collection::vec(0..WORDS.len(), 1..4), 0..TARGETS.len())
            .prop_map(|(words, target)| Inline::Link { words, target }),
    ]
}

fn inlines(max: usize) -> impl Strategy<Value = Vec<Inline>> {
    prop::collection::vec(inline(), 1..max)
}

fn items() -> impl Strategy<Value = Vec<Vec<Inline>>> {
    prop::collection::vec(inlines(15), 1..5)
}

fn table() -> impl Strategy<Value = Vec<Vec<Vec<Inline>>>> {
    (1usize..4, 2usize..5).prop_flat_map(|(columns, rows)| {
        prop::collection::vec(prop::collection::vec(inlines(4), columns), rows)
    })
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        6 => inlines(40).prop_map(Block::Paragraph),
        2 => items().prop_map(Block::List),
        2 => items().prop_map(Block::Ordered),
        1 => inlines(30).prop_map(Block::Quote),
        1 => table().prop_map(Block::Table),
    ]
}

/// A section; its id is set by [`doc`].
pub fn section() -> impl Strategy<Value = Section> {
    (
        2usize..=3,
        prop::collection::vec(0..WORDS.len(), 1..5),
        prop::collection::vec(block(), 0..4),
    )
        .prop_map(|(level, heading, blocks)| Section {
            id: 0,
            level,
            heading,
            blocks,
        })
}

pub fn doc() -> impl Strategy<Value = Doc> {
    (
        prop::option::of(inlines(30)),
        prop::collection::vec(section(), 1..7),
    )
        .prop_map(|(intro, mut sections)| {
            for (k, s) in sections.iter_mut().enumerate() {
                s.id = k;
            }
            Doc { intro, sections }
        })
}

pub fn style() -> impl Strategy<Value = Style> {
    (
        (
            prop::option::of(12usize..90),
            prop::sample::select(vec!['-', '*', '+']),
        ),
        (any::<bool>(), any::<bool>()),
        (1usize..4, 0usize..4),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        prop::option::of(0..WORDS.len()),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (width, bullet),
                (underscore_em, underscore_strong),
                (blank_lines, trailing_spaces),
                (shift_headings, loose_lists, all_ones, comments),
                reviewer,
                (curly_quotes, reference_links, padded_tables, outer_pipes, lazy_quotes),
            )| Style {
                width,
                bullet,
                em: if underscore_em { "_" } else { "*" },
                strong: if underscore_strong { "__" } else { "**" },
                blank_lines,
                trailing_spaces,
                shift_headings,
                loose_lists,
                all_ones,
                comments,
                reviewer,
                curly_quotes,
                reference_links,
                padded_tables,
                outer_pipes,
                lazy_quotes,
            },
        )
}

/// Writes inlines as Markdown tokens (one per inline), collecting the
/// definitions of reference links.
struct Writer<'a> {
    style: &'a Style,
    definitions: Vec<String>,
    /// The section being written (`intro` before the first) and the
    /// reference labels used in it: labels stay the same wherever the
    /// section moves.
    section: String,
    labels: usize,
}

impl Writer<'_> {
    fn token(&mut self, inline: &Inline) -> String {
        let style = self.style;
        match inline {
            Inline::Word {
                index,
                emphasis,
                punct,
            } => {
                let text = WORDS[*index];
                let text = match emphasis {
                    Emphasis::None => text.to_string(),
                    Emphasis::Em => format!("{0}{text}{0}", style.em),
                    Emphasis::Strong => format!("{0}{text}{0}", style.strong),
                };
                let (open, close) = if style.curly_quotes {
                    ("\u{201C}", "\u{201D}")
                } else {
                    ("\"", "\"")
                };
                match punct {
                    Punct::None => text,
                    Punct::Comma => format!("{text},"),
                    Punct::Semicolon => format!("{text};"),
                    Punct::Colon => format!("{text}:"),
                    Punct::Quoted => format!("{open}{text}{close}"),
                    Punct::Parens => format!("({text})"),
                }
            }
            Inline::Number(n) => n.to_string(),
            Inline::Link { words, target } => {
                let text = link_text(words);
                let target = TARGETS[*target];
                if style.reference_links {
                    self.labels += 1;
                    let label = format!("{}-{}", self.section, self.labels);
                    self.definitions.push(format!("[{label}]: {target}"));
                    format!("[{text}][{label}]")
                } else {
                    format!("[{text}]({target})")
                }
            }
        }
    }

    fn tokens(&mut self, inlines: &[Inline]) -> Vec<String> {
        inlines.iter().map(|i| self.token(i)).collect()
    }

    /// The inlines as a sentence in lines: `first` before the first line,
    /// `rest` before the others.
    fn wrap(&mut self, inlines: &[Inline], first: &str, rest: &str) -> Vec<String> {
        let mut tokens = self.tokens(inlines);
        // A sentence ends with a full stop, except after a number, which a
        // re-wrap could put first on a line as an ordered list's marker
        // (`42.`).
        let number_last = matches!(inlines.last(), Some(Inline::Number(_)));
        if let Some(last) = tokens.last_mut().filter(|_| !number_last) {
            last.push('.');
        }
        let mut lines = Vec::new();
        let mut line = first.to_string();
        let mut fresh = true;
        for t in tokens {
            if fresh {
                line.push_str(&t);
                fresh = false;
            } else if self
                .style
                .width
                .is_some_and(|w| line.chars().count() + 1 + t.chars().count() > w)
            {
                lines.push(std::mem::replace(&mut line, format!("{rest}{t}")));
            } else {
                line.push(' ');
                line.push_str(&t);
            }
        }
        lines.push(line);
        lines
    }

    /// A list's lines; `marker(n)` starts item `n`, continuation lines are
    /// indented to match it.
    fn list(&mut self, items: &[Vec<Inline>], marker: impl Fn(usize) -> String) -> Vec<String> {
        let mut lines = Vec::new();
        for (n, item) in items.iter().enumerate() {
            if n > 0 && self.style.loose_lists {
                lines.push(String::new());
            }
            let marker = marker(n);
            lines.extend(self.wrap(item, &marker, &" ".repeat(marker.len())));
        }
        lines
    }

    fn table(&mut self, rows: &[Vec<Vec<Inline>>]) -> Vec<String> {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|cell| self.tokens(cell).join(" ")).collect())
            .collect();
        let columns = cells[0].len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                cells
                    .iter()
                    .map(|row| row[c].chars().count())
                    .max()
                    .unwrap_or(0)
                    .max(3)
            })
            .collect();
        // One column needs its pipes, or `---` reads as a rule.
        let outer = self.style.outer_pipes || columns == 1;
        let padded = self.style.padded_tables;
        let line = |row: Vec<String>| -> String {
            let row: Vec<String> = row
                .into_iter()
                .enumerate()
                .map(|(c, cell)| {
                    if padded {
                        let pad = widths[c] - cell.chars().count();
                        format!(" {cell}{} ", " ".repeat(pad))
                    } else {
                        cell
                    }
                })
                .collect();
            let inner = row.join("|");
            if outer { format!("|{inner}|") } else { inner }
        };
        let mut lines = Vec::new();
        let mut rows = cells.into_iter();
        lines.push(line(rows.next().expect("a header row")));
        let rule = widths
            .iter()
            .map(|&w| "-".repeat(if padded { w } else { 3 }))
            .collect();
        lines.push(line(rule));
        lines.extend(rows.map(line));
        lines
    }

    fn quote(&mut self, inlines: &[Inline]) -> Vec<String> {
        let rest = if self.style.lazy_quotes { "" } else { "> " };
        self.wrap(inlines, "> ", rest)
    }
}

fn link_text(words: &[usize]) -> String {
    words
        .iter()
        .map(|&i| WORDS[i])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The document as Markdown, written in `style`.
pub fn render(doc: &Doc, style: &Style) -> String {
    let mut lines: Vec<String> = Vec::new();
    let block = |lines: &mut Vec<String>, block: Vec<String>| {
        if !lines.is_empty() {
            lines.extend(std::iter::repeat_n(String::new(), style.blank_lines));
        }
        lines.extend(block);
    };
    let mut w = Writer {
        style,
        definitions: Vec::new(),
        section: "intro".to_string(),
        labels: 0,
    };
    if let Some(intro) = &doc.intro {
        let intro = w.wrap(intro, "", "");
        block(&mut lines, intro);
        let definitions = std::mem::take(&mut w.definitions);
        if !definitions.is_empty() {
            block(&mut lines, definitions);
        }
    }
    for s in &doc.sections {
        w.section = format!("s{}", s.id);
        w.labels = 0;
        let level = s.level + usize::from(style.shift_headings);
        let heading: Vec<&str> = s.heading.iter().map(|&i| WORDS[i]).collect();
        block(
            &mut lines,
            vec![format!(
                "{} {} {{#s{}}}",
                "#".repeat(level),
                heading.join(" "),
                s.id
            )],
        );
        if style.comments {
            block(&mut lines, vec![format!("<!-- s{} reviewed -->", s.id)]);
        }
        for b in &s.blocks {
            let written = match b {
                Block::Paragraph(inlines) => w.wrap(inlines, "", ""),
                Block::List(items) => {
                    let bullet = format!("{} ", style.bullet);
                    w.list(items, |_| bullet.clone())
                }
                Block::Ordered(items) => {
                    let all_ones = style.all_ones;
                    w.list(items, |n| format!("{}. ", if all_ones { 1 } else { n + 1 }))
                }
                Block::Quote(inlines) => w.quote(inlines),
                Block::Table(rows) => w.table(rows),
            };
            block(&mut lines, written);
        }
        // Definitions at the end of the section that uses them, so that
        // changing a target changes the source of that section only.
        let definitions = std::mem::take(&mut w.definitions);
        if !definitions.is_empty() {
            block(&mut lines, definitions);
        }
    }
    let spaces = " ".repeat(style.trailing_spaces);
    let mut out = String::from("---\ntitle: Generated policy\n");
    if let Some(r) = style.reviewer {
        out.push_str(&format!("reviewed_by: {}\n", WORDS[r]));
    }
    out.push_str("---\n\n");
    for line in lines {
        out.push_str(&line);
        out.push_str(&spaces);
        out.push('\n');
    }
    out
}

/// What kind of text a visible atom is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Heading,
    /// A paragraph, list item or quote.
    Prose,
    LinkText,
    TableCell,
}

/// One piece of text a reader sees, which an edit can change.
#[derive(Debug)]
pub enum Atom<'a> {
    Word(&'a mut usize),
    Number(&'a mut u32),
}

impl Atom<'_> {
    /// Changes the atom to another word or number (`shift` > 0).
    pub fn change(&mut self, shift: usize) {
        match self {
            Atom::Word(i) => **i = (**i + shift) % WORDS.len(),
            Atom::Number(n) => **n += shift as u32,
        }
    }
}

/// A visible atom with the id of the section holding it (`""` for the
/// introduction) and where it is.
pub struct Located<'a> {
    pub id: String,
    pub place: Place,
    pub atom: Atom<'a>,
}

fn inline_atoms<'a>(inlines: &'a mut [Inline], id: &str, place: Place, out: &mut Vec<Located<'a>>) {
    for inline in inlines {
        let (place, atoms): (Place, Vec<Atom<'a>>) = match inline {
            Inline::Word { index, .. } => (place, vec![Atom::Word(index)]),
            Inline::Number(n) => (place, vec![Atom::Number(n)]),
            Inline::Link { words, .. } => {
                (Place::LinkText, words.iter_mut().map(Atom::Word).collect())
            }
        };
        out.extend(atoms.into_iter().map(|atom| Located {
            id: id.to_string(),
            place,
            atom,
        }));
    }
}

/// Every visible word and number of the document.
pub fn atoms(doc: &mut Doc) -> Vec<Located<'_>> {
    let mut out = Vec::new();
    if let Some(intro) = &mut doc.intro {
        inline_atoms(intro, "", Place::Prose, &mut out);
    }
    for s in &mut doc.sections {
        let id = format!("s{}", s.id);
        out.extend(s.heading.iter_mut().map(|w| Located {
            id: id.clone(),
            place: Place::Heading,
            atom: Atom::Word(w),
        }));
        for b in &mut s.blocks {
            match b {
                Block::Paragraph(inlines) | Block::Quote(inlines) => {
                    inline_atoms(inlines, &id, Place::Prose, &mut out);
                }
                Block::List(items) | Block::Ordered(items) => {
                    for item in items {
                        inline_atoms(item, &id, Place::Prose, &mut out);
                    }
                }
                Block::Table(rows) => {
                    for cell in rows.iter_mut().flatten() {
                        inline_atoms(cell, &id, Place::TableCell, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// A link of the document: the id of its section, its visible text and
/// its target (an index into [`TARGETS`]).
pub struct LinkAt<'a> {
    pub id: String,
    pub text: String,
    pub target: &'a mut usize,
}

fn inline_links<'a>(inlines: &'a mut [Inline], id: &str, out: &mut Vec<LinkAt<'a>>) {
    for inline in inlines {
        if let Inline::Link { words, target } = inline {
            out.push(LinkAt {
                id: id.to_string(),
                text: link_text(words),
                target,
            });
        }
    }
}

/// Every link of the document.
pub fn links(doc: &mut Doc) -> Vec<LinkAt<'_>> {
    let mut out = Vec::new();
    if let Some(intro) = &mut doc.intro {
        inline_links(intro, "", &mut out);
    }
    for s in &mut doc.sections {
        let id = format!("s{}", s.id);
        for b in &mut s.blocks {
            match b {
                Block::Paragraph(inlines) | Block::Quote(inlines) => {
                    inline_links(inlines, &id, &mut out);
                }
                Block::List(items) | Block::Ordered(items) => {
                    for item in items {
                        inline_links(item, &id, &mut out);
                    }
                }
                Block::Table(rows) => {
                    for cell in rows.iter_mut().flatten() {
                        inline_links(cell, &id, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// The top-level units of a document whose first section is at level 2:
/// each a level-2 section and the level-3 sections under it, as ranges of
/// section indexes. Adding, removing or moving whole units changes no
/// other section's parent.
pub fn units(doc: &Doc) -> Vec<std::ops::Range<usize>> {
    let starts: Vec<usize> = (0..doc.sections.len())
        .filter(|&k| k == 0 || doc.sections[k].level == 2)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| start..starts.get(n + 1).copied().unwrap_or(doc.sections.len()))
        .collect()
}
