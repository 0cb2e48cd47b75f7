//! The site around a policy, as a scraper's Markdown or a text export keeps
//! it: runs of link-only lines at the top and bottom (menus, footers,
//! breadcrumbs, choosers), skip links, logos, cookie banners. Each block
//! left out is recorded, so the report can name it.

use super::blocks::{Block, BlockKind, list_marker_len};
use super::dates::{DayOrder, recognise};
use super::dropped::{DropKind, Dropped};
use super::links;
use std::collections::BTreeSet;

use super::vocabulary::{
    CONSENT_TOOLS, CONSENT_WORDS, COOKIE_BUTTONS, COOKIE_TEXTS, FOOTER_HEADINGS, SHARE_URLS,
    SHARE_WORDS, SITE_COLUMN_HEADINGS, SOCIAL_HOSTS, is_language, is_skip_text, is_top_text,
};

/// What [`strip`] left out: above the policy's text, and below it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stripped {
    /// The top of the page, and tables of contents, in page order.
    pub above: Vec<Dropped>,
    /// The bottom of the page, in page order.
    pub below: Vec<Dropped>,
}

/// Removes the chrome at the top and bottom of `blocks` (and tables of
/// contents anywhere), returning what was dropped. A list of links under a
/// heading of the policy (its last section, "Further reading") is the
/// policy's, not chrome; `url`, the page's address, tells the site's own
/// links from others.
pub fn strip(blocks: &mut Vec<Block>, url: Option<&url::Url>) -> Stripped {
    let mut top = Vec::new();
    // The site's own hosts: the page's, and those its menus link to (a
    // scraper often writes the site's links absolute).
    let mut own: BTreeSet<String> = url
        .and_then(|u| u.host_str())
        .map(bare_host)
        .into_iter()
        .collect();
    // A level-1 heading further down is the title: the blocks above it
    // are read with a scraper's rules too.
    let h1 = |b: &Block| matches!(b.kind, BlockKind::Heading { level: 1, .. });
    let title_below = blocks.iter().skip(1).any(h1) || dated_title_below(blocks);
    loop {
        if let Some(kind) = blocks.first().and_then(|b| {
            chrome(b, Edge::Top).or_else(|| title_below.then(|| above_title(b)).flatten())
        }) {
            let block = blocks.remove(0);
            if matches!(
                kind,
                DropKind::Navigation | DropKind::Header | DropKind::ImageLink
            ) {
                own.extend(hosts(&block));
            }
            top.push(dropped(kind, &block));
            continue;
        }
        // A text export writes its skip link and menu over the title with
        // no blank line between them: the site's lines at the top are
        // read one by one.
        if let Some(first) = blocks
            .first_mut()
            .filter(|b| b.kind == BlockKind::Text && b.lines.len() >= 2)
            && chrome_line(&first.lines[0])
        {
            let line = first.lines.remove(0);
            blocks.insert(0, Block::text(vec![line]));
            continue;
        }
        // The site's name as a short line or heading, over its menu.
        let named = blocks.first().is_some_and(|b| {
            b.kind != BlockKind::Code
                && b.lines.len() <= 1
                && b.joined().split_whitespace().count() <= 4
        });
        let menu_next = blocks
            .get(1)
            .and_then(|b| chrome(b, Edge::Top))
            .is_some_and(|k| matches!(k, DropKind::Navigation | DropKind::ImageLink));
        // A title over a table of contents, or the page's only h1, stays.
        let h1 = |b: &Block| matches!(b.kind, BlockKind::Heading { level: 1, .. });
        let only_h1 = blocks.first().is_some_and(h1) && !blocks[1..].iter().any(h1);
        if named && menu_next && !only_h1 && !is_contents(&blocks[1]) {
            top.push(dropped(DropKind::Header, &blocks.remove(0)));
            continue;
        }
        break;
    }
    top.extend(under_title(blocks));
    let mut bottom = Vec::new();
    // The blocks taken off the bottom, the nearest to the text last.
    let mut popped: Vec<Block> = Vec::new();
    while let Some(last) = blocks.last() {
        if let Some(kind) = chrome(last, Edge::Bottom) {
            bottom.push(dropped(kind, last));
            popped.extend(blocks.pop());
            continue;
        }
        // A footer's column with one link ("Follow us" over one network):
        // at the bottom a lone link is kept, but not under a heading that
        // names a column; the heading's rule below decides for both.
        let column_over = blocks.len() >= 2
            && matches!(&blocks[blocks.len() - 2].kind,
                BlockKind::Heading { text, .. } if is_footer_heading(text));
        if column_over && is_link_run(last) {
            bottom.push(dropped(DropKind::Footer, last));
            popped.extend(blocks.pop());
            continue;
        }
        let BlockKind::Heading { level, text, .. } = &last.kind else {
            // The last section's own links, right under its text: links to
            // other sites (a regulator, a trade body) are the policy's; the
            // site's own menu below the text is not.
            let run = nearest_link_run(&popped, &bottom, |b| !stays_on_site(b, &own));
            for _ in 0..run {
                bottom.pop();
                blocks.extend(popped.pop());
            }
            break;
        };
        // The lists of links right under the heading (menus, not
        // choosers or share bars).
        let run = nearest_link_run(&popped, &bottom, |_| true);
        let links = &popped[popped.len() - run..];
        let above = &blocks[..blocks.len() - 1];
        let short = text.split_whitespace().count() <= 4;
        // At the level of the policy's own sections.
        let policy_level = above
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Heading { level: l, .. } if l == *level));
        let site_links = links.iter().all(|b| stays_on_site(b, &own));
        // A short heading over the footer ("Company" over its links, or
        // "Language" over a chooser) is the footer's. A heading over links
        // is the policy's own (its last section, "Resources" or "Useful
        // links", keeps its links to a regulator) unless it heads the
        // site's own links (its pages, its social networks) under a
        // column's name or at a level the policy's headings do not use,
        // names a column off the policy's level, or can only be a
        // column's ("Follow us").
        // At the policy's level, a heading over links is the site's
        // navigation only when they name its pages ("About", "Careers"),
        // never what a user does with their data ("Delete your account"):
        // a kept footer shows, a dropped section is lost unseen.
        let navigation = !policy_level || links.iter().all(names_pages_only);
        let footer_heading = short
            && bottom.last().is_some_and(|d: &Dropped| {
                matches!(
                    d.kind,
                    DropKind::Footer | DropKind::Navigation | DropKind::Chooser
                )
            })
            && (run == 0
                || (navigation
                    && (is_only_footer_heading(text)
                        || (is_footer_heading(text) && (site_links || !policy_level))
                        || (site_links && !policy_level))));
        if footer_heading {
            bottom.push(dropped(DropKind::Footer, last));
            popped.extend(blocks.pop());
            continue;
        }
        // The site's own links on a line, over its copyright, stay the
        // footer under the section's list of links.
        let far = popped.len() - run;
        let over_copyright = far > 0 && is_copyright(&links::plain(&popped[far - 1].joined()));
        let footer_lines = popped[far..]
            .iter()
            .take_while(|b| over_copyright && is_site_link_line(b, &own))
            .count();
        let run = if footer_lines < run {
            run - footer_lines
        } else {
            run
        };
        for _ in 0..run {
            bottom.pop();
            blocks.extend(popped.pop());
        }
        break;
    }
    // A table of contents anywhere (the site's: policyc makes its own),
    // and its heading when that heads nothing else.
    let mut middle = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        if !is_contents(&blocks[i]) {
            i += 1;
            continue;
        }
        let heads_it =
            i > 0 && blocks[i - 1].is_heading() && blocks.get(i + 1).is_none_or(Block::is_heading);
        if heads_it {
            middle.push(dropped(DropKind::Navigation, &blocks.remove(i - 1)));
            i -= 1;
        }
        middle.push(dropped(DropKind::Navigation, &blocks.remove(i)));
    }
    bottom.reverse();
    top.extend(middle);
    Stripped {
        above: top,
        below: bottom,
    }
}

/// Why a block above the page's title is the site's, by the rules a
/// scraper's Markdown needs beyond [`chrome`]'s: a cookie banner's text
/// and its buttons on a line of their own, and breadcrumbs as a list.
fn above_title(block: &Block) -> Option<DropKind> {
    if block.kind != BlockKind::Text {
        return None;
    }
    let text = block.joined();
    let lower = links::plain(&text).to_lowercase();
    if lower.chars().count() < BANNER_CHARS
        && COOKIE_TEXTS
            .iter()
            .any(|t| lower.trim_start().starts_with(t))
    {
        return Some(DropKind::CookieBanner);
    }
    if block.lines.len() == 1 && is_consent_buttons(&lower) {
        return Some(DropKind::CookieBanner);
    }
    if is_breadcrumb_list(block) || is_breadcrumb_line(&text) {
        return Some(DropKind::Navigation);
    }
    None
}

/// Whether a short line over a date line of its own ("Privacy Notice"
/// over "Last updated: 3 March 2024") comes below the first block: the
/// page's title.
fn dated_title_below(blocks: &[Block]) -> bool {
    let order = DayOrder::of(None);
    let one_line = |b: &Block| b.kind == BlockKind::Text && b.lines.len() == 1;
    blocks.windows(2).skip(1).any(|pair| {
        one_line(&pair[0])
            && is_short_name(&links::plain(&pair[0].lines[0]))
            && links::find(&pair[0].lines[0]).is_empty()
            && one_line(&pair[1])
            && !recognise(&pair[1].lines[0], order).is_empty()
    })
}

/// The blocks under the title, before its first section, that are a share
/// bar or an image-only link (a logo, a PDF icon): dropped, as the HTML
/// rules drop them.
fn under_title(blocks: &mut Vec<Block>) -> Vec<Dropped> {
    let mut out = Vec::new();
    if !blocks
        .first()
        .is_some_and(|b| matches!(b.kind, BlockKind::Heading { level: 1, .. }))
    {
        return out;
    }
    let mut i = 1;
    while i < blocks.len() && !blocks[i].is_heading() {
        let kind = (blocks[i].kind == BlockKind::Text)
            .then(|| chrome(&blocks[i], Edge::Top))
            .flatten()
            .filter(|k| matches!(k, DropKind::Other | DropKind::ImageLink));
        match kind {
            Some(kind) => out.push(dropped(kind, &blocks.remove(i))),
            None => i += 1,
        }
    }
    out
}

/// A short banner is under this many characters (as the HTML rules say).
const BANNER_CHARS: usize = 1500;

/// "Accept all Reject", "Alle akzeptieren Einstellungen": a line of a
/// consent banner's button words only.
fn is_consent_buttons(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || "/|·•".contains(c))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let button_word = |w: &str| {
        COOKIE_BUTTONS.iter().any(|b| b.split(' ').any(|p| p == w)) || CONSENT_WORDS.contains(&w)
    };
    (1..=8).contains(&words.len())
        && words.iter().all(|w| button_word(w))
        && words
            .iter()
            .any(|w| COOKIE_BUTTONS.contains(w) || CONSENT_WORDS.contains(w))
}

/// Breadcrumbs as a list: two or more items, each a link but the last,
/// which may name the current page without one.
fn is_breadcrumb_list(block: &Block) -> bool {
    let items: Vec<&str> = block
        .lines
        .iter()
        .map(|l| l.trim())
        .filter_map(|t| list_marker_len(t).map(|n| t[n..].trim()))
        .collect();
    if items.len() < 2 || items.len() != block.lines.len() {
        return false;
    }
    let linked = |item: &str| {
        let found = links::find(item);
        found.len() == 1 && !found[0].image && links_only(item)
    };
    let (last, before) = items.split_last().expect("two items");
    before.iter().all(|i| linked(i))
        && (linked(last) || (links::find(last).is_empty() && is_short_name(last)))
}

/// "[Home](/) / [Legal](/legal) / Privacy": links joined by `>` or `/`,
/// the last part possibly the current page's name unlinked.
fn is_breadcrumb_line(text: &str) -> bool {
    if text.contains('\n') {
        return false;
    }
    let found = links::find(text);
    if found.len() < 2 || found.iter().any(|l| l.image) {
        return false;
    }
    let mut at = 0;
    for link in &found {
        let between = text[at..link.start].trim();
        if at > 0 && !matches!(between, ">" | "/" | "›" | "»") {
            return false;
        }
        if at == 0 && !between.is_empty() {
            return false;
        }
        at = link.end;
    }
    let rest = text[at..].trim();
    rest.is_empty()
        || ["> ", "/ ", "› ", "» "]
            .iter()
            .find_map(|s| rest.strip_prefix(s))
            .is_some_and(is_short_name)
}

/// A page's name: a few words, no sentence.
fn is_short_name(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=6).contains(&words) && !text.ends_with(['.', ':', ';', ','])
}

/// Which end of the page a block is at: at the bottom, a lone link is
/// kept (a policy often ends with a contact link); at the top it is chrome.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Top,
    Bottom,
}

fn dropped(kind: DropKind, block: &Block) -> Dropped {
    Dropped {
        kind,
        first_words: first_words(&block.joined(), 8),
    }
}

/// The first `n` words of a block as a reader sees them, `…` when cut.
pub fn first_words(text: &str, n: usize) -> String {
    let plain = links::plain(text);
    let words: Vec<&str> = plain
        .split_whitespace()
        .map(|w| w.trim_matches(|c| matches!(c, '*' | '_' | '#' | '`')))
        .filter(|w| !w.is_empty() && !matches!(*w, "-" | "+" | ">"))
        .collect();
    let mut out = words.iter().take(n).copied().collect::<Vec<_>>().join(" ");
    if words.len() > n {
        out.push('…');
    }
    out
}

/// Why a block at the top or bottom is chrome, if it is.
fn chrome(block: &Block, edge: Edge) -> Option<DropKind> {
    if block.kind == BlockKind::Code {
        return None;
    }
    let text = block.joined();
    if let BlockKind::Heading { .. } = block.kind {
        return line_kind(&text, edge, 1).filter(|k| *k != DropKind::Navigation);
    }
    if is_cookie_banner(&text) {
        return Some(DropKind::CookieBanner);
    }
    let link_count: usize = block
        .lines
        .iter()
        .map(|l| links::find(l).iter().filter(|l| !l.image).count())
        .sum();
    let mut kinds = Vec::new();
    for line in &block.lines {
        kinds.push(line_kind(line, edge, link_count)?);
    }
    // The most telling kind of the block's lines.
    kinds.sort();
    kinds.dedup();
    let kind = kinds
        .iter()
        .copied()
        .find(|k| *k != DropKind::Navigation && *k != DropKind::Other)
        .or_else(|| kinds.first().copied())?;
    Some(match (kind, edge) {
        (DropKind::Navigation, Edge::Bottom) => DropKind::Footer,
        (kind, _) => kind,
    })
}

/// Whether one line at the top is the site's, alone.
fn chrome_line(line: &str) -> bool {
    chrome(&Block::text(vec![line.to_string()]), Edge::Top).is_some()
}

/// Why one line is chrome, if it is. `block_links` is how many links the
/// whole block holds: at the bottom, a single link is kept.
fn line_kind(line: &str, edge: Edge, block_links: usize) -> Option<DropKind> {
    let trimmed = line.trim();
    let item = list_marker_len(trimmed).map_or(trimmed, |n| &trimmed[n..]);
    let plain = links::plain(item);
    let words = plain
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if is_skip_text(&words) {
        return Some(DropKind::SkipLink);
    }
    if is_top_text(&words) {
        return Some(DropKind::Navigation);
    }
    if SHARE_WORDS.contains(&words.as_str()) {
        return Some(DropKind::Other);
    }
    let found = links::find(item);
    if found.len() == 1 && found[0].image && found[0].start == 0 && found[0].end == item.len() {
        return Some(DropKind::ImageLink);
    }
    if found.len() == 1
        && !found[0].image
        && found[0].text.trim_start().starts_with("![")
        && links::find(&found[0].text)
            .iter()
            .all(|l| l.image && l.start == 0 && l.end == found[0].text.trim().len())
        && found[0].start == 0
        && found[0].end == item.len()
    {
        return Some(DropKind::ImageLink);
    }
    if is_cookie_button(&words) {
        return Some(DropKind::CookieBanner);
    }
    if is_copyright(&plain) || links_then_copyright(item) {
        return Some(DropKind::Footer);
    }
    if is_language_list(&plain) {
        return Some(DropKind::Chooser);
    }
    if !found.is_empty() && links_only(item) {
        let share = |l: &links::Link| {
            let target = l.target.to_ascii_lowercase();
            SHARE_URLS.iter().any(|u| target.contains(u))
        };
        if found.iter().all(share) {
            return Some(DropKind::Other);
        }
        let contact = found
            .iter()
            .any(|l| l.target.starts_with("mailto:") || l.target.starts_with("tel:"));
        if contact || (edge == Edge::Bottom && block_links < 2) {
            return None;
        }
        let texts: Vec<String> = found.iter().map(|l| links::plain(&l.text)).collect();
        if texts.iter().all(|t| is_language_name(t)) {
            return Some(DropKind::Chooser);
        }
        return Some(DropKind::Navigation);
    }
    if is_menu_text(item) {
        return Some(DropKind::Navigation);
    }
    if is_breadcrumbs(&plain) {
        return Some(DropKind::Navigation);
    }
    None
}

/// Whether a line holds links and separators only.
fn links_only(text: &str) -> bool {
    let mut rest = String::new();
    let mut at = 0;
    for link in links::find(text) {
        rest.push_str(&text[at..link.start]);
        at = link.end;
    }
    rest.push_str(&text[at..]);
    rest.chars().all(is_separator)
}

/// A block of links only (a list of them, or a line of them with
/// separators), as menus and footers are.
pub(super) fn is_link_run(block: &Block) -> bool {
    block.kind == BlockKind::Text
        && block.lines.iter().all(|line| {
            let t = line.trim();
            let item = list_marker_len(t).map_or(t, |n| &t[n..]);
            links::find(item).iter().any(|l| !l.image) && links_only(item)
        })
}

/// How many of the blocks taken off the bottom, the nearest to the text
/// first, are lists of links dropped as a menu or footer and `keep` says
/// yes to.
fn nearest_link_run(popped: &[Block], bottom: &[Dropped], keep: impl Fn(&Block) -> bool) -> usize {
    popped
        .iter()
        .rev()
        .zip(bottom.iter().rev())
        .take_while(|(b, d)| {
            matches!(d.kind, DropKind::Footer | DropKind::Navigation) && is_link_run(b) && keep(b)
        })
        .count()
}

/// Words of a link that is about the user's own data or account ("Reset
/// your password", "Delete account"), not a page of the site.
const ACCOUNT_WORDS: &[&str] = &[
    "you",
    "your",
    "my",
    "reset",
    "delete",
    "change",
    "update",
    "manage",
    "download",
    "export",
    "request",
    "cancel",
    "close",
    "unsubscribe",
    "opt",
];

/// Whether a block's links name the site's pages only ("About",
/// "Careers", "Press"): short texts, none about the user's data.
fn names_pages_only(block: &Block) -> bool {
    block.lines.iter().flat_map(|l| links::find(l)).all(|link| {
        let text = links::plain(&link.text).to_lowercase();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.len() <= 3 && !words.iter().any(|w| ACCOUNT_WORDS.contains(w))
    })
}

/// One line of the site's own links joined by separators ("[About](/about)
/// · [Careers](/jobs)"), not a list: a footer's line.
fn is_site_link_line(block: &Block, own: &BTreeSet<String>) -> bool {
    matches!(block.lines.as_slice(), [line] if list_marker_len(line.trim()).is_none()
        && links::find(line).len() >= 2)
        && is_link_run(block)
        && stays_on_site(block, own)
}

/// A heading's words as the footer's vocabulary lists them.
fn heading_words(text: &str) -> String {
    links::plain(text)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Whether a heading names a footer's column ("Company", "Follow us",
/// "Resources"): some of these can head a policy's section too.
fn is_footer_heading(text: &str) -> bool {
    let words = heading_words(text);
    FOOTER_HEADINGS.contains(&words.as_str()) || SITE_COLUMN_HEADINGS.contains(&words.as_str())
}

/// Whether a heading can only be a footer's column ("Follow us").
fn is_only_footer_heading(text: &str) -> bool {
    SITE_COLUMN_HEADINGS.contains(&heading_words(text).as_str())
}

/// A host without its `www.`, lowercase.
fn bare_host(host: &str) -> String {
    host.trim_start_matches("www.").to_ascii_lowercase()
}

/// The hosts a block's absolute links lead to.
fn hosts(block: &Block) -> Vec<String> {
    block
        .lines
        .iter()
        .flat_map(|l| links::find(l))
        .filter_map(|link| link_host(&link.target))
        .collect()
}

fn link_host(target: &str) -> Option<String> {
    let target = target.to_ascii_lowercase();
    let parsed = if target.starts_with("//") {
        url::Url::parse(&format!("https:{target}"))
    } else {
        url::Url::parse(&target)
    };
    parsed.ok()?.host_str().map(bare_host)
}

/// Whether every link of a block leads within the site (a relative link,
/// or one to `own`, the site's hosts) or to a social network: a site's
/// menu, not a policy's further reading.
fn stays_on_site(block: &Block, own: &BTreeSet<String>) -> bool {
    block.lines.iter().flat_map(|l| links::find(l)).all(|link| {
        let target = link.target.to_ascii_lowercase();
        if !links::has_scheme(&target) && !target.starts_with("//") {
            return true;
        }
        let Some(host) = link_host(&target) else {
            return false;
        };
        own.contains(&host)
            || SOCIAL_HOSTS
                .iter()
                .any(|s| host == *s || host.ends_with(&format!(".{s}")))
    })
}

/// "[Terms](/terms) · [Contact](/contact) · © 2024": a footer's links
/// with its copyright at the end.
fn links_then_copyright(text: &str) -> bool {
    let mut at = 0;
    for link in links::find(text) {
        if !text[at..link.start].trim_matches(is_separator).is_empty() {
            return false;
        }
        at = link.end;
    }
    at > 0 && is_copyright(text[at..].trim_start_matches(is_separator))
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || "|·•/>›»-–—,;*_".contains(c)
}

/// "Home | Stores | Help": a menu a text export kept without its links.
pub(super) fn is_menu_text(line: &str) -> bool {
    if line.starts_with('|') || !links::find(line).is_empty() {
        return false;
    }
    let parts: Vec<&str> = line.split(['|', '·', '•']).map(str::trim).collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty() && p.split_whitespace().count() <= 3 && !p.ends_with(['.', ',', ';', ':'])
        })
}

/// "Home > Legal > Privacy": short parts joined by arrows.
pub(super) fn is_breadcrumbs(plain: &str) -> bool {
    let parts: Vec<&str> = plain.split(['>', '›', '»']).map(str::trim).collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.split_whitespace().count() <= 4 && !p.ends_with('.'))
}

/// A short paragraph about cookies with its buttons ("… Accept / Reject"):
/// a button is a capitalised word, so a policy's sentence ("you can accept
/// or reject cookies") is not one.
fn is_cookie_banner(text: &str) -> bool {
    let plain = links::plain(text);
    let lower = plain.to_lowercase();
    let about_cookies = lower.contains("cookie");
    // A button is a capitalised word, so a policy's sentence ("you can
    // accept or reject cookies") is not one.
    let buttons = plain
        .split(|c: char| c.is_whitespace() || "/|·•[]()".contains(c))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .any(|w| {
            w.starts_with(char::is_uppercase) && COOKIE_BUTTONS.contains(&w.to_lowercase().as_str())
        });
    let words = lower.split_whitespace().count();
    // A consent tool's line ("Consent managed by Cookiebot").
    let tool = CONSENT_TOOLS.iter().any(|t| links::has_word(&lower, t));
    if tool && (buttons || words <= 12) {
        return true;
    }
    about_cookies && buttons && lower.split_whitespace().count() <= 60
}

fn is_cookie_button(words: &str) -> bool {
    COOKIE_BUTTONS.contains(&words)
        || words == "accept / reject"
        || words == "accept reject"
        || words == "accept all reject all"
}

fn is_copyright(plain: &str) -> bool {
    let t = plain.trim().to_lowercase();
    (t.starts_with('©') || t.starts_with("(c)") || t.starts_with("copyright"))
        && t.split_whitespace().count() <= 20
}

fn is_language_name(text: &str) -> bool {
    is_language(text)
}

/// "English | Deutsch | Français": language names and separators only.
fn is_language_list(plain: &str) -> bool {
    let parts: Vec<&str> = plain
        .split(['|', '·', '/', ',', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 2 && parts.iter().all(|p| is_language_name(p))
}

/// A table of contents: a list whose every item is a link to an anchor of
/// the page.
fn is_contents(block: &Block) -> bool {
    if block.kind != BlockKind::Text || block.lines.len() < 2 {
        return false;
    }
    block.lines.iter().all(|line| {
        let t = line.trim();
        let Some(n) = list_marker_len(t) else {
            return false;
        };
        let item = &t[n..];
        let found = links::find(item);
        found.len() == 1 && found[0].target.starts_with('#') && links_only(item)
    })
}

/// Whether a page's text mentions `word` as a word (used by tests).
#[cfg(test)]
fn mentions(text: &str, word: &str) -> bool {
    links::has_word(&text.to_lowercase(), word)
}

#[cfg(test)]
mod tests {
    use super::super::blocks::split;
    use super::*;

    /// The lines of the blocks `page` keeps after its chrome is stripped.
    fn kept(page: &str) -> String {
        let mut blocks = split(page, false);
        strip(&mut blocks, None);
        blocks
            .iter()
            .map(Block::joined)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_sites_link_line_over_its_copyright_is_footer_under_a_list_of_links() {
        for heading in ["Resources", "How to contact us", "Related policies"] {
            let page = format!(
                "[Home](https://shop.example/) · [Blog](https://shop.example/blog)\n\n# Privacy Policy\n\n## What we collect\n\nNames.\n\n## {heading}\n\n- [ICO](https://ico.org.uk/)\n- [EDPB](https://edpb.europa.eu/)\n\n[About](https://shop.example/about) · [Careers](https://shop.example/jobs)\n\n© 2024 Shop Ltd\n"
            );
            let text = kept(&page);
            assert!(text.contains("[EDPB]"), "{heading}: {text}");
            assert!(!text.contains("[Careers]"), "{heading}: {text}");
        }
    }

    #[test]
    fn a_policy_section_of_links_about_the_users_account_is_kept() {
        let page = "# Account Policy\n\n## What we collect\n\nNames.\n\n## Help\n\n- [Reset your password](https://shop.example/reset)\n- [Delete your account](https://shop.example/delete)\n";
        let text = kept(page);
        assert!(text.contains("Help"), "{text}");
        assert!(text.contains("[Delete your account]"), "{text}");
        // The site's pages under a heading at the policy's level go.
        let page = "# Account Policy\n\n## What we collect\n\nNames.\n\n## Company\n\n- [About](/about)\n- [Careers](/jobs)\n- [Press](/press)\n";
        let text = kept(page);
        assert!(!text.contains("[Careers]"), "{text}");
        assert!(!text.contains("Company"), "{text}");
    }

    #[test]
    fn a_sentence_about_cookies_is_not_a_banner() {
        assert!(is_cookie_banner(
            "We use cookies to count visits. Accept / Reject"
        ));
        assert!(is_cookie_banner(
            "Wir verwenden Cookies. Alle akzeptieren | Ablehnen"
        ));
        assert!(!is_cookie_banner(
            "You can accept or reject cookies in your browser's settings."
        ));
    }

    #[test]
    fn the_html_rules_vocabulary_is_known_to_scraped_pages() {
        let page = "[Direkt zum Inhalt](#main)\n\n- [Svenska](/sv)\n- [Suomi](/fi)\n\n# Privacy Policy\n\nWe keep little.\n\n[Share](https://www.facebook.com/sharer/sharer.php?u=x) [Tweet](https://twitter.com/intent/tweet?u=x)\n\nConsent managed by Usercentrics\n\n↑ Top\n";
        let mut blocks = split(page, false);
        let stripped = strip(&mut blocks, None);
        let kinds: Vec<DropKind> = stripped
            .above
            .iter()
            .chain(&stripped.below)
            .map(|d| d.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![
                DropKind::SkipLink,
                DropKind::Chooser,
                DropKind::Other,
                DropKind::CookieBanner,
                DropKind::Footer,
            ]
        );
        assert_eq!(blocks.len(), 2, "{blocks:#?}");
    }

    #[test]
    fn a_site_name_over_its_menu_is_the_header() {
        let mut blocks = split(
            "# Acme\n\n- [Home](/)\n- [Shop](/s)\n\n# Privacy\n\nText.\n",
            false,
        );
        let stripped = strip(&mut blocks, None);
        assert_eq!(stripped.above[0].kind, DropKind::Header);
        assert_eq!(stripped.above[1].kind, DropKind::Navigation);
        assert_eq!(blocks[0].joined(), "Privacy");
    }

    #[test]
    fn menus_breadcrumbs_and_footers_are_dropped() {
        let page = "[Skip to content](#main)\n\n[![Acme](logo.png)](/)\n\n- [Home](/)\n- [Products](/p)\n\nHome > Legal > Privacy\n\n# Privacy Policy\n\nWe keep little.\n\n## Contact\n\nWrite to [us](mailto:a@b.example).\n\n## Company\n\n- [About](/about)\n- [Jobs](/jobs)\n\n© 2024 Acme Inc. All rights reserved.\n\nWe use cookies to improve the site. Accept / Reject\n";
        let mut blocks = split(page, false);
        let stripped = strip(&mut blocks, None);
        let dropped: Vec<Dropped> = stripped.above.into_iter().chain(stripped.below).collect();
        let kinds: Vec<DropKind> = dropped.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![
                DropKind::SkipLink,
                DropKind::ImageLink,
                DropKind::Navigation,
                DropKind::Navigation,
                DropKind::Footer,
                DropKind::Footer,
                DropKind::Footer,
                DropKind::CookieBanner,
            ]
        );
        assert_eq!(blocks.len(), 4, "{blocks:#?}");
        assert!(mentions(&blocks[3].joined(), "write"));
        assert_eq!(
            dropped[7].first_words,
            "We use cookies to improve the site. Accept…"
        );
    }

    fn kept_and_dropped(page: &str, url: Option<&str>) -> (Vec<String>, Vec<(DropKind, String)>) {
        let url = url.map(|u| url::Url::parse(u).unwrap());
        let mut blocks = split(page, false);
        let stripped = strip(&mut blocks, url.as_ref());
        let dropped = stripped
            .above
            .into_iter()
            .chain(stripped.below)
            .map(|d| (d.kind, d.first_words))
            .collect();
        (blocks.iter().map(Block::joined).collect(), dropped)
    }

    #[test]
    fn a_last_section_of_links_is_the_policys_and_a_footer_after_it_goes() {
        let page = "# Privacy\n\n## Data\n\nNames.\n\n## Useful links\n\n- [The regulator](https://dpa.example.org/)\n- [Our cookie guide](https://fernhill.example/cookies)\n\n[Terms](/terms) · [Privacy](/privacy) · [Contact](/contact) · © 2024\n";
        let (kept, dropped) =
            kept_and_dropped(page, Some("https://fernhill.example/legal/privacy"));
        assert_eq!(
            kept,
            [
                "Privacy",
                "Data",
                "Names.",
                "Useful links",
                "- [The regulator](https://dpa.example.org/) - [Our cookie guide](https://fernhill.example/cookies)",
            ]
        );
        assert_eq!(
            dropped,
            [(
                DropKind::Footer,
                "Terms · Privacy · Contact · © 2024".into()
            )]
        );
        // A long heading over a regulator's link, with no footer after it.
        let page = "# Privacy\n\n## Data\n\nNames.\n\n## Contact the regulator in your country\n\n- [Ireland](https://dpc.example.ie/)\n- [France](https://cnil.example.fr/)\n";
        let (kept, dropped) = kept_and_dropped(page, None);
        assert_eq!(kept.len(), 5, "{kept:?}");
        assert!(dropped.is_empty(), "{dropped:?}");
    }

    #[test]
    fn links_after_the_last_sections_text_and_a_footers_columns_go() {
        let page = "# Privacy\n\n## Data\n\nNames.\n\n- [Terms](/terms)\n- [Privacy](/privacy)\n- [Contact](/contact)\n\n#### Fernhill Farm\n\n- [Our story](/story)\n- [Visit](https://fernhill.example/visit)\n\n## Follow us\n\n- [Instagram](https://instagram.com/fernhill)\n- [Blog](https://blog.example.net/)\n";
        let (kept, dropped) =
            kept_and_dropped(page, Some("https://fernhill.example/legal/privacy"));
        assert_eq!(kept, ["Privacy", "Data", "Names."]);
        let kinds: Vec<DropKind> = dropped.iter().map(|d| d.0).collect();
        assert_eq!(kinds, [DropKind::Footer; 5], "{dropped:?}");
        // A chooser under a heading is no list of the policy's.
        let page =
            "# Privacy\n\n## Data\n\nNames.\n\n## Language\n\n- [English](/en)\n- [Deutsch](/de)\n";
        let (kept, dropped) = kept_and_dropped(page, None);
        assert_eq!(kept, ["Privacy", "Data", "Names."]);
        assert_eq!(
            dropped,
            [
                (DropKind::Footer, "Language".into()),
                (DropKind::Chooser, "English Deutsch".into())
            ]
        );
    }

    #[test]
    fn a_footers_columns_go_whole_when_one_holds_a_single_link() {
        let page = "# Privacy\n\n## Data\n\nNames.\n\n## Contact\n\nWrite to [us](mailto:a@b.example).\n\n[Back to top](#main)\n\n### Company\n\n- [About](/about)\n- [Careers](/careers)\n\n### Follow us\n\n* [Twitter](https://twitter.com/brambleway)\n\n\u{a9} 2024 Brambleway Bakery Ltd.\n";
        let (kept, dropped) = kept_and_dropped(page, None);
        assert_eq!(
            kept,
            [
                "Privacy",
                "Data",
                "Names.",
                "Contact",
                "Write to [us](mailto:a@b.example)."
            ]
        );
        let words: Vec<&str> = dropped.iter().map(|d| d.1.as_str()).collect();
        assert_eq!(
            words,
            [
                "Back to top",
                "Company",
                "About Careers",
                "Follow us",
                "Twitter",
                "\u{a9} 2024 Brambleway Bakery Ltd."
            ]
        );
        // A lone link under a heading of the policy is still its own.
        let page = "# Privacy\n\n## Data\n\nNames.\n\n## Contact\n\n[Write to us](mailto:a@b.example)\n\n\u{a9} 2024 Brambleway\n";
        let (kept, _) = kept_and_dropped(page, None);
        assert_eq!(kept.len(), 5, "{kept:?}");
    }

    #[test]
    fn a_policy_level_section_of_other_sites_links_stays_whatever_its_name() {
        let regulators = "- [Information Commissioner](https://ico.example.org.uk/)\n- [European Board](https://edpb.example.eu/)";
        for name in ["Resources", "Help", "Support", "More", "Legal"] {
            for intro in ["", "A regulator can help:\n\n"] {
                for footer in ["", "\n\n[Terms](/terms) \u{b7} \u{a9} 2024"] {
                    let page = format!(
                        "# Privacy\n\n## Data\n\nNames.\n\n## {name}\n\n{intro}{regulators}{footer}\n"
                    );
                    let (kept, dropped) =
                        kept_and_dropped(&page, Some("https://brambleway.example/legal"));
                    assert_eq!(kept[3], name, "{page}");
                    assert!(kept.last().unwrap().contains("edpb.example.eu"), "{page}");
                    assert_eq!(dropped.len(), footer.len().min(1), "{page}: {dropped:?}");
                }
            }
        }
        // The same names over the site's own pages, absolute or relative,
        // are its footer, at the policy's level or below it.
        for (level, links) in [
            (
                "##",
                "- [About](https://www.brambleway.example/about)\n- [Careers](/careers)",
            ),
            (
                "####",
                "- [ICO](https://ico.example.org.uk/)\n- [EDPB](https://edpb.example.eu/)",
            ),
        ] {
            let page = format!(
                "# Privacy\n\n## Data\n\nNames.\n\n{level} Resources\n\n{links}\n\n\u{a9} 2024 Brambleway\n"
            );
            let (kept, dropped) = kept_and_dropped(&page, Some("https://brambleway.example/legal"));
            assert_eq!(kept, ["Privacy", "Data", "Names."], "{page}");
            assert_eq!(dropped.len(), 3, "{dropped:?}");
        }
        // Without the page's address, the hosts its menu links to are the
        // site's.
        let page = "- [Shop](https://brambleway.example/shop)\n- [Journal](https://brambleway.example/journal)\n\n# Privacy\n\n## Data\n\nNames.\n\n## More\n\n- [About](https://brambleway.example/about)\n- [Careers](https://brambleway.example/careers)\n";
        let (kept, _) = kept_and_dropped(page, None);
        assert_eq!(kept, ["Privacy", "Data", "Names."]);
    }

    #[test]
    fn the_sites_lines_over_a_title_are_read_one_by_one() {
        let page = "Skip to content\nHome | Kayaks | Rentals | Contact\nTERMS OF SERVICE\n\nWe rent kayaks.\n";
        let (kept, dropped) = kept_and_dropped(page, None);
        assert_eq!(kept, ["TERMS OF SERVICE", "We rent kayaks."]);
        assert_eq!(
            dropped,
            [
                (DropKind::SkipLink, "Skip to content".into()),
                (
                    DropKind::Navigation,
                    "Home | Kayaks | Rentals | Contact".into()
                )
            ]
        );
        // A first paragraph that is the policy's is left whole.
        let page = "Otterbrook Kayaks rents boats.\nWe keep little.\n";
        let (kept, dropped) = kept_and_dropped(page, None);
        assert_eq!(kept, ["Otterbrook Kayaks rents boats. We keep little."]);
        assert!(dropped.is_empty());
    }

    #[test]
    fn over_a_title_a_banners_text_its_buttons_and_breadcrumbs_go() {
        let page = "Nous utilisons des cookies pour votre panier.\n\nTout accepter Paramètres\n\n1. [Accueil](/)\n2. [Mentions](/legal)\n3. Confidentialité\n\n# Confidentialité\n\nNous gardons peu.\n";
        let (kept, dropped) = kept_and_dropped(page, None);
        assert_eq!(kept, ["Confidentialité", "Nous gardons peu."]);
        let kinds: Vec<DropKind> = dropped.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                DropKind::CookieBanner,
                DropKind::CookieBanner,
                DropKind::Navigation
            ]
        );
        let (kept, _) =
            kept_and_dropped("[Home](/) / [Legal](/legal) / Privacy\n\n# Privacy\n", None);
        assert_eq!(kept, ["Privacy"]);
    }

    #[test]
    fn without_a_title_below_a_policys_first_lines_stay() {
        // No level-1 heading follows: the page may be all policy.
        let page =
            "We use cookies to remember your cart.\n\nAccept all Reject\n\n## Cookies\n\nText.\n";
        let (kept, _) = kept_and_dropped(page, None);
        assert_eq!(kept[0], "We use cookies to remember your cart.");
        // A sentence that mentions cookies later on is not a banner.
        let page = "Here we say how we use cookies.\n\n# Privacy\n";
        let (kept, _) = kept_and_dropped(page, None);
        assert_eq!(kept[0], "Here we say how we use cookies.");
    }

    #[test]
    fn under_the_title_a_share_bar_and_an_image_link_go() {
        let page = "# Privacy\n\nWe keep little.\n\n[Share](https://www.facebook.com/sharer/sharer.php?u=x)\n\n[![PDF](/pdf.png)](/p.pdf)\n\n## Data\n\n[![Chart](/c.png)](/c.pdf)\n\nWe keep it.\n";
        let (kept, dropped) = kept_and_dropped(page, None);
        assert_eq!(
            kept,
            [
                "Privacy",
                "We keep little.",
                "Data",
                "[![Chart](/c.png)](/c.pdf)",
                "We keep it.",
            ]
        );
        assert_eq!(dropped.len(), 2, "{dropped:?}");
    }

    #[test]
    fn a_title_over_its_date_line_ends_the_top_too() {
        let page = "We use cookies to keep your basket.\n\nAccept all Reject\n\n1. [Home](/)\n2. Privacy\n\nPrivacy Notice\n\nLast updated: March 3, 2024\n\nWe keep little.\n";
        let (kept, dropped) = kept_and_dropped(page, None);
        assert_eq!(
            kept,
            [
                "Privacy Notice",
                "Last updated: March 3, 2024",
                "We keep little."
            ]
        );
        assert_eq!(dropped.len(), 3, "{dropped:?}");
    }
}
