//! The review screen, over the whole main screen: one due topic, its
//! questions (answers hidden until Space), and the four ratings with the
//! interval each leads to; after Again, the milestones to reopen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::style;
use super::wrap::wrap;
use crate::review::words::{prompts, recall};
use crate::roadmap::{Address, Topic};
use crate::store::State;
use crate::text::truncate;
use crate::tui::App;
use crate::tui::action::Action;
use crate::tui::keymap::{Scope, key_for};
use crate::tui::review::{MARKS, Reopen, ReviewSession};

/// Draws the session over `area`.
pub(super) fn render_review(app: &App, session: &ReviewSession, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let Some(topic) = app.review_topic() else {
        return;
    };
    let place = format!(" Review {} of {} ", session.index + 1, session.topics.len());
    let leave = key_for(Scope::Review, Action::Close);
    let block = Block::bordered()
        .border_set(ratatui::symbols::border::DOUBLE)
        .border_style(style::FOCUSED_BORDER)
        .title(Line::styled(place, style::BOLD))
        .title_bottom(Line::from(format!(" {leave} leaves; ratings are saved ")).right_aligned());
    let inner = block.inner(area).inner(Margin::new(1, 0));
    block.render(area, buf);
    let width = usize::from(inner.width);
    let mut top = heading(topic, session, width);
    top.push(Line::default());
    top.extend(questions(topic, session.revealed, width));
    // What the learner answers with stays in view at the bottom, however
    // many questions there are; questions that do not fit are cut.
    let bottom = match &session.reopen {
        Some(reopen) => reopening(app, topic, reopen, width),
        None => ratings(session, width),
    };
    let bottom_height = u16::try_from(bottom.len() + 1)
        .unwrap_or(u16::MAX)
        .min(inner.height);
    let top_height = u16::try_from(top.len())
        .unwrap_or(u16::MAX)
        .min(inner.height - bottom_height);
    let [top_area, bottom_area, _] = Layout::vertical([
        Constraint::Length(top_height),
        Constraint::Length(bottom_height),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let room = usize::from(top_area.height);
    if top.len() > room && room > 0 {
        top.truncate(room - 1);
        top.push(Line::styled("…", style::DIM));
    }
    draw_lines(top, top_area, buf);
    // One blank row between the questions and the answers' area.
    let below_gap = Rect {
        y: bottom_area.y.saturating_add(1),
        height: bottom_area.height.saturating_sub(1),
        ..bottom_area
    };
    draw_lines(bottom, below_gap, buf);
}

/// Draws `lines` from the top of `area`, as many as fit.
fn draw_lines(lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    for (y, line) in (area.y..area.bottom()).zip(lines) {
        line.render(Rect::new(area.x, y, area.width, 1), buf);
    }
}

/// The title, and when it was due with the recall expected now.
fn heading(topic: &Topic, session: &ReviewSession, width: usize) -> Vec<Line<'static>> {
    let title = vec![Span::styled(
        truncate(&topic.title, width).into_owned(),
        style::BOLD,
    )];
    let facts = format!(
        "{} · recall {}",
        session.card.when,
        recall(session.card.recall)
    );
    vec![Line::from(title), Line::styled(facts, style::DIM)]
}

/// The questions, answers shown once revealed; a topic without questions
/// asks for its milestones instead.
fn questions(topic: &Topic, revealed: bool, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if topic.checks.is_empty() {
        let ask = "No questions here: can you still do each of these?";
        lines.extend(wrap(vec![], ask, width, style::ITALIC, false));
    }
    for (n, prompt) in prompts(topic).iter().enumerate() {
        let number = vec![Span::styled(format!("{}. ", n + 1), style::HEADING)];
        lines.extend(wrap(number, prompt.question, width, Style::new(), false));
        match prompt.answer {
            Some(answer) if revealed => {
                let indent = vec![Span::raw("   ")];
                lines.extend(wrap(indent, answer, width, style::COMPLETE, false));
            }
            Some(_) => lines.push(Line::styled("   …", style::DIM)),
            None => {}
        }
    }
    if !revealed && !topic.checks.is_empty() {
        let reveal = key_for(Scope::Review, Action::Reveal);
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("{reveal} shows the answers"),
            style::DIM,
        ));
    }
    lines
}

/// "1 Again 3d   2 Hard 16d   3 Good 59d   4 Easy 161d", wrapped to fit.
fn ratings(session: &ReviewSession, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("How well did you recall it?", style::BOLD)];
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (index, (mark, days)) in MARKS.iter().zip(session.card.intervals).enumerate() {
        let key = key_for(Scope::Review, Action::Rate(*mark)).into_owned();
        let label = format!(" {} {days}d", capitalised(mark.as_str()));
        let cell = key.chars().count() + label.chars().count() + 3;
        if used > 0 && used + cell > width {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if index > 0 && used > 0 {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(key, style::KEY));
        spans.push(Span::raw(label));
        used += cell;
    }
    lines.push(Line::from(spans));
    lines
}

/// After Again: the topic's milestones, those chosen to be reopened ticked.
fn reopening(app: &App, topic: &Topic, reopen: &Reopen, width: usize) -> Vec<Line<'static>> {
    let choose = key_for(Scope::Review, Action::Reveal);
    let confirm = key_for(Scope::Review, Action::Confirm);
    let mut lines = vec![
        Line::styled("Forgotten. Reopen milestones to relearn them?", style::BOLD),
        Line::styled(
            format!("{choose} chooses, {confirm} reopens the chosen, Esc reopens none"),
            style::DIM,
        ),
    ];
    for (n, (milestone, chosen)) in topic.milestones.iter().zip(&reopen.chosen).enumerate() {
        let state = app.progress.state(&Address::new(&topic.id, &milestone.id));
        let marker = if n == reopen.cursor { "▸ " } else { "  " };
        let checkbox = if *chosen { "[x] " } else { "[ ] " };
        let text_style = if state == State::Todo {
            style::DIM
        } else {
            Style::new()
        };
        let prefix = vec![Span::raw(marker), Span::styled(checkbox, style::KEY)];
        let mut wrapped = wrap(prefix, &milestone.text, width, text_style, false);
        if n == reopen.cursor {
            for line in &mut wrapped {
                *line = line.clone().style(style::SELECTED_FOCUSED);
            }
        }
        lines.extend(wrapped);
    }
    lines
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
