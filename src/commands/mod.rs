//! One module per subcommand. Each writes its output to a writer the tests
//! can capture, and reports failure as a [`Failure`].
//!
//! Every command loads the roadmap first, so a broken roadmap stops it
//! (exit 2) before a database is opened or created.

mod export;
mod import;
mod log;
mod note;
mod redo;
mod review;
mod roadmap_check;
mod set_state;
mod shell;
mod stats;
mod status;
mod sync;
mod undo;

use std::io::Write;

use crate::cli::{Cli, Command, RoadmapCommand, SyncCommand};
use crate::context::Context;
use crate::failure::Failure;
use crate::store::State;

/// Runs the subcommand the user asked for, with the global options of `cli`.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<(), Failure> {
    match command {
        Command::Roadmap {
            command: RoadmapCommand::Check { file },
        } => return roadmap_check::run(file, out),
        Command::Completions { shell } => return shell::completions(*shell, out),
        Command::Man => return shell::man(out),
        _ => {}
    }
    let context = Context::new(cli)?;
    let result = match command {
        Command::Status { phase, json, short } => {
            let options = status::StatusOptions {
                phase: phase.as_deref(),
                json: *json,
                short: *short,
            };
            status::run(&context, &options, out)
        }
        Command::Export {
            format,
            output,
            force,
            phase,
        } => export::run(
            &context,
            *format,
            phase.as_deref(),
            output.as_deref(),
            *force,
            out,
        ),
        Command::Import { file, replace } => import::run(&context, file, *replace, out),
        Command::Check(args) => set_state::run(&context, &args.addresses, State::Done, out),
        Command::Uncheck(args) => set_state::run(&context, &args.addresses, State::Todo, out),
        Command::Skip(args) => set_state::run(&context, &args.addresses, State::Skipped, out),
        Command::Note { topic, text, clear } => {
            note::run(&context, topic, text.as_deref(), *clear, out)
        }
        Command::Stats { json } => stats::run(&context, *json, out),
        Command::Undo => undo::run(&context, out),
        Command::Redo => redo::run(&context, out),
        Command::Log { limit } => log::run(&context, *limit as usize, out),
        Command::Review {
            action,
            topic,
            rate,
            all,
        } => review::run(
            &context,
            action.as_ref(),
            topic.as_deref(),
            *rate,
            *all,
            out,
        ),
        Command::Sync {
            command: Some(SyncCommand::Init { remote, folder }),
            ..
        } => sync::init(&context, remote.as_deref(), folder.as_deref(), out),
        Command::Sync { status: true, .. } => sync::status(&context, out),
        Command::Sync { .. } => sync::run(&context, out),
        Command::Roadmap { .. } | Command::Completions { .. } | Command::Man => Ok(()),
    };
    let changes = match command {
        Command::Check(_)
        | Command::Uncheck(_)
        | Command::Skip(_)
        | Command::Note { .. }
        | Command::Undo
        | Command::Redo
        | Command::Import { .. } => true,
        Command::Review { action, rate, .. } => action.is_some() || rate.is_some(),
        _ => false,
    };
    if result.is_ok() && changes {
        sync::after_change(&context, out)?;
    }
    result
}
