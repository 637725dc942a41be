//! Validated roadmaps remembered between runs.
//!
//! Parsing and validating TOML is most of what a one-shot command such as
//! `trek status` spends its time on, and a large roadmap takes far longer.
//! So a roadmap that validated is stored in the platform cache directory
//! (`.../trek/roadmaps/`), keyed by a hash of its exact bytes and this trek's
//! version, in a compact binary form; the next run with the same bytes reads
//! that instead. Any problem with the cache (missing, unreadable, stale,
//! damaged, not writable) simply means parsing again: it can make trek slower,
//! never wrong. Broken roadmaps are never cached, so their errors are always
//! reported in full.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::diagnostic::LoadError;
use super::model::Roadmap;

/// Bumped whenever the stored form or the validation rules change, so no
/// roadmap is remembered under rules it was not checked against.
const FORMAT: u32 = 1;

/// How many remembered roadmaps to keep; older ones are removed.
const KEEP: usize = 8;

/// What is stored: the key again, so a file renamed by hand is not trusted.
#[derive(Serialize, Deserialize)]
struct Entry<R> {
    format: u32,
    hash: u64,
    length: u64,
    roadmap: R,
}

/// The roadmap these bytes validate to, from the cache when it has them,
/// otherwise from `parse` (whose success is then remembered).
pub(super) fn remembered(
    bytes: &[u8],
    parse: impl FnOnce() -> Result<Roadmap, LoadError>,
) -> Result<Roadmap, LoadError> {
    match directory() {
        Some(directory) => remembered_in(&directory, bytes, parse),
        None => parse(),
    }
}

/// [`remembered`], with the cache kept in `directory`.
fn remembered_in(
    directory: &Path,
    bytes: &[u8],
    parse: impl FnOnce() -> Result<Roadmap, LoadError>,
) -> Result<Roadmap, LoadError> {
    let hash = hash(bytes);
    let length = bytes.len() as u64;
    let path = directory.join(format!("{hash:016x}.roadmap"));
    if let Some(roadmap) = read(&path, hash, length) {
        return Ok(roadmap);
    }
    let roadmap = parse()?;
    let _ = write(directory, &path, hash, length, &roadmap);
    Ok(roadmap)
}

fn directory() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "trek").map(|dirs| dirs.cache_dir().join("roadmaps"))
}

/// A fast 64-bit fingerprint of the bytes, this trek's version and the
/// stored form. Not cryptographic: it tells apart roadmaps, not attackers
/// (anyone who can write the cache directory can edit the roadmap anyway).
fn hash(bytes: &[u8]) -> u64 {
    const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |state: u64, word: u64| {
        let mixed = (state ^ word).wrapping_mul(MULTIPLIER);
        mixed ^ (mixed >> 29)
    };
    let mut state = mix(u64::from(FORMAT), bytes.len() as u64);
    for byte in env!("CARGO_PKG_VERSION").bytes() {
        state = mix(state, u64::from(byte));
    }
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        state = mix(
            state,
            u64::from_le_bytes(word.try_into().unwrap_or_default()),
        );
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    mix(state, u64::from_le_bytes(tail))
}

fn read(path: &Path, hash: u64, length: u64) -> Option<Roadmap> {
    let data = fs::read(path).ok()?;
    let entry: Entry<Roadmap> = postcard::from_bytes(&data).ok()?;
    (entry.format == FORMAT && entry.hash == hash && entry.length == length)
        .then_some(entry.roadmap)
}

fn write(
    directory: &Path,
    path: &Path,
    hash: u64,
    length: u64,
    roadmap: &Roadmap,
) -> std::io::Result<()> {
    fs::create_dir_all(directory)?;
    let entry = Entry {
        format: FORMAT,
        hash,
        length,
        roadmap,
    };
    let data = postcard::to_stdvec(&entry).map_err(std::io::Error::other)?;
    let mut file = tempfile::NamedTempFile::new_in(directory)?;
    file.write_all(&data)?;
    file.persist(path).map_err(|error| error.error)?;
    prune(directory);
    Ok(())
}

/// Keeps the most recently written entries only.
fn prune(directory: &Path) {
    let Ok(entries) = fs::read_dir(directory) else {
        return;
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "roadmap"))
        .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
        .collect();
    found.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    for (_, old) in found.into_iter().skip(KEEP) {
        let _ = fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::{parse, synthetic};

    fn text() -> String {
        synthetic(2, 2, 3)
    }

    fn parse_text(text: &str) -> Result<Roadmap, LoadError> {
        parse("r.toml", text.as_bytes())
    }

    #[test]
    fn a_roadmap_that_validated_is_read_back_without_parsing() {
        let dir = tempfile::tempdir().unwrap();
        let text = text();
        let first = remembered_in(dir.path(), text.as_bytes(), || parse_text(&text)).unwrap();
        let second = remembered_in(dir.path(), text.as_bytes(), || {
            panic!("parsed again although remembered")
        })
        .unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn other_bytes_are_parsed_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let text = text();
        remembered_in(dir.path(), text.as_bytes(), || parse_text(&text)).unwrap();
        let edited = text.replace("Synthetic trek", "Edited trek");
        let roadmap = remembered_in(dir.path(), edited.as_bytes(), || parse_text(&edited)).unwrap();
        assert_eq!(roadmap.title, "Edited trek");
    }

    #[test]
    fn a_damaged_entry_means_parsing_again() {
        let dir = tempfile::tempdir().unwrap();
        let text = text();
        remembered_in(dir.path(), text.as_bytes(), || parse_text(&text)).unwrap();
        for entry in fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            let mut data = fs::read(&path).unwrap();
            data.truncate(data.len() / 2);
            fs::write(&path, data).unwrap();
        }
        let mut parsed = false;
        let roadmap = remembered_in(dir.path(), text.as_bytes(), || {
            parsed = true;
            parse_text(&text)
        })
        .unwrap();
        assert!(parsed);
        assert_eq!(roadmap, parse_text(&text).unwrap());
    }

    #[test]
    fn a_broken_roadmap_is_never_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let broken = text().replace("title = \"Synthetic trek\"", "titel = 1");
        for _ in 0..2 {
            let error = remembered_in(dir.path(), broken.as_bytes(), || parse_text(&broken));
            assert!(error.is_err());
        }
        assert_eq!(
            fs::read_dir(dir.path()).map_or(0, |entries| entries.count()),
            0
        );
    }

    #[test]
    fn an_unwritable_cache_only_costs_time() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("file-not-directory");
        fs::write(&blocked, "x").unwrap();
        let text = text();
        let roadmap = remembered_in(&blocked, text.as_bytes(), || parse_text(&text)).unwrap();
        assert_eq!(roadmap, parse_text(&text).unwrap());
    }

    #[test]
    fn only_the_newest_entries_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        for index in 0..KEEP + 3 {
            let text = text().replace("Synthetic trek", &format!("Trek {index}"));
            remembered_in(dir.path(), text.as_bytes(), || parse_text(&text)).unwrap();
        }
        let kept = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(kept, KEEP);
    }
}
