//! Names of languages from CLDR (ICU's display names): a locale's language
//! named in a reader's language ("Türkisch" on a German page), and a
//! locale's label in its own language for switchers ("Deutsch",
//! "English (United Kingdom)", "中文（简体）").

use icu::casemap::CaseMapper;
use icu::casemap::options::{TitlecaseOptions, TrailingCase};
use icu::experimental::displaynames::multi::{
    LanguageDisplayNames, RegionDisplayNames, ScriptDisplayNames,
};
use icu::experimental::displaynames::{DisplayNamesOptions, DisplayNamesPreferences};
use icu::locale::{LanguageIdentifier, Locale, LocaleExpander};

use super::builtin::ENGLISH;
use crate::locale::language_of;

/// Display names in `reader`'s language, or in English when CLDR has none
/// for it.
fn preferences(reader: &str) -> Vec<DisplayNamesPreferences> {
    [reader, ENGLISH]
        .into_iter()
        .filter_map(|l| l.parse::<Locale>().ok())
        .map(DisplayNamesPreferences::from)
        .collect()
}

fn language_names(reader: &str) -> Option<LanguageDisplayNames> {
    preferences(reader)
        .into_iter()
        .find_map(|p| LanguageDisplayNames::try_new(p, DisplayNamesOptions::default()).ok())
}

/// The name of `locale`'s language in `reader`'s language ("Türkisch" for
/// `tr` on a `de-DE` page); `None` when CLDR does not know the language.
pub fn language_name(locale: &str, reader: &str) -> Option<String> {
    let id: LanguageIdentifier = locale.parse().ok()?;
    language_names(reader)?.of(id.language).map(str::to_string)
}

/// The name of `locale`'s language for a sentence in `reader`'s language:
/// CLDR's, or the code itself when CLDR has none (`check` warns of it).
pub fn name_of(locale: &str, reader: &str) -> String {
    language_name(locale, reader).unwrap_or_else(|| locale.to_string())
}

/// The label of `locale` in its own language, for language switchers:
/// the language's name, qualified as [`name_among`] qualifies it. The
/// first letter is capitalised, as a label standing alone. Unknown to
/// CLDR: the code.
pub fn label(locale: &str, published: &[String]) -> String {
    let Ok(id) = locale.parse::<LanguageIdentifier>() else {
        return locale.to_string();
    };
    let Some(name) = language_name(locale, locale) else {
        return locale.to_string();
    };
    let name = capitalised(&name, &id);
    match qualifier(&id, locale, published) {
        Some(q) => qualified(&name, &q, locale),
        None => name,
    }
}

/// The name of `locale`'s language for a sentence in `reader`'s language,
/// told apart from the others of `published` that share its language as
/// the switchers tell them apart: by script where their scripts differ
/// (`zh-CN`, `zh-TW`: 中文（简体）, 中文（繁體）), and by region where
/// another shares the script too (`en-US`, `en-GB`: "English (United
/// States)", "English (United Kingdom)"; `zh-TW`, `zh-HK`: 中文（繁體，台灣）).
/// Unknown to CLDR: the code.
pub fn name_among(locale: &str, reader: &str, published: &[String]) -> String {
    let Ok(id) = locale.parse::<LanguageIdentifier>() else {
        return locale.to_string();
    };
    let Some(name) = language_name(locale, reader) else {
        return locale.to_string();
    };
    match qualifier(&id, reader, published) {
        Some(q) => qualified(&name, &q, reader),
        None => name,
    }
}

/// What tells `id` apart from the others of `published` with its
/// language, named in `reader`'s language: its script where another's
/// differs, its region where another has the same script, both where
/// both are true (`None` where no other has its language).
fn qualifier(id: &LanguageIdentifier, reader: &str, published: &[String]) -> Option<String> {
    let own = id.to_string();
    let siblings: Vec<LanguageIdentifier> = published
        .iter()
        .filter(|p| **p != own)
        .filter_map(|p| p.parse::<LanguageIdentifier>().ok())
        .filter(|p| p.language == id.language && p != id)
        .collect();
    if siblings.is_empty() {
        return None;
    }
    let expander = LocaleExpander::new_common();
    let script_of = |l: &LanguageIdentifier| {
        let mut full = l.clone();
        expander.maximize(&mut full);
        full.script
    };
    let own_script = script_of(id);
    let by_script = siblings.iter().any(|s| script_of(s) != own_script);
    let by_region = siblings.iter().any(|s| script_of(s) == own_script);
    let prefs = || preferences(reader).into_iter();
    let script = own_script.filter(|_| by_script).and_then(|script| {
        prefs().find_map(|p| {
            let names = ScriptDisplayNames::try_new(p, DisplayNamesOptions::default()).ok()?;
            names.of(script).map(str::to_string)
        })
    });
    let region = id.region.filter(|_| by_region).and_then(|region| {
        prefs().find_map(|p| {
            let names = RegionDisplayNames::try_new(p, DisplayNamesOptions::default()).ok()?;
            names.of(region).map(str::to_string)
        })
    });
    match (script, region) {
        (Some(script), Some(region)) => Some(separated(&script, &region, reader)),
        (script, region) => script.or(region),
    }
}

/// CLDR's locale display pattern, `{0} ({1})`, with full-width brackets
/// in Chinese, Japanese and Cantonese (ICU4X's formatter does not apply
/// the language's pattern yet, so the two patterns CLDR has are here).
fn qualified(name: &str, qualifier: &str, reader: &str) -> String {
    match language_of(reader) {
        "zh" | "ja" | "yue" => format!("{name}（{qualifier}）"),
        _ => format!("{name} ({qualifier})"),
    }
}

/// CLDR's locale separator between a script and a region inside those
/// brackets: `{0}, {1}`, `{0}，{1}` in Chinese and Cantonese, `{0}、{1}` in
/// Japanese.
fn separated(script: &str, region: &str, reader: &str) -> String {
    match language_of(reader) {
        "zh" | "yue" => format!("{script}，{region}"),
        "ja" => format!("{script}、{region}"),
        _ => format!("{script}, {region}"),
    }
}

/// CLDR writes most language names in lower case ("español"), as inside a
/// sentence; a label standing alone starts with a capital, as the
/// language's case rules make it.
fn capitalised(name: &str, id: &LanguageIdentifier) -> String {
    let mut options = TitlecaseOptions::default();
    options.trailing_case = Some(TrailingCase::Unchanged);
    CaseMapper::new()
        .titlecase_segment_with_only_case_data_to_string(name, id, options)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_language_is_named_in_the_readers_language() {
        assert_eq!(name_of("tr", "de-DE"), "Türkisch");
        assert_eq!(name_of("tr-TR", "de-DE"), "Türkisch");
        assert_eq!(name_of("en-US", "es-US"), "inglés");
        assert_eq!(name_of("ja-JP", "en-US"), "Japanese");
        assert_eq!(name_of("xx-YY", "de-DE"), "xx-YY");
        assert_eq!(language_name("xx", "de-DE"), None);
    }

    #[test]
    fn a_label_is_qualified_only_beside_a_locale_of_the_same_language() {
        let one = published(&["de-DE", "fr-CA", "ja-JP", "es-US"]);
        assert_eq!(label("de-DE", &one), "Deutsch");
        assert_eq!(label("fr-CA", &one), "Français");
        assert_eq!(label("ja-JP", &one), "日本語");
        assert_eq!(label("es-US", &one), "Español");
        let two = published(&["en-US", "en-GB", "fr-FR", "fr-CA"]);
        assert_eq!(label("en-US", &two), "English (United States)");
        assert_eq!(label("en-GB", &two), "English (United Kingdom)");
        assert_eq!(label("fr-CA", &two), "Français (Canada)");
        let chinese = published(&["zh-CN", "zh-TW"]);
        assert_eq!(label("zh-CN", &chinese), "中文（简体）");
        assert_eq!(label("zh-TW", &chinese), "中文（繁體）");
        assert_eq!(label("xx-YY", &chinese), "xx-YY");
    }

    #[test]
    fn every_published_locale_of_a_language_gets_its_own_label() {
        let sets: &[&[&str]] = &[
            &["zh-CN", "zh-TW", "zh-HK"],
            &["en-US", "en-GB"],
            &["pt-BR", "pt-PT"],
            &["es-ES", "es-MX", "es-US"],
            &["fr-FR", "fr-CA"],
            &["sr-Cyrl", "sr-Latn"],
            &["zh-Hant", "zh-Hant-HK", "zh-Hans"],
        ];
        for set in sets {
            let list = published(set);
            let labels: Vec<String> = set.iter().map(|l| label(l, &list)).collect();
            let distinct: std::collections::BTreeSet<&String> = labels.iter().collect();
            assert_eq!(distinct.len(), labels.len(), "{set:?}: {labels:?}");
        }
        let chinese = published(&["zh-CN", "zh-TW", "zh-HK"]);
        assert_eq!(label("zh-CN", &chinese), "中文（简体）");
        assert_eq!(label("zh-TW", &chinese), "中文（繁體，台灣）");
        assert_eq!(
            label("zh-HK", &chinese),
            "中文（繁體字，中國香港特別行政區）"
        );
        let spanish = published(&["es-ES", "es-MX", "es-US"]);
        assert_eq!(label("es-MX", &spanish), "Español (México)");
        assert_eq!(label("es-ES", &spanish), "Español (España)");
        let serbian = published(&["sr-Cyrl", "sr-Latn"]);
        assert_eq!(label("sr-Cyrl", &serbian), "Српски (ћирилица)");
        assert_eq!(label("sr-Latn", &serbian), "Srpski (latinica)");
    }

    #[test]
    fn a_language_in_a_sentence_is_told_apart_from_its_siblings_in_the_readers_language() {
        let english = published(&["en-US", "en-GB", "de-DE"]);
        assert_eq!(
            name_among("en-GB", "en-GB", &english),
            "English (United Kingdom)"
        );
        assert_eq!(
            name_among("en-US", "de-DE", &english),
            "Englisch (Vereinigte Staaten)"
        );
        assert_eq!(name_among("de-DE", "en-GB", &english), "German");
        let chinese = published(&["zh-CN", "zh-TW", "zh-HK"]);
        assert_eq!(
            name_among("zh-TW", "zh-HK", &chinese),
            "中文（繁體字，台灣）"
        );
    }
}
