//! `trek stats`: the activity map and the burn-up for a terminal, or the
//! daily counts as JSON for scripts.

use std::io::Write;

use super::status::terminal_columns;
use crate::context::Context;
use crate::failure::Failure;
use crate::progress::{BurnUp, summarize};
use crate::report::{Look, stats, stats_json};

pub fn run(context: &Context, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let progress = context.progress()?;
    let now = crate::clock::now();
    let summary = summarize(&context.roadmap, &progress, &now);
    let text = if json {
        stats_json(&summary.days, now.date())
    } else {
        let look = Look {
            color: context.wants_color(),
            unicode: context.unicode(),
            columns: terminal_columns(),
        };
        let burn_up = BurnUp::new(
            &context.roadmap,
            &summary.phases,
            &progress,
            now.time_zone(),
            now.date(),
        );
        stats(&summary, burn_up.as_ref(), now.date(), look)
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}
