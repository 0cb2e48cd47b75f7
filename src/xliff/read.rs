//! An XLIFF 2 document read back, through quick-xml's reader: the files,
//! units and segments an import needs, each code's Markdown taken from its
//! unit's original data, with the byte offset of each part for messages.
//! Messages never quote the file: it comes from outside the project.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::errors::{Error, IllFormedError};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use super::model::Inline;
use super::write::{NAMESPACE, allowed};

/// A problem in the document: where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Byte offset in the document.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// The document as an import reads it.
#[derive(Debug, Clone, Default)]
pub struct ReadExchange {
    /// `srcLang`.
    pub src_lang: String,
    /// `trgLang`, and where it is.
    pub trg_lang: (String, usize),
    /// The files, in order.
    pub files: Vec<ReadFile>,
}

/// A `<file>`.
#[derive(Debug, Clone, Default)]
pub struct ReadFile {
    /// Its id.
    pub id: String,
    /// Where it starts.
    pub at: usize,
    /// Its units (those of its groups too), in order.
    pub units: Vec<ReadUnit>,
}

/// A `<unit>`.
#[derive(Debug, Clone, Default)]
pub struct ReadUnit {
    /// Its id.
    pub id: String,
    /// Where it starts.
    pub at: usize,
    /// Its segments, in order.
    pub segments: Vec<ReadSegment>,
    /// The translation's fingerprint as the export recorded it, if any.
    pub fingerprint: Option<String>,
}

/// A `<segment>`.
#[derive(Debug, Clone, Default)]
pub struct ReadSegment {
    /// Where it starts.
    pub at: usize,
    /// Its source.
    pub source: Vec<Inline>,
    /// Its target, if it has one.
    pub target: Option<Vec<Inline>>,
}

/// An element of the document.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Node>,
    at: usize,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn elements<'e>(&'e self, name: &'e str) -> impl Iterator<Item = &'e Element> + 'e {
        self.children.iter().filter_map(move |n| match n {
            Node::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }
}

/// How deep elements may nest: a unit needs a few levels; a file nested
/// deeper is refused before it can exhaust the stack.
const MAX_DEPTH: usize = 64;

fn error(offset: usize, message: impl Into<String>, help: impl Into<String>) -> ReadError {
    ReadError {
        offset,
        message: message.into(),
        help: help.into(),
    }
}

/// Reads `text`: the first problem found, if any.
pub fn read(text: &str) -> Result<ReadExchange, ReadError> {
    let root = parse(text)?;
    let not_xliff = || {
        error(
            root.at,
            "this is not an XLIFF 2 document",
            "import the file `policyc xliff export` wrote, translated",
        )
    };
    // The core namespace, as the default one or under a prefix.
    let core = root
        .attributes
        .iter()
        .any(|(k, v)| (k == "xmlns" || k.starts_with("xmlns:")) && v == NAMESPACE);
    if root.name != "xliff" || !core {
        return Err(not_xliff());
    }
    if !root
        .attribute("version")
        .is_some_and(|v| v.starts_with("2."))
    {
        return Err(error(
            root.at,
            "this XLIFF document is not of version 2",
            "export again with `policyc xliff export`; XLIFF 1.2 files are not read",
        ));
    }
    let trg_lang = root.attribute("trgLang").ok_or_else(|| {
        error(
            root.at,
            "the document has no `trgLang`: the locale translated into is unknown",
            "import the file `policyc xliff export --locale …` wrote",
        )
    })?;
    let mut exchange = ReadExchange {
        src_lang: root.attribute("srcLang").unwrap_or_default().to_string(),
        trg_lang: (trg_lang.to_string(), root.at),
        files: Vec::new(),
    };
    let line_of = |offset: usize| crate::diagnostics::location_at(text, offset, 0).line;
    let mut files_seen: BTreeMap<String, usize> = BTreeMap::new();
    for file in root.elements("file") {
        let id = required_id(file, "file")?;
        if let Some(first) = files_seen.insert(id.clone(), file.at) {
            return Err(error(
                file.at,
                format!(
                    "the file id `{id}` is repeated: a <file> with it is at line {} and another at line {}",
                    line_of(first),
                    line_of(file.at)
                ),
                "keep one <file> per document, as the export wrote it: merge the two, or remove the copy",
            ));
        }
        let mut units = Vec::new();
        collect_units(file, &id, &mut units)?;
        let mut units_seen: BTreeMap<&str, usize> = BTreeMap::new();
        for unit in &units {
            if let Some(first) = units_seen.insert(&unit.id, unit.at) {
                return Err(error(
                    unit.at,
                    format!(
                        "the unit id `{id}/{}` is repeated: a <unit> with it is at line {} and another at line {}",
                        unit.id,
                        line_of(first),
                        line_of(unit.at)
                    ),
                    "keep one <unit> per section, as the export wrote it: remove the copy",
                ));
            }
        }
        exchange.files.push(ReadFile {
            id,
            at: file.at,
            units,
        });
    }
    Ok(exchange)
}

fn required_id(e: &Element, what: &str) -> Result<String, ReadError> {
    e.attribute("id").map(str::to_string).ok_or_else(|| {
        error(
            e.at,
            format!("a <{what}> has no id"),
            "keep the ids the export wrote; they say where each text goes",
        )
    })
}

fn collect_units(parent: &Element, file: &str, out: &mut Vec<ReadUnit>) -> Result<(), ReadError> {
    for node in &parent.children {
        let Node::Element(e) = node else { continue };
        match e.name.as_str() {
            "group" => collect_units(e, file, out)?,
            "unit" => out.push(unit(e, file)?),
            _ => {}
        }
    }
    Ok(())
}

fn unit(e: &Element, file: &str) -> Result<ReadUnit, ReadError> {
    let id = required_id(e, "unit")?;
    // How messages name the unit.
    let named = format!("{file}/{id}");
    let mut data = BTreeMap::new();
    for original in e.elements("originalData") {
        for d in original.elements("data") {
            let key = required_id(d, "data")?;
            let mut value = String::new();
            for node in &d.children {
                match node {
                    Node::Text(t) => value.push_str(t),
                    Node::Element(cp) if cp.name == "cp" => value.push(code_point(cp)?),
                    Node::Element(_) => {}
                }
            }
            data.insert(key, value);
        }
    }
    let mut segments = Vec::new();
    for s in e.elements("segment") {
        let source = s.elements("source").next().ok_or_else(|| {
            error(
                s.at,
                format!("a segment of unit `{named}` has no <source>"),
                "keep each segment's <source> as the export wrote it",
            )
        })?;
        let source = content(source, &named, &data)?;
        let target = match s.elements("target").next() {
            Some(t) => Some(content(t, &named, &data)?),
            None => None,
        };
        segments.push(ReadSegment {
            at: s.at,
            source,
            target,
        });
    }
    let fingerprint = e
        .elements("notes")
        .flat_map(|n| n.elements("note"))
        .find(|n| n.attribute("category") == Some(super::model::FINGERPRINT_NOTE))
        .map(|n| {
            n.children
                .iter()
                .filter_map(|c| match c {
                    Node::Text(t) => Some(t.as_str()),
                    Node::Element(_) => None,
                })
                .collect::<String>()
                .trim()
                .to_string()
        });
    Ok(ReadUnit {
        id,
        at: e.at,
        segments,
        fingerprint,
    })
}

fn code_point(cp: &Element) -> Result<char, ReadError> {
    cp.attribute("hex")
        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
        .and_then(char::from_u32)
        .ok_or_else(|| {
            error(
                cp.at,
                "a <cp> has no valid `hex` code point",
                "write the character's code point in hexadecimal, e.g. `<cp hex=\"0001\"/>`",
            )
        })
}

/// The inline content of a source or target.
fn content(
    e: &Element,
    unit: &str,
    data: &BTreeMap<String, String>,
) -> Result<Vec<Inline>, ReadError> {
    let mut out: Vec<Inline> = Vec::new();
    let push_text = |out: &mut Vec<Inline>, t: &str| {
        if t.is_empty() {
            return;
        }
        if let Some(Inline::Text(last)) = out.last_mut() {
            last.push_str(t);
        } else {
            out.push(Inline::Text(t.to_string()));
        }
    };
    for node in &e.children {
        let child = match node {
            Node::Text(t) => {
                push_text(&mut out, t);
                continue;
            }
            Node::Element(child) => child,
        };
        let lost = |what: &str| {
            error(
                child.at,
                format!("an inline code (<{what}>) of unit `{unit}` has no id"),
                "keep the codes the export wrote as they are: they stand for links, emphasis and variables",
            )
        };
        let reference = |name: &str| -> Result<String, ReadError> {
            let key = child.attribute(name).unwrap_or_default();
            data.get(key).cloned().ok_or_else(|| {
                error(
                    child.at,
                    format!("an inline code of unit `{unit}` refers to original data the unit does not hold"),
                    "keep the unit's <originalData> and its codes as the export wrote them",
                )
            })
        };
        match child.name.as_str() {
            "cp" => {
                let c = code_point(child)?;
                push_text(&mut out, c.encode_utf8(&mut [0; 4]));
            }
            "ph" => {
                let id = child.attribute("id").ok_or_else(|| lost("ph"))?;
                out.push(Inline::Ph {
                    id: id.to_string(),
                    data: reference("dataRef")?,
                });
            }
            "pc" => {
                let id = child.attribute("id").ok_or_else(|| lost("pc"))?;
                out.push(Inline::Pc {
                    id: id.to_string(),
                    start: reference("dataRefStart")?,
                    end: reference("dataRefEnd")?,
                    content: content(child, unit, data)?,
                });
            }
            // A translator's or a tool's annotation: its text counts.
            "mrk" => {
                for inline in content(child, unit, data)? {
                    match inline {
                        Inline::Text(t) => push_text(&mut out, &t),
                        other => out.push(other),
                    }
                }
            }
            "sm" | "em" => {}
            other => {
                return Err(error(
                    child.at,
                    format!(
                        "unit `{unit}` holds an inline element policyc does not write (<{}>)",
                        if matches!(other, "sc" | "ec") {
                            other
                        } else {
                            "other"
                        }
                    ),
                    "keep the paired codes as <pc> elements, as the export wrote them",
                ));
            }
        }
    }
    Ok(out)
}

/// The document as a tree of elements, or the first well-formedness error.
fn parse(text: &str) -> Result<Element, ReadError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let offset = usize::try_from(reader.error_position()).unwrap_or(at);
            well_formed(offset, &e)
        })?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(error(
                    at,
                    "an element after the document's end",
                    "an XLIFF document has one root element, <xliff>",
                ));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error(
                        at,
                        format!("elements are nested more than {MAX_DEPTH} deep here"),
                        "an exported document nests a few levels; import the file the export wrote",
                    ));
                }
                stack.push(element(&start, at)?);
            }
            Event::Empty(start) => {
                let e = element(&start, at)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(e)),
                    None => root = Some(e),
                }
            }
            Event::End(_) => {
                let Some(e) = stack.pop() else { continue };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(e)),
                    None => root = Some(e),
                }
            }
            Event::Text(t) => {
                let t = t.xml10_content();
                if let Some(bad) = t.find(|c: char| !allowed(c)) {
                    return Err(forbidden(at + bad));
                }
                push_text(&mut stack, &t);
            }
            Event::CData(t) => {
                let t = t.into_inner().into_owned();
                push_text(&mut stack, &t.replace("\r\n", "\n"));
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) if allowed(c) || c == '\r' => c.to_string(),
                        _ => return Err(forbidden(at)),
                    }
                } else {
                    let name = r.into_inner().into_owned();
                    match resolve_predefined_entity(&name) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(error(
                                at,
                                "a reference to an entity XML does not define",
                                "write the character itself; only &lt; &gt; &amp; &apos; &quot; and character references are read",
                            ));
                        }
                    }
                };
                push_text(&mut stack, &resolved);
            }
            Event::DocType(_) => {
                return Err(error(
                    at,
                    "the document declares a DTD",
                    "an XLIFF 2 document needs none; remove the <!DOCTYPE …> declaration",
                ));
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(error(
            text.len(),
            "the document ends before its elements are closed",
            "the file may be cut short; export and translate it again",
        ));
    }
    root.ok_or_else(|| error(0, "the file holds no XML element", "import an XLIFF file"))
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(parent) = stack.last_mut() {
        match parent.children.last_mut() {
            Some(Node::Text(last)) => last.push_str(text),
            _ => parent.children.push(Node::Text(text.to_string())),
        }
    }
}

fn forbidden(offset: usize) -> ReadError {
    error(
        offset,
        "a character XML 1.0 does not allow in a document",
        "write a control character as `<cp hex=\"…\"/>`, or leave it out",
    )
}

fn element(start: &BytesStart, at: usize) -> Result<Element, ReadError> {
    let name = start.local_name().as_ref().to_string();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|_| {
            error(
                at,
                "an attribute here is not well-formed",
                "write attributes as name=\"value\"",
            )
        })?;
        let key = attribute.key.as_ref().to_string();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|_| {
                error(
                    at,
                    "an attribute's value holds a reference XML does not define",
                    "write the character itself",
                )
            })?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
        at,
    })
}

/// quick-xml's error in words of our own: its messages may quote the file.
fn well_formed(offset: usize, e: &Error) -> ReadError {
    let what = match e {
        Error::Syntax(s) => s.to_string(),
        Error::IllFormed(IllFormedError::MismatchedEndTag { .. }) => {
            "an end tag does not match the element it closes".to_string()
        }
        Error::IllFormed(IllFormedError::UnmatchedEndTag(_)) => {
            "an end tag closes no open element".to_string()
        }
        Error::IllFormed(IllFormedError::MissingEndTag(_)) => {
            "an element is not closed".to_string()
        }
        Error::Encoding(_) => "the file is not UTF-8".to_string(),
        Error::Escape(_) => "a `&` that starts no valid reference".to_string(),
        Error::InvalidAttr(_) => "an attribute is not well-formed".to_string(),
        _ => "the file is not well-formed XML".to_string(),
    };
    error(
        offset,
        format!("the XLIFF file is not well-formed: {what}"),
        "a tool or an edit broke the file; export again, or fix the XML at this place",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: &str = r#"<file id="privacy"><unit id="about"><originalData><data id="d1">{{ x }}</data></originalData><segment><source>A<cp hex="0007"/>&amp;<ph id="c1" dataRef="d1"/></source><target xml:space="preserve">B</target></segment></unit></file>"#;

    #[test]
    fn the_core_namespace_may_have_a_prefix_and_code_points_are_characters() {
        let text = format!(
            r#"<x:xliff xmlns:x="{NAMESPACE}" version="2.1" srcLang="en-US" trgLang="de-DE">{}</x:xliff>"#,
            UNIT.replace('<', "<x:").replace("<x:/", "</x:")
        );
        let read = read(&text).expect("a valid document");
        let segment = &read.files[0].units[0].segments[0];
        assert_eq!(
            segment.source,
            vec![
                Inline::Text("A\u{7}&".into()),
                Inline::Ph {
                    id: "c1".into(),
                    data: "{{ x }}".into()
                }
            ]
        );
        assert_eq!(segment.target, Some(vec![Inline::Text("B".into())]));
    }

    #[test]
    fn a_dtd_and_a_forbidden_character_are_refused_where_they_are() {
        let dtd = format!("<!DOCTYPE x [<!ENTITY a \"b\">]><xliff xmlns=\"{NAMESPACE}\"/>");
        assert_eq!(read(&dtd).unwrap_err().offset, 0);
        let control =
            format!("<xliff xmlns=\"{NAMESPACE}\" version=\"2.1\" trgLang=\"de\">\u{1}</xliff>");
        let e = read(&control).unwrap_err();
        assert!(e.message.contains("XML 1.0 does not allow"), "{e:?}");
        let other = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\"/>";
        assert!(read(other).unwrap_err().message.contains("not an XLIFF 2"));
    }
}
