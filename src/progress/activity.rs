//! When the learner works: last activity, streak, pace and the finish it points to.
//!
//! Streaks and pace count only ticks that still stand: changes to done that
//! were not undone and are not themselves an undo (the store picks them).
//! Days are the learner's local calendar days, taken from the zone of `now`.

use std::collections::HashSet;

use jiff::civil::Date;
use jiff::{Span, Timestamp, Zoned};

use crate::store::Progress;

/// Pace is measured over this many weeks before now.
pub const PACE_WEEKS: i64 = 4;

/// When anything was last recorded, notes included; `None` before the first change.
pub fn last_activity(progress: &Progress) -> Option<Timestamp> {
    progress.activity.last
}

/// Consecutive local days with at least one tick, ending today or yesterday,
/// so a streak survives until a whole day passes without a tick.
pub fn streak_days(progress: &Progress, now: &Zoned) -> u32 {
    let zone = now.time_zone();
    let days: HashSet<Date> = progress
        .activity
        .ticks
        .iter()
        .map(|&tick| zone.to_datetime(tick).date())
        .collect();
    let today = now.date();
    let latest = [Ok(today), today.yesterday()]
        .into_iter()
        .flatten()
        .find(|day| days.contains(day));
    let mut streak = 0;
    let mut day = latest;
    while let Some(current) = day.filter(|current| days.contains(current)) {
        streak += 1;
        day = current.yesterday().ok();
    }
    streak
}

/// How many ticks the learner made in the last [`PACE_WEEKS`] weeks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pace {
    pub recent_ticks: usize,
}

impl Pace {
    /// Counts the ticks in the weeks before `now`.
    pub fn measure(progress: &Progress, now: &Zoned) -> Pace {
        let since = now
            .checked_sub(Span::new().weeks(PACE_WEEKS))
            .map_or(Timestamp::MIN, |then| then.timestamp());
        let window = since..=now.timestamp();
        Pace {
            recent_ticks: progress
                .activity
                .ticks
                .iter()
                .filter(|tick| window.contains(tick))
                .count(),
        }
    }

    /// Milestones per week, averaged over the window.
    pub fn per_week(self) -> f64 {
        self.recent_ticks as f64 / PACE_WEEKS as f64
    }

    /// The day `needed` more milestones are done at this pace:
    /// `today + ceil(needed / pace * 7)` days. `None` when nothing is needed,
    /// when there is no recent pace to go by, or past the calendar's end.
    pub fn finish_date(self, needed: usize, today: Date) -> Option<Date> {
        if needed == 0 || self.recent_ticks == 0 {
            return None;
        }
        let window_days = usize::try_from(PACE_WEEKS * 7).ok()?;
        let days = needed.checked_mul(window_days)?.div_ceil(self.recent_ticks);
        let span = Span::new().try_days(i64::try_from(days).ok()?).ok()?;
        today.checked_add(span).ok()
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use jiff::tz::TimeZone;

    use super::*;
    use crate::progress::fixtures::{Learner, at, utc};

    const NOW: &str = "2026-03-10T18:00:00Z";

    fn streak(learner: &Learner) -> u32 {
        streak_days(&learner.progress, &utc(NOW))
    }

    #[test]
    fn last_activity_is_the_newest_change_notes_included() {
        let mut learner = Learner::new();
        assert_eq!(last_activity(&learner.progress), None);
        learner.tick("http/methods", "2026-03-08T10:00:00Z").note(
            "http",
            "read RFC 9110",
            "2026-03-09T21:30:00Z",
        );
        assert_eq!(
            last_activity(&learner.progress),
            Some(at("2026-03-09T21:30:00Z"))
        );
    }

    #[test]
    fn three_days_of_ticks_ending_today_are_a_three_day_streak() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-08T10:00:00Z")
            .tick("http/status", "2026-03-09T10:00:00Z")
            .tick("sql/select", "2026-03-10T08:00:00Z")
            .tick("sql/joins", "2026-03-10T09:00:00Z");
        assert_eq!(streak(&learner), 3);
    }

    #[test]
    fn a_streak_ending_yesterday_still_stands_today() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-08T10:00:00Z")
            .tick("http/status", "2026-03-09T23:59:00Z");
        assert_eq!(streak(&learner), 2);
    }

    #[test]
    fn a_streak_is_lost_after_a_whole_day_without_ticks() {
        let mut learner = Learner::new();
        learner.tick("http/methods", "2026-03-08T10:00:00Z");
        assert_eq!(streak(&learner), 0);
    }

    #[test]
    fn a_streak_broken_by_a_day_without_ticks_restarts() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-06T10:00:00Z")
            .tick("http/status", "2026-03-07T10:00:00Z")
            .tick("sql/select", "2026-03-09T10:00:00Z")
            .tick("sql/joins", "2026-03-10T10:00:00Z");
        assert_eq!(streak(&learner), 2);
    }

    #[test]
    fn undone_ticks_do_not_count_toward_the_streak() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-09T10:00:00Z")
            .tick("http/status", "2026-03-10T10:00:00Z")
            .undo("2026-03-10T10:01:00Z");
        assert_eq!(streak(&learner), 1);
    }

    #[test]
    fn undoing_an_untick_is_not_a_new_tick() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-01T10:00:00Z")
            .untick("http/methods", "2026-03-10T10:00:00Z")
            .undo("2026-03-10T10:01:00Z");
        assert_eq!(streak(&learner), 0);
    }

    #[test]
    fn notes_skips_and_unticks_keep_no_streak() {
        let mut learner = Learner::new();
        learner
            .note("http", "halfway through the RFC", "2026-03-10T10:00:00Z")
            .skip("http/http3", "2026-03-10T10:00:00Z")
            .untick("http/methods", "2026-03-10T10:00:00Z");
        assert_eq!(streak(&learner), 0);
    }

    #[test]
    fn days_are_the_learners_local_days() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-08T23:30:00Z")
            .tick("http/status", "2026-03-09T00:30:00Z");
        assert_eq!(streak(&learner), 2);
        let berlin = at(NOW).to_zoned(TimeZone::fixed(jiff::tz::offset(2)));
        assert_eq!(streak_days(&learner.progress, &berlin), 1);
    }

    #[test]
    fn pace_is_ticks_of_the_last_four_weeks_per_week() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-02-09T17:00:00Z")
            .tick("http/status", "2026-02-10T18:00:00Z")
            .tick("sql/select", "2026-03-01T10:00:00Z")
            .tick("sql/joins", "2026-03-10T10:00:00Z")
            .tick("sql/indexes", "2026-03-10T11:00:00Z")
            .undo("2026-03-10T11:01:00Z");
        let pace = Pace::measure(&learner.progress, &utc(NOW));
        assert_eq!(pace.recent_ticks, 3);
        assert_eq!(pace.per_week(), 0.75);
    }

    #[test]
    fn no_recent_ticks_is_no_pace() {
        let mut learner = Learner::new();
        learner.tick("http/methods", "2026-01-01T10:00:00Z");
        assert_eq!(Pace::measure(&learner.progress, &utc(NOW)).per_week(), 0.0);
    }

    #[test]
    fn the_finish_is_the_remaining_work_at_the_recent_pace() {
        let two_a_week = Pace { recent_ticks: 8 };
        let today = date(2026, 3, 10);
        assert_eq!(two_a_week.finish_date(8, today), Some(date(2026, 4, 7)));
        assert_eq!(two_a_week.finish_date(1, today), Some(date(2026, 3, 14)));
    }

    #[test]
    fn there_is_no_finish_date_without_pace_or_without_work_left() {
        let today = date(2026, 3, 10);
        assert_eq!(Pace::default().finish_date(5, today), None);
        assert_eq!(Pace { recent_ticks: 3 }.finish_date(0, today), None);
    }

    #[test]
    fn a_finish_beyond_the_calendar_is_unknown_rather_than_a_crash() {
        let slow = Pace { recent_ticks: 1 };
        assert_eq!(slow.finish_date(usize::MAX, date(2026, 3, 10)), None);
        assert_eq!(slow.finish_date(1_000_000, date(2026, 3, 10)), None);
    }
}
