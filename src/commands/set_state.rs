//! `trek check|uncheck|skip ADDRESS...`: change milestones' states from scripts.

use std::io::Write;

use jiff::Timestamp;

use crate::context::Context;
use crate::failure::Failure;
use crate::store::{Change, State};
use crate::text::one_line;

/// Validates every address, then writes all changes as one group.
pub fn run(
    context: &Context,
    arguments: &[String],
    state: State,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let addresses = context.resolve(arguments)?;
    let targets: Vec<_> = addresses
        .iter()
        .map(|address| (address.clone(), state))
        .collect();
    // Without a database every milestone is todo: unticking changes nothing,
    // so nothing is created.
    let changes = if state == State::Todo && !context.db.exists() {
        Vec::new()
    } else {
        let mut store = context.open()?;
        store.set_states(&context.roadmap.id, &targets, Timestamp::now())?
    };
    for change in &changes {
        if let Change::State { address, new, .. } = change {
            let text = context
                .roadmap
                .milestone(address)
                .map_or("", |milestone| milestone.text.as_str());
            writeln!(out, "{:<8} {address}  {}", new.as_str(), one_line(text))?;
        }
    }
    let unchanged = addresses.len() - changes.len();
    let milestones = crate::text::count(unchanged, "milestone");
    if changes.is_empty() {
        writeln!(out, "nothing to change: {milestones} already {state}")?;
    } else if unchanged > 0 {
        writeln!(out, "({milestones} already {state})")?;
    }
    Ok(())
}
