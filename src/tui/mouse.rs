//! Mouse hit-testing against the last frame.
//!
//! Drawing records where each pane went, which list row starts each window
//! and which milestone each visible detail row belongs to ([`Regions`]); a
//! click or wheel turn is resolved against that record into an [`Action`],
//! so what is clicked is what was on screen.

use std::ops::Range;

use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::{Action, Pane};

/// Columns of a milestone row, from the pane's inner left edge, that hold
/// its checkbox (after the two-column cursor marker).
pub const CHECKBOX: Range<u16> = 2..5;

/// Rows the wheel scrolls per notch.
const WHEEL_ROWS: i32 = 3;

/// Columns a sideways notch (or Shift with the wheel) pans code by.
const WHEEL_COLUMNS: i32 = 6;

/// A list drawn in a pane: its rows' area and the index of its first row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListArea {
    pub area: Rect,
    pub offset: usize,
}

/// Where the last frame drew each pane; `None` for a pane not shown.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub phases: Option<ListArea>,
    pub tabs: Option<Rect>,
    pub topics: Option<ListArea>,
    pub detail: Option<Rect>,
}

/// A visible detail row that belongs to a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MilestoneRow {
    pub milestone: usize,
    /// The milestone's first row, the one with the checkbox.
    pub first: bool,
}

/// What a visible detail row belongs to, for a click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailRow {
    Milestone(MilestoneRow),
    /// A resource's title or link, by its index in the topic.
    Resource(usize),
}

/// The last frame's layout, as drawing recorded it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Regions {
    pub panes: Panes,
    /// Each phase tab's columns in the tab bar.
    pub tabs: Vec<(Range<u16>, usize)>,
    /// One entry per row of the detail pane's text.
    pub detail_rows: Vec<Option<DetailRow>>,
    /// The header with the overall gauge, which opens the progress view.
    pub header: Option<Rect>,
    /// The hyperlinks drawn, for the terminal.
    pub links: Vec<super::output::Link>,
}

impl Regions {
    /// Forgets the last frame, before drawing the next.
    pub fn clear(&mut self) {
        self.panes = Panes::default();
        self.tabs.clear();
        self.detail_rows.clear();
        self.header = None;
        self.links.clear();
    }
}

/// The action a click or wheel turn means, if it landed on something.
pub fn resolve(regions: &Regions, event: MouseEvent) -> Option<Action> {
    let at = Position::new(event.column, event.row);
    let panes = regions.panes;
    let list_row = |list: Option<ListArea>| {
        list.filter(|list| list.area.contains(at))
            .map(|list| list.offset + usize::from(at.y - list.area.y))
    };
    let pane_under = [
        (Pane::Phases, panes.phases.map(|list| list.area)),
        (Pane::Topics, panes.topics.map(|list| list.area)),
        (Pane::Milestones, panes.detail),
    ]
    .into_iter()
    .find(|(_, area)| area.is_some_and(|area| area.contains(at)))
    .map(|(pane, _)| pane);
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            if regions.header.is_some_and(|header| header.contains(at)) {
                return Some(Action::Progress);
            }
            if let Some(row) = list_row(panes.phases) {
                return Some(Action::Select(Pane::Phases, row));
            }
            if let Some(row) = list_row(panes.topics) {
                return Some(Action::Select(Pane::Topics, row));
            }
            if panes.tabs.is_some_and(|tabs| tabs.contains(at)) {
                let (_, phase) = regions
                    .tabs
                    .iter()
                    .find(|(columns, _)| columns.contains(&at.x))?;
                return Some(Action::Select(Pane::Phases, *phase));
            }
            let detail = panes.detail.filter(|detail| detail.contains(at))?;
            let row = match (*regions.detail_rows.get(usize::from(at.y - detail.y))?)? {
                DetailRow::Milestone(row) => row,
                DetailRow::Resource(n) => return Some(Action::SelectResource(n)),
            };
            let column = at.x - detail.x;
            if row.first && CHECKBOX.contains(&column) {
                Some(Action::ToggleAt(row.milestone))
            } else {
                Some(Action::Select(Pane::Milestones, row.milestone))
            }
        }
        MouseEventKind::ScrollDown
        | MouseEventKind::ScrollUp
        | MouseEventKind::ScrollRight
        | MouseEventKind::ScrollLeft
            if pane_under == Some(Pane::Milestones) && sideways(event) =>
        {
            let right = matches!(
                event.kind,
                MouseEventKind::ScrollDown | MouseEventKind::ScrollRight
            );
            Some(Action::Pan(if right {
                WHEEL_COLUMNS
            } else {
                -WHEEL_COLUMNS
            }))
        }
        MouseEventKind::ScrollDown => Some(Action::Scroll(pane_under?, WHEEL_ROWS)),
        MouseEventKind::ScrollUp => Some(Action::Scroll(pane_under?, -WHEEL_ROWS)),
        _ => None,
    }
}

/// A wheel turn that means sideways: a sideways wheel or trackpad swipe,
/// or the wheel with Shift held, as browsers and editors read it.
fn sideways(event: MouseEvent) -> bool {
    matches!(
        event.kind,
        MouseEventKind::ScrollLeft | MouseEventKind::ScrollRight
    ) || event.modifiers.contains(KeyModifiers::SHIFT)
}
