//! `policyc serve` without a browser: what it serves, what it refuses, and
//! how it follows changes to the sources.

mod common;
mod serve_support;

use common::Project;
use serve_support::Server;

#[test]
fn serves_the_built_site_and_follows_an_edit() {
    let project = Project::example();
    let mut server = Server::start(project.root());
    let page = server.get("/us-ca/en-US/privacy/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/__policyc/live.js"));
    let mut live = server.live();
    let first = live.next();
    assert!(first.errors.is_empty());
    let path = project.root().join("policies/terms/en-US.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\n\nA sentence added while serving.\n"),
    )
    .unwrap();
    server.wait_for_build();
    let next = live.next();
    assert_ne!(next.build, first.build);
    assert!(
        server
            .get("/us-ca/en-US/terms/")
            .body
            .contains("A sentence added while serving.")
    );
}
