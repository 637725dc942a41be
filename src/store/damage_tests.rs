//! Counting damaged rows through the indexes of unsound ones gives the
//! count a visit of every row gives, whatever a forged file holds.

use proptest::prelude::*;
use rusqlite::types::Value;

use super::{ReviewMark, Store};

/// A store with one sound review of `http` in `backend`.
fn reviewed() -> Store {
    let mut store = Store::open_in_memory();
    let at = jiff::Timestamp::from_second(1_790_000_000).unwrap();
    store
        .review("backend", "http", ReviewMark::Good, &[], at)
        .unwrap();
    store
}

/// Writes one event, in a group of its own at `at`, past every check.
fn plant(store: &Store, roadmap: &str, at: Value, row: [Value; 3]) {
    let [address, old, new] = row;
    store
        .connection
        .execute_batch("PRAGMA ignore_check_constraints = 1")
        .unwrap();
    store
        .connection
        .execute(
            "INSERT INTO groups (roadmap, at) VALUES (?1, ?2)",
            rusqlite::params![roadmap, at],
        )
        .unwrap();
    store
        .connection
        .execute(
            "INSERT INTO events (grp, kind, address, old, new)
             VALUES (last_insert_rowid(), 'review', ?1, ?2, ?3)",
            rusqlite::params![address, old, new],
        )
        .unwrap();
}

/// The count the long way: with the indexes gone, every event is visited.
fn counted_the_long_way(store: &Store) -> usize {
    store
        .connection
        .execute_batch(
            "DROP INDEX events_unsound_reviews; DROP INDEX groups_unsound_time;
             CREATE INDEX events_unsound_reviews ON events (grp) WHERE 0;",
        )
        .unwrap();
    store.damaged_rows("backend").unwrap()
}

fn text(text: &str) -> Value {
    Value::Text(text.to_owned())
}

const SOUND_TIME: i64 = 1_790_000_001_000;

#[test]
fn every_kind_of_unsound_review_and_time_is_counted_once() {
    let store = reviewed();
    let good = || text("good");
    let planted: [(Value, [Value; 3]); 10] = [
        (
            Value::Integer(SOUND_TIME),
            [text("Bad Topic"), Value::Null, good()],
        ),
        (
            Value::Integer(SOUND_TIME),
            [text("http\0x"), Value::Null, good()],
        ),
        (
            Value::Integer(SOUND_TIME),
            [text("héllo"), Value::Null, good()],
        ),
        (
            Value::Integer(SOUND_TIME),
            [Value::Blob(b"http".to_vec()), Value::Null, good()],
        ),
        (Value::Integer(SOUND_TIME), [text(""), Value::Null, good()]),
        (
            Value::Integer(SOUND_TIME),
            [text("http"), text("good\0"), Value::Null],
        ),
        (
            Value::Integer(SOUND_TIME),
            [text("http"), Value::Null, text("great")],
        ),
        (
            Value::Integer(SOUND_TIME),
            [text("http"), Value::Null, Value::Blob(b"good".to_vec())],
        ),
        (Value::Real(1.5), [text("http"), Value::Null, good()]),
        (
            Value::Integer(i64::MAX),
            [text("http"), Value::Null, good()],
        ),
    ];
    for (at, row) in planted {
        plant(&store, "backend", at, row);
    }
    plant(
        &store,
        "backend",
        text("2026"),
        [text("Bad"), Value::Null, good()],
    );
    plant(
        &store,
        "frontend",
        Value::Real(1.5),
        [text("Bad"), Value::Null, good()],
    );
    plant(
        &store,
        "backend",
        Value::Integer(SOUND_TIME),
        [text("rest"), Value::Null, good()],
    );

    assert_eq!(
        store.damaged_rows("backend").unwrap(),
        11,
        "one for each but the sound one"
    );
    assert_eq!(store.damaged_rows("frontend").unwrap(), 1);
    assert_eq!(
        counted_the_long_way(&store),
        11,
        "an index defined otherwise is not trusted"
    );
}

/// Any value a forged file could hold where a review has a mark: near
/// misses of sound ones above all.
fn value() -> impl Strategy<Value = Value> {
    prop_oneof![Just(Value::Null), address()]
}

/// The same where a review has its topic, which is never NULL.
fn address() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec!["good", "add", "drop", "http", "rest-api", "a1"]).prop_map(text),
        "[a-zA-Z0-9/ \\-\u{0}é]{0,6}".prop_map(|s: String| Value::Text(s)),
        prop::collection::vec(any::<u8>(), 0..6).prop_map(Value::Blob),
        any::<i64>().prop_map(Value::Integer),
        Just(Value::Real(2.5)),
    ]
}

fn time() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Integer(SOUND_TIME)),
        Just(Value::Integer(-377_705_023_201_001)),
        Just(Value::Integer(253_402_207_201_000)),
        Just(Value::Real(1.5)),
        Just(text("2026")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_indexes_count_what_a_visit_of_every_row_counts(
        rows in prop::collection::vec((time(), address(), value(), value()), 1..8),
    ) {
        let store = reviewed();
        for (at, address, old, new) in rows {
            plant(&store, "backend", at, [address, old, new]);
        }
        let quick = store.damaged_rows("backend").unwrap();
        prop_assert_eq!(quick, counted_the_long_way(&store));
    }
}

#[test]
fn the_time_bounds_are_those_a_timestamp_holds() {
    let sql = super::schema::UNSOUND_INDEXES[1];
    for bound in [jiff::Timestamp::MIN, jiff::Timestamp::MAX] {
        let millis = bound.as_millisecond().to_string();
        assert!(sql.contains(&millis), "{millis} in {sql}");
    }
}

#[test]
fn a_file_from_before_the_indexes_counts_the_long_way_until_a_write_migrates_it() {
    use super::schema::{APPLICATION_ID, MIGRATIONS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let step = MIGRATIONS
        .iter()
        .position(|sql| sql.contains("events_unsound_reviews"))
        .unwrap();
    let older = rusqlite::Connection::open(&path).unwrap();
    for migration in &MIGRATIONS[..step] {
        older.execute_batch(migration).unwrap();
    }
    older
        .execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {step};
             INSERT INTO groups (roadmap, at) VALUES ('backend', {SOUND_TIME});
             INSERT INTO events (grp, kind, address, new)
                 VALUES (last_insert_rowid(), 'review', 'http', 'good');
             INSERT INTO groups (roadmap, at) VALUES ('backend', {SOUND_TIME});
             INSERT INTO events (grp, kind, address, new)
                 VALUES (last_insert_rowid(), 'review', 'Bad', 'good');"
        ))
        .unwrap();
    drop(older);
    let counted = |store: &Store| {
        let held = store.holds_unsound_indexes().unwrap();
        (store.damaged_rows("backend").unwrap(), held)
    };

    let reader = Store::open_read_only(&path).unwrap().unwrap();
    assert_eq!(counted(&reader), (1, false), "read as it is");
    drop(reader);
    let at = jiff::Timestamp::from_second(1_790_000_002).unwrap();
    let mut store = Store::open(&path).unwrap();
    store
        .review("backend", "http", ReviewMark::Easy, &[], at)
        .unwrap();
    assert_eq!(counted(&store), (1, true), "migrated with its rows");
}
