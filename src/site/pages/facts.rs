//! A region's tables as the site publishes them in one locale: each
//! table's rows as JSON (`facts/<table>.json`), its Atom feed of recorded
//! versions (`facts/<table>.xml`), each version's row changes in the
//! reader's words, and the entries those give the region's own feed.

use crate::diagnostics::Diagnostics;
use crate::diff::facts::{RowChangeKind, compare};
use crate::facts::TableView;
use crate::history::FactVersion;
use crate::resolve::ResolvedRegion;
use crate::site::model::{Feed, FeedEntry, RegionRef, TableLinks};
use crate::site::strings::{Words, details, fill};
use crate::site::urls;

use super::Pages;

/// A table of one region and locale, as the site publishes it: its rows
/// today, its recorded versions, and its feed once a release has
/// recorded it.
#[derive(Debug, Clone)]
pub struct PublishedTable {
    /// The table as the region's readers see it now.
    pub view: TableView,
    /// Its versions recorded in this region and locale, oldest first.
    pub versions: Vec<FactVersion>,
    /// Its feed of those versions, newest first.
    pub feed: Option<Feed>,
}

impl Pages<'_> {
    /// The tables `region` publishes in `locale`, by table id, each with
    /// its feed once recorded. A stored version that cannot be read is an
    /// error in `diags`.
    pub fn tables(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        diags: &Diagnostics,
    ) -> Vec<PublishedTable> {
        let words = self.words.words(locale);
        self.table_views(&region.id, locale)
            .into_iter()
            .map(|view| {
                let versions = self.timeline.releases().fact_versions(&view.key, diags);
                let feed = (!versions.is_empty())
                    .then(|| self.table_feed(region, locale, &view, &versions, &words));
                PublishedTable {
                    view,
                    versions,
                    feed,
                }
            })
            .collect()
    }

    /// The current views of every table `region` publishes in `locale`,
    /// by table id.
    fn table_views(&self, region: &str, locale: &str) -> Vec<TableView> {
        self.resolver
            .fact_keys()
            .into_iter()
            .filter(|k| k.region == region && k.locale == locale)
            .filter_map(|k| self.resolver.fact_view(&k.table, region, locale))
            .collect()
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
        let default = &self.project.config.default_locale;
        tables
            .iter()
            .map(|t| {
                let key = &t.view.key;
                let caption_lang = self
                    .project
                    .facts
                    .get(&key.table)
                    .and_then(|table| table.caption.as_ref()?.text(locale, default))
                    .map(|(_, lang)| lang)
                    .filter(|lang| *lang != locale)
                    .map(str::to_string);
                TableLinks {
                    caption_lang,
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

    /// The Atom feed of one table in a region and locale: one entry per
    /// recorded version, newest first.
    fn table_feed(
        &self,
        region: &ResolvedRegion,
        locale: &str,
        view: &TableView,
        versions: &[FactVersion],
        words: &Words,
    ) -> Feed {
        let base_url = &self.project.config.base_url;
        let url = urls::facts_feed(&region.id, locale, &view.key.table);
        let mut entries: Vec<FeedEntry> = versions
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let previous = i.checked_sub(1).map(|p| &versions[p]);
                version_entry(base_url, &url, previous, v, words)
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

/// The entries the changes of `tables` give their region's feed (at
/// `feed_url`): one per version of each table after its first, with the
/// release that recorded it.
pub(super) fn table_entries(
    base_url: &str,
    feed_url: &str,
    tables: &[PublishedTable],
    words: &Words,
) -> Vec<(u32, FeedEntry)> {
    let mut entries = Vec::new();
    for table in tables {
        for pair in table.versions.windows(2) {
            let entry = version_entry(base_url, feed_url, Some(&pair[0]), &pair[1], words);
            entries.push((pair[1].release, entry));
        }
    }
    entries
}

/// The feed entry of one version of a table, in the feed at `feed_url`:
/// "Subprocessors: Version 2", its row changes since `previous` (or "First
/// version"), and when they take effect. Its id is the table feed's URL
/// with the version (`…/facts/subprocessors.xml#v2`), the same in the
/// table's feed and in the region's, and in every build.
fn version_entry(
    base_url: &str,
    feed_url: &str,
    previous: Option<&FactVersion>,
    version: &FactVersion,
    words: &Words,
) -> FeedEntry {
    let view = &version.view;
    let key = &view.key;
    let strings = &words.strings;
    let mut summary = match previous {
        None => strings.first_version.clone(),
        Some(previous) => row_changes(&previous.view, view, words).join("\n"),
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
    let table_feed = urls::facts_feed(&key.region, &key.locale, &key.table);
    FeedEntry {
        title: fill(
            &strings.feed_entry_title,
            &[
                ("title", &view.caption),
                ("change", &words.version(version.version)),
            ],
        ),
        id: urls::feed_id(base_url, &format!("{table_feed}#v{}", version.version)),
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
/// the reader's words, from `diff::facts::compare` (rows matched by id,
/// so a row that only moved is no change): each row added (with its other
/// cells), each cell changed, in the new version's row and column order,
/// then each row removed. A change of the table's own words (its caption,
/// a label) is no change to its rows, and is not told.
pub fn row_changes(old: &TableView, new: &TableView, words: &Words) -> Vec<String> {
    let strings = &words.strings;
    let locale = words.locale.as_str();
    let mut sentences = Vec::new();
    for change in compare(Some(old), Some(new)) {
        match change.change {
            RowChangeKind::Added => {
                let added = fill(
                    &strings.fact_added,
                    &[("noun", &new.noun), ("name", &change.name)],
                );
                let others: Vec<String> = new
                    .columns
                    .iter()
                    .skip(1)
                    .filter_map(|c| change.cells.get(&c.id)?.new.clone())
                    .filter(|t| !t.is_empty())
                    .collect();
                sentences.push(match others.is_empty() {
                    true => added,
                    false => fill(
                        &strings.fact_details,
                        &[("change", &added), ("details", &details(&others, locale))],
                    ),
                });
            }
            RowChangeKind::Removed => sentences.push(fill(
                &strings.fact_removed,
                &[("noun", &new.noun), ("name", &change.name)],
            )),
            RowChangeKind::Changed => {
                // The new view's columns first, then those it dropped.
                let columns = new
                    .columns
                    .iter()
                    .chain(old.columns.iter().filter(|c| new.column(&c.id).is_none()));
                for column in columns {
                    let Some(cell) = change.cells.get(&column.id) else {
                        continue;
                    };
                    let shown = |text: &Option<String>| {
                        text.clone()
                            .filter(|t| !t.is_empty())
                            .unwrap_or_else(|| strings.fact_empty.clone())
                    };
                    sentences.push(fill(
                        &strings.fact_changed,
                        &[
                            ("column", &in_sentence(&column.label, locale)),
                            ("name", &change.name),
                            ("old", &shown(&cell.old)),
                            ("new", &shown(&cell.new)),
                        ],
                    ));
                }
            }
            RowChangeKind::Table => {}
        }
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
    use crate::facts::{CellView, ColumnKind, ColumnView, FactKey, RowView};
    use crate::history::Day;
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
        let day = |s: &str| Day::parse(s).unwrap();
        let version =
            |release, version, date, effective: Option<&str>, view: &TableView| FactVersion {
                release,
                version,
                date: day(date),
                effective: effective.map(day),
                message: None,
                messages: BTreeMap::new(),
                view: view.clone(),
            };
        let first = version(1, 1, "2026-01-10", None, &old);
        let second = version(3, 2, "2026-02-01", Some("2026-03-01"), &new);
        let feed = urls::facts_feed("eu", "en-US", "subprocessors");
        let entry = version_entry(
            "https://legal.ottermoss.test/",
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
        let entry = version_entry("/", &feed, None, &first, &words("en-US"));
        assert_eq!(entry.summary, "First version");
        assert_eq!(entry.id, "urn:policyc:eu:en-US:facts:subprocessors.xml:v1");
        assert_eq!(entry.url, "../index.html#facts-subprocessors");
    }
}
