//! What policyc's tests, benchmarks and the `generate` example share:
//! synthetic policy projects and pairs of versions ([`synthetic`]), pairs in
//! the shapes that make a diff slow ([`diff_shapes`]), and a
//! client that runs `policyc serve` and talks to it ([`serve`]). Not part
//! of policyc itself.

pub mod diff_shapes;
pub mod serve;
pub mod synthetic;
