//! The command line. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

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

    /// When to use colour: `auto` follows the terminal and NO_COLOR.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Draw bars, boxes and marks with ASCII characters only, as a terminal
    /// without Unicode needs.
    #[arg(long, global = true)]
    pub ascii: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Whether output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

/// What `trek export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A report with GitHub task lists, to paste into a README.
    Markdown,
    /// A complete backup that `trek import` restores.
    Json,
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
    /// Where you stand: overall and per-phase progress, what is next, pace.
    Status {
        /// Show one phase with its topics.
        #[arg(long, value_name = "ID")]
        phase: Option<String>,
        /// Print the summary as JSON (the schema is in the README).
        #[arg(long, conflicts_with = "short")]
        json: bool,
        /// One line, for a shell prompt or a tmux status bar.
        #[arg(long, conflicts_with = "phase")]
        short: bool,
    },
    /// Write your progress as Markdown, or as a JSON backup.
    Export {
        /// Markdown for people, JSON for `trek import`.
        #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
        format: ExportFormat,
        /// Write to FILE instead of standard output (`-` is standard output).
        /// A regular file is replaced whole; a FIFO, device or socket is
        /// written into.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite FILE if it exists.
        #[arg(long, requires = "output")]
        force: bool,
        /// Export one phase only (Markdown).
        #[arg(long, value_name = "ID")]
        phase: Option<String>,
    },
    /// Restore a JSON backup made by `trek export --format json`.
    Import {
        /// The backup file: a regular file of at most 256 MiB.
        file: PathBuf,
        /// Replace this roadmap's progress instead of merging (newer wins).
        #[arg(long)]
        replace: bool,
    },
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
        #[arg(long, short = 'n', default_value_t = 20, value_name = "N",
              value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
    },
    /// Share progress with your other devices, through git or a synced folder.
    #[command(args_conflicts_with_subcommands = true)]
    Sync {
        #[command(subcommand)]
        command: Option<SyncCommand>,
        /// Say when this device last synced and what waits to be sent.
        #[arg(long)]
        status: bool,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: Shell,
    },
    /// Print the manual page (roff).
    Man,
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
pub enum SyncCommand {
    /// Sync through a git remote (cloned beside the database), or through
    /// a folder another program keeps in step.
    Init {
        /// The git remote, such as `git@github.com:me/trek-progress.git`;
        /// an empty repository or one trek made.
        #[arg(required_unless_present = "folder")]
        remote: Option<String>,
        /// A folder that Syncthing, Dropbox or the like keeps in step.
        #[arg(long, value_name = "DIR", conflicts_with = "remote")]
        folder: Option<PathBuf>,
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
