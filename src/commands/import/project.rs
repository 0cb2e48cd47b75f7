//! What an import needs of the project it writes into: the locale (added
//! to `policyc.yaml` when that is safe), and whether the page's date can
//! be its first release there.

use crate::diagnostics::{Diagnostic, Diagnostics, display_path, location_at};
use crate::history::{self, Day};
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::import::{self, translation};
use crate::locale::{language_of, validate_locale};
use crate::source::yaml::find_key;
use crate::source::{self, layout};

use super::super::release;
use super::{Failure, Options};

/// The error of `source::load` for a project without documents.
const NO_DOCUMENTS: &str = "the project has no documents";

/// What an existing project says, for an import into it.
pub(super) struct Existing {
    /// The locale to import into.
    pub locale: String,
    /// `policyc.yaml`'s new text, when the locale must be added to it.
    pub config_text: Option<String>,
    /// A region file's new text, when the locale must be added to it too
    /// (the project's one region).
    pub region_texts: Vec<(PathBuf, String)>,
    /// The date of the project's last release.
    pub last_release: Option<Day>,
    /// Whether other pages have unreleased changes, which an import's
    /// release would record too.
    pub pending: bool,
    /// For a translation: the sections of each document's default-locale
    /// version, whose ids it takes, and that locale.
    pub sources: BTreeMap<String, Vec<translation::Source>>,
    /// The project's default locale.
    pub default_locale: String,
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

/// A page's language code as BCP 47 writes it: `_` made `-`, and each
/// part in its case (`en-gb` and `EN_gb` are `en-GB`, `zh-hant-tw` is
/// `zh-Hant-TW`). `None`: not a language code.
pub(super) fn canonical_language(lang: &str) -> Option<String> {
    let lang = lang.trim().replace('_', "-");
    let canonical = lang.parse::<icu::locale::Locale>().ok()?.to_string();
    validate_locale(&canonical).is_ok().then_some(canonical)
}

/// A locale for a page's language when a new project is made: the code
/// the page gave, in BCP 47's case, or the language's own country (`de`
/// is `de-DE`).
pub(super) fn locale_for_language(lang: &str) -> Option<String> {
    let lang = canonical_language(lang)?;
    if lang.contains('-') {
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
    // A project with no documents yet (a skeleton whose example was
    // removed, an import that failed) is what an import fills.
    let empty =
        |d: &Diagnostic| !project.has_source_files && d.file.is_none() && d.message == NO_DOCUMENTS;
    let mut diagnostics = diags.sorted();
    diagnostics.retain(|d| d.severity == crate::diagnostics::Severity::Error && !empty(d));
    if !diagnostics.is_empty() {
        let mut sources = project.sources;
        sources.extend(&history.sources);
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
    let mut region_texts = Vec::new();
    let (locale, added, text) = match &options.locale {
        Some(given) => {
            let given = checked_locale(given)?;
            let listed = config.locales.contains(&given);
            // A locale no region publishes would get no page at all. In a
            // project of one region (as `init --minimal` and `import` make
            // it) the import adds it there, as it does to policyc.yaml.
            if let Some(deciding) = deciding_regions(&project, &given, !listed) {
                let sole = match (deciding.as_slice(), project.regions.len()) {
                    ([region], 1) => std::fs::read_to_string(root.join(&region.path))
                        .ok()
                        .and_then(|text| add_locale(&text, &config.default_locale, &given))
                        .map(|text| (region.path.clone(), text)),
                    _ => None,
                };
                match sole {
                    Some((path, text)) => {
                        notes.push(format!(
                            "`{given}` was added to the `locales:` of {}, the project's one region, so that its pages are built",
                            display_path(&path)
                        ));
                        region_texts.push((path, text));
                    }
                    None => {
                        let error = unpublished_error(&project, &given, !listed, &deciding);
                        return Err(Failure {
                            diagnostics: error.into_iter().collect(),
                            sources: project.sources,
                        });
                    }
                }
            }
            if listed {
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
            // Only a locale some region publishes: the page must show.
            let published: Vec<String> = config
                .locales
                .iter()
                .filter(|l| unpublished(&project, l, false).is_none())
                .cloned()
                .collect();
            let from_page = lang.and_then(|l| project_locale_for(l, &published));
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
    let sources = if locale == config.default_locale {
        BTreeMap::new()
    } else {
        translation_sources(&project, &options.docs)
    };
    Ok(Existing {
        locale,
        config_text: text.filter(|_| added),
        region_texts,
        last_release: history.last_date(),
        pending,
        sources,
        default_locale: config.default_locale.clone(),
    })
}

/// The sections of each document's default-locale version.
fn translation_sources(
    project: &source::Project,
    docs: &[String],
) -> BTreeMap<String, Vec<translation::Source>> {
    let default = &project.config.default_locale;
    docs.iter()
        .filter_map(|id| {
            let doc = project.documents.get(id)?.get(default)?;
            let sections = doc
                .sections
                .iter()
                .map(|s| translation::Source {
                    level: usize::from(s.level),
                    id: s.id.clone(),
                    heading: s.heading_text.clone(),
                    body: s.body.text.clone(),
                })
                .collect();
            Some((id.clone(), sections))
        })
        .collect()
}

/// The error for a locale no region would publish (`None`: some region
/// does), once `policyc.yaml` lists it when `added`. A region publishes
/// the locales of its own `locales:`, else its parent's, up to the
/// project's; the error points at the `locales:` of the regions that
/// decide, and says what to add where.
fn unpublished(project: &source::Project, locale: &str, added: bool) -> Option<Diagnostic> {
    let deciding = deciding_regions(project, locale, added)?;
    unpublished_error(project, locale, added, &deciding)
}

/// The regions whose `locales:` would have to list `locale` for some
/// region to publish it (`None`: one does already), once `policyc.yaml`
/// lists it when `added`.
fn deciding_regions<'p>(
    project: &'p source::Project,
    locale: &str,
    added: bool,
) -> Option<Vec<&'p source::region::Region>> {
    if project.regions.is_empty() {
        return None;
    }
    let mut deciding: Vec<&source::region::Region> = Vec::new();
    for region in project.regions.values() {
        // The region whose `locales:` this one has (a cycle, which the
        // project's check reports, ends the walk).
        let mut current = region;
        let mut steps = 0;
        let decider = loop {
            if current.locales.is_some() {
                break Some(current);
            }
            match current.parent.as_ref().and_then(|p| project.regions.get(p)) {
                Some(parent) if steps < project.regions.len() => current = parent,
                _ => break None,
            }
            steps += 1;
        };
        match decider {
            None if added || project.config.locales.iter().any(|l| l == locale) => return None,
            None => {}
            Some(r) => {
                if r.locales
                    .as_ref()
                    .is_some_and(|ls| ls.iter().any(|l| l == locale))
                {
                    return None;
                }
                if !deciding.iter().any(|d| d.id == r.id) {
                    deciding.push(r);
                }
            }
        }
    }
    Some(deciding)
}

/// The error for a locale none of the `deciding` regions publishes.
fn unpublished_error(
    project: &source::Project,
    locale: &str,
    added: bool,
    deciding: &[&source::region::Region],
) -> Option<Diagnostic> {
    let files: Vec<String> = deciding
        .iter()
        .map(|r| format!("`{}`", display_path(&r.path)))
        .collect();
    let config = if added {
        format!("`locales:` in {} and ", display_path(&layout::config()))
    } else {
        String::new()
    };
    let mut error = Diagnostic::error(format!(
        "no region publishes `{locale}`, so an import in it would make no page"
    ))
    .help(format!(
        "add `{locale}` to {config}the `locales:` of the regions that should publish it ({}), then import again; or import in a locale they publish with --locale",
        files.join(", ")
    ));
    if let Some(first) = deciding.first() {
        error = error.in_file(&first.path);
        if let Some(text) = project.sources.get(&first.path)
            && let Some(at) = find_key(text, "locales")
        {
            error = error.at(location_at(text, at, "locales".len()));
        }
    }
    Some(error)
}

/// The project locale for a page's language: the same code, or the only
/// (or first) locale of that language.
fn project_locale_for(lang: &str, locales: &[String]) -> Option<String> {
    let lang = canonical_language(lang).unwrap_or_else(|| lang.replace('_', "-"));
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
        // Case and `_` as pages write them.
        assert_eq!(locale_for_language("en-gb").as_deref(), Some("en-GB"));
        assert_eq!(locale_for_language("EN_us").as_deref(), Some("en-US"));
        assert_eq!(locale_for_language(" de_at ").as_deref(), Some("de-AT"));
        assert_eq!(
            locale_for_language("zh-hant-tw").as_deref(),
            Some("zh-Hant-TW")
        );
        assert_eq!(locale_for_language("FR").as_deref(), Some("fr-FR"));
        assert_eq!(locale_for_language("not a language"), None);
        let british = ["en-US".to_string(), "en-GB".to_string()];
        assert_eq!(
            project_locale_for("EN_gb", &british).as_deref(),
            Some("en-GB")
        );
        let project = ["en-US".to_string(), "de-DE".to_string()];
        assert_eq!(project_locale_for("de", &project).as_deref(), Some("de-DE"));
        assert_eq!(project_locale_for("fr", &project), None);
    }
}
