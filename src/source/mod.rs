//! What is on disk: a policy project's files, read with their positions.
//! [`load`] reads `policyc.yaml`, the documents, the regions and their
//! supplements, and the template overrides into a [`Project`].

pub mod config;
pub mod document;
pub mod layout;
mod load;
pub mod region;
pub mod validate;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub use config::Config;
use document::SourceDoc;
pub use load::{Parses, load, load_reusing};
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
    /// Theme overrides from `templates/`, by file name (with `/`).
    pub templates: BTreeMap<String, String>,
    /// Texts of every file read, for diagnostics.
    pub sources: SourceFiles,
    /// Whether any `.md` source was found, even one that failed to load.
    pub has_source_files: bool,
    /// The Markdown sources as parsed, for the next load to reuse.
    pub parses: Parses,
}

/// The name of the region used when a project has no `regions/` files.
pub const IMPLICIT_REGION: &str = "global";
