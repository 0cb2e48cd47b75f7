//! An exchange written as an XLIFF 2.1 document, through quick-xml's
//! writer: every attribute and text escaped by it, and the characters XML
//! 1.0 cannot hold written as `<cp hex="…"/>`.

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::model::{Exchange, Inline, Status, Unit, codes};

/// The XLIFF 2 core namespace.
pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

type Result<T = ()> = std::io::Result<T>;

/// The document, as UTF-8 text ending in a newline.
pub fn xliff(exchange: &Exchange) -> String {
    let mut w = Writer::new(Vec::new());
    // Writing into memory does not fail.
    let _ = document(&mut w, exchange);
    let mut text = String::from_utf8(w.into_inner()).unwrap_or_default();
    text.push('\n');
    text
}

fn document(w: &mut Writer<Vec<u8>>, exchange: &Exchange) -> Result {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    newline(w, 0)?;
    let root = BytesStart::new("xliff").with_attributes([
        ("xmlns", NAMESPACE),
        ("version", "2.1"),
        ("srcLang", exchange.src_lang.as_str()),
        ("trgLang", exchange.trg_lang.as_str()),
    ]);
    w.write_event(Event::Start(root))?;
    for file in &exchange.files {
        newline(w, 1)?;
        let start = BytesStart::new("file").with_attributes([
            ("id", file.id.as_str()),
            ("original", file.original.as_str()),
            ("canResegment", "no"),
        ]);
        w.write_event(Event::Start(start))?;
        for unit in &file.units {
            write_unit(w, unit)?;
        }
        newline(w, 1)?;
        w.write_event(Event::End(BytesEnd::new("file")))?;
    }
    newline(w, 0)?;
    w.write_event(Event::End(BytesEnd::new("xliff")))
}

fn write_unit(w: &mut Writer<Vec<u8>>, unit: &Unit) -> Result {
    newline(w, 2)?;
    w.write_event(Event::Start(
        BytesStart::new("unit").with_attributes([("id", unit.id.as_str())]),
    ))?;
    newline(w, 3)?;
    w.write_event(Event::Start(BytesStart::new("notes")))?;
    let reason = match &unit.status {
        Status::New => "new: no translation yet".to_string(),
        Status::Restructured => {
            "new: the translation's paragraphs and lists differ from the source's; translate the section anew".to_string()
        }
        Status::Stale { release, day } => {
            format!("stale: the source changed in release {release}, in force from {day}")
        }
        Status::Current => "current: the translation is up to date".to_string(),
    };
    note(w, "status", &reason)?;
    if !unit.context.is_empty() {
        note(w, "context", &unit.context)?;
    }
    // What the translation was, so that an import can tell a later edit
    // of it from the vendor's target.
    note(w, super::model::FINGERPRINT_NOTE, &unit.fingerprint)?;
    newline(w, 3)?;
    w.write_event(Event::End(BytesEnd::new("notes")))?;

    // Each code's Markdown, once, in the unit's original data.
    let mut all = Vec::new();
    for segment in &unit.segments {
        codes(&segment.source, &mut all);
    }
    if !all.is_empty() {
        newline(w, 3)?;
        w.write_event(Event::Start(BytesStart::new("originalData")))?;
        for code in all {
            match code {
                Inline::Ph { id, data } => data_element(w, &format!("d{}", &id[1..]), data)?,
                Inline::Pc { id, start, end, .. } => {
                    data_element(w, &format!("d{}s", &id[1..]), start)?;
                    data_element(w, &format!("d{}e", &id[1..]), end)?;
                }
                Inline::Text(_) => {}
            }
        }
        newline(w, 3)?;
        w.write_event(Event::End(BytesEnd::new("originalData")))?;
    }

    let translated = matches!(unit.status, Status::Current);
    for (i, segment) in unit.segments.iter().enumerate() {
        newline(w, 3)?;
        let id = format!("s{}", i + 1);
        let state = if translated && segment.target.is_some() {
            "translated"
        } else {
            "initial"
        };
        w.write_event(Event::Start(
            BytesStart::new("segment").with_attributes([("id", id.as_str()), ("state", state)]),
        ))?;
        newline(w, 4)?;
        w.write_event(Event::Start(BytesStart::new("source")))?;
        inlines(w, &segment.source)?;
        w.write_event(Event::End(BytesEnd::new("source")))?;
        if let Some(target) = &segment.target {
            newline(w, 4)?;
            w.write_event(Event::Start(BytesStart::new("target")))?;
            inlines(w, target)?;
            w.write_event(Event::End(BytesEnd::new("target")))?;
        }
        newline(w, 3)?;
        w.write_event(Event::End(BytesEnd::new("segment")))?;
    }
    newline(w, 2)?;
    w.write_event(Event::End(BytesEnd::new("unit")))
}

fn note(w: &mut Writer<Vec<u8>>, category: &str, text: &str) -> Result {
    newline(w, 4)?;
    w.write_event(Event::Start(
        BytesStart::new("note").with_attributes([("category", category)]),
    ))?;
    // A note cannot hold `<cp>`: a character XML forbids is shown as U+FFFD.
    let shown: String = text
        .chars()
        .map(|c| if allowed(c) { c } else { '\u{fffd}' })
        .collect();
    w.write_event(Event::Text(BytesText::from_escaped(partial_escape(&shown))))?;
    w.write_event(Event::End(BytesEnd::new("note")))
}

fn data_element(w: &mut Writer<Vec<u8>>, id: &str, data: &str) -> Result {
    newline(w, 4)?;
    w.write_event(Event::Start(
        BytesStart::new("data").with_attributes([("id", id)]),
    ))?;
    text(w, data)?;
    w.write_event(Event::End(BytesEnd::new("data")))
}

fn inlines(w: &mut Writer<Vec<u8>>, list: &[Inline]) -> Result {
    for inline in list {
        match inline {
            Inline::Text(t) => text(w, t)?,
            Inline::Ph { id, .. } => {
                let data = format!("d{}", &id[1..]);
                w.write_event(Event::Empty(
                    BytesStart::new("ph")
                        .with_attributes([("id", id.as_str()), ("dataRef", data.as_str())]),
                ))?;
            }
            Inline::Pc { id, content, .. } => {
                let start = format!("d{}s", &id[1..]);
                let end = format!("d{}e", &id[1..]);
                w.write_event(Event::Start(BytesStart::new("pc").with_attributes([
                    ("id", id.as_str()),
                    ("dataRefStart", start.as_str()),
                    ("dataRefEnd", end.as_str()),
                ])))?;
                inlines(w, content)?;
                w.write_event(Event::End(BytesEnd::new("pc")))?;
            }
        }
    }
    Ok(())
}

/// Whether XML 1.0 can hold `c` as it is. A carriage return can be written
/// but a reader turns it into a line feed, so it is a `<cp>` too.
pub fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Text, with each character XML cannot hold as `<cp hex="…"/>`.
fn text(w: &mut Writer<Vec<u8>>, text: &str) -> Result {
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| !allowed(c)) {
        if at > 0 {
            w.write_event(Event::Text(BytesText::from_escaped(partial_escape(
                &rest[..at],
            ))))?;
        }
        let c = rest[at..].chars().next().unwrap_or('\u{fffd}');
        let hex = format!("{:04X}", u32::from(c));
        w.write_event(Event::Empty(
            BytesStart::new("cp").with_attributes([("hex", hex.as_str())]),
        ))?;
        rest = &rest[at + c.len_utf8()..];
    }
    if !rest.is_empty() {
        w.write_event(Event::Text(BytesText::from_escaped(partial_escape(rest))))?;
    }
    Ok(())
}

fn newline(w: &mut Writer<Vec<u8>>, depth: usize) -> Result {
    let indent = format!("\n{}", "  ".repeat(depth));
    w.write_event(Event::Text(BytesText::from_escaped(indent)))
}
