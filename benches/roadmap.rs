//! Loading and validating roadmaps: the bundled one, and one of 10,000
//! milestones (10 phases of 100 topics of 10), which must parse in at most
//! 40 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use synthetic::synthetic;
use trek::roadmap::{RoadmapSource, load, parse};

#[path = "../tests/fixtures/synthetic.rs"]
mod synthetic;

fn bundled(c: &mut Criterion) {
    let text = include_str!("../roadmap.toml");
    c.bench_function("parse and validate the bundled roadmap", |b| {
        b.iter(|| parse("roadmap.toml", black_box(text.as_bytes())).expect("bundled roadmap loads"))
    });
    c.bench_function("load the bundled roadmap", |b| {
        b.iter(|| load(black_box(&RoadmapSource::Bundled)).expect("bundled roadmap loads"))
    });
}

fn ten_thousand_milestones(c: &mut Criterion) {
    let text = synthetic(10, 100, 10);
    let mut group = c.benchmark_group("large");
    group.sample_size(20);
    group.bench_function("parse and validate 10k milestones", |b| {
        b.iter(|| parse("synthetic", black_box(text.as_bytes())).expect("synthetic roadmap loads"))
    });
    group.finish();
}

criterion_group!(benches, bundled, ten_thousand_milestones);
criterion_main!(benches);
