//! Release messages per locale: `release --message-file` gives readers of
//! each locale the message in their language; where a locale has none, the
//! default locale's is shown, marked with its language and a note.

use crate::support::release::{FIRST, build_at, fails, ok, run, stderr_of, stdout_of};
use crate::support::{Project, attrs, select, text, text_of};

/// The example with its message file, `messages.yaml`, holding `yaml`.
fn with_messages(yaml: &str) -> Project {
    let p = Project::example();
    p.write("messages.yaml", yaml);
    p
}

/// The message file's path, as given on the command line.
fn file(p: &Project) -> String {
    p.root().join("messages.yaml").display().to_string()
}

fn release_with(p: &Project, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["release", "--date", FIRST, "--today", FIRST];
    args.extend_from_slice(extra);
    run(p, &args)
}

#[test]
fn each_locale_reads_the_release_message_in_its_language() {
    let p = with_messages(
        "de-DE: Erste Fassung der Richtlinien\nes-US: Primera versión de las políticas\n",
    );
    let out = release_with(
        &p,
        &[
            "-m",
            "First version of the policies",
            "--message-file",
            &file(&p),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    build_at(&p, FIRST);
    let de = p.page("eu/de-DE/privacy/changes/index.html");
    assert_eq!(
        text(&de, ".version-message"),
        "Erste Fassung der Richtlinien"
    );
    assert!(attrs(&de, ".version-message", "lang").is_empty());
    assert!(select(&de, ".message-note").is_empty());
    let es = p.page("us/es-US/privacy/changes/index.html");
    assert_eq!(
        text(&es, ".version-message"),
        "Primera versión de las políticas"
    );
    let en = p.page("us/en-US/privacy/changes/index.html");
    assert_eq!(
        text(&en, ".version-message"),
        "First version of the policies"
    );
    // The feeds too.
    let feed = p.read_out("eu/de-DE/feed.xml");
    assert!(
        feed.contains("<summary>Erste Fassung der Richtlinien</summary>"),
        "{feed}"
    );
    // The record keeps them, and verify accepts it (the example's own
    // records, without messages, are checked by the release tests).
    let record = p.read("history/releases/0001.yaml");
    assert!(record.contains("messages:"), "{record}");
    assert!(
        !record.contains("en-US: First"),
        "the default locale's is `message`: {record}"
    );
    ok(&p, &["verify"]);
}

#[test]
fn a_locale_without_a_message_shows_the_default_one_marked() {
    let p = with_messages("es-US: Primera versión\n");
    ok(
        &p,
        &[
            "release",
            "--date",
            FIRST,
            "--today",
            FIRST,
            "-m",
            "First version",
            "--message-file",
            &file(&p),
        ],
    );
    build_at(&p, FIRST);
    let de = p.page("eu/de-DE/privacy/changes/index.html");
    assert_eq!(text(&de, ".version-message"), "First version");
    assert_eq!(attrs(&de, ".version-message", "lang"), ["en-US"]);
    let note = text(&de, ".message-note");
    assert!(note.starts_with("Diese Mitteilung ist nicht auf"), "{note}");
    let feed = p.read_out("eu/de-DE/feed.xml");
    assert!(
        feed.contains("<summary xml:lang=\"en-US\">First version</summary>"),
        "{feed}"
    );
    // `show` says which message it is.
    let shown = ok(
        &p,
        &[
            "show", "privacy", "--region", "eu", "--locale", "de-DE", "--at", FIRST,
        ],
    );
    let stderr = stderr_of(&shown);
    assert!(
        stderr.contains("Release message (in the default locale, none in de-DE): First version"),
        "{stderr}"
    );
    let shown = ok(
        &p,
        &[
            "show", "privacy", "--region", "us", "--locale", "es-US", "--at", FIRST,
        ],
    );
    assert!(stderr_of(&shown).contains("Release message: Primera versión"));
}

#[test]
fn the_message_file_alone_gives_the_default_message() {
    let p = with_messages("en-US: First version\nde-DE: Erste Fassung\n");
    let out = ok(
        &p,
        &[
            "release",
            "--date",
            FIRST,
            "--today",
            FIRST,
            "--message-file",
            &file(&p),
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
    assert_eq!(json["release"]["message"], "First version");
    assert_eq!(
        json["release"]["messages"],
        serde_json::json!({"de-DE": "Erste Fassung"})
    );
}

#[test]
fn a_default_locale_message_given_twice_is_a_usage_error() {
    let p = with_messages("en-US: First version\n");
    let out = release_with(&p, &["-m", "Also first", "--message-file", &file(&p)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("given twice"),
        "{}",
        stderr_of(&out)
    );
    assert!(!p.root().join("history").exists());
}

#[test]
fn message_file_mistakes_name_file_line_and_column() {
    for (yaml, message, at) in [
        (
            "de-DE: Erste Fassung\nxx-YY: Nope\n",
            "not one of the project's",
            "messages.yaml:2:1",
        ),
        (
            "de-DE: Erste Fassung\nes-US: \"  \"\n",
            "is empty",
            "messages.yaml:2:1",
        ),
        ("- de-DE\n- es-US\n", "key: value", "messages.yaml"),
        ("de-DE: [a, b]\n", "not text", "messages.yaml:1:1"),
    ] {
        let p = with_messages(yaml);
        let stderr = fails(
            &p,
            &[
                "release",
                "--date",
                FIRST,
                "--today",
                FIRST,
                "-m",
                "First",
                "--message-file",
                &file(&p),
            ],
        );
        assert!(stderr.contains(message), "{yaml}: {stderr}");
        assert!(stderr.contains(at), "{yaml}: {stderr}");
        // Nothing of an outside file is quoted.
        assert!(!stderr.contains("Nope"), "{stderr}");
        assert!(!p.root().join("history").exists());
    }
}

#[test]
fn a_release_with_only_m_marks_its_message_on_other_locales_pages() {
    let p = Project::example();
    ok(
        &p,
        &[
            "release",
            "--date",
            FIRST,
            "--today",
            FIRST,
            "-m",
            "First version",
        ],
    );
    let record = p.read("history/releases/0001.yaml");
    assert!(!record.contains("messages"), "{record}");
    build_at(&p, FIRST);
    let en = p.page("eu/en-US/privacy/changes/index.html");
    assert_eq!(text(&en, ".version-message"), "First version");
    assert!(select(&en, ".message-note").is_empty());
    // On German pages, the one message is the default locale's.
    let de = p.page("eu/de-DE/privacy/changes/index.html");
    let message = select(&de, ".version-message");
    assert_eq!(text_of(message[0]), "First version");
    assert_eq!(attrs(&de, ".version-message", "lang"), ["en-US"]);
    assert_eq!(select(&de, ".message-note").len(), 1);
}
