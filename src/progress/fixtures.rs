//! Small hand-built roadmaps, learners and clocks shared by the progress tests.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use crate::roadmap::{Address, Milestone, Phase, Roadmap, Topic};
use crate::store::{Progress, State, Store};

/// A milestone every learner is expected to do.
pub fn milestone(id: &str) -> Milestone {
    Milestone {
        id: id.to_owned(),
        text: format!("Do {id}"),
        optional: false,
        hours: None,
    }
}

/// A milestone worth doing that never blocks its topic.
pub fn optional(id: &str) -> Milestone {
    Milestone {
        optional: true,
        hours: None,
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
        checks: Vec::new(),
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

/// The id of every fixture roadmap, under which learners' progress is kept.
const ROADMAP: &str = "backend";

pub fn roadmap(phases: Vec<Phase>) -> Roadmap {
    let mut roadmap = Roadmap::new(ROADMAP, "The Backend trek", phases);
    roadmap.estimate = "3 months".to_owned();
    roadmap
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

/// A learner's history, written through a real in-memory store so that
/// summaries see exactly what the store records (undo included).
pub struct Learner {
    pub progress: Progress,
    store: Store,
}

impl Default for Learner {
    fn default() -> Self {
        Self {
            progress: Progress::default(),
            store: Store::open_in_memory(),
        }
    }
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
        let written = self.store.set_states(ROADMAP, &[(address, new)], at(when));
        written.expect("the fixture store writes");
        self.reload()
    }

    pub fn note(&mut self, topic: &str, text: &str, when: &str) -> &mut Self {
        let written = self.store.set_note(ROADMAP, topic, Some(text), at(when));
        written.expect("the fixture store writes");
        self.reload()
    }

    /// Reverts the newest group of changes, as `trek undo` does.
    pub fn undo(&mut self, when: &str) -> &mut Self {
        let undone = self.store.undo(ROADMAP, at(when));
        assert!(
            undone.expect("the fixture store writes").is_some(),
            "nothing to undo"
        );
        self.reload()
    }

    fn reload(&mut self) -> &mut Self {
        self.progress = self.store.load(ROADMAP).expect("the fixture store reads");
        self
    }
}
