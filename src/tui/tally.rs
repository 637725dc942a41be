//! Counts per topic, per phase and overall, kept between frames.
//!
//! Counting a 100,000-milestone roadmap takes milliseconds, too slow to do
//! on every frame, so the view reads counts from here and a change recounts
//! only the topics it touched (and their phases). Topics are numbered in
//! roadmap order across phases ("flat" indices), which is also how the
//! search and the note editor name a topic.

use crate::progress::{Counts, phase_summaries, topic_counts};
use crate::roadmap::Roadmap;
use crate::store::Progress;

/// Where a topic sits: its phase and its position in that phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicAt {
    pub phase: usize,
    pub topic: usize,
}

/// What a recount found newly complete, the largest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reached {
    Trek,
    Phase(usize),
    Topic(TopicAt),
}

/// Cached counts of one roadmap.
pub struct Tally {
    /// Flat index of each phase's first topic.
    phase_start: Vec<usize>,
    topics: Vec<Counts>,
    phases: Vec<Counts>,
    overall: Counts,
}

impl Tally {
    /// Counts everything once.
    pub fn new(roadmap: &Roadmap, progress: &Progress) -> Self {
        let mut phase_start = Vec::with_capacity(roadmap.phases.len());
        let mut flat = 0;
        for phase in &roadmap.phases {
            phase_start.push(flat);
            flat += phase.topics.len();
        }
        let mut tally = Tally {
            phase_start,
            topics: Vec::new(),
            phases: Vec::new(),
            overall: Counts::default(),
        };
        tally.recount_all(roadmap, progress);
        tally
    }

    /// Recounts everything, after progress was reloaded.
    pub fn recount_all(&mut self, roadmap: &Roadmap, progress: &Progress) {
        let summaries = phase_summaries(roadmap, progress);
        self.phases = summaries.iter().map(|phase| phase.counts).collect();
        self.topics = summaries
            .iter()
            .flat_map(|phase| phase.topics.iter().map(|topic| topic.counts))
            .collect();
        self.overall = self.phases.iter().copied().sum();
    }

    /// Recounts the topics with these ids after a change, and says what
    /// the change completed (the largest thing first; nothing for a change
    /// that un-completed or completed nothing).
    pub fn recount<'a>(
        &mut self,
        roadmap: &Roadmap,
        progress: &Progress,
        topic_ids: impl IntoIterator<Item = &'a str>,
    ) -> Option<Reached> {
        let mut reached = None;
        let was_finished = self.overall.complete();
        for id in topic_ids {
            let Some((phase, index)) = roadmap.locate(id) else {
                continue;
            };
            let topic = &roadmap.phases[phase].topics[index];
            let at = TopicAt {
                phase,
                topic: index,
            };
            let flat = self.flat(at);
            let topic_was = self.topics[flat].complete();
            let phase_was = self.phases[at.phase].complete();
            self.topics[flat] = topic_counts(topic, progress);
            let end = self
                .phase_start
                .get(at.phase + 1)
                .copied()
                .unwrap_or(self.topics.len());
            self.phases[at.phase] = self.topics[self.phase_start[at.phase]..end]
                .iter()
                .copied()
                .sum();
            if !phase_was && self.phases[at.phase].complete() {
                reached = Some(Reached::Phase(at.phase));
            } else if !topic_was && self.topics[flat].complete() && reached.is_none() {
                reached = Some(Reached::Topic(at));
            }
        }
        self.overall = self.phases.iter().copied().sum();
        if !was_finished && self.overall.complete() {
            reached = Some(Reached::Trek);
        }
        reached
    }

    /// The flat index of a topic's position.
    pub fn flat(&self, at: TopicAt) -> usize {
        self.phase_start.get(at.phase).copied().unwrap_or(0) + at.topic
    }

    /// The position of a flat index.
    pub fn locate(&self, flat: usize) -> Option<TopicAt> {
        if flat >= self.topics.len() {
            return None;
        }
        let phase = self.phase_start.partition_point(|&start| start <= flat) - 1;
        Some(TopicAt {
            phase,
            topic: flat - self.phase_start[phase],
        })
    }

    /// A topic's counts; zero for a position the roadmap does not have.
    pub fn topic(&self, at: TopicAt) -> Counts {
        self.topics.get(self.flat(at)).copied().unwrap_or_default()
    }

    /// A phase's counts.
    pub fn phase(&self, phase: usize) -> Counts {
        self.phases.get(phase).copied().unwrap_or_default()
    }

    /// The whole trek's counts.
    pub fn overall(&self) -> Counts {
        self.overall
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::roadmap::Address;
    use crate::store::{State, StateRecord};
    use crate::tui::fixture::roadmap;

    fn set(progress: &mut Progress, address: &str, state: State) {
        let address = Address::parse(address).expect("fixture address");
        let record = StateRecord {
            state,
            changed_at: Timestamp::UNIX_EPOCH,
        };
        progress.states.insert(address, record);
    }

    #[test]
    fn positions_and_flat_indices_agree_across_phases() {
        let roadmap = roadmap();
        let tally = Tally::new(&roadmap, &Progress::default());
        let mut flat = 0;
        for (phase_index, phase) in roadmap.phases.iter().enumerate() {
            for (topic_index, topic) in phase.topics.iter().enumerate() {
                let at = TopicAt {
                    phase: phase_index,
                    topic: topic_index,
                };
                assert_eq!(tally.locate(flat), Some(at));
                assert_eq!(tally.flat(at), flat);
                assert_eq!(roadmap.locate(&topic.id), Some((phase_index, topic_index)));
                flat += 1;
            }
        }
        assert_eq!(tally.locate(flat), None);
    }

    #[test]
    fn recounting_a_topic_reports_the_largest_thing_it_completed() {
        let roadmap = roadmap();
        let mut progress = Progress::default();
        let mut tally = Tally::new(&roadmap, &progress);
        set(&mut progress, "http/methods", State::Done);
        assert_eq!(tally.recount(&roadmap, &progress, ["http"]), None);
        set(&mut progress, "http/status", State::Done);
        let http = TopicAt { phase: 0, topic: 0 };
        assert_eq!(
            tally.recount(&roadmap, &progress, ["http"]),
            Some(Reached::Topic(http))
        );
        assert_eq!(tally.topic(http).done, 2);
        set(&mut progress, "language/rust", State::Done);
        assert_eq!(
            tally.recount(&roadmap, &progress, ["language"]),
            Some(Reached::Phase(0))
        );
        set(&mut progress, "sql/select", State::Done);
        set(&mut progress, "sql/joins", State::Skipped);
        assert_eq!(
            tally.recount(&roadmap, &progress, ["sql"]),
            Some(Reached::Trek)
        );
        assert!(tally.overall().complete());
    }
}
