//! The one place that runs the `git` binary, for the two commands that read
//! a git repository (`diff --base`, `release --rebase`): a command with a
//! fixed environment, its failures told apart, and the advice each needs.
//! Nothing here writes to a repository.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::diagnostics::{closest, display_path};

/// Runs git in a project's folder.
#[derive(Debug, Clone, Copy)]
pub struct Git<'r> {
    root: &'r Path,
    /// What the command needs git for, ending the messages that say git
    /// is missing or the folder is not a repository ("--base reads the
    /// revision with it").
    purpose: &'r str,
    /// What else the user can do, ending the same messages (", or compare
    /// with a folder: --from DIR"), or "".
    instead: &'r str,
    /// What the command does with the revision it is given, for the advice
    /// when git does not know it.
    serves: Purpose,
}

/// What a command does with a revision the user names, and the option it
/// names it with: the advice for a revision git does not know says how to
/// give it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Purpose {
    /// `diff --base REF`: compare the working tree with it.
    #[default]
    CompareWith,
    /// `verify --base REF`: check the history against its newest release.
    CheckAgainst,
    /// `release --rebase --onto REF`: record the branch's releases on top
    /// of its history.
    RebaseOnto,
}

impl Purpose {
    /// "then compare with it: `--base origin/main`", for advice.
    fn then(self, revision: &str) -> String {
        let (doing, option) = match self {
            Purpose::CompareWith => ("compare with it", "--base"),
            Purpose::CheckAgainst => ("check against it", "--base"),
            Purpose::RebaseOnto => ("rebase onto it", "--onto"),
        };
        format!("then {doing}: `{option} {revision}`")
    }
}

/// How a git command failed.
#[derive(Debug)]
pub enum Failure {
    /// git is not there.
    Missing,
    /// It could not be run for another reason.
    Spawn(std::io::Error),
    /// It ran and failed: the first line of what it said.
    Status(String),
}

impl<'r> Git<'r> {
    /// git in `root`, for a command that needs it for `purpose`; `instead`
    /// says what else the user can do when git cannot help.
    pub fn new(root: &'r Path, purpose: &'r str, instead: &'r str) -> Self {
        Git {
            root,
            purpose,
            instead,
            serves: Purpose::default(),
        }
    }

    /// The same git, for a command that does `serves` with the revisions
    /// it is given (by default, compares with them).
    pub fn serving(self, serves: Purpose) -> Self {
        Git { serves, ..self }
    }

    /// A message saying that `doing` failed, and what to do.
    pub fn message(&self, failure: Failure, doing: &str) -> String {
        match failure {
            Failure::Missing => format!(
                "git is not installed (no `git` on PATH), and {}; install git{}",
                self.purpose, self.instead
            ),
            Failure::Spawn(e) => format!("could not run git to {doing}: {e}"),
            Failure::Status(message) => format!("git could not {doing}: {message}"),
        }
    }

    /// The command `git -C root ARGS`, in English (its messages are told
    /// apart), without a pager, its paths never read as patterns.
    pub fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new("git");
        cmd.arg("-C")
            .arg(self.root)
            .args(args)
            .env("LC_ALL", "C")
            .env("LANGUAGE", "C")
            .env("GIT_PAGER", "cat")
            .env("GIT_LITERAL_PATHSPECS", "1")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `git -C root ARGS`; its standard output, or how it failed.
    pub fn run<I, S>(&self, args: I) -> Result<Vec<u8>, Failure>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let output = self.command(args).output().map_err(spawn_failure)?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(Failure::Status(first_line(&output.stderr)))
        }
    }

    /// Where the project's folder is in its repository (`""` at the top,
    /// `legal/` below it), or a message saying why git cannot tell: not a
    /// repository, one owned by another user, no git.
    pub fn prefix(&self) -> Result<String, String> {
        let shown_root = display_path(self.root);
        match self.run(["rev-parse", "--show-prefix"]) {
            Ok(out) => Ok(String::from_utf8_lossy(out.trim_ascii_end()).into_owned()),
            Err(Failure::Status(message)) if message.contains("not a git repository") => {
                Err(format!(
                    "`{shown_root}` is not in a git repository, and {}; run it in a clone of the policy repository{}",
                    self.purpose, self.instead
                ))
            }
            Err(Failure::Status(message)) if message.contains("dubious ownership") => Err(format!(
                "git refuses to read the repository of `{shown_root}`, which another user owns \
                     ({message}); if you trust it, allow it with `git config --global --add \
                     safe.directory <its path>` (in a CI container, the checkout's path)"
            )),
            Err(e) => Err(self.message(e, &format!("read the git repository of `{shown_root}`"))),
        }
    }

    /// Whether `revision` names a commit.
    pub fn is_commit(&self, revision: &str) -> bool {
        !revision.starts_with('-')
            && self
                .run([
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    &format!("{revision}^{{commit}}"),
                ])
                .is_ok()
    }

    /// The commit `revision` names, or a message saying why git does not
    /// know it: a typo (with the nearest branch or tag), or a shallow clone
    /// that lacks it. A revision git would read as an option is refused.
    pub fn commit(&self, revision: &str) -> Result<String, String> {
        if revision.is_empty() || revision.starts_with('-') {
            return Err(format!(
                "`{revision}` is not a git revision; give a branch, tag or commit, such as `origin/main`"
            ));
        }
        let spec = format!("{revision}^{{commit}}");
        match self.run(["rev-parse", "--verify", "--quiet", &spec]) {
            Ok(out) => return Ok(String::from_utf8_lossy(out.trim_ascii_end()).into_owned()),
            Err(Failure::Status(_)) => {}
            Err(e) => return Err(self.message(e, "read the revision")),
        }
        let refs = self
            .run(["for-each-ref", "--format=%(refname:short)"])
            .map(|out| String::from_utf8_lossy(&out).into_owned())
            .unwrap_or_default();
        let nearest = closest(revision, refs.lines().filter(|r| !r.is_empty()));
        let shallow = self
            .run(["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|out| out.trim_ascii() == b"true");
        let mut message = format!("git does not know the revision `{revision}`: ");
        if let Some(nearest) = nearest {
            message.push_str(&format!("did you mean `{nearest}`? "));
        }
        let whole_history = "clone with the whole history \
             (`fetch-depth: 0` in GitHub Actions' checkout, `GIT_DEPTH: 0` in GitLab CI)";
        if !is_branch_name(revision) {
            // Nothing to fetch by that name: say what is accepted.
            if revision.contains("..") {
                message =
                    format!("`{revision}` is a range of commits, but one revision is needed: ");
            }
            message.push_str(
                "give one branch, tag or commit this clone has, such as `origin/main`, \
                 a commit hash, or `main~1` (`git branch --all` lists the branches, \
                 `git log --oneline` the commits)",
            );
            if shallow {
                message.push_str(&format!(
                    "; this clone is shallow (it holds only the newest commits) and may lack \
                     the commit: {whole_history}"
                ));
            }
            return Err(message);
        }
        let branch = revision.strip_prefix("origin/").unwrap_or(revision);
        // Named with its remote-tracking ref: in a single-branch clone,
        // `git fetch origin main` updates only FETCH_HEAD.
        let fetch = format!("git fetch origin {branch}:refs/remotes/origin/{branch}");
        let then = if revision.starts_with("origin/") {
            String::new()
        } else {
            format!(", {}", self.serves.then(&format!("origin/{branch}")))
        };
        if shallow {
            message.push_str(&format!(
                "this clone is shallow (it holds only the newest commits) and may lack it; \
                 fetch it with `{fetch}`{then}, or {whole_history}"
            ));
        } else {
            message.push_str(&format!(
                "give a branch, tag or commit this clone has (`git branch --all` lists the \
                 branches); a branch of the server needs `{fetch}` first{then}"
            ));
        }
        Err(message)
    }

    /// `git cat-file --batch`, to read blobs one after the other.
    pub fn batch(&self) -> Result<Batch, Failure> {
        let mut child = self
            .command(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_failure)?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().map(BufReader::new);
        Ok(Batch {
            child,
            stdin,
            stdout,
        })
    }
}

/// Whether `revision` could be a branch of the server, to fetch by its
/// name: git's rules for a branch name (`git check-ref-format --branch`),
/// and neither `HEAD` (nor `MERGE_HEAD`, ...) nor what reads as a commit
/// hash. `HEAD~1`, `main..fix`, `a b` or `main@{1}` are not.
fn is_branch_name(revision: &str) -> bool {
    let forbidden = |c: char| c.is_control() || " ~^:?*[\\".contains(c);
    let looks_like_hash = revision.len() >= 7 && revision.bytes().all(|b| b.is_ascii_hexdigit());
    let special = revision.ends_with("HEAD")
        && revision
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'_');
    !revision.is_empty()
        && !revision.starts_with('-')
        && revision != "@"
        && !revision.contains("..")
        && !revision.contains("@{")
        && !revision.contains("//")
        && !revision.ends_with('.')
        && !revision.chars().any(forbidden)
        && revision
            .split('/')
            .all(|part| !part.is_empty() && !part.starts_with('.') && !part.ends_with(".lock"))
        && !looks_like_hash
        && !special
}

fn spawn_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::NotFound {
        Failure::Missing
    } else {
        Failure::Spawn(e)
    }
}

/// The first line git wrote on stderr, for a message.
fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.is_empty() {
        "git gave no reason".to_string()
    } else {
        line.to_string()
    }
}

/// A running `git cat-file --batch`, which answers each object name written
/// to it with `<object> <type> <size>`, the contents and a newline (and
/// flushes after each).
pub struct Batch {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: Option<BufReader<std::process::ChildStdout>>,
}

impl Batch {
    /// The contents of `object`; `None` when git stopped answering.
    pub fn read(&mut self, object: &str) -> Option<Vec<u8>> {
        let (stdin, stdout) = (self.stdin.as_mut()?, self.stdout.as_mut()?);
        writeln!(stdin, "{object}")
            .and_then(|()| stdin.flush())
            .ok()?;
        let mut header = String::new();
        stdout.read_line(&mut header).ok()?;
        let size: usize = header.split_ascii_whitespace().nth(2)?.parse().ok()?;
        let mut bytes = vec![0; size];
        stdout.read_exact(&mut bytes).ok()?;
        let mut newline = [0; 1];
        stdout.read_exact(&mut newline).ok()?;
        Some(bytes)
    }

    /// Ends the batch; how git failed, if it did.
    pub fn finish(mut self) -> Result<(), Failure> {
        drop(self.stdin.take());
        drop(self.stdout.take());
        match self.child.wait_with_output() {
            Ok(out) if out.status.success() => Ok(()),
            Ok(out) => Err(Failure::Status(first_line(&out.stderr))),
            Err(e) => Err(Failure::Spawn(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_could_be_a_branch_of_the_server_is_a_branch_name() {
        for branch in [
            "main",
            "origin/main",
            "feature/new-rights",
            "release-2026.1",
        ] {
            assert!(is_branch_name(branch), "{branch}");
        }
        for not in [
            "HEAD~1",
            "HEAD",
            "MERGE_HEAD",
            "main..del",
            "main...del",
            "a b",
            "main^",
            "main@{1}",
            "@",
            "v1:policyc.yaml",
            "-x",
            "",
            "feature/",
            "/main",
            "a//b",
            ".hidden",
            "main.lock",
            "main.",
            "3f2a9c1",
            "0123456789abcdef0123456789abcdef01234567",
        ] {
            assert!(!is_branch_name(not), "{not}");
        }
    }
}
