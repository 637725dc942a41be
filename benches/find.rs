//! Finding what is left: one keystroke of the search (the query edited and
//! every text scored again) on the bundled roadmap and on 10,000
//! milestones, with and without drawing the frame it shows.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use synthetic::synthetic;
use trek::roadmap::{Roadmap, RoadmapSource, load, parse};
use trek::store::Store;
use trek::tui::App;

#[path = "../tests/fixtures/synthetic.rs"]
mod synthetic;

fn app(roadmap: Roadmap, dir: &Path) -> App {
    let store = Store::open(&dir.join("progress.sqlite3")).expect("database");
    App::new(roadmap, store, Timestamp::now).expect("progress loads")
}

/// Typing `word` letter by letter, then deleting it: each step is one
/// keystroke that searches again.
fn keystrokes(word: &str) -> Vec<KeyEvent> {
    let typed = word
        .chars()
        .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let deleted = word
        .chars()
        .map(|_| KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    typed.chain(deleted).collect()
}

/// One keystroke in the open search per iteration; with `draw`, the frame
/// after it too.
fn bench_search(c: &mut Criterion, name: &str, app: &mut App, word: &str, draw: bool) {
    app.handle_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    let keys = keystrokes(word);
    let mut next = keys.iter().cycle();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    c.bench_function(name, |b| {
        b.iter(|| {
            if let Some(&key) = next.next() {
                app.handle_key(key);
            }
            if draw {
                terminal
                    .draw(|frame| frame.render_widget(&mut *app, frame.area()))
                    .expect("draw");
            }
        })
    });
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
}

fn bundled(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let roadmap = load(&RoadmapSource::Bundled).expect("bundled roadmap");
    let mut app = app(roadmap, dir.path());
    bench_search(
        c,
        "bundled: search keystroke (cach)",
        &mut app,
        "cach",
        false,
    );
    bench_search(
        c,
        "bundled: search keystroke (redis ttl)",
        &mut app,
        "redis ttl",
        false,
    );
    bench_search(
        c,
        "bundled: search keystroke + frame (cach)",
        &mut app,
        "cach",
        true,
    );
}

fn large(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let text = synthetic(10, 100, 10);
    let roadmap = parse("synthetic", text.as_bytes()).expect("synthetic roadmap");
    let mut app = app(roadmap, dir.path());
    // Every milestone matches `step`: the most a keystroke can cost.
    bench_search(
        c,
        "10k milestones: search keystroke (step)",
        &mut app,
        "step",
        false,
    );
    bench_search(
        c,
        "10k milestones: search keystroke (topic 7)",
        &mut app,
        "topic 7",
        false,
    );
    bench_search(
        c,
        "10k milestones: search keystroke + frame (step)",
        &mut app,
        "step",
        true,
    );
}

criterion_group!(benches, bundled, large);
criterion_main!(benches);
