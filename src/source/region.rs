//! `regions/<id>.yaml`: a region's name, parent, locales and variables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Project;
use super::config::convert_variables;
use super::yaml::parse_file;
use crate::diagnostics::{Diagnostic, Diagnostics, location_at};
use crate::locale::validate_locale;

/// `regions/<id>.yaml`.
#[derive(Debug, Clone)]
pub struct Region {
    /// The file stem, used in URLs.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The region this one inherits from.
    pub parent: Option<String>,
    /// Locales, when the region sets them (otherwise inherited).
    pub locales: Option<Vec<String>>,
    /// The region's own variables.
    pub variables: BTreeMap<String, String>,
    /// Path of the region file, relative to the root.
    pub path: PathBuf,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: String,
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
    Some(Region {
        id: id.to_string(),
        name: raw.name,
        parent: raw.parent,
        locales: raw.locales,
        variables: convert_variables(rel, text, raw.variables, diags),
        path: rel.to_path_buf(),
    })
}
