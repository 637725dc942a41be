//! Drawing: `impl Widget for &App`, split into one `render_*` helper per
//! part of the screen.
//!
//! The view reads state and nothing else: no SQL, no files, no clock. Lists
//! and the detail text are windowed, so a frame costs what is visible, not
//! what the roadmap holds; counts come from the app's cache. While drawing,
//! the view records where things went ([`super::mouse::Regions`]) for the
//! mouse, and the window offsets it settled on.

mod chrome;
mod detail;
mod lists;
mod overlays;
mod style;
mod wrap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use crate::progress::Counts;

use super::App;
use super::action::Pane;
use super::app::Mode;
use super::layout;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.regions.clear();
        if area.is_empty() {
            return;
        }
        // The note editor lives in the detail pane, so a one-pane screen
        // shows that pane while it is open.
        let shown = match self.mode {
            Mode::Note(_) => Pane::Milestones,
            _ => self.focus,
        };
        let Some(screen) = layout::screen(area, shown) else {
            return overlays::render_too_small(area, buf);
        };
        chrome::render_header(self, screen.header, buf);
        if let Some(area) = screen.phases {
            lists::render_phases(self, area, buf);
        }
        if let Some(area) = screen.tabs {
            lists::render_tabs(self, area, buf);
        }
        if let Some(area) = screen.topics {
            lists::render_topics(self, area, buf);
        }
        if let Some(area) = screen.detail {
            detail::render_detail(self, area, buf);
        }
        chrome::render_footer(self, screen.footer, buf);
        match &self.mode {
            Mode::Help(scroll) => overlays::render_help(scroll, area, buf),
            Mode::Search(search) => overlays::render_search(self, search, area, buf),
            Mode::Finale(scroll) => overlays::render_finale(self, scroll, area, buf),
            Mode::Browse | Mode::Note(_) => {}
        }
    }
}

/// A pane's frame: thick and coloured when it has focus.
fn pane_block(title: Line<'_>, focused: bool) -> Block<'_> {
    let block = Block::bordered().title(title);
    if focused {
        block
            .border_set(border::THICK)
            .border_style(style::FOCUSED_BORDER)
    } else {
        block
    }
}

/// How far along a topic or phase is, as a glyph that needs no colour.
fn glyph(counts: Counts) -> (&'static str, ratatui::style::Style) {
    if counts.complete() {
        ("✓", style::COMPLETE)
    } else if counts.done + counts.skipped > 0 {
        ("◐", style::STARTED)
    } else {
        ("○", style::UNTOUCHED)
    }
}

/// A whole percentage that reads 100% only when complete.
fn percent(counts: Counts) -> String {
    if counts.complete() {
        return "100%".to_owned();
    }
    format!("{}%", counts.percent().floor().clamp(0.0, 99.0))
}
