//! Date lines a policy page types by hand ("Last Updated: Sep, 26 2024",
//! "Stand: 26.09.2024", "Dernière mise à jour : 26 septembre 2024"), in the
//! theme's languages: recognised, so the date becomes the first release.

use serde::Serialize;

use crate::history::Day;

/// What a date line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// "Last updated", "Stand", "Dernière mise à jour".
    LastUpdated,
    /// "Effective date", "Gültig ab", "Entrée en vigueur".
    Effective,
}

impl DateKind {
    /// How the report names it.
    pub fn label(self) -> &'static str {
        match self {
            DateKind::LastUpdated => "last updated",
            DateKind::Effective => "effective",
        }
    }
}

/// A date line recognised on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateLine {
    /// Last updated or effective.
    pub kind: DateKind,
    /// The day it names.
    #[serde(serialize_with = "as_text")]
    pub day: Day,
    /// The line as the page wrote it.
    pub line: String,
    /// The language its words are in (`en`, `de`, `es`, `fr`).
    pub language: &'static str,
}

fn as_text<S: serde::Serializer>(day: &Day, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&day.to_string())
}

/// The labels, longest first within a language, with their kind.
const LABELS: &[(&str, DateKind, &str)] = &[
    ("date of last revision", DateKind::LastUpdated, "en"),
    ("last updated", DateKind::LastUpdated, "en"),
    ("last update", DateKind::LastUpdated, "en"),
    ("last modified", DateKind::LastUpdated, "en"),
    ("last revised", DateKind::LastUpdated, "en"),
    ("last changed", DateKind::LastUpdated, "en"),
    ("updated", DateKind::LastUpdated, "en"),
    ("revised", DateKind::LastUpdated, "en"),
    ("effective date", DateKind::Effective, "en"),
    ("date effective", DateKind::Effective, "en"),
    ("in effect", DateKind::Effective, "en"),
    ("effective", DateKind::Effective, "en"),
    ("fecha de última actualización", DateKind::LastUpdated, "es"),
    ("última actualización", DateKind::LastUpdated, "es"),
    ("ultima actualizacion", DateKind::LastUpdated, "es"),
    ("actualizado", DateKind::LastUpdated, "es"),
    ("actualizada", DateKind::LastUpdated, "es"),
    ("fecha de entrada en vigor", DateKind::Effective, "es"),
    ("fecha de vigencia", DateKind::Effective, "es"),
    ("entrada en vigor", DateKind::Effective, "es"),
    ("en vigor", DateKind::Effective, "es"),
    ("vigente", DateKind::Effective, "es"),
    ("zuletzt aktualisiert", DateKind::LastUpdated, "de"),
    ("letzte aktualisierung", DateKind::LastUpdated, "de"),
    ("zuletzt geändert", DateKind::LastUpdated, "de"),
    ("letzte änderung", DateKind::LastUpdated, "de"),
    ("stand", DateKind::LastUpdated, "de"),
    ("gültig ab", DateKind::Effective, "de"),
    ("gültig seit", DateKind::Effective, "de"),
    ("in kraft seit", DateKind::Effective, "de"),
    ("inkrafttreten", DateKind::Effective, "de"),
    ("date de dernière mise à jour", DateKind::LastUpdated, "fr"),
    ("dernière mise à jour", DateKind::LastUpdated, "fr"),
    ("derniere mise a jour", DateKind::LastUpdated, "fr"),
    ("mise à jour", DateKind::LastUpdated, "fr"),
    ("mis à jour", DateKind::LastUpdated, "fr"),
    ("date d'entrée en vigueur", DateKind::Effective, "fr"),
    ("entrée en vigueur", DateKind::Effective, "fr"),
    ("en vigueur", DateKind::Effective, "fr"),
];

/// Words that may stand between a label and its date ("as of", "le", "de").
const FILLERS: &[&str] = &[
    "on", "as", "of", "the", "from", "since", "de", "del", "el", "le", "du", "au", "à", "a",
    "compter", "partir", "desde", "am", "vom", "ab", "seit", "at", "is",
];

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
];

/// The date line `line` is, if it is one: a label and a date, nothing else
/// (bold, italic or a heading mark around it are fine).
pub fn recognise(line: &str) -> Option<DateLine> {
    let normal: String = line
        .trim()
        .trim_start_matches(['#', '>', ' '])
        .replace(['*', '_', '\\'], "")
        .replace(['’', '‘'], "'")
        .to_lowercase();
    let normal = normal.trim().trim_end_matches('.').trim();
    let (label, kind, language) = LABELS.iter().find(|(label, _, _)| {
        normal.starts_with(label)
            && !normal[label.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })?;
    let day = parse_date(&normal[label.len()..], language)?;
    Some(DateLine {
        kind: *kind,
        day,
        line: line.trim().to_string(),
        language,
    })
}

/// Reads the date after a label: month names in the four languages, ISO
/// dates, `26.09.2024`, and `09/26/2024` (month first in English).
fn parse_date(rest: &str, language: &str) -> Option<Day> {
    let mut month = None;
    let mut numbers = Vec::new();
    let mut whole = None;
    for token in rest.split(|c: char| c.is_whitespace() || c == ',' || c == ':') {
        let token = token.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']'));
        if token.is_empty() || FILLERS.contains(&token) {
            continue;
        }
        if token.contains(['-', '/']) || token.matches('.').count() >= 2 {
            if whole.is_some() {
                return None;
            }
            whole = Some(numeric_date(token, language)?);
            continue;
        }
        let bare = token.trim_end_matches('.');
        if let Some((_, m)) = MONTHS.iter().find(|(name, _)| *name == bare) {
            if month.replace(*m).is_some() {
                return None;
            }
            continue;
        }
        let digits = bare.trim_end_matches(|c: char| c.is_alphabetic());
        let suffix = &bare[digits.len()..];
        if !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && ["", "st", "nd", "rd", "th", "er", "º", "o"].contains(&suffix)
        {
            numbers.push(digits.parse::<u32>().ok()?);
            continue;
        }
        return None;
    }
    if let Some(day) = whole {
        return (month.is_none() && numbers.is_empty()).then_some(day);
    }
    let month = month?;
    let (year, day) = match numbers.as_slice() {
        [a, b] if *a > 31 => (*a, *b),
        [a, b] => (*b, *a),
        _ => return None,
    };
    make(year, u32::from(month), day)
}

fn numeric_date(token: &str, language: &str) -> Option<Day> {
    let parts: Vec<u32> = token
        .trim_end_matches('.')
        .split(['-', '/', '.'])
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if *a > 31 {
        return make(*a, *b, *c);
    }
    if token.contains('/') && language == "en" && *b <= 31 && *a <= 12 {
        return make(*c, *a, *b);
    }
    make(*c, *b, *a)
}

fn make(year: u32, month: u32, day: u32) -> Option<Day> {
    if !(1900..=2999).contains(&year) {
        return None;
    }
    Day::parse(&format!("{year:04}-{month:02}-{day:02}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(line: &str) -> Option<(DateKind, String)> {
        recognise(line).map(|d| (d.kind, d.day.to_string()))
    }

    #[test]
    fn the_date_lines_policies_use_are_read() {
        use DateKind::*;
        let cases = [
            ("Last Updated: Sep, 26 2024", LastUpdated, "2024-09-26"),
            ("Last updated September 26, 2024", LastUpdated, "2024-09-26"),
            (
                "**Last updated:** September 26, 2024",
                LastUpdated,
                "2024-09-26",
            ),
            (
                "_Last updated on 26 September 2024._",
                LastUpdated,
                "2024-09-26",
            ),
            ("Effective Date: January 1, 2020", Effective, "2020-01-01"),
            ("Effective as of 2020-01-01", Effective, "2020-01-01"),
            ("Stand: 26.09.2024", LastUpdated, "2024-09-26"),
            ("\\*Stand\\*: 26.09.2024", LastUpdated, "2024-09-26"),
            (
                "Zuletzt aktualisiert: 26. September 2024",
                LastUpdated,
                "2024-09-26",
            ),
            (
                "Dernière mise à jour : 26 septembre 2024",
                LastUpdated,
                "2024-09-26",
            ),
            (
                "Date d’entrée en vigueur : 1er janvier 2020",
                Effective,
                "2020-01-01",
            ),
            (
                "Última actualización: 26 de septiembre de 2024",
                LastUpdated,
                "2024-09-26",
            ),
            ("*Last revised: 09/26/2024*", LastUpdated, "2024-09-26"),
        ];
        for (line, kind, date) in cases {
            assert_eq!(day(line), Some((kind, date.to_string())), "{line}");
        }
    }

    #[test]
    fn sentences_about_dates_are_not_date_lines() {
        assert_eq!(day("Updated policies are posted here."), None);
        assert_eq!(day("Stand by for changes in 2024"), None);
        assert_eq!(
            day("Effective immediately, we keep logs for 30 days."),
            None
        );
        assert_eq!(day("Last updated: Septober 40, 2024"), None);
    }
}
