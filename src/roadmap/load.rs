//! Loading a roadmap: from the bundled copy or a file, bytes to validated model.
//!
//! Loading is reading the file and parsing it, every time. A file is read
//! only when it is a regular file of at most [`ROADMAP_LIMIT`], so a
//! device, a pipe or a runaway file is refused before it can fill memory.

use std::path::{Path, PathBuf};

use super::diagnostic::LoadError;
use super::model::Roadmap;
use super::schema;
use crate::input::{self, InputError, ROADMAP_LIMIT};

/// The name problems in the bundled roadmap are reported under.
pub const BUNDLED_NAME: &str = "roadmap.toml (bundled)";

/// The bundled roadmap as the build turned it into JSON (see `build.rs`):
/// read with serde in a fraction of the time parsing its TOML takes. The
/// tests hold it to what the validator makes of `roadmap.toml`.
const BUNDLED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/roadmap.json"));

/// Where a roadmap comes from: the copy compiled into trek, or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoadmapSource {
    Bundled,
    File(PathBuf),
}

/// Loads and validates a roadmap, reporting every problem in it at once.
pub fn load(source: &RoadmapSource) -> Result<Roadmap, LoadError> {
    match source {
        RoadmapSource::Bundled => bundled(),
        RoadmapSource::File(path) => {
            let name = path.display().to_string();
            let bytes = read(path, &name)?;
            parse(&name, &bytes)
        }
    }
}

/// The bundled roadmap, from the build's JSON.
fn bundled() -> Result<Roadmap, LoadError> {
    serde_json::from_str::<Roadmap>(BUNDLED_JSON)
        .map(Roadmap::indexed)
        .map_err(|error| {
            let reason = format!("the copy built into trek cannot be read: {error}");
            LoadError::whole_file(BUNDLED_NAME, reason)
        })
}

/// The bytes of a roadmap file, refused unless it is a regular file of at
/// most [`ROADMAP_LIMIT`].
fn read(path: &Path, name: &str) -> Result<Vec<u8>, LoadError> {
    input::read_file(path, ROADMAP_LIMIT).map_err(|error| {
        let reason = match error {
            InputError::NotRegular(kind) => format!(
                "is {kind}, not a regular file; a roadmap must be a regular file of at most {}",
                ROADMAP_LIMIT.shown
            ),
            InputError::TooLarge(limit) => {
                format!("is larger than {}, the most a roadmap may be", limit.shown)
            }
            other => format!("cannot read the roadmap: {other}"),
        };
        LoadError::whole_file(name, reason)
    })
}

/// Validates roadmap bytes; `name` is how problems refer to the file.
/// A byte-order mark at the start is dropped, so columns count from the
/// first character an editor shows.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Roadmap, LoadError> {
    let bytes = bytes.strip_prefix(BYTE_ORDER_MARK).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.valid_up_to();
            let message = format!(
                "byte 0x{:02x} is not UTF-8; save the roadmap as UTF-8",
                bytes[at]
            );
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            return Err(LoadError::at_offsets(name, valid, vec![(at, message)]));
        }
    };
    if text.trim().is_empty() {
        return Err(LoadError::whole_file(
            name,
            "the file is empty; a roadmap needs at least `id`, `title`, `phases` and `finale`"
                .into(),
        ));
    }
    schema::read(text).map_err(|problems| LoadError::at_offsets(name, text, problems))
}

/// What some editors put at the start of a UTF-8 file.
const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_roadmap_loads() {
        let roadmap = load(&RoadmapSource::Bundled).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(roadmap.id, "backend");
        assert_eq!(roadmap.phases.len(), 4);
    }

    #[test]
    fn the_built_roadmap_is_what_the_validator_reads_in_roadmap_toml() {
        let source = include_str!("../../roadmap.toml");
        let validated = parse(BUNDLED_NAME, source.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let built = load(&RoadmapSource::Bundled).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(built, validated);
        let topic = &validated.phases[1].topics[0].id;
        assert!(built.topic(topic).is_some(), "the built roadmap is indexed");
    }

    const TWO_PHASES: &str = r#"id = "r"
title = "t"
summary = "s"
estimate = "e"

[[phases]]
id = "one"
title = "One"
weeks = [1, 2]
summary = "s"

[[phases.topics]]
id = "a"
title = "A"
summary = "s"
body = """
A body that quotes a header:
[[phases]]
and goes on.
"""
milestones = [{ id = "m", text = "t" }]

[[phases]]
id = "two"
title = "Two"
weeks = [3, 4]
summary = "s"

[[phases.topics]]
id = "b"
title = "B"
summary = "s"
body = "b"
milestones = [{ id = "m", text = "t" }]

[finale]
title = "f"
body = "b"
next = []
"#;

    #[test]
    fn keys_defined_twice_in_two_tables_are_two_problems() {
        let text = TWO_PHASES
            .replacen("title = \"A\"", "title = \"A\"\ntitle = \"A again\"", 1)
            .replacen("title = \"B\"", "title = \"B\"\ntitle = \"B again\"", 1);
        let error = parse("r.toml", text.as_bytes()).unwrap_err();
        let duplicate =
            "TOML syntax: `title` is defined twice; a key may appear only once in its table";
        assert_eq!(
            error.to_string(),
            format!("r.toml:15:1: {duplicate}\nr.toml:33:1: {duplicate}")
        );
    }

    #[test]
    fn moves_read_from_the_build_json_are_the_moves_the_validator_reads() {
        let text = format!("{TWO_PHASES}\n[moved]\n\"old\" = \"a\"\n\"old/x\" = \"b/m\"\n");
        let validated = parse("r.toml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let json = serde_json::to_string(&validated).expect("serializes");
        let built: Roadmap = serde_json::from_str(&json).expect("reads back");
        assert_eq!(built.moved, validated.moved);
        let moved = &validated.moved;
        assert_eq!(
            moved.address(&crate::roadmap::Address::new("old", "x")),
            Some(crate::roadmap::Address::new("b", "m"))
        );
        assert_eq!(moved.topic("old"), Some("a"));
    }

    #[test]
    fn invalid_utf8_is_located_at_the_bad_byte() {
        let error = parse("r.toml", b"id = \"x\"\ntitle = \"\xff\"\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "r.toml:2:10: byte 0xff is not UTF-8; save the roadmap as UTF-8"
        );
    }
}
