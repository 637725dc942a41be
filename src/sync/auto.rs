//! The automatic sync of `sync = "auto"`: after a change, and when the
//! interactive view opens and closes. It never fails the command that
//! triggered it: offline, a slow remote or another sync running is only
//! a note, and what was not sent waits for the next sync.

use std::path::Path;
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::config::SyncMode;
use crate::store::Store;
use crate::text::count;

/// How long an automatic sync may keep the learner waiting.
pub const WAIT_AT_MOST: Duration = Duration::from_secs(3);

/// Syncs the database at `db` if `mode` is auto and a sync folder is set
/// up: `None` when it did not try, else the line to show the learner, as
/// an error when the sync did not complete.
pub fn after_change(db: &Path, mode: SyncMode) -> Option<Result<String, String>> {
    if mode != SyncMode::Auto {
        return None;
    }
    let mut store = Store::open_existing(db).ok()??;
    let folder = store.sync_folder().ok()??;
    let deadline = Instant::now() + WAIT_AT_MOST;
    Some(
        match super::sync_until(&mut store, &folder, Timestamp::now(), deadline) {
            Ok(outcome) => Ok(format!(
                "synced: sent {}, received {}",
                count(outcome.sent, "group"),
                outcome.received.groups
            )),
            Err(error) => Err(format!(
                "not synced ({error}); the next sync sends what waits"
            )),
        },
    )
}
