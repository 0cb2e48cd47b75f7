//! The ```` ```facts ```` fence: where a Markdown text places a table, and
//! what its YAML body asks for (which table, columns, filter, sort), read
//! with the position of each value so that a mistake is named where it is.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::markdown;

/// The info string that makes a fenced block a table's placement.
pub const INFO: &str = "facts";

/// The keys a fence's body may have.
pub const KEYS: [&str; 4] = ["table", "columns", "where", "sort"];

/// A ```` ```facts ```` block found in a Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The block, from its opening fence to the end of its closing fence's
    /// line (or of the text, when it is never closed).
    pub range: Range<usize>,
    /// What the line holds before the opening fence (a list item's marker
    /// or indentation, a block quote's `>`).
    pub lead: String,
    /// The body, the container's indentation taken off each line.
    pub body: String,
    /// Where each piece of `body` is in the text: (offset in the body,
    /// offset in the text).
    pieces: Vec<(usize, usize)>,
}

impl Fence {
    /// The offset in the text of `offset` in the body.
    pub fn text_offset(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|&(b, _)| b <= offset);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some((b, t)) => t + (offset - b),
            // An empty body: just past the opening fence's line.
            None => self.range.start,
        }
    }

    /// How the lines after the first are written in the block's container:
    /// the lead with its list markers made spaces, a quote's `>` kept.
    pub fn continuation(&self) -> String {
        self.lead
            .chars()
            .map(|c| if c == '>' { '>' } else { ' ' })
            .collect()
    }
}

/// The ```` ```facts ```` blocks of `text`, in order.
pub fn fences(text: &str) -> Vec<Fence> {
    if !text.contains(INFO) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut open: Option<Fence> = None;
    for (event, range) in Parser::new_ext(text, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some(INFO) =>
            {
                let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                open = Some(Fence {
                    range: range.clone(),
                    lead: text[line_start..range.start].to_string(),
                    body: String::new(),
                    pieces: Vec::new(),
                });
            }
            Event::Text(t) => {
                if let Some(f) = open.as_mut() {
                    f.pieces.push((f.body.len(), range.start));
                    f.body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut f) = open.take() {
                    // The block ends with its closing fence's line.
                    let end = text[f.range.end..]
                        .find('\n')
                        .filter(|_| !text[..f.range.end].ends_with('\n'))
                        .map_or(f.range.end, |i| f.range.end + i + 1);
                    f.range.end = end;
                    out.push(f);
                }
            }
            _ => {}
        }
    }
    out
}

/// What a fence asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The table's id.
    pub table: Spanned,
    /// The columns to show, in order; `None`: every column.
    pub columns: Option<Vec<Spanned>>,
    /// Rows kept: a column's raw value must be one of those listed.
    pub filter: Vec<(Spanned, Vec<Spanned>)>,
    /// The column rows are sorted by, and whether descending.
    pub sort: Option<(Spanned, bool)>,
}

/// A value of the fence's body and where it is (bytes in the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    /// The value.
    pub text: String,
    /// Where it is written in the body.
    pub span: Range<usize>,
}

/// A mistake in a fence's body, at a place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FenceError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// Where, in the body; `None`: the block as a whole.
    pub span: Option<Range<usize>>,
}

impl FenceError {
    fn new(
        message: impl Into<String>,
        help: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Self {
        FenceError {
            message: message.into(),
            help: help.into(),
            span,
        }
    }
}

/// One line: a diagnostic's help shows a line break as `\n`.
const EXAMPLE: &str = "write the table's id and, if you like, which columns, which rows and their order, one key a line: `table: subprocessors`, `columns: [name, purpose, location]`, `where: { category: analytics }`, `sort: name`";

/// Reads a fence's body.
pub fn parse(body: &str) -> Result<Placement, FenceError> {
    use yaml_serde::Value;
    let value: Value = yaml_serde::from_str(body).map_err(|e| {
        // At the end of the body, the place is just after its last
        // character (where a bracket or quote is left open), not the
        // closing fence.
        let end = body.trim_end().len();
        let span = e.location().map(|l| {
            let at = l.index().min(end);
            at..at
        });
        let message = e.to_string();
        // The position is given apart: keep the message's first clause.
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        FenceError::new(
            format!("the body of this `facts` block is not valid YAML: {message}"),
            EXAMPLE,
            span,
        )
    })?;
    let map = match value {
        Value::Mapping(map) => map,
        _ => {
            return Err(FenceError::new(
                "the body of this `facts` block must say which table to show, as `key: value` lines",
                EXAMPLE,
                None,
            ));
        }
    };
    let mut finder = Finder { body };
    let mut table = None;
    let mut columns = None;
    let mut filter = Vec::new();
    let mut sort = None;
    for (key, value) in &map {
        let Some(key) = key.as_str() else {
            return Err(FenceError::new(
                "a key of this `facts` block is not a name",
                EXAMPLE,
                None,
            ));
        };
        let key_at = finder.key(key, 0);
        match key {
            "table" => table = Some(finder.scalar(value, key, key_at)?),
            "columns" => {
                let list = match value {
                    Value::Sequence(items) => items.iter().collect(),
                    other => vec![other],
                };
                let mut from = key_at.end;
                let mut out = Vec::new();
                for item in list {
                    let s = finder.scalar_from(item, key, from)?;
                    from = s.span.end;
                    out.push(s);
                }
                columns = Some(out);
            }
            "where" => {
                let Value::Mapping(conditions) = value else {
                    return Err(FenceError::new(
                        "`where:` takes a column and the values its rows must have",
                        "write for example `where: { category: analytics }` or `where: { category: [analytics, payments] }`",
                        Some(key_at),
                    ));
                };
                let mut from = key_at.end;
                for (column, values) in conditions {
                    let column = finder.scalar_from(column, key, from)?;
                    from = column.span.end;
                    let list = match values {
                        Value::Sequence(items) => items.iter().collect(),
                        other => vec![other],
                    };
                    let mut kept = Vec::new();
                    for v in list {
                        let s = finder.scalar_from(v, &column.text, from)?;
                        from = s.span.end;
                        kept.push(s);
                    }
                    filter.push((column, kept));
                }
            }
            "sort" => {
                let s = finder.scalar(value, key, key_at)?;
                sort = Some(match s.text.strip_prefix('-') {
                    Some(rest) => (
                        Spanned {
                            text: rest.trim().to_string(),
                            span: s.span.start + 1..s.span.end,
                        },
                        true,
                    ),
                    None => (s, false),
                });
            }
            other => {
                let mut message = format!("`{other}` is not a key of a `facts` block");
                if let Some(near) = crate::diagnostics::closest(other, KEYS) {
                    message.push_str(&format!("; did you mean `{near}`?"));
                }
                return Err(FenceError::new(
                    message,
                    format!(
                        "a `facts` block takes {}",
                        KEYS.map(|k| format!("`{k}:`")).join(", ")
                    ),
                    Some(key_at),
                ));
            }
        }
    }
    let Some(table) = table else {
        return Err(FenceError::new(
            "this `facts` block does not say which table to show",
            format!(
                "add `table: <id>`, the name of a file `facts/<id>.yaml`; {}",
                EXAMPLE
            ),
            None,
        ));
    };
    Ok(Placement {
        table,
        columns,
        filter,
        sort,
    })
}

/// Finds where the values of a small YAML text are written.
struct Finder<'b> {
    body: &'b str,
}

impl Finder<'_> {
    /// Where the top-level key `key` is written.
    fn key(&mut self, key: &str, from: usize) -> Range<usize> {
        let mut pos = 0;
        for line in self.body.split_inclusive('\n') {
            if pos >= from
                && line
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            {
                return pos..pos + key.len();
            }
            pos += line.len();
        }
        self.word(key, from)
    }

    /// The first place at or after `from` where `word` is written whole.
    fn word(&self, word: &str, from: usize) -> Range<usize> {
        let from = from.min(self.body.len());
        let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
        let mut at = from;
        while let Some(i) = self.body.get(at..).and_then(|rest| rest.find(word)) {
            let start = at + i;
            let end = start + word.len();
            let before = self.body[..start].chars().next_back();
            let after = self.body[end..].chars().next();
            if !before.is_some_and(is_name) && !after.is_some_and(is_name) {
                return start..end;
            }
            at = end;
            if word.is_empty() {
                break;
            }
        }
        from..from
    }

    /// A scalar value of `key`, written after `key_at`.
    fn scalar(
        &mut self,
        value: &yaml_serde::Value,
        key: &str,
        key_at: Range<usize>,
    ) -> Result<Spanned, FenceError> {
        self.scalar_from(value, key, key_at.end)
            .map_err(|e| FenceError {
                span: Some(key_at),
                ..e
            })
    }

    fn scalar_from(
        &mut self,
        value: &yaml_serde::Value,
        key: &str,
        from: usize,
    ) -> Result<Spanned, FenceError> {
        let Some(text) = crate::source::yaml::scalar_text(value) else {
            return Err(FenceError::new(
                format!("`{key}` takes a name here, not a list or a mapping"),
                EXAMPLE,
                Some(from..from),
            ));
        };
        let text = text.trim().to_string();
        let span = self.word(&text, from);
        Ok(Spanned { text, span })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fence_is_found_with_its_body_and_the_place_of_each_line() {
        let text = "Intro.\n\n```facts\ntable: subprocessors\nsort: -name\n```\n\nAfter.\n";
        let found = fences(text);
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(
            &text[f.range.clone()],
            "```facts\ntable: subprocessors\nsort: -name\n```\n"
        );
        assert_eq!(f.body, "table: subprocessors\nsort: -name\n");
        let at = f.body.find("sort").unwrap();
        assert_eq!(f.text_offset(at), text.find("sort").unwrap());
        assert_eq!(f.lead, "");
    }

    #[test]
    fn a_fence_in_a_list_item_keeps_its_lead_and_other_code_is_not_a_fence() {
        let text =
            "- Item\n\n  ```facts\n  table: cookies\n  ```\n- Next\n\n```yaml\ntable: no\n```\n";
        let found = fences(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].lead, "  ");
        assert_eq!(found[0].body, "table: cookies\n");
        let at = found[0].body.find("cookies").unwrap();
        assert_eq!(found[0].text_offset(at), text.find("cookies").unwrap());
        let quoted = fences("> ```facts\n> table: t\n> ```\n");
        assert_eq!(quoted[0].continuation(), "> ");
        let item = fences("1. ```facts\n   table: t\n   ```\n");
        assert_eq!(item[0].continuation(), "   ");
    }

    #[test]
    fn the_body_gives_table_columns_filter_and_sort_with_their_places() {
        let body = "table: subprocessors\ncolumns: [name, location]\nwhere: { category: [analytics, payments] }\nsort: -name\n";
        let p = parse(body).unwrap();
        assert_eq!(p.table.text, "subprocessors");
        assert_eq!(&body[p.table.span.clone()], "subprocessors");
        let columns: Vec<&str> = p
            .columns
            .as_ref()
            .unwrap()
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(columns, ["name", "location"]);
        let (column, values) = &p.filter[0];
        assert_eq!(column.text, "category");
        assert_eq!(&body[values[1].span.clone()], "payments");
        let (sort, descending) = p.sort.as_ref().unwrap();
        assert_eq!((sort.text.as_str(), *descending), ("name", true));
        assert_eq!(&body[sort.span.clone()], "name");
        assert_eq!(
            p.columns.unwrap()[1].span,
            body.find("location").unwrap()..body.find("location").unwrap() + 8
        );
    }

    #[test]
    fn mistakes_in_the_body_are_named_where_they_are() {
        let e = parse("table: t\nsrot: name\n").unwrap_err();
        assert!(e.message.contains("did you mean `sort`"), "{}", e.message);
        assert_eq!(e.span, Some(9..13));
        let e = parse("columns: [a]\n").unwrap_err();
        assert!(e.message.contains("which table"), "{}", e.message);
        let e = parse("table: [t\n").unwrap_err();
        assert!(e.message.contains("not valid YAML"), "{}", e.message);
        assert_eq!(e.span, Some(9..9));
        assert!(!e.help.contains('\n'), "{}", e.help);
        let e = parse("table: t\nsort: [a, b}\n").unwrap_err();
        assert_eq!(e.span, Some(20..20), "{e:?}");
        let e = parse("- table\n").unwrap_err();
        assert!(e.message.contains("`key: value`"), "{}", e.message);
        let e = parse("table: { a: b }\n").unwrap_err();
        assert!(e.message.contains("takes a name"), "{}", e.message);
        let e = parse("table: t\nwhere: analytics\n").unwrap_err();
        assert!(e.message.contains("`where:`"), "{}", e.message);
        assert_eq!(e.span, Some(9..14));
    }
}
