//! The theme: Tera page templates and static assets embedded in the binary,
//! each replaceable by a file of the same name in the project's `templates/`.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::diagnostics::closest;
use crate::diagnostics::{Diagnostic, Diagnostics, location_of_line_col};
use crate::locale::direction;
use crate::source::layout;
use crate::tera_error;

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/theme");

/// Pages and feeds are templates; everything else is copied as it is.
fn is_template(name: &str) -> bool {
    layout::is_page_template(name)
}

/// The compiled page templates and the assets to copy into `out/assets/`.
pub struct Theme {
    tera: Tera,
    /// Asset files by name (e.g. `style.css`).
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Template texts by name, to quote in errors.
    sources: BTreeMap<String, (String, bool)>,
}

impl Theme {
    /// Compiles the built-in theme with the project's overrides. `None` after
    /// reporting a template syntax error.
    pub fn new(overrides: &BTreeMap<String, String>, diags: &Diagnostics) -> Option<Theme> {
        let mut templates: BTreeMap<String, (String, bool)> = BTreeMap::new();
        let mut assets = BTreeMap::new();
        for file in BUILT_IN.files() {
            let name = file.path().to_string_lossy().replace('\\', "/");
            if is_template(&name) {
                let text = String::from_utf8_lossy(file.contents()).into_owned();
                templates.insert(name, (text, false));
            } else if !name.ends_with(".yaml") {
                assets.insert(name, file.contents().to_vec());
            }
        }
        for (name, text) in overrides {
            if is_template(name) {
                templates.insert(name.clone(), (text.clone(), true));
            } else {
                assets.insert(name.clone(), text.clone().into_bytes());
            }
        }
        let mut tera = Tera::new();
        // `{{ locale | dir }}`: `rtl` or `ltr`, for an element whose
        // language is not the page's (a switcher's link, fallback text).
        tera.register_filter("dir", |locale: &str, _: Kwargs, _: &State| {
            direction(locale).as_str()
        });
        // Added together: a template may extend or include one added later.
        let all = templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), text.as_str()));
        if let Err(e) = tera.add_raw_templates(all) {
            let name = match e.kind() {
                ErrorKind::MissingParent { current, .. } => current.clone(),
                _ => String::new(),
            };
            diags.push(template_diagnostic(&name, &templates, &e));
            return None;
        }
        Some(Theme {
            tera,
            assets,
            sources: templates,
        })
    }

    /// Renders a page template; errors name the template file and line.
    pub fn render(&self, template: &str, context: &Context, diags: &Diagnostics) -> Option<String> {
        self.render_sized(template, context, 0, diags)
    }

    /// [`Theme::render`] into room made for `size` bytes at first: a
    /// document page is its body and some, and a buffer grown from
    /// nothing copies the body again at each doubling.
    pub fn render_sized(
        &self,
        template: &str,
        context: &Context,
        size: usize,
        diags: &Diagnostics,
    ) -> Option<String> {
        let mut out = Vec::with_capacity(size);
        let rendered = self
            .tera
            .render_to(template, context, &mut out)
            .and_then(|()| String::from_utf8(out).map_err(tera::Error::from));
        match rendered {
            Ok(html) => Some(html),
            Err(e) => {
                let mut d = template_diagnostic(template, &self.sources, &e);
                if let Some(message) = undefined_message(&d.message, context) {
                    d.message = message;
                }
                diags.push(d);
                None
            }
        }
    }
}

/// Tera's "Variable `x` is not defined. Available variables: …" (or
/// "Field `x` …"): whether it is a field, the name, and the names available.
fn undefined_name(message: &str) -> Option<(bool, &str, Vec<&str>)> {
    let rest = message.strip_prefix("template error: ")?;
    let (field, rest) = match rest.strip_prefix("Variable `") {
        Some(rest) => (false, rest),
        None => (true, rest.strip_prefix("Field `")?),
    };
    let (name, tail) = rest.split_once('`')?;
    let tail = tail.strip_prefix(" is not defined.")?;
    let available = tail
        .split_once(':')
        .map(|(_, list)| list.split(',').map(str::trim).collect())
        .unwrap_or_default();
    Some((field, name, available))
}

/// The message for a name the page's context lacks. Tera lists every name
/// of the context, which differs between kinds of page: only the project
/// variable or the field it is most likely a typo of is named, so that one
/// mistake is reported once.
fn undefined_message(message: &str, context: &Context) -> Option<String> {
    let (field, name, available) = undefined_name(message)?;
    let what = if field { "field" } else { "variable" };
    let mut out = format!("template error: undefined {what} `{name}`");
    let near = if field {
        closest(name, available).map(str::to_string)
    } else {
        // A project variable written without `variables.`.
        // Sorted: the map's order would make ties differ between runs.
        let variables: std::collections::BTreeSet<&str> = context
            .get("variables")
            .and_then(|v| v.as_map())
            .map(|m| m.keys().filter_map(|k| k.as_str()).collect())
            .unwrap_or_default();
        closest(name, variables).map(|v| format!("variables.{v}"))
    };
    if let Some(near) = near {
        out.push_str(&format!("; did you mean `{near}`?"));
    }
    Some(out)
}

fn template_diagnostic(
    name: &str,
    sources: &BTreeMap<String, (String, bool)>,
    e: &tera::Error,
) -> Diagnostic {
    let read = tera_error::read(e);
    let file_name = match read.template {
        Some(t) if sources.contains_key(&t) => t,
        _ => name.to_string(),
    };
    let (text, is_override) = sources.get(&file_name).cloned().unwrap_or_default();
    let mut d = Diagnostic::error(format!("template error: {}", read.message));
    if is_override {
        d = d.in_file(Path::new(layout::TEMPLATES).join(&file_name));
        if let Some(span) = read.span {
            d = d.at(location_of_line_col(&text, span.line, span.column0, 1));
        }
        d.help("fix the template, or delete it to use the built-in one")
    } else {
        d.help(format!(
            "this is in policyc's built-in `{file_name}`; please report it as a bug"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_replaces_the_built_in_template() {
        let mut overrides = BTreeMap::new();
        overrides.insert(
            "footer.html".to_string(),
            "<footer>custom {{ site.name }}</footer>".to_string(),
        );
        let diags = Diagnostics::default();
        let theme = Theme::new(&overrides, &diags).unwrap();
        let mut ctx = Context::new();
        ctx.insert("site", &serde_json::json!({"name": "X"}));
        let html = theme.render("footer.html", &ctx, &diags).unwrap();
        assert_eq!(html, "<footer>custom X</footer>");
    }

    #[test]
    fn syntax_error_in_override_names_the_template_file_and_line() {
        let mut overrides = BTreeMap::new();
        overrides.insert(
            "footer.html".to_string(),
            "<footer>\n{% if %}</footer>".to_string(),
        );
        let diags = Diagnostics::default();
        assert!(Theme::new(&overrides, &diags).is_none());
        let d = &diags.sorted()[0];
        assert_eq!(
            d.file.as_deref(),
            Some(std::path::Path::new("templates/footer.html"))
        );
        assert_eq!(d.location.unwrap().line, 2);
    }
}
