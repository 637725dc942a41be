//! The review queue's side of the store's review cache: which rows can
//! stand in for a topic's reviews, and the rows to write, both by the
//! queue's own rules ([`super::replay`], [`super::completion`]), so the
//! cache holds nothing a replay would not give.

use std::borrow::Borrow;

use rustc_hash::FxHashSet;

use super::{Scheduler, Settings, completion, last_rating, recalled, replay};
use crate::progress::phase_summaries;
use crate::roadmap::Roadmap;
use crate::store::{Progress, Remember, Remembered};

/// The review cache of one roadmap under the learner's settings.
pub struct Remembering<R> {
    roadmap: R,
    settings: Settings,
}

impl<R: Borrow<Roadmap>> Remembering<R> {
    /// The cache of `roadmap`, scheduled with `settings`.
    pub fn new(roadmap: R, settings: Settings) -> Self {
        Remembering { roadmap, settings }
    }
}

impl<R: Borrow<Roadmap> + Send> Remember for Remembering<R> {
    fn misses(&self, progress: &Progress, stale: &FxHashSet<String>) -> Vec<String> {
        let roadmap = self.roadmap.borrow();
        let phases = phase_summaries(roadmap, progress);
        let mut misses = Vec::new();
        for (phase, summary) in roadmap.phases.iter().zip(&phases) {
            for (topic, counted) in phase.topics.iter().zip(&summary.topics) {
                let miss = stale.contains(&topic.id)
                    || progress.remembered.get(&topic.id).is_some_and(|row| {
                        let completed = completion(topic, progress, counted.counts.complete());
                        recalled(row, self.settings.retention, completed).is_none()
                    });
                if miss {
                    misses.push(topic.id.clone());
                }
            }
        }
        misses
    }

    fn remember(&self, progress: &Progress, topics: &[String]) -> Vec<(String, Remembered)> {
        let roadmap = self.roadmap.borrow();
        let wanted: FxHashSet<&str> = topics.iter().map(String::as_str).collect();
        let phases = phase_summaries(roadmap, progress);
        let scheduler = Scheduler::new(self.settings.retention);
        let mut rows = Vec::new();
        for (phase, summary) in roadmap.phases.iter().zip(&phases) {
            for (topic, counted) in phase.topics.iter().zip(&summary.topics) {
                if !wanted.contains(topic.id.as_str()) {
                    continue;
                }
                let completed = completion(topic, progress, counted.counts.complete());
                let marks = progress
                    .reviews
                    .get(&topic.id)
                    .map_or(&[][..], Vec::as_slice);
                let row = Remembered {
                    retention: self.settings.retention,
                    completed,
                    last_review: last_rating(marks),
                    card: replay(&scheduler, completed, marks).map(|memory| memory.to_stored()),
                };
                rows.push((topic.id.clone(), row));
            }
        }
        rows
    }
}
