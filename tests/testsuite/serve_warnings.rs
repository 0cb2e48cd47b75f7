//! `policyc serve` prints a warning once, not at every rebuild: one that
//! still holds after a save is counted on the "Built" line instead, and
//! one that goes away and comes back is printed again.

use crate::support::{Project, bin};
use policyc_testkit::serve::{PATIENCE, Server};

const NO_ID: &str = "this heading has no id";

/// The lines a rebuild printed, up to and including its "Built" line.
fn next_build(server: &mut Server) -> Vec<String> {
    let start = server.log.len();
    server.wait_for_build();
    server.log[start..].to_vec()
}

fn count(lines: &[String], needle: &str) -> usize {
    lines.iter().filter(|l| l.contains(needle)).count()
}

#[test]
fn a_warning_is_printed_once_until_it_goes_away_and_comes_back() {
    let p = Project::example();
    let terms = p.read("policies/terms/en-US.md");
    let with_warning = format!("{terms}\n## A heading someone forgot to label\n\nText.\n");
    p.write("policies/terms/en-US.md", &with_warning);
    let mut server = Server::launch_with_env(bin(), p.root(), &[], &[], PATIENCE);
    // The first build is printed before the server says it is serving.
    let first = server.log.clone();
    assert_eq!(count(&first, NO_ID), 1, "{first:#?}");

    // Another file saved: the warning still holds, and is not repeated.
    let privacy = p.read("policies/privacy/en-US.md");
    p.write(
        "policies/privacy/en-US.md",
        format!("{privacy}\nOne more sentence.\n"),
    );
    let second = next_build(&mut server);
    assert_eq!(count(&second, NO_ID), 0, "{second:#?}");
    let built = second.last().expect("a Built line");
    assert!(
        built.ends_with("; 1 warning as before, not repeated"),
        "{built}"
    );

    // Fixed: nothing to say.
    p.write("policies/terms/en-US.md", &terms);
    let fixed = next_build(&mut server);
    assert_eq!(count(&fixed, NO_ID), 0, "{fixed:#?}");
    assert!(!fixed.last().unwrap().contains("as before"), "{fixed:#?}");

    // Back again: printed again.
    p.write("policies/terms/en-US.md", &with_warning);
    let back = next_build(&mut server);
    assert_eq!(count(&back, NO_ID), 1, "{back:#?}");
}
