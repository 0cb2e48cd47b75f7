//! Supplement application: a base document and two regions' supplements,
//! separated by `%%%%` lines, resolved into every variant.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policyc::fuzzing::supplement(data));
