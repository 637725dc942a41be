//! Reading progress and history. Nothing here writes.
//!
//! A row that cannot be decoded (a malformed address, an unknown state, a
//! timestamp out of range: damage, or a file forged by hand) is skipped by
//! every read, so the rest stays readable and exportable;
//! [`Store::damaged_rows`] counts what was skipped.

use jiff::Timestamp;
use rusqlite::types::ValueRef;
use rusqlite::{Row, params};
use rustc_hash::{FxHashMap, FxHashSet};

use super::model::{
    Activity, Change, Event, Note, Progress, ReviewMark, ReviewRecord, State, StateRecord, Tick,
};
use super::schema::{UNSOUND_INDEXES, sound_review, sound_time};
use super::{Store, StoreError, valid};
use crate::roadmap::Address;

/// Events in the order they were recorded, `redo` saying whether each is
/// a redo (see [`Store::redo_column`]). CROSS JOIN keeps SQLite scanning
/// `events` by id, so `ORDER BY e.id` needs no sort.
fn events_query(redo: &str) -> String {
    format!(
        "{}
        FROM events e CROSS JOIN groups g ON g.id = e.grp
        LEFT JOIN groups u ON u.reverts = g.id
        WHERE g.roadmap = ?1
        ORDER BY e.id",
        event_columns(redo)
    )
}

/// Events newest first by time, which after a merge import differs from
/// the order of ids. Walking `groups_by_time` backwards, `LIMIT n` stops
/// after n rows.
fn history_query(redo: &str) -> String {
    format!(
        "{}
        FROM groups g CROSS JOIN events e ON e.grp = g.id
        LEFT JOIN groups u ON u.reverts = g.id
        WHERE g.roadmap = ?1
        ORDER BY g.at DESC, g.id DESC, e.id DESC
        LIMIT ?2",
        event_columns(redo)
    )
}

/// The columns [`event_from_row`] reads, of events `e`, their groups `g`
/// and the undo `u` of each group.
fn event_columns(redo: &str) -> String {
    format!(
        "SELECT e.id, e.grp, g.at, g.reverts IS NOT NULL, u.id IS NOT NULL,
            {redo}, e.kind, e.address, e.old, e.new"
    )
}

/// Every event of a roadmap, for counting the damaged ones.
const ALL_EVENTS: &str = "SELECT g.at, e.kind, e.address, e.old, e.new
    FROM events e CROSS JOIN groups g ON g.id = e.grp
    WHERE g.roadmap = ?1";

/// With the indexes of unsound rows, the same count in three parts that
/// together cover every event once: those that are no review, decoded
/// here (a plain scan that passes over a review on its kind alone)...
const OTHER_EVENTS: &str = "SELECT g.at, e.kind, e.address, e.old, e.new
    FROM events e CROSS JOIN groups g ON g.id = e.grp
    WHERE g.roadmap = ?1 AND e.kind IS NOT 'review'";

/// ...the reviews SQL already finds unsound, decoded here too...
const UNSOUND_REVIEWS: &str = concat!(
    "SELECT g.at, e.kind, e.address, e.old, e.new
    FROM events e INDEXED BY events_unsound_reviews
    CROSS JOIN groups g ON g.id = e.grp
    WHERE g.roadmap = ?1 AND e.kind = 'review' AND NOT ",
    sound_review!()
);

/// ...and the sound reviews of groups whose time is unsound, damaged by
/// their time alone.
const BADLY_TIMED_REVIEWS: &str = concat!(
    "SELECT count(*) FROM groups g INDEXED BY groups_unsound_time
    CROSS JOIN events e ON e.grp = g.id
    WHERE g.roadmap = ?1 AND NOT ",
    sound_time!(),
    " AND e.kind = 'review' AND ",
    sound_review!()
);

/// Whether both indexes of unsound rows are there as trek made them.
const UNSOUND_INDEXES_HELD: &str = "SELECT count(*) FROM sqlite_schema
    WHERE type = 'index' AND (name, sql) IN
        (VALUES ('events_unsound_reviews', ?1), ('groups_unsound_time', ?2))";

/// When each tick that still stands was made, and on what, oldest first:
/// events that set a milestone to done, in a group that is no undo and was
/// not undone.
const STANDING_TICKS: &str = "SELECT g.at, e.address
    FROM events e CROSS JOIN groups g ON g.id = e.grp
    WHERE g.roadmap = ?1 AND g.reverts IS NULL
        AND e.kind = 'state' AND e.new = 'done'
        AND NOT EXISTS (SELECT 1 FROM groups u WHERE u.reverts = g.id)
    ORDER BY e.id";

/// Every review mark of a group that is no undo, by the events' review
/// index alone; [`REVERTED`] says which of them an undo took back. Both
/// are plain scans: filtering and ordering in SQL cost far more.
const REVIEW_MARKS: &str = "SELECT g.id, g.at, e.address, e.new
    FROM events e INDEXED BY events_reviews CROSS JOIN groups g ON g.id = e.grp
    WHERE g.roadmap = ?1 AND g.reverts IS NULL
        AND e.kind = 'review' AND e.new IS NOT NULL";

/// The earliest and the latest time of a roadmap's groups that reads as
/// one: each walks `groups_by_time` from one end and stops at the first,
/// where `min`/`max` beside a `typeof` test would visit every group.
const FIRST_AT: &str = "SELECT at FROM groups
    WHERE roadmap = ?1 AND at BETWEEN ?2 AND ?3 AND typeof(at) = 'integer'
    ORDER BY at LIMIT 1";
const LAST_AT: &str = "SELECT at FROM groups
    WHERE roadmap = ?1 AND at BETWEEN ?2 AND ?3 AND typeof(at) = 'integer'
    ORDER BY at DESC LIMIT 1";

/// The groups an undo reverted.
const REVERTED: &str = "SELECT reverts FROM groups INDEXED BY groups_by_reverted
    WHERE reverts IS NOT NULL AND roadmap = ?1";

impl Store {
    /// Everything recorded for one roadmap, less any damaged rows.
    pub fn load(&self, roadmap: &str) -> Result<Progress, StoreError> {
        self.load_inner(roadmap)
            .and_then(|progress| self.through_edition(roadmap, progress))
            .map_err(|error| self.error(error))
    }

    /// The newest `limit` events, newest first, less any damaged ones.
    pub fn history(&self, roadmap: &str, limit: usize) -> Result<Vec<Event>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let read = || -> rusqlite::Result<Vec<Event>> {
            let query = history_query(self.redo_column()?);
            let mut statement = self.connection.prepare(&query)?;
            collect(statement.query(params![roadmap, limit])?, event_from_row)
        };
        read()
            .map(|events| self.events_through_edition(roadmap, events))
            .map_err(|error| self.error(error))
    }

    /// How many of the roadmap's rows (states, notes, events) the reads
    /// skip because they cannot be decoded, so a command can say so and
    /// point to `trek export --format json`, which saves the rest.
    pub fn damaged_rows(&self, roadmap: &str) -> Result<usize, StoreError> {
        let count = || -> rusqlite::Result<usize> {
            let event: IsDamaged =
                |row| change_from_row(row, 1).is_none() || timestamp_at(row, 0).is_none();
            let mut queries: Vec<(&str, IsDamaged)> = vec![
                (STATES, |row| state_from_row(row).is_none()),
                (NOTES, |row| note_from_row(row).is_none()),
            ];
            let mut damaged = 0;
            if self.holds_unsound_indexes()? {
                queries.extend([(OTHER_EVENTS, event), (UNSOUND_REVIEWS, event)]);
                let mut statement = self.connection.prepare_cached(BADLY_TIMED_REVIEWS)?;
                let timed: i64 = statement.query_row(params![roadmap], |row| row.get(0))?;
                damaged += usize::try_from(timed).unwrap_or(0);
            } else {
                queries.push((ALL_EVENTS, event));
            }
            for (query, is_damaged) in queries {
                let mut statement = self.connection.prepare_cached(query)?;
                let mut rows = statement.query(params![roadmap])?;
                while let Some(row) = rows.next()? {
                    damaged += usize::from(is_damaged(row));
                }
            }
            Ok(damaged)
        };
        count().map_err(|error| self.error(error))
    }

    /// Whether the indexes of unsound rows can be trusted to hold every
    /// one: a file from before them, or one whose definitions were
    /// changed, is counted the long way.
    pub(super) fn holds_unsound_indexes(&self) -> rusqlite::Result<bool> {
        self.connection
            .prepare_cached(UNSOUND_INDEXES_HELD)?
            .query_row(params![UNSOUND_INDEXES[0], UNSOUND_INDEXES[1]], |row| {
                row.get::<_, i64>(0)
            })
            .map(|held| held == 2)
    }

    /// A number that changes whenever another connection commits, so a
    /// long-running view can notice changes made by other trek processes.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.connection
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|error| self.error(error))
    }

    fn load_inner(&self, roadmap: &str) -> rusqlite::Result<Progress> {
        Ok(Progress {
            reviews: self.reviews(roadmap)?,
            ..self.load_without_reviews(roadmap)?
        })
    }

    /// Everything [`Store::load`] reads but the reviews, as stored.
    pub(super) fn load_without_reviews(&self, roadmap: &str) -> rusqlite::Result<Progress> {
        let states = self.states(roadmap)?;
        let mut statement = self.connection.prepare_cached(NOTES)?;
        let notes = collect(statement.query(params![roadmap])?, note_from_row)?;
        Ok(Progress {
            states,
            notes,
            activity: self.activity(roadmap)?,
            ..Progress::default()
        })
    }

    /// Every milestone's state, as stored.
    pub(super) fn states(
        &self,
        roadmap: &str,
    ) -> rusqlite::Result<FxHashMap<Address, StateRecord>> {
        let mut statement = self.connection.prepare_cached(STATES)?;
        collect(statement.query(params![roadmap])?, state_from_row)
    }

    /// Each topic's standing review marks, oldest first (by time, then
    /// as recorded). A database from before reviews existed has none (and
    /// no index to find them by).
    pub(super) fn reviews(
        &self,
        roadmap: &str,
    ) -> rusqlite::Result<FxHashMap<String, Vec<ReviewRecord>>> {
        let mut reviews: FxHashMap<String, Vec<ReviewRecord>> = FxHashMap::default();
        if !self.has_reviews_index()? {
            return Ok(reviews);
        }
        let mut statement = self.connection.prepare_cached(REVERTED)?;
        let reverted: FxHashSet<i64> = collect(statement.query(params![roadmap])?, |row| {
            row.get::<_, i64>(0).ok()
        })?;
        let mut marks: FxHashMap<String, Vec<(Timestamp, i64, ReviewMark)>> = FxHashMap::default();
        let mut statement = self.connection.prepare_cached(REVIEW_MARKS)?;
        let mut rows = statement.query(params![roadmap])?;
        while let Some(row) = rows.next()? {
            let mark = || -> Option<(&str, (Timestamp, i64, ReviewMark))> {
                let group: i64 = row.get(0).ok()?;
                let at = timestamp_at(row, 1)?;
                let mark = text_at(row, 3)?.parse().ok()?;
                let topic = text_at(row, 2).filter(|text| crate::roadmap::is_id(text))?;
                Some((topic, (at, group, mark)))
            };
            let Some((topic, mark)) = mark().filter(|(_, (_, group, _))| !reverted.contains(group))
            else {
                continue;
            };
            // Thousands of marks fall on a few hundred topics: a topic's
            // id is copied once, not once a mark.
            match marks.get_mut(topic) {
                Some(list) => list.push(mark),
                None => {
                    marks.insert(topic.to_owned(), vec![mark]);
                }
            }
        }
        for (topic, mut list) in marks {
            list.sort_unstable_by_key(|&(at, group, _)| (at, group));
            let records = list
                .into_iter()
                .map(|(at, _, mark)| ReviewRecord { at, mark })
                .collect();
            reviews.insert(topic, records);
        }
        Ok(reviews)
    }

    fn has_reviews_index(&self) -> rusqlite::Result<bool> {
        self.connection
            .prepare_cached(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'events_reviews'",
            )?
            .query_row([], |row| row.get::<_, i64>(0))
            .map(|count| count > 0)
    }

    /// The log distilled to ticks. Only what summaries need leaves SQLite:
    /// a long history costs a time and an address per tick, not one event.
    fn activity(&self, roadmap: &str) -> rusqlite::Result<Activity> {
        let bounds = params![
            roadmap,
            Timestamp::MIN.as_millisecond(),
            Timestamp::MAX.as_millisecond()
        ];
        let first = self.first_group_time(FIRST_AT, bounds)?;
        let last = self.first_group_time(LAST_AT, bounds)?;
        let mut statement = self.connection.prepare_cached(STANDING_TICKS)?;
        let ticks = collect(statement.query(params![roadmap])?, |row| {
            Some(Tick {
                at: timestamp_at(row, 0)?,
                address: address_at(row, 1)?,
            })
        })?;
        Ok(Activity { first, last, ticks })
    }

    /// What says a group is a redo: its `redoes` column, which a database
    /// from before redo (read as it is, not migrated) lacks, and there no
    /// group is one.
    fn redo_column(&self) -> rusqlite::Result<&'static str> {
        let has_column: bool = self.connection.query_row(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info('groups') WHERE name = 'redoes')",
            [],
            |row| row.get(0),
        )?;
        Ok(if has_column {
            "g.redoes IS NOT NULL"
        } else {
            "0"
        })
    }

    /// The time of the first group `query` finds, if any.
    fn first_group_time(
        &self,
        query: &str,
        bounds: &[&dyn rusqlite::ToSql],
    ) -> rusqlite::Result<Option<Timestamp>> {
        let mut statement = self.connection.prepare_cached(query)?;
        let mut rows = statement.query(bounds)?;
        Ok(rows.next()?.and_then(|row| timestamp_at(row, 0)))
    }

    /// Every event, oldest first, for backups; less any damaged ones.
    pub(super) fn events(&self, roadmap: &str) -> Result<Vec<Event>, StoreError> {
        let read = || -> rusqlite::Result<Vec<Event>> {
            let query = events_query(self.redo_column()?);
            let mut statement = self.connection.prepare_cached(&query)?;
            collect(statement.query(params![roadmap])?, event_from_row)
        };
        read()
            .map(|events| self.events_through_edition(roadmap, events))
            .map_err(|error| self.error(error))
    }
}

/// Whether a row of one of the queries above cannot be decoded.
type IsDamaged = fn(&Row) -> bool;

const STATES: &str = "SELECT address, state, changed_at FROM states WHERE roadmap = ?1";
const NOTES: &str = "SELECT topic, text, changed_at FROM notes WHERE roadmap = ?1";

/// The rows `decode` can read; the others are damaged and left out.
fn collect<T, C: Default + Extend<T>>(
    mut rows: rusqlite::Rows<'_>,
    decode: impl Fn(&Row) -> Option<T>,
) -> rusqlite::Result<C> {
    let mut values = C::default();
    while let Some(row) = rows.next()? {
        values.extend(decode(row));
    }
    Ok(values)
}

fn state_from_row(row: &Row) -> Option<(Address, StateRecord)> {
    let record = StateRecord {
        state: state_at(row, 1)?,
        changed_at: timestamp_at(row, 2)?,
    };
    Some((address_at(row, 0)?, record))
}

fn note_from_row(row: &Row) -> Option<(String, Note)> {
    let note = Note {
        text: text_at(row, 1)?.to_owned(),
        changed_at: timestamp_at(row, 2)?,
    };
    Some((topic_at(row, 0)?, note))
}

fn event_from_row(row: &Row) -> Option<Event> {
    Some(Event {
        id: row.get(0).ok()?,
        group: row.get(1).ok()?,
        at: timestamp_at(row, 2)?,
        is_undo: row.get(3).ok()?,
        reverted: row.get(4).ok()?,
        is_redo: row.get(5).ok()?,
        change: change_from_row(row, 6)?,
    })
}

/// A change from the columns `kind, address, old, new` starting at
/// `first`; `None` when any of them is damaged.
pub(super) fn change_from_row(row: &Row, first: usize) -> Option<Change> {
    match text_at(row, first)? {
        "note" => Some(Change::Note {
            topic: topic_at(row, first + 1)?,
            old: optional_text_at(row, first + 2)?,
            new: optional_text_at(row, first + 3)?,
        }),
        "state" => Some(Change::State {
            address: address_at(row, first + 1)?,
            old: state_at(row, first + 2)?,
            new: state_at(row, first + 3)?,
        }),
        "review" => Some(Change::Review {
            topic: topic_at(row, first + 1)?,
            old: optional_mark_at(row, first + 2)?,
            new: optional_mark_at(row, first + 3)?,
        }),
        _ => None,
    }
}

// Text columns are read in place (`get_ref`): loading progress reads
// thousands of rows, and a String per column would dominate the cost.

fn text_at<'r>(row: &'r Row, index: usize) -> Option<&'r str> {
    row.get_ref(index).ok()?.as_str().ok()
}

fn optional_text_at(row: &Row, index: usize) -> Option<Option<String>> {
    match row.get_ref(index).ok()? {
        ValueRef::Null => Some(None),
        value => Some(Some(value.as_str().ok()?.to_owned())),
    }
}

fn optional_mark_at(row: &Row, index: usize) -> Option<Option<ReviewMark>> {
    match row.get_ref(index).ok()? {
        ValueRef::Null => Some(None),
        value => Some(Some(value.as_str().ok()?.parse().ok()?)),
    }
}

fn topic_at(row: &Row, index: usize) -> Option<String> {
    text_at(row, index)
        .filter(|text| crate::roadmap::is_id(text))
        .map(str::to_owned)
}

fn address_at(row: &Row, index: usize) -> Option<Address> {
    valid::parse_address(text_at(row, index)?)
}

fn state_at(row: &Row, index: usize) -> Option<State> {
    text_at(row, index)?.parse().ok()
}

fn timestamp_at(row: &Row, index: usize) -> Option<Timestamp> {
    match row.get_ref(index).ok()? {
        ValueRef::Integer(millis) => Timestamp::from_millisecond(millis).ok(),
        _ => None,
    }
}
