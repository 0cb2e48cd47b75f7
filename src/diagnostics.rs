//! Errors and warnings about the user's sources: where they are (file, line,
//! column), what is wrong and what to do, printed like rustc or as JSON.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops `build` and makes `check` exit 1.
    Error,
    /// Reported, but the site is still built.
    Warning,
}

/// A position in a source file. Lines and columns count from 1, from the
/// start of the file (not of the front matter); columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset from the start of the file.
    #[serde(skip)]
    pub offset: usize,
    /// Length in bytes of the text the diagnostic points at (may be 0).
    #[serde(skip)]
    pub len: usize,
}

/// One problem found in the sources.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file, relative to the project root, when the problem has one.
    pub file: Option<PathBuf>,
    /// Where in the file, when known.
    #[serde(flatten)]
    pub location: Option<Location>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with no file attached (e.g. "the project is empty").
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            location: None,
            help: None,
        }
    }

    /// A warning with no file attached.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Attaches the file the problem is in.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Attaches a position inside the file.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attaches advice on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (Option<&Path>, Option<Location>, &str) {
        (self.file.as_deref(), self.location, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    /// A one-line form: `file:line:col: error: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", display_path(file))?;
            if let Some(loc) = self.location {
                write!(f, ":{}:{}", loc.line, loc.column)?;
            }
            write!(f, ": ")?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", escape_controls(&self.message))
    }
}

/// Paths are shown with `/` on every platform, so messages and snapshots
/// agree, and with their control characters escaped (see [`escape_controls`]).
pub fn display_path(path: &Path) -> String {
    escape_controls(&path.to_string_lossy().replace('\\', "/")).into_owned()
}

/// `text` as one word of a shell command, quoted when it has to be (a
/// path or revision in a command a message or report gives to copy).
pub fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c));
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// `text` with every control character (C0, DEL, C1; tab included) written
/// as an escape (`\n`, `\u{1b}`), so that a file name, link target or
/// message a contributor controls cannot move the cursor, clear or retitle
/// a terminal, write its clipboard, or start a forged CI annotation line.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A quoted source line with its control characters (C0 except tab, DEL,
/// C1) shown as U+FFFD: one character for one, so columns stay right.
fn visible_line(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\t';
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if hidden(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

/// The texts of the files that were read, so that diagnostics can quote them.
#[derive(Debug, Default, Clone)]
pub struct SourceFiles {
    files: BTreeMap<PathBuf, Arc<str>>,
}

impl SourceFiles {
    /// Remembers the text of `path` (relative to the project root).
    pub fn insert(&mut self, path: PathBuf, text: Arc<str>) {
        self.files.insert(path, text);
    }

    /// Adds the files of another set.
    pub fn extend(&mut self, other: &SourceFiles) {
        self.files
            .extend(other.files.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// The text of a file that was read.
    pub fn get(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(|t| &**t)
    }

    /// The paths of the files that were read, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }
}

/// Computes a [`Location`] from a byte offset in `text`.
pub fn location_at(text: &str, offset: usize, len: usize) -> Location {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    // A byte order mark is not a character anyone sees in an editor.
    let bom = if text.starts_with('\u{feff}') && offset > 0 {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let line_start = before.rfind('\n').map_or(bom, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    let len = len.min(text.len() - offset);
    Location {
        line,
        column,
        offset,
        len,
    }
}

/// Computes [`Location`]s in one text for offsets that mostly come in
/// increasing order, each from the one before, so that thousands of
/// diagnostics on one long line cost one pass over it, not one each.
#[derive(Debug)]
pub struct Locator<'t> {
    text: &'t str,
    last: Option<Location>,
}

impl<'t> Locator<'t> {
    /// A locator for offsets in `text`.
    pub fn new(text: &'t str) -> Self {
        Locator { text, last: None }
    }

    /// The same as [`location_at`]`(text, offset, len)`.
    pub fn at(&mut self, offset: usize, len: usize) -> Location {
        let text = self.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let location = match self.last {
            // A byte order mark is not counted: start past it.
            Some(last)
                if last.offset <= offset && (last.offset > 0 || !text.starts_with('\u{feff}')) =>
            {
                let between = &text[last.offset..offset];
                let (line, column) = match between.rfind('\n') {
                    Some(i) => (
                        last.line + between.matches('\n').count(),
                        between[i + 1..].chars().count() + 1,
                    ),
                    None => (last.line, last.column + between.chars().count()),
                };
                Location {
                    line,
                    column,
                    offset,
                    len: len.min(text.len() - offset),
                }
            }
            _ => location_at(text, offset, len),
        };
        self.last = Some(location);
        location
    }
}

/// Computes a [`Location`] from a 1-based line and a 0-based character column.
pub fn location_of_line_col(text: &str, line: usize, column0: usize, len: usize) -> Location {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l.chars().take(column0).map(char::len_utf8).sum();
            offset += within;
            break;
        }
        offset += l.len();
    }
    location_at(text, offset, len)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The diagnostics of one run, collected from many threads.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    inner: Arc<Mutex<Vec<Diagnostic>>>,
    /// The diagnostics in `inner`, to find a duplicate without comparing
    /// with each earlier one: a file may have thousands of errors.
    seen: Arc<Mutex<std::collections::HashSet<Diagnostic>>>,
}

impl Diagnostics {
    /// Records a diagnostic. Identical diagnostics are kept once.
    pub fn push(&self, diagnostic: Diagnostic) {
        let mut list = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if !seen.contains(&diagnostic) {
            seen.insert(diagnostic.clone());
            list.push(diagnostic);
        }
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.sorted().iter().any(|d| d.severity == Severity::Error)
    }

    /// Every diagnostic, in a stable order: by file, position, then message.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut list = self.inner.lock().unwrap_or_else(|e| e.into_inner()).clone();
        list.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        list
    }

    /// Turns every warning into an error (`check --strict`).
    pub fn promote_warnings(&self) {
        let mut list = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.clear();
        for d in list.iter_mut() {
            d.severity = Severity::Error;
            seen.insert(d.clone());
        }
    }
}

/// How diagnostics are printed for people.
#[derive(Debug, Clone, Copy)]
pub struct HumanStyle {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap long lines at this width (a terminal's); `None` never wraps, so
    /// that a CI log keeps each message, path and word whole.
    pub width: Option<usize>,
}

/// The width messages are wrapped at for a terminal whose width is unknown.
pub const DEFAULT_WIDTH: usize = 100;

/// Renders diagnostics the way rustc does: the message, `file:line:col`, the
/// source line and a caret under the problem, then the advice.
pub fn render_human(list: &[Diagnostic], sources: &SourceFiles, style: HumanStyle) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // A line is only ever broken at a space: never inside a path such as
    // `regions/us-ca/privacy.en-CA.md`, at a slash, a hyphen or anywhere else.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width.unwrap_or(DEFAULT_WIDTH))
        .with_wrap_lines(style.width.is_some())
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = String::new();
    // Per file: (diagnostics in all, seen so far, errors and warnings left out).
    let mut per_file: BTreeMap<Option<&Path>, (usize, usize, usize, usize)> = BTreeMap::new();
    for d in list {
        per_file.entry(d.file.as_deref()).or_default().0 += 1;
    }
    for d in list {
        let counts = per_file.entry(d.file.as_deref()).or_default();
        counts.1 += 1;
        if counts.1 > MAX_SHOWN_PER_FILE {
            match d.severity {
                Severity::Error => counts.2 += 1,
                Severity::Warning => counts.3 += 1,
            }
            if counts.1 == counts.0 {
                out.push_str(&left_out(d.file.as_deref(), counts.2, counts.3));
            }
            continue;
        }
        let mut md =
            MietteDiagnostic::new(escape_controls(&d.message)).with_severity(match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            });
        if let Some(help) = &d.help {
            md = md.with_help(escape_controls(help));
        }
        let source = d
            .file
            .as_ref()
            .and_then(|f| sources.get(f).map(|text| (f, text)));
        let rendered = match (source, d.location) {
            (Some((file, text)), Some(loc)) => {
                let quoted = Quoted::around(display_path(file), text, loc);
                md = md.with_label(LabeledSpan::at(quoted.label.clone(), "here"));
                let report = miette::Report::new(md).with_source_code(quoted);
                let mut s = String::new();
                let _ = handler.render_report(&mut s, report.as_ref());
                s
            }
            _ => {
                // No source to quote (or one not to quote, from outside the
                // project): still name the file, line and column.
                if let Some(file) = &d.file {
                    let at = d
                        .location
                        .map(|l| format!(":{}:{}", l.line, l.column))
                        .unwrap_or_default();
                    md.message = format!("{}{at}: {}", display_path(file), md.message);
                }
                let mut s = String::new();
                let _ = handler.render_report(&mut s, &md);
                s
            }
        };
        out.push_str(&rendered);
    }
    out
}

/// The most diagnostics of one file [`render_human`] prints; the rest are
/// counted in one line, so that a file with thousands of mistakes cannot
/// flood a terminal or a CI log (`--format json` keeps them all).
pub const MAX_SHOWN_PER_FILE: usize = 50;

/// "… and 12 more errors in policies/terms/en-US.md".
fn left_out(file: Option<&Path>, errors: usize, warnings: usize) -> String {
    let count = |n: usize, what: &str| match n {
        0 => None,
        1 => Some(format!("1 more {what}")),
        n => Some(format!("{n} more {what}s")),
    };
    let counts: Vec<String> = [count(errors, "error"), count(warnings, "warning")]
        .into_iter()
        .flatten()
        .collect();
    let place = file.map_or_else(
        || " not tied to a file".to_string(),
        |f| format!(" in {}", display_path(f)),
    );
    format!(
        "… and {}{place} (fix the first ones and run again, or see them all with `policyc check --format json`)\n",
        counts.join(" and ")
    )
}

/// The most characters of a line quoted under a message. miette cannot
/// draw a caret past column 65,535 (it panics), and nobody reads a line
/// that long anyway: a longer line is cut to a window around the column.
pub const QUOTE_WIDTH: usize = 240;

/// The lines miette quotes for a diagnostic (the one before its line, its
/// line, the one after), each cut to the same window of at most
/// [`QUOTE_WIDTH`] characters around the column, a cut marked `…`. The
/// header's `file:line:column` stays the true position: lines are numbered
/// from `first_line` and the column counted in characters, as
/// [`location_at`] counts it (miette counts bytes), so the human and JSON
/// outputs agree.
#[derive(Debug)]
struct Quoted {
    name: String,
    text: String,
    /// 0-based number of the first quoted line in the file.
    first_line: usize,
    /// 0-based column, in characters, of the diagnostic in the file.
    column0: usize,
    /// Where the diagnostic points, in `text`.
    label: std::ops::Range<usize>,
}

impl Quoted {
    fn around(name: String, text: &str, loc: Location) -> Quoted {
        let offset = floor_char_boundary(text, loc.offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let first = match line_start {
            0 => 0,
            n => text[..n - 1].rfind('\n').map_or(0, |i| i + 1),
        };
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let last = match text.get(line_end + 1..) {
            Some(rest) => rest.find('\n').map_or(text.len(), |i| line_end + 2 + i),
            None => text.len(),
        };
        let column0 = text[line_start..offset].chars().count();
        let line_chars = text[line_start..line_end].chars().count();
        let start = if line_chars <= QUOTE_WIDTH {
            0
        } else {
            column0
                .saturating_sub(QUOTE_WIDTH / 2)
                .min(line_chars - QUOTE_WIDTH)
        };
        let end = start + QUOTE_WIDTH;
        let label_end = (offset + loc.len).min(line_end);
        let mut out = String::new();
        let mut label = 0..0;
        let mut at = first;
        for line in text[first..last].split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let ending = &line[body.len()..];
            let byte = |chars: usize| {
                body.char_indices()
                    .nth(chars)
                    .map_or(body.len(), |(i, _)| i)
            };
            let (from, to) = (byte(start), byte(end));
            if from > 0 {
                out.push('…');
            }
            if at == line_start {
                // Positions in the quote, where each control character is
                // one U+FFFD (three bytes) in place of one or two bytes.
                let from_abs = at + from;
                let to_abs = at + to;
                let start = offset.clamp(from_abs, to_abs) - at;
                let end = label_end.clamp(from_abs, to_abs).max(start + at) - at;
                let end = floor_char_boundary(body, end).max(start);
                let label_start = out.len() + visible_line(&body[from..start]).len();
                let len = visible_line(&body[start..end]).len();
                label = label_start..label_start + len;
            }
            out.push_str(&visible_line(&body[from..to]));
            if to < body.len() {
                out.push('…');
            }
            out.push_str(ending);
            at += line.len();
        }
        Quoted {
            name,
            first_line: text[..first].matches('\n').count(),
            column0: location_at(text, offset, 0).column - 1,
            text: out,
            label,
        }
    }
}

impl SourceCode for Quoted {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // With context lines, the quote starts at a line's start: column 0.
        let column = if context_lines_before == 0 {
            self.column0
        } else {
            contents.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line() + self.first_line,
            column,
            contents.line_count(),
        )))
    }
}

/// Renders diagnostics as the JSON document `check --format json` prints.
pub fn render_json(list: &[Diagnostic]) -> String {
    let errors = list
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let doc = serde_json::json!({
        "errors": errors,
        "warnings": list.len() - errors,
        "diagnostics": list,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The candidate nearest to `name` by edit distance, when it is close enough
/// to be a typo of it (ties go to the first in order).
pub fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::damerau_levenshtein(name, c);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters_from_one() {
        let text = "ab\ncdé fg\n";
        let loc = location_at(text, text.find('f').unwrap(), 1);
        assert_eq!((loc.line, loc.column), (2, 5));
    }

    #[test]
    fn a_byte_order_mark_is_not_counted_as_a_column() {
        let text = "\u{feff}## A {#a}\n";
        let loc = location_at(text, text.find('#').unwrap(), 1);
        assert_eq!((loc.line, loc.column), (1, 1));
        let loc = location_at(text, text.find('A').unwrap(), 1);
        assert_eq!((loc.line, loc.column), (1, 4));
    }

    #[test]
    fn line_col_maps_back_to_the_same_offset() {
        let text = "one\ntwo {{ x }}\n";
        let loc = location_of_line_col(text, 2, 7, 1);
        assert_eq!(&text[loc.offset..loc.offset + 1], "x");
        assert_eq!((loc.line, loc.column), (2, 8));
    }

    #[test]
    fn the_human_output_counts_columns_in_characters() {
        let text = "é à x\n";
        let mut sources = SourceFiles::default();
        sources.insert("a.md".into(), Arc::from(text));
        let d = Diagnostic::error("x").in_file("a.md").at(location_at(
            text,
            text.find('x').unwrap(),
            1,
        ));
        let style = HumanStyle {
            color: false,
            width: None,
        };
        let human = render_human(&[d], &sources, style);
        assert!(human.contains("[a.md:1:5]"), "{human}");
    }

    fn human(text: &str, at: usize, len: usize) -> String {
        let mut sources = SourceFiles::default();
        sources.insert("a.md".into(), Arc::from(text));
        let d = Diagnostic::error("x")
            .in_file("a.md")
            .at(location_at(text, at, len));
        let style = HumanStyle {
            color: false,
            width: None,
        };
        render_human(&[d], &sources, style)
    }

    #[test]
    fn a_column_past_65535_is_quoted_from_a_window_around_it() {
        let long = format!("{}é{{{{ x }}}}tail", "a".repeat(100_000));
        let text = format!("before\n{long}\n{}\nafter\n", "b".repeat(70_000));
        let at = text.find("{{").unwrap();
        let out = human(&text, at, 2);
        assert!(out.contains("[a.md:2:100002]"), "{out}");
        let quoted: Vec<&str> = out.lines().filter(|l| l.contains(" │ ")).collect();
        assert_eq!(quoted.len(), 3, "{out}");
        assert!(quoted[1].contains(" │ …aaa"), "{out}");
        assert!(quoted[1].ends_with("aé{{ x }}tail"), "{out}");
        assert!(
            out.lines().all(|l| l.chars().count() < 2 * QUOTE_WIDTH),
            "{out}"
        );
        assert!(out.contains("─┬"), "the caret is drawn: {out}");
    }

    #[test]
    fn a_short_line_is_quoted_whole() {
        let text = "one\ntwo {{ x }} three\nfour\n";
        let out = human(text, text.find('x').unwrap(), 1);
        assert!(out.contains("[a.md:2:8]"), "{out}");
        assert!(out.contains(" 2 │ two {{ x }} three\n"), "{out}");
        assert!(!out.contains('…'), "{out}");
    }

    #[test]
    fn a_terminal_wraps_between_words_and_never_inside_a_path() {
        let d = Diagnostic::error(
            "the locale `en-CA` of regions/pacific-north-west/privacy.en-CA.md is not listed",
        );
        let narrow = |width| {
            let style = HumanStyle {
                color: false,
                width,
            };
            render_human(std::slice::from_ref(&d), &SourceFiles::default(), style)
        };
        for width in 20..60 {
            let human = narrow(Some(width));
            assert!(
                human.contains("regions/pacific-north-west/privacy.en-CA.md"),
                "{human}"
            );
            assert!(human.lines().count() > 1, "{human}");
        }
        assert_eq!(narrow(None).lines().count(), 1);
    }

    #[test]
    fn a_locator_agrees_with_location_at() {
        let text = "\u{feff}ab\ncdé fg\n\nhé {{ x }} {{ y }}\n";
        let mut locator = Locator::new(text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for &i in offsets.iter().chain(offsets.iter().rev()).chain(&offsets) {
            assert_eq!(locator.at(i, 1), location_at(text, i, 1), "offset {i}");
        }
    }

    #[test]
    fn identical_diagnostics_are_kept_once() {
        let d = Diagnostics::default();
        d.push(Diagnostic::error("same").in_file("a.md"));
        d.push(Diagnostic::error("same").in_file("a.md"));
        assert_eq!(d.sorted().len(), 1);
    }
}
