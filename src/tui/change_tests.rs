//! What the view's changes leave behind: the progress it shows against what
//! the store reads afterwards, the time writes carry, and what the footer
//! says about undos, notes from `$EDITOR` and reloads.

use rusqlite::Connection;

use super::app::{ExternalEdit, Tone};
use super::fixture::{Harness, start};
use crate::roadmap::Address;
use crate::store::{State, Store};

fn status(harness: &Harness) -> (Tone, String) {
    let status = harness.app.status.as_ref().expect("a footer message");
    (status.tone, status.text.clone())
}

/// The progress on screen is what a fresh load of the database reads,
/// activity (first, last, standing ticks) included.
fn assert_shown_is_stored(harness: &Harness, after: &str) {
    assert_eq!(harness.app.progress, harness.stored(), "after {after}");
}

#[test]
fn the_progress_shown_is_what_the_store_reads_after_every_kind_of_change() {
    let mut harness = Harness::new();
    let steps = [
        "Tab Tab Space",
        "j Space",
        "j s",
        "k Space",
        "n",
        "Esc",
        "u",
        "u",
        "Space",
        "u",
        "u",
        "u",
    ];
    for keys in steps {
        harness.wait(60).press(keys);
        if keys == "n" {
            harness.type_text("Read RFC 9110");
            continue;
        }
        assert_shown_is_stored(&harness, keys);
    }
    let activity = &harness.app.progress.activity;
    assert_eq!(activity.ticks.len(), 1, "ticks that were undone are gone");
    assert_eq!(activity.last, Some(harness.now()));
}

#[test]
fn writes_are_stamped_with_the_time_of_the_clock_the_app_was_given() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space");
    let stored = harness.stored();
    let address = Address::new("http", "methods");
    assert_eq!(stored.states[&address].changed_at, start());
    let ticks: Vec<_> = stored.activity.ticks.iter().map(|tick| tick.at).collect();
    assert_eq!(ticks, [start()]);
    harness.wait(3600).press("u");
    let history = harness.stored_history();
    assert_eq!(history[0].at, harness.now(), "the undo, an hour later");
}

#[test]
fn ticking_what_another_trek_ticked_meanwhile_shows_it_ticked_and_writes_nothing() {
    let mut harness = Harness::new();
    let mut other = Store::open(&harness.path).expect("second connection");
    let methods = [(Address::new("http", "methods"), State::Done)];
    other
        .set_states("fixture", &methods, harness.now())
        .expect("trek check in another shell");
    harness.press("Tab Tab Space");
    assert_eq!(harness.shown_state("http/methods"), State::Done);
    assert_eq!(harness.stored_history().len(), 1, "only the other trek's");
    assert!(harness.render(120, 40).contains("▸ [x] Explain GET"));
}

#[test]
fn undoing_a_command_that_changed_several_milestones_says_how_many() {
    let mut harness = Harness::new();
    let mut other = Store::open(&harness.path).expect("second connection");
    let both = [
        (Address::new("sql", "select"), State::Done),
        (Address::new("sql", "joins"), State::Done),
    ];
    other
        .set_states("fixture", &both, harness.now())
        .expect("trek check in another shell");
    harness.app.poll_store();
    harness.wait(1).press("u");
    assert_eq!(status(&harness), (Tone::Info, "Undone: 2 changes".into()));
    assert_eq!(harness.shown_state("sql/select"), State::Todo);
    assert_eq!(harness.shown_state("sql/joins"), State::Todo);
}

#[test]
fn a_note_back_from_the_external_editor_unchanged_writes_nothing() {
    let mut harness = Harness::new();
    harness.press("n").type_text("Read RFC 9110").press("Esc E");
    let edit = harness.app.take_external_edit().expect("an editor request");
    assert_eq!(
        edit,
        ExternalEdit {
            topic: 0,
            text: "Read RFC 9110".into()
        }
    );
    harness
        .app
        .finish_external_edit(edit, Ok(Some("Read RFC 9110".into())));
    assert_eq!(status(&harness), (Tone::Info, "Note unchanged".into()));
    assert_eq!(harness.stored_history().len(), 1, "only the first save");
}

#[test]
fn a_failed_reload_is_said_without_drowning_other_messages_and_mends_itself() {
    let mut harness = Harness::new();
    let sabotage = Connection::open(&harness.path).expect("second connection");
    sabotage
        .execute_batch("ALTER TABLE states RENAME TO states_away")
        .expect("a table trek cannot find");
    harness.app.poll_store();
    let (tone, text) = status(&harness);
    assert_eq!(tone, Tone::Error);
    assert!(text.starts_with("Cannot reload progress: "), "{text}");
    assert!(text.contains("states"), "{text}");

    harness.press("u");
    harness.app.poll_store();
    assert_eq!(
        status(&harness),
        (Tone::Info, "Nothing to undo".into()),
        "not said again on every tick"
    );
    let shown = std::time::Instant::now();
    harness.app.fade_status(shown);
    assert!(
        harness
            .app
            .fade_status(shown + std::time::Duration::from_secs(60))
    );
    harness.app.poll_store();
    assert!(harness.app.status.is_none(), "not said again once faded");

    sabotage
        .execute_batch(
            "ALTER TABLE states_away RENAME TO states;
             INSERT INTO states (roadmap, address, state, changed_at)
             VALUES ('fixture', 'sql/joins', 'done', 0);",
        )
        .expect("mended, and a tick from elsewhere");
    harness.app.poll_store();
    assert_eq!(harness.shown_state("sql/joins"), State::Done);
}

#[test]
fn saving_the_very_note_another_trek_saved_meanwhile_shows_it() {
    let mut harness = Harness::new();
    harness.press("n").type_text("Read RFC 9110");
    let mut other = Store::open(&harness.path).expect("second connection");
    other
        .set_note("fixture", "http", Some("Read RFC 9110"), harness.now())
        .expect("trek note in another shell");
    harness.press("Esc");
    assert_eq!(status(&harness), (Tone::Success, "Note saved".into()));
    assert_eq!(harness.app.progress.notes["http"].text, "Read RFC 9110");
    assert_shown_is_stored(&harness, "the same note twice");
}

#[test]
fn a_read_only_database_is_shown_as_such_and_keeps_every_change_unsaid() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space");
    let ticked = harness.stored();
    harness.restart_read_only();
    let screen = harness.render(120, 40);
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("read-only · 1/"), "{header}");
    harness.press("Tab Tab Space");
    let (tone, text) = status(&harness);
    assert_eq!(tone, Tone::Error);
    assert!(text.starts_with("Not saved: "), "{text}");
    assert!(text.contains("read-only"), "{text}");
    assert_eq!(harness.stored(), ticked, "nothing written");
    assert_eq!(harness.app.progress, ticked, "nothing shown as saved");
}
