//! Untrusted text made into lines that fit a width.
//!
//! Every roadmap or note string the view draws comes through here (or
//! through [`crate::text::one_line`] for single-line labels), so control
//! characters are replaced before they reach a cell. Wrapping is by words
//! with a hanging indent; `**bold**` and `` `code` `` in roadmap text and
//! notes are drawn as such, the markers dropped.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::{terminal_safe, width};

use super::style;

/// Wraps `text` (several lines allowed) to `width` columns. The first line
/// starts with `prefix`; the others are indented by its width.
pub fn wrap(
    prefix: Vec<Span<'static>>,
    text: &str,
    width: usize,
    base: Style,
    markdown: bool,
) -> Vec<Line<'static>> {
    let indent = prefix.iter().map(Span::width).sum::<usize>();
    let mut wrapper = Wrapper {
        width: width.max(indent + 1),
        indent,
        lines: Vec::new(),
        spans: prefix,
        used: indent,
        empty: true,
    };
    let safe = terminal_safe(text);
    let mut marks = Marks::default();
    for (n, source) in safe.lines().enumerate() {
        if n > 0 {
            wrapper.break_line();
        }
        wrapper.lead(leading_width(source));
        for word in source.split_whitespace() {
            let pieces = if markdown {
                marks.pieces(word, base)
            } else {
                vec![(word.to_owned(), base)]
            };
            wrapper.word(pieces);
        }
    }
    wrapper.finish()
}

/// Columns of indentation a line starts with, a tab counting as four, so
/// nested lists and code in notes keep their shape.
fn leading_width(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// Bold and code markers, open or closed, carried from word to word.
#[derive(Default)]
struct Marks {
    bold: bool,
    code: bool,
}

impl Marks {
    fn pieces(&mut self, word: &str, base: Style) -> Vec<(String, Style)> {
        let mut pieces = Vec::new();
        let mut current = String::new();
        let mut rest = word;
        while let Some(c) = rest.chars().next() {
            let marker = if rest.starts_with("**") && !self.code {
                Some(2)
            } else if c == '`' {
                Some(1)
            } else {
                None
            };
            match marker {
                Some(len) => {
                    if !current.is_empty() {
                        pieces.push((std::mem::take(&mut current), self.style(base)));
                    }
                    if len == 2 {
                        self.bold = !self.bold;
                    } else {
                        self.code = !self.code;
                    }
                    rest = &rest[len..];
                }
                None => {
                    current.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        if !current.is_empty() {
            pieces.push((current, self.style(base)));
        }
        pieces
    }

    fn style(&self, base: Style) -> Style {
        match (self.bold, self.code) {
            (_, true) => base.patch(style::CODE),
            (true, false) => base.patch(style::BOLD),
            (false, false) => base,
        }
    }
}

struct Wrapper {
    width: usize,
    indent: usize,
    lines: Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
    used: usize,
    /// No word on the current line yet.
    empty: bool,
}

impl Wrapper {
    /// Indents the start of a source line by `columns`, at most half the
    /// room left, so a deep indent never pushes the text out of a narrow pane.
    fn lead(&mut self, columns: usize) {
        let columns = columns.min(self.width.saturating_sub(self.used) / 2);
        if columns > 0 {
            self.spans.push(Span::raw(" ".repeat(columns)));
            self.used += columns;
        }
    }

    fn word(&mut self, pieces: Vec<(String, Style)>) {
        let word_width: usize = pieces.iter().map(|(text, _)| width(text)).sum();
        if word_width == 0 {
            return;
        }
        if !self.empty && self.used + 1 + word_width > self.width {
            self.break_line();
        }
        if !self.empty {
            // Styled like the words on both sides when they agree, so a
            // styled sentence is one run and the terminal is not sent a
            // style change at every space.
            let before = self.spans.last().map(|span| span.style);
            let after = pieces.first().map(|(_, style)| *style);
            let space = match (before, after) {
                (Some(before), Some(after)) if before == after => Span::styled(" ", after),
                _ => Span::raw(" "),
            };
            self.spans.push(space);
            self.used += 1;
        }
        if self.used + word_width <= self.width {
            for (text, style) in pieces {
                self.spans.push(Span::styled(text, style));
            }
            self.used += word_width;
            self.empty = false;
            return;
        }
        // Longer than a whole line: split it wherever the line ends.
        for (text, style) in pieces {
            for c in text.chars() {
                let w = width(c.encode_utf8(&mut [0; 4]));
                if self.used + w > self.width && !self.empty {
                    self.break_line();
                }
                self.spans.push(Span::styled(c.to_string(), style));
                self.used += w;
                self.empty = false;
            }
        }
    }

    fn break_line(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        self.lines.push(Line::from(spans));
        self.spans.push(Span::raw(" ".repeat(self.indent)));
        self.used = self.indent;
        self.empty = true;
    }

    fn finish(mut self) -> Vec<Line<'static>> {
        let spans = std::mem::take(&mut self.spans);
        self.lines.push(Line::from(spans));
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|line| line.to_string()).collect()
    }

    #[test]
    fn words_wrap_under_a_hanging_indent() {
        let lines = wrap(
            vec![Span::raw("• ")],
            "one two three four five",
            12,
            Style::new(),
            false,
        );
        assert_eq!(plain(&lines), ["• one two", "  three four", "  five"]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_split_and_lines_are_kept() {
        let lines = wrap(vec![], "abcdefghij\n\nx", 4, Style::new(), false);
        assert_eq!(plain(&lines), ["abcd", "efgh", "ij", "", "x"]);
    }

    #[test]
    fn bold_and_code_markers_style_the_text_and_disappear() {
        let lines = wrap(vec![], "a **bold move** and `x**y`", 40, Style::new(), true);
        assert_eq!(plain(&lines), ["a bold move and x**y"]);
        let bold: Vec<&str> = lines[0]
            .spans
            .iter()
            .filter(|span| span.style == style::BOLD)
            .map(|span| span.content.as_ref())
            .collect();
        assert_eq!(bold, ["bold", " ", "move"]);
    }

    #[test]
    fn a_space_between_words_of_one_style_carries_that_style() {
        let lines = wrap(vec![], "a **b c** d", 40, style::ITALIC, true);
        let styles: Vec<(&str, Style)> = lines[0]
            .spans
            .iter()
            .map(|span| (span.content.as_ref(), span.style))
            .collect();
        let bold = style::ITALIC.patch(style::BOLD);
        assert_eq!(
            styles,
            [
                ("a", style::ITALIC),
                (" ", Style::new()),
                ("b", bold),
                (" ", bold),
                ("c", bold),
                (" ", Style::new()),
                ("d", style::ITALIC)
            ]
        );
    }

    #[test]
    fn indented_lines_keep_their_indent() {
        let text = "Steps:\n  - nested item\n\tcode();\n            deep";
        let lines = wrap(vec![], text, 20, Style::new(), true);
        assert_eq!(
            plain(&lines),
            ["Steps:", "  - nested item", "    code();", "          deep"]
        );
    }

    #[test]
    fn control_characters_are_replaced() {
        let lines = wrap(vec![], "a\u{1b}[2Jb", 20, Style::new(), false);
        assert_eq!(plain(&lines), ["a\u{FFFD}[2Jb"]);
    }
}
