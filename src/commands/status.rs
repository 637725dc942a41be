//! `trek status`: where the learner stands, in one glance.

use std::io::{IsTerminal, Write};

use crate::config::HoursPerWeek;
use crate::context::Context;
use crate::failure::Failure;
use crate::progress::{PhaseSummary, Summary, summarize_with};
use crate::report::{
    Look, ReviewJson, review_short, review_status, status, status_json, status_phase, status_short,
};
use crate::review::{Queue, Remembering, Settings};

/// How `trek status` was asked to print.
pub struct StatusOptions<'a> {
    pub phase: Option<&'a str>,
    pub json: bool,
    pub short: bool,
}

pub fn run(context: &Context, options: &StatusOptions, out: &mut dyn Write) -> Result<(), Failure> {
    let settings = Settings::from_config(&context.config);
    let progress = match context.open_to_show()? {
        Some(store) => store.load_remembered(
            &context.roadmap.id,
            &Remembering::new(&*context.roadmap, settings),
        )?,
        None => Default::default(),
    };
    let now = crate::clock::now();
    let budget = context.config.hours_per_week.map(HoursPerWeek::get);
    let summary = summarize_with(&context.roadmap, &progress, &now, budget);
    let phase = options
        .phase
        .map(|id| find_phase(&summary, id))
        .transpose()?;
    let look = Look {
        color: context.wants_color(),
        unicode: context.unicode(),
        columns: terminal_columns(),
    };
    // Counted once: the queue takes completeness from the summary.
    let queue = Queue::with_completion(&context.roadmap, &progress, &now, settings, |p, t| {
        summary.phases[p].topics[t].counts.complete()
    });
    let text = if options.json {
        status_json(&summary, phase, ReviewJson::new(&queue))
    } else if options.short {
        let line = status_short(&summary);
        format!(
            "{}{}\n",
            line.trim_end(),
            review_short(&queue, look.unicode)
        )
    } else if let Some(phase) = phase {
        status_phase(phase, look)
    } else {
        let mut text = status(&summary, &now, look);
        if let Some(line) = review_status(&queue) {
            text.push_str(&format!("Review         {line}\n"));
        }
        text
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// The phase with this id, or a bad-input failure listing the real ones.
pub fn find_phase<'s, 'r>(
    summary: &'s Summary<'r>,
    id: &str,
) -> Result<&'s PhaseSummary<'r>, Failure> {
    summary
        .phases
        .iter()
        .find(|phase| phase.phase.id == id)
        .ok_or_else(|| {
            let ids: Vec<&str> = summary.phases.iter().map(|p| p.phase.id.as_str()).collect();
            Failure::BadInput(format!(
                "unknown phase `{}` in roadmap `{}`; phases are: {}",
                crate::text::one_line(id),
                summary.roadmap.id,
                ids.join(", ")
            ))
        })
}

/// The width of the terminal standard output goes to; `None` when it goes
/// elsewhere.
pub(super) fn terminal_columns() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let (columns, _) = ratatui::crossterm::terminal::size().ok()?;
    (columns > 0).then_some(usize::from(columns))
}
