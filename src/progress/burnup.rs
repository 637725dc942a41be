//! The burn-up as data: milestones done over the days since the learner
//! started, against the plan line the phases' week ranges draw.
//!
//! "Done" is each milestone done now, on the day it became done, so the
//! line ends at exactly the done count the rest of trek shows. The plan
//! spreads each phase's milestones evenly over its weeks, with the first
//! phase's first week starting on the day of the learner's first change.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::counts::PhaseSummary;
use super::days::Known;
use crate::roadmap::Roadmap;
use crate::store::{Progress, State};

/// Two lines over days since the start, day 0 being the start.
#[derive(Debug, Clone, PartialEq)]
pub struct BurnUp {
    /// The day of the learner's first change.
    pub start: Date,
    /// Today, as days since the start.
    pub today: f64,
    /// Where the plan ends, as days since the start.
    pub plan_end: f64,
    /// Milestones that make 100%: the top of both lines.
    pub asked: usize,
    /// Milestones done over time, as the corners of a step line.
    pub done: Vec<(f64, f64)>,
    /// The plan's corners: where each phase starts and ends.
    pub plan: Vec<(f64, f64)>,
}

impl BurnUp {
    /// The burn-up as of `today`; `None` before the learner's first change.
    pub fn new(
        roadmap: &Roadmap,
        phases: &[PhaseSummary],
        progress: &Progress,
        zone: &TimeZone,
        today: Date,
    ) -> Option<BurnUp> {
        let start = zone.to_datetime(progress.activity.first?).date();
        let days_since = |day: Date| start.until(day).map_or(0, |span| span.get_days()).max(0);
        let mut known = Known::new(roadmap);
        let mut done_days: Vec<i32> = progress
            .states
            .iter()
            .filter(|(address, record)| record.state == State::Done && known.has(address))
            .map(|(_, record)| days_since(zone.to_datetime(record.changed_at).date()))
            .collect();
        done_days.sort_unstable();
        let today = f64::from(days_since(today));
        // A step line: flat until a day that changed the count, then up.
        let mut done = vec![(0.0, 0.0)];
        for (index, day) in done_days.iter().enumerate() {
            let point = (f64::from(*day), (index + 1) as f64);
            match done.last_mut() {
                Some(last) if last.0 == point.0 => *last = point,
                Some(&mut last) => done.extend([(point.0, last.1), point]),
                None => done.push(point),
            }
        }
        if done.last().is_some_and(|last| last.0 < today) {
            let count = done.last().map_or(0.0, |last| last.1);
            done.push((today, count));
        }
        let (plan, asked) = plan_line(phases);
        Some(BurnUp {
            start,
            today,
            plan_end: plan.last().map_or(0.0, |last| last.0),
            asked,
            done,
            plan,
        })
    }
}

/// The plan's corners over days since the start, and its top.
fn plan_line(phases: &[PhaseSummary]) -> (Vec<(f64, f64)>, usize) {
    let offset = phases
        .first()
        .map_or(0, |phase| phase.phase.weeks[0].saturating_sub(1));
    let day = |week: u32| f64::from(week.saturating_sub(offset)) * 7.0;
    let mut plan = vec![(0.0, 0.0)];
    let mut asked = 0;
    for summary in phases {
        let [first, last] = summary.phase.weeks;
        plan.push((day(first.saturating_sub(1)), asked as f64));
        asked += summary.counts.asked();
        plan.push((day(last), asked as f64));
    }
    plan.dedup();
    (plan, asked)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::progress::counts::phase_summaries;
    use crate::progress::fixtures::{Learner, trek};

    fn burn_up(learner: &Learner, today: Date) -> Option<BurnUp> {
        let roadmap = trek();
        let phases = phase_summaries(&roadmap, &learner.progress);
        BurnUp::new(&roadmap, &phases, &learner.progress, &TimeZone::UTC, today)
    }

    #[test]
    fn nothing_recorded_has_no_burn_up() {
        assert_eq!(burn_up(&Learner::new(), date(2026, 3, 10)), None);
    }

    #[test]
    fn done_climbs_on_the_days_milestones_were_done_and_ends_at_the_done_count() {
        let mut learner = Learner::new();
        learner
            .note("http", "starting", "2026-03-01T09:00:00Z")
            .tick("http/methods", "2026-03-02T09:00:00Z")
            .tick("http/status", "2026-03-02T10:00:00Z")
            .tick("sql/select", "2026-03-05T10:00:00Z")
            .untick("sql/select", "2026-03-06T10:00:00Z")
            .tick("old/gone", "2026-03-06T10:00:00Z")
            .tick("language/go", "2026-03-08T10:00:00Z");
        let burn_up = burn_up(&learner, date(2026, 3, 10)).expect("started");
        assert_eq!(burn_up.start, date(2026, 3, 1));
        assert_eq!(burn_up.today, 9.0);
        assert_eq!(
            burn_up.done,
            [
                (0.0, 0.0),
                (1.0, 0.0),
                (1.0, 2.0),
                (7.0, 2.0),
                (7.0, 3.0),
                (9.0, 3.0)
            ]
        );
    }

    #[test]
    fn the_plan_spreads_each_phase_over_its_weeks() {
        let mut learner = Learner::new();
        learner.note("http", "starting", "2026-03-01T09:00:00Z");
        let burn_up = burn_up(&learner, date(2026, 3, 1)).expect("started");
        // Foundations need 3 by week 4, databases 4 more by week 8, apis 2 by week 12.
        assert_eq!(
            burn_up.plan,
            [(0.0, 0.0), (28.0, 3.0), (56.0, 7.0), (84.0, 9.0)]
        );
        assert_eq!((burn_up.asked, burn_up.plan_end), (9, 84.0));
    }
}
