//! `history/acks.yaml`: a reviewer's word that a translated section was
//! checked against its source's release and needs no change. Written by
//! `policyc translations ack`; read with the history by every build.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, location_at};
use crate::source::{layout, read, yaml};

/// One acknowledgement: the translation of `section` of `doc` in `locale`
/// was checked against the source as release `release` left it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    /// Document id.
    pub doc: String,
    /// The translation's locale.
    pub locale: String,
    /// The section id; `""` for the introduction.
    pub section: String,
    /// The region whose pages it covers (with the regions inheriting from
    /// it); every region when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The release of the source change it acknowledges: a later change
    /// makes the section stale again.
    pub release: u32,
}

/// Every acknowledgement, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acks {
    /// The acknowledgements.
    pub list: Vec<Ack>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    acks: Vec<Ack>,
}

const HEADER: &str = "# Translations checked against their source without a change to their text.\n# Written by `policyc translations ack`; commit it with the sources.\n";

impl Acks {
    /// Whether the translation of `section` of `doc` in `locale`, on the
    /// pages of a region whose chain (itself and its parents) is `chain`,
    /// was checked against its source as release `release` (or a later
    /// one) left it.
    pub fn covers(
        &self,
        doc: &str,
        locale: &str,
        chain: &[String],
        section: &str,
        release: u32,
    ) -> bool {
        self.list.iter().any(|a| {
            a.doc == doc
                && a.locale == locale
                && a.section == section
                && a.release >= release
                && a.region.as_ref().is_none_or(|r| chain.contains(r))
        })
    }

    /// Records `ack`, replacing an older one for the same section and
    /// region. Returns whether anything changed.
    pub fn add(&mut self, ack: Ack) -> bool {
        let same = |a: &Ack| {
            a.doc == ack.doc
                && a.locale == ack.locale
                && a.section == ack.section
                && a.region == ack.region
        };
        if self
            .list
            .iter()
            .any(|a| same(a) && a.release >= ack.release)
        {
            return false;
        }
        self.list.retain(|a| !same(a));
        self.list.push(ack);
        self.list.sort();
        true
    }

    /// Parses the text of `history/acks.yaml` (`path` is how messages name it).
    pub fn parse(path: &Path, text: &str) -> Result<Acks, Diagnostic> {
        let file: File = yaml::parse_file(path, text, &[])?;
        let mut list = file.acks;
        if let Some(zero) = list.iter().find(|a| a.release == 0) {
            let at = yaml::find_key(text, "release").unwrap_or(0);
            return Err(Diagnostic::error(format!(
                "the acknowledgement of `{}` in {} names release 0; releases count from 1",
                zero.section, zero.locale
            ))
            .in_file(path)
            .at(location_at(text, at, 0))
            .help("give the number of the release whose source change was checked, or run `policyc translations ack` again"));
        }
        list.sort();
        list.dedup();
        Ok(Acks { list })
    }

    /// The file's text: a header, then the acknowledgements, sorted.
    pub fn to_yaml(&self) -> Result<String, String> {
        let file = File {
            acks: self.list.clone(),
        };
        let body = yaml_serde::to_string(&file).map_err(|e| e.to_string())?;
        Ok(format!("{HEADER}{body}"))
    }
}

/// Reads `history/acks.yaml` under `root`: none is no acknowledgement; a
/// file that cannot be read or parsed is an error in `diags` (and, for the
/// build to go on, none). Returns its text too, for messages to quote.
pub fn load(root: &Path, diags: &Diagnostics) -> (Acks, Option<String>) {
    let rel = layout::acks(Path::new(""));
    let bytes = match read::project_file(root, &rel) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return (Acks::default(), None),
        Err(e) => {
            diags.push(e.diagnostic());
            return (Acks::default(), None);
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    match Acks::parse(&rel, &text) {
        Ok(acks) => (acks, Some(text)),
        Err(d) => {
            diags.push(d.help(
                "fix the file by hand, or restore it from version control (git checkout -- history/acks.yaml)",
            ));
            (Acks::default(), Some(text))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ack(section: &str, region: Option<&str>, release: u32) -> Ack {
        Ack {
            doc: "privacy".into(),
            locale: "de-DE".into(),
            section: section.into(),
            region: region.map(str::to_string),
            release,
        }
    }

    #[test]
    fn ack_covers_its_release_and_earlier_ones_only() {
        let mut acks = Acks::default();
        acks.add(ack("collect", None, 2));
        let chain = ["us".to_string()];
        assert!(acks.covers("privacy", "de-DE", &chain, "collect", 2));
        assert!(acks.covers("privacy", "de-DE", &chain, "collect", 1));
        assert!(!acks.covers("privacy", "de-DE", &chain, "collect", 3));
        assert!(!acks.covers("privacy", "es-US", &chain, "collect", 2));
    }

    #[test]
    fn ack_for_a_region_covers_the_regions_inheriting_from_it() {
        let mut acks = Acks::default();
        acks.add(ack("rights", Some("us"), 2));
        let child = ["us-ca".to_string(), "us".to_string()];
        assert!(acks.covers("privacy", "de-DE", &child, "rights", 2));
        assert!(!acks.covers("privacy", "de-DE", &["eu".to_string()], "rights", 2));
    }

    #[test]
    fn acks_round_trip_through_yaml() {
        let mut acks = Acks::default();
        acks.add(ack("collect", None, 2));
        acks.add(ack("rights", Some("us"), 3));
        assert!(!acks.add(ack("collect", None, 1)));
        let text = acks.to_yaml().unwrap();
        assert_eq!(Acks::parse(Path::new("a.yaml"), &text).unwrap(), acks);
    }
}
