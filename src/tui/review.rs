//! The review screen: the topics due, one at a time, answers hidden until
//! asked for, and a rating that is written before the next topic shows.
//!
//! What the screen shows comes from the queue as it stands after each
//! write, so the intervals on the rating labels are the ones the rating
//! will give. Every rating is saved as it is made: leaving with Esc, or
//! quitting, loses nothing but the topics not yet rated.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use rustc_hash::FxHashMap;

use super::action::Action;
use super::app::{App, Mode, Tone};
use super::tally::TopicAt;
use crate::review::words::{next_line, when};
use crate::review::{Entry, Queue, Settings};
use crate::roadmap::Address;
use crate::store::{ReviewMark, State};

/// The ratings in key order, `1` to `4`.
pub const MARKS: [ReviewMark; 4] = [
    ReviewMark::Again,
    ReviewMark::Hard,
    ReviewMark::Good,
    ReviewMark::Easy,
];

/// What the main screen knows of the queue: each topic's line for the
/// detail pane, kept current after every change to progress.
pub struct ReviewBoard {
    settings: Settings,
    zone: TimeZone,
    lines: FxHashMap<String, String>,
}

impl ReviewBoard {
    /// An empty board with the learner's settings, in their time zone.
    pub fn new(settings: Settings, zone: TimeZone) -> Self {
        ReviewBoard {
            settings,
            zone,
            lines: FxHashMap::default(),
        }
    }
}

/// One review in progress.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ReviewSession {
    /// The due topics' ids, weakest first, as they stood when it opened.
    pub topics: Vec<String>,
    /// Which of them is shown.
    pub index: usize,
    /// Whether the answers are shown.
    pub revealed: bool,
    /// What the shown topic's review stands at.
    pub card: Card,
    /// After Again: which milestones to put back to todo.
    pub reopen: Option<Reopen>,
    /// Ratings saved so far.
    pub rated: usize,
}

/// The shown topic's due day and recall, and where each rating leads.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Card {
    pub when: String,
    pub recall: f64,
    /// Days to the next review for Again, Hard, Good and Easy.
    pub intervals: [i64; 4],
}

/// The milestones offered for relearning after Again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reopen {
    pub chosen: Vec<bool>,
    pub cursor: usize,
}

impl App {
    /// Sets the review settings and time zone (the view starts with the
    /// defaults in the system zone).
    pub fn set_review_settings(&mut self, settings: Settings, zone: TimeZone) {
        self.reviews = ReviewBoard::new(settings, zone);
        self.refresh_reviews();
    }

    /// The detail pane's review line for a topic in review.
    pub(super) fn review_line(&self, topic: &str) -> Option<&str> {
        self.reviews.lines.get(topic).map(String::as_str)
    }

    /// Rebuilds the board from progress; called after every change to it.
    pub(super) fn refresh_reviews(&mut self) {
        let now = self.now_zoned();
        let queue = self.queue(&now);
        let lines = queue
            .entries
            .iter()
            .map(|entry| (entry.topic.id.clone(), next_line(entry, queue.today)))
            .collect();
        self.reviews.lines = lines;
    }

    /// `r`: opens the review of what is due, or says when the next is.
    pub(super) fn open_review(&mut self) {
        let now = self.now_zoned();
        let queue = self.queue(&now);
        let topics: Vec<String> = queue.due().map(|entry| entry.topic.id.clone()).collect();
        let Some(card) = topics
            .first()
            .and_then(|id| queue.get(id))
            .map(|entry| card(&queue, entry, now.timestamp()))
        else {
            let message = match queue.entries.first() {
                Some(next) => format!(
                    "Nothing is due for review; next: {} {}",
                    next.topic.id,
                    when(next.due, queue.today)
                ),
                None => "Nothing to review yet: finished topics come back here".to_owned(),
            };
            return self.tell(Tone::Info, message);
        };
        self.mode = Mode::Review(Box::new(ReviewSession {
            topics,
            index: 0,
            revealed: false,
            card,
            reopen: None,
            rated: 0,
        }));
    }

    /// A key on the review screen.
    pub(super) fn review(&mut self, action: Action) {
        let Mode::Review(session) = &mut self.mode else {
            return;
        };
        match (action, &mut session.reopen) {
            (Action::Up, Some(reopen)) => reopen.cursor = reopen.cursor.saturating_sub(1),
            (Action::Down, Some(reopen)) => {
                reopen.cursor = (reopen.cursor + 1).min(reopen.chosen.len().saturating_sub(1))
            }
            (Action::Reveal, Some(reopen)) => {
                if let Some(chosen) = reopen.chosen.get_mut(reopen.cursor) {
                    *chosen = !*chosen;
                }
            }
            (Action::Confirm, Some(_)) => self.rate_again(true),
            (Action::Close, Some(_)) => self.rate_again(false),
            (Action::Reveal, None) => session.revealed = true,
            (Action::Rate(ReviewMark::Again), None) => self.offer_reopen(),
            (Action::Rate(mark), None) => self.rate(mark, Vec::new()),
            (Action::Close, None) => self.close_review(),
            (Action::Quit, _) => self.quit = true,
            _ => {}
        }
    }

    /// After Again, the topic's done milestones are offered for relearning;
    /// a topic with none is rated at once.
    fn offer_reopen(&mut self) {
        let chosen: Vec<bool> = match self.review_topic() {
            Some(topic) => topic.milestones.iter().map(|_| false).collect(),
            None => return,
        };
        if chosen.is_empty() {
            return self.rate(ReviewMark::Again, Vec::new());
        }
        if let Mode::Review(session) = &mut self.mode {
            session.reopen = Some(Reopen { chosen, cursor: 0 });
        }
    }

    /// Saves Again, putting the chosen milestones back to todo if `reopen`.
    fn rate_again(&mut self, reopen: bool) {
        let Mode::Review(session) = &self.mode else {
            return;
        };
        let chosen = session
            .reopen
            .as_ref()
            .map(|r| r.chosen.clone())
            .unwrap_or_default();
        let Some(topic) = self.review_topic() else {
            return;
        };
        let addresses = topic
            .milestones
            .iter()
            .zip(chosen)
            .filter(|(_, chosen)| reopen && *chosen)
            .map(|(milestone, _)| Address::new(&topic.id, &milestone.id))
            .filter(|address| self.progress.state(address) != State::Todo)
            .collect();
        self.rate(ReviewMark::Again, addresses);
    }

    /// Writes one rating, then shows the next due topic.
    fn rate(&mut self, mark: ReviewMark, reopen: Vec<Address>) {
        let Some(id) = self.review_topic().map(|topic| topic.id.clone()) else {
            return;
        };
        let now = (self.clock)();
        let changes = match self.store.review(&self.roadmap.id, &id, mark, &reopen, now) {
            Ok(changes) => changes,
            Err(error) => return self.tell(Tone::Error, format!("Not saved: {error}")),
        };
        self.progress.apply(&changes, now);
        self.tally
            .recount(&self.roadmap, &self.progress, [id.as_str()]);
        self.refresh_reviews();
        let reopened = changes.len() - 1;
        let next = self
            .review_line(&id)
            .unwrap_or("out of review until finished again");
        let mut message = format!("Rated {id} {mark}: {next}");
        if reopened > 0 {
            message.push_str(&format!(
                "; {} back to todo",
                crate::text::count(reopened, "milestone")
            ));
        }
        if self.advance() {
            message.push_str("; review done");
        }
        self.tell(Tone::Success, message);
    }

    /// Moves to the next topic still due, or closes the screen (and says
    /// so, `true`) when none is left.
    fn advance(&mut self) -> bool {
        let now = self.now_zoned();
        let Mode::Review(session) = &self.mode else {
            return false;
        };
        let next = {
            let queue = self.queue(&now);
            session
                .topics
                .iter()
                .enumerate()
                .skip(session.index + 1)
                .find_map(|(index, id)| {
                    let entry = queue.get(id).filter(|entry| entry.is_due(queue.today))?;
                    Some((index, card(&queue, entry, now.timestamp())))
                })
        };
        let Mode::Review(session) = &mut self.mode else {
            return false;
        };
        session.rated += 1;
        session.reopen = None;
        session.revealed = false;
        if let Some((index, card)) = next {
            session.index = index;
            session.card = card;
            return false;
        }
        self.mode = Mode::Browse;
        true
    }

    /// Esc: back to the main screen; every rating made is saved already.
    fn close_review(&mut self) {
        if let Mode::Review(session) = &self.mode {
            let left = session.topics.len().saturating_sub(session.index);
            self.mode = Mode::Browse;
            self.tell(
                Tone::Info,
                format!(
                    "Review left; {} still due",
                    crate::text::count(left, "topic")
                ),
            );
        }
    }

    /// The topic the review screen shows.
    pub(super) fn review_topic(&self) -> Option<&crate::roadmap::Topic> {
        let Mode::Review(session) = &self.mode else {
            return None;
        };
        let id = session.topics.get(session.index)?;
        let (phase, topic) = self.roadmap.locate(id)?;
        self.topic_at(TopicAt { phase, topic })
    }

    fn queue(&self, now: &Zoned) -> Queue<'_> {
        Queue::with_completion(
            &self.roadmap,
            &self.progress,
            now,
            self.reviews.settings,
            |phase, topic| self.tally.topic(TopicAt { phase, topic }).complete(),
        )
    }

    fn now_zoned(&self) -> Zoned {
        (self.clock)().to_zoned(self.reviews.zone.clone())
    }
}

/// What the screen shows of `entry` at `now`.
fn card(queue: &Queue, entry: &Entry, now: Timestamp) -> Card {
    let due: Date = entry.scheduled;
    let said = match entry.days_overdue(queue.today) {
        0 => "due today".to_owned(),
        _ => when(due, queue.today),
    };
    Card {
        when: said,
        recall: entry.recall,
        intervals: queue.preview(entry, now).map(|(_, days)| days),
    }
}
