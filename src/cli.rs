//! The command line. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::roadmap::RoadmapSource;

/// Track your way through a learning roadmap, one milestone at a time.
///
/// Without a command, trek opens the interactive view.
#[derive(Debug, Parser)]
#[command(name = "trek", version)]
pub struct Cli {
    /// Roadmap file to use instead of the bundled Backend Developer trek.
    #[arg(long, global = true, env = "TREK_ROADMAP", value_name = "FILE")]
    pub roadmap: Option<PathBuf>,

    /// Progress database to use instead of the one in your data directory.
    #[arg(long, global = true, env = "TREK_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The roadmap every command works on.
    pub fn roadmap_source(&self) -> RoadmapSource {
        match &self.roadmap {
            Some(path) => RoadmapSource::File(path.clone()),
            None => RoadmapSource::Bundled,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Mark milestones done. A topic id alone means all of its milestones.
    Check(Addresses),
    /// Mark milestones as not done yet.
    Uncheck(Addresses),
    /// Mark milestones skipped: they no longer count toward your progress.
    Skip(Addresses),
    /// Set a topic's note; without TEXT, opens $VISUAL or $EDITOR.
    Note {
        /// The topic id, such as `http`.
        topic: String,
        /// The note. Omit it to write the note in your editor.
        text: Option<String>,
        /// Remove the topic's note.
        #[arg(long, conflicts_with = "text")]
        clear: bool,
    },
    /// Revert the last change; repeat to walk further back.
    Undo,
    /// Show the history of changes, newest first.
    Log {
        /// How many changes to show.
        #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
        limit: usize,
    },
    /// Work with roadmap files.
    Roadmap {
        #[command(subcommand)]
        command: RoadmapCommand,
    },
}

/// Milestones named on the command line.
#[derive(Debug, clap::Args)]
pub struct Addresses {
    /// `TOPIC/MILESTONE` addresses, or topic ids for all their milestones.
    #[arg(required = true, value_name = "ADDRESS")]
    pub addresses: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum RoadmapCommand {
    /// Validate a roadmap file and list every problem in it.
    Check {
        /// The roadmap file to validate.
        file: PathBuf,
    },
}
