//! The section model: a Markdown source split into front matter, a preamble
//! and sections with stable ids, each remembering where it came from.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod front_matter;

use pulldown_cmark::{BrokenLink, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, location_at};
use crate::markdown::anchors::html_anchors;
use crate::markdown::links::LinkTo;
use crate::markdown::visible::{Block, Reader};
use crate::markdown::{References, options as markdown_options, slugify, split_front_matter};
use crate::source::layout;
use front_matter::parse_front_matter;

/// Ids the built-in theme gives to parts of every page; a section with one
/// of them would break its anchor.
pub const RESERVED_IDS: [&str; 4] = [
    "content",
    "toc-heading",
    "other-languages-heading",
    "what-changed-heading",
];

/// A piece of source text and where it starts in its file, so errors found
/// in it (an undefined variable, say) can point at the file's own lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The text, exactly as in the file.
    pub text: String,
    /// Byte offset of the text's start in the file.
    pub offset: usize,
}

/// Where a supplement section goes in the document it patches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// No attribute: replace the section with the same id (an unknown id is
    /// an error, since it is usually a typo).
    Default,
    /// `append`: a new section, at the end of the document.
    Append,
    /// `after=ID`: right after that section and its subsections.
    After(String),
    /// `before=ID`: right before that section.
    Before(String),
    /// `remove`: drop the section with this id and its subsections.
    Remove,
}

/// A link into the site (`[text](#id)`, `[text](doc:privacy#retention)`,
/// or a relative URL) in a source, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Where the link points.
    pub to: LinkTo,
    /// Byte range of the link in the file.
    pub range: Range<usize>,
    /// Written as raw HTML (`<a href="…">`), not as a Markdown link.
    pub in_html: bool,
}

/// One section: a heading with its id and the text up to the next heading.
/// Subsections are the sections that follow with a deeper level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The stable id, from `{#id}` (or derived from the heading, with a warning).
    pub id: String,
    /// Heading level, 1 to 6.
    pub level: u8,
    /// The heading's inline Markdown, without `#` marks or attributes.
    pub heading: Chunk,
    /// The Markdown between this heading and the next.
    pub body: Chunk,
    /// Placement attributes (meaningful in supplements only).
    pub placement: Placement,
    /// Byte range of the heading line in the file.
    pub heading_range: Range<usize>,
    /// What the heading's line holds before the heading: the list marker
    /// of a heading that opens a list item (`1. ` in `1. ## Terms`), the
    /// `> ` of a quote, indentation; empty for a heading at the start of
    /// its line. Written back before the heading, it keeps the section in
    /// its list, with its number.
    pub lead: String,
    /// Internal links in this section.
    pub links: Vec<InternalLink>,
    /// What a reader sees of the heading, read in the file's one parse.
    pub heading_text: String,
    /// What a reader sees of the body: its blocks, read in the same parse.
    pub blocks: Arc<[Block]>,
    /// The labels of the reference links in the section, and of the
    /// definitions it holds: what the blocks' links depend on.
    pub references: SectionReferences,
}

/// What a stretch of a file has to do with link reference definitions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionReferences {
    /// The labels of the reference links it uses, defined or not.
    pub used: Vec<String>,
    /// The definitions written in it.
    pub defined: References,
}

/// A parsed Markdown source: one document, or a supplement, in one locale.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// Path relative to the project root.
    pub path: PathBuf,
    /// The whole file text.
    pub text: Arc<str>,
    /// `title` from the front matter, with the byte offset of its value.
    pub title: Option<Chunk>,
    /// `summary` from the front matter, with the byte offset of its value.
    pub summary: Option<Chunk>,
    /// Every other front matter key; not shown to readers.
    pub extra: BTreeMap<String, yaml_serde::Value>,
    /// The Markdown before the first heading.
    pub preamble: Chunk,
    /// Internal links in the preamble.
    pub preamble_links: Vec<InternalLink>,
    /// What a reader sees of the preamble.
    pub preamble_blocks: Arc<[Block]>,
    /// The reference links and definitions of the preamble.
    pub preamble_references: SectionReferences,
    /// The file's link reference definitions: what its parse resolved
    /// reference links with.
    pub references: References,
    /// Whether the file may define a label twice. Its parse keeps only the
    /// first definition, so which one counts in a variant that leaves out or
    /// moves the first cannot be told from it.
    pub may_redefine: bool,
    /// The sections in file order.
    pub sections: Vec<Section>,
    /// Each footnote definition (`[^label]: …`): its byte offset and label.
    /// On the page it gets the id `fn-<label>`.
    pub footnotes: Vec<(usize, String)>,
    /// Each id raw HTML gives (`<a id="…">`, `<a name="…">`, any element's
    /// `id`): its byte offset and the id, a link target like a section's.
    pub anchors: Vec<(usize, String)>,
}

impl SourceDoc {
    /// A source with no front matter and no text yet, its body at `body_offset`.
    fn empty(path: &Path, text: Arc<str>, body_offset: usize) -> SourceDoc {
        SourceDoc {
            path: path.to_path_buf(),
            text,
            title: None,
            summary: None,
            extra: BTreeMap::new(),
            preamble: Chunk {
                text: String::new(),
                offset: body_offset,
            },
            preamble_links: Vec::new(),
            preamble_blocks: Arc::from(Vec::new()),
            preamble_references: SectionReferences::default(),
            references: References::default(),
            may_redefine: false,
            sections: Vec::new(),
            footnotes: Vec::new(),
            anchors: Vec::new(),
        }
    }

    /// The section with this id, if any.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}

/// What kind of file is being parsed: it decides which attributes are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `policies/<doc>/<locale>.md`.
    Base,
    /// `regions/<region>/<doc>.<locale>.md`.
    Supplement,
}

/// Parses a Markdown source. Problems go to `diags`; `None` means the file
/// could not be used at all.
pub fn parse_source(
    path: &Path,
    text: Arc<str>,
    kind: SourceKind,
    diags: &Diagnostics,
) -> Option<SourceDoc> {
    if !no_conflict_markers(path, &text, diags) {
        return None;
    }
    let (front, body_offset) = match split_front_matter(&text) {
        Ok(split) => split,
        Err(offset) => {
            diags.push(unclosed_front_matter(path, &text, offset));
            return None;
        }
    };

    let mut doc = SourceDoc::empty(path, text.clone(), body_offset);
    if let Some(front) = front {
        parse_front_matter(&mut doc, front, diags)?;
    }

    let body = &text[body_offset..];
    // A file nested too deep is not used: the HTML parser would take time
    // that grows with the square of the depth.
    parse_body(&mut doc, body, body_offset, kind, diags).then_some(doc)
}

/// The error of a front matter opened at `offset` and never closed.
fn unclosed_front_matter(path: &Path, text: &str, offset: usize) -> Diagnostic {
    Diagnostic::error("the front matter is not closed")
        .in_file(path)
        .at(location_at(text, offset, 3))
        .help("end the front matter with a line that holds only `---`")
}

/// What `check` would report of the front matter of `text`, were it a
/// source (not closed, not YAML, not `key: value` lines, a title that is
/// not text): for a Markdown file read alone, as `policyc diff OLD NEW` reads.
pub fn front_matter_problems(path: &Path, text: Arc<str>) -> Vec<Diagnostic> {
    let diags = Diagnostics::default();
    match split_front_matter(&text) {
        Err(offset) => diags.push(unclosed_front_matter(path, &text, offset)),
        Ok((Some(front), body_offset)) => {
            let mut doc = SourceDoc::empty(path, text.clone(), body_offset);
            let _ = parse_front_matter(&mut doc, front, &diags);
        }
        Ok((None, _)) => {}
    }
    diags.sorted()
}

/// Whether `text` is free of git's conflict markers; each marker line is
/// an error at its line otherwise. A merge left unresolved holds both
/// sides of the conflict, which is never meant as policy text.
fn no_conflict_markers(path: &Path, text: &str, diags: &Diagnostics) -> bool {
    let mut clean = true;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let marker = ["<<<<<<<", "|||||||", ">>>>>>>"].iter().any(|m| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.trim_end().is_empty() || rest.starts_with(' '))
        });
        if marker {
            clean = false;
            diags.push(
                Diagnostic::error("a git conflict marker: this file still holds both sides of a merge conflict")
                    .in_file(path)
                    .at(Location { line: index + 1, column: 1, offset, len: 7 })
                    .help("keep the right text and remove the lines git added (`<<<<<<<`, `=======`, `>>>>>>>`), then mark the file resolved with `git add`"),
            );
        }
        offset += line.len();
    }
    clean
}

struct RawHeading {
    /// Where its section starts: the start of its line.
    start: usize,
    level: u8,
    id: Option<String>,
    attrs: Vec<(String, Option<String>)>,
    classes: Vec<String>,
    range: Range<usize>,
    inline: Option<Range<usize>>,
}

/// Reads the body in one parse: the sections with their ids, headings and
/// links, and what a reader sees of each, which comparing versions needs.
fn parse_body(
    doc: &mut SourceDoc,
    body: &str,
    base: usize,
    kind: SourceKind,
    diags: &Diagnostics,
) -> bool {
    let mut html_depth = 0;
    let mut too_deep = false;
    let mut headings: Vec<RawHeading> = Vec::new();
    let mut links: Vec<InternalLink> = Vec::new();
    let mut in_heading = false;
    // The reference labels used, defined or not, with where they are used.
    let mut used: Vec<(usize, String)> = Vec::new();
    let mut undefined: Vec<(usize, String)> = Vec::new();
    let mut note_undefined = |link: BrokenLink| {
        undefined.push((base + link.span.start, link.reference.to_string()));
        None
    };
    let parser =
        Parser::new_with_broken_link_callback(body, markdown_options(), Some(&mut note_undefined));
    let definitions = References::found(parser.reference_definitions());
    for (_, label, target, title) in &definitions {
        doc.references.define(label, target, title);
    }
    let mut reader = Reader::new();
    let mut footnote_definitions = 0;
    let mut footnotes = Vec::new();
    let mut anchors = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        reader.event(&event);
        let range = range.start + base..range.end + base;
        match event {
            Event::Start(Tag::FootnoteDefinition(ref label)) => {
                footnote_definitions += 1;
                footnotes.push((range.start, label.to_string()));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                in_heading = true;
                headings.push(RawHeading {
                    start: line_start(&doc.text, base, range.start),
                    level: heading_level(level),
                    id: id.map(|s| s.to_string()),
                    attrs: attrs
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v.map(|v| v.to_string())))
                        .collect(),
                    classes: classes.into_iter().map(|c| c.to_string()).collect(),
                    range,
                    inline: None,
                });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            // A block is read whole, as a tag may span its lines.
            Event::Start(Tag::HtmlBlock) => {
                let found = html_anchors(&doc.text[range.clone()]);
                anchors.extend(found.into_iter().map(|(at, id)| (range.start + at, id)));
            }
            Event::Start(
                Tag::Link {
                    link_type,
                    ref dest_url,
                    ref id,
                    ..
                }
                | Tag::Image {
                    link_type,
                    ref dest_url,
                    ref id,
                    ..
                },
            ) if matches!(
                link_type,
                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
            ) =>
            {
                used.push((range.start, id.to_string()));
                let is_link = matches!(event, Event::Start(Tag::Link { .. }));
                if let Some(to) = LinkTo::of(dest_url).filter(|_| is_link) {
                    links.push(InternalLink {
                        to,
                        range: range.clone(),
                        in_html: false,
                    });
                }
                extend_inline(&mut headings, in_heading, &range);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let internal = LinkTo::of(&dest_url);
                if let Some(to) = internal.filter(|_| link_type != LinkType::Email) {
                    links.push(InternalLink {
                        to,
                        range: range.clone(),
                        in_html: false,
                    });
                }
                extend_inline(&mut headings, in_heading, &range);
            }
            // Links written in raw HTML that lead to another page: checked
            // like Markdown links (`#id` ones are left to the sanitiser).
            Event::Html(_) | Event::InlineHtml(_) => {
                let written = &doc.text[range.clone()];
                if matches!(event, Event::InlineHtml(_)) {
                    let found = html_anchors(written);
                    anchors.extend(found.into_iter().map(|(at, id)| (range.start + at, id)));
                }
                if let Some(at) = nesting_past(written, &mut html_depth).filter(|_| !too_deep) {
                    too_deep = true;
                    diags.push(
                        Diagnostic::error(format!(
                            "raw HTML is nested more than {MAX_HTML_DEPTH} elements deep here"
                        ))
                        .in_file(&doc.path)
                        .at(location_at(&doc.text, range.start + at, 1))
                        .help("close the elements opened before this one (`</div>`), or write the text in Markdown; no policy needs this many levels"),
                    );
                }
                for (at, href) in html_hrefs(written) {
                    if let Some(to) =
                        LinkTo::of(&href).filter(|to| !matches!(to, LinkTo::Section(_)))
                    {
                        let start = range.start + at.start;
                        links.push(InternalLink {
                            to,
                            range: start..range.start + at.end,
                            in_html: true,
                        });
                    }
                }
                if in_heading {
                    extend_inline(&mut headings, in_heading, &range);
                }
            }
            _ if in_heading => extend_inline(&mut headings, in_heading, &range),
            _ => {}
        }
    }

    // Every definition, kept or not, is written with a `]:`: more of them
    // than definitions kept and footnotes may be a label defined again.
    doc.may_redefine = body.matches("]:").count() > definitions.len() + footnote_definitions;
    doc.footnotes = footnotes;
    doc.anchors = anchors;
    let text = doc.text.clone();
    let chunk = |r: Range<usize>| Chunk {
        text: text[r.clone()].to_string(),
        offset: r.start,
    };
    let body_end = base + body.len();
    let first_heading = headings.first().map_or(body_end, |h| h.start);
    used.extend(undefined);
    let references_in = |start: usize, end: usize| -> SectionReferences {
        let mut defined = References::default();
        for (at, label, target, title) in &definitions {
            if (start..end).contains(&(base + at)) {
                defined.define(label, target, title);
            }
        }
        SectionReferences {
            used: used
                .iter()
                .filter(|(at, _)| (start..end).contains(at))
                .map(|(_, label)| label.clone())
                .collect(),
            defined,
        }
    };
    // One part before the first heading, then one for each heading.
    let mut parts = reader.finish().into_iter();
    doc.preamble = chunk(base..first_heading);
    doc.preamble_blocks = Arc::from(parts.next().unwrap_or_default().blocks);
    doc.preamble_references = references_in(base, first_heading);
    doc.preamble_links = links
        .iter()
        .filter(|l| l.range.start < first_heading)
        .cloned()
        .collect();

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, h) in headings.iter().enumerate() {
        let seen_by_reader = parts.next().unwrap_or_default();
        let next = headings.get(i + 1).map_or(body_end, |n| n.start);
        let heading_line_len = text[h.range.clone()].trim_end().len();
        let heading_loc = location_at(&text, h.range.start, heading_line_len);
        let inline = h.inline.clone().unwrap_or(h.range.end..h.range.end);
        let heading = chunk(inline.clone());
        if heading.text.trim().is_empty() {
            diags.push(
                Diagnostic::error("this heading has no text")
                    .in_file(&doc.path)
                    .at(heading_loc)
                    .help("write the section's title after the `#` marks"),
            );
            continue;
        }
        let id = match &h.id {
            Some(id) => id.clone(),
            None => {
                // From the words a reader sees, as `policyc diff` reads
                // them: an image's alternative text, not its source.
                let derived = unique_slug(&seen_by_reader.heading, &seen);
                diags.push(
                    Diagnostic::warning(format!(
                        "this heading has no id; `{derived}` is used, which changes whenever the heading is reworded"
                    ))
                    .in_file(&doc.path)
                    .at(heading_loc)
                    .help(format!(
                        "add a stable id at the end of the heading: `{} {{#{derived}}}`",
                        text[h.range.clone()].trim_end()
                    )),
                );
                derived
            }
        };
        if RESERVED_IDS.contains(&id.as_str()) {
            diags.push(
                Diagnostic::error(format!("the id `{id}` is used by the page itself"))
                    .in_file(&doc.path)
                    .at(heading_loc)
                    .help(format!(
                        "choose another id, e.g. `{id}-section`; the theme uses: {}",
                        RESERVED_IDS.join(", ")
                    )),
            );
            continue;
        }
        if let Some(&first) = seen.get(&id) {
            let first_line = location_at(&text, first, 0).line;
            diags.push(
                Diagnostic::error(format!(
                    "the section id `{id}` is used twice in this file (first on line {first_line})"
                ))
                .in_file(&doc.path)
                .at(heading_loc)
                .help("give each section its own id; ids link pages and match versions, so keep the older one"),
            );
            continue;
        }
        if let Some(c) = h.classes.first() {
            diags.push(
                Diagnostic::error(format!("headings take no classes, but this one has `.{c}`"))
                    .in_file(&doc.path)
                    .at(heading_loc)
                    .help("remove the `.class` from the heading's `{…}` attributes"),
            );
        }
        let placement = placement_of(&h.attrs, kind, &doc.path, heading_loc, diags);
        seen.insert(id.clone(), h.range.start);
        let section_links = links
            .iter()
            .filter(|l| l.range.start >= h.start && l.range.start < next)
            .cloned()
            .collect();
        doc.sections.push(Section {
            id,
            level: h.level,
            heading,
            body: chunk(h.range.end.min(next)..next),
            placement,
            heading_range: h.range.clone(),
            lead: text[h.start..h.range.start].to_string(),
            links: section_links,
            heading_text: seen_by_reader.heading,
            blocks: Arc::from(seen_by_reader.blocks),
            references: references_in(h.start, next),
        });
    }
    !too_deep
}

/// The start of the line `at` is on, not before `base` (the body's start).
fn line_start(text: &str, base: usize, at: usize) -> usize {
    text[base..at].rfind('\n').map_or(base, |i| base + i + 1)
}

fn extend_inline(headings: &mut [RawHeading], in_heading: bool, range: &Range<usize>) {
    if !in_heading {
        return;
    }
    if let Some(h) = headings.last_mut() {
        h.inline = Some(match &h.inline {
            Some(r) => r.start.min(range.start)..r.end.max(range.end),
            None => range.clone(),
        });
    }
}

fn placement_of(
    attrs: &[(String, Option<String>)],
    kind: SourceKind,
    path: &Path,
    loc: crate::diagnostics::Location,
    diags: &Diagnostics,
) -> Placement {
    let mut placement = Placement::Default;
    for (key, value) in attrs {
        let next = match (key.as_str(), value) {
            ("after", Some(v)) => Placement::After(v.clone()),
            ("before", Some(v)) => Placement::Before(v.clone()),
            ("remove", None) => Placement::Remove,
            ("append", None) => Placement::Append,
            ("after" | "before", None) => {
                diags.push(
                    Diagnostic::error(format!("`{key}` needs the id of a section"))
                        .in_file(path)
                        .at(loc)
                        .help(format!("write `{key}=ID`, for example `{key}=contact`")),
                );
                continue;
            }
            _ => {
                diags.push(
                    Diagnostic::error(format!("unknown heading attribute `{key}`"))
                        .in_file(path)
                        .at(loc)
                        .help("a heading's `{…}` takes `#id`, and in a supplement `after=ID`, `before=ID`, `append` or `remove`"),
                );
                continue;
            }
        };
        if kind == SourceKind::Base {
            diags.push(
                Diagnostic::error(format!(
                    "`{key}` only has a meaning in a regional supplement, not in a base document"
                ))
                .in_file(path)
                .at(loc)
                .help(format!(
                    "move this section into `{}`, or remove the attribute",
                    layout::SUPPLEMENT_FORM
                )),
            );
            continue;
        }
        if placement != Placement::Default {
            diags.push(
                Diagnostic::error(
                    "a section can have only one of `after=`, `before=`, `append` and `remove`",
                )
                .in_file(path)
                .at(loc),
            );
            continue;
        }
        placement = next;
    }
    placement
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn unique_slug(text: &str, seen: &BTreeMap<String, usize>) -> String {
    let base = slugify(text);
    let mut candidate = base.clone();
    let mut n = 2;
    while seen.contains_key(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// How deep raw HTML elements may nest in a source: far beyond any policy,
/// and small enough that the sanitiser (whose HTML parser scans the open
/// elements at each tag) stays fast.
pub const MAX_HTML_DEPTH: usize = 100;

/// Follows the nesting of the tags in `html` from `depth`; the byte offset
/// of the first opening tag that goes past [`MAX_HTML_DEPTH`], if any.
/// Unclosed tags count (the parser keeps them open); void and self-closing
/// ones do not.
fn nesting_past(html: &str, depth: &mut usize) -> Option<usize> {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let bytes = html.as_bytes();
    let mut past = None;
    for (i, _) in html.match_indices('<') {
        let closing = bytes.get(i + 1) == Some(&b'/');
        let name_at = i + 1 + usize::from(closing);
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_at].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        if closing {
            *depth = depth.saturating_sub(1);
            continue;
        }
        let end = html[name_at..]
            .find('>')
            .map_or(html.len(), |e| name_at + e);
        if VOID.contains(&name.as_str()) || html[..end].ends_with('/') {
            continue;
        }
        *depth += 1;
        if *depth > MAX_HTML_DEPTH && past.is_none() {
            past = Some(i);
        }
    }
    past
}

/// The `href` of every `<a>` tag in raw HTML, with the byte range of its
/// value.
fn html_hrefs(html: &str) -> Vec<(Range<usize>, String)> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<a") {
        let tag_start = from + i + 2;
        from = tag_start;
        if !lower[tag_start..].starts_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let tag_end = lower[tag_start..]
            .find('>')
            .map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        let mut search = 0;
        while let Some(h) = tag[search..].find("href") {
            let name = search + h;
            search = name + 4;
            let before_ok = tag[..name].ends_with(|c: char| c.is_ascii_whitespace());
            let rest = tag[search..].trim_start();
            if !before_ok || !rest.starts_with('=') {
                continue;
            }
            let value = rest[1..].trim_start();
            let value_at = tag_start + tag.len() - value.len();
            let (start, end) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let len = value[1..].find(q).unwrap_or(value.len() - 1);
                    (value_at + 1, value_at + 1 + len)
                }
                _ => {
                    let len = value
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(value.len());
                    (value_at, value_at + len)
                }
            };
            found.push((start..end, html[start..end].trim().to_string()));
            break;
        }
        from = tag_end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, kind: SourceKind) -> (Option<SourceDoc>, Vec<Diagnostic>) {
        let diags = Diagnostics::default();
        let doc = parse_source(Path::new("p/en-US.md"), Arc::from(text), kind, &diags);
        (doc, diags.sorted())
    }

    #[test]
    fn sections_keep_ids_levels_and_bodies() {
        let src = "---\ntitle: T\n---\nIntro.\n\n## One {#one}\nBody one.\n### Sub {#one-sub}\nSub body.\n## Two {#two}\nBody two.\n";
        let (doc, diags) = parse(src, SourceKind::Base);
        let doc = doc.unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(doc.title.unwrap().text, "T");
        assert_eq!(doc.preamble.text, "Intro.\n\n");
        let ids: Vec<_> = doc
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.level))
            .collect();
        assert_eq!(ids, [("one", 2), ("one-sub", 3), ("two", 2)]);
        assert_eq!(doc.sections[0].heading.text, "One");
        assert_eq!(doc.sections[0].body.text, "Body one.\n");
        assert_eq!(doc.sections[2].body.text, "Body two.\n");
    }

    #[test]
    fn headings_that_open_list_items_are_sections_with_their_markers() {
        let src = "Intro.\n\n1. #### One {#one}\n\n   Body one.\n\n2. #### Two\n\n   Body two.\n";
        let (doc, _) = parse(src, SourceKind::Base);
        let doc = doc.unwrap();
        assert_eq!(doc.preamble.text, "Intro.\n\n");
        let sections: Vec<_> = doc
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.lead.as_str(), s.body.text.as_str()))
            .collect();
        assert_eq!(
            sections,
            [
                ("one", "1. ", "\n   Body one.\n\n"),
                ("two", "2. ", "\n   Body two.\n")
            ]
        );
        let blocks: Vec<_> = doc.sections[0].blocks.iter().map(|b| b.kind).collect();
        assert_eq!(blocks, [crate::markdown::visible::BlockKind::Paragraph]);
    }

    #[test]
    fn supplement_placement_attributes_are_read() {
        let src = "## A {#a after=b}\n## C {#c before=d}\n## E {#e remove}\n## F {#f append}\n";
        let (doc, diags) = parse(src, SourceKind::Supplement);
        assert!(diags.is_empty(), "{diags:?}");
        let p: Vec<_> = doc
            .unwrap()
            .sections
            .into_iter()
            .map(|s| s.placement)
            .collect();
        assert_eq!(
            p,
            [
                Placement::After("b".into()),
                Placement::Before("d".into()),
                Placement::Remove,
                Placement::Append
            ]
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error_on_line_one() {
        let (doc, diags) = parse("---\ntitle: T\n\n## A {#a}\n", SourceKind::Base);
        assert!(doc.is_none());
        assert_eq!(diags[0].location.unwrap().line, 1);
        assert!(diags[0].message.contains("not closed"));
    }

    #[test]
    fn raw_html_anchors_are_read_from_blocks_and_inline_html_but_not_code() {
        let src = "---\ntitle: T\n---\n<div><span\n  id=\"split\">x</span></div>\n\n## A {#a}\n\nSee <a name=\"inline\"></a>here, not `<a id=\"code\">`.\n\n```\n<a id=\"fenced\">\n```\n";
        let (doc, diags) = parse(src, SourceKind::Base);
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        let found: Vec<(usize, &str)> = doc
            .anchors
            .iter()
            .map(|(at, id)| (*at, id.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (src.find("split").unwrap(), "split"),
                (src.find("inline").unwrap(), "inline"),
            ]
        );
    }

    #[test]
    fn yaml_error_in_front_matter_points_into_the_file() {
        let (doc, diags) = parse("---\ntitle: T\n  bad: [\n---\n", SourceKind::Base);
        assert!(doc.is_none());
        assert!(diags[0].location.unwrap().line >= 2, "{diags:?}");
    }

    #[test]
    fn duplicate_id_is_reported_at_the_second_heading() {
        let (_, diags) = parse("## A {#x}\n\n## B {#x}\n", SourceKind::Base);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].location.unwrap().line, 3);
    }

    #[test]
    fn missing_id_is_derived_with_a_warning() {
        let (doc, diags) = parse("## Your Rights & Choices\n", SourceKind::Base);
        assert_eq!(doc.unwrap().sections[0].id, "your-rights-choices");
        assert_eq!(diags[0].severity, crate::diagnostics::Severity::Warning);
    }

    #[test]
    fn headings_in_code_blocks_are_not_sections() {
        let (doc, _) = parse("## A {#a}\n```\n## not a heading\n```\n", SourceKind::Base);
        assert_eq!(doc.unwrap().sections.len(), 1);
    }

    #[test]
    fn internal_links_are_collected_per_section() {
        let (doc, _) = parse(
            "See [b](#b).\n## A {#a}\n[x](#b) [y](https://e.com/#z)\n## B {#b}\n",
            SourceKind::Base,
        );
        let doc = doc.unwrap();
        assert_eq!(doc.preamble_links.len(), 1);
        assert_eq!(doc.sections[0].links.len(), 1);
        assert_eq!(doc.sections[0].links[0].to, LinkTo::Section("b".into()));
    }
}
