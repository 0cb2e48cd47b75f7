//! What every facts file is read with: its path and text, the project's
//! locales, and the helpers that turn a YAML node into a map, an id, a text
//! or a text per locale, each mistake reported where it is written.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Placed, Texts, did_you_mean, valid_fact_id};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, closest};
use crate::locale::validate_locale;
use crate::source::marked::{self, Node, Value};

/// One facts file being read.
pub(super) struct Reader<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub diags: &'a Diagnostics,
    /// The project's locales (empty when `policyc.yaml` lists none).
    pub locales: &'a [String],
    /// The default locale: a plain string is its text.
    pub default: &'a str,
}

impl Reader<'_> {
    /// The file's YAML tree, or `None` when it does not parse (reported).
    pub fn parse(&self) -> Option<Node> {
        marked::parse(self.path, self.text)
            .map_err(|d| self.diags.push(d))
            .ok()
    }

    pub fn at(&self, node: &Node) -> Location {
        node.location(self.text)
    }

    pub fn error(&self, node: &Node, message: impl Into<String>, help: impl Into<String>) {
        self.diags.push(
            Diagnostic::error(message)
                .in_file(self.path)
                .at(self.at(node))
                .help(help),
        );
    }

    /// The entries of a map; anything else is reported (`what` names the
    /// place, `example` shows a line of it).
    pub fn map<'n>(&self, node: &'n Node, what: &str, example: &str) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            Value::Null => Some(&[]),
            _ => {
                self.error(
                    node,
                    format!(
                        "{what} must be `key: value` lines, but is {}",
                        node.kind_name()
                    ),
                    format!("write {example}"),
                );
                None
            }
        }
    }

    /// The items of a list; anything else is reported.
    pub fn list<'n>(&self, node: &'n Node, what: &str, example: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            Value::Null => Some(&[]),
            _ => {
                self.error(
                    node,
                    format!(
                        "{what} must be a list (lines starting with `- `), but is {}",
                        node.kind_name()
                    ),
                    format!("write {example}"),
                );
                None
            }
        }
    }

    /// A key's text: keys are names, never lists or maps.
    pub fn key<'n>(&self, node: &'n Node) -> Option<&'n str> {
        match node.as_str() {
            Some(key) => Some(key),
            None => {
                self.error(
                    node,
                    format!("a key must be a name, but this one is {}", node.kind_name()),
                    "write `name: value`, the name a word such as `caption`",
                );
                None
            }
        }
    }

    /// The keys of `entries`, each checked to be one of `known` (the
    /// nearest named when it is not); the recognised ones with their value.
    pub fn known_keys<'n>(
        &self,
        entries: &'n [(Node, Node)],
        known: &[&str],
        place: &str,
    ) -> BTreeMap<&'n str, (&'n Node, &'n Node)> {
        let mut found = BTreeMap::new();
        for (k, v) in entries {
            let Some(key) = self.key(k) else { continue };
            if known.contains(&key) {
                found.insert(key, (k, v));
                continue;
            }
            let near = closest(key, known.iter().copied());
            let list = known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.error(
                k,
                format!("`{key}` is not a key of {place}"),
                did_you_mean(near, &format!("the keys of {place} are {list}")),
            );
        }
        found
    }

    /// A text: a scalar, never a list or a map.
    pub fn text(&self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Scalar(s) => Some(s.clone()),
            _ => {
                self.error(
                    node,
                    format!("{what} must be a text, but is {}", node.kind_name()),
                    format!(
                        "write the text after the colon, e.g. `{}: …`",
                        what.trim_matches('`')
                    ),
                );
                None
            }
        }
    }

    /// An id (`[a-z][a-z0-9_]*`).
    pub fn id(&self, node: &Node, what: &str) -> Option<String> {
        let id = self.text(node, what)?;
        if valid_fact_id(&id) {
            return Some(id);
        }
        let suggestion: String = id
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let hint = if valid_fact_id(&suggestion) {
            format!(", e.g. `{suggestion}`")
        } else {
            String::new()
        };
        self.error(
            node,
            format!("`{id}` cannot be used as {what}"),
            format!("ids are lower-case letters, digits and `_`, starting with a letter{hint}; documents name them as `facts.<table>.<row>.<column>`"),
        );
        None
    }

    /// A locale this project has, written as a key of a text per locale.
    pub fn locale(&self, node: &Node) -> Option<String> {
        let locale = self.key(node)?;
        if let Err(help) = validate_locale(locale) {
            self.error(node, format!("`{locale}` is not a locale"), help);
            return None;
        }
        if !self.locales.is_empty() && !self.locales.iter().any(|l| l == locale) {
            let near = closest(locale, self.locales.iter().map(String::as_str));
            self.error(
                node,
                format!("the locale `{locale}` is not listed in policyc.yaml"),
                did_you_mean(
                    near,
                    &format!("the project's locales are {}", self.locales.join(", ")),
                ),
            );
            return None;
        }
        Some(locale.to_string())
    }

    /// A text per locale: a plain string (the default locale's text) or a
    /// map locale -> text. `None` for an empty value or one in error.
    pub fn texts(&self, key: &Node, node: &Node, what: &str) -> Option<Texts> {
        let placed = |text: String, at: &Node| Placed {
            text,
            file: self.path.to_path_buf(),
            at: self.at(at),
        };
        let mut by_locale = BTreeMap::new();
        let at = match &node.value {
            Value::Null => return None,
            Value::Scalar(s) => {
                by_locale.insert(self.default.to_string(), placed(s.clone(), node));
                self.at(node)
            }
            Value::Map(entries) => {
                for (k, v) in entries {
                    let Some(locale) = self.locale(k) else {
                        continue;
                    };
                    match &v.value {
                        Value::Scalar(s) => {
                            by_locale.insert(locale, placed(s.clone(), v));
                        }
                        Value::Null => {}
                        _ => self.error(
                            v,
                            format!(
                                "the `{locale}` text of {what} must be a text, but is {}",
                                v.kind_name()
                            ),
                            format!("write `{locale}: …` with the text after the colon"),
                        ),
                    }
                }
                self.at(key)
            }
            Value::Seq(_) => {
                self.error(
                    node,
                    format!("{what} must be a text or a text per locale, but is a list"),
                    format!(
                        "write one text, or a text per locale: `{{ {}: …, … }}`",
                        if self.default.is_empty() {
                            "en-US"
                        } else {
                            self.default
                        }
                    ),
                );
                return None;
            }
        };
        Some(Texts {
            at,
            file: self.path.to_path_buf(),
            by_locale,
        })
    }
}
