//! The redline page: a standalone, accessible HTML document. Insertions and
//! deletions are marked by underline and strike-through, by words for screen
//! readers, and by colour only on top of that (the marks are
//! [`crate::diff::redline`]'s, which the site's pages use too).

use std::fmt::Write as _;

use super::{RESTORED_NOTE, WITHDRAWN_NOTE, change_word, formatting_note, shown};
use crate::diff::facts::RowChangeKind;
use crate::diff::redline::{ENGLISH, block, escape_html, marked};
use crate::diff::report::{Report, applies_to};

fn ins(text: &str) -> String {
    marked("ins", ENGLISH.inserted, text)
}

fn del(text: &str) -> String {
    marked("del", ENGLISH.deleted, text)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1d232b}\
ins{text-decoration:underline;text-decoration-thickness:2px;background:#e3f4e3;color:#0b4d0b}\
del{text-decoration:line-through;background:#fbe4e4;color:#7a1010}\
.moved{color:#1f4f8a;font-weight:600}.moved-block{background:#e6eefa;color:#123a63}\
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\
.change{font-weight:600;text-transform:capitalize}.id{color:#4a5562;font-family:monospace}\
.block{margin:.4rem 0 .4rem 1rem;padding-left:.75rem;border-left:3px solid #d5dbe2}\
.applies{color:#4a5562}";

/// Renders the report as a standalone HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Policy changes</title>\n");
    let _ = writeln!(
        out,
        "<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>Policy changes</h1>"
    );
    if report.is_empty() {
        out.push_str("<p>No changes.</p>\n");
    } else if !report.changed {
        out.push_str("<p>No text changes: only links or formatting changed.</p>\n");
    }
    for doc in &report.documents {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape_html(&doc.title));
        if !doc.applies_to.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"applies\">Applies to {}</p>",
                escape_html(&doc.applies_to)
            );
        }
        for t in &doc.titles {
            let _ = writeln!(
                out,
                "<p><span class=\"change\">Title</span>: {} {}</p>",
                del(t.change.old.as_deref().unwrap_or_default()),
                ins(t.change.new.as_deref().unwrap_or_default())
            );
        }
        if !doc.withdrawn.is_empty() {
            let _ = writeln!(
                out,
                "<h3><span class=\"change\">withdrawn</span></h3>\n<p>Withdrawn from {}: {}.</p>",
                escape_html(&doc.withdrawn_from),
                escape_html(WITHDRAWN_NOTE)
            );
        }
        if !doc.restored.is_empty() {
            let _ = writeln!(
                out,
                "<h3><span class=\"change\">restored</span></h3>\n<p>Restored in {}: {}.</p>",
                escape_html(&doc.restored_in),
                escape_html(RESTORED_NOTE)
            );
        }
        for report in shown(doc) {
            let s = &report.change;
            let _ = write!(
                out,
                "<h3><span class=\"change\">{}</span>: {}",
                change_word(s),
                escape_html(&s.heading_path())
            );
            if !s.id.is_empty() {
                let _ = write!(out, " <span class=\"id\">#{}</span>", escape_html(&s.id));
            }
            out.push_str("</h3>\n");
            if !report.applies_to.is_empty() && report.applies_to != doc.applies_to {
                let _ = writeln!(
                    out,
                    "<p class=\"applies\">Applies to {}</p>",
                    escape_html(&report.applies_to)
                );
            }
            if let Some(old) = &s.old_heading {
                let _ = writeln!(out, "<p>Heading: {} {}</p>", del(old), ins(&s.heading));
            }
            if s.moved {
                out.push_str("<p>This section moved.</p>\n");
            }
            for b in &s.blocks {
                let _ = writeln!(out, "<p class=\"block\">{}</p>", block(b, ENGLISH));
            }
            if !s.links.is_empty() {
                out.push_str("<ul>\n");
                for l in &s.links {
                    let _ = writeln!(
                        out,
                        "<li>Link “{}”: {} → {}</li>",
                        escape_html(&l.text),
                        escape_html(l.old.as_deref().unwrap_or("(none)")),
                        escape_html(l.new.as_deref().unwrap_or("(none)"))
                    );
                }
                out.push_str("</ul>\n");
            }
        }
        if let Some(note) = formatting_note(doc) {
            let _ = writeln!(out, "<p>{}</p>", escape_html(&note));
        }
        out.push_str("</section>\n");
    }
    if !report.facts.is_empty() {
        out.push_str("<section>\n<h2>Tables</h2>\n<ul>\n");
        for fact in &report.facts {
            let sentence = &fact.change.sentence;
            let said = match fact.change.change {
                RowChangeKind::Added => ins(sentence),
                RowChangeKind::Removed => del(sentence),
                _ => escape_html(sentence),
            };
            let _ = writeln!(
                out,
                "<li data-table=\"{}\">{said} <span class=\"applies\">(applies to {})</span></li>",
                escape_html(&fact.change.table),
                escape_html(&applies_to(&fact.applies_to))
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
