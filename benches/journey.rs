//! The progress view's speed: a frame at 120x40 on the bundled roadmap
//! with a year of daily activity, two to six ticks a day.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use trek::roadmap::{Address, RoadmapSource, load};
use trek::store::{State, Store};
use trek::tui::{App, Plan};

/// A year of days, each with a few ticks: a milestone walked back and
/// ticked again, round the roadmap, so the log holds about 1,500 ticks.
fn a_year_of_ticks(store: &mut Store, roadmap: &str, addresses: &[Address], now: Timestamp) {
    let mut next = addresses.iter().cycle();
    for day in (1..=365_i64).rev() {
        let at = now - SignedDuration::from_hours(24 * day);
        for tick in 0..(2 + day % 5) {
            let address = next.next().expect("addresses").clone();
            let at = at + SignedDuration::from_mins(tick);
            store
                .set_states(roadmap, &[(address.clone(), State::Todo)], at)
                .expect("write");
            store
                .set_states(roadmap, &[(address, State::Done)], at)
                .expect("write");
        }
    }
}

fn progress_view(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let roadmap = load(&RoadmapSource::Bundled).expect("bundled roadmap");
    let addresses: Vec<Address> = roadmap.addresses().collect();
    let mut store = Store::open(&dir.path().join("progress.sqlite3")).expect("database");
    let now = Timestamp::now();
    a_year_of_ticks(&mut store, &roadmap.id, &addresses, now);
    let plan = Plan {
        zone: TimeZone::UTC,
        hours_per_week: Some(8.0),
        ascii: false,
    };
    let mut app = App::new(roadmap, store, move || now)
        .expect("progress loads")
        .with_plan(plan);
    app.handle_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    let keys = [KeyCode::Down, KeyCode::Up];
    let mut key = keys.iter().cycle();
    c.bench_function(
        "progress view: key + frame at 120x40, a year of activity",
        |b| {
            b.iter(|| {
                if let Some(&code) = key.next() {
                    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
                }
                terminal
                    .draw(|frame| frame.render_widget(&mut app, frame.area()))
                    .expect("draw");
                black_box(terminal.backend().buffer().area)
            })
        },
    );
}

criterion_group!(benches, progress_view);
criterion_main!(benches);
