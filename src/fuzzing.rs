//! Entry points for the fuzz targets in `fuzz/` and for their regression
//! tests: each takes arbitrary bytes and runs one stage as `policyc` would.
//!
//! Not part of the API. Each function panics only where policyc itself
//! would (the fuzzer reports the panic) or where one of the invariants it
//! checks does not hold. Every diagnostic produced is also rendered, as the
//! command line prints it, since rendering can fail on what parsing let
//! through. Inputs holding several files separate them with [`SEPARATOR`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::{Diagnostics, HumanStyle, SourceFiles, render_human, render_json};
use crate::diff::format::{Format, render};
use crate::diff::{diff_markdown, report_files, visible_with_title};
use crate::resolve::{Resolver, VariantKey};
use crate::site::body::render_markdown;
use crate::site::urls::{self, TextLinks};
use crate::source::config::parse_config;
use crate::source::document::{Chunk, SourceDoc, SourceKind, parse_source};
use crate::source::region::{Region, parse_region};
use crate::source::validate::check_translations;
use crate::source::{Project, layout};

pub use crate::commands::serve::fuzzing::request;

/// Separates the files of one input: a line holding only `%%%%`.
pub const SEPARATOR: &str = "\n%%%%\n";

/// The document parser: the input as a base document and as a supplement,
/// then its Markdown rendered as a page body.
pub fn document(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text: Arc<str> = Arc::from(text);
    for (rel, kind) in [
        (layout::document("privacy", "en-US"), SourceKind::Base),
        (
            layout::supplement("us", "privacy", "en-US"),
            SourceKind::Supplement,
        ),
    ] {
        let diags = Diagnostics::default();
        if let Some(doc) = parse_source(&rel, text.clone(), kind, &diags) {
            positions_hold(&doc);
        }
        let mut sources = SourceFiles::default();
        sources.insert(rel, text.clone());
        print(&diags, &sources);
    }
    let key = key("privacy", "us", "en-US");
    render_markdown(&text, &[], &TextLinks::new(&urls::document(&key), &key));
}

/// Supplement application: a base document (`policies/privacy/en-US.md`),
/// then the supplements of the region `us` and of its child `us-ca`, each
/// variant resolved, read as a reader sees it and rendered.
pub fn supplement(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split(SEPARATOR);
    let diags = Diagnostics::default();
    let mut project = project_with_config(CONFIG, &diags);
    for (id, parent) in [("us", None), ("us-ca", Some("us"))] {
        project.regions.insert(
            id.to_string(),
            Region {
                id: id.to_string(),
                name: id.to_uppercase(),
                names: std::collections::BTreeMap::new(),
                name_at: crate::diagnostics::location_at("", 0, 0),
                parent: parent.map(str::to_string),
                locales: None,
                variables: BTreeMap::new(),
                path: layout::region(id),
            },
        );
    }
    if let Some(base) = parts.next() {
        add_source(
            &mut project,
            layout::document("privacy", "en-US"),
            base,
            &diags,
        );
    }
    for region in ["us", "us-ca"] {
        if let Some(part) = parts.next() {
            let rel = layout::supplement(region, "privacy", "en-US");
            add_source(&mut project, rel, part, &diags);
        }
    }
    resolve_all(&project, &diags);
    print(&diags, &project.sources);
}

/// `policyc.yaml` and region files: the first part is the configuration;
/// each other part is a region, its first line the region's id and the rest
/// its YAML. Every variant of a fixed document is then resolved.
pub fn yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split(SEPARATOR);
    let diags = Diagnostics::default();
    let mut project = project_with_config(parts.next().unwrap_or_default(), &diags);
    for part in parts {
        let (id, yaml) = part.split_once('\n').unwrap_or((part, ""));
        // The loader refuses other names before reading the file, and
        // reads one file per region.
        let known = project.regions.contains_key(id) || project.unparsed.regions.contains(id);
        if !region_id(id) || known {
            continue;
        }
        let rel = layout::region(id);
        project.sources.insert(rel.clone(), Arc::from(yaml));
        match parse_region(&project, id, &rel, yaml, &diags) {
            Some(region) => {
                project.regions.insert(id.to_string(), region);
            }
            None => {
                project.unparsed.regions.insert(id.to_string());
            }
        }
    }
    project.add_implicit_region();
    add_source(
        &mut project,
        layout::document("privacy", "en-US"),
        DOCUMENT,
        &diags,
    );
    resolve_all(&project, &diags);
    print(&diags, &project.sources);
}

/// The diff of two Markdown texts, in every output format; a text compared
/// with itself has no changes.
pub fn diff(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (old, new) = text.split_once(SEPARATOR).unwrap_or((text, ""));
    let report = report_files("privacy.md", old, new);
    for format in [
        Format::Text { color: true },
        Format::Markdown,
        Format::Html,
        Format::Json,
    ] {
        render(&report, format);
    }
    for same in [old, new] {
        let diff = diff_markdown(same, same);
        assert!(
            !diff.changed,
            "a text compared with itself changed: {diff:?}"
        );
    }
}

/// The `policyc.yaml` of [`supplement`]'s project.
pub const CONFIG: &str = "name: Fuzz Co. Legal Center\nbase_url: https://legal.example.com/\ndefault_locale: en-US\nlocales: [en-US, es-US]\nvariables:\n  company: Fuzz Co.\n  privacy_email: privacy@example.com\n";

/// The one document of [`yaml`]'s project, `policies/privacy/en-US.md`.
pub const DOCUMENT: &str = "---\ntitle: Privacy at {{ company }}\n---\nWe are {{ company }}.\n\n## Contact {#contact}\nWrite to {{ privacy_email }}.\n";

/// A project holding only `policyc.yaml`, parsed from `text`.
fn project_with_config(text: &str, diags: &Diagnostics) -> Project {
    let rel = layout::config();
    let mut project = Project::default();
    project.sources.insert(rel.clone(), Arc::from(text));
    match parse_config(&rel, text, diags) {
        Some(config) => project.config = config,
        None => project.unparsed.config = true,
    }
    project
}

/// Parses a Markdown source into the project, as the loader files it.
fn add_source(project: &mut Project, rel: PathBuf, text: &str, diags: &Diagnostics) {
    let text: Arc<str> = Arc::from(text);
    project.sources.insert(rel.clone(), text.clone());
    project.has_source_files = true;
    let (region, doc, locale, kind) = match layout::classify(&rel) {
        layout::Kind::Document { doc, locale } => (None, doc, locale, SourceKind::Base),
        layout::Kind::Supplement {
            region,
            doc,
            locale,
            ..
        } => (Some(region), doc, locale, SourceKind::Supplement),
        _ => unreachable!("the fuzzing entry points name only sources"),
    };
    let parsed = parse_source(&rel, text, kind, diags).map(Arc::new);
    if let Some(source) = &parsed {
        positions_hold(source);
    }
    match (region, parsed) {
        (None, Some(source)) => {
            project
                .documents
                .entry(doc)
                .or_default()
                .insert(locale, source);
        }
        (None, None) => {
            project.unparsed.documents.insert(doc);
        }
        (Some(region), Some(source)) => {
            project
                .supplements
                .entry((region, doc))
                .or_default()
                .insert(locale, source);
        }
        (Some(region), None) => {
            project.unparsed.supplements.insert((region, doc));
        }
    }
}

/// Resolves every variant as a build does, checking that what a reader
/// sees of it, assembled from the sources' parse, is what reading its
/// text whole gives (the comparison with a release relies on it).
fn resolve_all(project: &Project, diags: &Diagnostics) {
    if project.unparsed.config {
        return;
    }
    check_translations(project, diags);
    let resolver = Resolver::new(project, diags);
    resolver.check_fallbacks(diags);
    for key in resolver.keys() {
        let Some(variant) = resolver.resolve(&key, diags) else {
            continue;
        };
        let markdown = variant.markdown();
        assert_eq!(
            variant.visible(),
            visible_with_title(&markdown, &variant.title),
            "what a reader sees of {key:?}, assembled, differs from its text read whole:\n{markdown}"
        );
        let links = TextLinks::new(&urls::document(&key), &key);
        render_markdown(&markdown, &variant.section_langs(), &links);
    }
}

/// Each piece of a parsed source says where it is in the file: that is
/// where its messages point.
fn positions_hold(doc: &SourceDoc) {
    let text = &doc.text;
    // Front matter values are YAML: unquoted, their text differs from the
    // file's, but they start where the file has them.
    for Chunk { offset, .. } in [&doc.title, &doc.summary].into_iter().flatten() {
        assert!(
            text.is_char_boundary(*offset),
            "a value is at {offset}, not in the file"
        );
    }
    let chunks = doc.sections.iter().flat_map(|s| [&s.heading, &s.body]);
    for Chunk {
        text: chunk,
        offset,
    } in chunks.chain([&doc.preamble])
    {
        assert_eq!(
            text.get(*offset..offset + chunk.len()),
            Some(chunk.as_str()),
            "a piece of text is not where it says it is ({offset})"
        );
    }
    for section in &doc.sections {
        assert!(
            text.get(section.heading_range.clone()).is_some(),
            "the heading of `{}` is at {:?}, not in the file",
            section.id,
            section.heading_range
        );
        for link in &section.links {
            assert!(
                text.get(link.range.clone()).is_some(),
                "a link is at {:?}, not in the file",
                link.range
            );
        }
    }
}

/// Renders the diagnostics as the command line prints them.
fn print(diags: &Diagnostics, sources: &SourceFiles) {
    let list = diags.sorted();
    for width in [None, Some(40)] {
        render_human(
            &list,
            sources,
            HumanStyle {
                color: false,
                width,
            },
        );
    }
    render_json(&list);
}

fn key(doc: &str, region: &str, locale: &str) -> VariantKey {
    VariantKey {
        doc: doc.to_string(),
        region: region.to_string(),
        locale: locale.to_string(),
    }
}

/// A name the loader takes as a region's (a file `regions/<id>.yaml`).
pub fn region_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
