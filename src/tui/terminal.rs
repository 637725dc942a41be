//! Taking the terminal over and always giving it back.
//!
//! [`Session::start`] enters raw mode, the alternate screen, mouse capture
//! and bracketed paste (so a paste arrives as text, never as keys);
//! dropping the session undoes all four, on a normal return, an
//! error or an unwinding panic. A panic hook restores the terminal before
//! the panic message prints (so the message is readable), and
//! [`Session::suspend`] hands the terminal to a child program such as an
//! editor and takes it back afterwards. Frames go out through
//! [`Output`], which writes only what changed, in few bytes.

use std::fs::OpenOptions;
use std::io::{self, Stdout, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::{Frame, Terminal};

use super::output::{self, Link, Output};

/// True while trek owns the terminal, so the panic hook restores only then.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// The terminal, taken over for the interactive view.
pub struct Session {
    terminal: Terminal<Output<Stdout>>,
}

impl Session {
    /// Takes the terminal over; on failure it is already given back.
    /// Hyperlinks are sent where [`output::supported`] says so.
    pub fn start() -> io::Result<Session> {
        PANIC_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        enter()?;
        let term = std::env::var("TERM").ok();
        let setting = std::env::var("TREK_HYPERLINKS").ok();
        let hyperlinks = output::supported(term.as_deref(), setting.as_deref());
        match Output::new(stdout(), hyperlinks).and_then(Terminal::new) {
            Ok(terminal) => Ok(Session { terminal }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    /// Draws a frame: `render` draws it and returns the links on it.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame) -> Vec<Link>) -> io::Result<()> {
        output::draw(&mut self.terminal, render)
    }

    /// Gives the terminal to `work` (an editor) and takes it back after,
    /// unless trek is `stopping` by then: a terminal taken back just as
    /// the signal's last resort gives it back for good would stay raw.
    pub fn suspend<T>(
        &mut self,
        work: impl FnOnce() -> T,
        stopping: impl Fn() -> bool,
    ) -> io::Result<T> {
        restore();
        let result = work();
        if stopping() {
            return Ok(result);
        }
        enter()?;
        self.terminal.backend_mut().forget();
        self.terminal.clear()?;
        Ok(result)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

fn enter() -> io::Result<()> {
    ACTIVE.store(true, Ordering::SeqCst);
    let entered = enable_raw_mode().and_then(|()| {
        execute!(
            stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )
    });
    if entered.is_err() {
        restore();
    }
    entered
}

/// Leaves raw mode, the alternate screen, mouse capture and bracketed
/// paste, once; errors
/// are ignored, as there is nowhere left to report them.
fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(
            stdout(),
            DisableBracketedPaste,
            DisableMouseCapture,
            LeaveAlternateScreen,
            Show
        );
    }
}

/// [`restore`] from a thread other than the run loop's. The run loop may
/// be stuck holding stdout's lock, mid-frame on a terminal that stopped
/// reading, so the sequences go to the controlling terminal directly; when
/// the terminal is gone there is nothing to restore.
pub fn restore_from_another_thread() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        if let Ok(mut tty) = OpenOptions::new().write(true).open("/dev/tty") {
            let _ = execute!(
                tty,
                DisableBracketedPaste,
                DisableMouseCapture,
                LeaveAlternateScreen,
                Show
            );
        }
    }
}
