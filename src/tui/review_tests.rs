//! The review screen, driven by keys with the harness's clock moved on
//! by weeks: what a learner sees and what the database then holds.

use insta::assert_snapshot;
use jiff::tz::TimeZone;

use super::fixture::{Harness, ROADMAP};
use crate::review::Settings;
use crate::roadmap::parse;
use crate::store::{Change, ReviewMark, State};

const DAY: i64 = 24 * 3600;

/// The fixture roadmap with two questions on SQL.
fn with_questions() -> Harness {
    let text = ROADMAP.replacen(
        r#"  { id = "joins", text = "Join two tables." },
]"#,
        r#"  { id = "joins", text = "Join two tables." },
]
checks = [
  { q = "When does a JOIN return fewer rows than its left table?", a = "An inner join drops left rows with no match; a left join keeps them." },
  { q = "Why index a foreign key column?", a = "Joins look rows up by it; without an index each one scans the table." },
]"#,
        1,
    );
    let roadmap = parse("fixture.toml", text.as_bytes()).expect("valid with questions");
    assert!(!roadmap.topic("sql").unwrap().checks.is_empty());
    let mut harness = Harness::with(roadmap);
    harness
        .app
        .set_review_settings(Settings::default(), TimeZone::UTC);
    harness
}

/// SQL and HTTP finished on the first day, then three weeks go by.
fn weeks_later() -> Harness {
    let mut harness = with_questions();
    // Foundations: HTTP's two required milestones; then Databases: SQL's two.
    harness.press("Tab Tab Space j Space");
    harness.press("BackTab BackTab j Tab Tab Space j Space");
    harness.wait(21 * DAY);
    harness.app.refresh_reviews();
    harness
}

fn reviews_stored(harness: &Harness) -> Vec<ReviewMark> {
    let mut marks: Vec<ReviewMark> = harness
        .stored_history()
        .into_iter()
        .filter_map(|event| match event.change {
            Change::Review { new, .. } => new,
            _ => None,
        })
        .collect();
    marks.reverse();
    marks
}

#[test]
fn review_screen_120x40() {
    let mut harness = weeks_later();
    harness.press("r");
    assert_snapshot!("review_from_milestones_120x40", harness.render(120, 40));
    harness.press("3");
    assert_snapshot!("review_hidden_120x40", harness.render(120, 40));
    harness.press("Space");
    assert_snapshot!("review_revealed_120x40", harness.render(120, 40));
}

#[test]
fn review_screen_50x16() {
    let mut harness = weeks_later();
    harness.press("r 3 Space");
    assert_snapshot!(harness.render(50, 16));
}

#[test]
fn a_rating_is_saved_at_once_and_the_next_due_topic_follows() {
    let mut harness = weeks_later();
    harness.press("r");
    let first = harness.app.review_topic().unwrap().id.clone();
    harness.press("Space 3");
    assert_eq!(reviews_stored(&harness), [ReviewMark::Good]);
    let second = harness.app.review_topic().unwrap().id.clone();
    assert_ne!(first, second);
    harness.press("Esc");
    let status = harness.render(120, 40);
    assert!(
        status.contains("Review left; 1 topic still due"),
        "{status}"
    );
    harness.press("r 4");
    assert_eq!(
        reviews_stored(&harness),
        [ReviewMark::Good, ReviewMark::Easy]
    );
    assert!(harness.app.review_topic().is_none(), "nothing left due");
    assert!(harness.render(120, 40).contains("review done"));
}

#[test]
fn the_labels_say_where_each_rating_leads_and_the_detail_pane_agrees() {
    let mut harness = weeks_later();
    harness.press("r");
    let topic = harness.app.review_topic().unwrap().id.clone();
    let screen = harness.render(120, 40);
    let good = screen
        .split("3 Good ")
        .nth(1)
        .and_then(|rest| rest.split('d').next())
        .and_then(|days| days.parse::<i64>().ok())
        .expect("a Good label with days");
    harness.press("3");
    let line = harness.app.review_line(&topic).unwrap().to_owned();
    assert_eq!(
        line.split(" · ").next().unwrap(),
        format!("next review in {good} days")
    );
    harness.press("Esc");
    let detail = harness.render(120, 40);
    assert!(
        detail.contains("next review in") || detail.contains("review due today"),
        "{detail}"
    );
}

#[test]
fn again_reopens_the_chosen_milestones_in_the_same_change() {
    let mut harness = weeks_later();
    harness.press("r");
    let topic = harness.app.review_topic().unwrap().id.clone();
    harness.press("1");
    assert!(
        harness
            .render(120, 40)
            .contains("Forgotten. Reopen milestones")
    );
    assert!(reviews_stored(&harness).is_empty(), "not before the choice");
    harness.press("Space Enter");
    assert_eq!(reviews_stored(&harness), [ReviewMark::Again]);
    let first = harness.app.roadmap.topic(&topic).unwrap().milestones[0]
        .id
        .clone();
    let address = format!("{topic}/{first}");
    assert_eq!(harness.stored_state(&address), State::Todo);
    assert_eq!(harness.shown_state(&address), State::Todo);
    harness.press("Esc u");
    assert_eq!(
        harness.stored_state(&address),
        State::Done,
        "one undo takes both back"
    );
    assert!(reviews_stored(&harness).len() <= 1);
}

#[test]
fn nothing_due_says_when_the_next_comes() {
    let mut harness = with_questions();
    harness.press("Tab Tab Space j Space");
    harness.press("r");
    let screen = harness.render(120, 40);
    assert!(
        screen.contains("Nothing is due for review; next: http in "),
        "{screen}"
    );
}

#[test]
fn the_ratings_stay_in_view_however_many_questions_a_topic_has() {
    let checks: Vec<String> = (1..=6)
        .map(|n| {
            format!(
                r#"  {{ q = "Question {n}, long enough to wrap on a narrow screen?", a = "Answer {n}, long enough to wrap on a narrow screen as well." }},"#
            )
        })
        .collect();
    let text = ROADMAP.replacen(
        r#"  { id = "joins", text = "Join two tables." },
]"#,
        &format!(
            "  {{ id = \"joins\", text = \"Join two tables.\" }},\n]\nchecks = [\n{}\n]",
            checks.join("\n")
        ),
        1,
    );
    let roadmap = parse("fixture.toml", text.as_bytes()).expect("valid with questions");
    let mut harness = Harness::with(roadmap);
    harness
        .app
        .set_review_settings(Settings::default(), TimeZone::UTC);
    harness.press("Tab Tab Space j Space BackTab BackTab j Tab Tab Space j Space");
    harness.wait(21 * DAY);
    harness.press("r 3 Space");
    let screen = harness.render(50, 16);
    assert!(screen.contains("Question 1"), "{screen}");
    assert!(screen.contains("…"), "cut questions are marked: {screen}");
    assert!(screen.contains("3 Good"), "{screen}");
}
