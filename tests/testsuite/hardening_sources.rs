//! What policyc reads of a project: files inside it only (a symbolic link
//! that leads outside is an error naming the link, and nothing it points to
//! is ever printed), regular files only (a pipe or a device is never read),
//! none larger than the documented limit.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Project, bin};
use policyc_testkit::serve::Server;

/// What a file outside the project holds: it must never reach a message.
const SECRET: &str = "CI_TOKEN=hunter2-do-not-print";

/// A file outside every project, holding [`SECRET`] (with front matter, so
/// that a page would publish it if it were read; and a first line without
/// it, so that a "no title" error would quote it).
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Outside {
        let dir = tempfile::tempdir().expect("a folder outside the project");
        let text = format!("{SECRET}\n---\ntitle: {SECRET}\n---\n\n## A {{#a}}\n\n{SECRET}\n");
        std::fs::write(dir.path().join("secret.md"), &text).expect("write the secret");
        std::fs::write(dir.path().join("secret.yaml"), format!("name: {SECRET}\n"))
            .expect("write the secret");
        std::fs::create_dir(dir.path().join("folder")).expect("a folder");
        std::fs::write(dir.path().join("folder/en-US.md"), &text).expect("write the secret");
        Outside { dir }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

/// Replaces `rel` (a file or folder of `project`, if there) by a link to
/// `target`.
fn link(project: &Project, rel: &str, target: &Path) {
    let path = project.root().join(rel);
    if path.is_dir() && !path.is_symlink() {
        std::fs::remove_dir_all(&path).expect("remove the folder");
    } else if path.symlink_metadata().is_ok() {
        std::fs::remove_file(&path).expect("remove the file");
    }
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the parent");
    symlink(target, &path).expect("make the link");
}

/// `policyc`, colours off.
fn plain() -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("NO_COLOR", "1");
    cmd
}

/// `policyc --root <root>`, colours off.
fn cmd_in(root: &Path) -> Command {
    let mut cmd = plain();
    cmd.arg("--root").arg(root);
    cmd
}

/// Runs `cmd`, and fails the test if it takes more than 60 seconds (a
/// read that never ends) instead of hanging.
fn run(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run policyc");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("policyc did not finish within 60 s: it is reading something endless");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("collect the output")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs every command that reads the project; each fails with exit 1,
/// names `rel` and `expected`, and never prints [`SECRET`].
fn assert_every_command_refuses(project: &Project, rel: &str, expected: &str) {
    let other = Project::minimal();
    let runs: Vec<(&str, Command)> = vec![
        ("check", {
            let mut c = cmd_in(project.root());
            c.arg("check");
            c
        }),
        ("check --format json", {
            let mut c = cmd_in(project.root());
            c.args(["check", "--format", "json"]);
            c
        }),
        ("build", {
            let mut c = cmd_in(project.root());
            c.arg("build");
            c
        }),
        ("diff", {
            let mut c = cmd_in(project.root());
            c.arg("diff");
            c
        }),
        ("diff --from", {
            let mut c = cmd_in(other.root());
            c.arg("diff").arg("--from").arg(project.root());
            c
        }),
        ("diff --to", {
            let mut c = plain();
            c.arg("diff")
                .arg("--from")
                .arg(other.root())
                .arg("--to")
                .arg(project.root());
            c
        }),
        ("release", {
            let mut c = cmd_in(project.root());
            c.args(["release", "--date", "2026-01-02", "-m", "x"]);
            c
        }),
    ];
    for (name, cmd) in runs {
        let output = run(cmd);
        let all = text(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {all}");
        assert!(!all.contains(SECRET), "{name} printed the secret:\n{all}");
        assert!(all.contains(rel), "{name} does not name `{rel}`:\n{all}");
        assert!(
            all.contains(expected),
            "{name} does not say `{expected}`:\n{all}"
        );
    }
    assert!(!project.out().exists(), "a refused build wrote out/");
    assert!(
        !project.root().join("history/releases").exists(),
        "a refused release recorded a version"
    );
}

/// Asserts `check --format json` fails with exactly one error, at `rel`,
/// saying it points outside and what to do.
fn assert_one_outside_error(project: &Project, rel: &str) {
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = report.find("outside the project");
    d.assert_at(rel, None, None);
    assert!(
        d.help().contains("copy the file into the project")
            || d.help().contains("copy the folder into the project"),
        "{d:#?}"
    );
}

#[test]
fn a_document_linked_outside_the_project_is_refused_and_never_quoted() {
    let outside = Outside::new();
    let project = Project::minimal();
    link(
        &project,
        "policies/privacy/en-US.md",
        &outside.path("secret.md"),
    );
    assert_one_outside_error(&project, "policies/privacy/en-US.md");
    assert_every_command_refuses(&project, "policies/privacy/en-US.md", "outside the project");
}

#[test]
fn every_kind_of_source_linked_outside_the_project_is_refused() {
    let outside = Outside::new();
    let cases: [(&str, &str); 7] = [
        ("policyc.yaml", "secret.yaml"),
        ("regions/us.yaml", "secret.yaml"),
        ("regions/us/privacy.en-US.md", "secret.md"),
        ("templates/footer.html", "secret.md"),
        ("policies/privacy", "folder"),
        ("policies", "folder"),
        ("templates", "folder"),
    ];
    for (rel, target) in cases {
        let project = Project::example();
        link(&project, rel, &outside.path(target));
        assert_one_outside_error(&project, rel);
        assert_every_command_refuses(&project, rel, "outside the project");
    }
}

#[test]
fn history_linked_outside_the_project_is_refused() {
    let outside = Outside::new();
    let project = Project::example_released();
    let object = first_object(&project);
    link(&project, &object, &outside.path("secret.md"));
    let output = run({
        let mut c = cmd_in(project.root());
        c.arg("verify");
        c
    });
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("outside the project"), "{all}");
    assert!(!all.contains(SECRET), "{all}");

    for rel in ["history/releases/0001.yaml", "history/releases", "history"] {
        let project = Project::example_released();
        let target = if rel.ends_with(".yaml") {
            outside.path("secret.yaml")
        } else {
            outside.path("folder")
        };
        link(&project, rel, &target);
        let (code, report) = project.check_json(&[]);
        assert_eq!(code, 1, "{rel}: {report:#?}");
        report
            .find("outside the project")
            .assert_at(rel, None, None);
        let output = run({
            let mut c = cmd_in(project.root());
            c.arg("build");
            c
        });
        assert_eq!(output.status.code(), Some(1), "{rel}");
        assert!(!text(&output).contains(SECRET), "{}", text(&output));
    }
}

/// The first stored text of a released project, relative to its root.
fn first_object(project: &Project) -> String {
    let objects = project.root().join("history/objects");
    let file = walkdir::WalkDir::new(&objects)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_file())
        .expect("a stored text");
    file.path()
        .strip_prefix(project.root())
        .expect("inside")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_chain_of_links_that_ends_outside_is_refused() {
    let outside = Outside::new();
    let project = Project::minimal();
    symlink(outside.path("secret.md"), project.root().join("shared.md")).expect("link");
    link(
        &project,
        "policies/privacy/en-US.md",
        Path::new("../../shared.md"),
    );
    assert_one_outside_error(&project, "policies/privacy/en-US.md");
}

#[test]
fn links_inside_the_project_are_followed_for_every_kind_of_source() {
    let project = Project::example();
    // A document, a supplement, a template and a whole folder, each moved
    // elsewhere in the project and linked from where policyc looks.
    for (rel, moved) in [
        ("policies/privacy/en-US.md", "shared/privacy.md"),
        ("regions/us-ca/privacy.en-US.md", "shared/ca-privacy.md"),
        ("policies/terms", "shared/terms"),
    ] {
        std::fs::create_dir_all(project.root().join("shared")).expect("create");
        std::fs::rename(project.root().join(rel), project.root().join(moved)).expect("move");
        let depth = rel.matches('/').count();
        let up = "../".repeat(depth);
        symlink(format!("{up}{moved}"), project.root().join(rel)).expect("link");
    }
    project.write("shared/footer.html", "<footer>Linked footer</footer>\n");
    link(
        &project,
        "templates/footer.html",
        Path::new("../shared/footer.html"),
    );
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 0, "{report:#?}");
    project.build();
    let page = project.read_out("us-ca/en-US/privacy/index.html");
    assert!(page.contains("Linked footer"), "{page}");
    assert!(page.contains("California"), "{page}");
    assert!(
        project.out().join("us/en-US/terms/index.html").is_file(),
        "the linked folder's document was not built"
    );
}

#[test]
fn the_preview_reports_a_link_outside_and_never_shows_its_content() {
    let outside = Outside::new();
    let project = Project::minimal();
    link(
        &project,
        "policies/privacy/en-US.md",
        &outside.path("secret.md"),
    );
    let server = Server::start(bin(), project.root());
    let log = server.log.join("\n");
    assert!(log.contains("points outside the project"), "{log}");
    assert!(!log.contains(SECRET), "{log}");
    let page = server.get("/");
    assert!(!page.body.contains(SECRET), "{}", page.body);
}

/// A named pipe made at `rel` is refused by `check`, named, never read
/// (reading it would block).
fn assert_pipe_refused(project: &Project, rel: &str) {
    let made = Command::new("mkfifo")
        .arg(project.root().join(rel))
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo failed");
    let output = run({
        let mut c = cmd_in(project.root());
        c.args(["check", "--format", "json"]);
        c
    });
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let all = text(&output);
    assert!(all.contains("named pipe"), "{all}");
    assert!(all.contains(rel), "{all}");
}

#[test]
fn a_pipe_or_device_in_place_of_a_source_is_refused_without_reading_it() {
    assert_pipe_refused(&Project::minimal(), "policies/privacy/es-US.md");
    let project = Project::example();
    std::fs::remove_file(project.root().join("regions/us-ca/privacy.es-US.md"))
        .expect("remove the supplement");
    assert_pipe_refused(&project, "regions/us-ca/privacy.es-US.md");

    let project = Project::minimal();
    link(
        &project,
        "policies/privacy/es-US.md",
        Path::new("/dev/zero"),
    );
    let output = run({
        let mut c = cmd_in(project.root());
        c.arg("build");
        c
    });
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    // /dev/zero is outside the project: refused before it is looked at.
    assert!(
        text(&output).contains("outside the project"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_source_over_the_size_limit_is_refused() {
    let project = Project::minimal();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(project.root().join("policies/privacy/en-US.md"))
        .expect("open");
    file.set_len(10 * 1024 * 1024 + 1).expect("grow the file");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    report
        .find("larger than 10 MiB")
        .assert_at("policies/privacy/en-US.md", None, None);
}

#[test]
fn diff_of_two_files_refuses_devices_pipes_and_huge_files() {
    let dir = tempfile::tempdir().expect("a folder");
    let small = dir.path().join("a.md");
    std::fs::write(&small, "# A\n\nText.\n").expect("write");
    let fifo = dir.path().join("pipe.md");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let big = dir.path().join("big.md");
    std::fs::File::create(&big)
        .expect("create")
        .set_len(10 * 1024 * 1024 + 1)
        .expect("grow");
    for (input, expected) in [
        (Path::new("/dev/zero"), "is a device, not a regular file"),
        (fifo.as_path(), "is a named pipe (FIFO), not a regular file"),
        (big.as_path(), "is larger than 10 MiB"),
    ] {
        let output = run({
            let mut c = plain();
            c.arg("diff").arg(input).arg(&small);
            c
        });
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        assert!(text(&output).contains(expected), "{}", text(&output));
    }
}
