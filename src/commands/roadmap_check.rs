//! `trek roadmap check FILE`: validate a roadmap and report every problem.

use std::io::Write;
use std::path::Path;

use crate::failure::Failure;
use crate::roadmap::validate;

pub fn run(file: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    let roadmap = validate(file)?;
    writeln!(
        out,
        "ok: {} phases, {} topics, {} milestones",
        roadmap.phases.len(),
        roadmap.topic_count(),
        roadmap.milestone_count()
    )?;
    Ok(())
}
