//! Tables: a plain grid becomes a GFM table; one Markdown cannot hold
//! (merged cells, lists or paragraphs in cells, ragged rows) is kept whole
//! as a raw HTML `<table>`, so no cell's text is lost.

use scraper::{ElementRef, Node};

use super::lists;
use super::nesting::MAX_DEPTH;
use super::text::{
    TABLE_SIGN, collapse, contains_any, preformatted_text, push_escaped, visible_text,
};

/// What writing a table needs of the walk that meets it (the cleaner):
/// cells are written as the rest of the page is, chrome in them dropped.
pub(super) trait Cells {
    /// The HTML written so far, which the table is added to.
    fn html(&mut self) -> &mut String;
    /// Writes the children of `el` as inline text (a cell, a caption).
    fn inline(&mut self, el: ElementRef, depth: usize);
    /// Writes the children of `el` as blocks (a table without rows).
    fn blocks(&mut self, el: ElementRef, depth: usize);
    /// Keeps a table's raw HTML aside; its number.
    fn keep_raw(&mut self, raw: String) -> usize;
    /// `href` made absolute against the page's address.
    fn resolve(&self, href: &str) -> String;
    /// Whether `el` is chrome, recorded as dropped if so.
    fn drop_chrome(&mut self, el: ElementRef) -> bool;
}

/// Writes the table `el`: as a grid the converter makes a GFM table of,
/// or as a placeholder for its raw HTML.
pub(super) fn table(cells: &mut dyn Cells, el: ElementRef, depth: usize) {
    let rows = rows(el);
    if rows.is_empty() {
        cells.html().push_str("<div>");
        cells.blocks(el, depth);
        cells.html().push_str("</div>");
        return;
    }
    if is_grid(&rows) {
        grid(cells, el, &rows, depth);
    } else {
        let mut raw = String::new();
        raw_html(cells, el, &mut raw, depth);
        let n = cells.keep_raw(raw);
        cells
            .html()
            .push_str(&format!("<p>{TABLE_SIGN}{n}{TABLE_SIGN}</p>"));
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

/// The text of a `<pre>` in a raw table, its lines and spaces kept: a line
/// break within the table's HTML block, but written `&#10;` (the same
/// line break to the page) beside a blank line, which would end the block.
fn push_preformatted(out: &mut String, text: &str) {
    let text = text.trim_end_matches(['\n', '\r']);
    // The parser drops a line break just after `<pre>`: one is given it,
    // so that a blank first line the page showed stays.
    if text.starts_with(['\n', '\r']) {
        out.push('\n');
    }
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    for (i, line) in lines.iter().enumerate() {
        push_escaped(out, line);
        if let Some(next) = lines.get(i + 1) {
            let beside_blank = line.trim().is_empty() || next.trim().is_empty();
            out.push_str(if beside_blank { "&#10;" } else { "\n" });
        }
    }
}

fn span(cell: ElementRef, attr: &str) -> u32 {
    cell.value()
        .attr(attr)
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1)
}

/// A grid in the one shape the converter makes a GFM table of: the first
/// row the header (GFM tables have one), the caption a paragraph above.
fn grid(cells: &mut dyn Cells, el: ElementRef, rows: &[Vec<ElementRef>], depth: usize) {
    if let Some(caption) = el.child_elements().find(|c| c.value().name() == "caption") {
        cells.html().push_str("<p>");
        cells.inline(caption, depth);
        cells.html().push_str("</p>");
    }
    cells.html().push_str("<table><thead>");
    for (i, row) in rows.iter().enumerate() {
        let tag = if i == 0 { "th" } else { "td" };
        cells.html().push_str("<tr>");
        for cell in row {
            cells.html().push_str(&format!("<{tag}>"));
            cells.inline(*cell, depth);
            cells.html().push_str(&format!("</{tag}>"));
        }
        cells.html().push_str("</tr>");
        if i == 0 {
            cells.html().push_str("</thead><tbody>");
        }
    }
    cells.html().push_str("</tbody></table>");
}

/// `el` as raw HTML on one line (a Markdown HTML block ends at a blank
/// line): table structure and inline markup kept, links made absolute,
/// whitespace collapsed but a `<pre>`'s, chrome inside dropped and
/// listed.
fn raw_html(cells: &mut dyn Cells, el: ElementRef, out: &mut String, depth: usize) {
    let name = el.value().name();
    if depth > MAX_DEPTH {
        push_escaped(out, &collapse(&visible_text(el)));
        return;
    }
    if name == "pre" {
        out.push_str("<pre>");
        push_preformatted(out, &preformatted_text(el));
        out.push_str("</pre>");
        return;
    }
    if name == "ol"
        && let Some(numbering) = lists::numbering(el)
    {
        // Lettered: each item a paragraph starting with its marker, as
        // outside tables (the page's `type` would not be kept).
        let mut number = lists::start(el);
        for li in el.child_elements().filter(|c| c.value().name() == "li") {
            out.push_str("<p>");
            push_escaped(out, &lists::item_marker(numbering, li, &mut number));
            raw_children(cells, li, out, depth);
            out.push_str("</p>");
        }
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
            push_escaped(out, &cells.resolve(href));
            out.push('"');
        }
        out.push('>');
        if tag == "br" {
            return;
        }
    }
    raw_children(cells, el, out, depth);
    if let Some(tag) = kept {
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
}

/// The children of `el` as raw HTML, text collapsed, chrome dropped.
fn raw_children(cells: &mut dyn Cells, el: ElementRef, out: &mut String, depth: usize) {
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
                if !cells.drop_chrome(c) {
                    raw_html(cells, c, out, depth + 1);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::push_preformatted;

    #[test]
    fn preformatted_lines_stay_lines_and_no_line_is_blank() {
        let mut out = String::new();
        push_preformatted(&mut out, "\none\n  two\n\n   \nthree\n");
        assert_eq!(out, "\n&#10;one\n  two&#10;&#10;   &#10;three");
        assert!(!out.lines().skip(1).any(|l| l.trim().is_empty()), "{out}");
    }
}
