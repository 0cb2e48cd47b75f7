//! `policyc build` and `policyc check`: the site pipeline, writing the
//! output (`Mode::Build`) or only checking the sources (`Mode::Check`).

use crate::site::{self, Options, Outcome};

/// Runs the pipeline as `options` say.
pub fn run(options: &Options) -> Outcome {
    site::run(options)
}
