//! The real `trek` binary, driven as a user would drive it.

mod bad_database;
mod concurrency;
mod progress_commands;
mod report_commands;
mod roadmap;
mod support;
#[path = "../fixtures/synthetic.rs"]
mod synthetic;
