//! Search as you type, as fzf and atuin do: fuzzy, word by word, ranked.
//!
//! Opening the search indexes every text of the roadmap (topic titles,
//! summaries, the About text by paragraph, milestones, pitfalls, resources,
//! example titles) and the learner's notes, once. Each key then scores every
//! entry with `nucleo-matcher` (helix's matcher): each word of the query
//! must match the entry, or else its topic's title, so `redis ttl` finds a
//! TTL milestone of the Redis topic. Scores are weighted by where the match
//! is, so a topic's title ranks above a milestone that mentions the word.
//! A word that matches nowhere is taken for a typo and replaced by the
//! nearest word the roadmap uses. The query line edits like a shell's.

mod words;

use nucleo_matcher::{Config, Matcher};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rustc_hash::FxHashSet;

use crate::roadmap::{Roadmap, Topic};
use crate::store::Progress;

use super::tally::TopicAt;
use words::{Scored, Text, Word};

/// Matches kept for choosing; more are counted, not listed.
pub const MAX_HITS: usize = 500;

/// Matches given their highlights ahead of the chosen one: more than any
/// list window shows.
const HIGHLIGHT_AHEAD: usize = 24;

/// The shortest word taken for a typo when found whole nowhere: shorter
/// ones are as likely the start of a word, which fuzzy matching serves.
const TYPO_MIN_CHARS: usize = 5;

/// Which text of a topic matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Summary,
    /// A paragraph of the About text.
    Body(usize),
    Milestone(usize),
    Pitfall(usize),
    Resource(usize),
    Example(usize),
    /// A paragraph of the learner's note.
    Note(usize),
}

impl Field {
    /// How much a match here counts: a title most, the About text least.
    fn weight(self) -> u32 {
        match self {
            Field::Title => 4,
            Field::Milestone(_) => 3,
            Field::Summary | Field::Pitfall(_) | Field::Resource(_) | Field::Example(_) => 2,
            Field::Note(_) | Field::Body(_) => 1,
        }
    }

    /// How the list of matches names the field.
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "topic",
            Field::Summary => "summary",
            Field::Body(_) => "about",
            Field::Milestone(_) => "milestone",
            Field::Pitfall(_) => "pitfall",
            Field::Resource(_) => "resource",
            Field::Example(_) => "example",
            Field::Note(_) => "note",
        }
    }
}

/// One match: a topic, which of its texts matched, and how well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub at: TopicAt,
    pub field: Field,
    /// Higher is better; the list is sorted by it.
    pub score: u32,
    entry: usize,
}

/// The characters of a hit's texts that the query matched, as indices of
/// characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlight {
    /// In the topic's title.
    pub title: Vec<u32>,
    /// In the matched text itself (empty for a title hit).
    pub text: Vec<u32>,
}

struct Entry {
    at: TopicAt,
    field: Field,
    /// The flat index of the topic, which the list shows once per topic
    /// for all but milestones.
    topic: usize,
    /// The entry holding the topic's title.
    title: usize,
    text: String,
    matched: Text,
}

/// The open search line and its matches.
pub struct Search {
    query: String,
    /// The cursor, in characters from the start of the query.
    cursor: usize,
    index: Vec<Entry>,
    topics: usize,
    matcher: Matcher,
    hits: Vec<Hit>,
    highlights: Vec<Highlight>,
    total: usize,
    chosen: usize,
    /// The query searched for when the typed one matched nothing.
    corrected: Option<String>,
    /// Every word of the roadmap, lowercase, for correcting typos; made
    /// when first needed.
    words: Option<Vec<String>>,
}

impl Search {
    /// Indexes the roadmap's texts and the learner's notes.
    pub fn new(roadmap: &Roadmap, progress: &Progress) -> Self {
        let mut index = Vec::with_capacity(roadmap.milestone_count() + 4 * roadmap.topic_count());
        let mut flat = 0;
        for (phase_index, phase) in roadmap.phases.iter().enumerate() {
            for (topic_index, topic) in phase.topics.iter().enumerate() {
                let at = TopicAt {
                    phase: phase_index,
                    topic: topic_index,
                };
                let note = progress.notes.get(&topic.id).map(|note| note.text.as_str());
                let title = index.len();
                for (field, text) in texts(topic, note) {
                    index.push(Entry {
                        at,
                        field,
                        topic: flat,
                        title,
                        matched: Text::new(text, matches!(field, Field::Body(_) | Field::Note(_))),
                        text: text.to_owned(),
                    });
                }
                flat += 1;
            }
        }
        let mut config = Config::DEFAULT;
        config.prefer_prefix = true;
        Self {
            query: String::new(),
            cursor: 0,
            index,
            topics: flat,
            matcher: Matcher::new(config),
            hits: Vec::new(),
            highlights: Vec::new(),
            total: 0,
            chosen: 0,
            corrected: None,
            words: None,
        }
    }

    /// What the learner typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Where the cursor is in the query, in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The query searched for instead, when what was typed matched nothing
    /// and looks like a typo of words the roadmap uses.
    pub fn corrected(&self) -> Option<&str> {
        self.corrected.as_deref()
    }

    /// The kept matches, best first.
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

    /// The text a hit matched in, as indexed.
    pub fn text(&self, hit: &Hit) -> &str {
        self.index.get(hit.entry).map_or("", |entry| &entry.text)
    }

    /// The matched characters of the `n`th hit, for the hits near the
    /// chosen one (the ones a list can show).
    pub fn highlight(&self, n: usize) -> Option<&Highlight> {
        self.highlights.get(n)
    }

    /// Types a character at the cursor.
    pub fn push(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.query.insert(at, c);
        self.cursor += 1;
        self.refresh();
    }

    /// Types a whole string at the cursor (a paste), refreshing the
    /// matches once.
    pub fn push_str(&mut self, text: &str) {
        let at = self.byte_at(self.cursor);
        self.query.insert_str(at, text);
        self.cursor += text.chars().count();
        self.refresh();
    }

    /// Deletes the character before the cursor.
    pub fn pop(&mut self) {
        if self.cursor > 0 {
            self.remove(self.cursor - 1..self.cursor);
        }
    }

    /// A key the key map leaves to the query line: characters type, and
    /// the editing keys of a shell's line editor edit.
    pub fn input(&mut self, key: KeyEvent) {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        if key.modifiers.contains(KeyModifiers::ALT) {
            return;
        }
        let len = self.query.chars().count();
        match key.code {
            KeyCode::Char('a') if control => self.cursor = 0,
            KeyCode::Char('e') if control => self.cursor = len,
            KeyCode::Char('b') if control => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Char('f') if control => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Char('u') if control => self.remove(0..self.cursor),
            KeyCode::Char('k') if control => self.remove(self.cursor..len),
            KeyCode::Char('w') if control => self.remove(self.word_before()..self.cursor),
            KeyCode::Char('h') if control => self.pop(),
            KeyCode::Char(c) if !control => self.push(c),
            KeyCode::Backspace => self.pop(),
            KeyCode::Delete if self.cursor < len => self.remove(self.cursor..self.cursor + 1),
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            _ => {}
        }
    }

    /// Chooses the match `delta` rows away, staying within the list.
    pub fn step(&mut self, delta: isize) {
        let last = self.hits.len().saturating_sub(1);
        self.chosen = self.chosen.saturating_add_signed(delta).min(last);
        self.highlight_to(self.chosen + HIGHLIGHT_AHEAD);
    }

    /// Removes the characters in `range` (in characters) and searches again.
    fn remove(&mut self, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        let (start, end) = (self.byte_at(range.start), self.byte_at(range.end));
        self.query.replace_range(start..end, "");
        self.cursor = range.start;
        self.refresh();
    }

    /// Where Ctrl-W deletes back to: the start of the word before the
    /// cursor, with the spaces after it.
    fn word_before(&self) -> usize {
        let before: Vec<char> = self.query.chars().take(self.cursor).collect();
        let mut start = before.len();
        while start > 0 && before[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !before[start - 1].is_whitespace() {
            start -= 1;
        }
        start
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.query
            .char_indices()
            .nth(chars)
            .map_or(self.query.len(), |(byte, _)| byte)
    }

    fn refresh(&mut self) {
        self.hits.clear();
        self.highlights.clear();
        self.total = 0;
        self.chosen = 0;
        self.corrected = None;
        let words: Vec<String> = self.query.split_whitespace().map(str::to_owned).collect();
        if words.is_empty() {
            return;
        }
        let unmatched = self.rank(&words);
        if unmatched.is_empty() {
            return self.highlight_to(HIGHLIGHT_AHEAD);
        }
        // Letters matched only scattered, or not at all: when the roadmap
        // has a word one or two edits away, that is what was meant.
        if let Some(corrected) = self.correct(&words, &unmatched) {
            let (hits, total) = (std::mem::take(&mut self.hits), self.total);
            self.total = 0;
            self.rank(&corrected);
            if self.total > 0 {
                self.corrected = Some(corrected.join(" "));
            } else {
                (self.hits, self.total) = (hits, total);
            }
        }
        self.highlight_to(HIGHLIGHT_AHEAD);
    }

    /// Scores every entry against the query's words and keeps the best;
    /// returns the positions of the fuzzy words found whole nowhere, the
    /// ones that may be typos.
    fn rank(&mut self, words: &[String]) -> Vec<usize> {
        let atoms: Vec<Word> = words.iter().map(|word| Word::new(word)).collect();
        let mut whole_anywhere = vec![false; atoms.len()];
        // Each topic title's score for each word, for the entries of the
        // topic that a word matches only through their title.
        let mut titles: Vec<Option<Vec<Option<Scored>>>> = Vec::new();
        titles.resize_with(self.topics, || None);
        let mut found: Vec<(u32, usize)> = Vec::new();
        for (n, entry) in self.index.iter().enumerate() {
            let title_scores = if entry.field == Field::Title {
                None
            } else {
                let scores = titles[entry.topic].get_or_insert_with(|| {
                    let title = &self.index[entry.title].matched;
                    atoms
                        .iter()
                        .map(|atom| atom.score(title, &mut self.matcher))
                        .collect()
                });
                Some(&*scores)
            };
            let mut total = 0u32;
            let mut own = false;
            let mut all = true;
            for (a, atom) in atoms.iter().enumerate() {
                if let Some(scored) = atom.score(&entry.matched, &mut self.matcher) {
                    whole_anywhere[a] |= scored.whole;
                    total += scored.score * entry.field.weight();
                    own |= !atom.negative();
                } else if let Some(scored) = title_scores.and_then(|scores| scores[a]) {
                    total += scored.score;
                } else {
                    all = false;
                    break;
                }
            }
            if all && own {
                found.push((total, n));
            }
        }
        found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut listed = vec![false; self.topics];
        for (score, n) in found {
            let entry = &self.index[n];
            if !matches!(entry.field, Field::Milestone(_)) {
                // The topic's best match stands for all its texts.
                if std::mem::replace(&mut listed[entry.topic], true) {
                    continue;
                }
            }
            self.total += 1;
            if self.hits.len() < MAX_HITS {
                self.hits.push(Hit {
                    at: entry.at,
                    field: entry.field,
                    score,
                    entry: n,
                });
            }
        }
        atoms
            .iter()
            .zip(whole_anywhere)
            .enumerate()
            .filter(|(_, (atom, whole))| !whole && atom.plain())
            .map(|(n, _)| n)
            .collect()
    }

    /// The query with each word found whole nowhere replaced by the
    /// nearest word of the roadmap, where it has one; `None` when none has.
    fn correct(&mut self, words: &[String], unmatched: &[usize]) -> Option<Vec<String>> {
        let index = &self.index;
        let vocabulary = self.words.get_or_insert_with(|| vocabulary(index));
        let mut corrected = words.to_vec();
        let mut changed = false;
        for &n in unmatched {
            let Some(word) = words.get(n).filter(|word| {
                word.chars().count() >= TYPO_MIN_CHARS && word.chars().all(char::is_alphanumeric)
            }) else {
                continue;
            };
            // An edit changes the length by a character at most, and
            // `nearest` allows three: the rest cannot be near.
            let candidates = vocabulary
                .iter()
                .filter(|known| known.len().abs_diff(word.len()) <= 3 * 4)
                .map(String::as_str);
            if let Some(nearest) = crate::suggest::nearest(word, candidates) {
                corrected[n] = nearest.to_owned();
                changed = true;
            }
        }
        changed.then_some(corrected)
    }

    /// Works out the matched characters of the hits up to `end`.
    fn highlight_to(&mut self, end: usize) {
        let end = end.min(self.hits.len());
        if self.highlights.len() >= end {
            return;
        }
        let query = self.corrected.as_deref().unwrap_or(&self.query);
        let words: Vec<String> = query.split_whitespace().map(str::to_owned).collect();
        let atoms: Vec<Word> = words.iter().map(|word| Word::new(word)).collect();
        for hit in &self.hits[self.highlights.len()..end] {
            let entry = &self.index[hit.entry];
            let title = &self.index[entry.title];
            let mut highlight = Highlight::default();
            for atom in atoms.iter().filter(|atom| !atom.negative()) {
                if atom.score(&entry.matched, &mut self.matcher).is_some() {
                    let into = match entry.field {
                        Field::Title => &mut highlight.title,
                        _ => &mut highlight.text,
                    };
                    atom.indices(&entry.matched, &mut self.matcher, into);
                } else if atom.score(&title.matched, &mut self.matcher).is_some() {
                    atom.indices(&title.matched, &mut self.matcher, &mut highlight.title);
                }
            }
            for indices in [&mut highlight.title, &mut highlight.text] {
                indices.sort_unstable();
                indices.dedup();
            }
            self.highlights.push(highlight);
        }
    }
}

/// The texts of a topic that the search looks through, with their fields.
fn texts<'t>(topic: &'t Topic, note: Option<&'t str>) -> Vec<(Field, &'t str)> {
    let mut texts = vec![(Field::Title, topic.title.as_str())];
    texts.push((Field::Summary, &topic.summary));
    texts.extend(paragraphs(&topic.body).map(|(n, text)| (Field::Body(n), text)));
    let milestones = topic.milestones.iter().enumerate();
    texts.extend(milestones.map(|(n, m)| (Field::Milestone(n), m.text.as_str())));
    let pitfalls = topic.pitfalls.iter().enumerate();
    texts.extend(pitfalls.map(|(n, p)| (Field::Pitfall(n), p.as_str())));
    let resources = topic.resources.iter().enumerate();
    texts.extend(resources.map(|(n, r)| (Field::Resource(n), r.title.as_str())));
    let examples = topic.examples.iter().enumerate();
    texts.extend(examples.map(|(n, e)| (Field::Example(n), e.title.as_str())));
    if let Some(note) = note {
        texts.extend(paragraphs(note).map(|(n, text)| (Field::Note(n), text)));
    }
    texts
}

/// The non-blank paragraphs of a text, numbered.
fn paragraphs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .enumerate()
}

/// Every distinct word of three letters or more in the index, lowercase.
fn vocabulary(index: &[Entry]) -> Vec<String> {
    let mut words = FxHashSet::default();
    for entry in index {
        for word in entry.text.split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() >= 3 {
                words.insert(word.to_lowercase());
            }
        }
    }
    let mut words: Vec<String> = words.into_iter().collect();
    words.sort_unstable();
    words
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::roadmap::{RoadmapSource, load};
    use crate::store::Note;
    use crate::tui::fixture::roadmap;

    fn typed(roadmap: &Roadmap, progress: &Progress, query: &str) -> Search {
        let mut search = Search::new(roadmap, progress);
        query.chars().for_each(|c| search.push(c));
        search
    }

    /// Each hit as `label: topic title › text`, best first.
    fn listed(roadmap: &Roadmap, search: &Search) -> Vec<String> {
        search
            .hits()
            .iter()
            .map(|hit| {
                let topic = &roadmap.phases[hit.at.phase].topics[hit.at.topic];
                match hit.field {
                    Field::Title => format!("topic: {}", topic.title),
                    field => format!("{}: {} › {}", field.label(), topic.title, search.text(hit)),
                }
            })
            .collect()
    }

    fn bundled() -> Roadmap {
        load(&RoadmapSource::Bundled).expect("the bundled roadmap")
    }

    #[test]
    fn three_letters_rank_the_topic_they_name_above_milestones_that_mention_it() {
        let roadmap = bundled();
        for query in ["cach", "redis", "Caching"] {
            let search = typed(&roadmap, &Progress::default(), query);
            let first = &listed(&roadmap, &search)[0];
            assert_eq!(
                first, "topic: Caching: Redis, Memcached and HTTP",
                "for {query:?}"
            );
        }
    }

    #[test]
    fn two_words_find_a_milestone_through_its_topic_title() {
        let roadmap = bundled();
        let search = typed(&roadmap, &Progress::default(), "redis ttl");
        let listed = listed(&roadmap, &search);
        let ttl = "milestone: Caching: Redis, Memcached and HTTP › Commit a caching table";
        let position = listed.iter().position(|line| line.starts_with(ttl));
        assert!(position.is_some_and(|n| n < 3), "{listed:#?}");
        assert!(
            listed.iter().all(|line| line.contains("Redis")),
            "{listed:#?}"
        );
    }

    #[test]
    fn a_typo_still_finds_the_topic_and_says_what_was_searched() {
        let roadmap = bundled();
        let search = typed(&roadmap, &Progress::default(), "cahcing");
        assert_eq!(search.corrected(), Some("caching"));
        assert_eq!(
            listed(&roadmap, &search)[0],
            "topic: Caching: Redis, Memcached and HTTP"
        );
        let nonsense = typed(&roadmap, &Progress::default(), "qqxzv");
        assert_eq!((nonsense.total(), nonsense.corrected()), (0, None));
    }

    #[test]
    fn about_text_pitfalls_resources_and_notes_are_searched() {
        let mut progress = Progress::default();
        progress.notes.insert(
            "sql".into(),
            Note {
                text: "First line.\n\nAsk about window functions".into(),
                changed_at: Timestamp::UNIX_EPOCH,
            },
        );
        let roadmap = roadmap();
        let lines = |query| listed(&roadmap, &typed(&roadmap, &progress, query));
        assert_eq!(lines("window"), ["note: SQL › Ask about window functions"]);
        assert_eq!(
            lines("'200 with"),
            ["pitfall: Web fundamentals & HTTP › Returning 200 with an error message in the body."]
        );
        assert_eq!(
            lines("mdn overview"),
            ["resource: Web fundamentals & HTTP › MDN: An overview of HTTP"]
        );
        assert_eq!(
            lines("write a server"),
            ["about: Web fundamentals & HTTP › - Read the RFCs\n- Write a server"]
        );
    }

    #[test]
    fn a_topic_is_listed_once_for_all_its_texts_but_each_milestone_on_its_own() {
        let roadmap = roadmap();
        let search = typed(&roadmap, &Progress::default(), "sql");
        assert_eq!(
            listed(&roadmap, &search),
            ["topic: SQL"],
            "title and summary once"
        );
        let search = typed(&roadmap, &Progress::default(), "choose");
        let milestones = search
            .hits()
            .iter()
            .filter(|hit| matches!(hit.field, Field::Milestone(_)));
        assert_eq!(milestones.count(), 3, "one per milestone");
    }

    #[test]
    fn matched_characters_are_reported_in_the_title_and_the_text() {
        let roadmap = bundled();
        let search = typed(&roadmap, &Progress::default(), "redis ttl");
        let n = search
            .hits()
            .iter()
            .position(|hit| search.text(hit).starts_with("Commit a caching table"))
            .expect("the TTL milestone");
        let highlight = search.highlight(n).expect("highlighted");
        let text: Vec<char> = search.text(&search.hits()[n]).chars().collect();
        let marked: String = highlight.text.iter().map(|&i| text[i as usize]).collect();
        assert_eq!(marked, "TTLredis", "both words in the milestone's own text");
        assert!(highlight.title.is_empty(), "so none in the title");
    }

    #[test]
    fn the_query_line_edits_like_a_shell() {
        let press = |search: &mut Search, code, modifiers| {
            search.input(KeyEvent::new(code, modifiers));
        };
        let mut search = typed(&roadmap(), &Progress::default(), "join tables");
        let none = KeyModifiers::NONE;
        let control = KeyModifiers::CONTROL;
        press(&mut search, KeyCode::Char('w'), control);
        assert_eq!(search.query(), "join ");
        press(&mut search, KeyCode::Left, none);
        press(&mut search, KeyCode::Left, none);
        press(&mut search, KeyCode::Char('s'), none);
        assert_eq!((search.query(), search.cursor()), ("joisn ", 4));
        press(&mut search, KeyCode::Backspace, none);
        press(&mut search, KeyCode::Char('a'), control);
        press(&mut search, KeyCode::Delete, none);
        assert_eq!(search.query(), "oin ");
        press(&mut search, KeyCode::Char('e'), control);
        press(&mut search, KeyCode::Char('u'), control);
        assert_eq!((search.query(), search.cursor()), ("", 0));
        assert!(search.hits().is_empty());
        press(&mut search, KeyCode::Right, none);
        assert_eq!(search.cursor(), 0, "the cursor stays in the line");
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
