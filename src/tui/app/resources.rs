//! Reading the detail pane: its cursor, which goes past the milestones
//! onto the topic's resources, opening a resource in the browser, and
//! panning code sideways.
//!
//! A resource row is something to open, never to tick: `o` and Enter open
//! the one under the cursor, and Space, `x` and `s` say so and change
//! nothing. Opening only leaves the link for the run loop, which alone
//! starts programs.

use crate::text::one_line;

use super::super::action::{Action, Pane};
use super::super::keymap::{self, Scope};
use super::{App, Tone};

impl App {
    /// Moves the detail cursor `delta` rows through the milestones shown
    /// and, after the last of them, the topic's resources.
    pub(super) fn step_detail(&mut self, delta: isize) {
        let rows = self.rows(Pane::Milestones);
        let resources = self
            .current_topic()
            .map_or(0, |topic| topic.resources.len());
        let here = match self.resource {
            Some(resource) => rows.len() + resource,
            None => self.selected_row(Pane::Milestones),
        };
        let last = (rows.len() + resources).saturating_sub(1);
        let target = here.saturating_add_signed(delta).min(last);
        match rows.get(target) {
            Some(&milestone) => self.select_in(Pane::Milestones, milestone),
            None => self.select_resource(target - rows.len()),
        }
        if delta == isize::MIN {
            self.view.detail.reset();
        }
    }

    /// Puts the detail cursor on resource `n` of the selected topic, if
    /// it has one.
    pub(super) fn select_resource(&mut self, n: usize) {
        let resources = self
            .current_topic()
            .map_or(0, |topic| topic.resources.len());
        if n >= resources {
            return;
        }
        // The milestone left behind is the last one shown, so `]` and the
        // place kept for next time read on from there.
        if let Some(&last) = self.rows(Pane::Milestones).last() {
            self.milestone = last;
        }
        self.resource = Some(n);
        self.view.detail.follow();
    }

    /// `o`: the resource under the detail cursor; elsewhere the topic's
    /// resources one per press, saying which; a topic without resources
    /// says so.
    pub(super) fn open_resource(&mut self) {
        if self.focus == Pane::Milestones
            && let Some(resource) = self.resource
        {
            return self.open_resource_at(resource);
        }
        let flat = self.tally.flat(self.current_at());
        let Some(topic) = self.current_topic() else {
            return;
        };
        let count = topic.resources.len();
        if count == 0 {
            return self.tell(Tone::Info, "This topic lists no resources to open");
        }
        let turn = if self.resource_turn.0 == flat {
            self.resource_turn.1 % count
        } else {
            0
        };
        let Some(title) = self.leave_link(turn) else {
            return;
        };
        let again = if count > 1 {
            let down = keymap::key_for(Scope::Browse, Action::Down);
            format!("; again for the next; {down} past the milestones picks one")
        } else {
            String::new()
        };
        self.tell(
            Tone::Info,
            format!("Opening {title} ({}/{count}){again}", turn + 1),
        );
    }

    /// Enter or `o` on a resource row: opens that resource.
    pub(super) fn open_resource_at(&mut self, n: usize) {
        if let Some(title) = self.leave_link(n) {
            self.tell(Tone::Info, format!("Opening {title}"));
        }
    }

    /// Leaves resource `n` of the selected topic for the run loop to open,
    /// and gives its title.
    fn leave_link(&mut self, n: usize) -> Option<String> {
        let flat = self.tally.flat(self.current_at());
        let resource = self.current_topic()?.resources.get(n)?;
        let (title, url) = (one_line(&resource.title).into_owned(), resource.url.clone());
        self.resource_turn = (flat, n + 1);
        // Loading the roadmap let only http(s) links through, so the opener
        // is never handed a path or something that reads as an option.
        self.link = Some(url);
        Some(title)
    }

    /// `<` `>` and Shift with the wheel: pans the detail pane's code; says
    /// so when every line of it already fits.
    pub(super) fn pan(&mut self, columns: i32) {
        let columns = isize::try_from(columns).unwrap_or(0);
        if !self.view.detail.pan(columns) {
            self.tell(Tone::Info, "Every code line here fits: nothing to pan");
        }
    }
}
