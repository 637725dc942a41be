//! What a topic's reviews say about the learner's memory of it, by FSRS.
//!
//! The scheduling is `rs-fsrs`'s, with its default parameters, no
//! short-term steps (trek schedules in days) and intervals capped at
//! [`MAX_INTERVAL_DAYS`]. The crate's own fuzz is off: it is seeded by the
//! review's time, so two topics learned together would stay together;
//! trek's [`fuzz`](super::fuzz) is seeded by the topic instead.
//!
//! A schedule is its whole history replayed, so one step must be cheap:
//! the crate's `FSRS::next` builds a boxed scheduler, formats a seed
//! string and fills a map of all four outcomes on every call. [`Scheduler`]
//! takes the same long-term path with the crate's own formulas
//! (`Parameters`) and works out only the outcomes the one asked for
//! depends on; a test holds it to `FSRS::next`, card for card.

use chrono::{DateTime, Duration, Utc};
use jiff::{SignedDuration, Timestamp};
use rs_fsrs::{Card, Parameters, Rating, State};

use super::fuzz::fuzzed;
use crate::store::RememberedCard;

/// No review is put off longer than this, however well a topic is known.
pub const MAX_INTERVAL_DAYS: i64 = 180;

/// The FSRS scheduler with the learner's target recall.
#[derive(Debug, Clone)]
pub struct Scheduler {
    parameters: Parameters,
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
        Scheduler { parameters }
    }

    /// The memory when a topic enters review at `at`: finishing a topic
    /// counts as learning it well, a first Good.
    pub fn start(&self, at: Timestamp) -> Memory {
        let card = self.next(&Card::default(), chrono(at), Rating::Good);
        Memory { card, ratings: 0 }
    }

    /// The memory after rating a review at `at`.
    pub fn rate(&self, memory: &Memory, at: Timestamp, rating: Rating) -> Memory {
        Memory {
            card: self.next(&memory.card, chrono(at), rating),
            ratings: memory.ratings + 1,
        }
    }

    /// The card after rating `last` at `now`: what `FSRS::next` returns
    /// with short-term steps and fuzz off.
    fn next(&self, last: &Card, now: DateTime<Utc>, rating: Rating) -> Card {
        let parameters = &self.parameters;
        let new = last.state == State::New;
        let elapsed_days = if new {
            0
        } else {
            (now - last.last_review).num_days()
        };
        let retrievability = last.get_retrievability(now);
        let stability = |rating: Rating| match (new, rating) {
            (true, _) => parameters.init_stability(rating),
            (false, Rating::Again) => {
                parameters.next_forget_stability(last.difficulty, last.stability, retrievability)
            }
            (false, _) => parameters.next_recall_stability(
                last.difficulty,
                last.stability,
                retrievability,
                rating,
            ),
        };
        // The crate keeps Again no longer than Hard, then each better
        // rating at least a day past the one below: a rating's interval
        // needs those below it, and Again's needs Hard's.
        let asked = rating as usize - 1;
        let mut stabilities = [0.0; 4];
        let mut intervals = [0.0; 4];
        for index in 0..=asked.max(1) {
            stabilities[index] = stability(RATINGS[index]);
            intervals[index] = parameters.next_interval(stabilities[index], elapsed_days);
        }
        intervals[0] = intervals[0].min(intervals[1]);
        for index in 1..=asked {
            intervals[index] = intervals[index].max(intervals[index - 1] + 1.0);
        }
        let (stability, interval) = (stabilities[asked], intervals[asked]);
        let days = interval as i64;
        Card {
            due: now + Duration::days(days),
            stability,
            difficulty: if new {
                parameters.init_difficulty(rating)
            } else {
                parameters.next_difficulty(last.difficulty, rating)
            },
            elapsed_days,
            scheduled_days: days,
            reps: last.reps + 1,
            lapses: last.lapses + i32::from(!new && rating == Rating::Again),
            state: State::Review,
            last_review: now,
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

impl Memory {
    /// The memory as the review cache keeps it.
    pub fn to_stored(&self) -> RememberedCard {
        let card = &self.card;
        RememberedCard {
            ratings: i64::from(self.ratings),
            due: jiff(card.due),
            stability: card.stability,
            difficulty: card.difficulty,
            elapsed_days: card.elapsed_days,
            scheduled_days: card.scheduled_days,
            reps: i64::from(card.reps),
            lapses: i64::from(card.lapses),
            state: card.state as i64,
            learned: jiff(card.last_review),
        }
    }

    /// The memory a cache row holds; `None` when the row is not one
    /// [`Memory::to_stored`] could have written.
    pub fn from_stored(stored: &RememberedCard) -> Option<Memory> {
        let state = match stored.state {
            0 => State::New,
            1 => State::Learning,
            2 => State::Review,
            3 => State::Relearning,
            _ => return None,
        };
        let card = Card {
            due: chrono(stored.due),
            stability: stored.stability,
            difficulty: stored.difficulty,
            elapsed_days: stored.elapsed_days,
            scheduled_days: stored.scheduled_days,
            reps: stored.reps.try_into().ok()?,
            lapses: stored.lapses.try_into().ok()?,
            state,
            last_review: chrono(stored.learned),
        };
        Some(Memory {
            card,
            ratings: stored.ratings.try_into().ok()?,
        })
    }
}

fn chrono(at: Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(at.as_millisecond()).unwrap_or_default()
}

fn jiff(at: DateTime<Utc>) -> Timestamp {
    Timestamp::from_millisecond(at.timestamp_millis()).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rs_fsrs::FSRS;

    use super::*;

    /// Hours between reviews, from the same hour to well past the cap.
    fn history() -> impl Strategy<Value = Vec<(i64, usize)>> {
        prop::collection::vec((0i64..24 * 400, 0usize..4), 1..40)
    }

    proptest! {
        #[test]
        fn every_step_is_the_card_the_crate_itself_gives(
            retention in 0.70f64..0.97,
            start in 1_600_000_000_000i64..1_900_000_000_000,
            history in history(),
        ) {
            let scheduler = Scheduler::new(retention);
            let fsrs = FSRS::new(scheduler.parameters.clone());
            let mut at = DateTime::from_timestamp_millis(start).unwrap_or_default();
            let mut ours = Card::default();
            let mut theirs = Card::default();
            for (hours, rating) in history {
                at += Duration::hours(hours);
                ours = scheduler.next(&ours, at, RATINGS[rating]);
                theirs = fsrs.next(theirs, at, RATINGS[rating]).card;
                prop_assert_eq!(&ours, &theirs);
            }
        }
    }
}
