//! A cell's value checked against its column's type, and written in one
//! canonical form: countries by ISO 3166 code, days as `YYYY-MM-DD`,
//! durations as ISO 8601 (`P24M`), addresses as written.

use super::{Choice, ColumnKind, did_you_mean};
use crate::diagnostics::closest;

/// A value that does not fit its column: what is wrong, and what to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

fn mismatch(message: String, help: impl Into<String>) -> Mismatch {
    Mismatch {
        message,
        help: help.into(),
    }
}

/// Checks `raw`, a cell of a column of `kind` (with its `choices`), and
/// gives the value in its canonical form. Translated cells are not values.
pub fn check(kind: ColumnKind, raw: &str, choices: &[Choice]) -> Result<String, Mismatch> {
    let value = raw.trim();
    match kind {
        ColumnKind::Text | ColumnKind::Translated => Ok(raw.to_string()),
        ColumnKind::Url => check_url(value),
        ColumnKind::Email => check_email(value),
        ColumnKind::Date => check_date(value),
        ColumnKind::Duration => parse_duration(value).map(|d| d.iso()).ok_or_else(|| {
            mismatch(
                format!("`{value}` is not a duration"),
                "write a number and a unit, such as `24 months`, `30 days`, `1 year` or `2 weeks`, or ISO 8601 such as `P24M`",
            )
        }),
        ColumnKind::Country => check_country(value),
        ColumnKind::Choice => {
            if choices.iter().any(|c| c.id == value) {
                return Ok(value.to_string());
            }
            let near = closest(value, choices.iter().map(|c| c.id.as_str()));
            let list = choices
                .iter()
                .map(|c| format!("`{}`", c.id))
                .collect::<Vec<_>>()
                .join(", ");
            Err(mismatch(
                format!("`{value}` is not one of this column's values"),
                did_you_mean(near, &format!("the values are {list}; add a new one under the column's `values:` first")),
            ))
        }
    }
}

fn check_url(value: &str) -> Result<String, Mismatch> {
    let help =
        "write a whole web address starting with `https://`, e.g. `https://example.com/privacy`";
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(value.to_string())
        }
        Ok(url) => Err(mismatch(
            format!(
                "`{value}` is not a web address (it starts with `{}:`)",
                url.scheme()
            ),
            help,
        )),
        Err(e) => Err(mismatch(
            format!("`{value}` is not a web address ({e})"),
            help,
        )),
    }
}

fn check_email(value: &str) -> Result<String, Mismatch> {
    let valid = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && value
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[],;:\"\\".contains(c))
    });
    if valid {
        Ok(value.to_string())
    } else {
        Err(mismatch(
            format!("`{value}` is not an e-mail address"),
            "write the address alone, such as `privacy@example.com` (no name, no `mailto:`)",
        ))
    }
}

fn check_date(value: &str) -> Result<String, Mismatch> {
    let help = "write the day as YYYY-MM-DD, e.g. `2026-01-31`";
    let shaped = value.len() == 10
        && value.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(mismatch(format!("`{value}` is not a date"), help));
    }
    match value.parse::<jiff::civil::Date>() {
        Ok(_) => Ok(value.to_string()),
        Err(_) => Err(mismatch(
            format!("`{value}` is not a day of the calendar"),
            help,
        )),
    }
}

fn check_country(value: &str) -> Result<String, Mismatch> {
    if is_country(value) {
        return Ok(value.to_string());
    }
    let upper = value.to_uppercase();
    let help = if upper != value && is_country(&upper) {
        format!("did you mean `{upper}`? Codes are written in capitals")
    } else {
        "write an ISO 3166-1 country code such as `IE` or `US`, or an ISO 3166-2 subdivision such as `US-CA`".to_string()
    };
    Err(mismatch(
        format!("`{value}` is not an ISO 3166 country or subdivision code"),
        help,
    ))
}

/// Whether `code` is an ISO 3166-1 alpha-2 country code (`IE`) or an
/// ISO 3166-2 subdivision code (`US-CA`).
pub fn is_country(code: &str) -> bool {
    if code.contains('-') {
        rust_iso3166::iso3166_2::from_code(code).is_some()
    } else {
        code.len() == 2 && rust_iso3166::from_alpha2(code).is_some()
    }
}

/// The ISO 3166-2 name of a subdivision (`US-CA`: "California"), as the
/// standard gives it (in the country's language); `None` for countries.
pub fn subdivision_name(code: &str) -> Option<&'static str> {
    rust_iso3166::iso3166_2::from_code(code).map(|s| s.name)
}

/// A length of time, in the units people write policies in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Duration {
    /// Years.
    pub years: u64,
    /// Months.
    pub months: u64,
    /// Weeks.
    pub weeks: u64,
    /// Days.
    pub days: u64,
}

impl Duration {
    /// ISO 8601: `P24M`, `P1Y6M`, `P2W`.
    pub fn iso(&self) -> String {
        let mut s = String::from("P");
        for (n, unit) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if n > 0 {
                s.push_str(&format!("{n}{unit}"));
            }
        }
        if s.len() == 1 {
            s.push_str("0D");
        }
        s
    }
}

/// Reads "24 months", "1 year", "30 days", "2 weeks" (several joined with
/// spaces, commas or "and": "1 year 6 months") or ISO 8601 (`P24M`,
/// `P1Y6M`, `P2W`); no times of day, no fractions.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Some(iso) = text.strip_prefix('P') {
        return parse_iso(iso);
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && *w != "and")
        .collect();
    if words.is_empty() || !words.len().is_multiple_of(2) {
        return None;
    }
    let mut d = Duration::default();
    let mut any = false;
    for pair in words.chunks(2) {
        let n: u64 = pair[0].parse().ok()?;
        let slot = match pair[1].to_lowercase().as_str() {
            "year" | "years" => &mut d.years,
            "month" | "months" => &mut d.months,
            "week" | "weeks" => &mut d.weeks,
            "day" | "days" => &mut d.days,
            _ => return None,
        };
        if *slot != 0 {
            return None;
        }
        *slot = n;
        any |= n > 0;
    }
    (any || d == Duration::default()).then_some(d)
}

fn parse_iso(rest: &str) -> Option<Duration> {
    if rest.is_empty() {
        return None;
    }
    let mut d = Duration::default();
    let mut number = String::new();
    let mut last = 0;
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let order = match c {
            'Y' => 1,
            'M' => 2,
            'W' => 3,
            'D' => 4,
            _ => return None,
        };
        if number.is_empty() || order <= last {
            return None;
        }
        let n: u64 = number.parse().ok()?;
        match c {
            'Y' => d.years = n,
            'M' => d.months = n,
            'W' => d.weeks = n,
            _ => d.days = n,
        }
        number.clear();
        last = order;
    }
    number.is_empty().then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_read_in_words_and_iso() {
        let months = |m| Duration {
            months: m,
            ..Duration::default()
        };
        assert_eq!(parse_duration("24 months"), Some(months(24)));
        assert_eq!(parse_duration("P24M"), Some(months(24)));
        assert_eq!(parse_duration("1 month"), Some(months(1)));
        assert_eq!(parse_duration("1 year 6 months").unwrap().iso(), "P1Y6M");
        assert_eq!(parse_duration("2 weeks").unwrap().iso(), "P2W");
        // Zero is a length (shown "0 days"), in words or ISO 8601.
        assert_eq!(parse_duration("0 days").unwrap().iso(), "P0D");
        assert_eq!(parse_duration("P0D").unwrap().iso(), "P0D");
        assert_eq!(parse_duration("1 day").unwrap().iso(), "P1D");
        for bad in [
            "",
            "24",
            "months",
            "two years",
            "P",
            "PM",
            "P1.5Y",
            "PT5H",
            "1 year 2 years",
            "3 fortnights",
            "-1 days",
            "P-1D",
            "99999999999999999999 days",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_type_checks_its_values() {
        let no = &[];
        assert_eq!(check(ColumnKind::Country, "IE", no).unwrap(), "IE");
        assert_eq!(check(ColumnKind::Country, "US-CA", no).unwrap(), "US-CA");
        assert!(
            check(ColumnKind::Country, "ie", no)
                .unwrap_err()
                .help
                .contains("`IE`")
        );
        assert!(check(ColumnKind::Country, "XX", no).is_err());
        assert!(check(ColumnKind::Country, "US-ZZ", no).is_err());
        assert!(check(ColumnKind::Url, "https://ottermoss.example/privacy", no).is_ok());
        assert!(check(ColumnKind::Url, "ottermoss.example", no).is_err());
        assert!(check(ColumnKind::Url, "mailto:a@b.c", no).is_err());
        assert!(check(ColumnKind::Email, "privacy@ottermoss.example", no).is_ok());
        for bad in ["privacy", "a@b", "a b@c.d", "a@@b.c", "@b.c"] {
            assert!(check(ColumnKind::Email, bad, no).is_err(), "{bad}");
        }
        assert!(check(ColumnKind::Date, "2026-01-31", no).is_ok());
        assert!(check(ColumnKind::Date, "2026-02-30", no).is_err());
        assert!(check(ColumnKind::Date, "31.01.2026", no).is_err());
        assert_eq!(check(ColumnKind::Duration, "30 days", no).unwrap(), "P30D");
    }
}
