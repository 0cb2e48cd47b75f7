//! Pages shown, in whole or in part, in another language than their own:
//! each missing translation is a warning naming the file to create, unless
//! `accept_fallbacks` in `policyc.yaml` accepts it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Resolver;
use crate::diagnostics::closest;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::source::config::accepted_at;
use crate::source::layout;
use crate::source::yaml::find_key;

/// A document whose pages in a locale show the default locale's text, as
/// `accept_fallbacks` allows: the build summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcceptedFallback {
    /// Document id.
    pub doc: String,
    /// The locale of the pages.
    pub locale: String,
    /// The locale their text (or some of it) is shown in.
    pub shown: String,
    /// The regions whose pages fall back, sorted.
    pub regions: Vec<String>,
}

/// A translation that does not exist, and what it leaves untranslated.
struct Missing {
    doc: String,
    locale: String,
    /// The default-locale file shown instead.
    shown: PathBuf,
    /// Whether it is a supplement (some sections) or the document.
    supplement: bool,
    regions: BTreeSet<String>,
}

impl Resolver<'_> {
    /// Warns once for each translation some page lacks, listing the regions
    /// whose pages fall back, and returns the fallbacks `policyc.yaml`
    /// accepts instead of warning.
    pub fn check_fallbacks(&self, diags: &Diagnostics) -> Vec<AcceptedFallback> {
        let config = &self.project.config;
        if config.locales.is_empty() {
            // policyc.yaml could not be read (reported): no page is made.
            return Vec::new();
        }
        let default = &config.default_locale;
        let missing = self.missing_translations();
        // The advice adds to an `accept_fallbacks:` already there rather
        // than a second key, which YAML would refuse.
        let config_text = self.project.sources.get(&layout::config()).unwrap_or("");
        let has_section = find_key(config_text, "accept_fallbacks").is_some();
        let mut accepted: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for (path, m) in &missing {
            let accepts = config
                .accept_fallbacks
                .get(&m.doc)
                .is_some_and(|locales| locales.contains(&m.locale));
            if accepts {
                accepted
                    .entry((m.doc.clone(), m.locale.clone()))
                    .or_default()
                    .extend(m.regions.iter().cloned());
            } else {
                let accept = accept_advice(m, has_section, config.accept_fallbacks.get(&m.doc));
                diags.push(missing_warning(path, m, default, &accept));
            }
        }
        self.check_accepted(diags);
        self.check_unused(diags);
        accepted
            .into_iter()
            .map(|((doc, locale), regions)| AcceptedFallback {
                doc,
                locale,
                shown: default.clone(),
                regions: regions.into_iter().collect(),
            })
            .collect()
    }

    /// Every translation a page needs and lacks, by the file to create. It
    /// follows [`Resolver::resolve`]: a document without a translation
    /// is shown whole in the default locale, and a supplement without one
    /// adds its default-locale sections.
    fn missing_translations(&self) -> BTreeMap<PathBuf, Missing> {
        let project = self.project;
        let default = &project.config.default_locale;
        let mut missing: BTreeMap<PathBuf, Missing> = BTreeMap::new();
        for region in &self.regions {
            // A locale the project does not list is an error of its own
            // (see `source::validate`); it makes no page to translate.
            let locales = region
                .locales
                .iter()
                .filter(|l| *l != default && project.config.locales.contains(l));
            for locale in locales {
                for doc in &region.documents {
                    let mut note = |path: PathBuf, shown: &PathBuf, supplement: bool| {
                        missing
                            .entry(path)
                            .or_insert_with(|| Missing {
                                doc: doc.clone(),
                                locale: locale.clone(),
                                shown: shown.clone(),
                                supplement,
                                regions: BTreeSet::new(),
                            })
                            .regions
                            .insert(region.id.clone());
                    };
                    if let Some(base) = project.documents.get(doc)
                        && !base.contains_key(locale)
                        && let Some(source) = base.get(default)
                    {
                        note(layout::document(doc, locale), &source.path, false);
                    }
                    for region_id in &region.chain {
                        let key = (region_id.clone(), doc.clone());
                        let Some(supplements) = project.supplements.get(&key) else {
                            continue;
                        };
                        if !supplements.contains_key(locale)
                            && let Some(source) = supplements.get(default)
                        {
                            let path = layout::supplement(region_id, doc, locale);
                            note(path, &source.path, project.documents.contains_key(doc));
                        }
                    }
                }
            }
        }
        missing
    }

    /// A supplement's translation is shown only with its document's: when
    /// that is missing, the pages show the whole document, supplements
    /// included, in the default locale, and the supplement's translation
    /// is unused. A warning at the unused file, once, with the regions.
    fn check_unused(&self, diags: &Diagnostics) {
        let project = self.project;
        let default = &project.config.default_locale;
        // The unused file, the missing one, the regions.
        let mut unused: BTreeMap<PathBuf, (PathBuf, BTreeSet<String>)> = BTreeMap::new();
        for region in &self.regions {
            let locales = region
                .locales
                .iter()
                .filter(|l| *l != default && project.config.locales.contains(l));
            for locale in locales {
                for doc in &region.documents {
                    let key = super::VariantKey {
                        doc: doc.clone(),
                        region: region.id.clone(),
                        locale: locale.clone(),
                    };
                    if self.has_own_text(&key) {
                        continue;
                    }
                    let mut blocking = project
                        .documents
                        .contains_key(doc)
                        .then(|| layout::document(doc, locale));
                    for region_id in &region.chain {
                        let key = (region_id.clone(), doc.clone());
                        let Some(supplements) = project.supplements.get(&key) else {
                            continue;
                        };
                        let path = layout::supplement(region_id, doc, locale);
                        // A region-only document's first supplement is
                        // the document: the missing translation.
                        let Some(missing) = blocking.clone() else {
                            blocking = Some(path);
                            continue;
                        };
                        if let Some(translation) = supplements.get(locale) {
                            unused
                                .entry(translation.path.clone())
                                .or_insert_with(|| (missing, BTreeSet::new()))
                                .1
                                .insert(region.id.clone());
                        }
                    }
                }
            }
        }
        for (path, (missing, regions)) in unused {
            let locale = match layout::classify(&path) {
                layout::Kind::Supplement { locale, .. } => locale,
                _ => continue,
            };
            let regions: Vec<&str> = regions.iter().map(String::as_str).collect();
            diags.push(
                Diagnostic::warning(format!(
                    "no page shows this translation: `{}` is missing, so the `{locale}` pages of {} show the whole document in `{default}`, this supplement's sections too",
                    display_path(&missing),
                    regions.join(", ")
                ))
                .in_file(&path)
                .help(format!(
                    "create `{}` (translated from its `{default}` text) so that the pages show this file; or remove this file if the document is not to be translated into `{locale}`",
                    display_path(&missing)
                )),
            );
        }
    }

    /// An `accept_fallbacks` entry names a document. One that does not (a
    /// typo, or a document since removed) accepts nothing, so the pages it
    /// meant are still reported: a warning is enough.
    fn check_accepted(&self, diags: &Diagnostics) {
        let project = self.project;
        // A region or the documents' folder that could not be read hides
        // documents: what is unknown then is reported as unreadable.
        if project.unparsed.policies || !project.unparsed.regions.is_empty() {
            return;
        }
        let config_path = layout::config();
        let text = project.sources.get(&config_path).unwrap_or("");
        let docs: BTreeSet<&str> = self
            .regions
            .iter()
            .flat_map(|r| r.documents.iter().map(String::as_str))
            .collect();
        // A document whose region could not be resolved (its file, or a
        // parent's, failed) still has its supplements on disk.
        let on_disk: BTreeSet<&str> = project
            .supplements
            .keys()
            .map(|(_, doc)| doc.as_str())
            .collect();
        for doc in project.config.accept_fallbacks.keys() {
            let unparsed = &project.unparsed;
            if on_disk.contains(doc.as_str())
                || unparsed.policies
                || unparsed.documents.contains(doc)
                || unparsed.supplements.iter().any(|(_, d)| d == doc)
            {
                continue;
            }
            // A document whose files could not be read is reported as such.
            let folder = project.root.join(layout::POLICIES).join(doc);
            if docs.contains(doc.as_str()) || folder.is_dir() {
                continue;
            }
            let mut message = format!("`{doc}` is not a document of this project");
            if let Some(near) = closest(doc, docs.iter().copied()) {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            let list: Vec<&str> = docs.iter().copied().collect();
            diags.push(
                Diagnostic::warning(message)
                    .in_file(&config_path)
                    .at(accepted_at(text, doc, None))
                    .help(format!(
                        "`accept_fallbacks` lists documents by id ({}); remove the entry if the document is gone",
                        list.join(", ")
                    )),
            );
        }
    }
}

/// How to accept the fallback `m` in policyc.yaml, given whether it has an
/// `accept_fallbacks:` section and what that lists for the document.
fn accept_advice(m: &Missing, has_section: bool, listed: Option<&Vec<String>>) -> String {
    let Missing { doc, locale, .. } = m;
    match (has_section, listed) {
        (true, Some(_)) => {
            format!("add `{locale}` to `{doc}` under `accept_fallbacks` in policyc.yaml")
        }
        (true, None) => {
            format!("add `{doc}: [{locale}]` under `accept_fallbacks` in policyc.yaml")
        }
        (false, _) => {
            format!("accept it in policyc.yaml: `accept_fallbacks: {{ {doc}: [{locale}] }}`")
        }
    }
}

fn missing_warning(path: &Path, m: &Missing, default: &str, accept: &str) -> Diagnostic {
    let Missing {
        doc,
        locale,
        regions,
        ..
    } = m;
    let regions: Vec<&str> = regions.iter().map(String::as_str).collect();
    let (pages, show) = if regions.len() == 1 {
        ("page", "shows")
    } else {
        ("pages", "show")
    };
    let message = if m.supplement {
        format!(
            "this supplement has no `{locale}` translation, so the `{locale}` {pages} of `{doc}` in {} {show} its sections in `{default}`",
            regions.join(", ")
        )
    } else {
        format!(
            "`{doc}` has no `{locale}` translation, so its `{locale}` {pages} in {} {show} this `{default}` text",
            regions.join(", ")
        )
    };
    Diagnostic::warning(message)
        .in_file(&m.shown)
        .help(format!(
            "create `{}`, translated from this file; or, to publish the `{default}` text on purpose, {accept}",
            display_path(path)
        ))
}
