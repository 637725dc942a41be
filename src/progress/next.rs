//! What to work on next: the first open milestones in roadmap order.

use crate::roadmap::{Address, Phase, Roadmap, Topic};
use crate::store::{Progress, State};

use super::counts::{Counts, StateLookup, topic_counts};

/// A milestone a learner can work on now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextMilestone<'r> {
    pub address: Address,
    pub phase_id: &'r str,
    pub topic_title: &'r str,
    pub text: &'r str,
}

/// The first `limit` todo milestones in roadmap order that still matter:
/// optional ones are left out, and so is every milestone of a complete
/// topic, so a choice point with its language done offers no other language.
pub fn next_milestones<'r>(
    roadmap: &'r Roadmap,
    progress: &Progress,
    limit: usize,
) -> Vec<NextMilestone<'r>> {
    let topics = roadmap
        .topics()
        .map(|(phase, topic)| (phase, topic, topic_counts(topic, progress)));
    next_among(topics, progress, limit)
}

/// [`next_milestones`] over topics already counted, to count only once.
pub(super) fn next_among<'r>(
    topics: impl IntoIterator<Item = (&'r Phase, &'r Topic, Counts)>,
    progress: &Progress,
    limit: usize,
) -> Vec<NextMilestone<'r>> {
    let mut lookup = StateLookup::new(progress);
    topics
        .into_iter()
        .filter(|(_, _, counts)| !counts.complete())
        .flat_map(|(phase, topic, _)| {
            topic
                .milestones
                .iter()
                .map(move |milestone| (phase, topic, milestone))
        })
        .filter(|(_, topic, milestone)| {
            !milestone.optional && lookup.state(topic, milestone) == State::Todo
        })
        .take(limit)
        .map(|(phase, topic, milestone)| NextMilestone {
            address: Address::new(&topic.id, &milestone.id),
            phase_id: &phase.id,
            topic_title: &topic.title,
            text: &milestone.text,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::fixtures::{Learner, trek};

    const DAY: &str = "2026-03-10T09:00:00Z";

    fn next_addresses(learner: &Learner, limit: usize) -> Vec<String> {
        next_milestones(&trek(), &learner.progress, limit)
            .iter()
            .map(|next| next.address.to_string())
            .collect()
    }

    #[test]
    fn a_new_learner_is_offered_the_first_milestones_without_the_optional_one() {
        assert_eq!(
            next_addresses(&Learner::new(), 4),
            [
                "http/methods",
                "http/status",
                "language/go",
                "language/rust"
            ]
        );
    }

    #[test]
    fn done_and_skipped_milestones_are_not_offered_again() {
        let mut learner = Learner::new();
        learner.tick("http/methods", DAY).skip("language/go", DAY);
        assert_eq!(
            next_addresses(&learner, 3),
            ["http/status", "language/rust", "language/python"]
        );
    }

    #[test]
    fn a_choice_point_with_one_language_done_offers_no_more_languages() {
        let mut learner = Learner::new();
        learner.tick("language/python", DAY);
        assert_eq!(
            next_addresses(&learner, 4),
            ["http/methods", "http/status", "sql/select", "sql/joins"]
        );
    }

    #[test]
    fn a_topic_complete_but_for_its_optional_milestone_offers_nothing() {
        let mut learner = Learner::new();
        learner.tick("http/methods", DAY).tick("http/status", DAY);
        assert_eq!(next_addresses(&learner, 1), ["language/go"]);
    }

    #[test]
    fn each_next_milestone_says_where_it_lives_and_what_to_do() {
        let roadmap = trek();
        let mut learner = Learner::new();
        learner
            .tick("http/methods", DAY)
            .tick("http/status", DAY)
            .tick("language/go", DAY);
        let next = next_milestones(&roadmap, &learner.progress, 1);
        assert_eq!(
            next,
            [NextMilestone {
                address: Address::new("sql", "select"),
                phase_id: "databases",
                topic_title: "SQL",
                text: "Do select",
            }]
        );
    }

    #[test]
    fn the_list_stops_at_the_limit_and_runs_dry_at_the_end() {
        assert!(next_addresses(&Learner::new(), 0).is_empty());
        assert_eq!(next_addresses(&Learner::new(), 100).len(), 11);
    }
}
