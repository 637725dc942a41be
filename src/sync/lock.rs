//! One sync at a time per database: a second `trek sync` waits for the
//! first, so two never append to one device file or run git in one clone.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::SyncError;

/// Held while a sync runs; released when dropped, or by the system when
/// the process dies, so a kill never leaves it stuck.
pub struct Held {
    _file: File,
}

/// Takes the sync lock of the database at `db`, waiting for it when
/// `wait`, else failing at once when another sync holds it.
pub fn hold(db: &Path, wait: bool) -> Result<Held, SyncError> {
    let path = lock_path(db);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|error| {
            SyncError::failed(format!(
                "{}: {}",
                path.display(),
                super::folder::reason(&error)
            ))
        })?;
    #[cfg(unix)]
    {
        use rustix::fs::FlockOperation::{LockExclusive, NonBlockingLockExclusive};
        let operation = if wait {
            LockExclusive
        } else {
            NonBlockingLockExclusive
        };
        rustix::fs::flock(&file, operation).map_err(|error| {
            if error == rustix::io::Errno::WOULDBLOCK {
                SyncError::failed("another sync is running".into())
            } else {
                SyncError::failed(format!("{}: cannot lock: {error}", path.display()))
            }
        })?;
    }
    #[cfg(not(unix))]
    let _ = wait;
    Ok(Held { _file: file })
}

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_owned();
    name.push(".sync-lock");
    db.with_file_name(name)
}
