//! Editing a note in the learner's own editor, `$VISUAL` or `$EDITOR`, for
//! `trek note TOPIC` and the TUI's `E`.
//!
//! The TUI's run loop hands the terminal over (leaving the alternate screen
//! and raw mode) around [`edit`]; this module only runs the editor on a
//! temporary file and reads the result back.

use std::process::Command;

use crate::input::{self, InputError, NOTE_LIMIT};
use std::sync::atomic::{AtomicU32, Ordering};

/// The process id of the editor trek is waiting for, 0 when none.
static RUNNING: AtomicU32 = AtomicU32::new(0);

/// The editor trek is waiting for, if any: a signal that ends trek goes to
/// it first, so it can give the terminal back before trek takes it.
pub fn running() -> Option<u32> {
    Some(RUNNING.load(Ordering::SeqCst)).filter(|pid| *pid != 0)
}

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
    // Ending in a newline, as editors and `echo >>` expect of a text file.
    let initial = if initial.is_empty() || initial.ends_with('\n') {
        initial.to_owned()
    } else {
        format!("{initial}\n")
    };
    std::fs::write(file.path(), initial)
        .map_err(|error| format!("cannot write {}: {error}", file.path().display()))?;
    // Through the shell, so editors configured with arguments ("code -w") work;
    // the file name goes in as "$1", never spliced into the command.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("exec {editor} \"$1\""))
        .arg("trek")
        .arg(file.path())
        .spawn()
        .map_err(|error| format!("cannot start the editor `{editor}`: {error}"))?;
    RUNNING.store(child.id(), Ordering::SeqCst);
    let status = child.wait();
    RUNNING.store(0, Ordering::SeqCst);
    let status = status.map_err(|error| format!("the editor `{editor}` was lost: {error}"))?;
    if !status.success() {
        return Err(format!(
            "the editor `{editor}` failed ({status}); the note was left as it was"
        ));
    }
    // Text the learner wrote but trek will not save is kept for them.
    let refuse = |file: tempfile::NamedTempFile, why: &str| match file.keep() {
        Ok((_, path)) => format!(
            "the edited note {why}, so it was not saved; it is kept in {}",
            path.display()
        ),
        Err(_) => format!("the edited note {why}, so it was not saved"),
    };
    let bytes = match input::read_file(file.path(), NOTE_LIMIT) {
        Ok(bytes) => bytes,
        Err(InputError::TooLarge(limit)) => {
            return Err(refuse(file, &format!("is larger than {}", limit.shown)));
        }
        Err(error) => return Err(format!("cannot read the edited note: {error}")),
    };
    let Ok(edited) = String::from_utf8(bytes) else {
        return Err(refuse(file, "is not UTF-8 text"));
    };
    let edited = edited.replace("\r\n", "\n");
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
    fn a_line_appended_by_the_editor_starts_a_line_of_its_own() {
        let edited = edit("sh -c 'echo added >> \"$1\"' sh", "first").expect("sh runs");
        assert_eq!(edited.as_deref(), Some("first\nadded"));
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_and_kept_for_the_learner() {
        let failure = edit("printf '\\377' >", "text").expect_err("not UTF-8");
        let path = failure.rsplit(' ').next().expect("a path");
        assert_eq!(std::fs::read(path).expect("kept"), [0xff]);
        std::fs::remove_file(path).expect("clean up");
    }

    #[test]
    fn a_note_past_the_limit_is_refused_and_kept_for_the_learner() {
        let failure = edit("truncate -s 1048577", "text").expect_err("too large");
        assert!(
            failure.starts_with("the edited note is larger than 1 MiB, so it was not saved"),
            "{failure}"
        );
        let path = failure.rsplit(' ').next().expect("a path");
        assert_eq!(std::fs::metadata(path).expect("kept").len(), 1_048_577);
        std::fs::remove_file(path).expect("clean up");
        assert!(
            edit("truncate -s 1048576", "text").is_ok(),
            "1 MiB itself is kept"
        );
    }

    #[test]
    fn an_emptied_note_is_none_and_a_failing_editor_is_an_error() {
        assert_eq!(edit("truncate -s 0", "text"), Ok(None));
        let failure = edit("false", "text").expect_err("false fails");
        assert!(failure.contains("`false` failed"), "{failure}");
    }
}
