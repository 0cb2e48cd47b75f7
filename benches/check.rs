//! What `policyc check` costs on projects shaped to find quadratic work
//! (issue 11): region resolution of 3,000 regions in one chain and in one
//! cycle (the cycle took 21 s to check), and a whole `check` of a document
//! with 3,000 sections that each use a variable (37 s when each section's
//! template was added to Tera one by one). Run with `cargo bench --bench check`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use policyc::diagnostics::Diagnostics;
use policyc::resolve::resolve_regions;
use policyc::site::{self, Mode};
use policyc::source::load;

const REGIONS: usize = 3000;

/// A project whose regions `r0` … `r2999` each have the one before as
/// parent; `r0`'s parent is `top` (none for a chain, the last for a cycle).
fn write_regions(root: &Path, top: Option<&str>) {
    std::fs::write(
        root.join("policyc.yaml"),
        "name: Regions\ndefault_locale: en-US\nlocales: [en-US]\n",
    )
    .expect("write policyc.yaml");
    std::fs::create_dir_all(root.join("policies/privacy")).expect("create policies");
    std::fs::write(
        root.join("policies/privacy/en-US.md"),
        "---\ntitle: Privacy\n---\n\n## A {#a}\n\nText.\n",
    )
    .expect("write a document");
    std::fs::create_dir_all(root.join("regions")).expect("create regions");
    for i in 0..REGIONS {
        let parent = match (i, top) {
            (0, None) => String::new(),
            (0, Some(top)) => format!("parent: {top}\n"),
            (i, _) => format!("parent: r{}\n", i - 1),
        };
        std::fs::write(
            root.join(format!("regions/r{i}.yaml")),
            format!("name: R{i}\n{parent}"),
        )
        .expect("write a region");
    }
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("regions");
    group.sample_size(10);
    let last = format!("r{}", REGIONS - 1);
    for (name, top) in [("chain_3000", None), ("cycle_3000", Some(last.as_str()))] {
        let dir = tempfile::tempdir().expect("temp dir");
        write_regions(dir.path(), top);
        let project = load(dir.path(), &Diagnostics::default());
        group.bench_function(name, |b| {
            b.iter(|| {
                let diags = Diagnostics::default();
                let regions = resolve_regions(&project, &diags);
                assert_eq!(regions.is_empty(), top.is_some());
                regions
            })
        });
    }
    group.finish();
}

const SECTIONS: usize = 3000;

/// A project with one document of `SECTIONS` sections, each using a variable.
fn write_sections(root: &Path) {
    std::fs::write(
        root.join("policyc.yaml"),
        "name: Sections\ndefault_locale: en-US\nlocales: [en-US]\nvariables:\n  company: Ottermoss Labs\n",
    )
    .expect("write policyc.yaml");
    std::fs::create_dir_all(root.join("policies/privacy")).expect("create policies");
    let mut text = String::from("---\ntitle: Privacy\n---\n\n");
    for s in 0..SECTIONS {
        text.push_str(&format!(
            "## Part {s} {{#s{s}}}\n\nKept by {{{{ company }}}}.\n\n"
        ));
    }
    std::fs::write(root.join("policies/privacy/en-US.md"), text).expect("write a document");
}

fn check_sections(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("temp dir");
    write_sections(dir.path());
    let options = site::Options {
        root: dir.path().to_path_buf(),
        mode: Mode::Check,
        strict: false,
        frozen: false,
        today: Some("2026-01-01".into()),
        emit: Default::default(),
        base_url: None,
    };
    group.bench_function("sections_with_variables_3000", |b| {
        b.iter(|| {
            let outcome = site::run(&options);
            assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
            outcome
        })
    });
    group.finish();
}

/// One file written to tie up CI: each case must stay well under a second
/// (before the fixes: 50,000 nested `<div>` ran for minutes, 50,000 `{` printed
/// 25,000 errors in 71 s).
fn check_hostile(c: &mut Criterion) {
    let mut group = c.benchmark_group("check_hostile");
    group.sample_size(10);
    let cases = [
        (
            "nested_divs_50000",
            format!("{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000)),
        ),
        ("braces_50000", "{".repeat(50_000)),
        ("forbidden_operators_20000", "{{ a + b }} ".repeat(20_000)),
    ];
    for (name, body) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        write_sections(dir.path());
        std::fs::write(
            dir.path().join("policies/privacy/en-US.md"),
            format!("---\ntitle: Privacy\n---\n\n## A {{#a}}\n\n{body}\n"),
        )
        .expect("write a document");
        let options = site::Options {
            root: dir.path().to_path_buf(),
            mode: Mode::Check,
            strict: false,
            frozen: false,
            today: Some("2026-01-01".into()),
            emit: Default::default(),
            base_url: None,
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let outcome = site::run(&options);
                assert!(outcome.failed());
                policyc::diagnostics::render_human(
                    &outcome.diagnostics,
                    &outcome.sources,
                    policyc::diagnostics::HumanStyle {
                        color: false,
                        width: None,
                    },
                )
            })
        });
    }
    group.finish();
}

criterion_group!(check, benches, check_sections, check_hostile);
criterion_main!(check);
