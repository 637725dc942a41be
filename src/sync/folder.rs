//! The sync folder on disk: a marker that says it is trek's, and one
//! append-only JSON Lines file per device under `devices/`.
//!
//! A device only ever appends to its own file. A reader takes only whole
//! lines (a line end is written last), so a file caught mid-write, by a
//! kill or by a file syncer still copying it, is read up to its last
//! complete line and the rest waits for the next sync.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::SyncError;
use super::line::{self, LineError};
use crate::input::{self, InputError, Limit};
use crate::store::{Position, SyncGroup};
use crate::text::one_line;

/// The file that marks a folder as trek's sync folder, and its format.
pub const MARKER: &str = "trek-sync.json";

/// The sync folder format this trek writes and reads.
const FORMAT: u64 = 1;

/// Where the device files live inside the folder.
pub const DEVICES: &str = "devices";

/// The largest device file trek reads: a group is a few hundred bytes, so
/// this holds far more than a lifetime of learning.
pub const DEVICE_FILE_LIMIT: Limit = Limit {
    bytes: 256 << 20,
    shown: "256 MiB",
};

/// What a look through the folder found that the database may not hold.
#[derive(Debug, Default)]
pub struct Scan {
    pub groups: Vec<SyncGroup>,
    /// Every group identity read, to remember as held by the folder.
    pub present: Vec<String>,
    /// How far each file has now been read (relative name, bytes).
    pub positions: Vec<(String, Position)>,
    /// One line per line passed over, naming file, line and reason.
    pub skipped: Vec<String>,
}

/// Makes `dir` a sync folder: creates it when absent, adopts it when it is
/// empty, keeps it when it is already trek's, and refuses anything else.
pub fn prepare(dir: &Path) -> Result<(), SyncError> {
    let shown = dir.display();
    match fs::read_dir(dir) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => create_dir(dir)?,
        Err(error) => return Err(SyncError::failed(format!("{shown}: {}", reason(&error)))),
        Ok(mut entries) => {
            if dir.join(MARKER).exists() {
                return check(dir);
            }
            if entries.next().is_some() {
                return Err(SyncError::bad_input(format!(
                    "{shown} is not empty and is not a trek sync folder; give an empty \
                     folder or one that `trek sync init` made"
                )));
            }
        }
    }
    write_marker(dir)
}

/// Writes the marker and the devices directory into an empty folder.
pub fn write_marker(dir: &Path) -> Result<(), SyncError> {
    let fail =
        |error: io::Error| SyncError::failed(format!("{}: {}", dir.display(), reason(&error)));
    fs::write(dir.join(MARKER), format!("{{\"trek_sync\": {FORMAT}}}\n")).map_err(fail)?;
    create_dir(&dir.join(DEVICES))
}

/// Refuses a folder that is not trek's, or is from a newer trek.
pub fn check(dir: &Path) -> Result<(), SyncError> {
    let marker = dir.join(MARKER);
    let foreign = || {
        SyncError::bad_input(format!(
            "{} is not a trek sync folder (it has no valid {MARKER}); run `trek sync init` again",
            dir.display()
        ))
    };
    let bytes = match input::read_file(
        &marker,
        Limit {
            bytes: 4096,
            shown: "4 KiB",
        },
    ) {
        Ok(bytes) => bytes,
        Err(InputError::Missing) => return Err(foreign()),
        Err(error) => return Err(SyncError::failed(format!("{}: {error}", marker.display()))),
    };
    let format = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|value| value.get("trek_sync")?.as_u64())
        .ok_or_else(foreign)?;
    if format > FORMAT {
        return Err(SyncError::bad_input(format!(
            "{} is a sync folder of a newer trek (format {format}; this one reads {FORMAT}); update trek",
            dir.display()
        )));
    }
    Ok(())
}

/// The file this device appends to, relative to the folder.
pub fn own_file(device: &str) -> String {
    format!("{DEVICES}/{device}.jsonl")
}

/// Appends one line per group to this device's file and flushes it to
/// disk. Returns how far the file reaches after, when it reached exactly
/// `read` before (so every line in it was read); `None` otherwise, and
/// the next scan reads the rest. A line cut short by an earlier
/// kill is dropped first, so every line in the file is whole.
pub fn append(
    dir: &Path,
    device: &str,
    groups: &[SyncGroup],
    read: Position,
) -> Result<Option<Position>, SyncError> {
    create_dir(&dir.join(DEVICES))?;
    let path = dir.join(own_file(device));
    let fail =
        |error: io::Error| SyncError::failed(format!("{}: {}", path.display(), reason(&error)));
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(&path)
        .map_err(fail)?;
    let whole = whole_length(&mut file).map_err(fail)?;
    if whole != file.metadata().map_err(fail)?.len() {
        file.set_len(whole).map_err(fail)?;
    }
    let before = (whole == read.bytes).then_some(read);
    if groups.is_empty() {
        return Ok(before);
    }
    let mut text = String::new();
    for group in groups {
        text.push_str(&line::format(group));
        text.push('\n');
    }
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    Ok(before.map(|read| Position {
        bytes: read.bytes + text.len() as u64,
        lines: read.lines + groups.len() as u64,
    }))
}

/// Reads every device file from where the last scan stopped.
pub fn scan(
    dir: &Path,
    positions: &HashMap<String, Position>,
    latest: Timestamp,
) -> Result<Scan, SyncError> {
    let devices = dir.join(DEVICES);
    let fail = |path: &Path, why: String| SyncError::failed(format!("{}: {why}", path.display()));
    let entries = match fs::read_dir(&devices) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Scan::default()),
        Err(error) => return Err(fail(&devices, reason(&error))),
        Ok(entries) => entries,
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".jsonl"))
        .collect();
    names.sort();
    let mut scan = Scan::default();
    for name in names {
        let relative = format!("{DEVICES}/{name}");
        let path = devices.join(&name);
        let from = positions.get(&relative).copied().unwrap_or_default();
        let read = |offset| input::read_file_from(&path, offset, DEVICE_FILE_LIMIT);
        let (start, bytes) = match read(from.bytes) {
            Ok(Some(bytes)) => (from, bytes),
            // Shorter than what was read before: replaced, so read it all again.
            Ok(None) => (
                Position::default(),
                read(0).ok().flatten().unwrap_or_default(),
            ),
            Err(error) => {
                let shown = one_line(&relative);
                scan.skipped.push(format!("skipped {shown}: {error}"));
                continue;
            }
        };
        let mut next = start;
        let mut waiting = None;
        for text in bytes.split_inclusive(|byte| *byte == b'\n') {
            if text.last() != Some(&b'\n') {
                break;
            }
            let at = next;
            next.bytes += text.len() as u64;
            next.lines += 1;
            let body = &text[..text.len() - 1];
            if body.trim_ascii().is_empty() {
                continue;
            }
            match line::parse(body, latest) {
                Ok(group) => {
                    scan.present.push(group.origin.uid.clone());
                    scan.groups.push(group);
                }
                Err(error) => {
                    let why = one_line(&error.to_string()).into_owned();
                    let shown = one_line(&relative);
                    scan.skipped
                        .push(format!("skipped {shown}:{}: {why}", next.lines));
                    if matches!(error, LineError::NotYet(_)) {
                        waiting.get_or_insert(at);
                    }
                }
            }
        }
        let reached = waiting.unwrap_or(next);
        if reached != from {
            scan.positions.push((relative, reached));
        }
    }
    Ok(scan)
}

/// The length of the file up to and including its last line end.
fn whole_length(file: &mut File) -> io::Result<u64> {
    let length = file.metadata()?.len();
    let mut end = length;
    let mut buffer = [0u8; 4096];
    while end > 0 {
        let start = end.saturating_sub(buffer.len() as u64);
        let chunk = &mut buffer[..(end - start) as usize];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(chunk)?;
        if let Some(index) = chunk.iter().rposition(|byte| *byte == b'\n') {
            return Ok(start + index as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

/// Creates a directory only this user can enter, whatever the umask, and
/// any missing above it likewise.
pub fn create_dir(dir: &Path) -> Result<(), SyncError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|error| SyncError::failed(format!("{}: {}", dir.display(), reason(&error))))
}

/// An I/O error as one line.
pub fn reason(error: &io::Error) -> String {
    one_line(&error.to_string()).into_owned()
}

/// The folder as an absolute path, for keeping in the database.
/// Where the git clone of the database at `db` lives: beside it, named
/// after it, so the default database's clone is in the platform data
/// directory.
pub fn clone_path(db: &Path) -> std::path::PathBuf {
    let stem = db.file_stem().unwrap_or_default().to_string_lossy();
    db.with_file_name(format!("{stem}.sync"))
}

/// `dir` made absolute, for the sync folder's record.
pub fn absolute(dir: &Path) -> Result<PathBuf, SyncError> {
    std::path::absolute(dir)
        .map_err(|error| SyncError::bad_input(format!("{}: {}", dir.display(), reason(&error))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::Address;
    use crate::store::{Change, Origin, State};

    const DEVICE: &str = "0190a000-0000-4000-8000-00000000000d";

    fn group(n: u8, at: &str) -> SyncGroup {
        SyncGroup {
            origin: Origin {
                uid: format!("0190a000-0000-7000-8000-0000000000{n:02x}"),
                device: DEVICE.into(),
            },
            roadmap: "backend".into(),
            at: at.parse().unwrap(),
            reverts: None,
            changes: vec![Change::State {
                address: Address::new("http", &format!("m{n}")),
                old: State::Todo,
                new: State::Done,
            }],
        }
    }

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        prepare(dir.path()).unwrap();
        dir
    }

    #[test]
    fn a_line_cut_short_by_a_kill_is_dropped_before_the_next_append() {
        let dir = folder();
        let first = append(
            dir.path(),
            DEVICE,
            &[group(1, "2026-12-01T00:00:00Z")],
            Position::default(),
        )
        .unwrap()
        .unwrap();
        let path = dir.path().join(own_file(DEVICE));
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"{\"id\":\"0190").unwrap();
        let second = append(
            dir.path(),
            DEVICE,
            &[group(2, "2026-12-01T00:00:01Z")],
            first,
        )
        .unwrap();
        assert_eq!(second.map(|at| at.lines), Some(2));
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        let scan = scan(
            dir.path(),
            &HashMap::new(),
            "2026-12-02T00:00:00Z".parse().unwrap(),
        )
        .unwrap();
        assert_eq!(scan.groups.len(), 2);
        assert!(scan.skipped.is_empty(), "{:?}", scan.skipped);
    }

    #[test]
    fn a_scan_takes_whole_lines_only_and_waits_at_a_line_from_the_future() {
        let dir = folder();
        let groups = [
            group(1, "2026-12-01T00:00:00Z"),
            group(2, "2026-12-01T10:00:00Z"),
            group(3, "2026-12-01T00:00:02Z"),
        ];
        append(dir.path(), DEVICE, &groups, Position::default()).unwrap();
        let path = dir.path().join(own_file(DEVICE));
        OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"partial")
            .unwrap();
        let early = scan(
            dir.path(),
            &HashMap::new(),
            "2026-12-01T01:00:00Z".parse().unwrap(),
        )
        .unwrap();
        let applied: Vec<_> = early
            .groups
            .iter()
            .map(|group| group.at.to_string())
            .collect();
        assert_eq!(applied, ["2026-12-01T00:00:00Z", "2026-12-01T00:00:02Z"]);
        assert_eq!(
            early.skipped.len(),
            1,
            "the future line is named: {:?}",
            early.skipped
        );
        let held: HashMap<_, _> = early.positions.into_iter().collect();
        assert_eq!(
            held[&own_file(DEVICE)].lines,
            1,
            "read again from the future line on"
        );
        let later = scan(dir.path(), &held, "2026-12-01T11:00:00Z".parse().unwrap()).unwrap();
        assert_eq!(
            later.groups.len(),
            2,
            "the waiting line and the one after it"
        );
        assert_eq!(
            later.positions[0].1.lines, 3,
            "the partial line is not read"
        );
    }

    #[test]
    fn a_peer_file_name_reaches_the_terminal_only_made_safe() {
        let dir = folder();
        fs::write(
            dir.path().join("devices/evil\u{1b}]0;owned\u{7}.jsonl"),
            "{\n",
        )
        .unwrap();
        let scan = scan(
            dir.path(),
            &HashMap::new(),
            "2026-12-02T00:00:00Z".parse().unwrap(),
        )
        .unwrap();
        assert_eq!(scan.skipped.len(), 1);
        assert!(
            scan.skipped[0].starts_with("skipped devices/evil\u{FFFD}]0;owned\u{FFFD}.jsonl:1: "),
            "{:?}",
            scan.skipped
        );
    }
}
