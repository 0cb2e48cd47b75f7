//! The diff of two Markdown texts (separated by a `%%%%` line), in every output
//! format.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policyc::fuzzing::diff(data));
