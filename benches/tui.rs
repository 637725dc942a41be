//! The interactive view's speed: one key, its update and a full frame at
//! 120x40, written as trek writes it to the terminal (here into a sink),
//! on the bundled roadmap and on 100,000 milestones; and the time from
//! nothing to the first frame.

use std::hint::black_box;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;
use synthetic::synthetic;
use trek::review::Settings;
use trek::roadmap::{Roadmap, RoadmapSource, load, parse};
use trek::store::{State, Store};
use trek::tui::{App, Output};

#[path = "../tests/fixtures/synthetic.rs"]
mod synthetic;

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn app(roadmap: Roadmap, dir: &Path) -> App {
    let store = Store::open(&dir.join("progress.sqlite3")).expect("database");
    App::new(roadmap, store, Timestamp::now).expect("progress loads")
}

fn terminal() -> Terminal<Output<io::Sink>> {
    let output = Output::with_size(io::sink(), Size::new(120, 40), true);
    Terminal::new(output).expect("terminal")
}

/// Presses `keys` in turn, each followed by a full frame.
fn bench_keys(c: &mut Criterion, name: &str, app: &mut App, keys: &[char]) {
    let mut terminal = terminal();
    let mut next = keys.iter().cycle();
    c.bench_function(name, |b| {
        b.iter(|| {
            if let Some(&c) = next.next() {
                app.handle_key(key(c));
            }
            terminal
                .draw(|frame| frame.render_widget(&mut *app, frame.area()))
                .expect("draw");
        })
    });
}

fn bundled(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let roadmap = load(&RoadmapSource::Bundled).expect("bundled roadmap");
    let mut app = app(roadmap, dir.path());
    bench_keys(c, "bundled: phase j/k + frame", &mut app, &['j', 'k']);
    app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    bench_keys(c, "bundled: topic j/k + frame", &mut app, &['j', 'k']);
    // Into the detail pane of the first topic, the busiest frame.
    app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    bench_keys(c, "bundled: milestone j/k + frame", &mut app, &['j', 'k']);
    bench_keys(c, "bundled: tick/untick (write) + frame", &mut app, &[' ']);
}

fn large(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let text = synthetic(100, 100, 10);
    let roadmap = parse("synthetic", text.as_bytes()).expect("synthetic roadmap");
    let mut app = app(roadmap, dir.path());
    bench_keys(
        c,
        "100k milestones: phase j/k + frame",
        &mut app,
        &['j', 'k'],
    );
    app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    bench_keys(
        c,
        "100k milestones: topic G/g + frame",
        &mut app,
        &['G', 'g'],
    );
    app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    bench_keys(
        c,
        "100k milestones: tick/untick (write) + frame",
        &mut app,
        &[' '],
    );
}

/// A rating on the review screen and the frame after it, on the bundled
/// roadmap with every topic finished a month ago. Between ratings, and
/// outside the timing, the rating is undone and the review opened again.
fn review(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let roadmap = load(&RoadmapSource::Bundled).expect("bundled roadmap");
    let month_ago = Timestamp::now() - SignedDuration::from_hours(24 * 30);
    let targets: Vec<_> = roadmap
        .addresses()
        .map(|address| (address, State::Done))
        .collect();
    let mut store = Store::open(&dir.path().join("progress.sqlite3")).expect("database");
    store
        .set_states(&roadmap.id, &targets, month_ago)
        .expect("written");
    let mut app = app(roadmap, dir.path());
    app.set_review_settings(Settings::default(), jiff::tz::TimeZone::UTC);
    let mut terminal = terminal();
    app.handle_key(key('r'));
    c.bench_function("bundled: rate a review (write) + frame", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                app.handle_key(key('3'));
                terminal
                    .draw(|frame| frame.render_widget(&mut app, frame.area()))
                    .expect("draw");
                spent += start.elapsed();
                app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                app.handle_key(key('u'));
                app.handle_key(key('r'));
            }
            spent
        })
    });
}

fn first_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("progress.sqlite3");
    drop(Store::open(&path).expect("database"));
    c.bench_function("start to first frame (bundled)", |b| {
        b.iter(|| {
            let roadmap = load(&RoadmapSource::Bundled).expect("bundled roadmap");
            let store = Store::open(&path).expect("database");
            let mut app = App::new(roadmap, store, Timestamp::now).expect("progress loads");
            let mut terminal = terminal();
            terminal
                .draw(|frame| frame.render_widget(&mut app, frame.area()))
                .expect("draw");
            black_box(terminal.get_frame().area())
        })
    });
}

criterion_group!(benches, bundled, large, review, first_frame);
criterion_main!(benches);
