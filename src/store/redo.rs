//! Redo: bringing back what an undo took back, through the same event log.
//!
//! A redo is an ordinary group of changes (so undo can take it back, and its
//! ticks count like any other) whose `redoes` column names the undo it
//! takes back. The redo chain is the undos made since the learner's last
//! new change: a group that is neither an undo nor a redo, made after an
//! undo, ends the chain, as typing after an undo does in any editor.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::model::Change;
use super::write::{group_changes, put_back, record, stands};
use super::{Store, StoreError, valid};

/// What a redo brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redone {
    /// When the undo that this redo takes back was made.
    pub undone_at: Timestamp,
    /// The changes the redo made, each putting back a value the undo had
    /// taken away.
    pub changes: Vec<Change>,
}

impl Store {
    /// Takes back the newest undo not yet redone, as one new group; `None`
    /// when there is nothing to redo: no undo, every undo redone, a new
    /// change made since, or the undone values no longer standing (changed
    /// meanwhile, say by an import).
    pub fn redo(&mut self, roadmap: &str, now: Timestamp) -> Result<Option<Redone>, StoreError> {
        valid::roadmap(&self.path, roadmap)?;
        self.write(|transaction| {
            let Some((undo, undone_at)) = redoable_undo(transaction, roadmap)? else {
                return Ok(None);
            };
            let undo_changes = group_changes(transaction, undo)?;
            if !stands(transaction, roadmap, &undo_changes)? {
                return Ok(None);
            }
            let changes = put_back(transaction, roadmap, undo_changes, now)?;
            if let Some(group) = record(transaction, roadmap, now, None, &changes)? {
                transaction.execute(
                    "UPDATE groups SET redoes = ?1 WHERE id = ?2",
                    params![undo, group],
                )?;
            }
            let undone_at = Timestamp::from_millisecond(undone_at).unwrap_or(now);
            Ok(Some(Redone { undone_at, changes }))
        })
    }
}

/// The newest undo, by time, that no redo took back yet, with its time;
/// `None` when there is none or a new change came after it.
fn redoable_undo(transaction: &Transaction, roadmap: &str) -> rusqlite::Result<Option<(i64, i64)>> {
    let newest = transaction
        .prepare_cached(
            "SELECT u.id, u.at FROM groups u INDEXED BY groups_by_time
             WHERE u.roadmap = ?1 AND u.reverts IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM groups r WHERE r.redoes = u.id)
             ORDER BY u.at DESC, u.id DESC LIMIT 1",
        )?
        .query_row(params![roadmap], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let Some((undo, at)) = newest else {
        return Ok(None);
    };
    let new_change_since: bool = transaction
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM groups g INDEXED BY groups_by_time
             WHERE g.roadmap = ?1 AND g.reverts IS NULL AND g.redoes IS NULL
               AND (g.at > ?2 OR (g.at = ?2 AND g.id > ?3)))",
        )?
        .query_row(params![roadmap, at, undo], |row| row.get(0))?;
    Ok((!new_change_since).then_some((undo, at)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::Address;
    use crate::store::{Progress, State};

    const ROADMAP: &str = "backend";

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + seconds).expect("a valid time")
    }

    fn address(text: &str) -> Address {
        Address::parse(text).expect("a valid address")
    }

    /// A store and the progress kept in memory beside it by the same rules
    /// the view uses; after each step both must read alike.
    struct Twins {
        store: Store,
        progress: Progress,
        clock: i64,
    }

    impl Twins {
        fn new() -> Self {
            Twins {
                store: Store::open_in_memory(),
                progress: Progress::default(),
                clock: 0,
            }
        }

        fn tick(&mut self) -> Timestamp {
            self.clock += 1;
            at(self.clock)
        }

        fn set(&mut self, text: &str, state: State) -> &mut Self {
            let now = self.tick();
            let changes = self
                .store
                .set_states(ROADMAP, &[(address(text), state)], now)
                .expect("written");
            self.progress.apply(&changes, now);
            self.agree()
        }

        fn note(&mut self, topic: &str, text: &str) -> &mut Self {
            let now = self.tick();
            let change = self
                .store
                .set_note(ROADMAP, topic, Some(text), now)
                .expect("written");
            let changes: Vec<_> = change.into_iter().collect();
            self.progress.apply(&changes, now);
            self.agree()
        }

        fn undo(&mut self) -> &mut Self {
            let now = self.tick();
            let undone = self.store.undo(ROADMAP, now).expect("written");
            self.progress
                .apply_undo(&undone.expect("something to undo"), now);
            self.agree()
        }

        fn redo(&mut self) -> Option<Redone> {
            let now = self.tick();
            let redone = self.store.redo(ROADMAP, now).expect("written");
            if let Some(redone) = &redone {
                self.progress.apply(&redone.changes, now);
            }
            self.agree();
            redone
        }

        fn agree(&mut self) -> &mut Self {
            assert_eq!(self.progress, self.store.load(ROADMAP).expect("loads"));
            self
        }

        fn state(&self, text: &str) -> State {
            self.progress.state(&address(text))
        }
    }

    #[test]
    fn redo_brings_back_several_undos_in_the_order_they_were_made() {
        let mut twins = Twins::new();
        twins
            .set("http/methods", State::Done)
            .set("http/status", State::Skipped)
            .undo()
            .undo();
        assert_eq!(twins.state("http/methods"), State::Todo);
        let first = twins.redo().expect("a redo");
        assert_eq!(first.undone_at, at(4), "the older change comes back first");
        assert_eq!(twins.state("http/methods"), State::Done);
        assert_eq!(twins.state("http/status"), State::Todo);
        twins.redo().expect("a second redo");
        assert_eq!(twins.state("http/status"), State::Skipped);
        assert_eq!(twins.redo(), None, "both undos redone");
        let ticks: Vec<_> = twins
            .progress
            .activity
            .ticks
            .iter()
            .map(|tick| tick.at)
            .collect();
        assert_eq!(ticks, vec![at(5)], "the tick stands again");
    }

    #[test]
    fn a_new_change_after_an_undo_ends_the_redo_chain() {
        let mut twins = Twins::new();
        twins
            .set("http/methods", State::Done)
            .set("http/status", State::Done)
            .undo()
            .undo();
        twins.redo().expect("a redo");
        twins.set("sql/joins", State::Done);
        assert_eq!(twins.redo(), None);
        assert_eq!(twins.state("http/status"), State::Todo, "left undone");
    }

    #[test]
    fn undo_takes_back_a_redo_and_redo_brings_it_back_again() {
        let mut twins = Twins::new();
        twins.note("http", "first").note("http", "second").undo();
        twins.redo().expect("a redo");
        assert_eq!(twins.progress.notes["http"].text, "second");
        twins.undo();
        assert_eq!(twins.progress.notes["http"].text, "first");
        twins.redo().expect("the redo's undo is redone");
        assert_eq!(twins.progress.notes["http"].text, "second");
        assert_eq!(twins.redo(), None, "the first undo was redone already");
        twins.undo().undo();
        assert!(
            twins.progress.notes.is_empty(),
            "undo walks back past it all"
        );
    }

    #[test]
    fn nothing_to_redo_before_any_undo() {
        let mut twins = Twins::new();
        assert_eq!(twins.redo(), None);
        twins.set("http/methods", State::Done);
        assert_eq!(twins.redo(), None);
    }
}
