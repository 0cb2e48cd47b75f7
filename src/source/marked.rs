//! YAML read as a tree whose every key and value knows where it is in the
//! file, for sources whose errors must point at one cell of a table.
//! Syntax errors are yaml_serde's (the same messages as every YAML source).

use std::collections::BTreeMap;
use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::yaml::{bom_len, yaml_diagnostic};
use crate::diagnostics::{Diagnostic, Location, location_at};

/// A YAML node and where it is: the byte offset and length of its text in
/// the file (a collection's is its first character).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What it holds.
    pub value: Value,
    /// Byte offset in the file (byte order mark included).
    pub at: usize,
    /// Length in bytes of its text (0 for collections and empty values).
    pub len: usize,
}

/// What a node holds. Every scalar is kept as its text: a cell is text,
/// whatever YAML would make of `42` or `yes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Nothing: `key:` with no value, `~` or `null`.
    Null,
    /// A scalar's text.
    Scalar(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in the file's order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The node's position in `text`, the file it was read from.
    pub fn location(&self, text: &str) -> Location {
        location_at(text, self.at, self.len)
    }

    /// The scalar's text, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value it is, for messages: "a list", "a number"…
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "empty",
            Value::Scalar(_) => "a text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a map of `key: value` lines",
        }
    }
}

/// Nodes past this many (aliases repeat what they name) are refused, so
/// that a small file cannot expand into an enormous tree.
const MAX_NODES: usize = 200_000;

/// Reads the YAML file `text` (a byte order mark is passed over) into a
/// tree; an empty file is [`Value::Null`]. The error is the one diagnostic
/// a YAML syntax error gives in every source.
pub fn parse(path: &Path, text: &str) -> Result<Node, Diagnostic> {
    let offset = bom_len(text);
    let yaml = &text[offset..];
    // yaml_serde names tabs and keys set twice; the same checks as every
    // YAML source, before the tree is built.
    if let Err(e) = yaml_serde::from_str::<yaml_serde::Value>(yaml) {
        return Err(yaml_diagnostic(path, text, offset, &e));
    }
    let mut builder = Builder {
        offsets: CharOffsets::new(yaml, offset),
        stack: Vec::new(),
        anchors: BTreeMap::new(),
        nodes: 0,
        root: None,
    };
    let mut parser = Parser::new_from_str(yaml);
    while let Some(event) = parser.next_event() {
        match event {
            Ok((event, span)) => {
                if let Err(message) = builder.event(event, span) {
                    return Err(Diagnostic::error(message)
                        .in_file(path)
                        .at(location_at(text, builder.offsets.byte(span.start.index()), 0))
                        .help("write the table's rows out; YAML anchors may repeat a value only a few times"));
                }
                if builder.root.is_some() {
                    break;
                }
            }
            Err(e) => {
                let at = builder.offsets.byte(e.marker().index());
                return Err(Diagnostic::error(format!("invalid YAML: {}", e.info()))
                    .in_file(path)
                    .at(location_at(text, at, 0))
                    .help("check the indentation and the `key: value` syntax on this line; quote values that contain `:` or `#`"));
            }
        }
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Null,
        at: offset,
        len: 0,
    }))
}

/// A collection being read, and its anchor.
enum Open {
    Seq(Node, usize),
    Map(Node, usize, Option<Node>),
}

struct Builder<'t> {
    offsets: CharOffsets<'t>,
    stack: Vec<Open>,
    anchors: BTreeMap<usize, Node>,
    nodes: usize,
    root: Option<Node>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), String> {
        let at = self.offsets.byte(span.start.index());
        let end = self.offsets.byte(span.end.index());
        match event {
            Event::Scalar(text, style, anchor, _) => {
                let null = style == ScalarStyle::Plain
                    && matches!(&*text, "" | "~" | "null" | "Null" | "NULL");
                let node = Node {
                    value: if null {
                        Value::Null
                    } else {
                        Value::Scalar(text.into_owned())
                    },
                    at,
                    len: end.saturating_sub(at),
                };
                self.done(node, anchor)
            }
            Event::Alias(anchor) => {
                let node = self
                    .anchors
                    .get(&anchor)
                    .cloned()
                    .ok_or("this alias names no anchor before it")?;
                self.nodes += count(&node);
                self.done(node, 0)
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Open::Seq(
                    Node {
                        value: Value::Seq(Vec::new()),
                        at,
                        len: 0,
                    },
                    anchor,
                ));
                Ok(())
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push(Open::Map(
                    Node {
                        value: Value::Map(Vec::new()),
                        at,
                        len: 0,
                    },
                    anchor,
                    None,
                ));
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::Seq(node, anchor) | Open::Map(node, anchor, _)) => {
                    self.done(node, anchor)
                }
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// A node is complete: it goes into the collection open around it.
    fn done(&mut self, node: Node, anchor: usize) -> Result<(), String> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(format!(
                "this file holds more than {MAX_NODES} values once its aliases are repeated"
            ));
        }
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(seq, _)) => {
                if let Value::Seq(items) = &mut seq.value {
                    items.push(node);
                }
            }
            Some(Open::Map(map, _, key)) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    if let Value::Map(entries) = &mut map.value {
                        entries.push((k, node));
                    }
                }
            },
        }
        Ok(())
    }
}

fn count(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count(k) + count(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// Character indices (the parser's) to byte offsets in the file, walking
/// forward from the last one asked, since events mostly come in order.
struct CharOffsets<'t> {
    text: &'t str,
    base: usize,
    chars: usize,
    bytes: usize,
}

impl<'t> CharOffsets<'t> {
    fn new(text: &'t str, base: usize) -> Self {
        CharOffsets {
            text,
            base,
            chars: 0,
            bytes: 0,
        }
    }

    fn byte(&mut self, index: usize) -> usize {
        if index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        let mut rest = self.text[self.bytes..].chars();
        while self.chars < index {
            match rest.next() {
                Some(c) => {
                    self.bytes += c.len_utf8();
                    self.chars += 1;
                }
                None => break,
            }
        }
        self.base + self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        parse(Path::new("t.yaml"), text).unwrap()
    }

    fn map(node: &Node) -> &[(Node, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn every_value_knows_its_line_and_column() {
        let text = "\u{feff}rows:\r\n  - id: größe\r\n    name: \"Zoë\"\r\n";
        let root = tree(text);
        let rows = &map(&root)[0].1;
        let Value::Seq(items) = &rows.value else {
            panic!()
        };
        let row = map(&items[0]);
        let name = &row[1].1;
        assert_eq!(name.as_str(), Some("Zoë"));
        let at = name.location(text);
        assert_eq!((at.line, at.column), (3, 11));
        let id = &row[0].1;
        assert_eq!(&text[id.at..id.at + id.len], "größe");
    }

    #[test]
    fn empty_values_and_aliases_are_read() {
        let root = tree("a:\nb: &x [1, 2]\nc: *x\n");
        let entries = map(&root);
        assert_eq!(entries[0].1.value, Value::Null);
        assert_eq!(entries[1].1.value, entries[2].1.value);
        assert_eq!(tree("").value, Value::Null);
    }

    #[test]
    fn a_syntax_error_is_a_diagnostic() {
        let e = parse(Path::new("t.yaml"), "a: [1\n").unwrap_err();
        assert!(e.message.contains("invalid YAML"), "{}", e.message);
        let e = parse(Path::new("t.yaml"), "a: 1\na: 2\n").unwrap_err();
        assert!(e.message.contains("set twice"), "{}", e.message);
    }
}
