//! The roadmap: what a learner works through.
//!
//! A roadmap is data, not code. [`model`] holds the types every other module
//! reads; [`load`] turns a TOML file into them, reporting every problem in the
//! file at once with its line and column ([`schema`] reads the spanned TOML
//! tree, [`diagnostic`] renders the problems). The bundled Backend Developer
//! trek is compiled in from `roadmap.toml` at the crate root and parsed like
//! any other file.

mod diagnostic;
mod load;
mod model;
#[cfg(test)]
mod roundtrip_tests;
mod schema;

pub use diagnostic::{LoadError, Problem};
pub use load::{BUNDLED_NAME, RoadmapSource, load, parse};
pub use model::{
    Address, Check, Example, Finale, Hours, Milestone, Phase, Resource, ResourceKind, Roadmap,
    Topic, is_id,
};
