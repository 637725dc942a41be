//! `trek stats` as text and JSON: the activity map and the burn-up for a
//! terminal, the daily counts for scripts. The map is the same [`Grid`]
//! the interactive view and the SVG card draw.

use std::fmt::Write;

use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;

use super::{DIM, GREEN, Look};
use crate::progress::{BurnUp, Days, Grid, Summary, YEAR_WEEKS};

/// Day levels from none to the busiest, densest last.
const LEVELS: [char; 5] = [' ', '░', '▒', '▓', '█'];
const ASCII_LEVELS: [char; 5] = [' ', '.', ':', '*', '#'];
/// Every other weekday named, Monday first.
const WEEKDAY_LABELS: [&str; 7] = ["Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "Sun "];
/// Columns the labels left of the map and the chart take.
const LABEL_WIDTH: usize = 4;
/// Rows of the burn-up chart.
const CHART_ROWS: usize = 8;
/// The widest burn-up, when the output is no terminal.
const CHART_WIDTH: usize = 60;

/// The activity map of as many weeks as the width holds (a year at most),
/// then the burn-up against the plan.
pub fn stats(summary: &Summary, burn_up: Option<&BurnUp>, today: Date, look: Look) -> String {
    let columns = look.columns.unwrap_or(usize::MAX);
    let weeks = columns.saturating_sub(LABEL_WIDTH + 1).clamp(1, YEAR_WEEKS);
    let grid = Grid::new(&summary.days, today, weeks);
    let mut out = String::new();
    let busiest = crate::text::count(grid.busiest, "tick");
    let _ = writeln!(
        out,
        "Activity, last {} (busiest day: {busiest})",
        crate::text::count(weeks, "week")
    );
    out.push_str(&map(&grid, look));
    let _ = writeln!(
        out,
        "Streak {}, longest {}; active {} of the last 7 days",
        crate::text::count(summary.streak_days, "day"),
        crate::text::count(summary.streak_longest, "day"),
        summary.active_last_7_days
    );
    let _ = writeln!(out);
    match burn_up {
        Some(burn_up) => {
            let width = columns
                .saturating_sub(LABEL_WIDTH + 2)
                .clamp(10, CHART_WIDTH);
            out.push_str(&chart(burn_up, summary.counts.done, width, look));
        }
        None => {
            let _ = writeln!(out, "Burn-up: nothing recorded yet");
        }
    }
    out
}

fn map(grid: &Grid, look: Look) -> String {
    let levels = if look.unicode { LEVELS } else { ASCII_LEVELS };
    let mut out = String::new();
    let mut months = " ".repeat(LABEL_WIDTH);
    for (week, name) in &grid.months {
        let at = LABEL_WIDTH + week;
        if at >= months.len() {
            months.push_str(&" ".repeat(at - months.len()));
            months.push_str(name);
            months.push(' ');
        }
    }
    let _ = writeln!(out, "{}", look.paint(months.trim_end(), DIM));
    for (row, label) in WEEKDAY_LABELS.iter().enumerate() {
        let cells: String = grid
            .weeks
            .iter()
            .map(|week| week[row].map_or(' ', |level| levels[usize::from(level)]))
            .collect();
        let cells = cells.trim_end();
        if cells.is_empty() {
            let _ = writeln!(out, "{}", look.paint(label.trim_end(), DIM));
        } else {
            let _ = writeln!(
                out,
                "{}{}",
                look.paint(label, DIM),
                look.paint(cells, GREEN)
            );
        }
    }
    let legend: String = levels[1..].iter().collect();
    let _ = writeln!(out, "{}less {legend} more", " ".repeat(LABEL_WIDTH));
    out
}

/// Done as filled columns, the plan as dots above them where it is ahead.
fn chart(burn_up: &BurnUp, done_now: usize, width: usize, look: Look) -> String {
    let (fill, dot) = if look.unicode {
        ('█', '·')
    } else {
        ('#', '.')
    };
    let end = burn_up.today.max(burn_up.plan_end).max(1.0);
    let top = (burn_up.asked as f64).max(1.0);
    let mut out = String::new();
    let planned_today = value_at(&burn_up.plan, burn_up.today).round();
    let _ = writeln!(
        out,
        "Burn-up: {done_now} of {} done; the plan has {planned_today} by today",
        burn_up.asked
    );
    let at_column = |column: usize| end * column as f64 / (width - 1).max(1) as f64;
    let heights: Vec<(f64, f64, bool)> = (0..width)
        .map(|column| {
            let day = at_column(column);
            let done = value_at(&burn_up.done, day.min(burn_up.today));
            (done, value_at(&burn_up.plan, day), day <= burn_up.today)
        })
        .collect();
    for row in (0..CHART_ROWS).rev() {
        let level = top * (row as f64 + 0.5) / CHART_ROWS as f64;
        let label = match row {
            r if r == CHART_ROWS - 1 => format!("{:>3} ", burn_up.asked),
            0 => "  0 ".to_owned(),
            _ => "    ".to_owned(),
        };
        let line: String = heights
            .iter()
            .map(|&(done, plan, past)| {
                let plan_row = ((plan / top) * CHART_ROWS as f64 - 0.5).round() as usize;
                if past && done >= level {
                    fill
                } else if plan_row.min(CHART_ROWS - 1) == row {
                    dot
                } else {
                    ' '
                }
            })
            .collect();
        let _ = writeln!(out, "{label}|{}", line.trim_end());
    }
    let _ = writeln!(out, "    +{}", "-".repeat(width));
    let first = burn_up.start.to_string();
    let last = burn_up
        .start
        .checked_add(Span::new().days(end as i64))
        .map_or(String::new(), |date| date.to_string());
    let gap = width.saturating_sub(first.len() + last.len()).max(1);
    let _ = writeln!(out, "     {first}{}{last}", " ".repeat(gap));
    let _ = writeln!(
        out,
        "     {fill} done   {dot} plan, from the phases' week ranges"
    );
    out
}

/// A step line's value at `x`: the last point at or before it.
fn value_at(points: &[(f64, f64)], x: f64) -> f64 {
    let mut value = 0.0;
    for window in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (window[0], window[1]);
        if x >= x1 {
            value = y1;
        } else if x >= x0 {
            // The plan rises evenly through a phase; done steps.
            let share = if x1 > x0 { (x - x0) / (x1 - x0) } else { 1.0 };
            return y0 + (y1 - y0) * share;
        }
    }
    if points.len() == 1 {
        value = points[0].1;
    }
    value
}

#[derive(Serialize)]
struct DailyCounts {
    days: Vec<DayCount>,
}

#[derive(Serialize)]
struct DayCount {
    date: String,
    done: u32,
}

/// Every day from the first tick to today, with the milestones ticked
/// done on it (zero included), oldest first; an empty list before any.
pub fn stats_json(days: &Days, today: Date) -> String {
    let mut list = Vec::new();
    if let Some(first) = days.first() {
        let mut day = first;
        while day <= today {
            list.push(DayCount {
                date: day.to_string(),
                done: days.on(day),
            });
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
    }
    let json = serde_json::to_string_pretty(&DailyCounts { days: list }).unwrap_or_default();
    json + "\n"
}

#[cfg(test)]
mod tests {
    use insta::assert_snapshot;
    use jiff::tz::TimeZone;
    use jiff::{SignedDuration, Timestamp, Zoned};

    use super::*;
    use crate::progress::summarize;
    use crate::roadmap::{Address, Roadmap, parse};
    use crate::store::{Progress, State, Store};

    const ROADMAP: &str = r#"
id = "demo"
title = "Demo trek"
summary = "A small roadmap."
estimate = "4 weeks"

[[phases]]
id = "basics"
title = "Basics"
weeks = [1, 2]
summary = "First steps."

[[phases.topics]]
id = "http"
title = "HTTP"
summary = "The protocol."
body = "Requests."
milestones = [
  { id = "methods", text = "Send a request with each method" },
  { id = "status", text = "Return the right status codes" },
  { id = "cors", text = "Allow one origin with CORS" },
]

[[phases]]
id = "data"
title = "Data"
weeks = [3, 6]
summary = "Storage."

[[phases.topics]]
id = "sql"
title = "SQL"
summary = "Relational data."
body = "Tables."
milestones = [
  { id = "schema", text = "Design a schema" },
  { id = "joins", text = "Write a join" },
  { id = "indexes", text = "Add an index" },
]

[finale]
title = "Done"
body = "Well done."
next = []
"#;

    /// Wednesday 2026-03-11, noon UTC.
    fn now() -> Zoned {
        Timestamp::from_second(1_773_230_400)
            .expect("a valid time")
            .to_zoned(TimeZone::UTC)
    }

    /// Five ticks over five weeks before now, one of them made twice.
    fn history() -> (Roadmap, Progress) {
        let roadmap = parse("demo.toml", ROADMAP.as_bytes()).expect("valid");
        let mut store = Store::open_in_memory();
        let days_ago = |days: i64| now().timestamp() - SignedDuration::from_hours(24 * days);
        let mut set = |address: &str, state, days: i64| {
            let address = Address::parse(address).expect("address");
            store
                .set_states("demo", &[(address, state)], days_ago(days))
                .expect("written");
        };
        set("http/methods", State::Done, 35);
        set("http/status", State::Done, 30);
        set("http/status", State::Todo, 30);
        set("http/status", State::Done, 30);
        set("http/cors", State::Done, 16);
        set("sql/schema", State::Done, 1);
        let progress = store.load("demo").expect("reads");
        (roadmap, progress)
    }

    fn render(look: Look) -> String {
        let (roadmap, progress) = history();
        let now = now();
        let summary = summarize(&roadmap, &progress, &now);
        let burn_up = BurnUp::new(
            &roadmap,
            &summary.phases,
            &progress,
            now.time_zone(),
            now.date(),
        );
        stats(&summary, burn_up.as_ref(), now.date(), look)
    }

    #[test]
    fn stats_for_a_terminal_40_columns_wide() {
        let look = Look {
            columns: Some(40),
            ..Look::PLAIN
        };
        assert_snapshot!(render(look));
    }

    #[test]
    fn stats_in_ascii_use_no_other_characters() {
        let look = Look {
            unicode: false,
            columns: Some(40),
            ..Look::PLAIN
        };
        let text = render(look);
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("less .:*# more"), "{text}");
        assert!(text.contains("Wed "), "{text}");
    }

    #[test]
    fn a_pipe_gets_a_whole_year_and_each_line_ends_without_spaces() {
        let text = render(Look::PLAIN);
        assert!(
            text.starts_with("Activity, last 52 weeks (busiest day: 2 ticks)\n"),
            "{text}"
        );
        assert!(text.lines().all(|line| line == line.trim_end()), "{text}");
    }

    #[test]
    fn the_json_lists_every_day_from_the_first_tick_with_its_count() {
        let (roadmap, progress) = history();
        let days = Days::count(&roadmap, &progress, &TimeZone::UTC);
        let json: serde_json::Value =
            serde_json::from_str(&stats_json(&days, now().date())).expect("JSON");
        let list = json["days"].as_array().expect("a list");
        assert_eq!(list.len(), 36);
        assert_eq!(list[0]["date"], "2026-02-04");
        assert_eq!(list[0]["done"], 1);
        assert_eq!(
            list[5]["done"], 2,
            "a tick walked back and made again is two"
        );
        assert_eq!(list[35]["date"], "2026-03-11");
        assert_eq!(list[35]["done"], 0);
        let total: u64 = list
            .iter()
            .map(|day| day["done"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(total, 5);
        assert_eq!(
            stats_json(&Days::default(), now().date()),
            "{\n  \"days\": []\n}\n"
        );
    }
}
