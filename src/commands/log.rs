//! `trek log`: the history of changes, newest first.

use std::io::Write;

use jiff::Timestamp;

use crate::context::Context;
use crate::failure::Failure;
use crate::roadmap::Roadmap;
use crate::store::Change;
use crate::text::one_line;

pub fn run(context: &Context, limit: usize, out: &mut dyn Write) -> Result<(), Failure> {
    let Some(store) = context.open_to_show()? else {
        writeln!(out, "no changes yet")?;
        return Ok(());
    };
    let events = store.history(&context.roadmap.id, limit)?;
    if events.is_empty() {
        writeln!(out, "no changes yet")?;
    }
    for event in events {
        let mut line = format!("{}  ", local_time(event.at));
        if event.is_undo {
            line.push_str("undo: ");
        } else if event.is_redo {
            line.push_str("redo: ");
        }
        line.push_str(&describe(&context.roadmap, &event.change));
        if event.reverted {
            line.push_str("  (undone)");
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One change as `action  address  topic title`.
pub fn describe(roadmap: &Roadmap, change: &Change) -> String {
    let (action, address, topic) = match change {
        Change::State { address, new, .. } => (
            new.as_str().to_owned(),
            address.to_string(),
            address.topic.as_str(),
        ),
        Change::Note { topic, new, .. } => {
            let action = if new.is_some() {
                "note"
            } else {
                "note cleared"
            };
            (action.to_owned(), topic.clone(), topic.as_str())
        }
        Change::Review { topic, old, new } => {
            // An undo's line says "undo:" and names the mark it took back.
            let mark = new.or(*old).map_or("", |mark| mark.as_str());
            (format!("review {mark}"), topic.clone(), topic.as_str())
        }
    };
    let title = roadmap
        .topic(topic)
        .map_or("(no longer in the roadmap)", |topic| topic.title.as_str());
    format!("{action:<8} {}  {}", one_line(&address), one_line(title))
}

/// A timestamp in the learner's time zone, to the minute.
pub fn local_time(at: Timestamp) -> String {
    at.to_zoned(crate::clock::local_zone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}
