//! Runs `sitrep::time::find_times` over a gold-format JSONL corpus on stdin and
//! writes system JSONL (character offsets) on stdout; timing goes to stderr.
//!
//! `cargo run --release --example timex_eval < gold.jsonl > sys.jsonl`

use std::io::{BufRead, Write};
use std::time::Instant;

use chrono::NaiveDate;
use serde_json::{Value, json};
use sitrep::CharOffsets;
use sitrep::time::find_times;

fn main() -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let mut docs = Vec::new();
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let id = v["id"].clone();
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let dct = v["dct"]
            .as_str()
            .or_else(|| v["date"].as_str())
            .and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok());
        docs.push((id, text, dct));
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    for (id, text, dct) in &docs {
        let offs = CharOffsets::new(text);
        let timexes: Vec<Value> = find_times(text, *dct)
            .iter()
            .map(|m| {
                let (s, e) = offs.span(m.span);
                json!({"start": s, "end": e, "text": &text[m.span.range()], "type": m.kind, "value": m.value,
                       "reason": m.reason})
            })
            .collect();
        writeln!(out, "{}", json!({"id": id, "timexes": timexes}))?;
    }
    // timing: repeat the whole corpus until ~0.5 s has passed
    let words: usize = docs.iter().map(|d| d.1.split_whitespace().count()).sum();
    let start = Instant::now();
    let mut rounds = 0u32;
    let mut found = 0usize;
    while start.elapsed().as_secs_f64() < 0.5 {
        for (_, text, dct) in &docs {
            found += find_times(text, *dct).len();
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let per_doc = secs * 1e6 / f64::from(rounds) / docs.len().max(1) as f64;
    let per_900 = secs * 1e6 / f64::from(rounds) / words.max(1) as f64 * 900.0;
    eprintln!(
        "{} docs, {:.0} words/doc: {:.1} us/doc, {:.1} us per 900 words ({} mentions/round)",
        docs.len(),
        words as f64 / docs.len().max(1) as f64,
        per_doc,
        per_900,
        found / rounds.max(1) as usize
    );
    Ok(())
}
