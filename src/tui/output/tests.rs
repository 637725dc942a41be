//! What reaches the screen: the bytes written are played into a terminal
//! emulator (`vt100`) and a link tracker, and what they show is compared,
//! cell by cell, with the frame that was drawn.

use std::collections::HashMap;
use std::num::NonZeroU16;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::buffer::Buffer;
use ratatui::layout::Size;
use ratatui::style::{Color, Modifier, Style};
use unicode_width::UnicodeWidthStr;

use super::{Link, Output, draw};
use crate::roadmap::{RoadmapSource, load};
use crate::tui::fixture::Harness;
use crate::tui::paint;
use crate::tui::theme::Palette;

/// A screen fed with what trek wrote: cells by `vt100`, links by [`Links`].
struct Screen {
    cells: vt100::Parser,
    links: vte::Parser,
    tracker: Links,
}

impl Screen {
    fn new(size: Size) -> Screen {
        Screen {
            cells: vt100::Parser::new(
                NonZeroU16::new(size.height).expect("rows"),
                NonZeroU16::new(size.width).expect("columns"),
                0,
            ),
            links: vte::Parser::new(),
            tracker: Links::default(),
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.cells.process(bytes);
        self.links.advance(&mut self.tracker, bytes);
    }

    /// Fails unless the screen shows `frame`, with links only on the cells
    /// of `links`.
    fn assert_shows(&self, frame: &Buffer, links: &[(u16, u16, &str)]) {
        let screen = self.cells.screen();
        for y in 0..frame.area.height {
            for x in 0..frame.area.width {
                let at = format!("cell ({x}, {y})");
                let shown = screen.cell(y, x).expect("a cell of the screen");
                if shown.is_wide_continuation() {
                    continue;
                }
                let cell = &frame[(x, y)];
                let contents = match shown.contents() {
                    "" => " ",
                    text => text,
                };
                assert_eq!(contents, cell.symbol(), "{at}");
                let has = |modifier| cell.modifier.contains(modifier);
                // A blank shows no foreground, weight or slant.
                if contents != " " {
                    assert_eq!(shown.fgcolor(), colour(cell.fg), "{at} foreground");
                    assert_eq!(shown.bold(), has(Modifier::BOLD), "{at} bold");
                    assert_eq!(shown.italic(), has(Modifier::ITALIC), "{at} italic");
                }
                assert_eq!(shown.bgcolor(), colour(cell.bg), "{at} background");
                assert_eq!(
                    shown.underline(),
                    has(Modifier::UNDERLINED),
                    "{at} underline"
                );
                assert_eq!(shown.inverse(), has(Modifier::REVERSED), "{at} reversed");
                let link = links
                    .iter()
                    .find(|(lx, ly, _)| (*lx, *ly) == (x, y))
                    .map(|(_, _, url)| *url);
                let tracked = self.tracker.cells.get(&(x, y)).and_then(Option::as_deref);
                assert_eq!(tracked, link, "{at} link");
            }
        }
    }
}

/// The cells each hyperlink was printed on, as a terminal that knows OSC 8
/// records them; it follows the cursor moves trek writes.
#[derive(Default)]
struct Links {
    x: u16,
    y: u16,
    open: Option<String>,
    cells: HashMap<(u16, u16), Option<String>>,
}

impl vte::Perform for Links {
    fn print(&mut self, c: char) {
        self.cells.insert((self.x, self.y), self.open.clone());
        let mut text = [0; 4];
        self.x += c.encode_utf8(&mut text).width().max(1) as u16;
    }

    fn execute(&mut self, byte: u8) {
        match byte {
            b'\r' => self.x = 0,
            b'\n' => self.y += 1,
            _ => {}
        }
    }

    fn csi_dispatch(&mut self, params: &vte::Params, _: &[u8], _: bool, action: char) {
        let numbers: Vec<u16> = params.iter().map(|p| p[0]).collect();
        let nth = |n: usize| numbers.get(n).copied().filter(|&v| v > 0).unwrap_or(1);
        match action {
            'H' => (self.y, self.x) = (nth(0) - 1, nth(1) - 1),
            'C' => self.x += nth(0),
            'J' => self.cells.clear(),
            'X' => {
                for x in self.x..self.x + nth(0) {
                    self.cells.insert((x, self.y), None);
                }
            }
            _ => {}
        }
    }

    fn osc_dispatch(&mut self, params: &[&[u8]], _: bool) {
        if let [b"8", _, url] = params {
            self.open = (!url.is_empty()).then(|| String::from_utf8_lossy(url).into_owned());
        }
    }
}

/// The sixteen named colours, in xterm's order.
const NAMED: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

/// The colour `vt100` reports for a cell drawn in `colour`.
fn colour(colour: Color) -> vt100::Color {
    let index = match colour {
        Color::Reset => return vt100::Color::Default,
        Color::Rgb(r, g, b) => return vt100::Color::Rgb(r, g, b),
        Color::Indexed(n) => n,
        named => {
            let position = NAMED.iter().position(|&c| c == named);
            position
                .and_then(|n| u8::try_from(n).ok())
                .expect("a named colour")
        }
    };
    vt100::Color::Idx(index)
}

fn output(size: Size, hyperlinks: bool) -> Terminal<Output<Vec<u8>>> {
    Terminal::new(Output::with_size(Vec::new(), size, hyperlinks)).expect("a terminal")
}

/// What the last frame wrote.
fn written(terminal: &mut Terminal<Output<Vec<u8>>>) -> Vec<u8> {
    std::mem::take(terminal.backend_mut().writer_mut())
}

/// The app's frame as trek draws it, and the bytes that drew it.
fn frame(terminal: &mut Terminal<Output<Vec<u8>>>, harness: &mut Harness) -> (Buffer, Vec<u8>) {
    let mut drawn = Buffer::default();
    draw(terminal, |frame| {
        let links = paint(frame, &mut harness.app, Some(Palette::Dark));
        drawn = frame.buffer_mut().clone();
        links
    })
    .expect("drawn");
    (drawn, written(terminal))
}

/// The cells of the links the app recorded for its last frame.
fn link_cells(harness: &Harness, frame: &Buffer) -> Vec<(u16, u16, String)> {
    let mut cells = Vec::new();
    for link in &harness.app.view.regions.links {
        if let Some(columns) = link.columns(frame) {
            cells.extend(columns.map(|x| (x, link.y, link.url.clone())));
        }
    }
    cells
}

fn borrowed(cells: &[(u16, u16, String)]) -> Vec<(u16, u16, &str)> {
    cells
        .iter()
        .map(|(x, y, url)| (*x, *y, url.as_str()))
        .collect()
}

const WIDE: Size = Size::new(120, 40);

#[test]
fn the_bundled_roadmap_reaches_the_screen_exactly_key_after_key() {
    let mut harness = Harness::with(load(&RoadmapSource::Bundled).expect("bundled roadmap"));
    let mut terminal = output(WIDE, true);
    let mut screen = Screen::new(WIDE);
    let keys = "j j Tab j j j Tab j j Space j PgDn PgDn PgUp BackTab k BackTab k ? Esc / c a Esc";
    for key in std::iter::once("").chain(keys.split(' ')) {
        if !key.is_empty() {
            harness.press(key);
        }
        let (drawn, bytes) = frame(&mut terminal, &mut harness);
        screen.feed(&bytes);
        let links = link_cells(&harness, &drawn);
        screen.assert_shows(&drawn, &borrowed(&links));
    }
}

/// Bytes written by each of `moves` presses of `key`, the first frame
/// drawn after `setup`.
fn bytes_per_move(setup: &str, key: &str, moves: usize) -> Vec<usize> {
    let mut harness = Harness::with(load(&RoadmapSource::Bundled).expect("bundled roadmap"));
    let mut terminal = output(WIDE, true);
    harness.press(setup);
    frame(&mut terminal, &mut harness);
    (0..moves)
        .map(|_| {
            harness.press(key);
            frame(&mut terminal, &mut harness).1.len()
        })
        .collect()
}

/// What a keypress that moves the cursor one row may write, at 120x40 on
/// the bundled roadmap: 2 KB for a milestone or a topic; a phase, which
/// brings another topic list and another topic's text, 2.4 KB.
#[test]
fn a_move_of_one_row_writes_at_most_2_kb() {
    let moves = [
        ("milestone", "Tab Tab", 6, 2048),
        ("topic", "Tab", 7, 2048),
        ("phase", "", 3, 2458),
    ];
    for (name, setup, count, budget) in moves {
        let written = bytes_per_move(setup, "j", count);
        let most = written.iter().max().copied().unwrap_or_default();
        assert!(
            written.iter().all(|&bytes| bytes > 0),
            "{name}: {written:?}"
        );
        assert!(
            most <= budget,
            "a {name} move wrote {most} bytes: {written:?}"
        );
    }
}

#[test]
fn a_frame_with_nothing_changed_writes_nothing() {
    let mut harness = Harness::with(load(&RoadmapSource::Bundled).expect("bundled roadmap"));
    let mut terminal = output(WIDE, true);
    frame(&mut terminal, &mut harness);
    harness.press("Tab Tab j");
    frame(&mut terminal, &mut harness);
    assert_eq!(frame(&mut terminal, &mut harness).1, b"");
}

#[test]
fn a_resource_address_is_a_hyperlink_to_the_whole_address() {
    let url = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview";
    let mut harness = Harness::new();
    // Narrow enough that the address is cut with `…`.
    let size = Size::new(60, 40);
    let mut terminal = output(size, true);
    let mut screen = Screen::new(size);
    harness.press("Tab Tab");
    let (drawn, bytes) = frame(&mut terminal, &mut harness);
    screen.feed(&bytes);
    let links = link_cells(&harness, &drawn);
    let text: String = links
        .iter()
        .map(|&(x, y, _)| drawn[(x, y)].symbol())
        .collect();
    assert!(
        text.starts_with("https://developer.mozilla.org") && text.ends_with('…'),
        "{text:?} in\n{}",
        crate::tui::fixture::screen_text(&drawn)
    );
    assert!(links.iter().all(|(_, _, to)| to == url));
    screen.assert_shows(&drawn, &borrowed(&links));
    let open = format!("\x1b]8;;{url}\x1b\\");
    assert_eq!(String::from_utf8_lossy(&bytes).matches(&open).count(), 1);
}

#[test]
fn without_hyperlinks_no_link_is_sent() {
    let mut harness = Harness::new();
    let mut terminal = output(Size::new(60, 40), false);
    harness.press("Tab Tab");
    let (_, bytes) = frame(&mut terminal, &mut harness);
    assert!(!harness.app.view.regions.links.is_empty());
    assert!(!String::from_utf8_lossy(&bytes).contains("\x1b]8;"));
}

/// Draws `text` at (`x`, 1) of a 30x3 screen, linked to `url` if given.
fn draw_text(
    terminal: &mut Terminal<Output<Vec<u8>>>,
    screen: &mut Screen,
    texts: &[(u16, &str)],
    link: Option<Link>,
) -> Buffer {
    let mut drawn = Buffer::default();
    draw(terminal, |frame| {
        for (x, text) in texts {
            frame.buffer_mut().set_string(*x, 1, text, Style::new());
        }
        drawn = frame.buffer_mut().clone();
        link.into_iter().collect()
    })
    .expect("drawn");
    screen.feed(&written(terminal));
    drawn
}

#[test]
fn a_link_ends_where_its_text_is_drawn_over_or_it_goes() {
    let size = Size::new(30, 3);
    let mut terminal = output(size, true);
    let mut screen = Screen::new(size);
    let link = Link {
        x: 2,
        y: 1,
        text: "https://a.example/".into(),
        url: "https://a.example/".into(),
    };
    let url = [(2, "https://a.example/")];
    let drawn = draw_text(&mut terminal, &mut screen, &url, Some(link.clone()));
    let linked: Vec<_> = (2..20).map(|x| (x, 1, "https://a.example/")).collect();
    screen.assert_shows(&drawn, &linked);

    // The same text, no longer a link: rewritten without one.
    let drawn = draw_text(&mut terminal, &mut screen, &url, None);
    screen.assert_shows(&drawn, &[]);

    // A link again, then something drawn over half of it.
    draw_text(&mut terminal, &mut screen, &url, Some(link.clone()));
    let covered = [(2, "https://a.example/"), (10, "Help")];
    let drawn = draw_text(&mut terminal, &mut screen, &covered, Some(link));
    screen.assert_shows(&drawn, &[]);
}

#[test]
fn after_another_program_had_the_terminal_the_style_is_reset_and_the_cursor_hidden() {
    let size = Size::new(30, 3);
    let mut terminal = output(size, false);
    let mut screen = Screen::new(size);
    draw_text(&mut terminal, &mut screen, &[(2, "x")], None);
    terminal.backend_mut().forget();
    // The same frame again: nothing to write but what the other program
    // may have changed.
    draw(&mut terminal, |frame| {
        frame.buffer_mut().set_string(2, 1, "x", Style::new());
        Vec::new()
    })
    .expect("drawn");
    assert_eq!(written(&mut terminal), b"\x1b[0m\x1b[?25l");
}

/// Text a frame may hold: narrow, box-drawing, wide and blank.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a", "bc", " ", "  ", "│─", "▸ ", "コ", "日本", "✓", "x y",
    ])
}

fn style() -> impl Strategy<Value = Style> {
    let colours = vec![
        Color::Reset,
        Color::Cyan,
        Color::DarkGray,
        Color::Indexed(25),
        Color::Indexed(3),
        Color::Rgb(10, 20, 30),
    ];
    let modifiers = vec![
        Modifier::empty(),
        Modifier::BOLD,
        Modifier::ITALIC | Modifier::UNDERLINED,
        Modifier::REVERSED,
        Modifier::BOLD | Modifier::REVERSED,
        Modifier::CROSSED_OUT,
    ];
    (
        prop::sample::select(colours.clone()),
        prop::sample::select(colours),
        prop::sample::select(modifiers),
    )
        .prop_map(|(fg, bg, modifier)| Style::new().fg(fg).bg(bg).add_modifier(modifier))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any run of frames, each drawn over the last, leaves the screen
    /// showing the last exactly.
    #[test]
    fn frames_reach_the_screen_exactly(
        frames in prop::collection::vec(
            prop::collection::vec((0..16u16, 0..5u16, piece(), style()), 0..24),
            1..5,
        ),
    ) {
        let size = Size::new(16, 5);
        let mut terminal = output(size, true);
        let mut screen = Screen::new(size);
        for writes in frames {
            let mut drawn = Buffer::default();
            draw(&mut terminal, |frame| {
                for (x, y, text, style) in writes {
                    frame.buffer_mut().set_string(x, y, text, style);
                }
                drawn = frame.buffer_mut().clone();
                Vec::new()
            })
            .expect("drawn");
            screen.feed(&written(&mut terminal));
            screen.assert_shows(&drawn, &[]);
        }
    }
}
