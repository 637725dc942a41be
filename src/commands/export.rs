//! `trek export`: Markdown for people, or a JSON backup for `trek import`.

use std::io::Write;
use std::path::Path;

use super::Context;
use super::status::find_phase;
use crate::cli::ExportFormat;
use crate::failure::Failure;
use crate::progress::summarize;
use crate::report::{Backup, markdown};
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
        if !force && path.exists() {
            return Err(Failure::BadInput(format!(
                "{}: already exists; pass --force to overwrite it",
                path.display()
            )));
        }
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

/// Writes to a temporary file beside `path`, then renames it into place, so
/// `path` is either untouched or complete.
fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    let fail = |error: &dyn std::fmt::Display| {
        Failure::BadInput(format!("{}: cannot write: {error}", path.display()))
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(directory).map_err(|error| fail(&error))?;
    file.write_all(bytes).map_err(|error| fail(&error))?;
    file.as_file().sync_all().map_err(|error| fail(&error))?;
    let persisted = if force {
        file.persist(path).map(drop)
    } else {
        file.persist_noclobber(path).map(drop)
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
