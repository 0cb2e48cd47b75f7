//! A diff report: document diffs grouped so that an identical change across
//! regions and locales is reported once, with the variants it applies to.

use std::collections::HashMap;

use serde::Serialize;

pub use super::applies::{VariantRef, applies_to};
use super::compare::{Class, DocDiff, SectionChange, TitleChange};
use super::facts::FactReport;

/// One change to a section, with the variants that have exactly this change.
#[derive(Debug, Clone, Serialize)]
pub struct SectionReport {
    /// The change.
    #[serde(flatten)]
    pub change: SectionChange,
    /// The variants with this change; empty when comparing two files.
    pub variants: Vec<VariantRef>,
    /// `variants` in words: "us, us-ca · en-US, es-US".
    pub applies_to: String,
}

/// A change of title, with the variants that have it.
#[derive(Debug, Clone, Serialize)]
pub struct TitleReport {
    /// The titles.
    #[serde(flatten)]
    pub change: TitleChange,
    /// The variants with this change.
    pub variants: Vec<VariantRef>,
    /// `variants` in words.
    pub applies_to: String,
}

/// The changes to one document across its variants.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    /// Document id (or file name when comparing two files).
    pub document: String,
    /// The document's title: in the first variant that changed in the
    /// default locale, else in the first variant that changed.
    pub title: String,
    /// Every variant of the document with any change.
    pub variants: Vec<VariantRef>,
    /// `variants` in words.
    pub applies_to: String,
    /// True if and only if a reader of some variant sees different words.
    pub changed: bool,
    /// The most visible class of change.
    pub class: Option<Class>,
    /// Title changes.
    pub titles: Vec<TitleReport>,
    /// Section changes, each with the variants it applies to, in reading order.
    pub sections: Vec<SectionReport>,
    /// The variants withdrawn: released before, their sources are gone.
    pub withdrawn: Vec<VariantRef>,
    /// `withdrawn` in words; empty when nothing was withdrawn.
    pub withdrawn_from: String,
    /// The variants whose sources are back after a recorded withdrawal:
    /// their changes are against the version withdrawn.
    pub restored: Vec<VariantRef>,
    /// `restored` in words; empty when nothing was restored.
    pub restored_in: String,
}

/// A whole diff report, as every output format receives it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The schema version of the JSON output.
    pub schema: u32,
    /// True if and only if any document changed in text.
    pub changed: bool,
    /// Documents with any change.
    pub documents: Vec<DocumentReport>,
    /// The tables' row changes, each with the regions and locales that
    /// have it (left out of the JSON when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactReport>,
    /// The translated sections the changes leave as they were, which will
    /// lag behind their source once released (against the last release
    /// only; left out of the JSON when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<TranslationLag>,
    /// Whether the changes were just released (`policyc release`): the
    /// translations listed lag behind their source now, not once released.
    #[serde(skip)]
    pub released: bool,
}

/// A translated section whose source changed and which did not: once the
/// change is released, the translation lags behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TranslationLag {
    /// The translation's file, as messages show it.
    pub file: String,
    /// The line of the section's heading there.
    pub line: Option<usize>,
    /// The document id.
    pub document: String,
    /// The translation's locale.
    pub locale: String,
    /// The section id (`""` for the introduction).
    pub section: String,
    /// The source section's heading as it will be released.
    pub heading: String,
    /// The regions whose pages show it, sorted.
    pub regions: Vec<String>,
}

/// The JSON schema version; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// One variant's diff, to group with the others.
#[derive(Debug, Clone)]
pub struct VariantDiff {
    /// Document id (or file name when comparing two files).
    pub document: String,
    /// The document's title in this variant.
    pub title: String,
    /// Which variant; `None` when comparing two files.
    pub variant: Option<VariantRef>,
    /// Its changes.
    pub diff: DocDiff,
    /// The variant was withdrawn (its sources are gone); `diff` is empty.
    pub withdrawn: bool,
    /// The variant is back after a recorded withdrawal; `diff` is against
    /// the version withdrawn.
    pub restored: bool,
}

impl Report {
    /// A report on two single files; `title` is the new file's (or the
    /// old one's) front matter title, if any.
    pub fn of_files(name: &str, title: Option<String>, diff: DocDiff) -> Report {
        let title = title.unwrap_or_else(|| name.to_string());
        Report::grouped(
            vec![VariantDiff {
                document: name.to_string(),
                title,
                variant: None,
                diff,
                withdrawn: false,
                restored: false,
            }],
            None,
        )
    }

    /// Groups per-variant diffs, given in a stable order: each distinct
    /// section change is reported once with the variants that have it.
    /// A document is titled as in its first variant in `default_locale`
    /// (the project's source language), else as in its first variant.
    pub fn grouped(diffs: Vec<VariantDiff>, default_locale: Option<&str>) -> Report {
        let mut documents: Vec<DocumentReport> = Vec::new();
        // Whether each document's title is already its default locale's.
        let mut titled: Vec<bool> = Vec::new();
        let mut sections: HashMap<(usize, &SectionChange), usize> = HashMap::new();
        let mut titles: HashMap<(usize, &TitleChange), usize> = HashMap::new();
        for VariantDiff {
            document,
            title,
            variant,
            diff,
            withdrawn,
            restored,
        } in &diffs
        {
            if diff.sections.is_empty() && diff.title.is_none() && !withdrawn && !restored {
                continue;
            }
            let d = match documents.iter().position(|d| d.document == *document) {
                Some(d) => d,
                None => {
                    documents.push(DocumentReport {
                        document: document.clone(),
                        title: title.clone(),
                        variants: Vec::new(),
                        applies_to: String::new(),
                        changed: false,
                        class: None,
                        titles: Vec::new(),
                        sections: Vec::new(),
                        withdrawn: Vec::new(),
                        withdrawn_from: String::new(),
                        restored: Vec::new(),
                        restored_in: String::new(),
                    });
                    titled.push(false);
                    documents.len() - 1
                }
            };
            let doc = &mut documents[d];
            let in_default = variant
                .as_ref()
                .is_some_and(|v| Some(v.locale.as_str()) == default_locale);
            if in_default && !titled[d] {
                doc.title = title.clone();
                titled[d] = true;
            }
            doc.variants.extend(variant.clone());
            if *withdrawn {
                // Its readers lose every word: a change of text.
                doc.withdrawn.extend(variant.clone());
                doc.changed = true;
                doc.class = doc.class.max(Some(Class::Text));
                continue;
            }
            if *restored {
                // Its readers get its words back: a change of text.
                doc.restored.extend(variant.clone());
                doc.changed = true;
                doc.class = doc.class.max(Some(Class::Text));
            }
            doc.changed |= diff.changed;
            doc.class = doc.class.max(diff.class());
            if let Some(change) = &diff.title {
                let t = *titles.entry((d, change)).or_insert_with(|| {
                    doc.titles.push(TitleReport {
                        change: change.clone(),
                        variants: Vec::new(),
                        applies_to: String::new(),
                    });
                    doc.titles.len() - 1
                });
                doc.titles[t].variants.extend(variant.clone());
            }
            for change in &diff.sections {
                let k = *sections.entry((d, change)).or_insert_with(|| {
                    doc.sections.push(SectionReport {
                        change: change.clone(),
                        variants: Vec::new(),
                        applies_to: String::new(),
                    });
                    doc.sections.len() - 1
                });
                doc.sections[k].variants.extend(variant.clone());
            }
        }
        for doc in &mut documents {
            doc.variants.sort();
            doc.applies_to = applies_to(&doc.variants);
            doc.withdrawn_from = applies_to(&doc.withdrawn);
            doc.restored_in = applies_to(&doc.restored);
            for t in &mut doc.titles {
                t.applies_to = applies_to(&t.variants);
            }
            for s in &mut doc.sections {
                s.applies_to = applies_to(&s.variants);
            }
        }
        Report {
            schema: SCHEMA_VERSION,
            changed: documents.iter().any(|d| d.changed),
            documents,
            facts: Vec::new(),
            translations: Vec::new(),
            released: false,
        }
    }
}

impl Report {
    /// The report with the tables' row changes: a change of a table's
    /// words is a change readers see.
    pub fn with_facts(mut self, facts: Vec<FactReport>) -> Report {
        self.changed |= !facts.is_empty();
        self.facts = facts;
        self
    }

    /// Whether nothing at all changed: no document, no table.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.facts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(region: &str, locale: &str) -> VariantRef {
        VariantRef {
            region: region.into(),
            locale: locale.into(),
        }
    }

    #[test]
    fn a_full_grid_of_variants_is_said_in_one_line() {
        let all = [
            v("us", "en-US"),
            v("us", "es-US"),
            v("us-ca", "en-US"),
            v("us-ca", "es-US"),
        ];
        assert_eq!(applies_to(&all), "us, us-ca · en-US, es-US");
    }

    #[test]
    fn a_partial_grid_lists_each_region() {
        let some = [v("eu", "de-DE"), v("us", "en-US"), v("us", "es-US")];
        assert_eq!(applies_to(&some), "eu · de-DE; us · en-US, es-US");
    }

    #[test]
    fn identical_changes_across_variants_are_grouped() {
        let diff = crate::diff::diff_markdown("## A {#a}\nold\n", "## A {#a}\nnew\n");
        let other = crate::diff::diff_markdown(
            "## A {#a}\nold\n## B {#b}\nx\n",
            "## A {#a}\nnew\n## B {#b}\ny\n",
        );
        let of = |region: &str, diff: &DocDiff| VariantDiff {
            document: "privacy".into(),
            title: "Privacy".into(),
            variant: Some(v(region, "en-US")),
            diff: diff.clone(),
            withdrawn: false,
            restored: false,
        };
        let report = Report::grouped(
            vec![of("eu", &diff), of("us", &diff), of("us-ca", &other)],
            Some("en-US"),
        );
        assert_eq!(report.documents.len(), 1);
        let sections = &report.documents[0].sections;
        assert_eq!(sections.len(), 2, "{sections:?}");
        assert_eq!(sections[0].applies_to, "eu, us, us-ca · en-US");
        assert_eq!(sections[1].applies_to, "us-ca · en-US");
    }

    #[test]
    fn a_document_is_titled_in_the_default_locale_when_it_changed_there() {
        let diff = crate::diff::diff_markdown("## A {#a}\nold\n", "## A {#a}\nnew\n");
        let of = |locale: &str, title: &str| VariantDiff {
            document: "privacy".into(),
            title: title.into(),
            variant: Some(v("eu", locale)),
            diff: diff.clone(),
            withdrawn: false,
            restored: false,
        };
        // Variants come sorted by locale: German first.
        let both = || vec![of("de-DE", "Datenschutzerklärung"), of("en-US", "Privacy")];
        let report = Report::grouped(both(), Some("en-US"));
        assert_eq!(report.documents[0].title, "Privacy");
        assert_eq!(
            report.documents[0].sections[0].applies_to,
            "eu · de-DE, en-US"
        );
        // No variant in the default locale changed: the first one's title.
        let report = Report::grouped(vec![of("de-DE", "Datenschutzerklärung")], Some("en-US"));
        assert_eq!(report.documents[0].title, "Datenschutzerklärung");
        let report = Report::grouped(both(), None);
        assert_eq!(report.documents[0].title, "Datenschutzerklärung");
    }
}
