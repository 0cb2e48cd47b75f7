//! Applying a regional supplement to a document's sections: replace by id,
//! append, place with `after=`/`before=`, or drop with `remove`.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, location_at};
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

/// Applies `supplement` to `sections`. Returns false when a target id does
/// not exist (reported to `diags`).
pub fn apply(
    sections: &mut Vec<SectionRef>,
    supplement: &Arc<SourceDoc>,
    diags: &Diagnostics,
) -> bool {
    let mut ok = true;
    for unit in units(sections, supplement) {
        let root = unit[0].section();
        let missing = |sections: &[SectionRef], target: &str, what: &str| {
            let ids: Vec<String> = sections.iter().map(|r| r.section().id.clone()).collect();
            Diagnostic::error(format!(
                "{what} names the section `{target}`, but the document has no section with that id"
            ))
            .in_file(&supplement.path)
            .at(location_at(
                &supplement.text,
                root.heading_range.start,
                supplement.text[root.heading_range.clone()].trim_end().len(),
            ))
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
            Placement::Default => match position(sections, &root.id) {
                Some(i) => {
                    let end = subtree_end(sections, i);
                    sections.splice(i..end, unit);
                }
                None => sections.extend(unit),
            },
        }
    }
    ok
}

/// Splits a supplement into units: a section that is placed (by attribute or
/// by replacing an existing id), with the deeper sections that follow it and
/// are not placed themselves.
fn units(sections: &[SectionRef], supplement: &Arc<SourceDoc>) -> Vec<Vec<SectionRef>> {
    let mut units: Vec<Vec<SectionRef>> = Vec::new();
    for (i, s) in supplement.sections.iter().enumerate() {
        let placed = s.placement != Placement::Default || position(sections, &s.id).is_some();
        let nests = units.last().is_some_and(|u| u[0].section().level < s.level);
        let r = SectionRef::new(supplement, i);
        match units.last_mut() {
            Some(unit) if nests && !placed => unit.push(r),
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
        apply(&mut sections, &supp, &diags);
        let ids = sections
            .iter()
            .map(|r| format!("{}:{}", r.section().id, r.source.path.display()))
            .collect();
        (ids, diags.sorted())
    }

    const BASE: &str = "## A {#a}\n### A1 {#a1}\n## B {#b}\n## C {#c}\n";

    #[test]
    fn supplement_same_id_replaces_the_section_and_its_subsections() {
        let (ids, _) = patched(BASE, "## A again {#a}\nnew\n");
        assert_eq!(ids, ["a:supp.md", "b:base.md", "c:base.md"]);
    }

    #[test]
    fn supplement_new_id_is_appended() {
        let (ids, _) = patched(BASE, "## D {#d}\n### D1 {#d1}\n");
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
