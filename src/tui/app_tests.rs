//! The view driven by keys and clicks, without a terminal: what the learner
//! would see, and what the database holds afterwards.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use rusqlite::Connection;

use super::action::Pane;
use super::app::{ExternalEdit, Mode, Tone};
use super::fixture::{self, Harness, key};
use crate::progress::{Counts, phase_summaries};
use crate::report::{self, Look};
use crate::roadmap::{Address, RoadmapSource, load, parse};
use crate::store::{State, Store};

fn status(harness: &Harness) -> (Tone, String) {
    let status = harness.app.status.as_ref().expect("a footer message");
    (status.tone, status.text.clone())
}

fn selection(harness: &Harness) -> (Pane, usize, usize, usize) {
    let app = &harness.app;
    (app.focus, app.phase, app.topic, app.milestone)
}

#[test]
fn tab_tab_space_ticks_the_first_milestone_of_the_first_topic() {
    let mut harness = Harness::new();
    harness.press("Tab Tab");
    assert_eq!(selection(&harness), (Pane::Milestones, 0, 0, 0));
    harness.press("Space");
    assert_eq!(harness.stored_state("http/methods"), State::Done);
    assert_eq!(harness.shown_state("http/methods"), State::Done);
    assert!(harness.render(120, 40).contains("▸ [x] Explain GET"));
    assert!(harness.render(120, 40).contains("1/2"), "the topic's count");
}

#[test]
fn space_again_unticks_and_s_skips_then_unskips() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space Space");
    assert_eq!(harness.stored_state("http/methods"), State::Todo);
    harness.press("j s");
    assert_eq!(harness.stored_state("http/status"), State::Skipped);
    assert!(
        harness
            .render(120, 40)
            .contains("▸ [-] Pick the right status")
    );
    harness.press("x");
    assert_eq!(
        harness.stored_state("http/status"),
        State::Done,
        "x ticks a skipped one"
    );
    harness.press("s s");
    assert_eq!(harness.stored_state("http/status"), State::Todo);
}

#[test]
fn u_undoes_group_by_group_like_trek_undo() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space j Space");
    harness.press("u");
    assert_eq!(harness.stored_state("http/status"), State::Todo);
    assert_eq!(harness.shown_state("http/status"), State::Todo);
    assert_eq!(harness.stored_state("http/methods"), State::Done);
    assert_eq!(
        status(&harness),
        (Tone::Info, "Undone: http/status back to todo".into())
    );
    harness.press("u");
    assert_eq!(harness.shown_state("http/methods"), State::Todo);
    assert_eq!(harness.stored_state("http/methods"), State::Todo);
    harness.press("u");
    assert_eq!(status(&harness), (Tone::Info, "Nothing to undo".into()));
}

#[test]
fn undo_reverts_a_change_made_by_another_trek_and_shows_where() {
    let mut harness = Harness::new();
    let mut other = Store::open(&harness.path).expect("second connection");
    let address = Address::new("sql", "joins");
    other
        .set_states("fixture", &[(address, State::Done)], harness.now())
        .expect("trek check");
    harness.app.poll_store();
    harness.press("u");
    assert_eq!(harness.stored_state("sql/joins"), State::Todo);
    assert_eq!(harness.shown_state("sql/joins"), State::Todo);
    assert_eq!(
        (harness.app.phase, harness.app.topic, harness.app.milestone),
        (1, 0, 1)
    );
}

#[test]
fn a_failed_write_keeps_the_screen_as_it_was_and_says_why() {
    let mut harness = Harness::new();
    let sabotage = Connection::open(&harness.path).expect("second connection");
    sabotage
        .execute_batch(
            "CREATE TRIGGER full BEFORE INSERT ON states
             BEGIN SELECT RAISE(ABORT, 'disk is full'); END;",
        )
        .expect("trigger");
    harness.press("Tab Tab Space");
    assert_eq!(harness.shown_state("http/methods"), State::Todo);
    assert_eq!(harness.stored_state("http/methods"), State::Todo);
    let (tone, text) = status(&harness);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("disk is full"), "{text}");
    let screen = harness.render(120, 40);
    assert!(screen.contains("✗ Not saved:"), "{screen}");
    assert!(screen.contains("▸ [ ] Explain GET"), "{screen}");
}

#[test]
fn search_jumps_to_the_chosen_match_in_any_phase() {
    let mut harness = Harness::new();
    harness.press("/").type_text("JOIN");
    assert!(
        harness
            .render(120, 40)
            .contains("milestone SQL › Join two tables.")
    );
    harness.press("Enter");
    assert_eq!(selection(&harness), (Pane::Milestones, 1, 0, 1));
    harness.press("Space");
    assert_eq!(harness.stored_state("sql/joins"), State::Done);

    harness.press("/").type_text("e").press("Down Down Esc");
    assert_eq!(
        selection(&harness),
        (Pane::Milestones, 1, 0, 1),
        "Esc cancels"
    );
    assert!(matches!(harness.app.mode, Mode::Browse));
}

#[test]
fn search_typing_is_text_not_commands() {
    let mut harness = Harness::new();
    harness.press("/").type_text("qu").press("Backspace");
    let Mode::Search(search) = &harness.app.mode else {
        panic!("search stays open");
    };
    assert_eq!(search.query(), "q");
    assert!(!harness.app.should_quit());
    harness.press("C-c");
    assert!(harness.app.should_quit());
}

#[test]
fn a_note_typed_in_place_is_saved_on_esc_and_undone_by_u() {
    let mut harness = Harness::new();
    harness
        .press("Tab n")
        .type_text("Read RFC 9110")
        .press("Enter");
    harness.type_text("then write a server");
    assert!(
        harness.stored().notes.is_empty(),
        "nothing saved while typing"
    );
    harness.press("Esc");
    let stored = harness.stored().notes["http"].text.clone();
    assert_eq!(stored, "Read RFC 9110\nthen write a server");
    assert_eq!(status(&harness), (Tone::Success, "Note saved".into()));
    assert!(harness.render(120, 40).contains("Read RFC 9110"));
    harness.press("u");
    assert!(harness.stored().notes.is_empty());
    assert!(!harness.render(120, 40).contains("Read RFC 9110"));
}

#[test]
fn an_unchanged_note_writes_nothing_and_an_emptied_one_is_cleared() {
    let mut harness = Harness::new();
    harness.press("n Esc");
    assert!(harness.stored_history().is_empty());
    assert_eq!(status(&harness), (Tone::Info, "Note unchanged".into()));
    harness
        .press("n")
        .type_text("x")
        .press("Esc n Backspace Esc");
    assert!(harness.stored().notes.is_empty());
    assert_eq!(status(&harness), (Tone::Success, "Note cleared".into()));
}

#[test]
fn control_c_in_the_note_editor_saves_the_draft_before_quitting() {
    let mut harness = Harness::new();
    harness.press("n").type_text("keep me").press("C-c");
    assert!(harness.app.should_quit());
    assert_eq!(harness.stored().notes["http"].text, "keep me");
}

#[test]
fn space_after_paging_the_cursor_out_of_sight_brings_it_back_before_ticking() {
    let mut harness = Harness::new();
    harness.press("Tab Tab");
    harness.render(120, 12);
    harness.press("PgDn PgDn");
    let screen = harness.render(120, 12);
    assert!(!screen.contains("[ ] Explain GET"), "{screen}");
    harness.press("Space");
    assert_eq!(harness.stored_state("http/methods"), State::Todo);
    assert_eq!(status(&harness).0, Tone::Info);
    let screen = harness.render(120, 12);
    assert!(screen.contains("[ ] Explain GET"), "{screen}");
    harness.press("Space");
    assert_eq!(harness.stored_state("http/methods"), State::Done);
}

#[test]
fn saving_over_a_note_another_trek_changed_meanwhile_says_so_and_u_restores_it() {
    let mut harness = Harness::new();
    harness.press("n").type_text("mine");
    let mut other = Store::open(&harness.path).expect("second connection");
    other
        .set_note("fixture", "http", Some("theirs"), harness.now())
        .expect("trek note in another shell");
    harness.wait(1).press("Esc");
    assert_eq!(harness.stored().notes["http"].text, "mine");
    let (tone, message) = status(&harness);
    assert_eq!(tone, Tone::Error);
    assert!(
        message.contains("over a newer one from another trek"),
        "{message}"
    );
    harness.press("u");
    assert_eq!(harness.stored().notes["http"].text, "theirs");

    harness.press("n").type_text(" too").press("Esc");
    assert_eq!(status(&harness), (Tone::Success, "Note saved".into()));
}

#[test]
fn coming_back_opens_where_the_learner_left_off() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space j Space");
    harness.restart();
    let topic = harness.app.current_topic().map(|topic| topic.id.clone());
    assert_eq!(topic.as_deref(), Some("language"));
    harness.press("Tab Tab Space");
    assert_eq!(harness.stored_state("language/go"), State::Done);

    let mut other = Store::open(&harness.path).expect("second connection");
    let select = [(Address::new("sql", "select"), State::Done)];
    other
        .set_states("fixture", &select, harness.now())
        .expect("trek check");
    harness.restart();
    let topic = harness.app.current_topic().map(|topic| topic.id.clone());
    assert_eq!(topic.as_deref(), Some("sql"), "in the next phase");
    harness.press("Tab Tab Space");
    assert_eq!(
        harness.stored_state("sql/joins"),
        State::Done,
        "at the first milestone to do"
    );
}

#[test]
fn a_fresh_start_passes_over_an_optional_milestone_to_the_first_one_asked_for() {
    let optional =
        "  { id = \"http3\", text = \"Read how HTTP/3 runs over QUIC.\", optional = true },\n";
    let toml = fixture::ROADMAP.replace(optional, "").replace(
        "milestones = [\n  { id = \"methods\"",
        &format!("milestones = [\n{optional}  {{ id = \"methods\""),
    );
    let roadmap = parse("optional-first.toml", toml.as_bytes()).expect("valid");
    assert!(roadmap.phases[0].topics[0].milestones[0].optional);
    let mut harness = Harness::with(roadmap);
    harness.press("Tab Tab Space");
    assert_eq!(harness.stored_state("http/methods"), State::Done);
    assert_eq!(harness.stored_state("http/http3"), State::Todo);
}

#[test]
fn a_key_acts_when_pressed_and_not_again_when_released() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space");
    let mut release = key("Space");
    release.kind = KeyEventKind::Release;
    harness.app.handle_key(release);
    assert_eq!(harness.stored_state("http/methods"), State::Done);
    assert_eq!(harness.stored_history().len(), 1);
}

#[test]
fn home_in_the_detail_pane_goes_back_to_the_top_of_the_text() {
    let mut harness = Harness::new();
    harness.press("Tab Tab");
    let summary = "How a request travels";
    assert!(harness.render(120, 12).contains(summary));
    harness.press("PgDn PgDn");
    assert!(!harness.render(120, 12).contains(summary));
    harness.press("Home");
    let screen = harness.render(120, 12);
    assert!(screen.contains(summary), "{screen}");
    assert!(screen.contains("▸ [ ] Explain GET"), "{screen}");
}

#[test]
fn a_signal_to_stop_saves_the_draft_like_control_c() {
    let mut harness = Harness::new();
    harness.press("n").type_text("typed when the window closed");
    harness.app.stop();
    assert!(harness.app.should_quit());
    let stored = harness.stored().notes["http"].text.clone();
    assert_eq!(stored, "typed when the window closed");
}

#[test]
fn a_note_from_the_external_editor_is_saved_if_changed_and_not_empty() {
    let mut harness = Harness::new();
    harness.press("E");
    let edit = harness.app.take_external_edit().expect("an editor request");
    assert_eq!(
        edit,
        ExternalEdit {
            topic: 0,
            text: String::new()
        }
    );
    harness
        .app
        .finish_external_edit(edit.clone(), Ok(Some("from vim".into())));
    assert_eq!(harness.stored().notes["http"].text, "from vim");

    harness.app.finish_external_edit(edit.clone(), Ok(None));
    assert_eq!(
        harness.stored().notes["http"].text,
        "from vim",
        "empty is not saved"
    );
    harness
        .app
        .finish_external_edit(edit, Err("the editor `false` failed".into()));
    assert_eq!(status(&harness).0, Tone::Error);
}

#[test]
fn a_change_made_by_another_process_appears_after_a_tick() {
    let mut harness = Harness::new();
    harness.render(120, 40);
    let mut other = Store::open(&harness.path).expect("second connection");
    let targets = [
        (Address::new("sql", "select"), State::Done),
        (Address::new("sql", "joins"), State::Done),
    ];
    other
        .set_states("fixture", &targets, harness.now())
        .expect("trek check");
    assert_eq!(harness.shown_state("sql/select"), State::Todo);
    assert!(harness.app.poll_store(), "the run loop is told to redraw");
    assert_eq!(harness.shown_state("sql/select"), State::Done);
    assert!(!harness.app.poll_store(), "nothing new: nothing to draw");
    let screen = harness.render(120, 40);
    assert!(screen.contains("✓ Databases"), "{screen}");
    assert!(screen.contains("2/5 done"), "{screen}");
}

#[test]
fn finishing_a_topic_a_phase_and_the_trek_is_acknowledged() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space j Space");
    assert_eq!(
        status(&harness),
        (
            Tone::Success,
            "Topic complete: Web fundamentals & HTTP".into()
        )
    );
    harness.press("BackTab j Tab j Space");
    assert_eq!(
        status(&harness),
        (Tone::Success, "Phase complete: Foundations".into())
    );
    harness.press("Left Left j Tab Tab Space j s");
    assert!(matches!(harness.app.mode, Mode::Finale));
    let screen = harness.render(120, 40);
    assert!(screen.contains("Trek complete. What's next?"), "{screen}");
    assert!(screen.contains("• Teach someone else."), "{screen}");
    harness.press("Esc");
    assert!(matches!(harness.app.mode, Mode::Browse));
}

#[test]
fn arrows_and_vim_keys_move_and_change_panes() {
    let mut harness = Harness::new();
    harness.press("j");
    assert_eq!(selection(&harness), (Pane::Phases, 1, 0, 0));
    harness.press("k Enter j Enter");
    assert_eq!(selection(&harness), (Pane::Milestones, 0, 1, 0));
    harness.press("G");
    assert_eq!(selection(&harness), (Pane::Milestones, 0, 1, 2));
    harness.press("g h");
    assert_eq!(selection(&harness), (Pane::Topics, 0, 1, 0));
    harness.press("Home l Right Right");
    assert_eq!(
        selection(&harness),
        (Pane::Milestones, 0, 0, 0),
        "no wrap to the right"
    );
    harness.press("Tab");
    assert_eq!(harness.app.focus, Pane::Phases, "Tab wraps");
    harness.press("BackTab");
    assert_eq!(harness.app.focus, Pane::Milestones, "Shift-Tab wraps back");
    harness.press("Left Up End");
    assert_eq!(selection(&harness), (Pane::Topics, 0, 1, 0));
    harness.press("Left PgDn");
    assert_eq!(selection(&harness), (Pane::Phases, 1, 0, 0));
    harness.press("PgUp");
    assert_eq!(selection(&harness), (Pane::Phases, 0, 0, 0));
}

#[test]
fn help_opens_with_question_mark_and_closes_with_esc_or_question_mark() {
    let mut harness = Harness::new();
    harness.press("?");
    assert!(matches!(harness.app.mode, Mode::Help));
    harness.press("j q");
    assert!(matches!(harness.app.mode, Mode::Browse));
    assert!(!harness.app.should_quit(), "q closes the help first");
    harness.press("? ?");
    assert!(matches!(harness.app.mode, Mode::Browse));
    harness.press("q");
    assert!(harness.app.should_quit());
}

#[test]
fn the_help_lists_every_binding_of_the_key_map() {
    let mut harness = Harness::new();
    harness.press("?");
    let screen = harness.render(160, 50);
    for binding in super::keymap::BINDINGS {
        assert!(
            screen.contains(binding.description),
            "{}",
            binding.description
        );
        assert!(
            screen.contains(&super::keymap::labels(binding)),
            "{}",
            binding.description
        );
    }
}

fn click(harness: &mut Harness, kind: MouseEventKind, column: u16, row: u16) {
    harness.app.handle_mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    });
}

fn find(screen: &str, text: &str) -> (u16, u16) {
    screen
        .lines()
        .enumerate()
        .find_map(|(row, line)| {
            let byte = line.find(text)?;
            let column = line[..byte].chars().count();
            Some((column as u16, row as u16))
        })
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"))
}

#[test]
fn a_click_selects_in_any_pane_and_a_click_on_a_checkbox_toggles_it() {
    let mut harness = Harness::new();
    let left = MouseEventKind::Down(MouseButton::Left);
    let (x, y) = find(&harness.render(120, 40), "Databases");
    click(&mut harness, left, x, y);
    assert_eq!(selection(&harness), (Pane::Phases, 1, 0, 0));

    let (x, y) = find(&harness.render(120, 40), "Join two tables");
    click(&mut harness, left, x + 3, y);
    assert_eq!(selection(&harness), (Pane::Milestones, 1, 0, 1));
    assert_eq!(
        harness.stored_state("sql/joins"),
        State::Todo,
        "text selects only"
    );

    let (x, y) = find(&harness.render(120, 40), "[ ] Write SELECT");
    click(&mut harness, left, x + 1, y);
    assert_eq!(harness.stored_state("sql/select"), State::Done);
    assert!(harness.render(120, 40).contains("[x] Write SELECT"));

    click(&mut harness, left, 0, 0);
    assert_eq!(
        selection(&harness),
        (Pane::Milestones, 1, 0, 0),
        "header: nothing"
    );
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut harness = Harness::new();
    let before = harness.render(120, 16);
    let (x, y) = find(&before, "Explain GET");
    for _ in 0..2 {
        click(&mut harness, MouseEventKind::ScrollDown, x, y);
    }
    let after = harness.render(120, 16);
    assert!(!after.contains("Explain GET"), "{after}");
    assert!(
        after.contains("Web fundamentals & HTTP"),
        "other panes stay:\n{after}"
    );
    for _ in 0..2 {
        click(&mut harness, MouseEventKind::ScrollUp, x, y);
    }
    assert!(harness.render(120, 16).contains("Explain GET"));
}

#[test]
fn tabs_are_clickable_in_the_two_pane_layout() {
    let mut harness = Harness::new();
    let (x, y) = find(&harness.render(80, 24), "Databases");
    click(&mut harness, MouseEventKind::Down(MouseButton::Left), x, y);
    assert_eq!(harness.app.phase, 1);
}

#[test]
fn every_size_and_mode_draws_without_panicking() {
    let modes = ["", "Tab Tab", "?", "/ e", "n", "Tab Tab Space j Space"];
    for keys in modes {
        let mut harness = Harness::new();
        for word in keys.split_whitespace() {
            match word {
                "e" => harness.type_text("e"),
                key => harness.press(key),
            };
        }
        for (width, height) in [(0, 0), (0, 10), (10, 0), (1, 1), (29, 7), (30, 8), (45, 9)] {
            harness.render(width, height);
        }
        for width in (2..=140).step_by(7) {
            for height in (2..=45).step_by(5) {
                harness.render(width, height);
            }
        }
    }
}

#[test]
fn a_small_terminal_shows_one_pane_and_a_tiny_one_says_so() {
    let mut harness = Harness::new();
    let screen = harness.render(50, 16);
    assert!(
        screen.contains("Phases") && !screen.contains("Topics"),
        "{screen}"
    );
    harness.press("Tab");
    let screen = harness.render(50, 16);
    assert!(
        screen.contains("Topics") && !screen.contains(" Phases "),
        "{screen}"
    );
    assert!(harness.render(29, 10).contains("Terminal too small"));
    harness.render(50, 16);
    harness.press("BackTab n");
    let screen = harness.render(50, 16);
    assert!(
        screen.contains("┏ Note ") && !screen.contains(" Phases "),
        "{screen}"
    );
}

#[test]
fn control_characters_in_the_roadmap_and_notes_never_reach_the_screen() {
    let toml = super::fixture::ROADMAP
        .replace(
            "Web fundamentals & HTTP",
            "Web \\u001b[31mfundamentals\\u0007",
        )
        .replace("Join two tables.", "Join \\u009b2J two \\u202Etables.");
    let roadmap = parse("evil.toml", toml.as_bytes()).expect("escapes are valid TOML");
    let mut harness = Harness::with(roadmap);
    let mut other = Store::open(&harness.path).expect("second connection");
    let note = "ring \u{7}\u{1b}]0;title\u{7} \u{202e}";
    other
        .set_note("fixture", "sql", Some(note), harness.now())
        .expect("a hostile note");
    harness.app.poll_store();
    harness.press("j Tab Tab");
    for (width, height) in [(120, 40), (80, 24), (50, 16)] {
        let mut screens = vec![harness.render(width, height)];
        harness.press("/").type_text("t");
        screens.push(harness.render(width, height));
        harness.press("Esc n");
        screens.push(harness.render(width, height));
        harness.press("Esc BackTab BackTab k");
        screens.push(harness.render(width, height));
        harness.press("j Tab Tab");
        for screen in screens {
            assert!(
                matches!(crate::text::terminal_safe(&screen), Cow::Borrowed(_)),
                "{screen:?}"
            );
        }
    }
    assert!(
        harness.stored_history().len() == 1,
        "viewing and Esc wrote nothing"
    );
    let screen = harness.render(120, 40);
    assert!(
        screen.contains("ring \u{FFFD}\u{FFFD}]0;title\u{FFFD} \u{FFFD}"),
        "{screen}"
    );
}

#[test]
fn every_count_on_screen_is_the_count_status_prints() {
    let roadmap = load(&RoadmapSource::Bundled).expect("the bundled roadmap loads");
    let mut harness = Harness::with(roadmap);
    // A language picked (a choice point), a milestone done and one skipped.
    harness.press("Tab Tab Space Left j Tab Space j s");
    let screen = harness.render(120, 40);
    let progress = harness.stored();
    let phases = phase_summaries(&harness.app.roadmap, &progress);
    let status = report::status_phase(&phases[0], Look::PLAIN);
    for topic in &phases[0].topics {
        let fraction = format!("{}/{}", topic.counts.done, topic.counts.asked());
        let id = format!(" {} ", topic.topic.id);
        let status_line = status.lines().find(|line| line.contains(&id));
        assert!(
            status_line.is_some_and(|line| line.contains(&fraction)),
            "status says {fraction} for {id}:\n{status}"
        );
        let glyph = match (topic.counts.complete(), topic.counts.started()) {
            (true, _) => "✓",
            (false, true) => "◐",
            (false, false) => "○",
        };
        let title: String = topic.topic.title.chars().take(20).collect();
        let shown = format!("{glyph} {title}");
        let row = screen.lines().find(|line| line.contains(&shown));
        assert!(
            row.is_some_and(|row| row.contains(&format!("{fraction}│"))),
            "the topic row for {title} shows {glyph} {fraction}:\n{screen}"
        );
    }
    let phase_percent = report::percent(&phases[0].counts);
    assert!(status.contains(&phase_percent), "{status}");
    assert!(screen.contains(&format!("{phase_percent}│")), "{screen}");
    let overall: Counts = phases.iter().map(|phase| phase.counts).sum();
    assert!(screen.contains(&report::done_of(&overall)), "{screen}");
    assert!(screen.contains(", 1 skipped"), "the header counts the skip");
}

#[test]
fn enter_enter_enter_from_a_fresh_start_opens_and_ticks_nothing() {
    let mut harness = Harness::new();
    harness.render(120, 40);
    harness.press("Enter Enter Enter");
    assert_eq!(selection(&harness), (Pane::Milestones, 0, 0, 0));
    assert!(harness.stored_history().is_empty(), "nothing was written");
    assert_eq!(
        status(&harness),
        (
            Tone::Info,
            "Space or x ticks the milestone under the cursor, s skips it".into()
        )
    );
    harness.press("Enter Enter");
    assert!(harness.stored_history().is_empty());
}

#[test]
fn in_a_terminal_too_small_to_show_anything_only_quitting_works() {
    let mut harness = Harness::new();
    let screen = harness.render(20, 6);
    assert!(screen.contains("Terminal too small"), "{screen}");
    assert!(screen.contains("q quits"), "{screen}");
    harness.press("Tab Tab Space x s n / ? u");
    assert_eq!(selection(&harness), (Pane::Phases, 0, 0, 0));
    assert!(matches!(harness.app.mode, Mode::Browse));
    assert!(harness.stored_history().is_empty(), "nothing was written");
    harness.press("q");
    assert!(harness.app.should_quit());
}

#[test]
fn a_resize_back_to_a_usable_size_gives_the_keys_back() {
    let mut harness = Harness::new();
    harness.render(20, 6);
    harness.press("Tab");
    harness.render(120, 40);
    harness.press("Tab Tab Space");
    assert_eq!(harness.stored_state("http/methods"), State::Done);
}

#[test]
fn space_on_a_phase_or_topic_row_says_to_open_the_topic_and_ticks_nothing() {
    let mut harness = Harness::new();
    harness.render(120, 40);
    for keys in ["Space", "Tab x", "s"] {
        harness.press(keys);
        assert_eq!(
            status(&harness),
            (
                Tone::Info,
                "Open the topic (Enter) to tick a milestone".into()
            ),
            "after {keys}"
        );
    }
    assert!(harness.stored_history().is_empty(), "nothing was written");
}

#[test]
fn a_paste_on_the_main_screen_changes_nothing_and_says_so() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space");
    harness.render(120, 40);
    let before = selection(&harness);
    harness.app.handle_paste("just a quick note\rq");
    assert_eq!(selection(&harness), before);
    assert!(!harness.app.should_quit());
    assert_eq!(harness.stored_history().len(), 1, "only the tick");
    assert_eq!(harness.stored_state("http/methods"), State::Done);
    assert_eq!(
        status(&harness),
        (
            Tone::Info,
            "Paste ignored: paste into a note (n) or the search (/)".into()
        )
    );
}

#[test]
fn a_long_paste_into_the_note_editor_is_saved_whole() {
    let mut harness = Harness::new();
    harness.render(120, 40);
    let text = "x".repeat(100_000);
    harness.press("Tab Tab n");
    harness.app.handle_paste(&format!("{text}\rsecond line"));
    harness.press("Esc");
    let note = harness
        .stored()
        .notes
        .get("http")
        .map(|note| note.text.clone());
    assert_eq!(note, Some(format!("{text}\nsecond line")));
}

#[test]
fn a_paste_into_the_search_line_becomes_its_query() {
    let mut harness = Harness::new();
    harness.render(120, 40);
    harness.press("/");
    harness.app.handle_paste("status\r");
    let Mode::Search(search) = &harness.app.mode else {
        panic!("the search stays open");
    };
    assert_eq!(search.query(), "status");
    assert_eq!(search.total(), 1);
}

#[test]
fn a_message_fades_after_a_few_seconds_and_an_error_stays_longer() {
    let mut harness = Harness::new();
    harness.render(120, 40);
    let start = Instant::now();
    harness.press("u");
    assert!(!harness.app.fade_status(start), "first shown now");
    assert!(!harness.app.fade_status(start + Duration::from_secs(3)));
    assert!(harness.app.status.is_some());
    assert!(harness.app.fade_status(start + Duration::from_secs(4)));
    assert!(harness.app.status.is_none());
    assert!(!harness.app.fade_status(start + Duration::from_secs(5)));
    harness.app.tell(Tone::Error, "Not saved: disk full");
    harness.app.fade_status(start);
    assert!(!harness.app.fade_status(start + Duration::from_secs(7)));
    assert!(harness.app.fade_status(start + Duration::from_secs(8)));
}

#[test]
fn control_g_in_the_note_editor_throws_the_draft_away_and_esc_still_saves() {
    let mut harness = Harness::new();
    harness.press("Tab Tab n").type_text("kept");
    harness.press("Esc");
    harness.press("n").type_text(" and more");
    assert!(harness.render(120, 40).contains("Ctrl-G discard"));
    harness.press("C-g");
    assert!(matches!(harness.app.mode, Mode::Browse));
    assert_eq!(
        status(&harness),
        (Tone::Info, "Draft discarded; the note is as it was".into())
    );
    let stored = harness
        .stored()
        .notes
        .get("http")
        .map(|note| note.text.clone());
    assert_eq!(stored.as_deref(), Some("kept"));
    assert_eq!(harness.stored_history().len(), 1, "only the first save");
}

#[test]
fn typed_text_and_the_empty_editor_s_hint_start_in_the_same_column() {
    let mut harness = Harness::new();
    harness.press("Tab Tab n");
    let screen = harness.render(120, 40);
    let (hint_x, hint_y) = find(&screen, "Write your note here.");
    harness.type_text("typed");
    let screen = harness.render(120, 40);
    assert_eq!(find(&screen, "typed"), (hint_x, hint_y));
    let row: Vec<char> = screen
        .lines()
        .nth(usize::from(hint_y))
        .unwrap_or("")
        .chars()
        .collect();
    assert_eq!(
        row[usize::from(hint_x) - 1],
        ' ',
        "a space between border and text"
    );
}

#[test]
fn a_pane_scrolled_away_from_its_top_or_end_marks_that_side() {
    let roadmap = load(&RoadmapSource::Bundled).expect("the bundled roadmap loads");
    let mut harness = Harness::with(roadmap);
    harness.press("Tab");
    let top_border = |screen: &str| screen.lines().nth(2).unwrap_or("").to_owned();
    let bottom_border = |screen: &str| screen.lines().rev().nth(1).unwrap_or("").to_owned();
    // Five topics in three rows: the end is out of sight.
    let screen = harness.render(120, 8);
    assert!(bottom_border(&screen).contains(" ↓ ┛"), "{screen}");
    assert!(!top_border(&screen).contains(" ↑ ┓"), "{screen}");
    harness.press("G");
    let screen = harness.render(120, 8);
    assert!(top_border(&screen).contains(" ↑ ┓"), "{screen}");
    assert!(!bottom_border(&screen).contains(" ↓ ┛"), "{screen}");
    harness.press("Tab PgDn");
    let screen = harness.render(120, 8);
    assert!(top_border(&screen).contains("↑ more: PgUp"), "{screen}");
}

#[test]
fn z_gives_the_detail_pane_the_whole_width_so_long_code_and_urls_read_in_full() {
    let code = format!("let answer = compute({});", "argument, ".repeat(8));
    let toml = super::fixture::ROADMAP.replace("Host: example.com", &code);
    let roadmap = parse("long.toml", toml.as_bytes()).expect("valid TOML");
    let mut harness = Harness::with(roadmap);
    harness.press("Tab Tab G PgDn PgDn");
    let url = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview";
    let screen = harness.render(120, 40);
    assert!(
        !screen.contains(&code),
        "cut beside the other panes:\n{screen}"
    );
    assert!(
        screen.contains("  https://developer.mozilla.org/en-US/docs/Web/HT… "),
        "one line, cut:\n{screen}"
    );
    harness.press("z");
    let screen = harness.render(120, 40);
    assert!(!screen.contains(" Phases "), "{screen}");
    assert!(screen.contains(&code), "{screen}");
    assert!(screen.contains(url), "{screen}");
    harness.press("z");
    assert!(harness.render(120, 40).contains(" Phases "));
}

#[test]
fn o_opens_the_topic_s_resources_one_per_press_and_says_when_there_are_none() {
    let toml = super::fixture::ROADMAP.replace(
        "resources = [{ title = \"MDN: An overview of HTTP\", url = \"https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview\", kind = \"docs\" }]",
        "resources = [{ title = \"MDN\", url = \"https://developer.mozilla.org/\", kind = \"docs\" }, { title = \"RFC 9110\", url = \"https://www.rfc-editor.org/rfc/rfc9110\", kind = \"docs\" }]",
    );
    let roadmap = parse("two.toml", toml.as_bytes()).expect("valid TOML");
    let mut harness = Harness::with(roadmap);
    harness.press("Tab Tab o");
    assert_eq!(
        harness.app.take_link().as_deref(),
        Some("https://developer.mozilla.org/")
    );
    assert_eq!(
        status(&harness),
        (
            Tone::Info,
            "Opening MDN (1/2); again for the next; ↓ past the milestones picks one".into()
        )
    );
    harness.press("o");
    assert_eq!(
        harness.app.take_link().as_deref(),
        Some("https://www.rfc-editor.org/rfc/rfc9110")
    );
    harness.press("o");
    assert_eq!(
        harness.app.take_link().as_deref(),
        Some("https://developer.mozilla.org/")
    );
    harness.press("BackTab j o");
    assert_eq!(harness.app.take_link(), None);
    assert_eq!(
        status(&harness),
        (Tone::Info, "This topic lists no resources to open".into())
    );
}

#[test]
fn a_sync_s_news_shows_at_once_with_what_it_took_in() {
    let mut harness = Harness::new();
    let mut sync = Store::open(&harness.path).expect("the sync's own connection");
    let address = Address::new("sql", "joins");
    sync.set_states("fixture", &[(address, State::Done)], harness.now())
        .expect("a group taken in");
    harness
        .app
        .synced(Ok("synced: sent 0 groups, received 1".into()));
    assert_eq!(harness.shown_state("sql/joins"), State::Done);
    assert_eq!(
        status(&harness),
        (Tone::Success, "Synced: sent 0 groups, received 1".into())
    );
}

#[test]
fn a_sync_that_went_well_leaves_an_error_standing_and_one_that_failed_says_so() {
    let mut harness = Harness::new();
    harness.app.tell(Tone::Error, "Not saved: disk is full");
    harness
        .app
        .synced(Ok("synced: sent 0 groups, received 0".into()));
    assert_eq!(
        status(&harness),
        (Tone::Error, "Not saved: disk is full".into())
    );
    harness.app.synced(Err(
        "not synced (another sync is running); the next sync sends what waits".into(),
    ));
    assert_eq!(
        status(&harness),
        (
            Tone::Error,
            "Not synced (another sync is running); the next sync sends what waits".into()
        )
    );
}
