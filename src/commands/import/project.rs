//! What an import needs of the project it writes into: the locale (added
//! to `policyc.yaml` when that is safe), and whether the page's date can
//! be its first release there.

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::history::{self, Day};
use crate::import;
use crate::locale::{language_of, validate_locale};
use crate::source::{self, layout};

use super::super::release;
use super::{Failure, Options};

/// What an existing project says, for an import into it.
pub(super) struct Existing {
    /// The locale to import into.
    pub locale: String,
    /// `policyc.yaml`'s new text, when the locale must be added to it.
    pub config_text: Option<String>,
    /// The date of the project's last release.
    pub last_release: Option<Day>,
    /// Whether other pages have unreleased changes, which an import's
    /// release would record too.
    pub pending: bool,
}

pub(super) fn checked_locale(code: &str) -> Result<String, Failure> {
    validate_locale(code)
        .map(|()| code.to_string())
        .map_err(|help| {
            Diagnostic::error(format!("--locale `{code}` is not a locale"))
                .help(help)
                .into()
        })
}

/// A locale for a page's language when a new project is made: the
/// language's own country (`de` is `de-DE`), or the code the page gave.
pub(super) fn locale_for_language(lang: &str) -> Option<String> {
    let lang = lang.trim().replace('_', "-");
    if validate_locale(&lang).is_ok() && lang.contains('-') {
        return Some(lang);
    }
    let language = language_of(&lang).to_ascii_lowercase();
    let locale = match language.as_str() {
        "en" => "en-US".to_string(),
        "es" => "es-ES".to_string(),
        "pt" => "pt-BR".to_string(),
        "ja" => "ja-JP".to_string(),
        "zh" => "zh-CN".to_string(),
        l => format!("{l}-{}", l.to_ascii_uppercase()),
    };
    validate_locale(&locale).is_ok().then_some(locale)
}

/// What an existing project says: the locale to import into (and
/// `policyc.yaml`'s new text, when it must be added), the date of its
/// last release, and whether other pages have unreleased changes.
pub(super) fn existing_project(
    options: &Options,
    lang: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<Existing, Failure> {
    let root = &options.root;
    let diags = Diagnostics::default();
    let project = source::load(root, &diags);
    let history = history::load(root, &diags);
    if diags.has_errors() {
        let mut sources = project.sources;
        sources.extend(&history.sources);
        let mut diagnostics = diags.sorted();
        diagnostics.retain(|d| d.severity == crate::diagnostics::Severity::Error);
        diagnostics.push(
            Diagnostic::error("the project has errors, so nothing was imported")
                .help("fix them (policyc check lists them), then import again"),
        );
        return Err(Failure {
            diagnostics,
            sources,
        });
    }
    let config = &project.config;
    let (locale, added, text) = match &options.locale {
        Some(given) => {
            let given = checked_locale(given)?;
            if config.locales.contains(&given) {
                (given, false, None)
            } else {
                let path = root.join(layout::config());
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                match add_locale(&text, &config.default_locale, &given) {
                    Some(new) => (given, true, Some(new)),
                    None => {
                        return Err(Diagnostic::error(format!(
                            "the project does not publish `{given}`"
                        ))
                        .in_file(layout::config())
                        .help(format!(
                            "add `{given}` to `locales:` in policyc.yaml (and to the regions that publish it), then import again"
                        ))
                        .into());
                    }
                }
            }
        }
        None => {
            let from_page = lang.and_then(|l| project_locale_for(l, &config.locales));
            if let Some(lang) = lang.filter(|_| from_page.is_none()) {
                notes.push(format!(
                    "the page seems to be in `{lang}`, a language the project does not publish, so it was imported as the default locale, {}: pass --locale to say otherwise",
                    config.default_locale
                ));
            }
            (
                from_page.unwrap_or_else(|| config.default_locale.clone()),
                false,
                None,
            )
        }
    };
    // A translation is made from the default locale's version.
    let untranslated: Vec<&String> = options
        .docs
        .iter()
        .filter(|id| {
            !project
                .documents
                .get(*id)
                .is_some_and(|locales| locales.contains_key(&config.default_locale))
        })
        .collect();
    let (locale, added, text) = match untranslated.first() {
        Some(id) if locale != config.default_locale => {
            if options.locale.is_some() {
                let missing = layout::document(id, &config.default_locale);
                return Err(Diagnostic::error(format!(
                    "the document `{id}` has no version in the project's default locale, {}, so `{locale}` cannot be its translation yet",
                    config.default_locale
                ))
                .help(format!(
                    "import the page in {} first (it becomes `{}`), then this one with --locale {locale}",
                    config.default_locale,
                    display_path(&missing)
                ))
                .into());
            }
            notes.push(format!(
                "the page seems to be in `{locale}`, but `{id}` has no version in the default locale, {}, so it was imported as that: pass --locale to say otherwise",
                config.default_locale
            ));
            (config.default_locale.clone(), false, None)
        }
        _ => (locale, added, text),
    };
    if locale != config.default_locale {
        notes.push(format!(
            "`{locale}` is not the project's default locale ({}): the document is a translation, and its sections are matched with the default locale's by id",
            config.default_locale
        ));
    }
    // Would a release now record other pages too?
    let pending = if history.records.is_empty() && project.documents.is_empty() {
        false
    } else {
        let dry = release::release(&release::Options {
            root: root.clone(),
            dry_run: true,
            ..release::Options::default()
        });
        dry.record.is_some()
    };
    Ok(Existing {
        locale,
        config_text: text.filter(|_| added),
        last_release: history.last_date(),
        pending,
    })
}

/// The project locale for a page's language: the same code, or the only
/// (or first) locale of that language.
fn project_locale_for(lang: &str, locales: &[String]) -> Option<String> {
    let lang = lang.replace('_', "-");
    if let Some(l) = locales.iter().find(|l| l.eq_ignore_ascii_case(&lang)) {
        return Some(l.clone());
    }
    let language = language_of(&lang).to_ascii_lowercase();
    locales
        .iter()
        .find(|l| language_of(l).eq_ignore_ascii_case(&language))
        .cloned()
}

/// `policyc.yaml` with `locale` added to its `locales:`, when that can be
/// done without touching anything else: a one-line `locales: [..]`, or no
/// `locales:` at all.
fn add_locale(text: &str, default: &str, locale: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("locales:"))
        .collect();
    match at.as_slice() {
        [] => {
            let mut out = text.to_string();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("locales: [{default}, {locale}]\n"));
            Some(out)
        }
        [i] => {
            let line = lines[*i];
            let value = line["locales:".len()..].split('#').next()?.trim();
            let inner = value.strip_prefix('[')?.strip_suffix(']')?;
            let close = line.find(']')?;
            let sep = if inner.trim().is_empty() { "" } else { ", " };
            let new = format!("{}{sep}{locale}{}", &line[..close], &line[close..]);
            let mut out: String = lines[..*i].concat();
            out.push_str(&new);
            out.push_str(&lines[i + 1..].concat());
            Some(out)
        }
        _ => None,
    }
}

/// Why a document's release cannot be recorded with the import (`None`:
/// it can). A date before the project's last release is an error, since
/// releases are recorded in date order.
pub(super) fn release_blocked(
    options: &Options,
    date: Day,
    last: Option<Day>,
    pending: bool,
    doc: &import::Document,
) -> Result<Option<String>, Failure> {
    if options.no_release {
        return Ok(Some("--no-release".into()));
    }
    if let Some(last) = last.filter(|last| date < *last) {
        let kind = doc
            .dates
            .iter()
            .find(|d| d.day == date)
            .map_or("date", |d| d.kind.label());
        return Err(Diagnostic::error(format!(
            "the page's date line ({kind}) gives {date}, before the project's last release, {last}"
        ))
        .in_file(&options.source)
        .help("releases are recorded in date order: import with --no-release and record it with `policyc release -m \"…\"` (dated today), or import into a new project with --root")
        .into());
    }
    if pending {
        return Ok(Some(
            "other pages of the project have unreleased changes, which this release would record too: run `policyc release` with the date yourself".into(),
        ));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_is_added_only_where_it_is_safe() {
        assert_eq!(
            add_locale("name: A\nlocales: [en-US]  # all\n", "en-US", "de-DE").unwrap(),
            "name: A\nlocales: [en-US, de-DE]  # all\n"
        );
        assert_eq!(
            add_locale("name: A\ndefault_locale: en-US\n", "en-US", "de-DE").unwrap(),
            "name: A\ndefault_locale: en-US\nlocales: [en-US, de-DE]\n"
        );
        assert_eq!(add_locale("locales:\n  - en-US\n", "en-US", "de-DE"), None);
    }

    #[test]
    fn page_languages_map_to_locales() {
        assert_eq!(locale_for_language("de").as_deref(), Some("de-DE"));
        assert_eq!(locale_for_language("en").as_deref(), Some("en-US"));
        assert_eq!(locale_for_language("fr-CA").as_deref(), Some("fr-CA"));
        let project = ["en-US".to_string(), "de-DE".to_string()];
        assert_eq!(project_locale_for("de", &project).as_deref(), Some("de-DE"));
        assert_eq!(project_locale_for("fr", &project), None);
    }
}
