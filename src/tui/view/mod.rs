//! Drawing: `impl StatefulWidget for &App`, split into one `render_*`
//! helper per part of the screen.
//!
//! The view reads the app and nothing else: no SQL, no files, no clock.
//! Lists and the detail text are windowed, so a frame costs what is
//! visible, not what the roadmap holds; counts come from the app's cache.
//! What drawing settles is written to the [`ViewState`] it is handed, as
//! ratatui's `ListState`: the window offsets and page sizes, and where
//! things went ([`Regions`]) for the mouse. The app keeps that state
//! between frames, and the next key or click reads it.

mod chrome;
mod detail;
mod journey;
mod lists;
mod overlays;
mod review;
mod search;
mod style;
mod wrap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, StatefulWidget, Widget};

use crate::progress::Counts;

use super::App;
use super::action::Pane;
use super::app::Mode;
use super::layout;
use super::mouse::Regions;
use super::scroll::Scroll;

/// What drawing settles and the next key or click reads.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ViewState {
    pub phases: Scroll,
    pub topics: Scroll,
    pub detail: Scroll,
    /// The help or the finale, whichever is open.
    pub overlay: Scroll,
    /// The search's list of matches.
    pub search: Scroll,
    /// Where the last frame put each pane.
    pub regions: Regions,
    /// The last frame was too small for the panes, so it showed nothing a
    /// key could change.
    pub too_small: bool,
}

/// Draws the app with the view state it keeps, which is taken out for the
/// frame so drawing can borrow the app and change the state at once.
impl Widget for &mut App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut view = std::mem::take(&mut self.view);
        StatefulWidget::render(&*self, area, buf, &mut view);
        self.view = view;
    }
}

impl StatefulWidget for &App {
    type State = ViewState;

    fn render(self, area: Rect, buf: &mut Buffer, view: &mut ViewState) {
        view.regions.clear();
        view.too_small = layout::screen(area, self.focus, false).is_none();
        if area.is_empty() {
            return;
        }
        // The progress view covers the whole screen: nothing under it is drawn.
        if let Mode::Progress(open) = &self.mode {
            return journey::render(self, open, area, buf);
        }
        // The note editor lives in the detail pane, so a one-pane screen
        // shows that pane while it is open.
        let shown = match self.mode {
            Mode::Note(_) => Pane::Milestones,
            _ => self.focus,
        };
        let Some(screen) = layout::screen(area, shown, self.zoomed) else {
            return overlays::render_too_small(area, buf);
        };
        chrome::render_header(self, screen.header, buf);
        view.regions.header = Some(screen.header);
        if let Some(area) = screen.phases {
            lists::render_phases(self, area, buf, view);
        }
        if let Some(area) = screen.tabs {
            lists::render_tabs(self, area, buf, &mut view.regions);
        }
        if let Some(area) = screen.topics {
            lists::render_topics(self, area, buf, view);
        }
        if let Some(area) = screen.detail {
            detail::render_detail(self, area, buf, view);
        }
        chrome::render_footer(self, screen.footer, buf);
        match &self.mode {
            Mode::Help => overlays::render_help(area, buf, &mut view.overlay),
            Mode::Search(open) => search::render_search(self, open, area, buf, &mut view.search),
            Mode::Finale => overlays::render_finale(self, area, buf, &mut view.overlay),
            Mode::Review(session) => review::render_review(self, session, area, buf),
            Mode::Browse | Mode::Note(_) | Mode::Progress(_) => {}
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

/// `↑` on the top border when rows are hidden above the window of
/// `height` rows from `offset`, `↓` on the bottom one when rows are
/// hidden below.
fn scroll_marks(block: Block<'_>, offset: usize, height: usize, len: usize) -> Block<'_> {
    let block = if offset > 0 {
        block.title_top(Line::from(" ↑ ").right_aligned())
    } else {
        block
    };
    if offset + height < len {
        block.title_bottom(Line::from(" ↓ ").right_aligned())
    } else {
        block
    }
}

/// How far along a topic or phase is, as a glyph that needs no colour.
fn glyph(counts: Counts) -> (&'static str, ratatui::style::Style) {
    if counts.complete() {
        ("✓", style::COMPLETE)
    } else if counts.started() {
        ("◐", style::STARTED)
    } else {
        ("○", style::UNTOUCHED)
    }
}
