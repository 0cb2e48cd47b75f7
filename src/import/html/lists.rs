//! How a page numbers its lists, where Markdown cannot: lettered and
//! roman numbering (`<ol type="a">`, `list-style-type: upper-roman`)
//! and lists without markers, whose items keep what the reader saw as
//! text; and where two lists in a row must stay two lists.

use scraper::ElementRef;

/// A numbering Markdown has no list for: the items are written as
/// paragraphs that start with their marker ("b. ", "iv. ").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Numbering {
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
    /// `list-style-type: none`: no marker at all.
    Unmarked,
}

/// What a list style says, decimal included (which Markdown keeps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Decimal,
    Other(Numbering),
}

impl Numbering {
    /// The marker of item `n` as a browser shows it ("c. "), with the
    /// space after it; a number lettering cannot show (0 or less) in
    /// digits, as browsers do.
    pub(super) fn marker(self, n: i64) -> String {
        let shown = match self {
            Numbering::Unmarked => return String::new(),
            _ if n < 1 => n.to_string(),
            Numbering::LowerAlpha => alphabetic(n),
            Numbering::UpperAlpha => alphabetic(n).to_ascii_uppercase(),
            Numbering::LowerRoman => roman(n).to_ascii_lowercase(),
            Numbering::UpperRoman => roman(n),
        };
        format!("{shown}. ")
    }
}

/// The numbering of the `<ol>` `el` when Markdown cannot write it: its
/// inline `list-style` (which wins, as CSS wins over the attribute), else
/// its `type`. `None` for decimal numbers, a Markdown list's own.
pub(super) fn numbering(el: ElementRef) -> Option<Numbering> {
    let style = inline_style(el).or_else(|| match el.value().attr("type")?.trim() {
        // `type` is case-sensitive: "a" and "A" differ.
        "a" => Some(Style::Other(Numbering::LowerAlpha)),
        "A" => Some(Style::Other(Numbering::UpperAlpha)),
        "i" => Some(Style::Other(Numbering::LowerRoman)),
        "I" => Some(Style::Other(Numbering::UpperRoman)),
        "1" => Some(Style::Decimal),
        _ => None,
    });
    match style? {
        Style::Decimal => None,
        Style::Other(numbering) => Some(numbering),
    }
}

/// The marker of the item `li` of a list numbered `numbering` ("b. "),
/// `number` its number unless it gives its own (`value`); `number` moves
/// on to the next item's. An item's own `list-style` wins (decimal there
/// shown in digits).
pub(super) fn item_marker(numbering: Numbering, li: ElementRef, number: &mut i64) -> String {
    if let Some(value) = number_attr(li, "value") {
        *number = value;
    }
    let marker = match inline_style(li) {
        Some(Style::Other(own)) => own.marker(*number),
        Some(Style::Decimal) => format!("{number}. "),
        None => numbering.marker(*number),
    };
    *number = number.saturating_add(1);
    marker
}

/// The `start` of a list (1 when not given).
pub(super) fn start(el: ElementRef) -> i64 {
    number_attr(el, "start").unwrap_or(1)
}

/// The number a reader sees on each `<li>` of the decimal `<ol>` `el`,
/// in order: counted from `start`, up or (`reversed`) down, an item's
/// `value` restarting the count. A reversed list without `start` counts
/// down to 1 from its number of items, as browsers do.
pub(super) fn item_numbers(el: ElementRef) -> Vec<i64> {
    let items: Vec<ElementRef> = el
        .child_elements()
        .filter(|c| c.value().name() == "li")
        .collect();
    let reversed = el.value().attr("reversed").is_some();
    let step = if reversed { -1 } else { 1 };
    let mut number =
        number_attr(el, "start").unwrap_or(if reversed { items.len() as i64 } else { 1 });
    items
        .iter()
        .map(|li| {
            if let Some(value) = number_attr(*li, "value") {
                number = value;
            }
            let shown = number;
            number = number.saturating_add(step);
            shown
        })
        .collect()
}

/// The largest start number a Markdown list can have (nine digits).
pub(super) const MAX_START: i64 = 999_999_999;

/// Whether an element in a list item is a block of its own (a
/// paragraph, a sub-list, a table), which Markdown cannot write on the
/// line of the item's marker.
pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "pre"
            | "blockquote"
            | "hr"
            | "section"
            | "article"
            | "figure"
            | "address"
    )
}

/// The `value` an item gives its own number, if any.
pub(super) fn value(li: ElementRef) -> Option<i64> {
    number_attr(li, "value")
}

fn number_attr(el: ElementRef, name: &str) -> Option<i64> {
    el.value().attr(name)?.trim().parse().ok()
}

/// The list style set in `el`'s `style` attribute (`list-style-type`, or
/// the `list-style` shorthand), the last declaration winning.
fn inline_style(el: ElementRef) -> Option<Style> {
    let style = el.value().attr("style")?;
    let mut found = None;
    for declaration in style.split(';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let property = property.trim().to_ascii_lowercase();
        let value = value.to_ascii_lowercase().replace("!important", "");
        let words: Vec<&str> = value.split_whitespace().collect();
        let style = match property.as_str() {
            "list-style-type" => words.first().and_then(|w| keyword(w)),
            // In the shorthand, `none` is the type only when no other
            // type is named (it may be the image's).
            "list-style" => words
                .iter()
                .find_map(|w| keyword(w).filter(|s| *s != Style::Other(Numbering::Unmarked)))
                .or_else(|| {
                    words
                        .contains(&"none")
                        .then_some(Style::Other(Numbering::Unmarked))
                }),
            _ => continue,
        };
        if style.is_some() {
            found = style;
        }
    }
    found
}

fn keyword(word: &str) -> Option<Style> {
    Some(match word {
        "lower-alpha" | "lower-latin" => Style::Other(Numbering::LowerAlpha),
        "upper-alpha" | "upper-latin" => Style::Other(Numbering::UpperAlpha),
        "lower-roman" => Style::Other(Numbering::LowerRoman),
        "upper-roman" => Style::Other(Numbering::UpperRoman),
        "none" => Style::Other(Numbering::Unmarked),
        "decimal" => Style::Decimal,
        _ => return None,
    })
}

/// `n` in letters, as a list counts: a … z, aa, ab …
fn alphabetic(mut n: i64) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    letters.iter().rev().collect()
}

/// `n` in roman numerals; past 3999, which they cannot write, in digits.
fn roman(mut n: i64) -> String {
    if n > 3999 {
        return n.to_string();
    }
    const NUMERALS: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Whether the HTML written so far ends with a list of the kind `name`
/// (`ol` or `ul`), wrappers and line breaks aside: a list written next
/// would join it in Markdown, and a second numbered list would lose its
/// own numbers.
pub(super) fn follows_list(html: &str, name: &str) -> bool {
    let mut rest = html.trim_end();
    loop {
        let before = ["<div>", "</div>", "<br>"]
            .iter()
            .find_map(|tag| rest.strip_suffix(tag));
        match before {
            Some(before) => rest = before.trim_end(),
            None => break,
        }
    }
    rest.ends_with(&format!("</{name}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_ol(html: &str) -> Option<Numbering> {
        let page = scraper::Html::parse_fragment(html);
        let ol = page
            .root_element()
            .descendent_elements()
            .find(|e| e.value().name() == "ol")
            .unwrap();
        numbering(ol)
    }

    #[test]
    fn type_and_inline_style_give_the_numbering_css_winning() {
        assert_eq!(first_ol("<ol type=a></ol>"), Some(Numbering::LowerAlpha));
        assert_eq!(first_ol("<ol type=A></ol>"), Some(Numbering::UpperAlpha));
        assert_eq!(first_ol("<ol type=i></ol>"), Some(Numbering::LowerRoman));
        assert_eq!(first_ol("<ol type=I></ol>"), Some(Numbering::UpperRoman));
        assert_eq!(first_ol("<ol type=1></ol>"), None);
        assert_eq!(first_ol("<ol></ol>"), None);
        assert_eq!(
            first_ol("<ol style='color: red; LIST-STYLE-TYPE: Lower-Latin'></ol>"),
            Some(Numbering::LowerAlpha)
        );
        assert_eq!(
            first_ol("<ol type=a style='list-style: decimal inside'></ol>"),
            None
        );
        assert_eq!(
            first_ol("<ol style='list-style: none'></ol>"),
            Some(Numbering::Unmarked)
        );
        assert_eq!(
            first_ol("<ol style='list-style: upper-roman none'></ol>"),
            Some(Numbering::UpperRoman)
        );
    }

    #[test]
    fn markers_count_as_browsers_do() {
        let alpha: Vec<String> = [1, 2, 26, 27, 28, 702, 703]
            .iter()
            .map(|n| Numbering::LowerAlpha.marker(*n))
            .collect();
        assert_eq!(
            alpha,
            ["a. ", "b. ", "z. ", "aa. ", "ab. ", "zz. ", "aaa. "]
        );
        assert_eq!(Numbering::UpperAlpha.marker(3), "C. ");
        assert_eq!(Numbering::LowerRoman.marker(4), "iv. ");
        assert_eq!(Numbering::UpperRoman.marker(1994), "MCMXCIV. ");
        assert_eq!(Numbering::UpperRoman.marker(4000), "4000. ");
        assert_eq!(Numbering::LowerAlpha.marker(0), "0. ");
        assert_eq!(Numbering::Unmarked.marker(3), "");
    }

    #[test]
    fn a_list_after_a_list_of_its_kind_is_seen_through_wrappers() {
        assert!(follows_list("<ol><li>a</li></ol>\n", "ol"));
        assert!(follows_list("<ol><li>a</li></ol></div> <div><br>", "ol"));
        assert!(!follows_list("<ul><li>a</li></ul>", "ol"));
        assert!(!follows_list("<ol><li>a</li></ol><p>x</p>", "ol"));
    }

    fn markdown(html: &str) -> String {
        crate::import::html::extract(&format!("<main><h1>T</h1>{html}</main>"), None).markdown
    }

    #[test]
    fn numbers_that_jump_or_count_down_are_kept() {
        assert_eq!(
            markdown("<ol><li>One.</li><li value=4>Four.</li><li>Five.</li></ol>"),
            "# T\n\n1. One.\n\n<!-- -->\n\n4. Four.\n5. Five.\n"
        );
        assert_eq!(
            markdown("<ol reversed><li>C.</li><li>B.</li><li>A.</li></ol>"),
            "# T\n\n3. C.\n\n<!-- -->\n\n2. B.\n\n<!-- -->\n\n1. A.\n"
        );
        assert_eq!(
            markdown("<ol start=0><li>Zero.</li><li>One.</li></ol>"),
            "# T\n\n0. Zero.\n1. One.\n"
        );
        assert_eq!(
            markdown("<ol start=3><li>Three.</li></ol>"),
            "# T\n\n3. Three.\n"
        );
    }

    #[test]
    fn blocks_under_a_lettered_item_stay_under_it() {
        assert_eq!(
            markdown(
                "<ol type=I><li>First</li><li>Second<ul><li>sub</li></ul></li><li>Third</li></ol><p>After.</p>"
            ),
            "# T\n\nI. First\n\nII. Second\n\n> - sub\n\nIII. Third\n\nAfter.\n"
        );
        assert_eq!(
            markdown(
                "<ol type=a><li><p>One.</p><p>Two.</p><ol><li>x</li><li>y</li></ol></li><li><ul><li>z</li></ul></li></ol>"
            ),
            "# T\n\na. One.\n\n> Two.\n>\n> 1. x\n> 2. y\n\nb.\n\n> - z\n"
        );
        assert_eq!(
            markdown(
                "<ol type=a><li>Outer<ol type=i><li>inner<ul><li>deep</li></ul></li></ol></li></ol>"
            ),
            "# T\n\na. Outer\n\n> i. inner\n>\n> > - deep\n"
        );
    }
}
