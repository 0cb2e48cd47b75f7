//! The installed binary (`cargo install`) carries everything it needs: the
//! theme, the locale data and `init`'s example are inside it, and nothing
//! is read from the repository it was built in or the directory it is
//! started from, other than the project.

use std::path::Path;
use std::process::Command;

use crate::support::bin;

/// Runs the copied `policyc` in `cwd` with nothing of the test's
/// environment (no CARGO_* variables, another HOME); fails unless it
/// succeeds.
fn run(policyc: &Path, cwd: &Path, home: &Path, args: &[&str]) -> String {
    let output = Command::new(policyc)
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("HOME", home)
        .env("PATH", "/usr/bin:/bin")
        .env("NO_COLOR", "1")
        .output()
        .expect("run the copied policyc");
    assert_eq!(
        output.status.code(),
        Some(0),
        "policyc {args:?} in {}:\n{}",
        cwd.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_copy_of_the_binary_outside_the_repository_inits_and_builds_from_any_directory() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let place = tempfile::tempdir().expect("a temporary directory");
    let place = place.path();
    assert!(
        !place.starts_with(repo),
        "the test needs a folder outside the repository"
    );
    let installed = place.join("bin/policyc");
    std::fs::create_dir_all(installed.parent().expect("bin/")).expect("make bin/");
    std::fs::copy(bin(), &installed).expect("copy the binary");
    let (home, work) = (place.join("home"), place.join("work"));
    std::fs::create_dir_all(&home).expect("make home/");
    std::fs::create_dir_all(&work).expect("make work/");

    // `init` from one directory, `build` from the project's own.
    run(&installed, &work, &home, &["init", "my-policies"]);
    let project = work.join("my-policies");
    assert!(project.join("policyc.yaml").is_file());
    assert!(project.join("policies/privacy/en-US.md").is_file());
    run(&installed, &project, &home, &["check"]);
    run(
        &installed,
        &project,
        &home,
        &["release", "-m", "First publication", "--date", "2026-11-29"],
    );
    let built = run(
        &installed,
        &project,
        &home,
        &["build", "--today", "2026-12-01"],
    );
    assert!(built.contains("Built "), "{built}");

    let out = project.join("out");
    let read = |rel: &str| {
        std::fs::read_to_string(out.join(rel))
            .unwrap_or_else(|e| panic!("{rel} was not written: {e}"))
    };
    // The theme: templates, words and styles.
    let page = read("us/en-US/privacy/index.html");
    assert!(page.contains("<h1>Privacy Policy</h1>"), "{page}");
    assert!(page.contains("Last Updated"), "{page}");
    assert_eq!(
        std::fs::read(out.join("assets/style.css")).expect("style.css"),
        std::fs::read(repo.join("theme/style.css")).expect("the theme's style.css")
    );
    assert!(read("404.html").contains("Page not found"));
    // The locale data: dates and words in German.
    let german = read("eu/de-DE/privacy/index.html");
    assert!(german.contains("Zuletzt aktualisiert"), "{german}");
    assert!(german.contains("29. November 2026"), "{german}");

    // And from anywhere else, with --root.
    std::fs::remove_dir_all(&out).expect("remove out/");
    run(
        &installed,
        &home,
        &home,
        &["--root", project.to_str().expect("a UTF-8 path"), "build"],
    );
    assert!(out.join("index.html").is_file());
}
