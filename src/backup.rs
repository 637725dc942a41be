//! The JSON backup (`trek export --format json`, `trek import`).
//!
//! Format 2, one object:
//! `{"format": 2, "device": UUID, "roadmap": ID, "exported_at": RFC 3339,
//!   "states": [{"address", "state", "changed_at"}],
//!   "notes": [{"topic", "text", "changed_at"}],
//!   "groups": [{"id": UUID, "device": UUID, "at", "reverts": UUID | null,
//!               "changes": [{"kind": "state", "address", "old", "new"}
//!                         | {"kind": "note", "topic", "old", "new"}
//!                         | {"kind": "review", "topic", "old", "new"}]}]}`.
//! `device` is the exporting database's device id; a group's `id` is its
//! UUIDv7 and its `device` the device that made it, the same on every
//! device that holds it, so importing a group twice adds it once. Groups
//! are listed in (time, id) order. A review change's `new` is the mark
//! (`again`, `hard`, `good`, `easy`, `add`, `drop`) and `old` is null; an
//! undo of one has them the other way round. Format 1, still read, numbers
//! its groups instead, has no devices and no reviews; a database not yet
//! migrated to identities (read without writing) still exports format 1.
//! Timestamps keep millisecond precision so a restore is exact. The shape
//! is read by serde, which names the line and column of anything malformed;
//! what serde cannot see (duplicates, the shape of the history, times in
//! the future) is checked in [`rules`]. A damaged backup is caught whole,
//! before anything is written.

mod fields;
mod rules;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::input::Limit;
use crate::roadmap::Address;
use crate::store::{Change, Group, Note, Origin, ReviewMark, Snapshot, State, StateRecord};
use crate::text::{json_terminal_safe, one_line};

/// The backup format this trek writes; it reads this one and format 1.
pub const BACKUP_FORMAT: u64 = 2;

/// The format before groups had identities, still read.
const FORMAT_NUMBERED: u64 = 1;

/// The largest backup `trek import` reads: far beyond any real learner's
/// history (a million entries fit), small enough to parse in memory.
pub const BACKUP_LIMIT: Limit = Limit {
    bytes: 256 << 20,
    shown: "256 MiB",
};

/// How far past the clock a recorded time may be, for clocks that differ a
/// little between machines. Anything later is a forged or broken time that
/// would win every later merge.
pub const CLOCK_SLACK: SignedDuration = SignedDuration::from_mins(5);

/// A backup as it appears in the file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    format: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device: Option<String>,
    roadmap: String,
    exported_at: Timestamp,
    states: Vec<StateEntry>,
    notes: Vec<NoteEntry>,
    groups: Vec<GroupEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateEntry {
    #[serde(with = "fields::address")]
    address: Address,
    #[serde(with = "fields::state")]
    state: State,
    changed_at: Timestamp,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteEntry {
    #[serde(with = "fields::topic")]
    topic: String,
    text: String,
    changed_at: Timestamp,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupEntry {
    id: GroupKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device: Option<String>,
    at: Timestamp,
    reverts: Option<GroupKey>,
    changes: Vec<ChangeEntry>,
}

/// Sorts groups as format 2 lists them: by time, an undo after what it
/// undid in the same millisecond, then by id, the same on every device.
/// An undo never sorts before the group it reverts, even when its clock
/// was behind that group's: an import takes the reverted group first.
fn sort_as_listed(groups: &mut [GroupEntry]) {
    let times: std::collections::HashMap<GroupKey, Timestamp> = groups
        .iter()
        .map(|group| (group.id.clone(), group.at))
        .collect();
    groups.sort_by_cached_key(|group| {
        let at = match &group.reverts {
            Some(target) => times
                .get(target)
                .map_or(group.at, |&then| then.max(group.at)),
            None => group.at,
        };
        (at, group.reverts.is_some(), group.id.to_string())
    });
}

/// How a group is named in a backup: a number in format 1, its UUID in
/// format 2.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
enum GroupKey {
    Number(i64),
    Uid(String),
}

impl<'de> Deserialize<'de> for GroupKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(uid) => Ok(GroupKey::Uid(uid)),
            serde_json::Value::Number(number) => number
                .as_i64()
                .map(GroupKey::Number)
                .ok_or_else(|| D::Error::custom("a group id must be a whole number or a UUID")),
            _ => Err(D::Error::custom(
                "a group id must be a whole number or a UUID",
            )),
        }
    }
}

impl std::fmt::Display for GroupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GroupKey::Number(number) => write!(f, "{number}"),
            GroupKey::Uid(uid) => f.write_str(&one_line(uid)),
        }
    }
}

/// One change as backups and sync lines spell it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub(crate) enum ChangeEntry {
    State {
        #[serde(with = "fields::address")]
        address: Address,
        #[serde(with = "fields::state")]
        old: State,
        #[serde(with = "fields::state")]
        new: State,
    },
    Note {
        #[serde(with = "fields::topic")]
        topic: String,
        old: Option<String>,
        new: Option<String>,
    },
    Review {
        #[serde(with = "fields::topic")]
        topic: String,
        #[serde(with = "fields::mark")]
        old: Option<ReviewMark>,
        #[serde(with = "fields::mark")]
        new: Option<ReviewMark>,
    },
}

/// Only the format field, read first so a backup from a newer trek is
/// named as such instead of failing on fields this trek does not know.
#[derive(Deserialize)]
struct Probe {
    format: Option<serde_json::Value>,
}

/// Why a file is not a backup this trek can restore; its message names the
/// file and, where there is one, the line and column at fault.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct BackupError(String);

impl Backup {
    /// The backup of `snapshot`, made at `now`: format 2 when the
    /// snapshot has its device and group identities, else format 1.
    pub fn new(roadmap: &str, snapshot: &Snapshot, now: Timestamp) -> Self {
        let mut backup = Backup::numbered(roadmap, snapshot, now);
        let origins: Option<Vec<&Origin>> = snapshot
            .groups
            .iter()
            .map(|group| group.origin.as_ref())
            .collect();
        let (Some(device), Some(origins)) = (&snapshot.device, origins) else {
            return backup;
        };
        let uids: std::collections::HashMap<i64, &str> = snapshot
            .groups
            .iter()
            .zip(&origins)
            .map(|(group, origin)| (group.id, origin.uid.as_str()))
            .collect();
        for (entry, origin) in backup.groups.iter_mut().zip(origins) {
            entry.id = GroupKey::Uid(origin.uid.clone());
            entry.device = Some(origin.device.clone());
            entry.reverts = match entry.reverts {
                Some(GroupKey::Number(id)) => {
                    uids.get(&id).map(|uid| GroupKey::Uid((*uid).to_owned()))
                }
                _ => None,
            };
        }
        sort_as_listed(&mut backup.groups);
        backup.format = BACKUP_FORMAT;
        backup.device = Some(device.clone());
        backup
    }

    /// Format 1: groups by their number in the database.
    fn numbered(roadmap: &str, snapshot: &Snapshot, now: Timestamp) -> Self {
        Backup {
            format: FORMAT_NUMBERED,
            device: None,
            roadmap: roadmap.to_owned(),
            exported_at: now,
            states: snapshot
                .states
                .iter()
                .map(|(address, record)| StateEntry {
                    address: address.clone(),
                    state: record.state,
                    changed_at: record.changed_at,
                })
                .collect(),
            notes: snapshot
                .notes
                .iter()
                .map(|(topic, note)| NoteEntry {
                    topic: topic.clone(),
                    text: note.text.clone(),
                    changed_at: note.changed_at,
                })
                .collect(),
            groups: snapshot
                .groups
                .iter()
                .map(|group| GroupEntry {
                    id: GroupKey::Number(group.id),
                    device: None,
                    at: group.at,
                    reverts: group.reverts.map(GroupKey::Number),
                    changes: group.changes.iter().map(ChangeEntry::from).collect(),
                })
                .collect(),
        }
    }

    /// Pretty JSON, with characters a terminal would act on escaped.
    pub fn to_json(&self) -> String {
        json_terminal_safe(serde_json::to_string_pretty(self).unwrap_or_default()) + "\n"
    }

    /// Reads and fully validates the backup `name` of roadmap `roadmap`,
    /// refusing times after `now` (with [`CLOCK_SLACK`]).
    pub fn parse(
        name: &str,
        bytes: &[u8],
        roadmap: &str,
        now: Timestamp,
    ) -> Result<Snapshot, BackupError> {
        let fail = |message: &str| BackupError(format!("{name}: {message}"));
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if looks_like_markdown(bytes) {
            return Err(fail(
                "this looks like a Markdown export; import reads JSON backups \
                 made by `trek export --format json`",
            ));
        }
        let probe: Probe = serde_json::from_slice(bytes)
            .map_err(|error| located(name, "not valid JSON: ", &error))?;
        check_format(probe.format).map_err(|message| fail(&message))?;
        let backup: Backup = serde_json::from_slice(bytes)
            .map_err(|error| located(name, "not a trek backup: ", &error))?;
        if backup.roadmap != roadmap {
            return Err(fail(&format!(
                "a backup of roadmap `{}`, but the current roadmap is `{roadmap}`; \
                 pass --roadmap to restore it into that roadmap",
                one_line(&backup.roadmap)
            )));
        }
        let latest = now.saturating_add(CLOCK_SLACK).unwrap_or(now);
        rules::check(&backup, latest).map_err(|message| fail(&message))?;
        Ok(backup.into_snapshot())
    }

    fn into_snapshot(mut self) -> Snapshot {
        // Format 2 names groups by UUID; in the snapshot they are numbered
        // in the order format 2 lists them, and keep their UUID as their
        // origin.
        if self.format == BACKUP_FORMAT {
            sort_as_listed(&mut self.groups);
        }
        let numbers: std::collections::HashMap<GroupKey, i64> = self
            .groups
            .iter()
            .zip(1..)
            .map(|(group, number)| (group.id.clone(), number))
            .collect();
        let number = |key: &GroupKey| match key {
            GroupKey::Number(number) => Some(*number),
            GroupKey::Uid(_) => numbers.get(key).copied(),
        };
        Snapshot {
            device: self.device,
            states: self
                .states
                .into_iter()
                .map(|entry| {
                    let record = StateRecord {
                        state: entry.state,
                        changed_at: entry.changed_at,
                    };
                    (entry.address, record)
                })
                .collect(),
            notes: self
                .notes
                .into_iter()
                .map(|entry| {
                    let note = Note {
                        text: entry.text,
                        changed_at: entry.changed_at,
                    };
                    (entry.topic, note)
                })
                .collect(),
            groups: self
                .groups
                .into_iter()
                .map(|group| Group {
                    id: number(&group.id).unwrap_or_default(),
                    at: group.at,
                    reverts: group.reverts.as_ref().and_then(number),
                    origin: match (&group.id, group.device) {
                        (GroupKey::Uid(uid), Some(device)) => Some(Origin {
                            uid: uid.clone(),
                            device,
                        }),
                        _ => None,
                    },
                    changes: group.changes.into_iter().map(Change::from).collect(),
                })
                .collect(),
        }
    }
}

/// A Markdown export starts with a heading or a task list, never with `{`.
fn looks_like_markdown(bytes: &[u8]) -> bool {
    let text = bytes.trim_ascii_start();
    text.starts_with(b"#") || text.starts_with(b"- [")
}

fn check_format(format: Option<serde_json::Value>) -> Result<(), String> {
    let Some(format) = format else {
        return Err("not a trek backup: it has no \"format\" field".into());
    };
    match format.as_u64() {
        Some(FORMAT_NUMBERED | BACKUP_FORMAT) => Ok(()),
        Some(newer) if newer > BACKUP_FORMAT => Err(format!(
            "backup format {newer} comes from a newer trek (this one reads formats \
             {FORMAT_NUMBERED} and {BACKUP_FORMAT}); update trek to import it"
        )),
        Some(other) => Err(format!(
            "backup format {other} was never written by trek (this one reads formats \
             {FORMAT_NUMBERED} and {BACKUP_FORMAT})"
        )),
        None => Err(format!(
            "\"format\" must be the number {FORMAT_NUMBERED} or {BACKUP_FORMAT}, not {}",
            one_line(&format.to_string())
        )),
    }
}

/// A serde error as `NAME:LINE:COLUMN: what`, on one line.
fn located(name: &str, what: &str, error: &serde_json::Error) -> BackupError {
    let message = error.to_string();
    let (line, column) = (error.line(), error.column());
    let suffix = format!(" at line {line} column {column}");
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    let at = if line == 0 {
        String::new()
    } else {
        format!("{line}:{column}:")
    };
    BackupError(format!("{name}:{at} {what}{}", one_line(message)))
}

impl From<&Change> for ChangeEntry {
    fn from(change: &Change) -> Self {
        match change {
            Change::State { address, old, new } => ChangeEntry::State {
                address: address.clone(),
                old: *old,
                new: *new,
            },
            Change::Note { topic, old, new } => ChangeEntry::Note {
                topic: topic.clone(),
                old: old.clone(),
                new: new.clone(),
            },
            Change::Review { topic, old, new } => ChangeEntry::Review {
                topic: topic.clone(),
                old: *old,
                new: *new,
            },
        }
    }
}

impl From<ChangeEntry> for Change {
    fn from(entry: ChangeEntry) -> Self {
        match entry {
            ChangeEntry::State { address, old, new } => Change::State { address, old, new },
            ChangeEntry::Note { topic, old, new } => Change::Note { topic, old, new },
            ChangeEntry::Review { topic, old, new } => Change::Review { topic, old, new },
        }
    }
}

#[cfg(test)]
mod tests;
