//! `trek redo`: bring back what the last undo took back.

use std::io::Write;

use jiff::Timestamp;

use super::log::describe;
use crate::context::Context;
use crate::failure::Failure;

pub fn run(context: &Context, out: &mut dyn Write) -> Result<(), Failure> {
    if context.open_read_only()?.is_none() {
        writeln!(out, "nothing to redo")?;
        return Ok(());
    }
    let mut store = context.open()?;
    let Some(redone) = store.redo(&context.roadmap.id, Timestamp::now())? else {
        writeln!(out, "nothing to redo")?;
        return Ok(());
    };
    writeln!(
        out,
        "redid {} undone {}:",
        crate::text::count(redone.changes.len(), "change"),
        super::log::local_time(redone.undone_at)
    )?;
    for change in &redone.changes {
        writeln!(out, "  {}", describe(&context.roadmap, change))?;
    }
    Ok(())
}
