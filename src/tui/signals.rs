//! Leaving on SIGTERM, SIGHUP, SIGINT and SIGQUIT.
//!
//! A signal sets a flag that the run loop checks on every tick, so it ends
//! the normal way: an open note saved, terminal restored, and then the
//! shell's exit code for it, 128 + the signal's number. A
//! hang-up can stop the loop from ever getting there, though: once the
//! terminal is gone, crossterm's reader sees end-of-file and retries forever
//! inside its poll. So the thread that receives the signal also waits a
//! moment and, if the process is still running, restores what it can and
//! exits itself.
//!
//! While the learner's editor has the terminal, a signal to end trek is
//! passed on to the editor, and trek waits for it to give the terminal back
//! before taking it. An interrupt or quit key typed in the editor reaches
//! the editor itself and is the editor's business, so trek ignores those.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::thread;
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

use super::terminal;
use crate::editor;
use crate::store::BUSY_TIMEOUT;

/// How long the run loop gets to stop by itself after a signal.
const GRACE: Duration = Duration::from_secs(1);

/// How long an editor gets to end after trek passed a signal on to it.
const EDITOR_GRACE: Duration = Duration::from_secs(5);

/// How long the save of an open note may take: as long as a write may wait
/// for another trek's, and a moment to commit.
const SAVE_GRACE: Duration = Duration::from_secs(BUSY_TIMEOUT.as_secs() + 2);

/// Set while the run loop saves what was open when a signal came.
static SAVING: AtomicBool = AtomicBool::new(false);

/// Watches for the signals that end trek until dropped.
pub struct Watch {
    /// The signal that asked trek to stop; 0 while none has.
    stop: Arc<AtomicI32>,
    handle: Handle,
}

impl Watch {
    /// Starts watching; the signals' default action (dying on the spot,
    /// terminal left raw) is replaced until the watch is dropped.
    pub fn start() -> io::Result<Watch> {
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
        let handle = signals.handle();
        let stop = Arc::new(AtomicI32::new(0));
        let flag = Arc::clone(&stop);
        thread::Builder::new()
            .name("trek-signals".into())
            .spawn(move || {
                let Some(signal) = signals.forever().find(|&signal| {
                    let typed_in_editor = matches!(signal, SIGINT | SIGQUIT);
                    !(typed_in_editor && editor::running().is_some())
                }) else {
                    return;
                };
                flag.store(signal, Ordering::SeqCst);
                if let Some(pid) = editor::running() {
                    pass_on(signal, pid);
                    wait_for_editor(EDITOR_GRACE);
                }
                thread::sleep(GRACE);
                wait_while_saving(SAVE_GRACE);
                terminal::restore_from_another_thread();
                std::process::exit(128 + signal);
            })?;
        Ok(Watch { stop, handle })
    }

    /// True once a signal asked trek to stop.
    pub fn stopped(&self) -> bool {
        self.signal().is_some()
    }

    /// The signal that asked trek to stop, if one has.
    pub fn signal(&self) -> Option<i32> {
        Some(self.stop.load(Ordering::SeqCst)).filter(|&signal| signal != 0)
    }
}

/// Sends `signal` to the editor with process id `pid`.
#[cfg(unix)]
fn pass_on(signal: i32, pid: u32) {
    use rustix::process::{Pid, Signal, kill_process};
    let target = i32::try_from(pid).ok().and_then(Pid::from_raw);
    if let Some(target) = target {
        let signal = Signal::from_named_raw(signal).unwrap_or(Signal::TERM);
        let _ = kill_process(target, signal);
    }
}

#[cfg(not(unix))]
fn pass_on(_signal: i32, _pid: u32) {}

/// Runs `save` (the save of an open note after a signal) with the exit the
/// signal thread would force held off until it is done, so a save waiting
/// for another trek's write is never cut short.
pub fn saving<T>(save: impl FnOnce() -> T) -> T {
    SAVING.store(true, Ordering::SeqCst);
    let result = save();
    SAVING.store(false, Ordering::SeqCst);
    result
}

/// Waits, up to `limit`, for a save under way to end.
fn wait_while_saving(limit: Duration) {
    let start = std::time::Instant::now();
    while SAVING.load(Ordering::SeqCst) && start.elapsed() < limit {
        thread::sleep(Duration::from_millis(20));
    }
}

/// Waits, up to `limit`, for the editor to end.
fn wait_for_editor(limit: Duration) {
    let start = std::time::Instant::now();
    while editor::running().is_some() && start.elapsed() < limit {
        thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.handle.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn the_forced_exit_waits_for_a_save_under_way() {
        let (started, on_start) = mpsc::channel();
        let done = Arc::new(AtomicBool::new(false));
        let saved = Arc::clone(&done);
        let saver = thread::spawn(move || {
            saving(|| {
                started.send(()).expect("the test waits");
                thread::sleep(Duration::from_millis(300));
                saved.store(true, Ordering::SeqCst);
            })
        });
        on_start.recv().expect("the save starts");
        wait_while_saving(Duration::from_secs(30));
        assert!(
            done.load(Ordering::SeqCst),
            "waited until the save was done"
        );
        saver.join().expect("the saver ends");
    }
}
