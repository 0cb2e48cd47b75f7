//! A release message is plain text: a control character (an escape
//! sequence, a NUL) is refused at release time, where `-m` or the message
//! file gives it; and a withdrawal's feed entry carries its release's
//! message, as a version's does.

use crate::support::Project;
use crate::support::release::{FIRST, build_at, fails, ok, release, run, stderr_of};

const WITHDRAWN: &str = "2026-02-01";
const AFTER: &str = "2026-02-02";

#[test]
fn a_control_character_in_m_is_a_usage_error_naming_its_position() {
    let p = Project::example();
    let out = run(
        &p,
        &[
            "release",
            "--date",
            FIRST,
            "--today",
            FIRST,
            "-m",
            "New\u{1b}[31m terms",
        ],
    );
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("control character (U+001B) at character 4"),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(!p.root().join("history").exists());
}

#[test]
fn tabs_and_line_breaks_in_a_message_are_text_and_the_feed_escapes_it() {
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
            "First <release> & \"more\"\n\twith a second line",
        ],
    );
    build_at(&p, FIRST);
    let feed = p.read_out("us/en-US/feed.xml");
    assert!(
        feed.contains("First &lt;release&gt; &amp; &quot;more&quot;\n\twith a second line"),
        "{feed}"
    );
}

#[test]
fn a_control_character_in_the_message_file_is_an_error_at_its_line() {
    let p = Project::example();
    p.write(
        "messages.yaml",
        "de-DE: Erste Fassung\nes-US: \"Primera\\u001b versión\"\n",
    );
    let file = p.root().join("messages.yaml").display().to_string();
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
            &file,
        ],
    );
    assert!(stderr.contains("messages.yaml:2:1"), "{stderr}");
    assert!(
        stderr.contains("control character (U+001B) at character 8"),
        "{stderr}"
    );
    assert!(!stderr.contains("Primera"), "{stderr}");
    assert!(!p.root().join("history").exists());
}

/// The `<summary>` elements of a feed whose entry's title holds `title`,
/// each with its start tag.
fn summaries(feed: &str, title: &str) -> Vec<String> {
    feed.split("<entry>")
        .filter(|e| e.contains(title))
        .filter_map(|e| {
            let start = e.find("<summary")?;
            let end = e.find("</summary>")?;
            Some(e[start..end].to_string())
        })
        .collect()
}

#[test]
fn a_withdrawals_feed_entry_carries_its_release_message() {
    let p = Project::example();
    p.unlink("terms").unlink("notice-at-collection");
    release(&p, FIRST, "First release");
    std::fs::remove_dir_all(p.root().join("policies/terms")).unwrap();
    p.write("messages.yaml", "es-US: Retiramos los términos\n");
    let file = p.root().join("messages.yaml").display().to_string();
    ok(
        &p,
        &[
            "release",
            "--date",
            WITHDRAWN,
            "--today",
            WITHDRAWN,
            "-m",
            "We retired the terms",
            "--message-file",
            &file,
        ],
    );
    build_at(&p, AFTER);
    let es = p.read_out("us/es-US/feed.xml");
    let found = summaries(&es, "Retirado el ");
    assert_eq!(found.len(), 1, "{es}");
    assert!(found[0].contains("Retiramos los términos"), "{found:?}");
    assert!(!found[0].contains("xml:lang"), "{found:?}");
    // German has no message of its own: the default's, marked.
    let de = p.read_out("eu/de-DE/feed.xml");
    let found = summaries(&de, "Zurückgezogen");
    assert_eq!(found.len(), 1, "{de}");
    assert!(
        found[0].starts_with("<summary xml:lang=\"en-US\">We retired the terms"),
        "{found:?}"
    );
}
