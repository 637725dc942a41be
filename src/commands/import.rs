//! `trek import FILE`: restore a JSON backup, validated whole before writing.

use std::io::Write;
use std::path::Path;

use super::Context;
use crate::failure::Failure;
use crate::report::Backup;
use crate::store::ImportMode;
use crate::text::count;

pub fn run(
    context: &Context,
    file: &Path,
    replace: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let bad = |message: String| Failure::BadInput(format!("{}: {message}", file.display()));
    let bytes = std::fs::read(file).map_err(|error| bad(format!("cannot read: {error}")))?;
    let snapshot =
        Backup::parse(&bytes, &context.roadmap.id).map_err(|error| bad(error.to_string()))?;
    let mode = if replace {
        ImportMode::Replace
    } else {
        ImportMode::Merge
    };
    let mut store = context.open()?;
    let imported = store.import(&context.roadmap.id, &snapshot, mode)?;
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
