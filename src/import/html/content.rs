//! Where in a page the policy is: `<main>`, the one `<article>`, or the
//! element holding most of the page's text, widened to take in its title.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Node};

use super::chrome::{Facts, classify};
use crate::import::dropped::DropKind;

/// What one pass over the page found of each element: what the chrome
/// rules ask of its content, whether it looks like chrome (to the depth
/// where chrome is looked for), and how much text it holds outside chrome.
/// Asked many times, worked out once, each element's from its children's.
pub(super) struct Survey {
    facts: HashMap<NodeId, Facts>,
    chrome: HashMap<NodeId, DropKind>,
    len: HashMap<NodeId, usize>,
    /// The elements with chrome inside them.
    chrome_inside: HashSet<NodeId>,
}

/// How deep below `<body>` chrome is looked for; deeper elements are
/// text (no page nests its menus deeper, and the work stays bounded).
const CHROME_DEPTH: usize = 48;

impl Survey {
    pub(super) fn new(body: ElementRef) -> Survey {
        let mut order = Vec::new();
        let mut stack = vec![(*body, 0usize)];
        while let Some((node, depth)) = stack.pop() {
            if ElementRef::wrap(node).is_some() {
                order.push((node, depth));
                stack.extend(node.children().map(|c| (c, depth + 1)));
            }
        }
        // Children before their parents: each element's facts add up its
        // children's.
        let mut facts: HashMap<NodeId, Facts> = HashMap::new();
        for (node, _) in order.iter().rev() {
            let Some(el) = ElementRef::wrap(*node) else {
                continue;
            };
            let mut own = Facts::own(el);
            for child in node.children() {
                if let Some(f) = facts.get(&child.id()) {
                    own.add(f);
                }
            }
            facts.insert(node.id(), own);
        }
        let mut chrome = HashMap::new();
        for (node, depth) in &order {
            if *depth > 0
                && *depth <= CHROME_DEPTH
                && let Some(el) = ElementRef::wrap(*node)
                && let Some(f) = facts.get(&node.id())
                && let Some(kind) = classify(el, false, f)
            {
                chrome.insert(node.id(), kind);
            }
        }
        let order: Vec<_> = order.into_iter().map(|(node, _)| node).collect();
        // Children before their parents: each element's length is the sum
        // of its children's.
        let mut len: HashMap<NodeId, usize> = HashMap::new();
        let mut chrome_inside = HashSet::new();
        for node in order.iter().rev() {
            if node
                .children()
                .any(|c| chrome.contains_key(&c.id()) || chrome_inside.contains(&c.id()))
            {
                chrome_inside.insert(node.id());
            }
            let total = node
                .children()
                .map(|c| match c.value() {
                    Node::Text(t) => t.chars().filter(|ch| !ch.is_whitespace()).count(),
                    Node::Element(e)
                        if !chrome.contains_key(&c.id()) && !super::text::is_non_text(e.name()) =>
                    {
                        len.get(&c.id()).copied().unwrap_or(0)
                    }
                    _ => 0,
                })
                .sum();
            len.insert(node.id(), total);
        }
        Survey {
            facts,
            chrome,
            len,
            chrome_inside,
        }
    }

    /// What the chrome rules ask of `el`'s content.
    pub(super) fn facts(&self, el: ElementRef) -> Facts {
        self.facts.get(&el.id()).copied().unwrap_or_default()
    }

    /// Whether `el` looks like chrome, seen from outside the policy.
    pub(super) fn chrome(&self, el: ElementRef) -> Option<DropKind> {
        self.chrome.get(&el.id()).copied()
    }

    /// Whether some element inside `el` looks like chrome.
    pub(super) fn has_chrome_inside(&self, el: ElementRef) -> bool {
        self.chrome_inside.contains(&el.id())
    }

    /// The text in `el` outside chrome, in characters (no whitespace).
    fn len(&self, el: ElementRef) -> usize {
        self.len.get(&el.id()).copied().unwrap_or(0)
    }

    /// The element holding the policy in `body`: `<main>` (or
    /// `[role=main]`) or an `<article>` holding most of the text, else the
    /// element most of the text is in; widened to the nearest element that
    /// also holds the page's first `<h1>` when that sits outside it (a
    /// title in a banner above the text). The second element is the part
    /// found before it was widened, when it was: what else the widening
    /// took in is judged as outside the policy.
    pub(super) fn content<'a>(
        &self,
        body: ElementRef<'a>,
    ) -> (ElementRef<'a>, Option<ElementRef<'a>>) {
        let core = self.landmark(body).unwrap_or_else(|| self.densest(body));
        let found = self.widen_to_title(body, core);
        let core = (found.id() != core.id()).then_some(core);
        // The walk around the policy's part goes no deeper than chrome is
        // looked for: a part nested deeper is taken from that depth.
        let depth = found
            .ancestors()
            .take_while(|a| a.id() != body.id())
            .count();
        let found = found
            .ancestors()
            .filter_map(ElementRef::wrap)
            .nth(depth.saturating_sub(CHROME_DEPTH).saturating_sub(1))
            .filter(|_| depth > CHROME_DEPTH)
            .unwrap_or(found);
        (found, core)
    }

    /// `<main>`, `[role=main]`, or the one `<article>`, when it holds at
    /// least a third of the page's text.
    fn landmark<'a>(&self, body: ElementRef<'a>) -> Option<ElementRef<'a>> {
        let total = self.len(body);
        let holds_most = |el: &ElementRef| self.len(*el) * 3 >= total && total > 0;
        let main = body.descendent_elements().find(|e| {
            e.value().name() == "main" || e.value().attr("role").is_some_and(|r| r.trim() == "main")
        });
        if let Some(main) = main.filter(holds_most) {
            return Some(main);
        }
        let articles: Vec<_> = body
            .descendent_elements()
            .filter(|e| e.value().name() == "article")
            .filter(holds_most)
            .collect();
        // Several articles (a listing, or documents side by side): none is
        // the policy alone.
        match articles.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// From `body` down, into the child element holding at least 70% of
    /// the text of its parent, as long as there is one.
    fn densest<'a>(&self, body: ElementRef<'a>) -> ElementRef<'a> {
        let mut current = body;
        loop {
            let len = self.len(current);
            let next = current
                .child_elements()
                .filter(|c| self.chrome(*c).is_none())
                .find(|c| len > 0 && self.len(*c) * 10 >= len * 7);
            match next {
                Some(child) => current = child,
                None => return current,
            }
        }
    }

    /// `found`, or its nearest ancestor that also holds the page's first
    /// `<h1>` when `found` has none and that heading is not in chrome.
    fn widen_to_title<'a>(&self, body: ElementRef<'a>, found: ElementRef<'a>) -> ElementRef<'a> {
        let is_h1 = |e: &ElementRef| e.value().name() == "h1";
        if found.descendent_elements().any(|d| is_h1(&d)) {
            return found;
        }
        let in_chrome = |el: ElementRef| {
            el.ancestors()
                .take_while(|a| a.id() != body.id())
                .any(|a| self.chrome.contains_key(&a.id()))
        };
        let Some(h1) = body
            .descendent_elements()
            .find(|d| is_h1(d) && self.chrome(*d).is_none() && !in_chrome(*d))
        else {
            return found;
        };
        found
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| h1.ancestors().any(|h| h.id() == a.id()))
            .unwrap_or(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_element_s_facts_are_those_of_everything_inside_it() {
        let page = scraper::Html::parse_document(
            "<body><div id=a><ul><li><a href=/de>Deutsch</a><li><a href=/en>English</a></ul>\
             <div><button>OK</button><a href=#>Accept all</a><h2>T</h2><p>x</p></div></div></body>",
        );
        let body = page
            .root_element()
            .child_elements()
            .find(|e| e.value().name() == "body")
            .unwrap();
        let survey = Survey::new(body);
        for el in body.descendent_elements() {
            let mut direct = Facts::default();
            for d in el.descendent_elements() {
                direct.add(&Facts::own(d));
            }
            assert_eq!(survey.facts(el), direct, "{}", el.value().name());
        }
    }
}
