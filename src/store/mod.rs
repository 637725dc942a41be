//! The progress store: one SQLite file per learner, and the only SQL in trek.
//!
//! [`file`] looks at and creates the file itself; [`open`] vets it and
//! opens it for writing or, wherever the file can be read at all, for
//! reading; [`schema`] holds the tables and their migrations; [`write`]
//! changes progress, each call one `BEGIN IMMEDIATE` transaction that also
//! appends to the event log, after [`valid`] has checked every address;
//! [`redo`] takes back an undo through the same log; [`place`] keeps where
//! the interactive view was, which is no progress; [`read`] loads what
//! summaries and history need, skipping rows it cannot decode;
//! [`review_memory`] keeps each topic's replayed review schedule, so status
//! need not read every review; [`edition`]
//! reads and writes them through the roadmap's `[moved]` table ([`moved`])
//! and records what the learner has [`seen`]. WAL with
//! `synchronous = NORMAL` means a killed process loses nothing it reported
//! as saved.

#[cfg(test)]
mod damage_tests;
mod edition;
mod error;
mod file;
mod identity;
mod model;
mod moved;
mod open;
mod place;
mod read;
mod redo;
mod replace;
mod review_memory;
#[cfg(test)]
mod review_tests;
mod schema;
mod seen;
mod snapshot;
mod sync;
#[cfg(test)]
mod tests;
mod valid;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use error::StoreError;
pub use identity::{Claimed, Origin, is_uid};
pub use model::{
    Activity, Change, Event, Note, Progress, ReviewMark, ReviewRecord, State, StateRecord, Tick,
};
pub use open::{BUSY_TIMEOUT, default_path};
pub use redo::Redone;
pub use replace::SetAside;
pub use review_memory::{Remember, Remembered, RememberedCard};
pub use schema::{APPLICATION_ID, CURRENT_VERSION};
pub use snapshot::{Group, ImportMode, Imported, Snapshot};
pub use sync::{FolderKind, Position, Received, SyncFolder, SyncGroup};
pub use write::Undone;

/// An open progress database.
pub struct Store {
    connection: Connection,
    path: PathBuf,
    /// Opened for reading only: every write is refused before SQLite sees it.
    read_only: bool,
    /// The roadmap edition reads and writes go through, once followed.
    edition: Option<edition::Edition>,
    /// Keeps the review cache after each write, when given.
    remember: Option<Box<dyn Remember>>,
}

impl Store {
    /// The database file, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, error: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, error)
    }
}
