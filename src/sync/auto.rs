//! The automatic sync of `sync = "auto"`: after a change, and when the
//! interactive view opens and closes. It never fails the command that
//! triggered it: offline, a slow remote or another sync running is only
//! a note, and what was not sent waits for the next sync. The view's
//! opening sync runs on a thread of its own with its own connection
//! ([`ViewSyncs`]), so the view is drawn while it waits for the remote.

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
struct Ready {
    store: Store,
    folder: SyncFolder,
}

impl Ready {
    /// The sync `mode` asks for on the database at `db`: `None` when the
    /// mode is manual, or there is no database or sync folder (yet).
    fn find(db: &Path, mode: SyncMode) -> Option<Ready> {
        if mode != SyncMode::Auto {
            return None;
        }
        let store = Store::open_existing(db).ok()??;
        let folder = super::folder_of(&store).ok()??;
        Some(Ready { store, folder })
    }

    /// Syncs, stopping git at `deadline`; what the sync says.
    fn run(mut self, deadline: Instant) -> Said {
        match super::sync_until(&mut self.store, &self.folder, Timestamp::now(), deadline) {
            Ok(outcome) => Ok(format!(
                "synced: sent {}, received {}{}",
                count(outcome.sent, "group"),
                outcome.received.groups,
                if outcome.new_device {
                    format!("; {}", super::NEW_DEVICE)
                } else {
                    String::new()
                }
            )),
            Err(error) => Err(format!(
                "not synced ({error}); the next sync sends what waits"
            )),
        }
    }

    /// Syncs on another thread, stopping git after [`WAIT_AT_MOST`].
    fn in_background(self) -> Running {
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
struct Running {
    /// Gives what the sync said once it ended.
    receiver: Receiver<Said>,
}

impl Running {
    /// What the sync said, once it has ended; `None` while it runs.
    fn outcome(&self) -> Option<Said> {
        match self.receiver.try_recv() {
            Ok(said) => Some(said),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(ended_without_a_word())),
        }
    }

    /// Waits for the sync to end, up to `deadline`; what it said, or
    /// `None` when it still runs then.
    fn wait(self, deadline: Instant) -> Option<Said> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::Address;
    use crate::store::{FolderKind, State};

    /// Two databases in one directory, both syncing through one plain folder.
    fn two_devices() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("shared");
        super::super::folder::prepare(&folder).unwrap();
        let dbs: Vec<PathBuf> = ["a.sqlite3", "b.sqlite3"]
            .iter()
            .map(|name| {
                let db = dir.path().join(name);
                let mut store = Store::open(&db).unwrap();
                store
                    .set_sync_folder(&SyncFolder {
                        kind: FolderKind::Folder,
                        path: folder.clone(),
                        remote: None,
                        synced: None,
                    })
                    .unwrap();
                db
            })
            .collect();
        (dir, dbs[0].clone(), dbs[1].clone())
    }

    fn tick(db: &Path, milestone: &str) {
        let target = (Address::new("http", milestone), State::Done);
        let mut store = Store::open(db).unwrap();
        store
            .set_states("backend", &[target], Timestamp::now())
            .unwrap();
    }

    fn opened_when_done(syncs: &mut ViewSyncs) -> Said {
        let start = Instant::now();
        loop {
            if let Some(said) = syncs.opened() {
                return said;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "the sync ends");
            thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn the_view_s_syncs_say_what_each_did_and_the_opening_one_says_it_once() {
        let (_dir, a, b) = two_devices();
        tick(&a, "methods");
        assert_eq!(
            after_change(&a, SyncMode::Auto),
            Some(Ok("synced: sent 1 group, received 0".into()))
        );
        let mut syncs = ViewSyncs::open(&b, SyncMode::Auto).expect("b syncs");
        assert_eq!(
            opened_when_done(&mut syncs),
            Ok("synced: sent 0 groups, received 1".into())
        );
        assert_eq!(syncs.opened(), None, "said once");
        tick(&b, "status");
        assert_eq!(
            syncs.close(),
            vec![Ok("synced: sent 1 group, received 0".into())]
        );
    }

    #[test]
    fn a_copied_database_says_it_now_syncs_as_a_new_device() {
        let (dir, a, _b) = two_devices();
        tick(&a, "methods");
        after_change(&a, SyncMode::Auto);
        let copy = dir.path().join("copy.sqlite3");
        std::fs::copy(&a, &copy).unwrap();
        assert_eq!(
            after_change(&copy, SyncMode::Auto),
            Some(Ok(format!(
                "synced: sent 0 groups, received 0; {}",
                super::super::NEW_DEVICE
            )))
        );
        assert_eq!(
            after_change(&copy, SyncMode::Auto),
            Some(Ok("synced: sent 0 groups, received 0".into()))
        );
    }

    #[test]
    fn closing_before_the_opening_sync_was_shown_says_what_it_did_too() {
        let (_dir, a, b) = two_devices();
        tick(&a, "methods");
        after_change(&a, SyncMode::Auto);
        let syncs = ViewSyncs::open(&b, SyncMode::Auto).expect("b syncs");
        assert_eq!(
            syncs.close(),
            vec![
                Ok("synced: sent 0 groups, received 1".into()),
                Ok("synced: sent 0 groups, received 0".into()),
            ]
        );
    }

    #[test]
    fn a_manual_setting_or_no_sync_folder_starts_no_sync() {
        let (dir, a, _b) = two_devices();
        assert!(ViewSyncs::open(&a, SyncMode::Manual).is_none());
        let lone = dir.path().join("lone.sqlite3");
        Store::open(&lone).unwrap();
        assert!(ViewSyncs::open(&lone, SyncMode::Auto).is_none());
        assert!(ViewSyncs::open(&dir.path().join("absent.sqlite3"), SyncMode::Auto).is_none());
    }
}
