//! A region's tables as the site publishes them in one locale: each
//! table's rows as JSON (`facts/<table>.json`), its Atom feed of recorded
//! versions (`facts/<table>.xml`), each version's row changes in the
//! reader's words, and the entries those give the region's own feed.

use crate::facts::{FactKey, TableView};
use crate::history::Day;
use crate::resolve::ResolvedRegion;
use crate::site::model::{Feed, FeedEntry, RegionRef, TableLinks};
use crate::site::strings::{Words, details, fill};
use crate::site::urls;

use super::Pages;

/// One recorded version of a table, as its feed tells it.
#[derive(Debug, Clone, Copy)]
pub struct TableVersion<'v> {
    /// The release that recorded it.
    pub release: u32,
    /// Its number among the table's versions in this region and locale
    /// (the first is 1).
    pub number: u32,
    /// The day it was recorded.
    pub date: Day,
    /// The day it takes effect, when the release said (`--effective`).
    pub effective: Option<Day>,
    /// The table as it was recorded.
    pub view: &'v TableView,
}

/// A table of one region and locale, as the site publishes it: its rows
/// today, and its feed once a release has recorded it.
#[derive(Debug, Clone)]
pub struct PublishedTable {
    /// The table as the region's readers see it now.
    pub view: TableView,
    /// Its feed of recorded versions, newest first.
    pub feed: Option<Feed>,
}

impl Pages<'_> {
    /// The tables `region` publishes in `locale`, by table id, each with
    /// its feed once recorded.
    pub fn tables(&self, region: &ResolvedRegion, locale: &str) -> Vec<PublishedTable> {
        let words = self.words.words(locale);
        self.table_views(&region.id, locale)
            .into_iter()
            .map(|view| {
                let recorded = self.table_versions(&view.key);
                let versions = numbered(&recorded);
                let feed = (!versions.is_empty())
                    .then(|| self.table_feed(region, locale, &view, &versions, &words));
                PublishedTable { view, feed }
            })
            .collect()
    }

    /// The current views of every table `region` publishes in `locale`.
    fn table_views(&self, region: &str, locale: &str) -> Vec<TableView> {
        let _ = (region, locale);
        Vec::new()
    }

    /// The recorded versions of a table in a region and locale, oldest
    /// first: (release, day recorded, day in effect, view).
    fn table_versions(&self, key: &FactKey) -> Vec<(u32, Day, Option<Day>, TableView)> {
        let _ = key;
        Vec::new()
    }

    /// A region page's "Data" list: each table's JSON and feed, linked
    /// from the page.
    pub(super) fn table_links(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        tables: &[PublishedTable],
    ) -> Vec<TableLinks> {
        let page = urls::region_index(&region.id, locale);
        tables
            .iter()
            .map(|t| {
                let key = &t.view.key;
                TableLinks {
                    table: key.table.clone(),
                    anchor: anchor(&key.table),
                    caption: t.view.caption.clone(),
                    json_href: urls::relative(
                        &page,
                        &urls::facts_json(&region.id, locale, &key.table),
                    ),
                    feed_href: t.feed.as_ref().map(|_| {
                        urls::relative(&page, &urls::facts_feed(&region.id, locale, &key.table))
                    }),
                    feed_title: t.feed.as_ref().map(|f| f.title.clone()).unwrap_or_default(),
                }
            })
            .collect()
    }

    /// The entries table changes give the region's feed: one per version
    /// of each table after its first, with the release that recorded it.
    pub(super) fn table_entries(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        words: &Words,
    ) -> Vec<(u32, FeedEntry)> {
        let base_url = &self.project.config.base_url;
        let mut entries = Vec::new();
        for view in self.table_views(&region.id, locale) {
            let recorded = self.table_versions(&view.key);
            let versions = numbered(&recorded);
            let feed_url = urls::facts_feed(&region.id, locale, &view.key.table);
            for pair in versions.windows(2) {
                let entry = version_entry(
                    base_url,
                    &urls::feed(&region.id, locale),
                    &feed_url,
                    Some(&pair[0]),
                    &pair[1],
                    words,
                );
                entries.push((pair[1].release, entry));
            }
        }
        entries
    }

    /// The Atom feed of one table in a region and locale: one entry per
    /// recorded version, newest first.
    fn table_feed(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        view: &TableView,
        versions: &[TableVersion],
        words: &Words,
    ) -> Feed {
        let base_url = &self.project.config.base_url;
        let url = urls::facts_feed(&region.id, locale, &view.key.table);
        let mut entries: Vec<FeedEntry> = versions
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let previous = i.checked_sub(1).map(|p| &versions[p]);
                version_entry(base_url, &url, &url, previous, v, words)
            })
            .collect();
        entries.reverse();
        let region_name = region.name_in(locale);
        Feed {
            id: urls::feed_id(base_url, &url),
            self_url: urls::canonical(base_url, &url),
            page_url: urls::from_feed(base_url, &url, &urls::region_index(&region.id, locale)),
            updated: entries
                .first()
                .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.updated.clone()),
            frame: self.frame(url, locale, Vec::new()),
            title: fill(
                &words.strings.facts_feed_title,
                &[
                    ("site", &self.project.config.name),
                    ("table", &view.caption),
                    ("region", region_name),
                ],
            ),
            region: RegionRef {
                id: region.id.clone(),
                name: region_name.to_string(),
            },
            entries,
            variables: region.variables.clone(),
        }
    }
}

/// The versions as the feeds number them, oldest first.
fn numbered(recorded: &[(u32, Day, Option<Day>, TableView)]) -> Vec<TableVersion<'_>> {
    recorded
        .iter()
        .zip(1..)
        .map(|((release, date, effective, view), number)| TableVersion {
            release: *release,
            number,
            date: *date,
            effective: *effective,
            view,
        })
        .collect()
}

/// The feed entry of one version of a table, in the feed at `feed_url`:
/// "Subprocessors: Version 2", its row changes since `previous` (or "First
/// version"), and when they take effect. Its id is the table feed's URL
/// with the version (`…/facts/subprocessors.xml#v2`), the same in the
/// table's feed and in the region's, and in every build.
fn version_entry(
    base_url: &str,
    feed_url: &str,
    table_feed: &str,
    previous: Option<&TableVersion>,
    version: &TableVersion,
    words: &Words,
) -> FeedEntry {
    let view = version.view;
    let key = &view.key;
    let strings = &words.strings;
    let mut summary = match previous {
        None => strings.first_version.clone(),
        Some(previous) => row_changes(previous.view, view, words).join("\n"),
    };
    if let Some(effective) = version.effective.filter(|e| *e != version.date) {
        let notice = words.dated(&strings.facts_effective, effective);
        summary = match summary.is_empty() {
            true => notice,
            false => format!("{notice}\n{summary}"),
        };
    }
    let page = format!(
        "{}#{}",
        urls::region_index(&key.region, &key.locale),
        anchor(&key.table)
    );
    FeedEntry {
        title: fill(
            &strings.feed_entry_title,
            &[
                ("title", &view.caption),
                ("change", &words.version(version.number)),
            ],
        ),
        id: urls::feed_id(base_url, &format!("{table_feed}#v{}", version.number)),
        url: urls::from_feed(base_url, feed_url, &page),
        updated: format!("{}T00:00:00Z", version.date),
        summary,
        summary_lang: None,
    }
}

/// The id of a table's item on its region's page.
pub fn anchor(table: &str) -> String {
    format!("facts-{table}")
}

/// What changed between two versions of a table, a sentence per change in
/// the reader's words: each row added (with its other cells), each cell
/// changed, in the new version's row order, then each row removed. Rows
/// are matched by id, so a row that only moved is no change.
pub fn row_changes(old: &TableView, new: &TableView, words: &Words) -> Vec<String> {
    let strings = &words.strings;
    let locale = words.locale.as_str();
    let text = |row: Option<&crate::facts::RowView>, column: &str| {
        row.and_then(|r| r.cells.get(column))
            .map(|c| c.text.clone())
            .filter(|t| !t.is_empty())
    };
    let mut sentences = Vec::new();
    for row in &new.rows {
        let name = new.row_name(row);
        let Some(before) = old.row(&row.id) else {
            let added = fill(&strings.fact_added, &[("noun", &new.noun), ("name", name)]);
            let others: Vec<String> = new
                .columns
                .iter()
                .skip(1)
                .filter_map(|c| text(Some(row), &c.id))
                .collect();
            sentences.push(match others.is_empty() {
                true => added,
                false => fill(
                    &strings.fact_details,
                    &[("change", &added), ("details", &details(&others, locale))],
                ),
            });
            continue;
        };
        for column in &new.columns {
            let (was, is) = (text(Some(before), &column.id), text(Some(row), &column.id));
            if was == is {
                continue;
            }
            let none = || strings.fact_empty.clone();
            sentences.push(fill(
                &strings.fact_changed,
                &[
                    ("column", &in_sentence(&column.label, locale)),
                    ("name", name),
                    ("old", &was.unwrap_or_else(none)),
                    ("new", &is.unwrap_or_else(none)),
                ],
            ));
        }
    }
    for row in old.rows.iter().filter(|r| new.row(&r.id).is_none()) {
        sentences.push(fill(
            &strings.fact_removed,
            &[("noun", &new.noun), ("name", old.row_name(row))],
        ));
    }
    sentences
}

/// A column's label inside a sentence ("Changed location of …"): its
/// first letter in lower case, except in German, which writes nouns with
/// a capital, and in a label that starts with an abbreviation ("URL").
fn in_sentence(label: &str, locale: &str) -> String {
    let mut chars = label.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return label.to_string();
    };
    let abbreviation = second.is_some_and(char::is_uppercase);
    if abbreviation || matches!(crate::locale::language_of(locale), "de" | "lb") {
        return label.to_string();
    }
    let mut out: String = first.to_lowercase().collect();
    out.push_str(&label[first.len_utf8()..]);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::facts::{CellView, ColumnKind, ColumnView, RowView};
    use crate::site::strings::Catalogue;

    fn view(locale: &str, rows: &[(&str, &[(&str, &str)])]) -> TableView {
        let german = locale.starts_with("de");
        let column = |id: &str, label: &str, kind| ColumnView {
            id: id.into(),
            label: label.into(),
            kind,
        };
        TableView {
            key: FactKey {
                table: "subprocessors".into(),
                region: "eu".into(),
                locale: locale.into(),
            },
            caption: if german {
                "Unterauftragsverarbeiter"
            } else {
                "Subprocessors"
            }
            .into(),
            noun: if german {
                "Unterauftragsverarbeiter"
            } else {
                "subprocessor"
            }
            .into(),
            columns: vec![
                column("name", "Name", ColumnKind::Text),
                column(
                    "purpose",
                    if german { "Zweck" } else { "Purpose" },
                    ColumnKind::Translated,
                ),
                column(
                    "location",
                    if german { "Standort" } else { "Location" },
                    ColumnKind::Country,
                ),
            ],
            rows: rows
                .iter()
                .map(|(id, cells)| RowView {
                    id: (*id).into(),
                    cells: cells
                        .iter()
                        .map(|(c, t)| {
                            (
                                (*c).to_string(),
                                CellView {
                                    value: (*t).into(),
                                    text: (*t).into(),
                                },
                            )
                        })
                        .collect::<BTreeMap<_, _>>(),
                })
                .collect(),
        }
    }

    fn words(locale: &str) -> Words {
        Catalogue::built_in().words(locale).into_owned()
    }

    #[test]
    fn added_removed_and_changed_rows_are_said_in_the_readers_words() {
        let old = view(
            "en-US",
            &[
                (
                    "harbor",
                    &[("name", "Harbor Pay Ltd."), ("location", "Ireland")],
                ),
                (
                    "cloudy",
                    &[("name", "Cloudy Mail Inc."), ("location", "United States")],
                ),
            ],
        );
        let new = view(
            "en-US",
            &[
                (
                    "fjord",
                    &[
                        ("name", "Fjordlight AB"),
                        ("purpose", "Product analytics"),
                        ("location", "Sweden"),
                    ],
                ),
                (
                    "harbor",
                    &[("name", "Harbor Pay Ltd."), ("location", "Netherlands")],
                ),
            ],
        );
        assert_eq!(
            row_changes(&old, &new, &words("en-US")),
            [
                "Added subprocessor Fjordlight AB (Product analytics, Sweden)",
                "Changed location of Harbor Pay Ltd.: Ireland → Netherlands",
                "Removed subprocessor Cloudy Mail Inc.",
            ]
        );
        // A row that only moved is no change.
        let mut swapped = old.clone();
        swapped.rows.reverse();
        assert!(row_changes(&old, &swapped, &words("en-US")).is_empty());
    }

    #[test]
    fn german_keeps_its_nouns_capitalised_and_an_empty_cell_is_named() {
        let old = view("de-DE", &[("harbor", &[("name", "Harbor Pay Ltd.")])]);
        let new = view(
            "de-DE",
            &[(
                "harbor",
                &[("name", "Harbor Pay Ltd."), ("location", "Niederlande")],
            )],
        );
        assert_eq!(
            row_changes(&old, &new, &words("de-DE")),
            ["Standort von Harbor Pay Ltd. geändert: keine Angabe → Niederlande"]
        );
        assert_eq!(in_sentence("URL", "en-US"), "URL");
        assert_eq!(in_sentence("Ubicación", "es-ES"), "ubicación");
    }

    #[test]
    fn an_entry_says_when_its_changes_take_effect_and_keeps_its_id() {
        let old = view("en-US", &[("harbor", &[("name", "Harbor Pay Ltd.")])]);
        let new = view("en-US", &[]);
        let day = |s| Day::parse(s).unwrap();
        let first = TableVersion {
            release: 1,
            number: 1,
            date: day("2026-01-10"),
            effective: None,
            view: &old,
        };
        let second = TableVersion {
            release: 3,
            number: 2,
            date: day("2026-02-01"),
            effective: Some(day("2026-03-01")),
            view: &new,
        };
        let feed = urls::facts_feed("eu", "en-US", "subprocessors");
        let entry = version_entry(
            "https://legal.ottermoss.test/",
            &feed,
            &feed,
            Some(&first),
            &second,
            &words("en-US"),
        );
        assert_eq!(entry.title, "Subprocessors: Version 2");
        assert_eq!(
            entry.summary,
            "These changes take effect on March 1, 2026.\nRemoved subprocessor Harbor Pay Ltd."
        );
        assert_eq!(
            entry.id,
            "https://legal.ottermoss.test/eu/en-US/facts/subprocessors.xml#v2"
        );
        assert_eq!(
            entry.url,
            "https://legal.ottermoss.test/eu/en-US/#facts-subprocessors"
        );
        assert_eq!(entry.updated, "2026-02-01T00:00:00Z");
        let entry = version_entry("/", &feed, &feed, None, &first, &words("en-US"));
        assert_eq!(entry.summary, "First version");
        assert_eq!(entry.id, "urn:policyc:eu:en-US:facts:subprocessors.xml:v1");
        assert_eq!(entry.url, "../index.html#facts-subprocessors");
    }
}
