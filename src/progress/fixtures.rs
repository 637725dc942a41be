//! Small hand-built roadmaps, learners and clocks shared by the progress tests.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use crate::roadmap::{Address, Finale, Milestone, Phase, Roadmap, Topic};
use crate::store::{Change, Event, Note, Progress, State, StateRecord};

/// A milestone every learner is expected to do.
pub fn milestone(id: &str) -> Milestone {
    Milestone {
        id: id.to_owned(),
        text: format!("Do {id}"),
        optional: false,
    }
}

/// A milestone worth doing that never blocks its topic.
pub fn optional(id: &str) -> Milestone {
    Milestone {
        optional: true,
        ..milestone(id)
    }
}

/// A topic that needs every non-optional milestone.
pub fn topic(id: &str, title: &str, milestones: Vec<Milestone>) -> Topic {
    Topic {
        id: id.to_owned(),
        title: title.to_owned(),
        summary: String::new(),
        body: String::new(),
        estimate: None,
        required: None,
        milestones,
        resources: Vec::new(),
        pitfalls: Vec::new(),
        examples: Vec::new(),
    }
}

/// A choice point: `required` of its milestones complete it.
pub fn choice(id: &str, title: &str, required: u32, milestones: Vec<Milestone>) -> Topic {
    Topic {
        required: Some(required),
        ..topic(id, title, milestones)
    }
}

pub fn phase(id: &str, weeks: [u32; 2], topics: Vec<Topic>) -> Phase {
    Phase {
        id: id.to_owned(),
        title: format!("Phase {id}"),
        weeks,
        summary: String::new(),
        topics,
    }
}

pub fn roadmap(phases: Vec<Phase>) -> Roadmap {
    Roadmap {
        id: "backend".to_owned(),
        title: "The Backend trek".to_owned(),
        summary: String::new(),
        estimate: "3 months".to_owned(),
        audience: None,
        prerequisites: Vec::new(),
        phases,
        finale: Finale::default(),
    }
}

/// Three phases of four weeks; nine milestones needed when untouched, twelve in all.
pub fn trek() -> Roadmap {
    roadmap(vec![
        phase(
            "foundations",
            [1, 4],
            vec![
                topic(
                    "http",
                    "Web fundamentals & HTTP",
                    vec![milestone("methods"), milestone("status"), optional("http3")],
                ),
                choice(
                    "language",
                    "Pick a language",
                    1,
                    vec![milestone("go"), milestone("rust"), milestone("python")],
                ),
            ],
        ),
        phase(
            "databases",
            [5, 8],
            vec![topic(
                "sql",
                "SQL",
                vec![
                    milestone("select"),
                    milestone("joins"),
                    milestone("indexes"),
                    milestone("transactions"),
                ],
            )],
        ),
        phase(
            "apis",
            [9, 12],
            vec![topic(
                "rest",
                "REST API design",
                vec![milestone("resources"), milestone("pagination")],
            )],
        ),
    ])
}

/// `2026-03-10T09:00:00Z` and the like.
pub fn at(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|error| panic!("{text:?}: {error}"))
}

/// A clock fixed at `text`, in UTC.
pub fn utc(text: &str) -> Zoned {
    at(text).to_zoned(TimeZone::UTC)
}

/// A learner's history, built the way the store records it: each change is
/// one event in its own group, and undo reverts the newest group.
#[derive(Default)]
pub struct Learner {
    pub progress: Progress,
    next_id: i64,
}

impl Learner {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn tick(&mut self, address: &str, when: &str) -> &mut Self {
        self.set(address, State::Done, when)
    }

    pub fn skip(&mut self, address: &str, when: &str) -> &mut Self {
        self.set(address, State::Skipped, when)
    }

    pub fn untick(&mut self, address: &str, when: &str) -> &mut Self {
        self.set(address, State::Todo, when)
    }

    pub fn set(&mut self, address: &str, new: State, when: &str) -> &mut Self {
        let address = Address::parse(address).unwrap_or_else(|| panic!("bad address {address}"));
        let old = self.progress.state(&address);
        self.record(&address, new, when);
        self.push(when, Change::State { address, old, new }, false);
        self
    }

    pub fn note(&mut self, topic: &str, text: &str, when: &str) -> &mut Self {
        let old = self.progress.notes.get(topic).map(|note| note.text.clone());
        let note = Note {
            text: text.to_owned(),
            changed_at: at(when),
        };
        self.progress.notes.insert(topic.to_owned(), note);
        let change = Change::Note {
            topic: topic.to_owned(),
            old,
            new: Some(text.to_owned()),
        };
        self.push(when, change, false);
        self
    }

    /// Reverts the newest state change that is neither an undo nor already undone.
    pub fn undo(&mut self, when: &str) -> &mut Self {
        let Some(event) = self
            .progress
            .events
            .iter_mut()
            .rev()
            .find(|event| !event.is_undo && !event.reverted)
        else {
            panic!("nothing to undo");
        };
        event.reverted = true;
        let Change::State { address, old, new } = event.change.clone() else {
            panic!("the fixture only undoes state changes");
        };
        self.record(&address, old, when);
        let change = Change::State {
            address,
            old: new,
            new: old,
        };
        self.push(when, change, true);
        self
    }

    fn record(&mut self, address: &Address, state: State, when: &str) {
        let record = StateRecord {
            state,
            changed_at: at(when),
        };
        self.progress.states.insert(address.clone(), record);
    }

    fn push(&mut self, when: &str, change: Change, is_undo: bool) {
        self.next_id += 1;
        self.progress.events.push(Event {
            id: self.next_id,
            group: self.next_id,
            at: at(when),
            change,
            reverted: false,
            is_undo,
        });
    }
}
