//! Reads the `[moved]` table, once the phases are known: every key must be
//! an id that left the roadmap, every value one that is in it, of the same
//! kind, so no move leads on to another and none goes round in a circle.

use std::fmt;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Reader, Table, article};
use crate::roadmap::model::{Address, Phase, is_id};
use crate::roadmap::moved::Moved;
use crate::suggest::nearest;
use crate::text::one_line;

/// A topic id or a milestone address, as a `[moved]` key or value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Id {
    Topic(String),
    Milestone(Address),
}

impl Id {
    fn parse(text: &str) -> Option<Self> {
        if is_id(text) {
            return Some(Id::Topic(text.to_owned()));
        }
        Address::parse(text)
            .filter(|address| is_id(&address.topic) && is_id(&address.milestone))
            .map(Id::Milestone)
    }

    fn noun(&self) -> &'static str {
        match self {
            Id::Topic(_) => "a topic",
            Id::Milestone(_) => "a milestone",
        }
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Id::Topic(topic) => f.write_str(topic),
            Id::Milestone(address) => address.fmt(f),
        }
    }
}

/// One well-formed entry, with where its key and value stand in the file.
struct Entry {
    from: Id,
    to: Id,
    value_at: usize,
}

/// Each topic id of the roadmap with its milestone ids.
struct Present<'p>(FxHashMap<&'p str, FxHashSet<&'p str>>);

impl<'p> Present<'p> {
    fn new(phases: &'p [Phase]) -> Self {
        let topics = phases
            .iter()
            .flat_map(|phase| &phase.topics)
            .map(|topic| {
                let milestones = topic.milestones.iter().map(|m| m.id.as_str()).collect();
                (topic.id.as_str(), milestones)
            })
            .collect();
        Present(topics)
    }

    fn has(&self, id: &Id) -> bool {
        match id {
            Id::Topic(topic) => self.0.contains_key(topic.as_str()),
            Id::Milestone(address) => self
                .0
                .get(address.topic.as_str())
                .is_some_and(|milestones| milestones.contains(address.milestone.as_str())),
        }
    }

    /// The id of the same kind closest to `id`, for "did you mean".
    fn nearest(&self, id: &Id) -> Option<String> {
        match id {
            Id::Topic(topic) => nearest(topic, self.0.keys().copied()).map(str::to_owned),
            Id::Milestone(address) => {
                let addresses: Vec<String> = self
                    .0
                    .iter()
                    .flat_map(|(topic, milestones)| {
                        milestones.iter().map(move |m| format!("{topic}/{m}"))
                    })
                    .collect();
                nearest(&address.to_string(), addresses.iter().map(String::as_str))
                    .map(str::to_owned)
            }
        }
    }
}

impl Reader<'_> {
    /// The `[moved]` table of a roadmap with these phases; empty when absent.
    pub(super) fn moved(&mut self, root: &Table, phases: &[Phase]) -> Moved {
        let Some(value) = self.value(root, "moved", false) else {
            return Moved::default();
        };
        let Some(table) = value.get_ref().as_table() else {
            self.wrong_type(root, "moved", value, "a table of \"old\" = \"new\" ids");
            return Moved::default();
        };
        let present = Present::new(phases);
        let mut entries = Vec::new();
        for (key, value) in table {
            let key_text = one_line(key.get_ref());
            let Some(from) = Id::parse(key.get_ref()) else {
                let message = format!(
                    "`{key_text}` in [moved] must be a topic id or a TOPIC/MILESTONE address, \
                     such as `http` or `http/methods`"
                );
                self.problem(key.span().start, message);
                continue;
            };
            let value_at = value.span().start;
            let Some(to_text) = value.get_ref().as_str() else {
                let found = article(value.get_ref().type_str());
                let message = format!(
                    "`{from}` in [moved] must move to a string such as \"http/methods\", not {found}"
                );
                self.problem(value_at, message);
                continue;
            };
            let Some(to) = Id::parse(to_text) else {
                let message = format!(
                    "`{}` in [moved] must be a topic id or a TOPIC/MILESTONE address, \
                     such as `http` or `http/methods`",
                    one_line(to_text)
                );
                self.problem(value_at, message);
                continue;
            };
            if from.noun() != to.noun() {
                let message = format!(
                    "`{from}` is {} and `{to}` {}; a topic moves to a topic, a milestone to a milestone",
                    from.noun(),
                    to.noun()
                );
                self.problem(value_at, message);
                continue;
            }
            if present.has(&from) {
                let message = format!(
                    "`{from}` in [moved] is still in the roadmap; only an id that left it can move"
                );
                self.problem(key.span().start, message);
                continue;
            }
            entries.push(Entry { from, to, value_at });
        }
        self.follow_entries(&entries, &present)
    }

    /// Checks where each entry leads and builds the table from those that
    /// end in the roadmap.
    fn follow_entries(&mut self, entries: &[Entry], present: &Present) -> Moved {
        let mut moved = Moved::default();
        for (from, to) in entries.iter().map(|entry| (&entry.from, &entry.to)) {
            match (from.clone(), to.clone()) {
                (Id::Topic(from), Id::Topic(to)) => moved.move_topic(from, to),
                (Id::Milestone(from), Id::Milestone(to)) => moved.move_milestone(from, to),
                _ => {}
            }
        }
        for entry in entries {
            let (from, to) = (&entry.from, &entry.to);
            if let Some(message) = chain(&moved, present, from, to) {
                self.problem(entry.value_at, message);
            } else if !present.has(to) {
                let hint = present
                    .nearest(to)
                    .map(|close| format!("; did you mean `{close}`?"))
                    .unwrap_or_default();
                let message = format!(
                    "`{to}` in [moved] is not in the roadmap; `{from}` must move to {} that exists{hint}",
                    to.noun()
                );
                self.problem(entry.value_at, message);
            }
        }
        moved
    }
}

/// Where `id` moves on to by the table, if it moves at all.
fn next(moved: &Moved, id: &Id) -> Option<Id> {
    match id {
        Id::Topic(topic) => moved.topic(topic).map(|to| Id::Topic(to.to_owned())),
        Id::Milestone(address) => moved.address(address).map(Id::Milestone),
    }
}

/// The problem with `from -> to` when `to` itself moves: a chain to be
/// pointed straight at its end, or a cycle.
fn chain(moved: &Moved, present: &Present, from: &Id, to: &Id) -> Option<String> {
    let mut seen = FxHashSet::default();
    seen.insert(from.clone());
    let mut end = to.clone();
    let mut steps = 0;
    while let Some(after) = next(moved, &end) {
        if !seen.insert(end.clone()) {
            break;
        }
        end = after;
        steps += 1;
        if seen.contains(&end) {
            return Some(format!(
                "`{from}` moves to `{to}`, which leads back to `{end}`: [moved] goes round \
                 in a circle; each move must end at an id in the roadmap"
            ));
        }
    }
    (steps > 0).then(|| {
        let advice = if present.has(&end) {
            format!("point `{from}` straight at `{end}`")
        } else {
            format!("`{end}` is not in the roadmap either")
        };
        format!("`{from}` moves to `{to}`, which moves on to `{end}`; {advice}")
    })
}
