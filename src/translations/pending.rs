//! Staleness before a release: the translated sections that an edit of
//! their default-locale source, not yet released, leaves as they are, and
//! that will lag behind it once it is released.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path, shell_word};
use crate::diff::Class;
use crate::diff::report::TranslationLag;
use crate::history::Comparison;
use crate::resolve::{Resolver, Variant, VariantKey};
use crate::source::Project;

use super::status::place;

/// A translated section that a pending change of its source leaves as it
/// was: once released, it lags behind. One per file and section, whatever
/// the number of regions whose pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lag {
    /// The translation's file.
    pub file: PathBuf,
    /// Its section's heading there (its first line, for the introduction).
    pub location: Option<Location>,
    /// The document id.
    pub doc: String,
    /// The translation's locale.
    pub locale: String,
    /// The section id; `""` for the introduction.
    pub section: String,
    /// The source's heading, as it will be released.
    pub heading: String,
    /// The regions whose pages show it, sorted.
    pub regions: BTreeSet<String>,
}

/// The translations the sources' pending changes leave behind, given every
/// variant compared with its last release (`Releases::compare_all`):
/// for each section a default-locale variant changed in text since its
/// release, each translation of that variant whose same section did not
/// change. Sorted by file, then section.
pub fn pending(
    project: &Project,
    resolver: &Resolver,
    comparisons: &[Comparison],
    diags: &Diagnostics,
) -> Vec<Lag> {
    let default = &project.config.default_locale;
    let by_key: HashMap<&VariantKey, &Comparison> =
        comparisons.iter().map(|c| (&c.key, c)).collect();
    let mut lags: BTreeMap<(PathBuf, String), Lag> = BTreeMap::new();
    let mut variants: HashMap<VariantKey, Option<Variant>> = HashMap::new();
    let sources = comparisons
        .iter()
        .filter(|c| c.key.locale == *default && c.version.is_some() && !c.identical);
    for source in sources {
        let changed: Vec<_> = source
            .diff
            .sections
            .iter()
            .filter(|s| s.class == Class::Text)
            .collect();
        let Some(region) = resolver.region(&source.key.region) else {
            continue;
        };
        for locale in region.locales.iter().filter(|l| *l != default) {
            let key = VariantKey {
                locale: locale.clone(),
                ..source.key.clone()
            };
            let Some(translation) = by_key.get(&key) else {
                continue;
            };
            for section in &changed {
                // The same change updates the translation too.
                let followed = translation
                    .diff
                    .sections
                    .iter()
                    .any(|s| s.id == section.id && s.class == Class::Text);
                if followed {
                    continue;
                }
                let variant = variants
                    .entry(key.clone())
                    .or_insert_with(|| resolver.resolve(&key, diags));
                let Some(variant) = variant else { continue };
                let Some((file, location)) = place(project, variant, &section.id) else {
                    continue;
                };
                lags.entry((file.clone(), section.id.clone()))
                    .or_insert_with(|| Lag {
                        file,
                        location,
                        doc: key.doc.clone(),
                        locale: key.locale.clone(),
                        section: section.id.clone(),
                        heading: section.heading.clone(),
                        regions: BTreeSet::new(),
                    })
                    .regions
                    .insert(key.region.clone());
            }
        }
    }
    lags.into_values().collect()
}

impl Lag {
    /// The warning `policyc check` gives for it.
    pub fn warning(&self, default: &str) -> Diagnostic {
        let name = match self.section.is_empty() {
            true => "the introduction".to_string(),
            false => format!("`{}`", self.section),
        };
        let section = match self.section.is_empty() {
            true => String::new(),
            false => format!(" --section {}", shell_word(&self.section)),
        };
        let mut d = Diagnostic::warning(format!(
            "the translation of {name} will lag behind its {default} source once released: the {default} text of this section changed since the last release, this file's did not"
        ))
        .in_file(&self.file)
        .help(format!(
            "update it in the same change; if it needs no change, run `policyc translations ack {} {}{section}` after the release",
            shell_word(&self.doc),
            shell_word(&self.locale)
        ));
        if let Some(at) = self.location {
            d = d.at(at);
        }
        d
    }

    /// As `diff` and `release` report it.
    pub fn report(self) -> TranslationLag {
        TranslationLag {
            file: display_path(&self.file),
            line: self.location.map(|l| l.line),
            document: self.doc,
            locale: self.locale,
            section: self.section,
            heading: self.heading,
            regions: self.regions.into_iter().collect(),
        }
    }
}

/// [`pending`], as `diff` and `release` report it.
pub fn pending_report(
    project: &Project,
    resolver: &Resolver,
    comparisons: &[Comparison],
    diags: &Diagnostics,
) -> Vec<TranslationLag> {
    pending(project, resolver, comparisons, diags)
        .into_iter()
        .map(Lag::report)
        .collect()
}
