//! The theme's own words ("Last Updated", "Contents", the notices) in each
//! language it speaks, and the names of locales for language switchers.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::locale::language_of;

/// The words the built-in theme prints, in one language.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct ThemeStrings {
    /// The language's own name for itself ("Deutsch").
    pub language_name: String,
    /// Names of other languages in this language, by language subtag.
    #[serde(default)]
    pub language_names: BTreeMap<String, String>,
    /// "Last Updated".
    pub last_updated: String,
    /// Shown instead of a date until a variant has been released.
    pub not_yet_released: String,
    /// Heading and link text of a page's change history.
    pub change_history: String,
    /// "Version {n}".
    pub version: String,
    /// "In force from {date}".
    pub in_force_from: String,
    /// Banner of an archived version: `{n}`, `{date}`.
    pub archived_notice: String,
    /// Link from an archived version to the current one.
    pub current_version: String,
    /// Banner of the archived page of the version in force: `{n}`, `{date}`.
    pub current_archived_notice: String,
    /// Banner of the archived page of a version that takes effect later:
    /// `{n}`, `{date}`.
    pub pending_archived_notice: String,
    /// Link from the archived page of the version in force to the document.
    pub document_page: String,
    /// Banner of a withdrawn document's page: `{date}`.
    pub withdrawn_notice: String,
    /// Banner of a document withdrawn from the sources, not yet released.
    pub withdrawn_unreleased_notice: String,
    /// Banner of a document whose withdrawal takes effect later: `{date}`.
    pub withdrawal_pending_notice: String,
    /// Banner of the archived page of a withdrawn document's last version:
    /// `{n}`, `{date}`, `{until}`.
    pub withdrawn_archived_notice: String,
    /// Link from a withdrawn document's page to its last version.
    pub last_version: String,
    /// A withdrawal in a change history and a feed: `{date}`.
    pub withdrawn_on: String,
    /// A withdrawal that takes effect later, in a change history and a
    /// feed: `{date}`.
    pub to_be_withdrawn_on: String,
    /// The preview's note on a page whose sources are gone.
    pub withdrawal_draft: String,
    /// A released version that takes effect later: `{date}`.
    pub effective_notice: String,
    /// Link from that notice to the redline.
    pub see_changes: String,
    /// The preview's banner on a page with unreleased text changes.
    pub draft_banner: String,
    /// The preview's note on a page that was never released.
    pub never_released: String,
    /// The preview's button that shows the redline against the last release.
    pub show_redline: String,
    /// The label of that redline.
    pub redline_heading: String,
    /// Screen-reader word before inserted text in a redline.
    pub inserted: String,
    /// Screen-reader word before deleted text in a redline.
    pub deleted: String,
    /// The change summary of a first version.
    pub first_version: String,
    /// "Recorded on {date}", for a version that takes effect later.
    pub recorded_on: String,
    /// A translation whose source changed since: `{language}`, `{date}`.
    pub translation_lag: String,
    /// Heading of the box listing the sections the latest version changed.
    pub what_changed: String,
    /// Heading of the table of contents.
    pub contents: String,
    /// Heading of the list of links to other locales.
    pub other_languages: String,
    /// Link text back to the region's list of documents.
    pub back_to_index: String,
    /// Heading of a region's list of documents.
    pub documents: String,
    /// Heading of the site index.
    pub choose_region: String,
    /// Skip link for keyboard and screen-reader users.
    pub skip_to_content: String,
    /// Title and heading of the 404 page.
    pub not_found_title: String,
    /// What the 404 page says.
    pub not_found_text: String,
    /// The 404 page's link to the site index.
    pub not_found_link: String,
    /// The whole document is shown in the default language; `{language}` is
    /// the reader's language, `{shown}` the one the text is in.
    pub fallback_notice: String,
    /// Some sections are shown in the default language.
    pub partial_fallback_notice: String,
    /// Label of the language switcher at the top of every page.
    pub language_switcher: String,
    /// Label of the region switcher at the top of every page.
    pub region_switcher: String,
    /// Shown by the site index next to the entries in the browser's
    /// preferred languages.
    pub browser_language: String,
    /// A release message shown in another language than the page's:
    /// `{language}` the reader's, `{shown}` the message's.
    pub message_fallback: String,
}

#[derive(Deserialize)]
struct ThemeStringsFile(BTreeMap<String, ThemeStrings>);

const STRINGS_YAML: &str = include_str!("../../theme/strings.yaml");

fn all_strings() -> &'static BTreeMap<String, ThemeStrings> {
    static STRINGS: OnceLock<BTreeMap<String, ThemeStrings>> = OnceLock::new();
    STRINGS.get_or_init(|| {
        // The file is part of the binary and covered by tests, so a parse
        // failure here is a bug in policyc, not in the user's project.
        yaml_serde::from_str::<ThemeStringsFile>(STRINGS_YAML)
            .map(|f| f.0)
            .unwrap_or_default()
    })
}

/// Whether the built-in theme has its own words for this locale's language.
pub fn has_strings(locale: &str) -> bool {
    all_strings().contains_key(language_of(locale))
}

/// The theme's words for `locale`, falling back to English.
pub fn strings_for(locale: &str) -> ThemeStrings {
    let all = all_strings();
    all.get(language_of(locale))
        .or_else(|| all.get("en"))
        .cloned()
        // The embedded file has every language this test suite checks; an
        // empty set of words is only reachable through a broken build.
        .unwrap_or_default()
}

impl ThemeStrings {
    /// The name of `locale`'s language in this language ("inglés" for `en-US`
    /// in Spanish), or the code when it is not known.
    pub fn name_of(&self, locale: &str) -> String {
        self.language_names
            .get(language_of(locale))
            .cloned()
            .unwrap_or_else(|| locale.to_string())
    }

    /// The fallback notice for a reader of this language, filled in.
    pub fn fallback(&self, reader: &str, shown: &str, partial: bool) -> String {
        let template = if partial {
            &self.partial_fallback_notice
        } else {
            &self.fallback_notice
        };
        template
            .replace("{language}", &self.name_of(reader))
            .replace("{shown}", &self.name_of(shown))
    }
}

/// A label for a locale in its own language, e.g. "Español (US)".
pub fn locale_label(locale: &str) -> String {
    let name = strings_for(locale).language_name;
    match locale.split('-').nth(1) {
        Some(region) if has_strings(locale) => format!("{name} ({region})"),
        _ => locale.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_words_exist_for_en_es_de_fr() {
        for lang in ["en", "es", "de", "fr"] {
            assert!(has_strings(lang), "{lang}");
        }
        assert_eq!(strings_for("de-DE").contents, "Inhalt");
        assert_eq!(strings_for("xx-YY").contents, "Contents");
    }
}
