//! `trek export --format svg` and `--format badge`: progress to share.
//!
//! The card is one fixed-size SVG: the title, the overall bar, a bar per
//! phase and the activity map of the last 52 weeks, drawn from the same
//! [`Grid`] as the terminal. It uses no external font, image or script
//! (the generic `sans-serif` family only), and it holds nothing but the
//! data and the day it is as of, so the same progress on the same day
//! gives the same bytes. The badge is a shields.io endpoint: the JSON
//! that `https://img.shields.io/endpoint?url=...` turns into a badge.

use std::fmt::Write;

use jiff::civil::Date;
use serde::Serialize;

use super::one_decimal;
use crate::progress::{Counts, Grid, Summary, YEAR_WEEKS};

/// The card's size in pixels.
pub const CARD_WIDTH: u32 = 620;
pub const CARD_HEIGHT: u32 = 340;
/// Where the activity map's first cell is, and each cell's pitch and size.
pub const MAP_X: u32 = 34;
pub const MAP_Y: u32 = 236;
pub const CELL_PITCH: u32 = 11;
pub const CELL_SIZE: u32 = 9;
/// The fill of a day at each level, none first.
pub const LEVEL_COLOURS: [&str; 5] = ["#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39"];

/// At most this many phases get a bar; the rest are counted in a line.
const PHASE_ROWS: usize = 6;
const BAR_COLOUR: &str = "#40c463";
const TRACK_COLOUR: &str = "#ebedf0";
const TEXT_COLOUR: &str = "#24292f";
const DIM_COLOUR: &str = "#57606a";

/// The progress card as SVG, as of `today`.
pub fn card(summary: &Summary, today: Date) -> String {
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH}" height="{CARD_HEIGHT}" viewBox="0 0 {CARD_WIDTH} {CARD_HEIGHT}" font-family="sans-serif">"#
    );
    let _ = writeln!(
        svg,
        r##"<rect x="0.5" y="0.5" width="{}" height="{}" rx="6" fill="#ffffff" stroke="#d0d7de"/>"##,
        CARD_WIDTH - 1,
        CARD_HEIGHT - 1
    );
    let _ = writeln!(
        svg,
        r#"<text x="20" y="34" font-size="18" font-weight="bold" fill="{TEXT_COLOUR}">{}</text>"#,
        escape(&clip(&summary.roadmap.title, 48))
    );
    bar(&mut svg, 20, 50, 380, 12, &summary.counts);
    let _ = writeln!(
        svg,
        r#"<text x="412" y="61" font-size="12" fill="{TEXT_COLOUR}">{}</text>"#,
        escape(&counts_text(&summary.counts))
    );
    for (row, phase) in summary.phases.iter().take(PHASE_ROWS).enumerate() {
        let y = 82 + 20 * row as u32;
        let _ = writeln!(
            svg,
            r#"<text x="20" y="{}" font-size="12" fill="{TEXT_COLOUR}">{}</text>"#,
            y + 9,
            escape(&clip(&phase.phase.title, 28))
        );
        bar(&mut svg, 220, y, 180, 10, &phase.counts);
        let _ = writeln!(
            svg,
            r#"<text x="412" y="{}" font-size="12" fill="{DIM_COLOUR}">{:.1}%</text>"#,
            y + 9,
            one_decimal(phase.counts.percent())
        );
    }
    if summary.phases.len() > PHASE_ROWS {
        let more = summary.phases.len() - PHASE_ROWS;
        let _ = writeln!(
            svg,
            r#"<text x="20" y="213" font-size="11" fill="{DIM_COLOUR}">and {}</text>"#,
            crate::text::count(more, "more phase")
        );
    }
    map(&mut svg, &Grid::new(&summary.days, today, YEAR_WEEKS));
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="{}" font-size="10" fill="{DIM_COLOUR}" text-anchor="end">as of {today} · trek</text>"#,
        CARD_WIDTH - 20,
        CARD_HEIGHT - 12
    );
    svg.push_str("</svg>\n");
    svg
}

/// A bar: the track, and the done share over it.
fn bar(svg: &mut String, x: u32, y: u32, width: u32, height: u32, counts: &Counts) {
    let filled = (f64::from(width) * (counts.percent() / 100.0).clamp(0.0, 1.0)).round();
    let _ = writeln!(
        svg,
        r#"<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="3" fill="{TRACK_COLOUR}"/>"#
    );
    if filled > 0.0 {
        let _ = writeln!(
            svg,
            r#"<rect x="{x}" y="{y}" width="{filled}" height="{height}" rx="3" fill="{BAR_COLOUR}"/>"#
        );
    }
}

/// The activity map: a square per day up to today, month and weekday labels.
fn map(svg: &mut String, grid: &Grid) {
    for (week, name) in &grid.months {
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" font-size="9" fill="{DIM_COLOUR}">{name}</text>"#,
            MAP_X + CELL_PITCH * *week as u32,
            MAP_Y - 4
        );
    }
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" font-size="9" fill="{DIM_COLOUR}" text-anchor="end">{name}</text>"#,
            MAP_X - 4,
            MAP_Y + CELL_PITCH * row + 8
        );
    }
    for (week, days) in grid.weeks.iter().enumerate() {
        for (weekday, level) in days.iter().enumerate() {
            let Some(level) = level else {
                continue;
            };
            let _ = writeln!(
                svg,
                r#"<rect x="{}" y="{}" width="{CELL_SIZE}" height="{CELL_SIZE}" rx="2" fill="{}"/>"#,
                MAP_X + CELL_PITCH * week as u32,
                MAP_Y + CELL_PITCH * weekday as u32,
                LEVEL_COLOURS[usize::from(*level)]
            );
        }
    }
}

/// `34.0% · 52 of 153 done`.
fn counts_text(counts: &Counts) -> String {
    format!(
        "{:.1}% · {} of {} done",
        one_decimal(counts.percent()),
        counts.done,
        counts.asked()
    )
}

/// At most `max` characters of one line of `text`, `…` marking a cut.
fn clip(text: &str, max: usize) -> String {
    let line = crate::text::one_line(text);
    if line.chars().count() <= max {
        return line.into_owned();
    }
    let mut clipped: String = line.chars().take(max.saturating_sub(1)).collect();
    clipped.push('…');
    clipped
}

/// Text made safe inside an SVG element.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Badge<'a> {
    schema_version: u32,
    label: &'a str,
    message: String,
    color: &'static str,
}

/// The shields.io endpoint JSON: the roadmap's id, `34.0% (52/153)`, blue
/// on the way and bright green once complete.
pub fn badge(summary: &Summary) -> String {
    let counts = &summary.counts;
    let badge = Badge {
        schema_version: 1,
        label: &summary.roadmap.id,
        message: format!(
            "{:.1}% ({}/{})",
            one_decimal(counts.percent()),
            counts.done,
            counts.asked()
        ),
        color: if counts.complete() {
            "brightgreen"
        } else {
            "blue"
        },
    };
    serde_json::to_string(&badge).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use jiff::tz::TimeZone;
    use resvg::tiny_skia::{Pixmap, Transform};
    use resvg::usvg::{Options, Tree};

    use super::*;
    use crate::progress::summarize;
    use crate::roadmap::{Address, Roadmap, parse};
    use crate::store::{Progress, State, Store};

    const ROADMAP: &str = r#"
id = "demo"
title = "Demo <trek> & co"
summary = "A small roadmap."
estimate = "4 weeks"

[[phases]]
id = "basics"
title = "Basics"
weeks = [1, 2]
summary = "First steps."

[[phases.topics]]
id = "http"
title = "HTTP"
summary = "The protocol."
body = "Requests."
milestones = [
  { id = "methods", text = "Send a request with each method" },
  { id = "status", text = "Return the right status codes" },
]

[finale]
title = "Done"
body = "Well done."
next = []
"#;

    /// Wednesday 2026-03-11.
    const TODAY: Date = date(2026, 3, 11);

    /// One milestone ticked on Monday 2026-03-02.
    fn ticked() -> (Roadmap, Progress) {
        let roadmap = parse("demo.toml", ROADMAP.as_bytes()).expect("valid");
        let mut store = Store::open_in_memory();
        let at = "2026-03-02T10:00:00Z".parse().expect("a time");
        store
            .set_states(
                "demo",
                &[(Address::new("http", "methods"), State::Done)],
                at,
            )
            .expect("written");
        let progress = store.load("demo").expect("reads");
        (roadmap, progress)
    }

    fn svg() -> String {
        let (roadmap, progress) = ticked();
        let now = TODAY
            .at(12, 0, 0, 0)
            .to_zoned(TimeZone::UTC)
            .expect("a time");
        card(&summarize(&roadmap, &progress, &now), TODAY)
    }

    /// The card rendered by a real SVG renderer, through PNG and back.
    fn rendered() -> Pixmap {
        let tree = Tree::from_str(&svg(), &Options::default()).expect("valid SVG");
        let mut pixmap = Pixmap::new(CARD_WIDTH, CARD_HEIGHT).expect("a canvas");
        resvg::render(&tree, Transform::default(), &mut pixmap.as_mut());
        let png = pixmap.encode_png().expect("PNG");
        Pixmap::decode_png(&png).expect("the PNG reads back")
    }

    fn colour_at(pixmap: &Pixmap, x: u32, y: u32) -> String {
        let pixel = pixmap.pixel(x, y).expect("inside the card");
        format!(
            "#{:02x}{:02x}{:02x}",
            pixel.red(),
            pixel.green(),
            pixel.blue()
        )
    }

    /// The centre of the map's cell for `week` (0 is the oldest) and `weekday`.
    fn cell(week: u32, weekday: u32) -> (u32, u32) {
        (
            MAP_X + CELL_PITCH * week + CELL_SIZE / 2,
            MAP_Y + CELL_PITCH * weekday + CELL_SIZE / 2,
        )
    }

    #[test]
    fn a_done_day_and_an_empty_day_render_in_their_colours() {
        let pixmap = rendered();
        // The last column is the week of 9 March; 2 March is the Monday before.
        let (x, y) = cell(50, 0);
        assert_eq!(colour_at(&pixmap, x, y), LEVEL_COLOURS[4], "the done day");
        let (x, y) = cell(50, 1);
        assert_eq!(
            colour_at(&pixmap, x, y),
            LEVEL_COLOURS[0],
            "the day after it"
        );
        let (x, y) = cell(51, 4);
        assert_eq!(
            colour_at(&pixmap, x, y),
            "#ffffff",
            "a day after today is no cell"
        );
        // Half of the trek done: the overall bar is filled to its middle.
        assert_eq!(colour_at(&pixmap, 20 + 180, 56), BAR_COLOUR);
        assert_eq!(colour_at(&pixmap, 20 + 200, 56), TRACK_COLOUR);
    }

    #[test]
    fn the_same_progress_on_the_same_day_gives_the_same_bytes() {
        assert_eq!(svg(), svg());
    }

    #[test]
    fn the_card_is_self_contained_and_its_text_escaped() {
        let svg = svg();
        assert!(svg.contains("Demo &lt;trek&gt; &amp; co"), "{svg}");
        for outside in ["<script", "<image", "href", "@import", "url("] {
            assert!(!svg.contains(outside), "{outside} in {svg}");
        }
        assert!(svg.contains(r#"width="620" height="340""#), "{svg}");
    }

    #[test]
    fn the_badge_is_a_shields_endpoint() {
        let (roadmap, progress) = ticked();
        let now = TODAY
            .at(12, 0, 0, 0)
            .to_zoned(TimeZone::UTC)
            .expect("a time");
        let json: serde_json::Value =
            serde_json::from_str(&badge(&summarize(&roadmap, &progress, &now))).expect("JSON");
        assert_eq!(
            json,
            serde_json::json!({
                "schemaVersion": 1,
                "label": "demo",
                "message": "50.0% (1/2)",
                "color": "blue"
            })
        );
    }
}
