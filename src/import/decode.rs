//! The bytes of a saved page as text: UTF-8 (a byte order mark dropped),
//! UTF-16 with its byte order mark (Windows' "Unicode text"), or else
//! Windows-1252, which old pages and "save as text" often are; line ends
//! made `\n`; a binary file (a PDF, an image, a Word file) refused; and
//! which kind of file it is.

use std::path::Path;

use super::blocks::list_marker_len;
use super::{SourceKind, text_lines};

/// A page's bytes as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with `\n` line ends and no byte order mark.
    pub text: String,
    /// Whether it was not UTF-8 and was read as Windows-1252.
    pub windows_1252: bool,
}

/// Why bytes are not a page's text: they look like a binary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binary {
    /// They start as a known kind of binary file does (its name, "a PDF
    /// document").
    Magic(&'static str),
    /// They hold NUL bytes, which no text page has.
    Nul,
    /// They hold many control bytes, which text pages do not.
    Controls,
}

impl Binary {
    /// Why the file looks binary, to end "… looks like a binary file: ".
    pub fn reason(self) -> String {
        match self {
            Binary::Magic(what) => format!("it starts as {what} does"),
            Binary::Nul => "it holds NUL bytes, which text never has".into(),
            Binary::Controls => "it holds control bytes, which text does not have".into(),
        }
    }
}

/// Reads `bytes` as UTF-16 when they start with its byte order mark, as
/// UTF-8 when they are, else as Windows-1252 (whose every byte is a
/// character, Latin-1 included). Bytes that look like a binary file (a
/// known magic number, NUL bytes, many control bytes) are refused:
/// Windows-1252 would read anything, and make garbage of it.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Binary> {
    if let Some(text) = utf16(bytes) {
        return Ok(Decoded {
            text: normalise(&text),
            windows_1252: false,
        });
    }
    if let Some(kind) = binary(bytes) {
        return Err(kind);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: normalise(text),
            windows_1252: false,
        },
        Err(_) => Decoded {
            text: normalise(&bytes.iter().map(|&b| windows_1252(b)).collect::<String>()),
            windows_1252: true,
        },
    })
}

/// The text of UTF-16 bytes that start with a byte order mark (little- or
/// big-endian); a stray code unit or odd last byte becomes U+FFFD.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (little, rest) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return None,
    };
    let units = rest.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if rest.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    Some(text)
}

/// The magic numbers of the binary files people mistake for a saved page.
const MAGIC: [(&[u8], &str); 10] = [
    (b"%PDF-", "a PDF document"),
    (
        b"PK\x03\x04",
        "a ZIP archive (a .docx, .odt or .pages file is one)",
    ),
    (
        b"PK\x05\x06",
        "a ZIP archive (a .docx, .odt or .pages file is one)",
    ),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an old Office file (.doc, .xls)",
    ),
    (b"\x89PNG\r\n\x1A\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
];

/// Whether `bytes` look like a binary file rather than text: a known
/// magic number, a NUL byte, or more than one byte in a hundred a control
/// character that text does not use (tab, line ends and form feed do).
fn binary(bytes: &[u8]) -> Option<Binary> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(Binary::Magic(what));
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some(Binary::Magic("a WebP image"));
    }
    if bytes.contains(&0) {
        return Some(Binary::Nul);
    }
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C) || b == 0x7F)
        .count();
    (controls * 100 > bytes.len()).then_some(Binary::Controls)
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
/// items. In an export that parts paragraphs with blank lines, yet writes
/// a title's text right under it or definitions line by line, a blank
/// line is put where a paragraph ends ([`text_lines::breaks`]); an export
/// with few blank lines is read a line a paragraph
/// ([`few_blank_lines`]).
pub fn text_to_markdown(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let bullet = ["• ", "· ", "– ", "○ ", "▪ "]
                .iter()
                .find_map(|b| trimmed.strip_prefix(b));
            match bullet {
                Some(rest) => format!("- {}", rest.trim_start()),
                None => line.trim_end().to_string(),
            }
        })
        .collect();
    let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
    let cut = if few_blank_lines(text) {
        vec![false; lines.len()]
    } else {
        text_lines::breaks(&borrowed)
    };
    let mut out = String::with_capacity(text.len());
    for (line, cut) in lines.iter().zip(cut) {
        out.push_str(line);
        out.push('\n');
        if cut {
            out.push('\n');
        }
    }
    out
}

/// Whether a text export puts its paragraphs on lines of their own
/// without blank lines between them: few blank lines, and lines not
/// shaped as a paragraph wrapped at a width ([`wrapped`]), which has few
/// blank lines too when its sections run long.
pub fn few_blank_lines(text: &str) -> bool {
    let blank = text.lines().filter(|l| l.trim().is_empty()).count();
    let full = text.lines().count() - blank;
    blank * 4 < full && !wrapped(text)
}

/// Whether a text export's paragraphs are wrapped across lines: of its
/// lines of text (six words or more, not a list item nor a menu of `|`,
/// with a line of text below), at least half run on mid-sentence (no
/// sentence punctuation at their end). Paragraphs a line each end their
/// lines with sentence punctuation; only their short title lines do not.
fn wrapped(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let (mut long, mut runs_on) = (0usize, 0usize);
    for pair in lines.windows(2) {
        let (above, below) = (pair[0], pair[1]);
        let words = above
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        if words < 6
            || above.contains('|')
            || list_marker_len(above).is_some()
            || below.is_empty()
            || list_marker_len(below).is_some()
        {
            continue;
        }
        long += 1;
        if !text_lines::ends_sentence(above) {
            runs_on += 1;
        }
    }
    runs_on > 0 && runs_on * 2 >= long
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_crlf_and_windows_1252_are_read() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\r\n").unwrap();
        assert_eq!(d.text, "a\nb\n");
        assert!(!d.windows_1252);
        let d = decode(b"Caf\xe9 \x93quoted\x94\r\n").unwrap();
        assert_eq!(d.text, "Café “quoted”\n");
        assert!(d.windows_1252);
    }

    #[test]
    fn utf16_with_a_bom_is_read_in_either_byte_order() {
        let text = "Café “ok” 😀\r\nline\r\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [le, be] {
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, "Café “ok” 😀\nline\n");
            assert!(!d.windows_1252);
        }
        // An odd last byte is one replacement character, not a panic.
        assert_eq!(decode(b"\xFF\xFEa\x00b").unwrap().text, "a\u{fffd}");
    }

    #[test]
    fn binary_files_are_refused() {
        assert_eq!(
            decode(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"),
            Err(Binary::Magic("a PDF document"))
        );
        assert!(matches!(
            decode(b"PK\x03\x04\x14\x00"),
            Err(Binary::Magic(_))
        ));
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1A\n\x00"),
            Err(Binary::Magic(_))
        ));
        assert!(matches!(decode(b"\xFF\xD8\xFF\xE0"), Err(Binary::Magic(_))));
        assert!(matches!(decode(b"GIF89a\x01"), Err(Binary::Magic(_))));
        assert_eq!(decode(b"text\x00more"), Err(Binary::Nul));
        // Bytes with no NUL, but full of control bytes.
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 | 1)
            .collect();
        assert_eq!(decode(&noise), Err(Binary::Controls));
        // A form feed or a stray control byte in a long page is text.
        let mut page = "Privacy. ".repeat(50).into_bytes();
        page.extend(b"\x0c\x1b");
        assert!(decode(&page).is_ok());
    }

    #[test]
    fn wrapped_paragraphs_are_not_read_a_line_a_paragraph() {
        let wrapped = "Cookie Policy\n\n1. What cookies are\nCookies are small files that a website stores on your device when you\nvisit it. We use them to remember your settings, to keep you signed in\nand to understand how visitors use the site.\n";
        assert!(!few_blank_lines(wrapped));
        assert!(text_to_markdown(wrapped).contains("when you\nvisit it."));
        let lines = "Terms\n1. Scope\nThese terms cover every order you place in our shop.\nThey apply whether you order online or by phone.\n2. Returns\nYou may return goods within 30 days of delivery.\n";
        assert!(few_blank_lines(lines));
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
