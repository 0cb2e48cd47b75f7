//! Where a link in a policy's text points, as policyc reads it: a section
//! of the same page (`#id`), another document (`doc:privacy`,
//! `doc:privacy#retention`), a plain relative URL, or the web.

/// The scheme of a link to another document of the same region and
/// locale: `[Privacy Policy](doc:privacy#retention)`.
pub const DOCUMENT_SCHEME: &str = "doc:";

/// What a link in a policy's text points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTo {
    /// `#id`: a section of the same page.
    Section(String),
    /// `doc:privacy` or `doc:privacy#retention`: another document (or a
    /// section of it) in the same region and locale.
    Document {
        /// The document id.
        doc: String,
        /// The section id, if any.
        section: Option<String>,
    },
    /// A relative URL (`../privacy/`, `terms.pdf`): it depends on the page
    /// it is on, so it breaks on archived versions. Also a path from the
    /// server's root (`/us/en-US/privacy/`), which is reported as an error.
    Relative(String),
}

impl LinkTo {
    /// Reads a link's destination; `None` for a link that leaves the site
    /// (`https:`, `mailto:`, `//host/…`) or leads nowhere.
    pub fn of(dest: &str) -> Option<LinkTo> {
        if let Some(rest) = strip_document_scheme(dest) {
            let (doc, section) = match rest.split_once('#') {
                Some((doc, section)) => (doc, Some(section.to_string())),
                None => (rest, None),
            };
            return Some(LinkTo::Document {
                doc: doc.to_string(),
                section,
            });
        }
        if let Some(id) = dest.strip_prefix('#') {
            return (!id.is_empty()).then(|| LinkTo::Section(id.to_string()));
        }
        let has_scheme = dest
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
        if dest.is_empty() || has_scheme || dest.starts_with("//") {
            return None;
        }
        Some(LinkTo::Relative(dest.to_string()))
    }
}

/// The rest of a `doc:` link (`privacy#retention`), the scheme read without
/// regard to case, as URL schemes are.
pub fn strip_document_scheme(dest: &str) -> Option<&str> {
    let n = DOCUMENT_SCHEME.len();
    (dest.len() >= n && dest.is_char_boundary(n) && dest[..n].eq_ignore_ascii_case(DOCUMENT_SCHEME))
        .then(|| &dest[n..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_told_apart() {
        assert_eq!(
            LinkTo::of("#rights"),
            Some(LinkTo::Section("rights".into()))
        );
        assert_eq!(
            LinkTo::of("doc:privacy#retention"),
            Some(LinkTo::Document {
                doc: "privacy".into(),
                section: Some("retention".into())
            })
        );
        assert_eq!(
            LinkTo::of("Doc:terms"),
            Some(LinkTo::Document {
                doc: "terms".into(),
                section: None
            })
        );
        assert_eq!(
            LinkTo::of("../privcy/"),
            Some(LinkTo::Relative("../privcy/".into()))
        );
        assert_eq!(
            LinkTo::of("/privacy/"),
            Some(LinkTo::Relative("/privacy/".into()))
        );
        for away in [
            "https://x.example/",
            "mailto:a@b.example",
            "//cdn.example/x",
            "#",
            "",
        ] {
            assert_eq!(LinkTo::of(away), None, "{away}");
        }
    }
}
