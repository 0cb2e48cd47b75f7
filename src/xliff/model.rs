//! The exchange as plain data: files, units, segments and inline content
//! with its codes, as an XLIFF 2.1 document holds them.

use crate::history::Day;

/// Inline content of a segment: text, and the markup a translator must
/// keep, protected as codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Words to translate.
    Text(String),
    /// A standalone code: a variable, inline code, raw HTML, a footnote
    /// reference, an autolink, a hard break. `data` is its Markdown.
    Ph {
        /// Its id in the unit (`c1`, `c2`…).
        id: String,
        /// The Markdown it stands for.
        data: String,
    },
    /// A paired code around text: emphasis, strong, a link, an image.
    Pc {
        /// Its id in the unit.
        id: String,
        /// The Markdown before the text (`*`, `[`).
        start: String,
        /// The Markdown after the text (`*`, `](url)`).
        end: String,
        /// The text inside.
        content: Vec<Inline>,
    },
}

/// A unit's targets, a segment's `None` when it has none.
pub type Targets = Vec<Option<Vec<Inline>>>;

impl Inline {
    /// Whether `self` and `other` are the same code: the same Markdown
    /// (whatever their ids and, for a paired code, the text inside).
    pub fn same_code(&self, other: &Inline) -> bool {
        match (self, other) {
            (Inline::Ph { data, .. }, Inline::Ph { data: d, .. }) => data == d,
            (
                Inline::Pc { start, end, .. },
                Inline::Pc {
                    start: s, end: e, ..
                },
            ) => start == s && end == e,
            _ => false,
        }
    }
}

/// What a block of a source is: two versions of a unit have the same
/// structure when their blocks are of the same kinds, in the same order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The front matter's `title` or `summary`.
    Meta,
    /// A section heading.
    Heading,
    /// A paragraph.
    Paragraph,
    /// The text of a list item (a tight list's item holds no paragraph).
    Item,
    /// A table cell.
    Cell,
}

/// Why a unit is in the exchange, and what its target is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// No translation of it yet.
    New,
    /// The translation exists but its blocks differ from the source's.
    Restructured,
    /// The source changed in a later release than the translation.
    Stale {
        /// The release that changed the source.
        release: u32,
        /// When that release took effect.
        day: Day,
    },
    /// The translation is up to date.
    Current,
}

/// One segment: a block's source text and its translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The default locale's text.
    pub source: Vec<Inline>,
    /// The translation, when there is one.
    pub target: Option<Vec<Inline>>,
}

/// One unit: a section (or the title, summary or preamble) of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The section id, or a reserved id (`:title`, `:summary`, `:preamble`).
    pub id: String,
    /// The section's heading as a reader sees it (context for translators).
    pub context: String,
    /// Why the unit is included.
    pub status: Status,
    /// Its segments, one per block.
    pub segments: Vec<Segment>,
    /// The fingerprint of the translation's text of the unit as exported
    /// (see `check::fingerprint`).
    pub fingerprint: String,
}

/// The category of the note that carries a unit's fingerprint.
pub const FINGERPRINT_NOTE: &str = "policyc-translation-fingerprint";

/// One file: a document, or a region's supplement to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// `privacy`, or `us-ca:privacy` for a supplement.
    pub id: String,
    /// The default-locale source's path, with `/`.
    pub original: String,
    /// Its units.
    pub units: Vec<Unit>,
}

/// A whole exchange: every file for one target locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The project's default locale.
    pub src_lang: String,
    /// The locale translated into.
    pub trg_lang: String,
    /// The files.
    pub files: Vec<File>,
}

/// The unit id of a document's title: `:` cannot start a section id that
/// an exchange carries (see `export`), so no section clashes with it.
pub const TITLE_UNIT: &str = ":title";
/// The unit id of a document's summary.
pub const SUMMARY_UNIT: &str = ":summary";
/// The unit id of the text before the first heading.
pub const PREAMBLE_UNIT: &str = ":preamble";

/// The file id of a document, or of a region's supplement to it.
pub fn file_id(region: Option<&str>, doc: &str) -> String {
    match region {
        Some(region) => format!("{region}:{doc}"),
        None => doc.to_string(),
    }
}

/// Visits every code of `inlines` in order, paired codes before their
/// content.
pub fn codes<'i>(inlines: &'i [Inline], out: &mut Vec<&'i Inline>) {
    for inline in inlines {
        match inline {
            Inline::Text(_) => {}
            Inline::Ph { .. } => out.push(inline),
            Inline::Pc { content, .. } => {
                out.push(inline);
                codes(content, out);
            }
        }
    }
}

/// The same content with every code's data and id blanked: what two
/// versions compare on when only the words and the codes' places count.
pub fn shape(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => Inline::Text(t.clone()),
            Inline::Ph { id, .. } => Inline::Ph {
                id: id.clone(),
                data: String::new(),
            },
            Inline::Pc { id, content, .. } => Inline::Pc {
                id: id.clone(),
                start: String::new(),
                end: String::new(),
                content: shape(content),
            },
        })
        .collect()
}

/// Whether `id` is one of the reserved unit ids.
pub fn is_reserved(id: &str) -> bool {
    [TITLE_UNIT, SUMMARY_UNIT, PREAMBLE_UNIT].contains(&id)
}
