//! The real `trek` binary, driven as a user would drive it.

mod bad_database;
mod concurrency;
mod export_paths;
mod progress_commands;
#[cfg(unix)]
mod read_only;
mod report_commands;
mod roadmap;
mod settings;
mod support;
mod sync;
#[path = "../fixtures/synthetic.rs"]
mod synthetic;
