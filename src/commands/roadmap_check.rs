//! `trek roadmap check FILE`: validate a roadmap and report every problem.

use std::io::Write;
use std::path::Path;

use crate::failure::Failure;
use crate::roadmap::{RoadmapSource, load};
use crate::text::count;

pub fn run(file: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    let roadmap = load(&RoadmapSource::File(file.to_path_buf()))?;
    writeln!(
        out,
        "ok: {}, {}, {}, {}",
        count(roadmap.phases.len(), "phase"),
        count(roadmap.topic_count(), "topic"),
        count(roadmap.milestone_count(), "milestone"),
        count(roadmap.check_count(), "check")
    )?;
    Ok(())
}
