//! Search as you type over topic titles and summaries, milestone texts and
//! notes, case-insensitively.
//!
//! Opening the search lowercases every searchable text once; each key then
//! filters that index, keeping the first [`MAX_HITS`] matches in roadmap
//! order and counting the rest.

use crate::roadmap::Roadmap;
use crate::store::Progress;

use super::tally::TopicAt;

/// Matches kept for choosing; more are counted, not listed.
pub const MAX_HITS: usize = 500;

/// Which text of a topic matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Summary,
    Milestone(usize),
    Note,
}

/// One match: a topic and which of its texts matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub at: TopicAt,
    pub field: Field,
}

struct Entry {
    hit: Hit,
    lowercase: String,
}

/// The open search line and its matches.
pub struct Search {
    query: String,
    index: Vec<Entry>,
    hits: Vec<Hit>,
    total: usize,
    chosen: usize,
}

impl Search {
    /// Indexes the roadmap's texts and the learner's notes.
    pub fn new(roadmap: &Roadmap, progress: &Progress) -> Self {
        let mut index = Vec::with_capacity(roadmap.milestone_count() + 3 * roadmap.topic_count());
        for (phase_index, phase) in roadmap.phases.iter().enumerate() {
            for (topic_index, topic) in phase.topics.iter().enumerate() {
                let at = TopicAt {
                    phase: phase_index,
                    topic: topic_index,
                };
                let mut add = |field, text: &str| {
                    index.push(Entry {
                        hit: Hit { at, field },
                        lowercase: text.to_lowercase(),
                    })
                };
                add(Field::Title, &topic.title);
                add(Field::Summary, &topic.summary);
                for (n, milestone) in topic.milestones.iter().enumerate() {
                    add(Field::Milestone(n), &milestone.text);
                }
                if let Some(note) = progress.notes.get(&topic.id) {
                    add(Field::Note, &note.text);
                }
            }
        }
        Self {
            query: String::new(),
            index,
            hits: Vec::new(),
            total: 0,
            chosen: 0,
        }
    }

    /// What the learner typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The kept matches, in roadmap order.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Every match, kept or not.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The position of the chosen match in [`Search::hits`].
    pub fn chosen(&self) -> usize {
        self.chosen
    }

    /// The match Enter goes to.
    pub fn chosen_hit(&self) -> Option<Hit> {
        self.hits.get(self.chosen).copied()
    }

    /// Types a character.
    pub fn push(&mut self, c: char) {
        self.query.push(c);
        self.refresh();
    }

    /// Types a whole string at once (a paste), refreshing the matches once.
    pub fn push_str(&mut self, text: &str) {
        self.query.push_str(text);
        self.refresh();
    }

    /// Deletes the last character.
    pub fn pop(&mut self) {
        self.query.pop();
        self.refresh();
    }

    /// Chooses the match `delta` rows away, staying within the list.
    pub fn step(&mut self, delta: isize) {
        let last = self.hits.len().saturating_sub(1);
        self.chosen = self.chosen.saturating_add_signed(delta).min(last);
    }

    fn refresh(&mut self) {
        self.hits.clear();
        self.total = 0;
        self.chosen = 0;
        let needle = self.query.trim().to_lowercase();
        if needle.is_empty() {
            return;
        }
        for entry in &self.index {
            if !entry.lowercase.contains(&needle) {
                continue;
            }
            // A topic whose title and summary both match is listed once.
            let repeat = matches!(
                (self.hits.last(), entry.hit.field),
                (Some(last), Field::Summary) if last.at == entry.hit.at && last.field == Field::Title
            );
            if repeat {
                continue;
            }
            self.total += 1;
            if self.hits.len() < MAX_HITS {
                self.hits.push(entry.hit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::store::Note;
    use crate::tui::fixture::roadmap;

    fn search(query: &str, progress: &Progress) -> Vec<Hit> {
        let mut search = Search::new(&roadmap(), progress);
        query.chars().for_each(|c| search.push(c));
        search.hits().to_vec()
    }

    #[test]
    fn matches_ignore_case_and_cover_titles_milestones_and_notes() {
        let mut progress = Progress::default();
        progress.notes.insert(
            "sql".into(),
            Note {
                text: "Ask about STATUS pages".into(),
                changed_at: Timestamp::UNIX_EPOCH,
            },
        );
        let fields: Vec<(usize, usize, Field)> = search("status", &progress)
            .iter()
            .map(|hit| (hit.at.phase, hit.at.topic, hit.field))
            .collect();
        assert_eq!(
            fields,
            [(0, 0, Field::Milestone(1)), (1, 0, Field::Note)],
            "http/status's text and the sql note"
        );
        let sql = search("sQl", &Progress::default());
        assert_eq!(sql[0].field, Field::Title, "title and summary listed once");
        assert_ne!(sql.get(1).map(|hit| hit.field), Some(Field::Summary));
    }

    #[test]
    fn deleting_the_query_empties_the_matches_and_choice_stays_in_range() {
        let mut search = Search::new(&roadmap(), &Progress::default());
        search.push('t');
        assert!(search.total() > 1);
        search.step(100);
        assert_eq!(search.chosen(), search.hits().len() - 1);
        search.step(-100);
        assert_eq!(search.chosen(), 0);
        search.pop();
        assert!(search.hits().is_empty());
        assert_eq!(search.chosen_hit(), None);
    }
}
