//! Everything a learner can do in the interactive view, as one enum.
//!
//! Keys resolve to an [`Action`] through the key map ([`super::keymap`]) and
//! mouse events through the last-rendered pane rectangles; either way
//! [`super::App`] carries the action out in one place, so a test can drive
//! the whole view by feeding actions or keys without a terminal.

/// A pane of the main screen. The detail pane's cursor is on milestones,
/// so it is named after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Phases,
    Topics,
    Milestones,
}

impl Pane {
    /// Left to right, the order Tab walks.
    pub const ALL: [Pane; 3] = [Pane::Phases, Pane::Topics, Pane::Milestones];

    fn index(self) -> usize {
        match self {
            Pane::Phases => 0,
            Pane::Topics => 1,
            Pane::Milestones => 2,
        }
    }

    /// The pane to the right, if there is one.
    pub fn right(self) -> Option<Pane> {
        Pane::ALL.get(self.index() + 1).copied()
    }

    /// The pane to the left, if there is one.
    pub fn left(self) -> Option<Pane> {
        self.index().checked_sub(1).map(|index| Pane::ALL[index])
    }
}

/// One thing a user can do. In overlays (help, search, finale) the moving
/// actions move within the overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Move the selection, the milestone cursor or the overlay up a row.
    Up,
    /// Move down a row.
    Down,
    /// Move up a page (in the detail pane: scroll the text a page).
    PageUp,
    /// Move down a page (in the detail pane: scroll the text a page).
    PageDown,
    /// Go to the first item.
    First,
    /// Go to the last item.
    Last,
    /// Focus the pane to the left; nothing at the leftmost.
    Left,
    /// Focus the pane to the right; nothing at the rightmost.
    Right,
    /// Focus the next pane, wrapping around.
    NextPane,
    /// Focus the previous pane, wrapping around.
    PreviousPane,
    /// Descend: from a phase to its topics, from a topic to its milestones.
    Open,
    /// Toggle the milestone under the cursor between done and todo.
    Toggle,
    /// Mark the milestone under the cursor skipped, or back to todo.
    Skip,
    /// Edit the selected topic's note in place.
    EditNote,
    /// Edit the selected topic's note in `$VISUAL` / `$EDITOR`.
    EditNoteExternally,
    /// Give the focused pane the whole width, or back to all panes.
    Zoom,
    /// Open the resource under the detail cursor, else the selected
    /// topic's next one, in the browser.
    OpenResource,
    /// Open the search line.
    Search,
    /// Revert the newest group of changes, as `trek undo` does.
    Undo,
    /// Bring back what the last undo reverted, as `trek redo` does.
    Redo,
    /// Show only what is left, or everything again.
    Filter,
    /// Go to the next milestone left, across topics and phases.
    NextLeft,
    /// Go to the previous milestone left.
    PreviousLeft,
    /// Open the review of the topics that are due.
    Review,
    /// Review: show the answers; when reopening, choose the milestone.
    Reveal,
    /// Review: rate how well the topic was recalled.
    Rate(crate::store::ReviewMark),
    /// Review: reopen the chosen milestones after Again.
    Confirm,
    /// Show every key.
    Help,
    /// Open the progress view: gauges, activity map, burn-up, pace, next.
    Progress,
    /// Leave trek (saving an open note first).
    Quit,
    /// Close the help or finale overlay, or cancel the search.
    Close,
    /// Search: go to the chosen match.
    Jump,
    /// Note editor: save the note and leave the editor.
    SaveNote,
    /// Note editor: leave the editor, throwing the draft away.
    DiscardNote,
    /// A click on row `index` of a pane (a milestone index in the detail).
    Select(Pane, usize),
    /// A click on resource `index`'s row in the detail pane.
    SelectResource(usize),
    /// A click on a milestone's checkbox.
    ToggleAt(usize),
    /// The wheel over a pane: scroll by this many rows (negative is up).
    Scroll(Pane, i32),
    /// Shift the detail pane's code sideways by this many columns
    /// (negative is left), so a long line can be read to its end.
    Pan(i32),
}
