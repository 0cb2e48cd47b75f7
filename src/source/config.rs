//! `policyc.yaml`: the site's settings and the variables every document sees.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::yaml::{Required, find_key, parse_file, scalar_text};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, location_at};
use crate::locale::validate_locale;

/// `policyc.yaml`: the site's settings and the variables every document sees.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Site title.
    pub name: String,
    /// Absolute URL the site is published at, ending in `/`.
    pub base_url: String,
    /// The source language; translations are checked against it.
    pub default_locale: String,
    /// Every locale the project publishes in.
    pub locales: Vec<String>,
    /// Variables available in every document.
    pub variables: BTreeMap<String, String>,
    /// Whether a link-only change moves a page's "Last Updated" date.
    pub links_move_date: bool,
    /// `accept_fallbacks`: for a document, the locales whose pages may show
    /// the default locale's text without a warning.
    pub accept_fallbacks: BTreeMap<String, Vec<String>>,
    /// Set when `robots: true` asks for `robots.txt`: where the key is, for
    /// the message when the site has no absolute base URL to point at.
    pub robots: Option<Location>,
    /// `strings`: theme words by locale, as `strings/<locale>.yaml` gives
    /// them.
    pub words: Vec<super::words::ProjectWords>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    name: String,
    #[serde(default)]
    base_url: Option<String>,
    default_locale: String,
    #[serde(default)]
    locales: Vec<String>,
    #[serde(default)]
    variables: BTreeMap<String, yaml_serde::Value>,
    #[serde(default)]
    links_move_date: bool,
    #[serde(default)]
    accept_fallbacks: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    robots: bool,
    #[serde(default)]
    strings: yaml_serde::Mapping,
}

/// The keys `RawConfig` cannot do without, as a message shows them.
const REQUIRED: [Required<'static>; 2] = [
    ("name", "name: Example Co. Legal Center"),
    ("default_locale", "default_locale: en-US"),
];

/// Parses `policyc.yaml`; problems go to `diags`.
pub(crate) fn parse_config(path: &Path, text: &str, diags: &Diagnostics) -> Option<Config> {
    let raw: RawConfig = match parse_file(path, text, &REQUIRED) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let at_key = |key: &str| {
        let offset = find_key(text, key).unwrap_or(0);
        location_at(text, offset, key.len())
    };
    let mut locales = raw.locales;
    if locales.is_empty() {
        locales.push(raw.default_locale.clone());
    }
    for code in locales.iter().chain(std::iter::once(&raw.default_locale)) {
        if let Err(help) = validate_locale(code) {
            let offset = text.find(code.as_str()).unwrap_or(0);
            diags.push(
                Diagnostic::error(format!("`{code}` is not a valid locale"))
                    .in_file(path)
                    .at(location_at(text, offset, code.len()))
                    .help(help),
            );
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for code in &locales {
        if !seen.insert(code) {
            let first = text.find(code.as_str()).unwrap_or(0);
            let again = text[first + code.len()..]
                .find(code.as_str())
                .map_or(first, |o| first + code.len() + o);
            diags.push(
                Diagnostic::error(format!("`{code}` is listed twice in `locales`"))
                    .in_file(path)
                    .at(location_at(text, again, code.len()))
                    .help("list each locale once"),
            );
        }
    }
    if !locales.contains(&raw.default_locale) {
        diags.push(
            Diagnostic::error(format!(
                "the default locale `{}` is not in `locales`",
                raw.default_locale
            ))
            .in_file(path)
            .at(at_key("locales"))
            .help(format!("add `{}` to `locales`", raw.default_locale)),
        );
    }
    check_accepted_locales(
        path,
        text,
        &raw.accept_fallbacks,
        &locales,
        &raw.default_locale,
        diags,
    );
    let variables = convert_variables(path, text, raw.variables, diags);
    let base_url = match raw.base_url {
        None => "/".to_string(),
        Some(given) => match base_url(&given) {
            Ok(url) => url,
            Err(problem) => {
                diags.push(
                    Diagnostic::error(format!("`base_url` {problem}"))
                        .in_file(path)
                        .at(value_at(text, "base_url", &given))
                        .help("give the absolute http or https address the site is published at, e.g. `base_url: https://legal.example.com/`, or leave `base_url` out for a site of relative links"),
                );
                "/".to_string()
            }
        },
    };
    Some(Config {
        name: raw.name,
        base_url,
        default_locale: raw.default_locale,
        locales,
        variables,
        links_move_date: raw.links_move_date,
        accept_fallbacks: raw.accept_fallbacks,
        robots: raw.robots.then(|| at_key("robots")),
        words: super::words::from_config(path, text, &raw.strings, diags),
    })
}

/// A base URL as pages use it: an absolute http or https URL with a host,
/// written as such, ending in `/` (added if missing); else what is wrong
/// with it, as a message's end (``is not an absolute URL: …``). For
/// `base_url` in `policyc.yaml` and `build --base-url` alike.
pub fn base_url(given: &str) -> Result<String, String> {
    let mut url = absolute_base_url(given)?;
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// `base_url` as pages write it, if it is an absolute http or https URL
/// with a host (and no query or fragment, which page paths are appended
/// to); else what is wrong with it. Pages put it in `<link rel=canonical>`,
/// `hreflang` links and the Atom feed: a `javascript:` URL there would run.
fn absolute_base_url(given: &str) -> Result<String, String> {
    let url = url::Url::parse(given.trim()).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            "is not an absolute URL: it must start with `https://` or `http://`".to_string()
        }
        e => format!("is not a valid URL ({e})"),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "must be an http or https URL, not a `{}:` one",
            url.scheme()
        ));
    }
    // The url crate repairs what it parses (`http:///x` has host `x`,
    // `https:\\evil.example` becomes `https://evil.example/`): the text
    // itself must already be `http(s)://host[:port][/path]`.
    if given.contains('\\') {
        return Err("cannot contain a backslash `\\`: write `/` between its parts".to_string());
    }
    if given
        .trim()
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err("cannot contain spaces, tabs or line breaks".to_string());
    }
    let after_scheme = given.trim().get(url.scheme().len()..).unwrap_or_default();
    let Some(rest) = after_scheme.strip_prefix("://") else {
        return Err(format!(
            "must be written `{}://` followed by the host name",
            url.scheme()
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || url.host_str().is_none_or(str::is_empty) {
        return Err("has no host name (e.g. `legal.example.com`)".to_string());
    }
    // Published on every page: a password there would be public.
    if authority.contains('@') {
        return Err(
            "cannot contain a user name or password (`user:password@`): it is published on every page"
                .to_string(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(
            "cannot have a `?` query or a `#` fragment: page paths are added to it".to_string(),
        );
    }
    // The url crate keeps a `%` that starts no escape as written, so the
    // pages would publish an address no browser or crawler can read alike.
    if let Some(bad) = bad_percent_escape(given.trim()) {
        return Err(format!(
            "has an invalid percent-encoding `{bad}`: a `%` must be followed by two hexadecimal digits (write `%25` for a `%` itself)"
        ));
    }
    Ok(url.to_string())
}

/// The first `%` of `text` not followed by two hexadecimal digits, with
/// what follows it (at most two characters): `%zz`, `%4`, `%`.
fn bad_percent_escape(text: &str) -> Option<String> {
    text.match_indices('%').find_map(|(at, _)| {
        let after = &text[at + 1..];
        let hex = after.bytes().take(2).filter(u8::is_ascii_hexdigit).count();
        (hex < 2).then(|| format!("%{}", after.chars().take(2).collect::<String>()))
    })
}

/// Where the value of the top-level `key` is written (the key itself if
/// the value cannot be found on its line).
fn value_at(text: &str, key: &str, value: &str) -> Location {
    let Some(key_at) = find_key(text, key) else {
        return location_at(text, 0, 0);
    };
    let line_end = text[key_at..].find('\n').map_or(text.len(), |i| key_at + i);
    let after = key_at + key.len();
    match text[after..line_end]
        .find(value.trim())
        .filter(|_| !value.trim().is_empty())
    {
        Some(i) => location_at(text, after + i, value.trim().len()),
        None => location_at(text, key_at, key.len()),
    }
}

/// Each locale under `accept_fallbacks` must be one the project publishes,
/// other than the default locale (whose pages never fall back).
fn check_accepted_locales(
    path: &Path,
    text: &str,
    accepted: &BTreeMap<String, Vec<String>>,
    locales: &[String],
    default: &str,
    diags: &Diagnostics,
) {
    for (doc, codes) in accepted {
        for code in codes {
            let problem = if code == default {
                format!("`{code}` is the default locale: its pages never fall back")
            } else if !locales.contains(code) {
                format!("`{code}` is not one of the project's `locales`")
            } else {
                continue;
            };
            diags.push(
                Diagnostic::error(problem)
                    .in_file(path)
                    .at(accepted_at(text, doc, Some(code)))
                    .help(format!(
                        "list under `accept_fallbacks:` the locales, among {}, whose `{doc}` pages may show the `{default}` text",
                        locales.join(", ")
                    )),
            );
        }
    }
}

/// Where `doc` (or one of its `locale`s) is written under
/// `accept_fallbacks:` in `policyc.yaml`.
pub fn accepted_at(text: &str, doc: &str, locale: Option<&str>) -> Location {
    let section = find_key(text, "accept_fallbacks").unwrap_or(0);
    let key = format!("{doc}:");
    let doc_at = text[section..]
        .match_indices(&key)
        .map(|(i, _)| section + i)
        .find(|&i| text[..i].ends_with([' ', '\t', '{', ',']));
    let Some(doc_at) = doc_at else {
        return location_at(text, section, "accept_fallbacks".len());
    };
    match locale {
        None => location_at(text, doc_at, doc.len()),
        Some(code) => match text[doc_at..].find(code) {
            Some(i) => location_at(text, doc_at + i, code.len()),
            None => location_at(text, doc_at, doc.len()),
        },
    }
}

/// Checks variable names and turns their values into text.
pub(crate) fn convert_variables(
    path: &Path,
    text: &str,
    raw: BTreeMap<String, yaml_serde::Value>,
    diags: &Diagnostics,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let variables_at = find_key(text, "variables").unwrap_or(0);
    for (name, value) in raw {
        let key_at = variable_key(text, variables_at, &name);
        let offset = key_at.or_else(|| text.find(&name)).unwrap_or(0);
        let loc = location_at(text, offset, name.len());
        let valid_name = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid_name {
            diags.push(
                Diagnostic::error(format!("`{name}` cannot be used as a variable name"))
                    .in_file(path)
                    .at(loc)
                    .help(
                        "use letters, digits and `_`, starting with a letter, e.g. `privacy_email`",
                    ),
            );
            continue;
        }
        let written = key_at.and_then(|at| written_scalar(text, at + name.len() + 1));
        match (&value, scalar_text(&value)) {
            (yaml_serde::Value::String(_), Some(v)) => {
                out.insert(name, v);
            }
            // A number or boolean is published as written (`1.10`, not
            // `1.1`), when its text in the file is certain.
            (_, Some(v)) => match written.filter(|(_, raw)| reads_as(raw, &value)) {
                Some((_, raw)) => {
                    out.insert(name, raw.to_string());
                }
                None => {
                    let (at, help) = match written {
                        Some((at, raw)) => (
                            location_at(text, at, raw.len()),
                            format!(
                                "write it in quotes so it is published as written: `{name}: \"{raw}\"`"
                            ),
                        ),
                        None => (
                            loc,
                            format!(
                                "write it in quotes on the line of `{name}:` so it is published as written"
                            ),
                        ),
                    };
                    diags.push(
                        Diagnostic::error(format!(
                            "the value of `{name}` would not be published as written"
                        ))
                        .in_file(path)
                        .at(at)
                        .help(help),
                    );
                    // Defined, so that texts using it are not also errors.
                    out.insert(name, v);
                }
            },
            (yaml_serde::Value::Null, None) => {
                diags.push(
                    Diagnostic::error(format!("the variable `{name}` has no value"))
                        .in_file(path)
                        .at(loc)
                        .help(format!(
                            "write its value after `{name}:`; to publish `~` or `null`, write it in quotes: `{name}: \"~\"`"
                        )),
                );
                out.insert(name, String::new());
            }
            (_, None) => {
                diags.push(
                    Diagnostic::error(format!("the variable `{name}` must be text or a number"))
                        .in_file(path)
                        .at(loc)
                        .help("write it on one line, e.g. `company: Example Co.`"),
                );
                out.insert(name, String::new());
            }
        }
    }
    out
}

/// The byte offset of the variable `name`'s key (`name:`), searched from
/// the `variables:` key on, not inside a longer key.
fn variable_key(text: &str, from: usize, name: &str) -> Option<usize> {
    let key = format!("{name}:");
    text.get(from..)?
        .match_indices(&key)
        .map(|(i, _)| from + i)
        .find(|&at| {
            !text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        })
}

/// The plain scalar written at `at` (after spaces), with its offset: the
/// text up to a space, `,`, `}`, `]` or `#`, as a number or boolean is.
fn written_scalar(text: &str, at: usize) -> Option<(usize, &str)> {
    let rest = text.get(at..)?;
    let start = at + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let value = &text[start..];
    let end = value
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']' | '#'))
        .unwrap_or(value.len());
    (end > 0).then(|| (start, &value[..end]))
}

/// Whether `raw`, read as YAML, is `value`: the text is the value's own.
fn reads_as(raw: &str, value: &yaml_serde::Value) -> bool {
    yaml_serde::from_str::<yaml_serde::Value>(raw).is_ok_and(|v| &v == value)
}
