//! Snapshots of whole screens, driven by keys as a learner would.
//!
//! Nothing on these screens depends on the clock, so they are stable.

use insta::assert_snapshot;

use super::fixture::{Harness, styled_runs};
use crate::roadmap::{RoadmapSource, load};

/// A learner part-way through: one milestone done, one skipped, a note.
fn part_way() -> Harness {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space j s n");
    harness.type_text("Read RFC 9110 first.").press("Esc");
    harness.press("k");
    harness
}

#[test]
fn fresh_start_three_panes_120x40() {
    assert_snapshot!(Harness::new().render(120, 40));
}

#[test]
fn part_way_three_panes_120x40() {
    assert_snapshot!(part_way().render(120, 40));
}

#[test]
fn part_way_two_panes_80x24() {
    assert_snapshot!(part_way().render(80, 24));
}

#[test]
fn part_way_one_pane_50x16_milestones() {
    assert_snapshot!(part_way().render(50, 16));
}

#[test]
fn one_pane_50x16_topics() {
    let mut harness = part_way();
    harness.press("BackTab");
    assert_snapshot!(harness.render(50, 16));
}

#[test]
fn too_small_25x6() {
    assert_snapshot!(Harness::new().render(25, 6));
}

#[test]
fn help_overlay_120x40() {
    let mut harness = Harness::new();
    harness.press("?");
    assert_snapshot!(harness.render(120, 40));
}

#[test]
fn help_overlay_styles_each_column_on_its_own_120x40() {
    let mut harness = Harness::new();
    harness.press("?");
    let buffer = harness.render_buffer(120, 40);
    // The overlay's rows: headings of both columns bold cyan, keys bold
    // cyan, descriptions and the gap between the columns plain.
    assert_snapshot!(styled_runs(&buffer, 6..33));
}

#[test]
fn help_overlay_scrolls_at_80x24() {
    let mut harness = Harness::new();
    harness.press("? PgDn");
    assert_snapshot!(harness.render(80, 24));
}

#[test]
fn search_as_you_type_120x40() {
    let mut harness = part_way();
    harness.press("/").type_text("RFC");
    harness
        .press("Backspace Backspace Backspace")
        .type_text("th");
    harness.press("Down");
    assert_snapshot!(harness.render(120, 40));
}

#[test]
fn note_editing_120x40() {
    let mut harness = part_way();
    harness
        .press("n Enter")
        .type_text("Then write a tiny HTTP server.");
    assert_snapshot!(harness.render(120, 40));
}

#[test]
fn finale_120x40() {
    let mut harness = Harness::new();
    harness.press("Tab Tab Space j Space BackTab j Tab Space");
    harness.press("Left Left j Tab Tab Space j Space");
    assert_snapshot!(harness.render(120, 40));
}

#[test]
fn bundled_roadmap_120x40() {
    let roadmap = load(&RoadmapSource::Bundled).expect("the bundled roadmap loads");
    let mut harness = Harness::with(roadmap);
    harness.press("j Tab Tab Space");
    assert_snapshot!(harness.render(120, 40));
}

#[test]
fn bundled_roadmap_tab_bar_80x24() {
    let roadmap = load(&RoadmapSource::Bundled).expect("the bundled roadmap loads");
    let mut harness = Harness::with(roadmap);
    harness.press("G Tab");
    assert_snapshot!(harness.render(80, 24));
}
