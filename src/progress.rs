//! Pure summaries over a roadmap and a learner's progress.
//!
//! Everything `trek status`, `trek export` and the TUI show about where a
//! learner stands is computed here, from a [`Roadmap`], a [`Progress`] and a
//! clock passed in as a [`Zoned`] (its zone decides which calendar day an
//! event falls on). Nothing here reads files, the database or the system
//! clock, so every rule is tested with fixed clocks. [`summarize`] computes
//! it all in one pass over the roadmap; the building blocks are public for
//! views that need one piece: [`Counts`] (percentages and the rule behind
//! them, see [`topic_counts`]), [`next_milestones`], [`Days`] (ticks per
//! day: streaks and the activity map), [`Pace`] (and the finish date it
//! points to, once it is not [`too_early`]), [`HoursLeft`] (planning by
//! hours), [`plan_position`] (ahead of or behind the week plan),
//! [`Grid`] (the activity map) and [`BurnUp`] (done against the plan),
//! [`Orphans`] and [`ago`].

mod activity;
mod ago;
mod burnup;
mod counts;
mod days;
#[cfg(test)]
pub(crate) mod fixtures;
mod grid;
mod hours;
mod new;
mod next;
mod orphans;
mod plan;

use jiff::civil::Date;
use jiff::{Timestamp, Zoned};

use crate::roadmap::Roadmap;
use crate::store::Progress;

pub use activity::{MIN_DAYS, PACE_DAYS, Pace, days_since_first_tick, last_activity, too_early};
pub use ago::ago;
pub use burnup::BurnUp;
pub use counts::{Counts, PhaseSummary, TopicSummary, one_decimal, phase_summaries, topic_counts};
pub use days::Days;
pub use grid::{Grid, TOP_LEVEL, WEEKDAYS, YEAR_WEEKS, level};
pub use hours::{HoursLeft, hours_left};
pub use new::new_milestones;
pub use next::{NextMilestone, next_milestones};
pub use orphans::Orphans;
pub use plan::{PlanPosition, plan_position, plan_week};

/// How many next milestones a summary lists.
pub const NEXT_COUNT: usize = 5;

/// "Active N of the last 7 days": how many days that counts over.
pub const ACTIVE_DAYS: u32 = 7;

/// What a finish date rests on, so no guess is shown as a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Estimate {
    /// Fewer than [`MIN_DAYS`] days since the first tick, or none yet.
    TooEarly,
    /// The pace of the recent days.
    Pace,
    /// The hours left at the learner's hours per week.
    Hours,
}

impl Estimate {
    /// `"too early"` or `"ok"`, as `status --json` says it.
    pub fn as_str(self) -> &'static str {
        match self {
            Estimate::TooEarly => "too early",
            Estimate::Pace | Estimate::Hours => "ok",
        }
    }
}

/// Where a learner stands, borrowing names and texts from the roadmap and
/// orphaned records from the progress.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    /// The roadmap summarized, for its id and title.
    pub roadmap: &'a Roadmap,
    /// The whole trek: the sum of its phases.
    pub counts: Counts,
    /// Every phase in roadmap order, each with its topics.
    pub phases: Vec<PhaseSummary<'a>>,
    /// Up to [`NEXT_COUNT`] milestones to work on next.
    pub next: Vec<NextMilestone<'a>>,
    /// The newest change of any kind; `None` before the first.
    pub last_activity: Option<Timestamp>,
    /// Ticks on the roadmap's milestones per local day.
    pub days: Days,
    /// Consecutive local days with a tick, ending today or yesterday.
    pub streak_days: u32,
    /// The longest run of days with a tick, ever.
    pub streak_longest: u32,
    /// On how many of the last [`ACTIVE_DAYS`] days there was a tick.
    pub active_last_7_days: u32,
    /// Ticks over the recent days.
    pub pace: Pace,
    /// What the finish date rests on, or that it is too early for one.
    pub estimate: Estimate,
    /// When the trek ends at the pace or the hours; `None` while too
    /// early, when finished or idle.
    pub estimated_finish: Option<Date>,
    /// The estimated hours of the milestones still needed; `None` when the
    /// roadmap has no hours.
    pub hours_left: Option<HoursLeft>,
    /// The learner's weekly budget, when they gave one.
    pub hours_per_week: Option<f64>,
    /// The week of the plan the learner is in; `None` before the first change.
    pub plan_week: Option<u32>,
    /// Ahead of, behind or on the roadmap's week plan.
    pub plan: PlanPosition,
    /// Progress on ids the roadmap no longer has: kept, counted, listed.
    pub orphans: Orphans<'a>,
    /// Milestones added since the learner's last change, in roadmap order.
    pub new: Vec<NextMilestone<'a>>,
}

impl<'a> Summary<'a> {
    /// True once nothing in the trek is needed any more.
    pub fn finished(&self) -> bool {
        self.counts.complete()
    }

    /// The first phase that is not complete; `None` once finished.
    pub fn current_phase(&self) -> Option<&PhaseSummary<'a>> {
        self.phases.iter().find(|phase| !phase.counts.complete())
    }
}

/// Summarizes progress through the roadmap as of `now`, in `now`'s time zone.
pub fn summarize<'a>(roadmap: &'a Roadmap, progress: &'a Progress, now: &Zoned) -> Summary<'a> {
    summarize_with(roadmap, progress, now, None)
}

/// [`summarize`], with the finish date from the hours left at
/// `hours_per_week` where the roadmap gives hours.
pub fn summarize_with<'a>(
    roadmap: &'a Roadmap,
    progress: &'a Progress,
    now: &Zoned,
    hours_per_week: Option<f64>,
) -> Summary<'a> {
    let phases = phase_summaries(roadmap, progress);
    let counts: Counts = phases.iter().map(|phase| phase.counts).sum();
    let topics = phases.iter().flat_map(|phase| {
        phase
            .topics
            .iter()
            .map(|topic| (phase.phase, topic.topic, topic.counts))
    });
    let next = next::next_among(topics, progress, NEXT_COUNT);
    let today = now.date();
    let days = Days::count(roadmap, progress, now.time_zone());
    let pace = Pace::measure(&days, today);
    let hours_left = hours_left(&phases, progress);
    let by_hours = hours_per_week.zip(hours_left.filter(|left| left.tenths > 0));
    let (estimate, estimated_finish) = match by_hours {
        Some((per_week, left)) => (Estimate::Hours, left.finish_date(per_week, today)),
        None if too_early(&days, today) => (Estimate::TooEarly, None),
        None => (Estimate::Pace, pace.finish_date(counts.needed, today)),
    };
    let plan_week = plan_week(progress, now);
    let orphans = orphans::find_orphans(roadmap, progress, counts.done + counts.skipped);
    Summary {
        roadmap,
        counts,
        next,
        last_activity: last_activity(progress),
        streak_days: days.streak(today),
        streak_longest: days.longest_streak(),
        active_last_7_days: days.active_in_last(ACTIVE_DAYS, today),
        days,
        pace,
        estimate,
        estimated_finish,
        hours_left,
        hours_per_week,
        plan_week,
        plan: plan_position(&phases, plan_week),
        phases,
        orphans,
        new: new_milestones(roadmap, progress),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::roadmap::Address;
    use crate::store::State;
    use fixtures::{Learner, at, trek, utc};

    const NOW: &str = "2026-03-10T18:00:00Z";

    fn addresses(summary: &Summary) -> Vec<String> {
        summary
            .next
            .iter()
            .map(|next| next.address.to_string())
            .collect()
    }

    fn finish_everything(learner: &mut Learner, when: &str) {
        for address in [
            "http/methods",
            "http/status",
            "language/go",
            "sql/select",
            "sql/joins",
            "sql/indexes",
            "sql/transactions",
            "rest/resources",
            "rest/pagination",
        ] {
            learner.tick(address, when);
        }
    }

    #[test]
    fn a_new_learner_sees_the_whole_trek_ahead() {
        let roadmap = trek();
        let progress = Progress::default();
        let summary = summarize(&roadmap, &progress, &utc(NOW));
        assert_eq!(
            summary.counts,
            Counts {
                done: 0,
                skipped: 0,
                total: 12,
                needed: 9
            }
        );
        assert_eq!(summary.counts.percent(), 0.0);
        assert!(!summary.finished());
        assert_eq!(
            summary.current_phase().map(|phase| phase.phase.id.as_str()),
            Some("foundations")
        );
        assert_eq!(
            addresses(&summary),
            [
                "http/methods",
                "http/status",
                "language/go",
                "language/rust",
                "language/python"
            ]
        );
        assert_eq!(summary.last_activity, None);
        assert_eq!(summary.streak_days, 0);
        assert_eq!(summary.pace.per_week(), 0.0);
        assert_eq!(summary.estimated_finish, None);
        assert_eq!(summary.plan_week, None);
        assert_eq!(summary.plan, PlanPosition::NotStarted);
        assert!(summary.orphans.is_empty());
    }

    #[test]
    fn a_learner_midway_sees_counts_next_steps_and_a_finish_date() {
        let roadmap = trek();
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-02T19:00:00Z")
            .tick("http/status", "2026-03-03T19:00:00Z")
            .tick("language/rust", "2026-03-09T19:00:00Z")
            .tick("sql/select", "2026-03-10T07:00:00Z")
            .note("sql", "joins next", "2026-03-10T07:05:00Z");
        let summary = summarize(&roadmap, &learner.progress, &utc(NOW));
        assert_eq!((summary.counts.done, summary.counts.needed), (4, 5));
        assert_eq!(
            summary.current_phase().map(|phase| phase.phase.id.as_str()),
            Some("databases")
        );
        assert_eq!(
            addresses(&summary),
            [
                "sql/joins",
                "sql/indexes",
                "sql/transactions",
                "rest/resources",
                "rest/pagination"
            ]
        );
        assert_eq!(summary.last_activity, Some(at("2026-03-10T07:05:00Z")));
        assert_eq!(summary.streak_days, 2);
        assert_eq!(summary.streak_longest, 2);
        assert_eq!(summary.active_last_7_days, 2);
        // Four ticks over the nine days since the first one.
        assert_eq!(summary.pace, Pace { ticks: 4, days: 9 });
        assert_eq!(summary.estimate, Estimate::Pace);
        // Five needed at four per nine days: twelve days.
        assert_eq!(summary.estimated_finish, Some(date(2026, 3, 22)));
        assert_eq!(summary.hours_left, None);
        assert_eq!(summary.plan_week, Some(2));
        // Foundations (weeks 1-4) done and a quarter of databases: 5 weeks
        // of progress one week into the plan.
        assert_eq!(summary.plan, PlanPosition::Ahead(4));
    }

    #[test]
    fn a_busy_first_day_gives_a_pace_but_no_finish_date() {
        let roadmap = trek();
        let mut learner = Learner::new();
        for address in ["http/methods", "http/status", "language/go", "sql/select"] {
            learner.tick(address, "2026-03-10T09:00:00Z");
        }
        let summary = summarize(&roadmap, &learner.progress, &utc(NOW));
        assert_eq!(summary.pace.per_week(), 4.0);
        assert_eq!(summary.estimate, Estimate::TooEarly);
        assert_eq!(summary.estimate.as_str(), "too early");
        assert_eq!(summary.estimated_finish, None);
    }

    #[test]
    fn ticks_left_behind_by_renamed_topics_keep_no_streak_and_make_no_pace() {
        let mut roadmap = trek();
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-01T09:00:00Z")
            .tick("http/status", "2026-03-09T09:00:00Z")
            .tick("language/go", "2026-03-10T09:00:00Z");
        roadmap.phases[0].topics[0].id = "web".to_owned();
        roadmap.phases[0].topics[1].id = "lang".to_owned();
        let roadmap = fixtures::roadmap(roadmap.phases);
        let summary = summarize(&roadmap, &learner.progress, &utc(NOW));
        assert_eq!(summary.counts.done, 0);
        assert_eq!(summary.orphans.count(), 3);
        assert_eq!(summary.streak_days, 0);
        assert_eq!(summary.streak_longest, 0);
        assert_eq!(summary.active_last_7_days, 0);
        assert_eq!(summary.pace.per_week(), 0.0);
        assert_eq!(summary.estimate, Estimate::TooEarly);
        assert!(summary.days.iter().next().is_none());
    }

    #[test]
    fn hours_per_week_set_the_finish_from_the_hours_left_from_day_one() {
        let mut roadmap = trek();
        for phase in &mut roadmap.phases {
            for topic in &mut phase.topics {
                for milestone in &mut topic.milestones {
                    milestone.hours = Some(crate::roadmap::Hours::from_tenths(20));
                }
            }
        }
        let mut learner = Learner::new();
        learner.tick("http/methods", "2026-03-10T09:00:00Z");
        let paced = summarize(&roadmap, &learner.progress, &utc(NOW));
        assert_eq!(paced.hours_left.map(HoursLeft::hours), Some(16.0));
        assert_eq!(paced.estimate, Estimate::TooEarly);
        let planned = summarize_with(&roadmap, &learner.progress, &utc(NOW), Some(8.0));
        assert_eq!(planned.estimate, Estimate::Hours);
        assert_eq!(planned.estimate.as_str(), "ok");
        assert_eq!(planned.estimated_finish, Some(date(2026, 3, 24)));
        let plain = trek();
        let without_hours = summarize_with(&plain, &learner.progress, &utc(NOW), Some(8.0));
        assert_eq!(
            without_hours.estimate,
            Estimate::TooEarly,
            "no hours to plan by"
        );
    }

    #[test]
    fn a_learner_with_everything_done_has_finished() {
        let roadmap = trek();
        let mut learner = Learner::new();
        finish_everything(&mut learner, "2026-03-10T09:00:00Z");
        let summary = summarize(&roadmap, &learner.progress, &utc(NOW));
        assert!(summary.finished());
        assert_eq!(summary.counts.percent(), 100.0);
        assert!(summary.current_phase().is_none());
        assert!(summary.next.is_empty());
        assert_eq!(summary.estimated_finish, None);
        assert_eq!(summary.plan, PlanPosition::Finished);
    }

    #[test]
    fn phases_and_topics_come_in_roadmap_order_with_their_names() {
        let roadmap = trek();
        let progress = Progress::default();
        let summary = summarize(&roadmap, &progress, &utc(NOW));
        let names: Vec<(&str, Vec<&str>)> = summary
            .phases
            .iter()
            .map(|phase| {
                let topics = phase
                    .topics
                    .iter()
                    .map(|t| t.topic.title.as_str())
                    .collect();
                (phase.phase.title.as_str(), topics)
            })
            .collect();
        assert_eq!(
            names,
            [
                (
                    "Phase foundations",
                    vec!["Web fundamentals & HTTP", "Pick a language"]
                ),
                ("Phase databases", vec!["SQL"]),
                ("Phase apis", vec!["REST API design"]),
            ]
        );
    }

    #[test]
    fn progress_on_removed_milestones_and_topics_is_listed_not_dropped() {
        let mut roadmap = trek();
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-09T09:00:00Z")
            .skip("http/http3", "2026-03-09T09:00:00Z")
            .tick("sql/select", "2026-03-09T09:00:00Z")
            .tick("old/gone", "2026-03-09T09:00:00Z")
            .tick("old/forgotten", "2026-03-09T09:00:00Z")
            .untick("old/forgotten", "2026-03-09T09:00:00Z")
            .note("rest", "kept", "2026-03-09T09:00:00Z")
            .note("gone", "lost topic", "2026-03-09T09:00:00Z");
        roadmap.phases[0].topics[0].milestones.pop();
        let summary = summarize(&roadmap, &learner.progress, &utc(NOW));
        let states: Vec<(String, State)> = summary
            .orphans
            .states
            .iter()
            .map(|(address, record)| (address.to_string(), record.state))
            .collect();
        assert_eq!(
            states,
            [
                ("http/http3".to_owned(), State::Skipped),
                ("old/gone".to_owned(), State::Done)
            ]
        );
        let notes: Vec<&str> = summary
            .orphans
            .notes
            .iter()
            .map(|(topic, _)| *topic)
            .collect();
        assert_eq!(notes, ["gone"]);
        assert_eq!(summary.orphans.count(), 3);
        assert_eq!((summary.counts.done, summary.counts.skipped), (2, 0));
        assert_eq!(learner.progress.states.len(), 5, "nothing is dropped");
    }

    #[test]
    fn progress_that_all_fits_the_roadmap_has_no_orphans() {
        let roadmap = trek();
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-09T09:00:00Z")
            .skip("language/go", "2026-03-09T09:00:00Z")
            .note("http", "fine", "2026-03-09T09:00:00Z");
        let summary = summarize(&roadmap, &learner.progress, &utc(NOW));
        assert!(summary.orphans.is_empty());
        assert!(
            learner
                .progress
                .states
                .contains_key(&Address::new("language", "go"))
        );
    }
}
