//! Comparing two policy projects: every variant (document × region ×
//! locale) is resolved in both and compared as a reader would see it.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use super::compare::compare;
use super::report::{Report, VariantRef};
use super::visible_with_title;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use crate::markdown::visible::VisibleDoc;
use crate::resolve::{Resolver, VariantKey};
use crate::source::{Project, load};

/// A project that could not be compared because its sources have errors.
#[derive(Debug)]
pub struct BrokenProject {
    /// Which side: `--from` or `--to`.
    pub side: &'static str,
    /// Its errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Its sources, to quote in messages.
    pub sources: SourceFiles,
}

struct Side<'p> {
    resolver: Resolver<'p>,
    keys: BTreeSet<VariantKey>,
}

fn prepare<'p>(project: &'p Project, diags: &Diagnostics) -> Side<'p> {
    let resolver = Resolver::new(project, diags);
    let keys = resolver.keys().into_iter().collect();
    Side { resolver, keys }
}

/// The visible text of a variant, or an empty document when the project
/// does not have it.
fn visible_variant(
    side: &Side,
    key: &VariantKey,
    diags: &Diagnostics,
) -> (VisibleDoc, Option<String>) {
    if !side.keys.contains(key) {
        return (VisibleDoc::default(), None);
    }
    match side.resolver.resolve(key, diags) {
        Some(variant) => (
            visible_with_title(&variant.markdown(), &variant.title),
            Some(variant.title),
        ),
        None => (VisibleDoc::default(), None),
    }
}

/// Compares every variant of the project at `old_root` with the one at
/// `new_root`.
pub fn diff_projects(old_root: &Path, new_root: &Path) -> Result<Report, BrokenProject> {
    let old_diags = Diagnostics::default();
    let new_diags = Diagnostics::default();
    let old_project = load(old_root, &old_diags);
    let new_project = load(new_root, &new_diags);
    let old = prepare(&old_project, &old_diags);
    let new = prepare(&new_project, &new_diags);
    let keys: Vec<&VariantKey> = old.keys.union(&new.keys).collect();
    let diffs: Vec<_> = keys
        .par_iter()
        .map(|key| {
            let (a, old_title) = visible_variant(&old, key, &old_diags);
            let (b, new_title) = visible_variant(&new, key, &new_diags);
            let title = new_title.or(old_title).unwrap_or_else(|| key.doc.clone());
            let variant = VariantRef {
                region: key.region.clone(),
                locale: key.locale.clone(),
            };
            (key.doc.clone(), title, Some(variant), compare(&a, &b))
        })
        .collect();
    for (side, diags, project) in [
        ("--from", &old_diags, &old_project),
        ("--to", &new_diags, &new_project),
    ] {
        if diags.has_errors() {
            return Err(BrokenProject {
                side,
                diagnostics: diags.sorted(),
                sources: project.sources.clone(),
            });
        }
    }
    Ok(Report::grouped(diffs))
}
