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
    // Not locked for the whole run: the TUI and its signal handling write
    // to the terminal too. Commands write their output in one piece.
    let mut stdout = io::stdout();
    let outcome = match parse() {
        Ok(cli) => run(&cli, &mut stdout),
        // Help and version are trek's own text, and output like any other.
        Err(Parsed::Info(text)) => stdout.write_all(text.as_bytes()).map_err(Failure::from),
        Err(Parsed::Usage(code, message)) => {
            // Usage errors quote the arguments given, which may hold
            // escape sequences.
            let _ = write!(io::stderr(), "{}", terminal_safe(&message));
            return ExitCode::from(code);
        }
    };
    match outcome.and_then(|()| Ok(stdout.flush()?)) {
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

/// What the command line asked for, when it is not a command to run.
enum Parsed {
    /// `--help` or `--version`: text for standard output.
    Info(String),
    /// A usage error: its exit code and message.
    Usage(u8, String),
}

/// The variables that stand for options. clap calls an empty one a
/// missing option value; the learner set a variable, so it is named.
const VARIABLES: [&str; 2] = ["TREK_DB", "TREK_ROADMAP"];

/// `TREK_THEME` set to no theme: named as the variable in one line, where
/// clap would name the option it stands for in four.
fn bad_theme_variable() -> Option<String> {
    let value = std::env::var_os("TREK_THEME")?;
    let value = value.to_string_lossy();
    let known = <trek::config::Theme as clap::ValueEnum>::from_str(&value, false).is_ok();
    (!known).then(|| {
        format!(
            "TREK_THEME is set to {value:?}, which is no theme; set it to auto, dark or light\n"
        )
    })
}

fn parse() -> Result<Cli, Parsed> {
    for variable in VARIABLES {
        if std::env::var_os(variable).is_some_and(|value| value.is_empty()) {
            return Err(Parsed::Usage(
                2,
                format!("{variable} is set but empty; unset it, or set it to a file\n"),
            ));
        }
    }
    if let Some(message) = bad_theme_variable() {
        return Err(Parsed::Usage(2, message));
    }
    Cli::try_parse().map_err(|error| {
        let text = error.render().to_string();
        if error.use_stderr() {
            Parsed::Usage(u8::try_from(error.exit_code()).unwrap_or(2), text)
        } else {
            Parsed::Info(text)
        }
    })
}
