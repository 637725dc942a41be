//! `trek export`: progress as Markdown with GitHub task lists.
//!
//! Roadmap text is HTML-escaped and kept on one line; a learner's note is
//! placed in a fenced block longer than any backtick run inside it, so no
//! note can add a heading, a task, or raw HTML to the document.

use std::fmt::Write;

use jiff::Zoned;

use super::{done_of, percent};
use crate::progress::{Counts, PhaseSummary, Summary};
use crate::review::Queue;
use crate::roadmap::Address;
use crate::store::{Progress, State};
use crate::text::{one_line, terminal_safe};

/// The whole report, or one phase of it, with each reviewed topic's last
/// review and next due date from `queue`.
pub fn markdown(
    summary: &Summary,
    progress: &Progress,
    queue: &Queue,
    phase: Option<&PhaseSummary>,
    now: &Zoned,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&summary.roadmap.title));
    let (counts, scope) = match phase {
        Some(phase) => (&phase.counts, format!(" in {}", inline(&phase.phase.title))),
        None => (&summary.counts, String::new()),
    };
    let _ = writeln!(
        out,
        "Exported {}: {} of {} milestones done{scope} ({}){}.",
        now.date(),
        counts.done,
        counts.asked(),
        percent(counts),
        skipped(counts)
    );
    let phases = match phase {
        Some(phase) => std::slice::from_ref(phase),
        None => &summary.phases[..],
    };
    for phase in phases {
        write_phase(&mut out, phase, progress, queue, now);
    }
    out
}

fn write_phase(
    out: &mut String,
    phase: &PhaseSummary,
    progress: &Progress,
    queue: &Queue,
    now: &Zoned,
) {
    let [first, last] = phase.phase.weeks;
    let _ = writeln!(
        out,
        "\n## {} (weeks {first}-{last}): {}",
        inline(&phase.phase.title),
        done_of(&phase.counts)
    );
    for topic in &phase.topics {
        let _ = writeln!(
            out,
            "\n### {}: {}\n",
            inline(&topic.topic.title),
            done_of(&topic.counts)
        );
        if let Some(entry) = queue.get(&topic.topic.id)
            && let Some(last) = entry.last_review
        {
            let last = last.to_zoned(now.time_zone().clone()).date();
            let _ = writeln!(out, "Last review {last}, next due {}.\n", entry.due);
        }
        if let Some(note) = progress.notes.get(&topic.topic.id) {
            write_note(out, &note.text);
        }
        for milestone in &topic.topic.milestones {
            let address = Address::new(&topic.topic.id, &milestone.id);
            let text = inline(&milestone.text);
            let optional = if milestone.optional {
                " *(optional)*"
            } else {
                ""
            };
            let line = match progress.states.get(&address) {
                Some(record) if record.state == State::Done => {
                    let date = record.changed_at.to_zoned(now.time_zone().clone()).date();
                    format!("- [x] {text}{optional} (done {date})")
                }
                Some(record) if record.state == State::Skipped => {
                    // No checkbox: a ticked one reads as done to anyone who sees it rendered.
                    format!("- ~~{text}~~{optional} (skipped)")
                }
                _ => format!("- [ ] {text}{optional}"),
            };
            let _ = writeln!(out, "{line}");
        }
    }
}

fn write_note(out: &mut String, note: &str) {
    let note = terminal_safe(note);
    let longest_run = note.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest_run + 1).max(3));
    let _ = writeln!(
        out,
        "Note:\n\n{fence}text\n{}\n{fence}\n",
        note.trim_end_matches('\n')
    );
}

fn skipped(counts: &Counts) -> String {
    if counts.skipped == 0 {
        String::new()
    } else {
        format!(", {} skipped", counts.skipped)
    }
}

/// Roadmap text as safe inline Markdown: one line, HTML escaped.
fn inline(text: &str) -> String {
    one_line(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
