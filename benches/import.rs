//! Import benchmark on a 200 KB saved policy page (the test page's policy
//! repeated under site chrome): `import::html::extract` alone, and the
//! whole of `import::import` (extraction, then dates, pseudo-headings,
//! section ids and links on the Markdown). Run with
//! `cargo bench --bench import`; each should take well under 100 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use policyc::import::html::extract;
use policyc::import::{Request, SourceKind};

/// A saved page of about `size` bytes: the test page's chrome around its
/// policy's sections, repeated.
fn page_of_size(size: usize) -> String {
    let page = include_str!("../tests/fixtures/import/privacy.html");
    let (head, rest) = page
        .split_once("<main id=\"content\">")
        .expect("the test page has <main>");
    let (policy, tail) = rest
        .split_once("</main>")
        .expect("the test page closes <main>");
    let mut out = format!("{head}<main id=\"content\">");
    let mut n = 0;
    while out.len() + tail.len() < size {
        n += 1;
        out.push_str(&policy.replace("<h2", &format!("<h2 data-part=\"{n}\"")));
    }
    out.push_str("</main>");
    out.push_str(tail);
    out
}

fn benches(c: &mut Criterion) {
    let page = page_of_size(200 * 1024);
    let extracted = extract(&page, None);
    assert!(extracted.markdown.len() > 100 * 1024 && extracted.dropped.len() > 5);
    let mut group = c.benchmark_group("import");
    group.sample_size(20);
    group.bench_function("200KB page", |b| b.iter(|| extract(&page, None)));
    let docs = ["privacy".to_string()];
    let request = Request {
        text: &page,
        kind: SourceKind::Html,
        url: None,
        docs: &docs,
        split: false,
        locale: None,
    };
    let imported = policyc::import::import(&request).expect("the page imports");
    assert!(imported.documents[0].sections.len() > 100);
    group.bench_function("200KB page, whole import", |b| {
        b.iter(|| policyc::import::import(&request))
    });
    group.finish();
}

criterion_group!(import, benches);
criterion_main!(import);
