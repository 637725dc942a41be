//! Loading a roadmap: from the bundled copy or a file, bytes to validated model.

use std::path::{Path, PathBuf};

use super::cache;
use super::diagnostic::LoadError;
use super::model::Roadmap;
use super::schema;

/// The name problems in the bundled roadmap are reported under.
pub const BUNDLED_NAME: &str = "roadmap.toml (bundled)";

const BUNDLED: &str = include_str!("../../roadmap.toml");

/// Where a roadmap comes from: the copy compiled into trek, or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoadmapSource {
    Bundled,
    File(PathBuf),
}

/// Loads and validates a roadmap, reporting every problem in it at once.
/// A roadmap that validated before is read from the cache instead.
pub fn load(source: &RoadmapSource) -> Result<Roadmap, LoadError> {
    match source {
        RoadmapSource::Bundled => cache::remembered(BUNDLED.as_bytes(), || {
            parse(BUNDLED_NAME, BUNDLED.as_bytes())
        }),
        RoadmapSource::File(path) => {
            let name = path.display().to_string();
            let bytes = read(path, &name)?;
            cache::remembered(&bytes, || parse(&name, &bytes))
        }
    }
}

/// Reads and validates a roadmap file, never from the cache: what
/// `trek roadmap check` runs, so the answer always comes from the rules.
pub fn validate(path: &Path) -> Result<Roadmap, LoadError> {
    let name = path.display().to_string();
    let bytes = read(path, &name)?;
    parse(&name, &bytes)
}

fn read(path: &Path, name: &str) -> Result<Vec<u8>, LoadError> {
    if path.is_dir() {
        return Err(LoadError::whole_file(
            name,
            "is a directory, not a roadmap file".into(),
        ));
    }
    std::fs::read(path).map_err(|error| {
        let reason = match error.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => error.to_string(),
        };
        LoadError::whole_file(name, format!("cannot read the roadmap: {reason}"))
    })
}

/// Validates roadmap bytes; `name` is how problems refer to the file.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Roadmap, LoadError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_roadmap_loads() {
        let roadmap = load(&RoadmapSource::Bundled).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(roadmap.id, "backend");
        assert_eq!(roadmap.phases.len(), 4);
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

    /// Parses `text` the way a large file is parsed: one phase at a time.
    fn parse_in_pieces(text: &str) -> Result<Roadmap, LoadError> {
        schema::read_in_pieces(text, 0)
            .map_err(|problems| LoadError::at_offsets("r.toml", text, problems))
    }

    #[test]
    fn reading_in_pieces_gives_the_same_roadmap_as_reading_whole() {
        let pieces = parse_in_pieces(BUNDLED).unwrap();
        assert_eq!(pieces.phases.len(), 4);
        assert_eq!(Ok(pieces), parse(BUNDLED_NAME, BUNDLED.as_bytes()));
    }

    #[test]
    fn a_header_inside_a_string_is_text_not_a_new_phase() {
        let roadmap = parse_in_pieces(TWO_PHASES).unwrap();
        let ids: Vec<&str> = roadmap
            .phases
            .iter()
            .map(|phase| phase.id.as_str())
            .collect();
        assert_eq!(ids, ["one", "two"]);
        assert!(roadmap.phases[0].topics[0].body.contains("[[phases]]\n"));
    }

    #[test]
    fn problems_in_later_phases_are_located_in_the_whole_file() {
        let duplicate_topic = TWO_PHASES.replacen("id = \"b\"", "id = \"a\"", 1);
        let error = parse_in_pieces(&duplicate_topic).unwrap_err();
        assert_eq!(
            error.to_string(),
            "r.toml:30:6: topic id `a` is already used at line 13; \
             topic ids must be unique in the roadmap"
        );
    }

    #[test]
    fn a_finale_defined_before_and_after_the_phases_is_reported() {
        let text = TWO_PHASES.replacen(
            "\n[[phases]]",
            "\n[finale]\ntitle = \"early\"\nbody = \"b\"\nnext = []\n\n[[phases]]",
            1,
        );
        let error = parse_in_pieces(&text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "r.toml:41:1: `finale` is defined twice (first at line 6)"
        );
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
