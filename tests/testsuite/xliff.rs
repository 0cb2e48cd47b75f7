//! `policyc xliff export|import`: translations exchanged as XLIFF 2.1 and
//! written back into the sources, refused when they no longer match.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use quick_xml::events::{BytesText, Event};
use quick_xml::{Reader, Writer};
use walkdir::WalkDir;

use crate::support::{Project, skip};

pub(crate) fn export(project: &Project, locale: &str, extra: &[&str]) -> String {
    let output = project
        .cmd()
        .args([
            "xliff",
            "export",
            "--locale",
            locale,
            "--today",
            "2030-01-01",
        ])
        .args(extra)
        .output()
        .expect("run policyc xliff export");
    assert_eq!(
        output.status.code(),
        Some(0),
        "export failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 export")
}

pub(crate) fn import(project: &Project, xlf: &str) -> Output {
    let path = project.root().join("vendor.xlf");
    std::fs::write(&path, xlf).expect("write the XLIFF file");
    project
        .cmd()
        .args(["xliff", "import"])
        .arg(&path)
        .output()
        .expect("run policyc xliff import")
}

/// Every source file's bytes.
pub(crate) fn sources(project: &Project) -> BTreeMap<PathBuf, Vec<u8>> {
    ["policies", "regions"]
        .iter()
        .flat_map(|dir| WalkDir::new(project.root().join(dir)))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read a source");
            (e.path().to_path_buf(), bytes)
        })
        .collect()
}

/// The export with every segment's target made from its source, each text
/// run passed through `f` and every code kept: what a translator's tool
/// writes.
pub fn fill(xlf: &str, f: impl Fn(&str) -> String) -> String {
    let mut reader = Reader::from_str(xlf);
    let mut writer = Writer::new(Vec::new());
    let mut source: Option<Vec<Event>> = None;
    let mut target: Vec<Event> = Vec::new();
    let mut in_target = false;
    loop {
        let event = reader.read_event().expect("a well-formed export");
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.local_name().as_ref() == "source" => {
                source = Some(Vec::new());
            }
            Event::End(e) if e.local_name().as_ref() == "source" => {
                target = source.take().unwrap_or_default();
            }
            Event::Start(e) if e.local_name().as_ref() == "target" => {
                in_target = true;
                continue;
            }
            Event::End(e) if e.local_name().as_ref() == "target" => {
                in_target = false;
                continue;
            }
            Event::End(e) if e.local_name().as_ref() == "segment" => {
                writer
                    .write_event(Event::Start(quick_xml::events::BytesStart::new("target")))
                    .unwrap();
                for e in target.drain(..) {
                    writer.write_event(e).unwrap();
                }
                writer
                    .write_event(Event::End(quick_xml::events::BytesEnd::new("target")))
                    .unwrap();
            }
            _ => {}
        }
        if in_target {
            continue;
        }
        if let Some(events) = source.as_mut()
            && !matches!(&event, Event::Start(e) if e.local_name().as_ref() == "source")
        {
            events.push(match &event {
                Event::Text(t) => {
                    Event::Text(BytesText::new(&f(&t.clone().into_inner())).into_owned())
                }
                other => other.clone().into_owned(),
            });
        }
        writer.write_event(event).unwrap();
    }
    String::from_utf8(writer.into_inner()).unwrap()
}

#[test]
fn xliff_round_trip_writes_targets_into_translations_and_build_shows_them() {
    let project = Project::example_released();
    let xlf = export(&project, "es-US", &[]);
    let filled = fill(&xlf, |t| t.to_uppercase());
    let output = import(&project, &filled);
    assert_eq!(
        output.status.code(),
        Some(0),
        "import failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let es = project.read("policies/privacy/es-US.md");
    assert!(es.contains("## INFORMATION WE COLLECT {#collect}"), "{es}");
    assert!(es.contains("{{ product }}"), "variables kept");
    // A document with no translation before is made.
    let terms = project.read("policies/terms/es-US.md");
    assert!(terms.starts_with("---\ntitle: TERMS OF USE"), "{terms}");
    project.build();
    let page = project.read_out("us/es-US/privacy/index.html");
    assert!(
        page.contains("INFORMATION WE COLLECT"),
        "the new text is shown"
    );
    assert!(page.contains("id=\"collect\""), "section ids kept");
    assert!(page.contains("href=\"#retention\""), "links kept");
    assert!(!page.contains("{{"), "variables substituted");
    let check = project.cmd().arg("check").output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn xliff_import_of_an_unchanged_export_is_a_no_op() {
    let project = Project::example_released();
    for locale in ["de-DE", "es-US"] {
        let before = sources(&project);
        let output = import(&project, &export(&project, locale, &[]));
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(sources(&project) == before, "{locale}: the sources changed");
    }
}

#[test]
fn xliff_export_is_deterministic_and_stale_only_leaves_current_units_out() {
    let project = Project::example_released();
    let all = export(&project, "de-DE", &[]);
    assert_eq!(all, export(&project, "de-DE", &[]));
    assert!(all.contains("<unit id=\":title\">"));
    assert!(all.contains("state=\"translated\""));
    let stale = export(&project, "de-DE", &["--stale-only"]);
    assert!(
        !stale.contains("current: the translation is up to date"),
        "{stale}"
    );
    assert!(stale.contains("new: no translation yet"));
    let one = export(&project, "de-DE", &["--doc", "terms"]);
    assert!(one.contains("<file id=\"terms\"") && !one.contains("<file id=\"privacy\""));
}

/// Imports `xlf` and expects a refusal whose message holds each of `said`,
/// with every source left as it was.
pub(crate) fn refused(project: &Project, xlf: &str, said: &[&str]) {
    let before = sources(project);
    let output = import(project, xlf);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for s in said {
        assert!(stderr.contains(s), "expected `{s}` in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(sources(project) == before, "nothing is written");
}

#[test]
fn xliff_import_refuses_a_file_whose_sources_changed_naming_each_unit() {
    let project = Project::example_released();
    let filled = fill(&export(&project, "de-DE", &[]), |t| format!("DE {t}"));
    let en = project.read("policies/privacy/en-US.md");
    project.write(
        "policies/privacy/en-US.md",
        en.replace(
            "Information reaches us in three ways",
            "Information reaches us in four ways",
        )
        .replace("Sharing is the point of", "Sharing is the purpose of"),
    );
    refused(
        &project,
        &filled,
        &[
            "unit `privacy/collect` no longer matches",
            "unit `privacy/sharing-household` no longer matches",
            "export again",
        ],
    );
}

#[test]
fn xliff_import_refuses_unknown_units_locales_and_broken_files() {
    let project = Project::example_released();
    let xlf = fill(&export(&project, "de-DE", &[]), |t| format!("DE {t}"));
    refused(
        &project,
        &xlf.replacen("<unit id=\"about\">", "<unit id=\"abuot\">", 1),
        &["unit `privacy/abuot` is not a section"],
    );
    refused(
        &project,
        &xlf.replacen("trgLang=\"de-DE\"", "trgLang=\"fr-FR\"", 1),
        &["`fr-FR`, which the project does not publish"],
    );
    refused(
        &project,
        &xlf.replacen("<file id=\"privacy\"", "<file id=\"privacy-old\"", 1),
        &["the file id `privacy-old` names no document"],
    );
    let broken = xlf.replacen("</source>", "</sorce>", 1);
    refused(
        &project,
        &broken,
        &["vendor.xlf:10:31: ", "not well-formed"],
    );
}

#[test]
fn xliff_import_refuses_inline_codes_lost_or_altered() {
    let project = Project::example_released();
    let xlf = fill(&export(&project, "de-DE", &[]), |t| format!("DE {t}"));
    // A target whose <ph> lost its id.
    let at = xlf
        .find("<target><ph id=\"c1\"")
        .expect("a target with a ph");
    let mut lost = xlf.clone();
    lost.replace_range(at..at + "<target><ph id=\"c1\"".len(), "<target><ph");
    refused(&project, &lost, &["has no id", "unit `privacy/"]);
    // A link whose address was changed in the original data.
    refused(
        &project,
        &xlf.replacen(
            "](#retention)</data>",
            "](https://elsewhere.example/)</data>",
            1,
        ),
        &["was altered", "privacy/collect"],
    );
    // A target without one of its source's codes.
    let dropped = xlf.replacen(
        "<target><ph id=\"c1\" dataRef=\"d1\"/>DE  helps",
        "<target>DE  helps",
        1,
    );
    assert_ne!(dropped, xlf);
    refused(
        &project,
        &dropped,
        &["lost the inline code `c1`", "privacy/:preamble"],
    );
    // A variable typed as text.
    let typed = xlf.replacen(
        "<target>DE Information we collect",
        "<target>{{ company }} Information we collect",
        1,
    );
    assert_ne!(typed, xlf);
    refused(
        &project,
        &typed,
        &["unit `privacy/collect` writes `{{` as text"],
    );
}

#[test]
fn xliff_import_writes_missing_and_restructured_sections_in_the_source_order() {
    let project = Project::example_released();
    let de = project.read("policies/privacy/de-DE.md");
    // The translation lacks one section and has a paragraph more in another.
    let start = de
        .find("### Was wir nicht tun {#use-not}")
        .expect("use-not");
    let end = start + de[start..].find("\n## ").expect("the next section") + 1;
    let mut changed = de.clone();
    changed.replace_range(start..end, "");
    let changed = changed.replacen(
        "## Welche Informationen wir erheben {#collect}\n",
        "## Welche Informationen wir erheben {#collect}\n\nEin Absatz mehr.\n",
        1,
    );
    // Nor has it the text before the first heading.
    let intro = changed.find("{{ product }} hilft").expect("the preamble");
    let intro_end = intro + changed[intro..].find("\n\n").expect("its end") + 2;
    let mut changed = changed;
    changed.replace_range(intro..intro_end, "");
    project.write("policies/privacy/de-DE.md", &changed);
    let xlf = export(&project, "de-DE", &["--doc", "privacy"]);
    assert!(xlf.contains(
        "<unit id=\"use-not\">\n      <notes>\n        <note category=\"status\">new: no translation yet"
    ));
    assert!(
        xlf.contains("differ from the source's"),
        "the restructured section is said"
    );
    let filled = fill(&xlf, |t| t.to_uppercase());
    let output = import(&project, &filled);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let now = project.read("policies/privacy/de-DE.md");
    let at = |id: &str| {
        now.find(&format!("{{#{id}}}"))
            .unwrap_or_else(|| panic!("{id} in:\n{now}"))
    };
    assert!(at("use-suggestions") < at("use-not") && at("use-not") < at("sharing"));
    let preamble = now
        .find("{{ product }} HELPS HOUSEHOLDS")
        .expect("the preamble is added");
    assert!(now.find("---\n\n").is_some_and(|end| end < preamble) && preamble < at("about"));
    assert!(now.contains("### WHAT WE DO NOT DO {#use-not}"), "{now}");
    assert!(
        !now.contains("Ein Absatz mehr."),
        "the section takes the source's structure"
    );
    let check = project.cmd().arg("check").output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn xliff_control_characters_are_code_points_and_round_trip() {
    let project = Project::example_released();
    let en = project.read("policies/terms/en-US.md");
    project.write(
        "policies/terms/en-US.md",
        en.replacen("{{ company }}", "{{ company }}\u{7}", 1),
    );
    let xlf = export(&project, "de-DE", &["--doc", "terms"]);
    assert!(xlf.contains("<cp hex=\"0007\"/>"), "{xlf}");
    let filled = fill(&xlf, |t| t.to_string());
    let output = import(&project, &filled);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(project.read("policies/terms/de-DE.md").contains('\u{7}'));
}

/// The XLIFF 2.1 schemas: in the shared folder beside the repository, or
/// where `POLICYC_XLIFF_SCHEMAS` says (a worktree elsewhere).
fn schemas() -> PathBuf {
    std::env::var_os("POLICYC_XLIFF_SCHEMAS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/xliff-2.1/schemas")
        })
}

fn has(tool: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn xliff_export_is_valid_against_the_xliff_2_schemas() {
    let schemas = schemas();
    if !schemas.join("xliff_core_2.0.xsd").is_file() {
        return skip(
            "the XLIFF 2.1 schemas are not in ../shared/xliff-2.1",
            "shared/ beside the repository, or POLICYC_XLIFF_SCHEMAS naming the folder",
        );
    }
    let project = Project::example_released();
    // A character XML cannot hold, written as a <cp>, is valid too.
    let en = project.read("policies/terms/en-US.md");
    project.write(
        "policies/terms/en-US.md",
        en.replacen("{{ company }}", "{{ company }}\u{7}", 1),
    );
    let mut checked = 0;
    for locale in ["de-DE", "es-US"] {
        let path = project.root().join(format!("{locale}.xlf"));
        let xlf = fill(&export(&project, locale, &[]), |t| format!("X {t}"));
        std::fs::write(&path, xlf).unwrap();
        if has("xmllint") {
            let out = std::process::Command::new("xmllint")
                .args(["--noout", "--schema"])
                .arg(schemas.join("xliff_core_2.0.xsd"))
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "xmllint: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        } else {
            skip(
                "xmllint is not installed",
                "the Debian package libxml2-utils",
            );
        }
        if has("jing") {
            let out = std::process::Command::new("jing")
                .arg(schemas.join("xliff_2_advanced_validation.nvdl"))
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "jing: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        } else {
            skip("jing is not installed", "the Debian package jing");
        }
    }
    eprintln!("{checked} validations");
}

/// The Python with translate-toolkit: `POLICYC_TRANSLATE_PYTHON`, else
/// `python3`.
fn translate_python() -> Option<String> {
    let python = std::env::var("POLICYC_TRANSLATE_PYTHON").unwrap_or_else(|_| "python3".into());
    std::process::Command::new(&python)
        .args(["-c", "import translate.storage.xliff2"])
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(python)
}

#[test]
fn xliff_file_saved_by_translate_toolkit_imports() {
    let Some(python) = translate_python() else {
        return skip(
            "python3 with translate-toolkit is not available",
            "pip install translate-toolkit (set POLICYC_TRANSLATE_PYTHON to its python)",
        );
    };
    let project = Project::example_released();
    let path = project.root().join("tool.xlf");
    std::fs::write(&path, export(&project, "de-DE", &[])).unwrap();
    // The tool fills each unit's target from its source through rich_target
    // (codes kept as the tool parsed them) and saves the file its way.
    let script = r#"
import sys
from translate.storage.xliff2 import Xliff2File
with open(sys.argv[1], "rb") as f:
    store = Xliff2File.parsefile(f)
for unit in store.units:
    if unit.isheader():
        continue
    rich = unit.rich_source
    for part in rich:
        for i, item in enumerate(part.sub):
            if isinstance(item, str):
                part.sub[i] = item.upper()
    unit.rich_target = rich
with open(sys.argv[1], "wb") as f:
    store.serialize(f)
"#;
    let out = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "translate-toolkit: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = std::fs::read_to_string(&path).unwrap();
    let output = project
        .cmd()
        .args(["xliff", "import"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "import of the tool's file failed:\n{}\n{saved}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        project
            .read("policies/terms/de-DE.md")
            .contains("TERMS OF USE")
    );
    project.build();
}

#[test]
fn xliff_targets_with_markdown_and_template_characters_come_back_as_written() {
    let project = Project::example_released();
    let tricky = |t: &str| format!("# 1. *a* _b_ [c](d) `e` <f> &amp; | \\ ~i~ {{ {t} #");
    let filled = fill(&export(&project, "de-DE", &[]), tricky);
    let output = import(&project, &filled);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let check = project.cmd().arg("check").output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Exported again, each target is the text given.
    let again = export(&project, "de-DE", &[]);
    let targets = |xlf: &str| -> Vec<String> {
        xlf.split("<target>")
            .skip(1)
            .map(|t| {
                let t = t.split("</target>").next().unwrap_or_default();
                t.replace("&apos;", "'").replace("&quot;", "\"")
            })
            .collect()
    };
    assert_eq!(targets(&again), targets(&filled));
    project.build();
}

#[test]
fn xliff_export_says_which_units_are_stale_since_which_release() {
    let project = Project::example_released();
    let en = project.read("policies/privacy/en-US.md");
    project.write(
        "policies/privacy/en-US.md",
        en.replace(
            "Information reaches us in three ways",
            "Information reaches us in four ways",
        ),
    );
    let release = project
        .cmd()
        .args([
            "release",
            "--date",
            "2030-01-01",
            "--today",
            "2030-01-01",
            "-m",
            "Four ways",
        ])
        .output()
        .unwrap();
    assert_eq!(
        release.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&release.stderr)
    );
    let stale = export(&project, "de-DE", &["--stale-only", "--doc", "privacy"]);
    let unit = stale
        .split("<unit id=\"collect\">")
        .nth(1)
        .and_then(|u| u.split("</unit>").next())
        .expect("the stale section is exported");
    assert!(
        unit.contains("stale: the source changed in release 2, in force from 2030-01-01"),
        "{unit}"
    );
    // Its old translation is the target, not yet translated anew.
    assert!(
        unit.contains("<segment id=\"s2\" state=\"initial\">"),
        "{unit}"
    );
    assert!(
        unit.contains("<target>Informationen erreichen uns"),
        "{unit}"
    );
    assert!(
        !stale.contains("<unit id=\"about\">"),
        "current units are left out"
    );
}

#[test]
fn xliff_import_dry_run_writes_nothing_and_empty_targets_are_refused() {
    let project = Project::example_released();
    let before = sources(&project);
    let xlf = fill(&export(&project, "de-DE", &[]), |t| t.to_uppercase());
    std::fs::write(project.root().join("vendor.xlf"), &xlf).unwrap();
    let output = project
        .cmd()
        .args(["xliff", "import", "--dry-run"])
        .arg(project.root().join("vendor.xlf"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("Would write policies/privacy/de-DE.md"),
        "{said}"
    );
    assert!(sources(&project) == before, "a dry run writes nothing");
    let empty = xlf.replacen(
        "<target>INFORMATION WE COLLECT</target>",
        "<target></target>",
        1,
    );
    assert_ne!(empty, xlf);
    refused(
        &project,
        &empty,
        &["a target of unit `privacy/collect` is empty"],
    );
    let wrong = project
        .cmd()
        .args(["xliff", "export", "--locale", "fr-FR"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&wrong.stderr)
            .contains("`fr-FR` is not a locale the project translates into")
    );
}

#[test]
fn xliff_table_cells_list_items_and_line_breaks_are_segments_and_code_is_left_alone() {
    let project = Project::example_released();
    let en = project.read("policies/terms/en-US.md");
    project.write(
        "policies/terms/en-US.md",
        format!(
            "{en}\n## Fees {{#fees}}\n\n| Plan | Price |\n|---|---|\n| Free | **none** |\n| Plus | see [prices](https://example.com/p) |\n\n```\ncode stays\n```\n\n1. First step\n2. Second step with a  \n   hard break\n"
        ),
    );
    let xlf = export(&project, "de-DE", &["--doc", "terms"]);
    let unit = xlf.split("<unit id=\"fees\">").nth(1).expect("the section");
    assert!(
        unit.contains("<source>Price</source>"),
        "a cell is a segment"
    );
    assert!(
        !unit.contains("code stays"),
        "code blocks are not translated"
    );
    let output = import(&project, &fill(&xlf, |t| t.to_uppercase()));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let de = project.read("policies/terms/de-DE.md");
    let fees = &de[de.find("{#fees}").expect("the section")..];
    assert!(
        fees.contains("| PLAN | PRICE |\n|---|---|\n| FREE | **NONE** |"),
        "{fees}"
    );
    assert!(
        fees.contains("| PLUS | SEE [PRICES](https://example.com/p) |"),
        "{fees}"
    );
    assert!(fees.contains("```\ncode stays\n```"), "{fees}");
    assert!(
        fees.contains("2. SECOND STEP WITH A  \n   HARD BREAK"),
        "{fees}"
    );
    let check = project.cmd().arg("check").output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn xliff_import_writes_sections_in_numbered_items_with_their_numbers() {
    // A new translation of terms whose sections are written `1. #### …`:
    // each section it writes keeps its list marker and its indentation.
    let project = Project::fixture("numbered-terms");
    for file in ["policyc.yaml", "regions/world.yaml"] {
        let text = project.read(file);
        project.write(file, text.replace("[en-US]", "[en-US, de-DE]"));
    }
    let xlf = export(&project, "de-DE", &["--doc", "terms"]);
    let output = import(&project, &fill(&xlf, |t| t.to_uppercase()));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let de = project.read("policies/terms/de-DE.md");
    assert!(
        de.contains("\n1. #### INTRODUCTION {#intro}\n\n   {{ company }} MAKES BURROW"),
        "{de}"
    );
    assert!(
        de.contains("\n10. #### LIABILITY {#liability}\n\n    NOTHING"),
        "{de}"
    );
    let eu = project.read("regions/eu/terms.de-DE.md");
    assert!(
        eu.starts_with("6. #### CANCELLING YOUR PLAN {#cancel}\n\n   "),
        "{eu}"
    );
    project.build();
    let page = project.page("eu/de-DE/terms/index.html");
    let ids = crate::support::attrs(&page, ".doc-body > ol > li > h2", "id");
    assert_eq!(ids.len(), 12, "{}", page.html());
}
