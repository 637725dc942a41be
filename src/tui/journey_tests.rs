//! The progress view: snapshots of a learner four months in, at three
//! sizes, with the clock and zone fixed; and its keys and click.

use insta::assert_snapshot;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::action::Pane;
use super::app::Mode;
use super::fixture::{Harness, start};
use super::journey::Plan;
use crate::roadmap::{Address, Roadmap, parse};
use crate::store::{State, Store};

/// Three phases over twelve weeks, every milestone but one estimated.
const ROADMAP: &str = r#"
id = "journey"
title = "Journey trek"
summary = "A trek long enough to show a history."
estimate = "3 months"

[[phases]]
id = "basics"
title = "Basics"
weeks = [1, 4]
summary = "First steps."

[[phases.topics]]
id = "http"
title = "HTTP"
summary = "The protocol."
body = "Requests and responses."
milestones = [
  { id = "methods", text = "Send a request with each method", hours = 2 },
  { id = "status", text = "Return the right status codes", hours = 1.5 },
  { id = "headers", text = "Set caching headers", hours = 2 },
  { id = "tls", text = "Explain what TLS protects", hours = 3 },
]

[[phases]]
id = "data"
title = "Data"
weeks = [5, 8]
summary = "Where data lives."

[[phases.topics]]
id = "sql"
title = "SQL"
summary = "Relational data."
body = "Tables and queries."
milestones = [
  { id = "select", text = "Write SELECT queries with WHERE and ORDER BY", hours = 3 },
  { id = "joins", text = "Join two tables", hours = 4 },
  { id = "indexes", text = "Add an index and read the query plan", hours = 4 },
  { id = "transactions", text = "Wrap two writes in a transaction" },
]

[[phases]]
id = "apis"
title = "APIs"
weeks = [9, 12]
summary = "Talking to programs."

[[phases.topics]]
id = "rest"
title = "REST API design"
summary = "Resources and verbs."
body = "Design an API."
milestones = [
  { id = "resources", text = "Model resources and their URLs", hours = 3 },
  { id = "pagination", text = "Paginate a long list", hours = 2 },
  { id = "errors", text = "Return errors a client can act on", hours = 2 },
  { id = "versioning", text = "Version an API without breaking clients", hours = 3 },
]

[finale]
title = "Done"
body = "Well done."
next = ["Keep going"]
"#;

fn roadmap() -> Roadmap {
    parse("journey.toml", ROADMAP.as_bytes()).expect("the journey roadmap is valid")
}

/// Sixteen weeks of work ending the day before the harness's clock, on
/// about half the days, some busier; each milestone is worked on for
/// some weeks, its tick walked back and made again, so the map has more
/// ticks than the roadmap has milestones. Six stand done at the end.
fn four_months_in() -> Harness {
    let mut harness = Harness::with(roadmap());
    let addresses: Vec<Address> = harness.app.roadmap.addresses().collect();
    let mut store = Store::open(&harness.path).expect("the database opens");
    let day = |n: i64| start() - SignedDuration::from_hours(24 * (112 - n));
    store
        .set_note("journey", "http", Some("Starting out."), day(0))
        .expect("written");
    let mut write = |address: &Address, state, at: Timestamp| {
        store
            .set_states("journey", &[(address.clone(), state)], at)
            .expect("written");
    };
    for n in 0..112_i64 {
        // A made-up rhythm: about half the days, some busier than others.
        let mix = (n * n * 31 + n * 17 + 7) % 23;
        if mix >= 12 {
            continue;
        }
        let busy = 1 + mix % 4;
        for k in 0..busy {
            // One milestone at a time, worked on and redone for weeks.
            let address = &addresses[usize::try_from((n / 19).min(5)).unwrap_or(0)];
            let at = day(n) + SignedDuration::from_mins(10 * k);
            write(address, State::Todo, at);
            write(address, State::Done, at + SignedDuration::from_secs(1));
        }
    }
    harness.restart();
    harness.app.plan = Plan {
        zone: TimeZone::UTC,
        hours_per_week: None,
        ascii: false,
    };
    harness
}

#[test]
fn progress_view_four_months_in_120x40() {
    let mut harness = four_months_in();
    harness.press("p");
    assert_snapshot!(harness.render(120, 40));
}

#[test]
fn progress_view_four_months_in_80x24() {
    let mut harness = four_months_in();
    harness.press("p");
    assert_snapshot!(harness.render(80, 24));
}

#[test]
fn progress_view_four_months_in_50x16() {
    let mut harness = four_months_in();
    harness.press("p");
    assert_snapshot!(harness.render(50, 16));
}

#[test]
fn progress_view_in_ascii_with_hours_per_week_120x40() {
    let mut harness = four_months_in();
    harness.app.plan.ascii = true;
    harness.app.plan.hours_per_week = Some(6.0);
    harness.press("p");
    let screen = harness.render(120, 40);
    assert!(screen.contains("less .:*# more"), "{screen}");
    assert!(!screen.contains(['░', '▒', '▓']), "{screen}");
    assert!(screen.contains("at 6 h/week"), "{screen}");
    assert!(
        screen.contains("Hours left 14.0 · 1 unestimated"),
        "{screen}"
    );
}

#[test]
fn a_new_learner_is_told_it_is_too_early_not_given_a_date() {
    let mut harness = Harness::new();
    harness.app.plan.zone = TimeZone::UTC;
    harness.press("p");
    let screen = harness.render(120, 40);
    assert!(
        screen.contains("too early to estimate (no ticks yet)"),
        "{screen}"
    );
    assert!(!screen.contains("around 20"), "{screen}");
}

#[test]
fn enter_on_a_next_milestone_goes_to_it_in_the_main_screen() {
    let mut harness = four_months_in();
    harness.press("p Down Down");
    let Mode::Progress(journey) = &harness.app.mode else {
        panic!("the progress view is open");
    };
    assert_eq!(journey.selected, 2);
    harness.press("Enter");
    assert!(matches!(harness.app.mode, Mode::Browse));
    assert_eq!(harness.app.focus, Pane::Milestones);
    let topic = harness.app.current_topic().expect("a topic").id.clone();
    let milestone = harness.app.current_topic().expect("a topic").milestones[harness.app.milestone]
        .id
        .clone();
    // Done: http/methods, status, headers, tls and sql/select, joins; the
    // third one open is rest/resources... counted from the Next list.
    let next = harness
        .app
        .journey_summary(&start().to_zoned(TimeZone::UTC))
        .next[2]
        .address
        .clone();
    assert_eq!(Address::new(&topic, &milestone), next);
}

#[test]
fn esc_closes_the_view_and_p_opens_it_again() {
    let mut harness = Harness::new();
    harness.press("p");
    assert!(matches!(harness.app.mode, Mode::Progress(_)));
    harness.press("Esc");
    assert!(matches!(harness.app.mode, Mode::Browse));
    harness.press("p p");
    assert!(matches!(harness.app.mode, Mode::Browse), "p also closes");
}

#[test]
fn a_click_on_the_overall_gauge_opens_the_view() {
    let mut harness = Harness::new();
    harness.render(120, 40);
    harness.app.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 30,
        row: 1,
        modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
    });
    assert!(matches!(harness.app.mode, Mode::Progress(_)));
}
