//! The translation workflow's questions: [`status`] (each translation
//! file of the project against its default-locale source: current, stale
//! since a release, missing, accepted as a fallback or acknowledged) and
//! [`pending`] (which translations an edit not yet released will leave
//! behind). Plain data out; `policyc translations` and `xliff` print it.

pub mod pending;
mod status;
mod text;

pub use pending::{Lag, pending, pending_report};
pub use status::{Cell, FactCell, FactRow, Row, SCHEMA, Section, State, Status, Summary, status};
pub use text::text;
