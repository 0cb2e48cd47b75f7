//! `regions/<id>.yaml`: a region's name, parent, locales and variables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Project;
use super::config::convert_variables;
use super::yaml::{find_key, parse_file};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, location_at};
use crate::locale::validate_locale;

/// `regions/<id>.yaml`.
#[derive(Debug, Clone)]
pub struct Region {
    /// The file stem, used in URLs.
    pub id: String,
    /// Display name: the one `name:` gives, or, when `name:` is a map of
    /// locale to name, the name in the project's default locale (else the
    /// first one). Pages ask [`Region::name_in`] for a locale's.
    pub name: String,
    /// The names per locale, when `name:` is a map (empty when it is one
    /// name for every locale).
    pub names: BTreeMap<String, LocalName>,
    /// Where `name:` is written, for messages about it.
    pub name_at: Location,
    /// The region this one inherits from.
    pub parent: Option<String>,
    /// Locales, when the region sets them (otherwise inherited).
    pub locales: Option<Vec<String>>,
    /// The region's own variables.
    pub variables: BTreeMap<String, String>,
    /// Path of the region file, relative to the root.
    pub path: PathBuf,
}

/// A region's name in one locale, and where the file gives it.
#[derive(Debug, Clone)]
pub struct LocalName {
    /// The name.
    pub name: String,
    /// Where its locale is written in the region file.
    pub at: Location,
}

impl Region {
    /// The region's name in `locale`: its own there, else [`Region::name`].
    pub fn name_in(&self, locale: &str) -> &str {
        self.names.get(locale).map_or(&self.name, |n| &n.name)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: yaml_serde::Value,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    locales: Option<Vec<String>>,
    #[serde(default)]
    variables: BTreeMap<String, yaml_serde::Value>,
}

/// Parses a region file; problems go to `diags`.
pub(crate) fn parse_region(
    project: &Project,
    id: &str,
    rel: &Path,
    text: &str,
    diags: &Diagnostics,
) -> Option<Region> {
    let raw: RawRegion = match parse_file(rel, text, &[("name", "name: California")]) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if let Some(locales) = &raw.locales {
        for code in locales {
            let offset = text.find(code.as_str()).unwrap_or(0);
            let loc = location_at(text, offset, code.len());
            if let Err(help) = validate_locale(code) {
                diags.push(
                    Diagnostic::error(format!("`{code}` is not a valid locale"))
                        .in_file(rel)
                        .at(loc)
                        .help(help),
                );
            } else if !project.unparsed.config && !project.config.locales.contains(code) {
                diags.push(
                    Diagnostic::error(format!("the locale `{code}` is not listed in policyc.yaml"))
                        .in_file(rel)
                        .at(loc)
                        .help(format!(
                            "add `{code}` to `locales` in policyc.yaml, or remove it here"
                        )),
                );
            }
        }
    }
    let name_offset = find_key(text, "name").unwrap_or(0);
    let name_at = location_at(text, name_offset, "name".len());
    let (name, names) = match raw.name {
        yaml_serde::Value::String(name) if name.trim().is_empty() => {
            diags.push(
                Diagnostic::error("the region's `name:` is empty")
                    .in_file(rel)
                    .at(name_at)
                    .help("write the region's name as readers should see it, such as `name: California`"),
            );
            return None;
        }
        yaml_serde::Value::String(name) => (name, BTreeMap::new()),
        yaml_serde::Value::Mapping(map) if map.is_empty() => {
            diags.push(
                Diagnostic::error("the region's `name:` is an empty map: it names the region in no locale")
                    .in_file(rel)
                    .at(name_at)
                    .help("write the region's name, such as `name: California`, or one per locale, such as `name: {en-US: Germany, de-DE: Deutschland}`"),
            );
            return None;
        }
        yaml_serde::Value::Mapping(map)
            if map.iter().all(|(k, v)| k.is_string() && v.is_string()) =>
        {
            let map = map
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
                .collect();
            let names = local_names(project, rel, text, name_offset, map, diags);
            let default = &project.config.default_locale;
            let name = names
                .get(default)
                .or_else(|| names.values().next())
                .map(|n| n.name.clone())
                .unwrap_or_default();
            (name, names)
        }
        _ => {
            diags.push(
                Diagnostic::error("`name:` must be the region's name, or a map of locale to name")
                    .in_file(rel)
                    .at(name_at)
                    .help(
                        "write `name: California`, or `name: {en-US: Germany, de-DE: Deutschland}`",
                    ),
            );
            return None;
        }
    };
    Some(Region {
        id: id.to_string(),
        name,
        names,
        name_at,
        parent: raw.parent,
        locales: raw.locales,
        variables: convert_variables(rel, text, raw.variables, diags),
        path: rel.to_path_buf(),
    })
}

/// The names of a `name:` map, each locale checked (a valid code, listed
/// in `policyc.yaml`) and each name non-empty; `name_offset` is where
/// `name:` starts, so each locale is found after it.
fn local_names(
    project: &Project,
    rel: &Path,
    text: &str,
    name_offset: usize,
    map: BTreeMap<String, String>,
    diags: &Diagnostics,
) -> BTreeMap<String, LocalName> {
    let mut names = BTreeMap::new();
    for (code, name) in map {
        let offset = text[name_offset..]
            .find(code.as_str())
            .map_or(name_offset, |i| name_offset + i);
        let at = location_at(text, offset, code.len());
        if let Err(help) = validate_locale(&code) {
            diags.push(
                Diagnostic::error(format!("`{code}` in `name:` is not a valid locale"))
                    .in_file(rel)
                    .at(at)
                    .help(help),
            );
            continue;
        }
        if !project.unparsed.config && !project.config.locales.contains(&code) {
            diags.push(
                Diagnostic::error(format!(
                    "the region's name is given for `{code}`, which is not listed in policyc.yaml"
                ))
                .in_file(rel)
                .at(at)
                .help(format!(
                    "add `{code}` to `locales` in policyc.yaml, or remove its name here"
                )),
            );
            continue;
        }
        if name.trim().is_empty() {
            diags.push(
                Diagnostic::error(format!("the region's name for `{code}` is empty"))
                    .in_file(rel)
                    .at(at)
                    .help("write the region's name in that language, or remove the line"),
            );
            continue;
        }
        names.insert(code, LocalName { name, at });
    }
    names
}
