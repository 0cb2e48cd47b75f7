//! `policyc import` as the import tests run it.

use std::ffi::OsStr;
use std::path::Path;

use serde_json::Value;

/// Runs `policyc --root ROOT import ARGS`: the exit code, stdout and
/// stderr.
pub fn run<S: AsRef<OsStr>>(root: &Path, args: &[S]) -> (i32, String, String) {
    let output = super::policyc()
        .arg("--root")
        .arg(root)
        .arg("import")
        .args(args)
        .output()
        .expect("run policyc import");
    (
        output.status.code().expect("exited"),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

/// Like [`run`], failing the test unless the import succeeds: its stdout.
pub fn ok<S: AsRef<OsStr>>(root: &Path, args: &[S]) -> String {
    let (code, stdout, stderr) = run(root, args);
    assert_eq!(code, 0, "import failed:\n{stderr}\n{stdout}");
    stdout
}

/// A report printed with `--format json`.
pub fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// `policyc check`'s exit code and messages for the project at `root`.
pub fn check(root: &Path) -> (i32, String) {
    let output = super::policyc()
        .arg("--root")
        .arg(root)
        .arg("check")
        .output()
        .expect("run policyc check");
    (
        output.status.code().expect("exited"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `check` passes without warnings, then `build` renders the site.
pub fn check_and_build(root: &Path) {
    let (code, stderr) = check(root);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("check passed (0 warnings)"), "{stderr}");
    super::policyc()
        .arg("--root")
        .arg(root)
        .args(["build", "--quiet"])
        .assert()
        .success();
}

/// The text of a file of the imported project.
pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
