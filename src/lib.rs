//! policyc compiles legal policies kept as Markdown and YAML into a static
//! site: one page per document, region and locale.
//!
//! The stages follow the pipeline: [`project`] loads the sources,
//! [`document`] parses each into sections, [`resolve`] applies regional
//! supplements and variables to produce a variant, [`render`] turns it into
//! HTML through the theme, and [`output`] swaps the finished site in.
//! [`build`] runs the pipeline for `policyc build` and `policyc check`, and
//! [`serve`] runs it in memory for the live preview.

pub mod build;
pub mod diagnostics;
pub mod diff;
pub mod digest;
pub mod document;
pub mod history;
pub mod init;
pub mod locale;
pub mod output;
pub mod project;
pub mod release;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod validate;
