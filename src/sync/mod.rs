//! Syncing progress between devices through a folder: a git clone trek
//! commits, pulls and pushes, or a plain folder another program keeps in
//! step. The database itself is never synced, only its history.
//!
//! [`line`] spells one group as one JSON line; [`folder`] keeps the
//! folder's device files, one per device and only appended to; [`git`]
//! runs git with prompts off. [`sync`] puts them together in an order
//! that a kill at any moment cannot break: what the folder holds is
//! written before the database remembers it as sent, groups are taken in
//! by one transaction, and every step is safe to repeat.

pub mod auto;
pub mod folder;
pub mod git;
pub mod line;
mod lock;

use std::path::Path;
use std::time::Instant;

use jiff::Timestamp;

use crate::backup::CLOCK_SLACK;
use crate::store::{FolderKind, Received, Store, StoreError, SyncFolder};

/// How often a push refused because another device pushed first is tried
/// again, each time after taking in what that device pushed.
const PUSH_ATTEMPTS: usize = 5;

/// Why a sync could not be done; the message is one line.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Something the learner must change: a folder that is not trek's.
    #[error("{0}")]
    BadInput(String),
    /// The sync failed while doing valid work: offline, a git failure.
    #[error("{0}")]
    Failed(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    pub(crate) fn bad_input(message: String) -> Self {
        SyncError::BadInput(message)
    }

    pub(crate) fn failed(message: String) -> Self {
        SyncError::Failed(message)
    }
}

/// What a sync says when the database found itself copied or moved.
pub const NEW_DEVICE: &str = "this database was copied or moved, so it now syncs as a new device";

/// What one sync did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub sent: usize,
    pub received: Received,
    /// Lines of other devices passed over, each naming file, line and why.
    pub skipped: Vec<String>,
    /// Whether this database found itself copied or moved and now syncs
    /// as a new device.
    pub new_device: bool,
}

/// The folder `store` syncs through, if one is set up. A git clone always
/// lives beside the database (see [`folder::clone_path`]), so a copied
/// data directory syncs through its own copy of the clone, not through
/// the path the original's clone had.
pub fn folder_of(store: &Store) -> Result<Option<SyncFolder>, SyncError> {
    let Some(mut folder) = store.sync_folder()? else {
        return Ok(None);
    };
    if folder.kind == FolderKind::Git {
        folder.path = folder::absolute(&folder::clone_path(store.path()))?;
    }
    Ok(Some(folder))
}

/// Sends this device's new groups, takes in every group it has not seen,
/// and with git, commits, pulls and pushes.
pub fn sync(store: &mut Store, folder: &SyncFolder, now: Timestamp) -> Result<Outcome, SyncError> {
    let lock = lock::hold(store.path(), true)?;
    sync_holding(store, folder, now, None, lock)
}

/// [`sync`] for an automatic sync: stops git at `deadline`, and leaves
/// the sync to another one already running.
pub fn sync_until(
    store: &mut Store,
    folder: &SyncFolder,
    now: Timestamp,
    deadline: Instant,
) -> Result<Outcome, SyncError> {
    let lock = lock::hold(store.path(), false)?;
    sync_holding(store, folder, now, Some(deadline), lock)
}

fn sync_holding(
    store: &mut Store,
    folder: &SyncFolder,
    now: Timestamp,
    deadline: Option<Instant>,
    _lock: lock::Held,
) -> Result<Outcome, SyncError> {
    let dir = folder.path.as_path();
    folder::check(dir)?;
    let git = (folder.kind == FolderKind::Git).then(|| git::Git::new(dir).until(deadline));
    if let Some(git) = &git {
        git.recover()?;
    }
    let claimed = store.claim_device()?.ok_or_else(|| {
        SyncError::failed(format!("{}: has no device id", store.path().display()))
    })?;
    let device = claimed.id;
    let latest = now.saturating_add(CLOCK_SLACK).unwrap_or(now);
    let mut outcome = Outcome {
        new_device: claimed.renewed,
        ..Outcome::default()
    };
    // First what the folder already holds, so that groups written before a
    // kill are known as sent and never written twice.
    take_in(store, dir, latest, &mut outcome)?;
    let unsent = store.unsent()?;
    let own = folder::own_file(&device);
    let read = store.sync_positions()?.remove(&own).unwrap_or_default();
    let reached = folder::append(dir, &device, &unsent, read)?;
    let sent: Vec<String> = unsent
        .iter()
        .map(|group| group.origin.uid.clone())
        .collect();
    let position: Vec<_> = reached.map(|reached| (own, reached)).into_iter().collect();
    store.receive(&[], &sent, &position)?;
    outcome.sent = sent.len();
    if let Some(git) = &git {
        exchange(git, store, dir, &device, latest, &mut outcome)?;
    } else {
        take_in(store, dir, latest, &mut outcome)?;
    }
    store.mark_synced(now)?;
    Ok(outcome)
}

/// Commits, pulls, takes in, and pushes until the push is accepted.
fn exchange(
    git: &git::Git,
    store: &mut Store,
    dir: &Path,
    device: &str,
    latest: Timestamp,
    outcome: &mut Outcome,
) -> Result<(), SyncError> {
    let own = folder::own_file(device);
    let status = git.status()?;
    let (mine, strays): (Vec<_>, Vec<_>) = status
        .changed
        .iter()
        .partition(|(path, _)| *path == own || path == folder::MARKER);
    // Only this device's file and the marker change here; anything else is
    // what a git killed midway left, and the next pull brings it again.
    let tracked: Vec<&str> = strays
        .iter()
        .filter(|(_, tracked)| *tracked)
        .map(|(path, _)| path.as_str())
        .collect();
    if !tracked.is_empty() {
        git.restore(&tracked)?;
    }
    for (path, _) in strays.iter().filter(|(_, tracked)| !tracked) {
        let _ = std::fs::remove_file(dir.join(path));
    }
    if !mine.is_empty() {
        let paths: Vec<&str> = mine.iter().map(|(path, _)| path.as_str()).collect();
        let message = format!(
            "trek: {} from device {device}",
            crate::text::count(outcome.sent, "group")
        );
        git.commit(&paths, &message)?;
    }
    for _ in 0..PUSH_ATTEMPTS {
        git.pull()?;
        take_in(store, dir, latest, outcome)?;
        if !git.status()?.ahead || git.push()? {
            return Ok(());
        }
    }
    Err(SyncError::failed(format!(
        "git push was refused {PUSH_ATTEMPTS} times while other devices pushed; run `trek sync` again"
    )))
}

/// Takes in what the folder's device files hold beyond what was read.
fn take_in(
    store: &mut Store,
    dir: &Path,
    latest: Timestamp,
    outcome: &mut Outcome,
) -> Result<(), SyncError> {
    let positions = store.sync_positions()?;
    let scan = folder::scan(dir, &positions, latest)?;
    if scan.groups.is_empty() && scan.positions.is_empty() {
        note_skipped(outcome, scan.skipped);
        return Ok(());
    }
    let received = store.receive(&scan.groups, &scan.present, &scan.positions)?;
    outcome.received.groups += received.groups;
    outcome.received.milestones += received.milestones;
    outcome.received.notes += received.notes;
    note_skipped(outcome, scan.skipped);
    Ok(())
}

/// Adds lines passed over, each once however often it was read.
fn note_skipped(outcome: &mut Outcome, skipped: Vec<String>) {
    for line in skipped {
        if !outcome.skipped.contains(&line) {
            outcome.skipped.push(line);
        }
    }
}
