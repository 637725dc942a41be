//! The header (roadmap title and overall gauge) and the footer (the focused
//! pane's key hints from the key map, or the latest message).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Widget};

use super::style;
use crate::report::{done_of, percent};
use crate::text::{truncate, width};
use crate::tui::App;
use crate::tui::action::{Action, Pane};
use crate::tui::app::Tone;
use crate::tui::keymap::{self, Binding, Scope};

/// The roadmap's title, the overall count and the overall gauge.
pub(super) fn render_header(app: &App, area: Rect, buf: &mut Buffer) {
    let [title_row, gauge_row] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let overall = app.tally.overall();
    let tally = if overall.complete() {
        format!("✓ complete · {}", done_of(&overall))
    } else {
        done_of(&overall)
    };
    let tally = if app.only_left {
        format!("only what is left · {tally}")
    } else {
        tally
    };
    // Every change would fail: said where the learner looks before acting.
    let tally = if app.store.is_read_only() {
        format!("read-only · {tally}")
    } else {
        tally
    };
    let room = usize::from(area.width).saturating_sub(width(&tally) + 3);
    let title = truncate(&app.roadmap.title, room);
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(width(&tally) + 1).unwrap_or(u16::MAX)),
    ])
    .areas(title_row);
    Line::from(vec![Span::raw(" "), Span::styled(title, style::BOLD)]).render(left, buf);
    Line::raw(tally).render(right, buf);
    LineGauge::default()
        .ratio((overall.percent() / 100.0).clamp(0.0, 1.0))
        .label(format!(" {:>6}", percent(&overall)))
        .filled_style(style::GAUGE_FILLED)
        .unfilled_style(style::GAUGE_UNFILLED)
        .filled_symbol("━")
        .unfilled_symbol("─")
        .render(gauge_row, buf);
}

/// The current message, or the hints of the keys that work here; `? help`
/// always on the right.
pub(super) fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let scopes: Vec<Scope> = app
        .scopes()
        .into_iter()
        .filter(|scope| *scope != Scope::Always)
        .collect();
    let (help, others): (Vec<&Binding>, Vec<&Binding>) =
        keymap::hinted(&scopes).partition(|binding| binding.action == Action::Help);
    let right: Vec<Span> = help.into_iter().flat_map(hint_spans).collect();
    let right_width = right.iter().map(Span::width).sum::<usize>();
    let room = usize::from(area.width).saturating_sub(right_width + 1);
    let mut left = vec![Span::raw(" ")];
    match &app.status {
        Some(status) => {
            let (icon, tone) = match status.tone {
                Tone::Info => ("• ", style::INFO),
                Tone::Success => ("✓ ", style::SUCCESS),
                Tone::Error => ("✗ ", style::ERROR),
            };
            let text = truncate(&status.text, room.saturating_sub(3));
            left.push(Span::styled(format!("{icon}{text}"), tone));
        }
        None => {
            let mut used = 1;
            // On a resource row nothing ticks: Enter opens it instead.
            let on_resource = app.resource.is_some() && app.focus == Pane::Milestones;
            if on_resource {
                let pair = [Span::styled("Enter", style::KEY), Span::raw(" open  ")];
                used += pair.iter().map(Span::width).sum::<usize>();
                left.extend(pair);
            }
            let ticks =
                |binding: &&Binding| matches!(binding.action, Action::Toggle | Action::Skip);
            for binding in others
                .iter()
                .filter(|binding| !(on_resource && ticks(binding)))
            {
                let pair = hint_spans(binding);
                let pair_width: usize = pair.iter().map(Span::width).sum();
                if used + pair_width > room {
                    break;
                }
                used += pair_width;
                left.extend(pair);
            }
        }
    }
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(right_width).unwrap_or(u16::MAX)),
    ])
    .areas(area);
    Line::from(left).render(left_area, buf);
    Line::from(right).render(right_area, buf);
}

/// `key hint` for the footer, from the binding's first key.
fn hint_spans(binding: &Binding) -> Vec<Span<'static>> {
    let (Some(key), Some(hint)) = (binding.keys.first(), binding.hint) else {
        return Vec::new();
    };
    vec![
        Span::styled(key.label(), style::KEY),
        Span::raw(format!(" {hint}  ")),
    ]
}
