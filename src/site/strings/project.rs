//! A project's own theme words (`strings/<locale>.yaml`, `strings:` in
//! `policyc.yaml`) checked against the English phrases, and the warnings
//! of a published locale whose pages show English theme words.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, closest, display_path, location_at};
use crate::resolve::ResolvedRegion;
use crate::source::words::ProjectWords;
use crate::source::{Project, layout};

use super::builtin::{self, Phrases, chain};
use super::{Catalogue, names, placeholders};

/// The file that publishes each locale: the first region (by id) whose
/// own file lists it, else `policyc.yaml`; with where the locale is named.
fn publishers(
    project: &Project,
    regions: &[ResolvedRegion],
) -> BTreeMap<String, (PathBuf, Option<Location>)> {
    let mut out = BTreeMap::new();
    let locales = regions.iter().flat_map(|r| r.locales.iter());
    for locale in locales.chain(std::iter::once(&project.config.default_locale)) {
        if out.contains_key(locale) {
            continue;
        }
        let path = project
            .regions
            .values()
            .find(|r| r.locales.as_ref().is_some_and(|l| l.contains(locale)))
            .map_or_else(layout::config, |r| r.path.clone());
        let at = project.sources.get(&path).and_then(|text| {
            let offset = text.find(locale.as_str())?;
            Some(location_at(text, offset, locale.len()))
        });
        out.insert(locale.clone(), (path, at));
    }
    out
}

/// Checks the project's words and builds the build's catalogue: the words
/// of every locale the regions publish (and the default locale).
pub fn catalogue(project: &Project, regions: &[ResolvedRegion], diags: &Diagnostics) -> Catalogue {
    let english = builtin::english();
    let published = publishers(project, regions);
    let mut phrases: BTreeMap<String, Phrases> = BTreeMap::new();
    let mut set_in: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    // Files first: a phrase `policyc.yaml` sets again is the one reported.
    let sources = project.words.values().chain(project.config.words.iter());
    for words in sources {
        check_locale_is_published(words, &published, diags);
        for p in &words.phrases {
            let Some(reference) = english.get(&p.key) else {
                let mut d = Diagnostic::error(format!("`{}` is not a theme word", p.key))
                    .in_file(&words.path)
                    .at(p.at);
                d = match closest(&p.key, english.keys().map(String::as_str)) {
                    Some(near) => d.help(format!("did you mean `{near}`?")),
                    None => d.help(format!(
                        "the keys are those of the built-in English words, e.g. `contents`, `last_updated`; `{}` lists them",
                        layout::WORDS_FORM
                    )),
                };
                diags.push(d);
                continue;
            };
            if !same_placeholders(
                p.key.as_str(),
                &p.phrase,
                reference,
                &words.path,
                p.at,
                diags,
            ) {
                continue;
            }
            let key = (words.locale.clone(), p.key.clone());
            if let Some(first) = set_in.get(&key) {
                diags.push(
                    Diagnostic::error(format!(
                        "`{}` for `{}` is set twice: in `{}` too",
                        p.key,
                        words.locale,
                        display_path(first)
                    ))
                    .in_file(&words.path)
                    .at(p.at)
                    .help("keep one of the two"),
                );
                continue;
            }
            set_in.insert(key, words.path.clone());
            phrases
                .entry(words.locale.clone())
                .or_default()
                .insert(p.key.clone(), p.phrase.clone());
        }
    }
    let catalogue = Catalogue::new(phrases, published.keys());
    for (locale, (path, at)) in &published {
        english_words_warning(project, &catalogue, locale, path, *at, diags);
        if names::language_name(locale, locale).is_none() {
            let mut d = Diagnostic::warning(format!(
                "CLDR has no name for the language of `{locale}`: language switchers show the code"
            ))
            .in_file(path)
            .help("check the code; a language CLDR does not know is shown by its code");
            if let Some(at) = at {
                d = d.at(*at);
            }
            diags.push(d);
        }
    }
    catalogue
}

/// A phrase must keep the placeholders of the English one: policyc fills
/// each, and one it does not know would be printed as written.
fn same_placeholders(
    key: &str,
    phrase: &str,
    reference: &str,
    path: &Path,
    at: Location,
    diags: &Diagnostics,
) -> bool {
    let want = placeholders(reference);
    let have = placeholders(phrase);
    let list = |names: &[&&str]| {
        names
            .iter()
            .map(|n| format!("`{{{n}}}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let missing: Vec<&&str> = want.difference(&have).collect();
    let unknown: Vec<&&str> = have.difference(&want).collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::error(format!("`{key}` lacks {}, which policyc fills in", list(&missing)))
                .in_file(path)
                .at(at)
                .help(format!("the English phrase is \"{reference}\"; keep each `{{…}}` in your phrase, where your language puts it")),
        );
    }
    if !unknown.is_empty() {
        let known = match want.is_empty() {
            true => "none".to_string(),
            false => list(&want.iter().collect::<Vec<_>>()),
        };
        diags.push(
            Diagnostic::error(format!(
                "`{key}` uses {}, which policyc does not fill in here",
                list(&unknown)
            ))
            .in_file(path)
            .at(at)
            .help(format!(
                "this phrase may use {known}; write other text without braces"
            )),
        );
    }
    missing.is_empty() && unknown.is_empty()
}

/// A file of words for a locale no region publishes is never shown.
fn check_locale_is_published(
    words: &ProjectWords,
    published: &BTreeMap<String, (PathBuf, Option<Location>)>,
    diags: &Diagnostics,
) {
    if published.keys().any(|l| chain(l).contains(&words.locale)) {
        return;
    }
    let mut d = Diagnostic::warning(format!(
        "no region publishes in `{}`: these words are not shown on any page",
        words.locale
    ))
    .in_file(&words.path)
    .help("check the locale, or add it to `locales` in policyc.yaml or a region file");
    if let Some(at) = words.locale_at {
        d = d.at(at);
    }
    diags.push(d);
}

/// A published locale whose pages show English theme words, for some keys
/// or all: the reader is told in the page's markup (`lang="en"`), the
/// editor here.
fn english_words_warning(
    project: &Project,
    catalogue: &Catalogue,
    locale: &str,
    path: &Path,
    at: Option<Location>,
    diags: &Diagnostics,
) {
    /// How many keys the message names.
    const SHOWN: usize = 6;
    let words = catalogue.words(locale);
    if words.foreign.is_empty() {
        return;
    }
    // The project's own file for the locale's language, if it has one.
    let file = chain(locale)
        .iter()
        .find_map(|tag| project.words.get(tag).map(|w| w.path.clone()))
        .unwrap_or_else(|| layout::words(locale));
    let file = display_path(&file);
    let all = words.foreign.len() == builtin::english().len();
    let message = match all {
        true => format!(
            "the theme has no words in the language of `{locale}`: its pages show the theme's English words (\"Contents\", \"Last Updated\")"
        ),
        false => {
            let keys: Vec<String> = words
                .foreign
                .keys()
                .take(SHOWN)
                .map(|k| format!("`{k}`"))
                .collect();
            let more = match words.foreign.len().saturating_sub(SHOWN) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!(
                "the pages of `{locale}` show English theme words for {}{more}",
                keys.join(", ")
            )
        }
    };
    let help = match all {
        true => format!(
            "add `{file}` with the theme's phrases in that language (the keys of the built-in English words); until then the English words are marked `lang=\"en\"`"
        ),
        false => format!(
            "add the missing keys to `{file}` (the keys of the built-in English words); until then the English words are marked `lang=\"en\"`"
        ),
    };
    let mut d = Diagnostic::warning(message).in_file(path).help(help);
    if let Some(at) = at {
        d = d.at(at);
    }
    diags.push(d);
}
