//! Hyperlinks on the screen: where the view drew a link's text, and
//! whether the terminal is sent OSC 8 at all.
//!
//! The view records each link as a place and the text it drew there; the
//! output layer opens `ESC ] 8 ; ; URL ESC \` before the first of those
//! cells it writes and closes it after the last, so cell symbols never
//! carry escape sequences. A link whose cells no longer show its text
//! (an overlay drawn over it) is dropped for that frame.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// A link the view drew: its text from column `x` of row `y`, and where it
/// points (the whole address, even when the text is cut with `…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub x: u16,
    pub y: u16,
    pub text: String,
    pub url: String,
}

impl Link {
    /// The columns that show the link's text in `buffer`, if they still do
    /// and its address can be sent as it is (printable ASCII, as OSC 8
    /// asks: anything else could end the sequence early).
    pub fn columns(&self, buffer: &Buffer) -> Option<std::ops::Range<u16>> {
        let sendable = !self.url.is_empty() && self.url.bytes().all(|b| b.is_ascii_graphic());
        if !sendable || self.text.is_empty() {
            return None;
        }
        let mut rest = self.text.as_str();
        let mut x = self.x;
        while !rest.is_empty() {
            let symbol = buffer.cell((x, self.y))?.symbol();
            rest = rest.strip_prefix(symbol).filter(|_| !symbol.is_empty())?;
            x = x.checked_add(symbol.width().max(1) as u16)?;
        }
        Some(self.x..x)
    }
}

/// Whether to send hyperlinks: `TREK_HYPERLINKS` (`0` or `1`) decides
/// when set; otherwise yes, but on the Linux console and `TERM=dumb`,
/// which show the sequence as text. Terminals that know no OSC 8 ignore it.
pub fn supported(term: Option<&str>, setting: Option<&str>) -> bool {
    match setting.map(str::trim) {
        Some("1") => return true,
        Some("0") => return false,
        _ => {}
    }
    let term = term.unwrap_or_default();
    !(term == "dumb" || term == "linux" || term.starts_with("linux-"))
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::*;

    fn link(x: u16, text: &str, url: &str) -> Link {
        Link {
            x,
            y: 1,
            text: text.into(),
            url: url.into(),
        }
    }

    #[test]
    fn a_link_covers_the_columns_that_show_its_text() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 30, 3));
        buffer.set_string(2, 1, "https://a.example/…", Style::new());
        let shown = link(2, "https://a.example/…", "https://a.example/long/path");
        assert_eq!(shown.columns(&buffer), Some(2..21));
    }

    #[test]
    fn a_link_whose_text_was_drawn_over_is_dropped() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 30, 3));
        buffer.set_string(2, 1, "https://a.example/", Style::new());
        buffer.set_string(8, 1, "Help", Style::new());
        assert_eq!(
            link(2, "https://a.example/", "https://a.example/").columns(&buffer),
            None
        );
    }

    #[test]
    fn an_address_that_could_end_the_sequence_is_never_sent() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 30, 3));
        buffer.set_string(0, 1, "x", Style::new());
        assert_eq!(link(0, "x", "https://a\x1b\\b").columns(&buffer), None);
        assert_eq!(link(0, "x", "https://a b").columns(&buffer), None);
        assert_eq!(link(0, "x", "https://a").columns(&buffer), Some(0..1));
    }

    #[test]
    fn links_are_sent_but_to_the_linux_console_and_dumb_terminals() {
        assert!(supported(Some("xterm-256color"), None));
        assert!(supported(Some("tmux-256color"), None));
        assert!(supported(None, None));
        assert!(!supported(Some("linux"), None));
        assert!(!supported(Some("dumb"), None));
        assert!(supported(Some("linux"), Some("1")));
        assert!(!supported(Some("xterm"), Some("0")));
        assert!(supported(Some("xterm"), Some("yes please")));
    }
}
