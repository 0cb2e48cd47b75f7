//! The in-memory build behind `policyc serve`, through the library: a
//! rebuild that renders only what a change can reach
//! (`Scope::of_change`) must give the very files a full build gives, for
//! every kind of edit, so that the preview never keeps a stale page.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use crate::support::Project;
use policyc::diff::InlineEdit;
use policyc::site::model::Unreleased;
use policyc::site::{Draft, LAZY_FROM, Lazy, Scope, Site, preview, preview_lazily};

/// After the example's first release, so that its pages are released.
const TODAY: Option<&str> = Some("2026-12-01");

fn build(root: &Path, previous: Option<&Site>, scope: &Scope) -> Site {
    let (outcome, site) = preview(root, TODAY, previous, scope);
    site.unwrap_or_else(|| panic!("the build failed: {:#?}", outcome.diagnostics))
}

fn full(root: &Path) -> Site {
    build(root, None, &Scope::All)
}

/// What changing these files (relative to the project root) reaches.
fn scope_of(changed: &[&str]) -> Scope {
    let mut scope = Scope::default();
    for rel in changed {
        if let Some(s) = Scope::of_change(Path::new(rel)) {
            scope.merge(s);
        }
    }
    scope
}

/// Every file of a site, and the draft state of every page.
#[derive(PartialEq)]
struct Snapshot {
    files: BTreeMap<String, Vec<u8>>,
    drafts: BTreeMap<String, Draft>,
}

fn snapshot(site: &Site) -> Snapshot {
    let files: BTreeMap<String, Vec<u8>> = site
        .paths()
        .into_iter()
        .map(|p| (p.to_string(), site.get(p).expect("listed").to_vec()))
        .collect();
    let drafts = files
        .keys()
        .filter_map(|p| site.draft(p).map(|d| (p.clone(), d.clone())))
        .collect();
    Snapshot { files, drafts }
}

/// How two sites differ in their files (byte for byte) or drafts, if they do.
fn differences(incremental: &Site, full: &Site) -> Option<String> {
    let (a, b) = (snapshot(incremental), snapshot(full));
    if a == b {
        return None;
    }
    let missing: Vec<&String> = b
        .files
        .keys()
        .filter(|p| !a.files.contains_key(*p))
        .collect();
    let extra: Vec<&String> = a
        .files
        .keys()
        .filter(|p| !b.files.contains_key(*p))
        .collect();
    let stale: Vec<&String> = a
        .files
        .iter()
        .filter(|(p, bytes)| b.files.get(*p).is_some_and(|other| other != *bytes))
        .map(|(p, _)| p)
        .collect();
    let drafts: Vec<&String> = a
        .drafts
        .keys()
        .chain(b.drafts.keys())
        .filter(|p| a.drafts.get(*p) != b.drafts.get(*p))
        .collect();
    Some(format!(
        "missing: {missing:?}\nextra: {extra:?}\nstale: {stale:?}\ndrafts: {drafts:?}"
    ))
}

/// Asserts that two sites hold the same files, byte for byte, and the same
/// drafts; says which differ.
fn assert_same(incremental: &Site, full: &Site, what: &str) {
    if let Some(diff) = differences(incremental, full) {
        panic!("{what}: the incremental rebuild differs from a full build\n{diff}");
    }
}

/// The variants of a site, from its manifest: (doc, region, locale).
fn variants(site: &Site) -> Vec<(String, String, String)> {
    let manifest =
        serde_json::from_slice(site.get("manifest.json").expect("a manifest")).expect("JSON");
    crate::support::manifest_variants(&manifest)
}

fn count(site: &Site, keep: impl Fn(&str, &str) -> bool) -> usize {
    variants(site)
        .iter()
        .filter(|(doc, region, _)| keep(doc, region))
        .count()
}

fn count_where(site: &Site, keep: impl Fn(&str, &str, &str) -> bool) -> usize {
    variants(site)
        .iter()
        .filter(|(doc, region, locale)| keep(doc, region, locale))
        .count()
}

fn read(project: &Project, rel: &str) -> String {
    std::fs::read_to_string(project.root().join(rel)).expect("read a project file")
}

fn replace(project: &Project, rel: &str, from: &str, to: &str) {
    let text = read(project, rel);
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    project.write(rel, text.replacen(from, to, 1));
}

/// Builds the project, applies `edit`, rebuilds what `changed` reaches on
/// top of the first build, and checks the result against a full build.
/// Returns the rebuilt site, the full one, and the one before the edit.
fn check_edit(
    project: &Project,
    changed: &[&str],
    edit: impl FnOnce(&Project),
) -> (Site, Site, Site) {
    let before = full(project.root());
    edit(project);
    let scope = scope_of(changed);
    let incremental = build(project.root(), Some(&before), &scope);
    let full = full(project.root());
    assert_same(&incremental, &full, &format!("after changing {changed:?}"));
    (incremental, full, before)
}

#[test]
fn a_full_build_is_deterministic_and_an_empty_scope_keeps_everything() {
    let project = Project::example_released();
    let first = full(project.root());
    let second = full(project.root());
    assert_same(&second, &first, "two full builds");
    assert_eq!(first.rendered_variants(), variants(&first).len());
    let kept = build(project.root(), Some(&first), &Scope::default());
    assert_eq!(kept.rendered_variants(), 0);
    assert_same(&kept, &first, "nothing changed");
}

/// The comparison is not blind: a rebuild that renders nothing after an
/// edit leaves stale pages, and they are caught.
#[test]
fn a_rebuild_that_misses_an_edit_is_caught() {
    let project = Project::example_released();
    let before = full(project.root());
    replace(
        &project,
        "policies/terms/en-US.md",
        "Please read them carefully.",
        "Please read them with care.",
    );
    let stale = build(project.root(), Some(&before), &Scope::default());
    let diff = differences(&stale, &full(project.root()))
        .expect("a stale site compared equal to a full build");
    assert!(diff.contains("us/en-US/terms/index.html"), "{diff}");
}

#[test]
fn a_document_edit() {
    let project = Project::example_released();
    let (site, _, _) = check_edit(&project, &["policies/terms/en-US.md"], |p| {
        replace(
            p,
            "policies/terms/en-US.md",
            "title: Terms of Use",
            "title: Terms of Service",
        );
        replace(
            p,
            "policies/terms/en-US.md",
            "Please read them carefully.",
            "Please read them with care.",
        );
    });
    let terms = count(&site, |doc, _| doc == "terms");
    assert!(0 < terms && terms < variants(&site).len());
    assert_eq!(site.rendered_variants(), terms);
    let page = site.get("eu/de-DE/terms/index.html").expect("a page");
    assert!(String::from_utf8_lossy(page).contains("Terms of Service"));
    assert!(site.draft("us/en-US/terms/index.html").is_some());
}

#[test]
fn a_translation_edit() {
    let project = Project::example_released();
    let (site, _, _) = check_edit(&project, &["policies/privacy/es-US.md"], |p| {
        let text = read(p, "policies/privacy/es-US.md");
        p.write(
            "policies/privacy/es-US.md",
            format!("{text}\nUna frase nueva.\n"),
        );
    });
    // At most the document's variants (those in Spanish, at least).
    let rendered = site.rendered_variants();
    assert!(
        count(&site, |doc, _| doc == "privacy") >= rendered
            && rendered
                >= count_where(&site, |doc, _, locale| doc == "privacy"
                    && locale == "es-US"),
        "rendered {rendered}"
    );
    assert!(site.draft("us-ca/es-US/privacy/index.html").is_some());
    assert!(site.draft("us-ca/en-US/privacy/index.html").is_none());
}

#[test]
fn a_supplement_edit() {
    let project = Project::example_released();
    let (site, _, _) = check_edit(&project, &["regions/us-ca/privacy.en-US.md"], |p| {
        replace(
            p,
            "regions/us-ca/privacy.en-US.md",
            "### Right to know {#ca-right-know}",
            "### Right to know what we hold {#ca-right-know}",
        );
    });
    let us_ca = count(&site, |_, region| region == "us-ca");
    assert!(0 < us_ca && us_ca < variants(&site).len());
    assert_eq!(site.rendered_variants(), us_ca);
}

#[test]
fn a_supplement_only_document_appears_in_a_region() {
    let project = Project::example_released();
    let (site, _, before) = check_edit(&project, &["regions/eu/imprint.en-US.md"], |p| {
        p.write(
            "regions/eu/imprint.en-US.md",
            "---\ntitle: Imprint\n---\n\n{{ company }}, {{ eu_address }}.\n\n## Contact {#contact}\n\nWrite to us.\n",
        );
    });
    let new = variants(&site).len() - variants(&before).len();
    assert!(new > 0, "no imprint page");
    assert_eq!(site.rendered_variants(), count(&site, |_, r| r == "eu"));
    assert!(site.get("eu/en-US/imprint/index.html").is_some());
}

#[test]
fn a_parent_region_edit_reaches_the_regions_inheriting_from_it() {
    let project = Project::example_released();
    assert!(read(&project, "regions/us-ca.yaml").contains("parent: us\n"));
    let (site, _, _) = check_edit(&project, &["regions/us.yaml"], |p| {
        replace(
            p,
            "regions/us.yaml",
            "locales: [en-US, es-US]\n",
            "locales: [en-US, es-US]\nvariables:\n  support_email: us-help@ottermoss.example\n",
        );
    });
    let us = count(&site, |_, r| r == "us" || r == "us-ca");
    assert!(0 < us && us < variants(&site).len());
    assert_eq!(site.rendered_variants(), us);
    let page = site.get("us-ca/en-US/terms/index.html").expect("a page");
    assert!(String::from_utf8_lossy(page).contains("us-help@ottermoss.example"));
}

#[test]
fn a_region_losing_a_locale() {
    let project = Project::example_released();
    let (site, _, before) = check_edit(&project, &["regions/eu.yaml"], |p| {
        replace(
            p,
            "regions/eu.yaml",
            "locales: [en-US, de-DE]",
            "locales: [en-US]",
        );
    });
    // The German pages were released: they stay, as withdrawals to record.
    assert_eq!(variants(&site).len(), variants(&before).len());
    let draft = site.draft("eu/de-DE/privacy/index.html").expect("a draft");
    assert_eq!(draft.unreleased, Unreleased::Withdrawn);
    // The locale keeps its page, which lists them as withdrawn, and its feed.
    let index = site.get("eu/de-DE/index.html").expect("the locale's page");
    let index = String::from_utf8_lossy(index);
    assert!(
        index.contains("<li class=\"withdrawn\"><a href=\"privacy/index.html\">"),
        "{index}"
    );
    assert!(site.get("eu/de-DE/feed.xml").is_some());
}

#[test]
fn a_new_document() {
    let project = Project::example_released();
    let (site, _, before) = check_edit(&project, &["policies/cookies/en-US.md"], |p| {
        p.write(
            "policies/cookies/en-US.md",
            "---\ntitle: Cookie Notice\n---\n\nWe use {{ product }} cookies sparingly.\n\n## Which cookies {#which}\n\nA sign-in cookie.\n",
        );
    });
    let cookies = count(&site, |doc, _| doc == "cookies");
    assert_eq!(cookies, variants(&site).len() - variants(&before).len());
    assert_eq!(site.rendered_variants(), cookies);
    // Never released: every page of it is a draft.
    assert!(site.draft("us/en-US/cookies/index.html").is_some());
}

#[test]
fn a_new_translation_replaces_a_fallback() {
    let project = Project::example_released();
    let (site, _, _) = check_edit(&project, &["policies/terms/es-US.md"], |p| {
        p.write(
            "policies/terms/es-US.md",
            "---\ntitle: Condiciones de uso\n---\n\nEstas condiciones.\n\n## Aceptación {#acceptance}\n\nSí.\n",
        );
    });
    let rendered = site.rendered_variants();
    assert!(
        count(&site, |doc, _| doc == "terms") >= rendered
            && rendered >= count_where(&site, |doc, _, locale| doc == "terms" && locale == "es-US"),
        "rendered {rendered}"
    );
    let page = site.get("us/es-US/terms/index.html").expect("a page");
    assert!(String::from_utf8_lossy(page).contains("Condiciones de uso"));
}

/// The example without its links to the terms, which may then go away
/// without breaking the privacy policy's links (an error).
fn example_without_links_to_terms() -> Project {
    let project = Project::example_released();
    project.unlink("terms");
    project
}

#[test]
fn a_deleted_document() {
    let project = example_without_links_to_terms();
    let (site, _, _) = check_edit(
        &project,
        &["policies/terms/en-US.md", "policies/terms"],
        |p| {
            std::fs::remove_dir_all(p.root().join("policies/terms")).unwrap();
        },
    );
    // Its released pages stay, saying it is withdrawn; they are made afresh.
    let terms = count(&site, |doc, _| doc == "terms");
    assert_eq!(site.rendered_variants(), terms);
    assert!(
        site.paths()
            .iter()
            .filter(|p| p.ends_with("/terms/index.html"))
            .all(|p| site.draft(p).map(|d| &d.unreleased) == Some(&Unreleased::Withdrawn))
    );
}

#[test]
fn a_renamed_document_folder() {
    let project = example_without_links_to_terms();
    let (site, _, _) = check_edit(&project, &["policies/terms", "policies/conditions"], |p| {
        std::fs::rename(
            p.root().join("policies/terms"),
            p.root().join("policies/conditions"),
        )
        .unwrap();
    });
    // The new document's pages, and the old one's, which stay as withdrawals.
    assert_eq!(
        site.rendered_variants(),
        count(&site, |doc, _| doc == "conditions" || doc == "terms")
    );
}

#[test]
fn a_template_or_settings_edit_reaches_everything() {
    let project = Project::example_released();
    let (site, _, _) = check_edit(&project, &["templates/footer.html"], |p| {
        replace(
            p,
            "templates/footer.html",
            "<p>{{ site.name }}",
            "<p>Footer test · {{ site.name }}",
        );
    });
    assert_eq!(site.rendered_variants(), variants(&site).len());
    let (site, _, _) = check_edit(&project, &["policyc.yaml"], |p| {
        replace(p, "policyc.yaml", "min_age: \"13\"", "min_age: \"16\"");
    });
    assert_eq!(site.rendered_variants(), variants(&site).len());
}

#[test]
fn a_reverted_edit_is_no_longer_a_draft() {
    let project = Project::example_released();
    let original = read(&project, "policies/privacy/en-US.md");
    let (edited, _, _) = check_edit(&project, &["policies/privacy/en-US.md"], |p| {
        replace(
            p,
            "policies/privacy/en-US.md",
            "We have tried to keep the language plain;",
            "We have tried to keep the language plain and friendly;",
        );
    });
    let page = "us/en-US/privacy/index.html";
    let draft = edited.draft(page).expect("a draft");
    let Unreleased::Changed { diff } = &draft.unreleased else {
        panic!("a released page's draft has its changes: {draft:?}");
    };
    let words: Vec<&str> = diff.sections[0].blocks[0]
        .inline
        .iter()
        .filter(|op| op.op == InlineEdit::Insert)
        .map(|op| op.text.as_str())
        .collect();
    assert_eq!(words, [" and friendly"], "{diff:?}");
    project.write("policies/privacy/en-US.md", &original);
    let reverted = build(
        project.root(),
        Some(&edited),
        &scope_of(&["policies/privacy/en-US.md"]),
    );
    assert!(reverted.draft(page).is_none());
    assert_same(&reverted, &full(project.root()), "after reverting");
}

/// Many edits in a row, each rebuilt on top of the last incremental build
/// (as the server does), never drift from a full build.
#[test]
fn a_chain_of_incremental_rebuilds_matches_a_full_build_at_every_step() {
    let project = example_without_links_to_terms();
    let mut site = full(project.root());
    type Edit = (&'static [&'static str], fn(&Project));
    let edits: [Edit; 7] = [
        (&["policies/terms/en-US.md"], |p| {
            replace(
                p,
                "policies/terms/en-US.md",
                "Please read them carefully.",
                "Please read them.",
            )
        }),
        (&["regions/eu/privacy.en-US.md"], |p| {
            let text = read(p, "regions/eu/privacy.en-US.md");
            p.write(
                "regions/eu/privacy.en-US.md",
                format!(
                    "{text}\nOne more line.\n\n## Last words {{#last-words append}}\n\nGoodbye.\n"
                ),
            );
        }),
        (&["regions/global.yaml"], |p| {
            let text = read(p, "regions/global.yaml");
            p.write(
                "regions/global.yaml",
                format!("{text}variables:\n  product: Ottermoss App\n"),
            );
        }),
        (&["policies/cookies/en-US.md"], |p| {
            p.write(
                "policies/cookies/en-US.md",
                "---\ntitle: Cookies\n---\n\nFew cookies.\n",
            );
        }),
        (&["regions/us-ca/notice-at-collection.en-US.md"], |p| {
            let text = read(p, "regions/us-ca/notice-at-collection.en-US.md");
            p.write(
                "regions/us-ca/notice-at-collection.en-US.md",
                format!("{text}\nA note.\n"),
            );
        }),
        (&["policies/terms/en-US.md", "policies/terms"], |p| {
            std::fs::remove_dir_all(p.root().join("policies/terms")).unwrap();
        }),
        (&["policies/cookies/en-US.md"], |p| {
            p.write(
                "policies/cookies/en-US.md",
                "---\ntitle: Cookies\n---\n\nNo cookies at all.\n",
            );
        }),
    ];
    for (changed, edit) in edits {
        edit(&project);
        site = build(project.root(), Some(&site), &scope_of(changed));
        assert_same(&site, &full(project.root()), &format!("after {changed:?}"));
    }
}

/// Every source file of the example (bar the release records, which may
/// not be edited): a visible edit to it, rebuilt with what `of_change`
/// says it reaches, gives what a full build gives.
#[test]
fn an_edit_to_any_source_file_of_the_example_is_rebuilt() {
    let project = Project::example_released();
    let root = project.root();
    let mut sources: Vec<String> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk the project"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("inside");
            rel.to_string_lossy().replace('\\', "/")
        })
        .filter(|rel| !rel.starts_with("history/"))
        .collect();
    sources.sort();
    assert!(sources.len() > 10, "{sources:?}");
    let mut site = full(root);
    for (i, rel) in sources.iter().enumerate() {
        let scope =
            Scope::of_change(Path::new(rel)).unwrap_or_else(|| panic!("{rel} reaches nothing"));
        assert!(!scope.is_empty(), "{rel} reaches nothing");
        let text = read(&project, rel);
        let edited = if rel.ends_with(".md") {
            format!("{text}\nTouched paragraph number {i}.\n")
        } else if rel.ends_with(".yaml") && text.contains("\ncaption:") {
            // A table and its translations have a caption, which the pages
            // showing it show: its first text (a map's first locale).
            let (before, after) = text.split_once("\ncaption:").expect("a caption");
            let (line, rest) = after.split_once('\n').expect("a line");
            if line.trim().is_empty() {
                let (first, rest) = rest.split_once('\n').expect("a locale's caption");
                format!("{before}\ncaption:\n{first} {i}\n{rest}")
            } else {
                format!("{before}\ncaption:{line} {i}\n{rest}")
            }
        } else if rel.ends_with(".yaml") {
            // Every region and the settings have a name, which pages show;
            // a region's changes to a table, the name of a row it adds.
            let (before, after) = text
                .split_once("name: ")
                .unwrap_or_else(|| panic!("{rel} has no name"));
            let (name, rest) = after.split_once('\n').expect("a line");
            // A region's names per locale, `{en-US: …, de-DE: …}`: the last one.
            let name = match name.strip_suffix('}') {
                Some(names) => format!("{names} {i}}}"),
                None => format!("{name} {i}"),
            };
            format!("{before}name: {name}\n{rest}")
        } else {
            format!("{text}<p>Touched template number {i}.</p>\n")
        };
        project.write(rel, edited);
        let before = snapshot(&site);
        site = build(root, Some(&site), &scope);
        let full = full(root);
        assert!(
            snapshot(&full) != before,
            "the edit to {rel} changed nothing"
        );
        assert_same(&site, &full, &format!("after editing {rel}"));
    }
}

#[test]
fn editor_files_reach_nothing() {
    for swap in [
        "policies/terms/.en-US.md.swp",
        "policies/terms/en-US.md~",
        "policies/terms/.#en-US.md",
        "regions/.eu.yaml.swx",
        "regions/eu/.privacy.en-US.md.swp",
        "templates/.#footer.html",
        "templates/footer.html~",
        ".policyc.yaml.swp",
    ] {
        assert_eq!(Scope::of_change(Path::new(swap)), None, "{swap}");
    }
}

/// The loader accepts `regions/<region>.yml` as well as `.yaml`; an edit
/// to one reaches that region.
#[test]
fn a_region_yml_file_edit() {
    let project = Project::example_released();
    std::fs::rename(
        project.root().join("regions/eu.yaml"),
        project.root().join("regions/eu.yml"),
    )
    .unwrap();
    check_edit(&project, &["regions/eu.yml"], |p| {
        replace(
            p,
            "regions/eu.yml",
            "company: Ottermoss Europe B.V.",
            "company: Ottermoss Europa B.V.",
        );
    });
    assert_eq!(
        Scope::of_change(Path::new("regions/eu.yml")),
        Scope::of_change(Path::new("regions/eu.yaml")),
        "regions/eu.yml is the region eu"
    );
}

/// A page kept from the previous build still reports its warnings, so the
/// terminal shows the same warnings after an incremental rebuild as after a
/// full one. Here: translations that lag behind a released change of their
/// source, which only rendering the pages finds.
#[test]
fn kept_pages_report_their_warnings() {
    let p = Project::example_released();
    let privacy = p.root().join("policies/privacy/en-US.md");
    let text = std::fs::read_to_string(&privacy).unwrap();
    let changed = text.replacen(
        "If you think this may have happened, please write to",
        "If you believe this has happened, write to",
        1,
    );
    assert_ne!(changed, text);
    std::fs::write(&privacy, changed).unwrap();
    let released = p
        .cmd()
        .args([
            "release",
            "--date",
            "2026-11-30",
            "--today",
            "2026-12-01",
            "-m",
            "Wording",
        ])
        .output()
        .unwrap();
    assert!(released.status.success(), "{released:?}");
    let messages = |outcome: &policyc::site::Outcome| -> Vec<String> {
        outcome
            .diagnostics
            .iter()
            .map(|d| format!("{:?} {:?} {}", d.file, d.location, d.message))
            .collect()
    };
    let (first, site) = preview(p.root(), TODAY, None, &Scope::All);
    let site = site.expect("the first build");
    let expected = messages(&first);
    assert!(
        expected.iter().any(|m| m.contains("may lag behind")),
        "the lagging translation is reported: {expected:#?}"
    );
    let terms = p.root().join("policies/terms/en-US.md");
    let text = std::fs::read_to_string(&terms).unwrap();
    std::fs::write(&terms, format!("{text}\nOne more sentence.\n")).unwrap();
    let (again, _) = preview(
        p.root(),
        TODAY,
        Some(&site),
        &scope_of(&["policies/terms/en-US.md"]),
    );
    assert_eq!(messages(&again), expected);
}

/// A rebuild parses only the files whose text changed, and still reports
/// what parsing the others found: a warning in an unchanged file stays,
/// one fixed in an edited file goes.
#[test]
fn a_rebuild_reuses_unchanged_parses_and_their_warnings() {
    let project = Project::example_released();
    replace(&project, "policies/terms/en-US.md", " {#acceptance}", "");
    let notice = "regions/us-ca/notice-at-collection.en-US.md";
    replace(&project, notice, " {#more}", "");
    let warnings = |outcome: &policyc::site::Outcome| -> Vec<String> {
        outcome
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("this heading has no id"))
            .map(|d| {
                d.file
                    .as_ref()
                    .expect("names its file")
                    .display()
                    .to_string()
            })
            .collect()
    };
    let (first_outcome, first) = preview(project.root(), TODAY, None, &Scope::All);
    let first = first.expect("the first build");
    assert_eq!(
        warnings(&first_outcome),
        ["policies/terms/en-US.md", notice]
    );
    replace(
        &project,
        notice,
        "## More information",
        "## More information {#more}",
    );
    let scope = scope_of(&[notice]);
    let (outcome, rebuilt) = preview(project.root(), TODAY, Some(&first), &scope);
    assert_eq!(warnings(&outcome), ["policies/terms/en-US.md"]);
    assert_same(
        &rebuilt.expect("the rebuild"),
        &full(project.root()),
        "after fixing one heading",
    );
}

#[test]
fn a_removed_document_stays_in_the_preview_as_a_withdrawal_draft() {
    let project = Project::example_released();
    project.unlink("terms");
    let (site, _, _) = check_edit(&project, &["policies/terms"], |p| {
        std::fs::remove_dir_all(p.root().join("policies/terms")).unwrap();
    });
    let page = site
        .get("us/en-US/terms/index.html")
        .expect("the old URL still has a page");
    assert!(String::from_utf8_lossy(page).contains("This document has been withdrawn."));
    assert!(site.get("us/en-US/terms/changes/index.html").is_some());
    let draft = site.draft("us/en-US/terms/index.html").expect("a draft");
    assert_eq!(draft.unreleased, Unreleased::Withdrawn);
    // The region's page lists it as withdrawn.
    let index = String::from_utf8_lossy(site.get("us/en-US/index.html").expect("a page"));
    assert!(
        index.contains("<li class=\"withdrawn\"><a href=\"terms/index.html\">"),
        "{index}"
    );
    // The privacy policy lost its links to the terms: a draft, but not a
    // withdrawal.
    assert!(
        site.draft("us/en-US/privacy/index.html")
            .is_none_or(|d| d.unreleased != Unreleased::Withdrawn)
    );
}

/// A page the rebuild keeps still has its links to other documents checked:
/// renaming a section of the privacy policy breaks the terms' link to it,
/// and the preview says so, as `check` does.
#[test]
fn a_kept_page_whose_link_loses_its_section_is_an_error() {
    let project = Project::example_released();
    replace(
        &project,
        "policies/terms/en-US.md",
        "Please read them carefully.",
        "Please read them carefully, and see [how we protect information](doc:privacy#security).",
    );
    let before = full(project.root());
    replace(
        &project,
        "policies/privacy/en-US.md",
        "{#security}",
        "{#protection}",
    );
    let scope = scope_of(&["policies/privacy/en-US.md"]);
    let (outcome, site) = preview(project.root(), TODAY, Some(&before), &scope);
    assert!(site.is_none(), "the rebuild must fail");
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("has no section `security`"))
        .collect();
    assert!(!errors.is_empty(), "{:#?}", outcome.diagnostics);
    assert!(
        errors
            .iter()
            .all(|d| d.file.as_deref() == Some(Path::new("policies/terms/en-US.md"))),
        "{errors:#?}"
    );
    let (full_outcome, _) = preview(project.root(), TODAY, None, &Scope::All);
    assert_eq!(outcome.diagnostics, full_outcome.diagnostics);
}

/// Withdrawing a document moves the links to its sections on the pages
/// the rebuild would keep (another document's archived versions) to its
/// last version, as a full build does.
#[test]
fn withdrawing_a_document_moves_links_to_its_sections_on_kept_pages() {
    // Released with its links to sections of the privacy policy.
    let project = crate::support::release::released_example();
    replace(
        &project,
        "policies/terms/en-US.md",
        "[Privacy Policy](doc:privacy#retention)",
        "Privacy Policy",
    );
    replace(
        &project,
        "regions/us-ca/notice-at-collection.en-US.md",
        "[Privacy Policy](doc:privacy#ca-rights)",
        "Privacy Policy",
    );
    project.unlink("privacy");
    let gone = [
        "policies/privacy",
        "regions/eu/privacy.en-US.md",
        "regions/eu/privacy.de-DE.md",
        "regions/us-ca/privacy.en-US.md",
        "regions/us-ca/privacy.es-US.md",
    ];
    let (site, _, before) = check_edit(&project, &gone, |p| {
        std::fs::remove_dir_all(p.root().join(gone[0])).unwrap();
        for rel in &gone[1..] {
            p.remove(rel);
        }
    });
    let archived = |site: &Site| {
        let page = site
            .get("us/en-US/terms/v/1/index.html")
            .expect("the terms' first version");
        String::from_utf8_lossy(page).into_owned()
    };
    assert!(
        archived(&before).contains("\"../../../privacy/index.html#retention\""),
        "{}",
        archived(&before)
    );
    assert!(
        archived(&site).contains("\"../../../privacy/v/1/index.html#retention\""),
        "{}",
        archived(&site)
    );
}

#[test]
fn a_theme_words_edit_rebuilds_the_pages_of_its_language() {
    let project = Project::example_released();
    let (site, _, before) = check_edit(&project, &["strings/de.yaml"], |p| {
        p.write("strings/de.yaml", "contents: \"Inhaltsübersicht\"\n");
    });
    let german = |site: &Site| {
        let page = site.get("eu/de-DE/privacy/index.html").expect("a page");
        String::from_utf8_lossy(page).contains("Inhaltsübersicht")
    };
    assert!(!german(&before));
    assert!(german(&site));
    // Only the German pages were rendered again.
    let de = count_where(&site, |_, _, locale| locale == "de-DE");
    assert!(0 < de && de < variants(&site).len());
    assert_eq!(site.rendered_variants(), de);
    // A draft banner is in the page's words too.
    let (site, _, _) = check_edit(&project, &["strings/de.yaml"], |p| {
        p.write("strings/de.yaml", "draft_banner: \"Entwurf (intern)\"\n");
        replace(
            p,
            "policies/privacy/de-DE.md",
            "Datenschutz",
            "Datenschutzes",
        );
    });
    let draft = site.draft("eu/de-DE/privacy/index.html").expect("a draft");
    assert_eq!(draft.words.draft_banner, "Entwurf (intern)");
}

/// A synthetic project with enough pages (1 document × 40 regions × 2
/// locales) for a change to all of them to render the open pages first.
fn synthetic() -> Project {
    let project = Project::empty();
    policyc_testkit::synthetic::generate(
        project.root(),
        policyc_testkit::synthetic::Shape {
            documents: 1,
            regions: 40,
            locales: 2,
        },
    )
    .expect("generate a synthetic project");
    project
}

/// Rebuilds what changing `changed` reaches on top of `previous`, the pages
/// at `open` first: the site handed out early, if it was, and the whole one.
fn lazily(root: &Path, previous: &Site, changed: &[&str], open: &[&str]) -> (Option<Site>, Site) {
    let handed = Mutex::new(Vec::new());
    let ready = |site: Site| handed.lock().expect("not poisoned").push(site);
    let lazy = Lazy {
        first: open.iter().map(|p| p.to_string()).collect(),
        ready: &ready,
        stop: &|| false,
    };
    let (outcome, site) =
        preview_lazily(root, TODAY, Some(previous), &scope_of(changed), Some(&lazy));
    let site = site.unwrap_or_else(|| panic!("the build failed: {:#?}", outcome.diagnostics));
    let mut handed = handed.into_inner().expect("not poisoned");
    assert!(handed.len() <= 1, "the site was handed out early twice");
    (handed.pop(), site)
}

/// The early site serves `open` as a full build writes it, and none of
/// `waiting`, which the rebuild had not rendered yet.
fn assert_early(early: &Site, whole: &Site, open: &str, waiting: &[&str], marker: &str) {
    assert!(early.is_early() && early.settled(open), "{open}");
    assert_eq!(early.get(open), whole.get(open), "{open}");
    assert_eq!(early.draft(open), whole.draft(open), "{open}");
    let page = String::from_utf8_lossy(early.get(open).expect("the open page"));
    assert!(page.contains(marker), "{open} lacks {marker:?}");
    for path in waiting {
        assert!(
            !early.settled(path),
            "{path} was served before it was rendered"
        );
    }
}

#[test]
fn a_template_or_settings_edit_renders_the_open_page_first_with_the_bytes_of_a_full_build() {
    let project = synthetic();
    let before = full(project.root());
    assert!(variants(&before).len() >= LAZY_FROM);
    let (open, other) = ("r7/en-US/doc0/index.html", "r8/es-US/doc0/index.html");
    let waiting = [other, "index.html", "r7/en-US/index.html", "manifest.json"];

    project.write(
        "templates/footer.html",
        "<footer class=\"site-footer\">\n  <p>{{ site.name }}</p>\n  \
         <p>Ottermoss Labs reviews this footer every spring.</p>\n</footer>\n",
    );
    let (early, site) = lazily(project.root(), &before, &["templates/footer.html"], &[open]);
    let whole = full(project.root());
    assert_same(&site, &whole, "after a template edit rendered lazily");
    assert!(!site.is_early() && site.settled(other));
    let early = early.expect("the open page was not handed out before the others");
    assert_early(&early, &whole, open, &waiting, "reviews this footer");

    replace(
        &project,
        "policyc.yaml",
        "name: Synthetic Legal Center",
        "name: Ottermoss Labs Legal Center",
    );
    let (early, site) = lazily(project.root(), &site, &["policyc.yaml"], &[other]);
    let whole = full(project.root());
    assert_same(&site, &whole, "after a settings edit rendered lazily");
    let early = early.expect("the open page was not handed out before the others");
    assert_early(
        &early,
        &whole,
        other,
        &[open, "index.html"],
        "Ottermoss Labs Legal Center",
    );
}

#[test]
fn a_rebuild_that_reaches_few_pages_or_none_open_is_handed_out_whole() {
    let project = Project::example_released();
    let before = full(project.root());
    replace(
        &project,
        "policies/terms/en-US.md",
        "Please read them carefully.",
        "Please read them with care.",
    );
    let (early, site) = lazily(
        project.root(),
        &before,
        &["policies/terms/en-US.md"],
        &["us/en-US/terms/index.html"],
    );
    assert!(early.is_none(), "a quick rebuild was handed out early");
    assert_same(&site, &full(project.root()), "a quick rebuild");

    let project = synthetic();
    let before = full(project.root());
    project.write(
        "templates/footer.html",
        "<footer>{{ site.name }}</footer>\n",
    );
    let (early, _) = lazily(project.root(), &before, &["templates/footer.html"], &[]);
    assert!(early.is_none(), "handed out early with no page open");
}

#[test]
fn a_lazy_rebuild_stopped_by_a_newer_save_leaves_the_next_one_to_finish_it() {
    let project = synthetic();
    let before = full(project.root());
    let open = "r7/en-US/doc0/index.html";
    project.write(
        "templates/footer.html",
        "<footer>{{ site.name }} one</footer>\n",
    );
    let handed = Mutex::new(Vec::new());
    let ready = |site: Site| handed.lock().expect("not poisoned").push(site);
    let lazy = Lazy {
        first: vec![open.to_string()],
        ready: &ready,
        stop: &|| true,
    };
    let changed = scope_of(&["templates/footer.html"]);
    let (outcome, site) =
        preview_lazily(project.root(), TODAY, Some(&before), &changed, Some(&lazy));
    assert!(site.is_none(), "a stopped rebuild gave a site");
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let early = handed.into_inner().expect("not poisoned");
    assert!(early.len() == 1 && early[0].settled(open));

    // The next save, and what the stopped rebuild reached, on top of the
    // last whole site.
    project.write(
        "templates/footer.html",
        "<footer>{{ site.name }} two</footer>\n",
    );
    let (_, site) = lazily(project.root(), &before, &["templates/footer.html"], &[open]);
    assert_same(&site, &full(project.root()), "after a stopped rebuild");
}
