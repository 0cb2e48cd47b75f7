//! What is on disk: a policy project's files, read with their positions.
//! [`load`] reads `policyc.yaml`, the documents, the regions and their
//! supplements, and the template overrides into a [`Project`].

pub mod config;
pub mod document;
pub mod facts;
mod files;
pub mod git;
pub mod layout;
mod load;
pub mod marked;
pub mod read;
pub mod region;
pub mod validate;
pub mod words;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use config::Config;
use document::SourceDoc;
pub use load::{Parses, load, load_reusing, valid_id};
pub use region::Region;

use crate::diagnostics::SourceFiles;

/// A whole policy project, as read from disk.
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// The project directory.
    pub root: PathBuf,
    /// `policyc.yaml`.
    pub config: Config,
    /// Regions by id.
    pub regions: BTreeMap<String, Region>,
    /// Base documents: document id, then locale.
    pub documents: BTreeMap<String, BTreeMap<String, Arc<SourceDoc>>>,
    /// Supplements: (region id, document id), then locale.
    pub supplements: BTreeMap<(String, String), BTreeMap<String, Arc<SourceDoc>>>,
    /// Facts tables from `facts/<table>.yaml` (with their locale files'
    /// texts), by table id.
    pub facts: BTreeMap<String, facts::FactTable>,
    /// Regions' changes to tables: (region id, table id).
    pub fact_changes: BTreeMap<(String, String), facts::FactChanges>,
    /// Theme words from `strings/<locale>.yaml`, by locale.
    pub words: BTreeMap<String, words::ProjectWords>,
    /// Theme overrides from `templates/`, by file name (with `/`).
    pub templates: BTreeMap<String, String>,
    /// Texts of every file read, for diagnostics.
    pub sources: SourceFiles,
    /// Whether any `.md` source was found, even one that failed to load.
    pub has_source_files: bool,
    /// The Markdown sources as parsed, for the next load to reuse.
    pub parses: Parses,
    /// The sources that could not be read or parsed.
    pub unparsed: Unparsed,
}

/// The sources that could not be read or parsed, each reported once: what
/// depends on them is neither checked nor resolved, so that one mistake
/// gives one message, not a cascade.
#[derive(Debug, Clone, Default)]
pub struct Unparsed {
    /// `policyc.yaml`: the locales and variables are unknown.
    pub config: bool,
    /// Documents with a base source (`policies/<doc>/…`) that failed.
    pub documents: BTreeSet<String>,
    /// (region, document) pairs with a supplement that failed.
    pub supplements: BTreeSet<(String, String)>,
    /// Regions whose file failed.
    pub regions: BTreeSet<String>,
    /// `policies/` itself could not be read: no document is known.
    pub policies: bool,
    /// Facts tables whose file (or `facts/` itself) could not be read or
    /// parsed: nothing that uses them is checked.
    pub facts: BTreeSet<String>,
    /// `facts/` could not be read: no table is known.
    pub facts_folder: bool,
    /// (region, table) pairs whose changes could not be read or parsed.
    pub fact_changes: BTreeSet<(String, String)>,
}

impl Unparsed {
    /// Whether the table `id` is unknown because a file failed: a document
    /// or region naming it is then not reported.
    pub fn fact_table(&self, id: &str) -> bool {
        self.facts_folder || self.facts.contains(id)
    }
}

impl Unparsed {
    /// Notes what a path that could not be read leaves unknown.
    pub(crate) fn note_unreadable(&mut self, rel: &Path) {
        match layout::classify(rel) {
            layout::Kind::Policies => self.policies = true,
            layout::Kind::DocumentFolder { doc } | layout::Kind::Document { doc, .. } => {
                self.documents.insert(doc);
            }
            layout::Kind::Region { region } | layout::Kind::SupplementFolder { region } => {
                self.regions.insert(region);
            }
            layout::Kind::Supplement { region, doc, .. } => {
                self.supplements.insert((region, doc));
            }
            layout::Kind::Facts => self.facts_folder = true,
            layout::Kind::FactTable { table } | layout::Kind::FactTranslation { table, .. } => {
                self.facts.insert(table);
            }
            layout::Kind::FactChanges { region, table } => {
                self.fact_changes.insert((region, table));
            }
            _ => {}
        }
    }
}

/// The name of the region used when a project has no `regions/` files.
pub const IMPLICIT_REGION: &str = "global";

impl Project {
    /// Every Markdown source read: each document in each locale, then each
    /// supplement in each locale.
    pub fn source_docs(&self) -> impl Iterator<Item = &Arc<SourceDoc>> {
        self.documents
            .values()
            .chain(self.supplements.values())
            .flat_map(|by_locale| by_locale.values())
    }

    /// The ids of every document: those under `policies/` and those only
    /// regions' supplements have.
    pub fn document_ids(&self) -> std::collections::BTreeSet<&str> {
        self.documents
            .keys()
            .map(String::as_str)
            .chain(self.supplements.keys().map(|(_, d)| d.as_str()))
            .collect()
    }

    /// A project without region files has one region, named after the
    /// site; regions whose files failed are not replaced by it.
    pub(crate) fn add_implicit_region(&mut self) {
        if !self.regions.is_empty() || !self.unparsed.regions.is_empty() {
            return;
        }
        self.regions.insert(
            IMPLICIT_REGION.to_string(),
            region::Region {
                id: IMPLICIT_REGION.to_string(),
                name: self.config.name.clone(),
                names: std::collections::BTreeMap::new(),
                name_at: crate::diagnostics::location_at("", 0, 0),
                parent: None,
                locales: None,
                variables: std::collections::BTreeMap::new(),
                path: layout::config(),
            },
        );
    }
}
