//! `policyc release --rebase`: the branch's releases that the base lacks,
//! read from git, and the options that record them again on top of the
//! base's history; refused while git reports a conflict in the project.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::history::record::StoredRecord;
use crate::history::{self, Day, History};
use crate::source::layout;

use super::{Options, Outcome, Rebased};

/// A branch's releases to re-record, read from git before the lock.
pub(super) struct Branch {
    pub(super) sides: history::git::Sides,
    /// The branch's records that the excluded revision lacks.
    pub(super) records: Vec<StoredRecord>,
    /// The base's records, which `history/` must hold.
    pub(super) base: Vec<StoredRecord>,
}

/// Reads the branch's releases and the base's from git.
pub(super) fn read_branch(root: &Path, onto: Option<&str>) -> Result<Branch, Diagnostic> {
    let sides = history::git::sides(root, onto)?;
    let excluded: BTreeSet<String> = history::git::records_at(root, &sides.exclude)?
        .into_iter()
        .map(|r| r.hash)
        .collect();
    let records = history::git::records_at(root, &sides.branch)?
        .into_iter()
        .filter(|r| !excluded.contains(&r.hash))
        .collect();
    let base = history::git::records_at(root, &sides.base)?;
    Ok(Branch {
        sides,
        records,
        base,
    })
}

/// The options of a release that re-records the branch's releases on top
/// of `history`, which must hold the base's: their date and effective date
/// (those of the last, unless `--date` or `--effective` say otherwise) and
/// their messages, with an error to report only if there is something to
/// record (a date before the base's last release, releases that take
/// effect on different days). `None` when there is nothing to rebase
/// (said in `outcome.rebased`) or after an error.
pub(super) fn rebase_options(
    options: &Options,
    branch: &Branch,
    history: &History,
    diags: &Diagnostics,
    outcome: &mut Outcome,
) -> Option<(Options, Option<Diagnostic>)> {
    let root = &options.root;
    let policyc = history::git::policyc_command(root);
    let git = history::git::git_command(root);
    let here: BTreeSet<&str> = history.records.iter().map(|r| r.hash.as_str()).collect();
    let sides = &branch.sides;
    if let Some(missing) = branch.base.iter().find(|r| !here.contains(r.hash.as_str())) {
        diags.push(
            Diagnostic::error(format!(
                "history/ does not hold the history of {}: its release {} ({}) is not here",
                sides.base, missing.record.release, missing.record.date
            ))
            .help(format!(
                "take the base's history first: {}, then run `{policyc} release --rebase` again",
                sides.restore(root, missing_objects(root, &branch.base))
            )),
        );
        return None;
    }
    let records: Vec<&StoredRecord> = branch
        .records
        .iter()
        .filter(|r| !here.contains(r.hash.as_str()))
        .collect();
    outcome.rebased = Some(Rebased {
        branch: sides.branch.clone(),
        releases: records
            .iter()
            .map(|r| (r.record.release, r.record.date))
            .collect(),
    });
    let last = records.last()?;
    let mut late = None;
    let date = match options.date.as_deref().map(Day::parse) {
        Some(Ok(date)) => date,
        _ => last.record.date,
    };
    if let Some(newest) = history.last_date().filter(|newest| date < *newest)
        && options.date.is_none()
    {
        late = Some(
            Diagnostic::error(format!(
                "release {} of {} is dated {date}, before the last release of history/ ({newest}): releases are recorded in date order",
                last.record.release, sides.branch
            ))
            .help(format!(
                "record it again on a later day: `{policyc} release --rebase --date {newest}` (or a day after it)"
            )),
        );
    }
    // Recorded as one, the releases take effect on one day: refused when
    // they were to take effect on different days, unless the user says which.
    let takes_effect = |r: &StoredRecord| r.record.effective.filter(|e| *e > r.record.date);
    if options.effective.is_none()
        && late.is_none()
        && records
            .iter()
            .any(|r| takes_effect(r) != takes_effect(last))
    {
        let days: Vec<String> = records
            .iter()
            .map(|r| match takes_effect(r) {
                Some(e) => format!("release {} on {e}", r.record.release),
                None => format!(
                    "release {} on its date, {}",
                    r.record.release, r.record.date
                ),
            })
            .collect();
        let suggested = records
            .iter()
            .filter_map(|r| takes_effect(r))
            .max()
            .map_or_else(|| date.to_string(), |e| e.to_string());
        late = Some(
            Diagnostic::error(format!(
                "the releases of {} that history/ lacks take effect on different days ({}), but they can be recorded again only as one release, with one day: the working tree holds the pages as the branch's last release left them, merged with the base's changes, not the text each earlier release would have had on top of the base's",
                sides.branch,
                days.join(", ")
            ))
            .help(format!(
                "choose the day all of them take effect: `{policyc} release --rebase --effective {suggested}` (or another day; add --date to set the release date); or, to keep each release's day, {}rebase the branch onto the base instead (`{git} rebase BASE`), which stops at each commit that released, so that each release is recorded again in its own commit",
                if sides.base == "MERGE_HEAD" {
                    format!("abort the merge (`{git} merge --abort`) and ")
                } else {
                    String::new()
                }
            )),
        );
    }
    let effective = match &options.effective {
        Some(e) => Some(e.clone()),
        None => last
            .record
            .effective
            .filter(|e| *e > date)
            .map(|e| e.to_string()),
    };
    let messages: Vec<&str> = records
        .iter()
        .filter_map(|r| r.record.message.as_deref())
        .collect();
    // Each locale's messages, joined as the default locale's are: a
    // record without one for the locale gives its default message.
    let locales: BTreeSet<&String> = records
        .iter()
        .flat_map(|r| r.record.messages.keys())
        .collect();
    let per_locale = locales
        .into_iter()
        .map(|locale| {
            let joined: Vec<&str> = records
                .iter()
                .filter_map(|r| {
                    r.record
                        .messages
                        .get(locale)
                        .or(r.record.message.as_ref())
                        .map(String::as_str)
                })
                .collect();
            (locale.clone(), joined.join("; "))
        })
        .collect();
    Some((
        Options {
            date: Some(date.to_string()),
            effective,
            message: (!messages.is_empty()).then(|| messages.join("; ")),
            messages: per_locale,
            ..options.clone()
        },
        late,
    ))
}

/// Whether a text the base released is missing from `history/objects/`.
pub(super) fn missing_objects(root: &Path, base: &[StoredRecord]) -> bool {
    let store = history::store::Store::of_project(root);
    base.iter()
        .flat_map(|r| {
            let pages = r.record.variants.iter().map(|e| &e.snapshot);
            pages.chain(r.record.facts.iter().map(|f| &f.snapshot))
        })
        .filter_map(|snapshot| store.path_of(snapshot))
        .any(|path| std::fs::symlink_metadata(path).is_err())
}

/// Whether git reports no conflict left in the project, said otherwise:
/// a source in conflict holds git's markers, which a release would record
/// as policy text; `history/` in conflict is resolved by taking the base's.
pub(super) fn resolved(root: &Path, branch: &Branch, diags: &Diagnostics) -> bool {
    let unmerged = match history::git::unmerged(root) {
        Ok(paths) => paths,
        Err(d) => {
            diags.push(d);
            return false;
        }
    };
    if unmerged.is_empty() {
        return true;
    }
    let history_dir = format!("{}/", display_path(&layout::history(Path::new(""))));
    let (in_history, sources): (Vec<&String>, Vec<&String>) =
        unmerged.iter().partition(|p| p.starts_with(&history_dir));
    let git = history::git::git_command(root);
    let policyc = history::git::policyc_command(root);
    let restore = branch
        .sides
        .restore(root, missing_objects(root, &branch.base));
    let named = |paths: &[&String]| {
        paths
            .iter()
            .map(|p| format!("`{}`", display_path(Path::new(p.as_str()))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !sources.is_empty() {
        let history_too = if in_history.is_empty() {
            String::new()
        } else {
            format!("; take the base's history too: {restore}")
        };
        diags.push(
            Diagnostic::error(format!(
                "git reports conflicts not yet resolved in {}: a release would record git's conflict markers as policy text",
                named(&sources)
            ))
            .help(format!(
                "resolve each file (keep the right text, remove the lines `<<<<<<<`, `=======` and `>>>>>>>`) and mark it resolved with `{git} add FILE`{history_too}; then run `{policyc} release --rebase` again"
            )),
        );
    } else {
        diags.push(
            Diagnostic::error(format!(
                "git reports a conflict in {}: both branches released",
                named(&in_history)
            ))
            .help(format!(
                "take the base's history, which resolves it: {restore}; then run `{policyc} release --rebase` again"
            )),
        );
    }
    false
}
