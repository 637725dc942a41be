//! The review queue as `trek status` and `trek export` show it.

use jiff::Zoned;

use super::{ReviewJson, markdown, review_short, review_status};
use crate::progress::fixtures::{Learner, trek, utc};
use crate::progress::summarize;
use crate::review::{Queue, Settings};
use crate::store::ReviewMark;

/// `http` and `rest` finished on 1 March; `rest` reviewed Good on the 4th.
fn learner() -> Learner {
    let mut learner = Learner::new();
    learner
        .tick("http/methods", "2026-03-01T09:00:00Z")
        .tick("http/status", "2026-03-01T09:00:00Z")
        .tick("rest/resources", "2026-03-01T09:00:00Z")
        .tick("rest/pagination", "2026-03-01T09:00:00Z")
        .review("rest", ReviewMark::Good, &[], "2026-03-04T09:00:00Z");
    learner
}

fn queue_at<'r>(roadmap: &'r crate::roadmap::Roadmap, learner: &Learner, now: &Zoned) -> Queue<'r> {
    Queue::build(roadmap, &learner.progress, now, Settings::default())
}

#[test]
fn status_names_what_is_due_and_how_overdue_the_oldest_is() {
    let (trek, learner) = (trek(), learner());
    let now = utc("2026-04-01T09:00:00Z");
    let queue = queue_at(&trek, &learner, &now);
    let line = review_status(&queue).unwrap();
    assert!(
        line.starts_with("2 due (http, rest), the oldest "),
        "{line}"
    );
    assert!(line.ends_with(" days overdue"), "{line}");
    assert_eq!(review_short(&queue, true), " · 2 due");
    assert_eq!(review_short(&queue, false), " - 2 due");
}

#[test]
fn status_says_when_the_next_comes_while_nothing_is_due() {
    let (trek, learner) = (trek(), learner());
    let now = utc("2026-03-01T10:00:00Z");
    let queue = queue_at(&trek, &learner, &now);
    let line = review_status(&queue).unwrap();
    assert!(line.starts_with("nothing due; next http in "), "{line}");
    assert_eq!(review_short(&queue, true), "");
    let nobody = Learner::new();
    assert_eq!(review_status(&queue_at(&trek, &nobody, &now)), None);
}

#[test]
fn json_counts_due_lists_soonest_first_and_averages_reviewed_recall() {
    let (trek, learner) = (trek(), learner());
    let now = utc("2026-04-01T09:00:00Z");
    let queue = queue_at(&trek, &learner, &now);
    let json = serde_json::to_value(ReviewJson::new(&queue)).unwrap();
    assert_eq!(json["review_due"], 2);
    let topics: Vec<&str> = json["review_next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|next| next["topic"].as_str().unwrap())
        .collect();
    assert_eq!(topics.len(), 2);
    let rest = queue.get("rest").unwrap().recall;
    let expected = (rest * 100.0).round() / 100.0;
    assert_eq!(
        json["recall_estimate"].as_f64(),
        Some(expected),
        "rest alone was reviewed"
    );
    let before = queue_at(&trek, &Learner::new(), &now);
    let json = serde_json::to_value(ReviewJson::new(&before)).unwrap();
    assert!(json["recall_estimate"].is_null());
}

#[test]
fn markdown_gives_each_reviewed_topic_its_last_review_and_next_due_date() {
    let (trek, learner) = (trek(), learner());
    let now = utc("2026-03-05T09:00:00Z");
    let queue = queue_at(&trek, &learner, &now);
    let summary = summarize(&trek, &learner.progress, &now);
    let text = markdown(&summary, &learner.progress, &queue, None, &now);
    let due = queue.get("rest").unwrap().due;
    let line = format!("Last review 2026-03-04, next due {due}.");
    assert!(text.contains(&line), "{text}");
    assert_eq!(
        text.matches("Last review").count(),
        1,
        "http was never reviewed"
    );
}
