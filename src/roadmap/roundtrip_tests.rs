//! Any roadmap the model can hold, written as TOML, loads back equal.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use super::{
    Check, Example, Finale, Hours, Milestone, Phase, Resource, ResourceKind, Roadmap, Topic, parse,
};

fn id() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9-]{0,11}"
}

fn text() -> impl Strategy<Value = String> {
    any::<String>()
}

fn milestone() -> impl Strategy<Value = Milestone> {
    (id(), text(), any::<bool>(), option::of(1u32..10_000)).prop_map(
        |(id, text, optional, tenths)| Milestone {
            id,
            text,
            optional,
            hours: tenths.map(Hours::from_tenths),
        },
    )
}

fn resource() -> impl Strategy<Value = Resource> {
    let kind = proptest::sample::select(ResourceKind::ALL.map(|(_, kind)| kind).to_vec());
    (text(), "https://[a-z]{1,10}\\.org/[a-z0-9/]{0,10}", kind)
        .prop_map(|(title, url, kind)| Resource { title, url, kind })
}

fn example() -> impl Strategy<Value = Example> {
    (text(), "[a-z]{1,6}", text()).prop_map(|(title, lang, code)| Example { title, lang, code })
}

fn check() -> impl Strategy<Value = Check> {
    ("\\PC*[a-z?]\\PC*", "\\PC*[a-z.]\\PC*").prop_map(|(q, a)| Check { q, a })
}

fn topic() -> impl Strategy<Value = Topic> {
    (
        (id(), text(), text(), text(), option::of(text())),
        vec(milestone(), 1..5),
        any::<prop::sample::Index>(),
        any::<bool>(),
        (
            vec(resource(), 0..3),
            vec(text(), 0..3),
            vec(example(), 0..2),
            vec(check(), 0..3),
        ),
    )
        .prop_map(
            |((id, title, summary, body, estimate), milestones, pick, has_required, extras)| {
                let (resources, pitfalls, examples, checks) = extras;
                // Milestone ids must be unique within the topic.
                let milestones = milestones
                    .into_iter()
                    .enumerate()
                    .map(|(index, milestone)| Milestone {
                        id: format!("{}-{index}", milestone.id),
                        ..milestone
                    })
                    .collect::<Vec<_>>();
                let required = has_required.then(|| pick.index(milestones.len()) as u32 + 1);
                Topic {
                    id,
                    title,
                    summary,
                    body,
                    estimate,
                    required,
                    milestones,
                    resources,
                    pitfalls,
                    examples,
                    checks,
                }
            },
        )
}

fn phase() -> impl Strategy<Value = Phase> {
    (id(), text(), 1u32..60, 0u32..10, text(), vec(topic(), 1..4)).prop_map(
        |(id, title, first, length, summary, topics)| Phase {
            id,
            title,
            weeks: [first, first + length],
            summary,
            topics,
        },
    )
}

fn roadmap() -> impl Strategy<Value = Roadmap> {
    (
        (id(), text(), text(), text()),
        (option::of(text()), vec(text(), 0..3)),
        vec(phase(), 1..4),
        (text(), text(), vec(text(), 0..3)),
    )
        .prop_map(
            |((id, title, summary, estimate), (audience, prerequisites), phases, finale)| {
                // Phase and topic ids must be unique across the roadmap.
                let phases = phases
                    .into_iter()
                    .enumerate()
                    .map(|(p, phase)| Phase {
                        id: format!("{}-{p}", phase.id),
                        topics: phase
                            .topics
                            .into_iter()
                            .enumerate()
                            .map(|(t, topic)| Topic {
                                id: format!("{}-{p}-{t}", topic.id),
                                ..topic
                            })
                            .collect(),
                        ..phase
                    })
                    .collect();
                let (finale_title, body, next) = finale;
                let mut roadmap = Roadmap::new(id, title, phases);
                roadmap.summary = summary;
                roadmap.estimate = estimate;
                roadmap.audience = audience;
                roadmap.prerequisites = prerequisites;
                roadmap.finale = Finale {
                    title: finale_title,
                    body,
                    next,
                };
                roadmap
            },
        )
}

proptest! {
    #[test]
    fn a_roadmap_written_as_toml_loads_back_equal(roadmap in roadmap()) {
        let text = toml::to_string(&roadmap).expect("a roadmap serializes");
        let loaded = parse("generated", text.as_bytes());
        prop_assert_eq!(loaded, Ok(roadmap), "{}", text);
    }
}
