//! Everything that changes progress: ticks, skips, notes, undo, and changes
//! made by other trek processes.
//!
//! Each write is one store call, and so one transaction and one undo group.
//! The state shown changes only after that call succeeded; a failed write
//! leaves the screen as it was and says why in the footer.

use crate::roadmap::Address;
use crate::store::{Change, State, StoreError};
use crate::text::one_line;

use super::super::action::Action;
use super::super::keymap::{self, Scope};
use super::super::tally::{Reached, TopicAt};
use super::{App, ExternalEdit, Mode, Tone};

impl App {
    /// Space/Enter: done becomes todo, anything else becomes done.
    pub(super) fn toggle(&mut self) {
        self.set_current(|old| match old {
            State::Done => State::Todo,
            State::Todo | State::Skipped => State::Done,
        });
    }

    /// `s`: skipped becomes todo, anything else becomes skipped.
    pub(super) fn skip(&mut self) {
        self.set_current(|old| match old {
            State::Skipped => State::Todo,
            State::Todo | State::Done => State::Skipped,
        });
    }

    /// Writes the milestone under the cursor's next state, judged from what
    /// the learner sees, then shows it.
    fn set_current(&mut self, next: impl FnOnce(State) -> State) {
        let Some(topic) = self.current_topic() else {
            return;
        };
        let Some(milestone) = topic.milestones.get(self.milestone) else {
            return;
        };
        let address = Address::new(&topic.id, &milestone.id);
        let state = next(self.progress.state(&address));
        let now = (self.clock)();
        let targets = [(address, state)];
        let changes = match self.store.set_states(&self.roadmap.id, &targets, now) {
            Ok(changes) => changes,
            Err(error) => return self.fail(&error),
        };
        if changes.is_empty() {
            // Already so in the store: another trek got there first.
            self.poll_store();
            return;
        }
        self.progress.apply(&changes, now);
        let [(address, _)] = targets;
        let reached = self
            .tally
            .recount(&self.roadmap, &self.progress, [address.topic.as_str()]);
        self.refresh_reviews();
        self.acknowledge(reached);
    }

    /// `u`: reverts the newest group of changes, wherever it was made.
    pub(super) fn undo(&mut self) {
        let now = (self.clock)();
        let undone = match self.store.undo(&self.roadmap.id, now) {
            Ok(Some(undone)) => undone,
            Ok(None) => return self.tell(Tone::Info, "Nothing to undo"),
            Err(error) => return self.fail(&error),
        };
        self.progress.apply_undo(&undone, now);
        let topics = undone.changes.iter().map(changed_topic);
        let reached = self.tally.recount(&self.roadmap, &self.progress, topics);
        self.refresh_reviews();
        if let Some(first) = undone.changes.first() {
            self.show_change(first);
            let count = undone.changes.len();
            let what = match first {
                _ if count > 1 => format!("{count} changes"),
                Change::State { address, new, .. } => format!("{address} back to {new}"),
                Change::Note { topic, .. } => format!("the note on {topic}"),
                Change::Review { topic, .. } => format!("the review of {topic}"),
            };
            self.tell(Tone::Info, format!("Undone: {what}"));
        }
        self.acknowledge(reached);
    }

    /// `U` / Ctrl-R: brings back what the newest undo reverted; a new change
    /// since that undo leaves nothing to redo.
    pub(super) fn redo(&mut self) {
        let now = (self.clock)();
        let redone = match self.store.redo(&self.roadmap.id, now) {
            Ok(Some(redone)) => redone,
            Ok(None) => return self.tell(Tone::Info, "Nothing to redo"),
            Err(error) => return self.fail(&error),
        };
        self.progress.apply(&redone.changes, now);
        let topics = redone.changes.iter().map(changed_topic);
        let reached = self.tally.recount(&self.roadmap, &self.progress, topics);
        if let Some(first) = redone.changes.first() {
            self.show_change(first);
            let count = redone.changes.len();
            let what = match first {
                _ if count > 1 => format!("{count} changes"),
                Change::State { address, new, .. } => format!("{address} {new} again"),
                Change::Note { topic, .. } => format!("the note on {topic}"),
                Change::Review { topic, .. } => format!("the review of {topic}"),
            };
            self.tell(Tone::Info, format!("Redone: {what}"));
        }
        self.acknowledge(reached);
    }

    /// Selects where an undone change happened, so the learner sees it.
    fn show_change(&mut self, change: &Change) {
        let (topic_id, milestone_id) = match change {
            Change::State { address, .. } => (&address.topic, Some(&address.milestone)),
            Change::Note { topic, .. } | Change::Review { topic, .. } => (topic, None),
        };
        let Some(at) = self
            .roadmap
            .locate(topic_id)
            .map(|(phase, topic)| TopicAt { phase, topic })
        else {
            return;
        };
        let milestone = self
            .topic_at(at)
            .zip(milestone_id)
            .and_then(|(topic, id)| topic.milestones.iter().position(|m| &m.id == id))
            .unwrap_or(0);
        self.select(at, milestone);
    }

    /// Esc in the note editor: saves a changed note and closes the editor;
    /// a failed save keeps the editor and the draft open.
    pub(super) fn save_note(&mut self) {
        let Mode::Note(editor) = &self.mode else {
            return;
        };
        if editor.unchanged() {
            self.mode = Mode::Browse;
            return self.tell(Tone::Info, "Note unchanged");
        }
        let (topic, text) = (editor.topic(), editor.text());
        let opened_on = editor.opened_on().map(str::to_owned);
        if self.write_note(topic, text, opened_on.as_deref()) {
            self.mode = Mode::Browse;
        }
    }

    /// The note editor's cancel key: leaves it with the stored note as it
    /// was; nothing is written.
    pub(super) fn discard_note(&mut self) {
        let Mode::Note(editor) = &self.mode else {
            return;
        };
        let unchanged = editor.unchanged();
        self.mode = Mode::Browse;
        if unchanged {
            self.tell(Tone::Info, "Note unchanged");
        } else {
            self.tell(Tone::Info, "Draft discarded; the note is as it was");
        }
    }

    /// The run loop's report on an `$EDITOR` session: the edited text
    /// (`None` when left empty) or why the editor could not run.
    pub(in crate::tui) fn finish_external_edit(
        &mut self,
        edit: ExternalEdit,
        result: Result<Option<String>, String>,
    ) {
        match result {
            Ok(Some(text)) if text != edit.text => {
                let opened_on = Some(edit.text.as_str()).filter(|text| !text.is_empty());
                self.write_note(edit.topic, Some(text), opened_on);
            }
            Ok(Some(_)) => self.tell(Tone::Info, "Note unchanged"),
            Ok(None) => self.tell(Tone::Info, "The note came back empty; nothing was saved"),
            Err(message) => self.tell(Tone::Error, message),
        }
    }

    /// Writes a topic's note (`None` clears it) that was edited starting
    /// from `opened_on`; true when it was saved. When another trek changed
    /// the note meanwhile, the learner's text still wins (it is the newest)
    /// but they are told, and `u` brings the other text back.
    fn write_note(&mut self, flat: usize, text: Option<String>, opened_on: Option<&str>) -> bool {
        let Some(topic) = self.tally.locate(flat).and_then(|at| self.topic_at(at)) else {
            return false;
        };
        let topic_id = topic.id.clone();
        let now = (self.clock)();
        let result = self
            .store
            .set_note(&self.roadmap.id, &topic_id, text.as_deref(), now);
        let change = match result {
            Ok(change) => change,
            Err(error) => {
                self.fail(&error);
                return false;
            }
        };
        let replaced = match &change {
            Some(Change::Note { old, .. }) => old.clone(),
            _ => opened_on.map(str::to_owned),
        };
        match change {
            Some(change) => self.progress.apply(std::slice::from_ref(&change), now),
            // Already so in the store: another trek wrote the same text.
            None => {
                self.poll_store();
            }
        }
        let saved = if text.is_some() { "saved" } else { "cleared" };
        if replaced.as_deref() == opened_on {
            self.tell(Tone::Success, format!("Note {saved}"));
        } else {
            let undo = keymap::key_for(Scope::Browse, Action::Undo);
            self.tell(
                Tone::Error,
                format!("Note {saved} over a newer one from another trek; {undo} brings that back"),
            );
        }
        true
    }

    /// Reloads progress when another trek process committed since the last
    /// look; called by the run loop on its tick. True when what is shown
    /// changed (new progress, or a message that it cannot be read).
    pub(in crate::tui) fn poll_store(&mut self) -> bool {
        let reload = || -> Result<Option<_>, StoreError> {
            let version = self.store.data_version()?;
            if version == self.data_version {
                return Ok(None);
            }
            Ok(Some((version, self.store.load(&self.roadmap.id)?)))
        };
        match reload() {
            Ok(None) => false,
            Ok(Some((version, progress))) => {
                self.data_version = version;
                self.reload_failure_said = false;
                self.progress = progress;
                self.tally.recount_all(&self.roadmap, &self.progress);
                self.settle_on_shown();
                self.refresh_reviews();
                true
            }
            // Said once while the problem lasts, not on every tick nor
            // over another message.
            Err(error) if !self.reload_failure_said && self.status.is_none() => {
                self.tell(Tone::Error, format!("Cannot reload progress: {error}"));
                self.reload_failure_said = true;
                true
            }
            Err(_) => false,
        }
    }

    fn acknowledge(&mut self, reached: Option<Reached>) {
        let message = match reached {
            None => return,
            Some(Reached::Trek) => {
                self.open_overlay(Mode::Finale);
                "Trek complete!".to_owned()
            }
            Some(Reached::Phase(phase)) => match self.roadmap.phases.get(phase) {
                Some(phase) => format!("Phase complete: {}", one_line(&phase.title)),
                None => return,
            },
            Some(Reached::Topic(at)) => match self.topic_at(at) {
                Some(topic) => format!("Topic complete: {}", one_line(&topic.title)),
                None => return,
            },
        };
        self.tell(Tone::Success, message);
    }

    fn fail(&mut self, error: &StoreError) {
        self.tell(Tone::Error, format!("Not saved: {error}"));
    }
}

/// The id of the topic a change is on.
fn changed_topic(change: &Change) -> &str {
    match change {
        Change::State { address, .. } => address.topic.as_str(),
        Change::Note { topic, .. } | Change::Review { topic, .. } => topic.as_str(),
    }
}
