//! Any bytes given as a roadmap: an error with a location, or a roadmap
//! whose every problem-free parse is stable. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    match trek::roadmap::parse("fuzz.toml", bytes) {
        Ok(roadmap) => {
            assert!(!roadmap.phases.is_empty(), "a roadmap has phases");
        }
        Err(error) => {
            for line in error.to_string().lines() {
                assert!(line.starts_with("fuzz.toml:"), "unlocated problem: {line}");
            }
        }
    }
});
