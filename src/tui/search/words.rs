//! How one word of the query matches one text, with `nucleo-matcher`.
//!
//! A word found whole counts double, so real words rank above scattered
//! letters. Scattered letters match almost any paragraph, so they count
//! only in short texts (titles, milestones, pitfalls, resources), close
//! together, and scoring what the letters would side by side starting a
//! word: gaps that cost more than the bonuses earned are noise. Before any
//! of that, a mask of the letters each text holds turns most texts away in
//! one instruction, which keeps a keystroke fast on large roadmaps.

use nucleo_matcher::chars::normalize;
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Matcher, Utf32String};

/// What each matched character scores in nucleo, and what a match
/// starting a word earns on top.
const SCORE_PER_CHARACTER: usize = 16;
const WORD_START_BONUS: usize = 16;

/// A text as the search holds it.
pub(super) struct Text {
    chars: Utf32String,
    letters: u64,
    /// A paragraph, where scattered letters are not worth listing.
    long: bool,
}

impl Text {
    /// Prepares `text` for matching.
    pub(super) fn new(text: &str, long: bool) -> Self {
        Text {
            chars: Utf32String::from(text),
            letters: letters(text.chars().map(normalize)),
            long,
        }
    }
}

/// One word of the query, ready to match.
pub(super) struct Word {
    /// The word with fzf's syntax: `'exact`, `^prefix`, `suffix$`, `!not`;
    /// fuzzy when plain.
    atom: Atom,
    /// A plain word as one piece, to tell a word found whole.
    whole: Option<Atom>,
    /// The letters a text must hold for the word to match it.
    letters: u64,
}

impl Word {
    /// Parses one word of the query. Case never matters: learners type
    /// `sql` for SQL and `JOIN` for a join alike.
    pub(super) fn new(word: &str) -> Self {
        let atom = Atom::parse(word, CaseMatching::Ignore, Normalization::Smart);
        let whole = (atom.kind == AtomKind::Fuzzy && !atom.negative).then(|| {
            Atom::new(
                word,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Substring,
                false,
            )
        });
        let needle = atom.needle_text();
        let letters = if atom.negative || !needle.is_ascii() {
            0
        } else {
            letters(needle.chars())
        };
        Word {
            atom,
            whole,
            letters,
        }
    }

    /// True for a word that excludes texts (`!word`) rather than finds them.
    pub(super) fn negative(&self) -> bool {
        self.atom.negative
    }

    /// True for a plain word, the kind a typo can be corrected in.
    pub(super) fn plain(&self) -> bool {
        self.whole.is_some()
    }

    /// How well the word matches `text`, when it is a match worth listing.
    pub(super) fn score(&self, text: &Text, matcher: &mut Matcher) -> Option<Scored> {
        let haystack = text.chars.slice(..);
        if self.atom.negative {
            return self.atom.score(haystack, matcher).map(|_| Scored {
                score: 0,
                whole: true,
            });
        }
        if self.letters & !text.letters != 0 {
            return None;
        }
        let Some(whole) = &self.whole else {
            return Some(Scored::whole(self.atom.score(haystack, matcher)?));
        };
        if let Some(score) = whole.score(haystack, matcher) {
            return Some(Scored::whole(score));
        }
        if text.long {
            return None;
        }
        let mut indices = Vec::new();
        let score = self.scattered(text, matcher, &mut indices)?;
        let floor = self.atom.needle_text().len() * SCORE_PER_CHARACTER + WORD_START_BONUS;
        (usize::from(score) >= floor && self.compact(&indices)).then_some(Scored {
            score: u32::from(score),
            whole: false,
        })
    }

    /// The characters of `text` the word matched, as indices of characters.
    pub(super) fn indices(&self, text: &Text, matcher: &mut Matcher, into: &mut Vec<u32>) {
        let haystack = text.chars.slice(..);
        match &self.whole {
            Some(whole) if whole.score(haystack, matcher).is_some() => {
                whole.indices(haystack, matcher, into);
            }
            Some(_) => {
                self.scattered(text, matcher, into);
            }
            None => {
                self.atom.indices(haystack, matcher, into);
            }
        }
    }

    /// The word's letters in `text`, scattered: the first stretch that
    /// holds them, tightened from its end, as nucleo's greedy matcher finds
    /// it (cheaper than the optimal alignment, and what the closeness test
    /// wants). The matcher's case and accent settings are the word's, set
    /// by the whole word's match just before.
    fn scattered(&self, text: &Text, matcher: &mut Matcher, into: &mut Vec<u32>) -> Option<u16> {
        matcher.fuzzy_indices_greedy(text.chars.slice(..), self.atom.needle_text(), into)
    }

    /// Whether the word's scattered letters, at `indices`, lie within
    /// twice its length, as a word typed with a letter left out does
    /// (`rdis` in Redis), rather than strewn across a sentence.
    fn compact(&self, indices: &[u32]) -> bool {
        match (indices.iter().min(), indices.iter().max()) {
            (Some(&first), Some(&last)) => {
                ((last - first) as usize) < 2 * self.atom.needle_text().len()
            }
            _ => false,
        }
    }
}

/// How well a word matched a text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scored {
    pub score: u32,
    /// The word's letters stand side by side in the text.
    pub whole: bool,
}

impl Scored {
    fn whole(score: u16) -> Self {
        Scored {
            score: 2 * u32::from(score),
            whole: true,
        }
    }
}

/// A bit for each ASCII letter and digit among `chars`, either case.
fn letters(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |mask, c| match c.to_ascii_lowercase() {
        c @ 'a'..='z' => mask | 1 << (c as u32 - 'a' as u32),
        c @ '0'..='9' => mask | 1 << (26 + c as u32 - '0' as u32),
        _ => mask,
    })
}

#[cfg(test)]
mod tests {
    use nucleo_matcher::Config;

    use super::*;

    fn score(word: &str, text: &str, long: bool) -> Option<Scored> {
        let mut matcher = Matcher::new(Config::DEFAULT);
        Word::new(word).score(&Text::new(text, long), &mut matcher)
    }

    #[test]
    fn a_whole_word_counts_double_and_scattered_letters_only_close_in_short_texts() {
        let whole = score("redis", "Caching & Redis", false).expect("a match");
        assert!(whole.whole);
        let typed_short = score("rdis", "Caching & Redis", false).expect("a match");
        assert!(!typed_short.whole && typed_short.score < whole.score);
        assert!(
            score("rdis", "Caching & Redis", true).is_none(),
            "a paragraph"
        );
        let strewn = "Try to read and change another user's records by editing IDs";
        assert!(score("redis", strewn, false).is_none());
        assert!(
            score("ache", "A cache", true).is_some(),
            "inside a word, whole"
        );
    }

    #[test]
    fn letters_a_text_lacks_turn_it_away_and_negation_excludes() {
        assert!(score("queue", "Caching & Redis", false).is_none());
        assert!(
            score("cafe", "Café society", false).is_some(),
            "accents fold"
        );
        assert!(score("!redis", "Caching & Redis", false).is_none());
        assert_eq!(score("!redis", "SQL", false).map(|s| s.score), Some(0));
    }
}
