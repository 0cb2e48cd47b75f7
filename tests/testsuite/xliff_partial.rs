//! `policyc xliff`: partly translated files, output paths, empty exports,
//! language tags in any case and segments a CAT tool merged.

use crate::support::Project;
use crate::xliff::{export, fill, import, refused, sources};

/// `xlf` with the targets of every unit not in `keep` removed, and of the
/// units in `first_only`, that of the first segment only.
fn only_targets(xlf: &str, keep: &[&str], first_only: &[&str]) -> String {
    let mut parts = xlf.split("<unit id=\"");
    let mut out = parts.next().unwrap_or_default().to_string();
    for part in parts {
        let id = &part[..part.find('"').expect("a unit id")];
        out.push_str("<unit id=\"");
        if keep.contains(&id) {
            out.push_str(part);
            continue;
        }
        let mut rest = part;
        let mut first = first_only.contains(&id);
        while let Some(start) = rest.find("<target>") {
            let end = start + rest[start..].find("</target>").expect("a closed target") + 9;
            if first {
                out.push_str(&rest[..end]);
                first = false;
            } else {
                out.push_str(&rest[..start]);
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
    }
    out
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn xliff_import_creates_a_new_file_with_only_its_fully_translated_units() {
    let project = Project::example_released();
    // Terms in Spanish are not accepted in English any longer.
    let config = project.read("policyc.yaml");
    project.write(
        "policyc.yaml",
        config.replace("  terms: [es-US, de-DE]\n", ""),
    );
    let xlf = export(&project, "es-US", &["--doc", "terms"]);
    let filled = fill(&xlf, |t| t.to_uppercase());
    let partial = only_targets(&filled, &[":title", ":summary", "acceptance"], &["service"]);
    let output = import(&project, &partial);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(
        said.contains("unit `terms/service` left as it was: 6 of 7 segments have no target"),
        "{said}"
    );
    let terms = project.read("policies/terms/es-US.md");
    assert!(terms.starts_with("---\ntitle: TERMS OF USE"), "{terms}");
    assert!(terms.contains("{#acceptance}"), "{terms}");
    assert!(
        !terms.contains("{#service}") && !terms.contains("{#liability}"),
        "untranslated sections are left out, not copied in English:\n{terms}"
    );
    assert!(!terms.contains("These Terms of Use"), "{terms}");
    // `translations` says the file lacks sections, rather than current.
    let status = project.cmd().arg("translations").output().unwrap();
    let table = String::from_utf8_lossy(&status.stdout);
    assert_eq!(status.status.code(), Some(1), "{table}");
    assert!(table.contains("incomplete"), "{table}");
}

#[test]
fn xliff_import_of_a_new_unit_with_untranslated_targets_warns() {
    let project = Project::example_released();
    let xlf = export(&project, "es-US", &["--doc", "terms"]);
    let copied = only_targets(&fill(&xlf, |t| t.to_string()), &[":title"], &[]);
    let output = import(&project, &copied);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(
        said.contains("unit `terms/:title`: 1 of 1 targets are the source text unchanged"),
        "{said}"
    );
}

#[test]
fn xliff_import_leaves_a_restructured_section_partly_translated_as_it_was() {
    let project = Project::example_released();
    let de = project.read("policies/privacy/de-DE.md");
    let changed = de.replacen(
        "## Welche Informationen wir erheben {#collect}\n",
        "## Welche Informationen wir erheben {#collect}\n\nEin Absatz mehr.\n",
        1,
    );
    project.write("policies/privacy/de-DE.md", &changed);
    let xlf = export(&project, "de-DE", &["--doc", "privacy"]);
    let filled = fill(&xlf, |t| t.to_uppercase());
    let keep: Vec<&str> = Vec::new();
    let partial = only_targets(&filled, &keep, &["collect"]);
    let output = import(&project, &partial);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(
        said.contains("unit `privacy/collect` left as it was: "),
        "{said}"
    );
    let now = project.read("policies/privacy/de-DE.md");
    assert!(now.contains("Ein Absatz mehr."), "{now}");
    assert_eq!(now, changed, "nothing else had a target");
}

#[test]
fn xliff_export_refuses_an_output_inside_sources_history_or_out() {
    let project = Project::example_released();
    for path in [
        "policies/privacy/de-DE.md",
        "history/releases/0001.yaml",
        "out/de.xlf",
        "policyc.yaml",
    ] {
        let before = std::fs::read(project.root().join(path)).ok();
        let output = project
            .cmd()
            .args(["xliff", "export", "--locale", "de-DE", "-o"])
            .arg(project.root().join(path))
            .output()
            .unwrap();
        let said = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{path}: {said}");
        assert!(said.contains("the output file"), "{said}");
        assert!(said.contains("inside the project's"), "{said}");
        assert_eq!(
            std::fs::read(project.root().join(path)).ok(),
            before,
            "{path} is left alone"
        );
    }
    let fine = project
        .cmd()
        .args(["xliff", "export", "--locale", "de-DE", "-o"])
        .arg(project.root().join("de.xlf"))
        .output()
        .unwrap();
    assert_eq!(fine.status.code(), Some(0), "{}", stderr(&fine));
}

#[test]
fn xliff_export_with_nothing_stale_writes_no_file_and_says_so() {
    let project = Project::example_released();
    let output = project
        .cmd()
        .args([
            "xliff",
            "export",
            "--locale",
            "es-US",
            "--doc",
            "privacy",
            "--stale-only",
            "--today",
            "2030-01-01",
            "-o",
        ])
        .arg(project.root().join("todo.xlf"))
        .output()
        .unwrap();
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("Nothing to translate for es-US"), "{said}");
    assert!(!project.root().join("todo.xlf").exists());
}

#[test]
fn xliff_import_reads_language_tags_in_any_letter_case() {
    let project = Project::example_released();
    let xlf = export(&project, "de-DE", &["--doc", "privacy"]);
    let filled = fill(&xlf, |t| t.to_uppercase())
        .replace("trgLang=\"de-DE\"", "trgLang=\"de-de\"")
        .replace("srcLang=\"en-US\"", "srcLang=\"EN-us\"");
    let output = import(&project, &filled);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let de = project.read("policies/privacy/de-DE.md");
    assert!(de.contains("## INFORMATION WE COLLECT"), "{de}");
    assert!(!project.root().join("policies/privacy/de-de.md").exists());
}

#[test]
fn xliff_import_says_a_merged_segment_count_differs_from_the_export() {
    let project = Project::example_released();
    let xlf = fill(&export(&project, "de-DE", &["--doc", "privacy"]), |t| {
        format!("DE {t}")
    });
    // Drop the second segment of the unit `collect`, as a merge leaves it.
    let unit = xlf.find("<unit id=\"collect\">").expect("collect");
    let second = unit
        + xlf[unit..]
            .find("<segment id=\"s2\"")
            .expect("a second segment");
    let end = second + xlf[second..].find("</segment>").expect("its end") + 10;
    let mut merged = xlf.clone();
    merged.replace_range(second..end, "");
    let before = sources(&project);
    refused(
        &project,
        &merged,
        &[
            "unit `privacy/collect` has",
            "segment where its source",
            "merged or split segments",
        ],
    );
    assert!(sources(&project) == before);
}

#[test]
fn xliff_import_refuses_a_repeated_file_or_unit_id_naming_both_lines() {
    let project = Project::example_released();
    let xlf = fill(&export(&project, "de-DE", &["--doc", "privacy"]), |t| {
        t.to_uppercase()
    });
    let line = |at: usize| xlf[..at].matches('\n').count() + 1;
    // The file given twice.
    let start = xlf.find("<file ").expect("a file");
    let end = xlf.find("</file>").expect("its end") + 7;
    let mut twice = xlf.clone();
    twice.insert_str(end, &format!("\n  {}", &xlf[start..end]));
    let second = line(end) + 1;
    refused(
        &project,
        &twice,
        &[&format!(
            "the file id `privacy` is repeated: a <file> with it is at line {} and another at line {second}",
            line(start)
        )],
    );
    // A unit given twice in its file.
    let start = xlf.find("<unit id=\"collect\">").expect("collect");
    let end = start + xlf[start..].find("</unit>").expect("its end") + 7;
    let mut twice = xlf.clone();
    twice.insert_str(end, &format!("\n    {}", &xlf[start..end]));
    refused(
        &project,
        &twice,
        &[&format!(
            "the unit id `privacy/collect` is repeated: a <unit> with it is at line {} and another at line {}",
            line(start),
            line(end) + 1
        )],
    );
}

#[test]
fn xliff_import_moves_spaces_inside_a_paired_code_outside_it() {
    let project = Project::example_released();
    let xlf = export(&project, "de-DE", &["--doc", "privacy"]);
    let target = r#"<target><pc id="c1" dataRefStart="d1s" dataRefEnd="d1e">Kontodaten.</pc> Ihr"#;
    assert!(xlf.contains(target), "the export has the emphasis");
    let spaced = xlf.replace(
        target,
        r#"<target><pc id="c1" dataRefStart="d1s" dataRefEnd="d1e"> Angaben zum Konto. </pc>Ihr"#,
    );
    let output = import(&project, &spaced);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let de = project.read("policies/privacy/de-DE.md");
    assert!(de.contains("- **Angaben zum Konto.** Ihr"), "{de}");
}

#[test]
fn xliff_refusal_of_an_unreadable_target_names_unit_and_position_once() {
    let project = Project::example_released();
    let xlf = export(&project, "de-DE", &["--doc", "privacy"]);
    let target = r#"<target><pc id="c1" dataRefStart="d1s" dataRefEnd="d1e">Kontodaten.</pc> Ihr"#;
    let at = xlf.find(target).expect("the export has the emphasis");
    let unit = xlf[..at].rfind("<unit ").expect("its unit");
    let line = xlf[..unit].matches('\n').count() + 1;
    let glued = xlf.replace(
        target,
        r#"<target><pc id="c1" dataRefStart="d1s" dataRefEnd="d1e">Kontodaten.</pc>Ihr"#,
    );
    let output = import(&project, &glued);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "vendor.xlf:{line}:5: the target of unit `privacy/collect-given` would not read back"
        )),
        "{said}"
    );
    assert!(
        !said.contains(", column "),
        "the position is said once: {said}"
    );
}

/// The example with `collect` changed in en-US and released as release 2,
/// in force from `in_force`, looked at from `today`.
fn released_change(in_force: &str, today: &str) -> Project {
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
            in_force,
            "--today",
            today,
            "-m",
            "Four ways",
        ])
        .output()
        .unwrap();
    assert_eq!(release.status.code(), Some(0), "{}", stderr(&release));
    project
}

#[test]
fn xliff_stale_only_leaves_out_a_section_acknowledged_with_translations_ack() {
    let project = released_change("2030-01-01", "2030-01-01");
    let before = export(&project, "de-DE", &["--stale-only", "--doc", "privacy"]);
    assert!(before.contains("<unit id=\"collect\">"), "{before}");
    let ack = project
        .cmd()
        .args([
            "translations",
            "ack",
            "privacy",
            "de-DE",
            "--section",
            "collect",
        ])
        .args(["--today", "2030-01-01"])
        .output()
        .unwrap();
    assert_eq!(ack.status.code(), Some(0), "{}", stderr(&ack));
    let after = export(&project, "de-DE", &["--stale-only", "--doc", "privacy"]);
    assert!(!after.contains("<unit id=\"collect\">"), "{after}");
    assert!(!after.contains("stale: "), "{after}");
}

#[test]
fn xliff_import_of_an_old_export_keeps_a_later_edit_of_the_translation() {
    let project = Project::example_released();
    let old = export(&project, "de-DE", &["--doc", "privacy"]);
    let de = project.read("policies/privacy/de-DE.md");
    let edited = de.replacen(
        "Informationen erreichen uns auf drei Wegen",
        "Informationen erreichen uns auf drei Arten",
        1,
    );
    assert_ne!(edited, de, "the translation has the sentence");
    project.write("policies/privacy/de-DE.md", &edited);
    // The old export, unchanged: its targets are the translation as it was.
    let output = import(&project, &old);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        project.read("policies/privacy/de-DE.md"),
        edited,
        "the edit is kept"
    );
    // Translated anew by a vendor: refused, naming the unit.
    refused(
        &project,
        &fill(&old, |t| t.to_uppercase()),
        &["the translation of unit `privacy/collect` changed since the export"],
    );
    // Another unit of the old export, translated anew, is still written.
    let about = old.find("<unit id=\"about\">").expect("about");
    let end = about + old[about..].find("</unit>").expect("its end");
    let mut one = old.clone();
    let unit = fill(&old[about..end], |t| t.to_uppercase());
    one.replace_range(about..end, &unit);
    let output = import(&project, &one);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let now = project.read("policies/privacy/de-DE.md");
    assert!(now.contains("auf drei Arten"), "{now}");
    assert!(
        now.contains("{#about}") && !now.contains("Wer wir sind"),
        "{now}"
    );
}

#[test]
fn a_release_taking_effect_later_is_translation_work_now_but_not_a_page_notice() {
    // Release 2 recorded on 2030-04-10, in force from 2030-05-01; today is
    // 2030-04-15.
    let project = released_change("2030-05-01", "2030-04-10");
    let today = ["--today", "2030-04-15"];
    let status = project
        .cmd()
        .arg("translations")
        .args(today)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&status.stdout);
    assert_eq!(status.status.code(), Some(1), "{table}");
    assert!(table.contains("stale r2"), "{table}");
    let check = project.cmd().arg("check").args(today).output().unwrap();
    let said = stderr(&check);
    assert!(
        said.contains(
            "lags behind its en-US source as release 2 has it, which takes effect on 2030-05-01"
        ),
        "{said}"
    );
    let xlf = project
        .cmd()
        .args(["xliff", "export", "--locale", "de-DE", "--stale-only"])
        .args(today)
        .output()
        .unwrap();
    let xlf = String::from_utf8_lossy(&xlf.stdout);
    assert!(xlf.contains("<unit id=\"collect\">"), "{xlf}");
    // Readers see the text in force, which the translation follows.
    let notice = "Diese Übersetzung ist möglicherweise nicht auf dem Stand";
    let build = project.cmd().arg("build").args(today).output().unwrap();
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let page = project.read_out("eu/de-DE/privacy/index.html");
    assert!(
        !page.contains(notice),
        "no notice before release 2 is in force"
    );
    let build = project
        .cmd()
        .args(["build", "--today", "2030-05-02"])
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let page = project.read_out("eu/de-DE/privacy/index.html");
    assert!(page.contains(notice), "the notice once it is in force");
}
