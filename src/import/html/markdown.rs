//! The cleaned HTML of a policy, as Markdown: converted by htmd, raw
//! tables put back, spacing made regular.

use htmd::HtmlToMarkdown;
use htmd::options::{BrStyle, BulletListMarker, HeadingStyle, HrStyle, LinkStyle, Options};

use super::text::{ANCHOR_SIGN, TABLE_SIGN, ZERO_SIGN};

/// `html` (written by the cleaner) as CommonMark with GFM tables, each
/// heading's anchor as its `{#…}`.
pub(super) fn convert(html: &str, raw_blocks: &[String], anchors: &[String]) -> String {
    let converter = HtmlToMarkdown::builder()
        .options(Options {
            heading_style: HeadingStyle::Atx,
            hr_style: HrStyle::Dashes,
            // A visible backslash: trailing spaces are lost to editors.
            br_style: BrStyle::Backslash,
            link_style: LinkStyle::Inlined,
            bullet_list_marker: BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Options::default()
        })
        .build();
    let document = format!("<!DOCTYPE html><html><body>{html}</body></html>");
    // The converter reports no error of its own; should it ever, the text
    // is still there to keep.
    let markdown = converter
        .convert(&document)
        .unwrap_or_else(|_| html.to_string());
    let markdown = put_back(&markdown, TABLE_SIGN, |n| raw_blocks.get(n).cloned());
    let markdown = put_back(&markdown, ANCHOR_SIGN, |n| {
        anchors.get(n).map(|id| format!(" {{#{id}}}"))
    });
    tidy(&from_zero(&markdown))
}

/// Each item of a list numbered from 0 given back the number the
/// converter, which counts from 1, wrote one too high.
fn from_zero(markdown: &str) -> String {
    if !markdown.contains(ZERO_SIGN) {
        return markdown.to_string();
    }
    let mut out = String::with_capacity(markdown.len());
    for (i, part) in markdown.split(ZERO_SIGN).enumerate() {
        if i > 0 {
            let marker = out.trim_end_matches([' ', '\t']);
            let spaces = out[marker.len()..].to_string();
            if let Some(before_dot) = marker.strip_suffix('.') {
                let digits = before_dot.len()
                    - before_dot
                        .trim_end_matches(|c: char| c.is_ascii_digit())
                        .len();
                let at = before_dot.len() - digits;
                if let Ok(n) = before_dot[at..].parse::<u64>()
                    && n > 0
                {
                    out.truncate(at);
                    out.push_str(&format!("{}.{spaces}", n - 1));
                }
            }
        }
        out.push_str(part);
    }
    out
}

/// Each placeholder (`sign`, a number, `sign`) replaced by what `lookup`
/// gives for its number: a raw table, a heading's anchor.
fn put_back(markdown: &str, sign: char, lookup: impl Fn(usize) -> Option<String>) -> String {
    if !markdown.contains(sign) {
        return markdown.to_string();
    }
    let mut out = String::with_capacity(markdown.len());
    let mut parts = markdown.split(sign);
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    // Placeholders come in pairs around the table's number.
    while let (Some(number), Some(after)) = (parts.next(), parts.next()) {
        match number.parse::<usize>().ok().and_then(&lookup) {
            Some(put) => {
                if put.starts_with(' ') {
                    out.truncate(out.trim_end_matches([' ', '\t']).len());
                }
                out.push_str(&put);
            }
            None => out.push_str(number),
        }
        out.push_str(after);
    }
    out
}

/// Trailing spaces gone, at most one blank line in a row, one newline at
/// the end. Two line breaks in a row (`<br><br>`, how some pages part
/// paragraphs) part paragraphs, and a line break that ends a paragraph
/// (which Markdown would show as a `\`) is left out.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = 0;
    // A line that is only a break is htmd's second `<br>` in a row: a
    // literal backslash on the page is written `\\`.
    let lines: Vec<&str> = markdown
        .lines()
        .map(|l| if l.trim() == "\\" { "" } else { l.trim_end() })
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let ends_block = lines.get(i + 1).is_none_or(|next| next.trim().is_empty());
        let line = match line.strip_suffix('\\') {
            Some(before) if ends_block && !before.ends_with('\\') => before.trim_end(),
            _ => line,
        };
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&keep_closing_hashes(line));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// A heading whose text ends in `#` (`<h2>Rights ##</h2>`): htmd writes
/// `## Rights ##`, which Markdown reads as a closing sequence and drops;
/// escaped, the signs stay text.
fn keep_closing_hashes(line: &str) -> std::borrow::Cow<'_, str> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) || !line[level..].starts_with(' ') {
        return line.into();
    }
    let run = line.len() - line.trim_end_matches('#').len();
    let before = &line[..line.len() - run];
    if run == 0 || before.len() <= level || !before.ends_with(' ') {
        return line.into();
    }
    format!("{before}\\{}", &line[line.len() - run..]).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_ending_in_hashes_keeps_them() {
        let md = convert("<h2>Rights ##</h2><h3>C#</h3><p>a #</p>", &[], &[]);
        assert_eq!(md, "## Rights \\##\n\n### C#\n\na #\n");
        let block = crate::import::blocks::atx_heading("## Rights \\##").unwrap();
        assert_eq!(
            crate::import::blocks::rendered(&block.joined()),
            "Rights ##"
        );
    }
}
