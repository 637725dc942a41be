//! The progress view, drawn over the whole screen: the overall and phase
//! gauges, the activity map, the burn-up against the plan, the figures
//! (streak, active days, pace, finish, plan, hours) and the next
//! milestones. Everything reads without colour: levels are glyph
//! densities, the two burn-up lines differ in their marks, and the chosen
//! next milestone has the `▸` cursor.
//!
//! Sections are dropped from the least needed up as the terminal shrinks:
//! the burn-up first, then the phases, so a small terminal still shows the
//! figures, the map and what is next.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Block, Chart, Clear, Dataset, GraphType, LineGauge, List, ListItem, ListState, Paragraph,
    StatefulWidget, Widget,
};

use super::{chrome, style};
use crate::progress::{
    BurnUp, Counts, Estimate, Grid, PhaseSummary, Summary, YEAR_WEEKS, days_since_first_tick,
};
use crate::report::one_decimal;
use crate::text::{count, truncate, width};
use crate::tui::App;
use crate::tui::journey::Journey;

/// Day levels from none to the busiest, densest last.
const LEVELS: [&str; 5] = [" ", "░", "▒", "▓", "█"];
/// The same levels where only ASCII may be drawn.
const ASCII_LEVELS: [&str; 5] = [" ", ".", ":", "*", "#"];

/// Every other weekday named, Monday first, as a contribution graph does.
const WEEKDAY_LABELS: [&str; 7] = ["Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "Sun "];

/// Rows of the activity map's block: month labels, seven days, borders.
const MAP_HEIGHT: u16 = 10;
/// Columns the weekday labels take left of the map.
const WEEKDAY_WIDTH: u16 = 4;
/// The narrowest burn-up worth drawing, and the figures column's width.
const CHART_MIN_WIDTH: u16 = 30;
const SIDE_WIDTH: u16 = 50;

/// Draws the progress view as of the time it holds.
pub(super) fn render(app: &App, journey: &Journey, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let summary = app.journey_summary(&journey.now);
    let [title, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::render_footer(app, footer, buf);
    let figures = figure_lines(&summary, journey);
    let figures_height = figures.len() as u16 + 2;
    if body.height < 1 + MAP_HEIGHT + figures_height {
        return render_compact(app, &summary, journey, figures, [title, body], buf);
    }
    render_title(&summary, None, title, buf);
    let phases_height = u16::try_from(summary.phases.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(10);
    let next_height = u16::try_from(summary.next.len().max(1)).unwrap_or(1) + 2;
    let side = body.width >= CHART_MIN_WIDTH + SIDE_WIDTH;
    let lower = if side {
        (figures_height + next_height).max(8)
    } else {
        figures_height + next_height
    };
    let show_phases = body.height >= 1 + MAP_HEIGHT + phases_height + lower;
    let [overall, phases, map, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if show_phases { phases_height } else { 0 }),
        Constraint::Length(MAP_HEIGHT),
        Constraint::Fill(1),
    ])
    .areas(body);
    render_overall(&summary.counts, app.plan.ascii, overall, buf);
    if show_phases {
        render_phases(&summary.phases, phases, buf);
    }
    render_map(app, &summary, journey, map, buf);
    if side {
        let [chart, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(SIDE_WIDTH)]).areas(rest);
        render_burn_up(app, &summary, journey, chart, buf);
        render_figures_and_next(&summary, figures, journey, right, buf);
    } else {
        render_figures_and_next(&summary, figures, journey, rest, buf);
    }
}

/// A short terminal: the counts in the title, the figures with the first
/// next milestone, and the map below them as far as it fits.
fn render_compact(
    app: &App,
    summary: &Summary,
    journey: &Journey,
    mut figures: Vec<Line<'static>>,
    [title, body]: [Rect; 2],
    buf: &mut Buffer,
) {
    render_title(summary, Some(&summary.counts), title, buf);
    if let Some(next) = summary.next.first() {
        figures.push(figure("Next", format!("{}  {}", next.address, next.text)));
    }
    let height = (figures.len() as u16).min(body.height);
    let [figures_area, map] =
        Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(body);
    Paragraph::new(figures).render(figures_area, buf);
    if map.height >= 7 {
        render_map(app, summary, journey, map, buf);
    }
}

fn render_title(summary: &Summary, counts: Option<&Counts>, area: Rect, buf: &mut Buffer) {
    let title = match counts {
        Some(counts) => format!("Progress · {}", counts_label(counts)),
        None => format!("Progress · {}", summary.roadmap.title),
    };
    let title = truncate(&title, usize::from(area.width).saturating_sub(1)).into_owned();
    Line::from(vec![Span::raw(" "), Span::styled(title, style::BOLD)]).render(area, buf);
}

/// `34.0% · 52 of 153 done`, the one count rule's figures.
fn counts_label(counts: &Counts) -> String {
    let mut label = format!(
        "{:.1}% · {} of {} done",
        one_decimal(counts.percent()),
        counts.done,
        counts.asked()
    );
    if counts.skipped > 0 {
        label.push_str(&format!(", {} skipped", counts.skipped));
    }
    label
}

fn render_overall(counts: &Counts, ascii: bool, area: Rect, buf: &mut Buffer) {
    let (filled, unfilled) = if ascii { ("#", "-") } else { ("█", "░") };
    LineGauge::default()
        .ratio((counts.percent() / 100.0).clamp(0.0, 1.0))
        .label(format!(" {}  ", counts_label(counts)))
        .filled_style(style::GAUGE_FILLED)
        .unfilled_style(style::GAUGE_UNFILLED)
        .filled_symbol(filled)
        .unfilled_symbol(unfilled)
        .render(area, buf);
}

fn render_phases(phases: &[PhaseSummary], area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(" Phases ");
    let inner = block.inner(area);
    block.render(area, buf);
    let title_width = phases
        .iter()
        .map(|phase| width(&phase.phase.title))
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width / 3));
    for (row, phase) in phases.iter().enumerate().take(usize::from(inner.height)) {
        let y = inner.y + row as u16;
        let line = Rect::new(inner.x, y, inner.width, 1);
        let [name, gauge] = Layout::horizontal([
            Constraint::Length(u16::try_from(title_width + 1).unwrap_or(u16::MAX)),
            Constraint::Fill(1),
        ])
        .areas(line);
        let [first, last] = phase.phase.weeks;
        Line::raw(truncate(&phase.phase.title, title_width)).render(name, buf);
        LineGauge::default()
            .ratio((phase.counts.percent() / 100.0).clamp(0.0, 1.0))
            .label(format!(
                "{:>6}  weeks {first}-{last}  ",
                format!("{:.1}%", one_decimal(phase.counts.percent()))
            ))
            .filled_style(style::GAUGE_FILLED)
            .unfilled_style(style::GAUGE_UNFILLED)
            .filled_symbol("━")
            .unfilled_symbol("─")
            .render(gauge, buf);
    }
}

/// The last weeks as a contribution graph, as many as the width holds up
/// to a year, two columns a week when there is room.
fn render_map(app: &App, summary: &Summary, journey: &Journey, area: Rect, buf: &mut Buffer) {
    let bordered = area.height >= MAP_HEIGHT;
    let levels = if app.plan.ascii { ASCII_LEVELS } else { LEVELS };
    let legend = format!(" less {} more ", levels[1..].concat());
    let inner = if bordered {
        let block = Block::bordered()
            .title(" Activity ")
            .title_bottom(Line::raw(legend).right_aligned());
        let inner = block.inner(area);
        block.render(area, buf);
        inner
    } else {
        area
    };
    let room = inner.width.saturating_sub(WEEKDAY_WIDTH);
    let cell = if room >= 2 * YEAR_WEEKS as u16 { 2 } else { 1 };
    let weeks = usize::from(room / cell).clamp(1, YEAR_WEEKS);
    let grid = Grid::new(&summary.days, journey.now.date(), weeks);
    let mut months = String::new();
    for (week, name) in &grid.months {
        let at = usize::from(WEEKDAY_WIDTH) + week * usize::from(cell);
        // A label that would run into the one before it is left out.
        if at >= months.len() {
            months.push_str(&" ".repeat(at - months.len()));
            months.push_str(name);
            months.push(' ');
        }
    }
    let mut lines = Vec::with_capacity(8);
    if inner.height > 7 {
        lines.push(Line::styled(months, style::DIM));
    }
    for (row, label) in WEEKDAY_LABELS.iter().enumerate() {
        let mut cells = String::with_capacity(grid.weeks.len() * 3 * usize::from(cell));
        for column in &grid.weeks {
            let glyph = column[row].map_or(" ", |level| levels[usize::from(level)]);
            for _ in 0..cell {
                cells.push_str(glyph);
            }
        }
        lines.push(Line::from(vec![
            Span::styled(*label, style::DIM),
            Span::styled(cells, style::GAUGE_FILLED),
        ]));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// Done over the days since the start against the plan: done in blocks,
/// the plan in dots, so the two read apart without colour.
fn render_burn_up(app: &App, summary: &Summary, journey: &Journey, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(" Burn-up: done ▀ vs plan • ");
    let phases = &summary.phases;
    let burn_up = BurnUp::new(
        &app.roadmap,
        phases,
        &app.progress,
        &app.plan.zone,
        journey.now.date(),
    );
    let Some(burn_up) = burn_up.filter(|_| area.height >= 6) else {
        Paragraph::new("Nothing recorded yet: the burn-up starts with your first change.")
            .block(block)
            .render(area, buf);
        return;
    };
    let end = burn_up.today.max(burn_up.plan_end).max(7.0);
    let top = (burn_up.asked as f64).max(1.0);
    let date_at = |days: f64| {
        burn_up
            .start
            .checked_add(jiff::Span::new().days(days as i64))
            .map_or(String::new(), |date| date.strftime("%-d %b").to_string())
    };
    let datasets = vec![
        Dataset::default()
            .name("plan")
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(style::DIM)
            .data(&burn_up.plan),
        Dataset::default()
            .name("done")
            .marker(Marker::HalfBlock)
            .graph_type(GraphType::Line)
            .style(style::GAUGE_FILLED)
            .data(&burn_up.done),
    ];
    Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .bounds([0.0, end])
                .labels([date_at(0.0), date_at(end)]),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(["0".to_owned(), burn_up.asked.to_string()]),
        )
        .legend_position(None)
        .render(area, buf);
}

/// The figures above the next milestones.
fn render_figures_and_next(
    summary: &Summary,
    lines: Vec<Line<'static>>,
    journey: &Journey,
    area: Rect,
    buf: &mut Buffer,
) {
    let height = (lines.len() as u16 + 2).min(area.height);
    let [figures, next] =
        Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(area);
    Paragraph::new(lines)
        .block(Block::bordered().title(" Pace "))
        .render(figures, buf);
    if next.height < 3 {
        return;
    }
    let block = Block::bordered().title(" Next (Enter goes there) ");
    if summary.next.is_empty() {
        let text = if summary.finished() {
            "Every milestone is done."
        } else {
            "Nothing left that is needed."
        };
        Paragraph::new(text).block(block).render(next, buf);
        return;
    }
    let room = usize::from(next.width).saturating_sub(4);
    let items: Vec<ListItem> = summary
        .next
        .iter()
        .map(|item| {
            let address = item.address.to_string();
            let text = truncate(item.text, room.saturating_sub(width(&address) + 2));
            ListItem::new(Line::from(vec![
                Span::styled(truncate(&address, room).into_owned(), style::BOLD),
                Span::raw("  "),
                Span::raw(text),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(journey.selected));
    StatefulWidget::render(
        List::new(items)
            .block(block)
            .highlight_symbol("▸ ")
            .highlight_style(style::SELECTED_FOCUSED),
        next,
        buf,
        &mut state,
    );
}

/// Streak, active days, pace, finish, plan and hours: each a fact, and a
/// finish date only where one can honestly be given.
fn figure_lines(summary: &Summary, journey: &Journey) -> Vec<Line<'static>> {
    let mut streak = count(summary.streak_days, "day");
    if summary.streak_longest > summary.streak_days {
        streak.push_str(&format!(" · longest {}", summary.streak_longest));
    }
    let finish = match (summary.estimate, summary.estimated_finish) {
        _ if summary.finished() => "finished".to_owned(),
        (Estimate::TooEarly, _) => match days_since_first_tick(&summary.days, journey.now.date()) {
            Some(days) => format!("too early to estimate ({} in)", count(days, "day")),
            None => "too early to estimate (no ticks yet)".to_owned(),
        },
        (Estimate::Hours, Some(date)) => format!(
            "around {date} at {} h/week",
            summary.hours_per_week.unwrap_or_default()
        ),
        (Estimate::Pace, Some(date)) => format!("around {date} at this pace"),
        (_, None) => "no recent pace to go by".to_owned(),
    };
    let mut plan = summary.plan.to_string();
    if let Some(week) = summary.plan_week {
        plan.push_str(&format!(" · plan week {week}"));
    }
    let mut lines = vec![
        figure("Streak", streak),
        figure(
            "Active",
            format!("{} of the last 7 days", summary.active_last_7_days),
        ),
        figure(
            "Pace",
            format!(
                "{:.1} milestones/week",
                one_decimal(summary.pace.per_week())
            ),
        ),
        figure("Finish", finish),
        figure("Plan", plan),
    ];
    if let Some(left) = summary.hours_left {
        let mut hours = format!("{:.1}", one_decimal(left.hours()));
        if left.unestimated > 0 {
            hours.push_str(&format!(" · {} unestimated", left.unestimated));
        }
        lines.push(figure("Hours left", hours));
    }
    lines
}

fn figure(name: &'static str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:<11}"), style::DIM),
        Span::raw(value),
    ])
}
