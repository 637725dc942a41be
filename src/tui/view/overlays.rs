//! What is drawn over the main screen: the help (from the key map), the
//! finale, and the too-small notice. The search has a file of its own.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::style;
use super::wrap::wrap;
use crate::text::{truncate, width};
use crate::tui::App;
use crate::tui::action::Action;
use crate::tui::keymap::{self, BINDINGS, HELP_ORDER, Scope, key_for};
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::scroll::Scroll;

/// Instead of panes, when the terminal is below the minimum size.
pub(super) fn render_too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "Terminal too small ({}x{}): trek needs {MIN_WIDTH}x{MIN_HEIGHT}. {} quits.",
        area.width,
        area.height,
        key_for(Scope::Browse, Action::Quit)
    );
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// Every binding of the key map, grouped by where it applies; in two
/// columns when the terminal is wide enough.
pub(super) fn render_help(area: Rect, buf: &mut Buffer, scroll: &mut Scroll) {
    let keys_width = BINDINGS
        .iter()
        .map(|binding| width(&keymap::labels(binding)))
        .max()
        .unwrap_or(0);
    let sections: Vec<Vec<Line>> = HELP_ORDER
        .iter()
        .map(|&scope| {
            // Styles on spans, never on the line: the right column's spans
            // join the left's line, and a line's style would cover both.
            let mut lines = vec![Line::from(Span::styled(scope.heading(), style::HEADING))];
            for binding in BINDINGS.iter().filter(|binding| binding.scope == scope) {
                let keys = keymap::labels(binding);
                let pad = " ".repeat(keys_width.saturating_sub(width(&keys)) + 2);
                lines.push(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(keys, style::KEY),
                    Span::raw(pad),
                    Span::raw(binding.description),
                ]));
            }
            lines.push(Line::default());
            lines
        })
        .collect();
    let column_width = sections
        .iter()
        .flatten()
        .map(Line::width)
        .max()
        .unwrap_or(0);
    let total: usize = sections.iter().map(Vec::len).sum();
    let two_columns = usize::from(area.width) >= 2 * column_width + 8;
    let mut left = Vec::new();
    let mut right = Vec::new();
    for section in sections {
        if two_columns && left.len() >= total / 2 {
            right.extend(section);
        } else {
            left.extend(section);
        }
    }
    let mut lines = Vec::with_capacity(left.len());
    let mut right = right.into_iter();
    for mut line in left {
        if let Some(other) = right.next() {
            let pad = column_width.saturating_sub(line.width()) + 3;
            line.spans.push(Span::raw(" ".repeat(pad)));
            line.spans.extend(other.spans);
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|line| line.width() == 0) {
        lines.pop();
    }
    let content_width = lines.iter().map(Line::width).max().unwrap_or(0);
    let close = key_for(Scope::Overlay, Action::Close);
    let block = Block::bordered()
        .title(Line::styled(" Keys ", style::BOLD))
        .title_bottom(Line::from(format!(" {close} closes ")).right_aligned());
    render_scrolled(block, lines, content_width, scroll, area, buf);
}

/// The roadmap's finale, shown once the whole trek is complete.
pub(super) fn render_finale(app: &App, area: Rect, buf: &mut Buffer, scroll: &mut Scroll) {
    let finale = &app.roadmap.finale;
    let content_width = usize::from(area.width.min(72)).saturating_sub(4);
    let mut lines = wrap(vec![], &finale.body, content_width, Style::new(), true);
    if !finale.next.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled("What's next", style::HEADING));
        for step in &finale.next {
            lines.extend(wrap(
                vec![Span::raw("• ")],
                step,
                content_width,
                Style::new(),
                true,
            ));
        }
    }
    let title = truncate(&finale.title, content_width.saturating_sub(2));
    let close = key_for(Scope::Overlay, Action::Close);
    let block = Block::bordered()
        .border_set(ratatui::symbols::border::DOUBLE)
        .border_style(style::SUCCESS)
        .title(Line::from(vec![
            Span::raw(" "),
            Span::styled(title, style::BOLD),
            Span::raw(" "),
        ]))
        .title_bottom(Line::from(format!(" {close} closes ")).right_aligned());
    render_scrolled(block, lines, content_width, scroll, area, buf);
}

/// Draws `lines` in a bordered box centred in `area`, as many as fit,
/// starting where `scroll` says.
fn render_scrolled(
    block: Block<'_>,
    lines: Vec<Line<'_>>,
    content_width: usize,
    scroll: &mut Scroll,
    area: Rect,
    buf: &mut Buffer,
) {
    let width = u16::try_from(content_width + 4).unwrap_or(u16::MAX);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width, height, 0);
    Clear.render(popup, buf);
    let inner = block.inner(popup).inner(Margin::new(1, 0));
    let offset = scroll.window(lines.len(), usize::from(inner.height), 0..0);
    let block = if offset + usize::from(inner.height) < lines.len() {
        block.title_bottom(Line::from(" ↓ more ").left_aligned())
    } else {
        block
    };
    let block = if offset > 0 {
        block.title_top(Line::from(" ↑ more ").right_aligned())
    } else {
        block
    };
    block.render(popup, buf);
    for (y, line) in (inner.y..inner.bottom()).zip(lines.iter().skip(offset)) {
        buf.set_line(inner.x, y, line, inner.width);
    }
}

/// A `width` x `height` box centred in `area` (or `top` rows from its top),
/// shrunk to fit.
pub(super) fn centered(area: Rect, width: u16, height: u16, top: u16) -> Rect {
    let width = width
        .min(area.width.saturating_sub(2))
        .max(area.width.min(1));
    let height = height
        .min(area.height.saturating_sub(2))
        .max(area.height.min(1));
    let x = area.x + (area.width - width) / 2;
    let y = if top > 0 {
        area.y + top.min(area.height - height)
    } else {
        area.y + (area.height - height) / 2
    };
    Rect::new(x, y, width, height)
}
