//! Gazetteer speed: loading the bundled file, looking names up, nearest.
//!
//! `cargo bench --bench gazetteer`. Each bench first checks its answer, so a
//! fast wrong answer cannot pass.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::gazetteer::Gazetteer;

fn load(c: &mut Criterion) {
    let bytes = Gazetteer::bundled_bytes().expect("a bundled gazetteer");
    let gaz = Gazetteer::from_static(bytes, "bundled").unwrap();
    assert!(gaz.len() > 170_000, "{} places", gaz.len());
    let mut g = c.benchmark_group("gazetteer");
    g.sample_size(20);
    g.bench_function("load bundled (checksums + validation)", |b| {
        b.iter(|| Gazetteer::from_static(black_box(bytes), "bundled").unwrap());
    });
    g.finish();
}

fn lookup(c: &mut Criterion) {
    let gaz = Gazetteer::bundled().unwrap();
    // (name, expected first candidate, expected number of candidates at least)
    let cases = [
        ("Palmyra", "Tadmur", 5),
        ("Washington", "Washington", 15),
        ("Syrian", "Syria", 1),
        ("Ar-Raqqah", "Ar Raqqah", 1),
        ("Middle East", "Middle East", 1),
        ("Henry County", "Henry County", 9),
        ("Tenn.", "Tennessee", 1),
    ];
    for (name, first, at_least) in cases {
        let found = gaz.lookup(name);
        assert_eq!(found[0].place.name, first, "{name}");
        assert!(found.len() >= at_least, "{name}: {}", found.len());
    }
    let mut g = c.benchmark_group("lookup");
    for (name, _, _) in cases {
        g.bench_function(name, |b| b.iter(|| gaz.lookup(black_box(name))));
    }
    g.bench_function("miss (Xyzzyville)", |b| {
        b.iter(|| gaz.lookup(black_box("Xyzzyville")));
    });
    g.bench_function("contains_key (palmyra)", |b| {
        b.iter(|| gaz.contains_key(black_box("palmyra")));
    });
    g.finish();
}

fn nearest(c: &mut Criterion) {
    let gaz = Gazetteer::bundled().unwrap();
    assert_eq!(gaz.nearest(34.56, 38.27).unwrap().0.name, "Tadmur");
    let mut g = c.benchmark_group("nearest");
    g.bench_function("Palmyra (dense)", |b| {
        b.iter(|| gaz.nearest(black_box(34.56), black_box(38.27)));
    });
    g.bench_function("mid-Pacific (sparse)", |b| {
        b.iter(|| gaz.nearest(black_box(-20.0), black_box(-140.0)));
    });
    g.finish();
}

criterion_group!(benches, load, lookup, nearest);
criterion_main!(benches);
