//! Two releases at once never lose an edit: a release takes
//! `history/.lock` before it reads the sources, so whatever the
//! interleaving, the history's newest texts are the sources as they are.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use policyc::commands::release::{Options, Outcome, Pause, Step, release};

use crate::support::Project;
use crate::support::release::{edit, record_files, release as release_cli};

const DAY: &str = "2025-03-01";
const PRIVACY: &str = "policies/privacy/en-US.md";

/// A minimal project released once, then edited: "Names." became "Names
/// and emails.", not released yet.
fn released_then_edited() -> Project {
    let p = Project::minimal();
    release_cli(&p, DAY, "First release");
    edit(&p, PRIVACY, "Names.", "Names and emails.");
    p
}

/// The editor's second edit, made while a release is under way.
fn edit_again(p: &Project) {
    edit(
        p,
        PRIVACY,
        "Names and emails.",
        "Names, emails and phone numbers.",
    );
}

fn options(p: &Project, pause: Pause) -> Options {
    Options {
        root: p.root().to_path_buf(),
        date: Some(DAY.into()),
        today: Some(DAY.into()),
        message: Some("Say what we keep".into()),
        pause,
        ..Options::default()
    }
}

/// A release in a thread that stops at `at` until told to go on: the
/// receiver says when it got there, the sender lets it go on.
fn paused_at(p: &Project, at: Step) -> (JoinHandle<Outcome>, Receiver<()>, Sender<()>) {
    let (reached, there) = channel();
    let (resume, wait) = channel::<()>();
    let wait = Arc::new(Mutex::new(wait));
    let pause = Pause::new(move |step| {
        if step == at {
            reached.send(()).unwrap();
            wait.lock().unwrap().recv().unwrap();
        }
    });
    let options = options(p, pause);
    (std::thread::spawn(move || release(&options)), there, resume)
}

fn errors_of(outcome: &Outcome) -> Vec<String> {
    outcome
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect()
}

/// The sources as they are now are what the history holds last: nothing to
/// release, and the history verifies.
fn assert_nothing_lost(p: &Project) {
    let dry = release(&Options {
        dry_run: true,
        ..options(p, Pause::default())
    });
    assert!(errors_of(&dry).is_empty(), "{:?}", errors_of(&dry));
    let pending = dry.report.as_ref().map(|r| format!("{r:?}"));
    assert!(
        dry.record.is_none(),
        "the history does not hold the sources as they are: {pending:?}"
    );
    let verified = policyc::commands::verify::run(p.root(), None);
    assert!(!verified.failed(), "{:?}", verified.diagnostics);
}

#[test]
fn release_paused_before_the_lock_does_not_revert_a_release_made_meanwhile() {
    let p = released_then_edited();
    let (a, there, resume) = paused_at(&p, Step::Locking);
    there.recv().unwrap();
    // Meanwhile the editor edits again, and release B records it.
    edit_again(&p);
    let b = release(&options(&p, Pause::default()));
    assert!(errors_of(&b).is_empty(), "{:?}", errors_of(&b));
    assert!(b.record.is_some(), "B records the edit");
    resume.send(()).unwrap();
    let a = a.join().unwrap();
    assert!(errors_of(&a).is_empty(), "{:?}", errors_of(&a));
    assert!(
        a.record.is_none(),
        "A recorded sources older than B's release: {:?}",
        a.record
    );
    assert_eq!(record_files(&p).len(), 2);
    assert_nothing_lost(&p);
}

#[test]
fn release_waiting_for_the_lock_reads_the_sources_the_release_before_it_left() {
    let p = released_then_edited();
    // A holds the lock and has read nothing yet; the editor edits again and
    // B starts, waiting for A.
    let (a, a_there, a_resume) = paused_at(&p, Step::Locked);
    a_there.recv().unwrap();
    edit_again(&p);
    let (b, b_there, b_resume) = paused_at(&p, Step::Locking);
    b_there.recv().unwrap();
    b_resume.send(()).unwrap();
    a_resume.send(()).unwrap();
    let (a, b) = (a.join().unwrap(), b.join().unwrap());
    assert!(errors_of(&a).is_empty(), "{:?}", errors_of(&a));
    assert!(errors_of(&b).is_empty(), "{:?}", errors_of(&b));
    assert!(
        a.record.is_some(),
        "A records the sources it read under the lock"
    );
    assert!(b.record.is_none(), "B finds A's release: {:?}", b.record);
    assert_eq!(record_files(&p).len(), 2);
    assert_nothing_lost(&p);
}

#[test]
fn release_after_one_that_compared_before_an_edit_records_the_edit() {
    let p = released_then_edited();
    // A holds the lock and has compared the first edit; the editor edits
    // again and B starts, waiting for A.
    let (a, a_there, a_resume) = paused_at(&p, Step::Compared);
    a_there.recv().unwrap();
    edit_again(&p);
    let (b, b_there, b_resume) = paused_at(&p, Step::Locking);
    b_there.recv().unwrap();
    b_resume.send(()).unwrap();
    a_resume.send(()).unwrap();
    let (a, b) = (a.join().unwrap(), b.join().unwrap());
    assert!(errors_of(&a).is_empty(), "{:?}", errors_of(&a));
    assert!(errors_of(&b).is_empty(), "{:?}", errors_of(&b));
    let (a, b) = (a.record.unwrap(), b.record.unwrap());
    assert_eq!((a.release, b.release), (2, 3), "B follows A");
    assert_eq!(record_files(&p).len(), 3);
    assert_nothing_lost(&p);
}
