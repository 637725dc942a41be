//! The database schema and its migrations, versioned by `PRAGMA user_version`.
//!
//! Timestamps are Unix milliseconds (UTC) so they sort and compare as numbers.
//! Addresses are `TOPIC/MILESTONE` text keyed by roadmap id, so reordering or
//! editing a roadmap never loses progress; rows whose address left the
//! roadmap stay, and are reported as orphaned rather than deleted.

use rusqlite::{Connection, TransactionBehavior};

/// Marks a SQLite file as trek's (`PRAGMA application_id`): "TREK" in ASCII.
pub const APPLICATION_ID: i32 = 0x5452_454B;

/// A review event every read decodes, in SQL: its topic a well-formed id
/// (ASCII, so as many characters as bytes, with no NUL), its marks absent
/// or known. Never NULL, so `NOT` of it holds exactly for the others.
macro_rules! sound_review {
    () => {
        "coalesce(typeof(address) = 'text' AND address <> ''
    AND length(address) = length(CAST(address AS BLOB))
    AND address NOT GLOB '*[^a-z0-9-]*'
    AND (old IS NULL OR (typeof(old) = 'text'
        AND old IN ('again', 'hard', 'good', 'easy', 'add', 'drop')))
    AND (new IS NULL OR (typeof(new) = 'text'
        AND new IN ('again', 'hard', 'good', 'easy', 'add', 'drop'))), 0)"
    };
}
pub(super) use sound_review;

/// A group time every read decodes, in SQL: a whole number of
/// milliseconds within what a timestamp can hold. Never NULL.
macro_rules! sound_time {
    () => {
        "coalesce(typeof(at) = 'integer'
    AND at BETWEEN -377705023201000 AND 253402207200999, 0)"
    };
}
pub(super) use sound_time;

/// The review events a read cannot decode: none in a sound file, so
/// counting damage need not visit the thousands that are well-formed.
macro_rules! unsound_reviews_index {
    () => {
        concat!(
            "CREATE INDEX events_unsound_reviews ON events (grp)
    WHERE kind = 'review' AND NOT ",
            sound_review!()
        )
    };
}

/// The groups whose time a read cannot decode, for the same count.
macro_rules! unsound_times_index {
    () => {
        concat!(
            "CREATE INDEX groups_unsound_time ON groups (roadmap) WHERE NOT ",
            sound_time!()
        )
    };
}

/// The two statements above, as SQLite keeps them once run: a read
/// trusts the indexes only when their definitions are exactly these.
pub(super) const UNSOUND_INDEXES: [&str; 2] = [unsound_reviews_index!(), unsound_times_index!()];

/// Marks the cache row of each (roadmap, topic) `select` yields stale, so
/// a read replays that topic's reviews instead of trusting it.
macro_rules! stale_rows {
    ($select:literal) => {
        concat!(
            "INSERT OR REPLACE INTO review_memory (roadmap, topic, fresh) ",
            $select,
            ";"
        )
    };
}

/// The triggers that keep the review cache from ever disagreeing with a
/// replay: any change to a review event, or to a group that holds or
/// reverts one, leaves the rows of the topics it touches stale. They live
/// in the file, so every writer fires them, an older trek too.
macro_rules! review_memory_trigger {
    (0) => {
        concat!(
                "CREATE TRIGGER review_memory_insert AFTER INSERT ON events
    FOR EACH ROW WHEN NEW.kind = 'review'
BEGIN
    ",
                stale_rows!("SELECT roadmap, NEW.address, 0 FROM groups WHERE id = NEW.grp"),
                "
END"
            )
    };
    (1) => {
        concat!(
                "CREATE TRIGGER review_memory_delete AFTER DELETE ON events
    FOR EACH ROW WHEN OLD.kind = 'review'
BEGIN
    ",
                stale_rows!("SELECT roadmap, OLD.address, 0 FROM groups WHERE id = OLD.grp"),
                "
END"
            )
    };
    (2) => {
        concat!(
                "CREATE TRIGGER review_memory_update AFTER UPDATE ON events
    FOR EACH ROW WHEN OLD.kind = 'review' OR NEW.kind = 'review'
BEGIN
    ",
                stale_rows!(
                    "SELECT roadmap, OLD.address, 0 FROM groups WHERE id = OLD.grp
    UNION SELECT roadmap, NEW.address, 0 FROM groups WHERE id = NEW.grp"
                ),
                "
END"
            )
    };
    (3) => {
        concat!(
                "CREATE TRIGGER review_memory_group_insert AFTER INSERT ON groups
    FOR EACH ROW
BEGIN
    ",
                stale_rows!(
                    "SELECT g.roadmap, e.address, 0 FROM events e JOIN groups g ON g.id = e.grp
    WHERE e.grp IN (NEW.id, NEW.reverts) AND e.kind = 'review'"
                ),
                "
END"
            )
    };
    (4) => {
        concat!(
                "CREATE TRIGGER review_memory_group_delete AFTER DELETE ON groups
    FOR EACH ROW
BEGIN
    ",
                stale_rows!(
                    "SELECT OLD.roadmap, address, 0 FROM events WHERE grp = OLD.id AND kind = 'review'
    UNION SELECT g.roadmap, e.address, 0 FROM events e JOIN groups g ON g.id = e.grp
    WHERE e.grp = OLD.reverts AND e.kind = 'review'"
                ),
                "
END"
            )
    };
    (5) => {
        concat!(
                "CREATE TRIGGER review_memory_group_update AFTER UPDATE OF id, roadmap, at, reverts ON groups
    FOR EACH ROW
BEGIN
    ",
                stale_rows!(
                    "SELECT OLD.roadmap, address, 0 FROM events WHERE grp = OLD.id AND kind = 'review'
    UNION SELECT g.roadmap, e.address, 0 FROM events e JOIN groups g ON g.id = e.grp
    WHERE e.grp IN (NEW.id, OLD.reverts, NEW.reverts) AND e.kind = 'review'"
                ),
                "
END"
            )
    };
}

/// The review cache's triggers as SQLite keeps them once run: a read
/// trusts the cache only when every one is there exactly so.
pub(super) const REVIEW_MEMORY_TRIGGERS: [&str; 6] = [
    review_memory_trigger!(0),
    review_memory_trigger!(1),
    review_memory_trigger!(2),
    review_memory_trigger!(3),
    review_memory_trigger!(4),
    review_memory_trigger!(5),
];

/// Each entry migrates from the schema version equal to its index.
pub(super) const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE states (
    roadmap    TEXT    NOT NULL,
    address    TEXT    NOT NULL,
    state      TEXT    NOT NULL CHECK (state IN ('todo', 'done', 'skipped')),
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (roadmap, address)
) WITHOUT ROWID;

CREATE TABLE notes (
    roadmap    TEXT    NOT NULL,
    topic      TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (roadmap, topic)
) WITHOUT ROWID;

-- One command's changes form one group; an undo is a group that reverts another.
CREATE TABLE groups (
    id      INTEGER PRIMARY KEY,
    roadmap TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    reverts INTEGER REFERENCES groups (id)
);
CREATE INDEX groups_by_roadmap ON groups (roadmap, id);
CREATE UNIQUE INDEX groups_by_reverted ON groups (reverts) WHERE reverts IS NOT NULL;

-- Append-only. `address` is TOPIC/MILESTONE for states and TOPIC for notes;
-- NULL in old/new means "no note".
CREATE TABLE events (
    id      INTEGER PRIMARY KEY,
    grp     INTEGER NOT NULL REFERENCES groups (id),
    kind    TEXT    NOT NULL CHECK (kind IN ('state', 'note')),
    address TEXT    NOT NULL,
    old     TEXT,
    new     TEXT
);
CREATE INDEX events_by_group ON events (grp);
"#,
    r#"
-- History in the order it happened, which after a merge import is not the
-- order of ids: for `trek log` and for finding the change `trek undo` reverts.
CREATE INDEX groups_by_time ON groups (roadmap, at, id);
"#,
    r#"
-- What `import --replace` set aside, under the id of the group that records
-- the replace, so that undoing it restores every record exactly.
CREATE TABLE replacements (grp INTEGER PRIMARY KEY REFERENCES groups (id));
CREATE TABLE replaced_states (
    grp INTEGER NOT NULL, address TEXT NOT NULL, state TEXT NOT NULL, changed_at INTEGER NOT NULL
);
CREATE TABLE replaced_notes (
    grp INTEGER NOT NULL, topic TEXT NOT NULL, text TEXT NOT NULL, changed_at INTEGER NOT NULL
);
CREATE TABLE replaced_groups (
    grp INTEGER NOT NULL, id INTEGER NOT NULL, at INTEGER NOT NULL, reverts INTEGER
);
CREATE TABLE replaced_events (
    grp INTEGER NOT NULL, id INTEGER NOT NULL, owner INTEGER NOT NULL,
    kind TEXT NOT NULL, address TEXT NOT NULL, old TEXT, new TEXT
);
CREATE INDEX replaced_states_by_group ON replaced_states (grp);
CREATE INDEX replaced_notes_by_group ON replaced_notes (grp);
CREATE INDEX replaced_groups_by_group ON replaced_groups (grp);
CREATE INDEX replaced_events_by_group ON replaced_events (grp);
"#,
    r#"
-- Each roadmap's milestone addresses, one a line, as they stood at the
-- learner's last change: milestones added since show as new.
CREATE TABLE seen (roadmap TEXT PRIMARY KEY, addresses TEXT NOT NULL) WITHOUT ROWID;
"#,
    r#"
-- A redo is an ordinary group that also names the undo it takes back, so
-- that undo is not redone twice and the redo chain can be told from a new
-- change, which ends it. No foreign key: a replace deletes undo groups
-- before the groups that name them.
ALTER TABLE groups ADD COLUMN redoes INTEGER;
CREATE UNIQUE INDEX groups_by_redone ON groups (redoes) WHERE redoes IS NOT NULL;

-- Where the interactive view's cursor was when it last closed, per roadmap:
-- no progress, so no event and no part of a backup.
CREATE TABLE places (
    roadmap TEXT    PRIMARY KEY,
    address TEXT    NOT NULL,
    at      INTEGER NOT NULL
) WITHOUT ROWID;
"#,
    r#"
-- Reviews are events too: kind 'review', `address` the topic, `new` the
-- mark (again, hard, good, easy, add, drop) and `old` empty; an undo of
-- one records the reverse. SQLite cannot widen a CHECK in place, so the
-- table is rebuilt with its rows, ids and index.
CREATE TABLE events_with_reviews (
    id      INTEGER PRIMARY KEY,
    grp     INTEGER NOT NULL REFERENCES groups (id),
    kind    TEXT    NOT NULL CHECK (kind IN ('state', 'note', 'review')),
    address TEXT    NOT NULL,
    old     TEXT,
    new     TEXT
);
INSERT INTO events_with_reviews (id, grp, kind, address, old, new)
    SELECT id, grp, kind, address, old, new FROM events;
DROP TABLE events;
ALTER TABLE events_with_reviews RENAME TO events;
CREATE INDEX events_by_group ON events (grp);
-- Status replays every topic's reviews: this finds them without a scan.
CREATE INDEX events_reviews ON events (kind, grp, address, new) WHERE kind = 'review';
"#,
    r#"
-- Every group gets an identity that holds across devices: a UUIDv7 (its
-- time first, so ids sort by when they were made) and the device that made
-- it. The database gets its own device id. Groups made from now on get both
-- from the trigger, so no writer has to know about them; a group received
-- from another device arrives with its own. The sync tables remember the
-- sync folder, which groups it already holds and how far each device's
-- file has been read.
CREATE TABLE device (only INTEGER PRIMARY KEY CHECK (only = 1), id TEXT NOT NULL);
INSERT INTO device (only, id) VALUES (1, lower(printf('%08x-%04x-4%03x-%04x-%012x',
    random() & 0xFFFFFFFF, random() & 0xFFFF, random() & 0xFFF,
    0x8000 | (random() & 0x3FFF), random() & 0xFFFFFFFFFFFF)));
ALTER TABLE groups ADD COLUMN uid TEXT;
ALTER TABLE groups ADD COLUMN device TEXT;
UPDATE groups SET device = (SELECT id FROM device), uid = lower(printf('%08x-%04x-7%03x-%04x-%012x',
    (max(at, 0) >> 16) & 0xFFFFFFFF, max(at, 0) & 0xFFFF, random() & 0xFFF,
    0x8000 | (random() & 0x3FFF), random() & 0xFFFFFFFFFFFF));
CREATE UNIQUE INDEX groups_by_uid ON groups (uid);
CREATE TRIGGER groups_identity AFTER INSERT ON groups FOR EACH ROW WHEN NEW.uid IS NULL
BEGIN
    UPDATE groups SET device = (SELECT id FROM device), uid = lower(printf('%08x-%04x-7%03x-%04x-%012x',
        (max(NEW.at, 0) >> 16) & 0xFFFFFFFF, max(NEW.at, 0) & 0xFFFF, random() & 0xFFF,
        0x8000 | (random() & 0x3FFF), random() & 0xFFFFFFFFFFFF))
    WHERE id = NEW.id;
END;
ALTER TABLE replaced_groups ADD COLUMN uid TEXT;
ALTER TABLE replaced_groups ADD COLUMN device TEXT;
-- The latest change of a topic's note, for the newer-wins rule of a sync
-- when the row itself is gone (a removed note). Notes only: an index over
-- every tick would cost each write of a whole topic as much again.
CREATE INDEX events_by_address ON events (address) WHERE kind = 'note';
CREATE TABLE sync_folder (
    only   INTEGER PRIMARY KEY CHECK (only = 1),
    kind   TEXT    NOT NULL CHECK (kind IN ('git', 'folder')),
    path   TEXT    NOT NULL,
    remote TEXT,
    synced INTEGER
);
CREATE TABLE sync_known (uid TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE sync_read (
    file  TEXT    PRIMARY KEY,
    bytes INTEGER NOT NULL,
    lines INTEGER NOT NULL
) WITHOUT ROWID;
"#,
    r#"
-- Where the device id was given: the machine and the file. A database
-- copied to another file or machine finds itself elsewhere, and takes a
-- new id before it syncs, so two copies never append to one device file.
ALTER TABLE device ADD COLUMN home TEXT;
"#,
    // Damaged rows are counted on every read: these hold the few review
    // events and group times that cannot be decoded, so the count visits
    // the other events and these, not every review ever made.
    concat!(
        unsound_reviews_index!(),
        ";\n",
        unsound_times_index!(),
        ";\n"
    ),
    // Status would otherwise read and replay every review ever made: this
    // keeps, per topic, the memory its reviews replay to and the inputs
    // of that replay that are no review (the retention it aimed for, when
    // the topic became complete). `fresh` 0 is a row the triggers left
    // stale. Every topic with a review event has a row, stale until a
    // write fills it.
    concat!(
        "CREATE TABLE review_memory (
    roadmap        TEXT    NOT NULL,
    topic          TEXT    NOT NULL,
    fresh          INTEGER NOT NULL,
    retention      REAL,
    completed      INTEGER,
    last_review    INTEGER,
    in_review      INTEGER,
    ratings        INTEGER,
    due            INTEGER,
    stability      REAL,
    difficulty     REAL,
    elapsed_days   INTEGER,
    scheduled_days INTEGER,
    reps           INTEGER,
    lapses         INTEGER,
    state          INTEGER,
    learned        INTEGER,
    PRIMARY KEY (roadmap, topic)
) WITHOUT ROWID;
INSERT INTO review_memory (roadmap, topic, fresh)
    SELECT DISTINCT g.roadmap, e.address, 0 FROM events e JOIN groups g ON g.id = e.grp
    WHERE e.kind = 'review';
",
        review_memory_trigger!(0),
        ";\n",
        review_memory_trigger!(1),
        ";\n",
        review_memory_trigger!(2),
        ";\n",
        review_memory_trigger!(3),
        ";\n",
        review_memory_trigger!(4),
        ";\n",
        review_memory_trigger!(5),
        ";\n"
    ),
    r#"
-- A replace made over an earlier one sets that one's group aside too;
-- this says it was a replace, so undoing the later one restores the
-- earlier one as a replace that undo can take back in turn.
ALTER TABLE replaced_groups ADD COLUMN was_replace INTEGER NOT NULL DEFAULT 0;
"#,
];

/// The schema version this trek writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// The oldest schema this trek reads as it is, without migrating: later
/// versions only add indexes, which make reads faster, the tables
/// `import --replace` sets records aside in and the column marking redos,
/// which no read looks at, the record of seen milestones, which reads do
/// without where it is absent, the table of places, which its read looks
/// for first, room for review events, which an older file simply has
/// none of, and the review cache, which a read trusts only where it finds
/// it whole.
pub const OLDEST_READABLE: i64 = 1;

/// Brings the schema up to date inside one IMMEDIATE transaction, so two
/// first runs at once create it exactly once.
pub fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version < CURRENT_VERSION {
        for migration in &MIGRATIONS[version.max(0) as usize..] {
            transaction.execute_batch(migration)?;
        }
        transaction.pragma_update(None, "application_id", APPLICATION_ID)?;
        transaction.pragma_update(None, "user_version", CURRENT_VERSION)?;
    }
    transaction.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_review_step_keeps_every_event_and_lets_reviews_in() {
        let mut connection = Connection::open_in_memory().unwrap();
        for migration in &MIGRATIONS[..3] {
            connection.execute_batch(migration).unwrap();
        }
        connection.pragma_update(None, "user_version", 3).unwrap();
        connection
            .execute_batch(
                "INSERT INTO groups (id, roadmap, at) VALUES (1, 'backend', 5);
                 INSERT INTO events (id, grp, kind, address, old, new)
                     VALUES (7, 1, 'state', 'http/methods', 'todo', 'done');",
            )
            .unwrap();
        let review =
            "INSERT INTO events (grp, kind, address, new) VALUES (1, 'review', 'http', 'good')";
        assert!(connection.execute(review, []).is_err(), "not before");
        migrate(&mut connection).unwrap();
        let kept: (i64, String) = connection
            .query_row("SELECT id, new FROM events", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap();
        assert_eq!(kept, (7, "done".to_owned()));
        connection.execute(review, []).unwrap();
    }
}
