//! Where the panes go at a given terminal size.
//!
//! At 100 columns or more the three panes sit side by side; from 60 the
//! phases become a tab bar above topics and detail; below 60 only the
//! focused pane is shown; below [`MIN_WIDTH`] x [`MIN_HEIGHT`] nothing but a
//! note that the terminal is too small. Every rectangle lies inside the
//! area given, whatever its size, so drawing never writes out of bounds.

use ratatui::layout::{Constraint, Layout, Rect};

use super::action::Pane;

/// The smallest terminal the panes are drawn in.
pub const MIN_WIDTH: u16 = 30;
/// The smallest terminal height the panes are drawn in.
pub const MIN_HEIGHT: u16 = 8;
/// From this width on, three panes side by side.
pub const THREE_PANES: u16 = 100;
/// From this width on, two panes under a phase tab bar.
pub const TWO_PANES: u16 = 60;

const HEADER_HEIGHT: u16 = 2;
const FOOTER_HEIGHT: u16 = 1;

/// The main screen's areas; a pane not shown at this size is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub footer: Rect,
    pub phases: Option<Rect>,
    /// The phases as a one-row tab bar, in the two-pane layout.
    pub tabs: Option<Rect>,
    pub topics: Option<Rect>,
    pub detail: Option<Rect>,
}

/// Lays the main screen out in `area`; `None` when it is too small.
/// Zoomed, the focused pane alone takes the whole width at any size.
pub fn screen(area: Rect, focus: Pane, zoomed: bool) -> Option<Screen> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(HEADER_HEIGHT),
        Constraint::Fill(1),
        Constraint::Length(FOOTER_HEIGHT),
    ])
    .areas(area);
    let mut screen = Screen {
        header,
        footer,
        phases: None,
        tabs: None,
        topics: None,
        detail: None,
    };
    if zoomed {
        match focus {
            Pane::Phases => screen.phases = Some(body),
            Pane::Topics => screen.topics = Some(body),
            Pane::Milestones => screen.detail = Some(body),
        }
    } else if area.width >= THREE_PANES {
        let [phases, topics, detail] = Layout::horizontal([
            Constraint::Percentage(25),
            Constraint::Percentage(30),
            Constraint::Fill(1),
        ])
        .areas(body);
        screen.phases = Some(phases);
        screen.topics = Some(topics);
        screen.detail = Some(detail);
    } else if area.width >= TWO_PANES {
        let [tabs, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
        let [topics, detail] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Fill(1)]).areas(rest);
        screen.tabs = Some(tabs);
        screen.topics = Some(topics);
        screen.detail = Some(detail);
    } else {
        match focus {
            Pane::Phases => screen.phases = Some(body),
            Pane::Topics => screen.topics = Some(body),
            Pane::Milestones => screen.detail = Some(body),
        }
    }
    Some(screen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_of_panes_follows_the_width() {
        let panes = |width| {
            let screen =
                screen(Rect::new(0, 0, width, 30), Pane::Topics, false).expect("big enough");
            [
                screen.phases.is_some(),
                screen.tabs.is_some(),
                screen.topics.is_some(),
                screen.detail.is_some(),
            ]
        };
        assert_eq!(panes(120), [true, false, true, true]);
        assert_eq!(panes(100), [true, false, true, true]);
        assert_eq!(panes(99), [false, true, true, true]);
        assert_eq!(panes(60), [false, true, true, true]);
        assert_eq!(panes(59), [false, false, true, false]);
    }

    #[test]
    fn zoomed_the_focused_pane_takes_the_whole_width() {
        let area = Rect::new(0, 0, 120, 40);
        let zoomed = screen(area, Pane::Milestones, true).expect("big enough");
        assert_eq!(zoomed.detail.map(|detail| detail.width), Some(120));
        assert_eq!(
            (zoomed.phases, zoomed.tabs, zoomed.topics),
            (None, None, None)
        );
    }

    #[test]
    fn every_area_lies_inside_the_terminal_at_any_size() {
        for width in 0..=130 {
            for height in [0, 1, 2, 7, 8, 9, 13, 24, 40] {
                let area = Rect::new(0, 0, width, height);
                let Some(screen) = screen(area, Pane::Milestones, false) else {
                    assert!(width < MIN_WIDTH || height < MIN_HEIGHT);
                    continue;
                };
                let areas = [screen.header, screen.footer]
                    .into_iter()
                    .chain(screen.phases)
                    .chain(screen.tabs)
                    .chain(screen.topics)
                    .chain(screen.detail);
                for part in areas {
                    assert_eq!(area.intersection(part), part, "{width}x{height}");
                }
            }
        }
    }
}
