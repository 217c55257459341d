//! Times `find_places` on each of the project's dispatches (release):
//! `cargo run --release --example places_timing`.

use std::time::Instant;

use sitrep::gazetteer::Gazetteer;
use sitrep::places::find_places;
use sitrep::text::Document;

fn main() {
    let gaz = Gazetteer::bundled().expect("bundled gazetteer");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dispatches");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/dispatches")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("readable dispatch");
        let words = text.split_whitespace().count();
        let doc = Document::new(text);
        let n = 200;
        let t = Instant::now();
        let mut found = 0;
        for _ in 0..n {
            found = find_places(&doc, &gaz).mentions.len();
        }
        let us = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
        println!(
            "{:32} {words:5} words {found:3} places {us:8.1} µs",
            path.file_stem().unwrap_or_default().to_string_lossy()
        );
    }
}
