//! Synthetic roadmaps of any size, for benchmarks and tests that need scale.

use std::fmt::Write;

/// TOML text of a valid roadmap with `phases` x `topics` x `milestones`.
///
/// Topic ids are `p{phase}-t{topic}` and milestone ids `m{n}`, so addresses
/// such as `p0-t0/m0` are predictable.
pub fn synthetic(phases: usize, topics: usize, milestones: usize) -> String {
    let mut text = String::with_capacity(phases * topics * (milestones * 60 + 200));
    text.push_str(
        "id = \"synthetic\"\ntitle = \"Synthetic trek\"\nsummary = \"Generated.\"\nestimate = \"forever\"\n",
    );
    for phase in 0..phases {
        let week = phase as u32 * 4 + 1;
        let _ = write!(
            text,
            "\n[[phases]]\nid = \"p{phase}\"\ntitle = \"Phase {phase}\"\nweeks = [{week}, {}]\nsummary = \"Phase {phase} of the synthetic trek.\"\n",
            week + 3
        );
        for topic in 0..topics {
            let _ = write!(
                text,
                "\n[[phases.topics]]\nid = \"p{phase}-t{topic}\"\ntitle = \"Topic {topic} of phase {phase}\"\nsummary = \"A generated topic.\"\nbody = \"Generated body text.\"\nmilestones = [\n"
            );
            for milestone in 0..milestones {
                let _ = writeln!(
                    text,
                    "  {{ id = \"m{milestone}\", text = \"Do step {milestone} of topic {topic} in phase {phase}\" }},"
                );
            }
            text.push_str("]\n");
        }
    }
    text.push_str("\n[finale]\ntitle = \"Done\"\nbody = \"All done.\"\nnext = [\"Rest.\"]\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::parse;

    #[test]
    fn a_synthetic_roadmap_is_valid_and_the_size_asked_for() {
        let roadmap = parse("synthetic", synthetic(3, 4, 5).as_bytes()).unwrap();
        assert_eq!(roadmap.phases.len(), 3);
        assert_eq!(roadmap.topic_count(), 12);
        assert_eq!(roadmap.milestone_count(), 60);
    }
}
