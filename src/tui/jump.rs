//! Getting to what is left: `]` and `[` go to the next and previous
//! milestone that still counts toward completion, across topics and
//! phases, wrapping around the roadmap; [`App::go_to`] shows any milestone
//! by its address, for views that list milestones (the progress view's
//! Next list).

use crate::roadmap::Address;

use super::action::Pane;
use super::app::{App, Tone};
use super::tally::TopicAt;

impl App {
    /// `]` (`forward`) or `[`: the cursor to the nearest milestone left
    /// after (or before) it in roadmap order, wrapping at the ends.
    pub(super) fn jump_to_left(&mut self, forward: bool) {
        let topics: Vec<TopicAt> = (0..self.roadmap.topic_count())
            .filter_map(|flat| self.tally.locate(flat))
            .collect();
        let count = topics.len();
        if count == 0 {
            return;
        }
        let start = self.tally.flat(self.current_at());
        let here = self.milestone;
        for step in 0..=count {
            let flat = if forward {
                (start + step) % count
            } else {
                (start + count - step % count) % count
            };
            let at = topics[flat];
            if self.tally.topic(at).complete() {
                continue;
            }
            let len = self.topic_at(at).map_or(0, |topic| topic.milestones.len());
            // The cursor's own topic is looked at twice: past the cursor
            // first, and before it once the search has wrapped round.
            let range: Vec<usize> = match (step == 0, step == count, forward) {
                (true, _, true) => (here + 1..len).collect(),
                (true, _, false) => (0..here.min(len)).rev().collect(),
                (_, true, true) => (0..here.min(len)).collect(),
                (_, true, false) => (here + 1..len).rev().collect(),
                (false, false, true) => (0..len).collect(),
                (false, false, false) => (0..len).rev().collect(),
            };
            if let Some(n) = range.into_iter().find(|&n| self.is_left(at, n)) {
                let wrapped = if forward {
                    start + step >= count
                } else {
                    step > start
                };
                self.select(at, n);
                self.focus = Pane::Milestones;
                if wrapped {
                    let end = if forward { "start" } else { "end" };
                    self.tell(
                        Tone::Info,
                        format!("Went round to the {end} of the roadmap"),
                    );
                }
                return;
            }
        }
        let message = if self.is_left(self.current_at(), here) {
            "This is the only milestone left"
        } else {
            "Nothing is left: every milestone is done"
        };
        self.tell(Tone::Info, message);
    }

    /// Shows the milestone at `address` with the cursor on it, the filter
    /// off if it hid it; false when the roadmap has no such milestone. For
    /// views that list milestones, such as the progress view's Next list.
    pub fn go_to(&mut self, address: &Address) -> bool {
        let Some((phase, topic)) = self.roadmap.locate(&address.topic) else {
            return false;
        };
        let at = TopicAt { phase, topic };
        let Some(n) = self.topic_at(at).and_then(|topic| {
            topic
                .milestones
                .iter()
                .position(|milestone| milestone.id == address.milestone)
        }) else {
            return false;
        };
        if !self.shows_milestone(at, n) {
            self.only_left = false;
        }
        self.select(at, n);
        self.focus = Pane::Milestones;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::filter::tests::done_elsewhere;
    use crate::tui::fixture::Harness;

    fn place(harness: &Harness) -> (usize, usize, usize) {
        let app = &harness.app;
        (app.phase, app.topic, app.milestone)
    }

    fn message(harness: &Harness) -> Option<String> {
        harness
            .app
            .status
            .as_ref()
            .map(|status| status.text.clone())
    }

    #[test]
    fn next_left_skips_done_optional_and_complete_topics_across_phases() {
        let mut harness = Harness::new();
        done_elsewhere(&mut harness, &["http/status", "language/go"]);
        assert_eq!(place(&harness), (0, 0, 0));
        harness.press("]");
        assert_eq!(
            place(&harness),
            (1, 0, 0),
            "past http3 and the chosen language"
        );
        assert_eq!(harness.app.focus, Pane::Milestones);
        harness.press("] ]");
        assert_eq!(place(&harness), (0, 0, 0), "round to the start");
        assert_eq!(
            message(&harness).as_deref(),
            Some("Went round to the start of the roadmap")
        );
        harness.press("[");
        assert_eq!(place(&harness), (1, 0, 1), "back round to the end");
        assert_eq!(
            message(&harness).as_deref(),
            Some("Went round to the end of the roadmap")
        );
        harness.press("[ [");
        assert_eq!(place(&harness), (0, 0, 0));
        assert_eq!(message(&harness), None, "no wrap this time");
    }

    #[test]
    fn with_one_milestone_left_the_jump_says_so_and_with_none_too() {
        let mut harness = Harness::new();
        done_elsewhere(
            &mut harness,
            &["http/methods", "http/status", "language/rust", "sql/select"],
        );
        harness.press("]");
        assert_eq!(place(&harness), (1, 0, 1));
        harness.press("]");
        assert_eq!(place(&harness), (1, 0, 1));
        assert_eq!(
            message(&harness).as_deref(),
            Some("This is the only milestone left")
        );
        harness.press("Space Esc ]");
        assert_eq!(
            message(&harness).as_deref(),
            Some("Nothing is left: every milestone is done")
        );
    }

    #[test]
    fn go_to_shows_an_address_even_when_the_filter_hid_it() {
        let mut harness = Harness::new();
        harness.press("Tab Tab Space f");
        assert!(harness.app.go_to(&Address::new("sql", "joins")));
        assert_eq!(
            (place(&harness), harness.app.focus),
            ((1, 0, 1), Pane::Milestones)
        );
        assert!(harness.app.only_left, "joins is left: the filter stays");
        assert!(harness.app.go_to(&Address::new("http", "methods")));
        assert_eq!(place(&harness), (0, 0, 0));
        assert!(!harness.app.only_left, "the filter hid it, so it is off");
        assert!(!harness.app.go_to(&Address::new("http", "gone")));
    }
}
