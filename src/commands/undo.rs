//! `trek undo`: revert the last group of changes.

use std::io::Write;

use jiff::Timestamp;

use super::log::describe;
use crate::context::Context;
use crate::failure::Failure;

pub fn run(context: &Context, out: &mut dyn Write) -> Result<(), Failure> {
    if context.open_read_only()?.is_none() {
        writeln!(out, "nothing to undo")?;
        return Ok(());
    }
    let mut store = context.open()?;
    let Some(undone) = store.undo(&context.roadmap.id, Timestamp::now())? else {
        writeln!(out, "nothing to undo")?;
        return Ok(());
    };
    writeln!(
        out,
        "undid {} made {}:",
        crate::text::count(undone.changes.len(), "change"),
        super::log::local_time(undone.made_at)
    )?;
    for change in &undone.changes {
        writeln!(out, "  {}", describe(&context.roadmap, change))?;
    }
    Ok(())
}
