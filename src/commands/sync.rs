//! `trek sync init REMOTE`, `trek sync init --folder DIR`, `trek sync` and
//! `trek sync --status`: progress shared with other devices.

use std::io::Write;
use std::path::Path;

use jiff::Timestamp;

use crate::context::Context;
use crate::failure::Failure;
use crate::store::{FolderKind, Received, SyncFolder};
use crate::sync::{self, SyncError, folder, git::Git};
use crate::text::{count, one_line};

impl From<SyncError> for Failure {
    fn from(error: SyncError) -> Self {
        match error {
            SyncError::BadInput(message) => Failure::BadInput(message),
            SyncError::Failed(message) => Failure::Runtime(message),
            SyncError::Store(error) => error.into(),
        }
    }
}

/// Sets up the sync folder: a clone of `remote`, or the plain `dir`.
pub fn init(
    context: &Context,
    remote: Option<&str>,
    dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let folder = match (remote, dir) {
        (_, Some(dir)) => {
            let path = folder::absolute(dir)?;
            folder::prepare(&path)?;
            SyncFolder {
                kind: FolderKind::Folder,
                path,
                remote: None,
                synced: None,
            }
        }
        (Some(remote), None) => clone(context, remote)?,
        (None, None) => {
            return Err(Failure::BadInput(
                "trek sync init needs a git remote or --folder DIR".into(),
            ));
        }
    };
    let mut store = context.open()?;
    store.set_sync_folder(&folder)?;
    writeln!(
        out,
        "syncing through {}; run `trek sync` to send and receive",
        folder.path.display()
    )?;
    Ok(())
}

/// Clones `remote` beside the database, or takes up a clone of it that is
/// already there; a new, empty remote gets the sync folder's first commit.
fn clone(context: &Context, remote: &str) -> Result<SyncFolder, Failure> {
    let path = folder::absolute(&folder::clone_path(&context.db))?;
    let shown = path.display();
    // What this init creates, and so removes again if it fails.
    let made = first_missing(&path);
    let git = if path.exists() {
        let git = Git::new(&path);
        if git.remote().as_deref() != Some(remote) {
            return Err(Failure::BadInput(format!(
                "{shown} already exists and is not a clone of {}; move it away first",
                one_line(remote)
            )));
        }
        git
    } else {
        // Made first and private: the clone holds the learner's notes, and
        // git would make it (and the data directory) as the umask says.
        folder::create_dir(&path)?;
        Git::clone(remote, &path).inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&made);
        })?
    };
    if git.is_empty()? {
        folder::write_marker(&path)?;
        git.commit(&[folder::MARKER], "trek: a new sync folder")?;
        git.push_first()?;
    } else if let Err(error) = folder::check(&path) {
        // A repository that is not trek's: the clone made here goes again.
        let _ = std::fs::remove_dir_all(&made);
        return Err(Failure::BadInput(format!(
            "{} is not a trek sync repository ({error}); give an empty repository or one trek made",
            one_line(remote)
        )));
    }
    Ok(SyncFolder {
        kind: FolderKind::Git,
        path,
        remote: Some(remote.to_owned()),
        synced: None,
    })
}

/// The outermost of `path` and its parents that does not exist yet: what
/// making `path` creates.
fn first_missing(path: &Path) -> std::path::PathBuf {
    let mut missing = path;
    while let Some(parent) = missing.parent()
        && !parent.as_os_str().is_empty()
        && !parent.exists()
    {
        missing = parent;
    }
    missing.to_path_buf()
}

/// `trek sync`: sends and receives, and says what it did.
pub fn run(context: &Context, out: &mut dyn Write) -> Result<(), Failure> {
    let no_folder = || {
        Failure::BadInput(
            "no sync folder yet; run `trek sync init REMOTE` or `trek sync init --folder DIR`"
                .into(),
        )
    };
    // Nothing to sync creates no database.
    if !context.db.exists() {
        return Err(no_folder());
    }
    let mut store = context.open()?;
    let Some(folder) = sync::folder_of(&store)? else {
        return Err(no_folder());
    };
    let outcome = sync::sync(&mut store, &folder, Timestamp::now())?;
    if outcome.new_device {
        writeln!(out, "{}", sync::NEW_DEVICE)?;
    }
    for skipped in &outcome.skipped {
        writeln!(out, "{skipped}")?;
    }
    writeln!(
        out,
        "sent {}, received {}",
        count(outcome.sent, "group"),
        received(&outcome.received)
    )?;
    Ok(())
}

/// With `sync = "auto"`, syncs after a change and says how that went.
pub fn after_change(context: &Context, out: &mut dyn Write) -> Result<(), Failure> {
    if let Some(Ok(line) | Err(line)) = sync::auto::after_change(&context.db, context.config.sync) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// `5 (4 milestones and 1 note changed)`.
fn received(received: &Received) -> String {
    let mut changed = Vec::new();
    if received.milestones > 0 {
        changed.push(count(received.milestones, "milestone"));
    }
    if received.notes > 0 {
        changed.push(count(received.notes, "note"));
    }
    if changed.is_empty() {
        return received.groups.to_string();
    }
    format!("{} ({} changed)", received.groups, changed.join(" and "))
}

/// `trek sync --status`: where, when last, and what waits to be sent.
pub fn status(context: &Context, out: &mut dyn Write) -> Result<(), Failure> {
    let folder = match context.open_read_only()? {
        Some(store) => sync::folder_of(&store)
            .ok()
            .flatten()
            .map(|folder| (store, folder)),
        None => None,
    };
    let Some((store, folder)) = folder else {
        writeln!(
            out,
            "not syncing; run `trek sync init REMOTE` or `trek sync init --folder DIR`"
        )?;
        return Ok(());
    };
    let through = match &folder.remote {
        Some(remote) => format!("git remote {}", one_line(remote)),
        None => "a synced folder".to_owned(),
    };
    writeln!(out, "syncing {} through {through}", folder.path.display())?;
    match folder.synced {
        Some(at) => writeln!(out, "last synced {}", super::log::local_time(at))?,
        None => writeln!(out, "not synced yet")?,
    }
    writeln!(
        out,
        "{} waiting to be sent",
        count(store.unsent_count()?, "group")
    )?;
    // A sync cut short after writing its groups to the clone: they count
    // as sent, yet the remote has not had them.
    let unpushed = folder.kind == FolderKind::Git
        && Git::new(&folder.path)
            .status()
            .is_ok_and(|status| status.ahead || !status.changed.is_empty());
    if unpushed {
        writeln!(
            out,
            "the sync folder holds changes not pushed yet; `trek sync` pushes them"
        )?;
    }
    Ok(())
}
