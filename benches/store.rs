//! The progress store under load: one check on a large database, and loading
//! everything recorded for the bundled roadmap.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use rusqlite::Connection;
use trek::roadmap::{Address, RoadmapSource, load};
use trek::store::{State, Store};

/// A database with 100,000 states and 1,000,000 events for roadmap "big",
/// written in bulk with SQL, as years of heavy use would leave it.
fn large_database(path: &std::path::Path) {
    drop(Store::open(path).expect("create database"));
    let mut connection = Connection::open(path).expect("open for bulk load");
    let transaction = connection.transaction().expect("transaction");
    transaction
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
             INSERT INTO states (roadmap, address, state, changed_at)
             SELECT 'big', 't' || (i / 10) || '/m' || (i % 10), 'done', 1700000000000 + i FROM n;
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
             INSERT INTO groups (id, roadmap, at) SELECT i + 1, 'big', 1700000000000 + i FROM n;
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999999)
             INSERT INTO events (grp, kind, address, old, new)
             SELECT (i / 10) + 1, 'state', 't' || (i / 100) % 10000 || '/m' || (i % 10),
                    'todo', 'done' FROM n;",
        )
        .expect("bulk load");
    transaction.commit().expect("commit");
}

fn check_one_address_on_a_large_database(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("big.sqlite3");
    large_database(&path);
    let mut store = Store::open(&path).expect("open");
    let address = Address::new("t42", "m7");
    let mut state = State::Todo;
    c.bench_function("check one address (100k states, 1M events)", |b| {
        b.iter(|| {
            // Alternate so that every iteration is a real change.
            state = if state == State::Done {
                State::Todo
            } else {
                State::Done
            };
            let targets = [(address.clone(), state)];
            store
                .set_states("big", black_box(&targets), Timestamp::now())
                .expect("write")
        })
    });
}

fn load_bundled_progress(c: &mut Criterion) {
    let roadmap = load(&RoadmapSource::Bundled).expect("bundled roadmap");
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut store = Store::open(&dir.path().join("p.sqlite3")).expect("open");
    // Every milestone touched, most of them twice: a few hundred events.
    let addresses: Vec<Address> = roadmap.addresses().collect();
    for (index, address) in addresses.iter().enumerate() {
        let at = Timestamp::from_second(1_790_000_000 + index as i64 * 3600).expect("time");
        store
            .set_states(&roadmap.id, &[(address.clone(), State::Skipped)], at)
            .expect("write");
        if index % 3 != 0 {
            store
                .set_states(&roadmap.id, &[(address.clone(), State::Done)], at)
                .expect("write");
        }
    }
    store
        .set_note(
            &roadmap.id,
            "http",
            Some("Read RFC 9110."),
            Timestamp::now(),
        )
        .expect("note");
    c.bench_function("load all progress for the bundled roadmap", |b| {
        b.iter(|| store.load(black_box(&roadmap.id)).expect("load"))
    });
}

criterion_group!(
    benches,
    check_one_address_on_a_large_database,
    load_bundled_progress
);
criterion_main!(benches);
