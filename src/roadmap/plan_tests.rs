//! The bundled trek's plan adds up: every milestone has an hour estimate,
//! each phase's hours fit its weeks at 10 to 15 hours a week, the phases'
//! weeks run on from week 1 without a gap or an overlap, and every topic
//! asks at least five self-check questions.
//!
//! A phase's hours are what a learner spends on it: optional milestones
//! are left out, and a choice point (`required = N`) counts N of its
//! options. Whichever options are picked, the cheapest path must fill at
//! least 10 hours a week and the costliest at most 15.

use super::{Hours, RoadmapSource, Topic, load, parse};
use crate::roadmap::Roadmap;

/// The weekly budget the roadmap's summary states, in hours.
const HOURS_PER_WEEK: (u32, u32) = (10, 15);
/// The fewest self-check questions a topic may ask.
const MIN_CHECKS: usize = 5;

/// Every way the roadmap's plan fails to add up, one line each.
fn plan_problems(roadmap: &Roadmap) -> Vec<String> {
    let mut problems = Vec::new();
    let mut next_week = 1;
    for phase in &roadmap.phases {
        let [first, last] = phase.weeks;
        if first != next_week {
            problems.push(format!(
                "phase `{}` starts in week {first}; the plan runs on from week {next_week}",
                phase.id
            ));
        }
        next_week = last + 1;
        let weeks = last + 1 - first;
        let (mut low, mut high) = (0, 0);
        for topic in &phase.topics {
            for milestone in topic.milestones.iter().filter(|m| m.hours.is_none()) {
                problems.push(format!(
                    "milestone `{}/{}` has no hours",
                    topic.id, milestone.id
                ));
            }
            let (topic_low, topic_high) = topic_tenths(topic);
            low += topic_low;
            high += topic_high;
            if topic.checks.len() < MIN_CHECKS {
                problems.push(format!(
                    "topic `{}` asks {} checks; every topic asks at least {MIN_CHECKS}",
                    topic.id,
                    topic.checks.len()
                ));
            }
        }
        let (fewest, most) = (HOURS_PER_WEEK.0 * weeks, HOURS_PER_WEEK.1 * weeks);
        let shown = |tenths: u32| Hours::from_tenths(tenths).to_string();
        if low < fewest * 10 || high > most * 10 {
            problems.push(format!(
                "phase `{}` holds {} to {} hours in {}; at {} to {} hours a week \
                 that must lie within {fewest} to {most}",
                phase.id,
                shown(low),
                shown(high),
                crate::text::count(weeks, "week"),
                HOURS_PER_WEEK.0,
                HOURS_PER_WEEK.1
            ));
        }
    }
    problems
}

/// The tenths of an hour a topic takes on its cheapest and its costliest
/// path: optional milestones left out, and of a choice point only as many
/// options as it requires.
fn topic_tenths(topic: &Topic) -> (u32, u32) {
    let mut tenths: Vec<u32> = topic
        .milestones
        .iter()
        .filter(|milestone| !milestone.optional)
        .map(|milestone| milestone.hours.map_or(0, Hours::tenths))
        .collect();
    tenths.sort_unstable();
    let taken = topic.required.map_or(tenths.len(), |required| {
        (required as usize).min(tenths.len())
    });
    let cheapest = tenths.iter().take(taken).sum();
    let costliest = tenths.iter().rev().take(taken).sum();
    (cheapest, costliest)
}

/// A roadmap of two phases (`weeks` each), each of one topic with
/// `checks` checks and these milestones, written as inline tables.
fn roadmap(weeks: [[u32; 2]; 2], checks: usize, milestones: [&str; 2]) -> Roadmap {
    let checks = vec!["{ q = \"Why?\", a = \"Because.\" }"; checks].join(", ");
    let mut text = "id = \"r\"\ntitle = \"t\"\nsummary = \"s\"\nestimate = \"e\"\n".to_owned();
    for (n, ([first, last], milestones)) in weeks.iter().zip(milestones).enumerate() {
        text.push_str(&format!(
            "[[phases]]\nid = \"p{n}\"\ntitle = \"P\"\nweeks = [{first}, {last}]\nsummary = \"s\"\n\
             [[phases.topics]]\nid = \"t{n}\"\ntitle = \"T\"\nsummary = \"s\"\nbody = \"b\"\n\
             milestones = [{milestones}]\nchecks = [{checks}]\n"
        ));
    }
    text.push_str("[finale]\ntitle = \"f\"\nbody = \"b\"\nnext = []\n");
    parse("plan.toml", text.as_bytes()).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn a_plan_that_adds_up_passes() {
    let fits = roadmap(
        [[1, 2], [3, 3]],
        5,
        [
            "{ id = \"a\", text = \"t\", hours = 12 }, { id = \"b\", text = \"t\", hours = 12.5 }, \
             { id = \"c\", text = \"t\", hours = 40, optional = true }",
            "{ id = \"a\", text = \"t\", hours = 15 }",
        ],
    );
    assert_eq!(plan_problems(&fits), Vec::<String>::new());
}

#[test]
fn a_plan_that_does_not_add_up_fails_on_every_rule() {
    let broken = roadmap(
        [[1, 2], [4, 4]],
        4,
        [
            "{ id = \"a\", text = \"t\", hours = 40 }, { id = \"b\", text = \"t\" }",
            "{ id = \"a\", text = \"t\", hours = 9.5 }",
        ],
    );
    assert_eq!(
        plan_problems(&broken),
        [
            "milestone `t0/b` has no hours",
            "topic `t0` asks 4 checks; every topic asks at least 5",
            "phase `p0` holds 40 to 40 hours in 2 weeks; at 10 to 15 hours a week \
             that must lie within 20 to 30",
            "phase `p1` starts in week 4; the plan runs on from week 3",
            "topic `t1` asks 4 checks; every topic asks at least 5",
            "phase `p1` holds 9.5 to 9.5 hours in 1 week; at 10 to 15 hours a week \
             that must lie within 10 to 15",
        ]
    );
}

#[test]
fn a_choice_point_must_fit_whichever_option_is_taken() {
    let mut costly_option = roadmap(
        [[1, 1], [2, 2]],
        5,
        [
            "{ id = \"a\", text = \"t\", hours = 12 }, { id = \"b\", text = \"t\", hours = 16 }",
            "{ id = \"a\", text = \"t\", hours = 10 }",
        ],
    );
    costly_option.phases[0].topics[0].required = Some(1);
    assert_eq!(
        plan_problems(&costly_option),
        [
            "phase `p0` holds 12 to 16 hours in 1 week; at 10 to 15 hours a week \
          that must lie within 10 to 15"
        ]
    );
}

#[test]
fn the_bundled_plan_adds_up() {
    let bundled = load(&RoadmapSource::Bundled).unwrap_or_else(|error| panic!("{error}"));
    let problems = plan_problems(&bundled);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
