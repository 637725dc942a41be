//! Where the learner stands against the roadmap's week plan.
//!
//! Week 1 of the plan starts on the local day of the learner's first recorded
//! change, and it is the first week of the first phase's range: a roadmap
//! whose plan starts in week 5 puts a new learner in week 5, not four weeks
//! ahead. Progress is turned into plan weeks by walking the phases in order:
//! a complete phase reaches the end of its week range, and the first
//! incomplete one adds its completed share of its own weeks.

use std::fmt;

use jiff::Zoned;

use crate::store::Progress;
use crate::text::count;

use super::counts::PhaseSummary;

/// The learner's progress measured against the week plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanPosition {
    /// Nothing recorded yet, so the plan has no start.
    NotStarted,
    /// Within a week of the plan either way.
    OnTrack,
    /// Whole weeks ahead of the plan.
    Ahead(u32),
    /// Whole weeks behind the plan.
    Behind(u32),
    /// Every phase complete.
    Finished,
}

impl fmt::Display for PlanPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PlanPosition::NotStarted => f.write_str("not started"),
            PlanPosition::OnTrack => f.write_str("on track"),
            PlanPosition::Ahead(weeks) => write!(f, "{} ahead", count(weeks, "week")),
            PlanPosition::Behind(weeks) => write!(f, "{} behind", count(weeks, "week")),
            PlanPosition::Finished => f.write_str("finished"),
        }
    }
}

/// The plan week the learner is in, 1 on the day of their first change;
/// `None` before anything is recorded.
pub fn plan_week(progress: &Progress, now: &Zoned) -> Option<u32> {
    let first = progress.activity.first?;
    let start = now.time_zone().to_datetime(first).date();
    let days = start.until(now.date()).map_or(0, |span| span.get_days());
    Some(u32::try_from(days / 7).unwrap_or(0) + 1)
}

/// How far progress is from the plan, in whole weeks rounded toward zero.
pub fn plan_position(phases: &[PhaseSummary], plan_week: Option<u32>) -> PlanPosition {
    let Some(reached) = weeks_reached(phases) else {
        return PlanPosition::Finished;
    };
    let Some(week) = plan_week else {
        return PlanPosition::NotStarted;
    };
    let start = phases
        .first()
        .map_or(0, |phase| phase.phase.weeks[0].saturating_sub(1));
    let elapsed = f64::from(week.saturating_sub(1));
    let ahead = (reached - f64::from(start) - elapsed).trunc();
    if ahead >= 1.0 {
        PlanPosition::Ahead(ahead as u32)
    } else if ahead <= -1.0 {
        PlanPosition::Behind(-ahead as u32)
    } else {
        PlanPosition::OnTrack
    }
}

/// Plan weeks covered by the learner's progress; `None` when every phase is complete.
fn weeks_reached(phases: &[PhaseSummary]) -> Option<f64> {
    let mut reached = 0.0_f64;
    for summary in phases {
        let [first, last] = summary.phase.weeks;
        let counts = summary.counts;
        if counts.complete() {
            reached = reached.max(f64::from(last));
            continue;
        }
        let length = f64::from(last.saturating_sub(first) + 1);
        let share = counts.done as f64 * length / counts.asked() as f64;
        return Some(reached.max(f64::from(first.saturating_sub(1)) + share));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::counts::phase_summaries;
    use crate::progress::fixtures::{self, Learner, trek, utc};

    const START: &str = "2026-03-02T09:00:00Z";

    fn position(learner: &Learner, now: &str) -> PlanPosition {
        let roadmap = trek();
        let now = utc(now);
        let phases = phase_summaries(&roadmap, &learner.progress);
        plan_position(&phases, plan_week(&learner.progress, &now))
    }

    /// Foundations (weeks 1-4) done: the language plus both HTTP milestones.
    fn finish_foundations(learner: &mut Learner, when: &str) {
        learner
            .tick("http/methods", when)
            .tick("http/status", when)
            .tick("language/rust", when);
    }

    #[test]
    fn the_plan_week_counts_from_the_first_change() {
        let mut learner = Learner::new();
        assert_eq!(plan_week(&learner.progress, &utc(START)), None);
        learner.note("http", "starting", START);
        assert_eq!(plan_week(&learner.progress, &utc(START)), Some(1));
        let week = |now| plan_week(&learner.progress, &utc(now));
        assert_eq!(week("2026-03-08T23:00:00Z"), Some(1));
        assert_eq!(week("2026-03-09T00:00:00Z"), Some(2));
        assert_eq!(week("2026-03-30T12:00:00Z"), Some(5));
    }

    #[test]
    fn a_clock_set_before_the_first_change_stays_in_week_one() {
        let mut learner = Learner::new();
        learner.note("http", "starting", START);
        assert_eq!(
            plan_week(&learner.progress, &utc("2026-02-01T09:00:00Z")),
            Some(1)
        );
    }

    #[test]
    fn nothing_recorded_is_not_started() {
        assert_eq!(position(&Learner::new(), START), PlanPosition::NotStarted);
    }

    #[test]
    fn the_first_days_are_on_track() {
        let mut learner = Learner::new();
        learner.note("http", "starting", START);
        assert_eq!(
            position(&learner, "2026-03-07T09:00:00Z"),
            PlanPosition::OnTrack
        );
    }

    #[test]
    fn two_weeks_in_with_no_progress_is_two_weeks_behind() {
        let mut learner = Learner::new();
        learner.note("http", "starting", START);
        assert_eq!(
            position(&learner, "2026-03-16T09:00:00Z"),
            PlanPosition::Behind(2)
        );
    }

    #[test]
    fn less_than_a_week_behind_is_still_on_track() {
        let mut learner = Learner::new();
        // A third of foundations (weeks 1-4) is 1.3 weeks of progress,
        // and two weeks have passed.
        learner.tick("http/methods", START);
        assert_eq!(
            position(&learner, "2026-03-16T09:00:00Z"),
            PlanPosition::OnTrack
        );
        assert_eq!(
            position(&learner, "2026-03-23T09:00:00Z"),
            PlanPosition::Behind(1)
        );
    }

    #[test]
    fn a_four_week_phase_done_in_week_two_is_three_weeks_ahead() {
        let mut learner = Learner::new();
        finish_foundations(&mut learner, START);
        assert_eq!(
            position(&learner, "2026-03-10T09:00:00Z"),
            PlanPosition::Ahead(3)
        );
    }

    #[test]
    fn progress_inside_a_phase_counts_its_share_of_the_weeks() {
        let mut learner = Learner::new();
        finish_foundations(&mut learner, START);
        learner.tick("sql/select", START).tick("sql/joins", START);
        // Foundations reach week 4, half of databases (weeks 5-8) two more:
        // six weeks of progress in plan week 6 (five weeks elapsed).
        assert_eq!(
            position(&learner, "2026-04-06T09:00:00Z"),
            PlanPosition::Ahead(1)
        );
        assert_eq!(
            position(&learner, "2026-04-13T09:00:00Z"),
            PlanPosition::OnTrack
        );
        assert_eq!(
            position(&learner, "2026-04-20T09:00:00Z"),
            PlanPosition::Behind(1)
        );
    }

    #[test]
    fn everything_complete_is_finished() {
        let mut learner = Learner::new();
        finish_foundations(&mut learner, START);
        for address in ["sql/select", "sql/joins", "sql/indexes", "sql/transactions"] {
            learner.tick(address, START);
        }
        learner
            .tick("rest/resources", START)
            .skip("rest/pagination", START);
        assert_eq!(
            position(&learner, "2027-01-01T09:00:00Z"),
            PlanPosition::Finished
        );
    }

    #[test]
    fn a_plan_that_starts_in_week_five_starts_a_new_learner_on_track() {
        let roadmap = fixtures::roadmap(vec![
            fixtures::phase("late", [5, 8], trek().phases[0].topics.clone()),
            fixtures::phase("later", [9, 12], trek().phases[1].topics.clone()),
        ]);
        let mut learner = Learner::new();
        learner.note("http", "starting", START);
        let at = |learner: &Learner, now: &str| {
            let phases = phase_summaries(&roadmap, &learner.progress);
            plan_position(&phases, plan_week(&learner.progress, &utc(now)))
        };
        assert_eq!(at(&learner, START), PlanPosition::OnTrack);
        assert_eq!(
            at(&learner, "2026-03-16T09:00:00Z"),
            PlanPosition::Behind(2)
        );
        finish_foundations(&mut learner, START);
        assert_eq!(at(&learner, "2026-03-10T09:00:00Z"), PlanPosition::Ahead(3));
    }

    #[test]
    fn positions_read_as_a_learner_would_say_them() {
        let texts = [
            (PlanPosition::NotStarted, "not started"),
            (PlanPosition::OnTrack, "on track"),
            (PlanPosition::Ahead(1), "1 week ahead"),
            (PlanPosition::Behind(2), "2 weeks behind"),
            (PlanPosition::Finished, "finished"),
        ];
        for (position, text) in texts {
            assert_eq!(position.to_string(), text);
        }
    }
}
