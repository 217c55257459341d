//! Fits the place confidence model (`src/places/confidence.rs`) on gold
//! toponym corpora and prints how well its probabilities hold.
//!
//! ```text
//! cargo run --release --example fit_confidence -- \
//!     ../shared/eval/gwn.jsonl ../shared/eval/trnews.jsonl [--write]
//! ```
//!
//! With `SITREP_GAZETTEER=FILE` it reads that gazetteer file instead of the
//! bundled one (to compare a rebuilt gazetteer before bundling it).
//!
//! Each corpus line is `{"id", "text", "toponyms": [{"start", "end", "lat",
//! "lon", "geonameid"}, ...]}` with character offsets. Every place sitrep
//! reports (with no confidence floor) is an example: **right** when a gold
//! toponym overlapping it is the same GeoNames entry, lies within 161 km of
//! the chosen entry, or (for a country, state or region) inside its extent
//! (the corpora put Canada at a point 900 km from sitrep's), **wrong** when
//! a gold toponym overlaps it otherwise or none overlaps it. An adjective
//! no gold toponym overlaps is left out (the corpora do not mark every
//! demonym), as is one whose gold toponym has no coordinates.
//!
//! An ACLED file (lines with an `"event"` holding the coded `country`) gives
//! weaker labels, since its notes mark no spans: a place in the event's
//! country, or a country or region, is **right**; a place elsewhere is
//! **wrong** (notes are about one country; a namesake inside it is counted
//! right, which the gold cannot tell). It brings conflict reporting's
//! short notes and transliterated names into the fit.
//!
//! The model is an L2-regularised logistic regression fitted by Newton's
//! method, deterministic (no sampling). The tool prints, for each corpus, a
//! reliability table of the model fitted on the *other* corpus (held out),
//! then the tables of the model fitted on both, and of the shipped weights.
//! `--write` writes the model fitted on both to
//! `assets/places/confidence.tsv`, with the held-out tables in its header.

// Matrix arithmetic reads as the textbook writes it, with indices.
#![allow(clippy::needless_range_loop)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::BufRead;

use anyhow::Context as _;
use serde_json::Value;
use sitrep::gazetteer::{Gazetteer, PlaceKind};
use sitrep::lang::{Annotation, Model};
use sitrep::places::confidence::{self, Evidence, FEATURES, N, Weights};
use sitrep::places::{PlaceOptions, find_places_in_with, map_point};
use sitrep::text::Document;

/// Distance within which a resolution counts as right (100 miles, the
/// usual geoparsing threshold and `score.py`'s).
const RIGHT_KM: f64 = 161.0;
/// Examples a single reading weighs at most in the fit.
const MAX_REPEATS: f64 = 5.0;
/// L2 penalty.
const LAMBDA: f64 = 1.0;
/// Features no corpus shows, with the weight they are given instead:
/// an analyst's overlay place is the analyst's own word.
const FIXED: &[(&str, f64)] = &[("kind_user", 4.0)];

struct Gold {
    start: usize,
    end: usize,
    point: Option<(f64, f64)>,
    geonameid: Option<u64>,
}

struct Example {
    /// "surface -> entry, country", for `--list`.
    what: String,
    x: [f32; N],
    right: bool,
    /// Kept whatever its probability (adjective, dateline, overlay place,
    /// supported by its context).
    kept: bool,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let write = args.iter().any(|a| a == "--write");
    // `--list FEATURE`: print the examples showing FEATURE, with their labels.
    let list = args
        .iter()
        .position(|a| a == "--list")
        .and_then(|i| args.get(i + 1))
        .and_then(|f| FEATURES.iter().position(|n| n == f));
    let files: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|&(i, a)| !a.starts_with("--") && (i == 0 || args[i - 1] != "--list"))
        .map(|(_, a)| a)
        .collect();
    anyhow::ensure!(
        !files.is_empty(),
        "usage: fit_confidence CORPUS.jsonl... [--write]"
    );
    // Another gazetteer file (to compare a rebuilt one with the bundled one).
    let gaz = match std::env::var_os("SITREP_GAZETTEER") {
        Some(path) => Gazetteer::open(std::path::Path::new(&path))?,
        None => Gazetteer::bundled()?,
    };
    let model = Model::bundled()?;
    let mut corpora: Vec<(String, Vec<Example>)> = Vec::new();
    for f in &files {
        let ex = examples(f, &gaz, model).with_context(|| format!("cannot read {f}"))?;
        let name = std::path::Path::new(f.as_str())
            .file_stem()
            .map_or_else(|| f.to_string(), |s| s.to_string_lossy().into_owned());
        let right = ex.iter().filter(|e| e.right).count();
        println!("{name}: {} examples, {right} right", ex.len());
        if let Some(f) = list {
            for e in ex.iter().filter(|e| e.x[f] > 0.0) {
                println!("  {} {}", if e.right { "right" } else { "WRONG" }, e.what);
            }
        }
        corpora.push((name, ex));
    }
    let mut report = String::new();
    if corpora.len() > 1 {
        for (k, (name, ex)) in corpora.iter().enumerate() {
            let rest: Vec<&Example> = corpora
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != k)
                .flat_map(|(_, c)| &c.1)
                .collect();
            let w = fit(&rest);
            let _ = writeln!(report, "held out: {name}, fitted on the others");
            report.push_str(&table(&w, ex.iter()));
        }
    }
    let all: Vec<&Example> = corpora.iter().flat_map(|c| &c.1).collect();
    let w = fit(&all);
    print!("{report}");
    for (name, ex) in &corpora {
        println!("fitted on all, in-sample: {name}");
        print!("{}", table(&w, ex.iter()));
    }
    for (name, ex) in &corpora {
        let _ = writeln!(report, "before the model (the old margin formula): {name}");
        report.push_str(&table_of(ex.iter().map(|e| (e, margin_only(e)))));
    }
    for (name, ex) in &corpora {
        println!("shipped weights: {name}");
        print!("{}", table(&confidence::WEIGHTS, ex.iter()));
    }
    println!("weights fitted on all:");
    for (f, v) in FEATURES.iter().zip(w.0) {
        println!("  {f:<22}{v:+.3}");
    }
    if write {
        let header = format!(
            "Place confidence: logistic weights, one per feature of\n\
             src/places/confidence.rs. Written by\n\
             `cargo run --release --example fit_confidence -- \
             ../shared/eval/gwn.jsonl ../shared/eval/trnews.jsonl ../shared/eval/acled-dev.jsonl --write`\n\
             from {} examples (GeoWebNews, TR-News and ACLED development files; labels\n\
             in benches/tools/fit_confidence.rs). Do not edit by hand.\n\n{report}",
            all.len()
        );
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/places/confidence.tsv");
        std::fs::write(path, confidence::format(&w, &header))
            .with_context(|| format!("cannot write {path}"))?;
        println!("wrote {path}");
    }
    Ok(())
}

fn examples(path: &str, gaz: &Gazetteer, model: &Model) -> anyhow::Result<Vec<Example>> {
    let opt = PlaceOptions {
        min_confidence: 0.0,
        ..PlaceOptions::default()
    };
    let file = std::fs::File::open(path)?;
    let mut out = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let text = v["text"].as_str().unwrap_or("").to_owned();
        let gold: Vec<Gold> = v["toponyms"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| {
                        let s = usize::try_from(t["start"].as_u64()?).ok()?;
                        let e = usize::try_from(t["end"].as_u64()?).ok()?;
                        let point = t["lat"].as_f64().zip(t["lon"].as_f64());
                        let geonameid = t["geonameid"].as_u64();
                        Some(Gold {
                            start: s,
                            end: e,
                            point,
                            geonameid,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let event_country = v["event"]["country"].as_str().map(str::to_owned);
        let doc = Document::new(text);
        let ann = Annotation::new(&doc, model, Some(gaz));
        let found = find_places_in_with(&doc, &ann, gaz, &opt);
        for m in &found.mentions {
            let Some(place) = m.place.and_then(|id| gaz.get(id)) else {
                continue;
            };
            // As saved on the mention (within a step of 1/65535 of what
            // the confidence was computed from).
            let evidence = m.evidence.evidence();
            let dateline = evidence.get("dateline") > 0.0;
            // As `places::resolve` keeps them whatever their probability.
            let supported = evidence.supported() || !evidence.against();
            let kept = m.adjectival || dateline || supported || place.kind == PlaceKind::User;
            if let Some(country) = &event_country {
                if m.adjectival {
                    continue;
                }
                let in_country = place
                    .country
                    .and_then(|c| gaz.country(c))
                    .is_some_and(|c| c.name.eq_ignore_ascii_case(country));
                out.push(Example {
                    what: what(&doc, m, &place),
                    x: evidence.values,
                    right: in_country
                        || matches!(place.kind, PlaceKind::Country | PlaceKind::Region),
                    kept,
                });
                continue;
            }
            let (s, e) = doc.char_span(m.span);
            let over: Vec<&Gold> = gold.iter().filter(|g| g.start < e && s < g.end).collect();
            let right = if over.is_empty() {
                if m.adjectival {
                    continue;
                }
                false
            } else {
                let same = |g: &&Gold| {
                    g.geonameid.is_some() && g.geonameid == place.geonameid.map(u64::from)
                };
                if over.iter().any(same) {
                    true
                } else {
                    let with_point: Vec<(f64, f64)> = over.iter().filter_map(|g| g.point).collect();
                    if with_point.is_empty() {
                        continue;
                    }
                    let (lat, lon) = map_point(&place);
                    let extent = match place.kind {
                        PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Region => place.bbox,
                        _ => None,
                    };
                    with_point.iter().any(|&(la, lo)| {
                        km(lat, lon, la, lo) <= RIGHT_KM
                            || extent.is_some_and(|b| b.contains(la, lo))
                    })
                }
            };
            out.push(Example {
                what: what(&doc, m, &place),
                x: evidence.values,
                right,
                kept,
            });
        }
    }
    Ok(out)
}

fn what(
    doc: &Document,
    m: &sitrep::places::PlaceMention,
    p: &sitrep::gazetteer::Place<'_>,
) -> String {
    format!(
        "{} -> {}, {}",
        &doc.text[m.span.range()],
        p.name,
        p.country.unwrap_or("-")
    )
}

fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().min(1.0).asin()
}

/// Newton's method on the L2-penalised log-loss (the bias unpenalised).
/// Each reading ("Taliban -> Bozhüyük, TR") weighs at most [`MAX_REPEATS`]
/// examples' worth, so a few gazetteer oddities repeated across a corpus do
/// not set the weights for every town.
fn fit(ex: &[&Example]) -> Weights {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for e in ex {
        *count.entry(e.what.as_str()).or_default() += 1;
    }
    #[allow(clippy::cast_precision_loss)]
    let weight = |e: &Example| (MAX_REPEATS / count[e.what.as_str()] as f64).min(1.0);
    let fixed: HashMap<usize, f64> = FIXED
        .iter()
        .filter_map(|(n, v)| FEATURES.iter().position(|f| f == n).map(|i| (i, *v)))
        .collect();
    let mut w = [0.0f64; N];
    for (&i, &v) in &fixed {
        w[i] = v;
    }
    for _ in 0..50 {
        let mut g = [0.0f64; N];
        let mut h = vec![[0.0f64; N]; N];
        for e in ex {
            let x: Vec<f64> = e.x.iter().map(|&v| f64::from(v)).collect();
            let z: f64 = w.iter().zip(&x).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = if e.right { 1.0 } else { 0.0 };
            let c = weight(e);
            let r = c * p * (1.0 - p);
            for i in 0..N {
                g[i] += c * (p - y) * x[i];
                if x[i] != 0.0 {
                    for j in 0..N {
                        h[i][j] += r * x[i] * x[j];
                    }
                }
            }
        }
        for i in 1..N {
            g[i] += LAMBDA * w[i];
            h[i][i] += LAMBDA;
        }
        h[0][0] += 1e-9;
        // Fixed features do not move.
        for &i in fixed.keys() {
            g[i] = 0.0;
            for j in 0..N {
                h[i][j] = 0.0;
                h[j][i] = 0.0;
            }
            h[i][i] = 1.0;
        }
        let step = solve(h, g);
        let mut change = 0.0f64;
        for i in 0..N {
            w[i] -= step[i];
            change = change.max(step[i].abs());
        }
        if change < 1e-6 {
            break;
        }
    }
    #[allow(clippy::cast_possible_truncation)]
    Weights(w.map(|v| v as f32))
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<[f64; N]>, mut b: [f64; N]) -> [f64; N] {
    for c in 0..N {
        let piv = (c..N)
            .max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))
            .unwrap_or(c);
        a.swap(c, piv);
        b.swap(c, piv);
        let d = a[c][c];
        if d.abs() < 1e-12 {
            continue;
        }
        for r in 0..N {
            if r != c {
                let f = a[r][c] / d;
                if f != 0.0 {
                    for k in c..N {
                        a[r][k] -= f * a[c][k];
                    }
                    b[r] -= f * b[c];
                }
            }
        }
    }
    let mut x = [0.0; N];
    for i in 0..N {
        if a[i][i].abs() >= 1e-12 {
            x[i] = b[i] / a[i][i];
        }
    }
    x
}

/// A reliability table: per probability bin, the examples and the share right;
/// then the share right at >= 0.9 and what a floor would drop.
fn table<'a>(w: &Weights, ex: impl Iterator<Item = &'a Example>) -> String {
    table_of(ex.map(|e| (e, confidence::probability(w, &Evidence { values: e.x }))))
}

/// The formula sitrep's confidence used before this model, `1 - e^-margin
/// / 2` (margin 3 for a lone candidate, times 0.7 for a misspelling), on
/// the same evidence; the margin is now over the best rival elsewhere, so
/// this is close to, not exactly, what earlier versions printed.
fn margin_only(e: &Example) -> f32 {
    let get = |n: &str| e.x[FEATURES.iter().position(|f| *f == n).unwrap_or(0)];
    let margin = if get("lone_candidate") > 0.0 {
        3.0
    } else {
        get("margin") * 5.0
    };
    let c = 1.0 - 0.5 * (-margin).exp();
    if get("fuzzy") > 0.0 { c * 0.7 } else { c }
}

fn table_of<'a>(ex: impl Iterator<Item = (&'a Example, f32)>) -> String {
    const BINS: [f32; 10] = [0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001];
    let ex: Vec<(&Example, f32)> = ex.collect();
    let mut out = String::from("| probability | places | right | mean p |\n|---|---:|---:|---:|\n");
    for b in BINS.windows(2) {
        let inb: Vec<&(&Example, f32)> =
            ex.iter().filter(|(_, p)| *p >= b[0] && *p < b[1]).collect();
        if inb.is_empty() {
            continue;
        }
        #[allow(clippy::cast_precision_loss)]
        let n = inb.len() as f32;
        #[allow(clippy::cast_precision_loss)]
        let right = inb.iter().filter(|(e, _)| e.right).count() as f32 / n;
        let mean = inb.iter().map(|(_, p)| p).sum::<f32>() / n;
        let _ = writeln!(
            out,
            "| {:.2}-{:.2} | {} | {right:.3} | {mean:.3} |",
            b[0],
            b[1].min(1.0),
            inb.len()
        );
    }
    let hi: Vec<_> = ex.iter().filter(|(_, p)| *p >= 0.9).collect();
    #[allow(clippy::cast_precision_loss)]
    let hi_right = hi.iter().filter(|(e, _)| e.right).count() as f32 / hi.len().max(1) as f32;
    let _ = writeln!(out, "at >= 0.9: {} places, {hi_right:.3} right", hi.len());
    for t in [0.1, 0.2, 0.3] {
        let dropped: Vec<_> = ex.iter().filter(|(e, p)| !e.kept && *p < t).collect();
        let wrong = dropped.iter().filter(|(e, _)| !e.right).count();
        let _ = writeln!(
            out,
            "floor {t}: drops {} places, {wrong} of them wrong",
            dropped.len()
        );
    }
    out.push('\n');
    out
}
