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
    /// Display name, in the region's default locale.
    pub name: String,
    /// Its names per locale, when `name:` is a map (a locale without one
    /// shows [`ResolvedRegion::name`]).
    pub names: BTreeMap<String, String>,
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
///
/// Each region's parents are followed once (a depth-first walk that marks
/// the regions on its path), and each region is resolved from its parent's
/// result: the work grows with the number of regions, not with the number
/// of regions times the depth of their chains.
pub fn resolve_regions(project: &Project, diags: &Diagnostics) -> Vec<ResolvedRegion> {
    if project.unparsed.config {
        return Vec::new();
    }
    let ids: Vec<&str> = project.regions.keys().map(String::as_str).collect();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let own = Own::of(project);
    let mut state = vec![State::Unseen; ids.len()];
    let mut resolved: Vec<Option<Inherited>> = vec![None; ids.len()];
    for first in 0..ids.len() {
        let mut path = Vec::new();
        let mut current = first;
        // Where the walk up from `first` ends: at a root region (`None`),
        // at a region already resolved, or at a broken chain.
        let end: Result<Option<usize>, ()> = loop {
            match state[current] {
                State::Resolved => break Ok(Some(current)),
                State::Broken => break Err(()),
                State::OnPath => {
                    let start = path.iter().position(|&i| i == current).unwrap_or(0);
                    report_cycle(project, &ids, &path[start..], diags);
                    break Err(());
                }
                State::Unseen => {
                    state[current] = State::OnPath;
                    path.push(current);
                    let region = &project.regions[ids[current]];
                    let Some(parent) = &region.parent else {
                        break Ok(None);
                    };
                    match index.get(parent.as_str()) {
                        Some(&next) => current = next,
                        None => {
                            report_unknown_parent(project, ids[current], parent, diags);
                            break Err(());
                        }
                    }
                }
            }
        };
        match end {
            Err(()) => {
                for i in path {
                    state[i] = State::Broken;
                }
            }
            Ok(mut parent) => {
                for &i in path.iter().rev() {
                    let from = parent.and_then(|p| resolved[p].as_ref());
                    resolved[i] = Some(Inherited::from(project, &own, from, ids[i]));
                    state[i] = State::Resolved;
                    parent = Some(i);
                }
            }
        }
    }
    let mut regions: Vec<ResolvedRegion> = resolved
        .into_iter()
        .flatten()
        .map(|inherited| inherited.region)
        .collect();
    // A region's name shows on the pages of every region in that locale
    // (their region switchers), so a name is only never shown when no
    // region at all publishes its locale.
    let published: BTreeSet<String> = regions
        .iter()
        .flat_map(|r| r.locales.iter().cloned())
        .collect();
    for region in &mut regions {
        check_names(project, region, &published, diags);
    }
    regions
}

impl ResolvedRegion {
    /// The locale the region is written in first: the project's default
    /// locale when the region publishes it, else its first locale.
    pub fn default_locale<'r>(&'r self, project: &'r Project) -> &'r str {
        let default = &project.config.default_locale;
        match self.locales.contains(default) {
            true => default,
            false => self.locales.first().unwrap_or(default),
        }
    }

    /// The region's name in `locale`: its own there, else the name in the
    /// region's default locale.
    pub fn name_in(&self, locale: &str) -> &str {
        self.names.get(locale).unwrap_or(&self.name)
    }

    /// The language of [`ResolvedRegion::name_in`]`(locale)` when it is
    /// not `locale`: a locale without a name of its own shows the name in
    /// the region's default locale. `None` for one name for every locale.
    pub fn name_lang<'r>(&'r self, locale: &str, project: &'r Project) -> Option<&'r str> {
        (!self.names.is_empty() && !self.names.contains_key(locale))
            .then(|| self.default_locale(project))
            .filter(|l| *l != locale)
    }
}

/// A region's `name:` map against the locales it publishes: its default
/// locale must have a name (an error), a published locale without one
/// shows the default's (a warning), and a name for a locale no region
/// publishes (`published`) is never shown (a warning). Sets the region's
/// [`ResolvedRegion::name`] to its default locale's.
fn check_names(
    project: &Project,
    region: &mut ResolvedRegion,
    published: &BTreeSet<String>,
    diags: &Diagnostics,
) {
    let source = &project.regions[&region.id];
    if source.names.is_empty() {
        return;
    }
    let default = region.default_locale(project).to_string();
    let path = &source.path;
    match source.names.get(&default) {
        Some(name) => region.name = name.name.clone(),
        None => diags.push(
            Diagnostic::error(format!(
                "the region's `name:` has no name for `{default}`, its default locale"
            ))
            .in_file(path)
            .at(source.name_at)
            .help(format!(
                "add `{default}: …` to `name:`: pages in a locale without a name of its own show that one"
            )),
        ),
    }
    for locale in &region.locales {
        if *locale != default && !source.names.contains_key(locale) {
            diags.push(
                Diagnostic::warning(format!(
                    "the region's `name:` has no name for `{locale}`, which it publishes: its `{locale}` pages show the `{default}` name, \"{}\"",
                    region.name
                ))
                .in_file(path)
                .at(source.name_at)
                .help(format!("add `{locale}: …` to `name:` with the region's name in that language")),
            );
        }
    }
    for (locale, name) in &source.names {
        if !published.contains(locale) {
            diags.push(
                Diagnostic::warning(format!(
                    "the region's name for `{locale}` is never shown: no region publishes `{locale}`"
                ))
                .in_file(path)
                .at(name.at)
                .help(format!(
                    "remove it, or add `{locale}` to a region's `locales:`"
                )),
            );
        }
    }
    region.names = source
        .names
        .iter()
        .map(|(locale, n)| (locale.clone(), n.name.clone()))
        .collect();
}

/// Where the walk over the regions' parents stands with one region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Unseen,
    /// On the path being walked: meeting it again is a cycle.
    OnPath,
    Resolved,
    /// Its chain has an unknown parent or a cycle.
    Broken,
}

/// What each region adds by itself: the documents of its supplements, and
/// those of its supplements that failed to parse.
struct Own<'p> {
    documents: BTreeMap<&'p str, Vec<&'p str>>,
    unparsed: BTreeMap<&'p str, Vec<&'p str>>,
}

impl<'p> Own<'p> {
    fn of(project: &'p Project) -> Own<'p> {
        let mut own = Own {
            documents: BTreeMap::new(),
            unparsed: BTreeMap::new(),
        };
        for (region, doc) in project.supplements.keys() {
            own.documents.entry(region).or_default().push(doc);
        }
        for (region, doc) in &project.unparsed.supplements {
            own.unparsed.entry(region).or_default().push(doc);
        }
        own
    }
}

/// A resolved region, with what its children start from.
#[derive(Clone)]
struct Inherited {
    region: ResolvedRegion,
    /// Every document of the chain, failed ones included.
    documents: BTreeSet<String>,
    /// Documents with a source that failed to parse, in the chain:
    /// resolving them would report what follows from the missing text,
    /// not a mistake.
    unparsed: BTreeSet<String>,
}

impl Inherited {
    fn from(project: &Project, own: &Own<'_>, parent: Option<&Inherited>, id: &str) -> Inherited {
        let region = &project.regions[id];
        let (mut chain, mut variables, mut locales, mut documents, mut unparsed) = match parent {
            Some(p) => (
                p.region.chain.clone(),
                p.region.variables.clone(),
                p.region.locales.clone(),
                p.documents.clone(),
                p.unparsed.clone(),
            ),
            None => (
                Vec::new(),
                project.config.variables.clone(),
                project.config.locales.clone(),
                project.documents.keys().cloned().collect(),
                project.unparsed.documents.clone(),
            ),
        };
        chain.push(id.to_string());
        variables.extend(region.variables.iter().map(|(k, v)| (k.clone(), v.clone())));
        if let Some(locales_of_its_own) = &region.locales {
            locales = locales_of_its_own.clone();
        }
        let named = |map: &BTreeMap<&str, Vec<&str>>| {
            map.get(id)
                .into_iter()
                .flatten()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        };
        documents.extend(named(&own.documents));
        unparsed.extend(named(&own.unparsed));
        Inherited {
            region: ResolvedRegion {
                id: region.id.clone(),
                name: region.name.clone(),
                names: BTreeMap::new(),
                chain,
                locales,
                variables,
                documents: documents.difference(&unparsed).cloned().collect(),
            },
            documents,
            unparsed,
        }
    }
}

/// Where `region`'s `parent:` is written.
fn parent_at(
    project: &Project,
    region: &str,
) -> (std::path::PathBuf, crate::diagnostics::Location) {
    let path = &project.regions[region].path;
    let text = project.sources.get(path).unwrap_or("");
    let at = location_at(text, find_key(text, "parent").unwrap_or(0), "parent".len());
    (path.clone(), at)
}

/// One error for a cycle (`members`, each the parent of the one before),
/// named from its first region by name, at the `parent:` that closes it.
fn report_cycle(project: &Project, ids: &[&str], members: &[usize], diags: &Diagnostics) {
    let first = (0..members.len())
        .min_by_key(|&k| ids[members[k]])
        .unwrap_or(0);
    let mut names: Vec<&str> = members[first..]
        .iter()
        .chain(&members[..first])
        .map(|&i| ids[i])
        .collect();
    let closing = names.last().copied().unwrap_or_default();
    names.push(ids[members[first]]);
    let (path, at) = parent_at(project, closing);
    diags.push(
        Diagnostic::error(format!(
            "the regions' parents form a cycle: {}",
            names.join(" → ")
        ))
        .in_file(path)
        .at(at)
        .help("one region in the cycle must have no `parent`, or a parent outside it"),
    );
}

/// `id`'s parent does not exist (unless its file failed to parse, which
/// was reported already).
fn report_unknown_parent(project: &Project, id: &str, parent: &str, diags: &Diagnostics) {
    if project.unparsed.regions.contains(parent) {
        return;
    }
    let known: Vec<&str> = project.regions.keys().map(String::as_str).collect();
    let mut message = format!("the parent region `{parent}` does not exist");
    // A region cannot be its own parent: it is no suggestion.
    let others = known.iter().copied().filter(|k| *k != id);
    if let Some(near) = closest(parent, others) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    let (path, at) = parent_at(project, id);
    diags.push(
        Diagnostic::error(message)
            .in_file(path)
            .at(at)
            .help(format!(
                "create `{}`, or use one of: {}",
                display_path(&layout::region(parent)),
                known.join(", ")
            )),
    );
}
