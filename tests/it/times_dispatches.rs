//! Time expressions and article dates of the project's own dispatches
//! against their goldens (`tests/dispatches/*.expect.json`).
//!
//! A golden time is found when a system time overlaps its `core` (or
//! `text`); its value is right when it equals `value` or one of
//! `alt_values` (for the undated dispatch: `underspecified`, or any
//! unresolved value).

use std::path::Path;

use serde_json::Value;
use sitrep::analysis::{Analysis, DateHint};
use sitrep::gazetteer::Gazetteer;
use sitrep::time::Anchor;

struct Score {
    gold: usize,
    found: usize,
    right: usize,
}

fn score_dispatch(name: &str, gaz: &Gazetteer, misses: &mut Vec<String>) -> Score {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dispatches");
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.expect.json"))).unwrap(),
    )
    .unwrap();
    let a = Analysis::run(name, text, DateHint::Detect, None, gaz);

    // The article date and where it came from.
    let want_date = gold["date"].as_str();
    let got_date = a.date.date.map(|d| d.to_string());
    assert_eq!(got_date.as_deref(), want_date, "{name}: article date");

    let chars: Vec<char> = a.doc.text.chars().collect();
    let mut s = Score {
        gold: 0,
        found: 0,
        right: 0,
    };
    for t in gold["times"].as_array().unwrap() {
        s.gold += 1;
        let full = t["text"].as_str().unwrap();
        let core = t["core"].as_str().unwrap_or(full);
        let start = t["start"].as_u64().unwrap() as usize
            + full.find(core).map_or(0, |b| full[..b].chars().count());
        let end = start + core.chars().count();
        assert_eq!(
            chars[start..end].iter().collect::<String>(),
            core,
            "{name}: golden offsets"
        );
        let hit = a.times.iter().find(|m| {
            let (ms, me) = a.doc.char_span(m.span);
            ms < end && start < me
        });
        let Some(m) = hit else {
            misses.push(format!("{name}: missed {full:?}"));
            continue;
        };
        s.found += 1;
        let ok = match t["value"].as_str() {
            Some(v) => {
                m.value == v
                    || t["alt_values"].as_array().is_some_and(|alts| {
                        alts.iter().any(|x| x.as_str() == Some(m.value.as_str()))
                    })
            }
            // No value: an unresolved (relative, undated) expression.
            None => {
                m.anchor == Anchor::Unresolved
                    || t["underspecified"].as_str() == Some(m.value.as_str())
            }
        };
        if ok {
            s.right += 1;
        } else {
            misses.push(format!(
                "{name}: {full:?} -> {} (want {})",
                m.value,
                t["value"]
                    .as_str()
                    .or(t["underspecified"].as_str())
                    .unwrap_or("?")
            ));
        }
    }
    s
}

#[test]
fn dispatch_time_goldens() {
    let gaz = Gazetteer::bundled().unwrap();
    let mut misses = Vec::new();
    let mut total = Score {
        gold: 0,
        found: 0,
        right: 0,
    };
    // Every dispatch with goldens, so a new one is checked without listing it here.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dispatches");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".expect.json").map(str::to_owned))
        .collect();
    names.sort();
    assert!(names.len() >= 7, "{names:?}");
    for name in &names {
        let s = score_dispatch(name, &gaz, &mut misses);
        println!(
            "{name:28} gold {:3}  found {:3}  right {:3}",
            s.gold, s.found, s.right
        );
        total.gold += s.gold;
        total.found += s.found;
        total.right += s.right;
    }
    let recall = total.found as f64 / total.gold as f64;
    let value = total.right as f64 / total.gold as f64;
    println!(
        "TOTAL gold {} found {} ({:.1}%) right value {} ({:.1}%)",
        total.gold,
        total.found,
        recall * 100.0,
        total.right,
        value * 100.0
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(recall >= THRESHOLD_FOUND, "recall {recall:.3}");
    assert!(value >= THRESHOLD_VALUE, "value accuracy {value:.3}");
}

const THRESHOLD_FOUND: f64 = 0.92;
const THRESHOLD_VALUE: f64 = 0.86;
