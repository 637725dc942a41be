//! The command line. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::config::{HoursPerWeek, Theme};
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

    /// The interactive view's palette: `auto` reads the background from
    /// COLORFGBG or asks the terminal, and takes dark where it cannot tell; the
    /// `theme` key of the settings file when not given.
    #[arg(
        long,
        global = true,
        env = "TREK_THEME",
        value_enum,
        value_name = "THEME"
    )]
    pub theme: Option<Theme>,

    /// Draw bars, boxes and marks with ASCII characters only, as a terminal
    /// without Unicode needs.
    #[arg(long, global = true)]
    pub ascii: bool,

    /// Hours you study a week: finish dates then come from the roadmap's
    /// hours left at this budget rather than from your pace (the settings
    /// file's `hours_per_week`).
    #[arg(long, global = true, env = "TREK_HOURS_PER_WEEK", value_name = "N",
          value_parser = hours_per_week)]
    pub hours_per_week: Option<HoursPerWeek>,

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
    /// A progress card to share: title, bars and the activity map, as SVG.
    Svg,
    /// A shields.io endpoint badge: `{"schemaVersion": 1, ...}`.
    Badge,
}

/// `--hours-per-week N`: more than 0 and at most 168.
fn hours_per_week(text: &str) -> Result<HoursPerWeek, String> {
    text.parse::<f64>()
        .ok()
        .and_then(HoursPerWeek::new)
        .ok_or_else(|| {
            format!("must be a number of hours more than 0 and at most 168, not `{text}`")
        })
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
    /// Your activity map and burn-up; `--ascii` draws them with ASCII only.
    Stats {
        /// Print the ticks of each day since the first as JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Write your progress as Markdown, a JSON backup, an SVG card or a badge.
    Export {
        /// Markdown for people, JSON for `trek import`, SVG or a badge to share.
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
    /// Bring back what the last undo reverted; repeat after several undos.
    /// A new change after an undo ends what can be redone.
    Redo,
    /// Show the history of changes, newest first.
    Log {
        /// How many changes to show.
        #[arg(long, short = 'n', default_value_t = 20, value_name = "N",
              value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
    },
    /// Revisit finished topics when they are due: list what is due, rate a
    /// review, or go through every question without touching the schedule.
    #[command(args_conflicts_with_subcommands = true)]
    Review {
        #[command(subcommand)]
        action: Option<ReviewAction>,
        /// The topic to review: without --rate, shows its questions.
        #[arg(value_name = "TOPIC")]
        topic: Option<String>,
        /// How well you recalled TOPIC; sets when it comes due next.
        #[arg(long, value_enum, requires = "topic", value_name = "RATING")]
        rate: Option<RatingArg>,
        /// Every topic in review with its questions and answers, due or
        /// not; the schedule is not touched.
        #[arg(long, conflicts_with_all = ["topic", "rate"])]
        all: bool,
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

/// Taking topics into or out of review by hand.
#[derive(Debug, Subcommand)]
pub enum ReviewAction {
    /// Put a topic in review, finished or not.
    Add {
        /// The topic id, such as `http`.
        topic: String,
    },
    /// Take a topic out of review until you add or finish it again.
    Drop {
        /// The topic id, such as `http`.
        topic: String,
    },
}

/// How well a review went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RatingArg {
    /// Forgotten: it comes back soon.
    Again,
    /// Recalled with effort.
    Hard,
    /// Recalled.
    Good,
    /// Recalled at once: it comes back much later.
    Easy,
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
