//! No input makes policyc panic: garbled documents, YAML and bytes, and
//! every half-edited state of the valid fixture, exit 0 or 1, never 101.

use crate::support::{MINIMAL_PRIVACY, Project};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Pieces of policy syntax that garbled sources are made from, so that
/// random inputs reach the parsers' corners instead of plain text only.
const DOC_PIECES: &[&str] = &[
    "---\n",
    "...\n",
    "title: ",
    "summary: ",
    "T",
    "{{ company }}",
    "{{ nope }}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{# x #}",
    "{#",
    "#}",
    "## ",
    "### ",
    "# ",
    "###### ",
    " {#a}",
    " {#b}",
    " {#a after=b}",
    " {#b before=a}",
    " {#a remove}",
    " {#x after=}",
    " {.cls}",
    " {#}",
    "[x](#a)",
    "[y](#zz)",
    "[j](javascript:alert(1))",
    "[^1]",
    "[^1]: note\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "<script>x()</script>",
    "<b onclick=\"y()\">",
    "<!-- c -->",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\t",
    "é",
    "\u{feff}",
    "\u{0}",
    ":",
    "- ",
    "1. ",
    "> ",
    "`",
    "```\n",
    "~~",
    "*",
    "_",
    "\\",
    "&amp;",
    "&",
];

const YAML_PIECES: &[&str] = &[
    "name: ",
    "default_locale: ",
    "locales: ",
    "variables:\n",
    "base_url: ",
    "  company: ",
    "  x: ",
    "parent: ",
    "en-US",
    "es-US",
    "en_us",
    "xx",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "  ",
    "- ",
    ":",
    "'",
    "\"",
    "#",
    "&a",
    "*a",
    "!!str ",
    "~",
    "null",
    "123",
    "-1",
    "https://e.example/",
    "|\n",
    ">\n",
    "? ",
    "---\n",
    "...\n",
    "é",
    "\t",
];

fn garbled(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(pieces).prop_map(str::to_string),
        1 => ".{0,6}",
    ];
    prop::collection::vec(piece, 0..48).prop_map(|v| v.concat())
}

/// Builds the project and asserts policyc exited 0 or 1 without a panic,
/// and that a failed build wrote no `out/`.
fn assert_no_panic(project: &Project) -> Result<(), TestCaseError> {
    let _ = std::fs::remove_dir_all(project.out());
    let output = project.run_build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    prop_assert!(!stderr.contains("panicked"), "panic: {}", stderr);
    let code = output.status.code();
    prop_assert!(
        code == Some(0) || code == Some(1),
        "exit {:?}: {}",
        code,
        stderr
    );
    if code == Some(1) {
        prop_assert!(!project.out().exists(), "failed build wrote out/");
    }
    Ok(())
}

fn config() -> Config {
    Config {
        cases: 40,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn garbled_document_never_panics(text in garbled(DOC_PIECES)) {
        let project = Project::minimal();
        project.write("policies/privacy/es-US.md", &text);
        project.write("regions/global.yaml", "name: Global\n");
        project.write("regions/global/privacy.en-US.md", &text);
        assert_no_panic(&project)?;
    }

    #[test]
    fn garbled_policyc_yaml_never_panics(text in garbled(YAML_PIECES)) {
        let project = Project::minimal();
        project.write("policyc.yaml", &text);
        assert_no_panic(&project)?;
    }

    #[test]
    fn garbled_region_file_never_panics(text in garbled(YAML_PIECES)) {
        let project = Project::minimal();
        project.write("regions/global.yaml", &text);
        project.write("regions/child.yaml", "name: Child\nparent: global\n");
        assert_no_panic(&project)?;
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let project = Project::minimal();
        project.write("policies/privacy/en-US.md", &bytes);
        project.write("policies/terms/en-US.md", [MINIMAL_PRIVACY.as_bytes(), &bytes].concat());
        assert_no_panic(&project)?;
    }
}

/// Every file of the valid fixture, with each of its lines deleted in
/// turn and then cut off at each line: realistic half-edited states.
fn mutate_each_line(file: &str) {
    let project = Project::fixture("valid");
    let original = std::fs::read_to_string(project.root().join(file)).unwrap();
    let lines: Vec<&str> = original.split_inclusive('\n').collect();
    for i in 0..lines.len() {
        let deleted: String = lines
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, l)| *l)
            .collect();
        let cut = lines[..i].concat() + &lines[i][..lines[i].len() / 2];
        for text in [deleted, cut] {
            project.write(file, &text);
            let (code, report) = project.check_json(&[]);
            assert!(code == 0 || code == 1, "{file} as\n{text}\n{report:#?}");
            assert_eq!(
                code == 1,
                report.errors > 0,
                "exit code and error count disagree for {file} as\n{text}"
            );
        }
    }
}

#[test]
fn half_edited_document_never_panics() {
    mutate_each_line("policies/privacy/en-US.md");
}

#[test]
fn half_edited_supplement_never_panics() {
    mutate_each_line("regions/na-west/privacy.en-US.md");
}

#[test]
fn half_edited_yaml_never_panics() {
    mutate_each_line("policyc.yaml");
    mutate_each_line("regions/na.yaml");
}
