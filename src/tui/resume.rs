//! Reopening where the learner was.
//!
//! Leaving the view saves the milestone under the cursor in the database
//! ([`crate::store::Store::set_place`]); the next start opens there with the
//! cursor on it. A roadmap edited since may have lost that place: a topic
//! that is still there opens at its first milestone to do, and a topic that
//! is gone gives way to the first unfinished milestone of the roadmap, as a
//! first start has.

use crate::roadmap::Address;
use crate::store::State;

use super::action::Pane;
use super::app::App;
use super::tally::TopicAt;

impl App {
    /// Selects where the learner was when trek last closed, or else where
    /// a learner coming back picks up.
    pub(super) fn open_where_left(&mut self) {
        // A place that cannot be read is no reason not to open.
        let saved = self.store.place(&self.roadmap.id).ok().flatten();
        if let Some((at, milestone)) = saved.and_then(|address| self.saved_place(&address)) {
            self.select(at, milestone);
            self.focus = Pane::Milestones;
        } else if let Some((at, milestone)) = self.first_unfinished() {
            self.select(at, milestone);
        }
    }

    /// Saves the milestone under the cursor for the next start. Leaving is
    /// no time to fail: on a read-only database, or when the write fails,
    /// the next start opens at the first unfinished milestone instead.
    pub(super) fn remember_place(&mut self) {
        if self.store.is_read_only() {
            return;
        }
        let Some(topic) = self.current_topic() else {
            return;
        };
        let Some(milestone) = topic.milestones.get(self.milestone) else {
            return;
        };
        let address = Address::new(&topic.id, &milestone.id);
        let now = (self.clock)();
        let _ = self.store.set_place(&self.roadmap.id, &address, now);
    }

    /// Where a saved place is in this roadmap: the milestone itself, or
    /// its topic's first milestone to do when only the topic is left.
    fn saved_place(&self, address: &Address) -> Option<(TopicAt, usize)> {
        let (phase, topic) = self.roadmap.locate(&address.topic)?;
        let at = TopicAt { phase, topic };
        let milestones = &self.topic_at(at)?.milestones;
        let milestone = milestones
            .iter()
            .position(|milestone| milestone.id == address.milestone)
            .or_else(|| self.first_todo(at))
            .unwrap_or(0);
        Some((at, milestone))
    }

    /// The first topic not yet complete, with its first milestone still
    /// to do: where a learner coming back picks up.
    fn first_unfinished(&self) -> Option<(TopicAt, usize)> {
        let topics = (0..self.roadmap.topic_count()).filter_map(|flat| self.tally.locate(flat));
        topics
            .filter(|at| !self.tally.topic(*at).complete())
            .map(|at| (at, self.first_todo(at).unwrap_or(0)))
            .next()
    }

    /// A topic's first milestone that is todo and not optional.
    fn first_todo(&self, at: TopicAt) -> Option<usize> {
        let topic = self.topic_at(at)?;
        topic.milestones.iter().position(|milestone| {
            let address = Address::new(&topic.id, &milestone.id);
            !milestone.optional && self.progress.state(&address) == State::Todo
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::roadmap::parse;
    use crate::tui::action::Pane;
    use crate::tui::fixture::{Harness, ROADMAP};

    fn place(harness: &Harness) -> (Pane, String, usize) {
        let app = &harness.app;
        let topic = app.current_topic().map(|topic| topic.id.clone());
        (app.focus, topic.unwrap_or_default(), app.milestone)
    }

    /// Quits with `q`, as the learner does, and starts trek again on the
    /// same database with `roadmap` (the fixture, possibly edited).
    fn quit_and_reopen(harness: &mut Harness, roadmap: &str) {
        harness.press("q");
        assert!(harness.app.should_quit());
        harness.app.roadmap = parse("fixture.toml", roadmap.as_bytes()).expect("a valid roadmap");
        harness.restart();
    }

    #[test]
    fn trek_reopens_at_the_milestone_the_cursor_was_on() {
        let mut harness = Harness::new();
        harness.press("Tab j Tab j j");
        assert_eq!(place(&harness), (Pane::Milestones, "language".into(), 2));
        quit_and_reopen(&mut harness, ROADMAP);
        assert_eq!(place(&harness), (Pane::Milestones, "language".into(), 2));
        let screen = harness.render(120, 40);
        assert!(screen.contains("▸ [ ] Choose Python."), "{screen}");
    }

    #[test]
    fn a_milestone_gone_from_the_roadmap_opens_its_topic_at_the_first_to_do() {
        let mut harness = Harness::new();
        harness.press("Tab Tab Space j j");
        assert_eq!(place(&harness), (Pane::Milestones, "http".into(), 2));
        let edited = ROADMAP.replace(
            "  { id = \"http3\", text = \"Read how HTTP/3 runs over QUIC.\", optional = true },\n",
            "",
        );
        assert_ne!(edited, ROADMAP);
        quit_and_reopen(&mut harness, &edited);
        assert_eq!(place(&harness), (Pane::Milestones, "http".into(), 1));
    }

    #[test]
    fn a_topic_gone_from_the_roadmap_falls_back_to_the_first_unfinished() {
        let mut harness = Harness::new();
        harness.press("Tab Tab Space BackTab BackTab j Tab Tab j");
        assert_eq!(place(&harness), (Pane::Milestones, "sql".into(), 1));
        let edited = ROADMAP.replace("id = \"sql\"", "id = \"sql-basics\"");
        quit_and_reopen(&mut harness, &edited);
        assert_eq!(place(&harness), (Pane::Phases, "http".into(), 1));
    }

    #[test]
    fn without_a_quit_nothing_is_saved_and_a_read_only_start_saves_nothing() {
        let mut harness = Harness::new();
        harness.press("j");
        harness.restart();
        assert_eq!(place(&harness), (Pane::Phases, "http".into(), 0));
        harness.press("j").restart_read_only().press("q").restart();
        assert_eq!(place(&harness), (Pane::Phases, "http".into(), 0));
    }
}
