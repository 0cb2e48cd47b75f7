//! Tests that need something of the machine (Chromium, a way to make a
//! folder unreadable as root, a small inotify queue) never pass without
//! testing: elsewhere they print `SKIPPED: <reason>`; in CI (`CI` set) they
//! fail instead.

use crate::support::skip_unless;

#[test]
#[should_panic(expected = "CI must run this test: install it")]
fn in_ci_a_test_that_cannot_run_fails_rather_than_skips() {
    skip_unless(true, "the test needs a tool", "install it");
}
