//! A removed region's kept pages are still named by it (the name each
//! release records for its pages) and lead to each other in its locales.

use crate::support::release::{build_at, ok, record_text, release, released_example};
use crate::support::{attrs, select, text, text_of};

const WITHDRAWN: &str = "2026-02-01";
const AFTER: &str = "2026-02-02";

#[test]
fn a_removed_regions_pages_keep_its_name_and_language_switcher() {
    let p = released_example();
    // The first release recorded the name its pages showed.
    let first = record_text(&p, 1);
    assert!(first.contains("region_names:"), "{first}");
    std::fs::remove_dir_all(p.root().join("regions/us-ca")).unwrap();
    p.remove("regions/us-ca.yaml");
    release(&p, WITHDRAWN, "California is covered by the US pages");
    build_at(&p, AFTER);
    for locale in ["en-US", "es-US"] {
        let index = p.page(&format!("us-ca/{locale}/index.html"));
        assert_eq!(text(&index, "main h1"), "California", "{locale}");
        assert!(
            !text(&index, "title").contains("us-ca"),
            "{locale}: {}",
            text(&index, "title")
        );
        let languages = attrs(&index, ".language-switcher a", "hreflang");
        assert_eq!(languages, ["en-US", "es-US"], "{locale}");
        let feed = p.read_out(&format!("us-ca/{locale}/feed.xml"));
        assert!(!feed.contains("· us-ca"), "{feed}");
        let page = p.page(&format!("us-ca/{locale}/privacy/index.html"));
        let crumbs: Vec<String> = select(&page, "nav.breadcrumbs a")
            .into_iter()
            .map(text_of)
            .collect();
        assert!(
            crumbs.iter().all(|c| c.contains("California")),
            "{crumbs:?}"
        );
    }
    ok(&p, &["verify"]);
}
