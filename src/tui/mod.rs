//! The interactive view: phase, topic and detail panes.
//!
//! Module map: [`action`] lists everything a learner can do; [`keymap`] is
//! the one key table the handler, footer and help all read; [`App`] (in
//! `app`) holds the state and carries actions out, writing through the
//! store before it shows anything; [`tally`] caches counts; [`search`],
//! [`note`] and [`scroll`] hold the search line, the note editor and window
//! positions; [`layout`] places panes by terminal size and [`view`] draws
//! them, settling the windows and the regions that [`mouse`] resolves
//! clicks against. This file is the run loop: it owns the terminal
//! ([`terminal`]), reads events, ticks to notice other trek processes'
//! changes, stops on SIGTERM or SIGHUP ([`signals`]), and suspends itself
//! to run `$EDITOR` ([`crate::editor`]).

mod action;
mod app;
mod keymap;
mod layout;
mod mouse;
mod note;
mod scroll;
mod search;
mod signals;
mod tally;
mod terminal;
mod view;

#[cfg(test)]
mod app_tests;
#[cfg(test)]
mod change_tests;
#[cfg(test)]
mod fixture;
#[cfg(test)]
mod view_tests;

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{self, Event};
use ratatui::style::Color;

use crate::context::Context;
use crate::failure::Failure;

pub use app::App;

use action::Action;
use app::ExternalEdit;
use keymap::Scope;
use signals::Watch;
use terminal::Session;

/// How long the loop waits for input before checking signals and the store.
const TICK: Duration = Duration::from_millis(250);
/// How often the loop asks the store whether another process wrote.
const STORE_POLL: Duration = Duration::from_millis(500);

/// Opens the TUI on the context's roadmap and database.
///
/// The database is opened and read before the terminal is touched, so a
/// database that cannot be used is reported as a plain error.
pub fn run(context: &Context) -> Result<(), Failure> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(Failure::Runtime(
            "the interactive view needs a terminal; use `trek status` in scripts".into(),
        ));
    }
    // With `sync = "auto"`, the view opens on what other devices sent and
    // sends what was done here when it closes.
    let opened = crate::sync::auto::after_change(&context.db, context.config.sync);
    let store = context.open_or_read_only()?;
    let mut app = App::new(context.roadmap.clone(), store, Timestamp::now)?;
    let signals = Watch::start()
        .map_err(|error| Failure::Runtime(format!("cannot watch for signals: {error}")))?;
    let result = Session::start()
        .map_err(terminal_failure)
        .and_then(|mut session| {
            event_loop(&mut session, &mut app, &signals, context.wants_color())
        });
    drop(app);
    let closed = crate::sync::auto::after_change(&context.db, context.config.sync);
    let mut notes: Vec<String> = [opened, closed]
        .into_iter()
        .flatten()
        .filter_map(Result::err)
        .collect();
    notes.dedup();
    for note in notes {
        let _ = writeln!(io::stderr(), "{note}");
    }
    result
}

fn event_loop(
    session: &mut Session,
    app: &mut App,
    signals: &Watch,
    colour: bool,
) -> Result<(), Failure> {
    let result = run_until_quit(session, app, signals, colour);
    if !signals.stopped() {
        return result;
    }
    signals::saving(|| app.stop());
    // A hung-up terminal fails to draw; the signal says why, and it is an
    // ordinary way to leave.
    Ok(())
}

fn run_until_quit(
    session: &mut Session,
    app: &mut App,
    signals: &Watch,
    colour: bool,
) -> Result<(), Failure> {
    let mut last_poll = Instant::now();
    loop {
        session
            .terminal
            .draw(|frame| {
                let area = frame.area();
                frame.render_widget(&mut *app, area);
                if !colour {
                    strip_colour(frame.buffer_mut());
                }
            })
            .map_err(terminal_failure)?;
        if app.should_quit() || signals.stopped() {
            return Ok(());
        }
        if event::poll(TICK).map_err(terminal_failure)? {
            // Take every pending event before drawing again.
            loop {
                match event::read().map_err(terminal_failure)? {
                    Event::Key(key) => app.handle_key(key),
                    Event::Mouse(mouse) => app.handle_mouse(mouse),
                    _ => {}
                }
                if let Some(edit) = app.take_external_edit() {
                    edit_externally(session, app, edit)?;
                    break;
                }
                if app.should_quit() || !event::poll(Duration::ZERO).map_err(terminal_failure)? {
                    break;
                }
            }
        }
        if last_poll.elapsed() >= STORE_POLL {
            app.poll_store();
            last_poll = Instant::now();
        }
    }
}

/// Runs `$VISUAL`/`$EDITOR` on the note with the terminal handed over.
fn edit_externally(
    session: &mut Session,
    app: &mut App,
    edit: ExternalEdit,
) -> Result<(), Failure> {
    let result = match crate::editor::editor() {
        Some(editor) => session
            .suspend(|| crate::editor::edit(&editor, &edit.text))
            .map_err(terminal_failure)?,
        None => Err(format!(
            "No editor: set $VISUAL or $EDITOR, or press {} to edit here",
            keymap::key_for(Scope::Browse, Action::EditNote)
        )),
    };
    app.finish_external_edit(edit, result);
    Ok(())
}

/// Without colour (NO_COLOR, --color never): keep glyphs and modifiers, drop every colour.
fn strip_colour(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        cell.set_fg(Color::Reset).set_bg(Color::Reset);
    }
}

fn terminal_failure(error: io::Error) -> Failure {
    Failure::Runtime(format!("terminal: {error}"))
}
