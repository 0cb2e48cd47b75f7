//! Properties of the semantic diff on generated policies: a document equals
//! itself, formatting noise never reads as a text change, and one replaced
//! word is exactly one changed section, the one holding the word.

use policyc::diff::{BlockEdit, Class, DocDiff, InlineEdit, diff_markdown};
use proptest::prelude::*;
use proptest::sample::Index;

/// Plain words only: no digits or punctuation that Markdown could read as
/// a list marker or a heading once a paragraph is re-wrapped.
const WORDS: &[&str] = &[
    "account", "address", "agree", "apply", "archive", "audit", "backup", "basket", "billing",
    "browser", "collect", "consent", "contract", "cookie", "correct", "customer", "data", "delete",
    "device", "disclose", "email", "erase", "export", "fraud", "holder", "keep", "lawful", "legal",
    "limit", "notice", "object", "order", "parcel", "partner", "payment", "period", "personal",
    "policy", "portable", "privacy", "process", "profile", "purpose", "reader", "record",
    "request", "retain", "review", "rights", "secure", "service", "share", "store", "supplier",
    "transfer", "update", "vendor", "we", "withdraw", "you", "your",
];

#[derive(Debug, Clone, Copy)]
enum Emphasis {
    None,
    Em,
    Strong,
}

#[derive(Debug, Clone)]
struct Word {
    index: usize,
    emphasis: Emphasis,
}

#[derive(Debug, Clone)]
enum Block {
    Paragraph(Vec<Word>),
    List(Vec<Vec<Word>>),
    /// An ordered list starting at 1.
    Ordered(Vec<Vec<Word>>),
}

#[derive(Debug, Clone)]
struct Section {
    /// 2 or 3.
    level: usize,
    heading: Vec<usize>,
    blocks: Vec<Block>,
}

/// A policy: an optional introduction, then sections with ids `s0`, `s1`, …
#[derive(Debug, Clone)]
struct Doc {
    intro: Option<Vec<Word>>,
    sections: Vec<Section>,
}

/// How a document is written down; every field is invisible to a reader.
#[derive(Debug, Clone)]
struct Style {
    /// Hard-wrap paragraphs and list items at this width (None: one line).
    width: Option<usize>,
    bullet: char,
    em: &'static str,
    strong: &'static str,
    /// Blank lines between blocks (at least one).
    blank_lines: usize,
    /// Spaces added at the end of every line.
    trailing_spaces: usize,
    /// Every heading one level deeper.
    shift_headings: bool,
    /// A blank line between list items.
    loose_lists: bool,
    /// Number every ordered item `1.` (renders as 1, 2, 3 all the same).
    all_ones: bool,
    /// An HTML comment after every heading.
    comments: bool,
    /// A front matter key that is not shown.
    reviewer: Option<usize>,
}

fn word() -> impl Strategy<Value = Word> {
    let emphasis = prop_oneof![
        8 => Just(Emphasis::None),
        1 => Just(Emphasis::Em),
        1 => Just(Emphasis::Strong),
    ];
    (0..WORDS.len(), emphasis).prop_map(|(index, emphasis)| Word { index, emphasis })
}

fn items() -> impl Strategy<Value = Vec<Vec<Word>>> {
    prop::collection::vec(prop::collection::vec(word(), 1..15), 1..5)
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        3 => prop::collection::vec(word(), 1..40).prop_map(Block::Paragraph),
        1 => items().prop_map(Block::List),
        1 => items().prop_map(Block::Ordered),
    ]
}

fn section() -> impl Strategy<Value = Section> {
    (
        2usize..=3,
        prop::collection::vec(0..WORDS.len(), 1..5),
        prop::collection::vec(block(), 0..4),
    )
        .prop_map(|(level, heading, blocks)| Section {
            level,
            heading,
            blocks,
        })
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        prop::option::of(prop::collection::vec(word(), 1..30)),
        prop::collection::vec(section(), 1..7),
    )
        .prop_map(|(intro, sections)| Doc { intro, sections })
}

fn style() -> impl Strategy<Value = Style> {
    (
        (
            prop::option::of(12usize..90),
            prop::sample::select(vec!['-', '*', '+']),
        ),
        (any::<bool>(), any::<bool>()),
        (1usize..4, 0usize..4),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        prop::option::of(0..WORDS.len()),
    )
        .prop_map(
            |(
                (width, bullet),
                (underscore_em, underscore_strong),
                (blank_lines, trailing_spaces),
                (shift_headings, loose_lists, all_ones, comments),
                reviewer,
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
            },
        )
}

fn token(w: &Word, style: &Style) -> String {
    let text = WORDS[w.index];
    match w.emphasis {
        Emphasis::None => text.to_string(),
        Emphasis::Em => format!("{0}{text}{0}", style.em),
        Emphasis::Strong => format!("{0}{text}{0}", style.strong),
    }
}

/// The words as lines: `first` before the first, `rest` before the others.
fn wrap(words: &[Word], style: &Style, first: &str, rest: &str) -> Vec<String> {
    let mut tokens: Vec<String> = words.iter().map(|w| token(w, style)).collect();
    if let Some(last) = tokens.last_mut() {
        last.push('.');
    }
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut fresh = true;
    for t in tokens {
        if fresh {
            line.push_str(&t);
            fresh = false;
        } else if style.width.is_some_and(|w| line.len() + 1 + t.len() > w) {
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
fn list(items: &[Vec<Word>], style: &Style, marker: impl Fn(usize) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    for (n, item) in items.iter().enumerate() {
        if n > 0 && style.loose_lists {
            lines.push(String::new());
        }
        let marker = marker(n);
        lines.extend(wrap(item, style, &marker, &" ".repeat(marker.len())));
    }
    lines
}

fn render(doc: &Doc, style: &Style) -> String {
    let mut lines: Vec<String> = Vec::new();
    let block = |lines: &mut Vec<String>, block: Vec<String>| {
        if !lines.is_empty() {
            lines.extend(std::iter::repeat_n(String::new(), style.blank_lines));
        }
        lines.extend(block);
    };
    if let Some(intro) = &doc.intro {
        block(&mut lines, wrap(intro, style, "", ""));
    }
    for (k, s) in doc.sections.iter().enumerate() {
        let level = s.level + usize::from(style.shift_headings);
        let heading: Vec<&str> = s.heading.iter().map(|&i| WORDS[i]).collect();
        block(
            &mut lines,
            vec![format!(
                "{} {} {{#s{k}}}",
                "#".repeat(level),
                heading.join(" ")
            )],
        );
        if style.comments {
            block(&mut lines, vec![format!("<!-- s{k} reviewed -->")]);
        }
        for b in &s.blocks {
            match b {
                Block::Paragraph(words) => block(&mut lines, wrap(words, style, "", "")),
                Block::List(items) => {
                    let bullet = format!("{} ", style.bullet);
                    block(&mut lines, list(items, style, |_| bullet.clone()));
                }
                Block::Ordered(items) => {
                    let number = |n: usize| format!("{}. ", if style.all_ones { 1 } else { n + 1 });
                    block(&mut lines, list(items, style, number));
                }
            }
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

/// Every word of the document with the id of the section holding it.
fn words_mut(doc: &mut Doc) -> Vec<(String, &mut usize)> {
    let mut out = Vec::new();
    if let Some(intro) = &mut doc.intro {
        out.extend(intro.iter_mut().map(|w| (String::new(), &mut w.index)));
    }
    for (k, s) in doc.sections.iter_mut().enumerate() {
        let id = format!("s{k}");
        out.extend(s.heading.iter_mut().map(|w| (id.clone(), w)));
        for b in &mut s.blocks {
            match b {
                Block::Paragraph(words) => {
                    out.extend(words.iter_mut().map(|w| (id.clone(), &mut w.index)));
                }
                Block::List(items) | Block::Ordered(items) => {
                    for item in items {
                        out.extend(item.iter_mut().map(|w| (id.clone(), &mut w.index)));
                    }
                }
            }
        }
    }
    out
}

fn shown(old: &str, new: &str, diff: &DocDiff) -> String {
    format!("--- old:\n{old}\n--- new:\n{new}\n--- diff: {diff:#?}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_document_compared_with_itself_is_unchanged(doc in doc(), style in style()) {
        let md = render(&doc, &style);
        let diff = diff_markdown(&md, &md);
        prop_assert!(!diff.changed, "{}", shown(&md, &md, &diff));
        prop_assert!(diff.title.is_none());
        prop_assert!(diff.sections.is_empty(), "{}", shown(&md, &md, &diff));
    }

    #[test]
    fn formatting_only_changes_are_never_a_text_change(
        doc in doc(),
        before in style(),
        after in style(),
    ) {
        let (old, new) = (render(&doc, &before), render(&doc, &after));
        let diff = diff_markdown(&old, &new);
        prop_assert!(!diff.changed, "{}", shown(&old, &new, &diff));
        prop_assert!(diff.title.is_none());
        prop_assert!(
            diff.sections.iter().all(|s| s.class == Class::Formatting && s.blocks.is_empty()),
            "{}",
            shown(&old, &new, &diff)
        );
    }

    #[test]
    fn one_replaced_word_changes_exactly_the_section_holding_it(
        doc in doc(),
        style in style(),
        at in any::<Index>(),
        shift in 1..WORDS.len(),
    ) {
        let mut edited = doc.clone();
        let mut words = words_mut(&mut edited);
        let (id, word) = at.get_mut(&mut words);
        **word = (**word + shift) % WORDS.len();
        let id = id.clone();
        let (old, new) = (render(&doc, &style), render(&edited, &style));
        let diff = diff_markdown(&old, &new);
        prop_assert!(diff.changed, "{}", shown(&old, &new, &diff));
        prop_assert_eq!(diff.sections.len(), 1, "{}", shown(&old, &new, &diff));
        prop_assert_eq!(&diff.sections[0].id, &id);
        prop_assert_eq!(diff.sections[0].class, Class::Text);
        // The redline of a modified block spells out both versions.
        for b in diff.sections[0].blocks.iter().filter(|b| b.change == BlockEdit::Modified) {
            let join = |skip: InlineEdit| -> String {
                b.inline.iter().filter(|op| op.op != skip).map(|op| op.text.as_str()).collect()
            };
            prop_assert_eq!(b.old.clone(), Some(join(InlineEdit::Insert)));
            prop_assert_eq!(b.new.clone(), Some(join(InlineEdit::Delete)));
        }
    }
}
