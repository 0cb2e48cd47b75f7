//! Locales: checking BCP 47 codes, and what ICU's data says of a locale:
//! its writing direction, and its dates, numbers and lists as readers write them.

use icu::datetime::DateTimeFormatter;
use icu::datetime::fieldsets::YMD;
use icu::datetime::input::Date;
use icu::decimal::DecimalFormatter;
use icu::decimal::input::Decimal;
use icu::list::ListFormatter;
use icu::list::options::ListFormatterOptions;
use icu::locale::{LanguageIdentifier, Locale, LocaleDirectionality, LocaleExpander};

/// The language and script of `locale`, the script from ICU's likely
/// subtags where the code has none (`zh-TW`: `zh`, `Hant`; `zh-CN`: `zh`,
/// `Hans`; `sr-RS`: `sr`, `Cyrl`), lower-case, for the index's script to
/// match a browser's languages with. Empty strings for what is not known.
pub fn language_and_script(locale: &str) -> (String, String) {
    let Ok(mut id) = locale.parse::<LanguageIdentifier>() else {
        return (String::new(), String::new());
    };
    LocaleExpander::new_common().maximize(&mut id);
    let script = id
        .script
        .map(|s| s.as_str().to_lowercase())
        .unwrap_or_default();
    (id.language.as_str().to_string(), script)
}

/// The language an ISO 3166-2 subdivision's name (`US-CA`: "California",
/// `DE-BY`: "Bayern") is most likely written in, as a `lang` value: the
/// country's most likely language (CLDR's likely subtags), with `-Latn`
/// when that language is not written in Latin script, as the standard's
/// names are (`JP-13`: "Tokyo", `ja-Latn`). `None` for a code with no
/// country part.
pub fn subdivision_language(code: &str) -> Option<String> {
    let (country, _) = code.split_once('-')?;
    let mut id: LanguageIdentifier = format!("und-{country}").parse().ok()?;
    LocaleExpander::new_common().maximize(&mut id);
    // ICU's data leaves out the regions whose likely language is CLDR's
    // default, English (`und-GB`, `und-IE`, `und-CA` stay `und`).
    let language = match id.language.as_str() {
        "und" => "en",
        language => language,
    };
    Some(match id.script.map(|s| s.as_str().to_string()) {
        Some(script) if script != "Latn" => format!("{language}-Latn"),
        _ => language.to_string(),
    })
}

/// Checks that `code` is a canonical BCP 47 tag such as `en-US`.
///
/// Returns the advice to show when it is not: `en_us` and `en-us` get a
/// "did you mean `en-US`?" hint.
pub fn validate_locale(code: &str) -> Result<(), String> {
    let candidate = code.replace('_', "-");
    match candidate.parse::<Locale>() {
        // ICU accepts 5-8 letter language subtags ("english"); no project
        // means those, so only the 2-3 letter ISO 639 codes are taken.
        Ok(locale) if (2..=3).contains(&locale.id.language.as_str().len()) => {
            let canonical = locale.to_string();
            if canonical == code {
                Ok(())
            } else {
                Err(format!(
                    "`{code}` is not a BCP 47 locale code as written; did you mean `{canonical}`?"
                ))
            }
        }
        _ => Err(format!(
            "`{code}` is not a BCP 47 locale code; write a language and a region joined by a hyphen, such as `en-US` or `de-DE`"
        )),
    }
}

/// A collator sorting texts as readers in `locale` expect ("Émile" among
/// the E's; in German "Österreich" among the O's), from ICU's data; `None`
/// when `locale` is not a locale ICU reads.
pub fn collator(locale: &str) -> Option<icu::collator::CollatorBorrowed<'static>> {
    let locale: Locale = locale.parse().ok()?;
    let options = icu::collator::options::CollatorOptions::default();
    icu::collator::Collator::try_new(locale.into(), options).ok()
}

/// Formats a date the way readers in `locale` expect it, e.g.
/// "November 29, 2026", "29 de noviembre de 2026", "29. November 2026".
pub fn format_date(locale: &str, year: i32, month: u8, day: u8) -> Option<String> {
    let locale: Locale = locale.parse().ok()?;
    let formatter = DateTimeFormatter::try_new(locale.into(), YMD::long()).ok()?;
    let date = Date::try_new_iso(year, month, day).ok()?;
    Some(formatter.format(&date).to_string())
}

/// Whether readers in `locale` write a numeric date month first
/// (`11/29/2026` in `en-US`, `en-PH`) rather than day first
/// (`29/11/2026` in `en-GB`, `de-DE`), from ICU's short date pattern
/// for it. `None` when that is not known: not a locale, a locale whose
/// short dates put the year first (`en-CA`, `ja-JP`), or English with no
/// region, whose readers differ by country. `_` and any case are read.
pub fn month_first(locale: &str) -> Option<bool> {
    let locale: Locale = locale.replace('_', "-").parse().ok()?;
    if locale.id.region.is_none() && locale.id.language.as_str() == "en" {
        return None;
    }
    let formatter = DateTimeFormatter::try_new(locale.into(), YMD::short()).ok()?;
    let date = Date::try_new_iso(2026, 11, 29).ok()?;
    let shown = formatter.format(&date).to_string();
    // The numbers as shown, whatever the script's digits.
    let numbers: Vec<u32> = shown
        .split(|c: char| !c.is_numeric())
        .filter(|n| !n.is_empty())
        .map(|n| {
            n.chars()
                .filter_map(|c| c.to_digit(10))
                .fold(0, |a, d| a * 10 + d)
        })
        .collect();
    let at = |n: u32| numbers.iter().position(|x| *x == n);
    let (month, day) = (at(11)?, at(29)?);
    let year = at(26).or(at(2026))?;
    (year > month.min(day)).then_some(month < day)
}

/// The direction a locale's script is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right (Latin, Cyrillic, CJK…), and any locale ICU does not know.
    Ltr,
    /// Right to left (Arabic, Hebrew…).
    Rtl,
}

impl Direction {
    /// The value of an HTML `dir` attribute: `ltr` or `rtl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// The direction `locale` is written in, from the script ICU's likely
/// subtags give it (`ar`, `he`, `fa`, `ur` are right to left, and so is
/// `az-Arab`). Unknown locales and codes that are not locales are left to right.
pub fn direction(locale: &str) -> Direction {
    // Built from data compiled into the binary: nothing to load or cache.
    let directionality = LocaleDirectionality::new_common();
    match locale.replace('_', "-").parse::<Locale>() {
        Ok(locale) if directionality.is_right_to_left(&locale.id) => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// Formats a whole number the way readers in `locale` write it, with the
/// locale's digits and grouping: `1,234` in `en-US`, `1.234` in `de-DE`,
/// `١٬٢٣٤` in `ar-EG`, `۱٬۲۳۴` in `fa-IR`. Plain digits when the locale is
/// not one.
pub fn format_number(locale: &str, n: u64) -> String {
    let formatter = locale
        .replace('_', "-")
        .parse::<Locale>()
        .ok()
        .and_then(|locale| DecimalFormatter::try_new(locale.into(), Default::default()).ok());
    match formatter {
        Some(formatter) => formatter.format_to_string(&Decimal::from(n)),
        None => n.to_string(),
    }
}

/// Joins `items` into an "and" list as readers in `locale` write one:
/// "A, B, and C" in `en-US`, "A, B y C" in `es-ES`, "A、B、C" in `ja-JP`,
/// "A وB وC" in `ar`. Joined with ", " when the locale is not one.
pub fn format_list<S: AsRef<str>>(locale: &str, items: &[S]) -> String {
    let formatter = locale
        .replace('_', "-")
        .parse::<Locale>()
        .ok()
        .and_then(|locale| {
            ListFormatter::try_new_and(locale.into(), ListFormatterOptions::default()).ok()
        });
    let items = items.iter().map(AsRef::as_ref);
    match formatter {
        Some(formatter) => formatter.format_to_string(items),
        None => items.collect::<Vec<_>>().join(", "),
    }
}

/// `items` as a plain list, with no "and" ("Analytics, Ireland"): ICU's
/// unit list, for the several facts of one thing.
pub fn format_unit_list<S: AsRef<str>>(locale: &str, items: &[S]) -> String {
    let formatter = locale
        .replace('_', "-")
        .parse::<Locale>()
        .ok()
        .and_then(|locale| {
            ListFormatter::try_new_unit(locale.into(), ListFormatterOptions::default()).ok()
        });
    let items = items.iter().map(AsRef::as_ref);
    match formatter {
        Some(formatter) => formatter.format_to_string(items),
        None => items.collect::<Vec<_>>().join(", "),
    }
}

/// The language subtag of a locale code (`es` for `es-US`).
pub fn language_of(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or(locale)
}

/// The name of the country or territory with the ISO 3166-1 code `code`
/// (`IE`) in `reader`'s language ("Ireland", "Irland"), from CLDR; English
/// when CLDR has no names in that language; `None` for a code CLDR does
/// not name.
pub fn country_name(code: &str, reader: &str) -> Option<String> {
    use icu::experimental::displaynames::multi::RegionDisplayNames;
    use icu::experimental::displaynames::{DisplayNamesOptions, DisplayNamesPreferences};
    use icu::locale::subtags::Region;
    let region = Region::try_from_str(code).ok()?;
    [reader, "en"]
        .into_iter()
        .filter_map(|l| l.parse::<Locale>().ok())
        .filter_map(|l| {
            RegionDisplayNames::try_new(
                DisplayNamesPreferences::from(l),
                DisplayNamesOptions::default(),
            )
            .ok()
        })
        .find_map(|names| names.of(region).map(str::to_string))
}

/// A length of time in `reader`'s words, from CLDR's unit patterns: "24
/// months", "24 Monate", "1 year, 6 months"; a zero length in days, "0
/// days". `None` when `reader` is not a locale.
pub fn format_duration(
    reader: &str,
    years: u64,
    months: u64,
    weeks: u64,
    days: u64,
) -> Option<String> {
    use icu::experimental::duration::options::{BaseStyle, DurationFormatterOptions, FieldDisplay};
    use icu::experimental::duration::{
        Duration, DurationFormatter, DurationFormatterPreferences, DurationSign,
        ValidatedDurationFormatterOptions,
    };
    let locale: Locale = reader.parse().ok()?;
    let mut options = DurationFormatterOptions::default();
    options.base = BaseStyle::Long;
    // ICU leaves out every field that is zero, so a zero length would be
    // no text at all: show it in days.
    if years == 0 && months == 0 && weeks == 0 && days == 0 {
        options.day_visibility = Some(FieldDisplay::Always);
    }
    let options = ValidatedDurationFormatterOptions::validate(options).ok()?;
    let formatter =
        DurationFormatter::try_new(DurationFormatterPreferences::from(&locale), options).ok()?;
    let duration = Duration {
        sign: DurationSign::Positive,
        years,
        months,
        weeks,
        days,
        ..Duration::new()
    };
    Some(formatter.format(&duration).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_and_durations_are_named_in_the_readers_language() {
        assert_eq!(country_name("IE", "en-US").as_deref(), Some("Ireland"));
        assert_eq!(country_name("IE", "de-DE").as_deref(), Some("Irland"));
        assert_eq!(
            format_duration("en-US", 0, 24, 0, 0).as_deref(),
            Some("24 months")
        );
        assert_eq!(
            format_duration("de-DE", 0, 24, 0, 0).as_deref(),
            Some("24 Monate")
        );
        assert_eq!(
            format_duration("en-US", 1, 0, 0, 0).as_deref(),
            Some("1 year")
        );
        assert_eq!(
            format_duration("es-US", 0, 0, 0, 30).as_deref(),
            Some("30 días")
        );
    }

    #[test]
    fn a_subdivisions_name_is_in_its_countrys_language() {
        assert_eq!(subdivision_language("US-CA").as_deref(), Some("en"));
        assert_eq!(subdivision_language("GB-SCT").as_deref(), Some("en"));
        assert_eq!(subdivision_language("DE-BY").as_deref(), Some("de"));
        assert_eq!(subdivision_language("JP-13").as_deref(), Some("ja-Latn"));
        assert_eq!(subdivision_language("CA-QC").as_deref(), Some("en"));
        assert_eq!(subdivision_language("IE"), None);
    }

    #[test]
    fn zero_and_edge_durations_are_never_an_empty_text() {
        assert_eq!(
            format_duration("en-US", 0, 0, 0, 0).as_deref(),
            Some("0 days")
        );
        assert_eq!(
            format_duration("de-DE", 0, 0, 0, 0).as_deref(),
            Some("0 Tage")
        );
        assert_eq!(
            format_duration("en-US", 0, 0, 0, 1).as_deref(),
            Some("1 day")
        );
        assert_eq!(
            format_duration("en-US", 1, 6, 0, 0).as_deref(),
            Some("1 year, 6 months")
        );
        assert_eq!(
            format_duration("de-DE", 1, 6, 0, 0).as_deref(),
            Some("1 Jahr, 6 Monate")
        );
        for n in [1_000_000, u64::from(u32::MAX), u64::MAX] {
            let text = format_duration("en-US", 0, 0, 0, n).unwrap_or_default();
            assert!(text.ends_with(" days"), "{n}: {text:?}");
        }
    }

    #[test]
    fn numeric_date_order_follows_the_locale() {
        for locale in ["en-US", "en-PH", "en_us"] {
            assert_eq!(month_first(locale), Some(true), "{locale}");
        }
        for locale in [
            "en-GB", "en-AU", "en-IE", "en-NZ", "en-IN", "de-DE", "fr-FR", "es-US", "en-gb",
        ] {
            assert_eq!(month_first(locale), Some(false), "{locale}");
        }
        for locale in ["en", "ja-JP", "not a locale"] {
            assert_eq!(month_first(locale), None, "{locale}");
        }
    }

    /// ICU4X's long year-month-day, which the README says differs from
    /// CLDR's `dateFormats/long` for these languages: if an upgrade of ICU
    /// changes them, the README's note must change with them.
    #[test]
    fn dates_are_icu4x_long_year_month_day() {
        let shown: Vec<String> = ["et", "ga", "vi", "mt", "sl"]
            .into_iter()
            .map(|l| format_date(l, 2026, 3, 2).unwrap_or_default())
            .collect();
        assert_eq!(
            shown,
            [
                "2 märts 2026",
                "Márta 2, 2026",
                "2 tháng 3 2026",
                "2 ta’ Marzu, 2026",
                "02. marec 2026"
            ]
        );
    }

    #[test]
    fn dates_follow_the_locale() {
        assert_eq!(
            format_date("en-US", 2026, 11, 29).unwrap(),
            "November 29, 2026"
        );
        assert_eq!(
            format_date("es-US", 2026, 11, 29).unwrap(),
            "29 de noviembre de 2026"
        );
        assert_eq!(
            format_date("de-DE", 2026, 11, 29).unwrap(),
            "29. November 2026"
        );
        assert_eq!(
            format_date("fr-FR", 2026, 11, 29).unwrap(),
            "29 novembre 2026"
        );
        for (locale, expected) in [
            ("ja-JP", "2026年11月29日"),
            ("zh-CN", "2026年11月29日"),
            ("ar-EG", "٢٩ نوفمبر ٢٠٢٦"),
            ("ar", "29 نوفمبر 2026"),
            ("he-IL", "29 בנובמבר 2026"),
            ("tr-TR", "29 Kasım 2026"),
            ("ru-RU", "29 ноября 2026\u{202f}г."),
            // Iran's own calendar, which ICU gives Persian by default.
            ("fa-IR", "۸ آذر ۱۴۰۵"),
        ] {
            assert_eq!(
                format_date(locale, 2026, 11, 29).unwrap(),
                expected,
                "{locale}"
            );
        }
    }

    #[test]
    fn direction_comes_from_the_locales_script() {
        for locale in ["ar", "ar-EG", "ar-MA", "he-IL", "fa-IR", "ur", "az-Arab"] {
            assert_eq!(direction(locale), Direction::Rtl, "{locale}");
        }
        for locale in [
            "en-US",
            "de-DE",
            "es-ES",
            "fr-FR",
            "ja-JP",
            "zh-CN",
            "tr-TR",
            "ru-RU",
            "az",
            "xx-YY",
            "not a locale",
        ] {
            assert_eq!(direction(locale), Direction::Ltr, "{locale}");
        }
        assert_eq!(Direction::Rtl.as_str(), "rtl");
        assert_eq!(Direction::Ltr.as_str(), "ltr");
    }

    #[test]
    fn numbers_use_the_locales_digits_and_grouping() {
        for (locale, expected) in [
            ("en-US", "1,234,567"),
            ("de-DE", "1.234.567"),
            ("es-ES", "1.234.567"),
            // Narrow no-break spaces in French, no-break spaces in Russian.
            ("fr-FR", "1\u{202f}234\u{202f}567"),
            ("ru-RU", "1\u{a0}234\u{a0}567"),
            ("ja-JP", "1,234,567"),
            ("zh-CN", "1,234,567"),
            ("tr-TR", "1.234.567"),
            ("he-IL", "1,234,567"),
            // CLDR: Arabic without a region and in Morocco writes Western
            // digits; Egypt and Saudi Arabia write Arabic-Indic ones, and
            // Persian its own.
            ("ar", "1,234,567"),
            ("ar-MA", "1.234.567"),
            ("ar-EG", "١٬٢٣٤٬٥٦٧"),
            ("ar-SA", "١٬٢٣٤٬٥٦٧"),
            ("fa-IR", "۱٬۲۳۴٬۵۶۷"),
            ("not a locale", "1234567"),
        ] {
            assert_eq!(format_number(locale, 1_234_567), expected, "{locale}");
        }
        assert_eq!(format_number("ar-EG", 3), "٣");
        assert_eq!(format_number("fa-IR", 12), "۱۲");
        assert_eq!(format_number("de-DE", 12), "12");
    }

    #[test]
    fn lists_are_joined_as_each_language_writes_them() {
        let three = ["A", "B", "C"];
        for (locale, expected) in [
            ("en-US", "A, B, and C"),
            ("de-DE", "A, B und C"),
            ("es-ES", "A, B y C"),
            ("fr-FR", "A, B et C"),
            ("ja-JP", "A、B、C"),
            ("zh-CN", "A、B和C"),
            ("ar", "A وB وC"),
            ("ar-EG", "A وB وC"),
            ("he-IL", "A, B ו\u{2011}C"),
            ("fa-IR", "A،\u{200f} B، و C"),
            ("tr-TR", "A, B ve C"),
            ("ru-RU", "A, B и C"),
            ("pl-PL", "A, B i C"),
            ("pt-BR", "A, B e C"),
            ("not a locale", "A, B, C"),
        ] {
            assert_eq!(format_list(locale, &three), expected, "{locale}");
        }
        assert_eq!(format_list("en-US", &["A", "B"]), "A and B");
        assert_eq!(
            format_list("es-ES", &["España", "Italia"]),
            "España e Italia"
        );
        assert_eq!(format_list("de-DE", &["A"]), "A");
        assert_eq!(format_list::<&str>("de-DE", &[]), "");
    }

    #[test]
    fn underscore_locale_is_rejected_with_a_hint() {
        let err = validate_locale("en_us").unwrap_err();
        assert!(err.contains("did you mean `en-US`"), "{err}");
        assert!(validate_locale("en-US").is_ok());
        assert!(validate_locale("english").is_err());
    }
}
