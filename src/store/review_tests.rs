//! Reviews in the store: events like any other, so history, undo, backups
//! and merges carry them.

use jiff::Timestamp;

use super::{Change, ImportMode, ReviewMark, ReviewRecord, State, Store};
use crate::roadmap::Address;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + seconds).unwrap()
}

fn review(store: &mut Store, topic: &str, mark: ReviewMark, seconds: i64) -> Vec<Change> {
    store
        .review("backend", topic, mark, &[], at(seconds))
        .unwrap()
}

fn marks(store: &Store, topic: &str) -> Vec<ReviewRecord> {
    let progress = store.load("backend").unwrap();
    progress.reviews.get(topic).cloned().unwrap_or_default()
}

#[test]
fn a_review_is_one_group_in_the_log_with_the_milestones_it_reopened() {
    let mut store = Store::open_in_memory();
    let methods = Address::new("http", "methods");
    store
        .set_states("backend", &[(methods.clone(), State::Done)], at(1))
        .unwrap();
    let changes = store
        .review(
            "backend",
            "http",
            ReviewMark::Again,
            &[methods.clone(), Address::new("http", "status")],
            at(2),
        )
        .unwrap();
    assert_eq!(
        changes.len(),
        2,
        "the mark and the one milestone that was done"
    );
    let history = store.history("backend", 10).unwrap();
    assert_eq!(history[0].group, history[1].group);
    assert_eq!(store.load("backend").unwrap().state(&methods), State::Todo);
    let mark = ReviewRecord {
        at: at(2),
        mark: ReviewMark::Again,
    };
    assert_eq!(marks(&store, "http"), vec![mark]);
}

#[test]
fn undo_takes_back_the_newest_review_and_what_it_reopened() {
    let mut store = Store::open_in_memory();
    let methods = Address::new("http", "methods");
    store
        .set_states("backend", &[(methods.clone(), State::Done)], at(1))
        .unwrap();
    review(&mut store, "http", ReviewMark::Good, 2);
    store
        .review(
            "backend",
            "http",
            ReviewMark::Again,
            std::slice::from_ref(&methods),
            at(3),
        )
        .unwrap();
    let undone = store.undo("backend", at(4)).unwrap().unwrap();
    assert_eq!(undone.made_at, at(3));
    let progress = store.load("backend").unwrap();
    assert_eq!(progress.state(&methods), State::Done);
    let good = ReviewRecord {
        at: at(2),
        mark: ReviewMark::Good,
    };
    assert_eq!(progress.reviews["http"], vec![good]);
}

#[test]
fn progress_kept_in_memory_reads_as_a_fresh_load_after_reviews_and_undo() {
    let mut store = Store::open_in_memory();
    let mut progress = store.load("backend").unwrap();
    for (seconds, mark) in [(1, ReviewMark::Added), (2, ReviewMark::Good)] {
        let changes = review(&mut store, "sql", mark, seconds);
        progress.apply(&changes, at(seconds));
        assert_eq!(progress, store.load("backend").unwrap());
    }
    let undone = store.undo("backend", at(3)).unwrap().unwrap();
    progress.apply_undo(&undone, at(3));
    assert_eq!(progress, store.load("backend").unwrap());
    assert_eq!(marks(&store, "sql").len(), 1);
}

#[test]
fn reviews_round_trip_through_a_snapshot_and_merge_once() {
    let mut here = Store::open_in_memory();
    review(&mut here, "http", ReviewMark::Added, 1);
    review(&mut here, "http", ReviewMark::Good, 2);
    let mut there = Store::open_in_memory();
    review(&mut there, "http", ReviewMark::Hard, 3);
    review(&mut there, "sql", ReviewMark::Easy, 4);
    there.undo("backend", at(5)).unwrap();
    let snapshot = there.snapshot("backend").unwrap();
    for _ in 0..2 {
        here.import("backend", &snapshot, ImportMode::Merge, at(6))
            .unwrap();
    }
    let marks_of = |topic| -> Vec<ReviewMark> {
        marks(&here, topic)
            .iter()
            .map(|record| record.mark)
            .collect()
    };
    assert_eq!(
        marks_of("http"),
        [ReviewMark::Added, ReviewMark::Good, ReviewMark::Hard]
    );
    assert!(
        marks_of("sql").is_empty(),
        "undone there, so not here either"
    );
    assert_eq!(here.snapshot("backend").unwrap().groups.len(), 5);
}
