//! Status and export on a fixed roadmap, fixed progress and a fixed clock.

use insta::assert_snapshot;
use jiff::{Timestamp, Zoned};
use proptest::prelude::*;

use super::{Look, ReviewJson, markdown, status, status_json, status_phase, status_short};
use crate::progress::summarize;
use crate::review::{Queue, Settings};
use crate::roadmap::{Address, Roadmap, parse};
use crate::store::{Progress, State, Store};
use crate::text::width;

const ROADMAP: &str = r#"
id = "demo"
title = "Demo trek"
summary = "A small roadmap."
estimate = "4 weeks"

[[phases]]
id = "basics"
title = "Basics"
weeks = [1, 2]
summary = "First steps."

[[phases.topics]]
id = "lang"
title = "Pick a language"
summary = "One is enough."
body = "Choose."
required = 1
milestones = [
  { id = "go", text = "Choose Go" },
  { id = "rust", text = "Choose Rust" },
]

[[phases.topics]]
id = "http"
title = "HTTP <basics> & more"
summary = "The protocol."
body = "Requests."
milestones = [
  { id = "methods", text = "Send a request with each method" },
  { id = "status", text = "Return the right status codes" },
  { id = "cors", text = "Allow one origin with CORS" },
  { id = "http3", text = "Try HTTP/3", optional = true },
]

[[phases]]
id = "data"
title = "Data"
weeks = [3, 4]
summary = "Storage."

[[phases.topics]]
id = "sql"
title = "SQL"
summary = "Relational data."
body = "Tables."
milestones = [
  { id = "schema", text = "Design a schema" },
  { id = "joins", text = "Write a query with a JOIN" },
]

[finale]
title = "Done"
body = "Well done."
next = ["Keep going"]
"#;

fn roadmap() -> Roadmap {
    parse("demo.toml", ROADMAP.as_bytes()).expect("fixture roadmap")
}

fn now() -> Zoned {
    "2026-11-21T12:00:00Z[UTC]".parse().expect("fixed clock")
}

fn at(text: &str) -> Timestamp {
    text.parse().expect("timestamp")
}

/// Ten days of work: a language chosen, HTTP half done, one skip, a note,
/// an undone tick, and progress on a topic that left the roadmap.
fn progress(note: Option<&str>) -> Progress {
    let mut store = Store::open_in_memory();
    let mut set = |address: &str, state, when: &str| {
        let address = Address::parse(address).expect("address");
        store
            .set_states("demo", &[(address, state)], at(when))
            .expect("write");
    };
    set("lang/rust", State::Done, "2026-11-11T09:00:00Z");
    set("http/methods", State::Done, "2026-11-19T09:00:00Z");
    set("http/cors", State::Skipped, "2026-11-20T09:00:00Z");
    set("http/status", State::Done, "2026-11-21T08:00:00Z");
    set("gone/away", State::Done, "2026-11-21T08:30:00Z");
    set("sql/schema", State::Done, "2026-11-21T09:00:00Z");
    store
        .undo("demo", at("2026-11-21T09:05:00Z"))
        .expect("undo");
    if let Some(note) = note {
        store
            .set_note("demo", "http", Some(note), at("2026-11-21T10:00:00Z"))
            .expect("note");
    }
    store.load("demo").expect("load")
}

/// The review queue of `progress` at [`now`], with default settings.
fn queue<'r>(roadmap: &'r Roadmap, progress: &Progress) -> Queue<'r> {
    Queue::build(roadmap, progress, &now(), Settings::default())
}

#[test]
fn status_overview() {
    let (roadmap, progress) = (roadmap(), progress(None));
    let summary = summarize(&roadmap, &progress, &now());
    assert_snapshot!(status(&summary, &now(), Look::PLAIN));
}

#[test]
fn status_in_ascii_with_colour() {
    let (roadmap, progress) = (roadmap(), progress(None));
    let summary = summarize(&roadmap, &progress, &now());
    let look = Look {
        color: true,
        unicode: false,
        columns: None,
    };
    let text = status(&summary, &now(), look);
    assert!(text.is_ascii(), "{text}");
    assert!(text.contains("\u{1b}[1mDemo trek\u{1b}[0m"), "{text}");
}

#[test]
fn on_a_narrow_terminal_long_next_milestones_are_cut_to_fit() {
    let (roadmap, progress) = (roadmap(), progress(None));
    let summary = summarize(&roadmap, &progress, &now());
    let look = Look {
        columns: Some(24),
        ..Look::PLAIN
    };
    let text = status(&summary, &now(), look);
    let next: Vec<&str> = text
        .lines()
        .skip_while(|line| *line != "Next")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect();
    assert_eq!(
        next,
        ["  sql/schema  Design a …", "  sql/joins   Write a q…"]
    );
    let whole = status(&summary, &now(), Look::PLAIN);
    assert!(whole.contains("Write a query with a JOIN"), "{whole}");
}

#[test]
fn on_a_narrow_terminal_phase_bars_narrow_so_each_phase_keeps_one_line() {
    let (roadmap, progress) = (roadmap(), progress(None));
    let summary = summarize(&roadmap, &progress, &now());
    let phase_lines = |look: Look| -> Vec<String> {
        let text = status(&summary, &now(), look);
        let lines = text.lines().filter(|line| line.contains("weeks "));
        lines.map(str::to_owned).collect()
    };
    let wide = phase_lines(Look::PLAIN);
    let narrow = phase_lines(Look {
        columns: Some(48),
        ..Look::PLAIN
    });
    assert!(wide.iter().all(|line| width(line) > 48), "{wide:?}");
    assert!(narrow.iter().all(|line| width(line) <= 48), "{narrow:?}");
    assert!(narrow[0].contains("100.0%  3/3"), "{narrow:?}");
}

#[test]
fn status_short_line() {
    let (roadmap, progress) = (roadmap(), progress(None));
    let summary = summarize(&roadmap, &progress, &now());
    assert_snapshot!(status_short(&summary), @"demo 60.0% (3/5) 1d streak\n");
}

#[test]
fn status_of_one_phase() {
    let (roadmap, progress) = (roadmap(), progress(None));
    let summary = summarize(&roadmap, &progress, &now());
    assert_snapshot!(status_phase(&summary.phases[0], Look::PLAIN));
}

#[test]
fn status_as_json() {
    let (roadmap, progress) = (roadmap(), progress(None));
    let summary = summarize(&roadmap, &progress, &now());
    let queue = queue(&roadmap, &progress);
    assert_snapshot!(status_json(&summary, None, ReviewJson::new(&queue)));
}

#[test]
fn markdown_export() {
    let (roadmap, progress) = (
        roadmap(),
        progress(Some(
            "Read RFC 9110.\n\n# My heading\n- [x] fake\n```\n<script>",
        )),
    );
    let summary = summarize(&roadmap, &progress, &now());
    let queue = queue(&roadmap, &progress);
    assert_snapshot!(markdown(&summary, &progress, &queue, None, &now()));
}

/// Headings and task-list items a CommonMark parser finds in `document`.
fn structure(document: &str) -> (usize, usize, usize) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut headings = 0;
    let mut tasks = 0;
    let mut html = 0;
    for event in Parser::new_ext(
        document,
        Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::TaskListMarker(_) => tasks += 1,
            Event::Html(_) | Event::InlineHtml(_) => html += 1,
            _ => {}
        }
    }
    (headings, tasks, html)
}

proptest! {
    #[test]
    fn no_note_can_add_a_heading_a_task_or_html_to_the_export(
        note in prop_oneof![
            any::<String>(),
            proptest::collection::vec(
                prop_oneof![
                    Just("# heading".to_owned()),
                    Just("- [x] fake".to_owned()),
                    Just("```".to_owned()),
                    Just("````".to_owned()),
                    Just("~~~".to_owned()),
                    Just("<div>".to_owned()),
                    Just("===".to_owned()),
                    Just("    indented".to_owned()),
                    "[ `#>*\\-\\[\\]x<a-z]{0,12}",
                ],
                0..8,
            )
            .prop_map(|lines| lines.join("\n")),
        ]
    ) {
        let roadmap = roadmap();
        let without = progress(None);
        let with = progress(Some(&note));
        let (plain_queue, noted_queue) = (queue(&roadmap, &without), queue(&roadmap, &with));
        let plain = markdown(&summarize(&roadmap, &without, &now()), &without, &plain_queue, None, &now());
        let noted = markdown(&summarize(&roadmap, &with, &now()), &with, &noted_queue, None, &now());
        prop_assert_eq!(structure(&noted), structure(&plain), "{}", noted);
    }
}
