//! Any bytes given to `trek import`: refused with one line naming the file,
//! or read into records that write back out and read in again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trek::backup::Backup;

fuzz_target!(|bytes: &[u8]| {
    let now: jiff::Timestamp = "2026-12-01T12:00:00Z".parse().unwrap();
    match Backup::parse("fuzz.json", bytes, "backend", now) {
        Ok(snapshot) => {
            let again = Backup::new("backend", &snapshot, now).to_json();
            let reread = Backup::parse("fuzz.json", again.as_bytes(), "backend", now);
            assert_eq!(reread.as_ref(), Ok(&snapshot), "{again}");
        }
        Err(error) => {
            let message = error.to_string();
            assert!(message.starts_with("fuzz.json"), "{message}");
            assert!(!message.contains('\n'), "more than one line: {message:?}");
        }
    }
});
