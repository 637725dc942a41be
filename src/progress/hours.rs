//! Planning by hours: what the milestones still needed cost, by the
//! roadmap's own estimates, and when a weekly budget of hours gets there.
//!
//! A choice point needs only `required` of its milestones; the hours of the
//! first ones still open in roadmap order stand for it, as the Next list
//! offers them. Needed milestones without an estimate are counted apart, so
//! a sum that leaves some out says so.

use jiff::Span;
use jiff::civil::Date;

use super::counts::{PhaseSummary, StateLookup};
use crate::store::{Progress, State};

/// The estimated work left, in tenths of an hour as the roadmap gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HoursLeft {
    /// The sum of the estimates of the milestones still needed.
    pub tenths: u64,
    /// Milestones still needed that carry no estimate.
    pub unestimated: usize,
}

impl HoursLeft {
    /// The hours left, as a number.
    pub fn hours(self) -> f64 {
        self.tenths as f64 / 10.0
    }

    /// The day a budget of `per_week` hours a week gets through them:
    /// `today + ceil(hours / per_week * 7)` days; `None` when there is
    /// nothing estimated left, no budget, or past the calendar's end.
    pub fn finish_date(self, per_week: f64, today: Date) -> Option<Date> {
        if self.tenths == 0 || per_week.is_nan() || per_week <= 0.0 {
            return None;
        }
        let days = (self.hours() / per_week * 7.0).ceil();
        if !(0.0..1e7).contains(&days) {
            return None;
        }
        let span = Span::new().try_days(days as i64).ok()?;
        today.checked_add(span).ok()
    }
}

/// The hours the needed milestones are estimated at; `None` when the
/// roadmap gives no milestone any hours.
pub fn hours_left(phases: &[PhaseSummary], progress: &Progress) -> Option<HoursLeft> {
    let estimated = phases
        .iter()
        .flat_map(|phase| &phase.topics)
        .flat_map(|topic| &topic.topic.milestones)
        .any(|milestone| milestone.hours.is_some());
    if !estimated {
        return None;
    }
    let mut lookup = StateLookup::new(progress);
    let mut left = HoursLeft::default();
    for summary in phases.iter().flat_map(|phase| &phase.topics) {
        let topic = summary.topic;
        let open = topic.milestones.iter().filter(|milestone| {
            (topic.required.is_some() || !milestone.optional)
                && lookup.state(topic, milestone) == State::Todo
        });
        for milestone in open.take(summary.counts.needed) {
            match milestone.hours {
                Some(hours) => left.tenths += u64::from(hours.tenths()),
                None => left.unestimated += 1,
            }
        }
    }
    Some(left)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::progress::counts::phase_summaries;
    use crate::progress::fixtures::{Learner, trek};
    use crate::roadmap::{Hours, Roadmap};

    const DAY: &str = "2026-03-10T09:00:00Z";

    /// The fixture trek with every milestone estimated at `tenths`, but
    /// `sql/transactions`, which has no estimate.
    fn estimated(tenths: u32) -> Roadmap {
        let mut roadmap = trek();
        for phase in &mut roadmap.phases {
            for topic in &mut phase.topics {
                for milestone in &mut topic.milestones {
                    if milestone.id != "transactions" {
                        milestone.hours = Some(Hours::from_tenths(tenths));
                    }
                }
            }
        }
        roadmap
    }

    fn left(roadmap: &Roadmap, learner: &Learner) -> Option<HoursLeft> {
        hours_left(
            &phase_summaries(roadmap, &learner.progress),
            &learner.progress,
        )
    }

    #[test]
    fn a_roadmap_without_hours_has_no_hours_left() {
        assert_eq!(left(&trek(), &Learner::new()), None);
    }

    #[test]
    fn the_needed_milestones_add_up_and_the_unestimated_are_counted_apart() {
        // Nine needed: http 2, one language, sql 4 (one unestimated), rest 2.
        let roadmap = estimated(25);
        let fresh = left(&roadmap, &Learner::new());
        assert_eq!(
            fresh,
            Some(HoursLeft {
                tenths: 8 * 25,
                unestimated: 1
            })
        );
        assert_eq!(fresh.map(HoursLeft::hours), Some(20.0));
    }

    #[test]
    fn done_skipped_and_optional_milestones_cost_nothing() {
        let roadmap = estimated(10);
        let mut learner = Learner::new();
        learner
            .tick("http/methods", DAY)
            .skip("http/status", DAY)
            .tick("language/rust", DAY);
        let left = left(&roadmap, &learner).expect("hours");
        assert_eq!((left.tenths, left.unestimated), (50, 1));
    }

    #[test]
    fn a_budget_of_hours_a_week_sets_the_finish() {
        let left = HoursLeft {
            tenths: 200,
            unestimated: 0,
        };
        let today = date(2026, 3, 10);
        assert_eq!(left.finish_date(10.0, today), Some(date(2026, 3, 24)));
        assert_eq!(left.finish_date(3.0, today), Some(date(2026, 4, 26)));
        assert_eq!(HoursLeft::default().finish_date(10.0, today), None);
        assert_eq!(left.finish_date(0.0, today), None);
    }
}
