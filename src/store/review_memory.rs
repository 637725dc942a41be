//! The review cache: per topic, the memory its reviews replay to, so that
//! status reads a row a topic instead of every review ever made.
//!
//! The store does not schedule; a [`Remember`] given by the review queue
//! says which rows cannot stand in for their reviews and works out new
//! ones. The schema's triggers leave a topic's row stale whenever one of
//! its review events (or a group holding or reverting one) changes, so a
//! fresh row is exactly the replay of the reviews that exist; the inputs
//! that are no review (retention, completion) are kept in the row and
//! compared at read. A read that finds any miss reads every review, as
//! it would without the cache; rows are filled only after a write, never
//! by a read, so a read-only store stays unwritten.

use jiff::Timestamp;
use rusqlite::types::ValueRef;
use rusqlite::{Row, Transaction, TransactionBehavior, params, params_from_iter};
use rustc_hash::{FxHashMap, FxHashSet};

use super::Store;
use super::model::Progress;
use super::schema::REVIEW_MEMORY_TRIGGERS;

/// What the review queue tells the store about its cache rows.
pub trait Remember: Send {
    /// The roadmap's topics whose row cannot stand in for their reviews
    /// as `progress` stands: those in `stale`, and fresh rows whose
    /// inputs differ or that do not decode.
    fn misses(&self, progress: &Progress, stale: &FxHashSet<String>) -> Vec<String>;

    /// The row of each of `topics`, replayed from the reviews in `progress`.
    fn remember(&self, progress: &Progress, topics: &[String]) -> Vec<(String, Remembered)>;
}

/// One topic's row: the replay's inputs that are no review, and its result.
#[derive(Debug, Clone, Copy)]
pub struct Remembered {
    /// The desired retention the schedule was replayed with.
    pub retention: f64,
    /// When the topic became complete, as the replay took it.
    pub completed: Option<Timestamp>,
    /// The newest rating.
    pub last_review: Option<Timestamp>,
    /// The memory replayed; `None` when the topic is not in review.
    pub card: Option<RememberedCard>,
}

/// A replayed memory as columns: the FSRS card and the count of ratings.
#[derive(Debug, Clone, Copy)]
pub struct RememberedCard {
    pub ratings: i64,
    pub due: Timestamp,
    pub stability: f64,
    pub difficulty: f64,
    pub elapsed_days: i64,
    pub scheduled_days: i64,
    pub reps: i64,
    pub lapses: i64,
    pub state: i64,
    /// When it was last learned or reviewed.
    pub learned: Timestamp,
}

// Compared bit for bit, so `Progress` stays `Eq`: a row is either the one
// written or not.
impl PartialEq for Remembered {
    fn eq(&self, other: &Self) -> bool {
        self.retention.to_bits() == other.retention.to_bits()
            && self.completed == other.completed
            && self.last_review == other.last_review
            && self.card == other.card
    }
}

impl Eq for Remembered {}

impl PartialEq for RememberedCard {
    fn eq(&self, other: &Self) -> bool {
        (
            self.ratings,
            self.due,
            self.elapsed_days,
            self.scheduled_days,
        ) == (
            other.ratings,
            other.due,
            other.elapsed_days,
            other.scheduled_days,
        ) && (self.reps, self.lapses, self.state, self.learned)
            == (other.reps, other.lapses, other.state, other.learned)
            && self.stability.to_bits() == other.stability.to_bits()
            && self.difficulty.to_bits() == other.difficulty.to_bits()
    }
}

impl Eq for RememberedCard {}

const ROWS: &str = "SELECT topic, fresh, retention, completed, last_review, in_review, ratings,
        due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, state, learned
    FROM review_memory WHERE roadmap = ?1";

const PUT: &str = "INSERT OR REPLACE INTO review_memory (roadmap, topic, fresh, retention,
        completed, last_review, in_review, ratings, due, stability, difficulty, elapsed_days,
        scheduled_days, reps, lapses, state, learned)
    VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";

/// Whether the cache and every trigger keeping it are there as trek made
/// them, with the index reviews are read by.
const HELD: &str = "SELECT count(*) FROM sqlite_schema WHERE
    (type = 'table' AND name = 'review_memory')
    OR (type = 'index' AND name = 'events_reviews')
    OR (type = 'trigger' AND (name, sql) IN (VALUES
        ('review_memory_insert', ?1), ('review_memory_delete', ?2),
        ('review_memory_update', ?3), ('review_memory_group_insert', ?4),
        ('review_memory_group_delete', ?5), ('review_memory_group_update', ?6)))";

impl Store {
    /// This store, keeping the review cache after each of its writes.
    pub fn remembering(mut self, remember: Box<dyn Remember>) -> Self {
        self.remember = Some(remember);
        self
    }

    /// [`Store::load`] for a reader of the review queue alone: fresh rows
    /// of the cache that `remember` accepts stand in for reviews, which are
    /// read only when some topic misses. Reads only.
    pub fn load_remembered(
        &self,
        roadmap: &str,
        remember: &dyn Remember,
    ) -> Result<super::Progress, super::StoreError> {
        let read = || -> rusqlite::Result<Option<Progress>> {
            if !self.holds_review_memory()? {
                return Ok(None);
            }
            let mut progress = self.load_without_reviews(roadmap)?;
            let stale = self.read_remembered(roadmap, &mut progress)?;
            let mut progress = self.through_edition(roadmap, progress)?;
            if !remember.misses(&progress, &stale).is_empty() {
                progress.remembered.clear();
                progress.reviews = self.reviews(roadmap)?;
            }
            Ok(Some(progress))
        };
        match read().map_err(|error| self.error(error))? {
            Some(progress) => Ok(progress),
            None => self.load(roadmap),
        }
    }

    /// Fills the rows of the followed roadmap's topics that miss, in one
    /// IMMEDIATE transaction so no write slips between the reviews read
    /// and the rows written. Called after each write has committed: a row
    /// left unfilled stays a miss, which reads replay, so a failure here
    /// costs speed, never an answer.
    pub(super) fn refresh_remembered(&self) -> rusqlite::Result<()> {
        let (Some(remember), Some(edition)) = (self.remember.as_deref(), self.edition.as_ref())
        else {
            return Ok(());
        };
        if !self.holds_review_memory()? {
            return Ok(());
        }
        let roadmap = edition.roadmap.as_str();
        let transaction =
            Transaction::new_unchecked(&self.connection, TransactionBehavior::Immediate)?;
        let mut progress = Progress::default();
        let stale = self.read_remembered(roadmap, &mut progress)?;
        if progress.remembered.is_empty() && stale.is_empty() {
            return Ok(());
        }
        progress.states = self.states(roadmap)?;
        let mut progress = self.through_edition(roadmap, progress)?;
        let misses = remember.misses(&progress, &stale);
        if misses.is_empty() {
            return Ok(());
        }
        progress.reviews = self.reviews(roadmap)?;
        let mut put = transaction.prepare_cached(PUT)?;
        for (topic, row) in remember.remember(&progress, &misses) {
            let card = row.card;
            put.execute(params![
                roadmap,
                topic,
                row.retention,
                row.completed.map(|at| at.as_millisecond()),
                row.last_review.map(|at| at.as_millisecond()),
                card.is_some(),
                card.map(|c| c.ratings),
                card.map(|c| c.due.as_millisecond()),
                card.map(|c| c.stability),
                card.map(|c| c.difficulty),
                card.map(|c| c.elapsed_days),
                card.map(|c| c.scheduled_days),
                card.map(|c| c.reps),
                card.map(|c| c.lapses),
                card.map(|c| c.state),
                card.map(|c| c.learned.as_millisecond()),
            ])?;
        }
        drop(put);
        transaction.commit()
    }

    /// Puts the roadmap's fresh rows into `progress.remembered`; returns
    /// the topics whose row is stale or does not decode.
    fn read_remembered(
        &self,
        roadmap: &str,
        progress: &mut Progress,
    ) -> rusqlite::Result<FxHashSet<String>> {
        let mut stale = FxHashSet::default();
        let mut remembered = FxHashMap::default();
        let mut statement = self.connection.prepare_cached(ROWS)?;
        let mut rows = statement.query(params![roadmap])?;
        while let Some(row) = rows.next()? {
            let Ok(topic) = row.get::<_, String>(0) else {
                continue;
            };
            match remembered_from_row(row) {
                Some(memory) => {
                    remembered.insert(topic, memory);
                }
                None => {
                    stale.insert(topic);
                }
            }
        }
        progress.remembered = remembered;
        Ok(stale)
    }

    fn holds_review_memory(&self) -> rusqlite::Result<bool> {
        let held: i64 = self
            .connection
            .prepare_cached(HELD)?
            .query_row(params_from_iter(REVIEW_MEMORY_TRIGGERS), |row| row.get(0))?;
        Ok(held == 2 + REVIEW_MEMORY_TRIGGERS.len() as i64)
    }
}

/// A fresh row; `None` for a stale one or one that does not decode.
fn remembered_from_row(row: &Row) -> Option<Remembered> {
    if row.get::<_, i64>(1).ok()? != 1 {
        return None;
    }
    let card = match row.get::<_, i64>(5).ok()? {
        0 => None,
        1 => Some(RememberedCard {
            ratings: row.get(6).ok()?,
            due: timestamp(row, 7)??,
            stability: row.get(8).ok()?,
            difficulty: row.get(9).ok()?,
            elapsed_days: row.get(10).ok()?,
            scheduled_days: row.get(11).ok()?,
            reps: row.get(12).ok()?,
            lapses: row.get(13).ok()?,
            state: row.get(14).ok()?,
            learned: timestamp(row, 15)??,
        }),
        _ => return None,
    };
    Some(Remembered {
        retention: row.get(2).ok()?,
        completed: timestamp(row, 3)?,
        last_review: timestamp(row, 4)?,
        card,
    })
}

/// A nullable timestamp column: `None` when it does not decode.
fn timestamp(row: &Row, index: usize) -> Option<Option<Timestamp>> {
    match row.get_ref(index).ok()? {
        ValueRef::Null => Some(None),
        ValueRef::Integer(millis) => Some(Some(Timestamp::from_millisecond(millis).ok()?)),
        _ => None,
    }
}
