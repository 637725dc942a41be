//! Any bytes as one line of another device's sync file: refused with one
//! line saying why, or read into a group whose line reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trek::sync::line;

fuzz_target!(|bytes: &[u8]| {
    let latest: jiff::Timestamp = "2030-01-01T00:00:00Z".parse().unwrap();
    match line::parse(bytes, latest) {
        Ok(group) => {
            let again = line::format(&group);
            assert!(!again.contains('\n'), "more than one line: {again:?}");
            assert_eq!(line::parse(again.as_bytes(), latest).as_ref(), Ok(&group), "{again}");
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "more than one line: {message:?}");
        }
    }
});
