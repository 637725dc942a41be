//! `trek check|uncheck|skip ADDRESS...`: change milestones' states from scripts.

use std::io::Write;

use jiff::Timestamp;

use rustc_hash::{FxHashMap, FxHashSet};

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
    let store = if state == State::Todo {
        context.open_existing()?
    } else {
        Some(context.open()?)
    };
    let changes = match store {
        Some(mut store) => store.set_states(&context.roadmap.id, &targets, Timestamp::now())?,
        None => Vec::new(),
    };
    let texts = milestone_texts(context, &changes);
    let mut report = String::new();
    for change in &changes {
        if let Change::State { address, new, .. } = change {
            let key = (address.topic.as_str(), address.milestone.as_str());
            let text = texts.get(&key).copied().unwrap_or_default();
            report.push_str(&format!(
                "{:<8} {address}  {}\n",
                new.as_str(),
                one_line(text)
            ));
        }
    }
    out.write_all(report.as_bytes())?;
    let unchanged = addresses.len() - changes.len();
    let milestones = crate::text::count(unchanged, "milestone");
    if changes.is_empty() {
        writeln!(out, "nothing to change: {milestones} already {state}")?;
    } else if unchanged > 0 {
        writeln!(out, "({milestones} already {state})")?;
    }
    Ok(())
}

/// The text of every milestone in the changed topics, by topic and id, so
/// reporting a whole topic of changes takes one pass over it, not one scan
/// of the topic per milestone.
fn milestone_texts<'r>(
    context: &'r Context,
    changes: &[Change],
) -> FxHashMap<(&'r str, &'r str), &'r str> {
    let mut texts = FxHashMap::default();
    let mut seen = FxHashSet::default();
    for change in changes {
        let Change::State { address, .. } = change else {
            continue;
        };
        if !seen.insert(address.topic.as_str()) {
            continue;
        }
        if let Some(topic) = context.roadmap.topic(&address.topic) {
            for milestone in &topic.milestones {
                texts.insert(
                    (topic.id.as_str(), milestone.id.as_str()),
                    milestone.text.as_str(),
                );
            }
        }
    }
    texts
}
