//! The JSON backup (`trek export --format json`, `trek import`).
//!
//! Format 1, one object:
//! `{"format": 1, "roadmap": ID, "exported_at": RFC 3339,
//!   "states": [{"address", "state", "changed_at"}],
//!   "notes": [{"topic", "text", "changed_at"}],
//!   "groups": [{"id", "at", "reverts", "changes": [{"kind": "state", "address", "old", "new"}
//!                                               | {"kind": "note", "topic", "old", "new"}]}]}`.
//! Timestamps keep millisecond precision so a restore is exact. Unknown
//! fields are rejected, so a damaged backup is caught before anything is
//! written.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use std::collections::{HashMap, HashSet};

use crate::roadmap::{Address, is_id};
use crate::store::{Change, Group, Note, Snapshot, State, StateRecord};
use crate::text::json_terminal_safe;

/// The backup format this trek writes and reads.
pub const BACKUP_FORMAT: u64 = 1;

/// A backup as it appears in the file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    format: u64,
    roadmap: String,
    exported_at: String,
    states: Vec<StateEntry>,
    notes: Vec<NoteEntry>,
    groups: Vec<GroupEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateEntry {
    address: String,
    state: String,
    changed_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteEntry {
    topic: String,
    text: String,
    changed_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupEntry {
    id: i64,
    at: String,
    reverts: Option<i64>,
    changes: Vec<ChangeEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
enum ChangeEntry {
    State {
        address: String,
        old: String,
        new: String,
    },
    Note {
        topic: String,
        old: Option<String>,
        new: Option<String>,
    },
}

/// Why a file is not a backup this trek can restore.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct BackupError(String);

impl Backup {
    /// The backup of `snapshot`, made at `now`.
    pub fn new(roadmap: &str, snapshot: &Snapshot, now: Timestamp) -> Self {
        Backup {
            format: BACKUP_FORMAT,
            roadmap: roadmap.to_owned(),
            exported_at: now.to_string(),
            states: snapshot
                .states
                .iter()
                .map(|(address, record)| StateEntry {
                    address: address.to_string(),
                    state: record.state.to_string(),
                    changed_at: record.changed_at.to_string(),
                })
                .collect(),
            notes: snapshot
                .notes
                .iter()
                .map(|(topic, note)| NoteEntry {
                    topic: topic.clone(),
                    text: note.text.clone(),
                    changed_at: note.changed_at.to_string(),
                })
                .collect(),
            groups: snapshot
                .groups
                .iter()
                .map(|group| GroupEntry {
                    id: group.id,
                    at: group.at.to_string(),
                    reverts: group.reverts,
                    changes: group.changes.iter().map(change_entry).collect(),
                })
                .collect(),
        }
    }

    /// Pretty JSON, with characters a terminal would act on escaped.
    pub fn to_json(&self) -> String {
        json_terminal_safe(serde_json::to_string_pretty(self).unwrap_or_default()) + "\n"
    }

    /// Reads and fully validates a backup of roadmap `roadmap`.
    pub fn parse(bytes: &[u8], roadmap: &str) -> Result<Snapshot, BackupError> {
        let fail = |message: String| BackupError(message);
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|error| fail(format!("not valid JSON: {error}")))?;
        match value.get("format").map(serde_json::Value::as_u64) {
            None => return Err(fail("not a trek backup: it has no \"format\" field".into())),
            Some(Some(BACKUP_FORMAT)) => {}
            Some(other) => {
                let shown = other.map_or_else(|| value["format"].to_string(), |n| n.to_string());
                return Err(fail(format!(
                    "backup format {shown} is not known to this trek (it reads format {BACKUP_FORMAT})"
                )));
            }
        }
        let backup: Backup = serde_json::from_value(value)
            .map_err(|error| fail(format!("not a trek backup: {error}")))?;
        if backup.roadmap != roadmap {
            return Err(fail(format!(
                "a backup of roadmap `{}`, but the current roadmap is `{roadmap}`; \
                 pass --roadmap to restore it into that roadmap",
                crate::text::one_line(&backup.roadmap)
            )));
        }
        backup.into_snapshot().map_err(fail)
    }

    fn into_snapshot(self) -> Result<Snapshot, String> {
        let states: Vec<(Address, StateRecord)> = self
            .states
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                let at = |what| format!("state #{}: {what}", index + 1);
                Ok((
                    address(&entry.address).map_err(at)?,
                    StateRecord {
                        state: state(&entry.state).map_err(at)?,
                        changed_at: timestamp(&entry.changed_at).map_err(at)?,
                    },
                ))
            })
            .collect::<Result<_, String>>()?;
        let notes: Vec<(String, Note)> = self
            .notes
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                let at = |what| format!("note #{}: {what}", index + 1);
                let changed_at = timestamp(&entry.changed_at).map_err(at)?;
                Ok((
                    topic(entry.topic).map_err(at)?,
                    Note {
                        text: entry.text,
                        changed_at,
                    },
                ))
            })
            .collect::<Result<_, String>>()?;
        let groups = self
            .groups
            .into_iter()
            .map(|group| {
                let at = |what| format!("group {}: {what}", group.id);
                Ok(Group {
                    id: group.id,
                    at: timestamp(&group.at).map_err(at)?,
                    reverts: group.reverts,
                    changes: group
                        .changes
                        .into_iter()
                        .map(change)
                        .collect::<Result<_, _>>()
                        .map_err(at)?,
                })
            })
            .collect::<Result<Vec<Group>, String>>()?;
        let addresses: Vec<String> = states.iter().map(|(a, _)| a.to_string()).collect();
        unique(addresses.iter().map(String::as_str), "address")?;
        unique(notes.iter().map(|(topic, _)| topic.as_str()), "note on")?;
        check_history(&groups)?;
        Ok(Snapshot {
            states,
            notes,
            groups,
        })
    }
}

fn change_entry(change: &Change) -> ChangeEntry {
    match change {
        Change::State { address, old, new } => ChangeEntry::State {
            address: address.to_string(),
            old: old.to_string(),
            new: new.to_string(),
        },
        Change::Note { topic, old, new } => ChangeEntry::Note {
            topic: topic.clone(),
            old: old.clone(),
            new: new.clone(),
        },
    }
}

fn change(entry: ChangeEntry) -> Result<Change, String> {
    Ok(match entry {
        ChangeEntry::State {
            address: a,
            old,
            new,
        } => Change::State {
            address: address(&a)?,
            old: state(&old)?,
            new: state(&new)?,
        },
        ChangeEntry::Note {
            topic: text,
            old,
            new,
        } => Change::Note {
            topic: topic(text)?,
            old,
            new,
        },
    })
}

fn address(text: &str) -> Result<Address, String> {
    Address::parse(text)
        .filter(|address| is_id(&address.topic) && is_id(&address.milestone))
        .ok_or_else(|| {
            format!(
                "`{}` is not a TOPIC/MILESTONE address",
                crate::text::one_line(text)
            )
        })
}

fn topic(text: String) -> Result<String, String> {
    if is_id(&text) {
        Ok(text)
    } else {
        Err(format!(
            "`{}` is not a topic id",
            crate::text::one_line(&text)
        ))
    }
}

/// Each key at most once: a backup lists every address and topic once.
fn unique<'k>(keys: impl IntoIterator<Item = &'k str>, what: &str) -> Result<(), String> {
    let mut seen = HashSet::new();
    for key in keys {
        if !seen.insert(key) {
            let key = crate::text::one_line(key);
            return Err(format!("{what} `{key}` appears twice"));
        }
    }
    Ok(())
}

/// Group ids are unique, and an undo reverts an earlier group that is no
/// undo itself and that no other undo reverts: the shape trek records.
fn check_history(groups: &[Group]) -> Result<(), String> {
    let mut earlier: HashMap<i64, bool> = HashMap::new();
    let mut reverted = HashSet::new();
    for group in groups {
        if let Some(target) = group.reverts {
            let fail = |why: &str| Err(format!("group {}: {why} (group {target})", group.id));
            match earlier.get(&target) {
                None => return fail("reverts a group that is not before it"),
                Some(true) => return fail("reverts an undo"),
                Some(false) if !reverted.insert(target) => {
                    return fail("reverts a group another undo reverts");
                }
                Some(false) => {}
            }
        }
        if earlier.insert(group.id, group.reverts.is_some()).is_some() {
            return Err(format!("group {} appears twice", group.id));
        }
    }
    Ok(())
}

fn state(text: &str) -> Result<State, String> {
    text.parse()
}

fn timestamp(text: &str) -> Result<Timestamp, String> {
    text.parse()
        .map_err(|_| format!("`{}` is not an RFC 3339 time", crate::text::one_line(text)))
}
