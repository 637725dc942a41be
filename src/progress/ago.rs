//! "3 hours ago": how long since something happened, in a learner's words.

use jiff::Timestamp;

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const TWO_DAYS: i64 = 2 * DAY;
const WEEK: i64 = 7 * DAY;
const MONTH: i64 = 30 * DAY;
const YEAR: i64 = 365 * DAY;

/// Elapsed time from `then` to `now` as a short phrase for "last activity".
///
/// Under a minute (or a `then` in the future) is "just now"; then minutes,
/// hours, "yesterday" (24 to 48 hours), days up to a week, weeks up to 30
/// days, months of 30 days up to a year, and years.
pub fn ago(then: Timestamp, now: Timestamp) -> String {
    let seconds = now.duration_since(then).as_secs();
    match seconds {
        ..MINUTE => "just now".to_owned(),
        MINUTE..HOUR => count(seconds / MINUTE, "minute"),
        HOUR..DAY => count(seconds / HOUR, "hour"),
        DAY..TWO_DAYS => "yesterday".to_owned(),
        TWO_DAYS..WEEK => count(seconds / DAY, "day"),
        WEEK..MONTH => count(seconds / WEEK, "week"),
        MONTH..YEAR => count(seconds / MONTH, "month"),
        _ => count(seconds / YEAR, "year"),
    }
}

fn count(amount: i64, unit: &str) -> String {
    format!("{} ago", crate::text::count(amount, unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::fixtures::at;

    const NOW: &str = "2026-03-10T12:00:00Z";

    fn ago_from(then: &str) -> String {
        ago(at(then), at(NOW))
    }

    #[test]
    fn recent_changes_read_in_minutes_and_hours() {
        assert_eq!(ago_from("2026-03-10T11:59:30Z"), "just now");
        assert_eq!(ago_from("2026-03-10T11:59:00Z"), "1 minute ago");
        assert_eq!(ago_from("2026-03-10T11:55:00Z"), "5 minutes ago");
        assert_eq!(ago_from("2026-03-10T11:00:01Z"), "59 minutes ago");
        assert_eq!(ago_from("2026-03-10T11:00:00Z"), "1 hour ago");
        assert_eq!(ago_from("2026-03-10T09:00:00Z"), "3 hours ago");
    }

    #[test]
    fn older_changes_read_in_days_weeks_months_and_years() {
        assert_eq!(ago_from("2026-03-09T12:00:00Z"), "yesterday");
        assert_eq!(ago_from("2026-03-08T12:00:01Z"), "yesterday");
        assert_eq!(ago_from("2026-03-08T12:00:00Z"), "2 days ago");
        assert_eq!(ago_from("2026-03-03T12:00:01Z"), "6 days ago");
        assert_eq!(ago_from("2026-03-03T12:00:00Z"), "1 week ago");
        assert_eq!(ago_from("2026-02-17T12:00:00Z"), "3 weeks ago");
        assert_eq!(ago_from("2026-02-08T12:00:00Z"), "1 month ago");
        assert_eq!(ago_from("2025-11-10T12:00:00Z"), "4 months ago");
        assert_eq!(ago_from("2025-03-10T12:00:00Z"), "1 year ago");
        assert_eq!(ago_from("2023-03-10T12:00:00Z"), "3 years ago");
    }

    #[test]
    fn a_clock_behind_the_change_reads_just_now() {
        assert_eq!(ago_from("2026-03-10T13:00:00Z"), "just now");
    }
}
