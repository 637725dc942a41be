//! `trek import FILE`: restore a JSON backup, validated whole before writing.

use std::io::Write;
use std::path::Path;

use crate::backup::{BACKUP_LIMIT, Backup};
use crate::context::Context;
use crate::failure::Failure;
use crate::input;
use crate::store::ImportMode;
use crate::text::count;

pub fn run(
    context: &Context,
    file: &Path,
    replace: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let name = file.display().to_string();
    let bytes = input::read_file(file, BACKUP_LIMIT)
        .map_err(|error| Failure::BadInput(format!("{name}: cannot import: {error}")))?;
    let now = crate::clock::now().timestamp();
    let snapshot = Backup::parse(&name, &bytes, &context.roadmap.id, now)
        .map_err(|error| Failure::BadInput(error.to_string()))?;
    drop(bytes);
    let mode = if replace {
        ImportMode::Replace
    } else {
        ImportMode::Merge
    };
    let empty =
        snapshot.states.is_empty() && snapshot.notes.is_empty() && snapshot.groups.is_empty();
    if empty && (mode == ImportMode::Merge || !context.db.exists()) {
        writeln!(out, "nothing to change: the backup holds no progress")?;
        return Ok(());
    }
    let mut store = context.open()?;
    let imported = store.import(&context.roadmap.id, &snapshot, mode, now)?;
    if let Some(old) = imported.replaced {
        writeln!(
            out,
            "replaced {}, {} and {} of history; `trek undo` brings them back",
            count(old.states, "state"),
            count(old.notes, "note"),
            count(old.groups, "group"),
        )?;
    }
    writeln!(
        out,
        "imported {}, {} and {} of history into {}",
        count(imported.states, "state"),
        count(imported.notes, "note"),
        count(imported.groups, "group"),
        store.path().display()
    )?;
    Ok(())
}
