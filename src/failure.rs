//! Why a command failed, and so which exit code it ends with.

use std::io;

use crate::roadmap::LoadError;
use crate::store::StoreError;

/// A failed command. Its message already names the file or address at fault.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The user gave something unusable: a broken roadmap, an unknown
    /// address, a database trek cannot read. Exit code 2.
    #[error("{0}")]
    BadInput(String),
    /// Something went wrong while doing valid work. Exit code 1.
    #[error("{0}")]
    Runtime(String),
    /// The interactive view was stopped by this signal, after the terminal
    /// was given back and an open note saved. Exit code 128 + the signal's
    /// number, as a shell reports a program a signal ended.
    #[error("stopped by signal {0}; every change shown was saved")]
    Signal(i32),
    /// Writing the command's output failed, such as into a closed pipe.
    #[error("cannot write output: {0}")]
    Output(#[from] io::Error),
}

impl Failure {
    /// The process exit code for this failure; `None` means exit quietly
    /// with success, because the reader went away (`trek export | head -1`).
    pub fn exit_code(&self) -> Option<u8> {
        match self {
            Failure::BadInput(_) => Some(2),
            Failure::Runtime(_) => Some(1),
            Failure::Signal(signal) => Some(u8::try_from(128 + signal).unwrap_or(u8::MAX)),
            Failure::Output(error) if error.kind() == io::ErrorKind::BrokenPipe => None,
            Failure::Output(_) => Some(1),
        }
    }
}

impl From<LoadError> for Failure {
    fn from(error: LoadError) -> Self {
        Failure::BadInput(error.to_string())
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        if error.is_bad_input() {
            Failure::BadInput(error.to_string())
        } else {
            Failure::Runtime(error.to_string())
        }
    }
}
