//! The phases pane, the phase tab bar (two-pane layout) and the topics
//! pane: windowed lists, one row per item, drawn only where visible.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{ViewState, glyph, pane_block, scroll_marks, style};
use crate::progress::Counts;
use crate::report::percent;
use crate::text::one_line;
use crate::text::{truncate, width};
use crate::tui::App;
use crate::tui::action::Pane;
use crate::tui::mouse::{ListArea, Regions};
use crate::tui::scroll::Scroll;
use crate::tui::tally::TopicAt;

/// One list row: a title with its progress glyph and a right-hand count.
struct Row<'a> {
    title: &'a str,
    counts: Counts,
    right: String,
}

/// The phases pane: each phase with its glyph and percentage.
pub(super) fn render_phases(app: &App, area: Rect, buf: &mut Buffer, view: &mut ViewState) {
    let rows = app.rows(Pane::Phases);
    let list = List {
        title: Line::from(" Phases "),
        focused: app.focus == Pane::Phases,
        len: rows.len(),
        selected: app.selected_row(Pane::Phases),
        scroll: &mut view.phases,
    };
    let area = list.render(area, buf, |row| {
        let n = *rows.get(row)?;
        let counts = app.tally.phase(n);
        Some(Row {
            title: &app.roadmap.phases.get(n)?.title,
            counts,
            right: percent(&counts),
        })
    });
    view.regions.panes.phases = Some(area);
}

/// The topics pane: the selected phase's topics with done of what makes
/// 100%, as `trek status` counts them.
pub(super) fn render_topics(app: &App, area: Rect, buf: &mut Buffer, view: &mut ViewState) {
    let phase_title = app
        .current_phase()
        .map(|phase| one_line(&phase.title).into_owned())
        .unwrap_or_default();
    let topics = app.phase_topics();
    let rows = app.rows(Pane::Topics);
    let room = usize::from(area.width).saturating_sub(4);
    let list = List {
        title: Line::from(format!(
            " {} ",
            truncate(&format!("Topics · {phase_title}"), room)
        )),
        focused: app.focus == Pane::Topics,
        len: rows.len(),
        selected: app.selected_row(Pane::Topics),
        scroll: &mut view.topics,
    };
    let area = list.render(area, buf, |row| {
        let n = *rows.get(row)?;
        let counts = app.tally.topic(TopicAt {
            phase: app.phase,
            topic: n,
        });
        Some(Row {
            title: &topics.get(n)?.title,
            counts,
            right: format!("{}/{}", counts.done, counts.asked()),
        })
    });
    view.regions.panes.topics = Some(area);
}

/// A bordered list with a selection, of which only the window is drawn.
struct List<'a> {
    title: Line<'a>,
    focused: bool,
    len: usize,
    selected: usize,
    scroll: &'a mut Scroll,
}

impl List<'_> {
    /// Draws the rows in view, each made by `row` from its index; returns
    /// where the rows went.
    fn render<'r>(
        self,
        area: Rect,
        buf: &mut Buffer,
        row: impl Fn(usize) -> Option<Row<'r>>,
    ) -> ListArea {
        let block = pane_block(self.title, self.focused);
        let inner = block.inner(area);
        let height = usize::from(inner.height);
        let selected = self.selected;
        let offset = self.scroll.window(self.len, height, selected..selected + 1);
        scroll_marks(block, offset, height, self.len).render(area, buf);
        let visible = offset..self.len.min(offset + height);
        for (y, n) in (inner.y..inner.bottom()).zip(visible) {
            let Some(row) = row(n) else {
                continue;
            };
            let highlight = match (n == selected, self.focused) {
                (true, true) => Some(style::SELECTED_FOCUSED),
                (true, false) => Some(style::SELECTED),
                (false, _) => None,
            };
            render_row(&row, highlight, Rect::new(inner.x, y, inner.width, 1), buf);
        }
        ListArea {
            area: inner,
            offset,
        }
    }
}

/// `▸ ◐ Title ……… 2/5`: the marker shows the selection without colour.
fn render_row(row: &Row, highlight: Option<Style>, area: Rect, buf: &mut Buffer) {
    let (glyph, glyph_style) = glyph(row.counts);
    let marker = if highlight.is_some() { "▸ " } else { "  " };
    let right_width = width(&row.right);
    let room = usize::from(area.width).saturating_sub(4 + right_width + 1);
    let title = truncate(row.title, room);
    let gap = room.saturating_sub(width(&title)) + 1;
    Line::from(vec![
        Span::raw(marker),
        Span::styled(glyph, glyph_style),
        Span::raw(" "),
        Span::raw(title),
        Span::raw(" ".repeat(gap)),
        Span::styled(row.right.clone(), style::DIM),
    ])
    .render(area, buf);
    if let Some(highlight) = highlight {
        buf.set_style(area, highlight);
    }
}

/// The phases as one row of tabs, the selected one always in view, with
/// `‹` and `›` where tabs are cut off.
pub(super) fn render_tabs(app: &App, area: Rect, buf: &mut Buffer, regions: &mut Regions) {
    let phases = &app.roadmap.phases;
    // Tabs are numbered as listed, which the filter may make fewer.
    let rows = app.rows(Pane::Phases);
    let selected = app.selected_row(Pane::Phases);
    let focused = app.focus == Pane::Phases;
    let room = usize::from(area.width).saturating_sub(4);
    let label = |tab: usize| {
        let Some(&n) = rows.get(tab) else {
            return String::new();
        };
        let counts = app.tally.phase(n);
        let (glyph, _) = glyph(counts);
        let title = phases.get(n).map_or("", |phase| phase.title.as_str());
        let title = truncate(title, room.saturating_sub(8));
        let marker = if tab == selected { "▸" } else { " " };
        format!("{marker} {glyph} {title} {} ", percent(&counts))
    };
    let Some(selected_label) = rows.get(selected).map(|_| label(selected)) else {
        return;
    };
    // Grow the window from the selected tab: some tabs before it, then
    // after it, then before it again with what is left.
    let mut used = width(&selected_label);
    let (mut first, mut last) = (selected, selected);
    let fits = |used: usize, n: usize, limit: usize| {
        let w = width(&label(n)) + 1;
        (used + w <= limit).then_some(w)
    };
    while first > 0 {
        let Some(w) = fits(used, first - 1, room / 2) else {
            break;
        };
        first -= 1;
        used += w;
    }
    while last + 1 < rows.len() {
        let Some(w) = fits(used, last + 1, room) else {
            break;
        };
        last += 1;
        used += w;
    }
    while first > 0 {
        let Some(w) = fits(used, first - 1, room) else {
            break;
        };
        first -= 1;
        used += w;
    }
    let mut spans = vec![Span::styled(
        if first > 0 { "‹ " } else { "  " },
        style::DIM,
    )];
    let mut x = area.x + 2;
    for n in first..=last {
        if n > first {
            spans.push(Span::styled("│", style::DIM));
            x += 1;
        }
        let text = label(n);
        let tab_width = u16::try_from(width(&text)).unwrap_or(u16::MAX);
        regions.tabs.push((x..x.saturating_add(tab_width), n));
        x = x.saturating_add(tab_width);
        let tab_style = match (n == selected, focused) {
            (true, true) => style::SELECTED_FOCUSED,
            (true, false) => style::SELECTED.add_modifier(Modifier::UNDERLINED),
            (false, _) => Style::new(),
        };
        spans.push(Span::styled(text, tab_style));
    }
    if last + 1 < rows.len() {
        spans.push(Span::styled(" ›", style::DIM));
    }
    Line::from(spans).render(area, buf);
    regions.panes.tabs = Some(area);
}
