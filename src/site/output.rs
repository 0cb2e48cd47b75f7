//! Writing the site: every file goes into a temporary directory beside the
//! output, which replaces it whole only once the build has succeeded.

use std::io;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::manifest::{GENERATOR, GENERATOR_FIELD, MANIFEST};
use crate::source::layout;

/// An output directory being written. Dropped without [`Staging::commit`],
/// it removes itself and the previous output stays as it was.
pub struct Staging {
    dir: TempDir,
    target: PathBuf,
}

/// Why the output cannot be written where it was asked to go.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output would replace the sources.
    #[error("the output directory `{0}` holds the project itself; choose another with --out")]
    ContainsProject(PathBuf),
    /// The output exists and is not a previous build: it has no
    /// `manifest.json`, or one policyc did not write.
    #[error(
        "`{0}` exists and was not written by policyc ({1}); policyc replaces only a folder it wrote, so it leaves this one alone: move it away or choose another directory with --out"
    )]
    NotOurs(PathBuf, &'static str),
    /// The new output could not be swapped in, nor the previous one back.
    #[error(
        "could not put the new site in `{target}` ({source}), nor the previous one back: it is now in `{old}`; rename it to `{target}`"
    )]
    Displaced {
        /// The output directory.
        target: PathBuf,
        /// Where the previous output is.
        old: PathBuf,
        /// Why the new output could not be put in place.
        source: io::Error,
    },
    /// A file system error.
    #[error("could not write `{path}`: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Staging {
    /// Prepares to replace `target`, refusing a directory that policyc did not
    /// write or one that contains `project_root`.
    pub fn new(target: &Path, project_root: &Path) -> Result<Staging, OutputError> {
        let target = absolute(target);
        let root = absolute(project_root);
        if root.starts_with(&target) {
            return Err(OutputError::ContainsProject(target));
        }
        if target.exists() {
            let is_empty_dir = std::fs::read_dir(&target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !is_empty_dir {
                ours(&target)?;
            }
        }
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        let dir = tempfile::Builder::new()
            .prefix(layout::OUTPUT_STAGING_PREFIX)
            .tempdir_in(parent)
            .map_err(io_err(parent))?;
        Ok(Staging { dir, target })
    }

    /// Writes one file, `rel` being relative to the output root. A file
    /// whose bytes are the same as in the previous output is hard-linked
    /// from it: creating files is most of a build's time on some disks, and
    /// the previous output is removed once the new one is in place.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let previous = self.target.join(rel);
        if unchanged(&previous, bytes) && std::fs::hard_link(&previous, &path).is_ok() {
            return Ok(());
        }
        std::fs::write(&path, bytes).map_err(io_err(&path))
    }

    /// Swaps the finished directory in place of the old output.
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        let target = self.target.clone();
        let staged = self.dir.keep();
        let old = target.with_file_name(format!(
            "{}{}-{}",
            layout::OUTPUT_OLD_PREFIX,
            target
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = target.exists();
        if had_old {
            std::fs::rename(&target, &old).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                io_err(&target)(e)
            })?;
        }
        if let Err(e) = std::fs::rename(&staged, &target) {
            let _ = std::fs::remove_dir_all(&staged);
            if had_old && std::fs::rename(&old, &target).is_err() {
                return Err(OutputError::Displaced {
                    target,
                    old,
                    source: e,
                });
            }
            return Err(io_err(&target)(e));
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(target)
    }
}

/// Whether the folder `target` holds a site policyc wrote: its
/// `manifest.json` is a regular file whose `generator` is `policyc` (as
/// every policyc version wrote it). A web app's `manifest.json` is not.
fn ours(target: &Path) -> Result<(), OutputError> {
    let manifest = target.join(MANIFEST);
    let regular = std::fs::symlink_metadata(&manifest).is_ok_and(|m| m.file_type().is_file());
    if !regular {
        return Err(OutputError::NotOurs(
            target.to_path_buf(),
            "it has no manifest.json",
        ));
    }
    let generator = std::fs::read(&manifest)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .is_some_and(|doc| doc.get(GENERATOR_FIELD).and_then(|g| g.as_str()) == Some(GENERATOR));
    if !generator {
        return Err(OutputError::NotOurs(
            target.to_path_buf(),
            "its manifest.json does not say `\"generator\": \"policyc\"`",
        ));
    }
    Ok(())
}

/// Whether `path` is a regular file holding exactly `bytes`.
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    let same_size = std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_file() && m.len() == bytes.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|old| old == bytes)
}

fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Resolve symlinks where the path exists, and `..` everywhere, so that
    // containment checks hold.
    if let Ok(real) = abs.canonicalize() {
        return real;
    }
    let mut normal = PathBuf::new();
    for part in abs.components() {
        match part {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A manifest as policyc writes it.
    const OURS: &str = "{\"generator\": \"policyc\", \"pages\": []}";

    #[test]
    fn dropped_staging_leaves_previous_output_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MANIFEST), OURS).unwrap();
        let staging = Staging::new(&out, &tmp.path().join("project")).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), OURS);
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn commit_replaces_the_whole_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MANIFEST), OURS).unwrap();
        std::fs::write(out.join("stale.html"), "x").unwrap();
        let staging = Staging::new(&out, &tmp.path().join("project")).unwrap();
        staging.write(MANIFEST, b"new").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), "new");
        assert!(!out.join("stale.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn unchanged_files_are_shared_with_the_previous_output_and_survive_its_removal() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = Staging::new(&out, &tmp.path().join("project")).unwrap();
        first.write(MANIFEST, OURS.as_bytes()).unwrap();
        first.write("a/index.html", b"same").unwrap();
        first.write("b/index.html", b"old").unwrap();
        first.commit().unwrap();
        let inode = std::fs::metadata(out.join("a/index.html")).unwrap().ino();

        let second = Staging::new(&out, &tmp.path().join("project")).unwrap();
        second.write(MANIFEST, OURS.as_bytes()).unwrap();
        second.write("a/index.html", b"same").unwrap();
        second.write("b/index.html", b"new").unwrap();
        second.commit().unwrap();
        assert_eq!(
            std::fs::metadata(out.join("a/index.html")).unwrap().ino(),
            inode
        );
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"new");
        assert_eq!(
            std::fs::metadata(out.join("b/index.html")).unwrap().nlink(),
            1
        );
    }

    #[test]
    fn refuses_to_replace_a_directory_policyc_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let err = Staging::new(tmp.path(), &tmp.path().join("..").join("elsewhere"))
            .err()
            .unwrap();
        assert!(matches!(err, OutputError::NotOurs(..)));
    }

    #[test]
    fn refuses_a_folder_whose_manifest_policyc_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        let public = tmp.path().join("public");
        std::fs::create_dir(&public).unwrap();
        std::fs::write(public.join(MANIFEST), r#"{"name":"app"}"#).unwrap();
        std::fs::write(public.join("app.js"), "x").unwrap();
        let err = Staging::new(&public, &tmp.path().join("project"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("does not say"), "{err}");
        assert_eq!(std::fs::read_to_string(public.join("app.js")).unwrap(), "x");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_replace_the_project() {
        let tmp = tempfile::tempdir().unwrap();
        let err = Staging::new(tmp.path(), tmp.path()).err().unwrap();
        assert!(matches!(err, OutputError::ContainsProject(_)));
    }
}
