//! The review queue: which topics a learner should revisit, and when.
//!
//! Everything here is derived from what the store holds, with the clock
//! passed in: a topic enters review when it becomes complete (by the one
//! count rule) or when the learner adds it by hand, and leaves when they
//! drop it; its schedule is its standing ratings replayed through FSRS
//! ([`memory`]), so two machines holding the same reviews agree. At most
//! the learner's per-day number of topics falls due on one day: the rest
//! wait for the next day with room, weakest recall first.

mod fuzz;
mod memory;
mod remember;
#[cfg(test)]
mod remember_tests;
#[cfg(test)]
mod tests;
pub mod words;

use jiff::civil::Date;
use jiff::{Timestamp, Zoned};
use rs_fsrs::Rating;

use crate::config::Config;
use crate::progress::phase_summaries;
use crate::roadmap::{Address, Roadmap, Topic};
use crate::store::{Progress, Remembered, ReviewMark, ReviewRecord, State};

pub use memory::{MAX_INTERVAL_DAYS, Memory, RATINGS, Scheduler};
pub use remember::Remembering;

/// What the learner's settings say about reviews.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The recall a review aims to come due at, 0.70 to 0.97.
    pub retention: f64,
    /// At most this many topics fall due on one day.
    pub per_day: u32,
}

impl Settings {
    /// The settings file's `review_retention` and `review_per_day`.
    pub fn from_config(config: &Config) -> Self {
        Settings {
            retention: config.review_retention.get(),
            per_day: config.review_per_day.get(),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_config(&Config::default())
    }
}

/// One topic in review.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'r> {
    pub topic: &'r Topic,
    /// The day its schedule says, in the learner's zone.
    pub scheduled: Date,
    /// The day it is due: the scheduled day, or a later one when the
    /// per-day cap is reached, and never before today.
    pub due: Date,
    /// The chance, 0 to 1, that the learner recalls it now.
    pub recall: f64,
    /// The newest rating; `None` while it has never been reviewed.
    pub last_review: Option<Timestamp>,
    /// The memory its reviews so far built, to preview the next rating.
    pub memory: Memory,
}

impl Entry<'_> {
    /// Whether it is due on `today` or was due earlier.
    pub fn is_due(&self, today: Date) -> bool {
        self.due <= today
    }

    /// Whole days past its scheduled day by `today`; 0 until then.
    pub fn days_overdue(&self, today: Date) -> i64 {
        days_between(self.scheduled, today).max(0)
    }
}

/// Every topic in review, soonest due first and, on one day, weakest first.
#[derive(Debug, Clone)]
pub struct Queue<'r> {
    pub entries: Vec<Entry<'r>>,
    /// The learner's today, which "due" is counted against.
    pub today: Date,
    scheduler: Scheduler,
}

impl<'r> Queue<'r> {
    /// The queue of `roadmap` as `progress` stands at `now`.
    pub fn build(
        roadmap: &'r Roadmap,
        progress: &Progress,
        now: &Zoned,
        settings: Settings,
    ) -> Self {
        let phases = phase_summaries(roadmap, progress);
        Queue::with_completion(roadmap, progress, now, settings, |phase, topic| {
            phases[phase].topics[topic].counts.complete()
        })
    }

    /// [`Queue::build`] for a caller that has counted already:
    /// `complete(phase, topic)` says, by the count rule, whether the topic
    /// at those positions is complete.
    pub fn with_completion(
        roadmap: &'r Roadmap,
        progress: &Progress,
        now: &Zoned,
        settings: Settings,
        complete: impl Fn(usize, usize) -> bool,
    ) -> Self {
        let scheduler = Scheduler::new(settings.retention);
        let mut entries = Vec::new();
        let none = Vec::new();
        for (phase_index, phase) in roadmap.phases.iter().enumerate() {
            for (topic_index, topic) in phase.topics.iter().enumerate() {
                let completed = completion(topic, progress, complete(phase_index, topic_index));
                let marks = progress.reviews.get(&topic.id);
                let cached = progress
                    .remembered
                    .get(&topic.id)
                    .and_then(|row| recalled(row, settings.retention, completed));
                let (memory, last_review) = match (marks, cached) {
                    (None, Some(cached)) => cached,
                    _ => {
                        let marks = marks.unwrap_or(&none);
                        (replay(&scheduler, completed, marks), last_rating(marks))
                    }
                };
                let Some(memory) = memory else {
                    continue;
                };
                let scheduled = memory
                    .due(&topic.id)
                    .to_zoned(now.time_zone().clone())
                    .date();
                entries.push(Entry {
                    topic,
                    scheduled,
                    due: scheduled,
                    recall: memory.recall(now.timestamp()),
                    last_review,
                    memory,
                });
            }
        }
        let today = now.date();
        spread(&mut entries, today, settings.per_day);
        Queue {
            entries,
            today,
            scheduler,
        }
    }

    /// The topics due today or earlier, weakest first.
    pub fn due(&self) -> impl Iterator<Item = &Entry<'r>> {
        self.entries.iter().filter(|entry| entry.is_due(self.today))
    }

    /// The entry of one topic, if it is in review.
    pub fn get(&self, topic: &str) -> Option<&Entry<'r>> {
        self.entries.iter().find(|entry| entry.topic.id == topic)
    }

    /// The mean recall of the topics reviewed at least once; `None`
    /// before the first review.
    pub fn recall_estimate(&self) -> Option<f64> {
        let reviewed: Vec<f64> = self
            .entries
            .iter()
            .filter(|entry| entry.last_review.is_some())
            .map(|entry| entry.recall)
            .collect();
        (!reviewed.is_empty()).then(|| reviewed.iter().sum::<f64>() / reviewed.len() as f64)
    }

    /// The interval, in days, each rating of `entry` at `now` would lead to
    /// (Again, Hard, Good, Easy), fuzzed as the rating itself will be.
    pub fn preview(&self, entry: &Entry, now: Timestamp) -> [(Rating, i64); 4] {
        RATINGS.map(|rating| {
            let next = self.scheduler.rate(&entry.memory, now, rating);
            (
                rating,
                fuzz::fuzzed(next.interval_days(), &entry.topic.id, next.ratings),
            )
        })
    }
}

/// The rating a review mark stands for; `None` for add and drop.
pub fn rating(mark: ReviewMark) -> Option<Rating> {
    match mark {
        ReviewMark::Again => Some(Rating::Again),
        ReviewMark::Hard => Some(Rating::Hard),
        ReviewMark::Good => Some(Rating::Good),
        ReviewMark::Easy => Some(Rating::Easy),
        ReviewMark::Added | ReviewMark::Dropped => None,
    }
}

/// The memory of a topic in review; `None` when it is not in review.
///
/// The newest of its drop, its adds and its completion decides whether it
/// is in (a drop wins a tie). Its schedule starts at the
/// first way in after the last drop, and ratings since then replay in order.
fn replay(
    scheduler: &Scheduler,
    completed: Option<Timestamp>,
    marks: &[ReviewRecord],
) -> Option<Memory> {
    let last_drop = marks
        .iter()
        .rev()
        .find(|record| record.mark == ReviewMark::Dropped)
        .map(|record| record.at);
    let last_add = marks
        .iter()
        .rev()
        .find(|record| record.mark == ReviewMark::Added)
        .map(|record| record.at);
    let newest_in = last_add.max(completed)?;
    if last_drop.is_some_and(|dropped| dropped >= newest_in) {
        return None;
    }
    let since = |at: Timestamp| last_drop.is_none_or(|dropped| at > dropped);
    let first_in = marks
        .iter()
        .filter(|record| since(record.at) && record.mark != ReviewMark::Dropped)
        .map(|record| record.at)
        .chain(completed.filter(|at| since(*at)))
        .min()?;
    let mut memory = scheduler.start(first_in);
    for record in marks.iter().filter(|record| since(record.at)) {
        if let Some(rating) = rating(record.mark) {
            memory = scheduler.rate(&memory, record.at, rating);
        }
    }
    Some(memory)
}

/// The newest rating among `marks`.
fn last_rating(marks: &[ReviewRecord]) -> Option<Timestamp> {
    marks
        .iter()
        .rev()
        .find(|record| record.mark.is_rating())
        .map(|record| record.at)
}

/// What a cache row says of a topic's memory and newest rating, when the
/// replay it holds had the same inputs as one now would: `retention`, and
/// `completed`, the topic's completion time as [`completion`] gives it.
/// `None` when it cannot stand in for the topic's reviews.
fn recalled(
    row: &Remembered,
    retention: f64,
    completed: Option<Timestamp>,
) -> Option<(Option<Memory>, Option<Timestamp>)> {
    if row.retention.to_bits() != retention.to_bits() || row.completed != completed {
        return None;
    }
    match &row.card {
        Some(card) => Some((Some(Memory::from_stored(card)?), row.last_review)),
        None => Some((None, row.last_review)),
    }
}

/// When the topic became complete, as its schedule takes it: `None` while
/// it is not complete by the count rule (`complete` says).
fn completion(topic: &Topic, progress: &Progress, complete: bool) -> Option<Timestamp> {
    complete.then(|| completed_at(topic, progress)).flatten()
}

/// When the topic became complete: its latest milestone change that is
/// not back to todo. `None` when nothing was ever recorded for it.
fn completed_at(topic: &Topic, progress: &Progress) -> Option<Timestamp> {
    topic
        .milestones
        .iter()
        .filter_map(|milestone| progress.states.get(&Address::new(&topic.id, &milestone.id)))
        .filter(|record| record.state != State::Todo)
        .map(|record| record.changed_at)
        .max()
}

/// Sorts by day due, weakest first within a day, and moves what does not
/// fit in a day's `per_day` to the next day with room. Nothing overdue is
/// shown as due before today.
fn spread(entries: &mut [Entry], today: Date, per_day: u32) {
    for entry in entries.iter_mut() {
        entry.due = entry.due.max(today);
    }
    entries.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then(a.recall.total_cmp(&b.recall))
            .then_with(|| a.topic.id.cmp(&b.topic.id))
    });
    let per_day = per_day.max(1) as usize;
    let mut day = today;
    let mut taken = 0;
    for entry in entries.iter_mut() {
        if entry.due > day {
            day = entry.due;
            taken = 0;
        }
        if taken == per_day {
            day = day.tomorrow().unwrap_or(day);
            taken = 0;
        }
        entry.due = day;
        taken += 1;
    }
}

/// Whole days from `from` to `to`, negative when `to` is earlier.
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
}
