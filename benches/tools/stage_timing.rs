//! Times each analysis stage on one file: `cargo run --release --example stage_timing FILE`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let text = std::fs::read_to_string(path).expect("readable");
    let gaz = sitrep::gazetteer::Gazetteer::bundled().expect("gazetteer");
    let date = chrono::NaiveDate::from_ymd_opt(2016, 3, 24);
    let t = Instant::now();
    let doc = sitrep::text::Document::new(text);
    println!("document {:?}", t.elapsed());
    let t = Instant::now();
    let times = sitrep::time::find_times(&doc.text, date);
    println!("times {:?} ({})", t.elapsed(), times.len());
    let t = Instant::now();
    let places = sitrep::places::find_places(&doc, &gaz);
    println!("places {:?} ({})", t.elapsed(), places.mentions.len());
    let t = Instant::now();
    let events = sitrep::events::find_events(&doc, &places.mentions, &times, date, &gaz);
    println!("events {:?} ({})", t.elapsed(), events.len());
}
