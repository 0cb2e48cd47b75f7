//! The project's file layout: the only code that knows which folder holds
//! what, how sources are named, which names are editors' temporary files,
//! and what a change to a path affects. Loading, the preview's watcher,
//! `init`, `release` and the history store ask it; nothing else names a file.

use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use super::read::{self, Unreadable};

/// The project's settings: `policyc.yaml`.
pub const CONFIG: &str = "policyc.yaml";
/// Documents: `policies/<doc>/<locale>.md`.
pub const POLICIES: &str = "policies";
/// Regions, `regions/<region>.yaml`, and their supplements,
/// `regions/<region>/<doc>.<locale>.md`.
pub const REGIONS: &str = "regions";
/// Overrides of the built-in theme.
pub const TEMPLATES: &str = "templates";
/// Theme words the project sets or adds: `strings/<locale>.yaml`.
pub const STRINGS: &str = "strings";
/// Structured facts: `facts/<table>.yaml`, and each locale's texts for a
/// table, `facts/<table>.<locale>.yaml`; a region's changes are
/// `regions/<region>/facts/<table>.yaml`.
pub const FACTS: &str = "facts";
/// Released versions, written by `policyc release`.
pub const HISTORY: &str = "history";
/// Where `policyc build` writes the site unless told otherwise.
pub const OUT: &str = "out";
/// The site's list of pages, which also marks a folder as policyc's output.
pub const MANIFEST: &str = "manifest.json";
/// What `policyc init` tells git to leave out.
pub const GITIGNORE: &str = ".gitignore";

/// How the folder a build writes beside the output starts, before it
/// replaces the output whole.
pub const OUTPUT_STAGING_PREFIX: &str = ".policyc-staging-";
/// How the previous output is named while the new one takes its place.
pub const OUTPUT_OLD_PREFIX: &str = ".policyc-old-";

/// The folders below the root that hold sources: what the preview watches.
pub const SOURCE_FOLDERS: [&str; 6] = [POLICIES, REGIONS, FACTS, TEMPLATES, STRINGS, HISTORY];

/// The source forms, as messages show them.
pub const DOCUMENT_FORM: &str = "policies/<doc>/<locale>.md";
/// A region file, as messages show it.
pub const REGION_FORM: &str = "regions/<region>.yaml";
/// A supplement, as messages show it.
pub const SUPPLEMENT_FORM: &str = "regions/<region>/<doc>.<locale>.md";
/// A file of theme words, as messages show it.
pub const WORDS_FORM: &str = "strings/<locale>.yaml";
/// A facts table, as messages show it.
pub const FACT_TABLE_FORM: &str = "facts/<table>.yaml";
/// A locale's texts for a facts table, as messages show it.
pub const FACT_TRANSLATION_FORM: &str = "facts/<table>.<locale>.yaml";
/// A region's changes to a facts table, as messages show it.
pub const FACT_CHANGES_FORM: &str = "regions/<region>/facts/<table>.yaml";

const MARKDOWN: &str = "md";
const REGION_EXTENSIONS: [&str; 2] = ["yaml", "yml"];
const RELEASES: &str = "releases";
const WORDS_EXTENSION: &str = "yaml";
const FACTS_EXTENSION: &str = "yaml";
const OBJECTS: &str = "objects";
const LOCK: &str = ".lock";
const ACKS: &str = "acks.yaml";
const RECORD_EXTENSION: &str = "yaml";
/// How deep `templates/` is read: subfolders of subfolders, and no further.
const TEMPLATES_DEPTH: usize = 8;

/// What a path in a project is. Paths are relative to the project root and
/// classified by name only, so that a path that was just removed (as the
/// watcher reports it) is classified like one that exists: `policies/x.md`
/// is a document folder by its place, and loading, which sees a file
/// there, reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `policyc.yaml`.
    Config,
    /// The `policies/` folder itself.
    Policies,
    /// `policies/<doc>`: a document's folder.
    DocumentFolder {
        /// The folder name, the document id.
        doc: String,
    },
    /// `policies/<doc>/<locale>.md`: a document in one locale.
    Document {
        /// The document id.
        doc: String,
        /// The locale, from the file name.
        locale: String,
    },
    /// The `regions/` folder itself.
    Regions,
    /// `regions/<region>.yaml` (or `.yml`).
    Region {
        /// The region id, the file stem.
        region: String,
    },
    /// `regions/<region>`: the folder of a region's supplements.
    SupplementFolder {
        /// The region id.
        region: String,
    },
    /// `regions/<region>/<doc>.<locale>.md`.
    Supplement {
        /// The region id.
        region: String,
        /// The document id.
        doc: String,
        /// The locale.
        locale: String,
    },
    /// The `templates/` folder itself.
    Templates,
    /// A page template in `templates/` (`.html`, `.xml`), by its name there.
    Template {
        /// The name, relative to `templates/`, with `/`.
        name: String,
    },
    /// Any other file in `templates/`, copied to the site's assets.
    ThemeAsset {
        /// The name, relative to `templates/`, with `/`.
        name: String,
    },
    /// The `strings/` folder itself.
    Strings,
    /// A file in `strings/`: `strings/<locale>.yaml` gives the theme's
    /// words for a locale; any other name is reported by loading.
    Words {
        /// The file's name in `strings/`.
        name: String,
        /// The locale, when the name is `<locale>.yaml`.
        locale: Option<String>,
    },
    /// The `facts/` folder itself.
    Facts,
    /// `facts/<table>.yaml`: a table.
    FactTable {
        /// The table's id, the file's stem.
        table: String,
    },
    /// `facts/<table>.<locale>.yaml`: a locale's texts for a table.
    FactTranslation {
        /// The table's id.
        table: String,
        /// The locale.
        locale: String,
    },
    /// `regions/<region>/facts`: the folder of a region's changes to tables.
    RegionFacts {
        /// The region id.
        region: String,
    },
    /// `regions/<region>/facts/<table>.yaml`: a region's changes to a table.
    FactChanges {
        /// The region id.
        region: String,
        /// The table's id.
        table: String,
    },
    /// `history/releases/NNNN.yaml`.
    HistoryRecord {
        /// The release number in the name.
        number: u32,
    },
    /// A stored text under `history/objects/`.
    HistoryObject,
    /// `history/` itself, or anything else in it.
    History,
    /// A file in a source folder that has none of the source forms (a stray
    /// file, which loading reports).
    Stray {
        /// The folder it is in.
        place: Place,
    },
    /// An editor's swap, backup or autosave file, or any hidden file (a
    /// name starting with `.`): never a source.
    EditorFile,
    /// Not part of the sources: `out/`, `.git/`, `README.md`, …
    Outside,
}

/// Where a stray file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// In a document's folder.
    DocumentFolder(String),
    /// In a region's folder of supplements.
    SupplementFolder(String),
    /// In `facts/`.
    Facts,
    /// In a region's `facts/` folder.
    RegionFacts(String),
}

/// What a change to a path can reach, for the preview's rebuilds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Affects {
    /// Every page: settings, templates or history changed.
    Everything,
    /// The pages that show a facts table, in any region (its file or one
    /// of its locale files changed).
    Facts(String),
    /// Every page of a document (its folder changed).
    Document(String),
    /// The pages showing one document's text in one locale.
    Text {
        /// The document id.
        doc: String,
        /// The locale of the changed source.
        locale: String,
    },
    /// The pages of a region and of the regions that inherit from it.
    Region(String),
    /// The pages whose theme words come from `strings/<locale>.yaml`: those
    /// of the locales that find their words under this tag.
    Words(String),
}

/// Files that editors leave behind and that are never sources: hidden files
/// (vim's `.name.swp`, Emacs's `.#name` locks), backups (`name~`), Emacs's
/// autosaves (`#name#`), vim's write test (`4913`) and JetBrains' safe-write
/// files (`name___jb_tmp___`, `name___jb_old___`).
pub fn is_editor_file(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// Whether a file in `templates/` is a page template (the others are assets).
pub fn is_page_template(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".xml")
}

/// Classifies a path relative to the project root.
pub fn classify(rel: &Path) -> Kind {
    let Some(parts) = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Option<Vec<String>>>()
    else {
        return Kind::Outside;
    };
    if parts.iter().any(|p| is_editor_file(p)) {
        return Kind::EditorFile;
    }
    let owned = |s: &str| s.to_string();
    match parts.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [CONFIG] => Kind::Config,
        [POLICIES] => Kind::Policies,
        [POLICIES, doc] => Kind::DocumentFolder { doc: owned(doc) },
        [POLICIES, doc, file] => match strip_extension(file, MARKDOWN) {
            Some(locale) => Kind::Document {
                doc: owned(doc),
                locale: owned(locale),
            },
            None => Kind::Stray {
                place: Place::DocumentFolder(owned(doc)),
            },
        },
        [POLICIES, doc, ..] => Kind::Stray {
            place: Place::DocumentFolder(owned(doc)),
        },
        [REGIONS] => Kind::Regions,
        [REGIONS, name] => match region_stem(name) {
            Some(region) => Kind::Region {
                region: owned(region),
            },
            None => Kind::SupplementFolder {
                region: owned(name),
            },
        },
        [REGIONS, region, FACTS] => Kind::RegionFacts {
            region: owned(region),
        },
        [REGIONS, region, FACTS, file] => match strip_extension(file, FACTS_EXTENSION) {
            Some(table) if !table.contains('.') => Kind::FactChanges {
                region: owned(region),
                table: owned(table),
            },
            _ => Kind::Stray {
                place: Place::RegionFacts(owned(region)),
            },
        },
        [REGIONS, region, FACTS, ..] => Kind::Stray {
            place: Place::RegionFacts(owned(region)),
        },
        [REGIONS, region, file] => {
            let parts = strip_extension(file, MARKDOWN).and_then(|stem| stem.split_once('.'));
            match parts {
                Some((doc, locale)) => Kind::Supplement {
                    region: owned(region),
                    doc: owned(doc),
                    locale: owned(locale),
                },
                None => Kind::Stray {
                    place: Place::SupplementFolder(owned(region)),
                },
            }
        }
        [REGIONS, region, ..] => Kind::Stray {
            place: Place::SupplementFolder(owned(region)),
        },
        [FACTS] => Kind::Facts,
        [FACTS, file] => match strip_extension(file, FACTS_EXTENSION) {
            Some(stem) => match stem.split_once('.') {
                Some((table, locale)) => Kind::FactTranslation {
                    table: owned(table),
                    locale: owned(locale),
                },
                None => Kind::FactTable { table: owned(stem) },
            },
            None => Kind::Stray {
                place: Place::Facts,
            },
        },
        [FACTS, ..] => Kind::Stray {
            place: Place::Facts,
        },
        [TEMPLATES] => Kind::Templates,
        [TEMPLATES, ..] => {
            let name = parts[1..].join("/");
            if is_page_template(&name) {
                Kind::Template { name }
            } else {
                Kind::ThemeAsset { name }
            }
        }
        [STRINGS] => Kind::Strings,
        [STRINGS, ..] => Kind::Words {
            name: parts[1..].join("/"),
            locale: match &parts[1..] {
                [file] => strip_extension(file, WORDS_EXTENSION).map(owned),
                _ => None,
            },
        },
        [HISTORY, RELEASES, file] => match strip_extension(file, RECORD_EXTENSION)
            .filter(|n| n.len() == 4)
            .and_then(|n| n.parse().ok())
        {
            Some(number) => Kind::HistoryRecord { number },
            None => Kind::History,
        },
        [HISTORY, OBJECTS, ..] => Kind::HistoryObject,
        [HISTORY, ..] => Kind::History,
        _ => Kind::Outside,
    }
}

/// What a change to `rel` can reach; `None` for paths that are not sources
/// (editors' files, `out/`, `.git/`, anything outside the source folders).
pub fn affects(rel: &Path) -> Option<Affects> {
    Some(match classify(rel) {
        Kind::Config
        | Kind::Policies
        | Kind::Regions
        | Kind::Templates
        | Kind::Template { .. }
        | Kind::ThemeAsset { .. }
        | Kind::Strings
        | Kind::Words { locale: None, .. }
        | Kind::HistoryRecord { .. }
        | Kind::HistoryObject
        | Kind::History
        | Kind::Facts
        | Kind::Stray {
            place: Place::Facts,
        } => Affects::Everything,
        Kind::FactTable { table } | Kind::FactTranslation { table, .. } => Affects::Facts(table),
        Kind::RegionFacts { region }
        | Kind::FactChanges { region, .. }
        | Kind::Stray {
            place: Place::RegionFacts(region),
        } => Affects::Region(region),
        Kind::DocumentFolder { doc }
        | Kind::Stray {
            place: Place::DocumentFolder(doc),
        } => Affects::Document(doc),
        Kind::Document { doc, locale } => Affects::Text { doc, locale },
        Kind::Words {
            locale: Some(locale),
            ..
        } => Affects::Words(locale),
        Kind::Region { region }
        | Kind::SupplementFolder { region }
        | Kind::Supplement { region, .. }
        | Kind::Stray {
            place: Place::SupplementFolder(region),
        } => Affects::Region(region),
        Kind::EditorFile | Kind::Outside => return None,
    })
}

fn strip_extension<'a>(file: &'a str, extension: &str) -> Option<&'a str> {
    file.strip_suffix(extension)?.strip_suffix('.')
}

fn region_stem(file: &str) -> Option<&str> {
    REGION_EXTENSIONS
        .iter()
        .find_map(|ext| strip_extension(file, ext))
}

/// `policyc.yaml`, relative to the root.
pub fn config() -> PathBuf {
    PathBuf::from(CONFIG)
}

/// `policies/<doc>/<locale>.md`.
pub fn document(doc: &str, locale: &str) -> PathBuf {
    Path::new(POLICIES)
        .join(doc)
        .join(format!("{locale}.{MARKDOWN}"))
}

/// `regions/<region>.yaml`.
pub fn region(region: &str) -> PathBuf {
    Path::new(REGIONS).join(format!("{region}.{}", REGION_EXTENSIONS[0]))
}

/// Every name a region's file may have: `regions/<region>.yaml` or `.yml`.
pub fn region_files(region: &str) -> impl Iterator<Item = PathBuf> + '_ {
    REGION_EXTENSIONS
        .iter()
        .map(move |ext| Path::new(REGIONS).join(format!("{region}.{ext}")))
}

/// `strings/<locale>.yaml`.
pub fn words(locale: &str) -> PathBuf {
    Path::new(STRINGS).join(format!("{locale}.{WORDS_EXTENSION}"))
}

/// `regions/<region>/<doc>.<locale>.md`.
pub fn supplement(region: &str, doc: &str, locale: &str) -> PathBuf {
    Path::new(REGIONS)
        .join(region)
        .join(format!("{doc}.{locale}.{MARKDOWN}"))
}

/// `facts/<table>.yaml`.
pub fn fact_table(table: &str) -> PathBuf {
    Path::new(FACTS).join(format!("{table}.{FACTS_EXTENSION}"))
}

/// `facts/<table>.<locale>.yaml`: what a translator fills for a table.
pub fn fact_translation(table: &str, locale: &str) -> PathBuf {
    Path::new(FACTS).join(format!("{table}.{locale}.{FACTS_EXTENSION}"))
}

/// `regions/<region>/facts`: the folder of a region's changes to tables.
pub fn region_facts(region: &str) -> PathBuf {
    Path::new(REGIONS).join(region).join(FACTS)
}

/// `regions/<region>/facts/<table>.yaml`.
pub fn fact_changes(region: &str, table: &str) -> PathBuf {
    region_facts(region).join(format!("{table}.{FACTS_EXTENSION}"))
}

/// Every path of sources, relative to the root: the source folders and
/// `policyc.yaml`. Nothing but policyc's sources belongs there, so no
/// output may go inside one.
pub fn source_paths() -> impl Iterator<Item = PathBuf> {
    SOURCE_FOLDERS
        .iter()
        .map(PathBuf::from)
        .chain(std::iter::once(config()))
}

/// The paths of the sources that make what readers see, relative to the
/// root: [`source_paths`] without `history/`. Comparing two versions of a
/// project (`diff --base`) needs these only.
pub fn reading_paths() -> impl Iterator<Item = PathBuf> {
    source_paths().filter(|p| p != Path::new(HISTORY))
}

/// `history/`, under `root`.
pub fn history(root: &Path) -> PathBuf {
    root.join(HISTORY)
}

/// `history/releases/`, under `root`.
pub fn releases(root: &Path) -> PathBuf {
    history(root).join(RELEASES)
}

/// The record of release `number`: `history/releases/0001.yaml`, under `root`.
pub fn record(root: &Path, number: u32) -> PathBuf {
    releases(root).join(record_name(number))
}

/// The file name of release `number`'s record.
pub fn record_name(number: u32) -> String {
    format!("{number:04}.{RECORD_EXTENSION}")
}

/// What `history/releases/` holds, each list sorted.
#[derive(Debug, Clone, Default)]
pub struct ReleaseFiles {
    /// The record files: every `.yaml` file there, so that a misnamed
    /// record is reported rather than skipped.
    pub records: Vec<PathBuf>,
    /// Everything else (`0003.yml`, `0003.YAML`, `notes.txt`, a folder),
    /// a release's temporary files aside: each an error, since a record
    /// under another name would escape `policyc verify`.
    pub others: Vec<PathBuf>,
}

/// The files under `history/releases/`. A missing folder has none; one
/// that cannot be read is an error, never an empty history.
pub fn record_files(root: &Path) -> Result<ReleaseFiles, Unreadable> {
    let dir = releases(root);
    let unreadable = |error| Unreadable::new(root, &dir, error);
    for folder in [history(root), dir.clone()] {
        if folder.exists() {
            read::confine(root, &folder)?;
        }
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ReleaseFiles::default()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut files = ReleaseFiles::default();
    for entry in entries {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        let name = entry.file_name();
        if path.extension().is_some_and(|e| e == RECORD_EXTENSION) {
            files.records.push(path);
        } else if !name.to_string_lossy().starts_with(TEMPORARY_PREFIX) {
            files.others.push(path);
        }
    }
    files.records.sort();
    files.others.sort();
    Ok(files)
}

/// The record name a file that is not a record was perhaps meant to have:
/// `0003.yml` and `3.YAML` give `0003.yaml`.
pub fn record_name_for(file: &Path) -> Option<String> {
    let stem = file.file_name()?.to_str()?.split('.').next()?;
    let number: u32 = stem.parse().ok()?;
    (stem.bytes().all(|b| b.is_ascii_digit())).then(|| record_name(number))
}

/// `history/objects/`, under `root`.
pub fn objects(root: &Path) -> PathBuf {
    history(root).join(OBJECTS)
}

/// `history/.lock`, under `root`: held while a release writes.
pub fn lock(root: &Path) -> PathBuf {
    history(root).join(LOCK)
}

/// `history/acks.yaml`, under `root`: the translations a reviewer checked
/// against their source without changing them (`policyc translations ack`).
pub fn acks(root: &Path) -> PathBuf {
    history(root).join(ACKS)
}

/// How the temporary files written before an atomic rename start: with a
/// dot, so that they are never taken for sources; a release that finds
/// some left by a killed one removes them.
pub const TEMPORARY_PREFIX: &str = ".tmp-";

/// The `.gitignore` of a new project: the output, the release lock, and
/// the folders a build writes beside the output (left behind if it is
/// interrupted, until the next build removes them).
pub fn gitignore() -> String {
    format!("/{OUT}/\n/{HISTORY}/{LOCK}\n/{OUTPUT_STAGING_PREFIX}*/\n/{OUTPUT_OLD_PREFIX}*/\n")
}

/// A folder of the project as read: its entries, sorted by name, editors'
/// files left out (and folders of them not entered).
#[derive(Debug, Clone)]
pub struct Entry {
    /// The path relative to the project root.
    pub rel: PathBuf,
    /// What the path is.
    pub kind: Kind,
    /// Whether it is a folder.
    pub is_dir: bool,
    /// Whether it is a regular file (or a symbolic link to one inside the
    /// project).
    pub is_file: bool,
}

/// The entries of a source folder (`POLICIES`, `REGIONS`, `TEMPLATES` or a
/// region's supplements), as deep as its sources go, or, for a folder or
/// entry that cannot be read, why. A missing folder has no entries.
pub fn entries(root: &Path, folder: &Path) -> Vec<Result<Entry, Unreadable>> {
    let depth = match folder.components().count() {
        1 if folder == Path::new(POLICIES) => 2,
        1 if folder == Path::new(TEMPLATES) => TEMPLATES_DEPTH,
        _ => 1,
    };
    let start = root.join(folder);
    if start.exists() {
        if let Err(unreadable) = read::confine(root, &start) {
            return vec![Err(unreadable)];
        }
        if !start.is_dir() {
            let error = std::io::Error::from(std::io::ErrorKind::NotADirectory);
            return vec![Err(Unreadable::new(root, &start, error))];
        }
    }
    let mut found = Vec::new();
    // Links are followed, each only as far as the project goes: a link
    // that leads outside is an error, and a folder it names is not entered.
    let mut walk = WalkDir::new(&start)
        .follow_links(true)
        .min_depth(1)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_editor_file(&e.file_name().to_string_lossy()));
    while let Some(entry) = walk.next() {
        match entry {
            Ok(e) => {
                if e.path_is_symlink()
                    && let Err(unreadable) = read::confine(root, e.path())
                {
                    if e.file_type().is_dir() {
                        walk.skip_current_dir();
                    }
                    found.push(Err(unreadable));
                    continue;
                }
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(e.path())
                    .to_path_buf();
                found.push(Ok(Entry {
                    kind: classify(&rel),
                    is_dir: e.file_type().is_dir(),
                    is_file: e.file_type().is_file(),
                    rel,
                }));
            }
            Err(e) => {
                let path = e.path().unwrap_or(&start).to_path_buf();
                let error = e
                    .into_io_error()
                    .unwrap_or_else(crate::source::read::loop_error);
                // Gone: the folder does not exist, or a file was removed
                // while the folder was read (the preview rebuilds again).
                // A symbolic link to nothing is there, and is reported.
                if error.kind() != std::io::ErrorKind::NotFound || path.is_symlink() {
                    found.push(Err(Unreadable::new(root, &path, error)));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Kind {
        classify(Path::new(path))
    }

    fn s(text: &str) -> String {
        text.to_string()
    }

    #[test]
    fn every_kind_of_path_is_classified_by_name() {
        let table = [
            ("policyc.yaml", Kind::Config),
            ("policies", Kind::Policies),
            (
                "policies/privacy",
                Kind::DocumentFolder { doc: s("privacy") },
            ),
            (
                "policies/privacy/en-US.md",
                Kind::Document {
                    doc: s("privacy"),
                    locale: s("en-US"),
                },
            ),
            (
                "policies/privacy/notes.txt",
                Kind::Stray {
                    place: Place::DocumentFolder(s("privacy")),
                },
            ),
            ("regions", Kind::Regions),
            ("regions/us-ca.yaml", Kind::Region { region: s("us-ca") }),
            ("regions/us-ca.yml", Kind::Region { region: s("us-ca") }),
            (
                "regions/us-ca",
                Kind::SupplementFolder { region: s("us-ca") },
            ),
            (
                "regions/us-ca/privacy.en-US.md",
                Kind::Supplement {
                    region: s("us-ca"),
                    doc: s("privacy"),
                    locale: s("en-US"),
                },
            ),
            (
                "regions/us-ca/privacy.md",
                Kind::Stray {
                    place: Place::SupplementFolder(s("us-ca")),
                },
            ),
            ("templates", Kind::Templates),
            (
                "templates/footer.html",
                Kind::Template {
                    name: s("footer.html"),
                },
            ),
            (
                "templates/feed.xml",
                Kind::Template {
                    name: s("feed.xml"),
                },
            ),
            (
                "templates/style.css",
                Kind::ThemeAsset {
                    name: s("style.css"),
                },
            ),
            (
                "templates/img/logo.svg",
                Kind::ThemeAsset {
                    name: s("img/logo.svg"),
                },
            ),
            (
                "history/releases/0002.yaml",
                Kind::HistoryRecord { number: 2 },
            ),
            ("history/objects/ab/cdef0123", Kind::HistoryObject),
            ("history", Kind::History),
            ("history/.lock", Kind::EditorFile),
            ("policies/privacy/.en-US.md.swp", Kind::EditorFile),
            ("policies/privacy/en-US.md~", Kind::EditorFile),
            ("policies/privacy/.#en-US.md", Kind::EditorFile),
            ("policies/privacy/#en-US.md#", Kind::EditorFile),
            ("policies/privacy/4913", Kind::EditorFile),
            ("policies/privacy/en-US.md___jb_tmp___", Kind::EditorFile),
            ("regions/.us.yaml.swx", Kind::EditorFile),
            ("history/objects/ab/.tmp-123", Kind::EditorFile),
            ("policyc.yaml.swp", Kind::EditorFile),
            ("out/index.html", Kind::Outside),
            (".git/index", Kind::EditorFile),
            ("README.md", Kind::Outside),
            ("../policyc.yaml", Kind::Outside),
        ];
        for (path, expected) in table {
            assert_eq!(kind(path), expected, "{path}");
        }
    }

    #[test]
    fn a_change_reaches_what_the_path_holds() {
        let affects = |path: &str| affects(Path::new(path));
        for path in [
            "policyc.yaml",
            "policies",
            "regions",
            "templates/footer.html",
            "templates/style.css",
            "history/releases/0002.yaml",
            "history/objects/ab/cd",
            "strings",
            "strings/notes.txt",
        ] {
            assert_eq!(affects(path), Some(Affects::Everything), "{path}");
        }
        assert_eq!(affects("strings/de.yaml"), Some(Affects::Words(s("de"))));
        assert_eq!(
            kind("strings/pt-BR.yaml"),
            Kind::Words {
                name: s("pt-BR.yaml"),
                locale: Some(s("pt-BR"))
            }
        );
        assert_eq!(
            affects("policies/privacy/en-US.md"),
            Some(Affects::Text {
                doc: s("privacy"),
                locale: s("en-US")
            })
        );
        assert_eq!(
            affects("policies/privacy"),
            Some(Affects::Document(s("privacy")))
        );
        assert_eq!(
            affects("policies/privacy/notes.txt"),
            Some(Affects::Document(s("privacy")))
        );
        for path in [
            "regions/us-ca.yaml",
            "regions/us-ca.yml",
            "regions/us-ca",
            "regions/us-ca/privacy.en-US.md",
            "regions/us-ca/notes.txt",
        ] {
            assert_eq!(affects(path), Some(Affects::Region(s("us-ca"))), "{path}");
        }
        for path in ["history/.lock", "out/index.html", "README.md", "target/x"] {
            assert_eq!(affects(path), None, "{path}");
        }
    }

    #[test]
    fn facts_files_are_classified_and_reach_what_they_hold() {
        assert_eq!(kind("facts"), Kind::Facts);
        assert_eq!(
            kind("facts/notes.txt"),
            Kind::Stray {
                place: Place::Facts
            }
        );
        assert_eq!(
            kind("regions/eu/facts/cookies.md"),
            Kind::Stray {
                place: Place::RegionFacts(s("eu"))
            }
        );
        let affects = |path: &str| affects(Path::new(path));
        assert_eq!(
            affects("facts/cookies.yaml"),
            Some(Affects::Facts(s("cookies")))
        );
        assert_eq!(
            affects("facts/cookies.de-DE.yaml"),
            Some(Affects::Facts(s("cookies")))
        );
        assert_eq!(
            affects("regions/eu/facts/cookies.yaml"),
            Some(Affects::Region(s("eu")))
        );
        assert_eq!(affects("facts/.cookies.yaml.swp"), None);
    }

    #[test]
    fn paths_are_built_as_they_are_read() {
        assert_eq!(
            kind(&document("privacy", "de-DE").to_string_lossy()),
            Kind::Document {
                doc: s("privacy"),
                locale: s("de-DE")
            }
        );
        assert_eq!(
            kind(&supplement("eu", "terms", "fr-FR").to_string_lossy()),
            Kind::Supplement {
                region: s("eu"),
                doc: s("terms"),
                locale: s("fr-FR")
            }
        );
        assert_eq!(
            kind(&region("eu").to_string_lossy()),
            Kind::Region { region: s("eu") }
        );
        assert_eq!(
            kind(&fact_table("subprocessors").to_string_lossy()),
            Kind::FactTable {
                table: s("subprocessors")
            }
        );
        assert_eq!(
            kind(&fact_translation("subprocessors", "de-DE").to_string_lossy()),
            Kind::FactTranslation {
                table: s("subprocessors"),
                locale: s("de-DE")
            }
        );
        assert_eq!(
            kind(&fact_changes("eu", "cookies").to_string_lossy()),
            Kind::FactChanges {
                region: s("eu"),
                table: s("cookies")
            }
        );
        assert_eq!(
            kind(&region_facts("eu").to_string_lossy()),
            Kind::RegionFacts { region: s("eu") }
        );
        let root = Path::new("/p");
        assert_eq!(
            classify(record(root, 12).strip_prefix(root).unwrap()),
            Kind::HistoryRecord { number: 12 }
        );
        assert_eq!(
            gitignore(),
            "/out/\n/history/.lock\n/.policyc-staging-*/\n/.policyc-old-*/\n"
        );
    }
}
