//! `trek status` without the process: summarising and rendering progress.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{Timestamp, Zoned};
use synthetic::synthetic;
use trek::progress::summarize;
use trek::report::{Look, ReviewJson, status, status_json};
use trek::review::{Queue, Remembering, Settings};
use trek::roadmap::{Address, Roadmap, RoadmapSource, load, parse};
use trek::store::{ReviewMark, State, Store};

#[path = "../tests/fixtures/synthetic.rs"]
mod synthetic;

/// A database where every other milestone of `addresses` is done, one
/// command each, an hour apart.
fn half_done(path: &std::path::Path, roadmap: &str, addresses: &[Address]) -> Store {
    let mut store = Store::open(path).expect("open");
    for (index, address) in addresses.iter().enumerate().step_by(2) {
        let at = Timestamp::from_second(1_790_000_000 + index as i64 * 3600).expect("time");
        store
            .set_states(roadmap, &[(address.clone(), State::Done)], at)
            .expect("write");
    }
    store
}

fn status_of(c: &mut Criterion, name: &str, roadmap: &trek::roadmap::Roadmap) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let addresses: Vec<Address> = roadmap.addresses().collect();
    let store = half_done(&dir.path().join("p.sqlite3"), &roadmap.id, &addresses);
    let now = Zoned::now();
    let mut group = c.benchmark_group(name);
    group.sample_size(20);
    group.bench_function("load, summarize and render", |b| {
        b.iter(|| {
            let progress = store.load(&roadmap.id).expect("load");
            let summary = summarize(black_box(roadmap), &progress, &now);
            let queue = Queue::build(roadmap, &progress, &now, Settings::default());
            status(&summary, &now, Look::PLAIN).len()
                + status_json(&summary, None, ReviewJson::new(&queue)).len()
        })
    });
    group.finish();
}

fn bundled(c: &mut Criterion) {
    let roadmap = load(&RoadmapSource::Bundled).expect("bundled roadmap");
    status_of(c, "status: bundled, half done", &roadmap);
}

fn hundred_thousand(c: &mut Criterion) {
    let roadmap = parse("synthetic", synthetic(100, 100, 10).as_bytes()).expect("synthetic");
    status_of(c, "status: 100k milestones, half done", &roadmap);
}

/// A database where every topic of `roadmap` was finished 400 days
/// before `now`, then rated `rounds` times, 15 days apart.
fn reviewed(path: &std::path::Path, roadmap: &Roadmap, now: &Zoned, rounds: i64) -> Store {
    let day = 86_400;
    let start = now.timestamp().as_second() - 400 * day;
    // Opened as a writing command opens it, so each write keeps the cache.
    let remembering = Remembering::new(roadmap.clone(), Settings::default());
    let mut store = Store::open(path)
        .expect("open")
        .following(roadmap)
        .remembering(Box::new(remembering));
    let done: Vec<(Address, State)> = roadmap.addresses().map(|a| (a, State::Done)).collect();
    let finished = Timestamp::from_second(start).expect("time");
    store
        .set_states(&roadmap.id, &done, finished)
        .expect("write");
    let marks = [
        ReviewMark::Again,
        ReviewMark::Hard,
        ReviewMark::Good,
        ReviewMark::Easy,
    ];
    let topics = roadmap.phases.iter().flat_map(|phase| &phase.topics);
    for round in 1..=rounds {
        for (index, topic) in topics.clone().enumerate() {
            let at = Timestamp::from_second(start + round * 15 * day + index as i64).expect("time");
            let mark = marks[(round as usize * 7 + index) % marks.len()];
            store
                .review(&roadmap.id, &topic.id, mark, &[], at)
                .expect("review");
        }
    }
    store
}

/// `trek status` on 200 topics in review, with no reviews and with 5,000:
/// the damaged-row count, the load (each topic's schedule from the review
/// cache), the queue and the text, as the command does them.
fn reviews(c: &mut Criterion) {
    let roadmap = parse("synthetic", synthetic(4, 50, 5).as_bytes()).expect("synthetic");
    let now = Zoned::now();
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut group = c.benchmark_group("status: 200 topics in review");
    group.sample_size(20);
    for (name, rounds) in [("no reviews", 0), ("5,000 reviews", 25)] {
        let store = reviewed(
            &dir.path().join(format!("{rounds}.sqlite3")),
            &roadmap,
            &now,
            rounds,
        );
        group.bench_function(name, |b| {
            b.iter(|| {
                let damaged = store.damaged_rows(&roadmap.id).expect("count");
                let remembering = Remembering::new(&roadmap, Settings::default());
                let progress = store
                    .load_remembered(&roadmap.id, &remembering)
                    .expect("load");
                let summary = summarize(black_box(&roadmap), &progress, &now);
                let queue = Queue::build(&roadmap, &progress, &now, Settings::default());
                damaged + status(&summary, &now, Look::PLAIN).len() + queue.due().count()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bundled, hundred_thousand, reviews);
criterion_main!(benches);
