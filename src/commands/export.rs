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
use crate::report::{badge, card, markdown};
use crate::review::{Queue, Settings};
use crate::store::Snapshot;

pub fn run(
    context: &Context,
    format: ExportFormat,
    phase: Option<&str>,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    // Judged before any work, so a refused destination costs nothing.
    let target = match output.filter(|path| *path != Path::new("-")) {
        Some(path) => Some((path, destination(context, path, force)?)),
        None => None,
    };
    let now = crate::clock::now();
    let text = match format {
        ExportFormat::Markdown => {
            let progress = context.progress()?;
            let summary = summarize(&context.roadmap, &progress, &now);
            let phase = phase.map(|id| find_phase(&summary, id)).transpose()?;
            let settings = Settings::from_config(&context.config);
            let queue = Queue::build(&context.roadmap, &progress, &now, settings);
            markdown(&summary, &progress, &queue, phase, &now)
        }
        ExportFormat::Svg | ExportFormat::Badge => {
            if phase.is_some() {
                return Err(Failure::BadInput(
                    "--phase applies to Markdown; a card or badge shows the whole trek".into(),
                ));
            }
            let progress = context.progress()?;
            let summary = summarize(&context.roadmap, &progress, &now);
            match format {
                ExportFormat::Svg => card(&summary, now.date()),
                _ => badge(&summary),
            }
        }
        ExportFormat::Json => {
            if phase.is_some() {
                return Err(Failure::BadInput(
                    "--phase applies to Markdown; a JSON backup is always complete".into(),
                ));
            }
            let snapshot = match context.open_to_show()? {
                Some(store) => store.snapshot(&context.roadmap.id)?,
                None => Snapshot::default(),
            };
            Backup::new(&context.roadmap.id, &snapshot, now.timestamp()).to_json()
        }
    };
    match target {
        None => Ok(out.write_all(text.as_bytes())?),
        Some((path, Destination::Stream)) => write_into(path, text.as_bytes()),
        Some((path, Destination::File)) => write_atomically(path, text.as_bytes(), force),
    }
}

/// What an output path names, and so how it is written.
enum Destination {
    /// A regular file, or none yet: replaced whole, never half-written.
    File,
    /// A FIFO, a terminal, a device, a socket: written into as it is, never
    /// replaced, so its reader gets the text and the node stays.
    Stream,
}

/// How `path` is written, refusing (before any work) a destination that
/// cannot or must not be replaced: a directory, an existing file without
/// `--force`, and with or without it trek's own database, which an export
/// would destroy.
fn destination(context: &Context, path: &Path, force: bool) -> Result<Destination, Failure> {
    let refuse = |reason: &str| Err(Failure::BadInput(format!("{}: {reason}", path.display())));
    let Ok(metadata) = fs::metadata(path) else {
        if fs::symlink_metadata(path).is_ok() {
            return refuse("is a link to nothing; name a file to write");
        }
        return match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => {
                refuse("cannot write: its directory does not exist")
            }
            _ => Ok(Destination::File),
        };
    };
    if metadata.is_dir() {
        return refuse("is a directory; name a file to write");
    }
    if !metadata.is_file() {
        return Ok(Destination::Stream);
    }
    if is_database(context, path) {
        return refuse("is trek's progress database; choose another file");
    }
    if !force {
        return refuse("already exists; pass --force to overwrite it");
    }
    Ok(Destination::File)
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

/// Writes into a FIFO, terminal or device as it is, never creating or
/// replacing anything.
fn write_into(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let mut stream = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|error| cannot_write(path, &error))?;
    stream
        .write_all(bytes)
        .and_then(|()| stream.flush())
        .map_err(|error| cannot_write(path, &error))
}

/// A failure to write `path`, worded from the error alone: the temporary
/// file an error may have come from is never named.
fn cannot_write(path: &Path, error: &std::io::Error) -> Failure {
    let reason = match error.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
        None => error.kind().to_string(),
    };
    Failure::Runtime(format!("{}: cannot write: {reason}", path.display()))
}

/// Writes to a temporary file beside the destination, then renames it into
/// place, so the destination is either untouched or complete. A symbolic
/// link is followed, so the link stays and its target gets the text; an
/// overwritten file keeps its permissions.
fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    let fail = |error: &std::io::Error| cannot_write(path, error);
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
