//! The `trek` binary: parse the command line, run it, map failure to an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use trek::cli::Cli;
use trek::context::Context;
use trek::failure::Failure;
use trek::text::terminal_safe;
use trek::{commands, tui};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Usage errors quote the arguments given, which may hold escape
        // sequences; help and version are trek's own text.
        Err(error) if error.use_stderr() => {
            let message = error.render().to_string();
            let _ = write!(io::stderr(), "{}", terminal_safe(&message));
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
        Err(error) => error.exit(),
    };
    // Not locked for the whole run: the TUI and its signal handling write
    // to the terminal too. Commands write their output in one piece.
    let mut stdout = io::stdout();
    let outcome = run(&cli, &mut stdout).and_then(|()| Ok(stdout.flush()?));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => match failure.exit_code() {
            None => ExitCode::SUCCESS,
            Some(code) => {
                // Messages quote file names and roadmap text as given.
                let message = failure.to_string();
                let _ = writeln!(io::stderr(), "{}", terminal_safe(&message));
                ExitCode::from(code)
            }
        },
    }
}

/// The interactive view without a subcommand, else the subcommand.
fn run(cli: &Cli, out: &mut dyn Write) -> Result<(), Failure> {
    match &cli.command {
        None => tui::run(&Context::new(cli)?),
        Some(command) => commands::run(cli, command, out),
    }
}
