//! What a topic's reviews say about the learner's memory of it, by FSRS.
//!
//! The scheduling is `rs-fsrs`'s, with its default parameters, no
//! short-term steps (trek schedules in days) and intervals capped at
//! [`MAX_INTERVAL_DAYS`]. The crate's own fuzz is off: it is seeded by the
//! review's time, so two topics learned together would stay together;
//! trek's [`fuzz`](super::fuzz) is seeded by the topic instead.

use chrono::{DateTime, Utc};
use jiff::{SignedDuration, Timestamp};
use rs_fsrs::{Card, FSRS, Parameters, Rating};

use super::fuzz::fuzzed;

/// No review is put off longer than this, however well a topic is known.
pub const MAX_INTERVAL_DAYS: i64 = 180;

/// The FSRS scheduler with the learner's target recall.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
}

/// The memory of one topic after its reviews so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Memory {
    card: Card,
    /// Ratings so far, the completion that started the schedule not counted.
    pub ratings: u32,
}

/// One of the four answers to "how well did you recall it?".
pub const RATINGS: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

impl Scheduler {
    /// A scheduler aiming for `retention` (0.70 to 0.97) recall when a
    /// review comes due.
    pub fn new(retention: f64) -> Self {
        let parameters = Parameters {
            request_retention: retention,
            maximum_interval: MAX_INTERVAL_DAYS as i32,
            enable_short_term: false,
            enable_fuzz: false,
            ..Parameters::default()
        };
        Scheduler {
            fsrs: FSRS::new(parameters),
        }
    }

    /// The memory when a topic enters review at `at`: finishing a topic
    /// counts as learning it well, a first Good.
    pub fn start(&self, at: Timestamp) -> Memory {
        let card = self
            .fsrs
            .next(Card::default(), chrono(at), Rating::Good)
            .card;
        Memory { card, ratings: 0 }
    }

    /// The memory after rating a review at `at`.
    pub fn rate(&self, memory: &Memory, at: Timestamp, rating: Rating) -> Memory {
        let card = self.fsrs.next(memory.card.clone(), chrono(at), rating).card;
        Memory {
            card,
            ratings: memory.ratings + 1,
        }
    }
}

impl Memory {
    /// When the topic was last learned or reviewed.
    pub fn last(&self) -> Timestamp {
        jiff(self.card.last_review)
    }

    /// The interval FSRS gives, in days, before trek's fuzz. Capped here
    /// too: the crate caps each rating's interval, then pushes Hard, Good
    /// and Easy a day past the one before, which can cross the cap.
    pub fn interval_days(&self) -> i64 {
        self.card.scheduled_days.min(MAX_INTERVAL_DAYS)
    }

    /// When the next review comes due, before any per-day cap: the
    /// interval, fuzzed by topic, after the last review.
    pub fn due(&self, topic: &str) -> Timestamp {
        let days = fuzzed(self.interval_days(), topic, self.ratings);
        self.last()
            .saturating_add(SignedDuration::from_hours(24 * days))
            .unwrap_or(Timestamp::MAX)
    }

    /// The chance, 0 to 1, that the learner recalls the topic at `now`.
    pub fn recall(&self, now: Timestamp) -> f64 {
        self.card.get_retrievability(chrono(now)).clamp(0.0, 1.0)
    }
}

fn chrono(at: Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(at.as_millisecond()).unwrap_or_default()
}

fn jiff(at: DateTime<Utc>) -> Timestamp {
    Timestamp::from_millisecond(at.timestamp_millis()).unwrap_or(Timestamp::UNIX_EPOCH)
}
