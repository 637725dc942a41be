//! One module per subcommand. Each writes its output to a writer the tests
//! can capture, and reports failure as a [`Failure`].

mod roadmap_check;

use std::io::Write;

use crate::cli::{Cli, Command, RoadmapCommand};
use crate::failure::Failure;

/// Runs the command the user asked for.
pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<(), Failure> {
    match &cli.command {
        Some(Command::Roadmap {
            command: RoadmapCommand::Check { file },
        }) => roadmap_check::run(file, out),
        None => Ok(()),
    }
}
