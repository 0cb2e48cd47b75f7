//! Build benchmarks: the example project, and a synthetic project of
//! 2 documents × 100 regions × 10 locales (2,000 pages). Run with
//! `cargo bench --bench build`; `benches/measure.sh` adds peak memory.

use policyc_testkit::synthetic;

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use policyc::site::{Emit, Mode, Options, run};

/// The allocator the `policyc` binary builds with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn build_once(root: &Path, out: &Path) {
    let outcome = run(&Options {
        root: root.to_path_buf(),
        mode: Mode::Build {
            out: out.to_path_buf(),
            leave_previous: false,
        },
        strict: false,
        frozen: false,
        today: Some("2026-11-29".into()),
        emit: Emit::default(),
        base_url: None,
    });
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);

    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example_out = tempfile::tempdir().expect("temp dir");
    group.bench_function("example", |b| {
        b.iter(|| build_once(example, &example_out.path().join("out")))
    });

    let project = tempfile::tempdir().expect("temp dir");
    synthetic::generate(
        project.path(),
        synthetic::Shape {
            documents: 2,
            regions: 100,
            locales: 10,
        },
    )
    .expect("generate the synthetic project");
    let out = tempfile::tempdir().expect("temp dir");
    group.bench_function("2000_pages", |b| {
        b.iter(|| build_once(project.path(), &out.path().join("out")))
    });
    group.finish();
}

criterion_group!(build, benches);
criterion_main!(build);
