//! Variable substitution with Tera: `{{ company }}` in titles and bodies,
//! with errors pointing at the source file's own line and column.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use super::ResolvedRegion;
use super::logic;
use super::names::{self, Known, Use, builtin_list, is_builtin};
use super::placements::Shapes;
use super::placements::inline::{self, FactPath, PageFacts};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, location_at, location_of_line_col};
use crate::source::document::{Chunk, SourceDoc};
use crate::source::{Project, layout};
use crate::tera_error;

/// Compiled templates for every chunk of source text that uses Tera syntax,
/// and one context per region.
pub struct Substituter {
    tera: Tera,
    contexts: BTreeMap<String, Context>,
    /// Names of the templates that failed to compile (already reported).
    broken: std::collections::BTreeSet<String>,
    /// For each variable, the regions that define it, for advice.
    defined_in: BTreeMap<String, Vec<String>>,
    /// Every region, to tell which pages lack a name a text reads.
    regions: Vec<ResolvedRegion>,
    /// The region of each supplement, by path: its text is on the pages of
    /// that region and its descendants only.
    supplement_region: BTreeMap<std::path::PathBuf, String>,
    /// The names each template reads, checked against each region's.
    uses: BTreeMap<String, Vec<Use>>,
    /// The `facts.…` paths each template reads, checked against the tables.
    fact_paths: BTreeMap<String, Vec<FactPath>>,
}

/// The variables and built-ins of one page (a variant).
pub struct PageContext<'r> {
    region: &'r ResolvedRegion,
    doc: String,
    context: Context,
    /// The tables as the page's texts read them.
    facts: PageFacts,
    /// The bytes substitution has made so far from each source file.
    made: RefCell<BTreeMap<PathBuf, usize>>,
}

/// What substitution may make of one source file's text on one page: 16
/// times the file's size plus 1 MiB. A variable holding a long text used
/// over and over would otherwise fill the memory.
pub fn output_limit(source_len: usize) -> usize {
    source_len.saturating_mul(16).saturating_add(1 << 20)
}

/// The output of one chunk: refuses to grow past `room` bytes, so that
/// memory never holds more than the limit.
struct Bounded {
    text: Vec<u8>,
    room: usize,
    over: bool,
}

impl Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if bytes.len() > self.room {
            self.over = true;
            return Err(std::io::Error::other("the output limit is reached"));
        }
        self.room -= bytes.len();
        self.text.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn uses_tera(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

fn template_name(source: &SourceDoc, chunk: &Chunk) -> String {
    format!("{}@{}", source.path.display(), chunk.offset)
}

/// A Tera for source text, with its delimiters.
fn tera_instance() -> Tera {
    let mut tera = Tera::new();
    // A constant, valid set of delimiters: failure would be a policyc bug.
    let _ = tera.set_delimiters(super::logic::delimiters());
    tera
}

impl Substituter {
    /// Compiles every chunk that uses `{{ … }}` or `{% … %}`, and checks
    /// that each name it uses is a variable or a built-in.
    pub fn new(
        project: &Project,
        regions: &[ResolvedRegion],
        shapes: &Shapes,
        diags: &Diagnostics,
    ) -> Self {
        check_no_variable_is_builtin(project, diags);
        let known = known(project, regions);
        // Without a readable policyc.yaml (reported), its variables are
        // unknown and no page is made: names are not checked.
        // A region file that failed to parse may define the names used:
        // its error is the one message.
        let checks_names =
            !project.config.locales.is_empty() && project.unparsed.regions.is_empty();
        let mut broken = std::collections::BTreeSet::new();
        let mut uses = BTreeMap::new();
        let mut fact_paths = BTreeMap::new();
        let sources = project.source_docs();
        let mut compiled = Vec::new();
        for source in sources {
            let chunks = source
                .title
                .iter()
                .chain(source.summary.iter())
                .chain(std::iter::once(&source.preamble))
                .chain(source.sections.iter().flat_map(|s| [&s.heading, &s.body]));
            for chunk in chunks.filter(|c| uses_tera(&c.text)) {
                let name = template_name(source, chunk);
                // Only what policies need is compiled: no loop can hang.
                if !logic::check(source, chunk, diags) {
                    broken.insert(name);
                    continue;
                }
                // Each chunk is compiled alone, so that its error is its own.
                if let Err(e) = tera_instance().add_raw_template(&name, &chunk.text) {
                    diags.push(tera_diagnostic(source, chunk, &e, None));
                    broken.insert(name);
                    continue;
                }
                compiled.push((name, source, chunk));
            }
        }
        // Then all at once: Tera checks every template it holds each time
        // one is added, so adding them one by one would take a time
        // quadratic in their number (37 s for 3,000 sections).
        let mut tera = tera_instance();
        let all = compiled
            .iter()
            .map(|(name, _, chunk)| (name.as_str(), chunk.text.as_str()));
        if let Err(e) = tera.add_raw_templates(all) {
            // Each compiled alone: only a policyc bug gets here.
            diags.push(
                Diagnostic::error(format!(
                    "could not compile the variables of the sources: {}",
                    tera_error::read(&e).message
                ))
                .help("each text compiled alone, so this is a policyc bug: please report it"),
            );
            broken.extend(compiled.iter().map(|(name, _, _)| name.clone()));
        } else if checks_names {
            for (name, source, chunk) in compiled {
                let paths = check_fact_paths(source, chunk, shapes, diags);
                match (
                    names::check(&tera, &name, source, chunk, &known, diags),
                    paths,
                ) {
                    // A text quoting a table whose file failed (reported)
                    // is not made: that file's error is the one message.
                    (Some(_), Some(paths)) if quotes_failed(&paths, shapes) => {
                        broken.insert(name);
                    }
                    (Some(list), Some(paths)) => {
                        if !paths.is_empty() {
                            fact_paths.insert(name.clone(), paths);
                        }
                        uses.insert(name, list);
                    }
                    _ => {
                        broken.insert(name);
                    }
                }
            }
        } else {
            // Names are not checked (a region file failed, reported), but
            // the pages that are made still need the tables they quote.
            for (name, _, chunk) in compiled {
                if chunk.text.contains(inline::NAME) {
                    let paths = inline::paths(&logic::tokens(&chunk.text));
                    if quotes_failed(&paths, shapes) {
                        broken.insert(name);
                    } else if !paths.is_empty() {
                        fact_paths.insert(name, paths);
                    }
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
                ctx.insert("region", &r.id);
                ctx.insert("region_name", &r.name);
                (r.id.clone(), ctx)
            })
            .collect();
        let mut defined_in: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in regions {
            for k in r.variables.keys() {
                defined_in.entry(k.clone()).or_default().push(r.id.clone());
            }
        }
        let supplement_region = project
            .supplements
            .iter()
            .flat_map(|((region, _), by_locale)| {
                by_locale.values().map(|s| (s.path.clone(), region.clone()))
            })
            .collect();
        Substituter {
            tera,
            contexts,
            broken,
            defined_in,
            regions: regions.to_vec(),
            supplement_region,
            uses,
            fact_paths,
        }
    }

    /// Whether any text reads `facts.…`: only then does a page need them.
    pub fn reads_facts(&self) -> bool {
        !self.fact_paths.is_empty()
    }

    /// What the texts of one page see: the region's variables and the
    /// built-ins of the page (`doc` in `locale`). Made once per variant.
    pub fn page<'r>(
        &self,
        region: &'r ResolvedRegion,
        doc: &str,
        locale: &str,
    ) -> Option<PageContext<'r>> {
        let mut context = self.contexts.get(&region.id)?.clone();
        context.insert("locale", locale);
        context.insert("region_name", region.name_in(locale));
        context.insert("doc", doc);
        Some(PageContext {
            region,
            doc: doc.to_string(),
            context,
            facts: PageFacts::default(),
            made: RefCell::default(),
        })
    }

    /// The chunk's text with the page's variables and built-ins substituted,
    /// or `None` after reporting an error.
    pub fn apply(
        &self,
        source: &SourceDoc,
        chunk: &Chunk,
        page: &PageContext<'_>,
        diags: &Diagnostics,
    ) -> Option<String> {
        let region = page.region;
        if !uses_tera(&chunk.text) {
            return Some(chunk.text.clone());
        }
        let name = template_name(source, chunk);
        if self.broken.contains(&name) {
            return None;
        }
        // A name only some regions define is an error where it is read
        // without an `is defined` test, not a silently false `{% if %}`.
        let undefined: Vec<&Use> = self.uses.get(&name).map_or(Vec::new(), |uses| {
            uses.iter()
                .filter(|u| !u.is_defined_by(&region.variables))
                .collect()
        });
        for u in &undefined {
            let at = location_at(&source.text, chunk.offset + u.offset, u.name.len());
            diags.push(self.undefined(source, &u.name, at, &page.doc));
        }
        if !undefined.is_empty() {
            return None;
        }
        if let Some(paths) = self.fact_paths.get(&name) {
            let mut lacking = false;
            for path in paths.iter().filter(|p| !p.guarded) {
                if let Some(reason) = page.facts.lacks(path) {
                    lacking = true;
                    let at = location_at(&source.text, chunk.offset + path.offset, path.len);
                    diags.push(lacking_fact(source, path, &reason, region, at));
                }
            }
            if lacking {
                return None;
            }
        }
        let limit = output_limit(source.text.len());
        let mut made = page.made.borrow_mut();
        let made = made.entry(source.path.clone()).or_default();
        if *made > limit {
            // Reported already.
            return None;
        }
        let mut out = Bounded {
            text: Vec::new(),
            room: limit - *made,
            over: false,
        };
        match self.tera.render_to(&name, &page.context, &mut out) {
            Ok(()) => {
                *made += out.text.len();
                Some(String::from_utf8_lossy(&out.text).into_owned())
            }
            Err(_) if out.over => {
                *made = usize::MAX;
                diags.push(too_long(source, chunk, limit));
                None
            }
            Err(e) => {
                diags.push(tera_diagnostic(source, chunk, &e, Some((self, &page.doc))));
                None
            }
        }
    }

    /// `name` has no value on some pages showing `source` (of `doc`): one
    /// message for all of them, naming the regions that lack it and those
    /// that define it. The same on every page, so it is reported once.
    fn undefined(&self, source: &SourceDoc, name: &str, at: Location, doc: &str) -> Diagnostic {
        let owner = self.supplement_region.get(&source.path);
        let lacking: Vec<&str> = self
            .regions
            .iter()
            .filter(|r| r.documents.iter().any(|d| d == doc))
            .filter(|r| owner.is_none_or(|o| r.chain.contains(o)))
            .filter(|r| !r.variables.contains_key(name))
            .map(|r| r.id.as_str())
            .collect();
        let mut message = format!("undefined variable `{name}`");
        if !lacking.is_empty() {
            message.push_str(&format!(
                " on the pages of {} {}",
                if lacking.len() == 1 {
                    "region"
                } else {
                    "regions"
                },
                lacking.join(", ")
            ));
        }
        let help = match self.defined_in.get(name) {
            Some(regions) => format!(
                "`{name}` is defined only for: {}; to use it only there, test it first: `{{% if {name} is defined %}}`; to use it everywhere, define it in a region they all inherit from, or under `variables:` in policyc.yaml",
                regions.join(", ")
            ),
            None => format!(
                "define `{name}` under `variables:` in policyc.yaml, or in the file of each region that uses this text"
            ),
        };
        Diagnostic::error(message)
            .in_file(&source.path)
            .at(at)
            .help(help)
    }
}

impl PageContext<'_> {
    /// Gives the page's texts the tables, as `facts`.
    pub fn set_facts(&mut self, facts: PageFacts) {
        self.context.insert(inline::NAME, &facts.value());
        self.facts = facts;
    }
}

/// Whether one of `paths` quotes a table whose file failed to parse.
fn quotes_failed(paths: &[FactPath], shapes: &Shapes) -> bool {
    paths
        .iter()
        .any(|p| p.parts.first().is_some_and(|t| shapes.failed(t)))
}

/// Checks each `facts.…` path `chunk` reads against the tables; the paths,
/// or `None` after reporting a mistake.
fn check_fact_paths(
    source: &SourceDoc,
    chunk: &Chunk,
    shapes: &Shapes,
    diags: &Diagnostics,
) -> Option<Vec<FactPath>> {
    if !chunk.text.contains(inline::NAME) {
        return Some(Vec::new());
    }
    let paths = inline::paths(&logic::tokens(&chunk.text));
    let mut ok = true;
    for path in &paths {
        if let Err((message, help)) = inline::check(path, shapes) {
            ok = false;
            diags.push(
                Diagnostic::error(message)
                    .in_file(&source.path)
                    .at(location_at(
                        &source.text,
                        chunk.offset + path.offset,
                        path.len,
                    ))
                    .help(help),
            );
        }
    }
    ok.then_some(paths)
}

/// `path` has no value on the pages of `region`, for `reason`.
fn lacking_fact(
    source: &SourceDoc,
    path: &FactPath,
    reason: &str,
    region: &ResolvedRegion,
    at: Location,
) -> Diagnostic {
    let written = path.written();
    Diagnostic::error(format!(
        "`{written}` has no value on the pages of region {}: {reason}",
        region.id
    ))
    .in_file(&source.path)
    .at(at)
    .help(format!(
        "quote a cell every region's table has, or test it first: `{{% if {written} is defined %}}`"
    ))
}

/// The text of `source` grew past `limit` bytes as variables were
/// substituted in `chunk` (the same on every page, so reported once), at
/// the first line of that chunk.
fn too_long(source: &SourceDoc, chunk: &Chunk, limit: usize) -> Diagnostic {
    // The chunk's first line of text (it may start with blank lines).
    let body = chunk.text.trim_start_matches(['\n', '\r']);
    let start = chunk.offset + chunk.text.len() - body.len();
    let first_line = body.lines().next().unwrap_or_default().len();
    Diagnostic::error(format!(
        "substituting variables in this part makes the file's text longer than {:.1} MiB, the limit for it (16 times its size plus 1 MiB)",
        limit as f64 / f64::from(1 << 20)
    ))
    .in_file(&source.path)
    .at(location_at(&source.text, start, first_line))
    .help("a very long variable, or one used very many times, makes the page too long: shorten the variable or use it less often")
}

fn tera_diagnostic(
    source: &SourceDoc,
    chunk: &Chunk,
    e: &tera::Error,
    context: Option<(&Substituter, &str)>,
) -> Diagnostic {
    let read = tera_error::read(e);
    let location = match read.span {
        // Tera counts columns in characters, as our locations do; the
        // length of the span is wanted in bytes.
        Some(span) => {
            let within = location_of_line_col(&chunk.text, span.line, span.column0, 0);
            let len = chunk.text[within.offset..]
                .chars()
                .take(span.chars)
                .map(char::len_utf8)
                .sum();
            location_at(&source.text, chunk.offset + within.offset, len)
        }
        None => location_at(&source.text, chunk.offset, 0),
    };
    if let Some(name) = undefined_variable(&read.message) {
        if let Some((sub, doc)) = context {
            return sub.undefined(source, name, location, doc);
        }
        return Diagnostic::error(format!("undefined variable `{name}`"))
            .in_file(&source.path)
            .at(location);
    }
    if let Some(d) = unmatched_if(source, chunk, &read.message, location) {
        return d;
    }
    // The chunk's template name is policyc's own: the file is named instead.
    let message = read.message.replace(
        &template_name(source, chunk),
        &crate::diagnostics::display_path(&source.path),
    );
    Diagnostic::error(format!("could not substitute variables: {message}"))
        .in_file(&source.path)
        .at(location)
        .help("variables are written `{{ name }}`; to show `{{` itself, write `{{ \"{{\" }}`")
}

/// An `{% if %}` without its `{% endif %}`, or an `{% endif %}`, `{% else %}`
/// or `{% elif %}` without its `{% if %}`: Tera says "Unexpected end of
/// input" or "Unknown tag". Each piece of text (a title, a heading, a
/// section's body) is substituted alone, so an `if` cannot span sections.
fn unmatched_if(
    source: &SourceDoc,
    chunk: &Chunk,
    message: &str,
    location: Location,
) -> Option<Diagnostic> {
    let help = "an `{% if %}` and its `{% endif %}` must be in the same section (or the same heading or title)";
    let (at, message) = match message {
        "Unexpected end of input" => (
            logic::unclosed_if(&chunk.text)?,
            "this `{% if %}` has no `{% endif %}`".to_string(),
        ),
        "Unknown tag" => {
            let within = location.offset.checked_sub(chunk.offset)?;
            let (at, keyword) = logic::statement_at(&chunk.text, within)?;
            if !matches!(keyword, "endif" | "else" | "elif") {
                return None;
            }
            (
                at,
                format!("this `{{% {keyword} %}}` has no `{{% if %}}` before it"),
            )
        }
        _ => return None,
    };
    let keyword_len = chunk.text[at..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(0);
    Some(
        Diagnostic::error(message)
            .in_file(&source.path)
            .at(location_at(&source.text, chunk.offset + at, keyword_len))
            .help(help),
    )
}

/// Tera says "Variable `x` is not defined. …"; the name is what users need.
fn undefined_variable(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("Variable `")?;
    let (name, tail) = rest.split_once('`')?;
    tail.contains("not defined").then_some(name)
}

/// The names and ids templates are checked against.
fn known(project: &Project, regions: &[ResolvedRegion]) -> Known {
    Known {
        variables: regions
            .iter()
            .flat_map(|r| r.variables.keys().cloned())
            // A region that did not resolve (its parent failed) still
            // defines its names.
            .chain(
                project
                    .regions
                    .values()
                    .flat_map(|r| r.variables.keys().cloned()),
            )
            .chain(project.config.variables.keys().cloned())
            .collect(),
        regions: regions
            .iter()
            .map(|r| r.id.clone())
            .chain(project.regions.keys().cloned())
            .collect(),
        region_names: regions
            .iter()
            .flat_map(|r| std::iter::once(&r.name).chain(r.names.values()))
            .cloned()
            .chain(project.regions.values().map(|r| r.name.clone()))
            .collect(),
        locales: project.config.locales.iter().cloned().collect(),
        docs: project
            .documents
            .keys()
            .cloned()
            .chain(project.supplements.keys().map(|(_, doc)| doc.clone()))
            .collect(),
    }
}

/// A variable named like a built-in would hide it (or be hidden by it).
fn check_no_variable_is_builtin(project: &Project, diags: &Diagnostics) {
    let config = layout::config();
    let files = std::iter::once((config.as_path(), &project.config.variables)).chain(
        project
            .regions
            .values()
            .map(|r| (r.path.as_path(), &r.variables)),
    );
    for (path, variables) in files {
        for name in variables.keys().filter(|n| is_builtin(n)) {
            diags.push(builtin_clash(project, path, name));
        }
    }
}

fn builtin_clash(project: &Project, path: &Path, name: &str) -> Diagnostic {
    let text = project.sources.get(path).unwrap_or("");
    // Variables are nested under `variables:`: the key is indented, or
    // inside `{ … }`, never at a line's start like `default_locale:`.
    let key = format!("{name}:");
    let offset = text
        .match_indices(&key)
        .map(|(i, _)| i)
        .find(|&i| text[..i].ends_with([' ', '\t', '{', ',']))
        .unwrap_or(0);
    Diagnostic::error(format!(
        "`{name}` is a built-in name, so it cannot be a variable"
    ))
    .in_file(path)
    .at(location_at(text, offset, name.len()))
    .help(format!(
        "rename the variable (documents use {{{{ {name} }}}} for the built-in); the built-in names are {}",
        builtin_list()
    ))
}
