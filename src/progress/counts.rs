//! How far a learner is through a topic, a phase and the whole trek.
//!
//! Counting is one pass over the roadmap with one hash lookup per milestone;
//! the lookups reuse a single address buffer rather than allocating one per
//! milestone, so a 100,000-milestone roadmap is summed in milliseconds.

use std::iter::Sum;
use std::ops::Add;

use crate::roadmap::{Address, Milestone, Phase, Roadmap, Topic};
use crate::store::{Progress, State};

/// Milestone counts of a topic, a phase or the whole trek.
///
/// `percent` is `done / (done + needed) * 100`. Skipped milestones leave the
/// denominator, and so do milestones nothing requires: todo optional
/// milestones, and the todo choices left in a choice point (`required = r`)
/// once `r` are done. Per topic, `needed` is `min(max(0, r - done), todo)` for
/// a choice point and the number of todo non-optional milestones otherwise;
/// phases and the trek add up their topics. Done optional milestones and
/// extra choices still count as done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Milestones ticked done, optional ones included.
    pub done: usize,
    /// Milestones the learner chose to skip.
    pub skipped: usize,
    /// Every milestone, whatever its state.
    pub total: usize,
    /// Todo milestones still standing between the learner and completion.
    pub needed: usize,
}

impl Counts {
    /// Share of the required work done, 0 to 100; 100 when nothing is asked.
    /// Unrounded: round to one decimal only when displaying.
    pub fn percent(&self) -> f64 {
        let asked = self.asked();
        if asked == 0 {
            100.0
        } else {
            self.done as f64 / asked as f64 * 100.0
        }
    }

    /// The milestones that make 100%: those done and those still needed.
    /// Every summary of progress as "done of N" uses this N.
    pub fn asked(&self) -> usize {
        self.done + self.needed
    }

    /// Complete once nothing more is needed, even if optional work is left.
    pub fn complete(&self) -> bool {
        self.needed == 0
    }

    /// The percent as every figure shows it: one decimal by [`one_decimal`],
    /// and never 100.0 before the work is complete (1999 of 2000 is 99.9).
    pub fn shown_percent(&self) -> f64 {
        let percent = one_decimal(self.percent());
        if self.complete() {
            percent
        } else {
            percent.min(99.9)
        }
    }

    /// Begun: something done. A skip alone is not a start, so a row never
    /// shows a half-full glyph beside `0/2`.
    pub fn started(&self) -> bool {
        self.done > 0
    }
}

/// Rounds to one decimal, halves away from zero: the one rounding behind
/// every figure trek prints, so text and JSON never disagree (formatting
/// with `{:.1}` alone rounds 6.25 down to 6.2 where JSON says 6.3).
pub fn one_decimal(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

impl Add for Counts {
    type Output = Counts;

    fn add(self, other: Counts) -> Counts {
        Counts {
            done: self.done + other.done,
            skipped: self.skipped + other.skipped,
            total: self.total + other.total,
            needed: self.needed + other.needed,
        }
    }
}

impl Sum for Counts {
    fn sum<I: Iterator<Item = Counts>>(counts: I) -> Counts {
        counts.fold(Counts::default(), Add::add)
    }
}

/// A topic with its counts, borrowing the topic from the roadmap.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicSummary<'r> {
    pub topic: &'r Topic,
    pub counts: Counts,
}

/// A phase with its counts and its topics' summaries, in roadmap order.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseSummary<'r> {
    pub phase: &'r Phase,
    pub counts: Counts,
    pub topics: Vec<TopicSummary<'r>>,
}

/// Counts for one topic, for a view that redraws a single topic.
pub fn topic_counts(topic: &Topic, progress: &Progress) -> Counts {
    count_topic(topic, &mut StateLookup::new(progress))
}

/// Every phase of the roadmap with its topics, counted in one pass.
pub fn phase_summaries<'r>(roadmap: &'r Roadmap, progress: &Progress) -> Vec<PhaseSummary<'r>> {
    let mut lookup = StateLookup::new(progress);
    roadmap
        .phases
        .iter()
        .map(|phase| summarize_phase(phase, &mut lookup))
        .collect()
}

fn summarize_phase<'r>(phase: &'r Phase, lookup: &mut StateLookup) -> PhaseSummary<'r> {
    let topics: Vec<TopicSummary> = phase
        .topics
        .iter()
        .map(|topic| TopicSummary {
            topic,
            counts: count_topic(topic, lookup),
        })
        .collect();
    PhaseSummary {
        phase,
        counts: topics.iter().map(|topic| topic.counts).sum(),
        topics,
    }
}

fn count_topic(topic: &Topic, lookup: &mut StateLookup) -> Counts {
    let mut counts = Counts {
        total: topic.milestones.len(),
        ..Counts::default()
    };
    let mut todo = 0;
    let mut todo_required = 0;
    for milestone in &topic.milestones {
        match lookup.state(topic, milestone) {
            State::Done => counts.done += 1,
            State::Skipped => counts.skipped += 1,
            State::Todo => {
                todo += 1;
                todo_required += usize::from(!milestone.optional);
            }
        }
    }
    counts.needed = match topic.required {
        Some(required) => (required as usize).saturating_sub(counts.done).min(todo),
        None => todo_required,
    };
    counts
}

/// Looks milestone states up with one reusable address, so counting a large
/// roadmap allocates per topic at most, never per milestone.
pub(super) struct StateLookup<'p> {
    progress: &'p Progress,
    address: Address,
}

impl<'p> StateLookup<'p> {
    pub(super) fn new(progress: &'p Progress) -> Self {
        Self {
            progress,
            address: Address::new("", ""),
        }
    }

    pub(super) fn state(&mut self, topic: &Topic, milestone: &Milestone) -> State {
        if self.progress.states.is_empty() {
            return State::Todo;
        }
        if self.address.topic != topic.id {
            self.address.topic.clear();
            self.address.topic.push_str(&topic.id);
        }
        self.address.milestone.clear();
        self.address.milestone.push_str(&milestone.id);
        self.progress.state(&self.address)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::progress::fixtures::{Learner, choice, milestone, optional, topic, trek};

    const DAY: &str = "2026-03-10T09:00:00Z";

    fn counts_of(learner: &Learner, topic_id: &str) -> Counts {
        let roadmap = trek();
        let topic = roadmap.topic(topic_id).expect("fixture topic");
        topic_counts(topic, &learner.progress)
    }

    #[test]
    fn an_untouched_topic_needs_its_milestones_but_not_the_optional_ones() {
        let counts = counts_of(&Learner::new(), "http");
        assert_eq!(
            counts,
            Counts {
                done: 0,
                skipped: 0,
                total: 3,
                needed: 2
            }
        );
        assert_eq!(counts.percent(), 0.0);
        assert!(!counts.complete());
    }

    #[test]
    fn one_of_two_required_milestones_done_is_half_way() {
        let mut learner = Learner::new();
        learner.tick("http/methods", DAY);
        let counts = counts_of(&learner, "http");
        assert_eq!((counts.done, counts.needed), (1, 1));
        assert_eq!(counts.percent(), 50.0);
    }

    #[test]
    fn a_skipped_milestone_leaves_the_denominator() {
        let mut learner = Learner::new();
        learner.tick("http/methods", DAY).skip("http/status", DAY);
        let counts = counts_of(&learner, "http");
        assert_eq!((counts.done, counts.skipped, counts.total), (1, 1, 3));
        assert_eq!(counts.percent(), 100.0);
        assert!(counts.complete());
    }

    #[test]
    fn a_topic_with_everything_skipped_is_complete_at_one_hundred_percent() {
        let mut learner = Learner::new();
        learner
            .skip("http/methods", DAY)
            .skip("http/status", DAY)
            .skip("http/http3", DAY);
        let counts = counts_of(&learner, "http");
        assert_eq!((counts.done, counts.needed), (0, 0));
        assert_eq!(counts.percent(), 100.0);
        assert!(counts.complete());
    }

    #[test]
    fn a_ticked_optional_milestone_counts_as_done_without_being_asked_for() {
        let mut learner = Learner::new();
        learner.tick("http/http3", DAY);
        let counts = counts_of(&learner, "http");
        assert_eq!((counts.done, counts.needed), (1, 2));
        assert!((counts.percent() - 100.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn an_untouched_choice_point_needs_only_the_required_number() {
        let counts = counts_of(&Learner::new(), "language");
        assert_eq!((counts.total, counts.needed), (3, 1));
    }

    #[test]
    fn a_choice_point_with_one_language_done_is_complete() {
        let mut learner = Learner::new();
        learner.tick("language/rust", DAY);
        let counts = counts_of(&learner, "language");
        assert_eq!((counts.done, counts.needed), (1, 0));
        assert_eq!(counts.percent(), 100.0);
        assert!(counts.complete());
    }

    #[test]
    fn a_second_language_is_extra_done_work_not_a_new_requirement() {
        let mut learner = Learner::new();
        learner.tick("language/rust", DAY).tick("language/go", DAY);
        let counts = counts_of(&learner, "language");
        assert_eq!((counts.done, counts.needed), (2, 0));
        assert_eq!(counts.percent(), 100.0);
    }

    #[test]
    fn skipping_choices_never_asks_for_more_than_is_left() {
        let topic = choice(
            "databases",
            "Pick two databases",
            2,
            vec![
                milestone("postgres"),
                milestone("mysql"),
                milestone("sqlite"),
            ],
        );
        let mut learner = Learner::new();
        learner
            .skip("databases/mysql", DAY)
            .skip("databases/sqlite", DAY);
        assert_eq!(topic_counts(&topic, &learner.progress).needed, 1);
        learner.tick("databases/postgres", DAY);
        assert!(topic_counts(&topic, &learner.progress).complete());
    }

    #[test]
    fn unticking_puts_a_milestone_back_into_what_is_needed() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", DAY)
            .untick("http/methods", DAY);
        assert_eq!(
            counts_of(&learner, "http"),
            counts_of(&Learner::new(), "http")
        );
    }

    #[test]
    fn phases_and_the_trek_add_up_their_topics() {
        let roadmap = trek();
        let mut learner = Learner::new();
        learner
            .tick("http/methods", DAY)
            .skip("http/status", DAY)
            .tick("language/go", DAY)
            .tick("sql/select", DAY);
        let phases = phase_summaries(&roadmap, &learner.progress);
        let ids: Vec<&str> = phases.iter().map(|phase| phase.phase.id.as_str()).collect();
        assert_eq!(ids, ["foundations", "databases", "apis"]);
        let foundations = phases[0].counts;
        assert_eq!(
            foundations,
            Counts {
                done: 2,
                skipped: 1,
                total: 6,
                needed: 0
            }
        );
        assert!(foundations.complete());
        assert_eq!(phases[1].counts.percent(), 25.0);
        let trek: Counts = phases.iter().map(|phase| phase.counts).sum();
        assert_eq!(
            (trek.done, trek.skipped, trek.total, trek.needed),
            (3, 1, 12, 5)
        );
        assert_eq!(trek.percent(), 37.5);
    }

    #[test]
    fn a_shown_percent_has_one_decimal_and_reads_100_only_when_complete() {
        let counts = |done, needed| Counts {
            done,
            needed,
            total: done + needed,
            skipped: 0,
        };
        assert_eq!(counts(3, 35).shown_percent(), 7.9);
        assert_eq!(counts(1, 15).shown_percent(), 6.3, "6.25 rounds up");
        assert_eq!(counts(1999, 1).shown_percent(), 99.9);
        assert_eq!(counts(2000, 0).shown_percent(), 100.0);
        assert_eq!(counts(0, 0).shown_percent(), 100.0);
    }

    #[test]
    fn a_topic_is_started_by_a_tick_and_not_by_a_skip() {
        let mut learner = Learner::new();
        learner.skip("http/status", DAY);
        assert!(!counts_of(&learner, "http").started());
        learner.tick("http/methods", DAY);
        assert!(counts_of(&learner, "http").started());
    }

    fn any_state() -> impl Strategy<Value = State> {
        prop_oneof![Just(State::Todo), Just(State::Done), Just(State::Skipped)]
    }

    proptest! {
        #[test]
        fn counts_stay_within_their_milestones(
            states in prop::collection::vec((any_state(), any::<bool>()), 1..12),
            required in prop::option::of(1u32..12),
        ) {
            let milestones = states
                .iter()
                .enumerate()
                .map(|(n, (_, is_optional))| {
                    let id = format!("m{n}");
                    if *is_optional { optional(&id) } else { milestone(&id) }
                })
                .collect::<Vec<_>>();
            let required = required.map(|r| r.min(milestones.len() as u32));
            let topic = Topic { required, ..topic("t", "T", milestones) };
            let mut learner = Learner::new();
            for (n, (state, _)) in states.iter().enumerate() {
                learner.set(&format!("t/m{n}"), *state, DAY);
            }
            let counts = topic_counts(&topic, &learner.progress);
            prop_assert!(counts.done + counts.skipped + counts.needed <= counts.total);
            prop_assert!((0.0..=100.0).contains(&counts.percent()));
            prop_assert_eq!(counts.complete(), counts.percent() == 100.0);
        }
    }
}
