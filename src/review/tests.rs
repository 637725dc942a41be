use jiff::{SignedDuration, Timestamp};
use rs_fsrs::{Card, FSRS, Parameters, Rating};

use super::*;
use crate::progress::fixtures::{Learner, at, milestone, phase, roadmap, topic, trek, utc};
use crate::store::ReviewMark::{self, Added, Again, Dropped, Good};

/// The crate itself, set up as trek sets it up, to hold trek to it.
fn crate_fsrs() -> FSRS {
    FSRS::new(Parameters {
        maximum_interval: 180,
        enable_short_term: false,
        enable_fuzz: false,
        ..Parameters::default()
    })
}

fn chrono(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(at(text).as_millisecond()).unwrap()
}

fn finished_rest(learner: &mut Learner, when: &str) {
    learner
        .tick("rest/resources", when)
        .tick("rest/pagination", when);
}

fn queue<'r>(roadmap: &'r Roadmap, learner: &Learner, when: &str) -> Queue<'r> {
    Queue::build(roadmap, &learner.progress, &utc(when), Settings::default())
}

fn day(text: &str) -> Date {
    text.parse().unwrap()
}

fn plus_days(at: Timestamp, days: i64) -> String {
    at.saturating_add(SignedDuration::from_hours(24 * days))
        .unwrap()
        .to_string()
}

#[test]
fn a_topic_enters_review_when_it_becomes_complete_and_not_before() {
    let trek = trek();
    let mut learner = Learner::new();
    learner.tick("rest/resources", "2026-03-01T09:00:00Z");
    assert!(
        queue(&trek, &learner, "2026-03-01T10:00:00Z")
            .entries
            .is_empty()
    );
    learner.tick("rest/pagination", "2026-03-02T09:00:00Z");
    let queue = queue(&trek, &learner, "2026-03-02T10:00:00Z");
    let entry = queue.get("rest").expect("rest is in review");
    assert_eq!(entry.memory.last(), at("2026-03-02T09:00:00Z"));
    assert_eq!(entry.last_review, None);
    assert!(
        entry.due > day("2026-03-03"),
        "not due the next day: {entry:?}"
    );
    assert_eq!(queue.recall_estimate(), None, "nothing reviewed yet");
}

#[test]
fn good_three_times_over_weeks_comes_due_later_each_time_as_the_crate_says() {
    let trek = trek();
    let mut learner = Learner::new();
    finished_rest(&mut learner, "2026-03-01T09:00:00Z");
    let fsrs = crate_fsrs();
    let mut card = fsrs
        .next(
            Card::default(),
            chrono("2026-03-01T09:00:00Z"),
            Rating::Good,
        )
        .card;
    let mut intervals = Vec::new();
    let mut when = plus_days(at("2026-03-01T09:00:00Z"), card.scheduled_days);
    for _ in 0..3 {
        learner.review("rest", Good, &[], &when);
        card = fsrs.next(card, chrono(&when), Rating::Good).card;
        let queue = queue(&trek, &learner, &when);
        let entry = queue.get("rest").unwrap();
        assert_eq!(entry.memory.interval_days(), card.scheduled_days);
        let due = entry.memory.due("rest");
        let fuzz = fuzz::fuzzed(card.scheduled_days, "rest", entry.memory.ratings);
        assert_eq!(due.to_string(), plus_days(at(&when), fuzz));
        intervals.push(card.scheduled_days);
        when = due.to_string();
    }
    assert!(
        intervals.windows(2).all(|pair| pair[0] < pair[1]),
        "{intervals:?}"
    );
    let queue = queue(&trek, &learner, &when);
    assert!(queue.get("rest").unwrap().is_due(queue.today));
    assert!(queue.recall_estimate().is_some());
}

#[test]
fn again_comes_back_sooner_than_good_and_reopens_what_was_forgotten() {
    let trek = trek();
    let mut learner = Learner::new();
    finished_rest(&mut learner, "2026-03-01T09:00:00Z");
    learner.review("rest", Good, &[], "2026-03-04T09:00:00Z");
    let before = queue(&trek, &learner, "2026-03-20T09:00:00Z");
    let preview = before.preview(before.get("rest").unwrap(), at("2026-03-20T09:00:00Z"));
    let [(_, again), _, (_, good), _] = preview;
    assert!(again < good, "{preview:?}");

    let mut kept = Learner::new();
    finished_rest(&mut kept, "2026-03-01T09:00:00Z");
    kept.review("rest", Good, &[], "2026-03-04T09:00:00Z")
        .review("rest", Again, &[], "2026-03-20T09:00:00Z");
    let after = queue(&trek, &kept, "2026-03-20T09:00:01Z");
    let due = after.get("rest").unwrap().memory.due("rest");
    assert_eq!(
        due.to_string(),
        plus_days(at("2026-03-20T09:00:00Z"), again),
        "as previewed"
    );

    learner.review("rest", Again, &["rest/pagination"], "2026-03-20T09:00:00Z");
    let progress = &learner.progress;
    let address = Address::new("rest", "pagination");
    assert_eq!(progress.state(&address), State::Todo, "reopened");
    let queue = queue(&trek, &learner, "2026-03-20T09:00:01Z");
    assert!(queue.get("rest").is_none(), "out of review until relearned");
}

#[test]
fn no_more_than_the_daily_number_fall_due_on_one_day() {
    let topics = (0..30)
        .map(|n| {
            topic(
                &format!("t{n}"),
                &format!("Topic {n}"),
                vec![milestone("m")],
            )
        })
        .collect();
    let roadmap = roadmap(vec![phase("all", [1, 4], topics)]);
    let mut learner = Learner::new();
    for n in 0..30 {
        learner.tick(&format!("t{n}/m"), "2026-03-01T09:00:00Z");
    }
    let queue = queue(&roadmap, &learner, "2026-03-01T10:00:00Z");
    assert_eq!(queue.entries.len(), 30);
    let mut per_day = std::collections::BTreeMap::new();
    for entry in &queue.entries {
        *per_day.entry(entry.due).or_insert(0) += 1;
    }
    assert!(per_day.values().all(|count| *count <= 5), "{per_day:?}");
    assert!(per_day.len() >= 6, "{per_day:?}");

    let late = Queue::build(
        &roadmap,
        &learner.progress,
        &utc("2026-06-01T10:00:00Z"),
        Settings {
            per_day: 7,
            ..Settings::default()
        },
    );
    assert_eq!(
        late.due().count(),
        7,
        "a day's number, however many are overdue"
    );
    let recalls: Vec<f64> = late.due().map(|entry| entry.recall).collect();
    assert!(
        recalls.windows(2).all(|pair| pair[0] <= pair[1]),
        "weakest first"
    );
}

#[test]
fn undoing_a_review_brings_back_the_schedule_before_it() {
    let trek = trek();
    let mut learner = Learner::new();
    finished_rest(&mut learner, "2026-03-01T09:00:00Z");
    learner.review("rest", Good, &[], "2026-03-04T09:00:00Z");
    let before = queue(&trek, &learner, "2026-03-10T09:00:00Z").entries;
    learner
        .review("rest", Good, &[], "2026-03-10T09:00:00Z")
        .undo("2026-03-10T09:01:00Z");
    assert_eq!(
        queue(&trek, &learner, "2026-03-10T09:00:00Z").entries,
        before
    );
}

#[test]
fn drop_takes_a_topic_out_and_add_puts_any_topic_in() {
    let trek = trek();
    let mut learner = Learner::new();
    finished_rest(&mut learner, "2026-03-01T09:00:00Z");
    learner.review("rest", Dropped, &[], "2026-03-02T09:00:00Z");
    assert!(
        queue(&trek, &learner, "2026-03-03T09:00:00Z")
            .get("rest")
            .is_none()
    );
    learner.review("sql", Added, &[], "2026-03-02T09:00:00Z");
    let queue = queue(&trek, &learner, "2026-03-03T09:00:00Z");
    assert!(queue.get("sql").is_some(), "added though not complete");
    let mark: ReviewMark = "drop".parse().unwrap();
    assert_eq!(mark, Dropped);
}

#[test]
fn completing_again_after_a_drop_starts_a_fresh_schedule() {
    let trek = trek();
    let mut learner = Learner::new();
    finished_rest(&mut learner, "2026-03-01T09:00:00Z");
    learner
        .review("rest", Good, &[], "2026-03-04T09:00:00Z")
        .review("rest", Dropped, &[], "2026-03-05T09:00:00Z")
        .untick("rest/pagination", "2026-03-06T09:00:00Z")
        .tick("rest/pagination", "2026-03-07T09:00:00Z");
    let queue = queue(&trek, &learner, "2026-03-07T10:00:00Z");
    let entry = queue.get("rest").expect("back in review");
    assert_eq!(entry.memory.ratings, 0);
    assert_eq!(entry.memory.last(), at("2026-03-07T09:00:00Z"));
}

#[test]
fn however_well_a_topic_is_known_it_comes_back_within_180_days() {
    let trek = trek();
    let mut learner = Learner::new();
    finished_rest(&mut learner, "2026-03-01T09:00:00Z");
    let mut when = at("2026-03-04T09:00:00Z");
    for _ in 0..12 {
        learner.review("rest", ReviewMark::Easy, &[], &when.to_string());
        let queue = queue(&trek, &learner, &when.to_string());
        let entry = queue.get("rest").unwrap();
        assert!(entry.memory.interval_days() <= MAX_INTERVAL_DAYS);
        let due = entry.memory.due("rest");
        assert!(due.duration_since(when) <= SignedDuration::from_hours(24 * 180));
        when = due;
    }
    let queue = queue(&trek, &learner, &when.to_string());
    assert_eq!(
        queue.get("rest").unwrap().memory.interval_days(),
        MAX_INTERVAL_DAYS
    );
}
