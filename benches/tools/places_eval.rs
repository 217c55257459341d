//! Runs the place finder over a gold JSONL corpus (one `{"id", "text", ...}`
//! per line on stdin) and writes one `{"id", "toponyms": [...]}` line per
//! document on stdout, with character offsets, for `score.py`.
//!
//! ```text
//! cargo run --release --example places_eval \
//!     < ../shared/eval/gwn.jsonl > /tmp/gwn.sys.jsonl [--explain]
//! ```
//!
//! Places are read as the app reads them, with the language layer. `--explain`
//! adds each mention's reason, flags and the evidence that moved its
//! confidence most; `--all` also writes the mentions below the confidence
//! floor. The time spent in `find_places_in` (not in
//! `Document::new`, the language layer or I/O) is reported on stderr.

use std::io::{BufRead, Write};
use std::time::Instant;

use serde_json::{Value, json};
use sitrep::gazetteer::Gazetteer;
use sitrep::lang::{Annotation, Model};
use sitrep::places::{PlaceOptions, find_places_in_with, map_point};
use sitrep::text::Document;

fn main() -> anyhow::Result<()> {
    let explain = std::env::args().any(|a| a == "--explain");
    // `--all`: also the mentions the confidence floor drops.
    let opt = PlaceOptions {
        min_confidence: if std::env::args().any(|a| a == "--all") {
            0.0
        } else {
            PlaceOptions::default().min_confidence
        },
        ..PlaceOptions::default()
    };
    let gaz = Gazetteer::bundled()?;
    let model = Model::bundled()?;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut total = std::time::Duration::ZERO;
    let mut docs = 0usize;
    let mut words = 0usize;
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let id = v.get("id").cloned().unwrap_or(Value::Null);
        let text = v
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let doc = Document::new(text);
        let ann = Annotation::new(&doc, model, Some(&gaz));
        let t0 = Instant::now();
        let found = find_places_in_with(&doc, &ann, &gaz, &opt);
        total += t0.elapsed();
        docs += 1;
        words += doc.text.split_whitespace().count();
        let toponyms: Vec<Value> = found
            .mentions
            .iter()
            .map(|m| {
                let (start, end) = doc.char_span(m.span);
                let place = m.place.and_then(|id| gaz.get(id));
                let point = place.as_ref().map(map_point);
                let mut t = json!({
                    "start": start,
                    "end": end,
                    "text": &doc.text[m.span.range()],
                    "lat": point.map(|p| p.0),
                    "lon": point.map(|p| p.1),
                    "geonameid": place.and_then(|p| p.geonameid),
                });
                if explain {
                    t["name"] = json!(place.map(|p| p.name));
                    t["country"] = json!(place.and_then(|p| p.country));
                    t["reason"] = json!(m.reason);
                    t["adjectival"] = json!(m.adjectival);
                    t["metonymy"] = json!(m.metonymy);
                    t["fuzzy"] = json!(m.fuzzy);
                    t["confidence"] = json!(m.confidence);
                    t["evidence"] = json!(
                        m.evidence
                            .evidence()
                            .strongest(8)
                            .iter()
                            .map(|(label, c)| format!("{label} {c:+.2}"))
                            .collect::<Vec<_>>()
                    );
                }
                t
            })
            .collect();
        writeln!(out, "{}", json!({"id": id, "toponyms": toponyms}))?;
    }
    out.flush()?;
    if docs > 0 {
        #[allow(clippy::cast_precision_loss)]
        let per_doc = total.as_secs_f64() * 1e6 / docs as f64;
        #[allow(clippy::cast_precision_loss)]
        let per_900 = total.as_secs_f64() * 1e6 / words.max(1) as f64 * 900.0;
        eprintln!(
            "find_places_in: {docs} docs, {per_doc:.1} µs per document, {per_900:.1} µs per 900 words"
        );
    }
    Ok(())
}
