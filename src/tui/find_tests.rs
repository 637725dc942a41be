//! Finding what is left in the view, where its parts meet: redo, and the
//! search with the filter on; driven by keys, with the database read after
//! each step.

use super::app::Tone;
use super::fixture::Harness;
use crate::store::State;

fn status(harness: &Harness) -> (Tone, String) {
    let status = harness.app.status.as_ref().expect("a footer message");
    (status.tone, status.text.clone())
}

#[test]
fn shift_u_and_control_r_redo_what_u_undid_and_a_new_tick_ends_the_chain() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space j Space u u");
    assert_eq!(harness.stored_state("http/methods"), State::Todo);
    harness.press("U");
    assert_eq!(harness.stored_state("http/methods"), State::Done);
    assert_eq!(harness.shown_state("http/methods"), State::Done);
    assert_eq!(harness.stored_state("http/status"), State::Todo);
    assert_eq!(
        status(&harness),
        (Tone::Info, "Redone: http/methods done again".into())
    );
    assert_eq!(harness.app.milestone, 0, "the cursor goes to the change");
    harness.press("C-r");
    assert_eq!(harness.stored_state("http/status"), State::Done);
    assert_eq!(harness.shown_state("http/status"), State::Done);
    harness.press("U");
    assert_eq!(status(&harness), (Tone::Info, "Nothing to redo".into()));

    harness.press("u j Space");
    assert_eq!(harness.stored_state("http/http3"), State::Done);
    harness.press("U");
    assert_eq!(status(&harness), (Tone::Info, "Nothing to redo".into()));
    assert_eq!(
        harness.stored_state("http/status"),
        State::Todo,
        "stays undone"
    );
    assert_eq!(
        harness.stored(),
        harness.app.progress,
        "screen and database agree"
    );
}

#[test]
fn a_search_match_the_filter_hides_turns_the_filter_off_and_is_shown() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space f");
    assert!(harness.app.only_left);
    harness.press("/").type_text("explain get").press("Enter");
    assert!(!harness.app.only_left, "the done milestone is shown");
    assert_eq!(
        (harness.app.phase, harness.app.topic, harness.app.milestone),
        (0, 0, 0)
    );
    harness.press("f / j o i n Enter");
    assert!(harness.app.only_left, "joins is left: the filter stays on");
    assert_eq!(
        (harness.app.phase, harness.app.topic, harness.app.milestone),
        (1, 0, 1)
    );
}
