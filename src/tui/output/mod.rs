//! Writing frames to the terminal in few bytes.
//!
//! [`Output`] is the ratatui backend trek draws through. It keeps a copy of
//! what the screen shows, so between two changed cells of a row it can
//! choose the cheapest way over: print the unchanged cells again (a gap of
//! one or two cells costs one or two bytes), move right (`ESC[nC`), go to
//! the next row (`\r\n`), or jump (`ESC[row;colH`); runs of blanks are
//! erased (`ESC[nX`). Styles change by the shortest SGR sequence
//! ([`pen`]), nothing is reset that is already reset, the cursor is hidden
//! once, and a frame with no change writes nothing. Hyperlinks ([`link`]) are opened and closed around the cells
//! the view recorded for them. A whole frame leaves in one write.

mod link;
mod pen;
#[cfg(test)]
mod tests;

use std::io::{self, Write};
use std::rc::Rc;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::crossterm::terminal;
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};
use ratatui::{Frame, Terminal};
use unicode_width::UnicodeWidthStr;

pub use link::{Link, supported};
use pen::Pen;
#[cfg(test)]
pub(super) use pen::sixteen;

/// What the terminal will print the next character with.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ink {
    pen: Pen,
    link: Option<Rc<str>>,
}

impl Ink {
    const PLAIN: Ink = Ink {
        pen: Pen::PLAIN,
        link: None,
    };

    /// Writes what turns this ink into `to`.
    fn change(&mut self, to: &Ink, out: &mut Vec<u8>) {
        if self.link != to.link {
            out.extend_from_slice(b"\x1b]8;;");
            if let Some(url) = &to.link {
                out.extend_from_slice(url.as_bytes());
            }
            out.extend_from_slice(b"\x1b\\");
            self.link.clone_from(&to.link);
        }
        self.pen.change(to.pen, out);
    }
}

/// A ratatui backend that writes to `W` what changed, in few bytes.
pub struct Output<W: Write> {
    writer: W,
    /// The frame being written, sent in one piece on flush.
    out: Vec<u8>,
    /// A size fixed at creation, for tests and benchmarks; `None` asks the
    /// terminal.
    fixed: Option<Size>,
    /// What the screen shows, as the last frame left it.
    shown: Buffer,
    /// The link each shown cell is part of, by the index of the cell.
    shown_links: Vec<Option<Rc<str>>>,
    /// The same for the frame being written.
    drawn_links: Vec<Option<Rc<str>>>,
    /// The links of the frame being drawn, handed in before it is.
    links: Vec<Link>,
    hyperlinks: bool,
    ink: Ink,
    /// Where the cursor is, when trek knows.
    cursor: Option<Position>,
    /// Whether the cursor is hidden, when trek knows.
    hidden: Option<bool>,
}

impl<W: Write> Output<W> {
    /// Output to a terminal on `writer` whose screen is blank, sending
    /// hyperlinks only if `hyperlinks`.
    pub fn new(writer: W, hyperlinks: bool) -> io::Result<Output<W>> {
        let (width, height) = terminal::size()?;
        Ok(Output::blank(
            writer,
            None,
            Size::new(width, height),
            hyperlinks,
        ))
    }

    /// Output to a screen of a fixed size, as for a test or a benchmark.
    pub fn with_size(writer: W, size: Size, hyperlinks: bool) -> Output<W> {
        Output::blank(writer, Some(size), size, hyperlinks)
    }

    fn blank(writer: W, fixed: Option<Size>, size: Size, hyperlinks: bool) -> Output<W> {
        let shown = Buffer::empty(Rect::from((Position::ORIGIN, size)));
        Output {
            writer,
            out: Vec::new(),
            fixed,
            shown_links: vec![None; shown.content.len()],
            drawn_links: Vec::new(),
            shown,
            links: Vec::new(),
            hyperlinks,
            ink: Ink::PLAIN,
            cursor: None,
            hidden: None,
        }
    }

    /// Assumes nothing about the terminal's cursor and style: another
    /// program had it. The style is reset, so it is known again.
    pub fn forget(&mut self) {
        if self.hyperlinks {
            self.out.extend_from_slice(b"\x1b]8;;\x1b\\");
        }
        self.out.extend_from_slice(b"\x1b[0m");
        self.ink = Ink::PLAIN;
        self.cursor = None;
        self.hidden = None;
    }

    /// The writer, as a test reads what was written.
    #[cfg(test)]
    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.writer
    }

    /// The link of each cell for the frame in `shown`, from the links
    /// handed in.
    fn frame_links(&mut self) -> Vec<Option<Rc<str>>> {
        let mut cells = vec![None; self.shown.content.len()];
        if !self.hyperlinks {
            return cells;
        }
        for link in std::mem::take(&mut self.links) {
            let Some(columns) = link.columns(&self.shown) else {
                continue;
            };
            let url: Rc<str> = link.url.into();
            for x in columns {
                cells[self.shown.index_of(x, link.y)] = Some(url.clone());
            }
        }
        cells
    }

    /// Whether the cell at `x` of row `y` is covered by a wide character
    /// to its left, and so is never written itself.
    fn hidden_cell(&self, x: u16, y: u16) -> bool {
        (1..=3).any(|back| {
            x.checked_sub(back)
                .and_then(|left| self.shown.cell((left, y)))
                .is_some_and(|cell| cell.symbol().width() > usize::from(back))
        })
    }

    /// The ink the cell at `index` is written with.
    fn ink_of(&self, index: usize) -> Ink {
        Ink {
            pen: Pen::of(&self.shown.content[index]),
            link: self.drawn_links[index].clone(),
        }
    }

    /// Writes the cell at (`x`, `y`) as `shown` holds it.
    fn put(&mut self, x: u16, y: u16) {
        let index = self.shown.index_of(x, y);
        let ink = self.ink_of(index);
        self.go(x, y, &ink);
        self.ink.change(&ink, &mut self.out);
        let cell = &self.shown.content[index];
        self.out.extend_from_slice(cell.symbol().as_bytes());
        self.cursor = advanced(cell, x, y, self.shown.area.width);
    }

    /// The blank run that starts at the first of `cells`: the columns
    /// from it on that show nothing but the terminal's own background
    /// (what `ESC[nX` leaves), and how many of `cells` lie in them.
    fn blanks(&self, cells: &[(u16, u16)]) -> (u16, usize) {
        let Some(&(y, x)) = cells.first() else {
            return (0, 0);
        };
        let blank = |column: u16| {
            let index = self.shown.index_of(column, y);
            let cell = &self.shown.content[index];
            cell.symbol() == " "
                && cell.bg == Color::Reset
                && !cell.modifier.intersects(VISIBLE_ON_BLANK)
                && cell.diff_option == CellDiffOption::None
                && self.drawn_links[index].is_none()
        };
        let columns = (x..self.shown.area.width)
            .take_while(|&column| blank(column))
            .count() as u16;
        let covered = cells
            .iter()
            .take_while(|&&(cell_y, cell_x)| cell_y == y && cell_x < x + columns)
            .count();
        (columns, covered)
    }

    /// Erases `count` cells from (`x`, `y`), leaving the cursor there.
    fn erase(&mut self, x: u16, y: u16, count: u16) {
        self.go(x, y, &Ink::PLAIN);
        self.ink.change(&Ink::PLAIN, &mut self.out);
        let _ = write!(self.out, "\x1b[{count}X");
    }

    /// Moves the cursor to (`x`, `y`), where a cell with `ink` is written
    /// next, the cheapest way.
    fn go(&mut self, x: u16, y: u16, ink: &Ink) {
        if self.cursor == Some(Position::new(x, y)) {
            return;
        }
        let tail = ink_cost(&self.ink, ink);
        let mut best = Route::jump(x, y, &self.ink, tail);
        if let Some(at) = self.cursor {
            // Ways to reach the row and a known column on it.
            let starts: [Option<(&[u8], u16)>; 3] = [
                (at.y == y && at.x < x).then_some((b"", at.x)),
                (at.y == y && at.x > x).then_some((b"\r", 0)),
                (at.y + 1 == y && y < self.shown.area.height).then_some((b"\r\n", 0)),
            ];
            for (prefix, from) in starts.into_iter().flatten() {
                best = best.cheaper(Route::right(prefix, from, x, &self.ink, tail));
                if let Some(route) = self.fill(prefix, from, Position::new(x, y), ink, best.cost())
                {
                    best = best.cheaper(route);
                }
            }
        }
        self.out.extend_from_slice(&best.bytes);
        self.ink = best.ink;
        self.cursor = Some(Position::new(x, y));
    }

    /// The route that prints the cells from column `from` up to `to` on
    /// its row again, if they can be and it may cost less than `bound`.
    fn fill(
        &self,
        prefix: &[u8],
        from: u16,
        to: Position,
        ink: &Ink,
        bound: usize,
    ) -> Option<Route> {
        let Position { x, y } = to;
        if usize::from(x - from) + prefix.len() >= bound {
            return None;
        }
        let mut route = Route {
            bytes: prefix.to_vec(),
            ink: self.ink.clone(),
            tail: 0,
        };
        for gap in from..x {
            let index = self.shown.index_of(gap, y);
            let cell = &self.shown.content[index];
            if cell.symbol().width() != 1 || cell.diff_option != CellDiffOption::None {
                return None;
            }
            let gap_ink = self.ink_of(index);
            route.ink.change(&gap_ink, &mut route.bytes);
            route.bytes.extend_from_slice(cell.symbol().as_bytes());
            if route.bytes.len() >= bound {
                return None;
            }
        }
        route.tail = ink_cost(&route.ink, ink);
        Some(route)
    }
}

/// A way to move the cursor: the bytes, the ink they leave, and what the
/// ink change to the next cell will cost after them.
struct Route {
    bytes: Vec<u8>,
    ink: Ink,
    tail: usize,
}

impl Route {
    /// `ESC[row;colH`, from anywhere, with `ink` left as it is; `tail`
    /// is what changing it for the next cell costs.
    fn jump(x: u16, y: u16, ink: &Ink, tail: usize) -> Route {
        let mut bytes = Vec::with_capacity(10);
        let _ = if x == 0 {
            write!(bytes, "\x1b[{}H", y + 1)
        } else {
            write!(bytes, "\x1b[{};{}H", y + 1, x + 1)
        };
        Route {
            bytes,
            ink: ink.clone(),
            tail,
        }
    }

    /// `prefix` then `ESC[nC` from column `from` to `x`, as [`Route::jump`].
    fn right(prefix: &[u8], from: u16, x: u16, ink: &Ink, tail: usize) -> Route {
        let mut bytes = prefix.to_vec();
        match x - from {
            0 => {}
            1 => bytes.extend_from_slice(b"\x1b[C"),
            n => {
                let _ = write!(bytes, "\x1b[{n}C");
            }
        }
        Route {
            bytes,
            ink: ink.clone(),
            tail,
        }
    }

    fn cost(&self) -> usize {
        self.bytes.len() + self.tail
    }

    fn cheaper(self, other: Route) -> Route {
        if other.cost() < self.cost() {
            other
        } else {
            self
        }
    }
}

/// The bytes that turn ink `from` into `to`.
fn ink_cost(from: &Ink, to: &Ink) -> usize {
    let mut bytes = Vec::new();
    from.clone().change(to, &mut bytes);
    bytes.len()
}

/// Modifiers that show on a blank cell, which erasing would lose.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK);

/// Whether erasing `columns` blank cells (`ESC[nX`, which leaves the
/// cursor where it was) costs less than printing the `covered` of them
/// that changed, when the next cell written is the one `just_after` them
/// and would need a move right.
fn erasing_pays(columns: u16, covered: usize, just_after: bool) -> bool {
    let digits = columns.to_string().len();
    let cost = 3 + digits + if just_after { 3 + digits } else { 0 };
    cost < covered
}

/// Where the cursor is after printing `cell` at (`x`, `y`): one column on
/// for a one-column character; unknown after a wider one (terminals
/// disagree on some widths) and at the row's end (where the next character
/// wraps).
fn advanced(cell: &Cell, x: u16, y: u16, width: u16) -> Option<Position> {
    (cell.symbol().width() == 1 && x + 1 < width).then(|| Position::new(x + 1, y))
}

impl<W: Write> Backend for Output<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut todo = Vec::new();
        // Cells ratatui did not send that must be written all the same.
        let mut also = Vec::new();
        for (x, y, cell) in content {
            if x >= self.shown.area.width || y >= self.shown.area.height {
                continue;
            }
            // A character written over the left half of a wide one blanks
            // the right half in the ink of the moment: that half is
            // written again.
            let width = cell.symbol().width().max(1) as u16;
            let end = x.saturating_add(width).min(self.shown.area.width);
            let reach = (x..end)
                .map(|column| column + self.shown[(column, y)].symbol().width().max(1) as u16)
                .max()
                .unwrap_or(end)
                .min(self.shown.area.width);
            also.extend((end..reach).map(|column| (y, column)));
            self.shown[(x, y)] = cell.clone();
            // The columns a wide character covers hold nothing of their own.
            for column in x + 1..end {
                self.shown[(column, y)].reset();
            }
            todo.push((y, x));
        }
        self.drawn_links = self.frame_links();
        for (index, (old, new)) in self.shown_links.iter().zip(&self.drawn_links).enumerate() {
            if old != new {
                let (x, y) = self.shown.pos_of(index);
                also.push((y, x));
            }
        }
        also.retain(|&(y, x)| !self.hidden_cell(x, y));
        todo.append(&mut also);
        todo.sort_unstable();
        todo.dedup();
        let mut next = 0;
        while let Some(&(y, x)) = todo.get(next) {
            let (columns, covered) = self.blanks(&todo[next..]);
            let after = todo.get(next + covered).copied();
            if erasing_pays(columns, covered, after == Some((y, x + columns))) {
                self.erase(x, y, columns);
            } else {
                for &(y, x) in &todo[next..next + covered.max(1)] {
                    self.put(x, y);
                }
            }
            next += covered.max(1);
        }
        self.ink.change(&Ink::PLAIN, &mut self.out);
        self.shown_links = std::mem::take(&mut self.drawn_links);
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.hidden != Some(true) {
            self.out.extend_from_slice(b"\x1b[?25l");
            self.hidden = Some(true);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.hidden != Some(false) {
            self.out.extend_from_slice(b"\x1b[?25h");
            self.hidden = Some(false);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        if let Some(at) = self.cursor {
            return Ok(at);
        }
        self.flush()?;
        let (x, y) = ratatui::crossterm::cursor::position()?;
        Ok(Position::new(x, y))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let at = position.into();
        let _ = write!(self.out, "\x1b[{};{}H", at.y + 1, at.x + 1);
        self.cursor = Some(at);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    /// Clears as asked; after any clear but the whole screen's, what is
    /// shown is no longer known, so the whole screen is cleared instead.
    fn clear_region(&mut self, _: ClearType) -> io::Result<()> {
        self.ink.change(&Ink::PLAIN, &mut self.out);
        self.out.extend_from_slice(b"\x1b[2J");
        let size = self.size()?;
        self.shown = Buffer::empty(Rect::from((Position::ORIGIN, size)));
        self.shown_links = vec![None; self.shown.content.len()];
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(size) => Ok(size),
            None => terminal::size().map(|(width, height)| Size::new(width, height)),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        match self.fixed {
            Some(size) => Ok(WindowSize {
                columns_rows: size,
                pixels: Size::default(),
            }),
            None => {
                let size = terminal::window_size()?;
                Ok(WindowSize {
                    columns_rows: Size::new(size.columns, size.rows),
                    pixels: Size::new(size.width, size.height),
                })
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.out.is_empty() {
            self.writer.write_all(&self.out)?;
            self.out.clear();
        }
        self.writer.flush()
    }
}

/// Draws a frame: `render` draws it and says which links it holds; then
/// what changed is written and flushed.
pub fn draw<W: Write>(
    terminal: &mut Terminal<Output<W>>,
    render: impl FnOnce(&mut Frame) -> Vec<Link>,
) -> io::Result<()> {
    terminal.autoresize()?;
    let mut frame = terminal.get_frame();
    let links = render(&mut frame);
    terminal.backend_mut().links = links;
    terminal.apply_buffer()?;
    Ok(())
}
