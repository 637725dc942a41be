//! The real `trek` binary, driven as a user would drive it.

mod roadmap;
mod support;
