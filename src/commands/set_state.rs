//! `trek check|uncheck|skip ADDRESS...`: change milestones' states from scripts.

use std::cell::Cell;
use std::io::Write;

use jiff::Timestamp;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::context::Context;
use crate::failure::Failure;
use crate::roadmap::Address;
use crate::store::{Change, State};
use crate::text::one_line;

/// Validates every address, then writes all changes as one group.
///
/// Skipping a whole topic skips what is left of it: its done milestones
/// stay done, so skipping the rest of a half-finished topic never takes
/// back work. A done milestone named by its own address is skipped.
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
    let whole_topics: FxHashSet<&str> = arguments
        .iter()
        .filter(|argument| context.roadmap.topic(argument).is_some())
        .map(String::as_str)
        .collect();
    let named: FxHashSet<Address> = arguments
        .iter()
        .filter_map(|argument| Address::parse(argument))
        .collect();
    let kept_done = Cell::new(0);
    let spared = |address: &Address, old: State| {
        let spared = state == State::Skipped
            && old == State::Done
            && whole_topics.contains(address.topic.as_str())
            && !named.contains(address);
        kept_done.set(kept_done.get() + usize::from(spared));
        spared
    };
    let changes = match store {
        Some(mut store) => {
            store.set_states_sparing(&context.roadmap.id, &targets, spared, Timestamp::now())?
        }
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
    let kept_done = kept_done.get();
    let unchanged = addresses.len() - changes.len() - kept_done;
    let mut left = Vec::new();
    if unchanged > 0 {
        left.push(format!(
            "{} already {state}",
            crate::text::count(unchanged, "milestone")
        ));
    }
    if kept_done > 0 {
        let stay = if kept_done == 1 { "stays" } else { "stay" };
        left.push(format!(
            "{} {stay} done",
            crate::text::count(kept_done, "done milestone")
        ));
    }
    if changes.is_empty() {
        writeln!(out, "nothing to change: {}", left.join(", "))?;
    } else if !left.is_empty() {
        writeln!(out, "({})", left.join(", "))?;
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
