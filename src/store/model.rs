//! What the store records, as plain values the rest of trek computes with.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use rustc_hash::FxHashMap;

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
}

/// Everything recorded for one roadmap: the input of every summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Milestones never touched are absent and count as todo. (A fast
    /// hasher: summaries look up every milestone of the roadmap here.)
    pub states: FxHashMap<Address, StateRecord>,
    /// Keyed by topic id.
    pub notes: FxHashMap<String, Note>,
    pub activity: Activity,
}

/// When the learner worked, distilled from the event log: all that streaks,
/// pace and the plan position need, without the log itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    /// The first change of any kind (notes and undos too); `None` before any.
    pub first: Option<Timestamp>,
    /// The newest change of any kind.
    pub last: Option<Timestamp>,
    /// When each tick that still stands was made, oldest first: changes to
    /// done that were not undone and are not themselves an undo.
    pub ticks: Vec<Timestamp>,
}

impl Progress {
    /// The state of a milestone, todo when never recorded.
    pub fn state(&self, address: &Address) -> State {
        self.states
            .get(address)
            .map_or(State::Todo, |record| record.state)
    }
}
