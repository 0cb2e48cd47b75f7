//! A cell's text in a locale: dates in the locale's long form, durations
//! and countries in its words (CLDR, through ICU), choices by their label,
//! translated texts in the locale (else the default locale's), the rest as
//! written.

use crate::facts::{CellView, ColumnKind};
use crate::locale;
use crate::source::facts::values::{parse_duration, subdivision_name};
use crate::source::facts::{Cell, Column};

/// Formats the cells of one locale.
pub(super) struct Formatter<'a> {
    locale: &'a str,
    default: &'a str,
}

impl<'a> Formatter<'a> {
    pub(super) fn new(locale: &'a str, default: &'a str) -> Self {
        Formatter { locale, default }
    }

    /// The cell as the locale's readers see it; `None` for a translated
    /// cell with no text at all.
    pub(super) fn cell(&self, column: &Column, cell: &Cell) -> Option<CellView> {
        let value = match cell {
            Cell::Texts(texts) => {
                let (text, _) = texts.text(self.locale, self.default)?;
                return Some(CellView {
                    value: text.to_string(),
                    text: text.to_string(),
                });
            }
            Cell::Value { value, .. } => value,
        };
        let text = match column.kind {
            ColumnKind::Date => self.date(value),
            ColumnKind::Duration => self.duration(value),
            ColumnKind::Country => self.country(value),
            ColumnKind::Choice => column
                .choices
                .iter()
                .find(|c| &c.id == value)
                .and_then(|c| c.label.as_ref())
                .and_then(|l| l.text(self.locale, self.default))
                .map(|(text, _)| text.to_string()),
            ColumnKind::Text | ColumnKind::Translated | ColumnKind::Url | ColumnKind::Email => None,
        };
        Some(CellView {
            value: value.clone(),
            text: text.unwrap_or_else(|| value.clone()),
        })
    }

    fn date(&self, value: &str) -> Option<String> {
        let date: jiff::civil::Date = value.parse().ok()?;
        let month = u8::try_from(date.month()).ok()?;
        let day = u8::try_from(date.day()).ok()?;
        locale::format_date(self.locale, i32::from(date.year()), month, day)
    }

    fn duration(&self, value: &str) -> Option<String> {
        let d = parse_duration(value)?;
        locale::format_duration(self.locale, d.years, d.months, d.weeks, d.days)
    }

    /// A country by its CLDR name in the locale; a subdivision (`US-CA`)
    /// by its ISO 3166-2 name, which CLDR's display names do not cover.
    fn country(&self, value: &str) -> Option<String> {
        if value.contains('-') {
            return subdivision_name(value).map(str::to_string);
        }
        locale::country_name(value, self.locale)
    }
}
