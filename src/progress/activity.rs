//! When the learner works: last activity, and the pace the recent days set.
//!
//! Pace counts ticks over the last [`PACE_DAYS`] days, or the days since
//! the first tick when there are fewer, but never over fewer than
//! [`MIN_DAYS`]: ten ticks on day one are ten this week, not seventy.

use jiff::civil::Date;
use jiff::{Span, Timestamp};

use super::days::{Days, back};
use crate::store::Progress;

/// Pace is measured over at most this many days, today included.
pub const PACE_DAYS: u32 = 28;

/// Pace is never measured over fewer days than this, and no finish date is
/// given before this many days have passed since the first tick.
pub const MIN_DAYS: u32 = 7;

/// When anything was last recorded, notes included; `None` before the first change.
pub fn last_activity(progress: &Progress) -> Option<Timestamp> {
    progress.activity.last
}

/// Days from the first tick's day to `today`: 0 on the day of the first
/// tick; `None` before any.
pub fn days_since_first_tick(days: &Days, today: Date) -> Option<u32> {
    let first = days.first()?;
    let elapsed = first.until(today).map_or(0, |span| span.get_days());
    Some(u32::try_from(elapsed).unwrap_or(0))
}

/// True until [`MIN_DAYS`] days have passed since the first tick: before
/// then a pace says little about the months ahead.
pub fn too_early(days: &Days, today: Date) -> bool {
    days_since_first_tick(days, today).is_none_or(|elapsed| elapsed < MIN_DAYS)
}

/// How many ticks the learner made over how many recent days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// Ticks in the window.
    pub ticks: usize,
    /// The window's length in days, today included: [`MIN_DAYS`] to [`PACE_DAYS`].
    pub days: u32,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            ticks: 0,
            days: MIN_DAYS,
        }
    }
}

impl Pace {
    /// Counts the ticks of the window ending `today`.
    pub fn measure(days: &Days, today: Date) -> Pace {
        let Some(elapsed) = days_since_first_tick(days, today) else {
            return Pace::default();
        };
        let window = elapsed.saturating_add(1).clamp(MIN_DAYS, PACE_DAYS);
        let ticks = back(today, window).map_or(0, |first| days.between(first, today));
        Pace {
            ticks,
            days: window,
        }
    }

    /// Milestones per week over the window.
    pub fn per_week(self) -> f64 {
        self.ticks as f64 * 7.0 / f64::from(self.days.max(1))
    }

    /// The day `needed` more milestones are done at this pace:
    /// `today + ceil(needed * window / ticks)` days. `None` when nothing is
    /// needed, when there is no recent pace to go by, or past the
    /// calendar's end.
    pub fn finish_date(self, needed: usize, today: Date) -> Option<Date> {
        if needed == 0 || self.ticks == 0 {
            return None;
        }
        let window = usize::try_from(self.days).ok()?;
        let days = needed.checked_mul(window)?.div_ceil(self.ticks);
        let span = Span::new().try_days(i64::try_from(days).ok()?).ok()?;
        today.checked_add(span).ok()
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use jiff::tz::TimeZone;

    use super::*;
    use crate::progress::fixtures::{Learner, at, trek};

    const TODAY: Date = date(2026, 3, 10);

    fn days(learner: &Learner) -> Days {
        Days::count(&trek(), &learner.progress, &TimeZone::UTC)
    }

    fn pace(learner: &Learner) -> Pace {
        Pace::measure(&days(learner), TODAY)
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
    fn ten_ticks_on_day_one_are_ten_this_week_and_too_early_for_a_date() {
        let mut learner = Learner::new();
        for milestone in ["methods", "status", "http3"] {
            learner.tick(&format!("http/{milestone}"), "2026-03-10T09:00:00Z");
        }
        let pace = pace(&learner);
        assert_eq!(pace, Pace { ticks: 3, days: 7 });
        assert_eq!(pace.per_week(), 3.0);
        assert!(too_early(&days(&learner), TODAY));
        assert_eq!(days_since_first_tick(&days(&learner), TODAY), Some(0));
    }

    #[test]
    fn one_week_after_the_first_tick_the_estimate_is_no_longer_too_early() {
        let mut learner = Learner::new();
        learner.tick("http/methods", "2026-03-04T09:00:00Z");
        assert!(too_early(&days(&learner), TODAY), "six days in");
        learner.tick("http/status", "2026-03-03T09:00:00Z");
        assert!(!too_early(&days(&learner), TODAY), "seven days in");
        // Eight days, the first one included: 2 ticks in 8 days.
        assert_eq!(pace(&learner), Pace { ticks: 2, days: 8 });
        assert_eq!(pace(&learner).per_week(), 1.75);
    }

    #[test]
    fn nothing_ticked_is_too_early_with_no_pace() {
        let learner = Learner::new();
        assert!(too_early(&days(&learner), TODAY));
        assert_eq!(pace(&learner).per_week(), 0.0);
        assert_eq!(days_since_first_tick(&days(&learner), TODAY), None);
    }

    #[test]
    fn pace_is_ticks_of_the_last_four_weeks_per_week() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-02-09T17:00:00Z")
            .tick("http/status", "2026-02-11T18:00:00Z")
            .tick("sql/select", "2026-03-01T10:00:00Z")
            .tick("sql/joins", "2026-03-10T10:00:00Z")
            .tick("sql/indexes", "2026-03-10T11:00:00Z")
            .undo("2026-03-10T11:01:00Z");
        // 28 days, today included, start on 11 February.
        assert_eq!(pace(&learner), Pace { ticks: 3, days: 28 });
        assert_eq!(pace(&learner).per_week(), 0.75);
    }

    #[test]
    fn ticks_on_milestones_the_roadmap_lacks_make_no_pace() {
        let mut learner = Learner::new();
        learner
            .tick("old/gone", "2026-02-20T10:00:00Z")
            .tick("http/renamed", "2026-03-09T10:00:00Z");
        assert_eq!(pace(&learner).per_week(), 0.0);
        assert!(too_early(&days(&learner), TODAY));
    }

    #[test]
    fn no_recent_ticks_is_no_pace() {
        let mut learner = Learner::new();
        learner.tick("http/methods", "2026-01-01T10:00:00Z");
        assert_eq!(pace(&learner).per_week(), 0.0);
    }

    #[test]
    fn the_finish_is_the_remaining_work_at_the_recent_pace() {
        let two_a_week = Pace { ticks: 8, days: 28 };
        assert_eq!(two_a_week.finish_date(8, TODAY), Some(date(2026, 4, 7)));
        assert_eq!(two_a_week.finish_date(1, TODAY), Some(date(2026, 3, 14)));
    }

    #[test]
    fn there_is_no_finish_date_without_pace_or_without_work_left() {
        assert_eq!(Pace::default().finish_date(5, TODAY), None);
        assert_eq!(Pace { ticks: 3, days: 28 }.finish_date(0, TODAY), None);
    }

    #[test]
    fn a_finish_beyond_the_calendar_is_unknown_rather_than_a_crash() {
        let slow = Pace { ticks: 1, days: 28 };
        assert_eq!(slow.finish_date(usize::MAX, TODAY), None);
        assert_eq!(slow.finish_date(1_000_000, TODAY), None);
    }
}
