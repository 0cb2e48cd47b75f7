//! Bursts: the watcher's batches joined, so that a branch checkout or a
//! search-and-replace over many files gives one rebuild, not one per batch.
//!
//! The rule is timed, so it is written against [`Inbox`] (a channel and a
//! clock): the preview passes the watcher's channel and the system's clock,
//! the unit tests a script of arrivals on a clock of their own, so that
//! what a burst is is tested without depending on how busy the machine is.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Where batches arrive, and what time it is.
pub trait Inbox<T> {
    /// The next batch, waiting at most `timeout` for it.
    fn recv_timeout(&mut self, timeout: Duration) -> Result<T, RecvTimeoutError>;
    /// Now, by the clock `recv_timeout` waits on.
    fn now(&self) -> Instant;
}

/// The watcher's channel, on the system's clock.
impl<T> Inbox<T> for &Receiver<T> {
    fn recv_timeout(&mut self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        (**self).recv_timeout(timeout)
    }

    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// How a burst ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// No batch came for `settle`.
    Quiet,
    /// The burst lasted `max`: changes that never settle still get rebuilds.
    Limit,
}

/// The batches of one burst: `first`, then every batch that arrives less
/// than `settle` after the one before, for at most `max` after `first`.
/// `None` when the watcher stopped (its channel closed).
pub fn gather<T>(
    first: T,
    inbox: &mut impl Inbox<T>,
    settle: Duration,
    max: Duration,
) -> Option<(Vec<T>, End)> {
    let mut batches = vec![first];
    let start = inbox.now();
    loop {
        if inbox.now().duration_since(start) >= max {
            return Some((batches, End::Limit));
        }
        match inbox.recv_timeout(settle) {
            Ok(more) => batches.push(more),
            Err(RecvTimeoutError::Timeout) => return Some((batches, End::Quiet)),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;
    use crate::commands::serve::{MAX_SETTLE, SETTLE};

    const MS: Duration = Duration::from_millis(1);

    /// A script of arrivals on a clock that moves only when a wait needs it
    /// to.
    #[derive(Debug)]
    struct Script<T> {
        now: Instant,
        /// Each batch and when it arrives, in order.
        arrivals: VecDeque<(Instant, T)>,
    }

    impl<T> Script<T> {
        /// Batches arriving at the given offsets from now (in order).
        fn new(arrivals: impl IntoIterator<Item = (Duration, T)>) -> Script<T> {
            let now = Instant::now();
            Script {
                now,
                arrivals: arrivals.into_iter().map(|(at, t)| (now + at, t)).collect(),
            }
        }

        /// Waits (on the script's clock) for the first batch, as the rebuild
        /// loop does without a timeout; `None` when none is left.
        fn first(&mut self) -> Option<T> {
            let (at, batch) = self.arrivals.pop_front()?;
            self.now = self.now.max(at);
            Some(batch)
        }
    }

    impl<T> Inbox<T> for Script<T> {
        fn recv_timeout(&mut self, timeout: Duration) -> Result<T, RecvTimeoutError> {
            let deadline = self.now + timeout;
            match self.arrivals.front() {
                Some((at, _)) if *at <= deadline => self.first().ok_or(RecvTimeoutError::Timeout),
                Some(_) => {
                    self.now = deadline;
                    Err(RecvTimeoutError::Timeout)
                }
                None => Err(RecvTimeoutError::Disconnected),
            }
        }

        fn now(&self) -> Instant {
            self.now
        }
    }

    /// Every burst the script makes, as the rebuild loop gathers them: the
    /// batches of each (their numbers) and how it ended.
    fn bursts(arrivals: Vec<Duration>) -> Vec<(Vec<usize>, End)> {
        let mut script = Script::new(arrivals.into_iter().enumerate().map(|(i, at)| (at, i)));
        let mut out = Vec::new();
        while let Some(first) = script.first() {
            match gather(first, &mut script, SETTLE, MAX_SETTLE) {
                Some(burst) => out.push(burst),
                // The script is over: its last burst, as it was.
                None => break,
            }
        }
        out
    }

    /// Arrival times `every` apart, `n` of them.
    fn evenly(n: usize, every: Duration) -> Vec<Duration> {
        (0..n).map(|i| every * i as u32).collect()
    }

    #[test]
    fn batches_arriving_at_once_are_one_burst() {
        let got = bursts([evenly(36, Duration::ZERO), vec![Duration::from_secs(5)]].concat());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0], ((0..36).collect(), End::Quiet));
    }

    /// A search-and-replace across files, a write every 3 ms for over
    /// 100 ms: one burst, since no pause reaches `SETTLE`.
    #[test]
    fn a_burst_spread_over_100_ms_with_short_pauses_is_one_burst() {
        let got = bursts([evenly(36, 3 * MS), vec![Duration::from_secs(5)]].concat());
        assert_eq!(got[0], ((0..36).collect(), End::Quiet));
        assert_eq!(got.len(), 1, "{got:?}");
    }

    /// A pause just under `SETTLE` still joins; one of `SETTLE` ends the
    /// burst, and the next batch starts another.
    #[test]
    fn a_pause_of_settle_ends_a_burst() {
        let under = SETTLE - MS;
        let got = bursts(vec![
            Duration::ZERO,
            under,
            under * 2,
            under * 2 + SETTLE + MS,
            Duration::from_secs(5),
        ]);
        assert_eq!(got[0], (vec![0, 1, 2], End::Quiet));
        assert_eq!(got[1], (vec![3], End::Quiet));
    }

    /// Changes that never settle (a batch every 10 ms for 3 s) are
    /// rebuilt at least every `MAX_SETTLE`, and none is lost.
    #[test]
    fn a_stream_that_never_settles_is_cut_every_max_settle() {
        let got = bursts([evenly(300, 10 * MS), vec![Duration::from_secs(10)]].concat());
        assert!(got.len() >= 3, "{got:?}");
        for (batches, end) in &got[..got.len() - 1] {
            assert_eq!(*end, End::Limit);
            let lasted = 10 * MS * (batches.len() as u32 - 1);
            assert!(
                lasted >= MAX_SETTLE - 10 * MS && lasted <= MAX_SETTLE,
                "{lasted:?}"
            );
        }
        let all: Vec<usize> = got.iter().flat_map(|(b, _)| b.iter().copied()).collect();
        assert_eq!(all, (0..300).collect::<Vec<_>>());
    }

    #[test]
    fn a_closed_channel_ends_the_loop() {
        let mut script = Script::new([(Duration::ZERO, 0)]);
        let first = script.first().expect("a batch");
        assert_eq!(gather(first, &mut script, SETTLE, MAX_SETTLE), None);
    }
}
