//! The scroll position of a windowed list or text, shared by state and view.
//!
//! State decides whether the window follows the cursor (after a key moved
//! it) or stays where the wheel or a page key left it; the view, which alone
//! knows the pane's height, settles the offset when it draws (through `&mut`,
//! as ratatui's `ListState`) and keeps it together with the page size that
//! PgUp and PgDn step by.

use std::ops::Range;

/// Where a window over rows starts, and how it moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scroll {
    offset: usize,
    page: usize,
    /// Whether the last drawn window showed the cursor's first row.
    cursor_shown: bool,
    follow: bool,
}

impl Default for Scroll {
    fn default() -> Self {
        Self {
            offset: 0,
            page: 10,
            cursor_shown: true,
            follow: true,
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
