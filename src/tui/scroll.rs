//! The scroll position of a windowed list or text, shared by state and view.
//!
//! State decides whether the window follows the cursor (after a key moved
//! it) or stays where the wheel or a page key left it; the view, which alone
//! knows the pane's height, settles the offset when it draws (through `&mut`,
//! as ratatui's `ListState`) and keeps it together with the page size that
//! PgUp and PgDn step by. The detail pane's code also pans sideways: the
//! view measures how far its longest line runs past the pane, and the
//! column it starts at stays within that.

use std::ops::Range;

/// Where a window over rows starts, and how it moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scroll {
    offset: usize,
    page: usize,
    /// Whether the last drawn window showed the cursor's first row.
    cursor_shown: bool,
    follow: bool,
    /// Columns the code is panned right by.
    column: usize,
    /// The furthest `column` can go, as the last frame measured; `None`
    /// until a frame has, when the next one settles it.
    columns: Option<usize>,
}

impl Default for Scroll {
    fn default() -> Self {
        Self {
            offset: 0,
            page: 10,
            cursor_shown: true,
            follow: true,
            column: 0,
            columns: None,
        }
    }
}

impl Scroll {
    /// Back to the top, following the cursor.
    pub fn reset(&mut self) {
        *self = Scroll::default();
    }

    /// Keep the cursor in view from the next frame on.
    pub fn follow(&mut self) {
        self.follow = true;
    }

    /// Move the window by `rows` without moving any cursor.
    pub fn by(&mut self, rows: isize) {
        self.offset = self.offset.saturating_add_signed(rows);
        self.follow = false;
    }

    /// Move the window by whole pages (the last drawn height).
    pub fn by_pages(&mut self, pages: isize) {
        let page = isize::try_from(self.page).unwrap_or(isize::MAX);
        self.by(pages.saturating_mul(page));
    }

    /// Pans the code sideways by `columns` (negative is left), as far as
    /// the last frame measured; false when nothing there was cut.
    pub fn pan(&mut self, columns: isize) -> bool {
        let most = self.columns.unwrap_or(usize::MAX);
        self.column = self.column.saturating_add_signed(columns).min(most);
        most > 0
    }

    /// Settles the column the code starts at, for a longest line of
    /// `widest` columns in `room` columns, and remembers how far it can go.
    pub fn pan_window(&mut self, widest: usize, room: usize) -> usize {
        let most = widest.saturating_sub(room);
        self.columns = Some(most);
        self.column = self.column.min(most);
        self.column
    }

    /// Whether the learner can see what the cursor is on, so a key that
    /// changes it never acts on something scrolled out of sight.
    pub fn shows_cursor(&self) -> bool {
        self.follow || self.cursor_shown
    }

    /// Rows in the last drawn window.
    pub fn page(&self) -> usize {
        self.page
    }

    /// Settles the first row to draw of `len` rows in a window of `height`,
    /// showing the `cursor` rows when following, and remembers it.
    pub fn window(&mut self, len: usize, height: usize, cursor: Range<usize>) -> usize {
        let mut offset = self.offset;
        if self.follow {
            if cursor.end > offset + height {
                offset = cursor.end.saturating_sub(height);
            }
            if cursor.start < offset {
                offset = cursor.start;
            }
        }
        offset = offset.min(len.saturating_sub(height));
        self.offset = offset;
        self.cursor_shown = (offset..offset + height).contains(&cursor.start);
        self.page = height.max(1);
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_following_window_moves_just_enough_to_show_the_cursor() {
        let mut scroll = Scroll::default();
        assert_eq!(scroll.window(100, 10, 3..4), 0);
        assert_eq!(scroll.window(100, 10, 12..13), 3);
        assert_eq!(scroll.window(100, 10, 1..2), 1);
        assert_eq!(scroll.window(100, 10, 95..100), 90);
    }

    #[test]
    fn a_window_scrolled_away_from_the_cursor_says_so_until_it_follows_again() {
        let mut scroll = Scroll::default();
        scroll.window(30, 10, 2..3);
        assert!(scroll.shows_cursor());
        scroll.by(5);
        scroll.window(30, 10, 2..3);
        assert!(!scroll.shows_cursor());
        scroll.by(-4);
        scroll.window(30, 10, 2..3);
        assert!(scroll.shows_cursor(), "scrolled back to it by hand");
        scroll.by(10);
        scroll.follow();
        assert!(scroll.shows_cursor());
    }

    #[test]
    fn code_pans_no_further_than_its_longest_line_and_back_to_the_start() {
        let mut scroll = Scroll::default();
        assert!(
            scroll.pan(8),
            "before a frame measured, the next one settles it"
        );
        assert_eq!(scroll.pan_window(70, 50), 8);
        scroll.reset();
        assert_eq!(scroll.pan_window(30, 50), 0);
        assert!(!scroll.pan(8), "nothing is cut");
        assert_eq!(scroll.pan_window(70, 50), 0);
        assert!(scroll.pan(8));
        assert_eq!(scroll.pan_window(70, 50), 8);
        scroll.pan(100);
        assert_eq!(scroll.pan_window(70, 50), 20, "the longest line's end");
        assert_eq!(scroll.pan_window(70, 60), 10, "a wider pane needs less");
        scroll.pan(-100);
        assert_eq!(scroll.pan_window(70, 50), 0);
        scroll.pan(8);
        scroll.reset();
        assert_eq!(scroll.pan_window(70, 50), 0, "a reset starts at the left");
    }

    #[test]
    fn a_scrolled_window_stays_put_and_never_runs_past_the_end() {
        let mut scroll = Scroll::default();
        scroll.window(30, 10, 0..1);
        scroll.by(15);
        assert_eq!(scroll.window(30, 10, 0..1), 15);
        scroll.by(100);
        assert_eq!(scroll.window(30, 10, 0..1), 20);
        scroll.by(-100);
        assert_eq!(scroll.window(30, 10, 0..1), 0);
        assert_eq!(scroll.window(3, 10, 0..1), 0);
    }
}
