//! Only what is left: the `f` filter.
//!
//! While it is on, every pane hides what needs no more work: complete
//! phases and topics, and milestones that are done, skipped or optional.
//! What is left follows the one count rule ([`crate::progress::Counts`]):
//! a topic is shown while it is not complete, and in it the todo
//! milestones that still count. The selection is kept on something shown:
//! when the milestone under the cursor is ticked away, the cursor moves on
//! to the next one left, as it does to the next topic or phase.
//!
//! Lists are drawn from [`App::rows`], the real indices of a pane's shown
//! rows, so the filter changes no index the rest of the view keeps.

use crate::roadmap::Address;
use crate::store::State;

use super::action::Pane;
use super::app::{App, Tone};
use super::tally::TopicAt;

impl App {
    /// `f`: shows only what is left, or everything again.
    pub(super) fn toggle_filter(&mut self) {
        if self.only_left {
            self.only_left = false;
            return self.tell(Tone::Info, "Showing everything");
        }
        if self.tally.overall().complete() {
            return self.tell(Tone::Info, "Nothing is left: every milestone is done");
        }
        self.only_left = true;
        self.settle_on_shown();
        self.tell(
            Tone::Info,
            "Showing only what is left: done, skipped and optional milestones are hidden",
        );
    }

    /// Whether phase `phase` is listed.
    pub(super) fn shows_phase(&self, phase: usize) -> bool {
        !self.only_left || !self.tally.phase(phase).complete()
    }

    /// Whether the topic at `at` is listed.
    pub(super) fn shows_topic(&self, at: TopicAt) -> bool {
        !self.only_left || !self.tally.topic(at).complete()
    }

    /// Whether milestone `n` of the topic at `at` is listed.
    pub(super) fn shows_milestone(&self, at: TopicAt, n: usize) -> bool {
        !self.only_left || self.is_left(at, n)
    }

    /// Whether milestone `n` of the topic at `at` still counts toward
    /// completion: todo, not optional, in a topic not yet complete.
    pub(super) fn is_left(&self, at: TopicAt, n: usize) -> bool {
        let Some(topic) = self.topic_at(at) else {
            return false;
        };
        let Some(milestone) = topic.milestones.get(n) else {
            return false;
        };
        !milestone.optional
            && !self.tally.topic(at).complete()
            && self.progress.state(&Address::new(&topic.id, &milestone.id)) == State::Todo
    }

    /// The real indices of a pane's shown rows, top to bottom: phases,
    /// the selected phase's topics, or the selected topic's milestones.
    pub(super) fn rows(&self, pane: Pane) -> Vec<usize> {
        match pane {
            Pane::Phases => (0..self.roadmap.phases.len())
                .filter(|&phase| self.shows_phase(phase))
                .collect(),
            Pane::Topics => (0..self.phase_topics().len())
                .filter(|&topic| {
                    self.shows_topic(TopicAt {
                        phase: self.phase,
                        topic,
                    })
                })
                .collect(),
            Pane::Milestones => {
                let at = self.current_at();
                let len = self.topic_at(at).map_or(0, |topic| topic.milestones.len());
                (0..len).filter(|&n| self.shows_milestone(at, n)).collect()
            }
        }
    }

    /// The real index of row `row` of a pane as listed.
    pub(super) fn row_index(&self, pane: Pane, row: usize) -> Option<usize> {
        if !self.only_left {
            return Some(row);
        }
        self.rows(pane).get(row).copied()
    }

    /// The position in its list of a pane's selected item.
    pub(super) fn selected_row(&self, pane: Pane) -> usize {
        let selected = match pane {
            Pane::Phases => self.phase,
            Pane::Topics => self.topic,
            Pane::Milestones => self.milestone,
        };
        if !self.only_left {
            return selected;
        }
        self.rows(pane)
            .iter()
            .position(|&n| n >= selected)
            .unwrap_or(0)
    }

    /// Moves a pane's selection `delta` rows through the shown rows.
    pub(super) fn step_shown(&mut self, pane: Pane, delta: isize) {
        let rows = self.rows(pane);
        let last = rows.len().saturating_sub(1);
        let target = self
            .selected_row(pane)
            .saturating_add_signed(delta)
            .min(last);
        if let Some(&index) = rows.get(target) {
            self.select_in(pane, index);
        }
    }

    /// After anything that may have hidden the selection: each pane's
    /// selection moves to the next shown row (or the last one, when none
    /// follows). When nothing is left at all the filter turns itself off.
    pub(super) fn settle_on_shown(&mut self) {
        if !self.only_left {
            return;
        }
        if self.tally.overall().complete() {
            // The finale says the rest.
            self.only_left = false;
            return;
        }
        for pane in Pane::ALL {
            let rows = self.rows(pane);
            let selected = match pane {
                Pane::Phases => self.phase,
                Pane::Topics => self.topic,
                Pane::Milestones => self.milestone,
            };
            if rows.contains(&selected) {
                continue;
            }
            let next = rows.iter().find(|&&n| n > selected).or(rows.last());
            if let Some(&index) = next {
                self.select_in(pane, index);
            }
        }
    }
}

#[cfg(test)]
pub(in crate::tui) mod tests {
    use super::*;
    use crate::store::Store;
    use crate::tui::action::Action;
    use crate::tui::fixture::Harness;

    fn place(harness: &Harness) -> (usize, usize, usize) {
        let app = &harness.app;
        (app.phase, app.topic, app.milestone)
    }

    /// Marks milestones done from another trek, as `trek check` would.
    pub(in crate::tui) fn done_elsewhere(harness: &mut Harness, addresses: &[&str]) {
        let targets: Vec<_> = addresses
            .iter()
            .map(|text| (Address::parse(text).expect("an address"), State::Done))
            .collect();
        let mut other = Store::open(&harness.path).expect("second connection");
        other
            .set_states("fixture", &targets, harness.now())
            .expect("trek check");
        harness.app.poll_store();
    }

    #[test]
    fn f_hides_what_is_done_skipped_optional_and_complete_and_the_header_says_so() {
        let mut harness = Harness::new();
        // http: methods done, status skipped; http3 is optional.
        harness.press("Tab Tab Space j s");
        assert!(harness.render(120, 40).contains("Web fundamentals & HTTP"));
        harness.press("f");
        let screen = harness.render(120, 40);
        assert!(screen.contains("only what is left · 1/4 done"), "{screen}");
        assert!(
            !screen.contains("Web fundamentals & HTTP"),
            "complete: {screen}"
        );
        assert!(screen.contains("Pick a language"), "{screen}");
        assert_eq!(
            place(&harness),
            (0, 1, 0),
            "the cursor left the hidden topic"
        );
        harness.press("f");
        let screen = harness.render(120, 40);
        assert!(screen.contains("Web fundamentals & HTTP"), "{screen}");
        assert!(!screen.contains("only what is left"), "{screen}");
    }

    #[test]
    fn in_a_topic_left_only_its_todo_milestones_are_listed() {
        let mut harness = Harness::new();
        harness.press("Tab Tab Space f");
        let screen = harness.render(120, 40);
        assert!(!screen.contains("Explain GET"), "done: {screen}");
        assert!(!screen.contains("HTTP/3"), "optional: {screen}");
        assert!(screen.contains("▸ [ ] Pick the right status"), "{screen}");
        assert_eq!(harness.app.milestone, 1);
    }

    #[test]
    fn ticking_the_last_milestone_of_a_topic_moves_on_to_the_next_topic_and_phase() {
        let mut harness = Harness::new();
        harness.press("f Tab Tab Space");
        assert_eq!(place(&harness), (0, 0, 1), "on to the next milestone left");
        harness.press("Space");
        assert_eq!(place(&harness), (0, 1, 0), "on to the next topic");
        harness.press("Space");
        assert_eq!(
            place(&harness),
            (1, 0, 0),
            "the phase is complete: on to the next"
        );
        let screen = harness.render(120, 40);
        assert!(!screen.contains("✓ Foundations"), "{screen}");
        assert_eq!(harness.stored_state("language/go"), State::Done);
        harness.press("u");
        let screen = harness.render(120, 40);
        assert!(
            screen.contains("◐ Foundations"),
            "an undo brings it back: {screen}"
        );
    }

    #[test]
    fn moving_and_clicking_go_through_the_shown_rows_only() {
        let mut harness = Harness::new();
        // http complete; in language, rust skipped.
        harness.press("Tab Tab Space j s BackTab j Tab j s k f");
        assert_eq!(place(&harness), (0, 1, 0));
        harness.press("j");
        assert_eq!(harness.app.milestone, 2, "past the skipped one");
        harness.press("k");
        assert_eq!(harness.app.milestone, 0);
        harness.app.update(Action::Select(Pane::Topics, 0));
        assert_eq!((harness.app.focus, harness.app.topic), (Pane::Topics, 1));
        harness.app.update(Action::Select(Pane::Topics, 1));
        assert_eq!(harness.app.topic, 1, "no second row listed");
    }

    #[test]
    fn with_everything_done_there_is_nothing_to_filter_and_finishing_turns_it_off() {
        let mut harness = Harness::new();
        done_elsewhere(
            &mut harness,
            &["http/methods", "http/status", "language/go"],
        );
        done_elsewhere(&mut harness, &["sql/select"]);
        harness.press("f");
        assert_eq!(place(&harness), (1, 0, 1));
        harness.press("Tab Tab Space");
        assert!(!harness.app.only_left, "nothing left to show");
        harness.press("Esc f");
        let status = harness.app.status.as_ref().expect("a message");
        assert_eq!(status.text, "Nothing is left: every milestone is done");
        assert!(!harness.app.only_left);
    }
}
