//! The interactive view: phase, topic and detail panes.
//!
//! Module map: [`action`] lists everything a learner can do; [`keymap`] is
//! the one key table the handler, footer and help all read; [`App`] (in
//! `app`) holds the state and carries actions out, writing through the
//! store before it shows anything; [`tally`] caches counts; [`search`],
//! [`note`] and [`scroll`] hold the search line, the note editor and window
//! positions; [`filter`] decides what `f` hides, [`jump`] finds the next
//! milestone left, and [`resume`] where the view opens; [`layout`] places
//! panes by terminal size and [`view`] draws them, settling the windows and
//! the regions that [`mouse`] resolves clicks against. This file is the run
//! loop: it owns the terminal ([`terminal`]), writes frames to it in few
//! bytes ([`output`]), reads events ([`input`]), ticks
//! to notice other trek processes'
//! changes, stops on SIGTERM or SIGHUP ([`signals`]), and suspends itself
//! to run `$EDITOR` ([`crate::editor`]). With `sync = "auto"` it syncs in
//! the background while the view is on screen, and once more as the view
//! closes, however it closes ([`crate::sync::auto::ViewSyncs`]).

mod action;
mod app;
mod browser;
mod filter;
mod input;
mod journey;
mod jump;
mod keymap;
mod layout;
mod mouse;
mod note;
mod output;
mod resume;
mod review;
mod scroll;
mod search;
mod signals;
mod tally;
mod terminal;
mod theme;
mod view;

#[cfg(test)]
mod app_tests;
#[cfg(test)]
mod change_tests;
#[cfg(test)]
mod find_tests;
#[cfg(test)]
mod fixture;
#[cfg(test)]
mod journey_tests;
#[cfg(test)]
mod read_tests;
#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod view_tests;

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, MouseEventKind};
use ratatui::style::Color;

use crate::context::Context;
use crate::failure::Failure;
use crate::sync::auto::ViewSyncs;

pub use app::App;
pub use journey::Plan;
pub use output::Output;

use action::Action;
use app::ExternalEdit;
use input::Input;
use keymap::Scope;
use signals::Watch;
use terminal::Session;
use theme::Palette;

/// How long the loop waits for input before checking signals and the store.
const TICK: Duration = Duration::from_millis(250);
/// How long the terminal may take to say what its background is.
const BACKGROUND_WAIT: Duration = Duration::from_millis(200);
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
    // With `sync = "auto"`, what other devices sent is taken in while the
    // view is already on screen, and what was done here is sent as it closes.
    let mut syncs = ViewSyncs::open(&context.db, context.config.sync);
    let store = context.open_or_read_only()?;
    let plan = journey::Plan {
        zone: crate::clock::local_zone(),
        hours_per_week: context.config.hours_per_week.map(|hours| hours.get()),
        ascii: !context.unicode(),
    };
    let mut app = App::new((*context.roadmap).clone(), store, Timestamp::now)?.with_plan(plan);
    app.set_review_settings(
        crate::review::Settings::from_config(&context.config),
        crate::clock::local_zone(),
    );
    if syncs.is_some() {
        app.tell(app::Tone::Info, syncing(context, "Syncing"));
    }
    let signals = Watch::start()
        .map_err(|error| Failure::Runtime(format!("cannot watch for signals: {error}")))?;
    // Listening for resizes before the terminal's size is first read, so
    // none made meanwhile is lost.
    let mut input = Input::start().map_err(terminal_failure)?;
    let mut session = Session::start().map_err(terminal_failure)?;
    let colour = colours(context, &mut input);
    let result = run_until_quit(
        &mut session,
        &mut input,
        &mut app,
        &signals,
        colour,
        &mut syncs,
    );
    let signal = signals.signal();
    // The forced exit a signal brings waits while an open note is saved
    // and the closing sync runs (itself bounded), so what was done here
    // still goes out, whether the learner quit, a signal came or the
    // terminal went away.
    signals::saving(|| {
        if signal.is_some() {
            app.stop();
        }
        // After a signal no frame is drawn: the terminal may be the
        // editor's, or gone.
        let shown = signal.is_none().then_some((&mut app, colour));
        close(session, shown, syncs, context);
    });
    match signal {
        // A hung-up terminal fails to draw; the signal says why.
        Some(signal) => Err(Failure::Signal(signal)),
        None => result,
    }
}

/// Gives the terminal back, after the closing sync if there is one: the
/// view, when `shown`, stays on screen saying so while it runs, and what
/// the sync did is said on the terminal given back.
fn close(
    mut session: Session,
    shown: Option<(&mut App, Option<Palette>)>,
    syncs: Option<ViewSyncs>,
    context: &Context,
) {
    let Some(syncs) = syncs else {
        return;
    };
    if let Some((app, colour)) = shown {
        app.tell(app::Tone::Info, syncing(context, "Syncing before leaving"));
        // A terminal that fails to draw does not stop the sync.
        let _ = draw(&mut session, app, colour);
    }
    let said = syncs.close();
    drop(session);
    let mut stderr = io::stderr();
    for line in said {
        let (Ok(line) | Err(line)) = line;
        let _ = writeln!(stderr, "{}", crate::text::terminal_safe(&line));
    }
}

/// The footer line while a sync runs.
fn syncing(context: &Context, doing: &str) -> String {
    let dots = if context.unicode() { "…" } else { "..." };
    format!("{doing}{dots}")
}

/// Shows what the opening sync said once it ended, with what it took in.
fn show_opened(app: &mut App, syncs: &mut Option<ViewSyncs>) -> bool {
    let Some(said) = syncs.as_mut().and_then(ViewSyncs::opened) else {
        return false;
    };
    app.synced(said);
    true
}

fn draw(session: &mut Session, app: &mut App, colour: Option<Palette>) -> io::Result<()> {
    session.draw(|frame| paint(frame, app, colour))
}

fn run_until_quit(
    session: &mut Session,
    input: &mut Input,
    app: &mut App,
    signals: &Watch,
    colour: Option<Palette>,
    syncs: &mut Option<ViewSyncs>,
) -> Result<(), Failure> {
    let mut last_poll = Instant::now();
    // Drawn only when something may look different: an idle view writes
    // nothing to the terminal.
    let mut changed = true;
    loop {
        // Checked before drawing: after a signal the terminal may already be
        // given back, and a frame would land on the learner's shell.
        if app.should_quit() || signals.stopped() {
            return Ok(());
        }
        if changed {
            draw(session, app, colour).map_err(terminal_failure)?;
        }
        changed = false;
        if let Some(first) = input.next(TICK).map_err(terminal_failure)? {
            // Take every pending event before drawing again; characters
            // typed in a row into a note or the search go in as one piece.
            let mut typed = String::new();
            let mut next = Some(first);
            while let Some(event) = next.take() {
                changed |= !is_pointer_move(&event);
                if let Event::Key(key) = &event
                    && let Some(c) = app.types_itself(key)
                {
                    typed.push(c);
                } else {
                    if !typed.is_empty() {
                        app.type_text(&std::mem::take(&mut typed));
                    }
                    match event {
                        Event::Key(key) => app.handle_key(key),
                        Event::Mouse(mouse) => app.handle_mouse(mouse),
                        Event::Paste(text) => app.handle_paste(&text),
                        _ => {}
                    }
                    if let Some(url) = app.take_link()
                        && let Err(message) = browser::open_link(&url)
                    {
                        app.tell(app::Tone::Error, message);
                    }
                    if let Some(edit) = app.take_external_edit() {
                        edit_externally(session, app, signals, edit)?;
                        break;
                    }
                }
                if !app.should_quit() {
                    next = input.next(Duration::ZERO).map_err(terminal_failure)?;
                }
            }
            if !typed.is_empty() {
                app.type_text(&typed);
            }
        }
        if last_poll.elapsed() >= STORE_POLL {
            changed |= app.poll_store();
            last_poll = Instant::now();
        }
        changed |= show_opened(app, syncs);
        changed |= app.fade_status(Instant::now());
    }
}

/// Draws the app in its colours, and says where the frame has links.
fn paint(frame: &mut Frame, app: &mut App, colour: Option<Palette>) -> Vec<output::Link> {
    let area = frame.area();
    frame.render_widget(&mut *app, area);
    match colour {
        Some(palette) => palette.apply(frame.buffer_mut()),
        None => strip_colour(frame.buffer_mut()),
    }
    app.view.regions.links.clone()
}

/// The pointer moving with no button held: nothing the view answers.
fn is_pointer_move(event: &Event) -> bool {
    matches!(event, Event::Mouse(mouse) if mouse.kind == MouseEventKind::Moved)
}

/// Runs `$VISUAL`/`$EDITOR` on the note with the terminal handed over.
fn edit_externally(
    session: &mut Session,
    app: &mut App,
    signals: &Watch,
    edit: ExternalEdit,
) -> Result<(), Failure> {
    let result = match crate::editor::editor() {
        Some(editor) => session
            .suspend(
                || crate::editor::edit(&editor, &edit.text),
                || signals.stopped(),
            )
            .map_err(terminal_failure)?,
        None => Err(format!(
            "No editor: set $VISUAL or $EDITOR, or press {} to edit here",
            keymap::key_for(Scope::Browse, Action::EditNote)
        )),
    };
    app.finish_external_edit(edit, result);
    Ok(())
}

/// The palette to draw with; none without colour (NO_COLOR, `--color
/// never`, `TERM=dumb`). The terminal is asked for its background only
/// when `auto` must and `COLORFGBG` does not say.
fn colours(context: &Context, input: &mut Input) -> Option<Palette> {
    let colorfgbg = std::env::var("COLORFGBG").ok();
    let ask = || input.ask_background(BACKGROUND_WAIT).ok().flatten();
    context
        .wants_color()
        .then(|| Palette::choose(context.theme, colorfgbg.as_deref(), ask))
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
