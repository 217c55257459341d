//! Speed of the language layer on one core (release):
//! `cargo run --release --example lang_speed -- FILE...` prints tokens per
//! second for tagging + parsing + names, and for each part alone.

use std::time::Instant;

use sitrep::gazetteer::Gazetteer;
use sitrep::lang::{Annotation, Model};
use sitrep::text::Document;

fn main() {
    let gaz = Gazetteer::bundled().expect("gazetteer");
    let t = Instant::now();
    let model = Model::bundled().expect("model");
    println!(
        "model load and check: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let files: Vec<String> = std::env::args().skip(1).collect();
    let docs: Vec<Document> = files
        .iter()
        .map(|f| Document::new(std::fs::read_to_string(f).expect("readable file")))
        .collect();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    // One untimed pass first: the first touches of the model's and the
    // gazetteer's pages (page faults, cold caches) are start-up, not speed.
    for d in &docs {
        let _ = Annotation::new(d, model, Some(&gaz));
    }
    for (label, gaz) in [("with gazetteer features", Some(&gaz)), ("without", None)] {
        let t = Instant::now();
        let mut names = 0;
        for d in &docs {
            names += Annotation::new(d, model, gaz).names.len();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "{label}: {tokens} tokens, {names} names in {s:.3} s: {:.0} tokens/s",
            tokens as f64 / s
        );
    }
}
