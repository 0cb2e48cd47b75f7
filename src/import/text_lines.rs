//! Where a text export's paragraphs end when its blank lines do not say
//! it all: a title line over its text ("3. FEES", "2.1 Eligibility"), and
//! lines that are each a sentence of their own (definitions).

use super::blocks::{continues, list_marker_len, section_number};

/// What a short line that can stand as a title looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Title {
    /// "3. FEES", "2.1 Eligibility": numbered, with its depth.
    Numbered(usize),
    /// "GOVERNING LAW".
    Capitals,
    /// "Contact Us", "Your Rights and Choices": Title Case.
    Capitalised,
}

/// For each line of `lines`, whether a paragraph ends after it although
/// no blank line follows: a title line is a block of its own (the line
/// before it ends a sentence or is a title, the line after it is longer
/// or a title too), and in a run of lines that each end a sentence and
/// start one, as definitions are written ("Services" means…), each line
/// is a paragraph. A paragraph wrapped across lines has a line that ends
/// mid-sentence, so it stays whole.
pub fn breaks(lines: &[&str]) -> Vec<bool> {
    let n = lines.len();
    let mut cut = vec![false; n];
    let blank = |i: usize| lines[i].trim().is_empty();
    let mut start = 0;
    while start < n {
        if blank(start) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < n && !blank(end) {
            end += 1;
        }
        for i in start..end.saturating_sub(1) {
            if is_title_at(lines, start, i) {
                cut[i] = true;
                if i > start {
                    cut[i - 1] = true;
                }
            }
        }
        // The runs between those cuts: one paragraph per sentence line.
        let mut a = start;
        while a < end {
            let mut b = a;
            while b + 1 < end && !cut[b] {
                b += 1;
            }
            let run = &lines[a..=b];
            let sentences = run.len() >= 2
                && run.iter().all(|l| list_marker_len(l.trim()).is_none())
                && run
                    .windows(2)
                    .all(|w| ends_sentence(w[0]) && starts_sentence(w[1]));
            if sentences {
                for c in &mut cut[a..b] {
                    *c = true;
                }
            }
            a = b + 1;
        }
        start = end;
    }
    cut
}

/// Whether line `i` of the block starting at `start` is a title over the
/// line after it.
fn is_title_at(lines: &[&str], start: usize, i: usize) -> bool {
    let line = lines[i].trim();
    let next = lines[i + 1].trim();
    let Some(kind) = title(line) else {
        return false;
    };
    // "IN NO EVENT SHALL WE BE LIABLE" over "for indirect damages.": one
    // sentence; a title is never followed by a lower-case continuation.
    if continues(next) {
        return false;
    }
    let previous = (i > start).then(|| lines[i - 1].trim());
    // "1. Names" over "2. Addresses": a list, not titles.
    if let Title::Numbered(depth) = kind {
        let same = |l: &str| title(l) == Some(Title::Numbered(depth));
        if same(next) || previous.is_some_and(same) {
            return false;
        }
    }
    let starts_block = previous.is_none_or(|p| ends_sentence(p) || title(p).is_some());
    let longer = next.chars().count() > line.chars().count();
    let below = match kind {
        // The weakest sign: a sentence must follow.
        Title::Capitalised => longer && next.split_whitespace().count() >= 5,
        Title::Numbered(_) | Title::Capitals => {
            longer || matches!(title(next), Some(Title::Numbered(_) | Title::Capitals))
        }
    };
    starts_block && below
}

/// Which kind of title `line` (trimmed) can be, if any.
fn title(line: &str) -> Option<Title> {
    if line.starts_with(['-', '*', '+', '•', '>', '|', '[', '!', '<', '#']) {
        return None;
    }
    let words = line.split_whitespace().count();
    if words > 10 || line.ends_with(['.', ',', ';', ':', '!', '?']) {
        return None;
    }
    if let Some(depth) = numbered(line) {
        return Some(Title::Numbered(depth));
    }
    if list_marker_len(line).is_some() {
        return None;
    }
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 {
        return None;
    }
    if letters.iter().all(|c| !c.is_lowercase()) {
        return Some(Title::Capitals);
    }
    let minor = [
        "a", "an", "and", "or", "of", "the", "to", "for", "in", "on", "with", "by", "at", "from",
        "as", "nor", "but",
    ];
    let title_case = line.split_whitespace().enumerate().all(|(k, w)| {
        let first = w.chars().find(|c| c.is_alphanumeric());
        match first {
            Some(c) if c.is_alphabetic() => c.is_uppercase() || (k > 0 && minor.contains(&w)),
            Some(_) => true,
            None => k > 0 && w.chars().all(|c| "&/–—-".contains(c)),
        }
    });
    title_case.then_some(Title::Capitalised)
}

/// "3. Fees", "2.1 Eligibility", "4) Contact": a section number
/// ([`section_number`]) and a capital after it; its depth.
fn numbered(line: &str) -> Option<usize> {
    let (depth, rest) = section_number(line)?;
    rest.starts_with(char::is_uppercase).then_some(depth)
}

/// Whether a line ends a sentence: `.`, `!`, `?`, `;` or `:`, maybe
/// inside a closing quote or bracket.
pub fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .ends_with(['.', '!', '?', ';', ':'])
}

/// Whether a line starts a sentence: a capital, a digit or an opening
/// quote or bracket.
fn starts_sentence(line: &str) -> bool {
    line.trim_start()
        .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parted(text: &str) -> Vec<String> {
        let lines: Vec<&str> = text.lines().collect();
        let cut = breaks(&lines);
        let mut out = vec![String::new()];
        for (line, cut) in lines.iter().zip(cut) {
            if line.trim().is_empty() {
                out.push(String::new());
                continue;
            }
            let last = out.last_mut().unwrap();
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(line);
            if cut {
                out.push(String::new());
            }
        }
        out.retain(|p| !p.is_empty());
        out
    }

    #[test]
    fn a_title_line_over_its_text_is_a_block_of_its_own() {
        assert_eq!(
            parted(
                "3. FEES\nFees are paid when you book.\n\n2. RENTALS\n2.1 Eligibility\nYou must be 16 or older to rent alone.\n\nGOVERNING LAW\nThe law of Ruritania applies.\n\nContact Us\nWrite to us at the address below, any day.\n"
            ),
            [
                "3. FEES",
                "Fees are paid when you book.",
                "2. RENTALS",
                "2.1 Eligibility",
                "You must be 16 or older to rent alone.",
                "GOVERNING LAW",
                "The law of Ruritania applies.",
                "Contact Us",
                "Write to us at the address below, any day.",
            ]
        );
    }

    #[test]
    fn definition_lines_are_paragraphs_and_wrapped_ones_stay_whole() {
        assert_eq!(
            parted(
                "\"Services\" means our rentals.\n\"You\" means the person who books.\n\nFees are shown when you book and are\npaid in advance. Refunds take five days.\n"
            ),
            [
                "\"Services\" means our rentals.",
                "\"You\" means the person who books.",
                "Fees are shown when you book and are paid in advance. Refunds take five days.",
            ]
        );
    }

    #[test]
    fn a_title_over_a_lower_case_continuation_is_one_sentence() {
        assert_eq!(
            parted("3. Payment\nAll Prices Include VAT\nunless we say otherwise at checkout.\n"),
            [
                "3. Payment",
                "All Prices Include VAT unless we say otherwise at checkout."
            ]
        );
        assert_eq!(
            parted("IN NO EVENT SHALL WE BE LIABLE\nfor indirect damages.\n"),
            ["IN NO EVENT SHALL WE BE LIABLE for indirect damages."]
        );
    }

    #[test]
    fn lists_addresses_and_wrapped_sentences_are_not_titles() {
        assert_eq!(
            parted("1. Names\n2. Addresses and phone numbers\n"),
            ["1. Names 2. Addresses and phone numbers"]
        );
        assert_eq!(
            parted("Otterbrook Kayaks Ltd\n12 River Lane\nBristol, Ruritania\n"),
            ["Otterbrook Kayaks Ltd 12 River Lane Bristol, Ruritania"]
        );
        assert_eq!(
            parted(
                "We rent boats to people who live in\nNorth Somerset and the Wider Area\nand to visitors of the region.\n"
            ),
            [
                "We rent boats to people who live in North Somerset and the Wider Area and to visitors of the region."
            ]
        );
        assert_eq!(
            parted("- We keep names.\n- We keep emails.\n"),
            ["- We keep names. - We keep emails."]
        );
    }
}
