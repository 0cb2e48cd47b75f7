//! A link checker for a built site, with the semantics of a browser that
//! reads `out/` from disk (`file://`): every relative `href` and `src` must
//! name a file (a folder is broken: the browser would show its listing),
//! and every `#fragment` an element id of the page it leads to (or an
//! `<a name>`'s, which browsers lead to as well).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use scraper::{Html, Selector};

use super::read_tree;

/// What one HTML page of the site offers and links to.
struct Page {
    ids: BTreeSet<String>,
    links: Vec<String>,
}

fn read_page(text: &str) -> Page {
    let html = Html::parse_document(text);
    let ids = Selector::parse("[id]").expect("selector");
    let names = Selector::parse("a[name]").expect("selector");
    let hrefs = Selector::parse("[href]").expect("selector");
    let srcs = Selector::parse("[src]").expect("selector");
    let attr = |selector: &Selector, name: &'static str| {
        html.select(selector)
            .filter_map(move |el| el.value().attr(name).map(str::to_string))
            .collect::<Vec<_>>()
    };
    let mut links = attr(&hrefs, "href");
    links.extend(attr(&srcs, "src"));
    Page {
        ids: attr(&ids, "id")
            .into_iter()
            .chain(attr(&names, "name"))
            .collect(),
        links,
    }
}

/// An absolute URL (`https:`, `mailto:`, …) or one from the server's root
/// (`/`, `//host`): not a link into the folder the site was written to.
fn leaves_the_folder(href: &str) -> bool {
    if href.starts_with('/') {
        return true;
    }
    match href.find(':') {
        Some(colon) => !href[..colon].contains(['/', '?', '#']),
        None => false,
    }
}

/// `dir/href` with `.` and `..` resolved; `None` when it climbs out of the
/// site.
fn resolve(dir: &Path, path: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for segment in Path::new(path).components() {
        match segment {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
            _ => return None,
        }
    }
    Some(parts.iter().collect())
}

/// Every broken link under `out`, as `page: href (why)`, in a stable order.
/// Links that leave the site (`https:`, `mailto:`, `/…`) are left to the
/// web; canonical and `hreflang` URLs are such links.
pub fn broken_links(out: &Path) -> Vec<String> {
    let files = read_tree(out);
    let pages: BTreeMap<PathBuf, Page> = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, bytes)| {
            let text = std::str::from_utf8(bytes).expect("pages are UTF-8");
            (p.clone(), read_page(text))
        })
        .collect();
    let mut broken = Vec::new();
    for (rel, page) in &pages {
        let dir = rel.parent().unwrap_or(Path::new(""));
        for href in &page.links {
            let mut report = |why: &str| broken.push(format!("{}: {href} ({why})", rel.display()));
            if href.is_empty() {
                report("empty link");
                continue;
            }
            if leaves_the_folder(href) {
                continue;
            }
            let (path, fragment) = match href.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (href.as_str(), None),
            };
            if path.contains('?') {
                report("a query has no meaning for a file");
                continue;
            }
            let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let target = if path.is_empty() {
                rel.clone()
            } else {
                match resolve(dir, &path) {
                    Some(target) => target,
                    None => {
                        report("leaves the site");
                        continue;
                    }
                }
            };
            if path.ends_with('/') || (!path.is_empty() && !files.contains_key(&target)) {
                let why = if out.join(&target).is_dir() {
                    "a folder: from disk, a browser lists it instead of showing its page"
                } else {
                    "no such file"
                };
                report(why);
                continue;
            }
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
            match pages.get(&target) {
                Some(linked) if linked.ids.contains(fragment.as_ref()) => {}
                Some(_) => report("the page has no element with that id"),
                None => report("a fragment of a file that is not a page"),
            }
        }
    }
    broken
}

/// Fails, listing them, if any link under `out` is broken.
pub fn assert_no_broken_links(out: &Path) {
    let broken = broken_links(out);
    let pages = read_tree(out)
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert!(pages > 0, "no pages under {}", out.display());
    assert!(
        broken.is_empty(),
        "{} broken links under {}:\n{}",
        broken.len(),
        out.display(),
        broken.join("\n")
    );
}
