//! Date lines a policy page types by hand ("Last Updated: Sep, 26 2024",
//! "Stand: 26.09.2024", "Dernière mise à jour : 26 septembre 2024"), in the
//! theme's languages: recognised, so the date becomes the first release;
//! and the headings of change logs, whose dates are history, not the page's.

use serde::Serialize;

use super::date_words::{
    CHANGE_LOG_HEADINGS, CHANGE_LOG_PHRASES, FILLERS, LABELS, MONTHS, SENTENCE_LABELS,
    SENTENCE_NOUNS, SENTENCE_SUBJECTS, SENTENCE_VERBS, WEEKDAYS,
};
use crate::history::Day;

pub use super::date_words::DateKind;

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
    /// The line names a month, not a day ("Stand: September 2024"): the
    /// day is the month's first.
    pub month_only: bool,
    /// A numeric date that reads as two days (`05/06/2024`) when the
    /// order of day and month is unknown: the day the other reading
    /// gives (`day` is the month-first reading in English).
    #[serde(serialize_with = "maybe_text")]
    pub other_reading: Option<Day>,
    /// The year was written with two digits (`03/04/24`): read as 20YY,
    /// or 19YY when 20YY would be more than ten years after today (see
    /// [`full_year`]).
    pub two_digit_year: bool,
}

/// The order of day and month in a numeric date (`05/06/2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    /// `05/06/2024` is May 6 (`en-US`).
    MonthFirst,
    /// `05/06/2024` is 5 June (`en-GB`, `de-DE`, every other locale that
    /// writes the year last).
    DayFirst,
    /// Unknown (no locale, or one whose dates start with the year):
    /// English is read month first, other languages day first, and an
    /// English date that reads both ways says its other reading.
    Unknown,
}

impl DayOrder {
    /// The order readers in `locale` (`en-GB`, `en_gb`, `de`) write
    /// numeric dates in, from ICU's data ([`crate::locale::month_first`]).
    pub fn of(locale: Option<&str>) -> DayOrder {
        match locale.and_then(crate::locale::month_first) {
            Some(true) => DayOrder::MonthFirst,
            Some(false) => DayOrder::DayFirst,
            None => DayOrder::Unknown,
        }
    }
}

/// A date as read: the day, whether it named a month only, the other
/// reading of an ambiguous numeric date, and whether its year had two
/// digits.
struct Read {
    day: Day,
    month_only: bool,
    other: Option<Day>,
    two_digit_year: bool,
}

impl Read {
    fn plain(day: Day, month_only: bool) -> Read {
        Read {
            day,
            month_only,
            other: None,
            two_digit_year: false,
        }
    }
}

fn as_text<S: serde::Serializer>(day: &Day, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&day.to_string())
}

fn maybe_text<S: serde::Serializer>(day: &Option<Day>, s: S) -> Result<S::Ok, S::Error> {
    match day {
        Some(day) => s.serialize_str(&day.to_string()),
        None => s.serialize_none(),
    }
}

/// What a line that may be a date line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Examined {
    /// Not a date line.
    Nothing,
    /// One or more date lines.
    Dates(Vec<DateLine>),
    /// A label and a date as written, but no such day ("September 31,
    /// 2024", "February 29, 2023", "2024-13-01").
    NoSuchDay {
        /// What the label says.
        kind: DateKind,
        /// The language of its words.
        language: &'static str,
    },
}

/// The date lines `line` is: a label and a date, nothing else (bold,
/// italic, a heading mark or brackets around it are fine; a version number
/// before it too: "Version 2.1 — Last updated March 2024"), two such joined
/// by `|`, `·`, `•` or `;` ("Effective: 1 Jan 2020 | Last updated: 26 Sep
/// 2024"), or a sentence saying when the policy was updated or takes
/// effect ("This policy was last updated on March 3, 2024."). `order` says
/// how to read a numeric date such as `05/06/2024`.
pub fn examine(line: &str, order: DayOrder) -> Examined {
    let normal = normalise(line);
    let normal = without_version(&normal);
    let mut found = Vec::new();
    let mut missing = None;
    for part in normal.split(['|', '·', '•', ';']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match one(part, order) {
            Ok((kind, language, read)) => found.push(DateLine {
                kind,
                day: read.day,
                line: line.trim().to_string(),
                language,
                month_only: read.month_only,
                other_reading: read.other,
                two_digit_year: read.two_digit_year,
            }),
            Err(Miss::NoSuchDay(kind, language)) => missing = Some((kind, language)),
            Err(Miss::NotADate) => return Examined::Nothing,
        }
    }
    match missing {
        Some((kind, language)) => Examined::NoSuchDay { kind, language },
        None if found.is_empty() => Examined::Nothing,
        None => Examined::Dates(found),
    }
}

/// The date lines `line` is (see [`examine`]); empty when it is not one,
/// or names no such day.
pub fn recognise(line: &str, order: DayOrder) -> Vec<DateLine> {
    match examine(line, order) {
        Examined::Dates(found) => found,
        Examined::Nothing | Examined::NoSuchDay { .. } => Vec::new(),
    }
}

/// The line as the reader sees it, lowercase, one space between words:
/// Markdown marks, escapes and no-break spaces gone.
fn normalise(line: &str) -> String {
    let text = line
        .trim()
        .trim_start_matches(['#', '>', ' '])
        .replace("<sup>", "")
        .replace("</sup>", "")
        .replace(['*', '_', '\\'], "")
        .replace(['’', '‘'], "'")
        .to_lowercase();
    // split_whitespace takes U+00A0, U+202F and the other spaces as spaces.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A version number before the label ("version 2.1 — last updated…",
/// "v3, updated…") left out; the line is the same otherwise.
fn without_version(normal: &str) -> &str {
    let rest = normal
        .strip_prefix("version ")
        .or_else(|| normal.strip_prefix('v'))
        .unwrap_or("");
    let number = rest
        .split(' ')
        .next()
        .unwrap_or("")
        .trim_end_matches([',', ':']);
    let is_number = number.starts_with(|c: char| c.is_ascii_digit())
        && number.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !is_number {
        return normal;
    }
    let after = rest[number.len()..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ':' | '-' | '–' | '—' | '(' | ')')
    });
    if after.is_empty() { normal } else { after }
}

/// Why a part of a line is no date line.
enum Miss {
    /// No label and date.
    NotADate,
    /// A label and a date as written, but no such day.
    NoSuchDay(DateKind, &'static str),
}

/// One label and its date, brackets around them taken off; or a sentence
/// saying when the policy was updated or takes effect.
fn one(part: &str, order: DayOrder) -> Result<(DateKind, &'static str, Read), Miss> {
    let part = part
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']'])
        .trim()
        .trim_end_matches('.')
        .trim();
    let labelled = LABELS.iter().find(|(label, _, _)| {
        part.starts_with(label)
            && !part[label.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    });
    let (rest, kind, language) = match labelled {
        Some((label, kind, language)) => (&part[label.len()..], *kind, *language),
        None => sentence(part).unwrap_or((part, DateKind::Alone, "en")),
    };
    match parse_date(rest, language, order) {
        Ok(read) => Ok((kind, language, read)),
        // Without a label, only what is plainly meant as a date (a month's
        // name, a year) is one: not a version number or a phone number.
        Err(Missed::NoSuchDay) if kind == DateKind::Alone && !plainly_a_date(rest) => {
            Err(Miss::NotADate)
        }
        Err(Missed::NoSuchDay) => Err(Miss::NoSuchDay(kind, language)),
        Err(Missed::NotADate) => Err(Miss::NotADate),
    }
}

/// Whether `text` names a month or a year (1900 to 2999).
fn plainly_a_date(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|word| {
        month_named(word).is_some()
            || (word.len() == 4
                && word
                    .parse::<u32>()
                    .is_ok_and(|y| (1900..=2999).contains(&y)))
    })
}

/// "This privacy policy was last updated on …", "The terms become
/// effective on …", "This notice takes effect on …": what follows the
/// verb, and what it says. English only, with the policy as its subject.
fn sentence(part: &str) -> Option<(&str, DateKind, &'static str)> {
    let mut words = part.split(' ');
    if !SENTENCE_SUBJECTS.contains(&words.next()?) {
        return None;
    }
    // The subject's other words, then the verb.
    let mut at = part.find(' ')? + 1;
    let mut subject = 0;
    for word in words {
        if SENTENCE_VERBS.contains(&word) {
            break;
        }
        subject += 1;
        if subject > 5 || !SENTENCE_NOUNS.contains(&word) {
            return None;
        }
        at += word.len() + 1;
    }
    let mut rest = part.get(at..)?;
    let mut verbs = 0;
    while let Some(word) = rest
        .split(' ')
        .next()
        .filter(|w| SENTENCE_VERBS.contains(w))
    {
        rest = rest[word.len()..].trim_start();
        verbs += 1;
    }
    if verbs == 0 {
        return None;
    }
    let (label, kind) = SENTENCE_LABELS.iter().find(|(label, _)| {
        rest.starts_with(label)
            && !rest[label.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })?;
    Some((&rest[label.len()..], *kind, "en"))
}

/// Why a date was not read.
enum Missed {
    NotADate,
    NoSuchDay,
}

/// Reads the date after a label: month names in the four languages (with
/// a weekday before it, an ordinal day, or a month alone: its first day),
/// ISO dates, `26.09.2024`, `26-Sep-2024`, `09/2024`, and `09/26/2024`
/// (in `order`; unknown, month first in English; a two-digit year is
/// 2000 and more). With whether it named a month only.
fn parse_date(rest: &str, language: &str, order: DayOrder) -> Result<Read, Missed> {
    use Missed::NotADate;
    let mut month = None;
    let mut numbers = Vec::new();
    let mut whole = None;
    let mut weekday = false;
    let separators = |c: char| c.is_whitespace() || matches!(c, ',' | ':' | '–' | '—');
    for token in rest.split(separators) {
        let token = token
            .trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']'))
            .trim_start_matches('-');
        if token.is_empty() || FILLERS.contains(&token) {
            continue;
        }
        let bare = token.trim_end_matches('.');
        // "Thursday, September 26, 2024": once, before the date.
        if WEEKDAYS.contains(&bare) && !weekday && month.is_none() && numbers.is_empty() {
            weekday = true;
            continue;
        }
        if token.contains(['-', '/']) || token.matches('.').count() >= 2 {
            let parts: Vec<&str> = token.trim_end_matches('.').split(['-', '/', '.']).collect();
            // "26-Sep-2024": a month name between the numbers.
            if let Some(m) = parts.iter().find_map(|p| month_named(p)) {
                if month.replace(m).is_some() {
                    return Err(NotADate);
                }
                for p in parts.iter().filter(|p| month_named(p).is_none()) {
                    numbers.push(p.parse::<u32>().map_err(|_| NotADate)?);
                }
                continue;
            }
            if whole.is_some() {
                return Err(NotADate);
            }
            whole = Some(numeric_date(token, language, order));
            continue;
        }
        if let Some(m) = month_named(bare) {
            if month.replace(m).is_some() {
                return Err(NotADate);
            }
            continue;
        }
        let digits = bare.trim_end_matches(|c: char| c.is_alphabetic() || c == '.' || c == 'º');
        let suffix = &bare[digits.len()..];
        if !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && ["", "st", "nd", "rd", "th", "er", "º", "o", ".º"].contains(&suffix)
        {
            numbers.push(digits.parse::<u32>().map_err(|_| NotADate)?);
            continue;
        }
        return Err(NotADate);
    }
    if let Some(day) = whole {
        return if month.is_none() && numbers.is_empty() {
            day
        } else {
            Err(NotADate)
        };
    }
    let month = u32::from(month.ok_or(NotADate)?);
    let (day, month_only, year) = match numbers.as_slice() {
        [a, b] if *a > 31 => (*b, false, *a),
        [a, b] => (*a, false, *b),
        // "Stand: September 2024": the month's first day.
        [year] if *year > 31 => (1, true, *year),
        _ => return Err(NotADate),
    };
    // "12 March 98": a two-digit year.
    let two_digit_year = year < 100;
    let year = if two_digit_year {
        full_year(year)
    } else {
        year
    };
    make(year, month, day)
        .map(|day| Read {
            two_digit_year,
            ..Read::plain(day, month_only)
        })
        .ok_or(Missed::NoSuchDay)
}

/// The year a two-digit year `yy` names: a last-updated or effective date
/// is at most a few years ahead, so 20YY when that is no more than ten
/// years after today's year, else 19YY (`98` is 1998, `24` is 2024).
/// Today is the clock's, or `SOURCE_DATE_EPOCH`'s day.
fn full_year(yy: u32) -> u32 {
    let this_year = Day::today(None)
        .ok()
        .and_then(|d| d.to_string().get(..4)?.parse::<u32>().ok())
        .unwrap_or(2000);
    if 2000 + yy > this_year + 10 {
        1900 + yy
    } else {
        2000 + yy
    }
}

fn month_named(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, m)| *m)
}

fn numeric_date(token: &str, language: &str, order: DayOrder) -> Result<Read, Missed> {
    let texts: Vec<&str> = token.trim_end_matches('.').split(['-', '/', '.']).collect();
    let mut parts: Vec<u32> = texts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()
        .ok_or(Missed::NotADate)?;
    // "03/04/24": a two-digit year, last.
    let two_digit_year = texts.len() == 3 && texts[2].len() == 2 && parts[0] <= 31;
    if two_digit_year {
        parts[2] = full_year(parts[2]);
    }
    // Dots are day first wherever they are written ("26.09.2024").
    let month_first = !token.contains('.')
        && match order {
            DayOrder::MonthFirst => true,
            DayOrder::DayFirst => false,
            DayOrder::Unknown => token.contains('/') && language == "en",
        };
    let read = match parts.as_slice() {
        // "09/2024", "2024-09": a month.
        [m, y] | [y, m] if *y > 31 && *m <= 12 => make(*y, *m, 1).map(|d| Read::plain(d, true)),
        [_, _] => return Err(Missed::NotADate),
        [a, b, c] if *a > 31 => make(*a, *b, *c).map(|d| Read::plain(d, false)),
        [a, b, c] => {
            let month_day = make(*c, *a, *b);
            let day_month = make(*c, *b, *a);
            // "09/26/2024": no month 26, so only one reading is a date.
            let (day, other) = match (month_day, day_month) {
                (Some(m), Some(d)) if month_first => (m, Some(d)),
                (Some(m), Some(d)) => (d, Some(m)),
                (Some(m), None) => (m, None),
                (None, Some(d)) => (d, None),
                (None, None) => return Err(Missed::NoSuchDay),
            };
            // Only an unknown order leaves two readings to report; dots
            // are always day first.
            let other = other.filter(|o| {
                *o != day && order == DayOrder::Unknown && language == "en" && !token.contains('.')
            });
            Some(Read {
                day,
                month_only: false,
                other,
                two_digit_year,
            })
        }
        _ => return Err(Missed::NotADate),
    };
    read.ok_or(Missed::NoSuchDay)
}

fn make(year: u32, month: u32, day: u32) -> Option<Day> {
    if !(1900..=2999).contains(&year) {
        return None;
    }
    Day::parse(&format!("{year:04}-{month:02}-{day:02}")).ok()
}

/// Whether a heading is a change log's ("Changes", "Revision history",
/// "Änderungshistorie", "Historique des modifications"): the dates under
/// it are earlier versions', not the page's. "Changes to this policy" is
/// not one.
pub fn is_change_log(heading: &str) -> bool {
    let normal = normalise(heading);
    // Numbering and punctuation around the words are left out.
    let words = normal
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .trim();
    CHANGE_LOG_HEADINGS.contains(&words) || CHANGE_LOG_PHRASES.iter().any(|p| words.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(line: &str) -> Option<(DateKind, String)> {
        match recognise(line, DayOrder::Unknown).as_slice() {
            [d] => Some((d.kind, d.day.to_string())),
            [] => None,
            more => panic!("{line}: {} dates", more.len()),
        }
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
    fn weekdays_dashes_brackets_and_abbreviations_are_read() {
        use DateKind::*;
        let cases = [
            (
                "Last updated: Thursday, September 26, 2024",
                LastUpdated,
                "2024-09-26",
            ),
            (
                "Last updated — September 26, 2024",
                LastUpdated,
                "2024-09-26",
            ),
            (
                "Last updated – 26 September 2024",
                LastUpdated,
                "2024-09-26",
            ),
            ("Last updated—September 26, 2024", LastUpdated, "2024-09-26"),
            ("Effective date - 1 Jan 2020", Effective, "2020-01-01"),
            ("Last updated: 26-Sep-2024", LastUpdated, "2024-09-26"),
            ("Updated 26 Sept. 2024", LastUpdated, "2024-09-26"),
            ("Last updated: 2024-09-26", LastUpdated, "2024-09-26"),
            (
                "(Last updated: September 26, 2024)",
                LastUpdated,
                "2024-09-26",
            ),
            ("[Effective 1 January 2020]", Effective, "2020-01-01"),
            (
                "*(Effective as of March 1, 2027.)*",
                Effective,
                "2027-03-01",
            ),
            (
                "Last updated: September 26th, 2024",
                LastUpdated,
                "2024-09-26",
            ),
            (
                "Last updated: September 26<sup>th</sup>, 2024",
                LastUpdated,
                "2024-09-26",
            ),
            ("Effective: the 1st of March, 2021", Effective, "2021-03-01"),
            (
                "Entrée en vigueur : 1er janvier 2020",
                Effective,
                "2020-01-01",
            ),
            ("Updated: 26 September 2024", LastUpdated, "2024-09-26"),
            ("Revised: Sep 26, 2024", LastUpdated, "2024-09-26"),
            ("Last modified: 26/09/2024", LastUpdated, "2024-09-26"),
            ("Version date: 26.09.2024", LastUpdated, "2024-09-26"),
            ("Last updated 09.26.2024", LastUpdated, "2024-09-26"),
        ];
        for (line, kind, date) in cases {
            assert_eq!(day(line), Some((kind, date.to_string())), "{line}");
        }
    }

    #[test]
    fn no_break_spaces_count_as_spaces() {
        let french = "Dernière mise à jour\u{a0}: 26\u{202f}septembre 2024";
        assert_eq!(
            day(french),
            Some((DateKind::LastUpdated, "2024-09-26".into()))
        );
        let english = "Last\u{a0}updated:\u{a0}Sep\u{a0}26, 2024";
        assert_eq!(
            day(english),
            Some((DateKind::LastUpdated, "2024-09-26".into()))
        );
        // The line is quoted as the page wrote it.
        assert_eq!(recognise(french, DayOrder::Unknown)[0].line, french);
    }

    #[test]
    fn each_theme_language_has_its_usual_labels() {
        use DateKind::*;
        let cases = [
            ("Zuletzt aktualisiert: 26.09.2024", LastUpdated, "de"),
            (
                "Letzte Aktualisierung: 26. September 2024",
                LastUpdated,
                "de",
            ),
            (
                "Letzte Änderung: Donnerstag, 26. September 2024",
                LastUpdated,
                "de",
            ),
            ("Gültig ab 1. Januar 2020", Effective, "de"),
            ("In Kraft seit: 01.01.2020", Effective, "de"),
            ("Stand: 26. Sept. 2024", LastUpdated, "de"),
            ("Fassung vom 26.09.2024", LastUpdated, "de"),
            ("Mis à jour le jeudi 26 septembre 2024", LastUpdated, "fr"),
            ("Date d'effet : 1er janvier 2020", Effective, "fr"),
            ("En vigueur à compter du 1er janvier 2020", Effective, "fr"),
            ("Fecha de vigencia: 1 de enero de 2020", Effective, "es"),
            (
                "Actualizado el jueves, 26 de septiembre de 2024",
                LastUpdated,
                "es",
            ),
            ("Última modificación: 26/09/2024", LastUpdated, "es"),
            ("Entrada en vigor: 1.º de enero de 2020", Effective, "es"),
        ];
        for (line, kind, language) in cases {
            let found = recognise(line, DayOrder::Unknown);
            assert_eq!(found.len(), 1, "{line}");
            assert_eq!(
                (found[0].kind, found[0].language),
                (kind, language),
                "{line}"
            );
        }
    }

    #[test]
    fn numeric_dates_follow_the_locale_and_an_unknown_order_gives_both_readings() {
        let read = |line: &str, order| {
            let found = recognise(line, order);
            assert_eq!(found.len(), 1, "{line}");
            (
                found[0].day.to_string(),
                found[0].other_reading.map(|d| d.to_string()),
            )
        };
        let line = "Last updated: 05/06/2024";
        let day_first = DayOrder::of(Some("en-GB"));
        assert_eq!(day_first, DayOrder::DayFirst);
        assert_eq!(read(line, day_first), ("2024-06-05".into(), None));
        for uk in ["en-AU", "en-IE", "en-NZ", "en-IN", "en_gb"] {
            assert_eq!(DayOrder::of(Some(uk)), DayOrder::DayFirst, "{uk}");
        }
        let month_first = DayOrder::of(Some("en-US"));
        assert_eq!(read(line, month_first), ("2024-05-06".into(), None));
        // Unknown: English month first, and the other reading said.
        assert_eq!(DayOrder::of(Some("en")), DayOrder::Unknown);
        assert_eq!(DayOrder::of(None), DayOrder::Unknown);
        assert_eq!(
            read(line, DayOrder::Unknown),
            ("2024-05-06".into(), Some("2024-06-05".into()))
        );
        // One reading only: no month 26; the same day both ways.
        assert_eq!(
            read("Last updated: 09/26/2024", day_first),
            ("2024-09-26".into(), None)
        );
        assert_eq!(
            read("Last updated: 05/05/2024", DayOrder::Unknown),
            ("2024-05-05".into(), None)
        );
        // Dots are day first, and other languages' labels too.
        assert_eq!(
            read("Last updated: 05.06.2024", month_first),
            ("2024-06-05".into(), None)
        );
        assert_eq!(
            read("Stand: 05/06/2024", DayOrder::Unknown),
            ("2024-06-05".into(), None)
        );
    }

    #[test]
    fn a_date_line_naming_no_such_day_is_told_apart() {
        for line in [
            "Last updated: September 31, 2024",
            "Last updated: February 29, 2023",
            "Effective: 2024-13-01",
            "Last updated: 31/31/2024",
            "February 29, 2023",
            "2024-13-01",
        ] {
            assert!(
                matches!(examine(line, DayOrder::Unknown), Examined::NoSuchDay { .. }),
                "{line}"
            );
            assert!(recognise(line, DayOrder::Unknown).is_empty(), "{line}");
        }
        // A leap year's 29 February exists; a misspelt month is no date.
        assert_eq!(
            day("Last updated: February 29, 2024"),
            Some((DateKind::LastUpdated, "2024-02-29".into()))
        );
        for line in ["Last updated: Septober 30, 2024", "1.2.3", "555-123-4567"] {
            assert_eq!(
                examine(line, DayOrder::Unknown),
                Examined::Nothing,
                "{line}"
            );
        }
    }

    #[test]
    fn a_two_digit_year_far_ahead_is_last_century_and_dots_read_one_way() {
        assert_eq!(
            day("Last updated: 01/02/99"),
            Some((DateKind::LastUpdated, "1999-01-02".to_string()))
        );
        let found = recognise("Last updated: 12 March 98", DayOrder::Unknown);
        assert_eq!(found[0].day.to_string(), "1998-03-12");
        assert!(found[0].two_digit_year);
        assert_eq!(
            day("Last updated: 3 March 24"),
            Some((DateKind::LastUpdated, "2024-03-03".to_string()))
        );
        let dotted = recognise("Last updated: 01.02.26", DayOrder::Unknown);
        assert_eq!(dotted[0].day.to_string(), "2026-02-01");
        assert_eq!(dotted[0].other_reading, None);
    }

    #[test]
    fn more_shapes_of_date_lines_are_read() {
        use DateKind::*;
        let cases = [
            (
                "Version 2.1 — Last updated March 2024",
                LastUpdated,
                "2024-03-01",
            ),
            ("v3, updated 4 May 2024", LastUpdated, "2024-05-04"),
            (
                "Policy last updated: March 3, 2024",
                LastUpdated,
                "2024-03-03",
            ),
            ("Date: 1 February 2024", LastUpdated, "2024-02-01"),
            ("Version en vigueur au 01/02/2024", Effective, "2024-02-01"),
            ("Last reviewed: March 3, 2024", Reviewed, "2024-03-03"),
            (
                "This Privacy Policy was last updated on March 3, 2024.",
                LastUpdated,
                "2024-03-03",
            ),
            (
                "This policy becomes effective on January 1, 2025.",
                Effective,
                "2025-01-01",
            ),
            (
                "These terms take effect on 1 May 2024.",
                Effective,
                "2024-05-01",
            ),
            ("Last updated: 03/04/24", LastUpdated, "2024-03-04"),
        ];
        for (line, kind, date) in cases {
            assert_eq!(day(line), Some((kind, date.to_string())), "{line}");
        }
        assert!(recognise("Last updated: 03/04/24", DayOrder::Unknown)[0].two_digit_year);
        // Sentences about other things, and a version with no date line.
        for line in [
            "The fees were updated on 3 March 2023.",
            "This product was updated on 3 March 2023.",
            "Version 2.1",
            "Version 2.1 of the app",
        ] {
            assert_eq!(day(line), None, "{line}");
        }
    }

    #[test]
    fn a_month_alone_is_its_first_day() {
        for line in [
            "Stand: September 2024",
            "Stand: 09/2024",
            "Last updated: September 2024",
        ] {
            let found = recognise(line, DayOrder::Unknown);
            assert_eq!(found.len(), 1, "{line}");
            assert_eq!(found[0].day.to_string(), "2024-09-01", "{line}");
            assert!(found[0].month_only, "{line}");
        }
        assert!(!recognise("Stand: 26.09.2024", DayOrder::Unknown)[0].month_only);
    }

    #[test]
    fn two_dates_on_one_line_are_both_read() {
        for line in [
            "Effective: 1 Jan 2020 | Last updated: 26 Sep 2024",
            "*Effective: 1 Jan 2020 · Last updated: 26 Sep 2024*",
            "Effective Date: January 1, 2020; Last Updated: September 26, 2024",
        ] {
            let found: Vec<(DateKind, String)> = recognise(line, DayOrder::Unknown)
                .iter()
                .map(|d| (d.kind, d.day.to_string()))
                .collect();
            assert_eq!(
                found,
                vec![
                    (DateKind::Effective, "2020-01-01".into()),
                    (DateKind::LastUpdated, "2024-09-26".into())
                ],
                "{line}"
            );
        }
        // Every part must be a date line.
        assert!(recognise("Last updated: 26 Sep 2024 | Contact us", DayOrder::Unknown).is_empty());
        assert!(recognise("| Last updated | 2024-09-26 |", DayOrder::Unknown).is_empty());
    }

    #[test]
    fn change_log_headings_are_known_and_notices_of_change_are_not() {
        for heading in [
            "Changes",
            "Revision History",
            "12. Version history",
            "**Change log**",
            "Änderungshistorie",
            "Änderungen",
            "Historique des modifications",
            "Historial de cambios",
            "Previous versions of this policy",
        ] {
            assert!(is_change_log(heading), "{heading}");
        }
        for heading in [
            "Changes to this policy",
            "Changes to This Privacy Notice",
            "Änderungen dieser Datenschutzerklärung",
            "Modifications de la présente politique",
            "Cambios en esta política",
            "How we use your data",
        ] {
            assert!(!is_change_log(heading), "{heading}");
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
        assert_eq!(day("Updated 3 March 2023: added section 5"), None);
        assert_eq!(day("Last updated: September 26"), None);
        assert_eq!(day("Last updated: Thursday Friday, 26 Sep 2024"), None);
    }
}
