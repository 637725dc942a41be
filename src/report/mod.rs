//! Progress rendered as text for people and JSON for programs: what
//! `trek status`, `trek stats` and `trek export` print (Markdown, and a
//! card and a badge to share). Pure: summaries in, text out.

mod card;
mod markdown;
mod review;
mod stats;
mod status;
mod status_json;

pub use card::{
    CARD_HEIGHT, CARD_WIDTH, CELL_PITCH, CELL_SIZE, LEVEL_COLOURS, MAP_X, MAP_Y, badge, card,
};
pub use markdown::markdown;
pub use review::{ReviewJson, review_short, review_status};
pub use stats::{stats, stats_json};
pub use status::{status, status_phase, status_short};
pub use status_json::status_json;

use crate::progress::Counts;
use crate::text::{one_line, truncate_with};

/// How text output looks on this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub color: bool,
    pub unicode: bool,
    /// The terminal's width, so long roadmap text is cut instead of
    /// wrapping; `None` for pipes and files, which get whole lines.
    pub columns: Option<usize>,
}

impl Look {
    /// No colour, Unicode bars: what tests and files get.
    pub const PLAIN: Look = Look {
        color: false,
        unicode: true,
        columns: None,
    };

    /// A progress bar `width` cells wide for `percent` (0-100).
    pub fn bar(self, percent: f64, width: usize) -> String {
        let filled = ((percent.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
        let (full, empty) = if self.unicode {
            ('█', '░')
        } else {
            ('#', '-')
        };
        let bar: String = std::iter::repeat_n(full, filled)
            .chain(std::iter::repeat_n(empty, width - filled))
            .collect();
        if self.unicode {
            self.paint(&bar, GREEN)
        } else {
            format!("[{bar}]")
        }
    }

    /// Untrusted `text` on one line, cut to the `room` columns left of the
    /// terminal's width after `used` columns.
    pub fn fit(self, text: &str, used: usize) -> String {
        let text = match self.columns {
            Some(columns) => {
                let ellipsis = if self.unicode { "…" } else { "..." };
                truncate_with(text, columns.saturating_sub(used), ellipsis)
            }
            None => one_line(text),
        };
        text.into_owned()
    }

    /// Wraps `text` in an ANSI colour when colour is on.
    pub fn paint(self, text: &str, code: &str) -> String {
        if self.color {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }
}

pub(crate) const GREEN: &str = "32";
pub(crate) const BOLD: &str = "1";
pub(crate) const DIM: &str = "2";
pub(crate) const YELLOW: &str = "33";

pub use crate::progress::one_decimal;

/// A percentage as shown everywhere: one decimal, rounded like the JSON.
pub fn percent(counts: &Counts) -> String {
    format!("{:.1}%", counts.shown_percent())
}

/// `3/7 done, 1 skipped`: done of what makes 100%, and the skips, as every
/// summary of a topic, a phase or the trek words it.
pub fn done_of(counts: &Counts) -> String {
    let done = format!("{}/{} done", counts.done, counts.asked());
    match counts.skipped {
        0 => done,
        skipped => format!("{done}, {skipped} skipped"),
    }
}

#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod tests;
