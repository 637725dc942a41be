//! What the database remembers about syncing, and taking in groups that
//! other devices made.
//!
//! A received group is applied by the merge rule of `import`: per address
//! and per note, the newer time wins ([`super::snapshot::newer`]). Groups
//! are taken in (time, id) order, and a note another group removed still
//! counts as changed at that time, so every device that has seen the same
//! groups ends with the same states and notes. Nothing already recorded
//! is replaced or removed: a sync only adds.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::identity::{self, Origin};
use super::model::Change;
use super::snapshot::newer;
use super::write::{put_note, put_state};
use super::{Store, StoreError, valid};

/// How the sync folder is kept in step with other devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderKind {
    /// A git clone that trek commits, pulls and pushes.
    Git,
    /// A plain folder another program (Syncthing, Dropbox) keeps in step.
    Folder,
}

/// Where this database syncs, as `trek sync init` set it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncFolder {
    pub kind: FolderKind,
    pub path: PathBuf,
    /// The git remote, for [`FolderKind::Git`].
    pub remote: Option<String>,
    /// When a sync last completed.
    pub synced: Option<Timestamp>,
}

/// One group as it travels between devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncGroup {
    pub origin: Origin,
    pub roadmap: String,
    pub at: Timestamp,
    /// The identity of the group this one undid, if it is an undo.
    pub reverts: Option<String>,
    pub changes: Vec<Change>,
}

/// How far a device file has been read: whole lines only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    pub bytes: u64,
    pub lines: u64,
}

/// What taking in groups changed, for the message to the learner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Received {
    pub groups: usize,
    pub milestones: usize,
    pub notes: usize,
}

impl Store {
    /// The sync folder, if `trek sync init` set one up.
    pub fn sync_folder(&self) -> Result<Option<SyncFolder>, StoreError> {
        let read = || -> rusqlite::Result<Option<SyncFolder>> {
            self.connection
                .query_row(
                    "SELECT kind, path, remote, synced FROM sync_folder",
                    [],
                    |row| {
                        let kind: String = row.get(0)?;
                        let path: String = row.get(1)?;
                        let synced: Option<i64> = row.get(3)?;
                        Ok(SyncFolder {
                            kind: if kind == "git" {
                                FolderKind::Git
                            } else {
                                FolderKind::Folder
                            },
                            path: PathBuf::from(path),
                            remote: row.get(2)?,
                            synced: synced.and_then(|at| Timestamp::from_millisecond(at).ok()),
                        })
                    },
                )
                .optional()
        };
        read().map_err(|error| self.error(error))
    }

    /// Makes `folder` the sync folder, forgetting how far another one was
    /// read (what is in the database stays).
    pub fn set_sync_folder(&mut self, folder: &SyncFolder) -> Result<(), StoreError> {
        let kind = match folder.kind {
            FolderKind::Git => "git",
            FolderKind::Folder => "folder",
        };
        let path = folder.path.to_string_lossy().into_owned();
        self.write(|transaction| {
            transaction.execute("DELETE FROM sync_folder", [])?;
            transaction.execute("DELETE FROM sync_known", [])?;
            transaction.execute("DELETE FROM sync_read", [])?;
            transaction.execute(
                "INSERT INTO sync_folder (only, kind, path, remote) VALUES (1, ?1, ?2, ?3)",
                params![kind, path, folder.remote],
            )?;
            Ok(())
        })
    }

    /// Notes that a sync completed at `at`.
    pub fn mark_synced(&mut self, at: Timestamp) -> Result<(), StoreError> {
        self.write(|transaction| {
            transaction.execute(
                "UPDATE sync_folder SET synced = ?1",
                params![at.as_millisecond()],
            )?;
            Ok(())
        })
    }

    /// How far each device file of the sync folder has been read.
    pub fn sync_positions(&self) -> Result<HashMap<String, Position>, StoreError> {
        let read = || -> rusqlite::Result<HashMap<String, Position>> {
            let mut statement = self
                .connection
                .prepare("SELECT file, bytes, lines FROM sync_read")?;
            let rows = statement.query_map([], |row| {
                let (bytes, lines): (i64, i64) = (row.get(1)?, row.get(2)?);
                let position = Position {
                    bytes: u64::try_from(bytes).unwrap_or(0),
                    lines: u64::try_from(lines).unwrap_or(0),
                };
                Ok((row.get(0)?, position))
            })?;
            rows.collect()
        };
        read().map_err(|error| self.error(error))
    }

    /// Every group, of any roadmap, that the sync folder does not hold
    /// yet, in (time, id) order.
    pub fn unsent(&self) -> Result<Vec<SyncGroup>, StoreError> {
        let read = || -> rusqlite::Result<Vec<SyncGroup>> {
            let mut statement = self.connection.prepare(
                // The groups first, then the events of only those: with
                // nothing to send, this is one pass over the groups.
                "WITH pending AS MATERIALIZED (
                     SELECT g.id, g.uid, g.device, g.roadmap, g.at, g.reverts FROM groups g
                     WHERE g.uid IS NOT NULL AND g.device IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = g.uid))
                 SELECT p.id, p.uid, p.device, p.roadmap, p.at, r.uid,
                        e.kind, e.address, e.old, e.new
                 FROM pending p JOIN events e ON e.grp = p.id
                 LEFT JOIN groups r ON r.id = p.reverts
                 ORDER BY p.at, p.uid, e.id",
            )?;
            let mut rows = statement.query([])?;
            let mut groups: Vec<(i64, SyncGroup)> = Vec::new();
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let Some(change) = super::read::change_from_row(row, 6) else {
                    continue;
                };
                if let Some((last, group)) = groups.last_mut()
                    && *last == id
                {
                    group.changes.push(change);
                    continue;
                }
                let roadmap: String = row.get(3)?;
                let at: i64 = row.get(4)?;
                let (Ok(at), true) = (
                    Timestamp::from_millisecond(at),
                    crate::roadmap::is_id(&roadmap),
                ) else {
                    continue;
                };
                let group = SyncGroup {
                    origin: Origin {
                        uid: row.get(1)?,
                        device: row.get(2)?,
                    },
                    roadmap,
                    at,
                    reverts: row.get(5)?,
                    changes: vec![change],
                };
                groups.push((id, group));
            }
            Ok(groups.into_iter().map(|(_, group)| group).collect())
        };
        read().map_err(|error| self.error(error))
    }

    /// How many groups wait to be sent.
    pub fn unsent_count(&self) -> Result<usize, StoreError> {
        self.connection
            .query_row(
                "SELECT count(*) FROM groups g
                 WHERE g.uid IS NOT NULL AND EXISTS (SELECT 1 FROM events e WHERE e.grp = g.id)
                   AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = g.uid)",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map(|count| usize::try_from(count).unwrap_or(0))
            .map_err(|error| self.error(error))
    }

    /// In one transaction: takes in `incoming` (groups already recorded
    /// are passed over), notes that the folder holds every group in
    /// `present`, and that each file of `positions` was read that far.
    pub fn receive(
        &mut self,
        incoming: &[SyncGroup],
        present: &[String],
        positions: &[(String, Position)],
    ) -> Result<Received, StoreError> {
        for group in incoming {
            valid::roadmap(&self.path, &group.roadmap)?;
            for change in &group.changes {
                valid::change(&self.path, change)?;
            }
        }
        let mut order: Vec<&SyncGroup> = incoming.iter().collect();
        order.sort_by(|a, b| (a.at, &a.origin.uid).cmp(&(b.at, &b.origin.uid)));
        self.write(|transaction| {
            let mut received = Received::default();
            let mut milestones = HashSet::new();
            let mut notes = HashSet::new();
            for group in order {
                if identity::group_with_uid(transaction, &group.origin.uid)?.is_some() {
                    continue;
                }
                for change in &group.changes {
                    if apply(transaction, &group.roadmap, change, group.at)? {
                        match change {
                            Change::State { address, .. } => {
                                milestones.insert((group.roadmap.as_str(), address.to_string()))
                            }
                            Change::Note { topic, .. } => {
                                notes.insert((group.roadmap.as_str(), topic.clone()))
                            }
                            // Counted by the schedule it moves, not here.
                            Change::Review { .. } => true,
                        };
                    }
                }
                let reverts = match &group.reverts {
                    Some(uid) => claim_undo(transaction, uid, group)?,
                    None => None,
                };
                let recorded = identity::record_with_origin(
                    transaction,
                    &group.roadmap,
                    group.at,
                    reverts,
                    Some(&group.origin),
                    &group.changes,
                )?;
                received.groups += usize::from(recorded.is_some());
            }
            let mut known =
                transaction.prepare_cached("INSERT OR IGNORE INTO sync_known (uid) VALUES (?1)")?;
            for uid in present {
                known.execute(params![uid])?;
            }
            let mut read = transaction.prepare_cached(
                "INSERT INTO sync_read (file, bytes, lines) VALUES (?1, ?2, ?3)
                 ON CONFLICT (file) DO UPDATE SET bytes = ?2, lines = ?3",
            )?;
            let number = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
            for (file, at) in positions {
                read.execute(params![file, number(at.bytes), number(at.lines)])?;
            }
            received.milestones = milestones.len();
            received.notes = notes.len();
            Ok(received)
        })
    }
}

/// Applies one received change where it is newer than what is recorded;
/// true when it changed something.
fn apply(
    transaction: &Transaction,
    roadmap: &str,
    change: &Change,
    at: Timestamp,
) -> rusqlite::Result<bool> {
    match change {
        Change::State { address, new, .. } => {
            let query = "SELECT changed_at FROM states WHERE roadmap = ?1 AND address = ?2";
            let key = params![roadmap, address.to_string()];
            if !newer(transaction, query, key, at)? {
                return Ok(false);
            }
            let old = super::write::current_state(transaction, roadmap, address)?;
            put_state(transaction, roadmap, address, *new, at)?;
            Ok(old != *new)
        }
        Change::Note { topic, new, .. } => {
            // A removed note has no row; the log still knows when it went.
            let query = "SELECT coalesce(
                   (SELECT changed_at FROM notes WHERE roadmap = ?1 AND topic = ?2),
                   (SELECT max(g.at) FROM events e JOIN groups g ON g.id = e.grp
                    WHERE e.address = ?2 AND e.kind = 'note' AND g.roadmap = ?1))";
            if !newer_or_none(transaction, query, roadmap, topic, at)? {
                return Ok(false);
            }
            let old = super::write::current_note(transaction, roadmap, topic)?;
            put_note(transaction, roadmap, topic, new.as_deref(), at)?;
            Ok(old != *new)
        }
        // A mark is history: recording its group is all there is to do,
        // and every device replays the same marks to the same schedule.
        Change::Review { .. } => Ok(true),
    }
}

/// [`newer`] for a query that always returns one row, NULL for nothing.
fn newer_or_none(
    transaction: &Transaction,
    query: &str,
    roadmap: &str,
    topic: &str,
    at: Timestamp,
) -> rusqlite::Result<bool> {
    let existing: Option<i64> = transaction
        .prepare_cached(query)?
        .query_row(params![roadmap, topic], |row| row.get(0))?;
    Ok(existing.is_none_or(|existing| existing < at.as_millisecond()))
}

/// The id of the group an incoming undo reverts, once it may: when two
/// devices undid the same group, the earlier undo (by time, then id)
/// holds the revert everywhere and the later one is an ordinary change.
fn claim_undo(
    transaction: &Transaction,
    reverted_uid: &str,
    undo: &SyncGroup,
) -> rusqlite::Result<Option<i64>> {
    let Some(target) = identity::group_with_uid(transaction, reverted_uid)? else {
        return Ok(None);
    };
    let holder: Option<(i64, i64, String)> = transaction
        .prepare_cached("SELECT id, at, uid FROM groups WHERE reverts = ?1")?
        .query_row(params![target], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let Some((holder, at, uid)) = holder else {
        return Ok(Some(target));
    };
    if (undo.at.as_millisecond(), undo.origin.uid.as_str()) < (at, uid.as_str()) {
        transaction.execute(
            "UPDATE groups SET reverts = NULL WHERE id = ?1",
            params![holder],
        )?;
        return Ok(Some(target));
    }
    Ok(None)
}

#[cfg(test)]
#[path = "sync_tests.rs"]
mod tests;
