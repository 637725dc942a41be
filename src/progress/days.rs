//! The learner's ticks counted by local calendar day: what streaks, the
//! activity map and pace are made of.
//!
//! Only ticks that still stand count (the store picks them), and of those
//! only ticks on milestones the roadmap has: progress on a renamed or
//! removed milestone is kept and listed as orphaned, but it is no work on
//! this roadmap, so it keeps no streak and makes no pace.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::roadmap::{Address, Roadmap};
use crate::store::Progress;

/// Ticks per local day, for the days that have any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Days {
    counts: BTreeMap<Date, u32>,
}

impl Days {
    /// Counts the ticks on this roadmap's milestones by day in `zone`.
    pub fn count(roadmap: &Roadmap, progress: &Progress, zone: &TimeZone) -> Days {
        let mut known = Known::new(roadmap);
        let mut counts = BTreeMap::new();
        // Ticks come mostly in time order, so the day of the last one is
        // usually the day of the next: one zone conversion a day, not a tick.
        let mut last: Option<(Timestamp, Timestamp, Date)> = None;
        for tick in &progress.activity.ticks {
            if !known.has(&tick.address) {
                continue;
            }
            let day = match last {
                Some((from, to, day)) if from <= tick.at && tick.at < to => day,
                _ => {
                    let day = zone.to_datetime(tick.at).date();
                    last = day_bounds(day, zone).map(|(from, to)| (from, to, day));
                    day
                }
            };
            *counts.entry(day).or_insert(0) += 1;
        }
        Days { counts }
    }

    /// Days from their ticks per day, for tests and benchmarks.
    pub fn from_counts(counts: impl IntoIterator<Item = (Date, u32)>) -> Days {
        Days {
            counts: counts.into_iter().filter(|(_, n)| *n > 0).collect(),
        }
    }

    /// The day of the first tick; `None` before any.
    pub fn first(&self) -> Option<Date> {
        self.counts.keys().next().copied()
    }

    /// Ticks on `day`.
    pub fn on(&self, day: Date) -> u32 {
        self.counts.get(&day).copied().unwrap_or(0)
    }

    /// Ticks from `first` to `last`, both inclusive.
    pub fn between(&self, first: Date, last: Date) -> usize {
        if first > last {
            return 0;
        }
        self.counts
            .range(first..=last)
            .map(|(_, n)| *n as usize)
            .sum()
    }

    /// Every day with ticks, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = (Date, u32)> + '_ {
        self.counts.iter().map(|(day, n)| (*day, *n))
    }

    /// The most ticks on any one day; 0 before the first.
    pub fn busiest(&self) -> u32 {
        self.counts.values().copied().max().unwrap_or(0)
    }

    /// Consecutive days with a tick, ending today or yesterday, so a streak
    /// survives until a whole day passes without a tick.
    pub fn streak(&self, today: Date) -> u32 {
        let latest = [Ok(today), today.yesterday()]
            .into_iter()
            .flatten()
            .find(|day| self.counts.contains_key(day));
        let mut streak = 0;
        let mut day = latest;
        while let Some(current) = day.filter(|current| self.counts.contains_key(current)) {
            streak += 1;
            day = current.yesterday().ok();
        }
        streak
    }

    /// The longest run of consecutive days with a tick, ever.
    pub fn longest_streak(&self) -> u32 {
        let mut longest = 0;
        let mut run = 0;
        let mut previous: Option<Date> = None;
        for &day in self.counts.keys() {
            let follows = previous.and_then(|p| p.tomorrow().ok()) == Some(day);
            run = if follows { run + 1 } else { 1 };
            longest = longest.max(run);
            previous = Some(day);
        }
        longest
    }

    /// On how many of the `days` days ending today the learner ticked.
    pub fn active_in_last(&self, days: u32, today: Date) -> u32 {
        let Some(first) = back(today, days) else {
            return u32::try_from(self.counts.range(..=today).count()).unwrap_or(u32::MAX);
        };
        u32::try_from(self.counts.range(first..=today).count()).unwrap_or(u32::MAX)
    }
}

/// When `day` starts and the next one starts, in `zone`.
fn day_bounds(day: Date, zone: &TimeZone) -> Option<(Timestamp, Timestamp)> {
    let from = zone.to_ambiguous_zoned(day.to_datetime(jiff::civil::Time::midnight()));
    let to = zone.to_ambiguous_zoned(
        day.tomorrow()
            .ok()?
            .to_datetime(jiff::civil::Time::midnight()),
    );
    Some((
        from.compatible().ok()?.timestamp(),
        to.compatible().ok()?.timestamp(),
    ))
}

/// The first of the `days` days ending on `today`.
pub(super) fn back(today: Date, days: u32) -> Option<Date> {
    let days = i64::from(days.max(1)) - 1;
    today.checked_sub(Span::new().try_days(days).ok()?).ok()
}

/// Which addresses the roadmap has, indexed per topic on first use, so
/// checking every tick costs one pass over the topics ticked at most.
pub(super) struct Known<'r> {
    roadmap: &'r Roadmap,
    topics: FxHashMap<&'r str, FxHashSet<&'r str>>,
}

impl<'r> Known<'r> {
    pub(super) fn new(roadmap: &'r Roadmap) -> Self {
        Self {
            roadmap,
            topics: FxHashMap::default(),
        }
    }

    pub(super) fn has(&mut self, address: &Address) -> bool {
        if let Some(milestones) = self.topics.get(address.topic.as_str()) {
            return milestones.contains(address.milestone.as_str());
        }
        let Some(topic) = self.roadmap.topic(&address.topic) else {
            return false;
        };
        let milestones: FxHashSet<&str> = topic
            .milestones
            .iter()
            .map(|milestone| milestone.id.as_str())
            .collect();
        let has = milestones.contains(address.milestone.as_str());
        self.topics.insert(topic.id.as_str(), milestones);
        has
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::progress::fixtures::{Learner, trek};

    const TODAY: Date = date(2026, 3, 10);

    fn days(learner: &Learner) -> Days {
        Days::count(&trek(), &learner.progress, &TimeZone::UTC)
    }

    #[test]
    fn ticks_are_counted_per_local_day() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-08T23:30:00Z")
            .tick("http/status", "2026-03-09T00:30:00Z")
            .tick("sql/select", "2026-03-09T10:00:00Z");
        let utc = days(&learner);
        assert_eq!((utc.on(date(2026, 3, 8)), utc.on(date(2026, 3, 9))), (1, 2));
        let berlin = TimeZone::fixed(jiff::tz::offset(2));
        let local = Days::count(&trek(), &learner.progress, &berlin);
        assert_eq!(local.on(date(2026, 3, 9)), 3);
        assert_eq!(local.first(), Some(date(2026, 3, 9)));
        assert_eq!(local.busiest(), 3);
    }

    #[test]
    fn ticks_on_milestones_the_roadmap_lacks_are_not_counted() {
        let mut learner = Learner::new();
        learner
            .tick("old/gone", "2026-03-09T10:00:00Z")
            .tick("http/renamed", "2026-03-10T10:00:00Z");
        let days = days(&learner);
        assert_eq!(days.first(), None);
        assert_eq!(days.streak(TODAY), 0);
        assert_eq!(days.active_in_last(7, TODAY), 0);
        learner.tick("http/methods", "2026-03-10T11:00:00Z");
        assert_eq!(self::days(&learner).between(TODAY, TODAY), 1);
    }

    fn streak(learner: &Learner) -> u32 {
        days(learner).streak(TODAY)
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
    fn a_streak_ending_yesterday_still_stands_today_and_breaks_after_a_whole_day() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-06T10:00:00Z")
            .tick("http/status", "2026-03-08T10:00:00Z")
            .tick("sql/select", "2026-03-09T23:59:00Z");
        assert_eq!(streak(&learner), 2);
        assert_eq!(days(&learner).streak(date(2026, 3, 11)), 0);
    }

    #[test]
    fn undone_ticks_notes_skips_and_unticks_keep_no_streak() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-01T10:00:00Z")
            .untick("http/methods", "2026-03-10T10:00:00Z")
            .undo("2026-03-10T10:01:00Z")
            .note("http", "halfway through the RFC", "2026-03-10T10:00:00Z")
            .skip("http/http3", "2026-03-10T10:00:00Z")
            .tick("http/status", "2026-03-10T10:00:00Z")
            .undo("2026-03-10T10:02:00Z");
        assert_eq!(streak(&learner), 0);
    }

    #[test]
    fn the_longest_streak_is_remembered_after_it_breaks() {
        let days = Days::from_counts([
            (date(2026, 2, 1), 1),
            (date(2026, 2, 2), 3),
            (date(2026, 2, 3), 1),
            (date(2026, 2, 4), 1),
            (date(2026, 3, 9), 2),
            (date(2026, 3, 10), 1),
        ]);
        assert_eq!(days.longest_streak(), 4);
        assert_eq!(days.streak(TODAY), 2);
        assert_eq!(Days::default().longest_streak(), 0);
    }

    #[test]
    fn active_days_count_days_not_ticks_in_the_week_ending_today() {
        let days = Days::from_counts([
            (date(2026, 3, 3), 5),
            (date(2026, 3, 4), 5),
            (date(2026, 3, 8), 1),
            (date(2026, 3, 10), 9),
            (date(2026, 3, 11), 1),
        ]);
        assert_eq!(days.active_in_last(7, TODAY), 3);
        assert_eq!(days.between(date(2026, 3, 4), TODAY), 15);
    }

    #[test]
    fn an_undone_tick_leaves_its_day_empty() {
        let mut learner = Learner::new();
        learner
            .tick("http/methods", "2026-03-10T10:00:00Z")
            .undo("2026-03-10T10:01:00Z");
        assert_eq!(days(&learner).on(TODAY), 0);
    }
}
