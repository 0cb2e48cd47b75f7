//! Files policyc writes for others to read (manual pages, release records
//! and stored texts, imported documents, the site) get the mode a plain
//! create gives them, 0666 less the umask, never a temporary file's 0600:
//! `sudo policyc man --out /usr/local/share/man/man1` serves every user.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use walkdir::WalkDir;

use crate::support::{Project, bin, fixtures_dir};

/// Runs `policyc --root ROOT ARGS` under `umask`, which must succeed.
fn policyc_under(umask: u32, root: &Path, args: &[&str]) {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask:03o} && exec \"$0\" \"$@\""))
        .arg(bin())
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run policyc through sh");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Every file under `dir` (at least one) has `expected` as its mode.
fn assert_files_have_mode(dir: &Path, expected: u32) {
    let files: Vec<_> = WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .collect();
    assert!(!files.is_empty(), "no file in {}", dir.display());
    for file in files {
        assert_eq!(
            mode(file.path()),
            expected,
            "{} has mode {:o}",
            file.path().display(),
            mode(file.path())
        );
    }
}

#[test]
fn written_files_get_the_mode_of_a_plain_create_under_the_umask() {
    for umask in [0o022, 0o027] {
        let file = 0o666 & !umask;
        let folder = 0o777 & !umask;

        // Manual pages.
        let project = Project::example();
        let man = project.root().join("man1");
        policyc_under(
            umask,
            project.root(),
            &["man", "--out", man.to_str().unwrap()],
        );
        assert_files_have_mode(&man, file);

        // A release: its record and stored texts; then the site.
        policyc_under(
            umask,
            project.root(),
            &[
                "release",
                "-m",
                "First",
                "--date",
                "2026-01-10",
                "--today",
                "2026-01-10",
            ],
        );
        assert_files_have_mode(&project.root().join("history/releases"), file);
        assert_files_have_mode(&project.root().join("history/objects"), file);
        policyc_under(umask, project.root(), &["build", "--today", "2026-01-10"]);
        assert_eq!(mode(&project.out()), folder);
        assert_files_have_mode(&project.out(), file);

        // An import into a new project: the skeleton, the document, its release.
        let root = project.root().join("imported");
        let page = fixtures_dir().join("import/scraped.md");
        policyc_under(
            umask,
            &root,
            &["import", page.to_str().unwrap(), "--doc", "shop"],
        );
        assert_eq!(mode(&root.join("policyc.yaml")), file);
        assert_files_have_mode(&root.join("policies"), file);
        assert_files_have_mode(&root.join("history"), file);
    }
}
