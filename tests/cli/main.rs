//! The real `trek` binary, driven as a user would drive it.

mod bad_database;
mod concurrency;
mod export_paths;
mod journey;
mod moved;
mod progress_commands;
#[cfg(unix)]
mod read_only;
mod redo;
mod report_commands;
mod review;
mod roadmap;
mod settings;
mod support;
mod sync;
#[path = "../fixtures/synthetic.rs"]
mod synthetic;
