//! The `trek` binary: parse the command line, run it, map failure to an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use trek::cli::Cli;
use trek::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Not locked for the whole run: the TUI and its signal handling write
    // to the terminal too. Commands write their output in one piece.
    let mut stdout = io::stdout();
    let outcome = commands::run(&cli, &mut stdout).and_then(|()| Ok(stdout.flush()?));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => match failure.exit_code() {
            None => ExitCode::SUCCESS,
            Some(code) => {
                let _ = writeln!(io::stderr(), "{failure}");
                ExitCode::from(code)
            }
        },
    }
}
