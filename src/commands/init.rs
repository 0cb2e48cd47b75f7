//! `policyc init`: a new project holding the example content, so editors
//! start from something that builds.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::source::layout;

static POLICIES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");
static REGIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/regions");
static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
const CONFIG: &str = include_str!("../../policyc.yaml");

/// Why a project could not be created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The directory already has files.
    #[error(
        "`{0}` is not empty; policyc init only writes into a new or empty directory, so nothing there is overwritten"
    )]
    NotEmpty(PathBuf),
    /// A file system error.
    #[error("could not write `{path}`: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Writes the example project into `dir`, which must be new or empty.
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    let gitignore = layout::gitignore();
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (layout::config(), CONFIG.as_bytes()),
        (PathBuf::from(layout::GITIGNORE), gitignore.as_bytes()),
    ];
    // The example is this repository's own project, embedded folder by
    // folder; the layout says where each goes.
    for (name, embedded) in [
        (layout::POLICIES, &POLICIES),
        (layout::REGIONS, &REGIONS),
        (layout::TEMPLATES, &TEMPLATES),
    ] {
        collect(embedded, Path::new(name), &mut files);
    }
    files.sort();
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn collect<'a>(dir: &'a Dir<'a>, prefix: &Path, out: &mut Vec<(PathBuf, &'a [u8])>) {
    for file in dir.files() {
        out.push((prefix.join(file.path()), file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, prefix, out);
    }
}
