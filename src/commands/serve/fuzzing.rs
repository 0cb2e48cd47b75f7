//! The preview's request handling as a function, for the fuzz target
//! `request` and its regression test: a request goes through the same
//! routes and checks as over a socket, against the example site.

use std::net::IpAddr;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use super::{State, hosts::Hosts, http};
use crate::site::{Scope, Site, preview};

/// One request, written as text: the first line is `METHOD PATH` (the path
/// with its query, as on the wire), each other line a `Name: value` header.
/// It is answered by the preview listening on a loopback address and by
/// one listening on every address, whose statuses are returned in that
/// order. Input that no HTTP parser would pass on (an invalid method, path
/// or header) is ignored: `None`.
pub fn request(data: &[u8]) -> Option<[StatusCode; 2]> {
    let text = std::str::from_utf8(data).ok()?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let (method, target) = lines
        .next()
        .and_then(|l| l.split_once(' '))
        .unwrap_or(("GET", "/"));
    let headers: Vec<(&str, &str)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(name, value)| (name, value.trim_matches([' ', '\t'])))
        .collect();
    let host = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .map(|(_, value)| *value);
    let mut statuses = [StatusCode::OK; 2];
    for (i, (router, hosts)) in routers().iter().enumerate() {
        let mut builder = Request::builder().method(method).uri(target);
        for (name, value) in &headers {
            builder = builder.header(*name, *value);
        }
        let request = builder.body(Body::empty()).ok()?;
        let path = request.uri().path().to_string();
        let response = RUNTIME.with(|rt| rt.block_on(router.clone().oneshot(request)));
        let Ok(response) = response;
        let status = response.status();
        assert!(
            !status.is_server_error(),
            "{method} {target} answered {status}"
        );
        if !host.is_some_and(|host| hosts.allows(host)) {
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{method} {target} with Host {host:?} answered by a preview on {hosts:?}"
            );
        }
        if let Ok(rel) = http::site_path(&path) {
            assert!(
                !rel.split('/').any(|s| s == ".." || s == "."),
                "{path} leaves the site as {rel}"
            );
        }
        statuses[i] = status;
    }
    Some(statuses)
}

thread_local! {
    static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the fuzz target");
}

/// The preview's routes on a loopback address and on every address, each
/// with the host names it answers to, both serving the example project
/// built in memory (once per process).
fn routers() -> &'static [(Router, Hosts); 2] {
    static ROUTERS: OnceLock<[(Router, Hosts); 2]> = OnceLock::new();
    ROUTERS.get_or_init(|| {
        let site = Arc::new(example_site());
        [IpAddr::from([127, 0, 0, 1]), IpAddr::from([0, 0, 0, 0])].map(|bind| {
            let hosts = Hosts::new(bind, &[]);
            let state = State::new(hosts.clone());
            *state.site.write().unwrap_or_else(|e| e.into_inner()) = site.clone();
            (http::router(Arc::new(state)), hosts)
        })
    })
}

fn example_site() -> Site {
    let dir = tempfile::tempdir().expect("a temporary folder for the example");
    crate::commands::init::init(dir.path()).expect("the example project");
    let (outcome, site) = preview(dir.path(), Some("2025-01-01"), None, &Scope::All);
    site.unwrap_or_else(|| panic!("the example builds: {:?}", outcome.diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(text: &str) -> Option<[u16; 2]> {
        request(text.as_bytes()).map(|s| s.map(|s| s.as_u16()))
    }

    #[test]
    fn requests_are_routed_as_over_a_socket() {
        let host = "\nHost: 127.0.0.1:4000";
        assert_eq!(statuses(&format!("GET /{host}")), Some([200, 200]));
        assert_eq!(
            statuses(&format!("GET /us/en-US/privacy/{host}")),
            Some([200, 200])
        );
        assert_eq!(
            statuses(&format!("GET /us/en-US/privacy{host}")),
            Some([308, 308])
        );
        assert_eq!(statuses(&format!("GET /nope/{host}")), Some([404, 404]));
        assert_eq!(
            statuses(&format!("GET /%2e%2e/policyc.yaml{host}")),
            Some([400, 400])
        );
        assert_eq!(statuses(&format!("DELETE /{host}")), Some([405, 405]));
        // On every address as on loopback, only this machine's names are
        // served.
        for text in ["GET /\nHost: evil.example", "GET /"] {
            assert_eq!(statuses(text), Some([403, 403]), "{text}");
        }
        assert_eq!(statuses("G T /"), None);
    }
}
