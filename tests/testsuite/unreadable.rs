//! A part of the project that cannot be read is an error naming it, never
//! a site silently missing pages, the theme or the release history.
//!
//! Folders made unreadable with `chmod 000` stop only a user without the
//! power to read everything, which root has: as root (as in CI), those
//! tests drop that power with `setpriv`. Looping and dangling symbolic
//! links fail for every user, root included.
#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::PathBuf;
use std::process::Command;

use crate::support::{Project, Report, bin, leftovers};
use policyc_testkit::serve::Server;

/// Replaces the folder `rel` by a symbolic link to itself, which no one
/// can read.
fn loop_folder(project: &Project, rel: &str) {
    let path = project.root().join(rel);
    if path.exists() {
        std::fs::remove_dir_all(&path).expect("remove the folder");
    }
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the parent");
    let name = path.file_name().expect("a name").to_owned();
    symlink(name, &path).expect("make the looping link");
}

/// Runs `check --format json` through `runner`, asserts it fails, and
/// returns the report.
fn check_fails(mut runner: Command, project: &Project) -> Report {
    let output = runner
        .arg(bin())
        .arg("--root")
        .arg(project.root())
        .args(["check", "--format", "json"])
        .output()
        .expect("run policyc check");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    serde_json::from_slice(&output.stdout).expect("check printed JSON")
}

/// `policyc` run as is.
fn direct() -> Command {
    let mut cmd = Command::new("env");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Asserts the report has exactly one error, about `rel` not being
/// readable, with advice.
fn assert_unreadable(report: &Report, rel: &str, reason: &str) {
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = report.find("cannot be read");
    d.assert_at(rel, None, None);
    assert!(d.message.contains(reason), "{d:#?}");
    assert!(d.help().contains(rel), "{d:#?}");
}

fn assert_build_fails(project: &Project, mut runner: Command) {
    let output = runner
        .arg(bin())
        .arg("--root")
        .arg(project.root())
        .arg("build")
        .output()
        .expect("run policyc build");
    assert_eq!(
        output.status.code(),
        Some(1),
        "build should fail:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!project.out().exists(), "a failed build wrote out/");
    assert_eq!(leftovers(project.root()), Vec::<String>::new());
}

#[test]
fn a_looping_templates_folder_is_an_error_not_the_built_in_theme() {
    let project = Project::minimal();
    loop_folder(&project, "templates");
    let report = check_fails(direct(), &project);
    assert_unreadable(&report, "templates", "symbolic link");
    assert_build_fails(&project, direct());
}

#[test]
fn a_looping_regions_folder_is_an_error_not_a_site_without_regions() {
    let project = Project::example();
    loop_folder(&project, "regions");
    let report = check_fails(direct(), &project);
    assert_unreadable(&report, "regions", "symbolic link");
    assert_build_fails(&project, direct());
}

#[test]
fn a_file_or_a_dangling_link_where_a_source_folder_belongs_is_an_error() {
    let project = Project::minimal();
    project.write("templates", "not a folder\n");
    let report = check_fails(direct(), &project);
    assert_eq!(report.errors, 1, "{report:#?}");
    report
        .find("where policyc reads a folder")
        .assert_at("templates", None, None);
    assert_build_fails(&project, direct());

    let project = Project::minimal();
    symlink("regions-moved", project.root().join("regions")).expect("make the link");
    let report = check_fails(direct(), &project);
    assert_unreadable(&report, "regions", "regions-moved");
    assert_build_fails(&project, direct());
}

#[test]
fn a_document_linked_to_nothing_is_an_error_not_a_missing_page() {
    let project = Project::minimal();
    symlink(
        "moved-away.md",
        project.root().join("policies/privacy/es-US.md"),
    )
    .expect("make the dangling link");
    let report = check_fails(direct(), &project);
    assert_unreadable(&report, "policies/privacy/es-US.md", "moved-away.md");
    assert_build_fails(&project, direct());
}

#[test]
fn unreadable_release_records_are_an_error_not_an_empty_history() {
    let project = Project::example_released();
    loop_folder(&project, "history/releases");
    let verify = Command::new(bin())
        .env("NO_COLOR", "1")
        .arg("--root")
        .arg(project.root())
        .arg("verify")
        .output()
        .expect("run policyc verify");
    let stderr = String::from_utf8_lossy(&verify.stderr);
    let stdout = String::from_utf8_lossy(&verify.stdout);
    assert_eq!(verify.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("history/releases"), "{stderr}");
    assert!(!stdout.contains("intact"), "{stdout}");
    let report = check_fails(direct(), &project);
    assert_unreadable(&report, "history/releases", "symbolic link");
    assert!(
        report.find("cannot be read").help().contains("restore"),
        "{report:#?}"
    );
    assert_build_fails(&project, direct());
}

#[test]
fn a_region_file_linked_to_nothing_is_one_error_not_also_supplements_without_a_region() {
    let project = Project::example();
    project.remove("regions/eu.yaml");
    symlink("eu-moved.yaml", project.root().join("regions/eu.yaml")).expect("make the link");
    let report = check_fails(direct(), &project);
    assert_unreadable(&report, "regions/eu.yaml", "eu-moved.yaml");
    assert!(report.matching("there is no").is_empty(), "{report:#?}");
}

/// Runs `verify` through `runner`, asserts it fails, and returns stderr.
fn verify_fails(mut runner: Command, project: &Project) -> String {
    let output = runner
        .arg(bin())
        .arg("--root")
        .arg(project.root())
        .arg("verify")
        .output()
        .expect("run policyc verify");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    stderr
}

#[test]
fn an_unreadable_objects_folder_is_one_error_not_one_per_stored_text() {
    let project = Project::example_released();
    loop_folder(&project, "history/objects");
    let report = check_fails(direct(), &project);
    assert_unreadable(&report, "history/objects", "symbolic link");
    assert!(
        report.find("cannot be read").help().contains("restore"),
        "{report:#?}"
    );
    assert_build_fails(&project, direct());
    let stderr = verify_fails(direct(), &project);
    assert_eq!(stderr.matches("cannot be read").count(), 1, "{stderr}");
    assert!(stderr.contains("1 error found"), "{stderr}");
    assert!(
        stderr
            .trim_end()
            .ends_with("error: history/ could not be read; see above"),
        "{stderr}"
    );
}

#[test]
fn verify_says_history_could_not_be_read_not_that_it_was_altered() {
    let project = Project::example_released();
    loop_folder(&project, "history/releases");
    let stderr = verify_fails(direct(), &project);
    assert!(
        stderr
            .trim_end()
            .ends_with("error: history/ could not be read; see above"),
        "{stderr}"
    );
    assert!(!stderr.contains("altered"), "{stderr}");

    // An altered record among unreadable parts is still an alteration.
    let project = Project::example_released();
    loop_folder(&project, "history/objects");
    let record = project.read("history/releases/0001.yaml");
    project.write(
        "history/releases/0001.yaml",
        record.replacen("release: 1", "release: 2", 1),
    );
    let stderr = verify_fails(direct(), &project);
    assert!(
        stderr
            .trim_end()
            .ends_with("error: history/ has been altered; see above"),
        "{stderr}"
    );
}

/// How to run `policyc` so that a folder with mode 000 is unreadable to
/// it: as is for a user other than root; for root, through `setpriv`,
/// without the capabilities that let root read anything. `None`, with the
/// reason printed, where neither can be had.
fn without_read_override() -> Option<impl Fn() -> Command> {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let probe = scratch.path().join("probe");
    std::fs::create_dir(&probe).expect("create the probe");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let is_root = std::fs::metadata(&probe).expect("stat").uid() == 0;
    let setpriv = || {
        let mut cmd = Command::new("setpriv");
        cmd.arg("--bounding-set=-dac_override,-dac_read_search")
            .env("NO_COLOR", "1");
        cmd
    };
    let works = if is_root {
        // `ls` fails on the probe only if the capabilities were dropped.
        setpriv()
            .arg("ls")
            .arg(&probe)
            .output()
            .is_ok_and(|o| !o.status.success() && o.stderr.contains(&b':'))
    } else {
        std::fs::read_dir(&probe).is_err()
    };
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    if !works {
        skip_unless_ci();
        return None;
    }
    Some(move || if is_root { setpriv() } else { direct() })
}

/// Says why a test that needs an unreadable folder is skipped; fails it
/// instead under CI, which runs as root with `setpriv`, so that these tests
/// cannot pass there without testing anything.
fn skip_unless_ci() {
    crate::support::skip(
        "no way to make a folder unreadable here (running as root, and `setpriv` cannot drop CAP_DAC_OVERRIDE)",
        "install `setpriv` (util-linux) where it can drop capabilities, or run the tests as a user other than root",
    );
}

/// Makes `rel` unreadable until dropped.
struct Locked(PathBuf);

impl Locked {
    fn new(project: &Project, rel: &str) -> Locked {
        let path = project.root().join(rel);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        Locked(path)
    }
}

impl Drop for Locked {
    fn drop(&mut self) {
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn unreadable_source_folders_are_errors_not_missing_pages() {
    let Some(runner) = without_read_override() else {
        return;
    };
    let project = Project::example();
    for rel in ["policies/terms", "regions/us-ca", "regions", "templates"] {
        let locked = Locked::new(&project, rel);
        let report = check_fails(runner(), &project);
        assert_unreadable(&report, rel, "permission denied");
        assert!(
            report.find("cannot be read").help().contains("chmod"),
            "{report:#?}"
        );
        assert_build_fails(&project, runner());
        drop(locked);
    }
}

#[test]
fn an_unreadable_stored_text_is_reported_as_unreadable_not_as_altered() {
    let Some(runner) = without_read_override() else {
        return;
    };
    let project = Project::example_released();
    // One section text of the release, made unreadable.
    let history = project.root().join("history");
    let object = walkdir::WalkDir::new(history.join("objects"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("an entry").into_path())
        .find(|path| {
            path.is_file()
                && std::fs::read_to_string(path).is_ok_and(|t| t.contains("in a portable format"))
        })
        .expect("a stored text with the sentence");
    let rel = object
        .strip_prefix(project.root())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let locked = Locked::new(&project, &rel);
    let stderr = verify_fails(runner(), &project);
    assert!(stderr.contains(&rel), "{stderr}");
    assert!(
        stderr
            .trim_end()
            .ends_with("error: history/ could not be read; see above"),
        "{stderr}"
    );
    assert!(!stderr.contains("altered"), "{stderr}");
    drop(locked);
    let output = runner()
        .arg(bin())
        .arg("--root")
        .arg(project.root())
        .arg("verify")
        .output()
        .expect("run policyc verify");
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn the_preview_reports_an_unreadable_folder_and_recovers_once_it_is_readable() {
    let Some(runner) = without_read_override() else {
        return;
    };
    // `serve` is started by path: a script runs policyc as `runner` would.
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let script = scratch.path().join("policyc");
    let prefix = runner().get_program().to_string_lossy().into_owned();
    let args: Vec<String> = runner()
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexec {prefix} {} '{}' \"$@\"\n",
            args.join(" "),
            bin().display()
        ),
    )
    .expect("write the script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let project = Project::example();
    let locked = Locked::new(&project, "regions/us-ca");
    let mut server = Server::start(&script, project.root());
    assert!(
        server
            .log
            .iter()
            .any(|l| l.contains("regions/us-ca: this folder cannot be read")),
        "{}",
        server.log.join("\n")
    );
    assert!(
        server.log.iter().any(|l| l.starts_with("Build failed")),
        "{}",
        server.log.join("\n")
    );
    assert_eq!(server.get("/us-ca/en-US/privacy/").status, 404);
    // Readable again: no event says so, and the preview still notices.
    drop(locked);
    server.wait_for_build();
    assert_eq!(server.get("/us-ca/en-US/privacy/").status, 200);
}

#[test]
fn an_unreadable_policies_folder_or_region_folder_is_one_error() {
    let Some(runner) = without_read_override() else {
        return;
    };
    let project = Project::example();
    for rel in ["policies", "regions/us-ca"] {
        let locked = Locked::new(&project, rel);
        let report = check_fails(runner(), &project);
        // One error, and no warning either (e.g. about `accept_fallbacks`
        // naming a document of the region that could not be read).
        assert_unreadable(&report, rel, "permission denied");
        assert_eq!(report.warnings, 0, "{report:#?}");
        drop(locked);
    }
}
