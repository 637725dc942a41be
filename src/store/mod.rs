//! The progress store: one SQLite file per learner, and the only SQL in trek.
//!
//! [`open`] finds, creates and vets the file; [`schema`] holds the tables and
//! their migrations; [`write`] changes progress, each call one `BEGIN
//! IMMEDIATE` transaction that also appends to the event log; [`read`] loads
//! what summaries and history need. WAL with `synchronous = NORMAL` means a
//! killed process loses nothing it reported as saved.

mod error;
mod model;
mod open;
mod read;
mod replace;
mod schema;
mod snapshot;
#[cfg(test)]
mod tests;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use error::StoreError;
pub use model::{Activity, Change, Event, Note, Progress, State, StateRecord};
pub use open::default_path;
pub use replace::SetAside;
pub use schema::{APPLICATION_ID, CURRENT_VERSION};
pub use snapshot::{Group, ImportMode, Imported, Snapshot};
pub use write::Undone;

/// An open progress database.
pub struct Store {
    connection: Connection,
    path: PathBuf,
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
