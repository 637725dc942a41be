//! The detail pane: the selected topic in full, and the note editor.
//!
//! The topic becomes a list of wrapped lines at the pane's width (summary,
//! milestones as checkboxes, the learner's note, body, resources, pitfalls,
//! code examples), milestones first so the part a learner acts on is in
//! view without scrolling. Only the window of it that fits is drawn; the
//! window follows the milestone cursor unless the learner scrolled.

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
use crate::tui::keymap::{Scope, key_for};
use crate::tui::mouse::MilestoneRow;
use crate::tui::note::NoteEditor;
use crate::tui::output::Link;

/// Rows the note editor takes at most.
const EDITOR_MAX_HEIGHT: u16 = 14;

/// A line of the detail text, the milestone it belongs to, and the
/// address its last span shows.
struct DocLine {
    line: Line<'static>,
    row: Option<MilestoneRow>,
    link: Option<String>,
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

    let doc = document(app, topic, usize::from(text_area.width), focused);
    let start = doc
        .iter()
        .position(|line| line.row.is_some_and(|row| row.milestone == app.milestone))
        .unwrap_or(0);
    let end = start
        + doc[start..]
            .iter()
            .take_while(|line| line.row.is_some_and(|row| row.milestone == app.milestone))
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
    let block = match up {
        Some(more) => block.title_top(Line::from(more).right_aligned()),
        None => block,
    };
    block.render(area, buf);

    for (y, doc_line) in (text_area.y..text_area.bottom()).zip(doc.iter().skip(offset)) {
        let row_area = Rect::new(text_area.x, y, text_area.width, 1);
        doc_line.line.clone().render(row_area, buf);
        if focused
            && doc_line
                .row
                .is_some_and(|row| row.milestone == app.milestone)
        {
            buf.set_style(row_area, style::SELECTED_FOCUSED);
        }
        view.regions.detail_rows.push(doc_line.row);
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

fn document(app: &App, topic: &Topic, width: usize, focused: bool) -> Vec<DocLine> {
    let mut doc = Doc {
        lines: Vec::new(),
        width,
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
        let marker = if focused && n == app.milestone {
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
                    line,
                    row: Some(MilestoneRow {
                        milestone: n,
                        first: line_index == 0,
                    }),
                    link: None,
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
        for resource in &topic.resources {
            let title = format!("{} ({})", resource.title, resource.kind.as_str());
            doc.text(vec![Span::raw("• ")], &title, Style::new(), false);
            doc.url(&resource.url);
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

/// The detail text being built, at one width.
struct Doc {
    lines: Vec<DocLine>,
    width: usize,
}

impl Doc {
    fn push(&mut self, line: Line<'static>) {
        self.lines.push(DocLine {
            line,
            row: None,
            link: None,
        });
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
            line: Line::from(vec![Span::raw("  "), Span::styled(shown, style::URL)]),
            row: None,
            link: Some(url.to_owned()),
        });
    }

    /// Code as a block: never wrapped (cut at the edge), tabs as spaces.
    fn code(&mut self, code: &str) {
        let room = self.width.saturating_sub(2);
        for source in terminal_safe(code).lines() {
            let source = source.replace('\t', "    ");
            let cut = truncate(&source, room).into_owned();
            self.push(Line::from(vec![
                Span::styled("│ ", style::DIM),
                Span::styled(cut, style::CODE),
            ]));
        }
    }
}
