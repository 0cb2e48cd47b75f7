//! `policyc.yaml` and region files (`%%%%` lines between them, each region's id
//! on its first line), loaded and resolved.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| policyc::fuzzing::yaml(data));
