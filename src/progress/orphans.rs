//! Progress the roadmap no longer has a place for.
//!
//! A roadmap edit can rename or remove a topic or milestone; the learner's
//! ticks and notes on it stay in the store untouched, so renaming it back
//! brings them back. They are counted and listed here, never dropped.

use std::collections::HashSet;

use crate::roadmap::{Address, Roadmap};
use crate::store::{Note, Progress, State, StateRecord};

/// Done or skipped milestones and notes whose address the roadmap lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Orphans<'p> {
    /// Sorted by address.
    pub states: Vec<(&'p Address, &'p StateRecord)>,
    /// Sorted by topic id.
    pub notes: Vec<(&'p str, &'p Note)>,
}

impl Orphans<'_> {
    /// How many records a command should warn about.
    pub fn count(&self) -> usize {
        self.states.len() + self.notes.len()
    }

    /// True when all recorded progress fits the roadmap.
    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }
}

/// Finds the orphans, given how many done or skipped milestones the roadmap
/// itself accounts for: when that equals the store's count, no state can be
/// orphaned and the roadmap's addresses need not be indexed.
pub(super) fn find_orphans<'p>(
    roadmap: &Roadmap,
    progress: &'p Progress,
    tracked_in_roadmap: usize,
) -> Orphans<'p> {
    let recorded = progress
        .states
        .values()
        .filter(|record| record.state != State::Todo)
        .count();
    let states = if recorded == tracked_in_roadmap {
        Vec::new()
    } else {
        orphaned_states(roadmap, progress)
    };
    let notes = if progress.notes.is_empty() {
        Vec::new()
    } else {
        orphaned_notes(roadmap, progress)
    };
    Orphans { states, notes }
}

fn orphaned_states<'p>(
    roadmap: &Roadmap,
    progress: &'p Progress,
) -> Vec<(&'p Address, &'p StateRecord)> {
    let mut known = HashSet::with_capacity(roadmap.milestone_count());
    for (_, topic) in roadmap.topics() {
        for milestone in &topic.milestones {
            known.insert((topic.id.as_str(), milestone.id.as_str()));
        }
    }
    let mut orphans: Vec<_> = progress
        .states
        .iter()
        .filter(|(address, record)| {
            record.state != State::Todo
                && !known.contains(&(address.topic.as_str(), address.milestone.as_str()))
        })
        .collect();
    orphans.sort_unstable_by_key(|(address, _)| *address);
    orphans
}

fn orphaned_notes<'p>(roadmap: &Roadmap, progress: &'p Progress) -> Vec<(&'p str, &'p Note)> {
    let mut orphans: Vec<_> = progress
        .notes
        .iter()
        .map(|(topic, note)| (topic.as_str(), note))
        .filter(|(topic, _)| roadmap.topic(topic).is_none())
        .collect();
    orphans.sort_unstable_by_key(|(topic, _)| *topic);
    orphans
}
