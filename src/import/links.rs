//! Inline links of an imported page: found, rewritten (relative targets made
//! absolute, anchors pointed at the new section ids), and those to regional
//! notices listed as candidate supplements.

use serde::Serialize;

use super::countries::{COUNTRIES, US_STATES};
use super::vocabulary::{
    LAW_ACRONYMS, LAW_ENDINGS, LAW_STARTS, LEGISLATION_HOSTS, LEGISLATION_LABELS, NOT_A_LAW,
    NOTICE_STEMS, NOTICE_WORDS, REGION_NAMES, REGIONAL_STATEMENTS,
};

/// One inline link or image, `[text](target)` or `![alt](target)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Where the link starts (its `[` or `!`) in the text, in bytes.
    pub start: usize,
    /// Just past its closing `)`.
    pub end: usize,
    /// Whether it is an image.
    pub image: bool,
    /// The text between the brackets, as written.
    pub text: String,
    /// The destination (without a title).
    pub target: String,
    /// Everything between the parentheses, as written.
    pub raw_destination: String,
}

/// The outermost inline links of `text`, in order (a link around an image
/// is one link whose text holds the image).
pub fn find(text: &str) -> Vec<Link> {
    let bytes = text.as_bytes();
    let mut links = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let image = bytes[i] == b'!' && bytes.get(i + 1) == Some(&b'[');
        let open = if image { i + 1 } else { i };
        if bytes[open] != b'[' || (i > 0 && bytes[i - 1] == b'\\') {
            i += 1;
            continue;
        }
        match link_at(text, i, open, image) {
            Some(link) => {
                i = link.end;
                links.push(link);
            }
            None => i = open + 1,
        }
    }
    links
}

fn link_at(text: &str, start: usize, open: usize, image: bool) -> Option<Link> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut close = None;
    let mut j = open;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    let close = close?;
    if bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let mut depth = 0usize;
    let mut k = close + 1;
    let mut end = None;
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(k);
                    break;
                }
            }
            b'\n' if depth > 0 && k > close + 1 && bytes[k - 1] == b'\n' => return None,
            _ => {}
        }
        k += 1;
    }
    let end = end?;
    let raw = &text[close + 2..end];
    let target = destination(raw);
    Some(Link {
        start,
        end: end + 1,
        image,
        text: text[open + 1..close].to_string(),
        target,
        raw_destination: raw.to_string(),
    })
}

/// The URL of a destination: `<url>`, or its first word (a title may follow).
fn destination(raw: &str) -> String {
    let raw = raw.trim();
    if let Some(rest) = raw.strip_prefix('<') {
        return rest.split('>').next().unwrap_or_default().to_string();
    }
    raw.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether a target names its scheme (`https:`, `mailto:`), so is left as
/// written.
pub fn has_scheme(target: &str) -> bool {
    let Some(colon) = target.find(':') else {
        return false;
    };
    let scheme = &target[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// What to do with one link.
pub enum Action {
    /// Leave it as written.
    Keep,
    /// Point it at this target instead.
    Retarget(String),
    /// Keep its text, drop the link.
    Unlink,
}

/// `text` with each outermost link rewritten as `decide` says.
pub fn rewrite(text: &str, decide: &mut dyn FnMut(&Link) -> Action) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for link in find(text) {
        out.push_str(&text[at..link.start]);
        let inner = rewrite(&link.text, decide);
        match decide(&link) {
            Action::Keep => {
                out.push_str(if link.image { "![" } else { "[" });
                out.push_str(&inner);
                out.push_str("](");
                out.push_str(&link.raw_destination);
                out.push(')');
            }
            Action::Retarget(target) => {
                out.push_str(if link.image { "![" } else { "[" });
                out.push_str(&inner);
                out.push_str("](");
                out.push_str(&escape_destination(&target));
                out.push(')');
            }
            Action::Unlink => out.push_str(&inner),
        }
        at = link.end;
    }
    out.push_str(&text[at..]);
    out
}

fn escape_destination(target: &str) -> String {
    if target.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", target.replace('<', "%3C").replace('>', "%3E"))
    } else {
        target.to_string()
    }
}

/// The text a reader sees of a line's links: `[Home](/) | [About](/a)`
/// becomes `Home | About`, images their alt text.
pub fn plain(text: &str) -> String {
    rewrite(text, &mut |_| Action::Unlink)
}

/// A link reference definition (`[label]: /path "title"`): where its
/// target starts and ends in `line`.
pub fn definition_target(line: &str) -> Option<std::ops::Range<usize>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 || !line[indent..].starts_with('[') || line[indent..].starts_with("[^") {
        return None;
    }
    let close = line[indent..].find("]:")? + indent;
    let after = close + 2;
    let rest = &line[after..];
    let start = after + (rest.len() - rest.trim_start().len());
    let target_len = line[start..]
        .find(char::is_whitespace)
        .unwrap_or(line.len() - start);
    (target_len > 0).then(|| start..start + target_len)
}

/// Each `href="…"` and `src="…"` value of raw HTML in `line`, as ranges.
pub fn attribute_targets(line: &str) -> Vec<std::ops::Range<usize>> {
    let lower = line.to_ascii_lowercase();
    let mut found = Vec::new();
    for name in ["href=", "src="] {
        for (at, _) in lower.match_indices(name) {
            let before = lower[..at].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let value = at + name.len();
            let Some(quote) = line[value..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
            else {
                continue;
            };
            if let Some(len) = line[value + 1..].find(quote) {
                found.push(value + 1..value + 1 + len);
            }
        }
    }
    found.sort_by_key(|r| r.start);
    found
}

/// A link on the page to a notice for a region (California, the EU, …):
/// a candidate supplement or region-only document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The link's text.
    pub text: String,
    /// Where it leads.
    pub target: String,
    /// The region it seems to be for, as a region id could name it.
    pub region: Option<String>,
}

/// The notice a link's visible text names, if any: a notice, policy or
/// statement of rights for a region ("Notice to California Residents",
/// "Your EU/UK rights", "Datenschutzhinweise für Kalifornien", "Aviso de
/// privacidad para México"), or a phrase that is one by itself ("Do Not
/// Sell"). A region's name alone, or in a product's or a place's name, is
/// not one; nor is a link to a law ("GDPR", "California Consumer Privacy
/// Act") or to a government's or legislature's site (`eur-lex.europa.eu`,
/// `leginfo.legislature.ca.gov`, any `.gov`): those are references.
pub fn notice(text: &str, target: &str) -> Option<Notice> {
    let lower = text.to_lowercase();
    if is_law_name(&lower) || is_legislation_site(target) {
        return None;
    }
    let statement = REGIONAL_STATEMENTS
        .iter()
        .find(|(w, _)| has_word(&lower, w))
        .map(|(_, region)| *region);
    let region = region_named(&lower);
    let noticed = NOTICE_WORDS.iter().any(|w| has_word(&lower, w))
        || NOTICE_STEMS.iter().any(|w| lower.contains(w));
    let region = match (statement, region) {
        (_, Some(region)) if noticed => Some(region),
        (Some(statement), region) => Some(region.unwrap_or(statement)),
        // "Notice to residents" of a region it does not name.
        (None, None) if noticed && has_word(&lower, "residents") => None,
        _ => return None,
    };
    Some(Notice {
        text: text.trim().to_string(),
        target: target.to_string(),
        region: region.map(str::to_string),
    })
}

/// The region `lower` names: the longest name found of a country, a US
/// state or a group of countries ("West Virginia" before "Virginia",
/// "New Mexico" before "Mexico"), the first listed of equal ones.
fn region_named(lower: &str) -> Option<&'static str> {
    let groups = REGION_NAMES.iter().map(|&(name, id)| (id, name));
    let places = US_STATES
        .iter()
        .chain(COUNTRIES)
        .flat_map(|&(id, names)| names.split('|').map(move |name| (id, name)));
    let mut best: Option<(&str, usize)> = None;
    for (id, name) in groups.chain(places) {
        if best.is_none_or(|(_, len)| name.len() > len) && has_word(lower, name) {
            best = Some((id, name.len()));
        }
    }
    best.map(|(id, _)| id)
}

/// Whether a link's text (lower-cased) is only a law's name, or an
/// article of one: "GDPR", "UK GDPR", "CCPA/CPRA", "California Consumer
/// Privacy Act", "Data Protection Act 2018", "General Data Protection
/// Regulation (GDPR)", "Bundesdatenschutzgesetz", "Loi Informatique et
/// Libertés", "Article 17 GDPR". A notice under a law ("CCPA Notice",
/// "Your rights under the GDPR") is not.
fn is_law_name(lower: &str) -> bool {
    if NOT_A_LAW
        .iter()
        .any(|w| has_word(lower, w) || (w.len() > 6 && lower.contains(w)))
    {
        return false;
    }
    // A year, a number or an acronym in brackets after the name says nothing.
    let name = match lower.find('(') {
        Some(open) if lower.trim_end().ends_with(')') => &lower[..open],
        _ => lower,
    };
    let words: Vec<&str> = name
        .split(|c: char| !(c.is_alphanumeric() || c == '§'))
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    if words
        .iter()
        .all(|w| LAW_ACRONYMS.contains(w) || matches!(*w, "eu" | "uk" | "us"))
        && words.iter().any(|w| LAW_ACRONYMS.contains(w))
    {
        return true;
    }
    if LAW_STARTS.contains(first) && words.len() > 1 {
        return true;
    }
    let last = words
        .iter()
        .rev()
        .find(|w| !(w.chars().all(|c| c.is_ascii_digit()) || **w == "of"))
        .unwrap_or(first);
    LAW_ENDINGS
        .iter()
        .any(|e| last == e || (e.chars().count() > 5 && last.ends_with(e)))
}

/// Whether `target` is on a government's, legislature's or law gazette's
/// site ([`LEGISLATION_HOSTS`], [`LEGISLATION_LABELS`], a US state's
/// `state.xx.us`).
fn is_legislation_site(target: &str) -> bool {
    let Some(host) = url::Url::parse(target)
        .ok()
        .and_then(|u| u.host_str().map(str::to_lowercase))
    else {
        return false;
    };
    let host = host.trim_end_matches('.');
    let labels: Vec<&str> = host.split('.').collect();
    LEGISLATION_HOSTS
        .iter()
        .any(|h| host == *h || host.ends_with(&format!(".{h}")))
        || labels.iter().any(|l| LEGISLATION_LABELS.contains(l))
        || (labels.last() == Some(&"us") && labels.contains(&"state"))
}

/// Whether `needle` occurs in `hay` as whole words.
pub fn has_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_with_images_inside() {
        let links = find("a [![logo](l.png)](/) and [b](https://x.example/b \"t\")");
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].target, "/");
        assert_eq!(links[0].text, "![logo](l.png)");
        assert_eq!(links[1].target, "https://x.example/b");
        assert_eq!(plain("[Home](/) | [About](/a)"), "Home | About");
    }

    #[test]
    fn definitions_and_html_attributes_are_found() {
        let line = "[terms]: /legal/terms \"Terms\"";
        assert_eq!(&line[definition_target(line).unwrap()], "/legal/terms");
        assert_eq!(definition_target("[^1]: a note"), None);
        let html = "<a href=\"/x\">x</a> <img src='/i.png'>";
        let found: Vec<&str> = attribute_targets(html)
            .into_iter()
            .map(|r| &html[r])
            .collect();
        assert_eq!(found, ["/x", "/i.png"]);
    }

    #[test]
    fn regional_notices_are_named() {
        let n = notice("Notice to California Residents", "/ca").unwrap();
        assert_eq!(n.region.as_deref(), Some("us-ca"));
        assert!(notice("EU/UK privacy notice", "/eu").is_some());
        assert!(notice("Careers", "/jobs").is_none());
        assert!(notice("Europe", "/eu").is_none());
    }

    #[test]
    fn a_region_alone_or_in_a_product_is_no_notice() {
        let region = |text: &str| notice(text, "/x").map(|n| n.region);
        for text in [
            "California",
            "California Poppy Seeds",
            "Nevada",
            "Our shop in the UK",
            "Visit Colorado",
            "Privacy",
        ] {
            assert_eq!(region(text), None, "{text}");
        }
        for (text, id) in [
            ("Notice to California Residents", Some("us-ca")),
            ("California Privacy Rights", Some("us-ca")),
            ("Your EU/UK rights", Some("eu")),
            ("Datenschutzhinweise für Kalifornien", Some("us-ca")),
            ("CCPA Notice", Some("us-ca")),
            ("Do Not Sell or Share My Personal Information", Some("us")),
            ("Privacy notice for the UK", Some("uk")),
            ("Notice to residents of certain states", None),
        ] {
            assert_eq!(region(text), Some(id.map(str::to_string)), "{text}");
        }
    }

    #[test]
    fn notices_for_any_country_or_state_are_named() {
        let region =
            |text: &str| notice(text, "https://shop.example/legal/x").and_then(|n| n.region);
        for (text, id) in [
            ("Notice to Swiss Users", "ch"),
            ("Notice for Brazil", "br"),
            ("Hinweise für Nutzer in der Schweiz", "ch"),
            ("Aviso de privacidad para México", "mx"),
            ("Avis de confidentialité pour le Canada", "ca"),
            ("Privacy notice for residents of New Mexico", "us-nm"),
            ("Your West Virginia privacy rights", "us-wv"),
            ("Notice to Virginia residents", "us-va"),
            ("Privacy Notice for Japan", "jp"),
            ("Datenschutzhinweise für Österreich", "at"),
            ("Aviso de privacidad para la Unión Europea", "eu"),
            ("Privacy notice for the United Kingdom", "uk"),
            ("Notice to Québec residents", "ca-qc"),
        ] {
            assert_eq!(region(text).as_deref(), Some(id), "{text}");
        }
        // A place's name without a notice word is still no notice.
        assert!(notice("Switzerland", "/ch").is_none());
        assert!(notice("Our shop in Brazil", "/br").is_none());
    }

    #[test]
    fn links_to_laws_and_to_legislation_sites_are_references_not_notices() {
        for (text, target) in [
            (
                "California Consumer Privacy Act",
                "https://leginfo.legislature.ca.gov/faces/codes.xhtml",
            ),
            ("California Consumer Privacy Act", "/ccpa"),
            ("GDPR", "https://eur-lex.europa.eu/eli/reg/2016/679/oj"),
            ("GDPR", "/gdpr"),
            ("UK GDPR", "https://www.legislation.gov.uk/eur/2016/679"),
            ("CCPA/CPRA", "/ccpa"),
            ("General Data Protection Regulation (GDPR)", "/gdpr"),
            ("Data Protection Act 2018", "/dpa"),
            ("Bundesdatenschutzgesetz", "/bdsg"),
            ("Datenschutz-Grundverordnung", "/dsgvo"),
            ("Loi Informatique et Libertés", "/loi"),
            ("Article 17 GDPR", "/erasure"),
            ("§ 26 BDSG", "/bdsg"),
            (
                "California privacy rights",
                "https://oag.ca.gov/privacy/ccpa",
            ),
            (
                "Notice for EU residents",
                "https://commission.europa.eu/law/data-protection",
            ),
            (
                "Datenschutzhinweise für Deutschland",
                "https://www.gesetze-im-internet.de/bdsg_2018/",
            ),
            (
                "Aviso de privacidad para España",
                "https://www.boe.es/buscar/act.php?id=BOE-A-2018-16673",
            ),
            (
                "Avis aux résidents de France",
                "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000886460",
            ),
            (
                "Texas privacy rights",
                "https://statutes.capitol.texas.gov/",
            ),
            ("Iowa privacy notice", "https://www.legis.iowa.gov/"),
            ("Nevada privacy notice", "https://www.leg.state.nv.us/nrs/"),
        ] {
            assert!(notice(text, target).is_none(), "{text} -> {target}");
        }
        // A notice under a law is the company's.
        for (text, region) in [
            ("CCPA Notice", "us-ca"),
            ("Your rights under the GDPR", "eu"),
            ("Notice under the California Consumer Privacy Act", "us-ca"),
            ("Your California Privacy Rights", "us-ca"),
        ] {
            let found = notice(text, "https://shop.example/legal/x");
            assert_eq!(
                found.and_then(|n| n.region).as_deref(),
                Some(region),
                "{text}"
            );
        }
    }
}
