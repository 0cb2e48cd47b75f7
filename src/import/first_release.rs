//! Which of a document's date lines give its first release, as `policyc
//! release --date --effective` would record it: the latest "last updated"
//! is its date, a later "effective" its effective date, and a day after
//! today makes it a release of today taking effect then. What became of
//! every line is kept, so the report leaves none out.

use serde::Serialize;

use super::dates::{DateKind, DateLine};
use crate::history::Day;

/// What an import records as a document's first release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstRelease {
    /// The release date: never after today.
    pub date: Day,
    /// The day it takes effect, when later than `date`.
    pub effective: Option<Day>,
    /// An effective date the page gave before its last-updated date: the
    /// day its text was first in force, which a release (taking effect on
    /// or after its date) cannot hold, so the message says it.
    pub earlier_effective: Option<Day>,
    /// What became of each of the document's date lines, in their order.
    pub uses: Vec<DateUse>,
}

/// What became of one date line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "use", rename_all = "snake_case")]
pub enum DateUse {
    /// It is the release date.
    ReleaseDate,
    /// It is the later day the release takes effect.
    EffectiveDate,
    /// It is after today: the release is dated today (and takes effect on
    /// this day, unless a later effective date is given).
    AfterToday {
        /// Today, the release date.
        today: Day,
        /// Whether the release takes effect on this line's day.
        takes_effect: bool,
    },
    /// An effective date the same day as the release date.
    SameDay,
    /// An older line of the same kind: the latest is used.
    Older {
        /// The latest of its kind.
        latest: Day,
    },
    /// An effective date before the last-updated date: not recordable as
    /// the release's effective date; the release message says it.
    EarlierEffective {
        /// The last-updated date.
        updated: Day,
    },
    /// A review date: a review changes nothing, so it dates no release.
    Reviewed,
    /// An effective date before today, when the last-updated date is
    /// after today (so the release is dated today): not recordable as the
    /// release's effective date; the release message says it.
    BeforeToday {
        /// Today, the release date.
        today: Day,
    },
}

impl DateUse {
    /// What became of the line, for the report.
    pub fn describe(&self) -> String {
        match self {
            DateUse::ReleaseDate => "the release date".to_string(),
            DateUse::EffectiveDate => "the day the release takes effect".to_string(),
            DateUse::AfterToday {
                today,
                takes_effect: true,
            } => format!(
                "after today, so the release is dated today, {today}, and takes effect on this day (as `policyc release --effective` records it)"
            ),
            DateUse::AfterToday {
                today,
                takes_effect: false,
            } => format!(
                "after today, so the release is dated today, {today}, and takes effect on the effective date"
            ),
            DateUse::SameDay => "the same day as the release date".to_string(),
            DateUse::Reviewed => {
                "not used: a review date; a review that changed nothing is no new version"
                    .to_string()
            }
            DateUse::Older { latest } => {
                format!("not used: an older line of its kind; the latest, {latest}, is used")
            }
            DateUse::EarlierEffective { updated } => format!(
                "not recorded as the effective date: it is before the last-updated date, {updated}, and a release takes effect on or after its date; the release message keeps it"
            ),
            DateUse::BeforeToday { today } => format!(
                "not recorded as the effective date: the last-updated date is after today, so the release is dated today, {today}, and takes effect on or after it; the release message keeps this date"
            ),
        }
    }
}

impl FirstRelease {
    /// The release's message: says an earlier effective date, which the
    /// record cannot hold otherwise.
    pub fn message(&self) -> String {
        let first = "First version, imported from the published page";
        match self.earlier_effective {
            Some(day) => format!("{first}, which gave {day} as its effective date"),
            None => first.to_string(),
        }
    }
}

/// The first release the date lines `dates` give, on `today`; none when
/// there are none.
///
/// The release date is the latest "last updated" (else the latest
/// "effective"), or today when that is later. An effective date the page
/// gives is when the release takes effect as long as it is not before the
/// release date (on it: no separate effective date); before it, it is kept
/// in the message. A release dated today for a later date takes effect on
/// that later date unless the page gave an effective date it can hold.
pub fn plan(dates: &[DateLine], today: Day) -> Option<FirstRelease> {
    let latest = |kind| dates.iter().filter(|d| d.kind == kind).map(|d| d.day).max();
    let updated = latest(DateKind::LastUpdated);
    let effective = latest(DateKind::Effective);
    let wanted = updated.or(effective)?;
    let date = wanted.min(today);
    let (takes_effect, earlier_effective) = match (updated, effective) {
        // The page says when it takes effect, and the release can hold it.
        (Some(_), Some(e)) if e >= date => ((e > date).then_some(e), None),
        // An effective day before the release's: the message keeps it.
        (Some(_), Some(e)) => ((wanted > date).then_some(wanted), Some(e)),
        _ => ((wanted > date).then_some(wanted), None),
    };
    let uses = dates
        .iter()
        .map(|d| {
            let mine = match d.kind {
                DateKind::LastUpdated => updated,
                DateKind::Effective => effective,
                DateKind::Reviewed | DateKind::Alone => return DateUse::Reviewed,
            };
            match (d.kind, mine, updated) {
                (_, Some(latest), _) if d.day < latest => DateUse::Older { latest },
                (DateKind::LastUpdated | DateKind::Reviewed | DateKind::Alone, _, _)
                | (DateKind::Effective, _, None) => {
                    if d.day > today {
                        DateUse::AfterToday {
                            today,
                            takes_effect: takes_effect == Some(d.day),
                        }
                    } else {
                        DateUse::ReleaseDate
                    }
                }
                (DateKind::Effective, _, Some(_)) if d.day > date => DateUse::EffectiveDate,
                (DateKind::Effective, _, Some(_)) if d.day == date => DateUse::SameDay,
                (DateKind::Effective, _, Some(u)) if u > today => DateUse::BeforeToday { today },
                (DateKind::Effective, _, Some(u)) => DateUse::EarlierEffective { updated: u },
            }
        })
        .collect();
    Some(FirstRelease {
        date,
        effective: takes_effect,
        earlier_effective,
        uses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: DateKind, day: &str) -> DateLine {
        DateLine {
            kind,
            day: Day::parse(day).unwrap(),
            line: format!("{} {day}", kind.label()),
            language: "en",
            month_only: false,
            other_reading: None,
            two_digit_year: false,
        }
    }

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    const TODAY: &str = "2026-12-05";

    #[test]
    fn the_latest_last_updated_line_dates_the_release() {
        use DateKind::*;
        let dates = [
            line(LastUpdated, "2023-01-10"),
            line(LastUpdated, "2024-09-26"),
        ];
        let plan = plan(&dates, day(TODAY)).unwrap();
        assert_eq!((plan.date, plan.effective), (day("2024-09-26"), None));
        assert_eq!(
            plan.uses,
            vec![
                DateUse::Older {
                    latest: day("2024-09-26")
                },
                DateUse::ReleaseDate
            ]
        );
    }

    #[test]
    fn an_earlier_effective_date_is_kept_in_the_message() {
        use DateKind::*;
        let dates = [
            line(Effective, "2020-01-01"),
            line(LastUpdated, "2024-09-26"),
        ];
        let plan = plan(&dates, day(TODAY)).unwrap();
        assert_eq!((plan.date, plan.effective), (day("2024-09-26"), None));
        assert_eq!(plan.earlier_effective, Some(day("2020-01-01")));
        assert_eq!(
            plan.uses[0],
            DateUse::EarlierEffective {
                updated: day("2024-09-26")
            }
        );
        assert_eq!(
            plan.message(),
            "First version, imported from the published page, which gave 2020-01-01 as its effective date"
        );
    }

    #[test]
    fn a_later_effective_date_is_when_the_release_takes_effect() {
        use DateKind::*;
        let dates = [
            line(LastUpdated, "2024-02-01"),
            line(Effective, "2024-03-01"),
        ];
        let plan = plan(&dates, day(TODAY)).unwrap();
        assert_eq!(
            (plan.date, plan.effective),
            (day("2024-02-01"), Some(day("2024-03-01")))
        );
        assert_eq!(
            plan.uses,
            vec![DateUse::ReleaseDate, DateUse::EffectiveDate]
        );
    }

    #[test]
    fn a_future_date_is_released_today_and_takes_effect_then() {
        use DateKind::*;
        let plan = plan(&[line(Effective, "2027-03-01")], day(TODAY)).unwrap();
        assert_eq!(
            (plan.date, plan.effective),
            (day(TODAY), Some(day("2027-03-01")))
        );
        assert_eq!(
            plan.uses,
            vec![DateUse::AfterToday {
                today: day(TODAY),
                takes_effect: true
            }]
        );
        // A future last-updated day before a later effective one.
        let dates = [
            line(LastUpdated, "2027-01-01"),
            line(Effective, "2027-03-01"),
        ];
        let both = super::plan(&dates, day(TODAY)).unwrap();
        assert_eq!(
            (both.date, both.effective),
            (day(TODAY), Some(day("2027-03-01")))
        );
        assert_eq!(both.uses[1], DateUse::EffectiveDate);
        // Today itself is no future.
        let today = super::plan(&[line(Effective, TODAY)], day(TODAY)).unwrap();
        assert_eq!((today.date, today.effective), (day(TODAY), None));
    }

    /// Every combination of a last-updated date (past, today, future) and
    /// an effective date (none, earlier, same, later, past, future) on
    /// 2024-12-01: (updated, effective) -> (date, effective, earlier
    /// effective, uses).
    #[test]
    fn each_combination_of_last_updated_and_effective_is_decided() {
        use DateKind::*;
        let today = day("2024-12-01");
        let after = |takes_effect| DateUse::AfterToday {
            today,
            takes_effect,
        };
        type Case<'a> = (
            Option<&'a str>,
            Option<&'a str>,
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Vec<DateUse>,
        );
        let earlier = |u: &str| DateUse::EarlierEffective { updated: day(u) };
        let cases: Vec<Case> = vec![
            // Last updated in the past.
            (
                Some("2024-06-01"),
                None,
                "2024-06-01",
                None,
                None,
                vec![DateUse::ReleaseDate],
            ),
            (
                Some("2024-06-01"),
                Some("2024-01-01"),
                "2024-06-01",
                None,
                Some("2024-01-01"),
                vec![DateUse::ReleaseDate, earlier("2024-06-01")],
            ),
            (
                Some("2024-06-01"),
                Some("2024-06-01"),
                "2024-06-01",
                None,
                None,
                vec![DateUse::ReleaseDate, DateUse::SameDay],
            ),
            (
                Some("2024-06-01"),
                Some("2024-09-01"),
                "2024-06-01",
                Some("2024-09-01"),
                None,
                vec![DateUse::ReleaseDate, DateUse::EffectiveDate],
            ),
            (
                Some("2024-06-01"),
                Some("2025-01-15"),
                "2024-06-01",
                Some("2025-01-15"),
                None,
                vec![DateUse::ReleaseDate, DateUse::EffectiveDate],
            ),
            // Last updated today is no future.
            (
                Some("2024-12-01"),
                None,
                "2024-12-01",
                None,
                None,
                vec![DateUse::ReleaseDate],
            ),
            // Last updated after today: released today.
            (
                Some("2025-02-01"),
                None,
                "2024-12-01",
                Some("2025-02-01"),
                None,
                vec![after(true)],
            ),
            (
                Some("2025-02-01"),
                Some("2024-06-01"),
                "2024-12-01",
                Some("2025-02-01"),
                Some("2024-06-01"),
                vec![after(true), DateUse::BeforeToday { today }],
            ),
            (
                Some("2025-02-01"),
                Some("2024-12-01"),
                "2024-12-01",
                None,
                None,
                vec![after(false), DateUse::SameDay],
            ),
            // Both after today, the effective date first: what the page says.
            (
                Some("2025-02-01"),
                Some("2025-01-15"),
                "2024-12-01",
                Some("2025-01-15"),
                None,
                vec![after(false), DateUse::EffectiveDate],
            ),
            (
                Some("2025-02-01"),
                Some("2025-02-01"),
                "2024-12-01",
                Some("2025-02-01"),
                None,
                vec![after(true), DateUse::EffectiveDate],
            ),
            (
                Some("2025-02-01"),
                Some("2025-03-01"),
                "2024-12-01",
                Some("2025-03-01"),
                None,
                vec![after(false), DateUse::EffectiveDate],
            ),
            // An effective date alone.
            (
                None,
                Some("2024-06-01"),
                "2024-06-01",
                None,
                None,
                vec![DateUse::ReleaseDate],
            ),
            (
                None,
                Some("2025-01-15"),
                "2024-12-01",
                Some("2025-01-15"),
                None,
                vec![after(true)],
            ),
        ];
        for (updated, effective, date, takes_effect, earlier_effective, uses) in cases {
            let mut dates = Vec::new();
            dates.extend(updated.map(|u| line(LastUpdated, u)));
            dates.extend(effective.map(|e| line(Effective, e)));
            let plan = plan(&dates, today).unwrap();
            let case = format!("updated {updated:?}, effective {effective:?}");
            assert_eq!(plan.date, day(date), "{case}");
            assert_eq!(plan.effective, takes_effect.map(day), "{case}");
            assert_eq!(plan.earlier_effective, earlier_effective.map(day), "{case}");
            assert_eq!(plan.uses, uses, "{case}");
            // A release never takes effect on or before its date.
            assert!(plan.effective.is_none_or(|e| e > plan.date), "{case}");
        }
    }

    #[test]
    fn no_date_lines_no_release() {
        assert_eq!(plan(&[], day(TODAY)), None);
    }
}
