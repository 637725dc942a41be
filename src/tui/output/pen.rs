//! What the terminal gives the next character it prints, and the shortest
//! SGR sequence that changes it.
//!
//! A change is written as one `ESC[…m` holding only what differs, or as a
//! reset followed by what the new style has, whichever is shorter; named
//! colours use their own short codes (`31`, `90`) rather than `38;5;n`.

use std::fmt::Write;

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

/// Colours and modifiers, as the terminal holds them between characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

/// Modifiers that one code each turns on, with the code.
const ON: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

/// Codes that turn modifiers off; each clears every modifier in its group.
const OFF: [(Modifier, u8); 7] = [
    (Modifier::BOLD.union(Modifier::DIM), 22),
    (Modifier::ITALIC, 23),
    (Modifier::UNDERLINED, 24),
    (Modifier::SLOW_BLINK.union(Modifier::RAPID_BLINK), 25),
    (Modifier::REVERSED, 27),
    (Modifier::HIDDEN, 28),
    (Modifier::CROSSED_OUT, 29),
];

impl Pen {
    /// The terminal's own colours and no modifier, as after `ESC[0m`.
    pub const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    /// The pen a cell is printed with.
    pub fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// Writes what turns this pen into `to`, nothing when they are equal.
    pub fn change(&mut self, to: Pen, out: &mut Vec<u8>) {
        if *self == to {
            return;
        }
        let mut changed = Params::default();
        self.differences(to, &mut changed);
        let mut reset = Params::default();
        reset.code(0);
        Pen::PLAIN.differences(to, &mut reset);
        let shorter = if reset.0.len() < changed.0.len() {
            reset
        } else {
            changed
        };
        out.extend_from_slice(b"\x1b[");
        out.extend_from_slice(shorter.0.as_bytes());
        out.push(b'm');
        *self = to;
    }

    /// The codes that turn this pen into `to` without a reset.
    fn differences(self, to: Pen, params: &mut Params) {
        let mut on = to.modifier - self.modifier;
        for (group, code) in OFF {
            if self.modifier.intersects(group) && !to.modifier.contains(self.modifier & group) {
                params.code(code);
                // The code cleared the whole group: put back what stays.
                on |= to.modifier & group;
            }
        }
        for (modifier, code) in ON {
            if on.contains(modifier) {
                params.code(code);
            }
        }
        if self.fg != to.fg {
            params.colour(to.fg, 30, 90, 38);
        }
        if self.bg != to.bg {
            params.colour(to.bg, 40, 100, 48);
        }
        if self.underline != to.underline {
            match to.underline {
                Color::Reset => params.code(59),
                colour => params.extended(colour, 58),
            }
        }
    }
}

/// SGR parameters being joined with `;`.
#[derive(Default)]
struct Params(String);

impl Params {
    fn separate(&mut self) {
        if !self.0.is_empty() {
            self.0.push(';');
        }
    }

    fn code(&mut self, code: u8) {
        self.separate();
        let _ = write!(self.0, "{code}");
    }

    /// A colour by its short code where it has one (`base` + 0-7 for the
    /// eight colours, `bright` + 0-7 for their bright forms), else through
    /// `extended` (`38`/`48`) as `5;n` or `2;r;g;b`.
    fn colour(&mut self, colour: Color, base: u8, bright: u8, extended: u8) {
        match sixteen(colour) {
            Some(n @ 0..=7) => self.code(base + n),
            Some(n) => self.code(bright + n - 8),
            None if colour == Color::Reset => self.code(base + 9),
            None => self.extended(colour, extended),
        }
    }

    fn extended(&mut self, colour: Color, code: u8) {
        self.code(code);
        match colour {
            Color::Rgb(r, g, b) => {
                for part in [2, r, g, b] {
                    self.code(part);
                }
            }
            other => {
                self.code(5);
                if let Color::Indexed(n) = other {
                    self.code(n);
                } else {
                    self.code(sixteen(other).unwrap_or(0));
                }
            }
        }
    }
}

/// The number of one of the sixteen colours every terminal names.
pub fn sixteen(colour: Color) -> Option<u8> {
    Some(match colour {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(n) if n < 16 => n,
        _ => return None,
    })
}
