//! A small fixed roadmap and an app on a temporary database, for the
//! view's tests: keys in, screen text and database contents out.

use std::cell::Cell;
use std::path::PathBuf;
use std::rc::Rc;

use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use ratatui::text::Span;
use tempfile::TempDir;

use crate::roadmap::{Address, Roadmap, parse};
use crate::store::{Event, Progress, State, Store};

use super::App;

/// Two phases, three topics: an optional milestone, a choice point, a body
/// with Markdown, resources, a pitfall and a code example.
pub const ROADMAP: &str = r#"
id = "fixture"
title = "Fixture trek"
summary = "A small trek for tests."
estimate = "2 weeks"

[[phases]]
id = "foundations"
title = "Foundations"
weeks = [1, 2]
summary = "The basics."

[[phases.topics]]
id = "http"
title = "Web fundamentals & HTTP"
summary = "How a request travels from a client to your server and back."
estimate = "1 week"
body = """
Every request follows the same path: **DNS**, then TCP, then TLS, then `HTTP` itself.

- Read the RFCs
- Write a server
"""
milestones = [
  { id = "methods", text = "Explain GET, POST, PUT, PATCH and DELETE and when each is safe or idempotent." },
  { id = "status", text = "Pick the right status code for created, not found and conflict." },
  { id = "http3", text = "Read how HTTP/3 runs over QUIC.", optional = true },
]
resources = [{ title = "MDN: An overview of HTTP", url = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview", kind = "docs" }]
pitfalls = ["Returning 200 with an error message in the body."]
examples = [{ title = "A raw request", lang = "http", code = """
GET /users/42 HTTP/1.1
Host: example.com
""" }]

[[phases.topics]]
id = "language"
title = "Pick a language"
summary = "One language in depth."
required = 1
body = "Choose one."
milestones = [
  { id = "go", text = "Choose Go." },
  { id = "rust", text = "Choose Rust." },
  { id = "python", text = "Choose Python." },
]

[[phases]]
id = "databases"
title = "Databases"
weeks = [3, 4]
summary = "Where data lives."

[[phases.topics]]
id = "sql"
title = "SQL"
summary = "Query relational data with SQL."
body = "Tables, rows and joins."
milestones = [
  { id = "select", text = "Write SELECT queries with WHERE and ORDER BY." },
  { id = "joins", text = "Join two tables." },
]

[finale]
title = "Trek complete. What's next?"
body = "You made it through every phase."
next = ["Build something real.", "Teach someone else."]
"#;

/// The fixture roadmap.
pub fn roadmap() -> Roadmap {
    parse("fixture.toml", ROADMAP.as_bytes()).expect("the fixture roadmap is valid")
}

/// The time the harness's clock starts at: 2026-09-21, a Monday.
pub fn start() -> Timestamp {
    Timestamp::from_second(1_790_000_000).expect("a valid time")
}

/// An app on a database file of its own, with a clock the test moves.
pub struct Harness {
    pub app: App,
    pub path: PathBuf,
    clock: Rc<Cell<Timestamp>>,
    _dir: TempDir,
}

impl Harness {
    /// The fixture roadmap on a new database.
    pub fn new() -> Self {
        Self::with(roadmap())
    }

    /// Any roadmap on a new database.
    pub fn with(roadmap: Roadmap) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("progress.sqlite3");
        let store = Store::open(&path).expect("new database");
        let clock = Rc::new(Cell::new(start()));
        let app = App::new(roadmap, store, reader(&clock)).expect("empty progress loads");
        Self {
            app,
            path,
            clock,
            _dir: dir,
        }
    }

    /// The app as a new start of trek on the same database finds it.
    pub fn restart(&mut self) -> &mut Self {
        let store = Store::open(&self.path).expect("the database opens again");
        let roadmap = self.app.roadmap.clone();
        self.app = App::new(roadmap, store, reader(&self.clock)).expect("progress loads");
        self
    }

    /// The app as trek opens it where the database cannot be written.
    pub fn restart_read_only(&mut self) -> &mut Self {
        let store = Store::open_read_only(&self.path)
            .expect("the database opens")
            .expect("the database exists");
        let roadmap = self.app.roadmap.clone();
        self.app = App::new(roadmap, store, reader(&self.clock)).expect("progress loads");
        self
    }

    /// The time the app's clock reads.
    pub fn now(&self) -> Timestamp {
        self.clock.get()
    }

    /// Moves the app's clock on by `seconds`.
    pub fn wait(&mut self, seconds: i64) -> &mut Self {
        let later = self.now() + SignedDuration::from_secs(seconds);
        self.clock.set(later);
        self
    }

    /// Presses keys named like `Tab Tab Space`: a key name, or a single
    /// character; `C-c` is Control-C.
    pub fn press(&mut self, keys: &str) -> &mut Self {
        for name in keys.split_whitespace() {
            self.app.handle_key(key(name));
        }
        self
    }

    /// Types text into whatever has the keyboard.
    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.app
                .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        self
    }

    /// The screen at this size, as text with trailing spaces trimmed.
    pub fn render(&mut self, width: u16, height: u16) -> String {
        screen_text(&self.render_buffer(width, height))
    }

    /// The screen at this size, cells with their styles.
    pub fn render_buffer(&mut self, width: u16, height: u16) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        terminal
            .draw(|frame| frame.render_widget(&mut self.app, frame.area()))
            .expect("draw");
        terminal.backend().buffer().clone()
    }

    /// What another process reading the database sees.
    pub fn stored(&self) -> Progress {
        Store::open(&self.path)
            .and_then(|store| store.load(&self.app.roadmap.id))
            .expect("the database reads")
    }

    /// Every change recorded so far, newest first.
    pub fn stored_history(&self) -> Vec<Event> {
        Store::open(&self.path)
            .and_then(|store| store.history(&self.app.roadmap.id, usize::MAX))
            .expect("the database reads")
    }

    /// The stored state of `TOPIC/MILESTONE`.
    pub fn stored_state(&self, address: &str) -> State {
        let address = Address::parse(address).expect("fixture address");
        self.stored().state(&address)
    }

    /// The state the app shows for `TOPIC/MILESTONE`.
    pub fn shown_state(&self, address: &str) -> State {
        let address = Address::parse(address).expect("fixture address");
        self.app.progress.state(&address)
    }
}

/// A clock that reads the harness's time.
fn reader(clock: &Rc<Cell<Timestamp>>) -> impl Fn() -> Timestamp + 'static {
    let clock = Rc::clone(clock);
    move || clock.get()
}

/// A key event by name.
pub fn key(name: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    match name {
        "Tab" => plain(KeyCode::Tab),
        "BackTab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "Space" => plain(KeyCode::Char(' ')),
        "Enter" => plain(KeyCode::Enter),
        "Esc" => plain(KeyCode::Esc),
        "Backspace" => plain(KeyCode::Backspace),
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "PgUp" => plain(KeyCode::PageUp),
        "PgDn" => plain(KeyCode::PageDown),
        "Home" => plain(KeyCode::Home),
        "End" => plain(KeyCode::End),
        "C-c" => KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        "C-r" => KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL),
        "C-g" => KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL),
        single if single.chars().count() == 1 => {
            let c = single.chars().next().unwrap_or(' ');
            let modifiers = if c.is_ascii_uppercase() || c == '?' {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            KeyEvent::new(KeyCode::Char(c), modifiers)
        }
        other => panic!("no key named {other:?}"),
    }
}

/// A buffer's text, one line per row, trailing spaces trimmed.
pub fn screen_text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    let mut text = String::new();
    for row in buffer.content.chunks(width.max(1)) {
        let mut line = String::new();
        let mut hidden = 0;
        for cell in row {
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            line.push_str(cell.symbol());
            hidden = Span::raw(cell.symbol()).width().saturating_sub(1);
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// Every run of styled cells in a buffer, one line per run: row, column,
/// colours and modifiers, and the text, so a snapshot shows what is drawn
/// how. Unstyled cells are left out.
pub fn styled_runs(buffer: &Buffer, rows: std::ops::Range<u16>) -> String {
    let width = buffer.area.width;
    let mut out = String::new();
    for y in rows {
        let mut x = 0;
        while x < width {
            let style = buffer[(x, y)].style();
            let start = x;
            let mut text = String::new();
            while x < width && buffer[(x, y)].style() == style {
                text.push_str(buffer[(x, y)].symbol());
                x += 1;
            }
            let plain = |colour: Option<Color>| matches!(colour, None | Some(Color::Reset));
            let styled = !plain(style.fg) || !plain(style.bg) || !style.add_modifier.is_empty();
            if styled && !text.trim().is_empty() {
                let fg = style.fg.map_or("-".to_owned(), |c| format!("{c:?}"));
                let modifiers = format!("{:?}", style.add_modifier);
                out.push_str(&format!(
                    "{y:>2}:{start:<3} {fg:<8} {modifiers:<24} {:?}\n",
                    text.trim_end()
                ));
            }
        }
    }
    out
}
