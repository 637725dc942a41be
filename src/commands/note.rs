//! `trek note TOPIC [TEXT]`: set, edit or clear a topic's note.

use jiff::Timestamp;
use std::io::Write;

use crate::context::Context;
use crate::editor::{edit, editor};
use crate::failure::Failure;

pub fn run(
    context: &Context,
    topic_id: &str,
    text: Option<&str>,
    clear: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let topic = context.topic_id(topic_id)?;
    let roadmap = &context.roadmap.id;
    let new = if clear {
        None
    } else if let Some(text) = text {
        if text.trim().is_empty() {
            return Err(Failure::BadInput(
                "an empty note; to remove the note, pass --clear".into(),
            ));
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
        match edit(&editor, current.as_deref().unwrap_or("")).map_err(Failure::Runtime)? {
            Some(edited) if Some(&edited) != current.as_ref() => Some(edited),
            _ => {
                writeln!(out, "note on {} unchanged", topic.id)?;
                return Ok(());
            }
        }
    };
    let mut store = context.open()?;
    let changed = store.set_note(roadmap, &topic.id, new.as_deref(), Timestamp::now())?;
    let verb = match (changed, &new) {
        (None, _) => "unchanged",
        (Some(_), Some(_)) => "saved",
        (Some(_), None) => "cleared",
    };
    writeln!(out, "note on {} {verb}", topic.id)?;
    Ok(())
}
