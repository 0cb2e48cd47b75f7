//! Variable substitution with Tera: `{{ company }}` in titles and bodies,
//! with errors pointing at the source file's own line and column.

use std::collections::BTreeMap;

use tera::{Context, Delimiters, ErrorKind, Tera};

use super::ResolvedRegion;
use crate::diagnostics::{Diagnostic, Diagnostics, location_at, location_of_line_col};
use crate::source::Project;
use crate::source::document::{Chunk, SourceDoc};

/// Compiled templates for every chunk of source text that uses Tera syntax,
/// and one context per region.
pub struct Substituter {
    tera: Tera,
    contexts: BTreeMap<String, Context>,
    /// Names of the templates that failed to compile (already reported).
    broken: std::collections::BTreeSet<String>,
    /// For each variable, the regions that define it, for advice on typos.
    defined_in: BTreeMap<String, Vec<String>>,
}

fn uses_tera(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

fn template_name(source: &SourceDoc, chunk: &Chunk) -> String {
    format!("{}@{}", source.path.display(), chunk.offset)
}

/// Heading ids are written `{#id}`, which is also how a Tera comment opens.
/// Comments are moved to delimiters no policy contains, so `{#` stays text.
fn delimiters() -> Delimiters {
    Delimiters {
        comment_start: "\u{1}\u{2}".into(),
        comment_end: "\u{2}\u{1}".into(),
        ..Delimiters::default()
    }
}

impl Substituter {
    /// Compiles every chunk that uses `{{ … }}` or `{% … %}`.
    pub fn new(project: &Project, regions: &[ResolvedRegion], diags: &Diagnostics) -> Self {
        let mut tera = Tera::new();
        // A constant, valid set of delimiters: failure would be a policyc bug.
        let _ = tera.set_delimiters(delimiters());
        let mut broken = std::collections::BTreeSet::new();
        let sources = project
            .documents
            .values()
            .chain(project.supplements.values())
            .flat_map(|by_locale| by_locale.values());
        for source in sources {
            let chunks = source
                .title
                .iter()
                .chain(std::iter::once(&source.preamble))
                .chain(source.sections.iter().flat_map(|s| [&s.heading, &s.body]));
            for chunk in chunks.filter(|c| uses_tera(&c.text)) {
                let name = template_name(source, chunk);
                if let Err(e) = tera.add_raw_template(&name, &chunk.text) {
                    diags.push(tera_diagnostic(source, chunk, &e, None));
                    broken.insert(name);
                }
            }
        }
        let contexts = regions
            .iter()
            .map(|r| {
                let mut ctx = Context::new();
                for (k, v) in &r.variables {
                    ctx.insert(k.clone(), v);
                }
                (r.id.clone(), ctx)
            })
            .collect();
        let mut defined_in: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in regions {
            for k in r.variables.keys() {
                defined_in.entry(k.clone()).or_default().push(r.id.clone());
            }
        }
        Substituter {
            tera,
            contexts,
            broken,
            defined_in,
        }
    }

    /// The chunk's text with the region's variables substituted, or `None`
    /// after reporting an error.
    pub fn apply(
        &self,
        source: &SourceDoc,
        chunk: &Chunk,
        region: &ResolvedRegion,
        _doc: &str,
        diags: &Diagnostics,
    ) -> Option<String> {
        if !uses_tera(&chunk.text) {
            return Some(chunk.text.clone());
        }
        let name = template_name(source, chunk);
        if self.broken.contains(&name) {
            return None;
        }
        let ctx = self.contexts.get(&region.id)?;
        match self.tera.render(&name, ctx) {
            Ok(text) => Some(text),
            Err(e) => {
                diags.push(tera_diagnostic(source, chunk, &e, Some(self)));
                None
            }
        }
    }
}

fn tera_diagnostic(
    source: &SourceDoc,
    chunk: &Chunk,
    e: &tera::Error,
    context: Option<&Substituter>,
) -> Diagnostic {
    let report = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let Some(report) = report else {
        return Diagnostic::error(format!("could not substitute variables: {e}"))
            .in_file(&source.path)
            .at(location_at(&source.text, chunk.offset, 0));
    };
    let span = report.span();
    // Tera counts columns in characters, as our locations do; the length
    // of the span is wanted in bytes.
    let chars = if span.start_line == span.end_line {
        span.end_col.saturating_sub(span.start_col).max(1)
    } else {
        1
    };
    let within = location_of_line_col(&chunk.text, span.start_line.max(1), span.start_col, 0);
    let len = chunk.text[within.offset..]
        .chars()
        .take(chars)
        .map(char::len_utf8)
        .sum();
    let location = location_at(&source.text, chunk.offset + within.offset, len);
    let message = report.message();
    if let Some(name) = undefined_variable(message) {
        let mut help = format!(
            "define `{name}` under `variables:` in policyc.yaml, or in the file of each region that uses this text"
        );
        if let Some(sub) = context {
            match sub.defined_in.get(name) {
                Some(regions) => {
                    help.push_str(&format!("; it is defined only for: {}", regions.join(", ")))
                }
                None => help.push_str("; no region defines it (a typo?)"),
            }
        }
        return Diagnostic::error(format!("undefined variable `{name}`"))
            .in_file(&source.path)
            .at(location)
            .help(help);
    }
    Diagnostic::error(format!("could not substitute variables: {message}"))
        .in_file(&source.path)
        .at(location)
        .help("variables are written `{{ name }}`; to show `{{` itself, write `{{ \"{{\" }}`")
}

/// Tera says "Variable `x` is not defined. …"; the name is what users need.
fn undefined_variable(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("Variable `")?;
    let (name, tail) = rest.split_once('`')?;
    tail.contains("not defined").then_some(name)
}
