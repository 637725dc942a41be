//! `trek note TOPIC [TEXT]`: set, edit or clear a topic's note.

use std::io::Write;
use std::process::Command;

use jiff::Timestamp;

use super::Context;
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
        match edit(current.as_deref().unwrap_or(""))? {
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

/// Opens `$VISUAL` or `$EDITOR` on `initial`; `None` when the result is empty.
fn edit(initial: &str) -> Result<Option<String>, Failure> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .ok_or_else(|| {
            Failure::BadInput(
                "no editor: set $VISUAL or $EDITOR, or give the note as an argument".into(),
            )
        })?;
    let file = tempfile::Builder::new()
        .prefix("trek-note-")
        .suffix(".md")
        .tempfile()
        .map_err(|error| Failure::Runtime(format!("cannot create a file to edit: {error}")))?;
    std::fs::write(file.path(), initial).map_err(|error| {
        Failure::Runtime(format!("cannot write {}: {error}", file.path().display()))
    })?;
    // Through the shell, so editors configured with arguments ("code -w") work.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("trek")
        .arg(file.path())
        .status()
        .map_err(|error| {
            Failure::Runtime(format!("cannot start the editor `{editor}`: {error}"))
        })?;
    if !status.success() {
        return Err(Failure::Runtime(format!(
            "the editor `{editor}` failed ({status}); the note was left as it was"
        )));
    }
    let edited = std::fs::read_to_string(file.path())
        .map_err(|error| Failure::Runtime(format!("cannot read the edited note: {error}")))?;
    let edited = edited.trim_end();
    Ok((!edited.trim().is_empty()).then(|| edited.to_owned()))
}
