use jiff::Timestamp;
use rusqlite::Connection;

use super::*;
use crate::roadmap::Address;
use crate::store::schema::{self, APPLICATION_ID};
use crate::store::{Claimed, State, is_uid};

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_764_000_000 + seconds).unwrap()
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
    (dir, store)
}

fn tick(store: &mut Store, address: &str, seconds: i64) {
    let target = (Address::parse(address).unwrap(), State::Done);
    store.set_states("backend", &[target], at(seconds)).unwrap();
}

/// Every group `from` holds, as it would travel.
fn travelling(from: &Store) -> Vec<SyncGroup> {
    from.unsent().unwrap()
}

fn sync_pair(a: &mut Store, b: &mut Store) {
    let (from_a, from_b) = (travelling(a), travelling(b));
    b.receive(&from_a, &[], &[]).unwrap();
    a.receive(&from_b, &[], &[]).unwrap();
}

#[test]
fn an_older_database_migrates_giving_every_group_an_identity_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let connection = Connection::open(&path).unwrap();
    for step in &schema::MIGRATIONS[..3] {
        connection.execute_batch(step).unwrap();
    }
    connection
        .execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 3;
             INSERT INTO groups (id, roadmap, at) VALUES (1, 'backend', 1764000000000);
             INSERT INTO events (grp, kind, address, old, new) VALUES (1, 'state', 'http/methods', 'todo', 'done');
             INSERT INTO groups (id, roadmap, at) VALUES (2, 'backend', 1764000001000);
             INSERT INTO events (grp, kind, address, old, new) VALUES (2, 'state', 'http/status', 'todo', 'done');"
        ))
        .unwrap();
    drop(connection);
    let mut store = Store::open(&path).unwrap();
    let device = store.device().unwrap().expect("a device id");
    assert!(is_uid(&device), "{device}");
    tick(&mut store, "http/verbs", 2);
    let groups = store.unsent().unwrap();
    assert_eq!(groups.len(), 3);
    for group in &groups {
        assert!(is_uid(&group.origin.uid), "{}", group.origin.uid);
        assert_eq!(&group.origin.uid[14..15], "7", "a UUIDv7");
        let millis = u64::from_str_radix(&group.origin.uid[..13].replace('-', ""), 16).unwrap();
        assert_eq!(
            millis as i64,
            group.at.as_millisecond(),
            "its time comes first"
        );
        assert_eq!(group.origin.device, device);
    }
}

#[test]
fn received_groups_apply_newer_wins_and_only_once() {
    let ((_a_dir, mut a), (_b_dir, mut b)) = (store(), store());
    tick(&mut a, "http/methods", 1);
    b.set_states(
        "backend",
        &[(Address::parse("http/methods").unwrap(), State::Skipped)],
        at(2),
    )
    .unwrap();
    let received = b.receive(&travelling(&a), &[], &[]).unwrap();
    assert_eq!(
        received,
        Received {
            groups: 1,
            milestones: 0,
            notes: 0
        },
        "older loses"
    );
    let received = a.receive(&travelling(&b), &[], &[]).unwrap();
    assert_eq!(
        received,
        Received {
            groups: 1,
            milestones: 1,
            notes: 0
        }
    );
    let again = a.receive(&travelling(&b), &[], &[]).unwrap();
    assert_eq!(
        again,
        Received::default(),
        "a group already here is passed over"
    );
    let address = Address::parse("http/methods").unwrap();
    assert_eq!(a.load("backend").unwrap().state(&address), State::Skipped);
    assert_eq!(b.load("backend").unwrap().state(&address), State::Skipped);
    let times = |store: &Store| -> Vec<Timestamp> {
        store
            .history("backend", 10)
            .unwrap()
            .iter()
            .map(|event| event.at)
            .collect()
    };
    assert_eq!(times(&a), times(&b));
    assert_eq!(times(&a), vec![at(2), at(1)]);
}

#[test]
fn a_note_removed_later_stays_removed_whatever_order_groups_arrive_in() {
    let ((_a_dir, mut a), (_b_dir, mut b), (_c_dir, mut c)) = (store(), store(), store());
    c.set_note("backend", "http", Some("draft"), at(1)).unwrap();
    a.receive(&travelling(&c), &[], &[]).unwrap();
    a.set_note("backend", "http", None, at(2)).unwrap();
    // b hears of the removal first, then of the older note.
    let removal: Vec<_> = travelling(&a)
        .into_iter()
        .filter(|g| g.at == at(2))
        .collect();
    b.receive(&removal, &[], &[]).unwrap();
    b.receive(&travelling(&c), &[], &[]).unwrap();
    c.receive(&removal, &[], &[]).unwrap();
    for store in [&a, &b, &c] {
        assert_eq!(store.load("backend").unwrap().notes.get("http"), None);
    }
}

#[test]
fn two_devices_undoing_the_same_group_agree_on_which_undo_holds_it() {
    let ((_a_dir, mut a), (_b_dir, mut b)) = (store(), store());
    tick(&mut a, "http/methods", 1);
    sync_pair(&mut a, &mut b);
    a.undo("backend", at(2)).unwrap().unwrap();
    b.undo("backend", at(3)).unwrap().unwrap();
    sync_pair(&mut a, &mut b);
    let undos = |store: &Store| -> Vec<(Timestamp, bool)> {
        let mut undos: Vec<_> = store
            .history("backend", 10)
            .unwrap()
            .into_iter()
            .map(|event| (event.at, event.is_undo))
            .collect();
        undos.sort();
        undos
    };
    assert_eq!(undos(&a), undos(&b));
    assert_eq!(
        undos(&a),
        vec![(at(1), false), (at(2), true), (at(3), false)]
    );
}

#[test]
fn a_backup_group_already_here_by_identity_is_not_added_again() {
    let (_dir, mut store) = store();
    tick(&mut store, "http/methods", 1);
    let mut snapshot = store.snapshot("backend").unwrap();
    // The same group, as a device that lost one of its rows would export it.
    snapshot.groups[0].changes[0] = crate::store::Change::State {
        address: Address::parse("http/methods").unwrap(),
        old: State::Todo,
        new: State::Skipped,
    };
    let imported = store
        .import("backend", &snapshot, crate::store::ImportMode::Merge, at(2))
        .unwrap();
    assert_eq!(imported.groups, 0);
    assert_eq!(store.history("backend", 10).unwrap().len(), 1);
}

#[test]
fn a_copied_database_claims_a_new_device_id_once_and_the_original_keeps_its_own() {
    let (dir, mut original) = store();
    tick(&mut original, "http/methods", 1);
    let first = original.claim_device().unwrap().unwrap();
    assert!(!first.renewed, "the id stays where it was given");
    drop(original);
    let copy_path = dir.path().join("copy.sqlite3");
    std::fs::copy(dir.path().join("progress.sqlite3"), &copy_path).unwrap();

    let mut copy = Store::open(&copy_path).unwrap();
    let claimed = copy.claim_device().unwrap().unwrap();
    assert!(claimed.renewed);
    assert_ne!(claimed.id, first.id);
    assert!(is_uid(&claimed.id), "{}", claimed.id);
    let again = copy.claim_device().unwrap().unwrap();
    assert_eq!(
        again,
        Claimed {
            id: claimed.id.clone(),
            renewed: false
        }
    );
    tick(&mut copy, "http/status", 2);
    let made_here = copy.unsent().unwrap().pop().unwrap();
    assert_eq!(
        made_here.origin.device, claimed.id,
        "new groups carry the new id"
    );

    let mut original = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
    assert_eq!(original.claim_device().unwrap().unwrap(), first);
}
