//! The bytes of a saved page as text: UTF-8 (a byte order mark dropped),
//! or else Windows-1252, which old pages and "save as text" often are;
//! line ends made `\n`; and which kind of file it is.

use std::path::Path;

use super::SourceKind;

/// A page's bytes as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with `\n` line ends and no byte order mark.
    pub text: String,
    /// Whether it was not UTF-8 and was read as Windows-1252.
    pub windows_1252: bool,
}

/// Reads `bytes` as UTF-8, or, when they are not, as Windows-1252 (whose
/// every byte is a character, Latin-1 included).
pub fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: normalise(text),
            windows_1252: false,
        },
        Err(_) => Decoded {
            text: normalise(&bytes.iter().map(|&b| windows_1252(b)).collect::<String>()),
            windows_1252: true,
        },
    }
}

/// `\r\n` and `\r` as `\n`, a byte order mark and NUL characters removed.
pub fn normalise(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{fffd}")
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// What a page was saved as: HTML by its extension (`.html`, `.htm`) or
/// its first characters; text by `.txt`; Markdown otherwise.
pub fn kind_of(path: &Path, text: &str) -> SourceKind {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => return SourceKind::Html,
        "md" | "markdown" => return SourceKind::Markdown,
        _ => {}
    }
    let start: String = text
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<?xml") && start.contains("<html")
        || start.starts_with("<head")
        || start.starts_with("<body")
    {
        return SourceKind::Html;
    }
    if ext == "txt" || ext == "text" {
        SourceKind::Text
    } else {
        SourceKind::Markdown
    }
}

/// A text export as Markdown: its bullets (`•`, `·`, `–`) made list
/// items.
pub fn text_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        let bullet = ["• ", "· ", "– ", "○ ", "▪ "]
            .iter()
            .find_map(|b| trimmed.strip_prefix(b));
        match bullet {
            Some(rest) => {
                out.push_str("- ");
                out.push_str(rest.trim_start());
            }
            None => out.push_str(line.trim_end()),
        }
        out.push('\n');
    }
    out
}

/// Whether a text export puts its paragraphs on lines of their own
/// without blank lines between them.
pub fn few_blank_lines(text: &str) -> bool {
    let blank = text.lines().filter(|l| l.trim().is_empty()).count();
    let full = text.lines().count() - blank;
    blank * 4 < full
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_crlf_and_windows_1252_are_read() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\r\n");
        assert_eq!(d.text, "a\nb\n");
        assert!(!d.windows_1252);
        let d = decode(b"Caf\xe9 \x93quoted\x94\r\n");
        assert_eq!(d.text, "Café “quoted”\n");
        assert!(d.windows_1252);
    }

    #[test]
    fn html_is_known_by_its_extension_or_start() {
        assert_eq!(kind_of(Path::new("p.htm"), ""), SourceKind::Html);
        assert_eq!(
            kind_of(Path::new("p"), "\n<!DOCTYPE html><html>"),
            SourceKind::Html
        );
        assert_eq!(kind_of(Path::new("p.txt"), "Privacy"), SourceKind::Text);
        assert_eq!(kind_of(Path::new("p.md"), "<html>"), SourceKind::Markdown);
    }
}
