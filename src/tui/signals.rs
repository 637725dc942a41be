//! Leaving on SIGTERM and SIGHUP.
//!
//! A signal sets a flag that the run loop checks on every tick, so it ends
//! the normal way: terminal restored, exit code 0. A hang-up can stop the
//! loop from ever getting there, though: once the terminal is gone,
//! crossterm's reader sees end-of-file and retries forever inside its poll.
//! So the thread that receives the signal also waits a moment and, if the
//! process is still running, restores what it can and exits itself.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

use super::terminal;

/// How long the run loop gets to stop by itself after a signal.
const GRACE: Duration = Duration::from_secs(1);

/// Watches for SIGTERM and SIGHUP until dropped.
pub struct Watch {
    stop: Arc<AtomicBool>,
    handle: Handle,
}

impl Watch {
    /// Starts watching; the signals' default action (dying on the spot,
    /// terminal left raw) is replaced until the watch is dropped.
    pub fn start() -> io::Result<Watch> {
        let mut signals = Signals::new([SIGTERM, SIGHUP])?;
        let handle = signals.handle();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        thread::Builder::new()
            .name("trek-signals".into())
            .spawn(move || {
                let Some(signal) = signals.forever().next() else {
                    return;
                };
                flag.store(true, Ordering::SeqCst);
                thread::sleep(GRACE);
                terminal::restore_from_another_thread();
                std::process::exit(128 + signal);
            })?;
        Ok(Watch { stop, handle })
    }

    /// True once a signal asked trek to stop.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.handle.close();
    }
}
