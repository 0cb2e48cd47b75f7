//! The document parser: one Markdown source, parsed as a base document and as a
//! supplement, then rendered.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policyc::fuzzing::document(data));
