//! What the store knows of the roadmap edition it serves: where moved ids
//! went, and which milestones it has. A store that follows a roadmap
//! ([`Store::following`]) reads progress through its `[moved]` table,
//! carries stored rows to their new addresses around every write, and
//! records the addresses the learner has seen, so milestones added later
//! show as new.

use rusqlite::Transaction;

use super::model::{Event, Progress};
use super::{Store, moved, seen};
use crate::roadmap::{Address, Moved, Roadmap};

/// The edition of one roadmap that reads and writes go through.
#[derive(Debug, Clone)]
pub(super) struct Edition {
    pub(super) roadmap: String,
    pub(super) moved: Moved,
    /// Every milestone address, in roadmap order.
    pub(super) addresses: Vec<Address>,
}

impl Store {
    /// This store, reading and writing `roadmap`'s progress through its
    /// edition: moved ids, and milestones new since the learner's last change.
    pub fn following(mut self, roadmap: &Roadmap) -> Self {
        self.edition = Some(Edition {
            roadmap: roadmap.id.clone(),
            moved: roadmap.moved.clone(),
            addresses: roadmap.addresses().collect(),
        });
        self
    }

    /// Progress as loaded, seen through the edition when it is `roadmap`'s.
    pub(super) fn through_edition(
        &self,
        roadmap: &str,
        mut progress: Progress,
    ) -> rusqlite::Result<Progress> {
        let Some(edition) = self.edition.as_ref().filter(|e| e.roadmap == roadmap) else {
            return Ok(progress);
        };
        moved::read_through(&edition.moved, &mut progress);
        progress.new = seen::new_milestones(&self.connection, edition, &progress)?;
        Ok(progress)
    }

    /// Events as read, naming the addresses the edition has now when they
    /// are `roadmap`'s.
    pub(super) fn events_through_edition(
        &self,
        roadmap: &str,
        mut events: Vec<Event>,
    ) -> Vec<Event> {
        if let Some(edition) = self.edition.as_ref().filter(|e| e.roadmap == roadmap) {
            for event in &mut events {
                moved::change_through(&edition.moved, &mut event.change);
            }
        }
        events
    }
}

/// Runs one write's `work` with the edition's bookkeeping around it, in
/// the same transaction: stored rows move to their new addresses first, so
/// the work sees them where the roadmap has them; when the work changed
/// anything, rows it may have written at old addresses (an import) move
/// too, and the roadmap's addresses are recorded as seen.
pub(super) fn around<T>(
    transaction: &Transaction,
    edition: Option<&Edition>,
    work: impl FnOnce(&Transaction) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let Some(edition) = edition else {
        return work(transaction);
    };
    moved::carry(transaction, &edition.roadmap, &edition.moved)?;
    let before = transaction.total_changes();
    let value = work(transaction)?;
    if transaction.total_changes() != before {
        moved::carry(transaction, &edition.roadmap, &edition.moved)?;
        seen::record(transaction, edition)?;
    }
    Ok(value)
}
