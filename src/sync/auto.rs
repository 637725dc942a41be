//! The automatic sync of `sync = "auto"`: after a change, and when the
//! interactive view opens and closes. It never fails the command that
//! triggered it: offline, a slow remote or another sync running is only
//! a note, and what was not sent waits for the next sync. The view's
//! opening sync runs [`in_background`](Ready::in_background) on its own
//! connection, so the view is drawn while it waits for the remote.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::config::SyncMode;
use crate::store::{Store, SyncFolder};
use crate::text::count;

/// How long an automatic sync may keep the learner waiting.
pub const WAIT_AT_MOST: Duration = Duration::from_secs(3);

/// What an automatic sync says: the line to show the learner, as an error
/// when the sync did not complete.
pub type Said = Result<String, String>;

/// Syncs the database at `db` if `mode` is auto and a sync folder is set
/// up: `None` when it did not try, else what it says.
pub fn after_change(db: &Path, mode: SyncMode) -> Option<Said> {
    Ready::find(db, mode).map(|ready| ready.run(Instant::now() + WAIT_AT_MOST))
}

/// An automatic sync about to run: its own connection to the database
/// and the folder it syncs through.
pub struct Ready {
    store: Store,
    folder: SyncFolder,
}

impl Ready {
    /// The sync `mode` asks for on the database at `db`: `None` when the
    /// mode is manual, or there is no database or sync folder (yet).
    pub fn find(db: &Path, mode: SyncMode) -> Option<Ready> {
        if mode != SyncMode::Auto {
            return None;
        }
        let store = Store::open_existing(db).ok()??;
        let folder = store.sync_folder().ok()??;
        Some(Ready { store, folder })
    }

    /// Syncs, stopping git at `deadline`; what the sync says.
    pub fn run(mut self, deadline: Instant) -> Said {
        match super::sync_until(&mut self.store, &self.folder, Timestamp::now(), deadline) {
            Ok(outcome) => Ok(format!(
                "synced: sent {}, received {}",
                count(outcome.sent, "group"),
                outcome.received.groups
            )),
            Err(error) => Err(format!(
                "not synced ({error}); the next sync sends what waits"
            )),
        }
    }

    /// Syncs on another thread, stopping git after [`WAIT_AT_MOST`].
    pub fn in_background(self) -> Running {
        let deadline = Instant::now() + WAIT_AT_MOST;
        let (sender, receiver) = mpsc::channel();
        let on_failure = sender.clone();
        let spawned = thread::Builder::new()
            .name("trek-sync".into())
            .spawn(move || sender.send(self.run(deadline)));
        if let Err(error) = spawned {
            let _ = on_failure.send(Err(format!(
                "not synced (cannot start the sync: {error}); the next sync sends what waits"
            )));
        }
        Running { receiver }
    }
}

/// A sync running on another thread.
pub struct Running {
    /// Gives what the sync said once it ended.
    receiver: Receiver<Said>,
}

impl Running {
    /// What the sync said, once it has ended; `None` while it runs.
    pub fn outcome(&self) -> Option<Said> {
        match self.receiver.try_recv() {
            Ok(said) => Some(said),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(ended_without_a_word())),
        }
    }

    /// Waits for the sync to end, up to `deadline`; what it said, or
    /// `None` when it still runs then.
    pub fn wait(self, deadline: Instant) -> Option<Said> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.receiver.recv_timeout(left) {
            Ok(said) => Some(said),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(Err(ended_without_a_word())),
        }
    }
}

/// The automatic syncs of the interactive view: one in the background as
/// it opens, one as it closes, both within one [`WAIT_AT_MOST`] at close.
pub struct ViewSyncs {
    db: PathBuf,
    mode: SyncMode,
    /// The opening sync, until what it said was taken.
    opening: Option<Running>,
}

impl ViewSyncs {
    /// Starts the opening sync in the background, if `mode` asks for
    /// syncs and the database at `db` has a sync folder.
    pub fn open(db: &Path, mode: SyncMode) -> Option<ViewSyncs> {
        let ready = Ready::find(db, mode)?;
        Some(ViewSyncs {
            db: db.to_owned(),
            mode,
            opening: Some(ready.in_background()),
        })
    }

    /// What the opening sync said, once, when it has ended.
    pub fn opened(&mut self) -> Option<Said> {
        let said = self.opening.as_ref()?.outcome()?;
        self.opening = None;
        Some(said)
    }

    /// Syncs as the view closes: waits for the opening sync if it still
    /// runs, then sends what was done, all by [`WAIT_AT_MOST`] from now.
    /// What to tell the learner: the opening sync's line if it was never
    /// taken (and says something else), then the closing one's.
    pub fn close(self) -> Vec<Said> {
        let deadline = Instant::now() + WAIT_AT_MOST;
        let opened = self.opening.and_then(|opening| opening.wait(deadline));
        let closed = match Ready::find(&self.db, self.mode) {
            Some(ready) => ready.run(deadline),
            None => Err(format!(
                "not synced ({} cannot be opened); the next sync sends what waits",
                self.db.display()
            )),
        };
        let mut said: Vec<Said> = opened.into_iter().collect();
        if said.first() != Some(&closed) {
            said.push(closed);
        }
        said
    }
}

/// The sync's thread ended without saying how the sync went: it panicked.
fn ended_without_a_word() -> String {
    "not synced (the sync stopped midway); the next sync sends what waits".into()
}
