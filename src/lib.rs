//! trek: a terminal progress tracker for learners.
//!
//! A bundled TOML roadmap (the Backend Developer trek) lists phases, topics
//! and milestones; a learner's ticks and notes live in a local SQLite file.
//!
//! Module map:
//!
//! - [`backup`]: the JSON backup that `export` writes and `import` reads.
//! - [`cli`]: the command line, as clap types; doc comments are the help text.
//! - [`clock`]: now, in the learner's time zone, found cheaply.
//! - [`commands`]: one module per subcommand, each writing to an `impl Write`.
//! - [`config`]: the learner's settings file, checked whole.
//! - [`context`]: the roadmap, database path and colour choice that every
//!   command and the interactive view start from.
//! - [`editor`]: a note in `$VISUAL`/`$EDITOR`, for `trek note` and the TUI.
//! - [`failure`]: why a command failed, and the exit code that follows.
//! - [`input`]: files a learner hands trek, read only within a bound.
//! - [`progress`]: pure summaries over a roadmap and its progress.
//! - [`report`]: status text and JSON, and the Markdown export.
//! - [`review`]: the review queue, scheduled by FSRS from the recorded reviews.
//! - [`roadmap`]: the roadmap model and its loader with line:column errors.
//! - [`store`]: SQLite: progress, notes and the event log; the only SQL.
//! - [`suggest`]: "did you mean" for typos in keys, ids and addresses.
//! - [`sync`]: history shared between devices through git or a synced folder.
//! - [`text`]: untrusted text made safe for the terminal.
//! - [`tui`]: the interactive view; no SQL, and the view draws from state only.

// What a reviewer would otherwise have to catch: no unsafe code, no debug
// leftovers, no panic on a value a learner can influence, no output that
// bypasses the writer a command was given.
#![forbid(unsafe_code)]
#![warn(
    clippy::dbg_macro,
    clippy::todo,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod backup;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod context;
pub mod editor;
pub mod failure;
pub mod input;
pub mod progress;
pub mod report;
pub mod review;
pub mod roadmap;
pub mod store;
pub mod suggest;
pub mod sync;
pub mod text;
pub mod tui;
