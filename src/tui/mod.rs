//! The interactive view: phase, topic and detail panes.

use crate::commands::Context;
use crate::failure::Failure;

/// Opens the TUI on the context's roadmap and database.
pub fn run(context: &Context) -> Result<(), Failure> {
    let _store = context.open()?;
    Err(Failure::Runtime(
        "the interactive view is not available in this build; use trek status".into(),
    ))
}
