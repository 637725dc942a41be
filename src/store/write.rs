//! Changing progress. Each public method is one `BEGIN IMMEDIATE`
//! transaction: the state change and its events commit together or not at
//! all, and concurrent writers queue instead of failing.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::model::{Change, ReviewMark, State};
use super::replace;
use super::{Store, StoreError, edition, valid};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::roadmap::Address;

/// What an undo reverted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// When the reverted changes were made.
    pub made_at: Timestamp,
    /// The changes the undo made, each taking a value back to its old one.
    pub changes: Vec<Change>,
}

impl Store {
    /// Sets milestones' states as one group; returns only real changes
    /// (a milestone already in its target state is left alone).
    pub fn set_states(
        &mut self,
        roadmap: &str,
        targets: &[(Address, State)],
        now: Timestamp,
    ) -> Result<Vec<Change>, StoreError> {
        self.set_states_sparing(roadmap, targets, |_, _| false, now)
    }

    /// [`Store::set_states`], except that a milestone for which `spared`
    /// says yes, given its address and its state as stored at the time of
    /// the write, keeps that state. Deciding inside the write means a
    /// change another process commits meanwhile is judged, not overwritten.
    pub fn set_states_sparing(
        &mut self,
        roadmap: &str,
        targets: &[(Address, State)],
        spared: impl Fn(&Address, State) -> bool,
        now: Timestamp,
    ) -> Result<Vec<Change>, StoreError> {
        valid::roadmap(&self.path, roadmap)?;
        for (address, _) in targets {
            valid::address(&self.path, address)?;
        }
        self.write(|transaction| {
            let current = topic_states(transaction, roadmap, targets)?;
            let mut changes = Vec::new();
            let mut rows = Vec::new();
            for (address, new) in targets {
                let key = address.to_string();
                let old = current.get(&key).copied().unwrap_or(State::Todo);
                if old != *new && !spared(address, old) {
                    rows.push((key, *new));
                    changes.push(Change::State {
                        address: address.clone(),
                        old,
                        new: *new,
                    });
                }
            }
            put_states(transaction, roadmap, &rows, now)?;
            record(transaction, roadmap, now, None, &changes)?;
            Ok(changes)
        })
    }

    /// Sets (`Some`) or removes (`None`) a topic's note; `None` back when
    /// the note already was exactly that.
    pub fn set_note(
        &mut self,
        roadmap: &str,
        topic: &str,
        text: Option<&str>,
        now: Timestamp,
    ) -> Result<Option<Change>, StoreError> {
        valid::roadmap(&self.path, roadmap)?;
        valid::topic(&self.path, topic)?;
        self.write(|transaction| {
            let old = current_note(transaction, roadmap, topic)?;
            if old.as_deref() == text {
                return Ok(None);
            }
            put_note(transaction, roadmap, topic, text, now)?;
            let change = Change::Note {
                topic: topic.to_owned(),
                old,
                new: text.map(str::to_owned),
            };
            record(
                transaction,
                roadmap,
                now,
                None,
                std::slice::from_ref(&change),
            )?;
            Ok(Some(change))
        })
    }

    /// Records a review mark on `topic` as one group, with milestones to
    /// put back to todo (a failed recall reopens what was forgotten); the
    /// changes back, the mark first.
    pub fn review(
        &mut self,
        roadmap: &str,
        topic: &str,
        mark: ReviewMark,
        reopen: &[Address],
        now: Timestamp,
    ) -> Result<Vec<Change>, StoreError> {
        valid::roadmap(&self.path, roadmap)?;
        valid::topic(&self.path, topic)?;
        for address in reopen {
            valid::address(&self.path, address)?;
        }
        self.write(|transaction| {
            let mut changes = vec![Change::Review {
                topic: topic.to_owned(),
                old: None,
                new: Some(mark),
            }];
            for address in reopen {
                let old = current_state(transaction, roadmap, address)?;
                if old != State::Todo {
                    put_state(transaction, roadmap, address, State::Todo, now)?;
                    changes.push(Change::State {
                        address: address.clone(),
                        old,
                        new: State::Todo,
                    });
                }
            }
            record(transaction, roadmap, now, None, &changes)?;
            Ok(changes)
        })
    }

    /// Reverts the newest group of changes not yet undone (undos themselves
    /// are never undone, so repeating walks further back). `None` when there
    /// is nothing left to undo.
    ///
    /// Newest is by time: history merged in from a backup can be older than
    /// changes made here. A group whose changes no longer stand, such as a
    /// backup's change that lost the merge to a newer one made here, is
    /// passed over: reverting it would undo something the learner never saw.
    pub fn undo(&mut self, roadmap: &str, now: Timestamp) -> Result<Option<Undone>, StoreError> {
        valid::roadmap(&self.path, roadmap)?;
        self.write(|transaction| {
            let Some((group, made_at, group_changes)) = last_standing_group(transaction, roadmap)?
            else {
                return Ok(None);
            };
            let made_at = Timestamp::from_millisecond(made_at).unwrap_or(now);
            if replace::is_replace(transaction, group)? {
                replace::restore(transaction, roadmap, group)?;
                let changes = group_changes
                    .into_iter()
                    .rev()
                    .map(replace::reversed)
                    .collect();
                return Ok(Some(Undone { made_at, changes }));
            }
            let changes = put_back(transaction, roadmap, group_changes, now)?;
            record(transaction, roadmap, now, Some(group), &changes)?;
            Ok(Some(Undone { made_at, changes }))
        })
    }

    /// Runs `work` in one IMMEDIATE transaction, committing only on success.
    pub(super) fn write<T>(
        &mut self,
        work: impl FnOnce(&Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        if self.read_only {
            return Err(StoreError::environment(
                &self.path,
                "open read-only here, so changes cannot be saved",
            ));
        }
        let path = self.path.clone();
        let fail = |error| StoreError::sqlite(&path, error);
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let value = edition::around(&transaction, self.edition.as_ref(), work).map_err(fail)?;
        transaction.commit().map_err(fail)?;
        // The change is saved: a cache left unfilled is read as a miss.
        let _ = self.refresh_remembered();
        Ok(value)
    }
}

/// Takes `changes` back, newest first: each value becomes the one it had
/// before its change. Returns the changes this made, for the log. Undo
/// takes back a group this way, and redo takes back an undo.
pub(super) fn put_back(
    transaction: &Transaction,
    roadmap: &str,
    changes: Vec<Change>,
    now: Timestamp,
) -> rusqlite::Result<Vec<Change>> {
    let mut made = Vec::with_capacity(changes.len());
    for change in changes.into_iter().rev() {
        match change {
            Change::State { address, old, .. } => {
                let current = current_state(transaction, roadmap, &address)?;
                put_state(transaction, roadmap, &address, old, now)?;
                made.push(Change::State {
                    address,
                    old: current,
                    new: old,
                });
            }
            Change::Note { topic, old, .. } => {
                let current = current_note(transaction, roadmap, &topic)?;
                put_note(transaction, roadmap, &topic, old.as_deref(), now)?;
                made.push(Change::Note {
                    topic,
                    old: current,
                    new: old,
                });
            }
            // A mark is history, not a value to put back: taking it back
            // records it reversed, and the replay of reviews follows.
            Change::Review { topic, old, new } => made.push(Change::Review {
                topic,
                old: new,
                new: old,
            }),
        }
    }
    Ok(made)
}

pub(super) fn current_state(
    transaction: &Transaction,
    roadmap: &str,
    address: &Address,
) -> rusqlite::Result<State> {
    let state: Option<String> = transaction
        .prepare_cached("SELECT state FROM states WHERE roadmap = ?1 AND address = ?2")?
        .query_row(params![roadmap, address.to_string()], |row| row.get(0))
        .optional()?;
    Ok(state
        .and_then(|text| text.parse().ok())
        .unwrap_or(State::Todo))
}

/// The stored states of every topic that `targets` touch, by address, read
/// with one range query per topic rather than one lookup per milestone.
fn topic_states(
    transaction: &Transaction,
    roadmap: &str,
    targets: &[(Address, State)],
) -> rusqlite::Result<FxHashMap<String, State>> {
    let topics: FxHashSet<&str> = targets
        .iter()
        .map(|(address, _)| address.topic.as_str())
        .collect();
    let mut query = transaction.prepare_cached(
        "SELECT address, state FROM states WHERE roadmap = ?1 AND address >= ?2 AND address < ?3",
    )?;
    let mut states = FxHashMap::default();
    for topic in topics {
        // Every `TOPIC/...` address sorts from `TOPIC/` up to `TOPIC0`, as
        // `0` follows `/` in the byte order SQLite compares this column in.
        let rows = query.query_map(
            params![roadmap, format!("{topic}/"), format!("{topic}0")],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )?;
        for row in rows {
            let (address, state) = row?;
            if let Ok(state) = state.parse() {
                states.insert(address, state);
            }
        }
    }
    Ok(states)
}

pub(super) fn put_state(
    transaction: &Transaction,
    roadmap: &str,
    address: &Address,
    state: State,
    at: Timestamp,
) -> rusqlite::Result<()> {
    put_state_at(transaction, roadmap, &address.to_string(), state, at)
}

/// Rows written per statement by [`put_states`]: one statement per row
/// costs more in binding and stepping than the rows themselves.
const ROWS_PER_STATEMENT: usize = 200;

/// Sets many states at once, each row `(address, state)`.
fn put_states(
    transaction: &Transaction,
    roadmap: &str,
    rows: &[(String, State)],
    at: Timestamp,
) -> rusqlite::Result<()> {
    let at = at.as_millisecond();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let values = vec!["(?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "INSERT INTO states (roadmap, address, state, changed_at) VALUES {values}
             ON CONFLICT (roadmap, address)
             DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at"
        );
        let mut statement = transaction.prepare_cached(&sql)?;
        let mut parameters: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 4);
        for (address, state) in chunk {
            parameters.extend([
                &roadmap as &dyn rusqlite::ToSql,
                address,
                spelling(*state),
                &at,
            ]);
        }
        statement.execute(parameters.as_slice())?;
    }
    Ok(())
}

/// A state's spelling as a value that outlives any statement binding it.
fn spelling(state: State) -> &'static &'static str {
    match state {
        State::Todo => &"todo",
        State::Done => &"done",
        State::Skipped => &"skipped",
    }
}

/// [`put_state`] for an address already spelled out.
fn put_state_at(
    transaction: &Transaction,
    roadmap: &str,
    address: &str,
    state: State,
    at: Timestamp,
) -> rusqlite::Result<()> {
    transaction
        .prepare_cached(
            "INSERT INTO states (roadmap, address, state, changed_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (roadmap, address) DO UPDATE SET state = ?3, changed_at = ?4",
        )?
        .execute(params![
            roadmap,
            address,
            state.as_str(),
            at.as_millisecond()
        ])?;
    Ok(())
}

pub(super) fn current_note(
    transaction: &Transaction,
    roadmap: &str,
    topic: &str,
) -> rusqlite::Result<Option<String>> {
    transaction
        .prepare_cached("SELECT text FROM notes WHERE roadmap = ?1 AND topic = ?2")?
        .query_row(params![roadmap, topic], |row| row.get(0))
        .optional()
}

pub(super) fn put_note(
    transaction: &Transaction,
    roadmap: &str,
    topic: &str,
    text: Option<&str>,
    at: Timestamp,
) -> rusqlite::Result<()> {
    match text {
        Some(text) => transaction
            .prepare_cached(
                "INSERT INTO notes (roadmap, topic, text, changed_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (roadmap, topic) DO UPDATE SET text = ?3, changed_at = ?4",
            )?
            .execute(params![roadmap, topic, text, at.as_millisecond()])?,
        None => transaction
            .prepare_cached("DELETE FROM notes WHERE roadmap = ?1 AND topic = ?2")?
            .execute(params![roadmap, topic])?,
    };
    Ok(())
}

/// Appends `changes` to the event log as one group and returns its id;
/// nothing (and `None`) for no changes.
pub(super) fn record(
    transaction: &Transaction,
    roadmap: &str,
    at: Timestamp,
    reverts: Option<i64>,
    changes: &[Change],
) -> rusqlite::Result<Option<i64>> {
    if changes.is_empty() {
        return Ok(None);
    }
    transaction.execute(
        "INSERT INTO groups (roadmap, at, reverts) VALUES (?1, ?2, ?3)",
        params![roadmap, at.as_millisecond(), reverts],
    )?;
    let group = transaction.last_insert_rowid();
    record_events(transaction, group, changes)?;
    Ok(Some(group))
}

/// Appends `changes` to the event log as part of `group`.
pub(super) fn record_events(
    transaction: &Transaction,
    group: i64,
    changes: &[Change],
) -> rusqlite::Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO events (grp, kind, address, old, new) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for change in changes {
        match change {
            Change::State { address, old, new } => insert.execute(params![
                group,
                "state",
                address.to_string(),
                old.as_str(),
                new.as_str()
            ])?,
            Change::Note { topic, old, new } => {
                insert.execute(params![group, "note", topic, old, new])?
            }
            Change::Review { topic, old, new } => insert.execute(params![
                group,
                "review",
                topic,
                old.map(ReviewMark::as_str),
                new.map(ReviewMark::as_str)
            ])?,
        };
    }
    Ok(())
}

/// The newest group, by time, that is no undo, was not undone, and whose
/// changes all still stand; with its time and changes.
fn last_standing_group(
    transaction: &Transaction,
    roadmap: &str,
) -> rusqlite::Result<Option<(i64, i64, Vec<Change>)>> {
    let mut statement = transaction.prepare(
        "SELECT g.id, g.at FROM groups g INDEXED BY groups_by_time
         WHERE g.roadmap = ?1 AND g.reverts IS NULL
           AND NOT EXISTS (SELECT 1 FROM groups u WHERE u.reverts = g.id)
         ORDER BY g.at DESC, g.id DESC",
    )?;
    let mut candidates = statement.query(params![roadmap])?;
    while let Some(row) = candidates.next()? {
        let (group, at) = (row.get(0)?, row.get(1)?);
        let changes = group_changes(transaction, group)?;
        // A replace that changed no state or note still set history aside.
        let empty_replace = changes.is_empty() && replace::is_replace(transaction, group)?;
        if empty_replace || stands(transaction, roadmap, &changes)? {
            return Ok(Some((group, at, changes)));
        }
    }
    Ok(None)
}

/// Whether every change is still in effect: each state and note is what
/// the change made it. A group with no change left to read (all its rows
/// damaged) has nothing to revert and does not stand.
pub(super) fn stands(
    transaction: &Transaction,
    roadmap: &str,
    changes: &[Change],
) -> rusqlite::Result<bool> {
    if changes.is_empty() {
        return Ok(false);
    }
    for change in changes {
        let current = match change {
            Change::State { address, new, .. } => {
                current_state(transaction, roadmap, address)? == *new
            }
            Change::Note { topic, new, .. } => current_note(transaction, roadmap, topic)? == *new,
            // Nothing later can override a mark: it stands until undone.
            Change::Review { .. } => true,
        };
        if !current {
            return Ok(false);
        }
    }
    Ok(true)
}

pub(super) fn group_changes(
    transaction: &Transaction,
    group: i64,
) -> rusqlite::Result<Vec<Change>> {
    let mut statement = transaction
        .prepare("SELECT kind, address, old, new FROM events WHERE grp = ?1 ORDER BY id")?;
    let mut rows = statement.query(params![group])?;
    let mut changes = Vec::new();
    while let Some(row) = rows.next()? {
        changes.extend(super::read::change_from_row(row, 0));
    }
    Ok(changes)
}
