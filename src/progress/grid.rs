//! The activity map as data: one cell per day, weeks as columns from
//! Monday to Sunday like a contribution graph, the newest week last, each
//! day at one of five levels. The view, `trek stats` and the SVG card all
//! draw this one grid, so they never disagree about a day.

use jiff::Span;
use jiff::civil::{Date, Weekday};

use super::days::Days;

/// The highest level: a day as busy as the busiest day shown.
pub const TOP_LEVEL: u8 = 4;

/// The weeks an activity map covers when there is room: a year.
pub const YEAR_WEEKS: usize = 52;

/// The last weeks of activity, a column per week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// The Monday of the first column.
    pub first: Date,
    /// Per week, per weekday from Monday: the level, `None` after today.
    pub weeks: Vec<[Option<u8>; 7]>,
    /// The columns where a month begins, with the month's short name.
    pub months: Vec<(usize, &'static str)>,
    /// The most ticks on one day of the grid, which is level [`TOP_LEVEL`].
    pub busiest: u32,
}

/// Short month names, January first.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Grid {
    /// The `weeks` weeks ending with the one that holds `today`.
    pub fn new(days: &Days, today: Date, weeks: usize) -> Grid {
        let weeks = weeks.max(1);
        let monday = today
            .checked_sub(Span::new().days(i64::from(today.weekday().to_monday_zero_offset())))
            .unwrap_or(today);
        let back = i64::try_from(weeks - 1).unwrap_or(0) * 7;
        let first = monday.checked_sub(Span::new().days(back)).unwrap_or(monday);
        let busiest = (0..weeks * 7)
            .filter_map(|offset| day_at(first, offset))
            .filter(|day| *day <= today)
            .map(|day| days.on(day))
            .max()
            .unwrap_or(0);
        let mut columns = Vec::with_capacity(weeks);
        let mut months = Vec::new();
        for week in 0..weeks {
            let mut column = [None; 7];
            for (weekday, cell) in column.iter_mut().enumerate() {
                let Some(day) = day_at(first, week * 7 + weekday) else {
                    continue;
                };
                if day.day() == 1 {
                    months.push((week, MONTHS[usize::from(day.month().unsigned_abs()) - 1]));
                }
                if day <= today {
                    *cell = Some(level(days.on(day), busiest));
                }
            }
            columns.push(column);
        }
        Grid {
            first,
            weeks: columns,
            months,
            busiest,
        }
    }

    /// The day of a cell.
    pub fn day(&self, week: usize, weekday: usize) -> Option<Date> {
        day_at(self.first, week * 7 + weekday)
    }
}

/// The day `offset` days after `first`.
fn day_at(first: Date, offset: usize) -> Option<Date> {
    let offset = i64::try_from(offset).ok()?;
    first.checked_add(Span::new().try_days(offset).ok()?).ok()
}

/// A day's level: 0 without ticks, else 1 to [`TOP_LEVEL`] by its share
/// of the busiest day, rounded up so that any tick shows.
pub fn level(ticks: u32, busiest: u32) -> u8 {
    if ticks == 0 || busiest == 0 {
        return 0;
    }
    let level = (u64::from(ticks) * u64::from(TOP_LEVEL)).div_ceil(u64::from(busiest));
    u8::try_from(level.min(u64::from(TOP_LEVEL))).unwrap_or(TOP_LEVEL)
}

/// Monday to Sunday, as the grid's rows.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn levels_rise_with_the_share_of_the_busiest_day_and_any_tick_shows() {
        assert_eq!(level(0, 8), 0);
        assert_eq!(level(1, 8), 1);
        assert_eq!(level(2, 8), 1);
        assert_eq!(level(3, 8), 2);
        assert_eq!(level(8, 8), 4);
        assert_eq!(level(1, 1), 4);
        assert_eq!(level(1, 0), 0);
    }

    #[test]
    fn the_last_column_is_this_week_and_days_after_today_are_empty() {
        // 2026-03-11 is a Wednesday.
        let today = date(2026, 3, 11);
        let days = Days::from_counts([(date(2026, 3, 9), 2), (today, 1), (date(2026, 2, 2), 4)]);
        let grid = Grid::new(&days, today, 6);
        assert_eq!(grid.first, date(2026, 2, 2));
        assert_eq!(grid.weeks.len(), 6);
        assert_eq!(grid.weeks[0][0], Some(4));
        assert_eq!(
            grid.weeks[5],
            [Some(2), Some(0), Some(1), None, None, None, None]
        );
        assert_eq!(grid.busiest, 4);
        assert_eq!(grid.day(5, 2), Some(today));
    }

    #[test]
    fn a_month_is_labelled_on_the_week_of_its_first_day() {
        let grid = Grid::new(&Days::default(), date(2026, 3, 11), 6);
        assert_eq!(grid.months, [(3, "Mar")], "1 March 2026 is a Sunday");
        let year = Grid::new(&Days::default(), date(2026, 3, 11), YEAR_WEEKS);
        assert_eq!(year.months.len(), 12);
    }
}
