//! Which group is which on every device: each group's UUIDv7 and the
//! device that made it, and this database's own device id.
//!
//! The schema's trigger gives every group written here both; a group that
//! arrives from elsewhere (a backup, another device's sync file) keeps the
//! identity it came with, so the same group is never recorded twice.

use std::collections::HashMap;
use std::path::Path;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::model::Change;
use super::write::record_events;
use super::{Store, StoreError};

/// A group's identity, the same on every device that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    /// The group's UUIDv7.
    pub uid: String,
    /// The id of the device that made it.
    pub device: String,
}

/// Whether `text` is a UUID as trek writes them: 8-4-4-4-12 lowercase hex.
pub fn is_uid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_digit() || (b'a'..=b'f').contains(byte),
        })
}

impl Store {
    /// This database's device id; `None` for a database whose schema
    /// predates device ids and that was opened for reading only.
    pub fn device(&self) -> Result<Option<String>, StoreError> {
        let read = || -> rusqlite::Result<Option<String>> {
            self.connection
                .query_row("SELECT id FROM device", [], |row| row.get(0))
                .optional()
        };
        match read() {
            Err(error) if no_such_table(&error) => Ok(None),
            result => result.map_err(|error| self.error(error)),
        }
    }

    /// The device id a sync sends as. A database that is no longer where
    /// its id was given (a copy on another machine or in another file, or
    /// one moved) takes a new id first, so that two copies never append to
    /// one device file; `renewed` says so. `None` for a schema that
    /// predates device ids.
    pub fn claim_device(&mut self) -> Result<Option<Claimed>, StoreError> {
        let Some((id, recorded)) = self.device_home()? else {
            return Ok(None);
        };
        let Some(here) = home_of(&self.path) else {
            return Ok(Some(Claimed { id, renewed: false }));
        };
        if recorded.as_deref() == Some(here.as_str()) {
            return Ok(Some(Claimed { id, renewed: false }));
        }
        let renew = recorded.is_some();
        let id = self.write(|transaction| {
            if renew {
                transaction.execute(NEW_DEVICE_ID, [])?;
            }
            transaction.execute("UPDATE device SET home = ?1", params![here])?;
            transaction.query_row("SELECT id FROM device", [], |row| row.get(0))
        })?;
        Ok(Some(Claimed { id, renewed: renew }))
    }

    /// Notes where the device id was given, when nothing says so yet: on a
    /// new or upgraded database, before a copy of it can be made.
    pub(super) fn settle_device_home(&mut self) -> Result<(), StoreError> {
        if let Some((_, None)) = self.device_home()? {
            self.claim_device()?;
        }
        Ok(())
    }

    fn device_home(&self) -> Result<Option<(String, Option<String>)>, StoreError> {
        let read = || -> rusqlite::Result<Option<(String, Option<String>)>> {
            self.connection
                .query_row("SELECT id, home FROM device", [], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()
        };
        match read() {
            Err(error) if no_such_table(&error) => Ok(None),
            result => result.map_err(|error| self.error(error)),
        }
    }

    /// Each group's identity by its id here; empty for a schema that
    /// predates identities, read without migrating.
    pub(super) fn origins(&self, roadmap: &str) -> Result<HashMap<i64, Origin>, StoreError> {
        let read = || -> rusqlite::Result<HashMap<i64, Origin>> {
            let mut statement = self.connection.prepare(
                "SELECT id, uid, device FROM groups
                 WHERE roadmap = ?1 AND uid IS NOT NULL AND device IS NOT NULL",
            )?;
            let rows = statement.query_map(params![roadmap], |row| {
                let origin = Origin {
                    uid: row.get(1)?,
                    device: row.get(2)?,
                };
                Ok((row.get(0)?, origin))
            })?;
            rows.collect()
        };
        match read() {
            Err(error) if no_such_table(&error) => Ok(HashMap::new()),
            result => result.map_err(|error| self.error(error)),
        }
    }
}

/// The device id a sync sends as, and whether it was just made new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub id: String,
    pub renewed: bool,
}

/// A new random device id, as the schema makes the first one.
const NEW_DEVICE_ID: &str = "UPDATE device SET id = lower(printf('%08x-%04x-4%03x-%04x-%012x',
    random() & 0xFFFFFFFF, random() & 0xFFFF, random() & 0xFFF,
    0x8000 | (random() & 0x3FFF), random() & 0xFFFFFFFFFFFF))";

/// Where the database at `path` is: the machine (its systemd machine id,
/// where there is one) and the file's device and inode, which a copy never
/// shares with its original. `None` where the file cannot be looked at.
fn home_of(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    let machine = std::fs::read_to_string("/etc/machine-id").unwrap_or_default();
    Some(format!(
        "{}:{}:{}",
        machine.trim(),
        metadata.dev(),
        metadata.ino()
    ))
}

/// The id here of the group with identity `uid`, if it is recorded.
pub(super) fn group_with_uid(
    transaction: &Transaction,
    uid: &str,
) -> rusqlite::Result<Option<i64>> {
    transaction
        .prepare_cached("SELECT id FROM groups WHERE uid = ?1")?
        .query_row(params![uid], |row| row.get(0))
        .optional()
}

/// Appends `changes` as one group with the identity it came with (or, for
/// `None`, a new one made here); returns its id, or `None` for no changes.
pub(super) fn record_with_origin(
    transaction: &Transaction,
    roadmap: &str,
    at: Timestamp,
    reverts: Option<i64>,
    origin: Option<&Origin>,
    changes: &[Change],
) -> rusqlite::Result<Option<i64>> {
    let Some(origin) = origin else {
        return super::write::record(transaction, roadmap, at, reverts, changes);
    };
    if changes.is_empty() {
        return Ok(None);
    }
    transaction
        .prepare_cached(
            "INSERT INTO groups (roadmap, at, reverts, uid, device) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            roadmap,
            at.as_millisecond(),
            reverts,
            origin.uid,
            origin.device
        ])?;
    let group = transaction.last_insert_rowid();
    record_events(transaction, group, changes)?;
    Ok(Some(group))
}

/// A read of a column or table a schema not yet migrated lacks.
fn no_such_table(error: &rusqlite::Error) -> bool {
    let text = error.to_string();
    text.contains("no such column") || text.contains("no such table")
}
