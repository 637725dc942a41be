//! Loading and validating roadmaps: the bundled one and a 100,000-milestone one.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use trek::roadmap::{RoadmapSource, load, parse, synthetic};

fn bundled(c: &mut Criterion) {
    let text = include_str!("../roadmap.toml");
    c.bench_function("parse and validate the bundled roadmap", |b| {
        b.iter(|| parse("roadmap.toml", black_box(text.as_bytes())).expect("bundled roadmap loads"))
    });
    c.bench_function("load the bundled roadmap, remembered", |b| {
        b.iter(|| load(black_box(&RoadmapSource::Bundled)).expect("bundled roadmap loads"))
    });
}

fn hundred_thousand_milestones(c: &mut Criterion) {
    let text = synthetic(100, 100, 10);
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("load 100k milestones", |b| {
        b.iter(|| parse("synthetic", black_box(text.as_bytes())).expect("synthetic roadmap loads"))
    });
    group.finish();
}

criterion_group!(benches, bundled, hundred_thousand_milestones);
criterion_main!(benches);
