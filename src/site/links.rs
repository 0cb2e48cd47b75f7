//! Checks the links of a variant's text that lead to other pages of the
//! site: `doc:` links, and relative links read from the document's page.
//! (`#id` links to the same page are checked when a variant is resolved.)

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, location_at};
use crate::markdown::links::{DOCUMENT_SCHEME, LinkTo};
use crate::memo::Memo;
use crate::resolve::{Resolver, Variant, VariantKey};
use crate::source::document::{InternalLink, SourceDoc};
use crate::source::{Project, layout};

use super::urls::{self, Target};

/// A link to another page, with the source it is written in.
pub type PageLink = (Arc<SourceDoc>, InternalLink);

/// The ids of each linked page (its sections', its raw HTML's), resolved
/// once per build.
pub type LinkedSections = Memo<VariantKey, BTreeSet<String>>;

/// Checks links against the pages `resolver` makes.
pub struct LinkCheck<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its variants.
    pub resolver: &'a Resolver<'a>,
    /// The sections of the pages linked to so far.
    pub sections: &'a LinkedSections,
    /// Every document released before, present or not.
    pub released: &'a BTreeSet<String>,
}

/// The documents some text links to (`doc:` or relative links): those
/// whose pages' sections a link check may ask for. `None` when a
/// relative link may lead to any of them.
pub fn linked_documents(project: &Project) -> Option<BTreeSet<String>> {
    let mut linked = BTreeSet::new();
    for source in project.source_docs() {
        let links = source
            .preamble_links
            .iter()
            .chain(source.sections.iter().flat_map(|s| s.links.iter()));
        for link in links {
            match &link.to {
                LinkTo::Document { doc, .. } => {
                    linked.insert(doc.clone());
                }
                LinkTo::Relative(_) => return None,
                LinkTo::Section(_) => {}
            }
        }
    }
    Some(linked)
}

impl LinkCheck<'_> {
    /// Keeps what links to `variant` may lead to, worked out from the
    /// variant a page has just resolved, so that a link to it is checked
    /// without resolving its page again.
    pub fn keep_targets(&self, variant: &Variant) {
        self.sections.get_or(&variant.key, || {
            variant.link_targets().map(str::to_string).collect()
        });
    }

    /// Reports, at the link, every link of `variant`'s text that leads to
    /// a page (or a section) the site does not have, and returns its links
    /// to other pages, so that a page the preview keeps can be checked
    /// again ([`LinkCheck::links`]) when the pages it links to change.
    pub fn variant(&self, variant: &Variant, diags: &Diagnostics) -> Vec<PageLink> {
        let links: Vec<PageLink> = variant
            .links()
            .filter(|(_, link)| !matches!(link.to, LinkTo::Section(_)))
            .map(|(source, link)| (source.clone(), link.clone()))
            .collect();
        self.links(&variant.key, &links, diags);
        links
    }

    /// Reports, at the link, every one of `links` (on the page of `key`)
    /// that leads to a page (or a section) the site does not have.
    pub fn links(&self, key: &VariantKey, links: &[PageLink], diags: &Diagnostics) {
        for (source, link) in links {
            let problem = match &link.to {
                LinkTo::Section(_) => None,
                LinkTo::Document { .. } if link.in_html => Some(
                    Diagnostic::error(format!(
                        "this link, `{}`, is written in raw HTML, where a `{DOCUMENT_SCHEME}` link does not work",
                        link_text(&link.to)
                    ))
                    .help(format!(
                        "write it as a Markdown link: `[text]({})`",
                        link_text(&link.to)
                    )),
                ),
                LinkTo::Document { doc, section } => {
                    let target = VariantKey {
                        doc: doc.clone(),
                        ..key.clone()
                    };
                    self.document(
                        key,
                        &target,
                        section.as_deref(),
                        &link_text(&link.to),
                        &source.path,
                    )
                }
                LinkTo::Relative(href) => self.relative(key, href, &source.path),
            };
            if let Some(d) = problem {
                let at = location_at(&source.text, link.range.start, link.range.len());
                diags.push(d.in_file(&source.path).at(at));
            }
        }
    }

    /// Every document the project publishes somewhere, sorted.
    fn documents(&self) -> Vec<&str> {
        let all: BTreeSet<&str> = self
            .resolver
            .regions()
            .iter()
            .flat_map(|r| r.documents.iter().map(String::as_str))
            .collect();
        all.into_iter().collect()
    }

    /// Whether a source of `doc` was read but did not load: the error that
    /// says so is the one message.
    fn did_not_load(&self, doc: &str) -> bool {
        let unparsed = &self.project.unparsed;
        unparsed.policies
            || unparsed.documents.contains(doc)
            || self
                .project
                .sources
                .paths()
                .any(|path| match layout::classify(path) {
                    layout::Kind::Document { doc: d, .. }
                    | layout::Kind::Supplement { doc: d, .. } => d == doc,
                    _ => false,
                })
    }

    /// What is wrong with a link, written `written` on the page of `from`,
    /// to the page of `to` and its `section`, if anything.
    fn document(
        &self,
        from: &VariantKey,
        to: &VariantKey,
        section: Option<&str>,
        written: &str,
        written_in: &Path,
    ) -> Option<Diagnostic> {
        let doc = to.doc.as_str();
        let documents = self.documents();
        if !documents.contains(&doc) {
            if self.did_not_load(doc) {
                return None;
            }
            if self.released.contains(doc) {
                return Some(
                    Diagnostic::error(format!(
                        "this link points to the document `{doc}`, which was withdrawn: it was released, but the project no longer has it"
                    ))
                    .help(format!(
                        "remove the link and keep its text (`[text]({DOCUMENT_SCHEME}{doc})` becomes `text`), link to another document ({}), or restore the document to publish it again",
                        documents.join(", ")
                    )),
                );
            }
            let message = if doc.is_empty() {
                format!("this link, `{written}`, names no document")
            } else {
                format!(
                    "this link points to the document `{doc}`, but the project has no document with that id"
                )
            };
            return Some(Diagnostic::error(message).help(format!(
                "write `{DOCUMENT_SCHEME}ID` with one of the documents: {} (a folder under `{}/`, or a region-only document)",
                documents.join(", "),
                layout::POLICIES
            )));
        }
        let Some(region) = self.resolver.region(&to.region) else {
            return Some(
                Diagnostic::error(format!(
                    "this link points to `{written}`, but the site has no region `{}`",
                    to.region
                ))
                .help(self.regions_help()),
            );
        };
        if !region.locales.contains(&to.locale) {
            return Some(
                Diagnostic::error(format!(
                    "this link points to `{written}`, but the region `{}` ({}) is not published in {}",
                    region.id, region.name, to.locale
                ))
                .help(self.regions_help()),
            );
        }
        if !region.documents.iter().any(|d| d == doc) {
            // A supplement of the document in the region's chain failed to
            // parse: the error that says so is the one message.
            let unparsed = &self.project.unparsed.supplements;
            if region
                .chain
                .iter()
                .any(|r| unparsed.contains(&(r.clone(), doc.to_string())))
            {
                return None;
            }
            if to.region != from.region {
                return Some(
                    Diagnostic::error(format!(
                        "this link points to `{written}`, but `{doc}` is not published in the region `{}` ({})",
                        region.id, region.name
                    ))
                    .help("link only to documents the region publishes, or publish the document there"),
                );
            }
            // The same text is on the pages of every region that has it: one
            // message names them all (identical messages are kept once).
            let lacking = self.regions_lacking(from, doc, written_in);
            let (regions, them) = match lacking.as_slice() {
                [one] => (format!("the region {one}"), "the region publishes"),
                _ => (
                    format!("the regions {}", lacking.join(", ")),
                    "those regions publish",
                ),
            };
            return Some(
                Diagnostic::error(format!(
                    "this link points to `{written}`, but `{doc}` is not published in {regions}, where this page is"
                ))
                .help(format!(
                    "link only to documents {them}, or publish the document there"
                )),
            );
        }
        let section = section.filter(|s| !s.is_empty())?;
        // A page that cannot be resolved reports why itself.
        let ids = self.sections.try_get_or(to, || {
            let quiet = Diagnostics::default();
            let variant = self.resolver.resolve(to, &quiet)?;
            Some(variant.link_targets().map(str::to_string).collect())
        })?;
        if ids.contains(section) {
            return None;
        }
        // Said once when the document itself lacks the section; per region
        // when the document has it and a region's supplements take it away.
        let default = &self.project.config.default_locale;
        let base = self
            .project
            .documents
            .get(doc)
            .and_then(|base| base.get(&to.locale).or_else(|| base.get(default)));
        let whole = format!("or to the whole document with `{DOCUMENT_SCHEME}{doc}`");
        let (place, help) = match base {
            Some(source) if source.section(section).is_some() => (
                format!(" in the region `{}` ({})", region.id, region.name),
                format!(
                    "the region's supplements remove that section; link to another one, {whole}"
                ),
            ),
            Some(source) => {
                let ids: Vec<&str> = source.sections.iter().map(|s| s.id.as_str()).collect();
                (
                    String::new(),
                    format!("link to one of its sections ({}), {whole}", ids.join(", ")),
                )
            }
            None => (
                String::new(),
                format!("link to the id in one of its headings' `{{#id}}`, {whole}"),
            ),
        };
        Some(
            Diagnostic::error(format!(
                "this link points to `{written}`, but `{doc}` has no section `{section}`{place}"
            ))
            .help(help),
        )
    }

    /// What is wrong with a relative link on the page of `from`, read from
    /// that document's page, if anything. Links that leave the site, and
    /// other pages the build writes (histories, versions, feeds, assets)
    /// are not checked; a path where it writes nothing is an error.
    fn relative(&self, from: &VariantKey, href: &str, written_in: &Path) -> Option<Diagnostic> {
        if href.starts_with('/') {
            return Some(
                Diagnostic::error(format!(
                    "this link, `{href}`, starts from the server's root: it breaks when the site is opened from its files or published under a folder"
                ))
                .help(format!(
                    "link to another document with `{DOCUMENT_SCHEME}ID` (`{DOCUMENT_SCHEME}privacy`, `{DOCUMENT_SCHEME}privacy#id` for a section), or write a link relative to this document's page (`../privacy/`); for a page outside the site, write its full URL (`https://…`)"
                )),
            );
        }
        match urls::target_of_relative(from, href)? {
            Target::Index | Target::Other => None,
            Target::Nothing => Some(
                Diagnostic::error(format!(
                    "this link, `{href}`, leads to no page of the site: read from the page of `{}` (`REGION/LOCALE/{}/`), the build writes nothing there",
                    from.doc, from.doc
                ))
                .help(format!(
                    "link to another document with `{DOCUMENT_SCHEME}ID` (`{DOCUMENT_SCHEME}privacy`, `{DOCUMENT_SCHEME}privacy#id` for a section), or write a relative link to a page the site has (`../privacy/`)"
                )),
            ),
            Target::Region { region, locale } => {
                let known = self
                    .resolver
                    .region(&region)
                    .is_some_and(|r| r.locales.contains(&locale));
                (!known).then(|| {
                    Diagnostic::error(format!(
                        "this link, `{href}`, leads to a list of documents the site does not have"
                    ))
                    .help(self.regions_help())
                })
            }
            Target::Document { key, section } => {
                self.document(from, &key, section.as_deref(), href, written_in)
            }
        }
    }

    /// The regions, as `` `id` (name) ``, whose page of `from.doc` has the
    /// text of `written_in` and which do not publish `doc`: `from`'s
    /// region, and every other region publishing the document in the
    /// file's locale (for a supplement, in the supplement's region or below).
    fn regions_lacking(&self, from: &VariantKey, doc: &str, written_in: &Path) -> Vec<String> {
        let (within, locale) = match layout::classify(written_in) {
            layout::Kind::Supplement { region, locale, .. } => (Some(region), Some(locale)),
            layout::Kind::Document { locale, .. } => (None, Some(locale)),
            _ => (None, None),
        };
        let unparsed = &self.project.unparsed.supplements;
        self.resolver
            .regions()
            .iter()
            .filter(|r| {
                r.id == from.region
                    || (locale.as_ref().is_some_and(|l| r.locales.contains(l))
                        && r.documents.contains(&from.doc)
                        && !r.documents.iter().any(|d| d == doc)
                        && within.as_ref().is_none_or(|w| r.chain.contains(w))
                        && !r
                            .chain
                            .iter()
                            .any(|c| unparsed.contains(&(c.clone(), doc.to_string()))))
            })
            .map(|r| format!("`{}` ({})", r.id, r.name))
            .collect()
    }

    fn regions_help(&self) -> String {
        let regions: Vec<String> = self
            .resolver
            .regions()
            .iter()
            .map(|r| format!("{} ({})", r.id, r.locales.join(", ")))
            .collect();
        format!(
            "the site's regions and their locales: {}",
            regions.join("; ")
        )
    }
}

/// A `doc:` link as its author wrote it, for messages.
fn link_text(to: &LinkTo) -> String {
    match to {
        LinkTo::Document {
            doc,
            section: Some(section),
        } => format!("{DOCUMENT_SCHEME}{doc}#{section}"),
        LinkTo::Document { doc, section: None } => format!("{DOCUMENT_SCHEME}{doc}"),
        LinkTo::Section(id) => format!("#{id}"),
        LinkTo::Relative(href) => href.clone(),
    }
}
