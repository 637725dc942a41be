//! The inline note editor: a multi-line text area in the detail pane.
//!
//! The draft never holds a character the terminal would act on: the note
//! is made terminal-safe when the editor opens, and typed characters that
//! are not are dropped, so the text area can draw its lines as they are.

use std::borrow::Cow;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::symbols::border::THICK;
use ratatui::widgets::{Block, Padding};
use ratatui_textarea::{TextArea, WrapMode};

use crate::text::terminal_safe;

/// A note being edited, and the note as it was.
pub struct NoteEditor {
    topic: usize,
    /// The text area the view draws.
    pub textarea: TextArea<'static>,
    original: Option<String>,
    /// The stored note the editor opened on, exactly as stored.
    opened_on: Option<String>,
}

impl NoteEditor {
    /// Opens the editor on a topic (by flat index) and its current note.
    pub fn new(topic: usize, note: Option<&str>) -> Self {
        let safe = note.map(|text| terminal_safe(text).into_owned());
        let lines: Vec<String> = safe
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect();
        let mut textarea = TextArea::new(lines);
        textarea.set_wrap_mode(WrapMode::WordOrGlyph);
        textarea.set_cursor_line_style(ratatui::style::Style::default());
        textarea.set_block(
            Block::bordered()
                .border_set(THICK)
                .title(" Note ")
                .padding(Padding::horizontal(1)),
        );
        textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
        textarea.move_cursor(ratatui_textarea::CursorMove::End);
        Self {
            topic,
            textarea,
            original: safe.as_deref().and_then(normalize),
            opened_on: note.map(str::to_owned),
        }
    }

    /// True while the draft has no text at all.
    pub fn is_empty(&self) -> bool {
        self.textarea.lines().iter().all(String::is_empty)
    }

    /// The stored note the editor opened on, to tell whether another trek
    /// changed it meanwhile.
    pub fn opened_on(&self) -> Option<&str> {
        self.opened_on.as_deref()
    }

    /// The topic's flat index.
    pub fn topic(&self) -> usize {
        self.topic
    }

    /// Edits the draft with a key the key map left to the editor.
    pub fn input(&mut self, key: KeyEvent) {
        if let KeyCode::Char(c) = key.code
            && matches!(terminal_safe(c.encode_utf8(&mut [0; 4])), Cow::Owned(_))
        {
            return;
        }
        self.textarea.input(key);
    }

    /// Types a run of characters at the cursor in one edit, as that many
    /// key presses would (characters a terminal acts on are dropped). The
    /// text area redoes its line wrapping after every edit, so typing a
    /// burst one key at a time costs the square of its length.
    pub fn type_str(&mut self, text: &str) {
        let typed: String = text
            .chars()
            .filter(|&c| matches!(terminal_safe(c.encode_utf8(&mut [0; 4])), Cow::Borrowed(_)))
            .filter(|&c| c != '\n')
            .collect();
        self.textarea.insert_str(typed);
    }

    /// Inserts pasted text at the cursor, line breaks kept (a terminal
    /// sends them as CR) and characters a terminal would act on replaced.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        self.textarea.insert_str(terminal_safe(&text));
    }

    /// The draft as a note: `None` when blank, trailing space trimmed.
    pub fn text(&self) -> Option<String> {
        normalize(&self.textarea.lines().join("\n"))
    }

    /// True when saving would not change the note.
    pub fn unchanged(&self) -> bool {
        self.text() == self.original
    }
}

fn normalize(text: &str) -> Option<String> {
    let text = text.trim_end();
    (!text.trim().is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyModifiers;

    use super::*;

    fn type_text(editor: &mut NoteEditor, text: &str) {
        for c in text.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            editor.input(KeyEvent::new(code, KeyModifiers::NONE));
        }
    }

    #[test]
    fn typing_appends_to_the_note_across_lines() {
        let mut editor = NoteEditor::new(3, Some("first"));
        assert!(editor.unchanged());
        type_text(&mut editor, "\nsecond");
        assert_eq!(editor.text().as_deref(), Some("first\nsecond"));
        assert!(!editor.unchanged());
        assert_eq!(editor.topic(), 3);
    }

    #[test]
    fn control_characters_never_enter_the_draft() {
        let mut editor = NoteEditor::new(0, Some("bell\u{7} and \u{1b}[31m"));
        type_text(&mut editor, "\u{202e}x");
        assert_eq!(
            editor.text().as_deref(),
            Some("bell\u{FFFD} and \u{FFFD}[31mx")
        );
    }

    #[test]
    fn a_paste_is_inserted_whole_at_the_cursor_with_its_line_breaks() {
        let mut editor = NoteEditor::new(0, Some("start"));
        editor.paste(" one\rtwo\r\nthree\u{1b}[2J");
        assert_eq!(
            editor.text().as_deref(),
            Some("start one\ntwo\nthree\u{FFFD}[2J")
        );
    }

    #[test]
    fn a_run_of_typed_characters_reads_as_the_same_keys_typed_one_by_one() {
        let mut one_by_one = NoteEditor::new(0, Some("a"));
        let mut at_once = NoteEditor::new(0, Some("a"));
        type_text(&mut one_by_one, "bc\u{7}d é");
        at_once.type_str("bc\u{7}d é");
        assert_eq!(at_once.text(), one_by_one.text());
        assert_eq!(at_once.text().as_deref(), Some("abcd é"));
    }

    #[test]
    fn a_blank_draft_is_no_note() {
        let editor = NoteEditor::new(0, None);
        assert_eq!(editor.text(), None);
        assert!(editor.unchanged());
    }
}
