//! What each `policyc` command does, as library calls: each takes its
//! options and returns plain data for `main.rs` to print. The stages never
//! import this module.

pub mod init;
pub mod release;
pub mod serve;
