//! What a Tera error says and where, whatever its kind: a one-line message
//! and a position in the template, never Tera's report with its source lines.

use tera::ErrorKind;

/// A Tera error, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeraError {
    /// What is wrong, in one line, as Tera says it.
    pub message: String,
    /// The name of the template the error is in, when Tera says.
    pub template: Option<String>,
    /// Where in that template, when Tera says.
    pub span: Option<Span>,
}

/// A position in a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// 0-based column, in characters.
    pub column0: usize,
    /// Length in characters (at least 1).
    pub chars: usize,
}

/// Reads `e`. Syntax and rendering errors carry their span; the errors
/// found when templates are checked together (an unknown filter, test,
/// function or template) only have it in the text of their report
/// (`error: …` then ` --> name:line:column`), which is read back.
pub fn read(e: &tera::Error) -> TeraError {
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let s = r.span();
            let chars = if s.start_line == s.end_line {
                s.end_col.saturating_sub(s.start_col).max(1)
            } else {
                1
            };
            TeraError {
                message: first_line(r.message()),
                template: Some(r.filename().to_string()).filter(|n| !n.is_empty()),
                span: Some(Span {
                    line: s.start_line.max(1),
                    column0: s.start_col,
                    chars,
                }),
            }
        }
        ErrorKind::Msg(m) => from_report(m).unwrap_or_else(|| TeraError {
            message: first_line(m),
            template: None,
            span: None,
        }),
        _ => TeraError {
            message: first_line(&e.to_string()),
            template: None,
            span: None,
        },
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim().to_string()
}

/// The first report of Tera's text form:
/// ```text
/// error: Unknown filter `x`
///  --> footer.html:3:23
///   |
/// 3 | …
///   |       ^^^^
/// ```
fn from_report(text: &str) -> Option<TeraError> {
    let mut lines = text.lines();
    let message = lines.next()?.strip_prefix("error: ")?.trim().to_string();
    let locus = lines.next()?.trim_start().strip_prefix("--> ")?;
    let (rest, column) = locus.rsplit_once(':')?;
    let (template, line) = rest.rsplit_once(':')?;
    let chars = lines
        .nth(2)
        .map_or(1, |underline| underline.matches('^').count().max(1));
    Some(TeraError {
        message,
        template: Some(template.to_string()),
        span: Some(Span {
            line: line.parse().ok()?,
            column0: column.parse::<usize>().ok()?.saturating_sub(1),
            chars,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_filter_is_read_back_from_its_report() {
        let mut tera = tera::Tera::new();
        let e = tera
            .add_raw_template("a.md@12", "one\ntwo {{ x | nope }}")
            .unwrap_err();
        let read = read(&e);
        assert_eq!(read.message, "Unknown filter `nope`");
        assert_eq!(read.template.as_deref(), Some("a.md@12"));
        assert_eq!(
            read.span,
            Some(Span {
                line: 2,
                column0: 11,
                chars: 4
            })
        );
    }

    #[test]
    fn a_syntax_error_has_its_span() {
        let mut tera = tera::Tera::new();
        let e = tera.add_raw_template("t", "one\n\n{% if %}").unwrap_err();
        let read = read(&e);
        assert_eq!(read.span.map(|s| (s.line, s.column0)), Some((3, 6)));
        assert!(!read.message.contains('\n'));
    }
}
