//! The variants a change applies to, and how they are said: what the
//! report of sections and the report of tables both group by.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::resolve::VariantKey;

/// One variant a change applies to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct VariantRef {
    /// Region id.
    pub region: String,
    /// Locale code.
    pub locale: String,
}

impl From<&VariantKey> for VariantRef {
    fn from(key: &VariantKey) -> VariantRef {
        VariantRef {
            region: key.region.clone(),
            locale: key.locale.clone(),
        }
    }
}

/// "us, us-ca · en-US, es-US" when the variants are every combination of
/// their regions and locales; otherwise each region with its locales.
pub fn applies_to(variants: &[VariantRef]) -> String {
    if variants.is_empty() {
        return String::new();
    }
    let regions: BTreeSet<&str> = variants.iter().map(|v| v.region.as_str()).collect();
    let locales: BTreeSet<&str> = variants.iter().map(|v| v.locale.as_str()).collect();
    let join = |set: &BTreeSet<&str>| set.iter().copied().collect::<Vec<_>>().join(", ");
    if regions.len() * locales.len() == variants.len() {
        return format!("{} · {}", join(&regions), join(&locales));
    }
    regions
        .iter()
        .map(|r| {
            let mine: BTreeSet<&str> = variants
                .iter()
                .filter(|v| v.region == *r)
                .map(|v| v.locale.as_str())
                .collect();
            format!("{r} · {}", join(&mine))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
