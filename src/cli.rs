//! The command line. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::roadmap::RoadmapSource;

/// Track your way through a learning roadmap, one milestone at a time.
#[derive(Debug, Parser)]
#[command(name = "trek", version, arg_required_else_help = true)]
pub struct Cli {
    /// Roadmap file to use instead of the bundled Backend Developer trek.
    #[arg(long, global = true, env = "TREK_ROADMAP", value_name = "FILE")]
    pub roadmap: Option<PathBuf>,

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
    /// Work with roadmap files.
    Roadmap {
        #[command(subcommand)]
        command: RoadmapCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoadmapCommand {
    /// Validate a roadmap file and list every problem in it.
    Check {
        /// The roadmap file to validate.
        file: PathBuf,
    },
}
