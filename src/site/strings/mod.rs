//! The theme's own words ("Last Updated: {date}", "Contents", the notices)
//! in each language: the built-in ones ([`builtin`]), a project's own
//! ([`project`]), merged into one [`Catalogue`] per build; the names of
//! languages come from CLDR ([`names`]).

pub mod builtin;
pub mod names;
pub mod project;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::locale::language_of;
use builtin::{ENGLISH, Phrases, chain};

/// The words the built-in theme prints, in one language: whole phrases,
/// with `{name}` placeholders policyc fills (see `theme/strings/en.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeStrings {
    /// "Skip to content"
    pub skip_to_content: String,
    /// "Last Updated: {date}"
    pub last_updated: String,
    /// "Last Updated: not yet released"
    pub not_yet_released: String,
    /// "Change history"
    pub change_history: String,
    /// "Version {n}"
    pub version: String,
    /// "In force from {date}"
    pub in_force_from: String,
    /// "Recorded on {date}"
    pub recorded_on: String,
    /// "This is version {n}, in force from {date}. It is not the current version."
    pub archived_notice: String,
    /// "Read the current version"
    pub current_version: String,
    /// "This is version {n}, the current version, in force since {date}."
    pub current_archived_notice: String,
    /// "This is version {n}. It takes effect on {date} and is not yet in force."
    pub pending_archived_notice: String,
    /// "Go to the document’s page"
    pub document_page: String,
    /// "This document was withdrawn on {date}."
    pub withdrawn_notice: String,
    /// "This document has been withdrawn."
    pub withdrawn_unreleased_notice: String,
    /// "This document will be withdrawn on {date}."
    pub withdrawal_pending_notice: String,
    /// "This is version {n}, in force from {date} until the document was withdrawn on {until}."
    pub withdrawn_archived_notice: String,
    /// "Read the last version"
    pub last_version: String,
    /// "Withdrawn on {date}"
    pub withdrawn_on: String,
    /// "To be withdrawn on {date}"
    pub to_be_withdrawn_on: String,
    /// "The sources of this page are gone: the next release records its withdrawal."
    pub withdrawal_draft: String,
    /// "Changes to this document take effect on {date}."
    pub effective_notice: String,
    /// "See what changes"
    pub see_changes: String,
    /// "Draft: unreleased changes"
    pub draft_banner: String,
    /// "This page was never released."
    pub never_released: String,
    /// "Show changes since the last release"
    pub show_redline: String,
    /// "Changes since the last release"
    pub redline_heading: String,
    /// "inserted"
    pub inserted: String,
    /// "deleted"
    pub deleted: String,
    /// "moved"
    pub moved: String,
    /// "First version"
    pub first_version: String,
    /// "Changes to {sections}"
    pub changed_sections: String,
    /// "This translation may lag behind the {language} version, which changed on {date}."
    pub translation_lag: String,
    /// "What changed"
    pub what_changed: String,
    /// "Contents"
    pub contents: String,
    /// "Language"
    pub language_switcher: String,
    /// "Region"
    pub region_switcher: String,
    /// "Other languages"
    pub other_languages: String,
    /// "All documents for {region}"
    pub back_to_index: String,
    /// "Documents"
    pub documents: String,
    /// "Choose your region and language"
    pub choose_region: String,
    /// "Your browser’s language"
    pub browser_language: String,
    /// "Page not found"
    pub not_found_title: String,
    /// "There is no page at this address. The link may be out of date, or the page may have moved."
    pub not_found_text: String,
    /// "See all documents"
    pub not_found_link: String,
    /// "This document is not yet available in {language}. It is shown in {shown}."
    pub fallback_notice: String,
    /// "Some sections of this document are not yet available in {language} and are shown in {shown}."
    pub partial_fallback_notice: String,
    /// "This note is not available in {language}. It is shown in {shown}."
    pub message_fallback: String,
    /// "{site}: document updates for {region}"
    pub feed_title: String,
    /// "{title}: {change}"
    pub feed_entry_title: String,
    /// "Data": the heading of a region page's list of tables
    pub facts_data: String,
    /// "Atom feed": the link to a table's feed
    pub facts_feed: String,
    /// "{site}: changes to {table} for {region}"
    pub facts_feed_title: String,
    /// "Added {noun} {name}"
    pub fact_added: String,
    /// "Removed {noun} {name}"
    pub fact_removed: String,
    /// "Changed {column} of {name}: {old} → {new}"
    pub fact_changed: String,
    /// "{change} ({details})"
    pub fact_details: String,
    /// "none": an empty cell
    pub fact_empty: String,
    /// "These changes take effect on {date}."
    pub facts_effective: String,
}

/// The `{name}` placeholders of a phrase, in order of first use.
pub fn placeholders(phrase: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut rest = phrase;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_') =>
            {
                found.insert(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

/// Fills a phrase's placeholders in one pass: `{date}` becomes the value
/// given for `date`. A placeholder with no value is left as written (the
/// checks make sure every phrase has the ones the English has).
pub fn fill(phrase: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(phrase.len());
    let mut rest = phrase;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .and_then(|close| Some((close, values.iter().find(|(n, _)| *n == &after[..close])?.1)));
        match value {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A phrase split around one placeholder, the others filled, so that a
/// template can put markup around that value (a date in `<time>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Around {
    /// The text before the value ("Last Updated: ").
    pub before: String,
    /// The text after it.
    pub after: String,
}

impl Around {
    /// `phrase` split at `{name}`, the other placeholders filled with
    /// `values`; with no `{name}`, all of it is before.
    pub fn split(phrase: &str, name: &str, values: &[(&str, &str)]) -> Around {
        let mark = format!("{{{name}}}");
        let (before, after) = phrase.split_once(&mark).unwrap_or((phrase, ""));
        Around {
            before: fill(before, values),
            after: fill(after, values),
        }
    }
}

/// A list of items for a phrase's `{sections}`, joined for the language.
pub fn list(items: &[String], locale: &str) -> String {
    crate::locale::format_list(locale, items)
}

/// The facts of one thing for a phrase's `{details}` ("Analytics,
/// Ireland"), joined for the language without an "and".
pub fn details(items: &[String], locale: &str) -> String {
    crate::locale::format_unit_list(locale, items)
}

/// A number for a phrase's `{n}`, written for the language.
pub fn number(n: u32, locale: &str) -> String {
    crate::locale::format_number(locale, u64::from(n))
}

/// The theme's words for one locale, and the keys whose phrase is in
/// another language (English, where neither the theme nor the project has
/// the phrase in the locale's language): the page marks those with their
/// `lang`.
#[derive(Debug, Clone)]
pub struct Words {
    /// The locale.
    pub locale: String,
    /// The phrases.
    pub strings: ThemeStrings,
    /// The same, by key.
    phrases: Phrases,
    /// Keys whose phrase is in another language, with its tag.
    pub foreign: BTreeMap<String, String>,
    /// Every locale the site has pages in: a language a phrase names is
    /// told apart from the others of these that share it.
    published: Arc<[String]>,
}

impl Words {
    /// The words of `locale`: for each key, the project's phrase for the
    /// most specific tag of the locale's chain that has one, else the
    /// theme's, else the English (the project's English first).
    fn new(locale: &str, project: &BTreeMap<String, Phrases>, published: Arc<[String]>) -> Words {
        let tags = chain(locale);
        let local: Vec<&String> = tags.iter().filter(|t| t.as_str() != ENGLISH).collect();
        let built_in = builtin::all();
        let mut sources: Vec<&Phrases> = Vec::new();
        sources.extend(local.iter().filter_map(|t| project.get(*t)));
        sources.extend(local.iter().filter_map(|t| built_in.get(*t)));
        let native = sources.len();
        sources.extend(project.get(ENGLISH));
        sources.extend(built_in.get(ENGLISH));
        let english_reader = language_of(locale) == ENGLISH;
        let mut phrases = Phrases::new();
        let mut foreign = BTreeMap::new();
        for key in builtin::english().keys() {
            let found = sources
                .iter()
                .enumerate()
                .find_map(|(i, s)| Some((i, s.get(key)?)));
            if let Some((i, phrase)) = found {
                phrases.insert(key.clone(), phrase.clone());
                if i >= native && !english_reader {
                    foreign.insert(key.clone(), ENGLISH.to_string());
                }
            }
        }
        // Every key is there: English has them all, and a unit test holds
        // the built-in files to it.
        let strings = serde_json::to_value(&phrases)
            .and_then(serde_json::from_value)
            .unwrap_or_default();
        Words {
            locale: locale.to_string(),
            strings,
            phrases,
            foreign,
            published,
        }
    }

    /// The language a key's phrase is in, when it is not the page's.
    pub fn lang_of(&self, key: &str) -> Option<&str> {
        self.foreign.get(key).map(String::as_str)
    }

    /// The marks of a notice (`text`'s phrase) and the link after it
    /// (`link`'s): the language of the notice when it is not the page's,
    /// and the language of the link when it is not the notice's.
    pub fn marks(&self, text: &str, link: &str) -> (Option<String>, Option<String>) {
        let text_lang = self.lang_of(text);
        let link_lang = self.lang_of(link);
        let link_mark = match (text_lang, link_lang) {
            (a, b) if a == b => None,
            (_, Some(b)) => Some(b.to_string()),
            (Some(_), None) => Some(self.locale.clone()),
            (None, None) => None,
        };
        (text_lang.map(str::to_string), link_mark)
    }

    /// The phrase of `key` (empty for a key the theme does not have).
    pub fn phrase(&self, key: &str) -> &str {
        self.phrases.get(key).map_or("", String::as_str)
    }

    /// The fallback notice of a page of this locale whose text (all of it,
    /// or some sections) is shown in `shown`, filled in.
    pub fn fallback(&self, shown: &str, partial: bool) -> String {
        let phrase = match partial {
            true => &self.strings.partial_fallback_notice,
            false => &self.strings.fallback_notice,
        };
        // Names in the language of the phrase: English words name English
        // names.
        let key = if partial {
            "partial_fallback_notice"
        } else {
            "fallback_notice"
        };
        let language = self.lang_of(key).unwrap_or(&self.locale);
        let reader = names::name_among(&self.locale, language, &self.published);
        let shown = names::name_among(shown, language, &self.published);
        fill(phrase, &[("language", &reader), ("shown", &shown)])
    }

    /// The name of `locale`'s language for the phrase `key`, in that
    /// phrase's language, qualified where another locale the site has
    /// pages in shares the language ("English (United Kingdom)").
    pub fn name_for(&self, key: &str, locale: &str) -> String {
        let reader = self.lang_of(key).unwrap_or(&self.locale);
        names::name_among(locale, reader, &self.published)
    }

    /// A date phrase (`{date}`) filled with `day` as the locale writes it.
    pub fn dated(&self, phrase: &str, day: crate::history::Day) -> String {
        fill(phrase, &[("date", &day.format(&self.locale))])
    }

    /// "Version {n}", filled.
    pub fn version(&self, n: u32) -> String {
        fill(&self.strings.version, &[("n", &number(n, &self.locale))])
    }
}

/// The theme's words of one build: the built-in ones, and the project's
/// (`strings/<locale>.yaml`, `strings:` in `policyc.yaml`) over them,
/// worked out once for each locale the site publishes.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    project: BTreeMap<String, Phrases>,
    words: BTreeMap<String, Words>,
    published: Arc<[String]>,
}

impl Catalogue {
    /// The built-in words only.
    pub fn built_in() -> Catalogue {
        Catalogue::default()
    }

    /// The words of `locales`, the project's `phrases` (by tag) over the
    /// built-in ones.
    pub fn new<'l>(
        phrases: BTreeMap<String, Phrases>,
        locales: impl IntoIterator<Item = &'l String>,
    ) -> Catalogue {
        let published: Arc<[String]> = Arc::from(Vec::new());
        let words = locales
            .into_iter()
            .map(|l| (l.clone(), Words::new(l, &phrases, published.clone())))
            .collect();
        Catalogue {
            project: phrases,
            words,
            published,
        }
    }

    /// The same words, naming languages among `published`, every locale
    /// the site has pages in (sorted): a name is qualified where two of
    /// them share a language, as the switchers' labels are.
    pub fn among(mut self, published: Vec<String>) -> Catalogue {
        let published: Arc<[String]> = Arc::from(published);
        for words in self.words.values_mut() {
            words.published = published.clone();
        }
        self.published = published;
        self
    }

    /// The words of `locale`.
    pub fn words(&self, locale: &str) -> Cow<'_, Words> {
        match self.words.get(locale) {
            Some(w) => Cow::Borrowed(w),
            None => Cow::Owned(Words::new(locale, &self.project, self.published.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_numbers_and_section_lists_follow_the_locale() {
        assert_eq!(number(12, "en-US"), "12");
        assert_eq!(number(12, "ar-EG"), "١٢");
        assert_eq!(number(3, "fa-IR"), "۳");
        let items = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            list(&items(&["Cookies", "Your rights", "Contact"]), "en-US"),
            "Cookies, Your rights, and Contact"
        );
        assert_eq!(
            list(&items(&["Cookies", "Ihre Rechte", "Kontakt"]), "de-DE"),
            "Cookies, Ihre Rechte und Kontakt"
        );
        assert_eq!(
            list(&items(&["クッキー", "権利", "連絡先"]), "ja-JP"),
            "クッキー、権利、連絡先"
        );
    }

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        assert_eq!(
            fill(
                "{title}: {change}",
                &[("title", "{change}"), ("change", "v2")]
            ),
            "{change}: v2"
        );
        assert_eq!(fill("Version {n}", &[]), "Version {n}");
        let around = Around::split("Zuletzt aktualisiert: {date}", "date", &[]);
        assert_eq!(around.before, "Zuletzt aktualisiert: ");
        assert_eq!(around.after, "");
        let names: Vec<&str> = placeholders("{site}: updates for {region} {x y}")
            .into_iter()
            .collect();
        assert_eq!(names, ["region", "site"]);
    }

    #[test]
    fn english_words_stand_in_only_where_the_language_has_none() {
        let catalogue = Catalogue::built_in();
        let german = catalogue.words("de-DE");
        assert_eq!(german.strings.contents, "Inhalt");
        assert!(german.foreign.is_empty());
        let swahili = catalogue.words("sw-KE");
        assert_eq!(swahili.strings.contents, "Contents");
        assert_eq!(swahili.lang_of("contents"), Some("en"));
        assert!(catalogue.words("en-GB").foreign.is_empty());
        let mut project = BTreeMap::new();
        project.insert(
            "sw".to_string(),
            Phrases::from([("contents".to_string(), "Yaliyomo".to_string())]),
        );
        let catalogue = Catalogue::new(project, &["sw-KE".to_string()]);
        let swahili = catalogue.words("sw-KE");
        assert_eq!(swahili.strings.contents, "Yaliyomo");
        assert_eq!(swahili.lang_of("contents"), None);
        assert_eq!(swahili.lang_of("documents"), Some("en"));
    }

    #[test]
    fn a_fallback_notice_names_languages_in_the_readers_language() {
        let german = Catalogue::built_in().words("de-DE").into_owned();
        let notice = german.fallback("en-US", false);
        assert!(notice.contains("auf Englisch"), "{notice}");
        assert!(notice.contains("auf Deutsch"), "{notice}");
    }
}
