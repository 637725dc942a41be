//! Styles, in one place. Colour only ever repeats what a glyph or a
//! modifier already says (`✓ ◐ ○`, `[x] [ ] [-]`, the `▸` cursor, reversed
//! selection), so the view reads the same without it.

use ratatui::style::{Color, Modifier, Style};

pub const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
pub const ITALIC: Style = Style::new().add_modifier(Modifier::ITALIC);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const HEADING: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const CODE: Style = Style::new().fg(Color::Yellow);
/// Underlined in the text's own colour: blue text is near unreadable on
/// a black background.
pub const URL: Style = Style::new().add_modifier(Modifier::UNDERLINED);

/// The selected row of the focused pane.
pub const SELECTED_FOCUSED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// The selected row of a pane without focus.
pub const SELECTED: Style = Style::new().add_modifier(Modifier::BOLD);
pub const FOCUSED_BORDER: Style = Style::new().fg(Color::Cyan);

pub const COMPLETE: Style = Style::new().fg(Color::Green);
pub const STARTED: Style = Style::new().fg(Color::Yellow);
pub const UNTOUCHED: Style = Style::new();
pub const SKIPPED: Style = Style::new()
    .fg(Color::DarkGray)
    .add_modifier(Modifier::CROSSED_OUT);

pub const GAUGE_FILLED: Style = Style::new().fg(Color::Green);
pub const GAUGE_UNFILLED: Style = Style::new().fg(Color::DarkGray);

pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const INFO: Style = Style::new();
pub const SUCCESS: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
