//! `import --replace` as one group that undo takes back exactly.
//!
//! A replace sets the roadmap's states, notes and history aside in the
//! `replaced_*` tables under the id of the group it records, instead of
//! deleting them. That group holds the difference the learner sees (each
//! state and note that changed), so `trek log` shows it and undo finds it
//! like any other. Undoing it puts everything set aside back as it was,
//! group ids included, and drops what the backup brought: the history reads
//! as if the replace never happened.
//!
//! The replace group takes an id above every id in use, so while it stands
//! no new group (of any roadmap) can take an id that was set aside.

use std::collections::BTreeMap;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::model::{Change, State};
use super::write::{current_note, current_state};
use crate::roadmap::Address;

/// How much a replace set aside, for the message to the learner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SetAside {
    pub states: usize,
    pub notes: usize,
    pub groups: usize,
}

/// What a roadmap's states and notes were, to tell what a replace changed.
pub(super) struct Before {
    states: BTreeMap<String, State>,
    notes: BTreeMap<String, String>,
}

/// Moves the roadmap's states, notes and history into the `replaced_*`
/// tables under a new group made at `at`, leaving the roadmap empty but for
/// that group, and returns its id with what the roadmap held.
pub(super) fn set_aside(
    transaction: &Transaction,
    roadmap: &str,
    at: Timestamp,
) -> rusqlite::Result<(i64, Before, SetAside)> {
    let group: i64 =
        transaction.query_row("SELECT coalesce(max(id), 0) + 1 FROM groups", [], |row| {
            row.get(0)
        })?;
    let before = Before {
        states: pairs(
            transaction,
            "SELECT address, state FROM states WHERE roadmap = ?1",
            roadmap,
        )?
        .into_iter()
        .filter_map(|(address, state)| Some((address, state.parse().ok()?)))
        .collect(),
        notes: pairs(
            transaction,
            "SELECT topic, text FROM notes WHERE roadmap = ?1",
            roadmap,
        )?
        .into_iter()
        .collect(),
    };
    let moved = |sql: &str| transaction.execute(sql, params![group, roadmap]);
    let counts = SetAside {
        states: moved(
            "INSERT INTO replaced_states (grp, address, state, changed_at)
             SELECT ?1, address, state, changed_at FROM states WHERE roadmap = ?2",
        )?,
        notes: moved(
            "INSERT INTO replaced_notes (grp, topic, text, changed_at)
             SELECT ?1, topic, text, changed_at FROM notes WHERE roadmap = ?2",
        )?,
        groups: moved(
            "INSERT INTO replaced_groups (grp, id, at, reverts, uid, device, was_replace)
             SELECT ?1, id, at, reverts, uid, device,
                 EXISTS (SELECT 1 FROM replacements r WHERE r.grp = groups.id)
             FROM groups WHERE roadmap = ?2",
        )?,
    };
    moved(
        "INSERT INTO replaced_events (grp, id, owner, kind, address, old, new)
         SELECT ?1, e.id, e.grp, e.kind, e.address, e.old, e.new
         FROM events e JOIN groups g ON g.id = e.grp WHERE g.roadmap = ?2",
    )?;
    clear(transaction, roadmap)?;
    // Taken now, so the backup's groups get ids above it.
    transaction.execute(
        "INSERT INTO groups (id, roadmap, at, reverts) VALUES (?1, ?2, ?3, NULL)",
        params![group, roadmap, at.as_millisecond()],
    )?;
    transaction.execute("INSERT INTO replacements (grp) VALUES (?1)", params![group])?;
    Ok((group, before, counts))
}

/// Records in replace `group` every state and note it changed, once the
/// backup's records are in place.
pub(super) fn record(
    transaction: &Transaction,
    roadmap: &str,
    group: i64,
    before: &Before,
) -> rusqlite::Result<()> {
    let after_states = pairs(
        transaction,
        "SELECT address, state FROM states WHERE roadmap = ?1",
        roadmap,
    )?;
    let after_notes = pairs(
        transaction,
        "SELECT topic, text FROM notes WHERE roadmap = ?1",
        roadmap,
    )?;
    let mut addresses: Vec<&str> = before.states.keys().map(String::as_str).collect();
    addresses.extend(after_states.iter().map(|(address, _)| address.as_str()));
    addresses.sort_unstable();
    addresses.dedup();
    let mut changes = Vec::new();
    for text in addresses {
        let Some(address) = Address::parse(text) else {
            continue;
        };
        let old = before.states.get(text).copied().unwrap_or(State::Todo);
        let new = current_state(transaction, roadmap, &address)?;
        if old != new {
            changes.push(Change::State { address, old, new });
        }
    }
    let mut topics: Vec<&str> = before.notes.keys().map(String::as_str).collect();
    topics.extend(after_notes.iter().map(|(topic, _)| topic.as_str()));
    topics.sort_unstable();
    topics.dedup();
    for topic in topics {
        let old = before.notes.get(topic).cloned();
        let new = current_note(transaction, roadmap, topic)?;
        if old != new {
            changes.push(Change::Note {
                topic: topic.to_owned(),
                old,
                new,
            });
        }
    }
    super::write::record_events(transaction, group, &changes)
}

/// Whether `group` is a replace.
pub(super) fn is_replace(transaction: &Transaction, group: i64) -> rusqlite::Result<bool> {
    transaction
        .query_row(
            "SELECT 1 FROM replacements WHERE grp = ?1",
            params![group],
            |_| Ok(()),
        )
        .optional()
        .map(|found| found.is_some())
}

/// Undoes replace `group`: the roadmap's records become exactly what the
/// replace set aside.
pub(super) fn restore(
    transaction: &Transaction,
    roadmap: &str,
    group: i64,
) -> rusqlite::Result<()> {
    transaction.execute("DELETE FROM replacements WHERE grp = ?1", params![group])?;
    clear(transaction, roadmap)?;
    let restored = |sql: &str| transaction.execute(sql, params![group, roadmap]);
    restored(
        "INSERT INTO states (roadmap, address, state, changed_at)
         SELECT ?2, address, state, changed_at FROM replaced_states WHERE grp = ?1",
    )?;
    restored(
        "INSERT INTO notes (roadmap, topic, text, changed_at)
         SELECT ?2, topic, text, changed_at FROM replaced_notes WHERE grp = ?1",
    )?;
    restored(
        "INSERT INTO groups (id, roadmap, at, reverts, uid, device)
         SELECT id, ?2, at, reverts, uid, device FROM replaced_groups WHERE grp = ?1 ORDER BY id",
    )?;
    transaction.execute(
        "INSERT INTO replacements (grp)
         SELECT id FROM replaced_groups WHERE grp = ?1 AND was_replace",
        params![group],
    )?;
    // Event ids are not shown anywhere; new ones keep each group's order.
    transaction.execute(
        "INSERT INTO events (grp, kind, address, old, new)
         SELECT owner, kind, address, old, new FROM replaced_events WHERE grp = ?1 ORDER BY id",
        params![group],
    )?;
    for table in [
        "replaced_states",
        "replaced_notes",
        "replaced_groups",
        "replaced_events",
    ] {
        transaction.execute(
            &format!("DELETE FROM {table} WHERE grp = ?1"),
            params![group],
        )?;
    }
    Ok(())
}

/// The change that takes `change` back.
pub(super) fn reversed(change: Change) -> Change {
    match change {
        Change::State { address, old, new } => Change::State {
            address,
            old: new,
            new: old,
        },
        Change::Note { topic, old, new } => Change::Note {
            topic,
            old: new,
            new: old,
        },
        Change::Review { topic, old, new } => Change::Review {
            topic,
            old: new,
            new: old,
        },
    }
}

/// Deletes the roadmap's states, notes and history.
fn clear(transaction: &Transaction, roadmap: &str) -> rusqlite::Result<()> {
    transaction.execute("DELETE FROM states WHERE roadmap = ?1", params![roadmap])?;
    transaction.execute("DELETE FROM notes WHERE roadmap = ?1", params![roadmap])?;
    transaction.execute(
        "DELETE FROM events WHERE grp IN (SELECT id FROM groups WHERE roadmap = ?1)",
        params![roadmap],
    )?;
    // What marks a group as a replace goes with it (set aside, it is
    // noted in `replaced_groups`).
    transaction.execute(
        "DELETE FROM replacements WHERE grp IN (SELECT id FROM groups WHERE roadmap = ?1)",
        params![roadmap],
    )?;
    // Undo groups first: they refer to the groups they reverted.
    transaction.execute(
        "DELETE FROM groups WHERE roadmap = ?1 AND reverts IS NOT NULL",
        params![roadmap],
    )?;
    transaction.execute("DELETE FROM groups WHERE roadmap = ?1", params![roadmap])?;
    Ok(())
}

fn pairs(
    transaction: &Transaction,
    sql: &str,
    roadmap: &str,
) -> rusqlite::Result<Vec<(String, String)>> {
    let mut statement = transaction.prepare(sql)?;
    let rows = statement.query_map(params![roadmap], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}
