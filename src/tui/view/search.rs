//! The search overlay: the query line with its cursor, how many matched,
//! and the matches best first, their matched characters marked. A long
//! text is shown from a little before its first match, so truncation never
//! hides what matched.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};
use unicode_width::UnicodeWidthChar;

use super::overlays::centered;
use super::style;
use crate::text::one_line;
use crate::tui::App;
use crate::tui::scroll::Scroll;
use crate::tui::search::{Field, Search};

/// Matched characters: bold and underlined, so they show without colour.
const MATCHED: Style = Style::new()
    .fg(Color::Yellow)
    .add_modifier(Modifier::BOLD)
    .add_modifier(Modifier::UNDERLINED);

/// The cell under the query's cursor.
const CURSOR: Style = Style::new().add_modifier(Modifier::REVERSED);

/// Columns before a row's text: the choice mark and the field's label.
const LEAD: usize = 12;

/// Characters shown before a text's first match when the text is cut.
const CONTEXT: usize = 12;

/// The search line, how many matched, and the matches to choose from.
pub(super) fn render_search(
    app: &App,
    search: &Search,
    area: Rect,
    buf: &mut Buffer,
    scroll: &mut Scroll,
) {
    let popup = centered(area, 90, 22, 1);
    Clear.render(popup, buf);
    let block = Block::bordered().title(Line::styled(" Search ", style::BOLD));
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.is_empty() {
        return;
    }
    let room = usize::from(inner.width);
    buf.set_line(inner.x, inner.y, &query_line(search, room), inner.width);
    if inner.height > 1 {
        let summary = Line::styled(summary(search), style::DIM);
        buf.set_line(inner.x, inner.y + 1, &summary, inner.width);
    }
    let list = Rect {
        y: inner.y.saturating_add(2).min(inner.bottom()),
        height: inner.height.saturating_sub(2),
        ..inner
    };
    let chosen = search.chosen();
    let offset = scroll.window(
        search.hits().len(),
        usize::from(list.height),
        chosen..chosen + 1,
    );
    let budget = room.saturating_sub(LEAD);
    for (y, (n, hit)) in (list.y..list.bottom()).zip(search.hits().iter().enumerate().skip(offset))
    {
        let Some(topic) = app.topic_at(hit.at) else {
            continue;
        };
        let empty = Default::default();
        let highlight = search.highlight(n).unwrap_or(&empty);
        let selected = n == chosen;
        let mut spans = vec![
            Span::raw(if selected { "▸ " } else { "  " }),
            Span::styled(format!("{:<10}", hit.field.label()), style::DIM),
        ];
        if hit.field == Field::Title {
            spans.extend(marked(&topic.title, &highlight.title, budget));
        } else {
            let title_room = budget.min(crate::text::width(&topic.title)).min(budget / 3);
            let title = marked(&topic.title, &highlight.title, title_room.max(8));
            let used: usize = title.iter().map(Span::width).sum();
            spans.extend(title);
            spans.push(Span::styled(" › ", style::DIM));
            let text_room = budget.saturating_sub(used + 3);
            spans.extend(marked(search.text(hit), &highlight.text, text_room));
        }
        let row = Rect::new(list.x, y, list.width, 1);
        buf.set_line(row.x, row.y, &Line::from(spans), row.width);
        if selected {
            buf.set_style(row, style::SELECTED_FOCUSED);
        }
    }
}

/// `/ query` with the cursor drawn where it is, scrolled to keep it seen.
fn query_line(search: &Search, room: usize) -> Line<'static> {
    let chars: Vec<char> = one_line(search.query()).chars().collect();
    let cursor = search.cursor().min(chars.len());
    let fits = room.saturating_sub(3);
    let start = cursor.saturating_sub(fits.saturating_sub(1));
    let before: String = chars[start..cursor].iter().collect();
    let under = chars.get(cursor).map_or(" ".to_owned(), char::to_string);
    let after: String = chars.iter().skip(cursor + 1).collect();
    Line::from(vec![
        Span::styled("/ ", style::KEY),
        Span::raw(before),
        Span::styled(under, CURSOR),
        Span::raw(after),
    ])
}

/// How many matched, and what was searched for instead of a typo.
fn summary(search: &Search) -> String {
    let found = match search.total() {
        _ if search.query().trim().is_empty() => {
            return "Type to search topics, milestones, About text, pitfalls, resources and notes"
                .to_owned();
        }
        0 => return "No match".to_owned(),
        1 => "1 match".to_owned(),
        total if total > search.hits().len() => {
            format!("{total} matches, the first {} listed", search.hits().len())
        }
        total => format!("{total} matches"),
    };
    match search.corrected() {
        Some(corrected) => format!("{found} for “{}”", one_line(corrected)),
        None => found,
    }
}

/// `text` on one line in at most `room` columns, its characters at
/// `indices` marked; when the first mark would fall past the middle, the
/// text starts a little before it, after `…`.
fn marked(text: &str, indices: &[u32], room: usize) -> Vec<Span<'static>> {
    let text = one_line(text);
    let chars: Vec<char> = text.chars().collect();
    let total: usize = chars.iter().map(|c| c.width().unwrap_or(0)).sum();
    let first = indices.first().map_or(0, |&i| i as usize);
    let leading: usize = chars[..first.min(chars.len())]
        .iter()
        .map(|c| c.width().unwrap_or(0))
        .sum();
    let start = if total > room && leading > room / 2 {
        first.saturating_sub(CONTEXT)
    } else {
        0
    };
    let mut spans = Vec::new();
    let mut used = 0;
    if start > 0 {
        spans.push(Span::raw("…"));
        used += 1;
    }
    let mut run = String::new();
    let mut run_marked = false;
    let mut marks = indices.iter().map(|&i| i as usize).peekable();
    while marks.peek().is_some_and(|&i| i < start) {
        marks.next();
    }
    for (i, &c) in chars.iter().enumerate().skip(start) {
        let w = c.width().unwrap_or(0);
        let remaining = chars.len() - i;
        // Room for the ellipsis unless this is the last character.
        let reserve = usize::from(remaining > 1 && used + w + 1 > room);
        if used + w + reserve > room {
            flush(&mut spans, &mut run, run_marked);
            if used < room {
                spans.push(Span::raw("…"));
            }
            return spans;
        }
        let is_marked = marks.next_if_eq(&i).is_some();
        if is_marked != run_marked {
            flush(&mut spans, &mut run, run_marked);
            run_marked = is_marked;
        }
        run.push(c);
        used += w;
    }
    flush(&mut spans, &mut run, run_marked);
    spans
}

fn flush(spans: &mut Vec<Span<'static>>, run: &mut String, marked: bool) {
    if run.is_empty() {
        return;
    }
    let text = std::mem::take(run);
    spans.push(if marked {
        Span::styled(text, MATCHED)
    } else {
        Span::raw(text)
    });
}

#[cfg(test)]
mod tests {
    use insta::assert_snapshot;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::roadmap::{RoadmapSource, load};
    use crate::tui::fixture::Harness;

    /// The search overlay's rows at 100x24, matched characters in
    /// brackets and the cursor's cell in braces.
    fn overlay(harness: &mut Harness, query: &str) -> String {
        harness.press("/").type_text(query);
        let mut terminal = Terminal::new(TestBackend::new(100, 24)).expect("test terminal");
        terminal
            .draw(|frame| frame.render_widget(&mut harness.app, frame.area()))
            .expect("draw");
        let buffer = terminal.backend().buffer();
        let mut rows = Vec::new();
        for y in 2..buffer.area.height - 1 {
            let mut row = String::new();
            let mut open: Option<char> = None;
            for x in 6..buffer.area.width - 6 {
                let cell = &buffer[(x, y)];
                let mark = if cell.modifier.contains(Modifier::UNDERLINED) {
                    Some('[')
                } else if cell.modifier.contains(Modifier::REVERSED) && y == 2 {
                    Some('{')
                } else {
                    None
                };
                if mark != open {
                    row.push_str(match open {
                        Some('[') => "]",
                        Some(_) => "}",
                        None => "",
                    });
                    if let Some(mark) = mark {
                        row.push(mark);
                    }
                    open = mark;
                }
                row.push_str(cell.symbol());
            }
            rows.push(row.trim_end().to_owned());
        }
        rows.join("\n")
    }

    #[test]
    fn highlights_cach_on_the_bundled_roadmap() {
        let roadmap = load(&RoadmapSource::Bundled).expect("the bundled roadmap");
        assert_snapshot!(overlay(&mut Harness::with(roadmap), "cach"));
    }

    #[test]
    fn highlights_redis_ttl_where_each_word_matched() {
        let roadmap = load(&RoadmapSource::Bundled).expect("the bundled roadmap");
        assert_snapshot!(overlay(&mut Harness::with(roadmap), "redis ttl"));
    }

    #[test]
    fn highlights_a_corrected_typo_and_a_match_deep_in_a_long_text() {
        let roadmap = load(&RoadmapSource::Bundled).expect("the bundled roadmap");
        assert_snapshot!(overlay(&mut Harness::with(roadmap), "cahcing"));
        assert_snapshot!(overlay(&mut Harness::new(), "safe or idem"));
    }

    fn shown(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|span| {
                if span.style == MATCHED {
                    format!("[{}]", span.content)
                } else {
                    span.content.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn a_match_deep_in_a_long_text_is_shown_with_what_comes_just_before_it() {
        let text = "A long paragraph about many things before the word caching appears here";
        let start = text.find("caching").unwrap() as u32;
        let indices: Vec<u32> = (start..start + 4).collect();
        assert_eq!(
            shown(&marked(text, &indices, 30)),
            "…re the word [cach]ing appears …"
        );
        assert_eq!(
            shown(&marked("Caching & Redis", &[0, 1], 30)),
            "[Ca]ching & Redis"
        );
        assert_eq!(shown(&marked("Caching & Redis", &[], 8)), "Caching…");
    }
}
