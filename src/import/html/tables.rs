//! Tables: a plain grid becomes a GFM table; one Markdown cannot hold
//! (merged cells, lists or paragraphs in cells, ragged rows) is kept whole
//! as a raw HTML `<table>`, so no cell's text is lost.

use scraper::{ElementRef, Node};

use super::clean::{Cleaner, MAX_DEPTH, Mode, push_escaped};
use super::text::{collapse, contains_any, visible_text};

/// Marks the place of a raw table in the converter's input; the
/// converter passes private-use characters through untouched.
pub(super) const PLACEHOLDER: char = '\u{F8FF}';

/// Writes the table `el`: as a grid the converter makes a GFM table of,
/// or as a placeholder for its raw HTML.
pub(super) fn table(cleaner: &mut Cleaner, el: ElementRef, depth: usize) {
    let rows = rows(el);
    if rows.is_empty() {
        cleaner.html.push_str("<div>");
        cleaner.children(el, Mode::Block, depth);
        cleaner.html.push_str("</div>");
        return;
    }
    if is_grid(&rows) {
        grid(cleaner, el, &rows, depth);
    } else {
        let mut raw = String::new();
        raw_html(cleaner, el, &mut raw, depth);
        let n = cleaner.raw_tables.len();
        cleaner.raw_tables.push(raw);
        cleaner
            .html
            .push_str(&format!("<p>{PLACEHOLDER}{n}{PLACEHOLDER}</p>"));
    }
}

/// The rows of `el` (not of tables inside it), each with its cells.
fn rows<'a>(el: ElementRef<'a>) -> Vec<Vec<ElementRef<'a>>> {
    let mut trs = Vec::new();
    for child in el.child_elements() {
        match child.value().name() {
            "tr" => trs.push(child),
            "thead" | "tbody" | "tfoot" => {
                trs.extend(child.child_elements().filter(|c| c.value().name() == "tr"))
            }
            _ => {}
        }
    }
    trs.into_iter()
        .map(|tr| {
            tr.child_elements()
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect()
        })
        .collect()
}

/// Whether the rows are a plain grid: all as long, no merged cells, no
/// blocks in the cells.
fn is_grid(rows: &[Vec<ElementRef>]) -> bool {
    let width = rows[0].len();
    width > 0
        && rows.iter().all(|row| {
            row.len() == width
                && row.iter().all(|cell| {
                    span(*cell, "colspan") == 1
                        && span(*cell, "rowspan") == 1
                        && !contains_any(
                            *cell,
                            &[
                                "ul",
                                "ol",
                                "table",
                                "dl",
                                "pre",
                                "blockquote",
                                "br",
                                "hr",
                                "h1",
                                "h2",
                                "h3",
                                "h4",
                                "h5",
                                "h6",
                            ],
                        )
                        && cell
                            .descendent_elements()
                            .filter(|d| d.value().name() == "p")
                            .count()
                            <= 1
                })
        })
}

fn span(cell: ElementRef, attr: &str) -> u32 {
    cell.value()
        .attr(attr)
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1)
}

/// A grid in the one shape the converter makes a GFM table of: the first
/// row the header (GFM tables have one), the caption a paragraph above.
fn grid(cleaner: &mut Cleaner, el: ElementRef, rows: &[Vec<ElementRef>], depth: usize) {
    if let Some(caption) = el.child_elements().find(|c| c.value().name() == "caption") {
        cleaner.html.push_str("<p>");
        cleaner.children(caption, Mode::Inline, depth);
        cleaner.html.push_str("</p>");
    }
    cleaner.html.push_str("<table><thead>");
    for (i, row) in rows.iter().enumerate() {
        let tag = if i == 0 { "th" } else { "td" };
        cleaner.html.push_str("<tr>");
        for cell in row {
            cleaner.html.push('<');
            cleaner.html.push_str(tag);
            cleaner.html.push('>');
            cleaner.children(*cell, Mode::Inline, depth);
            cleaner.html.push_str("</");
            cleaner.html.push_str(tag);
            cleaner.html.push('>');
        }
        cleaner.html.push_str("</tr>");
        if i == 0 {
            cleaner.html.push_str("</thead><tbody>");
        }
    }
    cleaner.html.push_str("</tbody></table>");
}

/// `el` as raw HTML on one line (a Markdown HTML block ends at a blank
/// line): table structure and inline markup kept, links made absolute,
/// whitespace collapsed, chrome inside dropped and listed.
fn raw_html(cleaner: &mut Cleaner, el: ElementRef, out: &mut String, depth: usize) {
    let name = el.value().name();
    if depth > MAX_DEPTH {
        push_escaped(out, &collapse(&visible_text(el)));
        return;
    }
    let kept = match name {
        "table" | "caption" | "thead" | "tbody" | "tfoot" | "tr" | "th" | "td" | "p" | "ul"
        | "ol" | "li" | "code" | "sup" | "sub" | "br" => Some(name),
        "strong" | "b" => Some("strong"),
        "em" | "i" => Some("em"),
        "a" => Some("a"),
        _ => None,
    };
    if let Some(tag) = kept {
        out.push('<');
        out.push_str(tag);
        for attr in ["colspan", "rowspan"] {
            let n = span(el, attr);
            if matches!(tag, "td" | "th") && n > 1 {
                out.push_str(&format!(" {attr}=\"{n}\""));
            }
        }
        if tag == "a"
            && let Some(href) = el.value().attr("href").map(str::trim)
        {
            out.push_str(" href=\"");
            push_escaped(out, &cleaner.resolve(href));
            out.push('"');
        }
        out.push('>');
        if tag == "br" {
            return;
        }
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                let text = collapse(t);
                if t.starts_with(char::is_whitespace) && !out.ends_with([' ', '>']) {
                    out.push(' ');
                }
                push_escaped(out, &text);
                if t.ends_with(char::is_whitespace) && !text.is_empty() {
                    out.push(' ');
                }
            }
            Node::Element(_) => {
                let Some(c) = ElementRef::wrap(child) else {
                    continue;
                };
                match cleaner.chrome(c) {
                    Some(kind) => cleaner.drop(kind, c),
                    None => raw_html(cleaner, c, out, depth + 1),
                }
            }
            _ => {}
        }
    }
    if let Some(tag) = kept {
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
}
