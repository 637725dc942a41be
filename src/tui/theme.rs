//! Colours that read on a dark and on a light terminal background.
//!
//! The view is drawn with a handful of ANSI colours (those of
//! `view/style.rs`); a palette
//! then says what each is shown as. Dark keeps them, but for red, which
//! is too dim on black; light swaps each for a darker shade of the 256-colour
//! palette, since cyan, yellow and green on white are near unreadable. Which
//! palette is chosen: `--theme`, `TREK_THEME` or the settings file's
//! `theme`, and for `auto` the background `COLORFGBG` reports, else the
//! one the terminal answers an OSC 11 query with, else dark.
//! Tests hold every colour to 4.5:1 contrast on its background, and
//! every drawn cell of the main screens (selected rows reversed,
//! overlays, the review screen) to 4.5:1 for text and 3:1 for glyphs,
//! computed from xterm's default RGB values.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

use crate::config::Theme;

use super::input::Rgb;

/// How the view's colours are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    Dark,
    Light,
}

impl Palette {
    /// The palette for a theme setting. `auto` reads the background from
    /// `colorfgbg`, the `COLORFGBG` variable (`15;0`: white on black),
    /// else asks the terminal (`ask`), else takes dark.
    pub fn choose(
        theme: Theme,
        colorfgbg: Option<&str>,
        ask: impl FnOnce() -> Option<Rgb>,
    ) -> Palette {
        match theme {
            Theme::Dark => Palette::Dark,
            Theme::Light => Palette::Light,
            Theme::Auto => {
                let background = colorfgbg
                    .and_then(|value| value.rsplit(';').next())
                    .and_then(|bg| bg.trim().parse::<u8>().ok());
                match background {
                    Some(7 | 9..=15) => Palette::Light,
                    Some(_) => Palette::Dark,
                    None => match ask() {
                        Some(rgb) if reads_dark_text(rgb) => Palette::Light,
                        _ => Palette::Dark,
                    },
                }
            }
        }
    }

    /// What `colour` is shown as.
    pub fn shown(self, colour: Color) -> Color {
        match (self, colour) {
            (Palette::Dark, Color::Red) => Color::LightRed,
            (Palette::Dark, other) => other,
            (Palette::Light, Color::Cyan) => Color::Indexed(25),
            (Palette::Light, Color::Yellow) => Color::Indexed(94),
            (Palette::Light, Color::Green) => Color::Indexed(28),
            (Palette::Light, Color::DarkGray) => Color::Indexed(241),
            (Palette::Light, Color::Red) => Color::Indexed(124),
            (Palette::Light, other) => other,
        }
    }

    /// Recolours a drawn frame.
    pub fn apply(self, buffer: &mut Buffer) {
        for cell in &mut buffer.content {
            cell.fg = self.shown(cell.fg);
            cell.bg = self.shown(cell.bg);
        }
    }
}

/// WCAG relative luminance, 0 (black) to 1 (white).
fn luminance((r, g, b): Rgb) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Whether black text contrasts more with `background` than white text
/// does: a light background.
fn reads_dark_text(background: Rgb) -> bool {
    let on = luminance(background);
    (on + 0.05) / 0.05 > 1.05 / (on + 0.05)
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;
    use ratatui::buffer::Cell;
    use ratatui::style::Modifier;

    use super::*;
    use crate::review::Settings;
    use crate::tui::fixture::Harness;

    /// The colours the view draws text and glyphs with.
    const USED: [Color; 5] = [
        Color::Cyan,
        Color::Yellow,
        Color::Green,
        Color::DarkGray,
        Color::Red,
    ];

    /// xterm's default RGB for the 16 ANSI colours and the 256-colour cube
    /// and grey ramp.
    fn rgb(colour: Color) -> (u8, u8, u8) {
        const ANSI: [(u8, u8, u8); 16] = [
            (0, 0, 0),
            (205, 0, 0),
            (0, 205, 0),
            (205, 205, 0),
            (0, 0, 238),
            (205, 0, 205),
            (0, 205, 205),
            (229, 229, 229),
            (127, 127, 127),
            (255, 0, 0),
            (0, 255, 0),
            (255, 255, 0),
            (92, 92, 255),
            (255, 0, 255),
            (0, 255, 255),
            (255, 255, 255),
        ];
        let index = match colour {
            Color::Indexed(n) => n,
            Color::Rgb(r, g, b) => return (r, g, b),
            Color::Reset => panic!("the terminal's own colour has no fixed value"),
            named => crate::tui::output::sixteen(named).expect("one of the sixteen"),
        };
        let n = usize::from(index);
        if n < 16 {
            return ANSI[n];
        }
        if n >= 232 {
            let level = u8::try_from(8 + 10 * (n - 232)).unwrap_or(u8::MAX);
            return (level, level, level);
        }
        let level = |v: usize| {
            if v == 0 {
                0
            } else {
                u8::try_from(55 + 40 * v).unwrap_or(u8::MAX)
            }
        };
        let cube = n - 16;
        (level(cube / 36), level(cube / 6 % 6), level(cube % 6))
    }

    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn every_colour_reads_on_its_palette_s_background() {
        for (palette, background) in [
            (Palette::Dark, (0, 0, 0)),
            (Palette::Light, (255, 255, 255)),
        ] {
            for colour in USED {
                let ratio = contrast(rgb(palette.shown(colour)), background);
                assert!(ratio >= 4.5, "{colour:?} in {palette:?}: {ratio:.2}:1");
            }
        }
    }

    /// xterm's default text and background colours, for a palette.
    fn terminal_default(palette: Palette) -> ((u8, u8, u8), (u8, u8, u8)) {
        match palette {
            Palette::Dark => ((229, 229, 229), (0, 0, 0)),
            Palette::Light => ((0, 0, 0), (255, 255, 255)),
        }
    }

    /// The colours a cell is seen in: its own, or the terminal's for
    /// `Reset`, swapped when the cell is reversed.
    fn seen(cell: &Cell, palette: Palette) -> ((u8, u8, u8), (u8, u8, u8)) {
        let (text, background) = terminal_default(palette);
        let shown = |colour: Color, default| match colour {
            Color::Reset => default,
            other => rgb(other),
        };
        let fg = shown(cell.fg, text);
        let bg = shown(cell.bg, background);
        if cell.modifier.contains(Modifier::REVERSED) {
            (bg, fg)
        } else {
            (fg, bg)
        }
    }

    /// Every screen a learner meets, drawn at 120x40 with its selection
    /// where colour and reversal meet: topics and milestones done, started
    /// and skipped under the cursor, the overlays, the review screen.
    fn screens() -> Vec<(&'static str, Buffer)> {
        let mut harness = Harness::new();
        harness
            .app
            .set_review_settings(Settings::default(), TimeZone::UTC);
        let mut screens = vec![("fresh start", harness.render_buffer(120, 40))];
        harness.press("Tab Tab Space j Space j s");
        screens.push(("skipped milestone selected", harness.render_buffer(120, 40)));
        harness.press("BackTab");
        screens.push(("finished topic selected", harness.render_buffer(120, 40)));
        harness.press("BackTab");
        screens.push(("started phase selected", harness.render_buffer(120, 40)));
        harness.press("j Tab Tab Space BackTab");
        screens.push(("started topic selected", harness.render_buffer(120, 40)));
        harness.press("?");
        screens.push(("help", harness.render_buffer(120, 40)));
        harness.press("Esc p");
        screens.push(("progress", harness.render_buffer(120, 40)));
        harness.press("Esc /").type_text("req");
        screens.push(("search", harness.render_buffer(120, 40)));
        harness.press("Esc Tab n").type_text("A note.");
        screens.push(("note editor", harness.render_buffer(120, 40)));
        harness.press("Esc u");
        screens.push(("message", harness.render_buffer(120, 40)));
        harness.wait(21 * 24 * 3600);
        harness.app.refresh_reviews();
        harness.press("r");
        screens.push(("review", harness.render_buffer(120, 40)));
        harness.press("Space");
        screens.push(("review revealed", harness.render_buffer(120, 40)));
        screens
    }

    #[test]
    fn every_cell_of_every_screen_reads_in_both_palettes() {
        let screens = screens();
        for palette in [Palette::Dark, Palette::Light] {
            for (name, buffer) in &screens {
                let mut buffer = buffer.clone();
                palette.apply(&mut buffer);
                for (n, cell) in buffer.content.iter().enumerate() {
                    let symbol = cell.symbol();
                    if symbol.trim().is_empty() {
                        continue;
                    }
                    let (fg, bg) = seen(cell, palette);
                    let ratio = contrast(fg, bg);
                    let text = symbol.chars().any(char::is_alphanumeric);
                    let floor = if text { 4.5 } else { 3.0 };
                    let (x, y) = buffer.pos_of(n);
                    assert!(
                        ratio >= floor,
                        "{palette:?}, {name}: {symbol:?} at {x},{y} is {ratio:.2}:1 ({:?} on {:?})",
                        cell.fg,
                        cell.bg
                    );
                }
            }
        }
    }

    #[test]
    fn the_screens_checked_show_colour_under_reversal() {
        let reversed_in_colour = screens()
            .iter()
            .flat_map(|(_, buffer)| buffer.content.iter())
            .filter(|cell| cell.modifier.contains(Modifier::REVERSED) && cell.fg != Color::Reset)
            .count();
        assert!(reversed_in_colour > 0, "a coloured glyph on a selected row");
    }

    #[test]
    fn the_palettes_are_needed_the_dark_colours_fail_on_white() {
        let failing = USED
            .iter()
            .filter(|&&colour| contrast(rgb(Palette::Dark.shown(colour)), (255, 255, 255)) < 3.0)
            .count();
        assert!(failing >= 3, "cyan, yellow and green wash out on white");
    }

    #[test]
    fn auto_follows_colorfgbg_and_takes_dark_when_it_cannot_tell() {
        let unasked = || -> Option<Rgb> { panic!("COLORFGBG or the setting says") };
        let silent = || None;
        assert_eq!(
            Palette::choose(Theme::Auto, Some("0;15"), unasked),
            Palette::Light
        );
        assert_eq!(
            Palette::choose(Theme::Auto, Some("15;default;0"), unasked),
            Palette::Dark
        );
        assert_eq!(
            Palette::choose(Theme::Auto, Some("12;7"), unasked),
            Palette::Light
        );
        assert_eq!(
            Palette::choose(Theme::Auto, Some("nonsense"), silent),
            Palette::Dark
        );
        assert_eq!(Palette::choose(Theme::Auto, None, silent), Palette::Dark);
        assert_eq!(
            Palette::choose(Theme::Light, Some("15;0"), unasked),
            Palette::Light
        );
        assert_eq!(Palette::choose(Theme::Dark, None, unasked), Palette::Dark);
    }

    #[test]
    fn without_colorfgbg_auto_follows_the_background_the_terminal_reports() {
        let reported = |rgb: Rgb| Palette::choose(Theme::Auto, None, || Some(rgb));
        assert_eq!(reported((255, 255, 255)), Palette::Light);
        assert_eq!(reported((253, 246, 227)), Palette::Light);
        assert_eq!(reported((0, 0, 0)), Palette::Dark);
        assert_eq!(reported((0, 43, 54)), Palette::Dark);
        assert_eq!(reported((40, 44, 52)), Palette::Dark);
        assert_eq!(reported((160, 160, 160)), Palette::Light);
    }

    #[test]
    fn the_list_of_colours_is_every_colour_the_view_s_styles_name_and_none_is_blue() {
        let source = include_str!("view/style.rs");
        let named: Vec<&str> = source
            .split("Color::")
            .skip(1)
            .filter_map(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
            .collect();
        assert!(!named.is_empty());
        for name in named {
            assert!(
                USED.iter().any(|colour| format!("{colour:?}") == name),
                "{name} is drawn but not in USED"
            );
            assert_ne!(name, "Blue");
        }
    }
}
