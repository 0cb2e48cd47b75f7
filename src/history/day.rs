//! A calendar day: when a release was recorded, from when it is in force,
//! and what "today" is for a build. Written and read as `YYYY-MM-DD`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::locale::format_date;

/// One calendar day, ordered as days are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(jiff::civil::Date);

impl Day {
    /// Reads a day written `YYYY-MM-DD` (four-digit year, two-digit month
    /// and day); the error says how to write it.
    pub fn parse(text: &str) -> Result<Day, String> {
        let bytes = text.as_bytes();
        let shaped = text.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-';
        match text.parse::<jiff::civil::Date>() {
            Ok(date) if shaped => Ok(Day(date)),
            _ => Err(format!(
                "`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-29"
            )),
        }
    }

    /// Today for `release` and `build`: `explicit` (from `--today`), else
    /// the day of `SOURCE_DATE_EPOCH` (for reproducible builds), else the
    /// system clock's.
    pub fn today(explicit: Option<&str>) -> Result<Day, String> {
        if let Some(day) = explicit {
            return Day::parse(day).map_err(|e| format!("--today: {e}"));
        }
        if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
            let seconds: i64 = epoch.trim().parse().map_err(|_| {
                format!("SOURCE_DATE_EPOCH must be a number of seconds, not `{epoch}`")
            })?;
            let ts = jiff::Timestamp::from_second(seconds)
                .map_err(|e| format!("SOURCE_DATE_EPOCH: {e}"))?;
            return Ok(Day(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()));
        }
        Ok(Day(jiff::ZonedDateTime::now().date()))
    }

    /// The day as readers in `locale` write it ("November 29, 2026",
    /// "29. November 2026"), or as `YYYY-MM-DD` when the locale has no
    /// calendar data.
    pub fn format(&self, locale: &str) -> String {
        let d = self.0;
        format_date(locale, i32::from(d.year()), d.month() as u8, d.day() as u8)
            .unwrap_or_else(|| self.to_string())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Day {
    type Err = String;

    fn from_str(text: &str) -> Result<Day, String> {
        Day::parse(text)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
        let text = String::deserialize(deserializer)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_must_be_real_and_written_in_full() {
        assert_eq!(Day::parse("2026-11-29").unwrap().to_string(), "2026-11-29");
        assert!(Day::parse("2026-02-30").is_err());
        assert!(Day::parse("29.11.2026").is_err());
        assert!(Day::parse("2026-1-5").is_err());
    }

    #[test]
    fn an_explicit_today_wins() {
        assert_eq!(
            Day::today(Some("2027-01-02")).unwrap(),
            Day::parse("2027-01-02").unwrap()
        );
        assert!(
            Day::today(Some("tomorrow"))
                .unwrap_err()
                .starts_with("--today:")
        );
    }

    #[test]
    fn days_compare_in_calendar_order_and_format_for_a_locale() {
        let (a, b) = (
            Day::parse("2026-09-30").unwrap(),
            Day::parse("2026-10-01").unwrap(),
        );
        assert!(a < b);
        assert_eq!(b.format("de-DE"), "1. Oktober 2026");
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            "\"2026-10-01\"",
            "a day is written as text"
        );
    }
}
