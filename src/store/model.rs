//! What the store records, as plain values the rest of trek computes with.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use rustc_hash::{FxHashMap, FxHashSet};

use super::review_memory::Remembered;
use super::write::Undone;
use crate::roadmap::Address;

/// A milestone's state. Skipped milestones leave the denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Todo,
    Done,
    Skipped,
}

impl State {
    /// The spelling in the database, the JSON backup and the log.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Todo => "todo",
            State::Done => "done",
            State::Skipped => "skipped",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for State {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "todo" => Ok(State::Todo),
            "done" => Ok(State::Done),
            "skipped" => Ok(State::Skipped),
            other => Err(format!("unknown state `{other}`")),
        }
    }
}

/// What a learner recorded about a topic's review: how well they recalled
/// it, or that they took it into or out of the review queue by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewMark {
    Again,
    Hard,
    Good,
    Easy,
    /// `trek review add`: in the queue whether or not the topic is complete.
    Added,
    /// `trek review drop`: out of the queue until it is added or completed again.
    Dropped,
}

impl ReviewMark {
    /// The spelling in the database, the JSON backup and the log.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewMark::Again => "again",
            ReviewMark::Hard => "hard",
            ReviewMark::Good => "good",
            ReviewMark::Easy => "easy",
            ReviewMark::Added => "add",
            ReviewMark::Dropped => "drop",
        }
    }

    /// Whether this mark is a rating of recall rather than a queue change.
    pub fn is_rating(self) -> bool {
        !matches!(self, ReviewMark::Added | ReviewMark::Dropped)
    }
}

impl fmt::Display for ReviewMark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReviewMark {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "again" => Ok(ReviewMark::Again),
            "hard" => Ok(ReviewMark::Hard),
            "good" => Ok(ReviewMark::Good),
            "easy" => Ok(ReviewMark::Easy),
            "add" => Ok(ReviewMark::Added),
            "drop" => Ok(ReviewMark::Dropped),
            other => Err(format!("unknown review mark `{other}`")),
        }
    }
}

/// One review mark that still stands, and when it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewRecord {
    pub at: Timestamp,
    pub mark: ReviewMark,
}

/// A milestone's current state and when it last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateRecord {
    pub state: State,
    pub changed_at: Timestamp,
}

/// A learner's note on a topic and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub changed_at: Timestamp,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Change {
    State {
        address: Address,
        old: State,
        new: State,
    },
    /// `None` means no note.
    Note {
        topic: String,
        old: Option<String>,
        new: Option<String>,
    },
    /// A review mark on a topic: a learner's mark has `old` empty and
    /// `new` set; its undo records the reverse.
    Review {
        topic: String,
        old: Option<ReviewMark>,
        new: Option<ReviewMark>,
    },
}

/// One entry of the append-only event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    /// Events of one command share a group; undo reverts a group at a time.
    pub group: i64,
    pub at: Timestamp,
    pub change: Change,
    /// True when a later undo reverted this event's group, so history and
    /// streaks can leave it out.
    pub reverted: bool,
    /// True when this event is itself an undo of an earlier group.
    pub is_undo: bool,
    /// True when this event brings back what an undo took back.
    pub is_redo: bool,
}

/// Everything recorded for one roadmap: the input of every summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Milestones never touched are absent and count as todo. (A fast
    /// hasher: summaries look up every milestone of the roadmap here.)
    pub states: FxHashMap<Address, StateRecord>,
    /// Keyed by topic id.
    pub notes: FxHashMap<String, Note>,
    /// Keyed by topic id: the review marks that stand, oldest first.
    pub reviews: FxHashMap<String, Vec<ReviewRecord>>,
    /// Keyed by topic id: the review cache's rows standing in for the
    /// reviews of topics whose marks were not read. Only
    /// [`Store::load_remembered`](super::Store::load_remembered) fills it,
    /// and only when every row fits the roadmap and settings it was given;
    /// empty when every review was read.
    pub remembered: FxHashMap<String, Remembered>,
    pub activity: Activity,
    /// Milestones the roadmap gained since the learner's last change on it,
    /// as loaded. Applying a change leaves them, so a view keeps its
    /// markers until it next loads.
    pub new: FxHashSet<Address>,
}

/// When the learner worked, distilled from the event log: all that streaks,
/// pace and the plan position need, without the log itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    /// The first change of any kind (notes and undos too); `None` before any.
    pub first: Option<Timestamp>,
    /// The newest change of any kind.
    pub last: Option<Timestamp>,
    /// Each tick that still stands, oldest first: changes to done that
    /// were not undone and are not themselves an undo.
    pub ticks: Vec<Tick>,
}

/// One tick: when a milestone was set to done, and which, so summaries can
/// leave out ticks on milestones the roadmap no longer has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub at: Timestamp,
    pub address: Address,
}

impl Progress {
    /// The state of a milestone, todo when never recorded.
    pub fn state(&self, address: &Address) -> State {
        self.states
            .get(address)
            .map_or(State::Todo, |record| record.state)
    }

    /// Takes in one group of the learner's changes just written at `at`
    /// (as `Store::set_states` and `Store::set_note` return them), so that
    /// this progress is what a fresh `Store::load` would read.
    pub fn apply(&mut self, changes: &[Change], at: Timestamp) {
        for change in changes {
            self.put(change, at);
            if let Some(address) = ticked(change) {
                let address = address.clone();
                self.activity.ticks.push(Tick { at, address });
            }
        }
        self.activity.worked_at(changes, at);
    }

    /// Takes in an undo just written at `at`, as [`Progress::apply`] does a
    /// change: the reverted values come back, and the ticks of the reverted
    /// group no longer stand.
    pub fn apply_undo(&mut self, undone: &Undone, at: Timestamp) {
        for change in &undone.changes {
            self.put(change, at);
            if let Change::Review {
                topic,
                old: Some(mark),
                new: None,
            } = change
            {
                self.take_back_review(topic, *mark, undone.made_at);
            }
        }
        // Each change the undo took back from done was one of the reverted
        // group's ticks, made at its time on that milestone. The log orders
        // ticks by when they were recorded and the undone group is the
        // newest of its time, so its ticks are the last such ones.
        let ticks = &mut self.activity.ticks;
        for change in &undone.changes {
            let Change::State {
                address,
                old: State::Done,
                ..
            } = change
            else {
                continue;
            };
            let made = ticks
                .iter()
                .rposition(|tick| tick.at == undone.made_at && tick.address == *address);
            if let Some(index) = made {
                ticks.remove(index);
            }
        }
        self.activity.worked_at(&undone.changes, at);
    }

    /// Sets what one change made, stamped `at`.
    fn put(&mut self, change: &Change, at: Timestamp) {
        match change {
            Change::State { address, new, .. } => {
                let record = StateRecord {
                    state: *new,
                    changed_at: at,
                };
                self.states.insert(address.clone(), record);
            }
            Change::Note { topic, new, .. } => match new {
                Some(text) => {
                    let note = Note {
                        text: text.clone(),
                        changed_at: at,
                    };
                    self.notes.insert(topic.clone(), note);
                }
                None => {
                    self.notes.remove(topic);
                }
            },
            Change::Review {
                topic,
                new: Some(mark),
                ..
            } => {
                // After every mark of its time, as the log orders them.
                let marks = self.reviews.entry(topic.clone()).or_default();
                let index = marks.partition_point(|record| record.at <= at);
                marks.insert(index, ReviewRecord { at, mark: *mark });
            }
            // Taking a mark back is the undo's business: it knows when the
            // mark was made (see `apply_undo`).
            Change::Review { new: None, .. } => {}
        }
    }

    /// Removes the mark an undo took back: the newest one of `made_at`.
    fn take_back_review(&mut self, topic: &str, mark: ReviewMark, made_at: Timestamp) {
        let Some(marks) = self.reviews.get_mut(topic) else {
            return;
        };
        if let Some(index) = marks
            .iter()
            .rposition(|record| record.at == made_at && record.mark == mark)
        {
            marks.remove(index);
        }
        if marks.is_empty() {
            self.reviews.remove(topic);
        }
    }
}

impl Activity {
    /// Widens first and last to a group written at `at`; a write that
    /// changed nothing records no group, and so no activity.
    fn worked_at(&mut self, changes: &[Change], at: Timestamp) {
        if changes.is_empty() {
            return;
        }
        self.first = Some(self.first.map_or(at, |first| first.min(at)));
        self.last = Some(self.last.map_or(at, |last| last.max(at)));
    }
}

/// The milestone a learner's change ticks, if it is a tick: set to done.
fn ticked(change: &Change) -> Option<&Address> {
    match change {
        Change::State {
            address,
            new: State::Done,
            ..
        } => Some(address),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const ROADMAP: &str = "backend";

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + seconds).expect("a valid time")
    }

    fn address(text: &str) -> Address {
        Address::parse(text).expect("a valid address")
    }

    fn times(activity: &Activity) -> Vec<Timestamp> {
        activity.ticks.iter().map(|tick| tick.at).collect()
    }

    /// Writes through a store and applies each write to progress kept in
    /// memory beside it; after every step, the two must be equal.
    struct Twins {
        store: Store,
        progress: Progress,
    }

    impl Twins {
        fn new() -> Self {
            Twins {
                store: Store::open_in_memory(),
                progress: Progress::default(),
            }
        }

        fn set(&mut self, targets: &[(&str, State)], seconds: i64) -> &mut Self {
            let targets: Vec<_> = targets
                .iter()
                .map(|(text, state)| (address(text), *state))
                .collect();
            let changes = self
                .store
                .set_states(ROADMAP, &targets, at(seconds))
                .expect("written");
            self.progress.apply(&changes, at(seconds));
            self.agree()
        }

        fn note(&mut self, topic: &str, text: Option<&str>, seconds: i64) -> &mut Self {
            let change = self
                .store
                .set_note(ROADMAP, topic, text, at(seconds))
                .expect("written");
            let changes: Vec<_> = change.into_iter().collect();
            self.progress.apply(&changes, at(seconds));
            self.agree()
        }

        fn undo(&mut self, seconds: i64) -> &mut Self {
            let undone = self
                .store
                .undo(ROADMAP, at(seconds))
                .expect("written")
                .expect("something to undo");
            self.progress.apply_undo(&undone, at(seconds));
            self.agree()
        }

        fn agree(&mut self) -> &mut Self {
            let loaded = self.store.load(ROADMAP).expect("loads");
            assert_eq!(self.progress, loaded);
            self
        }
    }

    #[test]
    fn applied_ticks_skips_unticks_and_notes_read_as_a_fresh_load() {
        let mut twins = Twins::new();
        twins
            .set(
                &[("http/methods", State::Done), ("http/status", State::Done)],
                1,
            )
            .set(&[("http/methods", State::Done)], 2)
            .set(&[("sql/joins", State::Skipped)], 3)
            .set(&[("http/methods", State::Todo)], 4)
            .note("http", Some("Read RFC 9110"), 5)
            .note("http", Some("Read RFC 9110 first"), 6)
            .note("http", Some("Read RFC 9110 first"), 7)
            .note("http", None, 8);
        let activity = &twins.progress.activity;
        assert_eq!(times(activity), [at(1), at(1)], "an untick leaves ticks");
        assert_eq!((activity.first, activity.last), (Some(at(1)), Some(at(8))));
        assert!(twins.progress.notes.is_empty());
    }

    #[test]
    fn applied_undos_read_as_a_fresh_load_however_far_back_they_go() {
        let mut twins = Twins::new();
        twins
            .set(
                &[("http/methods", State::Done), ("http/status", State::Done)],
                1,
            )
            .set(&[("sql/joins", State::Skipped)], 2)
            .set(&[("http/methods", State::Todo)], 3)
            .note("http", Some("first"), 4)
            .note("http", Some("second"), 5);
        for seconds in 6..=10 {
            twins.undo(seconds);
        }
        let progress = &twins.progress;
        assert_eq!(progress.state(&address("http/status")), State::Todo);
        assert!(progress.activity.ticks.is_empty(), "every tick undone");
        assert_eq!(progress.activity.last, Some(at(10)), "undos are activity");
    }

    #[test]
    fn an_undo_takes_back_its_own_ticks_when_others_share_their_time() {
        let mut twins = Twins::new();
        // A clock that went back between writes: ticks are kept in the
        // order they were written, not by time.
        twins
            .set(&[("http/methods", State::Done)], 10)
            .set(&[("http/status", State::Done)], 5)
            .set(&[("sql/joins", State::Done)], 10)
            .undo(11);
        assert_eq!(times(&twins.progress.activity), [at(10), at(5)]);
        assert_eq!(
            twins.progress.activity.ticks[1].address,
            address("http/status")
        );
        twins.undo(12).undo(13);
        assert_eq!(twins.progress.activity.first, Some(at(5)));
    }
}
