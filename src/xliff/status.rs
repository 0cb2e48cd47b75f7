//! Which translated sections lag behind their source: the one question an
//! export asks of `history/`.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::history::timeline::{Stale, Timeline};
use crate::resolve::VariantKey;

use super::model::PREAMBLE_UNIT;

/// The stale units of a translation, by unit id.
pub type StaleUnits = BTreeMap<String, Stale>;

/// The stale units of a translation, by unit id, among the variants
/// `keys` (the pages the file is part of in the target locale, each with
/// its region's chain): a unit stale on any of them, and not acknowledged
/// there (`policyc translations ack`, as `translations` and `check` count
/// it), is stale, since the release that changed it last.
pub fn stale_units(
    timeline: &Timeline,
    keys: &[(VariantKey, Vec<String>)],
    default_locale: &str,
    diags: &Diagnostics,
) -> StaleUnits {
    let acks = timeline.releases().acks();
    let mut stale = StaleUnits::new();
    for (key, chain) in keys {
        for s in timeline
            .stale_sections_ahead(key, default_locale, diags)
            .into_iter()
            .filter(|s| !acks.covers(&key.doc, &key.locale, chain, &s.id, s.release))
        {
            // The introduction, which has no id, is the preamble's unit.
            let id = if s.id.is_empty() {
                PREAMBLE_UNIT.to_string()
            } else {
                s.id.clone()
            };
            match stale.get(&id) {
                Some(known) if known.release >= s.release => {}
                _ => {
                    stale.insert(id, s);
                }
            }
        }
    }
    stale
}
