//! `trek status --json`: the stable schema documented in the README.
//! Fields may be added; none are renamed.

use serde::Serialize;

use super::one_decimal;
use super::review::ReviewJson;
use crate::progress::{Counts, NextMilestone, PhaseSummary, Summary};
use crate::text::json_terminal_safe;

#[derive(Serialize)]
struct Status<'a> {
    roadmap: RoadmapRef<'a>,
    done: usize,
    skipped: usize,
    total: usize,
    /// Milestones still needed to finish (todo, not optional, not waived).
    needed: usize,
    percent: f64,
    phases: Vec<Phase<'a>>,
    current_phase: Option<&'a str>,
    next: Vec<Next<'a>>,
    streak_days: u32,
    streak_longest: u32,
    active_last_7_days: u32,
    last_activity: Option<String>,
    pace_per_week: f64,
    /// `"too early"` until a week has passed since the first tick.
    estimate: &'static str,
    estimated_finish: Option<String>,
    /// Hours the needed milestones are estimated at; null without hours.
    hours_left: Option<f64>,
    /// Needed milestones that carry no estimate; null without hours.
    hours_unestimated: Option<usize>,
    hours_per_week: Option<f64>,
    plan: String,
    plan_week: Option<u32>,
    orphaned: usize,
    /// Milestones added since the learner's last change on this roadmap.
    new_milestones: Vec<Next<'a>>,
    #[serde(flatten)]
    review: ReviewJson<'a>,
}

#[derive(Serialize)]
struct RoadmapRef<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Phase<'a> {
    id: &'a str,
    title: &'a str,
    done: usize,
    skipped: usize,
    total: usize,
    needed: usize,
    percent: f64,
}

#[derive(Serialize)]
struct Next<'a> {
    address: String,
    topic: &'a str,
    text: &'a str,
}

/// The summary as pretty JSON, limited to one phase when `phase` is given,
/// with the review queue's fields.
pub fn status_json<'a>(
    summary: &'a Summary,
    phase: Option<&'a PhaseSummary>,
    review: ReviewJson<'a>,
) -> String {
    let phases = match phase {
        Some(phase) => vec![phase_json(phase)],
        None => summary.phases.iter().map(phase_json).collect(),
    };
    let counts = &summary.counts;
    let status = Status {
        roadmap: RoadmapRef {
            id: &summary.roadmap.id,
            title: &summary.roadmap.title,
        },
        done: counts.done,
        skipped: counts.skipped,
        total: counts.total,
        needed: counts.needed,
        percent: counts.shown_percent(),
        phases,
        current_phase: summary.current_phase().map(|phase| phase.phase.id.as_str()),
        next: summary.next.iter().map(next_json).collect(),
        streak_days: summary.streak_days,
        streak_longest: summary.streak_longest,
        active_last_7_days: summary.active_last_7_days,
        last_activity: summary
            .last_activity
            .map(|at| at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()),
        pace_per_week: one_decimal(summary.pace.per_week()),
        estimate: summary.estimate.as_str(),
        estimated_finish: summary.estimated_finish.map(|date| date.to_string()),
        hours_left: summary.hours_left.map(|left| one_decimal(left.hours())),
        hours_unestimated: summary.hours_left.map(|left| left.unestimated),
        hours_per_week: summary.hours_per_week,
        plan: summary.plan.to_string(),
        plan_week: summary.plan_week,
        orphaned: summary.orphans.count(),
        new_milestones: summary.new.iter().map(next_json).collect(),
        review,
    };
    let json = serde_json::to_string_pretty(&status).unwrap_or_default();
    json_terminal_safe(json) + "\n"
}

fn next_json<'a>(next: &NextMilestone<'a>) -> Next<'a> {
    Next {
        address: next.address.to_string(),
        topic: next.topic_title,
        text: next.text,
    }
}

fn phase_json<'a>(phase: &PhaseSummary<'a>) -> Phase<'a> {
    let Counts {
        done,
        skipped,
        total,
        needed,
    } = phase.counts;
    Phase {
        id: &phase.phase.id,
        title: &phase.phase.title,
        done,
        skipped,
        total,
        needed,
        percent: phase.counts.shown_percent(),
    }
}
