//! The roadmap's `[moved]` table: where progress on an id that left the
//! roadmap belongs now.
//!
//! An edition of a roadmap that renames a milestone, renames a topic or
//! merges two says so here, old address to new, so a learner's ticks and
//! notes follow the edit instead of being orphaned. A topic id alone moves
//! the whole topic, each milestone to the same id in the new topic; an
//! entry for one of its milestones says otherwise for that milestone. The
//! loader has checked every entry: keys have left the roadmap, targets are
//! in it, so no move leads to another.

use std::collections::BTreeMap;

use super::model::Address;

/// Old topic ids and milestone addresses, each with where it moved to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moved {
    topics: BTreeMap<String, String>,
    milestones: BTreeMap<Address, Address>,
}

impl Moved {
    /// True when the roadmap moved nothing, so progress is read as stored.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty() && self.milestones.is_empty()
    }

    /// Where progress recorded at `address` belongs now: its own entry, else
    /// its topic's; `None` when it did not move.
    pub fn address(&self, address: &Address) -> Option<Address> {
        if let Some(to) = self.milestones.get(address) {
            return Some(to.clone());
        }
        let topic = self.topics.get(&address.topic)?;
        Some(Address::new(topic, &address.milestone))
    }

    /// Where a note recorded on `topic` belongs now; `None` when it did not move.
    pub fn topic(&self, topic: &str) -> Option<&str> {
        self.topics.get(topic).map(String::as_str)
    }

    /// Records that the topic `from` is now `to`.
    pub(super) fn move_topic(&mut self, from: String, to: String) {
        self.topics.insert(from, to);
    }

    /// Records that the milestone `from` is now `to`.
    pub(super) fn move_milestone(&mut self, from: Address, to: Address) {
        self.milestones.insert(from, to);
    }

    /// Each whole topic that moved, old id first.
    pub fn topic_moves(&self) -> impl Iterator<Item = (&str, &str)> {
        self.topics
            .iter()
            .map(|(from, to)| (from.as_str(), to.as_str()))
    }

    /// Each milestone with an entry of its own, old address first.
    pub fn milestone_moves(&self) -> impl Iterator<Item = (&Address, &Address)> {
        self.milestones.iter()
    }
}

/// The bundled roadmap's table, as the build's JSON holds it: a map of
/// old to new, validated like the file when the build's test holds the
/// two equal.
impl<'de> serde::Deserialize<'de> for Moved {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<String, String>::deserialize(deserializer)?;
        let mut moved = Moved::default();
        for (from, to) in entries {
            match (Address::parse(&from), Address::parse(&to)) {
                (Some(from), Some(to)) => moved.move_milestone(from, to),
                (None, None) => moved.move_topic(from, to),
                _ => {
                    return Err(serde::de::Error::custom(format!(
                        "`{from}` and `{to}` in [moved] are not of one kind"
                    )));
                }
            }
        }
        Ok(moved)
    }
}

#[cfg(test)]
impl serde::Serialize for Moved {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let topics = self
            .topic_moves()
            .map(|(from, to)| (from.to_owned(), to.to_owned()));
        let milestones = self
            .milestone_moves()
            .map(|(from, to)| (from.to_string(), to.to_string()));
        serializer.collect_map(topics.chain(milestones))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_milestone_entry_wins_over_its_topic_move() {
        let mut moved = Moved::default();
        moved.move_topic("old".into(), "new".into());
        moved.move_milestone(Address::new("old", "a"), Address::new("other", "b"));
        assert_eq!(
            moved.address(&Address::new("old", "a")),
            Some(Address::new("other", "b"))
        );
        assert_eq!(
            moved.address(&Address::new("old", "c")),
            Some(Address::new("new", "c"))
        );
        assert_eq!(moved.address(&Address::new("kept", "c")), None);
        assert_eq!(moved.topic("old"), Some("new"));
        assert_eq!(moved.topic("new"), None);
    }
}
