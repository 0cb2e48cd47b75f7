//! How many regions a region switcher lists: all of them on a site with a
//! few, and on a site with many, those near the page's own region, the
//! rest left to the front page, which lists every region.

use crate::resolve::ResolvedRegion;

/// The most regions a switcher lists. Past this, a page linking to every
/// region is mostly switcher (a site of 100 regions: 7 KB on each of its
/// pages), and a reader looks for a region on the front page anyway.
pub const MAX_REGIONS: usize = 10;

/// The regions a switcher lists on a page of region `current` (whose chain
/// from the root region is `chain`), from those it could list (`all`, in
/// the switcher's order, each with what the caller keeps of it): all of them when
/// there are at most [`MAX_REGIONS`], else the page's own region and those
/// above it, then those just below it while there is room, in the same
/// order. The flag says some were left out, so that the switcher links to
/// the front page for them.
pub fn near<'r, T>(
    current: &str,
    chain: &[String],
    all: Vec<(&'r ResolvedRegion, T)>,
) -> (Vec<(&'r ResolvedRegion, T)>, bool) {
    if all.len() <= MAX_REGIONS {
        return (all, false);
    }
    let above = |r: &ResolvedRegion| r.id == current || chain.contains(&r.id);
    let below = |r: &ResolvedRegion| r.chain.len() >= 2 && r.chain[r.chain.len() - 2] == current;
    let mut room = MAX_REGIONS.saturating_sub(all.iter().filter(|(r, _)| above(r)).count());
    let kept = all
        .into_iter()
        .filter(|(r, _)| {
            if above(r) {
                return true;
            }
            let take = room > 0 && below(r);
            room -= usize::from(take);
            take
        })
        .collect();
    (kept, true)
}
