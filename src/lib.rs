//! policyc compiles legal policies kept as Markdown and YAML into a static
//! site: one page per document, region and locale.
//!
//! The stages follow the pipeline (see `ARCHITECTURE.md`): [`source`] reads
//! the project's files, [`resolve`] applies regional supplements and
//! variables to produce a variant, [`site`] turns variants into pages and
//! writes them; [`diff`] compares versions and [`history`] keeps the
//! released ones. [`commands`] holds what each `policyc` command does.

pub mod commands;
pub mod diagnostics;
pub mod diff;
pub mod digest;
pub mod facts;
#[doc(hidden)]
pub mod fuzzing;
pub mod git;
pub mod history;
pub mod import;
pub mod locale;
pub mod markdown;
pub mod memo;
pub mod resolve;
pub mod site;
pub mod source;
pub mod tera_error;
pub mod text;
pub mod translations;
pub mod xliff;
