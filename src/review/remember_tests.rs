//! The review cache never disagrees with a replay: after every kind of
//! write, the queue built from the cache is the queue built from every
//! review.

use jiff::{SignedDuration, Timestamp, Zoned};

use super::*;
use crate::progress::fixtures::{at, trek};
use crate::roadmap::Address;
use crate::store::ReviewMark::{self, Added, Again, Dropped, Easy, Good, Hard};
use crate::store::{ImportMode, Store};

const MARKS: [ReviewMark; 6] = [Again, Hard, Good, Easy, Added, Dropped];
const TOPICS: [&str; 4] = ["http", "sql", "rest", "language"];
const MILESTONES: [&str; 7] = [
    "http/methods",
    "http/status",
    "sql/select",
    "sql/joins",
    "rest/resources",
    "rest/pagination",
    "language/rust",
];

/// A store on disk that keeps the cache, as every writing command opens it.
fn store(dir: &tempfile::TempDir, name: &str, roadmap: &Roadmap) -> Store {
    Store::open(&dir.path().join(name))
        .unwrap()
        .following(roadmap)
        .remembering(Box::new(Remembering::new(
            roadmap.clone(),
            Settings::default(),
        )))
}

/// Asserts the queue from the cache is the queue from every review, with
/// the learner's settings and with another retention; says whether the
/// cache stood in for the reviews.
fn agrees(store: &Store, roadmap: &Roadmap, now: &Zoned, what: &str) -> bool {
    let mut used = false;
    let other = Settings {
        retention: 0.8,
        per_day: 2,
    };
    for settings in [Settings::default(), other] {
        let full = store.load(&roadmap.id).unwrap();
        let remembering = Remembering::new(roadmap, settings);
        let cached = store.load_remembered(&roadmap.id, &remembering).unwrap();
        let expected = Queue::build(roadmap, &full, now, settings);
        let got = Queue::build(roadmap, &cached, now, settings);
        assert_eq!(got.entries, expected.entries, "after {what}");
        used |= !cached.remembered.is_empty();
    }
    used
}

/// A small deterministic generator, so a failure names its seed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % sides as u64) as usize
    }
}

fn address(text: &str) -> Address {
    Address::parse(text).unwrap()
}

#[test]
fn the_cache_agrees_with_a_replay_after_every_kind_of_write() {
    let roadmap = trek();
    let id = roadmap.id.clone();
    let mut used = 0;
    for seed in 0..12 {
        let dir = tempfile::tempdir().unwrap();
        let mut mine = store(&dir, "mine.sqlite3", &roadmap);
        let mut theirs = store(&dir, "theirs.sqlite3", &roadmap);
        let mut dice = Dice(seed);
        let mut now = at("2026-03-01T09:00:00Z");
        let mut replaced = false;
        for step in 0..60 {
            now = now
                .saturating_add(SignedDuration::from_hours(dice.roll(24 * 9) as i64))
                .unwrap();
            let topic = TOPICS[dice.roll(TOPICS.len())];
            let milestone = address(MILESTONES[dice.roll(MILESTONES.len())]);
            let what = match dice.roll(10) {
                0 | 1 => {
                    let mark = MARKS[dice.roll(MARKS.len())];
                    let reopen = if mark == Again {
                        vec![milestone]
                    } else {
                        vec![]
                    };
                    mine.review(&id, topic, mark, &reopen, now).unwrap();
                    "a rating"
                }
                2 => {
                    let state = [State::Done, State::Todo, State::Skipped][dice.roll(3)];
                    mine.set_states(&id, &[(milestone, state)], now).unwrap();
                    "a check"
                }
                3 => {
                    mine.undo(&id, now).unwrap();
                    "an undo"
                }
                4 => {
                    mine.redo(&id, now).unwrap();
                    "a redo"
                }
                5 => {
                    let mark = MARKS[dice.roll(MARKS.len())];
                    theirs.review(&id, topic, mark, &[], now).unwrap();
                    theirs
                        .set_states(&id, &[(milestone, State::Done)], now)
                        .unwrap();
                    "a change elsewhere"
                }
                6 => {
                    let snapshot = theirs.snapshot(&id).unwrap();
                    mine.import(&id, &snapshot, ImportMode::Merge, now).unwrap();
                    "an import"
                }
                // Once: a second replace of the same file is refused by
                // a foreign key, with or without the cache.
                7 if !replaced => {
                    replaced = true;
                    let snapshot = theirs.snapshot(&id).unwrap();
                    mine.import(&id, &snapshot, ImportMode::Replace, now)
                        .unwrap();
                    "an import --replace"
                }
                _ => {
                    let (to_theirs, to_mine) = (mine.unsent().unwrap(), theirs.unsent().unwrap());
                    theirs.receive(&to_theirs, &[], &[]).unwrap();
                    mine.receive(&to_mine, &[], &[]).unwrap();
                    "a sync"
                }
            };
            let today = now.to_zoned(jiff::tz::TimeZone::UTC);
            let what = format!("{what} (seed {seed}, step {step})");
            used += usize::from(agrees(&mine, &roadmap, &today, &what));
            agrees(&theirs, &roadmap, &today, &what);
        }
    }
    assert!(used > 12 * 30, "the cache stood in only {used} times");
}

#[test]
fn reviews_made_before_the_cache_are_replayed_until_a_write_fills_it() {
    let roadmap = trek();
    let dir = tempfile::tempdir().unwrap();
    let mut mine = store(&dir, "mine.sqlite3", &roadmap);
    let now = at("2026-03-01T09:00:00Z");
    let done = [address("rest/resources"), address("rest/pagination")].map(|a| (a, State::Done));
    mine.set_states(&roadmap.id, &done, now).unwrap();
    mine.review(&roadmap.id, "rest", Good, &[], now).unwrap();
    drop(mine);
    // What an older trek left: its reviews, and no cache.
    let older = rusqlite::Connection::open(dir.path().join("mine.sqlite3")).unwrap();
    older
        .execute_batch("UPDATE review_memory SET fresh = 0, retention = NULL")
        .unwrap();
    drop(older);
    let reader = Store::open_read_only(&dir.path().join("mine.sqlite3"))
        .unwrap()
        .unwrap();
    let today = utc_days_later(now, 3);
    assert!(!agrees(&reader, &roadmap, &today, "no write"), "replayed");
    drop(reader);
    let mut mine = store(&dir, "mine.sqlite3", &roadmap);
    mine.review(&roadmap.id, "rest", Hard, &[], now).unwrap();
    assert!(agrees(&mine, &roadmap, &today, "a rating"), "filled");
}

#[test]
fn a_roadmap_edit_that_changes_completion_is_a_miss_not_a_stale_answer() {
    let roadmap = trek();
    let dir = tempfile::tempdir().unwrap();
    let mut mine = store(&dir, "mine.sqlite3", &roadmap);
    let now = at("2026-03-01T09:00:00Z");
    let done = [address("rest/resources"), address("rest/pagination")].map(|a| (a, State::Done));
    mine.set_states(&roadmap.id, &done, now).unwrap();
    mine.review(&roadmap.id, "sql", Added, &[], now).unwrap();
    let today = utc_days_later(now, 3);
    assert!(agrees(&mine, &roadmap, &today, "a rating"));
    // A milestone added to `rest` makes it incomplete: no longer in review.
    let mut edited = trek();
    let rest = edited.phases[2].topics[0].clone();
    let mut more = rest.milestones[0].clone();
    more.id = "versioning".to_owned();
    edited.phases[2].topics[0].milestones.push(more);
    agrees(&mine, &edited, &today, "an edit");
    let full = mine.load(&roadmap.id).unwrap();
    let queue = Queue::build(&edited, &full, &today, Settings::default());
    assert!(queue.get("rest").is_none() && queue.get("sql").is_some());
}

fn utc_days_later(from: Timestamp, days: i64) -> Zoned {
    from.saturating_add(SignedDuration::from_hours(24 * days))
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
}

#[test]
fn a_group_changed_by_any_writer_leaves_the_rows_of_its_reviews_stale() {
    let roadmap = trek();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.sqlite3");
    let now = at("2026-03-01T09:00:00Z");
    let today = utc_days_later(now, 40);
    let rate = |mark: ReviewMark, days: i64| {
        let mut mine = store(&dir, "mine.sqlite3", &roadmap);
        let when = utc_days_later(now, days).timestamp();
        mine.review(&roadmap.id, "sql", mark, &[], when).unwrap();
        assert!(agrees(&mine, &roadmap, &today, "a rating"), "filled");
    };
    let raw = |sql: &str, what: &str| {
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        let reader = Store::open_read_only(&path).unwrap().unwrap();
        assert!(!agrees(&reader, &roadmap, &today, what), "{what}: replayed");
    };
    rate(Added, 0);
    rate(Good, 5);
    let newest = "(SELECT max(grp) FROM events WHERE kind = 'review')";
    raw(
        &format!("INSERT INTO groups (roadmap, at, reverts) VALUES ('backend', 0, {newest})"),
        "an undo with no events",
    );
    rate(Easy, 9);
    raw(
        "DELETE FROM groups WHERE reverts IS NOT NULL",
        "an undo taken away",
    );
    rate(Hard, 12);
    raw(
        &format!("UPDATE groups SET at = at + 86400000 * 20 WHERE id = {newest}"),
        "a group moved in time",
    );
}
