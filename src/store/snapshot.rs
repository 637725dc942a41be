//! A whole roadmap's records, out of and into the database, for backups.

use std::collections::HashMap;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::identity::{self, Origin};
use super::model::{Change, Note, StateRecord};
use super::replace::{self, SetAside};
use super::write::{put_note, put_state};
use super::{Store, StoreError, valid};
use crate::roadmap::Address;

/// Everything recorded for one roadmap, as plain values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub states: Vec<(Address, StateRecord)>,
    pub notes: Vec<(String, Note)>,
    /// Oldest first.
    pub groups: Vec<Group>,
    /// The device id of the database it came from, when it has one.
    pub device: Option<String>,
}

/// One command's changes, as recorded in the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The id in the database it came from; other groups' `reverts` refer to it.
    pub id: i64,
    pub at: Timestamp,
    /// The group this one undid, if it is an undo.
    pub reverts: Option<i64>,
    pub changes: Vec<Change>,
    /// Its identity across devices; `None` from a backup that has none.
    pub origin: Option<Origin>,
}

/// How an import treats progress already in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Per address and per note, the newer timestamp wins; history is added.
    Merge,
    /// This roadmap's progress is replaced by the backup's.
    Replace,
}

/// What an import changed, for the message to the learner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub states: usize,
    pub notes: usize,
    pub groups: usize,
    /// What a replace set aside (and undo brings back); `None` for a merge.
    pub replaced: Option<SetAside>,
}

impl Store {
    /// Every state, note and event group recorded for `roadmap`.
    pub fn snapshot(&self, roadmap: &str) -> Result<Snapshot, StoreError> {
        let progress = self.load(roadmap)?;
        let mut states: Vec<_> = progress.states.into_iter().collect();
        states.sort_by(|a, b| a.0.cmp(&b.0));
        let mut notes: Vec<_> = progress.notes.into_iter().collect();
        notes.sort_by(|a, b| a.0.cmp(&b.0));
        let reverts = self.reverted_groups(roadmap)?;
        let mut origins = self.origins(roadmap)?;
        let mut groups: Vec<Group> = Vec::new();
        for event in self.events(roadmap)? {
            match groups.last_mut() {
                Some(group) if group.id == event.group => group.changes.push(event.change),
                _ => groups.push(Group {
                    id: event.group,
                    at: event.at,
                    reverts: reverts.get(&event.group).copied(),
                    changes: vec![event.change],
                    origin: origins.remove(&event.group),
                }),
            }
        }
        // A group left out for damage leaves its undo undoing nothing
        // the backup holds; the undo stays, as an ordinary change.
        let ids: std::collections::HashSet<i64> = groups.iter().map(|group| group.id).collect();
        for group in &mut groups {
            group.reverts = group.reverts.filter(|reverted| ids.contains(reverted));
        }
        Ok(Snapshot {
            states,
            notes,
            groups,
            device: self.device()?,
        })
    }

    /// Writes a snapshot in one transaction: all of it or none of it, and
    /// none of it when any address or topic in it is malformed. A replace
    /// is recorded as one group made at `now`, which undo reverts.
    pub fn import(
        &mut self,
        roadmap: &str,
        snapshot: &Snapshot,
        mode: ImportMode,
        now: Timestamp,
    ) -> Result<Imported, StoreError> {
        valid::roadmap(&self.path, roadmap)?;
        for (address, _) in &snapshot.states {
            valid::address(&self.path, address)?;
        }
        for (topic, _) in &snapshot.notes {
            valid::topic(&self.path, topic)?;
        }
        for change in snapshot.groups.iter().flat_map(|group| &group.changes) {
            valid::change(&self.path, change)?;
        }
        self.write(|transaction| {
            let mut imported = Imported::default();
            let replace = match mode {
                ImportMode::Replace => Some(replace::set_aside(transaction, roadmap, now)?),
                ImportMode::Merge => None,
            };
            for (address, record) in &snapshot.states {
                let query = "SELECT changed_at FROM states WHERE roadmap = ?1 AND address = ?2";
                let key = params![roadmap, address.to_string()];
                if newer(transaction, query, key, record.changed_at)? {
                    put_state(
                        transaction,
                        roadmap,
                        address,
                        record.state,
                        record.changed_at,
                    )?;
                    imported.states += 1;
                }
            }
            for (topic, note) in &snapshot.notes {
                let query = "SELECT changed_at FROM notes WHERE roadmap = ?1 AND topic = ?2";
                if newer(transaction, query, params![roadmap, topic], note.changed_at)? {
                    put_note(
                        transaction,
                        roadmap,
                        topic,
                        Some(&note.text),
                        note.changed_at,
                    )?;
                    imported.notes += 1;
                }
            }
            imported.groups = add_history(transaction, roadmap, &snapshot.groups)?;
            if let Some((group, before, set_aside)) = replace {
                replace::record(transaction, roadmap, group, &before)?;
                imported.replaced = Some(set_aside);
            }
            Ok(imported)
        })
    }

    /// Maps each undo group's id to the group it reverted.
    fn reverted_groups(&self, roadmap: &str) -> Result<HashMap<i64, i64>, StoreError> {
        let read = || -> rusqlite::Result<HashMap<i64, i64>> {
            let mut statement = self.connection.prepare(
                "SELECT id, reverts FROM groups WHERE roadmap = ?1 AND reverts IS NOT NULL",
            )?;
            let rows =
                statement.query_map(params![roadmap], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect()
        };
        read().map_err(|error| self.error(error))
    }
}

/// True when `at` is newer than the `changed_at` the query finds for the
/// key, or when there is none: the "newer wins" rule of a merge.
pub(super) fn newer(
    transaction: &Transaction,
    query: &str,
    key: impl rusqlite::Params,
    at: Timestamp,
) -> rusqlite::Result<bool> {
    let existing: Option<i64> = transaction
        .prepare_cached(query)?
        .query_row(key, |row| row.get(0))
        .optional()?;
    Ok(existing.is_none_or(|existing| existing < at.as_millisecond()))
}

/// Appends the backup's history, skipping groups already recorded (same
/// time and same changes), so importing one backup twice adds nothing.
/// Returns how many groups were added.
fn add_history(
    transaction: &Transaction,
    roadmap: &str,
    groups: &[Group],
) -> rusqlite::Result<usize> {
    let existing = existing_groups(transaction, roadmap)?;
    let mut new_ids: HashMap<i64, i64> = HashMap::new();
    let mut added = 0;
    for group in groups {
        let known = match &group.origin {
            Some(origin) => identity::group_with_uid(transaction, &origin.uid)?,
            None => None,
        };
        if let Some(id) = known
            .as_ref()
            .or_else(|| existing.get(&(group.at.as_millisecond(), group.changes.clone())))
        {
            new_ids.insert(group.id, *id);
            continue;
        }
        let reverts = group.reverts.and_then(|old| new_ids.get(&old).copied());
        let origin = group.origin.as_ref();
        if let Some(id) = identity::record_with_origin(
            transaction,
            roadmap,
            group.at,
            reverts,
            origin,
            &group.changes,
        )? {
            new_ids.insert(group.id, id);
            added += 1;
        }
    }
    Ok(added)
}

fn existing_groups(
    transaction: &Transaction,
    roadmap: &str,
) -> rusqlite::Result<HashMap<(i64, Vec<Change>), i64>> {
    let mut statement = transaction.prepare(
        "SELECT g.id, g.at, e.kind, e.address, e.old, e.new
         FROM groups g JOIN events e ON e.grp = g.id
         WHERE g.roadmap = ?1 ORDER BY g.id, e.id",
    )?;
    let mut rows = statement.query(params![roadmap])?;
    let mut groups: Vec<(i64, i64, Vec<Change>)> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let Some(change) = super::read::change_from_row(row, 2) else {
            continue;
        };
        match groups.last_mut() {
            Some((last, _, changes)) if *last == id => changes.push(change),
            _ => groups.push((id, row.get(1)?, vec![change])),
        }
    }
    let mut keys = HashMap::new();
    for (id, at, changes) in groups {
        keys.entry((at, changes)).or_insert(id);
    }
    Ok(keys)
}
