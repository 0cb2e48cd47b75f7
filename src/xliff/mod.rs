//! Exchanging translations with vendors and CAT tools as XLIFF 2.1: a
//! project's sources as units (`export`), written as XML (`write`), read
//! back (`read`) and written into the translations (`apply`).
//!
//! A unit is a section (or a document's title, summary or preamble, under
//! reserved ids starting with `:`); a segment is a block: a heading, a
//! paragraph, a list item's text or a table cell. Markup a translator must
//! keep (links, emphasis, inline code, raw HTML, template tags) is carried
//! as inline codes whose Markdown is the unit's original data.

pub mod apply;
mod check;
pub mod export;
pub mod extract;
pub mod markup;
pub mod model;
pub mod read;
pub mod status;
pub mod units;
pub mod write;

pub use apply::{Change, Imported, apply};
pub use export::{Selection, exchange};
pub use read::read;
pub use write::xliff;
