//! The built-in theme's words, `theme/strings/<tag>.yaml`, embedded in the
//! binary, and the chain of tags a locale finds its words through (ICU's
//! locale fallback, then English).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use icu::locale::Locale;
use icu::locale::fallback::{LocaleFallbackConfig, LocaleFallbacker};
use include_dir::{Dir, include_dir};

use crate::locale::language_of;

static FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/theme/strings");

/// The language every chain ends in, whose file has every key.
pub const ENGLISH: &str = "en";

/// Phrases by key, in one language.
pub type Phrases = BTreeMap<String, String>;

/// Every built-in file, by tag (`de`, `pt-PT`, `zh-Hant`).
pub fn all() -> &'static BTreeMap<String, Phrases> {
    static ALL: OnceLock<BTreeMap<String, Phrases>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .files()
            .filter_map(|file| {
                let name = file.path().file_name()?.to_str()?;
                let tag = name.strip_suffix(".yaml")?;
                // The files are part of the binary and a unit test parses
                // each one: a file that does not parse is a bug in policyc.
                let phrases = yaml_serde::from_slice::<Phrases>(file.contents()).ok()?;
                Some((tag.to_string(), phrases))
            })
            .collect()
    })
}

/// The English phrases: the reference every language follows.
pub fn english() -> &'static Phrases {
    static EMPTY: Phrases = Phrases::new();
    all().get(ENGLISH).unwrap_or(&EMPTY)
}

/// The tags `locale` looks for words under, most specific first, ending in
/// `en`: ICU's locale fallback (`es-MX` → `es-419` → `es`, `zh-TW` →
/// `zh-Hant`, `pt-BR` → `pt`, `nn-NO` → `nn` → `no`), with `no` leading
/// to `nb`, the written Norwegian the theme has words in.
pub fn chain(locale: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let mut push = |tag: String| {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    };
    match locale.parse::<Locale>() {
        Ok(parsed) => {
            let fallbacker = LocaleFallbacker::new();
            let mut steps = fallbacker
                .for_config(LocaleFallbackConfig::default())
                .fallback_for(parsed.into());
            while !steps.get().is_unknown() {
                let tag = steps.get().to_string();
                let norwegian = tag == "no";
                push(tag);
                if norwegian {
                    push("nb".to_string());
                }
                steps.step();
            }
        }
        Err(_) => push(language_of(locale).to_string()),
    }
    push(ENGLISH.to_string());
    tags
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::site::strings::placeholders;

    /// The languages the theme speaks: the 24 official EU languages,
    /// Norwegian, Icelandic, Turkish, Russian, Ukrainian, Arabic, Hebrew,
    /// Persian, Hindi, Indonesian, Thai, Vietnamese, Japanese, Korean,
    /// Chinese (Simplified and Traditional), Brazilian and European
    /// Portuguese and Latin-American Spanish.
    const REQUIRED: &[&str] = &[
        "en", "bg", "cs", "da", "de", "el", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
        "mt", "nl", "pl", "pt", "pt-PT", "ro", "sk", "sl", "sv", "es", "es-419", "nb", "is", "tr",
        "ru", "uk", "ar", "he", "fa", "hi", "id", "th", "vi", "ja", "ko", "zh", "zh-Hant",
    ];

    #[test]
    fn every_language_has_every_phrase_with_its_placeholders() {
        let english = english();
        assert!(english.len() > 40, "en.yaml has {} keys", english.len());
        for file in FILES.files() {
            let name = file.path().display().to_string();
            let phrases: Phrases = yaml_serde::from_slice(file.contents())
                .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            for (key, phrase) in &phrases {
                let Some(reference) = english.get(key) else {
                    panic!("{name}: unknown key `{key}`");
                };
                assert_eq!(
                    placeholders(phrase),
                    placeholders(reference),
                    "{name}: `{key}` must keep the placeholders of en.yaml"
                );
                assert!(!phrase.trim().is_empty(), "{name}: `{key}` is empty");
            }
            let missing: Vec<&String> = english
                .keys()
                .filter(|k| !phrases.contains_key(*k))
                .collect();
            assert!(missing.is_empty(), "{name} lacks {missing:?}");
        }
        let have: BTreeSet<&str> = all().keys().map(String::as_str).collect();
        let lacking: Vec<&&str> = REQUIRED.iter().filter(|t| !have.contains(**t)).collect();
        assert!(lacking.is_empty(), "no theme/strings file for {lacking:?}");
    }

    /// A date is filled in as the language writes it, which may end in a
    /// period ("2 марта 2026 г."): no phrase may put punctuation after it
    /// that doubles it.
    #[test]
    fn no_phrase_doubles_the_punctuation_its_dates_end_with() {
        const MARKS: &[char] = &[
            '.', ',', ':', ';', '!', '?', '。', '，', '：', '；', '、', '،', '؛',
        ];
        let mut found = Vec::new();
        for (tag, phrases) in all() {
            let date = crate::locale::format_date(tag, 2026, 3, 2)
                .unwrap_or_else(|| panic!("ICU formats no date for `{tag}`"));
            let until = crate::locale::format_date(tag, 2027, 11, 29)
                .unwrap_or_else(|| panic!("ICU formats no date for `{tag}`"));
            for (key, phrase) in phrases {
                if !phrase.contains("{date}") && !phrase.contains("{until}") {
                    continue;
                }
                let filled = crate::site::strings::fill(
                    phrase,
                    &[
                        ("date", &date),
                        ("until", &until),
                        ("n", "3"),
                        ("language", "X"),
                    ],
                );
                let chars: Vec<char> = filled.chars().collect();
                let doubled = chars
                    .windows(2)
                    .any(|w| w[0] == w[1] && MARKS.contains(&w[0]))
                    || chars
                        .windows(3)
                        .any(|w| w[0] == '.' && w[1] == ' ' && w[2] == '.');
                if doubled {
                    found.push(format!("{tag}.yaml `{key}`: {filled}"));
                }
            }
        }
        assert!(
            found.is_empty(),
            "doubled punctuation:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn locales_find_their_words_through_icu_fallback() {
        let chain_of = |l: &str| chain(l).join(" > ");
        assert_eq!(chain_of("es-MX"), "es-MX > es-419 > es > en");
        assert_eq!(chain_of("pt-PT"), "pt-PT > pt > en");
        assert_eq!(chain_of("pt-BR"), "pt-BR > pt > en");
        assert_eq!(chain_of("zh-TW"), "zh-TW > zh-Hant > en");
        assert_eq!(chain_of("zh-HK"), "zh-HK > zh-Hant > en");
        assert_eq!(chain_of("zh-CN"), "zh-CN > zh > en");
        assert_eq!(chain_of("zh-SG"), "zh-SG > zh > en");
        assert_eq!(chain_of("nb-NO"), "nb-NO > nb > no > en");
        assert_eq!(chain_of("no"), "no > nb > en");
        assert_eq!(chain_of("nn-NO"), "nn-NO > nn > no > nb > en");
        assert_eq!(chain_of("sw"), "sw > en");
        assert_eq!(chain_of("en-GB"), "en-GB > en-001 > en");
    }
}
