//! `trek status` as text: the overview, one phase, or one line.

use std::fmt::Write;

use jiff::Zoned;

use super::{BOLD, DIM, Look, YELLOW, done_of, one_decimal, percent};
use crate::progress::{
    ACTIVE_DAYS, Counts, Estimate, HoursLeft, PhaseSummary, PlanPosition, Summary, ago,
};
use crate::text::one_line;

const BAR: usize = 24;
const PHASE_BAR: usize = 16;
const MIN_PHASE_BAR: usize = 6;

/// The overview: overall bar, phases, next milestones, activity and pace.
pub fn status(summary: &Summary, now: &Zoned, look: Look) -> String {
    let mut out = String::new();
    let roadmap = summary.roadmap;
    let _ = writeln!(out, "{}", look.paint(&one_line(&roadmap.title), BOLD));
    let _ = writeln!(out, "{}\n", overall_line(&summary.counts, look));

    let width = summary
        .phases
        .iter()
        .map(|phase| phase.phase.title.chars().count())
        .max()
        .unwrap_or(0);
    let current = summary.current_phase().map(|phase| phase.phase.id.as_str());
    for phase in &summary.phases {
        let marker = if Some(phase.phase.id.as_str()) == current {
            if look.unicode { "▸" } else { ">" }
        } else {
            " "
        };
        let _ = writeln!(out, "{marker} {}", phase_line(phase, width, look));
    }

    if summary.finished() {
        let _ = writeln!(
            out,
            "\n{}",
            look.paint(&one_line(&roadmap.finale.title), BOLD)
        );
    } else if !summary.next.is_empty() {
        let _ = writeln!(out, "\nNext");
        let width = summary
            .next
            .iter()
            .map(|next| next.address.to_string().chars().count())
            .max()
            .unwrap_or(0);
        for next in summary.next.iter().take(3) {
            let address = one_line(&next.address.to_string()).into_owned();
            let text = look.fit(next.text, width + 4);
            let _ = writeln!(out, "  {address:<width$}  {text}");
        }
    }

    new_section(&mut out, summary, look);

    let _ = writeln!(out);
    let last = summary
        .last_activity
        .map_or("none yet".to_owned(), |at| ago(at, now.timestamp()));
    let _ = writeln!(out, "Last activity  {last}");
    let _ = writeln!(out, "Streak         {}", streak_line(summary));
    let _ = writeln!(out, "Pace           {}", pace_line(summary, look));
    if let Some(left) = summary.hours_left {
        let _ = writeln!(out, "Hours left     {}", hours_line(left));
    }
    if !summary.orphans.is_empty() {
        let records = crate::text::count(summary.orphans.count(), "saved record");
        let line = format!("{records} no longer in this roadmap (kept, not counted)");
        let _ = writeln!(out, "Orphaned       {}", look.paint(&line, YELLOW));
    }
    out
}

/// How many new milestones the overview lists by name.
const NEW_LISTED: usize = 5;

/// "12 new milestones since you last opened this roadmap", with the first
/// few; nothing when there are none.
fn new_section(out: &mut String, summary: &Summary, look: Look) {
    if summary.new.is_empty() {
        return;
    }
    let heading = format!(
        "{} since you last opened this roadmap",
        crate::text::count(summary.new.len(), "new milestone")
    );
    let _ = writeln!(out, "\n{}", look.paint(&heading, BOLD));
    let shown = &summary.new[..summary.new.len().min(NEW_LISTED)];
    let width = shown
        .iter()
        .map(|new| new.address.to_string().chars().count())
        .max()
        .unwrap_or(0);
    for new in shown {
        let address = one_line(&new.address.to_string()).into_owned();
        let text = look.fit(new.text, width + 4);
        let _ = writeln!(out, "  {address:<width$}  {text}");
    }
    if summary.new.len() > shown.len() {
        let _ = writeln!(out, "  and {} more", summary.new.len() - shown.len());
    }
}

/// One phase with its topics, for `trek status --phase ID`.
pub fn status_phase(phase: &PhaseSummary, look: Look) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        phase_line(phase, phase.phase.title.chars().count(), look)
    );
    let _ = writeln!(out);
    let width = phase
        .topics
        .iter()
        .map(|topic| topic.topic.id.chars().count())
        .max()
        .unwrap_or(0);
    for topic in &phase.topics {
        let glyph = glyph(&topic.counts, look);
        let id = one_line(&topic.topic.id).into_owned();
        let line = format!("  {glyph} {id:<width$}  {:>7}  ", fraction(&topic.counts));
        let title = look.fit(&topic.topic.title, crate::text::width(&line));
        let _ = writeln!(out, "{line}{title}");
    }
    out
}

/// One line for a prompt: `backend 34.0% (52/153) 3d streak`.
pub fn status_short(summary: &Summary) -> String {
    let counts = &summary.counts;
    let mut line = format!(
        "{} {} ({})",
        one_line(&summary.roadmap.id),
        percent(counts),
        fraction(counts)
    );
    if summary.streak_days > 0 {
        let _ = write!(line, " {}d streak", summary.streak_days);
    }
    line.push('\n');
    line
}

fn overall_line(counts: &Counts, look: Look) -> String {
    format!(
        "{}  {}  {}",
        look.bar(counts.percent(), BAR),
        percent(counts),
        done_of(counts)
    )
}

/// A phase's title, weeks, bar, percent and counts; the bar narrows, down
/// to [`MIN_PHASE_BAR`], so that the line fits a narrow terminal.
fn phase_line(phase: &PhaseSummary, width: usize, look: Look) -> String {
    let [first, last] = phase.phase.weeks;
    let title = one_line(&phase.phase.title).into_owned();
    let weeks = format!("weeks {:<5}", format!("{first}-{last}"));
    let percent = percent(&phase.counts);
    let fraction = fraction(&phase.counts);
    // Everything but the bar, with the marker before it and the bar's brackets.
    let rest = 2 + width + 2 + weeks.len() + 2 + 2 + 6.max(percent.len()) + 2 + fraction.len();
    let rest = rest + if look.unicode { 0 } else { 2 };
    let bar = look.columns.map_or(PHASE_BAR, |columns| {
        columns.saturating_sub(rest).clamp(MIN_PHASE_BAR, PHASE_BAR)
    });
    format!(
        "{title:<width$}  {}  {}  {percent:>6}  {fraction}",
        look.paint(&weeks, DIM),
        look.bar(phase.counts.percent(), bar),
    )
}

fn pace_line(summary: &Summary, look: Look) -> String {
    if summary.finished() {
        return "finished".to_owned();
    }
    let pace = one_decimal(summary.pace.per_week());
    let mut line = format!("{pace:.1} milestones/week");
    match (summary.estimate, summary.estimated_finish) {
        (Estimate::TooEarly, _) => line.push_str(", too early to estimate"),
        (Estimate::Hours, Some(finish)) => {
            let budget = summary.hours_per_week.unwrap_or_default();
            let _ = write!(line, ", finish around {finish} at {budget} hours/week");
        }
        (Estimate::Pace, Some(finish)) => {
            let _ = write!(line, ", finish around {finish}");
        }
        (_, None) => {}
    }
    let position = match summary.plan {
        PlanPosition::Behind(_) => look.paint(&summary.plan.to_string(), YELLOW),
        other => other.to_string(),
    };
    let _ = write!(line, ", {position}");
    if let Some(week) = summary.plan_week {
        let _ = write!(line, " (plan week {week})");
    }
    line
}

/// The current streak, the longest, and the days active this week.
pub(crate) fn streak_line(summary: &Summary) -> String {
    let mut line = crate::text::count(summary.streak_days, "day");
    if summary.streak_longest > summary.streak_days {
        let _ = write!(line, " (longest {})", summary.streak_longest);
    }
    let _ = write!(
        line,
        ", active {} of the last {ACTIVE_DAYS} days",
        summary.active_last_7_days
    );
    line
}

/// The hours still needed, and how many needed milestones have no estimate.
pub(crate) fn hours_line(left: HoursLeft) -> String {
    let mut line = format!("{:.1}", one_decimal(left.hours()));
    if left.unestimated > 0 {
        let unestimated = crate::text::count(left.unestimated, "milestone");
        let _ = write!(line, " ({unestimated} without an estimate)");
    }
    line
}

/// `done/needed-in-all`: what counts toward the percent.
fn fraction(counts: &Counts) -> String {
    format!("{}/{}", counts.done, counts.asked())
}

/// A state glyph, so state never depends on colour alone.
fn glyph(counts: &Counts, look: Look) -> &'static str {
    match (counts.complete(), counts.started(), look.unicode) {
        (true, _, true) => "✓",
        (true, _, false) => "x",
        (false, true, true) => "◐",
        (false, true, false) => "~",
        (false, false, true) => "○",
        (false, false, false) => "o",
    }
}
