//! Locales: checking BCP 47 codes, and dates formatted for a locale with
//! ICU data.

use icu::datetime::DateTimeFormatter;
use icu::datetime::fieldsets::YMD;
use icu::datetime::input::Date;
use icu::locale::Locale;

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

/// The language subtag of a locale code (`es` for `es-US`).
pub fn language_of(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or(locale)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn underscore_locale_is_rejected_with_a_hint() {
        let err = validate_locale("en_us").unwrap_err();
        assert!(err.contains("did you mean `en-US`"), "{err}");
        assert!(validate_locale("en-US").is_ok());
        assert!(validate_locale("english").is_err());
    }
}
