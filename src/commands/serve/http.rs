//! The preview's HTTP side: the built site from memory, the live-reload
//! WebSocket, and the script and style the preview adds to every page.
//! Only files of the built site are served: request paths are decoded once
//! and refused if they try to leave the site, and folders are never listed.

use std::sync::Arc;

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State as Shared};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use percent_encoding::percent_decode_str;
use tokio::sync::watch;

use super::{Live, State};
use crate::diff::redline::{Labels, escape_html, redline_fragment};
use crate::locale::direction;
use crate::site::Draft;
use crate::site::model::Unreleased;

// The preview's own files live under /__policyc/, where no site file can
// be: ids cannot start with `_`.
const LIVE_JS: &str = include_str!("assets/live.js");
const PREVIEW_CSS: &str = include_str!("assets/preview.css");

/// The preview's routes.
pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/__policyc/live", get(live))
        .route(
            "/__policyc/live.js",
            get(|| async { asset("text/javascript; charset=utf-8", LIVE_JS) }),
        )
        .route(
            "/__policyc/preview.css",
            get(|| async { asset("text/css; charset=utf-8", PREVIEW_CSS) }),
        )
        .fallback(page)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Refuses requests that a web page on another site could make through the
/// browser: a `Host` that is not one of the preview's names (DNS
/// rebinding), and a live-reload socket opened from another origin (it would
/// learn of every save and error).
async fn guard(Shared(state): Shared<Arc<State>>, request: Request, next: Next) -> Response {
    let host = match addressed_to(&request) {
        Ok(host) => host,
        Err(why) => return text(StatusCode::BAD_REQUEST, why),
    };
    if !state.hosts.allows(&host) {
        // The reply does not list the names answered: under DNS rebinding,
        // the page that made the request reads it.
        return text(
            StatusCode::FORBIDDEN,
            "403 forbidden: the preview does not answer to this host name; \
             to allow it, start `policyc serve` with `--allow-host NAME`\n",
        );
    }
    // A page's own origin is `http://` and its `Host`, allowed above: the
    // socket accepts that origin only (and clients that send none, which
    // are not browsers).
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .map(|o| o.to_str().unwrap_or("?"));
    if request.uri().path().starts_with("/__policyc/live")
        && origin.is_some_and(|o| o != format!("http://{host}"))
    {
        return text(
            StatusCode::FORBIDDEN,
            "403 forbidden: the live-reload socket is for the preview's own pages\n",
        );
    }
    next.run(request).await
}

/// The host a request is addressed to (RFC 9112 §3.2): the authority of an
/// absolute-form target (`GET http://host/ HTTP/1.1`), which replaces the
/// `Host` header, else its one `Host` header. Two `Host` headers are
/// refused: the preview and a proxy before it could each read another one.
fn addressed_to(request: &Request) -> Result<String, &'static str> {
    let mut headers = request.headers().get_all(header::HOST).iter();
    let first = headers.next();
    if headers.next().is_some() {
        return Err("400 bad request: more than one `Host` header\n");
    }
    if let Some(authority) = request.uri().authority() {
        // `allows` refuses a `user@` part: it is no host name.
        return Ok(authority.as_str().to_string());
    }
    Ok(first
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string())
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    with_headers(
        Response::new(text.into()),
        HeaderValue::from_static(content_type),
    )
}

fn with_headers(mut response: Response, content_type: HeaderValue) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    // A preview is never cached: every request sees the latest build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The live-reload endpoint: sends the current [`Live`] state at once and
/// again whenever it changes. Each open page holds one WebSocket; they all
/// read the same watch channel, so many tabs cost one small task each.
async fn live(ws: WebSocketUpgrade, Shared(state): Shared<Arc<State>>) -> Response {
    let rx = state.live.subscribe();
    ws.on_upgrade(move |socket| follow(socket, rx))
}

async fn follow(mut socket: WebSocket, mut rx: watch::Receiver<Live>) {
    loop {
        let text = serde_json::to_string(&*rx.borrow_and_update()).unwrap_or_default();
        if socket.send(Message::Text(text.into())).await.is_err() {
            return;
        }
        loop {
            tokio::select! {
                changed = rx.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    break;
                }
                message = socket.recv() => match message {
                    Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                    Some(Ok(_)) => {}
                },
            }
        }
    }
}

/// Any other path: a file of the built site.
async fn page(Shared(state): Shared<Arc<State>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "405 method not allowed\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let raw = request.uri().path();
    let rel = match site_path(raw) {
        Ok(rel) => rel,
        Err(why) => return text(StatusCode::BAD_REQUEST, why),
    };
    // The build id first: if a rebuild lands in between, the page is newer
    // than its id says and reloads once more, rather than never.
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    // A page a rebuild has not rendered yet (it rendered the open pages
    // first) is served once it has.
    let (build, site) = loop {
        let mut published = state.published.subscribe();
        let build = state.live.borrow().build.clone();
        let site = state.site();
        if site.settled(&file) || published.changed().await.is_err() {
            break (build, site);
        }
    };
    if let Some(bytes) = site.get(&file) {
        return if file.ends_with(".html") {
            state.looked_at(&file);
            let html = String::from_utf8_lossy(bytes);
            let html = inject(&html, &build, site.draft(&file));
            with_headers(
                Response::new(html.into()),
                HeaderValue::from_static("text/html; charset=utf-8"),
            )
        } else {
            let mime = mime_guess::from_path(&file).first_or_octet_stream();
            let content_type = HeaderValue::from_str(mime.essence_str())
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            with_headers(Response::new(Bytes::clone(bytes).into()), content_type)
        };
    }
    if !rel.is_empty() && !rel.ends_with('/') && site.get(&format!("{rel}/index.html")).is_some() {
        let query = request
            .uri()
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let location = format!("{raw}/{query}");
        if let Ok(location) = HeaderValue::from_str(&location) {
            let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
            response.headers_mut().insert(header::LOCATION, location);
            return response;
        }
    }
    let html = inject(&not_found(raw), &build, None);
    let mut response = with_headers(
        Response::new(html.into()),
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

fn text(status: StatusCode, body: &'static str) -> Response {
    let mut response = with_headers(
        Response::new(body.into()),
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    *response.status_mut() = status;
    response
}

/// The site file a request path names, relative to the site root, or why
/// the path is refused. The path is percent-decoded once; a `.` or `..`
/// segment, a backslash or a NUL, before or after decoding, is refused
/// rather than resolved.
pub fn site_path(raw: &str) -> Result<String, &'static str> {
    let decoded = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| "400 bad request: the path is not UTF-8\n")?;
    let rel = decoded
        .strip_prefix('/')
        .ok_or("400 bad request: the path must start with /\n")?;
    if rel
        .split('/')
        .any(|segment| segment == "." || segment == ".." || segment.contains(['\\', '\0']))
    {
        return Err("400 bad request: the path leaves the site\n");
    }
    Ok(rel.to_string())
}

/// Adds the preview to a page: its stylesheet, the draft banner and redline
/// when the page has unreleased changes, and the live-reload script.
pub fn inject(html: &str, build: &str, draft: Option<&Draft>) -> String {
    let mut out = String::with_capacity(html.len() + 4096);
    let mut rest = html;
    if let Some(at) = rest.find("</head>") {
        out.push_str(&rest[..at]);
        out.push_str("<link rel=\"stylesheet\" href=\"/__policyc/preview.css\">\n");
        rest = &rest[at..];
    }
    if let Some(draft) = draft {
        let (banner, redline) = draft_html(draft);
        let body_end = rest
            .find("<body")
            .and_then(|at| rest[at..].find('>').map(|end| at + end + 1));
        if let Some(at) = body_end {
            out.push_str(&rest[..at]);
            out.push('\n');
            out.push_str(&banner);
            rest = &rest[at..];
        }
        match rest
            .find("<main")
            .and_then(|at| rest[at..].find('>').map(|end| at + end + 1))
        {
            _ if redline.is_empty() => {}
            Some(at) => {
                out.push_str(&rest[..at]);
                out.push('\n');
                out.push_str(&redline);
                rest = &rest[at..];
            }
            None => out.push_str(&redline),
        }
    }
    let script = format!(
        "<script src=\"/__policyc/live.js\" data-build=\"{}\"></script>\n",
        escape_html(build)
    );
    match rest.rfind("</body>") {
        Some(at) => {
            out.push_str(&rest[..at]);
            out.push_str(&script);
            out.push_str(&rest[at..]);
        }
        None => {
            out.push_str(rest);
            out.push_str(&script);
        }
    }
    out
}

/// The banner and, for a page released before, the redline it toggles.
fn draft_html(draft: &Draft) -> (String, String) {
    let strings = &draft.words;
    let label = escape_html(&strings.draft_banner);
    let Unreleased::Changed { diff } = &draft.unreleased else {
        let note = match draft.unreleased {
            Unreleased::Withdrawn => &strings.withdrawal_draft,
            _ => &strings.never_released,
        };
        let banner = format!(
            "<aside class=\"policyc-draft\" aria-label=\"{label}\">\n<p><strong>{label}</strong> {}</p>\n</aside>\n",
            escape_html(note)
        );
        return (banner, String::new());
    };
    let banner = format!(
        "<aside class=\"policyc-draft\" aria-label=\"{label}\">\n<p><strong>{label}</strong></p>\n\
         <button type=\"button\" class=\"policyc-toggle\" aria-pressed=\"false\" aria-controls=\"policyc-redline\">{show}</button>\n</aside>\n",
        show = escape_html(&strings.show_redline),
    );
    // The heading is in the page's language, the text in its own, and
    // written in its own direction (English on an Arabic page).
    let text_lang = draft
        .text_lang
        .as_deref()
        .map(|l| {
            let dir = direction(l);
            let dir = if dir == direction(&draft.locale) {
                String::new()
            } else {
                format!(" dir=\"{}\"", dir.as_str())
            };
            format!(" lang=\"{}\"{dir}", escape_html(l))
        })
        .unwrap_or_default();
    let redline = format!(
        "<section id=\"policyc-redline\" class=\"policyc-redline\" aria-labelledby=\"policyc-redline-title\" hidden>\n\
         <h2 id=\"policyc-redline-title\">{}</h2>\n<div{text_lang}>\n{}</div>\n</section>\n",
        escape_html(&strings.redline_heading),
        redline_fragment(
            diff,
            Labels {
                inserted: &strings.inserted,
                deleted: &strings.deleted,
                moved: &strings.moved,
            }
        )
    );
    (banner, redline)
}

fn not_found(path: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Not found</title>\n</head>\n<body>\n<main>\n<h1>Not found</h1>\n\
         <p>The preview has no page at <code>{}</code>. It appears here once a build makes it.</p>\n\
         <p><a href=\"/\">All documents</a></p>\n</main>\n</body>\n</html>\n",
        escape_html(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for raw in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/us/../../policyc.yaml",
            "/us/%2e%2e/%2e%2e/policyc.yaml",
            "/..%2fCargo.toml",
            "/..%5cCargo.toml",
            "/us/./index.html",
            "/%00",
            "/%ff",
        ] {
            assert!(site_path(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn ordinary_paths_are_decoded() {
        assert_eq!(site_path("/").unwrap(), "");
        assert_eq!(
            site_path("/us/en-US/privacy/").unwrap(),
            "us/en-US/privacy/"
        );
        assert_eq!(site_path("/a%20b.css").unwrap(), "a b.css");
        // Decoded once only: a doubly encoded dot-dot is a plain name.
        assert_eq!(site_path("/%252e%252e/x").unwrap(), "%2e%2e/x");
    }

    #[test]
    fn the_script_and_style_go_into_every_page() {
        let html = "<html><head><title>t</title></head><body><main id=\"content\"><p>x</p></main></body></html>";
        let out = inject(html, "b-1", None);
        assert!(out.contains("<link rel=\"stylesheet\" href=\"/__policyc/preview.css\">\n</head>"));
        assert!(out.contains("data-build=\"b-1\"></script>\n</body>"));
        assert!(!out.contains("policyc-draft"));
    }

    #[test]
    fn a_draft_gets_a_banner_and_a_hidden_redline_in_main() {
        let html = "<html lang=\"es-US\"><head></head><body class=\"x\"><main id=\"content\"><article>x</article></main></body></html>";
        let diff = crate::diff::diff_markdown("## Uno {#uno}\nuno\n", "## Uno {#uno}\ndos\n");
        let draft = Draft {
            locale: "es-US".into(),
            words: crate::site::strings::Catalogue::built_in()
                .words("es-US")
                .strings
                .clone(),
            text_lang: Some("en-US".into()),
            unreleased: Unreleased::Changed {
                diff: std::sync::Arc::new(diff),
            },
        };
        let out = inject(html, "b", Some(&draft));
        let banner = out.find("<aside class=\"policyc-draft\"").unwrap();
        assert!(banner > out.find("<body class=\"x\">").unwrap());
        assert!(out.contains("Borrador: cambios sin publicar"));
        let redline = out.find("<section id=\"policyc-redline\"").unwrap();
        assert!(redline > out.find("<main id=\"content\">").unwrap());
        assert!(redline < out.find("<article>").unwrap());
        assert!(out.contains("hidden>\n<h2 id=\"policyc-redline-title\">"));
        assert!(out.contains("<div lang=\"en-US\">\n<h3>Uno</h3>"), "{out}");
        assert!(
            out.contains("<del><span class=\"sr\">[eliminado: </span>"),
            "{out}"
        );
    }

    #[test]
    fn a_drafts_redline_in_another_direction_than_its_page_says_so() {
        let html = "<html lang=\"ar-EG\" dir=\"rtl\"><head></head><body><main id=\"content\"><article>x</article></main></body></html>";
        let diff = crate::diff::diff_markdown("## One {#one}\none\n", "## One {#one}\ntwo\n");
        let draft = Draft {
            locale: "ar-EG".into(),
            words: crate::site::strings::Catalogue::built_in()
                .words("ar-EG")
                .strings
                .clone(),
            text_lang: Some("en-US".into()),
            unreleased: Unreleased::Changed {
                diff: std::sync::Arc::new(diff),
            },
        };
        let out = inject(html, "b", Some(&draft));
        assert!(
            out.contains("<div lang=\"en-US\" dir=\"ltr\">\n<h3>One</h3>"),
            "{out}"
        );
    }

    #[test]
    fn a_page_never_released_gets_a_banner_without_redline() {
        let html = "<html><head></head><body><main><article>x</article></main></body></html>";
        let draft = Draft {
            locale: "de-DE".into(),
            words: crate::site::strings::Catalogue::built_in()
                .words("de-DE")
                .strings
                .clone(),
            text_lang: None,
            unreleased: Unreleased::NeverReleased,
        };
        let out = inject(html, "b", Some(&draft));
        assert!(out.contains("Diese Seite wurde nie veröffentlicht."));
        assert!(!out.contains("policyc-toggle"));
        assert!(!out.contains("policyc-redline"));
    }

    #[test]
    fn a_page_whose_sources_are_gone_gets_a_withdrawal_banner() {
        let html = "<html><head></head><body><main><article>x</article></main></body></html>";
        let draft = Draft {
            locale: "en-US".into(),
            words: crate::site::strings::Catalogue::built_in()
                .words("en-US")
                .strings
                .clone(),
            text_lang: None,
            unreleased: Unreleased::Withdrawn,
        };
        let out = inject(html, "b", Some(&draft));
        assert!(
            out.contains("the next release records its withdrawal"),
            "{out}"
        );
        assert!(!out.contains("policyc-toggle"));
    }

    #[test]
    fn a_page_without_head_or_body_still_gets_the_script() {
        let out = inject("<p>fragment</p>", "b", None);
        assert!(out.ends_with("data-build=\"b\"></script>\n"));
    }
}
