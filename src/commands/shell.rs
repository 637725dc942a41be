//! `trek completions SHELL` and `trek man`: shell integration from the CLI definition.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::failure::Failure;

/// Prints a completion script. Rendered into memory first: the generator
/// panics on a write error, and the reader may have gone away.
pub fn completions(shell: Shell, out: &mut dyn Write) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "trek", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// Prints the man page in roff.
pub fn man(out: &mut dyn Write) -> Result<(), Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    out.write_all(&page)?;
    Ok(())
}
