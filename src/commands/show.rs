//! `policyc show`: the text of a page as released and in force on a day.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use crate::history::{self, Captured, Day, History};
use crate::resolve::{Resolver, VariantKey};
use crate::source::load;

/// A released text, as `show` prints it.
#[derive(Debug)]
pub struct Shown {
    /// Its version number.
    pub version: u32,
    /// The day it took effect.
    pub in_force_from: Day,
    /// The day asked about.
    pub day: Day,
    /// The text, with its title as front matter.
    pub markdown: String,
    /// Its release's message for readers of the page's locale, and whether
    /// it is the default locale's, shown for want of one in that locale.
    pub message: Option<(String, bool)>,
}

/// Why nothing can be shown.
#[derive(Debug)]
pub enum ShowError {
    /// `history/` has errors.
    History {
        /// The errors.
        diagnostics: Vec<Diagnostic>,
        /// The record files, for quoting in messages.
        sources: SourceFiles,
    },
    /// Something else, said in one line.
    Message(String),
}

/// The text of `key` in force on `at` (default: today).
pub fn run(root: &Path, key: &VariantKey, at: Option<&str>) -> Result<Shown, ShowError> {
    let diags = Diagnostics::default();
    let history = history::load(root, &diags);
    if diags.has_errors() {
        return Err(ShowError::History {
            diagnostics: diags.sorted(),
            sources: history.sources,
        });
    }
    let day = match at {
        Some(at) => Day::parse(at).map_err(|e| ShowError::Message(format!("--at: {e}")))?,
        None => Day::today(None).map_err(|e| ShowError::Message(format!("--at: {e}")))?,
    };
    if let Some((withdrawal, _)) = history.withdrawn(key, Some(day)) {
        let last = history
            .in_force(key, day)
            .map(|(r, e)| {
                format!(
                    "; version {} was in force from {}",
                    e.version,
                    r.in_force_from()
                )
            })
            .unwrap_or_default();
        return Err(ShowError::Message(format!(
            "{key} was withdrawn on {}{last}; pass an earlier --at to see it",
            withdrawal.in_force_from()
        )));
    }
    let Some((record, entry)) = history.in_force(key, day) else {
        let known = known_keys(root, &history);
        return Err(ShowError::Message(unknown(key, &known).unwrap_or_else(
            || format!("{key} had no released version in force on {day}"),
        )));
    };
    let released = Captured::load(&history.store, &entry.snapshot)
        .map_err(|e| ShowError::Message(format!("{e}; run `policyc verify`")))?;
    let markdown = released
        .markdown()
        .map_err(|e| ShowError::Message(format!("could not write the text out: {e}")))?;
    let message = record.message_in(&key.locale, &default_locale(root, record, &key.locale));
    let message = message.map(|(m, other)| (m.to_string(), other));
    Ok(Shown {
        version: entry.version,
        in_force_from: record.in_force_from(),
        day,
        markdown,
        message,
    })
}

/// The project's default locale, which the record's `message` is in; read
/// only when the record has messages in other locales (without them, the
/// one message is every locale's: `locale`).
fn default_locale(root: &Path, record: &crate::history::record::Record, locale: &str) -> String {
    if record.messages.is_empty() {
        return locale.to_string();
    }
    // The sources' own problems are `check`'s to report, not `show`'s.
    let diags = Diagnostics::default();
    load(root, &diags).config.default_locale
}

/// Every page there is or was: those the sources publish and those ever
/// released (a page withdrawn since can still be shown).
fn known_keys(root: &Path, history: &History) -> BTreeSet<VariantKey> {
    // The sources' own problems are `check`'s to report, not `show`'s.
    let diags = Diagnostics::default();
    let project = load(root, &diags);
    let released = history
        .records
        .iter()
        .flat_map(|stored| &stored.record.variants)
        .map(|entry| entry.key.clone());
    Resolver::new(&project, &diags)
        .keys()
        .into_iter()
        .chain(released)
        .collect()
}

/// What is unknown in `key`, said with what there is: a region, a
/// document or a locale that no page has, or a locale the region does not
/// publish. `None` when the page exists.
fn unknown(key: &VariantKey, known: &BTreeSet<VariantKey>) -> Option<String> {
    let in_region = |k: &VariantKey| k.region == key.region;
    if !known.iter().any(in_region) {
        return Some(format!(
            "unknown region `{}`; the regions are: {} (pass one with --region)",
            key.region,
            listed(known, |k| &k.region, |_| true)
        ));
    }
    if !known.iter().any(|k| k.doc == key.doc) {
        return Some(format!(
            "unknown document `{}`; the documents are: {}",
            key.doc,
            listed(known, |k| &k.doc, |_| true)
        ));
    }
    if !known.iter().any(|k| k.locale == key.locale) {
        return Some(format!(
            "unknown locale `{}`; the locales are: {} (pass one with --locale)",
            key.locale,
            listed(known, |k| &k.locale, |_| true)
        ));
    }
    if !known.iter().any(|k| in_region(k) && k.locale == key.locale) {
        return Some(format!(
            "the region `{}` is not published in `{}`; its locales are: {}",
            key.region,
            key.locale,
            listed(known, |k| &k.locale, in_region)
        ));
    }
    if !known.contains(key) {
        return Some(format!(
            "the region `{}` has no document `{}`; its documents are: {}",
            key.region,
            key.doc,
            listed(known, |k| &k.doc, in_region)
        ));
    }
    None
}

/// One part of the keys `within` selects, each value once, sorted.
fn listed(
    known: &BTreeSet<VariantKey>,
    part: fn(&VariantKey) -> &String,
    within: impl Fn(&VariantKey) -> bool,
) -> String {
    let values: BTreeSet<&str> = known
        .iter()
        .filter(|k| within(k))
        .map(|k| part(k).as_str())
        .collect();
    values.into_iter().collect::<Vec<_>>().join(", ")
}
