//! What each link of an imported document leads to: an anchor re-pointed
//! at its section's new id, a relative target made absolute with the
//! page's address (or the link kept as text and listed), and the links
//! to regional notices anywhere on the page.

use std::collections::{BTreeMap, BTreeSet};

use super::blocks::{Block, BlockKind};
use super::chrome;
use super::links::{self, Action, Notice};
use super::{Unlinked, UnlinkedKind, UnlinkedReason};

/// What to do with one link of the policy.
pub(super) fn decide(
    link: &links::Link,
    document: &str,
    ids: &BTreeSet<String>,
    anchors: &BTreeMap<String, String>,
    url: Option<&url::Url>,
    unlinked: &mut Vec<Unlinked>,
) -> Action {
    let target = link.target.as_str();
    let mut unlink = |reason| {
        unlinked.push(Unlinked {
            document: document.to_string(),
            kind: UnlinkedKind::Link,
            text: chrome::first_words(&link.text, 6),
            target: target.to_string(),
            reason,
        });
        Action::Unlink
    };
    if let Some(anchor) = target.strip_prefix('#') {
        if ids.contains(anchor) {
            return Action::Keep;
        }
        if let Some(id) = anchors.get(anchor) {
            return Action::Retarget(format!("#{id}"));
        }
        return unlink(UnlinkedReason::NoSuchSection);
    }
    if target.is_empty() || target.to_ascii_lowercase().starts_with("javascript:") {
        return Action::Unlink;
    }
    if links::has_scheme(target) {
        return Action::Keep;
    }
    match url.and_then(|base| base.join(target).ok()) {
        Some(absolute) => Action::Retarget(absolute.to_string()),
        None => unlink(UnlinkedReason::RelativeWithoutAddress),
    }
}

/// A line's link reference definition and raw HTML `href`/`src` with
/// relative targets made absolute; without the page's address, a
/// definition is left out (its links then show as text) and an attribute
/// is emptied, each listed. `None`: the line is left out.
pub(super) fn retarget_raw(
    line: &str,
    document: &str,
    url: Option<&url::Url>,
    unlinked: &mut Vec<Unlinked>,
) -> Option<String> {
    let mut targets = links::attribute_targets(line);
    let definition = links::definition_target(line);
    targets.extend(definition.clone());
    targets.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for range in targets {
        let target = &line[range.clone()];
        out.push_str(&line[at..range.start]);
        at = range.end;
        if target.starts_with('#') || links::has_scheme(target) {
            out.push_str(target);
            continue;
        }
        if let Some(absolute) = url.and_then(|u| u.join(target).ok()) {
            out.push_str(absolute.as_str());
            continue;
        }
        let is_definition = definition.as_ref() == Some(&range);
        unlinked.push(Unlinked {
            document: document.to_string(),
            kind: if is_definition {
                UnlinkedKind::Definition
            } else {
                UnlinkedKind::HtmlAddress
            },
            text: String::new(),
            target: target.to_string(),
            reason: UnlinkedReason::RelativeWithoutAddress,
        });
        if is_definition {
            return None;
        }
    }
    out.push_str(&line[at..]);
    Some(out)
}

/// Links to regional notices anywhere on the page (footers hold many),
/// each target once, in page order.
pub(super) fn find_notices(blocks: &[Block], url: Option<&url::Url>) -> Vec<Notice> {
    let mut seen = BTreeSet::new();
    let mut notices = Vec::new();
    for block in blocks {
        for line in block.lines.iter().chain(match &block.kind {
            BlockKind::Heading { text, .. } => Some(text),
            _ => None,
        }) {
            for link in links::find(line) {
                if link.image || link.target.starts_with('#') {
                    continue;
                }
                let target = match url.and_then(|u| u.join(&link.target).ok()) {
                    Some(absolute) if !links::has_scheme(&link.target) => absolute.to_string(),
                    _ => link.target.clone(),
                };
                if let Some(notice) = links::notice(&links::plain(&link.text), &target)
                    && seen.insert(target)
                {
                    notices.push(notice);
                }
            }
        }
    }
    notices
}
