//! The detail pane: the selected topic in full, and the note editor.
//!
//! The topic becomes a list of wrapped lines at the pane's width (summary,
//! milestones as checkboxes, the learner's note, body, resources, pitfalls,
//! code examples), milestones first so the part a learner acts on is in
//! view without scrolling. Only the window of it that fits is drawn; the
//! window follows the cursor (on a milestone, or on a resource past them)
//! unless the learner scrolled. Prose wraps; code is never wrapped but
//! pans sideways, and a code line cut at an edge is marked there.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::wrap::wrap;
use super::{ViewState, pane_block, style};
use crate::report::done_of;
use crate::roadmap::{Address, Topic};
use crate::store::State;
use crate::text::terminal_safe;
use crate::text::{truncate, width};
use crate::tui::App;
use crate::tui::action::{Action, Pane};
use crate::tui::app::Mode;
use crate::tui::keymap::{PAN, Scope, key_for};
use crate::tui::mouse::{DetailRow, MilestoneRow};
use crate::tui::note::NoteEditor;
use crate::tui::output::Link;

/// Rows the note editor takes at most.
const EDITOR_MAX_HEIGHT: u16 = 14;

/// Columns before a code line's text: the `│ ` gutter.
const CODE_GUTTER: usize = 2;

/// A line of the detail text, the milestone or resource it belongs to,
/// and the address its last span shows.
struct DocLine {
    line: Line<'static>,
    row: Option<MilestoneRow>,
    resource: Option<usize>,
    /// A code line cut at an edge, which panning would show more of.
    cut: bool,
    link: Option<String>,
}

impl DocLine {
    fn new(line: Line<'static>) -> Self {
        DocLine {
            line,
            row: None,
            resource: None,
            cut: false,
            link: None,
        }
    }

    /// What a click on the line selects.
    fn region(&self) -> Option<DetailRow> {
        self.row
            .map(DetailRow::Milestone)
            .or(self.resource.map(DetailRow::Resource))
    }

    /// Whether the line is part of what the detail cursor is on.
    fn under_cursor(&self, app: &App) -> bool {
        match app.resource {
            Some(resource) => self.resource == Some(resource),
            None => self.row.is_some_and(|row| row.milestone == app.milestone),
        }
    }
}

/// The selected topic in full, and the note editor below it when open.
pub(super) fn render_detail(app: &App, area: Rect, buf: &mut Buffer, view: &mut ViewState) {
    let focused = app.focus == Pane::Milestones;
    let Some(topic) = app.current_topic() else {
        pane_block(Line::from(" Topic "), focused).render(area, buf);
        return;
    };
    let inner = pane_block(Line::default(), focused)
        .inner(area)
        .inner(Margin::new(1, 0));
    let editor = match &app.mode {
        Mode::Note(editor) if editor.topic() == app.tally.flat(app.current_at()) => Some(editor),
        _ => None,
    };
    let (text_area, editor_area) = match editor {
        Some(_) => {
            let height = (inner.height / 2).clamp(5, EDITOR_MAX_HEIGHT);
            let [text, editor] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(height)]).areas(inner);
            (text, Some(editor))
        }
        None => (inner, None),
    };

    let text_width = usize::from(text_area.width);
    let shift = view
        .detail
        .pan_window(widest_code(topic), text_width.saturating_sub(CODE_GUTTER));
    let doc = document(app, topic, text_width, shift, focused);
    let start = doc
        .iter()
        .position(|line| line.under_cursor(app))
        .unwrap_or(0);
    let end = start
        + doc[start..]
            .iter()
            .take_while(|line| line.under_cursor(app))
            .count();
    let height = usize::from(text_area.height);
    let offset = view.detail.window(doc.len(), height, start..end);
    let up = (offset > 0).then(|| format!(" ↑ more: {} ", key_for(Scope::Browse, Action::PageUp)));
    let room = usize::from(area.width).saturating_sub(4 + up.as_deref().map_or(0, width));
    let title = truncate(&topic.title, room);
    let block = pane_block(
        Line::from(vec![
            Span::raw(" "),
            Span::styled(title, style::BOLD),
            Span::raw(" "),
        ]),
        focused,
    );
    let block = if offset + height < doc.len() {
        let more = format!(" ↓ more: {} ", key_for(Scope::Browse, Action::PageDown));
        block.title_bottom(Line::from(more).right_aligned())
    } else {
        block
    };
    let window = doc.iter().skip(offset).take(height);
    let block = if window.clone().any(|line| line.cut) {
        let pan = format!(
            " {} {} pan the code ",
            key_for(Scope::Milestones, Action::Pan(-PAN)),
            key_for(Scope::Milestones, Action::Pan(PAN))
        );
        block.title_bottom(Line::from(pan))
    } else {
        block
    };
    let block = match up {
        Some(more) => block.title_top(Line::from(more).right_aligned()),
        None => block,
    };
    block.render(area, buf);

    for (y, doc_line) in (text_area.y..text_area.bottom()).zip(window) {
        let row_area = Rect::new(text_area.x, y, text_area.width, 1);
        doc_line.line.clone().render(row_area, buf);
        if focused && doc_line.under_cursor(app) {
            buf.set_style(row_area, style::SELECTED_FOCUSED);
        }
        view.regions.detail_rows.push(doc_line.region());
        if let (Some(url), Some(text)) = (&doc_line.link, doc_line.line.spans.last()) {
            let before = doc_line.line.width() - text.width();
            view.regions.links.push(Link {
                x: row_area
                    .x
                    .saturating_add(u16::try_from(before).unwrap_or(u16::MAX)),
                y,
                text: text.content.to_string(),
                url: url.clone(),
            });
        }
    }
    view.regions.panes.detail = Some(text_area);

    if let (Some(editor), Some(editor_area)) = (editor, editor_area) {
        render_editor(editor, editor_area, buf);
    }
}

/// The note editor; an empty one shows a hint where the text will go, its
/// first letter under the cursor, so hint and text share one inset.
fn render_editor(editor: &NoteEditor, area: Rect, buf: &mut Buffer) {
    (&editor.textarea).render(area, buf);
    let inner = editor
        .textarea
        .block()
        .map_or(area, |block| block.inner(area));
    if editor.is_empty() && !inner.is_empty() {
        let hint = "Write your note here.";
        buf.set_stringn(inner.x, inner.y, hint, usize::from(inner.width), style::DIM);
        let first = Rect::new(inner.x, inner.y, 1, 1);
        buf.set_style(first, editor.textarea.cursor_style());
    }
}

/// The detail text at `width` columns, its code panned `shift` columns.
fn document(app: &App, topic: &Topic, width: usize, shift: usize, focused: bool) -> Vec<DocLine> {
    let mut doc = Doc {
        lines: Vec::new(),
        width,
        shift,
    };
    if !topic.summary.is_empty() {
        doc.text(vec![], &topic.summary, style::ITALIC, false);
    }
    let counts = app.tally.topic(app.current_at());
    let mut facts = Vec::new();
    if let Some(estimate) = &topic.estimate {
        facts.push(format!("Estimate: {estimate}"));
    }
    facts.push(done_of(&counts));
    if let Some(required) = topic.required {
        facts.push(format!("any {required} complete the topic"));
    }
    doc.text(vec![], &facts.join(" · "), style::DIM, false);
    if let Some(line) = app.review_line(&topic.id) {
        doc.text(vec![], line, style::DIM, false);
    }

    doc.heading("Milestones");
    let at = app.current_at();
    let shown = topic.milestones.iter().enumerate();
    for (n, milestone) in shown.filter(|(n, _)| app.shows_milestone(at, *n)) {
        let state = app.progress.state(&Address::new(&topic.id, &milestone.id));
        let (checkbox, checkbox_style, text_style) = match state {
            State::Done => ("[x]", style::COMPLETE, Style::new()),
            State::Todo => ("[ ]", Style::new(), Style::new()),
            State::Skipped => ("[-]", style::DIM, style::SKIPPED),
        };
        let marker = if focused && app.resource.is_none() && n == app.milestone {
            "▸ "
        } else {
            "  "
        };
        let prefix = vec![
            Span::raw(marker),
            Span::styled(checkbox, checkbox_style),
            Span::raw(" "),
        ];
        let text = if milestone.optional {
            format!("{} (optional)", milestone.text)
        } else {
            milestone.text.clone()
        };
        let new = app
            .progress
            .new
            .contains(&Address::new(&topic.id, &milestone.id));
        let text = if new { format!("{text} (new)") } else { text };
        let lines = wrap(prefix, &text, width, text_style, false);
        doc.lines.extend(
            lines
                .into_iter()
                .enumerate()
                .map(|(line_index, line)| DocLine {
                    row: Some(MilestoneRow {
                        milestone: n,
                        first: line_index == 0,
                    }),
                    ..DocLine::new(line)
                }),
        );
    }

    doc.heading("Note");
    match app.progress.notes.get(&topic.id) {
        Some(note) => doc.text(vec![], &note.text, Style::new(), true),
        None => {
            let hint = format!(
                "No note yet: {} writes one here, {} opens $EDITOR.",
                key_for(Scope::Browse, Action::EditNote),
                key_for(Scope::Browse, Action::EditNoteExternally),
            );
            doc.text(vec![], &hint, style::DIM, false);
        }
    }

    if !topic.body.trim().is_empty() {
        doc.heading("About");
        doc.text(vec![], &topic.body, Style::new(), true);
    }
    if !topic.resources.is_empty() {
        doc.heading("Resources");
        for (n, resource) in topic.resources.iter().enumerate() {
            let first = doc.lines.len();
            let title = format!("{} ({})", resource.title, resource.kind.as_str());
            let bullet = if focused && app.resource == Some(n) {
                "▸ "
            } else {
                "• "
            };
            doc.text(vec![Span::raw(bullet)], &title, Style::new(), false);
            doc.url(&resource.url);
            for line in &mut doc.lines[first..] {
                line.resource = Some(n);
            }
        }
    }
    if !topic.pitfalls.is_empty() {
        doc.heading("Pitfalls");
        for pitfall in &topic.pitfalls {
            doc.text(vec![Span::raw("• ")], pitfall, Style::new(), true);
        }
    }
    if !topic.examples.is_empty() {
        doc.heading("Examples");
        for (n, example) in topic.examples.iter().enumerate() {
            if n > 0 {
                doc.blank();
            }
            let title = format!("{} ({})", example.title, example.lang);
            doc.text(vec![], &title, style::BOLD, false);
            doc.code(&example.code);
        }
    }
    doc.lines
}

/// The detail text being built, at one width and one pan of its code.
struct Doc {
    lines: Vec<DocLine>,
    width: usize,
    shift: usize,
}

impl Doc {
    fn push(&mut self, line: Line<'static>) {
        self.lines.push(DocLine::new(line));
    }

    fn blank(&mut self) {
        self.push(Line::default());
    }

    fn heading(&mut self, text: &'static str) {
        self.blank();
        self.push(Line::styled(text, style::HEADING));
    }

    fn text(&mut self, prefix: Vec<Span<'static>>, text: &str, base: Style, markdown: bool) {
        for line in wrap(prefix, text, self.width, base, markdown) {
            self.push(line);
        }
    }

    /// A URL on a line of its own, never broken, so the terminal can
    /// detect it; one too long for the pane is cut with `…`, and its link
    /// still points to the whole address.
    fn url(&mut self, url: &str) {
        let shown = truncate(url, self.width.saturating_sub(2)).into_owned();
        self.lines.push(DocLine {
            link: Some(url.to_owned()),
            ..DocLine::new(Line::from(vec![
                Span::raw("  "),
                Span::styled(shown, style::URL),
            ]))
        });
    }

    /// Code as a block: never wrapped, tabs as spaces, panned by the
    /// shift; a line cut at the left edge starts with `←`, one cut at the
    /// right ends with `→`, so the learner knows there is more to pan to.
    fn code(&mut self, code: &str) {
        let room = self.width.saturating_sub(CODE_GUTTER);
        for source in code_lines(code) {
            let line_width = width(&source);
            let left = self.shift > 0 && line_width > 0;
            let right = line_width > self.shift + room;
            let from = self.shift + usize::from(left);
            let len = room.saturating_sub(usize::from(left) + usize::from(right));
            let mut spans = vec![Span::styled("│ ", style::DIM)];
            if left {
                spans.push(Span::styled("←", style::DIM));
            }
            spans.push(Span::styled(columns(&source, from, len), style::CODE));
            if right {
                spans.push(Span::styled("→", style::DIM));
            }
            self.lines.push(DocLine {
                cut: left || right,
                ..DocLine::new(Line::from(spans))
            });
        }
    }
}

/// A code example's lines as drawn: terminal-safe, tabs as four spaces.
fn code_lines(code: &str) -> Vec<String> {
    terminal_safe(code)
        .lines()
        .map(|line| line.replace('\t', "    "))
        .collect()
}

/// The widest line of the topic's code, in columns: how far it can pan.
fn widest_code(topic: &Topic) -> usize {
    topic
        .examples
        .iter()
        .flat_map(|example| code_lines(&example.code))
        .map(|line| width(&line))
        .max()
        .unwrap_or(0)
}

/// The `len` columns of `text` from column `from`; a wide character cut by
/// either edge shows as spaces, so what follows stays in its column.
fn columns(text: &str, from: usize, len: usize) -> String {
    let end = from + len;
    let mut kept = String::new();
    let mut at = 0;
    for c in text.chars() {
        let next = at + width(c.encode_utf8(&mut [0; 4]));
        if next > end {
            kept.push_str(&" ".repeat(end.saturating_sub(at.max(from))));
            break;
        }
        if at >= from {
            kept.push(c);
        } else if next > from {
            kept.push_str(&" ".repeat(next - from));
        }
        at = next;
    }
    kept
}
