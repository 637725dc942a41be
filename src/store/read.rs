//! Reading progress and history. Nothing here writes.

use jiff::Timestamp;
use rusqlite::types::Type;
use rusqlite::{Row, params};

use super::model::{Activity, Change, Event, Note, Progress, State, StateRecord};
use super::{Store, StoreError};
use crate::roadmap::Address;

/// Events in the order they were recorded. CROSS JOIN keeps SQLite scanning
/// `events` by id, so `ORDER BY e.id` needs no sort.
const EVENTS: &str = "SELECT e.id, e.grp, g.at, g.reverts IS NOT NULL, u.id IS NOT NULL,
        e.kind, e.address, e.old, e.new
    FROM events e CROSS JOIN groups g ON g.id = e.grp
    LEFT JOIN groups u ON u.reverts = g.id
    WHERE g.roadmap = ?1";

/// Events newest first by time, which after a merge import differs from
/// the order of ids. Walking `groups_by_time` backwards, `LIMIT n` stops
/// after n rows.
const HISTORY: &str = "SELECT e.id, e.grp, g.at, g.reverts IS NOT NULL, u.id IS NOT NULL,
        e.kind, e.address, e.old, e.new
    FROM groups g CROSS JOIN events e ON e.grp = g.id
    LEFT JOIN groups u ON u.reverts = g.id
    WHERE g.roadmap = ?1
    ORDER BY g.at DESC, g.id DESC, e.id DESC
    LIMIT ?2";

/// When each tick that still stands was made, oldest first: events that set
/// a milestone to done, in a group that is no undo and was not undone.
const STANDING_TICKS: &str = "SELECT g.at
    FROM events e CROSS JOIN groups g ON g.id = e.grp
    WHERE g.roadmap = ?1 AND g.reverts IS NULL
        AND e.kind = 'state' AND e.new = 'done'
        AND NOT EXISTS (SELECT 1 FROM groups u WHERE u.reverts = g.id)
    ORDER BY e.id";

impl Store {
    /// Everything recorded for one roadmap.
    pub fn load(&self, roadmap: &str) -> Result<Progress, StoreError> {
        self.load_inner(roadmap).map_err(|error| self.error(error))
    }

    /// The newest `limit` events, newest first.
    pub fn history(&self, roadmap: &str, limit: usize) -> Result<Vec<Event>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let read = || -> rusqlite::Result<Vec<Event>> {
            let mut statement = self.connection.prepare(HISTORY)?;
            let rows = statement.query_map(params![roadmap, limit], event_from_row)?;
            rows.collect()
        };
        read().map_err(|error| self.error(error))
    }

    /// A number that changes whenever another connection commits, so a
    /// long-running view can notice changes made by other trek processes.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.connection
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|error| self.error(error))
    }

    fn load_inner(&self, roadmap: &str) -> rusqlite::Result<Progress> {
        let mut progress = Progress::default();

        let mut statement = self
            .connection
            .prepare_cached("SELECT address, state, changed_at FROM states WHERE roadmap = ?1")?;
        let mut rows = statement.query(params![roadmap])?;
        while let Some(row) = rows.next()? {
            let address = address_at(row, 0)?;
            let record = StateRecord {
                state: state_at(row, 1)?,
                changed_at: timestamp_at(row, 2)?,
            };
            progress.states.insert(address, record);
        }

        let mut statement = self
            .connection
            .prepare_cached("SELECT topic, text, changed_at FROM notes WHERE roadmap = ?1")?;
        let notes = statement.query_map(params![roadmap], |row| {
            Ok((
                row.get::<_, String>(0)?,
                Note {
                    text: row.get(1)?,
                    changed_at: timestamp_at(row, 2)?,
                },
            ))
        })?;
        progress.notes = notes.collect::<rusqlite::Result<_>>()?;

        progress.activity = self.activity(roadmap)?;
        Ok(progress)
    }

    /// The log distilled to timestamps. Only what summaries need leaves
    /// SQLite: a long history costs one integer per tick, not one event.
    fn activity(&self, roadmap: &str) -> rusqlite::Result<Activity> {
        let (first, last) = self
            .connection
            .prepare_cached("SELECT min(at), max(at) FROM groups WHERE roadmap = ?1")?
            .query_row(params![roadmap], |row| {
                Ok((
                    optional_timestamp_at(row, 0)?,
                    optional_timestamp_at(row, 1)?,
                ))
            })?;
        let mut statement = self.connection.prepare_cached(STANDING_TICKS)?;
        let ticks = statement.query_map(params![roadmap], |row| timestamp_at(row, 0))?;
        Ok(Activity {
            first,
            last,
            ticks: ticks.collect::<rusqlite::Result<_>>()?,
        })
    }

    /// Every event, oldest first, for backups.
    pub(super) fn events(&self, roadmap: &str) -> Result<Vec<Event>, StoreError> {
        let read = || -> rusqlite::Result<Vec<Event>> {
            let mut statement = self
                .connection
                .prepare_cached(&format!("{EVENTS} ORDER BY e.id"))?;
            let events = statement.query_map(params![roadmap], event_from_row)?;
            events.collect()
        };
        read().map_err(|error| self.error(error))
    }
}

fn event_from_row(row: &Row) -> rusqlite::Result<Event> {
    Ok(Event {
        id: row.get(0)?,
        group: row.get(1)?,
        at: timestamp_at(row, 2)?,
        is_undo: row.get(3)?,
        reverted: row.get(4)?,
        change: change_from_row(row, 5)?,
    })
}

/// A change from the columns `kind, address, old, new` starting at `first`.
pub(super) fn change_from_row(row: &Row, first: usize) -> rusqlite::Result<Change> {
    if row.get_ref(first)?.as_str()? == "note" {
        return Ok(Change::Note {
            topic: row.get(first + 1)?,
            old: row.get(first + 2)?,
            new: row.get(first + 3)?,
        });
    }
    Ok(Change::State {
        address: address_at(row, first + 1)?,
        old: state_at(row, first + 2)?,
        new: state_at(row, first + 3)?,
    })
}

// Text columns are read in place (`get_ref`): loading progress reads
// thousands of rows, and a String per column would dominate the cost.

fn address_at(row: &Row, index: usize) -> rusqlite::Result<Address> {
    let text = row.get_ref(index)?.as_str()?;
    Address::parse(text).ok_or_else(|| invalid(index, format!("bad address `{text}`")))
}

fn state_at(row: &Row, index: usize) -> rusqlite::Result<State> {
    let text = row.get_ref(index)?.as_str()?;
    text.parse().map_err(|message| invalid(index, message))
}

fn timestamp_at(row: &Row, index: usize) -> rusqlite::Result<Timestamp> {
    let millis: i64 = row.get(index)?;
    Timestamp::from_millisecond(millis).map_err(|error| invalid(index, error.to_string()))
}

fn optional_timestamp_at(row: &Row, index: usize) -> rusqlite::Result<Option<Timestamp>> {
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => timestamp_at(row, index).map(Some),
    }
}

fn invalid(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, message.into())
}
