//! Full analysis speed: one ~900-word dispatch, single-threaded, gazetteer
//! loaded. `cargo bench --bench analysis`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::analysis::{Analysis, DateHint};
use sitrep::gazetteer::Gazetteer;

const FEATURE: &str = include_str!("../tests/dispatches/feature-ukraine-chronology.txt");
const WIRE: &str = include_str!("../assets/sample-dispatch.txt");

fn analysis(c: &mut Criterion) {
    let gaz = Gazetteer::bundled().unwrap();
    let words = FEATURE.split_whitespace().count();
    assert!(words > 850, "{words} words");
    // Check the answer before timing it.
    let a = Analysis::run("feature", FEATURE.to_owned(), DateHint::Detect, None, &gaz);
    assert!(
        a.places.mentions.len() >= 50,
        "{} places",
        a.places.mentions.len()
    );
    assert!(a.times.len() >= 20, "{} times", a.times.len());
    assert!(a.events.len() >= 20, "{} events", a.events.len());

    let mut g = c.benchmark_group("analysis");
    g.bench_function(format!("feature dispatch ({words} words)"), |b| {
        b.iter(|| {
            Analysis::run(
                "f",
                black_box(FEATURE).to_owned(),
                DateHint::Detect,
                None,
                &gaz,
            )
        });
    });
    g.bench_function("wire sample (700 words)", |b| {
        b.iter(|| {
            Analysis::run(
                "w",
                black_box(WIRE).to_owned(),
                DateHint::Detect,
                None,
                &gaz,
            )
        });
    });
    let text = FEATURE.to_owned();
    g.bench_function("document only", |b| {
        b.iter(|| sitrep::text::Document::new(black_box(text.clone())));
    });
    let doc = sitrep::text::Document::new(text.clone());
    g.bench_function("places only", |b| {
        b.iter(|| sitrep::places::find_places(black_box(&doc), &gaz));
    });
    // The language layer alone: tags, parse and names of every sentence.
    let model = sitrep::lang::Model::bundled().unwrap();
    let ann = sitrep::lang::Annotation::new(&doc, model, Some(&gaz));
    assert_eq!(ann.tokens.len(), doc.tokens.len());
    assert!(ann.names.len() >= 40, "{} names", ann.names.len());
    g.throughput(criterion::Throughput::Elements(doc.tokens.len() as u64));
    g.bench_function(
        format!("language layer ({} tokens)", doc.tokens.len()),
        |b| {
            b.iter(|| sitrep::lang::Annotation::new(black_box(&doc), model, Some(&gaz)));
        },
    );
    g.throughput(criterion::Throughput::Elements(1));
    g.bench_function("language model load and check", |b| {
        let bytes = std::fs::read("assets/lang/sitrep-lang.bin").unwrap();
        b.iter(|| sitrep::lang::Model::from_bytes(black_box(bytes.clone()), "m").unwrap());
    });
    g.bench_function("times only", |b| {
        b.iter(|| sitrep::time::find_times(black_box(&doc.text), a.date.date));
    });
    g.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
