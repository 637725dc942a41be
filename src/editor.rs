//! Editing a note in the learner's own editor, `$VISUAL` or `$EDITOR`, for
//! `trek note TOPIC` and the TUI's `E`.
//!
//! The TUI's run loop hands the terminal over (leaving the alternate screen
//! and raw mode) around [`edit`]; this module only runs the editor on a
//! temporary file and reads the result back.

use std::process::Command;

/// The editor command the learner configured, if any.
pub fn editor() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
}

/// Runs `editor` on a temporary file holding `initial`; the edited text
/// with trailing space trimmed, `None` when left blank, or why it failed.
pub fn edit(editor: &str, initial: &str) -> Result<Option<String>, String> {
    let file = tempfile::Builder::new()
        .prefix("trek-note-")
        .suffix(".md")
        .tempfile()
        .map_err(|error| format!("cannot create a file to edit: {error}"))?;
    std::fs::write(file.path(), initial)
        .map_err(|error| format!("cannot write {}: {error}", file.path().display()))?;
    // Through the shell, so editors configured with arguments ("code -w") work;
    // the file name goes in as "$1", never spliced into the command.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("trek")
        .arg(file.path())
        .status()
        .map_err(|error| format!("cannot start the editor `{editor}`: {error}"))?;
    if !status.success() {
        return Err(format!(
            "the editor `{editor}` failed ({status}); the note was left as it was"
        ));
    }
    let edited = std::fs::read_to_string(file.path())
        .map_err(|error| format!("cannot read the edited note: {error}"))?;
    let edited = edited.trim_end();
    Ok((!edited.trim().is_empty()).then(|| edited.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_edits_the_file_it_is_given() {
        let edited = edit("sed -i 's/old/new/'", "the old note\n").expect("sed runs");
        assert_eq!(edited.as_deref(), Some("the new note"));
    }

    #[test]
    fn an_emptied_note_is_none_and_a_failing_editor_is_an_error() {
        assert_eq!(edit("truncate -s 0", "text"), Ok(None));
        let failure = edit("false", "text").expect_err("false fails");
        assert!(failure.contains("`false` failed"), "{failure}");
    }
}
