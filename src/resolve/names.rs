//! The names a document's template logic may use: the project's variables
//! and the built-ins. Every name is checked before any page is rendered, so
//! a typo in `{% if %}` is an error, not a branch silently not taken.

use std::collections::BTreeSet;

use tera::Tera;

use super::logic::{Token, tokens};
use crate::diagnostics::{Diagnostic, Diagnostics, closest, location_at};
use crate::source::document::{Chunk, SourceDoc};

/// The names every document can use besides its variables, with what they
/// hold. `loop` is Tera's own, inside `{% for %}`.
pub const BUILTINS: [(&str, &str); 5] = [
    ("region", "the region's id"),
    ("region_name", "the region's name"),
    ("locale", "the page's locale"),
    ("doc", "the document's id"),
    (
        "facts",
        "the project's tables: `facts.<table>.count`, `facts.<table>.<row>.<column>`",
    ),
];

/// What names and ids exist in the project, to check templates against.
pub struct Known {
    /// Variables defined in `policyc.yaml` or any region file.
    pub variables: BTreeSet<String>,
    /// Region ids, for `region == "…"`.
    pub regions: BTreeSet<String>,
    /// Region names, for `region_name == "…"`.
    pub region_names: BTreeSet<String>,
    /// Locale codes, for `locale == "…"`.
    pub locales: BTreeSet<String>,
    /// Document ids, for `doc == "…"`.
    pub docs: BTreeSet<String>,
}

impl Known {
    fn is_defined(&self, name: &str) -> bool {
        name == "loop" || self.variables.contains(name) || is_builtin(name)
    }

    /// Every name a template may use, variables first.
    fn names(&self) -> impl Iterator<Item = &str> {
        self.variables
            .iter()
            .map(String::as_str)
            .chain(BUILTINS.iter().map(|(n, _)| *n))
    }

    /// The ids a built-in is compared with, and what they are called.
    fn ids_of(&self, builtin: &str) -> Option<(&BTreeSet<String>, &'static str)> {
        match builtin {
            "region" => Some((&self.regions, "region")),
            "region_name" => Some((&self.region_names, "region name")),
            "locale" => Some((&self.locales, "locale")),
            "doc" => Some((&self.docs, "document")),
            _ => None,
        }
    }
}

/// Whether `name` is one of [`BUILTINS`].
pub fn is_builtin(name: &str) -> bool {
    BUILTINS.iter().any(|(n, _)| *n == name)
}

/// The built-in names, for messages: "`region`, `region_name`, …".
pub fn builtin_list() -> String {
    let names: Vec<String> = BUILTINS.iter().map(|(n, _)| format!("`{n}`")).collect();
    names.join(", ")
}

/// A name a template reads from its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// The variable or built-in.
    pub name: String,
    /// Byte offset of its first use in the template's text.
    pub offset: usize,
    /// Whether the template tests it with `is defined`, so that it may be
    /// used where only some regions define it.
    pub guarded: bool,
}

impl Use {
    /// Whether a page of `region` (whose variables are `variables`) can
    /// give it a value.
    pub fn is_defined_by(&self, variables: &std::collections::BTreeMap<String, String>) -> bool {
        self.guarded
            || self.name == "loop"
            || is_builtin(&self.name)
            || variables.contains_key(&self.name)
    }
}

/// Checks the names used by the compiled template `name`, made from `chunk`
/// of `source`: each must be defined somewhere. Returns them, or `None`
/// after reporting an error.
pub fn check(
    tera: &Tera,
    name: &str,
    source: &SourceDoc,
    chunk: &Chunk,
    known: &Known,
    diags: &Diagnostics,
) -> Option<Vec<Use>> {
    // Tera's compiler lists the names a template reads from its context,
    // leaving out those bound by `{% for %}` and `{% set %}`.
    let Ok(used) = tera.get_template_variables(name) else {
        return Some(Vec::new());
    };
    let mut used: Vec<&str> = used.into_iter().collect();
    used.sort_unstable();
    let tokens = tokens(&chunk.text);
    let at = |offset: usize, len: usize| location_at(&source.text, chunk.offset + offset, len);
    let uses: Vec<Use> = used
        .iter()
        .map(|var| Use {
            name: var.to_string(),
            offset: first_use(&tokens, var).unwrap_or(0),
            guarded: tested_if_defined(&tokens, var),
        })
        .collect();
    let mut ok = true;
    for Use {
        name: var, offset, ..
    } in &uses
    {
        if known.is_defined(var) {
            continue;
        }
        ok = false;
        let offset = *offset;
        let mut message = format!("undefined variable `{var}`");
        if let Some(near) = closest(var, known.names()) {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
        diags.push(
            Diagnostic::error(message)
                .in_file(&source.path)
                .at(at(offset, var.len()))
                .help(format!(
                    "define `{var}` under `variables:` in policyc.yaml or a region file; the built-in names are {}",
                    builtin_list()
                )),
        );
    }
    for (offset, builtin, literal) in comparisons(&tokens) {
        if !used.contains(&builtin) {
            continue;
        }
        let Some((ids, what)) = known.ids_of(builtin) else {
            continue;
        };
        if ids.contains(literal) {
            continue;
        }
        ok = false;
        let mut message =
            format!("`{literal}` is not a {what} of this project, so `{builtin}` never equals it");
        if let Some(near) = closest(literal, ids.iter().map(String::as_str)) {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
        let list: Vec<&str> = ids.iter().map(String::as_str).collect();
        diags.push(
            Diagnostic::error(message)
                .in_file(&source.path)
                .at(at(offset, literal.len() + 2))
                .help(format!("`{builtin}` is one of: {}", list.join(", "))),
        );
    }
    ok.then_some(uses)
}

/// Where `name` is first read as a variable: not an attribute (`.name`), a
/// filter (`| name`), a test (`is name`), an argument (`name=`) or a call.
fn first_use(tokens: &[(usize, Token<'_>)], name: &str) -> Option<usize> {
    tokens.iter().enumerate().find_map(|(i, (offset, t))| {
        if *t != Token::Ident(name) {
            return None;
        }
        let before = i.checked_sub(1).map(|j| tokens[j].1);
        let after = tokens.get(i + 1).map(|(_, t)| *t);
        let not_a_variable = matches!(before, Some(Token::Punct('.' | '|') | Token::Ident("is")))
            || matches!(after, Some(Token::Punct('=' | '(')));
        (!not_a_variable).then_some(*offset)
    })
}

/// Whether `name` is tested with `is defined`, `is not defined` or
/// `is undefined` somewhere in the template.
fn tested_if_defined(tokens: &[(usize, Token<'_>)], name: &str) -> bool {
    let at = |i: usize| tokens.get(i).map(|(_, t)| *t);
    (0..tokens.len()).any(|i| {
        at(i) == Some(Token::Ident(name))
            && at(i + 1) == Some(Token::Ident("is"))
            && match at(i + 2) {
                Some(Token::Ident("defined" | "undefined")) => true,
                Some(Token::Ident("not")) => at(i + 3) == Some(Token::Ident("defined")),
                _ => false,
            }
    })
}

/// Comparisons of a built-in with a string literal, either way round, and
/// tests of a built-in against a list of them (`region in ["eu", "us"]`):
/// the literal's offset (at its opening quote), the built-in and the literal.
fn comparisons<'t>(tokens: &[(usize, Token<'t>)]) -> Vec<(usize, &'t str, &'t str)> {
    let mut out = Vec::new();
    let ident = |i: Option<usize>| match i.and_then(|i| tokens.get(i)) {
        Some((_, Token::Ident(name))) => Some(*name),
        _ => None,
    };
    for (i, w) in tokens.windows(2).enumerate() {
        if (w[0].1, w[1].1) != (Token::Ident("in"), Token::Punct('[')) {
            continue;
        }
        // `b in [` or `b not in [`, where `b` is not an attribute (`x.b`).
        let mut at = i.checked_sub(1);
        if ident(at) == Some("not") {
            at = at.and_then(|a| a.checked_sub(1));
        }
        let Some(b) = ident(at).filter(|b| is_builtin(b)) else {
            continue;
        };
        let before = at.and_then(|a| a.checked_sub(1)).map(|j| tokens[j].1);
        if matches!(before, Some(Token::Punct('.'))) {
            continue;
        }
        // The list's literals, up to its `]`: each is a value `b` may have.
        for (offset, t) in &tokens[i + 2..] {
            match t {
                Token::Str(lit) => out.push((*offset, b, *lit)),
                Token::Punct(',') => {}
                _ => break,
            }
        }
    }
    for (i, w) in tokens.windows(3).enumerate() {
        let before = i.checked_sub(1).map(|j| tokens[j].1);
        let after = tokens.get(i + 3).map(|(_, t)| *t);
        let found = match (w[0].1, w[1].1, w[2].1) {
            (Token::Ident(b), Token::Compare, Token::Str(lit))
                if !matches!(before, Some(Token::Punct('.'))) =>
            {
                Some((w[2].0, b, lit))
            }
            (Token::Str(lit), Token::Compare, Token::Ident(b))
                if !matches!(after, Some(Token::Punct('.' | '|' | '('))) =>
            {
                Some((w[0].0, b, lit))
            }
            _ => None,
        };
        out.extend(found.filter(|(_, b, _)| is_builtin(b)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(text: &str, name: &str) -> Option<usize> {
        first_use(&tokens(text), name)
    }

    #[test]
    fn closest_suggests_only_a_name_near_enough_to_be_a_typo() {
        let names = ["company", "privacy_email", "region"];
        assert_eq!(closest("privcy_email", names), Some("privacy_email"));
        assert_eq!(closest("compnay", names), Some("company"));
        assert_eq!(closest("jurisdiction", names), None);
    }

    #[test]
    fn first_use_skips_attributes_filters_tests_and_arguments() {
        let text = "{{ a.x | x }}{% if y is x %}{{ f(x=1) }}{{ x }}";
        assert_eq!(uses(text, "x"), text.rfind('x'));
    }

    #[test]
    fn names_inside_string_literals_are_not_uses() {
        let text = "{% if a == \"x\" %}{{ x }}{% endif %}";
        assert_eq!(uses(text, "x"), text.rfind('x'));
    }

    #[test]
    fn a_name_tested_with_is_defined_is_guarded() {
        let guarded = |text: &str| tested_if_defined(&tokens(text), "x");
        assert!(guarded("{% if x is defined %}{{ x }}{% endif %}"));
        assert!(guarded("{% if x is not defined %}-{% endif %}"));
        assert!(!guarded("{% if x %}{{ x }}{% endif %}"));
        assert!(!guarded("{% if x is not none %}{% endif %}"));
    }

    #[test]
    fn comparisons_with_a_builtin_are_found_either_way_round() {
        let text = "{% if region == 'ca-qc' or \"fr\" != locale %}";
        let found: Vec<_> = comparisons(&tokens(text))
            .into_iter()
            .map(|(_, b, l)| (b, l))
            .collect();
        assert_eq!(found, [("region", "ca-qc"), ("locale", "fr")]);
    }

    #[test]
    fn each_literal_in_a_list_a_built_in_is_tested_against_is_found() {
        let text = "{% if region in [\"us-ca\", 'ca-qc'] or region not in [\"eu\"] %}";
        let found: Vec<_> = comparisons(&tokens(text))
            .into_iter()
            .map(|(_, b, l)| (b, l))
            .collect();
        assert_eq!(
            found,
            [("region", "us-ca"), ("region", "ca-qc"), ("region", "eu")]
        );
    }
}
