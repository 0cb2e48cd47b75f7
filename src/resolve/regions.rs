//! Region inheritance: each region's chain of parents, and the locales,
//! variables and documents it ends up with.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::closest;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path, location_at};
use crate::source::Project;
use crate::source::layout;
use crate::source::yaml::find_key;

/// A region with everything it inherits worked out.
#[derive(Debug, Clone)]
pub struct ResolvedRegion {
    /// Region id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Ids from the root region down to this one.
    pub chain: Vec<String>,
    /// The locales it publishes in.
    pub locales: Vec<String>,
    /// Variables: `policyc.yaml`, then parents, then the region; nearest wins.
    pub variables: BTreeMap<String, String>,
    /// The documents it publishes: every base document, and the region-only
    /// documents of its chain, sorted.
    pub documents: Vec<String>,
}

/// Works out every region's chain, reporting unknown parents and cycles.
/// Regions with a broken chain are left out; so are all of them when
/// `policyc.yaml` could not be parsed (its variables and locales are
/// unknown: resolving would only report what follows from that).
pub fn resolve_regions(project: &Project, diags: &Diagnostics) -> Vec<ResolvedRegion> {
    let mut out = Vec::new();
    if project.unparsed.config {
        return out;
    }
    for region in project.regions.values() {
        if let Some(chain) = chain_of(project, &region.id, diags) {
            out.push(resolve_one(project, chain));
        }
    }
    out
}

fn chain_of(project: &Project, id: &str, diags: &Diagnostics) -> Option<Vec<String>> {
    let mut chain = vec![id.to_string()];
    let mut current = project.regions.get(id)?;
    while let Some(parent) = &current.parent {
        let text = project.sources.get(&current.path).unwrap_or("");
        let at = location_at(text, find_key(text, "parent").unwrap_or(0), "parent".len());
        if chain.contains(parent) {
            // Reported once, from the cycle's first region by name.
            let start = chain.iter().position(|c| c == parent).unwrap_or(0);
            let first_in_cycle = chain[start..].iter().min();
            if chain[0] == *parent && first_in_cycle == Some(&chain[0]) {
                let mut names: Vec<&str> = chain.iter().map(String::as_str).collect();
                names.push(parent);
                diags.push(
                    Diagnostic::error(format!(
                        "the regions' parents form a cycle: {}",
                        names.join(" → ")
                    ))
                    .in_file(&current.path)
                    .at(at)
                    .help("one region in the cycle must have no `parent`, or a parent outside it"),
                );
            }
            return None;
        }
        let Some(next) = project.regions.get(parent) else {
            // A parent whose file failed to parse was reported already.
            if chain.len() == 1 && !project.unparsed.regions.contains(parent) {
                let known: Vec<&str> = project.regions.keys().map(String::as_str).collect();
                let mut message = format!("the parent region `{parent}` does not exist");
                // A region cannot be its own parent: it is no suggestion.
                let others = known.iter().copied().filter(|k| *k != id);
                if let Some(near) = closest(parent, others) {
                    message.push_str(&format!("; did you mean `{near}`?"));
                }
                diags.push(
                    Diagnostic::error(message)
                        .in_file(&current.path)
                        .at(at)
                        .help(format!(
                            "create `{}`, or use one of: {}",
                            display_path(&layout::region(parent)),
                            known.join(", ")
                        )),
                );
            }
            return None;
        };
        chain.push(parent.clone());
        current = next;
    }
    chain.reverse();
    Some(chain)
}

fn resolve_one(project: &Project, chain: Vec<String>) -> ResolvedRegion {
    let mut variables = project.config.variables.clone();
    let mut locales = project.config.locales.clone();
    let mut documents: BTreeSet<String> = project.documents.keys().cloned().collect();
    // Documents with a source that failed to parse, in the chain: resolving
    // them would report what follows from the missing text, not a mistake.
    let mut unparsed = project.unparsed.documents.clone();
    for id in &chain {
        unparsed.extend(
            project
                .unparsed
                .supplements
                .iter()
                .filter(|(region, _)| region == id)
                .map(|(_, doc)| doc.clone()),
        );
        let region = &project.regions[id];
        variables.extend(region.variables.iter().map(|(k, v)| (k.clone(), v.clone())));
        if let Some(own) = &region.locales {
            locales = own.clone();
        }
        for (region_id, doc) in project.supplements.keys() {
            if region_id == id {
                documents.insert(doc.clone());
            }
        }
    }
    let own = &project.regions[chain.last().map(String::as_str).unwrap_or_default()];
    ResolvedRegion {
        id: own.id.clone(),
        name: own.name.clone(),
        chain,
        locales,
        variables,
        documents: documents.difference(&unparsed).cloned().collect(),
    }
}
