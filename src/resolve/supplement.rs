//! Applying a regional supplement to a document's sections: replace by id,
//! place with `after=`/`before=`/`append`, or drop with `remove`. A section
//! with an id the document lacks and no placement is an error: usually a typo.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, location_at};
use crate::diagnostics::{closest, display_path};
use crate::source::document::{Placement, Section, SourceDoc};

/// A section of some source file, by index, so that variants share the
/// parsed sources instead of copying them.
#[derive(Debug, Clone)]
pub struct SectionRef {
    /// The file the section is in.
    pub source: Arc<SourceDoc>,
    index: usize,
}

impl SectionRef {
    /// Refers to section `index` of `source`.
    pub fn new(source: &Arc<SourceDoc>, index: usize) -> Self {
        SectionRef {
            source: source.clone(),
            index,
        }
    }

    /// The section itself.
    pub fn section(&self) -> &Section {
        &self.source.sections[self.index]
    }

    /// Whether it is the last section of its file.
    pub fn is_last_in_file(&self) -> bool {
        self.index + 1 == self.source.sections.len()
    }
}

/// The same section of the same parsed file.
impl PartialEq for SectionRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.source, &other.source) && self.index == other.index
    }
}

impl Eq for SectionRef {}

/// The end (exclusive) of the subtree that starts at `start`: the section and
/// the deeper sections that follow it.
fn subtree_end(sections: &[SectionRef], start: usize) -> usize {
    let level = sections[start].section().level;
    let mut end = start + 1;
    while end < sections.len() && sections[end].section().level > level {
        end += 1;
    }
    end
}

fn position(sections: &[SectionRef], id: &str) -> Option<usize> {
    sections.iter().position(|r| r.section().id == id)
}

/// Applies `supplement` to the sections of the document `doc`. Returns false
/// when a target id does not exist (reported to `diags`). A supplement that
/// `starts` a region-only document has nothing to patch: its new sections
/// are the document, in order.
pub fn apply(
    sections: &mut Vec<SectionRef>,
    supplement: &Arc<SourceDoc>,
    doc: &str,
    starts: bool,
    diags: &Diagnostics,
) -> bool {
    let mut ok = true;
    for unit in units(supplement) {
        let root = unit[0].section();
        if let Some(taken) = reused_id(sections, &unit) {
            diags.push(already_a_section(sections, supplement, taken, doc));
            ok = false;
            continue;
        }
        let heading_at = || {
            location_at(
                &supplement.text,
                root.heading_range.start,
                supplement.text[root.heading_range.clone()].trim_end().len(),
            )
        };
        let missing = |sections: &[SectionRef], target: &str, what: &str| {
            let ids: Vec<String> = sections.iter().map(|r| r.section().id.clone()).collect();
            Diagnostic::error(format!(
                "{what} names the section `{target}`, but the document has no section with that id"
            ))
            .in_file(&supplement.path)
            .at(heading_at())
            .help(format!("use one of the document's ids: {}", ids.join(", ")))
        };
        match &root.placement {
            Placement::Remove => match position(sections, &root.id) {
                Some(i) => {
                    let end = subtree_end(sections, i);
                    sections.drain(i..end);
                }
                None => {
                    diags.push(missing(sections, &root.id, "`remove`"));
                    ok = false;
                }
            },
            Placement::After(target) | Placement::Before(target) => {
                if let Some(i) = position(sections, &root.id) {
                    let end = subtree_end(sections, i);
                    sections.drain(i..end);
                }
                let after = matches!(root.placement, Placement::After(_));
                match position(sections, target) {
                    Some(i) => {
                        let at = if after { subtree_end(sections, i) } else { i };
                        sections.splice(at..at, unit);
                    }
                    None => {
                        let what = if after { "`after=`" } else { "`before=`" };
                        diags.push(missing(sections, target, what));
                        ok = false;
                    }
                }
            }
            Placement::Append => {
                if let Some(i) = position(sections, &root.id) {
                    let end = subtree_end(sections, i);
                    sections.drain(i..end);
                }
                sections.extend(unit);
            }
            Placement::Default => match position(sections, &root.id) {
                Some(i) => {
                    if let Some(warning) = out_of_its_list(&sections[i], root) {
                        diags.push(warning.in_file(&supplement.path).at(heading_at()));
                    }
                    let end = subtree_end(sections, i);
                    sections.splice(i..end, unit);
                }
                None if starts => sections.extend(unit),
                None => {
                    diags.push(
                        unplaced(sections, root, doc)
                            .in_file(&supplement.path)
                            .at(attribute_at(supplement, root).unwrap_or_else(heading_at)),
                    );
                    ok = false;
                }
            },
        }
    }
    ok
}

/// The first section of `unit` whose id the document already has, other
/// than the sections it replaces: a placed section (`after=`, `before=`,
/// `append`) must be new, and so must the subsections it brings, except
/// those of a replacing section that reuse the replaced section's own.
fn reused_id<'u>(sections: &[SectionRef], unit: &'u [SectionRef]) -> Option<&'u Section> {
    let root = unit[0].section();
    let replaced = match root.placement {
        Placement::Remove => return None,
        Placement::Default => position(sections, &root.id).map(|i| i..subtree_end(sections, i)),
        _ => None,
    };
    let placed = root.placement != Placement::Default;
    unit.iter()
        .map(SectionRef::section)
        .enumerate()
        .filter(|&(i, _)| i > 0 || placed)
        .find(|(_, s)| {
            position(sections, &s.id)
                .is_some_and(|at| !replaced.as_ref().is_some_and(|r| r.contains(&at)))
        })
        .map(|(_, s)| s)
}

/// The error for a placed section or subsection whose id the document
/// already has: it would silently replace that section.
fn already_a_section(
    sections: &[SectionRef],
    supplement: &SourceDoc,
    taken: &Section,
    doc: &str,
) -> Diagnostic {
    let id = &taken.id;
    let level = position(sections, id).map_or(2, |i| sections[i].section().level);
    let hashes = "#".repeat(usize::from(level));
    let at = attribute_at(supplement, taken).unwrap_or_else(|| {
        location_at(
            &supplement.text,
            taken.heading_range.start,
            supplement.text[taken.heading_range.clone()]
                .trim_end()
                .len(),
        )
    });
    Diagnostic::error(format!("`{id}` is already a section of {doc}"))
        .in_file(&supplement.path)
        .at(at)
        .help(format!(
            "to replace it, write `{hashes} … {{#{id}}}` with no placement at the top level of the supplement; to add a new section, choose a new id"
        ))
}

/// The warning for a section that replaces one whose heading opens a list
/// item (`6. ## Refunds`) with a heading that does not: the page shows it
/// outside the list, without its number.
fn out_of_its_list(replaced: &SectionRef, root: &Section) -> Option<Diagnostic> {
    let marker = replaced.section().lead.trim();
    if marker.is_empty() || !root.lead.trim().is_empty() {
        return None;
    }
    let id = &root.id;
    Some(
        Diagnostic::warning(format!(
            "`{id}` is the list item `{marker}` in `{}`, but this section is not in a list: the page shows it outside the list, without its number",
            display_path(&replaced.source.path)
        ))
        .help(format!(
            "write the heading as `{marker} {} {} {{#{id}}}` and indent the text under it as the document does",
            "#".repeat(usize::from(root.level)),
            root.heading.text.trim()
        )),
    )
}

/// Where the heading's `{#id …}` attribute is, which the error is about.
pub(super) fn attribute_at(supplement: &SourceDoc, section: &Section) -> Option<Location> {
    let heading = supplement.text.get(section.heading_range.clone())?;
    let start = heading.rfind("{#")?;
    let len = heading[start..].find('}')? + 1;
    Some(location_at(
        &supplement.text,
        section.heading_range.start + start,
        len,
    ))
}

/// The error for a section whose id the document lacks and that says
/// nowhere to go: most likely a typo of an id to replace.
fn unplaced(sections: &[SectionRef], root: &Section, doc: &str) -> Diagnostic {
    let id = &root.id;
    let mut message = format!("`{id}` is not a section of {doc}");
    match nearest(sections, root) {
        Some(near) => message.push_str(&format!("; did you mean `{near}` (to replace it)?")),
        None => message.push('.'),
    }
    Diagnostic::error(message).help(format!(
        "to replace a section, use its id; to add a new section, place it: `{{#{id} after=…}}`, `{{#{id} before=…}}` or `{{#{id} append}}`"
    ))
}

/// The document's section that `root` most likely meant: one whose heading
/// reads the same, else the id nearest by edit distance, if near enough.
fn nearest<'s>(sections: &'s [SectionRef], root: &Section) -> Option<&'s str> {
    let heading = root.heading_text.trim().to_lowercase();
    let same_heading = sections
        .iter()
        .map(SectionRef::section)
        .find(|s| !heading.is_empty() && s.heading_text.trim().to_lowercase() == heading);
    if let Some(s) = same_heading {
        return Some(&s.id);
    }
    closest(&root.id, sections.iter().map(|r| r.section().id.as_str()))
}

/// Splits a supplement into units: a top-level section (placed by attribute
/// or replacing an existing id), with the deeper sections that follow it and
/// are not placed themselves.
fn units(supplement: &Arc<SourceDoc>) -> Vec<Vec<SectionRef>> {
    let mut units: Vec<Vec<SectionRef>> = Vec::new();
    for (i, s) in supplement.sections.iter().enumerate() {
        // An unplaced unknown id at the top is an error (reported by
        // `apply`); below a unit's root any unplaced section is a
        // subsection of that unit (one reusing an id is reported by `apply`).
        let nests = units.last().is_some_and(|u| u[0].section().level < s.level);
        let r = SectionRef::new(supplement, i);
        match units.last_mut() {
            Some(unit) if nests && s.placement == Placement::Default => unit.push(r),
            _ => units.push(vec![r]),
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::document::{SourceKind, parse_source};
    use std::path::Path;

    fn doc(path: &str, text: &str, kind: SourceKind) -> Arc<SourceDoc> {
        let diags = Diagnostics::default();
        let d = parse_source(Path::new(path), Arc::from(text), kind, &diags).unwrap();
        assert!(!diags.has_errors(), "{:?}", diags.sorted());
        Arc::new(d)
    }

    fn patched(base: &str, supplement: &str) -> (Vec<String>, Vec<Diagnostic>) {
        let base = doc("base.md", base, SourceKind::Base);
        let supp = doc("supp.md", supplement, SourceKind::Supplement);
        let mut sections: Vec<SectionRef> = (0..base.sections.len())
            .map(|i| SectionRef::new(&base, i))
            .collect();
        let diags = Diagnostics::default();
        apply(&mut sections, &supp, "doc", false, &diags);
        let ids = sections
            .iter()
            .map(|r| format!("{}:{}", r.section().id, r.source.path.display()))
            .collect();
        (ids, diags.sorted())
    }

    const BASE: &str = "## A {#a}\n### A1 {#a1}\n## B {#b}\n## C {#c}\n";

    #[test]
    fn replacing_a_numbered_section_outside_its_list_is_a_warning() {
        let base = "1. ## A {#a}\n\n   one\n\n2. ## B {#b}\n\n   two\n";
        let (ids, diags) = patched(base, "## B again {#b}\nnew\n");
        assert_eq!(ids, ["a:base.md", "b:supp.md"]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].severity, crate::diagnostics::Severity::Warning);
        assert!(diags[0].message.contains("list item `2.`"), "{diags:?}");
        assert_eq!(diags[0].location.unwrap().line, 1);
        let (_, diags) = patched(base, "2. ## B again {#b}\n\n   new\n");
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn supplement_same_id_replaces_the_section_and_its_subsections() {
        let (ids, _) = patched(BASE, "## A again {#a}\nnew\n");
        assert_eq!(ids, ["a:supp.md", "b:base.md", "c:base.md"]);
    }

    #[test]
    fn supplement_append_adds_the_section_at_the_end() {
        let (ids, diags) = patched(BASE, "## D {#d append}\n### D1 {#d1}\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            ids,
            [
                "a:base.md",
                "a1:base.md",
                "b:base.md",
                "c:base.md",
                "d:supp.md",
                "d1:supp.md"
            ]
        );
    }

    #[test]
    fn supplement_unknown_id_without_placement_is_an_error_suggesting_the_nearest_id() {
        let base = "## Retention {#retention}\n## Contact {#contact}\n";
        let (ids, diags) = patched(base, "---\ntitle: T\n---\n## How long {#retension}\n");
        assert_eq!(ids, ["retention:base.md", "contact:base.md"]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            diags[0].message,
            "`retension` is not a section of doc; did you mean `retention` (to replace it)?"
        );
        let at = diags[0].location.unwrap();
        assert_eq!((at.line, at.column, at.len), (4, 13, "{#retension}".len()));
        let help = diags[0].help.as_deref().unwrap();
        assert!(help.contains("`{#retension after=…}`"), "{help}");
        assert!(help.contains("`{#retension append}`"), "{help}");
    }

    #[test]
    fn supplement_unknown_id_with_an_existing_heading_suggests_that_section() {
        let base = "## How long we keep it {#keep}\n## Contact {#contact}\n";
        let (_, diags) = patched(base, "## How long we keep it {#storage-period}\n");
        assert_eq!(
            diags[0].message,
            "`storage-period` is not a section of doc; did you mean `keep` (to replace it)?"
        );
    }

    #[test]
    fn supplement_unknown_id_far_from_every_id_suggests_nothing() {
        let (_, diags) = patched(BASE, "## Something else {#unrelated}\n");
        assert_eq!(diags[0].message, "`unrelated` is not a section of doc.");
    }

    #[test]
    fn supplement_after_places_section_after_target_and_its_subsections() {
        let (ids, _) = patched(BASE, "## X {#x after=a}\n### X1 {#x1}\n");
        assert_eq!(
            ids,
            [
                "a:base.md",
                "a1:base.md",
                "x:supp.md",
                "x1:supp.md",
                "b:base.md",
                "c:base.md"
            ]
        );
    }

    #[test]
    fn supplement_before_places_section_before_target() {
        let (ids, _) = patched(BASE, "## X {#x before=c}\n");
        assert_eq!(
            ids,
            [
                "a:base.md",
                "a1:base.md",
                "b:base.md",
                "x:supp.md",
                "c:base.md"
            ]
        );
    }

    #[test]
    fn supplement_subsection_reusing_a_document_id_is_an_error_not_a_replacement() {
        for supplement in [
            "## X {#x append}\n### Again {#b}\n",
            "## A again {#a}\n### Again {#b}\n",
            "## X {#b append}\n",
            "## X {#a after=c}\n",
        ] {
            let (ids, diags) = patched(BASE, supplement);
            assert_eq!(ids, ["a:base.md", "a1:base.md", "b:base.md", "c:base.md"]);
            assert_eq!(diags.len(), 1, "{supplement}: {diags:?}");
            assert!(diags[0].message.contains("is already a section of doc"));
            assert!(diags[0].help.as_deref().unwrap().contains("no placement"));
        }
    }

    #[test]
    fn supplement_replacing_section_may_reuse_its_own_subsection_ids() {
        let (ids, diags) = patched(BASE, "## A again {#a}\n### A1 again {#a1}\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(ids, ["a:supp.md", "a1:supp.md", "b:base.md", "c:base.md"]);
    }

    #[test]
    fn supplement_remove_drops_the_subtree() {
        let (ids, _) = patched(BASE, "## gone {#a remove}\n");
        assert_eq!(ids, ["b:base.md", "c:base.md"]);
    }

    #[test]
    fn supplement_after_unknown_id_is_an_error_with_the_known_ids() {
        let (_, diags) = patched(BASE, "\n## X {#x after=nope}\n");
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("`nope`"));
        assert_eq!(diags[0].location.unwrap().line, 2);
        assert!(diags[0].help.as_deref().unwrap().contains("a, a1, b, c"));
    }
}
