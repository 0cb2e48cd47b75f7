//! The preview's request handling: `METHOD PATH` then `Name: value` headers,
//! through its routes and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    policyc::fuzzing::request(data);
});
