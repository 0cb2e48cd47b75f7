//! Git repositories for the tests of `diff --base` and the CI recipes: the
//! machine's `git`, with a fixed identity and fixed dates, and neither the
//! user's nor the system's configuration.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The environment every git (and every `policyc` that runs git) gets in
/// these tests: no configuration but the repository's own, a fixed author,
/// committer and dates, and English messages.
pub fn env(home: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    let fixed = [
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_AUTHOR_NAME", "Policy Editor"),
        ("GIT_AUTHOR_EMAIL", "editor@example.com"),
        ("GIT_COMMITTER_NAME", "Policy Editor"),
        ("GIT_COMMITTER_EMAIL", "editor@example.com"),
        ("GIT_AUTHOR_DATE", "2026-01-10T12:00:00Z"),
        ("GIT_COMMITTER_DATE", "2026-01-10T12:00:00Z"),
        ("GIT_TERMINAL_PROMPT", "0"),
        ("LC_ALL", "C"),
    ];
    let mut env: Vec<_> = fixed.iter().map(|(k, v)| (*k, v.into())).collect();
    env.push(("HOME", home.as_os_str().to_owned()));
    env
}

/// Whether `git` runs here; when it does not, the test is skipped (and
/// fails in CI, which must have git).
pub fn available() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        super::skip(
            "git is not installed",
            "install git (the CI script's need_cmd installs it)",
        );
    }
    ok
}

/// A git repository in a temporary folder, on branch `main`.
pub struct Repo {
    dir: TempDir,
    home: TempDir,
}

impl Repo {
    /// A new, empty repository.
    pub fn new() -> Repo {
        let repo = Repo::folder();
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo
    }

    /// A clone of `origin` (its `origin` remote), as CI checks a
    /// repository out: every branch of `origin` is `origin/<branch>`.
    pub fn clone_of(origin: &Repo) -> Repo {
        let repo = Repo::folder();
        let url = format!("file://{}", origin.path().display());
        repo.git(&["clone", "--quiet", &url, "."]);
        repo
    }

    /// An empty temporary folder, to clone into (`git clone … .`).
    pub fn empty() -> Repo {
        Repo::folder()
    }

    fn folder() -> Repo {
        Repo {
            dir: tempfile::Builder::new()
                .prefix("policyc-git-")
                .tempdir()
                .expect("a temporary folder"),
            home: tempfile::tempdir().expect("a temporary home"),
        }
    }

    /// The working tree's top.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `path` under the working tree.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    /// The environment for git and policyc (see [`env`]).
    pub fn env(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        env(self.home.path())
    }

    /// Runs `git ARGS` in the working tree; fails the test unless it
    /// succeeds. Returns its standard output.
    pub fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .current_dir(self.path())
            .args(args)
            .envs(self.env())
            .output()
            .expect("run git");
        assert!(
            output.status.success(),
            "git {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Commits everything in the working tree.
    pub fn commit_all(&self, message: &str) -> &Repo {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "--message", message]);
        self
    }

    /// Writes (or overwrites) a file, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Repo {
        let path = self.join(rel);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create folders");
        std::fs::write(&path, contents).expect("write a file");
        self
    }

    /// The text of a file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.join(rel)).expect("read a file")
    }

    /// `policyc --root <dir>` (a folder of the working tree), with the
    /// repository's environment and colours off.
    pub fn policyc(&self, dir: &str) -> assert_cmd::Command {
        let mut cmd = super::policyc();
        cmd.envs(self.env()).arg("--root").arg(self.join(dir));
        cmd
    }
}

/// Copies the example project (its sources and `history/`) into `to`.
pub fn copy_example(to: &Path) {
    let example = super::Project::example_released();
    for (rel, bytes) in super::read_tree(example.root()) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create folders");
        std::fs::write(path, bytes).expect("copy a file");
    }
}
