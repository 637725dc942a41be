//! `trek export`: Markdown for people, or a JSON backup for `trek import`.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::status::find_phase;
use crate::backup::Backup;
use crate::cli::ExportFormat;
use crate::context::Context;
use crate::failure::Failure;
use crate::progress::summarize;
use crate::report::markdown;
use crate::store::Snapshot;

pub fn run(
    context: &Context,
    format: ExportFormat,
    phase: Option<&str>,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if let Some(path) = output {
        check_destination(context, path, force)?;
    }
    let now = crate::clock::now();
    let text = match format {
        ExportFormat::Markdown => {
            let progress = context.progress()?;
            let summary = summarize(&context.roadmap, &progress, &now);
            let phase = phase.map(|id| find_phase(&summary, id)).transpose()?;
            markdown(&summary, &progress, phase, &now)
        }
        ExportFormat::Json => {
            if phase.is_some() {
                return Err(Failure::BadInput(
                    "--phase applies to Markdown; a JSON backup is always complete".into(),
                ));
            }
            let snapshot = match context.open_read_only()? {
                Some(store) => store.snapshot(&context.roadmap.id)?,
                None => Snapshot::default(),
            };
            Backup::new(&context.roadmap.id, &snapshot, now.timestamp()).to_json()
        }
    };
    match output {
        Some(path) => write_atomically(path, text.as_bytes(), force),
        None => Ok(out.write_all(text.as_bytes())?),
    }
}

/// Refuses, before any work, a destination that cannot or must not be
/// replaced: a directory, an existing file without `--force`, and with or
/// without it trek's own database, which an export would destroy.
fn check_destination(context: &Context, path: &Path, force: bool) -> Result<(), Failure> {
    let refuse = |reason: &str| Err(Failure::BadInput(format!("{}: {reason}", path.display())));
    if path.is_dir() {
        return refuse("is a directory; name a file to write");
    }
    if !path.exists() {
        return match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => {
                refuse("cannot write: its directory does not exist")
            }
            _ => Ok(()),
        };
    }
    if is_database(context, path) {
        return refuse("is trek's progress database; choose another file");
    }
    if !force {
        return refuse("already exists; pass --force to overwrite it");
    }
    Ok(())
}

/// Whether `path` is the database or one of SQLite's files beside it.
fn is_database(context: &Context, path: &Path) -> bool {
    let Ok(target) = fs::canonicalize(path) else {
        return false;
    };
    ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut name = context.db.clone().into_os_string();
        name.push(suffix);
        fs::canonicalize(name).is_ok_and(|database| database == target)
    })
}

/// Writes to a temporary file beside the destination, then renames it into
/// place, so the destination is either untouched or complete. A symbolic
/// link is followed, so the link stays and its target gets the text; an
/// overwritten file keeps its permissions.
fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    let fail = |error: &dyn std::fmt::Display| {
        Failure::BadInput(format!("{}: cannot write: {error}", path.display()))
    };
    let destination = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let directory = match destination.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(directory).map_err(|error| fail(&error))?;
    if let Ok(existing) = fs::metadata(&destination) {
        let kept = file.as_file().set_permissions(existing.permissions());
        kept.map_err(|error| fail(&error))?;
    }
    file.write_all(bytes).map_err(|error| fail(&error))?;
    file.as_file().sync_all().map_err(|error| fail(&error))?;
    let persisted = if force {
        file.persist(&destination).map(drop)
    } else {
        file.persist_noclobber(&destination).map(drop)
    };
    persisted.map_err(|error| {
        if error.error.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::BadInput(format!(
                "{}: already exists; pass --force to overwrite it",
                path.display()
            ))
        } else {
            fail(&error.error)
        }
    })
}
