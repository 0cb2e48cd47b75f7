//! What each `policyc` command does, as library calls: each takes its
//! options and returns plain data (a report, an outcome with diagnostics)
//! for `main.rs` to print. The stages never import this module.

pub mod build;
pub mod diff;
pub mod import;
pub mod init;
pub mod manual;
pub mod release;
pub mod serve;
pub mod show;
pub mod translations;
pub mod verify;
pub mod xliff;
