//! The terminal's input, read by trek itself: keys, clicks, pastes and
//! resizes.
//!
//! crossterm's reader keeps every byte after a bracketed-paste start until
//! the end marker comes (crossterm#1060), so a start without its end (a
//! paste cut short, a stray `ESC[200~`) would leave the view deaf for good.
//! Here a paste that has had no byte for [`PASTE_IDLE`] ends with what it
//! holds, and one that grows past [`PASTE_MAX`] ends there. Bytes become
//! crossterm's own event types, so the rest of the view is the same.
//! [`Parser`] is pure (bytes and times in, events out); [`Input`] polls
//! the terminal and the resize signal and feeds it.

use std::collections::VecDeque;
use std::io;
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use signal_hook::consts::SIGWINCH;
use signal_hook::low_level::pipe;

/// A paste without a byte for this long is over, end marker or not.
pub const PASTE_IDLE: Duration = Duration::from_secs(1);
/// A paste this long ends here; what follows is another paste.
pub const PASTE_MAX: usize = 8 << 20;

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";
/// A sequence longer than this without its final byte is noise.
const SEQUENCE_MAX: usize = 64;

/// Bytes of terminal input turned into events.
#[derive(Debug, Default)]
pub struct Parser {
    /// Bytes of a sequence not complete yet.
    pending: Vec<u8>,
    /// The paste being collected, and when its last byte came.
    paste: Option<(Vec<u8>, Instant)>,
    events: VecDeque<Event>,
    /// The background colour the terminal reported (OSC 11), if it did.
    background: Option<Rgb>,
    /// Whether the terminal has answered the device-attributes query sent
    /// after the background one: when it has, no background answer is
    /// still on its way.
    answered: bool,
}

/// A colour as red, green and blue, 0-255.
pub type Rgb = (u8, u8, u8);

/// Asks for the background colour, then for the device attributes, which
/// every terminal answers: the second answer says the first one has come
/// if it ever will, so a terminal that ignores OSC 11 costs one round
/// trip, not a timeout.
const BACKGROUND_QUERY: &[u8] = b"\x1b]11;?\x1b\\\x1b[c";

impl Parser {
    /// Takes bytes read at `now`; `more` says whether more are waiting,
    /// so a lone Esc at the end is a key and not the start of a sequence.
    pub fn feed(&mut self, bytes: &[u8], more: bool, now: Instant) {
        for (n, &byte) in bytes.iter().enumerate() {
            if let Some((paste, last)) = &mut self.paste {
                paste.push(byte);
                *last = now;
                if paste.ends_with(PASTE_END) {
                    paste.truncate(paste.len() - PASTE_END.len());
                    self.end_paste();
                } else if paste.len() >= PASTE_MAX {
                    self.end_paste();
                }
                continue;
            }
            self.pending.push(byte);
            if self.parse(more || n + 1 < bytes.len()) {
                self.paste = Some((Vec::new(), now));
            }
        }
    }

    /// Ends a paste whose end marker is overdue.
    pub fn tick(&mut self, now: Instant) {
        if let Some((_, last)) = &self.paste
            && now.saturating_duration_since(*last) >= PASTE_IDLE
        {
            self.end_paste();
        }
    }

    /// When [`Parser::tick`] next has something to do, if ever.
    pub fn deadline(&self) -> Option<Instant> {
        self.paste.as_ref().map(|(_, last)| *last + PASTE_IDLE)
    }

    /// The next event, oldest first.
    pub fn next(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn end_paste(&mut self) {
        if let Some((paste, _)) = self.paste.take() {
            let text = String::from_utf8_lossy(&paste).into_owned();
            self.events.push_back(Event::Paste(text));
        }
    }

    /// Turns the pending bytes into events while they make some; `more`
    /// says more bytes are coming now, so an unfinished sequence may wait.
    /// True when they started a paste, which takes the bytes after them.
    fn parse(&mut self, more: bool) -> bool {
        while !self.pending.is_empty() {
            match sequence(&self.pending, more) {
                Parsed::Incomplete if self.pending.len() < SEQUENCE_MAX => return false,
                Parsed::Incomplete => self.pending.clear(),
                Parsed::Done(used, found) => {
                    self.pending.drain(..used.max(1));
                    match found {
                        Some(Found::Event(event)) => self.events.push_back(event),
                        Some(Found::PasteStart) => return true,
                        Some(Found::Background(rgb)) => self.background = Some(rgb),
                        Some(Found::Answered) => self.answered = true,
                        None => {}
                    }
                }
            }
        }
        false
    }
}

enum Found {
    Event(Event),
    PasteStart,
    /// The terminal's answer to the background query.
    Background(Rgb),
    /// The terminal's answer to the device-attributes query.
    Answered,
}

enum Parsed {
    /// The bytes so far begin a sequence that is not finished.
    Incomplete,
    /// This many bytes were one thing (or nothing trek answers).
    Done(usize, Option<Found>),
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Parsed {
    Parsed::Done(
        0,
        Some(Found::Event(Event::Key(KeyEvent::new(code, modifiers)))),
    )
}

fn with_len(parsed: Parsed, len: usize) -> Parsed {
    match parsed {
        Parsed::Done(_, found) => Parsed::Done(len, found),
        incomplete => incomplete,
    }
}

/// The first thing in `bytes`.
fn sequence(bytes: &[u8], more: bool) -> Parsed {
    let none = KeyModifiers::NONE;
    match bytes[0] {
        0x1b => escape(bytes, more),
        b'\r' | b'\n' => with_len(key(KeyCode::Enter, none), 1),
        b'\t' => with_len(key(KeyCode::Tab, none), 1),
        0x7f | 0x08 => with_len(key(KeyCode::Backspace, none), 1),
        0x00 => with_len(key(KeyCode::Char(' '), KeyModifiers::CONTROL), 1),
        c @ 0x01..=0x1a => with_len(
            key(
                KeyCode::Char(char::from(c - 1 + b'a')),
                KeyModifiers::CONTROL,
            ),
            1,
        ),
        0x1c..=0x1f => Parsed::Done(1, None),
        _ => text(bytes),
    }
}

/// One UTF-8 character; shifted letters carry Shift, as crossterm reports.
fn text(bytes: &[u8]) -> Parsed {
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Parsed::Done(1, None),
    };
    if bytes.len() < len {
        return Parsed::Incomplete;
    }
    let Some(c) = std::str::from_utf8(&bytes[..len])
        .ok()
        .and_then(|text| text.chars().next())
    else {
        return Parsed::Done(1, None);
    };
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    with_len(key(KeyCode::Char(c), modifiers), len)
}

fn escape(bytes: &[u8], more: bool) -> Parsed {
    let Some(&second) = bytes.get(1) else {
        return if more {
            Parsed::Incomplete
        } else {
            with_len(key(KeyCode::Esc, KeyModifiers::NONE), 1)
        };
    };
    match second {
        b'[' => csi(bytes),
        b']' if bytes.len() == 2 && more => Parsed::Incomplete,
        b']' if bytes.get(2).is_some_and(u8::is_ascii_digit) => osc(bytes),
        b'O' => match bytes.get(2) {
            None => Parsed::Incomplete,
            Some(&last) => with_len(ss3(last), 3),
        },
        0x1b => with_len(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        _ => match text(&bytes[1..]) {
            Parsed::Done(len, Some(Found::Event(Event::Key(mut key)))) => {
                key.modifiers |= KeyModifiers::ALT;
                Parsed::Done(len + 1, Some(Found::Event(Event::Key(key))))
            }
            Parsed::Done(len, _) => Parsed::Done(len + 1, None),
            Parsed::Incomplete => Parsed::Incomplete,
        },
    }
}

/// `ESC ] number ; text` ended by BEL or `ESC \\`: a terminal's answer to
/// a query. Only the background colour's is read; any other is dropped.
fn osc(bytes: &[u8]) -> Parsed {
    let body = &bytes[2..];
    let Some((end, terminator)) = body.iter().enumerate().find_map(|(n, &byte)| match byte {
        0x07 => Some((n, 1)),
        0x1b if body.get(n + 1) == Some(&b'\\') => Some((n, 2)),
        _ => None,
    }) else {
        return Parsed::Incomplete;
    };
    let colour = std::str::from_utf8(&body[..end])
        .ok()
        .and_then(|text| text.strip_prefix("11;"))
        .and_then(x11_colour);
    Parsed::Done(2 + end + terminator, colour.map(Found::Background))
}

/// An X11 colour as terminals report it, `rgb:RRRR/GGGG/BBBB` with one to
/// four hex digits a channel.
fn x11_colour(text: &str) -> Option<Rgb> {
    let channel = |hex: &str| {
        let digits = u32::try_from(hex.len())
            .ok()
            .filter(|n| (1..=4).contains(n))?;
        let value = u32::from_str_radix(hex, 16).ok()?;
        let max = 16u32.pow(digits) - 1;
        u8::try_from(value * 255 / max).ok()
    };
    let mut channels = text.strip_prefix("rgb:")?.split('/');
    let rgb = (
        channel(channels.next()?)?,
        channel(channels.next()?)?,
        channel(channels.next()?)?,
    );
    channels.next().is_none().then_some(rgb)
}

fn ss3(last: u8) -> Parsed {
    let none = KeyModifiers::NONE;
    match last {
        b'A' => key(KeyCode::Up, none),
        b'B' => key(KeyCode::Down, none),
        b'C' => key(KeyCode::Right, none),
        b'D' => key(KeyCode::Left, none),
        b'H' => key(KeyCode::Home, none),
        b'F' => key(KeyCode::End, none),
        b'P'..=b'S' => key(KeyCode::F(last - b'P' + 1), none),
        _ => Parsed::Done(0, None),
    }
}

/// `ESC [ params final`: keys, mouse reports, paste markers.
fn csi(bytes: &[u8]) -> Parsed {
    let Some(end) = bytes[2..].iter().position(|b| (0x40..=0x7e).contains(b)) else {
        return Parsed::Incomplete;
    };
    let len = end + 3;
    let whole = &bytes[..len];
    if whole == PASTE_START {
        return Parsed::Done(len, Some(Found::PasteStart));
    }
    let params = &bytes[2..len - 1];
    let last = bytes[len - 1];
    if params.first() == Some(&b'<') {
        return Parsed::Done(len, mouse(&params[1..], last).map(Found::Event));
    }
    if params.first() == Some(&b'?') && last == b'c' {
        return Parsed::Done(len, Some(Found::Answered));
    }
    let numbers: Vec<u16> = std::str::from_utf8(params)
        .unwrap_or("")
        .split(';')
        .map(|n| n.parse().unwrap_or(0))
        .collect();
    let modifiers = numbers
        .get(1)
        .map_or(KeyModifiers::NONE, |&m| modifiers_of(m));
    let code = match last {
        b'A' => Some(KeyCode::Up),
        b'B' => Some(KeyCode::Down),
        b'C' => Some(KeyCode::Right),
        b'D' => Some(KeyCode::Left),
        b'H' => Some(KeyCode::Home),
        b'F' => Some(KeyCode::End),
        b'Z' => {
            return with_len(key(KeyCode::BackTab, KeyModifiers::SHIFT), len);
        }
        b'~' => match numbers.first().copied().unwrap_or(0) {
            1 | 7 => Some(KeyCode::Home),
            2 => Some(KeyCode::Insert),
            3 => Some(KeyCode::Delete),
            4 | 8 => Some(KeyCode::End),
            5 => Some(KeyCode::PageUp),
            6 => Some(KeyCode::PageDown),
            n @ 11..=15 => u8::try_from(n - 10).ok().map(KeyCode::F),
            n @ 17..=21 => u8::try_from(n - 11).ok().map(KeyCode::F),
            n @ 23..=24 => u8::try_from(n - 12).ok().map(KeyCode::F),
            _ => None,
        },
        _ => None,
    };
    match code {
        Some(code) => with_len(key(code, modifiers), len),
        None => Parsed::Done(len, None),
    }
}

/// xterm's modifier parameter: 1 + shift(1) + alt(2) + control(4).
fn modifiers_of(parameter: u16) -> KeyModifiers {
    let bits = parameter.saturating_sub(1);
    let mut modifiers = KeyModifiers::NONE;
    if bits & 1 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    modifiers
}

/// An SGR mouse report, `ESC [ < button ; column ; row M` (or `m` for a
/// release), columns and rows counted from 1.
fn mouse(params: &[u8], last: u8) -> Option<Event> {
    let mut numbers = std::str::from_utf8(params)
        .ok()?
        .split(';')
        .map(|n| n.parse::<u16>().ok());
    let (code, column, row) = (numbers.next()??, numbers.next()??, numbers.next()??);
    let button = match code & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if code & 64 != 0 {
        match code & 0b11 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if code & 32 != 0 {
        if code & 0b11 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if last == b'm' {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    let mut modifiers = KeyModifiers::NONE;
    if code & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if code & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if code & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    Some(Event::Mouse(MouseEvent {
        kind,
        column: column.saturating_sub(1),
        row: row.saturating_sub(1),
        modifiers,
    }))
}

/// The terminal's input and the resize signal, polled together.
pub struct Input {
    parser: Parser,
    resized: UnixStream,
    buffer: Box<[u8; 4096]>,
}

impl Input {
    /// Starts listening for resizes; the terminal is standard input.
    pub fn start() -> io::Result<Input> {
        let (resized, notify) = UnixStream::pair()?;
        resized.set_nonblocking(true)?;
        pipe::register(SIGWINCH, notify)?;
        Ok(Input {
            parser: Parser::default(),
            resized,
            buffer: Box::new([0; 4096]),
        })
    }

    /// The next event, waiting at most `timeout` for one.
    pub fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        let deadline = Instant::now() + timeout;
        loop {
            self.parser.tick(Instant::now());
            if let Some(event) = self.parser.next() {
                return Ok(Some(event));
            }
            let now = Instant::now();
            let mut wait = deadline.saturating_duration_since(now);
            if let Some(paste) = self.parser.deadline() {
                wait = wait.min(paste.saturating_duration_since(now));
            }
            let (input, resized) = self.wait(wait)?;
            if resized {
                let mut drained = [0; 64];
                while io::Read::read(&mut &self.resized, &mut drained).is_ok_and(|n| n > 0) {}
                let (width, height) = ratatui::crossterm::terminal::size()?;
                return Ok(Some(Event::Resize(width, height)));
            }
            if input {
                self.read()?;
            } else if Instant::now() >= deadline {
                self.parser.tick(Instant::now());
                return Ok(self.parser.next());
            }
        }
    }

    /// The terminal's background colour, asked for and waited on at most
    /// `timeout`; `None` when it does not say. Keys typed meanwhile stay
    /// queued, and an answer that comes later is dropped as it arrives.
    pub fn ask_background(&mut self, timeout: Duration) -> io::Result<Option<Rgb>> {
        let mut out = io::stdout().lock();
        io::Write::write_all(&mut out, BACKGROUND_QUERY)?;
        io::Write::flush(&mut out)?;
        drop(out);
        let deadline = Instant::now() + timeout;
        while !self.parser.answered {
            let wait = deadline.saturating_duration_since(Instant::now());
            if wait.is_zero() || !self.wait(wait)?.0 {
                break;
            }
            self.read()?;
        }
        Ok(self.parser.background)
    }

    /// Reads what the terminal has sent and parses it.
    fn read(&mut self) -> io::Result<()> {
        let read = match rustix::io::read(rustix::stdio::stdin(), &mut self.buffer[..]) {
            Ok(read) => read,
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => return Ok(()),
            Err(error) => return Err(error.into()),
        };
        if read == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the terminal closed its input",
            ));
        }
        let more = read == self.buffer.len() || self.wait(Duration::ZERO)?.0;
        self.parser.feed(&self.buffer[..read], more, Instant::now());
        Ok(())
    }

    /// Waits up to `timeout` for input or a resize; which came.
    fn wait(&self, timeout: Duration) -> io::Result<(bool, bool)> {
        let stdin = rustix::stdio::stdin();
        let mut fds = [
            PollFd::new(&stdin, PollFlags::IN),
            PollFd::new(&self.resized, PollFlags::IN),
        ];
        let timeout = Timespec::try_from(timeout).ok();
        match poll(&mut fds, timeout.as_ref()) {
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => return Ok((false, false)),
            Err(error) => return Err(error.into()),
        }
        let ready = |fd: &PollFd| {
            fd.revents()
                .intersects(PollFlags::IN | PollFlags::HUP | PollFlags::ERR)
        };
        Ok((ready(&fds[0]), ready(&fds[1])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(bytes: &[u8]) -> Vec<Event> {
        let mut parser = Parser::default();
        parser.feed(bytes, false, Instant::now());
        std::iter::from_fn(|| parser.next()).collect()
    }

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        events(bytes)
            .into_iter()
            .filter_map(|event| match event {
                Event::Key(key) => Some((key.code, key.modifiers)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn keys_arrive_as_a_terminal_sends_them() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            keys(b"a\rG\t\x1b[Z\x7f\x03 \xc3\xa9"),
            [
                (KeyCode::Char('a'), none),
                (KeyCode::Enter, none),
                (KeyCode::Char('G'), KeyModifiers::SHIFT),
                (KeyCode::Tab, none),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::Backspace, none),
                (KeyCode::Char('c'), KeyModifiers::CONTROL),
                (KeyCode::Char(' '), none),
                (KeyCode::Char('é'), none),
            ]
        );
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[1;5C\x1b[5~\x1b[6~\x1b[H\x1b[4~\x1bq\x1b"),
            [
                (KeyCode::Up, none),
                (KeyCode::Down, none),
                (KeyCode::Right, KeyModifiers::CONTROL),
                (KeyCode::PageUp, none),
                (KeyCode::PageDown, none),
                (KeyCode::Home, none),
                (KeyCode::End, none),
                (KeyCode::Char('q'), KeyModifiers::ALT),
                (KeyCode::Esc, none),
            ]
        );
    }

    #[test]
    fn an_escape_with_more_to_come_waits_for_the_rest_of_its_sequence() {
        let mut parser = Parser::default();
        let now = Instant::now();
        parser.feed(b"\x1b", true, now);
        assert_eq!(parser.next(), None);
        parser.feed(b"[B", false, now);
        assert_eq!(
            parser.next(),
            Some(Event::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)))
        );
    }

    #[test]
    fn mouse_reports_become_clicks_and_wheel_turns() {
        let events = events(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<65;3;4M\x1b[<35;1;1M");
        let kinds: Vec<(MouseEventKind, u16, u16)> = events
            .iter()
            .filter_map(|event| match event {
                Event::Mouse(mouse) => Some((mouse.kind, mouse.column, mouse.row)),
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (MouseEventKind::Down(MouseButton::Left), 9, 4),
                (MouseEventKind::Up(MouseButton::Left), 9, 4),
                (MouseEventKind::ScrollDown, 2, 3),
                (MouseEventKind::Moved, 0, 0),
            ]
        );
    }

    #[test]
    fn a_bracketed_paste_is_one_event_whatever_it_holds() {
        assert_eq!(
            events(b"x\x1b[200~q u\r\x1b[Ay\x1b[201~z"),
            [
                Event::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)),
                Event::Paste("q u\r\x1b[Ay".into()),
                Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE)),
            ]
        );
    }

    #[test]
    fn a_paste_whose_end_never_comes_ends_once_idle_and_keys_work_again() {
        let mut parser = Parser::default();
        let start = Instant::now();
        parser.feed(b"\x1b[200~", false, start);
        parser.feed(b"qq", false, start);
        assert_eq!(parser.next(), None, "still a paste");
        parser.tick(start + PASTE_IDLE / 2);
        assert_eq!(parser.next(), None);
        assert_eq!(parser.deadline(), Some(start + PASTE_IDLE));
        parser.tick(start + PASTE_IDLE);
        assert_eq!(parser.next(), Some(Event::Paste("qq".into())));
        parser.feed(b"q", false, start + PASTE_IDLE);
        assert_eq!(
            parser.next(),
            Some(Event::Key(KeyEvent::new(
                KeyCode::Char('q'),
                KeyModifiers::NONE
            )))
        );
    }

    #[test]
    fn the_background_answer_is_read_and_never_becomes_keys() {
        for (answer, colour) in [
            (&b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\"[..], (255, 255, 255)),
            (b"\x1b]11;rgb:00/2b/36\x07", (0, 43, 54)),
            (b"\x1b]11;rgb:f/8/0\x07", (255, 136, 0)),
        ] {
            let mut parser = Parser::default();
            let mut bytes = answer.to_vec();
            bytes.extend_from_slice(b"\x1b[?62;22cj");
            parser.feed(&bytes, false, Instant::now());
            assert_eq!(parser.background, Some(colour));
            assert!(parser.answered);
            let keys: Vec<Event> = std::iter::from_fn(|| parser.next()).collect();
            assert_eq!(
                keys,
                [Event::Key(KeyEvent::new(
                    KeyCode::Char('j'),
                    KeyModifiers::NONE
                ))]
            );
        }
    }

    #[test]
    fn other_answers_and_bad_colours_are_dropped_and_alt_bracket_stays_a_key() {
        assert!(events(b"\x1b]10;rgb:0/0/0\x07\x1b]11;rgb:zz/0/0\x07").is_empty());
        let mut parser = Parser::default();
        parser.feed(b"\x1b]11;rgb:1/2/3/4\x07", false, Instant::now());
        assert_eq!(parser.background, None);
        assert_eq!(keys(b"\x1b]"), [(KeyCode::Char(']'), KeyModifiers::ALT)]);
    }

    #[test]
    fn a_stray_paste_end_is_ignored() {
        assert_eq!(
            keys(b"\x1b[201~j"),
            [(KeyCode::Char('j'), KeyModifiers::NONE)]
        );
    }
}
