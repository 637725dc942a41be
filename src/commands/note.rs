//! `trek note TOPIC [TEXT]`: set, edit or clear a topic's note.

use jiff::Timestamp;
use std::io::Write;

use crate::context::Context;
use crate::editor::{edit, editor};
use crate::failure::Failure;
use crate::input::NOTE_LIMIT;
use crate::store::Change;

pub fn run(
    context: &Context,
    topic_id: &str,
    text: Option<&str>,
    clear: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let topic = context.topic_id(topic_id)?;
    let roadmap = &context.roadmap.id;
    // What the note was when the learner started, to notice another
    // change made meanwhile.
    let mut before = None;
    let new = if clear {
        None
    } else if let Some(text) = text {
        if text.trim().is_empty() {
            return Err(Failure::BadInput(
                "an empty note; to remove the note, pass --clear".into(),
            ));
        }
        if text.len() as u64 > NOTE_LIMIT.bytes {
            return Err(Failure::BadInput(format!(
                "the note is larger than {}, the most trek keeps",
                NOTE_LIMIT.shown
            )));
        }
        Some(text.to_owned())
    } else {
        let current = match context.open_read_only()? {
            Some(store) => store
                .load(roadmap)?
                .notes
                .remove(&topic.id)
                .map(|note| note.text),
            None => None,
        };
        let editor = editor().ok_or_else(|| {
            Failure::BadInput(
                "no editor: set $VISUAL or $EDITOR, or give the note as an argument".into(),
            )
        })?;
        let edited = edit(&editor, current.as_deref().unwrap_or("")).map_err(Failure::Runtime)?;
        match edited {
            Some(edited) if Some(&edited) != current.as_ref() => {
                before = Some(current);
                Some(edited)
            }
            _ => {
                writeln!(out, "note on {} unchanged", topic.id)?;
                return Ok(());
            }
        }
    };
    // Clearing a note in a database that does not exist changes nothing.
    let store = match new {
        Some(_) => Some(context.open()?),
        None => context.open_existing()?,
    };
    let Some(mut store) = store else {
        writeln!(out, "nothing to change: no note on {}", topic.id)?;
        return Ok(());
    };
    let changed = store.set_note(roadmap, &topic.id, new.as_deref(), Timestamp::now())?;
    let (verb, replaced) = match (changed, &new) {
        (None, _) => ("unchanged", None),
        (Some(Change::Note { old, .. }), Some(_)) => ("saved", Some(old)),
        (Some(_), Some(_)) => ("saved", None),
        (Some(_), None) => ("cleared", None),
    };
    match (before, replaced) {
        // Another trek changed the note while the editor was open: the
        // learner's text is the newest and stays; the other is one undo away.
        (Some(before), Some(replaced)) if before != replaced => writeln!(
            out,
            "note on {} {verb} over a newer one set meanwhile; `trek undo` brings that back",
            topic.id
        )?,
        _ => writeln!(out, "note on {} {verb}", topic.id)?,
    }
    Ok(())
}
