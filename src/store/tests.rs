//! The store on in-memory databases: what a learner would notice if it broke.

use jiff::Timestamp;

use super::{Change, ImportMode, Snapshot, State, Store};
use crate::roadmap::Address;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + seconds).unwrap()
}

fn address(text: &str) -> Address {
    Address::parse(text).unwrap()
}

fn check(store: &mut Store, addresses: &[&str], seconds: i64) -> Vec<Change> {
    let targets: Vec<_> = addresses
        .iter()
        .map(|text| (address(text), State::Done))
        .collect();
    store.set_states("backend", &targets, at(seconds)).unwrap()
}

#[test]
fn a_checked_milestone_is_done_with_its_time() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["http/methods"], 5);
    let progress = store.load("backend").unwrap();
    let record = progress.states[&address("http/methods")];
    assert_eq!(record.state, State::Done);
    assert_eq!(record.changed_at, at(5));
    assert_eq!(progress.state(&address("http/status")), State::Todo);
}

#[test]
fn checking_twice_changes_and_records_nothing_the_second_time() {
    let mut store = Store::open_in_memory();
    assert_eq!(check(&mut store, &["http/methods"], 1).len(), 1);
    assert_eq!(check(&mut store, &["http/methods"], 2), vec![]);
    assert_eq!(store.events("backend").unwrap().len(), 1);
}

#[test]
fn one_command_is_one_group_of_events() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["http/methods", "http/status"], 1);
    check(&mut store, &["sql/joins"], 2);
    let events = store.events("backend").unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0].group, events[1].group);
    assert_ne!(events[1].group, events[2].group);
}

#[test]
fn undo_reverts_the_last_group_and_walks_further_back_when_repeated() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["http/methods"], 1);
    check(&mut store, &["http/status", "sql/joins"], 2);

    let undone = store.undo("backend", at(3)).unwrap().unwrap();
    assert_eq!(undone.made_at, at(2));
    assert_eq!(undone.changes.len(), 2);
    let progress = store.load("backend").unwrap();
    assert_eq!(progress.state(&address("http/status")), State::Todo);
    assert_eq!(progress.state(&address("http/methods")), State::Done);

    store.undo("backend", at(4)).unwrap().unwrap();
    let progress = store.load("backend").unwrap();
    assert_eq!(progress.state(&address("http/methods")), State::Todo);

    assert_eq!(store.undo("backend", at(5)).unwrap(), None, "nothing left");
}

#[test]
fn undone_events_are_marked_reverted_and_undos_are_marked_as_such() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["http/methods"], 1);
    store.undo("backend", at(2)).unwrap();
    let events = store.events("backend").unwrap();
    assert!(events[0].reverted && !events[0].is_undo);
    assert!(events[1].is_undo && !events[1].reverted);
}

#[test]
fn activity_keeps_only_ticks_that_still_stand() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["http/methods"], 1);
    check(&mut store, &["http/status"], 2);
    store.undo("backend", at(3)).unwrap();
    let targets = [(address("http/methods"), State::Todo)];
    store.set_states("backend", &targets, at(4)).unwrap();
    store.undo("backend", at(5)).unwrap();
    store
        .set_note("backend", "http", Some("later"), at(6))
        .unwrap();
    let activity = store.load("backend").unwrap().activity;
    assert_eq!(
        activity.ticks,
        vec![super::Tick {
            at: at(1),
            address: address("http/methods")
        }],
        "no undone tick, no undo as a tick"
    );
    assert_eq!((activity.first, activity.last), (Some(at(1)), Some(at(6))));
    let other = store.load("frontend").unwrap().activity;
    assert_eq!(
        other,
        super::Activity::default(),
        "another roadmap's activity is its own"
    );
}

#[test]
fn notes_are_set_replaced_cleared_and_undone() {
    let mut store = Store::open_in_memory();
    store
        .set_note("backend", "http", Some("first"), at(1))
        .unwrap();
    store
        .set_note("backend", "http", Some("second"), at(2))
        .unwrap();
    assert_eq!(store.load("backend").unwrap().notes["http"].text, "second");
    assert_eq!(
        store
            .set_note("backend", "http", Some("second"), at(3))
            .unwrap(),
        None,
        "an unchanged note records nothing"
    );
    store.set_note("backend", "http", None, at(4)).unwrap();
    assert!(store.load("backend").unwrap().notes.is_empty());
    store.undo("backend", at(5)).unwrap();
    assert_eq!(store.load("backend").unwrap().notes["http"].text, "second");
}

#[test]
fn roadmaps_sharing_a_database_keep_their_own_progress() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["http/methods"], 1);
    store
        .set_states("frontend", &[(address("css/grid"), State::Skipped)], at(2))
        .unwrap();
    store.undo("frontend", at(3)).unwrap();
    assert_eq!(store.load("backend").unwrap().states.len(), 1);
    let frontend = store.load("frontend").unwrap();
    assert_eq!(frontend.state(&address("css/grid")), State::Todo);
}

#[test]
fn history_is_newest_first_and_limited() {
    let mut store = Store::open_in_memory();
    for (second, text) in ["a/one", "a/two", "a/three"].iter().enumerate() {
        check(&mut store, &[text], second as i64);
    }
    let history = store.history("backend", 2).unwrap();
    let addresses: Vec<_> = history
        .iter()
        .map(|event| match &event.change {
            Change::State { address, .. } => address.to_string(),
            Change::Note { topic, .. } | Change::Review { topic, .. } => topic.clone(),
        })
        .collect();
    assert_eq!(addresses, ["a/three", "a/two"]);
}

/// Another machine's backup: `http/status` done at `seconds`, then the note
/// on `http` set a second later.
fn older_backup(store_seconds: i64) -> Snapshot {
    let mut other = Store::open_in_memory();
    check(&mut other, &["http/status"], store_seconds);
    other
        .set_note(
            "backend",
            "http",
            Some("from the backup"),
            at(store_seconds + 1),
        )
        .unwrap();
    other.snapshot("backend").unwrap()
}

#[test]
fn undo_after_merging_older_history_reverts_the_latest_change_made_here() {
    let mut store = Store::open_in_memory();
    store
        .set_note("backend", "http", Some("mine, newer"), at(50))
        .unwrap();
    check(&mut store, &["sql/joins"], 60);
    store
        .import("backend", &older_backup(10), ImportMode::Merge, at(9_000))
        .unwrap();

    let undone = store.undo("backend", at(70)).unwrap().unwrap();
    assert_eq!(
        undone.made_at,
        at(60),
        "the newest change, not the last imported"
    );
    let undone = store.undo("backend", at(71)).unwrap().unwrap();
    assert_eq!(undone.made_at, at(50));
    assert_eq!(store.load("backend").unwrap().notes.get("http"), None);

    // The backup's note lost the merge to the newer one, so it never stood
    // and is passed over; its state change did stand and is undone.
    let undone = store.undo("backend", at(72)).unwrap().unwrap();
    assert_eq!(undone.made_at, at(10));
    let progress = store.load("backend").unwrap();
    assert_eq!(progress.state(&address("http/status")), State::Todo);
    assert_eq!(store.undo("backend", at(73)).unwrap(), None);
}

#[test]
fn history_merged_from_a_backup_takes_its_place_in_time() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["sql/joins"], 60);
    store
        .import("backend", &older_backup(10), ImportMode::Merge, at(9_000))
        .unwrap();
    let times: Vec<Timestamp> = store
        .history("backend", 10)
        .unwrap()
        .iter()
        .map(|event| event.at)
        .collect();
    assert_eq!(times, [at(60), at(11), at(10)]);
}

#[test]
fn a_first_schema_database_is_read_as_it_is_and_migrated_by_the_first_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    check(&mut Store::open(&path).unwrap(), &["http/methods"], 1);
    let downgrade = rusqlite::Connection::open(&path).unwrap();
    downgrade
        .execute_batch(
            "DROP TRIGGER review_memory_insert; DROP TRIGGER review_memory_delete;
             DROP TRIGGER review_memory_update; DROP TRIGGER review_memory_group_insert;
             DROP TRIGGER review_memory_group_delete; DROP TRIGGER review_memory_group_update;
             DROP TABLE review_memory;
             DROP INDEX events_unsound_reviews; DROP INDEX groups_unsound_time;
             DROP TRIGGER groups_identity; DROP INDEX groups_by_uid; DROP INDEX events_by_address;
             ALTER TABLE groups DROP COLUMN uid; ALTER TABLE groups DROP COLUMN device;
             DROP TABLE device; DROP TABLE sync_folder; DROP TABLE sync_known; DROP TABLE sync_read;
             DROP INDEX groups_by_time;
             DROP TABLE replacements; DROP TABLE replaced_states; DROP TABLE replaced_notes;
             DROP TABLE replaced_groups; DROP TABLE replaced_events;
             DROP INDEX groups_by_redone; ALTER TABLE groups DROP COLUMN redoes;
             DROP TABLE places;
             DROP TABLE seen;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    drop(downgrade);
    let schema = |path: &std::path::Path| -> (i64, i64) {
        let connection = rusqlite::Connection::open(path).unwrap();
        let version = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        let indexes = connection
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'groups_by_time'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        (version, indexes)
    };

    let reader = Store::open_read_only(&path).unwrap().expect("readable");
    let progress = reader.load("backend").unwrap();
    assert_eq!(progress.state(&address("http/methods")), State::Done);
    assert_eq!(reader.history("backend", 5).unwrap().len(), 1);
    drop(reader);
    assert_eq!(schema(&path), (1, 0), "reading migrates nothing");

    check(&mut Store::open(&path).unwrap(), &["http/status"], 2);
    assert_eq!(schema(&path), (super::CURRENT_VERSION, 1));
    let progress = Store::open_read_only(&path)
        .unwrap()
        .unwrap()
        .load("backend");
    assert_eq!(progress.unwrap().states.len(), 2, "nothing lost on the way");
}

#[test]
fn undoing_a_replace_restores_every_record_and_the_history_exactly() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["sql/joins", "sql/schema"], 50);
    store
        .set_note("backend", "sql", Some("mine"), at(55))
        .unwrap();
    store.undo("backend", at(56)).unwrap();
    check(&mut store, &["http/methods"], 60);
    let before = store.snapshot("backend").unwrap();

    let imported = store
        .import("backend", &older_backup(10), ImportMode::Replace, at(100))
        .unwrap();
    let set_aside = imported.replaced.expect("a replace says what it set aside");
    assert_eq!(
        (set_aside.states, set_aside.notes, set_aside.groups),
        (3, 0, 4)
    );
    let replaced = store.load("backend").unwrap();
    assert_eq!(replaced.state(&address("http/status")), State::Done);
    assert_eq!(replaced.state(&address("sql/joins")), State::Todo);
    assert_eq!(replaced.notes["http"].text, "from the backup");
    let logged = store.history("backend", 1).unwrap();
    assert_eq!(logged[0].at, at(100), "the replace is the newest change");

    let undone = store.undo("backend", at(200)).unwrap().expect("undoable");
    assert_eq!(undone.made_at, at(100));
    assert_eq!(
        undone.changes.len(),
        5,
        "3 ticks back, 1 untick, 1 note removed"
    );
    assert_eq!(store.snapshot("backend").unwrap(), before);
    let undone = store
        .undo("backend", at(201))
        .unwrap()
        .expect("older history");
    assert_eq!(undone.made_at, at(60), "then undo walks the old history");
}

#[test]
fn a_replace_over_a_replace_is_undone_one_then_the_other_exactly() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["sql/joins"], 50);
    let first = store.snapshot("backend").unwrap();
    store
        .import("backend", &older_backup(10), ImportMode::Replace, at(100))
        .unwrap();
    let replaced_once = store.snapshot("backend").unwrap();
    store
        .import("backend", &older_backup(20), ImportMode::Replace, at(110))
        .expect("a second replace");
    store.undo("backend", at(200)).unwrap().expect("undoable");
    assert_eq!(store.snapshot("backend").unwrap(), replaced_once);
    let undone = store.undo("backend", at(201)).unwrap().expect("undoable");
    assert_eq!(undone.made_at, at(100), "the first replace, undone as one");
    assert_eq!(store.snapshot("backend").unwrap(), first);
}

#[test]
fn a_group_made_after_a_replace_never_takes_an_id_set_aside() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["sql/joins"], 50);
    check(&mut store, &["sql/schema"], 51);
    store
        .import(
            "backend",
            &Snapshot::default(),
            ImportMode::Replace,
            at(100),
        )
        .unwrap();
    // Another roadmap in the same file writes while the replace stands.
    let other = [(address("css/grid"), State::Done)];
    store.set_states("frontend", &other, at(101)).unwrap();
    store
        .undo("backend", at(102))
        .unwrap()
        .expect("the replace");
    let ids = |store: &Store, roadmap| -> Vec<i64> {
        let groups = store.snapshot(roadmap).unwrap().groups;
        groups.iter().map(|group| group.id).collect()
    };
    assert_eq!(
        ids(&store, "backend"),
        [1, 2],
        "the old history, ids and all"
    );
    assert_eq!(
        ids(&store, "frontend").len(),
        1,
        "the other roadmap's change stays"
    );
}

/// Each public write path, given `address` where an address goes.
fn write_through_every_path(store: &mut Store, address: Address) -> Vec<super::StoreError> {
    let topic = address.to_string();
    let record = super::StateRecord {
        state: State::Done,
        changed_at: at(1),
    };
    let change = Change::State {
        address: address.clone(),
        old: State::Todo,
        new: State::Done,
    };
    let backups = [
        Snapshot {
            states: vec![(address.clone(), record)],
            ..Snapshot::default()
        },
        Snapshot {
            notes: vec![(
                topic.clone(),
                super::Note {
                    text: "planted".into(),
                    changed_at: at(1),
                },
            )],
            ..Snapshot::default()
        },
        Snapshot {
            groups: vec![super::Group {
                id: 1,
                at: at(1),
                reverts: None,
                changes: vec![change],
                origin: None,
            }],
            ..Snapshot::default()
        },
    ];
    let mut errors = vec![
        store
            .set_states("backend", &[(address, State::Done)], at(1))
            .unwrap_err(),
        store
            .set_note("backend", &topic, Some("planted"), at(1))
            .unwrap_err(),
    ];
    for backup in &backups {
        for mode in [ImportMode::Merge, ImportMode::Replace] {
            errors.push(store.import("backend", backup, mode, at(1)).unwrap_err());
        }
    }
    errors
}

#[test]
fn nothing_but_well_formed_addresses_and_ids_is_ever_stored() {
    let mut store = Store::open_in_memory();
    check(&mut store, &["http/methods"], 0);
    let before = store.snapshot("backend").unwrap();
    for planted in [
        Address::new("http", "meth/ds"),
        Address::new("http", "Methods"),
        Address::new("http", "\u{1b}]52;c;aGk=\u{7}"),
        Address::new("", "methods"),
    ] {
        for error in write_through_every_path(&mut store, planted.clone()) {
            assert!(error.is_bad_input(), "{error}");
            assert!(error.to_string().contains("refusing to store"), "{error}");
            assert!(!error.to_string().contains('\u{1b}'), "{error}");
        }
    }
    assert_eq!(store.snapshot("backend").unwrap(), before, "nothing stored");
    let error = store
        .set_states("Back end", &[(address("http/methods"), State::Done)], at(2))
        .unwrap_err();
    assert!(error.to_string().contains("roadmap id"), "{error}");
}

/// A database holding one good tick and rows no trek would write: an
/// address with two slashes, an unknown state, a note on a malformed
/// topic, and events naming those.
fn damaged_store() -> Store {
    let mut store = Store::open_in_memory();
    check(&mut store, &["http/methods"], 1);
    store
        .connection
        .execute_batch(
            "PRAGMA ignore_check_constraints = 1;
             INSERT INTO states VALUES ('backend', 'http/meth/ds', 'done', 1790000002000);
             INSERT INTO states VALUES ('backend', 'http/status', 'finished', 1790000002000);
             INSERT INTO notes VALUES ('backend', 'Bad Topic', 'text', 1790000002000);
             INSERT INTO groups (roadmap, at) VALUES ('backend', 1790000003000);
             INSERT INTO events (grp, kind, address, old, new)
                 VALUES (last_insert_rowid(), 'state', 'http/meth/ds', 'todo', 'done');",
        )
        .unwrap();
    store
}

#[test]
fn damaged_rows_are_skipped_by_every_read_and_counted() {
    let mut store = damaged_store();
    assert_eq!(store.damaged_rows("backend").unwrap(), 4);
    assert_eq!(store.damaged_rows("frontend").unwrap(), 0);
    let progress = store.load("backend").unwrap();
    assert_eq!(progress.states.len(), 1);
    assert_eq!(progress.state(&address("http/methods")), State::Done);
    assert!(progress.notes.is_empty());
    assert_eq!(store.history("backend", 10).unwrap().len(), 1);
    let snapshot = store.snapshot("backend").unwrap();
    assert_eq!((snapshot.states.len(), snapshot.groups.len()), (1, 1));

    let undone = store.undo("backend", at(9)).unwrap().unwrap();
    assert_eq!(
        undone.made_at,
        at(1),
        "a group of damaged events is passed over"
    );
    assert_eq!(store.undo("backend", at(10)).unwrap(), None);
}

#[test]
fn a_backup_of_a_damaged_database_restores_the_rest() {
    let store = damaged_store();
    let snapshot = store.snapshot("backend").unwrap();
    let mut restored = Store::open_in_memory();
    restored
        .import("backend", &snapshot, ImportMode::Replace, at(1))
        .unwrap();
    assert_eq!(
        restored.snapshot("backend").unwrap().states,
        snapshot.states
    );
}

#[test]
fn a_read_only_store_refuses_writes_before_sqlite_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    check(&mut Store::open(&path).unwrap(), &["http/methods"], 1);
    let mut reader = Store::open_read_only(&path).unwrap().unwrap();
    assert!(reader.is_read_only());
    let error = reader
        .set_states("backend", &[(address("http/status"), State::Done)], at(2))
        .unwrap_err();
    assert!(!error.is_bad_input(), "a read-only place is no bad input");
    assert!(error.to_string().contains("read-only"), "{error}");
    assert!(!Store::open(&path).unwrap().is_read_only());
}

#[test]
fn open_existing_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    assert!(Store::open_existing(&path).unwrap().is_none());
    assert!(!path.exists());
    Store::open(&path).unwrap();
    assert!(Store::open_existing(&path).unwrap().is_some());
}
