//! Reading the detail pane in full: long code lines panned sideways to
//! their end, and the resource under the cursor opened in the browser.

use insta::assert_snapshot;
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::style::Modifier;

use super::app::Tone;
use super::fixture::{self, Harness};
use crate::roadmap::parse;
use crate::store::State;

/// The fixture's code example has a line longer than the detail pane.
const LONG: &str = "let answer = compute(alpha, bravo, charlie, delta, echo, foxtrot, golf, hotel, india, juliet);";

fn long_code() -> Harness {
    let toml = fixture::ROADMAP.replace("Host: example.com", LONG);
    Harness::with(parse("long.toml", toml.as_bytes()).expect("valid TOML"))
}

/// A topic with two resources, so the cursor has two rows to land on.
fn two_resources() -> Harness {
    let toml = fixture::ROADMAP.replace(
        "resources = [{ title = \"MDN: An overview of HTTP\", url = \"https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview\", kind = \"docs\" }]",
        "resources = [{ title = \"MDN\", url = \"https://developer.mozilla.org/\", kind = \"docs\" }, { title = \"RFC 9110\", url = \"https://www.rfc-editor.org/rfc/rfc9110\", kind = \"docs\" }]",
    );
    Harness::with(parse("two.toml", toml.as_bytes()).expect("valid TOML"))
}

fn status(harness: &Harness) -> (Tone, String) {
    let status = harness.app.status.as_ref().expect("a footer message");
    (status.tone, status.text.clone())
}

/// The screen line that holds `text`.
fn line_with<'s>(screen: &'s str, text: &str) -> &'s str {
    screen
        .lines()
        .find(|line| line.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"))
}

#[test]
fn a_long_code_line_is_marked_where_it_is_cut_and_pans_to_its_tail() {
    let mut harness = long_code();
    harness.press("Tab Tab");
    let screen = harness.render(120, 40);
    let line = line_with(&screen, "│ let answer = compute(");
    assert!(line.contains("→ ┃"), "cut at the right edge: {line}");
    assert!(!screen.contains("juliet);"), "{screen}");
    assert!(
        screen.contains(" < > pan the code "),
        "the keys on the border:\n{screen}"
    );

    harness.press("> > > > > > > >");
    let screen = harness.render(120, 40);
    assert_snapshot!(screen);
    let line = line_with(&screen, "juliet);");
    assert!(line.contains("│ ←"), "cut at the left edge: {line}");
    assert!(!line.contains('→'), "nothing more to the right: {line}");
    assert!(
        line_with(&screen, "Explain GET").contains("[ ] Explain GET, POST"),
        "prose stays where it was:\n{screen}"
    );

    harness.press("H H H H H H H H H H H H");
    let screen = harness.render(120, 40);
    assert!(screen.contains("│ let answer = compute("), "{screen}");
}

#[test]
fn panning_starts_again_at_the_left_in_another_topic() {
    let mut harness = long_code();
    harness.press("Tab Tab L L L");
    harness.render(120, 40);
    harness.press("L");
    assert!(!harness.render(120, 40).contains("│ let answer"));
    harness.press("BackTab j k Tab");
    let screen = harness.render(120, 40);
    let line = line_with(&screen, "│ let answer = compute(");
    assert!(!line.contains('←'), "{line}");
}

#[test]
fn pan_keys_say_so_when_every_code_line_fits_and_left_still_changes_pane() {
    let mut harness = Harness::new();
    harness.press("Tab Tab");
    harness.render(120, 40);
    harness.press(">");
    assert_eq!(
        status(&harness),
        (
            Tone::Info,
            "Every code line here fits: nothing to pan".into()
        )
    );
    assert!(!harness.render(120, 40).contains("pan the code"));
    harness.press("Left");
    assert_eq!(harness.app.focus, super::action::Pane::Topics);
}

#[test]
fn shift_and_the_wheel_over_the_detail_pane_pan_its_code() {
    let mut harness = long_code();
    harness.press("Tab Tab");
    let screen = harness.render(120, 40);
    let (column, row) = screen
        .lines()
        .enumerate()
        .find_map(|(row, line)| {
            let at = line.find("│ let answer")?;
            Some((line[..at].chars().count() as u16, row as u16))
        })
        .expect("the code line on screen");
    let wheel = |kind, modifiers| MouseEvent {
        kind,
        column,
        row,
        modifiers,
    };
    for _ in 0..12 {
        harness
            .app
            .handle_mouse(wheel(MouseEventKind::ScrollDown, KeyModifiers::SHIFT));
    }
    let screen = harness.render(120, 40);
    assert!(screen.contains("juliet);"), "{screen}");
    assert!(
        screen.contains("[ ] Explain GET"),
        "the text did not scroll down:\n{screen}"
    );
    for _ in 0..12 {
        harness
            .app
            .handle_mouse(wheel(MouseEventKind::ScrollLeft, KeyModifiers::NONE));
    }
    assert!(harness.render(120, 40).contains("│ let answer"));
}

#[test]
fn the_cursor_goes_past_the_milestones_onto_the_resources() {
    let mut harness = two_resources();
    harness.press("Tab Tab j j j");
    assert_eq!(harness.app.resource, Some(0));
    let screen = harness.render(120, 40);
    assert_snapshot!(screen);
    assert!(screen.contains("▸ MDN (docs)"), "{screen}");
    assert!(!screen.contains("▸ [ ]"), "no milestone under the cursor");
    let buffer = harness.render_buffer(120, 40);
    let reversed = |text: &str| {
        let row = screen
            .lines()
            .position(|line| line.contains(text))
            .expect("on screen") as u16;
        (0..120).any(|x| {
            buffer[(x, row)]
                .style()
                .add_modifier
                .contains(Modifier::REVERSED)
        })
    };
    assert!(reversed("▸ MDN (docs)") && reversed("https://developer.mozilla.org/"));
    assert!(!reversed("RFC 9110 (docs)") && !reversed("Read how HTTP/3"));
    harness.press("j j j");
    assert_eq!(harness.app.resource, Some(1), "stops at the last");
    harness.press("g");
    assert_eq!((harness.app.resource, harness.app.milestone), (None, 0));
    harness.press("G");
    assert_eq!(harness.app.resource, Some(1));
    assert_eq!(harness.app.milestone, 2, "the milestones are behind it");
    harness.press("]");
    assert_eq!(
        (harness.app.topic, harness.app.resource),
        (1, None),
        "the next milestone left is after the resources"
    );
    harness.press("BackTab k Tab G k k");
    assert_eq!((harness.app.resource, harness.app.milestone), (None, 2));
    assert!(harness.render(120, 40).contains("▸ [ ] Read how HTTP/3"));
}

#[test]
fn o_and_enter_on_a_resource_row_open_that_resource() {
    let mut harness = two_resources();
    harness.press("Tab Tab G o");
    assert_eq!(
        harness.app.take_link().as_deref(),
        Some("https://www.rfc-editor.org/rfc/rfc9110")
    );
    assert_eq!(status(&harness), (Tone::Info, "Opening RFC 9110".into()));
    harness.press("o");
    assert_eq!(
        harness.app.take_link().as_deref(),
        Some("https://www.rfc-editor.org/rfc/rfc9110"),
        "the same one again, not the next"
    );
    harness.press("k Enter");
    assert_eq!(
        harness.app.take_link().as_deref(),
        Some("https://developer.mozilla.org/")
    );
    harness.press("k Enter");
    assert_eq!(
        harness.app.take_link(),
        None,
        "Enter on a milestone opens nothing"
    );
}

#[test]
fn space_x_and_s_on_a_resource_row_tick_nothing_and_say_so() {
    let mut harness = Harness::new();
    harness.press("Tab Tab j j j Space x s");
    assert_eq!(harness.app.resource, Some(0));
    assert_eq!(
        status(&harness),
        (
            Tone::Info,
            "A resource ticks nothing: o or Enter opens it".into()
        )
    );
    assert!(harness.stored_history().is_empty(), "nothing was written");
    assert_eq!(harness.stored_state("http/http3"), State::Todo);
    harness.press("k Space");
    assert_eq!(harness.stored_state("http/http3"), State::Done);
}

#[test]
fn a_topic_without_resources_keeps_the_cursor_on_its_milestones() {
    let mut harness = Harness::new();
    harness.press("Tab j Tab j j j j o");
    assert_eq!((harness.app.resource, harness.app.milestone), (None, 2));
    assert_eq!(harness.app.take_link(), None);
    assert_eq!(
        status(&harness),
        (Tone::Info, "This topic lists no resources to open".into())
    );
}

#[test]
fn the_help_lists_the_pan_keys_and_what_o_opens() {
    let mut harness = Harness::new();
    harness.press("? PgDn");
    let screen = harness.render(120, 40);
    assert!(
        screen.contains("< H            pan the code left"),
        "{screen}"
    );
    assert!(
        screen.contains("> L            pan the code right"),
        "{screen}"
    );
    assert!(
        screen.contains("open a resource row; never ticks"),
        "{screen}"
    );
}

#[test]
fn a_click_on_a_resource_puts_the_cursor_there_and_opens_nothing() {
    let mut harness = two_resources();
    let screen = harness.render(120, 40);
    let (column, row) = screen
        .lines()
        .enumerate()
        .find_map(|(row, line)| {
            let at = line.find("rfc-editor.org")?;
            Some((line[..at].chars().count() as u16, row as u16))
        })
        .expect("the link on screen");
    harness.app.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(harness.app.focus, super::action::Pane::Milestones);
    assert_eq!(harness.app.resource, Some(1));
    assert_eq!(harness.app.take_link(), None);
    assert!(harness.render(120, 40).contains("▸ RFC 9110 (docs)"));
    harness.press("Enter");
    assert_eq!(
        harness.app.take_link().as_deref(),
        Some("https://www.rfc-editor.org/rfc/rfc9110")
    );
}

#[test]
fn keys_pressed_before_a_frame_pan_as_far_as_the_next_frame_allows() {
    let mut harness = long_code();
    harness.press("Tab Tab > > > > > > > >");
    assert_eq!(harness.app.status, None);
    let screen = harness.render(120, 40);
    assert!(line_with(&screen, "juliet);").contains("│ ←"), "{screen}");
}

#[test]
fn the_footer_on_a_resource_row_offers_enter_to_open_and_no_tick() {
    let mut harness = Harness::new();
    harness.press("Tab Tab");
    let footer = |harness: &mut Harness| {
        let screen = harness.render(120, 40);
        screen.lines().last().unwrap_or_default().to_owned()
    };
    let on_milestone = footer(&mut harness);
    assert!(on_milestone.contains("Space toggle"), "{on_milestone}");
    assert!(!on_milestone.contains("Enter open"), "{on_milestone}");
    harness.press("j j j");
    assert_eq!(harness.app.resource, Some(0));
    let on_resource = footer(&mut harness);
    assert!(on_resource.contains("Enter open"), "{on_resource}");
    assert!(!on_resource.contains("toggle"), "{on_resource}");
    assert!(!on_resource.contains("skip"), "{on_resource}");
}
