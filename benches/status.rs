//! `trek status` without the process: summarising and rendering progress.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{Timestamp, Zoned};
use synthetic::synthetic;
use trek::progress::summarize;
use trek::report::{Look, ReviewJson, status, status_json};
use trek::review::{Queue, Settings};
use trek::roadmap::{Address, RoadmapSource, load, parse};
use trek::store::{State, Store};

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

criterion_group!(benches, bundled, hundred_thousand);
criterion_main!(benches);
