//! Diff benchmarks: a 60 KB and a 1 MB pair of policy versions with
//! realistic edits (words changed, re-wrapping, bullets, a moved and an added
//! section), and the shapes that used to make the diff slow: a full rewrite
//! (60 KB into about 42 KB, and 1 MB), documents without headings whose every
//! paragraph changed (400, 800, 1,600 paragraphs), a product renamed in 86
//! paragraphs of a document without headings, and a clause inserted at the
//! top that renumbers 800 headings. Run with `cargo bench --bench diff`;
//! `benches/measure.sh` compares the release binary with
//! `git diff --no-index --word-diff`.

use policyc_testkit::{diff_shapes, synthetic};

use criterion::{Criterion, criterion_group, criterion_main};
use policyc::diff::diff_markdown;

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(20);
    for (name, size) in [("60KB", 60 * 1024), ("1MB", 1024 * 1024)] {
        let old = synthetic::policy_of_size(size);
        let new = synthetic::revise(&old);
        let diff = diff_markdown(&old, &new);
        assert!(diff.changed && diff.sections.iter().any(|s| s.id == "added"));
        group.bench_function(name, |b| b.iter(|| diff_markdown(&old, &new)));
    }
    group.finish();
}

fn shapes(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff-shapes");
    group.sample_size(20);
    for name in diff_shapes::NAMES {
        let (old, new) = diff_shapes::by_name(name).expect("a known shape");
        group.bench_function(name, |b| b.iter(|| diff_markdown(&old, &new)));
    }
    group.finish();
}

criterion_group!(diff, benches, shapes);
criterion_main!(diff);
